// The frame every screen shares.
#include "app/screen.hpp"

#include <imgui.h>

namespace dc::app {

void Screen::draw(AppContext& app) {
    const float footer = footerHeight();
    ImGui::BeginChild(regionId_, ImVec2(0, -footer), false, ImGuiWindowFlags_NavFlattened);
    drawContent(app);
    ImGui::EndChild();
    if (footer > 0) drawFooter(app);
}

}  // namespace dc::app
