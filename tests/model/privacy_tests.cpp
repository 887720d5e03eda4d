// Encryption at rest: a stolen database file reveals no name, phone number or note.
#include "model/envelope.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace dc;
using namespace dc::test;

namespace {

constexpr const char* kPassphrase = "Koffie met de buren op dinsdag";

std::string fileAndLog(const std::filesystem::path& db) {
    std::string bytes = readFileBytes(db);
    const std::filesystem::path wal = db.string() + "-wal";
    if (std::filesystem::exists(wal)) bytes += readFileBytes(wal);
    return bytes;
}

struct Person {
    std::string pseudonym, phone, notes;
};

// A participant called "Chantal", saved in a transaction of its own; returns the id.
std::string saveChantal(Store& store) {
    Participant p;
    p.pseudonym = "Chantal";
    Transaction tx(store.db());
    store.put(p, "coach", kTestNowMs);
    tx.commit();
    return p.meta.id;
}

Person personNumber(int i) {
    return {"Geheimnaam" + std::to_string(100000 + i), "0470 " + std::to_string(200000 + i),
            "Privénotitie " + std::to_string(300000 + i)};
}

}  // namespace

TEST_CASE("a stolen database file and its log reveal no name, phone number or note of 1,000 participants") {
    TempDir dir;
    const auto path = dir.file("laptop.db");
    {
        Store store = Store::open(path.string());
        store.protect(kPassphrase, KdfLimits::minimum());
        FixedClock clock(kTestNowMs);
        ServiceContext ctx{store, clock, "seed"};
        ReferenceService(ctx).seedDefaults();
        for (int i = 0; i < 1000; ++i) {
            const Person person = personNumber(i);
            Participant p = World::consentedParticipant(person.pseudonym);
            p.phone = person.phone;
            p.notes = person.notes;
            REQUIRE(ParticipantService(ctx).save(p).ok());
            if (i % 10 == 0) {
                HelpRequest h = HelpRequestService(ctx).draftWithDefaults();
                h.participantId = p.meta.id;
                h.categoryId = seededId("category", "Technische hulp/E-mail");
                h.notes = "Hulpnotitie " + std::to_string(400000 + i);
                REQUIRE(HelpRequestService(ctx).save(h).ok());
            }
        }
        store.setSecretSetting("draft.help_request", R"({"notes":"Conceptnotitie 555777"})");
        // The log is inspected while the app still has the file open, as a thief might copy it.
        const std::string bytes = fileAndLog(path);
        REQUIRE(bytes.size() > 100'000);
        std::size_t leaks = 0;
        for (int i = 0; i < 1000; ++i) {
            const Person person = personNumber(i);
            for (const std::string& secret : {person.pseudonym, person.phone, person.notes})
                leaks += bytes.find(secret) != std::string::npos;
            if (i % 10 == 0) leaks += bytes.find("Hulpnotitie " + std::to_string(400000 + i)) != std::string::npos;
        }
        leaks += bytes.find("Conceptnotitie 555777") != std::string::npos;
        CHECK(leaks == 0);
        CHECK(bytes.find("Technische hulp") != std::string::npos);  // categories and counts stay readable
    }
    Store reopened = Store::open(path.string());
    CHECK(reopened.protection() == Protection::Locked);
    CHECK(reopened.outboxCount() > 1000);  // counting needs no passphrase
    CHECK_THROWS_AS(reopened.all<Participant>(), StoreLockedError);
    CHECK_FALSE(reopened.unlock("wrong passphrase"));
    REQUIRE(reopened.unlock(kPassphrase));
    FixedClock clock(kTestNowMs);
    ServiceContext ctx{reopened, clock, "seed"};
    const auto people = ParticipantService(ctx).summaries();
    const auto hits = searchParticipants(people, "geheimnaam100042");
    REQUIRE(hits.size() == 1);
    CHECK(people[hits[0]].pseudonym == "Geheimnaam100042");
    CHECK(reopened.secretSetting("draft.help_request") == R"({"notes":"Conceptnotitie 555777"})");
    const auto today = HelpRequestService(ctx).onDate(localDate(kTestNowMs));
    REQUIRE_FALSE(today.empty());
    CHECK(today.front().participant.rfind("Geheimnaam", 0) == 0);
}

TEST_CASE("protecting a database that already holds names encrypts them and leaves no clear copy") {
    TempDir dir;
    const auto path = dir.file("old.db");
    Store store = Store::open(path.string());
    Participant p;
    p.pseudonym = "Bernadette Oudenaarde";
    p.notes = "Woont boven de bakker";
    {
        Transaction tx(store.db());
        store.put(p, "coach", kTestNowMs);
        tx.commit();
    }
    store.setSecretSetting("token", "dct_secret_token_value");
    CHECK(fileAndLog(path).find("Bernadette Oudenaarde") != std::string::npos);
    store.protect(kPassphrase, KdfLimits::minimum());
    const std::string bytes = fileAndLog(path);
    CHECK(bytes.find("Bernadette Oudenaarde") == std::string::npos);
    CHECK(bytes.find("Woont boven de bakker") == std::string::npos);
    CHECK(bytes.find("dct_secret_token_value") == std::string::npos);
    const Participant back = *store.find<Participant>(p.meta.id);
    CHECK(back.pseudonym == "Bernadette Oudenaarde");
    CHECK(back.meta.version == 1);  // the content did not change, so neither did the version
    CHECK(store.secretSetting("token") == "dct_secret_token_value");
    CHECK_THROWS_AS(store.protect("again", KdfLimits::minimum()), std::logic_error);
}

TEST_CASE("changing the passphrase re-wraps the key without rewriting any record") {
    TempDir dir;
    const auto path = dir.file("laptop.db");
    std::string id;
    {
        Store store = Store::open(path.string());
        store.protect("oud wachtwoord", KdfLimits::minimum());
        id = saveChantal(store);
        const std::string before = [&] {
            Statement q = store.db().prepare("SELECT pseudonym FROM participants");
            q.step();
            return q.text(0);
        }();
        CHECK_FALSE(store.changePassphrase("fout", "nieuw wachtwoord", KdfLimits::minimum()));
        REQUIRE(store.changePassphrase("oud wachtwoord", "nieuw wachtwoord", KdfLimits::minimum()));
        Statement q = store.db().prepare("SELECT pseudonym FROM participants");
        q.step();
        CHECK(q.text(0) == before);  // the stored ciphertext is untouched
    }
    Store store = Store::open(path.string());
    CHECK_FALSE(store.unlock("oud wachtwoord"));
    REQUIRE(store.unlock("nieuw wachtwoord"));
    CHECK(store.find<Participant>(id)->pseudonym == "Chantal");
}

TEST_CASE("a file protected with a laptop's Argon2id limits unlocks on any device, the browser's included") {
    TempDir dir;
    const auto path = dir.file("laptop.db");
    std::string id;
    {
        Store store = Store::open(path.string());
        store.protect(kPassphrase, KdfLimits::moderate());
        id = saveChantal(store);
    }
    Store store = Store::open(path.string());
    // The limits travel with the wrapped key, whatever this device would choose for a new one.
    CHECK(store.wrappedKey()->limits.memLimitBytes == KdfLimits::moderate().memLimitBytes);
    REQUIRE(store.unlock(kPassphrase));
    CHECK(store.find<Participant>(id)->pseudonym == "Chantal");
}

TEST_CASE("a ciphertext that was altered or moved to another record is refused") {
    TempDir dir;
    Store store = Store::open(dir.file("laptop.db").string());
    store.protect(kPassphrase, KdfLimits::minimum());
    Participant a, b;
    a.pseudonym = "Anna";
    b.pseudonym = "Bert";
    {
        Transaction tx(store.db());
        store.put(a, "coach", kTestNowMs);
        store.put(b, "coach", kTestNowMs);
        tx.commit();
    }
    // Copy Anna's sealed name onto Bert's row.
    store.db().exec("UPDATE participants SET pseudonym = (SELECT pseudonym FROM participants WHERE id = '" + a.meta.id +
                    "') WHERE id = '" + b.meta.id + "'");
    CHECK_THROWS_AS(store.find<Participant>(b.meta.id), DatabaseError);
    CHECK(store.find<Participant>(a.meta.id)->pseudonym == "Anna");
}

TEST_CASE("records received from the hub are encrypted like local ones") {
    TempDir dir;
    const auto path = dir.file("coordinator.db");
    Store store = Store::open(path.string());
    store.protect(kPassphrase, KdfLimits::minimum());
    Envelope e;
    e.type = "participants";
    e.id = "7d1f8c1e-0000-4000-8000-000000000001";
    e.version = 1;
    e.author = "coach";
    e.origin = "laptop-b";
    e.data = {{"pseudonym", "Ontvangen Naam 8841"}, {"phone", "0499 88 41 00"}};
    std::string error;
    const auto parsed = parseEnvelope(toJson(e), error);
    REQUIRE(parsed);
    Transaction tx(store.db());
    CHECK(applyReceived(store, *parsed) == ReceiveOutcome::Applied);
    tx.commit();
    CHECK(store.find<Participant>(e.id)->pseudonym == "Ontvangen Naam 8841");
    CHECK(fileAndLog(path).find("Ontvangen Naam 8841") == std::string::npos);
}

TEST_CASE("a locked store refuses to write personal data rather than write it in the clear") {
    TempDir dir;
    const auto path = dir.file("laptop.db");
    {
        Store store = Store::open(path.string());
        store.protect(kPassphrase, KdfLimits::minimum());
    }
    Store locked = Store::open(path.string());
    Participant p;
    p.pseudonym = "Mag niet lekken";
    Transaction tx(locked.db());
    CHECK_THROWS_AS(locked.put(p, "coach", kTestNowMs), StoreLockedError);
}
