// The browser's sync driver (FrameSyncWorker) run natively against a real digicoach-hub:
// its transport runs curl on a thread of its own and completes into a queue, as fetch
// completes between frames, and the test ticks the worker as a frame loop would, with a
// clock of its own. Waits are on the queue, never on a sleep. Last, the contract of the
// SyncRound it drives: one request at a time.
#include "laptop_support.hpp"
#include "processes.hpp"
#include "sync/frame_sync_worker.hpp"

#include <doctest/doctest.h>

#include <condition_variable>
#include <deque>
#include <iterator>
#include <mutex>
#include <thread>

using namespace dc;
using namespace dc::sync;
using namespace dc::test;

namespace {

// Where the test transports' answers land, and what they were asked.
class AnswerQueue {
public:
    void requestStarted(const HttpRequest& request) {
        std::lock_guard lock(mutex_);
        paths_.push_back(request.path);
        ++outstanding_;
    }
    void answerArrived(HttpResult answer) {
        {
            std::lock_guard lock(mutex_);
            (holding_ ? held_ : answers_).push_back(std::move(answer));
        }
        arrived_.notify_all();
    }
    // While held, answers wait here: as a fetch that has not completed yet.
    void hold() {
        std::lock_guard lock(mutex_);
        holding_ = true;
    }
    bool waitUntilHeld() {
        std::unique_lock lock(mutex_);
        return arrived_.wait_for(lock, std::chrono::seconds(60), [&] { return !held_.empty(); });
    }
    void release() {
        {
            std::lock_guard lock(mutex_);
            holding_ = false;
            std::move(held_.begin(), held_.end(), std::back_inserter(answers_));
            held_.clear();
        }
        arrived_.notify_all();
    }
    std::optional<HttpResult> take() {
        std::lock_guard lock(mutex_);
        if (answers_.empty()) return std::nullopt;
        HttpResult answer = std::move(answers_.front());
        answers_.pop_front();
        --outstanding_;
        return answer;
    }
    // Waits until the request out has its answer; at once when none is out.
    bool waitForAnswer() {
        std::unique_lock lock(mutex_);
        return arrived_.wait_for(lock, std::chrono::seconds(60),
                                 [&] { return outstanding_ == 0 || !answers_.empty(); });
    }
    bool requestOut() {
        std::lock_guard lock(mutex_);
        return outstanding_ > 0;
    }
    std::vector<std::string> paths() {
        std::lock_guard lock(mutex_);
        return paths_;
    }

private:
    std::mutex mutex_;
    std::condition_variable arrived_;
    std::deque<HttpResult> answers_;
    std::deque<HttpResult> held_;
    bool holding_ = false;
    int outstanding_ = 0;
    std::vector<std::string> paths_;
};

// Completes like fetch: start() returns at once, the answer comes later from elsewhere.
class CurlOnThreadTransport final : public AsyncHttpTransport {
public:
    CurlOnThreadTransport(const HttpOptions& options, AnswerQueue& answers) : client_(options), answers_(answers) {}
    ~CurlOnThreadTransport() override {
        if (worker_.joinable()) worker_.join();
    }
    void start(const HttpRequest& request) override {
        if (worker_.joinable()) worker_.join();
        answers_.requestStarted(request);
        worker_ = std::thread([this, request] { answers_.answerArrived(client_.perform(request)); });
    }
    std::optional<HttpResult> poll() override { return answers_.take(); }

private:
    HttpClient client_;
    AnswerQueue& answers_;
    std::thread worker_;
};

struct FrameLoop {
    AnswerQueue answers;
    int64_t nowMs = 1'000'000;
    std::optional<SyncStatus> last;
    std::vector<SyncStatus::State> states;

