// Framebuffer capture with glReadPixels, written by stb_image_write.
#include "platform/screenshot.hpp"

#include <GL/gl.h>
#include <stb/stb_image_write.h>

#include <filesystem>
#include <stdexcept>
#include <vector>

namespace dc::platform {

void writeFramebufferPng(const std::string& path, int widthPx, int heightPx) {
    if (widthPx <= 0 || heightPx <= 0) throw std::runtime_error("nothing to capture: empty framebuffer");
    std::vector<unsigned char> pixels(static_cast<size_t>(widthPx) * heightPx * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, widthPx, heightPx, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    // Forces opaque pixels: the clear alpha is not part of what a person sees.
    for (size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;
    const std::filesystem::path target(path);
    if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path());
    // OpenGL rows start at the bottom; PNG rows start at the top.
    const int stride = widthPx * 4;
    stbi_flip_vertically_on_write(1);
    const int ok = stbi_write_png(path.c_str(), widthPx, heightPx, 4, pixels.data(), stride);
    stbi_flip_vertically_on_write(0);
    if (!ok) throw std::runtime_error("cannot write screenshot " + path);
}

}  // namespace dc::platform
