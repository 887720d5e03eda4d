// No personal data in any log or error output: a real hub with its access log, the
// laptop's `digicoach sync`, the hub's audit command, also when requests fail.
#include "model/privacy.hpp"
#include "model/services.hpp"
#include "command_support.hpp"
#include "sync/http_client.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using dc::test::HubProcess;
using dc::test::runCommand;
using Folder = dc::test::CommandFolder;

namespace {

// Names, phone numbers and notes that must stay inside the databases.
const std::vector<std::string> kPlaintexts = {
    "Mariette",  "Verstraeten", "0470 11 22 33", "Yusuf",      "Demirci",  "0486 44 55 66",
    "zoon in Luik", "schulden bij", "Gaspard",   "Te-lang-id", "0499 12 34 56", "Vergeetmij",
};

std::string plaintextFoundIn(const std::string& text) {
    for (const std::string& secret : kPlaintexts)
        if (text.find(secret) != std::string::npos) return secret;
    return {};
}

std::string fileText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// `digicoach sync`, stdout and stderr together.
std::string syncCommand(const std::string& db, const std::string& url, const std::string& token, int* exitCode) {
    const dc::test::CommandRun run = dc::test::digicoach({"sync", "--no-encryption", "--db", db, "--endpoint", url, "--token", token});
    *exitCode = run.exitCode;
    return run.output;
}

std::string addParticipant(dc::ServiceContext& ctx, const std::string& name, const std::string& phone,
                           const std::string& notes) {
    dc::Participant p;
    p.pseudonym = name;
    p.phone = phone;
    p.notes = notes;
    p.consentDate = dc::localDate(ctx.clock.nowMs());
    p.consentScopes = {"store", "contact"};
    REQUIRE(dc::ParticipantService(ctx).save(p).ok());
    return p.meta.id;
}

}  // namespace

