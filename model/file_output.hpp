// Files the app hands to people (exports): written whole or not at all, owner-only.
#pragma once

#include <filesystem>
#include <string_view>

namespace dc {

// Writes `content` next to `path` first and then renames it, so a failure halfway never
// leaves a cut-off file where a good one stood. Readable by the owner only, before any
// byte is in it. Throws std::runtime_error with the system's reason.
void writeFileReplacing(const std::filesystem::path& path, std::string_view content);

}  // namespace dc
