// SIGTERM and SIGINT as a request to close the window: noticed at once, even while the
// window sleeps waiting for input, so a shutdown or Ctrl+C closes it cleanly (drafts
// written) within moments instead of at the next input event.
#pragma once

#include <atomic>
#include <thread>

namespace dc::platform {

class StopSignals {
public:
    // Blocks SIGTERM and SIGINT in the calling thread and in every thread it starts
    // afterwards, and waits for them on a thread of its own. Construct it before any
    // other thread is started, so no thread is left to take the default action.
    StopSignals();
    ~StopSignals();
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

    bool stopRequested() const { return stopRequested_.load(); }
    // Wakes the window's event wait when a signal arrives (glfwPostEmptyEvent). Call once
    // GLFW is initialised; signals before that are only recorded.
    void wakeWindowOnSignal() { wakeWindow_.store(true); }

private:
    void waitForSignals();

    std::atomic<bool> stopRequested_{false};
    std::atomic<bool> wakeWindow_{false};
    std::atomic<bool> closing_{false};
    std::thread waiter_;
};

}  // namespace dc::platform
