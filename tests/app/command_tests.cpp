// The digicoach program as a process: exit codes, messages and what happens to the file.
#include "model/store.hpp"
#include "platform/data_paths.hpp"
#include "tests/test_environment.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

namespace fs = std::filesystem;

namespace {

struct ProcessResult {
    int exitCode = -1;
    std::string output;  // stdout and stderr together
};

ProcessResult runDigicoach(const std::string& arguments) {
    const std::string command = std::string("LANG=en_GB.UTF-8 '") + DC_DIGICOACH_BINARY + "' " + arguments + " 2>&1";
    ProcessResult result;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::array<char, 512> buffer{};
    while (fgets(buffer.data(), buffer.size(), pipe)) result.output += buffer.data();
    const int status = pclose(pipe);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

std::string freshPath(const char* name) {
    const fs::path path = dc::test::processTempFolder() / (std::string("cmd-") + name);
    fs::remove(path);
    return path.string();
}

std::string fileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

}  // namespace

TEST_CASE("digicoach demo writes the asked amounts and prints one summary line") {
    const std::string db = freshPath("demo.db");
    const ProcessResult run = runDigicoach("demo --no-encryption --db '" + db + "' --seed 7 --participants 25 --help-requests 40");
    CHECK(run.exitCode == 0);
    CHECK(std::count(run.output.begin(), run.output.end(), '\n') == 1);
    CHECK(run.output.find("25 participants") != std::string::npos);
    dc::Store store = dc::Store::open(db);
    CHECK(store.all<dc::Participant>().size() == 25);
    CHECK(store.all<dc::HelpRequest>().size() == 40);
}

TEST_CASE("--version and --help succeed, an unknown option exits with 2 and says why") {
    const ProcessResult version = runDigicoach("--version");
    CHECK(version.exitCode == 0);
    CHECK(version.output.rfind("digicoach ", 0) == 0);
    const ProcessResult help = runDigicoach("--help");
    CHECK(help.exitCode == 0);
    CHECK(help.output.find("demo --db") != std::string::npos);
    const ProcessResult unknown = runDigicoach("--frobnicate");
    CHECK(unknown.exitCode == 2);
    CHECK(unknown.output.find("--frobnicate") != std::string::npos);
    CHECK(runDigicoach("demo --db x.db --participants lots").exitCode == 2);
}

TEST_CASE("a file that is not a database is refused with exit 1 and left byte for byte as it was") {
    const std::string path = freshPath("notes.txt");
    {
        std::ofstream out(path, std::ios::binary);
        out << "shopping list: bread, milk\n";
    }
    const std::string before = fileBytes(path);
    const ProcessResult windowRun = runDigicoach("--db '" + path + "' --demo");
    CHECK(windowRun.exitCode == 1);
    CHECK(windowRun.output.find("cannot be used") != std::string::npos);
    const ProcessResult demoRun = runDigicoach("demo --db '" + path + "'");
    CHECK(demoRun.exitCode == 1);
    CHECK(fileBytes(path) == before);
}

TEST_CASE("the default database lives in XDG_DATA_HOME/digicoach, which is created") {
    const fs::path home = dc::test::processTempFolder() / "xdg-data-home";
    fs::remove_all(home);
    const char* previous = std::getenv("XDG_DATA_HOME");
    const std::string saved = previous ? previous : "";
    setenv("XDG_DATA_HOME", home.c_str(), 1);
    CHECK(dc::platform::defaultDatabasePath() == home / "digicoach" / "digicoach.db");
    CHECK(fs::is_directory(home / "digicoach"));
    // A relative XDG_DATA_HOME is invalid by the spec and falls back to ~/.local/share,
    // here under a HOME in the temp folder so the real home folder is left alone.
    const char* previousHome = std::getenv("HOME");
    const std::string savedHome = previousHome ? previousHome : "";
    const fs::path fakeHome = dc::test::processTempFolder() / "home";
    setenv("HOME", fakeHome.c_str(), 1);
    setenv("XDG_DATA_HOME", "relative/path", 1);
    CHECK(dc::platform::dataDirectory() == fakeHome / ".local" / "share" / "digicoach");
    if (previous)
        setenv("XDG_DATA_HOME", saved.c_str(), 1);
    else
        unsetenv("XDG_DATA_HOME");
    if (previousHome)
        setenv("HOME", savedHome.c_str(), 1);
    else
        unsetenv("HOME");
}
