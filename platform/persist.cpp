// Natively a commit is durable when SQLite returns; in a browser the IndexedDB-backed
// folder is copied out with FS.syncfs, one copy at a time, and every request made during
// a copy waits for the next one (the running copy may have missed its write).
#include "platform/persist.hpp"

#include "platform/window.hpp"

#include <utility>
#include <vector>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

#ifndef __EMSCRIPTEN__

namespace dc::platform {

void whenPersisted(std::function<void(bool stored)> done) {
    if (done) done(true);
}
bool persistPending() { return false; }

}  // namespace dc::platform

#else

namespace dc::platform {
namespace {

struct Copies {
    bool running = false;
    bool nextCopyWanted = false;
    std::vector<std::function<void(bool)>> inThisCopy;
    std::vector<std::function<void(bool)>> forNextCopy;
};
Copies& copies() {
    static Copies instance;
    return instance;
}

// The page's own script (web/pre.js) copies the folder out and reports back via dc_persisted.
EM_JS(void, startCopyToPersistentStorage, (), { Module.digicoachPersist(); });

void startCopy() {
    Copies& c = copies();
    c.running = true;
    c.nextCopyWanted = false;
    c.inThisCopy = std::move(c.forNextCopy);
    c.forNextCopy.clear();
    startCopyToPersistentStorage();
}

}  // namespace

void whenPersisted(std::function<void(bool stored)> done) {
    Copies& c = copies();
    if (done) c.forNextCopy.push_back(std::move(done));
    c.nextCopyWanted = true;
    if (!c.running) startCopy();
}

bool persistPending() { return copies().running || copies().nextCopyWanted; }

void finishCopy(bool stored) {
    Copies& c = copies();
    std::vector<std::function<void(bool)>> finished = std::move(c.inThisCopy);
    c.inThisCopy.clear();
    c.running = false;
    if (c.nextCopyWanted) startCopy();
    for (auto& done : finished) done(stored);
    // What the callbacks changed ("saved") is drawn although no input came.
    wakeEventLoop();
}

}  // namespace dc::platform

extern "C" EMSCRIPTEN_KEEPALIVE void dc_persisted(int stored) { dc::platform::finishCopy(stored != 0); }
extern "C" EMSCRIPTEN_KEEPALIVE int dc_persist_pending() { return dc::platform::persistPending() ? 1 : 0; }

#endif
