// Work that would freeze a frame runs here, off the UI thread: key derivation, exports,
// figures. Its result comes back through a main-thread queue drained once per frame,
// as Tracy's RunQueue and ImHex's TaskManager do, so only the UI thread touches screens.
// A browser page has no second thread: there the jobs run on the main thread, one per
// drain, before its results, through the same queue, so screens see no difference.
#pragma once

#include "model/store.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <mutex>
#include <string>
#include <thread>

namespace dc::app {

class JobRunner {
public:
    // What a job hands back: it runs on the main thread at the next drain.
    using MainThreadStep = std::function<void()>;
    // The job itself, run on the background thread.
    using Work = std::function<MainThreadStep()>;
    // Runs on the main thread with the job's exception message when it threw.
    using Failed = std::function<void(const std::string& reason)>;

    // `wake` is called from the background thread when a result is ready, so the idle
    // main loop draws the frame that shows it.
    explicit JobRunner(std::function<void()> wake = {});
    // Lets the running job finish; jobs not started are dropped.
    ~JobRunner();
    JobRunner(const JobRunner&) = delete;
    JobRunner& operator=(const JobRunner&) = delete;

    // Queues `work`. Jobs run one at a time, in the order given. An exception stops at
    // the thread boundary and becomes a call of `failed`, so the screen can show it and
    // offer to try again.
    void run(Work work, Failed failed);
    // Runs every result that has arrived; call once per frame on the main thread.
    // Returns how many ran.
    int drainResults();
    // Whether a job is queued, running, or has a result not drained yet.
    bool busy();
    // Blocks until no job is queued or running; results may wait to be drained. For
    // tests, which wait on the runner rather than on a count of frames.
    void waitIdle();
    // No job result runs any more, not even one later in the drain that calls this: for
    // when what they would act on is gone (the database was found damaged). Jobs queued
    // are dropped; the running one finishes and its result is let go.
    void dropEveryResult();

private:
    struct Job {
        Work work;
        Failed failed;
    };
    void runJobs();
    // Runs one job taken off the queue and queues its result.
    void runOne(Job job);
    // Takes the next job off the queue, if any, counting it as running.
    std::optional<Job> takeNext();
    bool resultsDroppedNow();

    std::function<void()> wake_;
    std::mutex mutex_;
    std::condition_variable jobAdded_;
    std::condition_variable jobFinished_;
    std::deque<Job> jobs_;
    std::deque<MainThreadStep> results_;
    int running_ = 0;
    bool stopping_ = false;
    bool resultsDropped_ = false;
#ifndef __EMSCRIPTEN__
    std::thread worker_;
#endif
};

// The database connection jobs use: opened on the job thread at its first use and only
// ever used there, since connections never cross threads. Jobs share it through a
// shared_ptr, so whichever of the screen and the last job lets go closes it.
class JobStore {
public:
    JobStore(std::string databasePath, std::shared_ptr<const FieldCipher> cipher)
        : databasePath_(std::move(databasePath)), cipher_(std::move(cipher)) {}
    // Runs `work` on the connection, on the job thread only. An exception goes on to the
    // runner, and the next job starts on a fresh connection.
    template <class Work>
    auto use(Work&& work) {
        try {
            return work(store());
        } catch (...) {
            store_.reset();
            throw;
        }
    }
    // The shell is closing (an idle lock or the end): jobs still in line must not open the
    // data again with the key, so their use() throws. Any thread.
    void close() { closed_ = true; }

private:
    Store& store();

    std::string databasePath_;
    std::shared_ptr<const FieldCipher> cipher_;
    std::optional<Store> store_;
    std::atomic<bool> closed_ = false;
};

}  // namespace dc::app
