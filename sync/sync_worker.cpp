// The sync thread's loop: wait, probe, sync, publish, back off.
#include "sync/sync_worker.hpp"

#include "model/clock.hpp"

#include <random>

namespace dc::sync {

int64_t nextBackoffMs(int64_t previousMs, const BackoffPolicy& policy, uint64_t randomBits) {
    const int64_t base = previousMs <= 0 ? policy.firstDelayMs : std::min(previousMs * 2, policy.maxDelayMs);
    // Jitter in [-20%, +20%], never below the first delay nor above the cap.
    const double jitter = (static_cast<double>(randomBits % 4001) / 10000.0) - 0.2;
    const auto jittered = static_cast<int64_t>(static_cast<double>(base) * (1.0 + jitter));
    return std::clamp(jittered, policy.firstDelayMs, policy.maxDelayMs);
}

SyncWorker::SyncWorker(std::string databasePath, HttpOptions baseOptions, BackoffPolicy policy,
                       std::shared_ptr<const FieldCipher> cipher, std::function<void()> onStatus)
    : databasePath_(std::move(databasePath)),
      baseOptions_(std::move(baseOptions)),
      policy_(policy),
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
    int64_t restartDelayMs = 0;
    // Exceptions end here: they become a status and a fresh start, never the end of the
    // thread or a crash of the app.
    for (;;) {
        try {
            runRounds(status);
            return;
        } catch (const std::exception& error) {
            status.state = SyncStatus::State::NeedsAttention;
            status.problem = SyncProblem::HubError;
            status.failure = error.what();
            restartDelayMs = nextBackoffMs(restartDelayMs, policy_, random_());
            status.nextAttemptMs = SystemClock().nowMs() + restartDelayMs;
            publish(status);
            if (!waitForWork(restartDelayMs)) return;
        }
    }
}

void SyncWorker::runRounds(SyncStatus& status) {
    int64_t backoffMs = 0;
    int64_t delayMs = 0;
    Store store = Store::open(databasePath_);
    if (cipher_) store.useCipher(cipher_);
    int64_t rejectedTotal = 0;
    while (waitForWork(delayMs)) {
        HttpOptions options = baseOptions_;
        options.baseUrl = store.setting(kEndpointSetting).value_or(options.baseUrl);
        options.token = store.secretSetting(kTokenSetting).value_or(options.token);
        status.waiting = store.outboxCount();
        status.lastSuccessMs = store.integerSetting(kLastSuccessSetting, 0);
        status.failure.clear();
        if (options.baseUrl.empty() || options.token.empty()) {
            status.state = SyncStatus::State::NeedsAttention;
            status.problem = SyncProblem::NotConfigured;
            publish(status);
            delayMs = policy_.idlePullEveryMs;
            continue;
        }
        status.state = SyncStatus::State::Syncing;
        publish(status);

        HttpClient client(options);
        SyncReport report;
        if (const SyncProblem problem = probeHub(client); problem != SyncProblem::None) {
            report.problem = problem;
            report.waiting = status.waiting;
        } else {
            report = syncOnce(store, client);
        }
        rejectedTotal += report.rejected;
        status.problem = report.problem;
        status.waiting = report.waiting;
        status.rejected = rejectedTotal;
        status.lastSuccessMs = store.integerSetting(kLastSuccessSetting, 0);
        if (report.ok()) {
            backoffMs = 0;
            status.state = SyncStatus::State::UpToDate;
            delayMs = report.waiting > 0 ? 0 : policy_.idlePullEveryMs;
        } else if (report.problem == SyncProblem::Unauthorized) {
            status.state = SyncStatus::State::NeedsAttention;
            delayMs = policy_.maxDelayMs;  // a new token arrives with requestSync()
        } else if (report.problem == SyncProblem::UntrustedCertificate) {
            // Retried slowly, since only the hub's administrator can fix it; the coach must act.
            status.state = SyncStatus::State::NeedsAttention;
            delayMs = policy_.maxDelayMs;
        } else {
            backoffMs = nextBackoffMs(backoffMs, policy_, random_());
            delayMs = backoffMs;
            status.state = SyncStatus::State::Offline;
        }
        status.nextAttemptMs = SystemClock().nowMs() + delayMs;
        publish(status);
    }
}

}  // namespace dc::sync
