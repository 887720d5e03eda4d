// Whole-or-nothing, owner-only file writes.
#include "model/file_output.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>

namespace dc {

void writeFileReplacing(const std::filesystem::path& path, std::string_view content) {
    namespace fs = std::filesystem;
    const fs::path partial = fs::path(path).concat(".partial");
    {
        std::ofstream out(partial, std::ios::binary | std::ios::trunc);
        if (!out) throw std::runtime_error("cannot create " + partial.string() + ": " + std::strerror(errno));
        fs::permissions(partial, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        out.flush();
        if (!out) {
            const std::string reason = std::strerror(errno);
            out.close();
            std::error_code ignored;
            fs::remove(partial, ignored);
            throw std::runtime_error("cannot write " + partial.string() + ": " + reason);
        }
    }
    fs::rename(partial, path);
}

}  // namespace dc
