// Rules of the source layout that no compiler checks: which files may reach past a
// library's public API or past the platform layer.
#include <doctest/doctest.h>

#include <filesystem>
#include <functional>
#include <fstream>
#include <set>
#include <string>
#include <string_view>

namespace fs = std::filesystem;

namespace {

// Every C++ file under the given top-level folders with a line (leading spaces aside)
// that `matches`, as a path relative to the source root.
std::set<std::string> filesWithLine(std::initializer_list<const char*> folders,
                                    const std::function<bool(std::string_view)>& matches) {
    std::set<std::string> found;
    const fs::path root = DC_SOURCE_ROOT;
    for (const char* folder : folders) {
        for (const fs::directory_entry& entry : fs::recursive_directory_iterator(root / folder)) {
            const std::string extension = entry.path().extension().string();
            if (!entry.is_regular_file() || (extension != ".cpp" && extension != ".hpp")) continue;
            std::ifstream in(entry.path());
            for (std::string line; std::getline(in, line);) {
                const std::size_t start = line.find_first_not_of(" \t");
                if (start != std::string::npos && matches(std::string_view(line).substr(start))) {
                    found.insert(fs::relative(entry.path(), root).string());
                    break;
                }
            }
        }
    }
    return found;
}

std::set<std::string> filesWithLineStarting(const std::string& needle, std::initializer_list<const char*> folders) {
    return filesWithLine(folders, [&](std::string_view line) { return line.starts_with(needle); });
}

// Outside comment lines.
std::set<std::string> filesUsing(const std::string& needle, const char* folder) {
    return filesWithLine({folder}, [&](std::string_view line) {
        return !line.starts_with("//") && line.find(needle) != std::string_view::npos;
    });
}

}  // namespace

TEST_CASE("sync/ runs no SQL of its own: the outbox and the store answer for it") {
    for (const char* call : {"prepare(", "exec(", "cached(", "queryInteger(", "pragmaInteger("}) {
        INFO("call: " << call);
        CHECK(filesUsing(call, "sync").empty());
    }
}

TEST_CASE("imgui_internal.h is included by app/imgui_ext.cpp alone") {
    CHECK(filesWithLineStarting("#include <imgui_internal.h>", {"app", "platform", "tests", "bench"}) ==
          std::set<std::string>{"app/imgui_ext.cpp"});
}

TEST_CASE("only platform/ talks to GLFW") {
    CHECK(filesWithLineStarting("#include <GLFW/", {"app", "model", "sync", "hub"}).empty());
}

TEST_CASE("the app starts no thread of its own outside the job runner: work off the UI thread is a job") {
    CHECK(filesUsing("std::thread", "app") == std::set<std::string>{"app/job_runner.hpp"});
}
