// Sync against a real digicoach-hub process on 127.0.0.1: round trips, faults,
// conflicts, crashes and bad requests.
#include "fault_proxy.hpp"
#include "laptop_support.hpp"
#include "model/demo_data.hpp"
#include "model/envelope.hpp"
#include "model/outbox.hpp"
#include "model/privacy.hpp"
#include "model/services.hpp"
#include "hub/hub_store.hpp"
#include "hub/pg_connection.hpp"
#include "processes.hpp"
#include "refusing_port.hpp"
#include "sync/sync_engine.hpp"
#include "sync/sync_worker.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <csignal>
#include <condition_variable>
#include <random>
#include <thread>

using namespace dc;
using namespace dc::sync;
using namespace dc::test;

namespace {

struct HubFixture {
    TempDir dir;
    HubProcess hub{dir.file("hub.db").string()};

    std::string hubDbPath() const { return dir.file("hub.db").string(); }

    // What the hub stores for one record type, read straight from its database.
    std::map<std::string, std::pair<int64_t, std::string>> hubRecords(const char* type) {
        std::map<std::string, std::pair<int64_t, std::string>> rows;
        if (hub::isPostgresUrl(hub.store())) {
            const hub::PgResult stored = hub::PgConnection(hub.store())
                                             .exec("SELECT id, version, data FROM records WHERE type = $1", {type});
            for (int row = 0; row < stored.rows(); ++row)
                rows[stored.text(row, 0)] = {stored.integer(row, 1), stored.text(row, 2)};
            return rows;
        }
        Database db(hubDbPath(), OpenMode::ReadOnly);
        Statement q = db.prepare("SELECT id, version, data FROM records WHERE type = ?");
        q.bind(1, type);
        while (q.step()) rows[q.text(0)] = {q.integer(1), q.text(2)};
        return rows;
    }
};

HttpClient clientFor(const std::string& url, const std::string& token) {
    return HttpClient(HttpOptions::endpoint(url, token));
}

template <class R>
void checkSameRecords(Store& a, Store& b) {
    std::vector<R> left = a.all<R>();
    std::vector<R> right = b.all<R>();
    auto byId = [](const R& x, const R& y) { return x.meta.id < y.meta.id; };
    std::sort(left.begin(), left.end(), byId);
    std::sort(right.begin(), right.end(), byId);
    CHECK_MESSAGE(left.size() == right.size(), R::table);
    CHECK_MESSAGE(left == right, R::table);
}

void editParticipant(Store& store, const std::string& id, const std::string& notes, int64_t nowMs) {
    Participant p = *store.find<Participant>(id);
    p.notes = notes;
    Transaction tx(store.db());
    store.put(p, "coach-a", nowMs);
    tx.commit();
}

// The hub must hold exactly the laptop's latest version of every participant.
void checkHubMatchesLaptop(HubFixture& f, Store& laptop) {
    const auto onHub = f.hubRecords("participants");
    const auto local = laptop.all<Participant>();
    CHECK(onHub.size() == local.size());
    std::size_t mismatches = 0;
    for (const Participant& p : local) {
        auto it = onHub.find(p.meta.id);
        if (it == onHub.end() || it->second.first != p.meta.version ||
            nlohmann::json::parse(it->second.second) != fieldsToJson(p))
            ++mismatches;
    }
    CHECK(mismatches == 0);
    CHECK(laptop.outboxCount() == 0);
}

}  // namespace