    FrameSyncWorker::TransportFactory transports() {
        return [this](const HttpOptions& options) { return std::make_unique<CurlOnThreadTransport>(options, answers); };
    }
    // One frame: wait for the answer of the request out, if any, then tick and read the status.
    void frame(FrameSyncWorker& worker) {
        REQUIRE(answers.waitForAnswer());
        worker.tick(nowMs);
        if (std::optional<SyncStatus> status = worker.pollStatus()) {
            last = status;
            states.push_back(status->state);
        }
    }
    // Frames until `wanted` holds of the newest status, at most `frames` of them.
    bool runUntil(FrameSyncWorker& worker, const std::function<bool(const SyncStatus&)>& wanted, int frames = 200) {
        for (int i = 0; i < frames; ++i) {
            frame(worker);
            if (last && wanted(*last)) return true;
        }
        return false;
    }
};

}  // namespace

TEST_CASE("the frame-driven worker pushes and pulls an encrypted laptop through a real hub, one step per answer") {
    TempDir dir;
    HubProcess hub(dir.file("hub.db").string());
    const std::string path = dir.file("laptop.db").string();
    Store ui = Store::open(path);
    ui.protect("wachtwoordzin", KdfLimits::minimum());
    saveEndpoint(ui, hub.url(), hub.addToken("sofie", "coach"));
    addParticipants(ui, 2500);  // more than one push batch of 2,000

    FrameLoop loop;
    int wakeUps = 0;
    FrameSyncWorker worker(path, {}, {}, ui.cipher(), [&] { ++wakeUps; }, loop.transports());
    REQUIRE(loop.runUntil(worker, [](const SyncStatus& s) { return s.state == SyncStatus::State::UpToDate; }));
    CHECK(loop.last->waiting == 0);
    CHECK(loop.last->lastSuccessMs > 0);
    CHECK(loop.last->nextAttemptMs == loop.nowMs + BackoffPolicy{}.idlePullEveryMs);
    CHECK(loop.states.front() == SyncStatus::State::Syncing);
    CHECK(wakeUps >= 2);  // Syncing, then UpToDate
    CHECK(ui.outboxCount() == 0);

    // The coach pulls their own 2,500 records back in pages of 500, after the last page
    // (an empty one) the conflict log, which a coach's laptop is refused (403, no failure).
    std::vector<std::string> expected = {"/v1/health", "/v1/push", "/v1/push"};
    for (int since = 0; since <= 2500; since += 500)
        expected.push_back("/v1/pull?since=" + std::to_string(since) + "&limit=500");
    expected.push_back("/v1/conflicts?since=0&limit=200");
    CHECK(loop.answers.paths() == expected);

    // Up to date: nothing goes out before the idle pull is due, unless asked.
    loop.nowMs += 60'000;
    loop.frame(worker);
    CHECK_FALSE(loop.answers.requestOut());
    CHECK(loop.answers.paths().size() == expected.size());
    addParticipants(ui, 3);
    worker.requestSync();
    REQUIRE(loop.runUntil(worker, [](const SyncStatus& s) {
        return s.state == SyncStatus::State::UpToDate && s.waiting == 0;
    }));
    CHECK(ui.outboxCount() == 0);
    CHECK(loop.answers.paths().at(expected.size() + 1) == "/v1/push");
}

TEST_CASE("the frame-driven worker backs off with jitter while the hub cannot be reached, and probes only when due") {
    LaptopWithUnreachableHub laptop;
    addParticipants(laptop.ui, 1);
    FrameLoop loop;
    FrameSyncWorker worker(laptop.path, {}, {}, nullptr, nullptr, loop.transports());

    REQUIRE(loop.runUntil(worker, [](const SyncStatus& s) { return s.state == SyncStatus::State::Offline; }));
    CHECK(loop.last->problem == SyncProblem::Offline);
    CHECK(loop.last->waiting == 1);
    const int64_t firstDelay = loop.last->nextAttemptMs - loop.nowMs;
    CHECK(firstDelay >= 2000);
    CHECK(firstDelay <= 2400);
    CHECK(loop.answers.paths() == std::vector<std::string>{"/v1/health"});  // the probe alone, no push

    loop.nowMs = loop.last->nextAttemptMs - 1;
    loop.frame(worker);
    CHECK_FALSE(loop.answers.requestOut());
    loop.nowMs += 1;
    const int64_t secondStart = loop.nowMs;
    loop.frame(worker);
    CHECK(loop.answers.paths().size() == 2);
    REQUIRE(loop.runUntil(worker, [](const SyncStatus& s) { return s.state == SyncStatus::State::Offline; }));
    const int64_t secondDelay = loop.last->nextAttemptMs - secondStart;
    CHECK(secondDelay >= firstDelay * 2 * 8 / 10);  // doubled, within the jitter
    CHECK(secondDelay <= firstDelay * 2 * 12 / 10);

    // "Sync now" does not wait for the backoff.
    worker.requestSync();
    loop.frame(worker);
    CHECK(loop.answers.paths().size() == 3);
}

