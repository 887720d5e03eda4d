// What the sync workers report to the UI, and what they decide between rounds: the
// laptop's sync thread (SyncWorker) and the browser's frame loop (FrameSyncWorker) differ
// only in how they wait, so the decisions live here once.
#pragma once

#include "sync/sync_engine.hpp"

#include <cstdint>
#include <string>

namespace dc::sync {

struct SyncStatus {
    enum class State { Starting, Syncing, UpToDate, Offline, NeedsAttention };
    State state = State::Starting;
    SyncProblem problem = SyncProblem::None;
    int64_t waiting = 0;        // outbox entries not yet acknowledged
    int64_t rejected = 0;       // records set aside so far
    int64_t lastSuccessMs = 0;  // 0: never
    int64_t nextAttemptMs = 0;  // when offline: the next probe
    // Why the last round failed inside this program (the local database, say), kept
    // while the worker starts over; empty when it did not.
    std::string failure;
};

struct BackoffPolicy {
    int64_t firstDelayMs = 2'000;
    int64_t maxDelayMs = 300'000;
    int64_t idlePullEveryMs = 300'000;  // pull now and then even when nothing is waiting
};

// Exponential backoff with ±20% jitter, so laptops that lost the network together
// do not all return at the same instant.
int64_t nextBackoffMs(int64_t previousMs, const BackoffPolicy& policy, uint64_t randomBits);

// The endpoint and token saved in the app's Sync screen, over `base`.
HttpOptions savedEndpoint(Store& store, const HttpOptions& base);

// A worker's state between rounds.
class RoundSchedule {
public:
    explicit RoundSchedule(BackoffPolicy policy) : policy_(policy) {}

    // The status as a round starts on `options`: Syncing, or NeedsAttention when no
    // endpoint or token is saved. Returns whether the round can go on.
    bool begin(SyncStatus& status, Store& store, const HttpOptions& options) const;
    // After a round (or a failed probe): its outcome in `status`, and how long to wait
    // before the next one.
    int64_t finish(SyncStatus& status, Store& store, const SyncReport& report, uint64_t randomBits);
    // After a failure inside this program (the database would not open, say): the
    // reason in `status`, and how long to wait before starting over.
    int64_t failed(SyncStatus& status, const std::string& reason, uint64_t randomBits);
    const BackoffPolicy& policy() const { return policy_; }

private:
    BackoffPolicy policy_;
    int64_t backoffMs_ = 0;
    int64_t restartDelayMs_ = 0;
};

}  // namespace dc::sync
