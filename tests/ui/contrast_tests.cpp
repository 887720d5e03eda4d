// WCAG 2.1 contrast of every theme: text and controls at least 4.5:1 against what they
// are drawn on, including hovered, focused and pressed fills.
#include <doctest/doctest.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "app/theme.hpp"

using namespace dc;

namespace {

constexpr double kMinimumContrast = 4.5;

// WCAG 2.1 relative luminance of an sRGB colour.
double relativeLuminance(const ImVec4& colour) {
    auto linear = [](double channel) {
        return channel <= 0.04045 ? channel / 12.92 : std::pow((channel + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * linear(colour.x) + 0.7152 * linear(colour.y) + 0.0722 * linear(colour.z);
}

double contrastRatio(const ImVec4& a, const ImVec4& b) {
    const double lighter = std::max(relativeLuminance(a), relativeLuminance(b));
    const double darker = std::min(relativeLuminance(a), relativeLuminance(b));
    return (lighter + 0.05) / (darker + 0.05);
}

// What the eye sees of a see-through colour drawn over `below`.
ImVec4 over(const ImVec4& top, const ImVec4& below) {
    auto mix = [&](float t, float b) { return t * top.w + b * (1 - top.w); };
    return ImVec4(mix(top.x, below.x), mix(top.y, below.y), mix(top.z, below.z), 1);
}

ImVec4 fromU32(unsigned int colour) { return ImGui::ColorConvertU32ToFloat4(colour); }

struct ColourPair {
    std::string what;
    ImVec4 text;
    ImVec4 background;
};

// Every pairing the screens draw: text on the window, on content panels, in fields and on
// buttons, list rows and chips in each state, the meaning colours, and primary buttons.
std::vector<ColourPair> pairsOfCurrentTheme() {
    const ImVec4* c = ImGui::GetStyle().Colors;
    const app::SemanticColours& meaning = app::colours();
    const ImVec4 window = over(c[ImGuiCol_WindowBg], ImVec4(0, 0, 0, 1));
    const ImVec4 panel = over(c[ImGuiCol_ChildBg], window);
    const ImVec4 field = over(c[ImGuiCol_FrameBg], panel);
    std::vector<ColourPair> pairs;
    const std::pair<const char*, ImVec4> surfaces[] = {{"window", window}, {"panel", panel}, {"field", field}};
    for (const auto& [name, surface] : surfaces) {
        const std::string on = std::string(" on ") + name;
        pairs.push_back({"text" + on, c[ImGuiCol_Text], surface});
        pairs.push_back({"disabled text" + on, c[ImGuiCol_TextDisabled], surface});
        pairs.push_back({"muted text" + on, fromU32(meaning.muted), surface});
        pairs.push_back({"problem text" + on, fromU32(meaning.problem), surface});
        pairs.push_back({"warning text" + on, fromU32(meaning.warning), surface});
        pairs.push_back({"success text" + on, fromU32(meaning.success), surface});
        pairs.push_back({"heading and link text" + on, fromU32(meaning.accent), surface});
    }
    const std::pair<const char*, ImGuiCol> fills[] = {
        {"button", ImGuiCol_Button},           {"hovered or focused button", ImGuiCol_ButtonHovered},
        {"pressed or chosen button", ImGuiCol_ButtonActive}, {"list row", ImGuiCol_Header},
        {"hovered or focused list row", ImGuiCol_HeaderHovered}, {"pressed list row", ImGuiCol_HeaderActive},
        {"hovered field", ImGuiCol_FrameBgHovered}, {"typed-in field", ImGuiCol_FrameBgActive}};
    for (const auto& [name, colour] : fills)
        pairs.push_back({std::string("text on ") + name, c[ImGuiCol_Text], over(c[colour], panel)});
    // A link is a button without a fill: its accent text shows on the panel, and on a
    // faint fill once hovered, focused or pressed.
    pairs.push_back({"link text on its focused fill", fromU32(meaning.accent), over(fromU32(meaning.linkFill), panel)});
    pairs.push_back({"primary button text", fromU32(meaning.onAccent), fromU32(meaning.accent)});
    pairs.push_back({"focused primary button text", fromU32(meaning.onAccent), fromU32(meaning.accentHovered)});
    pairs.push_back({"pressed primary button text", fromU32(meaning.onAccent), fromU32(meaning.accentActive)});
    pairs.push_back({"danger button text", fromU32(meaning.onAccent), fromU32(meaning.problem)});
    return pairs;
}

}  // namespace

TEST_CASE("text and controls have at least 4.5:1 contrast in every theme and every state") {
    // The themes write into ImGui's style, so they need a context; no window is drawn.
    ImGuiContext* previous = ImGui::GetCurrentContext();
    ImGuiContext* context = ImGui::CreateContext();
    ImGui::SetCurrentContext(context);
    for (const std::string theme : app::kThemes) {
        app::applyTheme(theme, 100);
        for (const ColourPair& pair : pairsOfCurrentTheme()) {
            CAPTURE(theme);
            CAPTURE(pair.what);
            CHECK(contrastRatio(pair.text, pair.background) >= kMinimumContrast);
        }
    }
    CHECK(contrastRatio(ImVec4(0, 0, 0, 1), ImVec4(1, 1, 1, 1)) == doctest::Approx(21.0));
    ImGui::DestroyContext(context);
    ImGui::SetCurrentContext(previous);
}