TEST_CASE("pushing, erasing and failing requests leave no personal data in logs, audit or command output") {
    Folder dir;
    const std::string hubLog = dir.file("hub-access.log");
    HubProcess hub(dir.file("hub.db"), {}, {}, hubLog);
    const std::string coachToken = hub.addToken("sofie", "coach");
    const std::string coordinatorToken = hub.addToken("an", "coordinator");

    const std::string laptopDb = dir.file("laptop.db");
    std::string forgottenId;
    {
        dc::Store laptop = dc::Store::open(laptopDb);
        const dc::FixedClock clock(dc::test::testNowMs());
        dc::ServiceContext ctx{laptop, clock, "sofie"};
        dc::ReferenceService(ctx).seedDefaults();
        addParticipant(ctx, "Mariette Verstraeten", "0470 11 22 33", "Woont alleen, zoon in Luik");
        addParticipant(ctx, "Yusuf Demirci", "0486 44 55 66", "Heeft schulden bij de bank");
        forgottenId = addParticipant(ctx, "Vergeetmij Gaspard", "0499 12 34 56", "Wil vergeten worden");
        // A record the hub refuses (an id longer than the protocol allows) is set aside.
        dc::Participant odd;
        odd.meta.id = "Te-lang-id-" + std::string(70, 'x');
        odd.pseudonym = "Te-lang-id Mariette";
        dc::Transaction tx(laptop.db());
        laptop.put(odd, "sofie", clock.nowMs());
        tx.commit();
    }

    // A wrong token: refused, and the refusal names nobody.
    int exitCode = 0;
    const std::string refused = syncCommand(laptopDb, hub.url(), "dct_wrong", &exitCode);
    CHECK(exitCode == 1);
    CHECK(refused.find("refused the token") != std::string::npos);
    CHECK(plaintextFoundIn(refused).empty());

    // A real push with one record set aside.
    const std::string pushed = syncCommand(laptopDb, hub.url(), coachToken, &exitCode);
    CHECK(exitCode == 0);
    CHECK(pushed.find("1 set aside") != std::string::npos);
    CHECK_MESSAGE(plaintextFoundIn(pushed).empty(), pushed);

    // Erasure: forgotten on the laptop, carried to the hub.
    {
        dc::Store laptop = dc::Store::open(laptopDb);
        const dc::FixedClock clock(dc::test::testNowMs());
        dc::ServiceContext ctx{laptop, clock, "sofie"};
        REQUIRE(dc::forgetParticipant(ctx, forgottenId).ok());
    }
    const std::string erased = syncCommand(laptopDb, hub.url(), coachToken, &exitCode);
    CHECK(exitCode == 0);
    CHECK_MESSAGE(plaintextFoundIn(erased).empty(), erased);

    // Malformed requests that carry personal data: the answers quote none of it.
    dc::sync::HttpClient raw(dc::sync::HttpOptions::endpoint(hub.url(), coachToken));
    const std::vector<std::string> badBodies = {
        R"({"records": [{"type": "participants", "data": {"pseudonym": "Mariette Verstraeten", "phone": "0470 11 22 33")",
        "{\"records\": [\"Yusuf Demirci \xE9\xFF 0486 44 55 66\"]}",
        R"({"protocol": "Mariette Verstraeten", "records": []})",
        R"({"records": [{"type": "participants", "id": "p-x", "version": 1, "created_at": 1, "updated_at": 1,
            "author": "a", "origin": "o", "deleted": false, "data": {"pseudonym": "Yusuf Demirci", "phone": 486445566}}]})",
    };
    for (const std::string& body : badBodies) {
        const dc::sync::HttpResult answer = raw.postJson("/v1/push", body);
        CHECK(answer.transportOk);
        CHECK_MESSAGE(plaintextFoundIn(answer.body).empty(), answer.body);
    }
    CHECK(raw.get("/v1/Mariette%20Verstraeten").status == 404);

    // A coordinator pulls everything: the plain summary line only.
    const std::string pulled = syncCommand(dir.file("coordinator.db"), hub.url(), coordinatorToken, &exitCode);
    CHECK(exitCode == 0);
    CHECK_MESSAGE(plaintextFoundIn(pulled).empty(), pulled);

    hub.revokeTokens("sofie");
    const std::string audit = hub.audit();
    CHECK_MESSAGE(plaintextFoundIn(audit).empty(), audit);
    for (const char* expected : {"coach=sofie action=token_add records=0", "coach=an action=token_add records=0",
                                 "coach=sofie action=push records=", "coach=sofie action=reject records=1",
                                 "coach=sofie action=erase records=1", "coach=an action=pull records=",
                                 "coach=sofie action=token_revoke records=1"})
        CHECK_MESSAGE(audit.find(expected) != std::string::npos, expected);

    hub.stop();
    const std::string hubOutput = hub.output();
    CHECK_MESSAGE(plaintextFoundIn(hubOutput).empty(), hubOutput);
    const std::string log = fileText(hubLog);
    CHECK_MESSAGE(plaintextFoundIn(log).empty(), log);
    // The log does record the traffic: refusals, bad bodies and unknown paths included.
    CHECK(log.find("POST /v1/push 401 coach=-") != std::string::npos);
    CHECK(log.find("POST /v1/push 200 coach=sofie") != std::string::npos);
    CHECK(log.find("POST /v1/push 400 coach=sofie") != std::string::npos);
    CHECK(log.find("GET /v1/pull 200 coach=an") != std::string::npos);
    CHECK(log.find("GET (unknown) 404") != std::string::npos);
}

TEST_CASE("digicoach-hub audit on a missing file says so and creates nothing") {
    Folder dir;
    std::string out;
    const std::string missing = dir.file("nowhere.db");
    CHECK(runCommand({DC_DIGICOACH_HUB_BINARY, "audit", "--db", missing}, &out, true) == 1);
    CHECK(out.find("does not exist") != std::string::npos);
    CHECK_FALSE(fs::exists(missing));
    CHECK(runCommand({DC_DIGICOACH_HUB_BINARY, "audit"}, &out, true) == 2);
}
