// The hub on a real PostgreSQL 15: two hub processes on one database while laptops push
// and coordinators pull at once, and plain answers to a bad or unreachable store.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <map>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "hub/pg_connection.hpp"
#include "model/clock.hpp"
#include "model/revision.hpp"
#include "processes.hpp"
#include "refusing_port.hpp"
#include "sync/http_client.hpp"
#include "test_postgres.hpp"

using namespace dc;
using namespace dc::sync;
using namespace dc::test;

namespace {

constexpr int kLaptops = 8;
constexpr int kCoordinators = 3;
constexpr int kRounds = 5;
constexpr int kNewPerRound = 10;
constexpr int kSharedRecords = 4;

// Sets an environment variable for the hubs this scope starts, and unsets it after.
class ScopedEnvironment {
public:
    ScopedEnvironment(const char* name, const std::string& value) : name_(name) { ::setenv(name, value.c_str(), 1); }
    ~ScopedEnvironment() { ::unsetenv(name_); }
    ScopedEnvironment(const ScopedEnvironment&) = delete;
    ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;

private:
    const char* name_;
};

// A participant's version from laptop `laptop`, created by coach `author` (authorship
// never changes, so a teammate's edit keeps it).
nlohmann::json participant(const std::string& id, int64_t version, int64_t updatedAtMs, int laptop, int author) {
    return {{"type", "participants"},
            {"id", id},
            {"version", version},
            {"created_at", updatedAtMs},
            {"updated_at", updatedAtMs},
            {"author", "coach-" + std::to_string(author)},
            {"origin", "laptop-" + std::to_string(laptop)},
            {"deleted", false},
            {"data", {{"pseudonym", "Deelnemer " + id}, {"notes", "versie " + std::to_string(version)}}}};
}

using IdVersions = std::map<std::string, int64_t>;

// What the database holds, read without going through a hub.
IdVersions storedVersions(const std::string& url) {
    IdVersions stored;
    const hub::PgResult rows = hub::PgConnection(url).exec("SELECT id, version FROM records");
    for (int row = 0; row < rows.rows(); ++row) stored[rows.text(row, 0)] = rows.integer(row, 1);
    return stored;
}

int64_t conflictsLogged(const std::string& url, const std::string& id) {
    return hub::PgConnection(url)
        .exec("SELECT count(*) FROM conflicts WHERE record_id = $1 AND seq IS NOT NULL", {id})
        .integer(0, 0);
}

// One round of the proof: laptops push through two hubs while coordinators pull.
void laptopsAndCoordinatorsAgree(TestPostgres& server) {
    const std::string url = server.createDatabase();
    // TEST ONLY: each push transaction pauses at random before it is numbered, so
    // commits of concurrent pushes overtake each other.
    ScopedEnvironment delay("DIGICOACH_HUB_TEST_ONLY_PUSH_DELAY_MS", "5");
    HubProcess first(url);
    HubProcess second(url);
    HubProcess* hubs[] = {&first, &second};

    std::vector<std::string> laptopTokens;
    for (int k = 0; k < kLaptops; ++k)
        laptopTokens.push_back(first.addToken("coach-" + std::to_string(k), "coach", {"gent"}));
    std::vector<std::string> coordinatorTokens;
    for (int m = 0; m < kCoordinators; ++m)
        coordinatorTokens.push_back(second.addToken("coordinator-" + std::to_string(m), "coordinator"));

    // Records laptops 1..7 edit at once in each round, made by laptop 0's coach: a
    // teammate's people may be changed by the team. Every two versions of one of them
    // come from different coaches, so all but the winner belong in the conflict log.
    const int64_t startMs = SystemClock().nowMs();
    auto sharedId = [](int round, int j) { return "shared-" + std::to_string(round) + "-" + std::to_string(j); };
    std::map<std::string, std::vector<Revision>> sharedVersions;
    {
        nlohmann::json records = nlohmann::json::array();
        for (int round = 0; round < kRounds; ++round)
            for (int j = 0; j < kSharedRecords; ++j) {
                records.push_back(participant(sharedId(round, j), 1, startMs, 0, 0));
                sharedVersions[sharedId(round, j)].push_back({1, startMs, "laptop-0"});
            }
        HttpClient client(HttpOptions::endpoint(first.url(), laptopTokens[0]));
        REQUIRE(client.postJson("/v1/push", nlohmann::json{{"protocol", 1}, {"records", records}}.dump()).status ==
                200);
    }

    std::atomic<int> laptopsPushing = kLaptops;
    std::atomic<int> errorAnswers = 0;
    std::atomic<int> unexpectedResults = 0;
    std::vector<std::map<std::string, std::vector<Revision>>> sharedByLaptop(kLaptops);
    std::vector<std::thread> laptops;
    for (int k = 0; k < kLaptops; ++k) {
        laptops.emplace_back([&, k] {
            HttpClient client(HttpOptions::endpoint(hubs[k % 2]->url(), laptopTokens[k]));
            for (int round = 0; round < kRounds; ++round) {
                nlohmann::json records = nlohmann::json::array();
                const int64_t atMs = startMs + 1000 * (round + 1) + k;
                for (int i = 0; i < kNewPerRound; ++i) {
                    const std::string id = "p-" + std::to_string(k) + "-" + std::to_string(round) + "-" +
                                           std::to_string(i);
                    records.push_back(participant(id, 1, atMs, k, k));
                    // The previous round's records get a second version.
                    if (round > 0) {
                        records.push_back(participant(
                            "p-" + std::to_string(k) + "-" + std::to_string(round - 1) + "-" + std::to_string(i), 2,
                            atMs, k, k));
                    }
                }
                for (int j = 0; k > 0 && j < kSharedRecords; ++j) {
                    records.push_back(participant(sharedId(round, j), 2, atMs, k, 0));
                    sharedByLaptop[k][sharedId(round, j)].push_back({2, atMs, "laptop-" + std::to_string(k)});
                }
                const HttpResult answer =
                    client.postJson("/v1/push", nlohmann::json{{"protocol", 1}, {"records", records}}.dump());
                if (answer.status != 200) {
                    ++errorAnswers;
                    continue;
                }
                const nlohmann::json results = nlohmann::json::parse(answer.body)["results"];
                for (const nlohmann::json& result : results)
                    if (result["status"] != "accepted" && result["status"] != "superseded") ++unexpectedResults;
            }
            --laptopsPushing;
        });
    }

    std::vector<IdVersions> pulled(kCoordinators);
    std::vector<std::thread> coordinators;
    for (int m = 0; m < kCoordinators; ++m) {
        coordinators.emplace_back([&, m] {
            HttpClient clients[] = {HttpClient(HttpOptions::endpoint(first.url(), coordinatorTokens[m])),
                                    HttpClient(HttpOptions::endpoint(second.url(), coordinatorTokens[m]))};
            int64_t since = 0;
            // Pulls without pause, from either hub in turn, until the laptops are done
            // and a pull after that reaches the end.
            for (int request = 0;; ++request) {
                const bool lastRound = laptopsPushing == 0;
                bool more = true;
                while (more) {
                    const HttpResult page = clients[(request + m) % 2].get("/v1/pull?since=" + std::to_string(since) +
                                                                            "&limit=50");
                    if (page.status != 200) {
                        ++errorAnswers;
                        return;
                    }
                    const nlohmann::json body = nlohmann::json::parse(page.body);
                    for (const nlohmann::json& record : body["records"])
                        pulled[m][record["id"].get<std::string>()] = record["version"].get<int64_t>();
                    since = body["next"].get<int64_t>();
                    more = body["more"].get<bool>();
                    if (!lastRound) break;
                }
                if (lastRound) return;
            }
        });
    }
    for (std::thread& laptop : laptops) laptop.join();
    for (std::thread& coordinator : coordinators) coordinator.join();

    CHECK(errorAnswers == 0);
    CHECK(unexpectedResults == 0);
    const IdVersions onHub = storedVersions(url);
    CHECK(onHub.size() == static_cast<std::size_t>((kSharedRecords + kLaptops * kNewPerRound) * kRounds));
    for (int m = 0; m < kCoordinators; ++m) CHECK_MESSAGE(pulled[m] == onHub, "coordinator " << m);

    // Each shared record ends at the version the conflict rule picks from all that were
    // pushed, and every other version is in the conflict log once.
    for (int k = 0; k < kLaptops; ++k)
        for (const auto& [id, revisions] : sharedByLaptop[k])
            sharedVersions[id].insert(sharedVersions[id].end(), revisions.begin(), revisions.end());
    for (const auto& [id, revisions] : sharedVersions) {
        Revision winner = revisions.front();
        for (const Revision& candidate : revisions)
            if (supersedes(candidate, winner)) winner = candidate;
        const hub::PgResult stored = hub::PgConnection(url).exec(
            "SELECT version, updated_at_ms, origin FROM records WHERE id = $1", {id});
        REQUIRE(stored.rows() == 1);
        CHECK(Revision{stored.integer(0, 0), stored.integer(0, 1), stored.text(0, 2)} == winner);
        CHECK_MESSAGE(conflictsLogged(url, id) == static_cast<int64_t>(revisions.size()) - 1, id);
    }
}

}  // namespace

