// Shared fixtures: a temporary folder per test and a seeded store with a coach.
#pragma once

#include "model/clock.hpp"
#include "model/services.hpp"
#include "model/store.hpp"

#include <filesystem>
#include <string>

namespace dc::test {

// A fresh folder in this test program's own temporary folder (processTempFolder()),
// removed with everything in it.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::filesystem::path file(const std::string& name) const { return path_ / name; }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// 2023-06-14 10:00 UTC, a Wednesday in the Tax-on-web season.
inline constexpr int64_t kTestNowMs = 1686736800000;

// A migrated, seeded store with one coach acting, on a clock that stands still.
struct World {
    TempDir dir;
    Store store;
    FixedClock clock{kTestNowMs};
    ServiceContext ctx;

    World();
    std::string neighbourhoodId(const char* name) { return seededId("neighbourhood", name); }
    std::string categoryId(const char* top, const char* leaf) {
        return seededId("category", std::string(top) + "/" + leaf);
    }
    std::string targetGroupId(const char* name) { return seededId("target_group", name); }
    std::string addParticipant(const std::string& pseudonym);
    // A participant who consented to their data being stored, as every named person must.
    static Participant consentedParticipant(const std::string& pseudonym);
    std::string addDevice(const std::string& model = "Lenovo ThinkPad T480");
};

std::string readFileBytes(const std::filesystem::path& path);
void writeFileBytes(const std::filesystem::path& path, const std::string& bytes);

}  // namespace dc::test
