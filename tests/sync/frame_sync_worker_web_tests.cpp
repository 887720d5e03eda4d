// The browser build's sync driver in node: FrameSyncWorker with its default transport
// (fetch) links with -sFETCH=1 and runs its rounds without a thread. Node has no
// XMLHttpRequest, which Emscripten's fetch uses, so no request goes out here: the
// rounds against a real hub run natively (frame_sync_worker_tests.cpp).
#include "model/store.hpp"
#include "sync/fetch_transport.hpp"
#include "sync/frame_sync_worker.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace dc;
using namespace dc::sync;
using dc::test::TempDir;

TEST_CASE("in the browser build the frame-driven worker says, without a thread, that no endpoint is saved yet") {
    TempDir dir;
    const std::string path = dir.file("laptop.db").string();
    { Store created = Store::open(path); }
    int wakeUps = 0;
    FrameSyncWorker worker(path, {}, {}, nullptr, [&] { ++wakeUps; });
    worker.tick(1'000);
    const std::optional<SyncStatus> first = worker.pollStatus();
    REQUIRE(first);
    CHECK(first->state == SyncStatus::State::NeedsAttention);
    CHECK(first->problem == SyncProblem::NotConfigured);
    worker.tick(2'000);  // not due yet, not asked
    CHECK_FALSE(worker.pollStatus());
    worker.requestSync();
    worker.tick(3'000);
    CHECK(worker.pollStatus());
    CHECK(wakeUps == 2);
}

TEST_CASE("in the browser build a fetch transport with nothing started has no answer") {
    FetchTransport transport(HttpOptions::endpoint("https://hub.example.org/", "token"));
    CHECK_FALSE(transport.poll());
}
