// Finds and loads DejaVu Sans into the ImGui atlas.
#include "platform/fonts.hpp"

#include <imgui.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>

#ifdef __EMSCRIPTEN__
#include <emscripten/html5.h>
#endif

namespace dc::platform {
namespace {

std::string fontconfigMatch(const char* pattern) {
    const std::string command = std::string("fc-match --format=%{file} '") + pattern + "' 2>/dev/null";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    if (!pipe) return {};
    std::string result;
    std::array<char, 512> buffer{};
    while (fgets(buffer.data(), buffer.size(), pipe.get())) result += buffer.data();
    return result;
}

bool isReadableFile(const std::string& path) {
    std::error_code error;
    return !path.empty() && std::filesystem::is_regular_file(path, error);
}

// Glyphs are rasterised at the screen's own pixel density and drawn at UI size, so text
// stays sharp on a phone's dense screen (the browser build draws at devicePixelRatio).
float glyphRasterScale() {
#ifdef __EMSCRIPTEN__
    return std::max(1.0f, static_cast<float>(emscripten_get_device_pixel_ratio()));
#else
    return 1.0f;
#endif
}

}  // namespace

const unsigned short* uiGlyphRanges() {
    static const ImWchar ranges[] = {
        0x0020, 0x00FF,  // Basic Latin + Latin-1 Supplement
        0x0100, 0x017F,  // Latin Extended-A
        0x2000, 0x206F,  // General Punctuation (dashes, quotes, ellipsis)
        0x20AC, 0x20AC,  // euro sign
        0,
    };
    return ranges;
}

std::string findSansFontFile() {
    const char* debianPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    if (isReadableFile(debianPath)) return debianPath;
    if (std::string matched = fontconfigMatch("DejaVu Sans:style=Book");
        isReadableFile(matched) && matched.find("DejaVuSans") != std::string::npos)
        return matched;
    for (const char* candidate : {"/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans.ttf",
                                  "/usr/local/share/fonts/DejaVuSans.ttf"})
        if (isReadableFile(candidate)) return candidate;
    // Any sans font fontconfig offers still beats the bitmap font at large sizes.
    if (std::string matched = fontconfigMatch("sans-serif"); isReadableFile(matched) &&
                                                             (matched.ends_with(".ttf") || matched.ends_with(".otf")))
        return matched;
    return {};
}

LoadedFont loadUiFont(int textScalePercent) {
    const int percent = std::clamp(textScalePercent, 100, 200);
    LoadedFont loaded;
    loaded.sizePx = kBaseFontSizePx * static_cast<float>(percent) / 100.0f;
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    static const std::string fontPath = findSansFontFile();
    ImFontConfig config;
    // Slight oversampling keeps small text crisp on low-DPI refurbished laptops.
    config.OversampleH = 2;
    config.OversampleV = 1;
    const float rasterScale = glyphRasterScale();
    io.FontGlobalScale = 1.0f / rasterScale;
    if (!fontPath.empty() &&
        io.Fonts->AddFontFromFileTTF(fontPath.c_str(), loaded.sizePx * rasterScale, &config, uiGlyphRanges())) {
        loaded.path = fontPath;
    } else {
        ImFontConfig fallback;
        fallback.SizePixels = loaded.sizePx * rasterScale;
        io.Fonts->AddFontDefault(&fallback);
    }
    io.Fonts->Build();
    return loaded;
}

}  // namespace dc::platform
