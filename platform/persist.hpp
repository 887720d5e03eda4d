// When a committed write has reached storage that survives a closed tab or a crash.
// On a computer that is SQLite's own commit. In a browser the database lives in memory
// and is copied to IndexedDB afterwards, so "saved" may only show once that copy is done.
#pragma once

#include <functional>

namespace dc::platform {

// Calls `done(true)` once everything committed so far is on persistent storage, or
// `done(false)` when the browser refused to keep it (storage full, private window).
// On a computer at once; in a browser on the main thread between frames, once the copy
// that started after this call has finished. `done` may be empty: the copy still runs.
void whenPersisted(std::function<void(bool stored)> done);
// A copy to persistent storage is waiting or under way (the page warns before closing).
bool persistPending();

}  // namespace dc::platform
