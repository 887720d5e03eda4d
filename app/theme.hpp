// Light, dark and high-contrast looks, with every size scaled to the chosen text size
// so hit targets stay at least 44 px at 100%.
#pragma once

#include "model/local_settings.hpp"

#include <array>
#include <string_view>

namespace dc::app {

inline constexpr const auto& kThemes = kUiThemes;
inline constexpr std::array kTextScales{100, 125, 150, 175, 200};
// Minimum height of anything a finger must hit, at 100% text size.
inline constexpr float kTouchTargetPx = 44.0f;

void applyTheme(std::string_view theme, int textScalePercent);
// kTouchTargetPx at the current text scale.
float touchTarget();
float textScale();
// Colours the screens use for meaning, per theme.
struct SemanticColours {
    unsigned int problem, warning, success, muted, accent, onAccent;
    // The accent of a primary button under the pointer or the keyboard focus, and pressed:
    // onAccent stays readable on both (ImGui would otherwise use the pale ButtonHovered).
    unsigned int accentHovered, accentActive;
    // A link's faint fill under the pointer or the keyboard focus, pale enough for its accent text.
    unsigned int linkFill;
};
const SemanticColours& colours();

}  // namespace dc::app
