// The real digicoach window as a process under the test's X server: how it ends when the
// system asks it to.
#include "model/store.hpp"
#include "processes.hpp"

#include <doctest/doctest.h>

#include <signal.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <thread>

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

TEST_CASE("the idle window ends cleanly within a second of SIGTERM or SIGINT") {
    TempFolder folder;
    const std::string db = (folder.path / "coach.db").string();
    {
        dc::Store store = dc::Store::open(db);
        store.protect("lange wachtwoordzin", dc::KdfLimits::minimum());
    }
    for (const int signal : {SIGTERM, SIGINT}) {
        CAPTURE(signal);
        dc::test::ChildProcess window({"/usr/bin/env", "DIGICOACH_REPORT_FIRST_FRAME=1", "LANG=en_GB.UTF-8",
                                       DC_DIGICOACH_BINARY, "--db", db},
                                      true);
        REQUIRE(window.readLine(60000) == "first frame drawn");
        // The scenario is a window at rest: the frames owed after start are drawn in well
        // under this, and then it sleeps for input or its 5-second heartbeat.
        std::this_thread::sleep_for(std::chrono::milliseconds(700));
        const auto sent = std::chrono::steady_clock::now();
        window.kill(signal);
        // Before, the signal took effect at the next heartbeat, 5 s later; the bound leaves
        // room for a loaded machine and a sanitizer build.
        const std::optional<int> exitCode = window.waitFor(3000);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count();
        REQUIRE_MESSAGE(exitCode.has_value(), "still running " << seconds << " s after the signal");
        CHECK(*exitCode == 0);
        MESSAGE("ended " << seconds << " s after the signal");
    }
}
