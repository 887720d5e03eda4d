// The real digicoach window as a process under the test's X server: how it ends when the
// system asks it to.
#include "model/store.hpp"
#include "processes.hpp"

#include <doctest/doctest.h>

#include <signal.h>
#include <stdlib.h>

#include <filesystem>

namespace fs = std::filesystem;

namespace {

struct TempFolder {
    fs::path path = [] {
        std::string pattern = (fs::temp_directory_path() / "digicoach-window-XXXXXX").string();
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        return fs::path(pattern);
    }();
    ~TempFolder() { fs::remove_all(path); }
};

}  // namespace

TEST_CASE("the idle window is woken by SIGTERM or SIGINT and ends cleanly") {
    TempFolder folder;
    const std::string db = (folder.path / "coach.db").string();
    {
        dc::Store store = dc::Store::open(db);
        store.protect("lange wachtwoordzin", dc::KdfLimits::minimum());
    }
    for (const int signal : {SIGTERM, SIGINT}) {
        CAPTURE(signal);
        // The heartbeat is an hour away, so once at rest only the signal can wake the window.
        dc::test::ChildProcess window({"/usr/bin/env", "DIGICOACH_REPORT_FIRST_FRAME=1",
                                       "DIGICOACH_IDLE_HEARTBEAT_SECONDS=3600", "LANG=en_GB.UTF-8",
                                       DC_DIGICOACH_BINARY, "--db", db},
                                      true);
        REQUIRE(window.readLine(60000) == "first frame drawn");
        REQUIRE(window.readLine(60000) == "at rest, waiting for input");
        window.kill(signal);
        // Only a guard against a hang: a window the signal did not wake sleeps for an hour.
        const std::optional<int> exitCode = window.waitFor(60000);
        REQUIRE_MESSAGE(exitCode.has_value(), "still running a minute after the signal");
        CHECK(*exitCode == 0);
    }
}
