// The background sync thread of a laptop. It owns its own SQLite connection, pushes as soon as
// the hub answers (health probe with exponential backoff and jitter, 2 s to 5 min),
// tries at once after every save and on "Sync now", and reports to the UI through
// a queue the UI drains once per frame. No call here blocks the caller.
#pragma once

#include "sync/sync_status.hpp"

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>

namespace dc::sync {

class SyncWorker {
public:
    // `cipher` unlocks an encrypted database on the worker's own connection, which does not
    // check the whole file again: the caller did (the window, before its shell started).
    // `onStatus` runs on the worker thread after each new status (e.g. to wake the UI).
    SyncWorker(std::string databasePath, HttpOptions baseOptions, BackoffPolicy policy = {},
               std::shared_ptr<const FieldCipher> cipher = nullptr, std::function<void()> onStatus = nullptr);
    ~SyncWorker();
    SyncWorker(const SyncWorker&) = delete;
    SyncWorker& operator=(const SyncWorker&) = delete;

    // Try now: after a save, on "Sync now", or after the settings changed.
    void requestSync();
    // The newest status since the last call, if any. Called once per frame.
    std::optional<SyncStatus> pollStatus();

private:
    void run();
    // Rounds until the worker stops; throws what a round could not handle.
    void runRounds(SyncStatus& status);
    void publish(const SyncStatus& status);
    bool waitForWork(int64_t delayMs);

    std::string databasePath_;
    HttpOptions baseOptions_;
    RoundSchedule schedule_;
    std::shared_ptr<const FieldCipher> cipher_;
    std::function<void()> onStatus_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool requested_ = true;  // a first round at start
    bool stopping_ = false;
    std::deque<SyncStatus> outbox_;  // statuses waiting for the UI
    std::mt19937_64 random_{std::random_device{}()};
    std::thread thread_;
};

}  // namespace dc::sync
