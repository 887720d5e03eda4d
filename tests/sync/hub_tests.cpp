// The hub's request handling in-process (HubService, no socket): tokens, revocation,
// the audit log, and error bodies that never echo what a client sent.
#include "hub/hub_service.hpp"
#include "hub/sqlite_hub_store.hpp"
#include "model/envelope.hpp"
#include "sync/sync_engine.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace dc;
using namespace dc::hub;
using dc::test::TempDir;

namespace {

struct HubWorld {
    TempDir dir;
    std::string path = dir.file("hub.db").string();
    HubService service{path};
    // Tokens are added and revoked through a second connection, as the CLI does
    // while the server runs.
    std::string addToken(const std::string& coach, Role role) { return SqliteHubStore(path).addToken(coach, role, 1000); }

    HubResponse get(const std::string& path, const std::string& token,
                    std::multimap<std::string, std::string> params = {}) {
        return service.handle({"GET", path, std::move(params), "Bearer " + token, {}});
    }
    HubResponse post(const std::string& path, const std::string& token, std::string body) {
        return service.handle({"POST", path, {}, "Bearer " + token, std::move(body)});
    }
};

nlohmann::json participantEnvelope(const std::string& id, const std::string& pseudonym, const std::string& phone,
                                   const std::string& notes) {
    Participant p;
    p.meta = {id, 1000, 1000, 1, "coach-sofie", "laptop-1", false};
    p.pseudonym = pseudonym;
    p.phone = phone;
    p.notes = notes;
    return {{"type", "participants"}, {"id", id},   {"version", 1},      {"created_at", 1000}, {"updated_at", 1000},
            {"author", "coach-sofie"}, {"origin", "laptop-1"}, {"deleted", false}, {"data", fieldsToJson(p)}};
}

}  // namespace

TEST_CASE("token hashes are compared by the constant-time helper, which needs equal non-empty bytes") {
    const std::string hash(32, '\x5a');
    CHECK(sameTokenHash(hash, hash));
    std::string firstDiffers = hash;
    firstDiffers.front() = 'x';
    std::string lastDiffers = hash;
    lastDiffers.back() = 'x';
    CHECK_FALSE(sameTokenHash(hash, firstDiffers));
    CHECK_FALSE(sameTokenHash(hash, lastDiffers));
    CHECK_FALSE(sameTokenHash(hash, hash.substr(0, 31)));
    CHECK_FALSE(sameTokenHash("", ""));
}

TEST_CASE("a token revoked through another connection is refused on the very next request") {
    HubWorld hub;
    const std::string token = hub.addToken("sofie", Role::Coach);
    CHECK(hub.get("/v1/pull", token).status == 200);
    CHECK(hub.get("/v1/pull", token).coach == "sofie");
    CHECK(SqliteHubStore(hub.path).revokeTokens("sofie", 2000) == 1);
    const HubResponse refused = hub.get("/v1/pull", token);
    CHECK(refused.status == 401);
    CHECK(nlohmann::json::parse(refused.body)["error"] == "unauthorized");
    CHECK(refused.coach.empty());
    // A new token for the same coach works; the old one stays refused.
    const std::string fresh = hub.addToken("sofie", Role::Coach);
    CHECK(hub.get("/v1/pull", fresh).status == 200);
    CHECK(hub.get("/v1/pull", token).status == 401);
}

TEST_CASE("requests without a bearer token, or with a malformed header, are refused") {
    HubWorld hub;
    hub.addToken("sofie", Role::Coach);
    CHECK(hub.service.handle({"GET", "/v1/pull", {}, "", {}}).status == 401);
    CHECK(hub.service.handle({"GET", "/v1/pull", {}, "Bearer ", {}}).status == 401);
    CHECK(hub.service.handle({"GET", "/v1/pull", {}, "Basic c29maWU6eA==", {}}).status == 401);
    CHECK(bearerToken("Bearer abc") == "abc");
    CHECK(bearerToken("bearer abc").empty());
    CHECK(hub.service.handle({"GET", "/v1/health", {}, "", {}}).status == 200);
}

