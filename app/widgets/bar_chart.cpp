// The horizontal bar chart.
#include "app/widgets/bar_chart.hpp"

#include "app/theme.hpp"

#include <imgui.h>

#include <algorithm>

namespace dc::app::ui {

namespace {

void barRow(const Bar& bar) {
    ImGui::TextWrapped("%s", bar.text.c_str());
    const float width = std::max(ImGui::GetContentRegionAvail().x, 1.0f);
    const float height = ImGui::GetTextLineHeight() * 0.8f;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(width, height));
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImU32 track = ImGui::GetColorU32(ImGuiCol_FrameBg);
    const ImU32 outline = ImGui::GetColorU32(ImGuiCol_Border);
    draw->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + height), track);
    draw->AddRect(origin, ImVec2(origin.x + width, origin.y + height), outline);
    const float filled = width * static_cast<float>(std::clamp(bar.fraction, 0.0, 1.0));
    if (filled > 0) draw->AddRectFilled(origin, ImVec2(origin.x + filled, origin.y + height), colours().accent);
    if (bar.markerFraction) {
        // A thick tick in the text colour, taller than the bar so it shows on any fill.
        const float x = origin.x + width * static_cast<float>(std::clamp(*bar.markerFraction, 0.0, 1.0));
        const float thickness = 3.0f * textScale();
        draw->AddRectFilled(ImVec2(x - thickness / 2 - 1, origin.y - 3 * textScale()),
                            ImVec2(x + thickness / 2 + 1, origin.y + height + 3 * textScale()),
                            ImGui::GetColorU32(ImGuiCol_WindowBg));
        draw->AddRectFilled(ImVec2(x - thickness / 2, origin.y - 3 * textScale()),
                            ImVec2(x + thickness / 2, origin.y + height + 3 * textScale()),
                            ImGui::GetColorU32(ImGuiCol_Text));
    }
    ImGui::Spacing();
}

}  // namespace

void barChart(const std::vector<Bar>& bars) {
    for (const Bar& bar : bars) {
        ImGui::PushID(bar.id.c_str());
        barRow(bar);
        ImGui::PopID();
    }
}

}  // namespace dc::app::ui
