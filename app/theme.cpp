// ImGui style set-up for the three themes.
#include "app/theme.hpp"

#include <imgui.h>

#include <algorithm>

namespace dc::app {
namespace {

float currentScale = 1.0f;
SemanticColours currentColours{};

void highContrast(ImGuiStyle& style) {
    ImGui::StyleColorsDark(&style);
    ImVec4* c = style.Colors;
    const ImVec4 black(0, 0, 0, 1), white(1, 1, 1, 1), yellow(1, 0.92f, 0.2f, 1), darkYellow(0.35f, 0.3f, 0, 1);
    c[ImGuiCol_Text] = white;
    c[ImGuiCol_TextDisabled] = ImVec4(0.85f, 0.85f, 0.85f, 1);
    c[ImGuiCol_WindowBg] = c[ImGuiCol_ChildBg] = c[ImGuiCol_PopupBg] = black;
    c[ImGuiCol_Border] = white;
    c[ImGuiCol_FrameBg] = black;
    c[ImGuiCol_FrameBgHovered] = c[ImGuiCol_FrameBgActive] = darkYellow;
    c[ImGuiCol_Button] = ImVec4(0.12f, 0.12f, 0.12f, 1);
    c[ImGuiCol_ButtonHovered] = c[ImGuiCol_ButtonActive] = darkYellow;
    c[ImGuiCol_Header] = ImVec4(0.25f, 0.25f, 0.25f, 1);
    c[ImGuiCol_HeaderHovered] = c[ImGuiCol_HeaderActive] = darkYellow;
    c[ImGuiCol_CheckMark] = yellow;
    c[ImGuiCol_SliderGrab] = c[ImGuiCol_SliderGrabActive] = yellow;
    c[ImGuiCol_NavHighlight] = yellow;
    c[ImGuiCol_TitleBg] = c[ImGuiCol_TitleBgActive] = black;
    c[ImGuiCol_Separator] = white;
    c[ImGuiCol_TableBorderStrong] = c[ImGuiCol_TableBorderLight] = white;
    c[ImGuiCol_ScrollbarGrab] = ImVec4(0.8f, 0.8f, 0.8f, 1);
    style.FrameBorderSize = 2.0f;
    style.ChildBorderSize = 1.0f;
}

}  // namespace

void applyTheme(std::string_view theme, int textScalePercent) {
    currentScale = std::clamp(textScalePercent, 100, 200) / 100.0f;
    ImGuiStyle style;
    if (theme == "dark") {
        ImGui::StyleColorsDark(&style);
        style.Colors[ImGuiCol_NavHighlight] = ImVec4(1.0f, 0.75f, 0.2f, 1);
        // Lighter than ImGui's grey, so it stays readable in a field too.
        style.Colors[ImGuiCol_TextDisabled] = ImVec4(0.62f, 0.62f, 0.62f, 1);
        // ImGui's bright blues under white text reach only 3:1; these deeper ones keep 4.5:1.
        style.Colors[ImGuiCol_ButtonHovered] = style.Colors[ImGuiCol_HeaderHovered] = ImVec4(0.2f, 0.4f, 0.7f, 1);
        style.Colors[ImGuiCol_ButtonActive] = style.Colors[ImGuiCol_HeaderActive] = ImVec4(0.12f, 0.32f, 0.62f, 1);
        currentColours = {IM_COL32(255, 120, 110, 255), IM_COL32(255, 200, 90, 255),  IM_COL32(120, 220, 140, 255),
                          IM_COL32(170, 170, 180, 255), IM_COL32(110, 170, 255, 255), IM_COL32(0, 0, 0, 255),
                          IM_COL32(150, 195, 255, 255), IM_COL32(185, 215, 255, 255), IM_COL32(110, 170, 255, 40)};
    } else if (theme == "high_contrast") {
        highContrast(style);
        currentColours = {IM_COL32(255, 140, 140, 255), IM_COL32(255, 235, 50, 255),  IM_COL32(140, 255, 140, 255),
                          IM_COL32(230, 230, 230, 255), IM_COL32(255, 235, 50, 255),  IM_COL32(0, 0, 0, 255),
                          IM_COL32(255, 245, 140, 255), IM_COL32(255, 250, 190, 255), IM_COL32(255, 235, 50, 40)};
    } else {
        ImGui::StyleColorsLight(&style);
        // Darker text and borders than ImGui's light default, for tired eyes in daylight.
        style.Colors[ImGuiCol_Text] = ImVec4(0.05f, 0.05f, 0.08f, 1);
        style.Colors[ImGuiCol_TextDisabled] = ImVec4(0.35f, 0.35f, 0.38f, 1);
        style.Colors[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.96f, 1);
        style.Colors[ImGuiCol_ChildBg] = ImVec4(1, 1, 1, 1);
        style.Colors[ImGuiCol_FrameBg] = ImVec4(1, 1, 1, 1);
        style.Colors[ImGuiCol_Border] = ImVec4(0.55f, 0.55f, 0.6f, 1);
        style.Colors[ImGuiCol_Button] = ImVec4(0.85f, 0.9f, 0.97f, 1);
        style.Colors[ImGuiCol_ButtonHovered] = ImVec4(0.7f, 0.82f, 0.97f, 1);
        style.Colors[ImGuiCol_ButtonActive] = ImVec4(0.55f, 0.72f, 0.95f, 1);
        style.Colors[ImGuiCol_Header] = ImVec4(0.78f, 0.86f, 0.97f, 1);
        style.FrameBorderSize = 1.0f;
        // Keyboard focus must stand out from the blue of selected chips.
        style.Colors[ImGuiCol_NavHighlight] = ImVec4(0.8f, 0.3f, 0.0f, 1);
        currentColours = {IM_COL32(180, 20, 20, 255), IM_COL32(150, 90, 0, 255),  IM_COL32(20, 120, 40, 255),
                          IM_COL32(85, 85, 95, 255),  IM_COL32(20, 80, 170, 255), IM_COL32(255, 255, 255, 255),
                          IM_COL32(15, 60, 135, 255), IM_COL32(10, 45, 110, 255),   IM_COL32(20, 80, 170, 40)};
    }
    style.WindowPadding = ImVec2(14, 12);
    // 18 px text + 2 x 13 px padding = 44 px: every button and field is a touch target.
    style.FramePadding = ImVec2(12, 13);
    style.ItemSpacing = ImVec2(10, 10);
    style.ItemInnerSpacing = ImVec2(8, 6);
    style.CellPadding = ImVec2(8, 8);
    style.ScrollbarSize = 18;
    style.GrabMinSize = 20;
    style.FrameRounding = 6;
    style.ChildRounding = 8;
    style.WindowRounding = 0;
    style.WindowBorderSize = 0;
    style.SelectableTextAlign = ImVec2(0.0f, 0.5f);
    style.ScaleAllSizes(currentScale);
    // Only what must be touched grows in full with the text. Margins and gaps grow a
    // little, so a 360 px window at 200% still has room for the words themselves.
    const float marginScale = std::min(currentScale, 1.25f);
    style.WindowPadding = ImVec2(14 * marginScale, 12 * marginScale);
    style.ItemSpacing = ImVec2(10 * marginScale, 10 * marginScale);
    style.ItemInnerSpacing = ImVec2(8 * marginScale, 6 * marginScale);
    style.FramePadding.x = 12 * marginScale;
    style.ScrollbarSize = 18 * marginScale;
    ImGui::GetStyle() = style;
}

float touchTarget() { return kTouchTargetPx * currentScale; }
float textScale() { return currentScale; }
const SemanticColours& colours() { return currentColours; }

}  // namespace dc::app
