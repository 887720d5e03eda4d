// SIGTERM and SIGINT taken by sigwait on one thread, turned into a flag and an empty
// GLFW event: no work in a signal handler, and the sleeping event loop wakes up.
#include "platform/stop_signals.hpp"

#include "platform/window.hpp"

#include <pthread.h>
#include <signal.h>

namespace dc::platform {
#ifndef __EMSCRIPTEN__
namespace {

sigset_t stopSignalSet() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    return set;
}

}  // namespace
#endif

#ifdef __EMSCRIPTEN__
// A browser tab sends no signals; closing it is the page's matter.
StopSignals::StopSignals() = default;
StopSignals::~StopSignals() = default;
void StopSignals::waitForSignals() {}
#else
StopSignals::StopSignals() {
    const sigset_t set = stopSignalSet();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    waiter_ = std::thread([this] { waitForSignals(); });
}

StopSignals::~StopSignals() {
    closing_.store(true);
    // The waiter is in sigwait: a signal aimed at that thread alone ends its wait.
    pthread_kill(waiter_.native_handle(), SIGTERM);
    waiter_.join();
}

void StopSignals::waitForSignals() {
    const sigset_t set = stopSignalSet();
    int received = 0;
    while (sigwait(&set, &received) == 0) {
        if (closing_.load()) return;
        stopRequested_.store(true);
        if (wakeWindow_.load()) wakeEventLoop();
    }
}
#endif

}  // namespace dc::platform
