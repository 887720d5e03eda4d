// One background thread and the main-thread queue its results come back through; in a
// browser, the main thread itself between frames.
#include "app/job_runner.hpp"

#include <exception>
#include <stdexcept>

namespace dc::app {

#ifdef __EMSCRIPTEN__
JobRunner::JobRunner(std::function<void()> wake) : wake_(std::move(wake)) {}
#else
JobRunner::JobRunner(std::function<void()> wake) : wake_(std::move(wake)), worker_([this] { runJobs(); }) {}
#endif

JobRunner::~JobRunner() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        jobs_.clear();
    }
    jobAdded_.notify_all();
#ifndef __EMSCRIPTEN__
    worker_.join();
#endif
}

void JobRunner::run(Work work, Failed failed) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back(Job{std::move(work), std::move(failed)});
    }
    jobAdded_.notify_one();
#ifdef __EMSCRIPTEN__
    // The page draws no frames while nothing changes, and the job runs at the next one.
    if (wake_) wake_();
#endif
}

int JobRunner::drainResults() {
#ifdef __EMSCRIPTEN__
    // One job a frame, so the frame before it (a "working..." line) reaches the screen.
    if (std::optional<Job> job = takeNext()) runOne(std::move(*job));
#endif
    std::deque<MainThreadStep> ready;
    {
        std::lock_guard lock(mutex_);
        ready.swap(results_);
    }
    int ran = 0;
    for (MainThreadStep& step : ready) {
        if (resultsDroppedNow()) break;
        step();
        ++ran;
    }
    return ran;
}

bool JobRunner::resultsDroppedNow() {
    std::lock_guard lock(mutex_);
    return resultsDropped_;
}

void JobRunner::dropEveryResult() {
    std::lock_guard lock(mutex_);
    resultsDropped_ = true;
    jobs_.clear();
    results_.clear();
}

bool JobRunner::busy() {
    std::lock_guard lock(mutex_);
    return running_ > 0 || !jobs_.empty() || !results_.empty();
}

void JobRunner::waitIdle() {
#ifdef __EMSCRIPTEN__
    while (std::optional<Job> job = takeNext()) runOne(std::move(*job));
#else
    std::unique_lock lock(mutex_);
    jobFinished_.wait(lock, [this] { return running_ == 0 && jobs_.empty(); });
#endif
}

std::optional<JobRunner::Job> JobRunner::takeNext() {
    std::lock_guard lock(mutex_);
    if (stopping_ || jobs_.empty()) return std::nullopt;
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    ++running_;
    return job;
}

void JobRunner::runOne(Job job) {
    MainThreadStep step;
    try {
        step = job.work();
    } catch (const std::exception& error) {
        step = [failed = std::move(job.failed), reason = std::string(error.what())] { failed(reason); };
    } catch (...) {
        step = [failed = std::move(job.failed)] { failed("unknown error"); };
    }
    {
        std::lock_guard lock(mutex_);
        --running_;
        if (step && !resultsDropped_) results_.push_back(std::move(step));
    }
    jobFinished_.notify_all();
    if (wake_) wake_();
}

void JobRunner::runJobs() {
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            jobAdded_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (stopping_) return;
        }
        if (std::optional<Job> job = takeNext()) runOne(std::move(*job));
    }
}

Store& JobStore::store() {
    if (closed_) {
        store_.reset();
        cipher_.reset();
        throw std::runtime_error("the data was locked before this job started");
    }
    if (!store_) {
        // The session checked the whole file before the shell that runs jobs started.
        Store opened = Store::open(databasePath_, IntegrityCheck::Later);
        if (cipher_) opened.useCipher(cipher_);
        store_.emplace(std::move(opened));
    }
    return *store_;
}

}  // namespace dc::app
