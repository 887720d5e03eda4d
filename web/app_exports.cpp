// What the page's scripts and the browser test may ask the app, as C functions for
// Module.ccall: where named items were drawn (the UI probe), so a test clicks like a person.
#include "app/imgui_ext.hpp"
#include "app/ui_probe.hpp"

#include <nlohmann/json.hpp>

#include <emscripten.h>

#include <string>

extern "C" {

// Items are recorded from the next frame on; off by default, as natively.
EMSCRIPTEN_KEEPALIVE void dc_probe_enable() { dc::app::probe::setEnabled(true); }

// The items of the last frame whose names start with `prefix`, as a JSON array of
// {name, minX, minY, maxX, maxY, visible} in CSS pixels. Valid until the next call.
EMSCRIPTEN_KEEPALIVE const char* dc_probe_items(const char* prefix) {
    static std::string answer;
    nlohmann::json items = nlohmann::json::array();
    for (const std::string& name : dc::app::probe::namesWithPrefix(prefix)) {
        const dc::app::probe::ItemRect* rect = dc::app::probe::find(name);
        items.push_back({{"name", name}, {"minX", rect->minX}, {"minY", rect->minY}, {"maxX", rect->maxX},
                         {"maxY", rect->maxY}, {"visible", rect->visible}});
    }
    answer = items.dump();
    return answer.c_str();
}

// The text of the field being edited, or "" when none is: what a test typed, as the app
// holds it (UTF-8). Valid until the next call.
EMSCRIPTEN_KEEPALIVE const char* dc_text_being_edited() {
    static std::string answer;
    answer = dc::app::imgui_ext::textBeingEdited();
    return answer.c_str();
}

}  // extern "C"
