// Where interactive items were drawn in the last frame, by stable name, so UI tests can
// click and type like a person does. Off (and free) unless a test turns it on.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dc::app::probe {

struct ItemRect {
    float minX = 0, minY = 0, maxX = 0, maxY = 0;
    bool visible = false;  // not clipped away by scrolling
    unsigned id = 0;       // ImGui's id, to compare with where keyboard navigation stands
    bool control = true;   // false for a line of text, which needs no touch-sized height
    float centreX() const { return (minX + maxX) / 2; }
    float centreY() const { return (minY + maxY) / 2; }
};

void setEnabled(bool enabled);
bool enabled();
// Forgets the previous frame's items; the shell calls it at the start of each frame.
void beginFrame();
// Records the last ImGui item under `name`.
void noteLastItem(std::string_view name);
// The same for a line of text that tests look for but nobody presses.
void noteLastText(std::string_view name);
// The rect of `name` as drawn in the last complete frame, or nullptr.
const ItemRect* find(std::string_view name);
// Names seen in the last complete frame that start with `prefix`, in drawing order.
std::vector<std::string> namesWithPrefix(std::string_view prefix);
// The name of the item keyboard navigation stands on, or "" when it is on no named item.
std::string keyboardFocus();

}  // namespace dc::app::probe
