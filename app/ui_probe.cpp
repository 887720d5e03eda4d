// Record of item rects of the frame being drawn; read between frames it is the frame just finished.
#include "app/ui_probe.hpp"

#include "app/imgui_ext.hpp"

#include <imgui.h>

#include <map>
#include <utility>
#include <vector>

namespace dc::app::probe {
namespace {

struct Frames {
    bool enabled = false;
    std::vector<std::pair<std::string, ItemRect>> current;
};

Frames& frames() {
    static Frames instance;
    return instance;
}

}  // namespace

void setEnabled(bool enabled) { frames().enabled = enabled; }
bool enabled() { return frames().enabled; }

void beginFrame() {
    Frames& f = frames();
    if (!f.enabled) return;
    f.current.clear();
}

void noteLastItem(std::string_view name) {
    Frames& f = frames();
    if (!f.enabled) return;
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    // An item is clickable only where it shows through its window's clip rectangle.
    const bool visible = ImGui::IsItemVisible() && ImGui::IsRectVisible(ImVec2((min.x + max.x) / 2, (min.y + max.y) / 2),
                                                                         ImVec2((min.x + max.x) / 2 + 1, (min.y + max.y) / 2 + 1));
    f.current.emplace_back(std::string(name), ItemRect{min.x, min.y, max.x, max.y, visible, imgui_ext::lastItemId()});
}

void noteLastText(std::string_view name) {
    noteLastItem(name);
    Frames& f = frames();
    if (f.enabled) f.current.back().second.control = false;
}

const ItemRect* find(std::string_view name) {
    for (const auto& [itemName, rect] : frames().current)
        if (itemName == name) return &rect;
    return nullptr;
}

std::string keyboardFocus() {
    const ImGuiID navId = imgui_ext::navigationItemId();
    for (const auto& [itemName, rect] : frames().current)
        if (navId != 0 && rect.id == navId) return itemName;
    return {};
}

std::vector<std::string> namesWithPrefix(std::string_view prefix) {
    std::vector<std::string> names;
    for (const auto& [itemName, rect] : frames().current)
        if (std::string_view(itemName).starts_with(prefix)) names.push_back(itemName);
    return names;
}

}  // namespace dc::app::probe
