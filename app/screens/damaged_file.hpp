// What the window shows instead of the data when the check after the first frame found
// the database file damaged: nothing is written to it any more.
#pragma once

#include <string>

namespace dc::app {

class DamagedFileScreen {
public:
    explicit DamagedFileScreen(std::string path) : path_(std::move(path)) {}
    // Draws one frame of the full-window message (between NewFrame and Render).
    void drawFrame();

private:
    std::string path_;
};

}  // namespace dc::app
