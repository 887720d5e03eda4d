// XDG data folder and executable-relative asset lookup.
#include "platform/data_paths.hpp"

#include <cstdlib>
#include <stdexcept>

#include <pwd.h>
#include <unistd.h>

namespace dc::platform {
namespace {

std::filesystem::path homeDirectory() {
    if (const char* home = std::getenv("HOME"); home && *home) return home;
    // No HOME (e.g. started by a service manager): ask the password database.
    if (const passwd* entry = getpwuid(getuid()); entry && entry->pw_dir) return entry->pw_dir;
    throw std::runtime_error("cannot find the home folder");
}

}  // namespace

std::filesystem::path dataDirectory() {
#ifdef __EMSCRIPTEN__
    // The folder the page keeps in IndexedDB (web/pre.js mounts and loads it before main).
    return "/data";
#endif
    std::filesystem::path base;
    // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg == '/')
        base = xdg;
    else
        base = homeDirectory() / ".local" / "share";
    const std::filesystem::path dir = base / "digicoach";
    std::filesystem::create_directories(dir);
    // Personal data lives here: only the owner may read it.
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace);
    return dir;
}

std::filesystem::path defaultDatabasePath() { return dataDirectory() / "digicoach.db"; }

std::filesystem::path executableDirectory() {
    std::error_code error;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error) return std::filesystem::current_path();
    return exe.parent_path();
}

std::filesystem::path assetsDirectory() {
    const std::filesystem::path exeDir = executableDirectory();
    // Next to the binary in a build tree; share/digicoach when installed under a prefix.
    for (const auto& candidate : {exeDir / "assets", exeDir.parent_path() / "share" / "digicoach" / "assets"})
        if (std::filesystem::is_directory(candidate)) return candidate;
    return exeDir / "assets";
}

}  // namespace dc::platform
