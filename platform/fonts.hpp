// The UI font: DejaVu Sans with the glyphs Dutch, French, Turkish and Polish names
// need, sized for the chosen text scale.
#pragma once

#include <string>

namespace dc::platform {

// Font size in pixels at 100% text scale.
inline constexpr float kBaseFontSizePx = 18.0f;

struct LoadedFont {
    std::string path;  // empty when ImGui's built-in font was used as a last resort
    float sizePx = kBaseFontSizePx;
};

// The first readable DejaVu Sans: the usual Debian path, fontconfig, then other known places.
std::string findSansFontFile();

// Replaces the ImGui font atlas for `textScalePercent` (clamped to 100..200). The caller
// must rebuild the GPU texture afterwards (Window::rebuildFontTexture) and may only do
// so between frames.
LoadedFont loadUiFont(int textScalePercent);

// The glyph ranges loaded: Basic Latin, Latin-1, Latin Extended-A, General Punctuation, euro.
const unsigned short* uiGlyphRanges();

}  // namespace dc::platform