TEST_CASE("unknown endpoints get 404, other methods on an endpoint 405, and the log names no path a client made up") {
    HubWorld hub;
    const HubResponse unknown = hub.service.handle({"GET", "/v1/Vandenbroucke", {}, "", {}});
    CHECK(unknown.status == 404);
    CHECK(unknown.route == "(unknown)");
    CHECK(unknown.body.find("Vandenbroucke") == std::string::npos);
    const HubResponse deletion = hub.service.handle({"DELETE", "/v1/push", {}, "", {}});
    CHECK(deletion.status == 405);
    CHECK(deletion.allow == "POST");
    CHECK(nlohmann::json::parse(deletion.body)["error"] == "method_not_allowed");
    CHECK(hub.service.handle({"GET", "/v1/push", {}, "", {}}).status == 405);
    CHECK(hub.service.handle({"POST", "/v1/health", {}, "", {}}).status == 405);
    CHECK(hub.service.handle({"DELETE", "/v1/other", {}, "", {}}).status == 404);
}

TEST_CASE("the audit log has who pushed, pulled, erased and got or lost a token, with counts and no contents") {
    HubWorld hub;
    const std::string coach = hub.addToken("sofie", Role::Coach);
    const std::string coordinator = hub.addToken("an", Role::Coordinator);
    nlohmann::json records = nlohmann::json::array();
    records.push_back(participantEnvelope("p-1", "Mariette Verstraeten", "0470 11 22 33", "Woont alleen, zoon in Luik"));
    records.push_back(participantEnvelope("p-2", "Yusuf Demir", "0486 44 55 66", "Zoekt werk via VDAB"));
    records.push_back(participantEnvelope(std::string(80, 'x'), "Te Lang Id", "0499 00 00 00", "Wordt geweigerd"));
    REQUIRE(hub.post("/v1/push", coach, nlohmann::json{{"protocol", 1}, {"records", records}}.dump()).status == 200);

    // Erasure: the same participant with its personal fields emptied and erased_on set.
    nlohmann::json erased = participantEnvelope("p-1", "", "", "");
    erased["version"] = 2;
    erased["updated_at"] = 5000;
    erased["data"]["erased_on"] = "2023-06-15";
    const HubResponse erase =
        hub.post("/v1/push", coach, nlohmann::json{{"protocol", 1}, {"records", {erased}}}.dump());
    REQUIRE(erase.status == 200);
    CHECK(nlohmann::json::parse(erase.body)["results"][0]["status"] == "accepted");
    REQUIRE(hub.get("/v1/pull", coordinator).status == 200);
    SqliteHubStore(hub.path).revokeTokens("sofie", 9000);

    std::vector<std::string> lines;
    for (const AuditEntry& e : SqliteHubStore(hub.path).auditEntries())
        lines.push_back(e.coach + " " + e.action + " " + std::to_string(e.recordCount));
    const std::vector<std::string> expected = {"sofie token_add 0", "an token_add 0", "sofie push 2",
                                               "sofie reject 1",    "sofie push 1",   "sofie erase 1",
                                               "an pull 2",         "sofie token_revoke 1"};
    CHECK(lines == expected);
    for (const AuditEntry& e : SqliteHubStore(hub.path).auditEntries()) CHECK(e.atMs > 0);
    CHECK(utcTime(1686736800000) == "2023-06-14T10:00:00Z");

    for (const AuditEntry& e : SqliteHubStore(hub.path).auditEntries()) {
        const std::string line = e.coach + e.action;
        for (const char* secret : {"Mariette", "Verstraeten", "0470", "Yusuf", "Demir", "Luik", "VDAB", "Te Lang"})
            CHECK_MESSAGE(line.find(secret) == std::string::npos, secret);
    }
}