TEST_CASE("every record type travels from a coordinator's laptop through the hub to another coordinator unchanged") {
    HubFixture f;
    Store coach = Store::open(f.dir.file("coach.db").string());
    FixedClock clock(kTestNowMs);
    const DemoOptions demo{.participants = 60, .helpRequests = 300, .devices = 20, .groupSessions = 8, .screenings = 12};
    generateDemoData(coach, demo, clock);
    // A deletion travels as a tombstone.
    ServiceContext ctx{coach, clock, "coach-a"};
    REQUIRE(deleteRecord<HelpRequest>(ctx, coach.all<HelpRequest>().front().meta.id));

    // Demo data holds reference lists and other coaches' records: a coordinator's to push.
    HttpClient coachClient = clientFor(f.hub.url(), f.hub.addToken("lotte", "coordinator"));
    const SyncReport pushed = syncOnce(coach, coachClient);
    REQUIRE(pushed.ok());
    CHECK(pushed.waiting == 0);
    CHECK(pushed.rejected == 0);
    CHECK(pushed.pushed > 400);

    Store coordinator = Store::open(f.dir.file("coordinator.db").string());
    HttpClient coordinatorClient = clientFor(f.hub.url(), f.hub.addToken("an", "coordinator"));
    const SyncReport pulled = syncOnce(coordinator, coordinatorClient, {500, 97});  // odd page size: many pages
    REQUIRE(pulled.ok());
    forEachRecordType([&]<class R>() { checkSameRecords<R>(coach, coordinator); });
    const std::vector<HelpRequest> live = coordinator.all<HelpRequest>();
    CHECK(live.size() == 299);

    // A second round changes nothing anywhere.
    const SyncReport again = syncOnce(coordinator, coordinatorClient);
    CHECK(again.ok());
    CHECK(again.pulled == 0);
}

TEST_CASE("a coach pulls reference lists and the inventory but not the field records of coaches outside their team") {
    HubFixture f;
    Store first = Store::open(f.dir.file("a.db").string());
    FixedClock clock(kTestNowMs);
    const DemoOptions demo{.participants = 10, .helpRequests = 20, .devices = 5, .groupSessions = 2, .screenings = 2};
    generateDemoData(first, demo, clock);
    HttpClient a = clientFor(f.hub.url(), f.hub.addToken("lotte", "coordinator", {"noord"}));
    REQUIRE(syncOnce(first, a).ok());

    Store second = Store::open(f.dir.file("b.db").string());
    HttpClient b = clientFor(f.hub.url(), f.hub.addToken("jonas", "coach"));
    REQUIRE(syncOnce(second, b).ok());
    CHECK(second.all<Neighbourhood>().size() == 12);
    CHECK(second.all<HelpCategory>().size() == first.all<HelpCategory>().size());
    CHECK(second.all<Device>().size() == 5);
    CHECK(second.all<Participant>().empty());
    CHECK(second.all<HelpRequest>().empty());
}

