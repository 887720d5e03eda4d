// The frame loop's sync driver: wait until due, probe, run the round's steps as their
// answers arrive, publish, back off. Exceptions stop here, as on the sync thread: they
// become a status and a fresh start.
#include "sync/frame_sync_worker.hpp"

#ifdef __EMSCRIPTEN__
#include "sync/fetch_transport.hpp"
#endif

#include <stdexcept>

namespace dc::sync {

namespace {
FrameSyncWorker::TransportFactory platformTransport() {
#ifdef __EMSCRIPTEN__
    return [](const HttpOptions& options) { return std::make_unique<FetchTransport>(options); };
#else
    return {};
#endif
}
}  // namespace

FrameSyncWorker::FrameSyncWorker(std::string databasePath, HttpOptions baseOptions, BackoffPolicy policy,
                                 std::shared_ptr<const FieldCipher> cipher, std::function<void()> onStatus,
                                 TransportFactory makeTransport)
    : databasePath_(std::move(databasePath)),
      baseOptions_(std::move(baseOptions)),
      schedule_(policy),
      cipher_(std::move(cipher)),
      onStatus_(std::move(onStatus)),
      makeTransport_(makeTransport ? std::move(makeTransport) : platformTransport()) {
    if (!makeTransport_) throw std::invalid_argument("FrameSyncWorker needs a transport outside the browser");
}

FrameSyncWorker::~FrameSyncWorker() = default;

void FrameSyncWorker::requestSync() { requested_ = true; }

std::optional<SyncStatus> FrameSyncWorker::pollStatus() {
    std::optional<SyncStatus> newest = std::move(unread_);
    unread_.reset();
    return newest;
}

void FrameSyncWorker::publish() {
    unread_ = status_;
    if (onStatus_) onStatus_();
}

void FrameSyncWorker::tick(int64_t nowMs) {
    try {
        if (!transport_) {
            if (requested_ || nowMs >= nextRoundAtMs_) startRound(nowMs);
            return;
        }
        if (std::optional<HttpResult> answer = transport_->poll()) takeAnswer(*answer, nowMs);
    } catch (const std::exception& error) {
        round_.reset();
        transport_.reset();
        store_.reset();
        const int64_t restartDelayMs = schedule_.failed(status_, error.what(), random_());
        nextRoundAtMs_ = nowMs + restartDelayMs;
        status_.nextAttemptMs = nextRoundAtMs_;
        publish();
    }
}

void FrameSyncWorker::startRound(int64_t nowMs) {
    requested_ = false;
    if (!store_) {
        // The caller checked the whole file, as for SyncWorker.
        store_.emplace(Store::open(databasePath_, IntegrityCheck::Later));
        if (cipher_) store_->useCipher(cipher_);
    }
    const HttpOptions options = savedEndpoint(*store_, baseOptions_);
    const bool canSync = schedule_.begin(status_, *store_, options);
    publish();
    if (!canSync) {
        nextRoundAtMs_ = nowMs + schedule_.policy().idlePullEveryMs;
        return;
    }
    transport_ = makeTransport_(options);
    probing_ = true;
    transport_->start(healthRequest());
}

void FrameSyncWorker::takeAnswer(const HttpResult& answer, int64_t nowMs) {
    if (!probing_) {
        round_->takeAnswer(answer);
        return sendNext(nowMs);
    }
    probing_ = false;
    if (const SyncProblem problem = probeProblem(answer); problem != SyncProblem::None) {
        SyncReport report;
        report.problem = problem;
        report.waiting = status_.waiting;
        return endRound(report, nowMs);
    }
    round_.emplace(*store_);
    sendNext(nowMs);
}

void FrameSyncWorker::sendNext(int64_t nowMs) {
    if (std::optional<HttpRequest> request = round_->nextRequest()) {
        transport_->start(*request);
        round_->prepareWhileWaiting();
        return;
    }
    endRound(round_->report(), nowMs);
}

void FrameSyncWorker::endRound(const SyncReport& report, int64_t nowMs) {
    round_.reset();
    transport_.reset();
    const int64_t delayMs = schedule_.finish(status_, *store_, report, random_());
    nextRoundAtMs_ = nowMs + delayMs;
    status_.nextAttemptMs = nextRoundAtMs_;
    publish();
}

}  // namespace dc::sync
