// The app's frame loop. On a computer it sleeps in the window's event wait between
// frames; a browser page may not block, so there the browser calls it once per display
// refresh and it draws only when a frame is needed.
#pragma once

#include <functional>
#include <optional>

namespace dc::platform {

class Window;

// Draws frames with `drawFrame` until the window closes or `drawFrame` returns false.
// `secondsUntilWake` says when the idle window must draw again without input (the idle
// lock, a draft's pending write). In a browser this never returns: the page keeps
// calling the loop after the caller's stack is gone, so what the loop uses must outlive
// the call (Emscripten keeps the caller's stack frame; its objects are never destroyed).
void runMainLoop(Window& window, std::function<std::optional<double>()> secondsUntilWake, std::function<bool()> drawFrame);

}  // namespace dc::platform