TEST_CASE("a frame while the worker's answer is on its way neither waits for it nor sends anything more") {
    LaptopWithUnreachableHub laptop;
    FrameLoop loop;
    FrameSyncWorker worker(laptop.path, {}, {}, nullptr, nullptr, loop.transports());
    loop.answers.hold();
    worker.tick(loop.nowMs);
    REQUIRE(worker.pollStatus()->state == SyncStatus::State::Syncing);
    REQUIRE(loop.answers.waitUntilHeld());
    for (int frame = 0; frame < 10; ++frame) {
        loop.nowMs += 16;
        worker.requestSync();  // asked again meanwhile: still one request at a time
        worker.tick(loop.nowMs);
        CHECK_FALSE(worker.pollStatus());
    }
    CHECK(loop.answers.paths().size() == 1);
    loop.answers.release();
    loop.frame(worker);
    REQUIRE(loop.last);
    CHECK(loop.last->state == SyncStatus::State::Offline);
}

TEST_CASE("the frame-driven worker survives a database it cannot open, keeps the reason, and starts over") {
    TempDir dir;
    const std::string path = dir.file("laptop.db").string();
    writeFileBytes(path, "not a database, e.g. a file half-restored from a backup");
    FrameLoop loop;
    FrameSyncWorker worker(path, {}, {}, nullptr, nullptr, loop.transports());
    REQUIRE(loop.runUntil(worker, [](const SyncStatus& s) { return !s.failure.empty(); }, 1));
    CHECK(loop.last->state == SyncStatus::State::NeedsAttention);
    CHECK(loop.answers.paths().empty());

    std::filesystem::remove(path);
    { Store repaired = Store::open(path); }
    worker.requestSync();
    REQUIRE(loop.runUntil(worker, [](const SyncStatus& s) { return s.problem == SyncProblem::NotConfigured; }, 1));
    CHECK(loop.last->failure.empty());
}

TEST_CASE("the frame-driven worker needs a transport outside the browser") {
    CHECK_THROWS_AS(FrameSyncWorker("unused.db", {}), std::invalid_argument);
}

TEST_CASE("a sync round asks one request at a time, and a transport failure ends it with what waits") {
    TempDir dir;
    Store laptop = Store::open(dir.file("laptop.db").string());
    addParticipants(laptop, 3);
    SyncRound round(laptop);
    const std::optional<HttpRequest> push = round.nextRequest();
    REQUIRE(push);
    CHECK(push->path == "/v1/push");
    CHECK(nlohmann::json::parse(*push->jsonBody)["records"].size() == 3);
    CHECK_THROWS_AS(round.nextRequest(), std::logic_error);
    HttpResult offline;
    offline.transportError = "Couldn't connect to server";
    round.takeAnswer(offline);
    CHECK(round.done());
    CHECK_FALSE(round.nextRequest());
    CHECK_THROWS_AS(round.takeAnswer(offline), std::logic_error);
    const SyncReport report = round.report();
    CHECK(report.problem == SyncProblem::Offline);
    CHECK(report.detail == "Couldn't connect to server");
    CHECK(report.waiting == 3);
    CHECK(laptop.integerSetting(kLastSuccessSetting, 0) == 0);
}