TEST_CASE("error answers to malformed bodies never quote the body") {
    HubWorld hub;
    const std::string token = hub.addToken("sofie", Role::Coach);
    const std::string secret = "Mariette Verstraeten 0470 11 22 33";
    for (const std::string& body : {
             std::string(R"({"records": [{"type": "participants", "data": {"pseudonym": ")") + secret,
             std::string(R"({"records": "Mariette Verstraeten 0470 11 22 33"})"),
             std::string(R"({"protocol": "Mariette Verstraeten", "records": []})"),
             std::string("Mariette Verstraeten \xE9\xFF 0470 11 22 33"),
         }) {
        const HubResponse answer = hub.post("/v1/push", token, body);
        CHECK(answer.status == 400);
        CHECK(answer.body.find("Mariette") == std::string::npos);
        CHECK(answer.body.find("0470") == std::string::npos);
    }
    // A rejected record's reason names the problem, not the contents.
    nlohmann::json bad = participantEnvelope("p-9", secret, "0470 11 22 33", "notitie");
    bad["data"]["phone"] = 470112233;
    const HubResponse rejected = hub.post("/v1/push", token, nlohmann::json{{"records", {bad}}}.dump());
    CHECK(rejected.status == 200);
    CHECK(rejected.body.find("rejected") != std::string::npos);
    CHECK(rejected.body.find("Mariette") == std::string::npos);
    CHECK(rejected.body.find("0470") == std::string::npos);
}

TEST_CASE("a number too large for the parser is bad JSON, not a failure of the hub") {
    // Found by the hub_request fuzz target: the parser's out_of_range error became a 500.
    HubWorld hub;
    const std::string token = hub.addToken("sofie", Role::Coach);
    const HubResponse answer = hub.post("/v1/push", token, R"({"protocol": 1e800, "records": []})");
    CHECK(answer.status == 400);
    CHECK(nlohmann::json::parse(answer.body)["error"] == "bad_json");
    CHECK_FALSE(sync::parsePullPage(R"({"records": [], "next": 1, "big": -1e999})"));
}

TEST_CASE("a whole-number field given a huge float or a too large number is rejected, not cast") {
    // Found by the json_decode fuzz target: 3.1e42 reached an undefined double-to-int64 cast.
    HubWorld hub;
    const std::string token = hub.addToken("sofie", Role::Coach);
    nlohmann::json records = nlohmann::json::array();
    for (const nlohmann::json& minutes : {nlohmann::json(3.1e42), nlohmann::json(30.0),
                                          nlohmann::json(uint64_t(18446744073709551615ull))}) {
        nlohmann::json request = {{"type", "help_requests"}, {"id", "hr-" + std::to_string(records.size())},
                                  {"version", 1}, {"created_at", 1}, {"updated_at", 1}, {"author", "a"},
                                  {"origin", "o"}, {"deleted", false},
                                  {"data", {{"duration_minutes", minutes}}}};
        records.push_back(request);
    }
    const HubResponse answer = hub.post("/v1/push", token, nlohmann::json{{"records", records}}.dump());
    REQUIRE(answer.status == 200);
    const nlohmann::json parsed = nlohmann::json::parse(answer.body);
    for (const nlohmann::json& result : parsed["results"]) {
        CHECK(result["status"] == "rejected");
        CHECK(result["reason"] == "a data field has the wrong type");
    }
}

TEST_CASE("query parameters are checked: negative, non-numeric and out-of-range limits are refused, never clamped") {
    HubWorld hub;
    const std::string token = hub.addToken("an", Role::Coordinator);
    CHECK(hub.get("/v1/pull", token, {{"since", "-1"}}).status == 400);
    CHECK(hub.get("/v1/pull", token, {{"since", "12abc"}}).status == 400);
    CHECK(hub.get("/v1/pull", token, {{"since", "99999999999999999999999"}}).status == 400);
    CHECK(hub.get("/v1/pull", token, {{"limit", "99999999999"}}).status == 400);
    CHECK(hub.get("/v1/pull", token, {{"limit", "1000000"}}).status == 400);
    CHECK(hub.get("/v1/pull", token, {{"limit", "1001"}}).status == 400);
    const HubResponse zero = hub.get("/v1/pull", token, {{"limit", "0"}});
    CHECK(zero.status == 400);
    CHECK(nlohmann::json::parse(zero.body)["error"] == "bad_parameter");
    CHECK(hub.get("/v1/conflicts", token, {{"limit", "4294967297"}}).status == 400);
    CHECK(hub.get("/v1/pull", token, {{"limit", "1"}}).status == 200);
    CHECK(hub.get("/v1/pull", token, {{"limit", "1000"}}).status == 200);
}

