// The test date and the per-process temporary folder.
#include "tests/test_environment.hpp"

#include "model/clock.hpp"

#include <cstdlib>
#include <fstream>
#include <ctime>
#include <stdexcept>
#include <string_view>
#include <system_error>

namespace dc::test {
namespace {

std::optional<std::string_view> testDateSetting() {
    const char* value = std::getenv(kTestDateVariable);
    if (!value) return std::nullopt;
    return std::string_view(value);
}

// 10:00 local time on a valid "YYYY-MM-DD": mid-morning, when coaches work, and far from
// midnight and from the night-time DST switch, so local and UTC agree on the date.
int64_t tenOClockLocalMs(std::string_view date) {
    std::tm tm{};
    tm.tm_year = std::stoi(std::string(date.substr(0, 4))) - 1900;
    tm.tm_mon = std::stoi(std::string(date.substr(5, 2))) - 1;
    tm.tm_mday = std::stoi(std::string(date.substr(8, 2)));
    tm.tm_hour = 10;
    tm.tm_isdst = -1;  // whatever the local rules say for that day
    return static_cast<int64_t>(std::mktime(&tm)) * 1000;
}

// Removes the folder at exit: a static's destructor runs after main returns.
struct ProcessTempFolder {
    std::filesystem::path path;
    ProcessTempFolder() {
        std::string pattern = (std::filesystem::temp_directory_path() / "digicoach-tests-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary folder under " + pattern);
        path = pattern;
    }
    ~ProcessTempFolder() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
};

}  // namespace

std::optional<std::string> testDateProblem() {
    const std::optional<std::string_view> date = testDateSetting();
    if (!date) return std::nullopt;
    if (!isValidDate(*date))
        return std::string(kTestDateVariable) + " must be a calendar date written YYYY-MM-DD (e.g. 2028-02-29), not '" +
               std::string(*date) + "'";
    return std::nullopt;
}

int64_t testNowMs() {
    static const int64_t now = [] {
        if (const std::optional<std::string> problem = testDateProblem()) throw std::invalid_argument(*problem);
        const std::optional<std::string_view> date = testDateSetting();
        return date ? tenOClockLocalMs(*date) : SystemClock().nowMs();
    }();
    return now;
}

const std::filesystem::path& processTempFolder() {
    static const ProcessTempFolder folder;
    return folder.path;
}

int64_t damagePageInTheMiddle(const std::filesystem::path& database) {
    std::fstream file(database, std::ios::in | std::ios::out | std::ios::binary);
    if (!file) throw std::runtime_error("cannot open " + database.string());
    // The page size is the big-endian 16-bit number at offset 16 of the header.
    unsigned char sizeBytes[2] = {};
    file.seekg(16);
    file.read(reinterpret_cast<char*>(sizeBytes), 2);
    const int64_t pageSize = sizeBytes[0] == 0 && sizeBytes[1] == 1 ? 65536 : (sizeBytes[0] << 8 | sizeBytes[1]);
    const int64_t pages = static_cast<int64_t>(std::filesystem::file_size(database)) / pageSize;
    if (pages < 3) throw std::runtime_error("too small to damage the middle: " + database.string());
    const int64_t page = pages / 2 + 1;  // 1-based; never page 1, which holds the schema
    const std::string garbage(static_cast<std::size_t>(pageSize), static_cast<char>(0xA5));
    file.seekp((page - 1) * pageSize);
    file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    if (!file.flush()) throw std::runtime_error("cannot write " + database.string());
    return page;
}

}  // namespace dc::test

