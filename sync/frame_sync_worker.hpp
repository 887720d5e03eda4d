// The sync driver for a program without threads (the browser build): the same public
// face as SyncWorker, plus tick(), which the frame loop calls once per frame. A tick
// never blocks: it starts the next request when one is due, and runs the round's next
// step when the answer of the last one has arrived.
#pragma once

#include "sync/sync_status.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>

namespace dc::sync {

class FrameSyncWorker {
public:
    // Makes the transport for one round's endpoint. The default is the browser's fetch
    // (sync/fetch_transport.hpp); elsewhere one must be given.
    using TransportFactory = std::function<std::unique_ptr<AsyncHttpTransport>(const HttpOptions&)>;

    // `cipher` unlocks an encrypted database on the worker's own connection; `onStatus`
    // runs inside tick() after each new status.
    FrameSyncWorker(std::string databasePath, HttpOptions baseOptions, BackoffPolicy policy = {},
                    std::shared_ptr<const FieldCipher> cipher = nullptr, std::function<void()> onStatus = nullptr,
                    TransportFactory makeTransport = {});
    ~FrameSyncWorker();
    FrameSyncWorker(const FrameSyncWorker&) = delete;
    FrameSyncWorker& operator=(const FrameSyncWorker&) = delete;

    // Try at the next tick: after a save, on "Sync now", or after the settings changed.
    void requestSync();
    // The newest status since the last call, if any. Called once per frame.
    std::optional<SyncStatus> pollStatus();
    // Once per frame, with the frame's clock.
    void tick(int64_t nowMs);

private:
    void startRound(int64_t nowMs);
    void takeAnswer(const HttpResult& answer, int64_t nowMs);
    // Sends the round's next request, or ends the round when it has none.
    void sendNext(int64_t nowMs);
    void endRound(const SyncReport& report, int64_t nowMs);
    void publish();

    std::string databasePath_;
    HttpOptions baseOptions_;
    RoundSchedule schedule_;
    std::shared_ptr<const FieldCipher> cipher_;
    std::function<void()> onStatus_;
    TransportFactory makeTransport_;
    std::mt19937_64 random_{std::random_device{}()};

    SyncStatus status_;
    std::optional<SyncStatus> unread_;  // the newest status the UI has not taken
    bool requested_ = true;             // a first round at start
    int64_t nextRoundAtMs_ = 0;
    std::optional<Store> store_;  // opened at the first round, reopened after a failure
    std::unique_ptr<AsyncHttpTransport> transport_;  // set while a request is out
    bool probing_ = false;                           // the request out is the health probe
    std::optional<SyncRound> round_;
};

}  // namespace dc::sync
