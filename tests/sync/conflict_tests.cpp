// Settling conflicts: two teammates change the same person offline, the hub keeps one
// version by the conflict rule and logs the other, and a coordinator's laptop fetches
// that log, shows both versions and writes the one kept as a new version. Against a
// real digicoach-hub process on 127.0.0.1.
#include <doctest/doctest.h>

#include "model/clock.hpp"
#include "model/conflicts.hpp"
#include "model/privacy.hpp"
#include "processes.hpp"
#include "sync/sync_engine.hpp"
#include "test_support.hpp"

using namespace dc;
using namespace dc::sync;
using namespace dc::test;

namespace {

// A laptop with its own file and its own token on the hub.
struct Laptop {
    Laptop(HubProcess& hub, TempDir& dir, const std::string& name, const std::string& role,
           const std::vector<std::string>& teams)
        : coachId("coach-" + name),
          store(Store::open(dir.file(name + ".db").string())),
          client(HttpOptions::endpoint(hub.url(), hub.addToken(name, role, teams))) {}
    std::string coachId;
    Store store;
    HttpClient client;

    SyncReport sync() { return syncOnce(store, client); }
    Participant person(const std::string& id) {
        std::optional<Participant> p = store.find<Participant>(id);
        REQUIRE(p);
        return *p;
    }
    void changeNotes(const std::string& id, const std::string& notes, int64_t atMs) {
        Participant p = person(id);
        p.notes = notes;
        store.put(p, coachId, atMs);
    }
};

const ConflictField& field(const OpenConflict& c, const std::string& name) {
    for (const ConflictField& f : c.fields)
        if (f.name == name) return f;
    FAIL("no field " << name);
    throw std::logic_error("no field");
}

// Both teammates hold the person; Jonas's later change wins, Sofie's lands in the log.
struct ConflictFixture {
    TempDir dir;
    HubProcess hub{dir.file("hub.db").string()};
    Laptop sofie{hub, dir, "sofie", "coach", {"noord"}};
    Laptop jonas{hub, dir, "jonas", "coach", {"noord"}};
    Laptop an{hub, dir, "an", "coordinator", {}};
    const int64_t startMs = SystemClock().nowMs() - 3'600'000;
    std::string personId;

