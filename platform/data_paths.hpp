// Where Digicoach keeps its files on this computer, following the XDG base directories.
#pragma once

#include <filesystem>
#include <string>

namespace dc::platform {

// $XDG_DATA_HOME/digicoach, else ~/.local/share/digicoach; created if missing.
std::filesystem::path dataDirectory();
// The default database file inside dataDirectory().
std::filesystem::path defaultDatabasePath();
// The folder holding the running executable (resolved through /proc/self/exe).
std::filesystem::path executableDirectory();
// The assets folder shipped next to the executable: translations and the like.
std::filesystem::path assetsDirectory();

}  // namespace dc::platform
