// Backoff and the status after each round, for both sync workers.
#include "sync/sync_status.hpp"

#include <algorithm>

namespace dc::sync {

int64_t nextBackoffMs(int64_t previousMs, const BackoffPolicy& policy, uint64_t randomBits) {
    const int64_t base = previousMs <= 0 ? policy.firstDelayMs : std::min(previousMs * 2, policy.maxDelayMs);
    // Jitter in [-20%, +20%], never below the first delay nor above the cap.
    const double jitter = (static_cast<double>(randomBits % 4001) / 10000.0) - 0.2;
    const auto jittered = static_cast<int64_t>(static_cast<double>(base) * (1.0 + jitter));
    return std::clamp(jittered, policy.firstDelayMs, policy.maxDelayMs);
}

HttpOptions savedEndpoint(Store& store, const HttpOptions& base) {
    HttpOptions options = base;
    options.baseUrl = store.setting(kEndpointSetting).value_or(options.baseUrl);
    options.token = store.secretSetting(kTokenSetting).value_or(options.token);
    return options;
}

bool RoundSchedule::begin(SyncStatus& status, Store& store, const HttpOptions& options) const {
    status.waiting = store.outboxCount();
    status.lastSuccessMs = store.integerSetting(kLastSuccessSetting, 0);
    status.failure.clear();
    if (!configured(options)) {
        status.state = SyncStatus::State::NeedsAttention;
        status.problem = SyncProblem::NotConfigured;
        return false;
    }
    status.state = SyncStatus::State::Syncing;
    return true;
}

int64_t RoundSchedule::finish(SyncStatus& status, Store& store, const SyncReport& report, uint64_t randomBits) {
    restartDelayMs_ = 0;
    status.problem = report.problem;
    status.waiting = report.waiting;
    status.rejected += report.rejected;
    status.lastSuccessMs = store.integerSetting(kLastSuccessSetting, 0);
    if (report.ok()) {
        backoffMs_ = 0;
        status.state = SyncStatus::State::UpToDate;
        return report.waiting > 0 ? 0 : policy_.idlePullEveryMs;
    }
    if (report.problem == SyncProblem::Unauthorized || report.problem == SyncProblem::UntrustedCertificate) {
        // Only a new token (which arrives with requestSync) or the hub's administrator can
        // fix these: the coach must act, so it is retried slowly.
        status.state = SyncStatus::State::NeedsAttention;
        return policy_.maxDelayMs;
    }
    backoffMs_ = nextBackoffMs(backoffMs_, policy_, randomBits);
    status.state = SyncStatus::State::Offline;
    return backoffMs_;
}

int64_t RoundSchedule::failed(SyncStatus& status, const std::string& reason, uint64_t randomBits) {
    status.state = SyncStatus::State::NeedsAttention;
    status.problem = SyncProblem::HubError;
    status.failure = reason;
    restartDelayMs_ = nextBackoffMs(restartDelayMs_, policy_, randomBits);
    return restartDelayMs_;
}

}  // namespace dc::sync