TEST_CASE("on postgresql, 8 laptops push through 2 hub processes while 3 coordinators pull, and all end alike") {
    TestPostgres server;
    for (int run = 1; run <= 3; ++run) {
        CAPTURE(run);
        laptopsAndCoordinatorsAgree(server);
    }
}

TEST_CASE("on postgresql, a bad store URL or an unreachable database gets one plain line and an exit code") {
    const std::string hubBinary = hubBinaryPath();
    std::string output;
    const RefusingPort closed;
    const std::string unreachable = "postgresql://coach:geheim@127.0.0.1:" + std::to_string(closed.port()) + "/hub";
    for (const std::vector<std::string>& command :
         {std::vector<std::string>{hubBinary, "serve", "--store", unreachable},
          std::vector<std::string>{hubBinary, "token", "add", "--store", unreachable, "--coach", "an", "--role",
                                   "coordinator"},
          std::vector<std::string>{hubBinary, "audit", "--store", unreachable}}) {
        CAPTURE(command[1]);
        CHECK(runCommand(command, &output, true) == 1);
        CHECK(output.find("cannot connect to PostgreSQL") != std::string::npos);
        CHECK(std::count(output.begin(), output.end(), '\n') == 1);
        // The password in the URL is never repeated.
        CHECK(output.find("geheim") == std::string::npos);
    }

    CHECK(runCommand({hubBinary, "serve", "--store", "mysql://127.0.0.1/hub"}, &output, true) == 2);
    CHECK(output.starts_with("digicoach-hub: --store takes a postgresql:// URL\n"));
    CHECK(runCommand({hubBinary, "serve", "--store", "postgresql://127.0.0.1/hub?no_such_option=1"}, &output, true) ==
          2);
    CHECK(output.starts_with("digicoach-hub: --store: invalid URI query parameter"));
    CHECK(runCommand({hubBinary, "serve", "--db", "hub.db", "--store", unreachable}, &output, true) == 2);
    CHECK(runCommand({hubBinary, "audit", "--db", unreachable}, &output, true) == 2);
    CHECK(output.starts_with("digicoach-hub: --db takes a file path"));
}

