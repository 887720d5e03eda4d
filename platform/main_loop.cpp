// A blocking loop natively, emscripten_set_main_loop in a browser.
#include "platform/main_loop.hpp"

#include "platform/window.hpp"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

namespace dc::platform {

#ifndef __EMSCRIPTEN__

void runMainLoop(Window& window, MainLoopSteps steps) {
    while (!window.shouldClose()) {
        if (steps.betweenFrames) steps.betweenFrames();
        window.waitUntilFrameNeeded(steps.secondsUntilWake());
        if (!steps.drawFrame()) return;
    }
}

#else

namespace {

struct Loop {
    Window* window;
    MainLoopSteps steps;
};

// The page's benchmark (bench/web_budget.mjs) reads how long each frame took and when the
// first one was drawn; both cost nothing unless it asks (Module.digicoachFrameTimesMs).
EM_JS(void, reportFrame, (double startedMs, double tookMs), {
    if (!Module.digicoachFirstFrameMs) Module.digicoachFirstFrameMs = startedMs + tookMs;
    if (Module.digicoachFrameTimesMs) Module.digicoachFrameTimesMs.push(tookMs);
});

void onAnimationFrame(void* argument) {
    Loop& loop = *static_cast<Loop*>(argument);
    if (loop.steps.betweenFrames) loop.steps.betweenFrames();
    if (!loop.window->waitUntilFrameNeeded(loop.steps.secondsUntilWake())) return;
    const double startedMs = emscripten_get_now();
    const bool goOn = loop.steps.drawFrame();
    reportFrame(startedMs, emscripten_get_now() - startedMs);
    if (!goOn) emscripten_cancel_main_loop();
}

}  // namespace

void runMainLoop(Window& window, MainLoopSteps steps) {
    // Lives as long as the page: the loop runs after this call has unwound.
    auto* loop = new Loop{&window, std::move(steps)};
    // 0 frames per second: the browser's display refresh paces the loop (requestAnimationFrame).
    emscripten_set_main_loop_arg(onAnimationFrame, loop, 0, true);
}

#endif

}  // namespace dc::platform
