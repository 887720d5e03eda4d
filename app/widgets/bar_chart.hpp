// A horizontal bar chart drawn with ImDrawList: one row per bar, its text above it, so a
// value never rests on colour or length alone.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace dc::app::ui {

struct Bar {
    std::string id;  // stays the same whatever the language
    std::string text;
    double fraction = 0;  // of the full width, 0..1
    // Where a comparison value (e.g. the previous period) stands, 0..1, shown as a tick.
    std::optional<double> markerFraction;
};

// Heights follow the text size.
void barChart(const std::vector<Bar>& bars);

}  // namespace dc::app::ui
