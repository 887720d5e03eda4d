// What every test program shares about its surroundings: the moment it takes as "now"
// and the one temporary folder its files go into. Both make a run independent of the
// machine's date and of any other run going on at the same time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace dc::test {

// The environment variable that puts a test run on another date: YYYY-MM-DD.
inline constexpr const char* kTestDateVariable = "DIGICOACH_TEST_DATE";

// "Now" for tests that would otherwise read the wall clock: 10:00 local time on
// DIGICOACH_TEST_DATE, so a run can stand on a leap day, a new year or a DST switch
// without touching the machine's clock. Without the variable: the real current time,
// read once, so today's date is exercised too.
int64_t testNowMs();

// Why DIGICOACH_TEST_DATE cannot be used (not a YYYY-MM-DD calendar date), or nothing
// when it is unset or fine. The test mains check it before any test runs.
std::optional<std::string> testDateProblem();

// This process's own temporary folder, made with mkdtemp on first use and removed with
// everything in it when the program exits: two runs at once never share a file.
const std::filesystem::path& processTempFolder();

// Overwrites one page in the middle of a closed SQLite file with garbage, keeping the
// header and the schema page intact: a file that opens but fails a whole-file check.
// Returns the number of the page it damaged.
int64_t damagePageInTheMiddle(const std::filesystem::path& database);

}  // namespace dc::test
