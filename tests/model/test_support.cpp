// Fixtures shared by the model tests.
#include "test_support.hpp"

#include "tests/test_environment.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace dc::test {

TempDir::TempDir() {
    std::string pattern = (processTempFolder() / "test-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary folder");
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

World::World() : store(Store::open(dir.file("field.db").string())), ctx{store, clock, ""} {
    ctx.coachId = "seed";
    ReferenceService(ctx).seedDefaults();
    Coach coach;
    coach.name = "Sofie Van Damme";
    REQUIRE(saveRecord(ctx, coach).ok());
    ctx.coachId = coach.meta.id;
}

Participant World::consentedParticipant(const std::string& pseudonym) {
    Participant p;
    p.pseudonym = pseudonym;
    p.consentDate = localDate(kTestNowMs);
    p.consentScopes = {"store"};
    return p;
}

std::string World::addParticipant(const std::string& pseudonym) {
    Participant p = consentedParticipant(pseudonym);
    const SaveResult saved = ParticipantService(ctx).save(p);
    REQUIRE(saved.ok());
    return saved.id;
}

std::string World::addDevice(const std::string& model) {
    Device d;
    d.model = model;
    const SaveResult saved = DeviceService(ctx).save(d);
    REQUIRE(saved.ok());
    return saved.id;
}

std::string readFileBytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

void writeFileBytes(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

}  // namespace dc::test