TEST_CASE("two coaches who edit the same record offline both end with the documented winner") {
    HubFixture f;
    Store a = Store::open(f.dir.file("a.db").string());
    Store b = Store::open(f.dir.file("b.db").string());
    // Teammates: each may change what the other wrote.
    HttpClient toHubA = clientFor(f.hub.url(), f.hub.addToken("sofie", "coach", {"noord"}));
    HttpClient toHubB = clientFor(f.hub.url(), f.hub.addToken("jonas", "coach", {"noord"}));
    FixedClock clockA(kTestNowMs);
    FixedClock clockB(kTestNowMs);
    ServiceContext ctxA{a, clockA, "sofie"};
    ServiceContext ctxB{b, clockB, "jonas"};

    Device laptop;
    laptop.model = "Dell Latitude 7490";
    laptop.assetTag = "D09-0100";
    REQUIRE(saveRecord(ctxA, laptop).ok());
    REQUIRE(syncOnce(a, toHubA).ok());
    REQUIRE(syncOnce(b, toHubB).ok());
    REQUIRE(b.find<Device>(laptop.meta.id));

    // Offline, both edit it: Sofie at 10:05, Jonas later at 10:09.
    clockA.advanceMs(5 * 60'000);
    clockB.advanceMs(9 * 60'000);
    Device editA = *a.find<Device>(laptop.meta.id);
    editA.notes = "Scherm gebarsten (Sofie)";
    REQUIRE(saveRecord(ctxA, editA).ok());
    Device editB = *b.find<Device>(laptop.meta.id);
    editB.notes = "Nieuwe batterij (Jonas)";
    REQUIRE(saveRecord(ctxB, editB).ok());

    REQUIRE(syncOnce(a, toHubA).ok());
    REQUIRE(syncOnce(b, toHubB).ok());
    REQUIRE(syncOnce(a, toHubA).ok());
    CHECK(a.find<Device>(laptop.meta.id)->notes == "Nieuwe batterij (Jonas)");
    CHECK(b.find<Device>(laptop.meta.id)->notes == "Nieuwe batterij (Jonas)");
    CHECK(a.outboxCount() == 0);
    CHECK(b.outboxCount() == 0);

    HttpClient coordinator = clientFor(f.hub.url(), f.hub.addToken("an", "coordinator"));
    const HttpResult log = coordinator.get("/v1/conflicts");
    REQUIRE(log.ok());
    const auto entries = nlohmann::json::parse(log.body)["conflicts"];
    REQUIRE(entries.size() == 1);
    CHECK(entries[0]["id"] == laptop.meta.id);
    CHECK(entries[0]["loser"]["data"]["notes"] == "Scherm gebarsten (Sofie)");
    CHECK(entries[0]["loser"]["origin"] == a.deviceId());
    CHECK(entries[0]["winner"]["origin"] == b.deviceId());
    CHECK(toHubA.get("/v1/conflicts").status == 403);  // coaches cannot read it
}

TEST_CASE("after 100 random faults over 2,000 records the hub holds exactly the latest version of each") {
    HubFixture f;
    Store laptop = Store::open(f.dir.file("laptop.db").string());
    const std::vector<std::string> ids = addParticipants(laptop, 2000);
    FaultProxy proxy(f.hub.port(), FaultProxy::randomPlan(20231114, 100, 0.45));
    HttpClient client = clientFor("http://127.0.0.1:" + std::to_string(proxy.port()), f.hub.addToken("sofie", "coach"));
    SyncLimits limits;
    limits.pushBatchRecords = 10;
    std::mt19937 random(7);
    int rounds = 0;
    int64_t now = kTestNowMs + 10'000;
    while (rounds++ < 3000) {
        const SyncReport report = syncOnce(laptop, client, limits);
        if (report.ok() && report.waiting == 0 && proxy.faultsInjected() >= 100) break;
        // Coaches keep working while sync struggles: new versions of some records.
        for (int i = 0; i < 3; ++i)
            editParticipant(laptop, ids[random() % ids.size()], "bewerkt in ronde " + std::to_string(rounds), ++now);
    }
    CHECK(proxy.faultsInjected() == 100);
    checkHubMatchesLaptop(f, laptop);
}

TEST_CASE("an edit saved while its record's batch is on the way to the hub is pushed after it, not dropped") {
    HubFixture f;
    const std::string path = f.dir.file("laptop.db").string();
    Store laptop = Store::open(path);
    const std::vector<std::string> ids = addParticipants(laptop, 300);
    // While the first push is in flight, the app (its own connection) saves a new version
    // of a record in that push. The batch is acknowledged by seq range; the edit is newer.
    std::atomic<bool> edited{false};  // set on the proxy's thread
    FaultProxy proxy(f.hub.port(), [&](int request) {
        if (request == 1) {
            Store app = Store::open(path);
            editParticipant(app, ids[5], "bewerkt tijdens het versturen", kTestNowMs + 10'000);
            edited = true;
        }
        return Fault::Pass;
    });
    HttpClient client = clientFor("http://127.0.0.1:" + std::to_string(proxy.port()), f.hub.addToken("sofie", "coach"));
    SyncLimits limits;
    limits.pushBatchRecords = 100;
    const SyncReport report = syncOnce(laptop, client, limits);
    REQUIRE(edited);
    CHECK(report.ok());
    CHECK(report.pushed == 301);  // 300 first versions and the edit
    CHECK(laptop.find<Participant>(ids[5])->meta.version == 2);
    checkHubMatchesLaptop(f, laptop);
}

TEST_CASE("a batch larger than the hub takes is halved until it fits, and every record arrives once") {
    HubFixture f;
    Store laptop = Store::open(f.dir.file("laptop.db").string());
    addParticipants(laptop, 5200);
    HttpClient client = clientFor(f.hub.url(), f.hub.addToken("sofie", "coach"));
    SyncLimits limits;
    limits.pushBatchRecords = 5200;  // over the hub's 5,000: answered 413, sent as two halves
    const SyncReport report = syncOnce(laptop, client, limits);
    CHECK(report.ok());
    CHECK(report.pushed == 5200);
    checkHubMatchesLaptop(f, laptop);
}

TEST_CASE("a laptop killed with SIGKILL during sync loses nothing and doubles nothing after a restart") {
    HubFixture f;
    const std::string path = f.dir.file("laptop.db").string();
    {
        Store laptop = Store::open(path);
        addParticipants(laptop, 2000);
    }
    const std::string token = f.hub.addToken("sofie", "coach");
    std::mutex mutex;
    std::condition_variable reached;
    bool midSync = false;
    // Request 6 is held for a moment; the test kills the laptop while it is in flight.
    FaultProxy proxy(f.hub.port(), [&](int request) {
        if (request != 6) return Fault::Pass;
        {
            std::lock_guard lock(mutex);
            midSync = true;
        }
        reached.notify_all();
        return Fault::Delay;
    });
    ChildProcess laptopProcess({SYNC_TOOL_BINARY, path, "http://127.0.0.1:" + std::to_string(proxy.port()), token});
    {
        std::unique_lock lock(mutex);
        REQUIRE(reached.wait_for(lock, std::chrono::seconds(30), [&] { return midSync; }));
    }
    laptopProcess.kill(SIGKILL);
    CHECK(laptopProcess.wait() == 128 + SIGKILL);
    {
        Store laptop = Store::open(path);
        CHECK(laptop.outboxCount() > 0);  // it really was cut off mid-way
        CHECK(laptop.all<Participant>().size() == 2000);
    }
    CHECK(runCommand({SYNC_TOOL_BINARY, path, f.hub.url(), token}) == 0);
    Store laptop = Store::open(path);
    checkHubMatchesLaptop(f, laptop);
}

TEST_CASE("a hub killed and restarted mid-sync ends with every record exactly once") {
    HubFixture f;
    Store laptop = Store::open(f.dir.file("laptop.db").string());
    addParticipants(laptop, 2000);
    bool killed = false;
    FaultProxy proxy(f.hub.port(), [&](int request) {
        if (request == 8 && !killed) {
            killed = true;
            f.hub.killHard();  // the request in hand then finds no hub
        }
        return Fault::Pass;
    });
    HttpClient client = clientFor("http://127.0.0.1:" + std::to_string(proxy.port()), f.hub.addToken("sofie", "coach"));
    SyncLimits limits;
    limits.pushBatchRecords = 50;
    const SyncReport cut = syncOnce(laptop, client, limits);
    CHECK(cut.problem == SyncProblem::Offline);
    CHECK(cut.waiting > 0);
    f.hub.start();
    const SyncReport resumed = syncOnce(laptop, client, limits);
    CHECK(resumed.ok());
    checkHubMatchesLaptop(f, laptop);
}

TEST_CASE("a wrong or revoked token is refused with a clear problem, at once") {
    HubFixture f;
    Store laptop = Store::open(f.dir.file("laptop.db").string());
    addParticipants(laptop, 3);
    HttpClient wrong = clientFor(f.hub.url(), "dct_not-a-token");
    const SyncReport refused = syncOnce(laptop, wrong);
    CHECK(refused.problem == SyncProblem::Unauthorized);
    CHECK(std::string(problemMessageKey(refused.problem)) == "sync.unauthorized");
    CHECK(refused.waiting == 3);

    const std::string token = f.hub.addToken("sofie", "coach");
    HttpClient right = clientFor(f.hub.url(), token);
    CHECK(right.get("/v1/pull").status == 200);
    f.hub.revokeTokens("sofie");
    CHECK(right.get("/v1/pull").status == 401);
}

TEST_CASE("a record the hub rejects is set aside with its reason and does not block the others") {
    HubFixture f;
    Store laptop = Store::open(f.dir.file("laptop.db").string());
    addParticipants(laptop, 5);
    Participant odd;
    odd.meta.id = std::string(80, 'x');  // longer than the protocol allows
    odd.pseudonym = "Te lang";
    {
        Transaction tx(laptop.db());
        laptop.put(odd, "coach-a", kTestNowMs);
        tx.commit();
    }
    addParticipants(laptop, 5);
    HttpClient client = clientFor(f.hub.url(), f.hub.addToken("sofie", "coach"));
    const SyncReport report = syncOnce(laptop, client);
    CHECK(report.ok());
    CHECK(report.rejected == 1);
    CHECK(report.pushed == 10);
    CHECK(report.waiting == 0);
    const std::vector<SetAsideRecord> setAside = Outbox(laptop).setAsideRecords();
    REQUIRE(setAside.size() == 1);
    CHECK(setAside[0].recordId == odd.meta.id);
    CHECK(setAside[0].reason == "missing or malformed id");
    CHECK(Outbox(laptop).countByType().empty());

    // Retrying puts it back in the queue; the hub refuses it again, and it is set aside again.
    Outbox(laptop).retry(setAside[0], kTestNowMs);
    CHECK(Outbox(laptop).countByType().size() == 1);
    CHECK(Outbox(laptop).countByType()[0].recordType == "participants");
    CHECK(Outbox(laptop).setAsideRecords().empty());
    const SyncReport again = syncOnce(laptop, client);
    CHECK(again.rejected == 1);
    CHECK(Outbox(laptop).setAsideRecords().size() == 1);
}

TEST_CASE("oversized, malformed and invalid UTF-8 bodies are refused and the hub keeps serving") {
    HubFixture f;
    HttpClient client = clientFor(f.hub.url(), f.hub.addToken("sofie", "coach"));
    const std::string fiftyMegabytes(50u * 1024 * 1024, 'a');
    CHECK(client.postJson("/v1/push", fiftyMegabytes).status == 413);
    const HttpResult broken = client.postJson("/v1/push", R"({"records": [)");
    CHECK(broken.status == 400);
    CHECK(nlohmann::json::parse(broken.body)["error"] == "bad_json");
    const HttpResult latin1 = client.postJson("/v1/push", "{\"records\": [\"Zo\xEB\"]}");
    CHECK(latin1.status == 400);
    CHECK(client.postJson("/v1/push", R"({"records": 5})").status == 400);
    CHECK(client.get("/v1/pull?since=abc").status == 400);
    CHECK(client.get("/v1/health").status == 200);
}

TEST_CASE("an unreachable hub reads as offline, not as an error with the records") {
    Store laptop = [] {
        static TempDir dir;
        return Store::open(dir.file("laptop.db").string());
    }();
    addParticipants(laptop, 2);
    const RefusingPort refusing;
    HttpClient nowhere = clientFor(refusing.url(), "token");
    const SyncReport report = syncOnce(laptop, nowhere);
    CHECK(report.problem == SyncProblem::Offline);
    CHECK(report.waiting == 2);
    CHECK(probeHub(nowhere) == SyncProblem::Offline);
}

TEST_CASE("backoff doubles from 2 s to at most 5 min, with jitter inside ±20%") {
    BackoffPolicy policy;
    int64_t delay = 0;
    std::vector<int64_t> delays;
    for (int i = 0; i < 12; ++i) {
        delay = nextBackoffMs(delay, policy, static_cast<uint64_t>(i) * 7919);
        delays.push_back(delay);
        CHECK(delay >= policy.firstDelayMs);
        CHECK(delay <= policy.maxDelayMs);
    }
    CHECK(delays[0] <= 2400);
    CHECK(delays[3] >= 8000 * 0.8 * 0.8);
    CHECK(delays.back() >= 300'000 * 0.8);
    CHECK(nextBackoffMs(0, policy, 0) == 2000);      // -20% is clamped to the first delay
    CHECK(nextBackoffMs(0, policy, 4000) == 2400);   // +20%
}

TEST_CASE("the background worker pushes an encrypted laptop's records after a save and reports to the UI queue") {
    HubFixture f;
    const std::string path = f.dir.file("laptop.db").string();
    Store ui = Store::open(path);
    ui.protect("wachtwoordzin", KdfLimits::minimum());
    const std::string token = f.hub.addToken("sofie", "coach");
    saveEndpoint(ui, f.hub.url(), token);
    const std::string onDisk = readFileBytes(path) + readFileBytes(path + "-wal");
    CHECK(onDisk.find(token) == std::string::npos);  // the token is stored encrypted
    CHECK(onDisk.find("dct_") == std::string::npos);
    std::atomic<int> wakeUps{0};
    SyncWorker worker(path, {}, {}, ui.cipher(), [&] { ++wakeUps; });
    addParticipants(ui, 25);
    worker.requestSync();
    std::optional<SyncStatus> last;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        if (auto status = worker.pollStatus()) last = status;
        if (last && last->state == SyncStatus::State::UpToDate && last->waiting == 0) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a frame
    }
    REQUIRE(last);
    CHECK(last->state == SyncStatus::State::UpToDate);
    CHECK(last->waiting == 0);
    CHECK(last->lastSuccessMs > 0);
    CHECK(ui.outboxCount() == 0);
    const auto onHub = f.hubRecords("participants");
    REQUIRE(onHub.size() == 25);
    CHECK(onHub.begin()->second.second.find("Deelnemer ") != std::string::npos);  // readable for the hub
    CHECK(wakeUps > 0);
}

TEST_CASE("the background worker says offline when the hub cannot be reached") {
    LaptopWithUnreachableHub laptop;
    addParticipants(laptop.ui, 1);
    SyncWorker worker(laptop.path, {});
    std::optional<SyncStatus> last;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        if (auto status = worker.pollStatus()) last = status;
        if (last && last->state == SyncStatus::State::Offline) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a frame
    }
    REQUIRE(last);
    CHECK(last->state == SyncStatus::State::Offline);
    CHECK(last->problem == SyncProblem::Offline);
    CHECK(last->waiting == 1);
    CHECK(last->nextAttemptMs > 0);
}

TEST_CASE("over HTTPS the laptop verifies the hub's certificate and refuses one it cannot trust") {
    TempDir dir;
    const std::string cert = dir.file("hub.crt").string();
    const std::string key = dir.file("hub.key").string();
    makeLoopbackCertificate(cert, key);
    HubProcess hub(dir.file("hub.db").string(), cert, key);
    Store laptop = Store::open(dir.file("laptop.db").string());
    addParticipants(laptop, 3);
    const std::string token = hub.addToken("sofie", "coach");

    HttpClient untrusted = clientFor(hub.url(), token);  // verification on, certificate unknown
    const SyncReport refused = syncOnce(laptop, untrusted);
    // Told apart from "offline": the coach must call the coordinator, and it may be an attack.
    CHECK(refused.problem == SyncProblem::UntrustedCertificate);
    CHECK(std::string(problemMessageKey(refused.problem)) == "sync.untrusted_certificate");
    CHECK(probeHub(untrusted) == SyncProblem::UntrustedCertificate);
    CHECK(refused.waiting == 3);

    HttpOptions pinned = HttpOptions::endpoint(hub.url(), token);
    pinned.caBundlePath = cert;
    HttpClient trusted(pinned);
    const SyncReport report = syncOnce(laptop, trusted);
    CHECK(report.ok());
    CHECK(report.waiting == 0);

    // Switching verification off is honoured only for a loopback endpoint.
    HttpOptions insecure = HttpOptions::endpoint(hub.url(), token);
    insecure.insecureLoopbackTls = true;
    HttpClient loopback(insecure);
    CHECK(loopback.get("/v1/pull").status == 200);
    CHECK(isLoopbackUrl("https://127.0.0.1:8787"));
    CHECK(isLoopbackUrl("https://[::1]:8787/v1"));
    CHECK_FALSE(isLoopbackUrl("https://127.0.0.1.example.org/"));
    CHECK_FALSE(isLoopbackUrl("https://hub.gent.be"));
}

TEST_CASE("forgetting a person reaches the hub and a coordinator's laptop, and the hub keeps no copy") {
    HubFixture f;
    Store coach = Store::open(f.dir.file("coach.db").string());
    FixedClock clock(kTestNowMs);
    ServiceContext ctx{coach, clock, "sofie"};
    ReferenceService(ctx).seedDefaults();
    Participant p;
    p.pseudonym = "Vergeetmij Vandenbroucke";
    p.phone = "0470 98 76 54";
    p.consentDate = "2023-06-14";
    p.consentScopes = {"store"};
    REQUIRE(ParticipantService(ctx).save(p).ok());
    HelpRequest h = HelpRequestService(ctx).draftWithDefaults();
    h.participantId = p.meta.id;
    h.categoryId = seededId("category", "Technische hulp/E-mail");
    h.notes = "Notitie over Vandenbroucke";
    REQUIRE(HelpRequestService(ctx).save(h).ok());

    HttpClient coachClient = clientFor(f.hub.url(), f.hub.addToken("sofie", "coach"));
    REQUIRE(syncOnce(coach, coachClient).ok());
    Store coordinator = Store::open(f.dir.file("coordinator.db").string());
    HttpClient coordinatorClient = clientFor(f.hub.url(), f.hub.addToken("an", "coordinator"));
    REQUIRE(syncOnce(coordinator, coordinatorClient).ok());
    REQUIRE(coordinator.find<Participant>(p.meta.id)->pseudonym == "Vergeetmij Vandenbroucke");

    // A concurrent edit on the coordinator's side puts the name in the hub's conflict log.
    clock.advanceMs(60'000);
    FixedClock earlier(kTestNowMs + 30'000);
    ServiceContext coordinatorCtx{coordinator, earlier, "an"};
    Participant edited = *coordinator.find<Participant>(p.meta.id);
    edited.notes = "Opmerking van Vandenbroucke";
    REQUIRE(ParticipantService(coordinatorCtx).save(edited).ok());

    REQUIRE(forgetParticipant(ctx, p.meta.id).ok());
    REQUIRE(syncOnce(coach, coachClient).ok());
    REQUIRE(syncOnce(coordinator, coordinatorClient).ok());

    const Participant onCoordinator = *coordinator.find<Participant>(p.meta.id);
    CHECK(onCoordinator.pseudonym.empty());
    CHECK(onCoordinator.phone.empty());
    CHECK(onCoordinator.notes.empty());
    CHECK(onCoordinator.erasedOn.has_value());
    CHECK(coordinator.find<HelpRequest>(h.meta.id)->notes.empty());
    CHECK(coordinator.all<HelpRequest>().size() == 1);  // the help still counts

    const HttpResult log = coordinatorClient.get("/v1/conflicts");
    REQUIRE(log.ok());
    CHECK(log.body.find("Vandenbroucke") == std::string::npos);
    f.hub.stop();
    std::string hubBytes = readFileBytes(f.hubDbPath());
    if (std::filesystem::exists(f.hubDbPath() + "-wal")) hubBytes += readFileBytes(f.hubDbPath() + "-wal");
    CHECK(hubBytes.find("Vergeetmij") == std::string::npos);
    CHECK(hubBytes.find("0470 98 76 54") == std::string::npos);
    CHECK(hubBytes.find("Vandenbroucke") == std::string::npos);
}

TEST_CASE("TLS verification can be switched off only for a loopback host, as curl itself reads the URL") {
    HttpOptions off = HttpOptions::endpoint("", "token");
    off.insecureLoopbackTls = true;
    CHECK(tlsVerificationOff(off, "https://127.0.0.1:8787/v1/pull"));
    CHECK(tlsVerificationOff(off, "https://localhost/v1/pull"));
    CHECK(tlsVerificationOff(off, "https://[::1]:8787/v1/pull"));
    // Remote hosts keep verification, however the URL is dressed up.
    for (const char* remote : {"https://hub.gent.be/v1/pull", "https://127.0.0.1.example.org/",
                               "https://127.0.0.1:8787@hub.gent.be/v1/pull", "https://localhost@hub.gent.be/",
                               "https://[::1].example.org/", "https://localhost.example.org/", "https://10.0.0.1/",
                               "127.0.0.1:8787", "not a url", ""}) {
        CHECK_MESSAGE(!tlsVerificationOff(off, remote), remote);
    }
    // Without the explicit switch, even loopback is verified.
    CHECK_FALSE(tlsVerificationOff(HttpOptions::endpoint("", "token"), "https://127.0.0.1:8787/"));
}

TEST_CASE("a round cut short after some batches were accepted counts those batches as sent") {
    HubFixture f;
    Store laptop = Store::open(f.dir.file("laptop.db").string());
    addParticipants(laptop, 300);
    // The first two pushes (requests 0 and 1) reach the hub; then it is unavailable.
    FaultProxy proxy(f.hub.port(), [](int request) { return request < 2 ? Fault::Pass : Fault::Answer503; });
    HttpClient client = clientFor("http://127.0.0.1:" + std::to_string(proxy.port()), f.hub.addToken("sofie", "coach"));
    SyncLimits limits;
    limits.pushBatchRecords = 100;
    const SyncReport report = syncOnce(laptop, client, limits);
    CHECK_FALSE(report.ok());
    CHECK(report.problem == SyncProblem::HubError);
    CHECK(report.pushed == 200);
    CHECK(report.waiting == 100);
    CHECK(laptop.outboxCount() == 100);
}

TEST_CASE("the background worker survives a database it cannot open, keeps the reason, and starts over") {
    TempDir dir;
    const std::string path = dir.file("laptop.db").string();
    writeFileBytes(path, "not a database, e.g. a file half-restored from a backup");
    SyncWorker worker(path, {});
    auto waitForStatus = [&](const std::function<bool(const SyncStatus&)>& wanted) {
        std::optional<SyncStatus> last;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (std::chrono::steady_clock::now() < deadline) {
            if (auto status = worker.pollStatus()) last = status;
            if (last && wanted(*last)) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a frame
        }
        return last;
    };
    const std::optional<SyncStatus> failed = waitForStatus([](const SyncStatus& s) { return !s.failure.empty(); });
    REQUIRE(failed);
    CHECK(failed->state == SyncStatus::State::NeedsAttention);
    CHECK_FALSE(failed->failure.empty());

    // The file is put right; the same worker thread carries on at the next request.
    std::filesystem::remove(path);
    { Store repaired = Store::open(path); }
    worker.requestSync();
    const std::optional<SyncStatus> recovered =
        waitForStatus([](const SyncStatus& s) { return s.problem == SyncProblem::NotConfigured; });
    REQUIRE(recovered);
    CHECK(recovered->problem == SyncProblem::NotConfigured);
    CHECK(recovered->failure.empty());
}
