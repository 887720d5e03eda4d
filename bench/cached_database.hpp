// Benchmark databases generated once and kept next to the benchmark binary, rebuilt
// when their generator version changes.
#pragma once

#include "bench_table.hpp"
#include "model/store.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>

namespace dc::bench {

inline bool isCachedDatabaseCurrent(const std::filesystem::path& path, const std::string& generatorVersion) {
    if (!std::filesystem::exists(path)) return false;
    try {
        Store store = Store::open(path.string());
        return store.setting("bench.generator") == generatorVersion;
    } catch (const std::exception&) {
        return false;
    }
}

// Makes sure `path` holds the data `fill` writes. Generating allocates far more than
// the app ever holds, so a child process does it and the caller's peak memory stays
// its own. Returns true when it had to generate.
inline bool ensureCachedDatabase(const std::filesystem::path& path, const std::string& generatorVersion,
                                 const std::string& description, const std::function<void(Store&)>& fill) {
    if (isCachedDatabaseCurrent(path, generatorVersion)) return false;
    std::fprintf(stderr, "generating %s (%s, once)...\n", path.string().c_str(), description.c_str());
    const auto start = std::chrono::steady_clock::now();
    const pid_t child = fork();
    if (child < 0) throw std::runtime_error("fork failed");
    if (child == 0) {
        try {
            for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
            Store store = Store::open(path.string());
            fill(store);
            store.setSetting("bench.generator", generatorVersion);
            store.db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
            _exit(0);
        } catch (const std::exception& error) {
            std::fprintf(stderr, "generating %s failed: %s\n", path.string().c_str(), error.what());
            _exit(1);
        }
    }
    int status = 0;
    waitpid(child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error("generating " + path.string() + " failed");
    std::fprintf(stderr, "generated in %.1f s\n", millisecondsSince(start) / 1000);
    return true;
}

}  // namespace dc::bench
