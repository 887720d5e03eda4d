// Shared by the fuzz targets: a scratch folder that lives as long as the fuzzing
// process, and a check that stops the run the way a sanitizer would.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace dc::fuzz {

// A fresh folder, removed when the process exits normally. It is in memory (/dev/shm)
// where there is one: the stores sync every commit to disk, which would make
// fuzzing ten times slower without finding more.
inline const std::filesystem::path& scratchFolder() {
    static const std::filesystem::path folder = [] {
        const std::filesystem::path parent =
            std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
        std::string pattern = (parent / "digicoach-fuzz-XXXXXX").string();
        if (!mkdtemp(pattern.data())) std::abort();
        std::atexit([] { std::filesystem::remove_all(scratchFolder()); });
        return std::filesystem::path(pattern);
    }();
    return folder;
}

// A broken promise of the code under test: reported and turned into a crash, so
// libFuzzer keeps the input.
inline void expect(bool holds, const char* promise) {
    if (holds) return;
    std::fprintf(stderr, "fuzz: broken promise: %s\n", promise);
    std::abort();
}

}  // namespace dc::fuzz