TEST_CASE("a body nested deeper than the protocol allows is refused, not walked until the stack runs out") {
    HubWorld hub;
    const std::string token = hub.addToken("sofie", Role::Coach);
    nlohmann::json record = participantEnvelope("p-1", "Deelnemer", "", "");
    std::string deep = record.dump();
    const std::string dataKey = "\"data\":{";
    deep.insert(deep.find(dataKey) + dataKey.size(), "\"extra\":" + std::string(300'000, '[') + std::string(300'000, ']') + ",");
    const HubResponse answer = hub.post("/v1/push", token, R"({"protocol": 1, "records": [)" + deep + "]}");
    CHECK(answer.status == 400);
    CHECK(nlohmann::json::parse(answer.body)["error"] == "bad_json");
    // The same record without the nesting is accepted; the limit leaves room for real data.
    const HubResponse fine = hub.post("/v1/push", token, nlohmann::json{{"records", {record}}}.dump());
    CHECK(nlohmann::json::parse(fine.body)["results"][0]["status"] == "accepted");
    CHECK_FALSE(sync::parsePullPage(R"({"records": [)" + deep + R"(], "next": 1})"));
}

TEST_CASE("a laptop that does not know a field yet keeps the hub's value of it; an emptied field or an erasure does not") {
    HubWorld hub;
    const std::string coach = hub.addToken("sofie", Role::Coach);
    const std::string coordinator = hub.addToken("an", Role::Coordinator);
    const auto push = [&](const nlohmann::json& envelope) {
        const HubResponse answer =
            hub.post("/v1/push", coach, nlohmann::json{{"protocol", 1}, {"records", {envelope}}}.dump());
        REQUIRE(answer.status == 200);
        REQUIRE(nlohmann::json::parse(answer.body)["results"][0]["status"] == "accepted");
    };
    const auto onHub = [&](const char* id) {
        const nlohmann::json page = nlohmann::json::parse(hub.get("/v1/pull", coordinator).body);
        for (const nlohmann::json& record : page["records"])
            if (record["id"] == id) return record["data"];
        FAIL("no record " << std::string(id) << " on the hub");
        return nlohmann::json();
    };
    int version = 1;
    const auto next = [&](nlohmann::json envelope) {
        ++version;
        envelope["version"] = version;
        envelope["updated_at"] = 1000 * version;
        return envelope;
    };
    push(participantEnvelope("p-1", "Mariette", "0470 11 22 33", "Wil leren videobellen"));

    // An older laptop's edit: it sends the fields it knows, without "notes".
    nlohmann::json older = next(participantEnvelope("p-1", "Mariette V.", "0470 11 22 33", ""));
    older["data"].erase("notes");
    push(older);
    CHECK(onHub("p-1")["pseudonym"] == "Mariette V.");
    CHECK(onHub("p-1")["notes"] == "Wil leren videobellen");

    // A current laptop that empties the field sends it empty (or null): that counts.
    push(next(participantEnvelope("p-1", "Mariette V.", "0470 11 22 33", "")));
    CHECK(onHub("p-1")["notes"] == "");

    // An erasure from an older laptop leaves nothing of the person, known field or not.
    push(next(participantEnvelope("p-1", "Mariette V.", "0470 11 22 33", "Opnieuw genoteerd")));
    nlohmann::json erased = next(participantEnvelope("p-1", "", "", ""));
    erased["data"]["erased_on"] = "2023-06-15";
    erased["data"].erase("notes");
    erased["data"].erase("phone");
    push(erased);
    CHECK(onHub("p-1")["notes"] == "");
    CHECK(onHub("p-1")["phone"] == "");
}
