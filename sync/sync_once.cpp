// The laptops' driver of a sync round: one request at a time over a blocking transport,
// with the next push batch prepared while the hub applies the last. Not in the browser
// build, which has no threads and drives the round from its frame loop instead.
#include "sync/sync_engine.hpp"

#include <future>

namespace dc::sync {

SyncProblem probeHub(HttpTransport& client) { return probeProblem(client.perform(healthRequest())); }

SyncReport syncOnce(Store& store, HttpTransport& client, const SyncLimits& limits) {
    if (!configured(client.options())) {
        SyncReport report;
        report.problem = SyncProblem::NotConfigured;
        report.detail = "no endpoint or token";
        return report;
    }
    SyncRound round(store, limits);
    while (std::optional<HttpRequest> request = round.nextRequest()) {
        // While the hub applies a push, the next batch is read and written on this thread:
        // the request goes out from a helper thread, which touches neither the store nor the round.
        std::future<HttpResult> answer =
            std::async(std::launch::async, [&client, &request] { return client.perform(*request); });
        round.prepareWhileWaiting();
        round.takeAnswer(answer.get());
    }
    return round.report();
}

}  // namespace dc::sync
