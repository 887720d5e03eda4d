// The app's frame loop. On a computer it sleeps in the window's event wait between
// frames; a browser page may not block, so there the browser calls it once per display
// refresh and it draws only when a frame is needed.
#pragma once

#include <functional>
#include <optional>

namespace dc::platform {

class Window;

// What the loop calls, in this order, on every pass.
struct MainLoopSteps {
    // Work that moves on whether or not a frame is drawn (a browser's sync requests: a
    // page has no thread for them), so it goes on while the window is idle too.
    std::function<void()> betweenFrames;
    // When the idle window must draw again without input (the idle lock, a draft's
    // pending write); nothing when only input or a wake-up should.
    std::function<std::optional<double>()> secondsUntilWake;
    // One frame; false ends the loop.
    std::function<bool()> drawFrame;
};

// Draws frames until the window closes or `drawFrame` returns false. In a browser this
// never returns: the page keeps calling the loop after the caller's stack is gone, so
// what the steps use must outlive the call (Emscripten keeps the caller's stack frame;
// its objects are never destroyed).
void runMainLoop(Window& window, MainLoopSteps steps);

}  // namespace dc::platform
