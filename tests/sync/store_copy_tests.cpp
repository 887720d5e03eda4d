// Whole-store copies through the digicoach-hub command line: a SQLite hub migrated into
// PostgreSQL, and an online backup of a serving SQLite hub.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "model/clock.hpp"
#include "processes.hpp"
#include "sync/http_client.hpp"
#include "test_postgres.hpp"
#include "test_support.hpp"

using namespace dc;
using namespace dc::sync;
using namespace dc::test;

namespace {

nlohmann::json participantVersion(const std::string& id, int64_t version, int64_t updatedAtMs,
                                  const std::string& origin) {
    return {{"type", "participants"}, {"id", id},         {"version", version},   {"created_at", updatedAtMs},
            {"updated_at", updatedAtMs}, {"author", "coach-sofie"}, {"origin", origin}, {"deleted", false},
            {"data", {{"pseudonym", "Deelnemer " + id}}}};
}

void push(HttpClient& client, const nlohmann::json& records) {
    const HttpResult answer = client.postJson("/v1/push", nlohmann::json{{"protocol", 1}, {"records", records}}.dump());
    REQUIRE(answer.status == 200);
}

// Everything a token pulls from the start, as the hub serves it (with seq).
nlohmann::json pullAll(HttpClient& client) {
    nlohmann::json records = nlohmann::json::array();
    int64_t since = 0;
    for (bool more = true; more;) {
        const HttpResult page = client.get("/v1/pull?since=" + std::to_string(since) + "&limit=1000");
        REQUIRE(page.status == 200);
        const nlohmann::json body = nlohmann::json::parse(page.body);
        for (const nlohmann::json& record : body["records"]) records.push_back(record);
        since = body["next"].get<int64_t>();
        more = body["more"].get<bool>();
    }
    return records;
}

nlohmann::json conflictLog(HttpClient& client) {
    const HttpResult log = client.get("/v1/conflicts");
    REQUIRE(log.status == 200);
    return nlohmann::json::parse(log.body)["conflicts"];
}

struct CoordinatorView {
    std::string token;
    nlohmann::json served;  // what the hub serves the coordinator
};

// A coordinator pushes two participants through `hub`.
CoordinatorView pushTwoRecords(HubProcess& hub) {
    CoordinatorView view{hub.addToken("an", "coordinator"), {}};
    HttpClient coordinator(HttpOptions::endpoint(hub.url(), view.token));
    const int64_t nowMs = SystemClock().nowMs();
    push(coordinator, nlohmann::json::array({participantVersion("p-1", 1, nowMs, "laptop-an"),
                                             participantVersion("p-2", 1, nowMs, "laptop-an")}));
    view.served = pullAll(coordinator);
    return view;
}

}  // namespace