    ConflictFixture() {
        Participant p;
        p.pseudonym = "Mariette";
        p.notes = "eerste bezoek";
        sofie.store.put(p, sofie.coachId, startMs);
        personId = p.meta.id;
        REQUIRE(sofie.sync().ok());
        REQUIRE(jonas.sync().ok());
        sofie.changeNotes(personId, "belt liever dan te mailen", startMs + 60'000);
        jonas.changeNotes(personId, "komt naar het Digipunt", startMs + 120'000);
        REQUIRE(jonas.sync().ok());
        REQUIRE(sofie.sync().ok());
    }
};

}  // namespace

TEST_CASE("a coordinator's laptop fetches the conflict log and keeping the losing version makes it win everywhere") {
    ConflictFixture f;
    CHECK(f.sofie.person(f.personId).notes == "komt naar het Digipunt");
    // A coach's laptop gets no log, and asking for it is no failure.
    CHECK(ConflictLog(f.sofie.store).openCount() == 0);

    REQUIRE(f.an.sync().ok());
    std::vector<OpenConflict> open = ConflictLog(f.an.store).open();
    REQUIRE(open.size() == 1);
    const OpenConflict& c = open[0];
    CHECK(c.recordType == "participants");
    CHECK(c.recordId == f.personId);
    // The hub also logged Sofie's first version, replaced by Jonas's edit: one record, one choice.
    CHECK(c.olderVersions == 1);
    CHECK(c.currentOnLaptop);
    CHECK(c.currentUpdatedAtMs == f.startMs + 120'000);
    CHECK(c.otherUpdatedAtMs == f.startMs + 60'000);
    CHECK(field(c, "notes").current == "komt naar het Digipunt");
    CHECK(field(c, "notes").other == "belt liever dan te mailen");
    CHECK(field(c, "notes").differs);
    CHECK(field(c, "pseudonym").current == "Mariette");
    CHECK_FALSE(field(c, "pseudonym").differs);

    // A second round fetches nothing twice.
    REQUIRE(f.an.sync().ok());
    CHECK(ConflictLog(f.an.store).openCount() == 1);

    FixedClock clock(SystemClock().nowMs());
    ServiceContext coordinator{f.an.store, clock, f.an.coachId};
    REQUIRE(ConflictLog(f.an.store).keep(coordinator, c.hubSeq, ConflictChoice::Other).ok());
    CHECK(ConflictLog(f.an.store).openCount() == 0);
    CHECK(ConflictLog(f.an.store).keep(coordinator, c.hubSeq, ConflictChoice::Other)
              .hasProblem("conflicts.problem.already_settled"));
    const SyncReport pushed = f.an.sync();
    REQUIRE(pushed.ok());
    CHECK(pushed.rejected == 0);
    CHECK(pushed.waiting == 0);
    // Jonas's version, replaced by the one kept, is logged too; the choice made here settled it.
    CHECK(f.an.store.db().queryInteger("SELECT count(*) FROM sync_conflicts") == 3);
    CHECK(ConflictLog(f.an.store).openCount() == 0);

    REQUIRE(f.sofie.sync().ok());
    REQUIRE(f.jonas.sync().ok());
    CHECK(f.sofie.person(f.personId).notes == "belt liever dan te mailen");
    CHECK(f.jonas.person(f.personId).notes == "belt liever dan te mailen");
    CHECK(f.jonas.person(f.personId).pseudonym == "Mariette");
}

TEST_CASE("keeping the current version settles the conflict and changes no content") {
    ConflictFixture f;
    REQUIRE(f.an.sync().ok());
    const std::vector<OpenConflict> open = ConflictLog(f.an.store).open();
    REQUIRE(open.size() == 1);
    FixedClock clock(SystemClock().nowMs());
    ServiceContext coordinator{f.an.store, clock, f.an.coachId};
    REQUIRE(ConflictLog(f.an.store).keep(coordinator, open[0].hubSeq, ConflictChoice::Current).ok());
    REQUIRE(f.an.sync().ok());
    REQUIRE(f.sofie.sync().ok());
    CHECK(ConflictLog(f.an.store).open().empty());
    CHECK(f.sofie.person(f.personId).notes == "komt naar het Digipunt");
}

TEST_CASE("a protected coordinator's laptop seals the losing version, and an erasure removes it") {
    ConflictFixture f;
    f.an.store.protect("wachtwoordzin", KdfLimits::minimum());
    REQUIRE(f.an.sync().ok());
    REQUIRE(ConflictLog(f.an.store).openCount() == 1);
    Statement stored = f.an.store.db().prepare("SELECT loser_data FROM sync_conflicts");
    int rows = 0;
    for (; stored.step(); ++rows) {
        CHECK(FieldCipher::looksEncrypted(stored.text(0)));
        CHECK(stored.text(0).find("belt liever") == std::string::npos);
    }
    CHECK(rows == 2);
    // Readable only with the key.
    CHECK(field(ConflictLog(f.an.store).open().at(0), "notes").other == "belt liever dan te mailen");

    FixedClock clock(SystemClock().nowMs());
    ServiceContext coordinator{f.an.store, clock, f.an.coachId};
    REQUIRE(forgetParticipant(coordinator, f.personId).ok());
    CHECK(f.an.store.db().queryInteger("SELECT count(*) FROM sync_conflicts") == 0);
}

TEST_CASE("a log fetched before the passphrase was set is sealed with the rest") {
    ConflictFixture f;
    REQUIRE(f.an.sync().ok());
    f.an.store.protect("wachtwoordzin", KdfLimits::minimum());
    CHECK(f.an.store.db().queryInteger("SELECT count(*) FROM sync_conflicts") == 2);
    CHECK(f.an.store.db().queryInteger("SELECT count(*) FROM sync_conflicts WHERE loser_data NOT LIKE 'dc1:%'") == 0);
    CHECK(field(ConflictLog(f.an.store).open().at(0), "notes").other == "belt liever dan te mailen");
}

TEST_CASE("a page of the conflict log that cannot be read is refused, and an unreadable entry is left out") {
    CHECK_FALSE(parseConflictPage("not json", 10));
    CHECK_FALSE(parseConflictPage(R"({"records": []})", 10));
    const std::optional<ConflictPage> page = parseConflictPage(
        R"({"conflicts": [{"seq": 7, "type": "participants", "id": "p-1"},
                          {"seq": 9, "type": "participants", "id": "p-2", "logged_at": 1,
                           "loser": {"version": 2, "updated_at": 1, "origin": "l", "author": "a", "deleted": false,
                                     "data": {"notes": "x"}},
                           "winner": {"version": 3, "origin": "m"}}]})",
        10);
    REQUIRE(page);
    REQUIRE(page->conflicts.size() == 1);
    CHECK(page->conflicts[0].recordId == "p-2");
    CHECK(page->newestSeq == 9);
    CHECK_FALSE(page->more);
}