TEST_CASE("on postgresql, two hub processes given the same new records at once keep one version of each and log the other") {
    TestPostgres server;
    const std::string url = server.createDatabase();
    // TEST ONLY: the pause inside each push makes the two pushes overlap.
    ScopedEnvironment delay("DIGICOACH_HUB_TEST_ONLY_PUSH_DELAY_MS", "20");
    HubProcess first(url);
    HubProcess second(url);
    const std::string anToken = first.addToken("an", "coordinator");
    const std::string bartToken = second.addToken("bart", "coordinator");
    constexpr int kRecords = 20;
    const int64_t nowMs = SystemClock().nowMs();
    auto batchFrom = [&](int laptop) {
        nlohmann::json records = nlohmann::json::array();
        for (int i = 0; i < kRecords; ++i)
            records.push_back(participant("new-" + std::to_string(i), 1, nowMs + laptop, laptop, laptop));
        return nlohmann::json{{"protocol", 1}, {"records", records}}.dump();
    };
    std::vector<long> statuses(2);
    std::thread an([&] {
        statuses[0] = HttpClient(HttpOptions::endpoint(first.url(), anToken)).postJson("/v1/push", batchFrom(1)).status;
    });
    std::thread bart([&] {
        statuses[1] = HttpClient(HttpOptions::endpoint(second.url(), bartToken)).postJson("/v1/push", batchFrom(2)).status;
    });
    an.join();
    bart.join();
    CHECK(statuses == std::vector<long>{200, 200});
    // Bart's versions are a millisecond later, so they win by the rule wherever they landed first.
    for (int i = 0; i < kRecords; ++i) {
        const std::string id = "new-" + std::to_string(i);
        const hub::PgResult stored = hub::PgConnection(url).exec("SELECT origin FROM records WHERE id = $1", {id});
        REQUIRE(stored.rows() == 1);
        CHECK(stored.text(0, 0) == "laptop-2");
        CHECK_MESSAGE(conflictsLogged(url, id) == 1, id);
    }
}
