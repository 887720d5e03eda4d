// Running the digicoach program as a process in tests, with English messages, and a
// temp folder for its files.
#pragma once

#include "processes.hpp"
#include "tests/test_environment.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace dc::test {

struct CommandRun {
    int exitCode;
    std::string output;  // stdout and stderr together
};

// Runs digicoach with English messages; `passphrase` goes into DIGICOACH_PASSPHRASE.
inline CommandRun digicoach(std::vector<std::string> arguments, const char* passphrase = nullptr) {
    // env's options come before its assignments.
    std::vector<std::string> argv = {"/usr/bin/env", "-u", "DIGICOACH_PASSPHRASE", "LANG=en_GB.UTF-8"};
    if (passphrase) argv.push_back(std::string("DIGICOACH_PASSPHRASE=") + passphrase);
    argv.push_back(DC_DIGICOACH_BINARY);
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    CommandRun run{};
    run.exitCode = runCommand(argv, &run.output, true);
    return run;
}

// A fresh folder in this test program's own temporary folder, removed with everything in it.
struct CommandFolder {
    std::filesystem::path path = [] {
        std::string pattern = (dc::test::processTempFolder() / "command-XXXXXX").string();
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        return std::filesystem::path(pattern);
    }();
    ~CommandFolder() { std::filesystem::remove_all(path); }
    std::string file(const char* name) const { return (path / name).string(); }
    std::string write(const char* name, const std::string& bytes) const {
        std::ofstream(path / name, std::ios::binary) << bytes;
        return file(name);
    }
};

}  // namespace dc::test
