// The sync thread's loop: wait, probe, sync, publish, back off.
#include "sync/sync_worker.hpp"

#include "model/clock.hpp"
#include "sync/http_client.hpp"

#include <random>

namespace dc::sync {

SyncWorker::SyncWorker(std::string databasePath, HttpOptions baseOptions, BackoffPolicy policy,
                       std::shared_ptr<const FieldCipher> cipher, std::function<void()> onStatus)
    : databasePath_(std::move(databasePath)),
      baseOptions_(std::move(baseOptions)),
      schedule_(policy),
      cipher_(std::move(cipher)),
      onStatus_(std::move(onStatus)) {
    thread_ = std::thread([this] { run(); });
}

SyncWorker::~SyncWorker() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void SyncWorker::requestSync() {
    {
        std::lock_guard lock(mutex_);
        requested_ = true;
    }
    wake_.notify_all();
}

std::optional<SyncStatus> SyncWorker::pollStatus() {
    std::lock_guard lock(mutex_);
    if (outbox_.empty()) return std::nullopt;
    SyncStatus newest = outbox_.back();
    outbox_.clear();
    return newest;
}

void SyncWorker::publish(const SyncStatus& status) {
    {
        std::lock_guard lock(mutex_);
        outbox_.push_back(status);
    }
    if (onStatus_) onStatus_();
}

// Returns false when the worker is stopping.
bool SyncWorker::waitForWork(int64_t delayMs) {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, std::chrono::milliseconds(delayMs), [this] { return requested_ || stopping_; });
    requested_ = false;
    return !stopping_;
}

void SyncWorker::run() {
    SyncStatus status;
    // Exceptions end here: they become a status and a fresh start, never the end of the
    // thread or a crash of the app.
    for (;;) {
        try {
            runRounds(status);
            return;
        } catch (const std::exception& error) {
            const int64_t restartDelayMs = schedule_.failed(status, error.what(), random_());
            status.nextAttemptMs = SystemClock().nowMs() + restartDelayMs;
            publish(status);
            if (!waitForWork(restartDelayMs)) return;
        }
    }
}

void SyncWorker::runRounds(SyncStatus& status) {
    int64_t delayMs = 0;
    // The caller checked the whole file (see the constructor).
    Store store = Store::open(databasePath_, IntegrityCheck::Later);
    if (cipher_) store.useCipher(cipher_);
    while (waitForWork(delayMs)) {
        const HttpOptions options = savedEndpoint(store, baseOptions_);
        const bool canSync = schedule_.begin(status, store, options);
        publish(status);
        if (!canSync) {
            delayMs = schedule_.policy().idlePullEveryMs;
            continue;
        }
        HttpClient client(options);
        SyncReport report;
        if (const SyncProblem problem = probeHub(client); problem != SyncProblem::None) {
            report.problem = problem;
            report.waiting = status.waiting;
        } else {
            report = syncOnce(store, client);
        }
        delayMs = schedule_.finish(status, store, report, random_());
        status.nextAttemptMs = SystemClock().nowMs() + delayMs;
        publish(status);
    }
}

}  // namespace dc::sync