TEST_CASE("on postgresql, migrate copies a SQLite hub with tokens, logs and pull numbers, and a second run adds nothing") {
    TempDir dir;
    const std::string path = dir.file("hub.db").string();
    const int64_t nowMs = SystemClock().nowMs();
    std::string sofieToken, coordinatorToken, jonasToken;
    nlohmann::json pulledBefore, conflictsBefore;
    {
        HubProcess hub(path);
        sofieToken = hub.addToken("sofie", "coach", {"noord"});
        coordinatorToken = hub.addToken("an", "coordinator");
        jonasToken = hub.addToken("jonas", "coach");
        hub.revokeTokens("jonas");
        HttpClient sofie(HttpOptions::endpoint(hub.url(), sofieToken));
        HttpClient coordinator(HttpOptions::endpoint(hub.url(), coordinatorToken));
        push(sofie, nlohmann::json::array({participantVersion("p-1", 1, nowMs, "laptop-sofie"),
                     participantVersion("p-2", 1, nowMs, "laptop-sofie"),
                     participantVersion("p-3", 1, nowMs, "laptop-sofie")}));
        // A coordinator's older edit loses and lands in the conflict log.
        push(coordinator, nlohmann::json::array({participantVersion("p-2", 2, nowMs - 60'000, "laptop-an")}));
        pulledBefore = pullAll(coordinator);
        conflictsBefore = conflictLog(coordinator);
        REQUIRE(pulledBefore.size() == 3);
        REQUIRE(conflictsBefore.size() == 1);
    }

    TestPostgres server;
    const std::string url = server.createDatabase();
    std::string firstRun, secondRun;
    REQUIRE(runCommand({hubBinaryPath(), "migrate", "--from", path, "--to", url}, &firstRun, true) == 0);
    CHECK(firstRun.find("records          sqlite 3  postgresql 3") != std::string::npos);
    CHECK(firstRun.find("tokens           sqlite 3  postgresql 3") != std::string::npos);
    CHECK(firstRun.find("conflicts        sqlite 1  postgresql 1") != std::string::npos);
    CHECK(firstRun.find("the two sides match") != std::string::npos);
    REQUIRE(runCommand({hubBinaryPath(), "migrate", "--from", path, "--to", url}, &secondRun, true) == 0);
    CHECK(secondRun == firstRun);

    HubProcess hub(url);
    HttpClient coordinator(HttpOptions::endpoint(hub.url(), coordinatorToken));
    // The same records with the same pull numbers: laptops go on from their cursors.
    CHECK(pullAll(coordinator) == pulledBefore);
    CHECK(conflictLog(coordinator) == conflictsBefore);
    HttpClient jonas(HttpOptions::endpoint(hub.url(), jonasToken));
    CHECK(jonas.get("/v1/pull").status == 401);
    HttpClient sofie(HttpOptions::endpoint(hub.url(), sofieToken));
    push(sofie, nlohmann::json::array({participantVersion("p-4", 1, nowMs, "laptop-sofie")}));
    const nlohmann::json after = pullAll(coordinator);
    REQUIRE(after.size() == 4);
    CHECK(after.back()["id"] == "p-4");
    CHECK(after.back()["seq"].get<int64_t>() > pulledBefore.back()["seq"].get<int64_t>());
    CHECK(hub.audit().find("coach=jonas action=token_revoke records=1") != std::string::npos);
}

TEST_CASE("backup copies a serving SQLite hub into a new file, and a hub restored from it serves the same records") {
    TempDir dir;
    const std::string path = dir.file("hub.db").string();
    const std::string copy = dir.file("backup.db").string();
    HubProcess hub(path);
    const auto [token, served] = pushTwoRecords(hub);

    std::string output;
    REQUIRE(runCommand({hubBinaryPath(), "backup", "--db", path, "--to", copy}, &output, true) == 0);
    // A backup never overwrites a file.
    CHECK(runCommand({hubBinaryPath(), "backup", "--db", path, "--to", copy}, &output, true) == 1);
    CHECK(output.find("exists already") != std::string::npos);

    HubProcess restored(copy);
    HttpClient fromCopy(HttpOptions::endpoint(restored.url(), token));
    CHECK(pullAll(fromCopy) == served);
}

TEST_CASE("on postgresql, a pg_dump of a serving hub restores into a new database that serves the same records") {
    TestPostgres server;
    const std::string url = server.createDatabase();
    HubProcess hub(url);
    const auto [token, served] = pushTwoRecords(hub);

    // As docs/deploy.md says: a custom-format dump while the hub serves, restored into a new database.
    TempDir dir;
    const std::string dump = dir.file("hub.dump").string();
    std::string output;
    REQUIRE_MESSAGE(runCommand({postgresProgram("pg_dump"), "-Fc", "-d", url, "-f", dump}, &output, true) == 0, output);
    const std::string restoredUrl = server.createDatabase();
    REQUIRE_MESSAGE(runCommand({postgresProgram("pg_restore"), "--no-owner", "-d", restoredUrl, dump}, &output, true) == 0,
                    output);

    HubProcess restored(restoredUrl);
    HttpClient fromRestored(HttpOptions::endpoint(restored.url(), token));
    CHECK(pullAll(fromRestored) == served);
}
