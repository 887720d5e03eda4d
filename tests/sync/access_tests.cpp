// Who may write what, against a real digicoach-hub process on 127.0.0.1: authorship
// and laptop ids, teams, coordinator-only lists, clocks, erasure, team pulls and
// restores, the conflict log, the audit log and an upgraded hub database.
#include <doctest/doctest.h>
#include <sodium.h>

#include <limits>
#include <map>

#include "model/clock.hpp"
#include "model/envelope.hpp"
#include "model/outbox.hpp"
#include "model/services.hpp"
#include "processes.hpp"
#include "sync/sync_engine.hpp"
#include "test_support.hpp"

using namespace dc;
using namespace dc::sync;
using namespace dc::test;

namespace {

// One version of a record as a laptop would send it, on the hub's real clock.
struct Version {
    std::string type;
    std::string id;
    std::string author;
    std::string origin;
    nlohmann::json data = nlohmann::json::object();
    int64_t version = 1;
    int64_t updatedAtMs = SystemClock().nowMs();
    bool deleted = false;

    nlohmann::json json() const {
        return {{"type", type},
                {"id", id},
                {"version", version},
                {"created_at", updatedAtMs},
                {"updated_at", updatedAtMs},
                {"author", author},
                {"origin", origin},
                {"deleted", deleted},
                {"data", data}};
    }
    // The next version of this record, as an edit made a minute later.
    Version next(nlohmann::json changes, std::string fromOrigin = {}) const {
        Version edited = *this;
        edited.version += 1;
        edited.updatedAtMs += 60'000;
        if (!fromOrigin.empty()) edited.origin = std::move(fromOrigin);
        if (changes.is_object()) edited.data.update(changes);  // `{}` arrives as null
        return edited;
    }
};

// A coach (or coordinator) with a token, one laptop id and their own coach record id.
class Writer {
public:
    Writer(HubProcess& hub, const std::string& name, const std::string& role, std::vector<std::string> teams = {})
        : coachId("coach-" + name),
          laptop("laptop-" + name),
          client_(HttpOptions::endpoint(hub.url(), hub.addToken(name, role, teams))) {}

    const std::string coachId;
    const std::string laptop;

    // A first version authored by this writer from their laptop.
    Version create(std::string type, std::string id, nlohmann::json data = nlohmann::json::object()) const {
        return {std::move(type), std::move(id), coachId, laptop, std::move(data)};
    }

    // Pushes the versions; returns one result per version.
    std::vector<nlohmann::json> push(const std::vector<Version>& versions) {
        nlohmann::json records = nlohmann::json::array();
        for (const Version& v : versions) records.push_back(v.json());
        const HttpResult r = client_.postJson("/v1/push", nlohmann::json{{"protocol", 1}, {"records", records}}.dump());
        REQUIRE(r.status == 200);
        const nlohmann::json answer = nlohmann::json::parse(r.body);
        return {answer["results"].begin(), answer["results"].end()};
    }
    nlohmann::json pushOne(const Version& version) { return push({version}).front(); }

    // Everything this token pulls from the start, by id.
    std::map<std::string, nlohmann::json> pullAll() {
        std::map<std::string, nlohmann::json> records;
        int64_t since = 0;
        for (bool more = true; more;) {
            const HttpResult r = client_.get("/v1/pull?since=" + std::to_string(since) + "&limit=1000");
            REQUIRE(r.status == 200);
            const nlohmann::json page = nlohmann::json::parse(r.body);
            for (const nlohmann::json& record : page["records"]) records[record["id"].get<std::string>()] = record;
            since = page["next"].get<int64_t>();
            more = page["more"].get<bool>();
        }
        return records;
    }
    HttpClient& client() { return client_; }

private:
    HttpClient client_;
};

void checkForbidden(const nlohmann::json& result, const char* rule) {
    CHECK(result["status"] == "rejected");
    CHECK(result["reason"] == "forbidden");
    CHECK(result["rule"] == rule);
}

struct AccessFixture {
    TempDir dir;
    HubProcess hub{dir.file("hub.db").string()};
};

}  // namespace

TEST_CASE("a coach cannot write as another coach, nor from another coach's laptop, nor change their records") {
    AccessFixture f;
    Writer sofie(f.hub, "sofie", "coach");
    Writer jonas(f.hub, "jonas", "coach");
    Writer coordinator(f.hub, "an", "coordinator");

    const Version person = sofie.create("participants", "p-sofie", {{"pseudonym", "Mariette"}});
    const Version help = sofie.create("help_requests", "h-sofie", {{"participant_id", "p-sofie"}});
    for (const nlohmann::json& r : sofie.push({sofie.create("coaches", sofie.coachId), person, help}))
        CHECK(r["status"] == "accepted");

    // A new record that claims Sofie as its author.
    Version claimed = jonas.create("participants", "p-claimed");
    claimed.author = sofie.coachId;
    checkForbidden(jonas.pushOne(claimed), "author");
    // Jonas's own record, sent as if from Sofie's laptop.
    Version spoofed = jonas.create("participants", "p-spoofed");
    spoofed.origin = sofie.laptop;
    checkForbidden(jonas.pushOne(spoofed), "origin");
    // Overwriting Sofie's person, deleting her help request, even with a huge version.
    Version overwrite = person.next({{"pseudonym", "Overschreven"}}, jonas.laptop);
    overwrite.version = 1'000'000;
    checkForbidden(jonas.pushOne(overwrite), "not_yours");
    Version removal = help.next({}, jonas.laptop);
    removal.deleted = true;
    checkForbidden(jonas.pushOne(removal), "not_yours");
    // Changing the author of an existing record is refused too.
    Version reauthored = person.next({}, jonas.laptop);
    reauthored.author = jonas.coachId;
    checkForbidden(jonas.pushOne(reauthored), "author");

    const auto onHub = coordinator.pullAll();
    CHECK(onHub.at("p-sofie")["data"]["pseudonym"] == "Mariette");
    CHECK(onHub.at("p-sofie")["version"] == 1);
    CHECK(onHub.at("h-sofie")["deleted"] == false);
    CHECK(onHub.count("p-claimed") == 0);
    CHECK(onHub.count("p-spoofed") == 0);

    // A refused version is judged again when resent, not taken for a duplicate.
    checkForbidden(jonas.pushOne(overwrite), "not_yours");
    // Sofie herself may change and delete her records, from any of her laptops.
    CHECK(sofie.pushOne(person.next({{"pseudonym", "Mariette V."}}))["status"] == "accepted");
    Version ownRemoval = help.next({});
    ownRemoval.deleted = true;
    CHECK(sofie.pushOne(ownRemoval)["status"] == "accepted");

    // The audit log counts the refusals by coach.
    const std::string audit = f.hub.audit();
    CHECK(audit.find("refused writes: coach=jonas records=6") != std::string::npos);
    CHECK(audit.find("refused writes: coach=sofie") == std::string::npos);
}

TEST_CASE("a laptop id is bound to the token that first pushed from it, until that token is revoked") {
    AccessFixture f;
    Writer sofie(f.hub, "sofie", "coach");
    CHECK(sofie.pushOne(sofie.create("participants", "p-1"))["status"] == "accepted");
    // A second token of the same coach, sent from the first token's laptop.
    Writer sameCoachOtherToken(f.hub, "sofie", "coach");
    checkForbidden(sameCoachOtherToken.pushOne(sameCoachOtherToken.create("participants", "p-2")), "origin");
    // The coach's tokens are revoked and a new one is given for the same laptop: it takes it over.
    f.hub.revokeTokens("sofie");
    Writer replacement(f.hub, "sofie", "coach");
    CHECK(replacement.pushOne(replacement.create("participants", "p-3"))["status"] == "accepted");
    // And the laptop is the new token's: another token of hers made later cannot use it.
    Writer later(f.hub, "sofie", "coach");
    checkForbidden(later.pushOne(later.create("participants", "p-4")), "origin");
}

TEST_CASE("a version dated more than a day ahead of the hub's clock is refused as clock_ahead") {
    AccessFixture f;
    Writer sofie(f.hub, "sofie", "coach");
    Version forever = sofie.create("participants", "p-forever");
    forever.updatedAtMs = std::numeric_limits<int64_t>::max();
    nlohmann::json result = sofie.pushOne(forever);
    CHECK(result["status"] == "rejected");
    CHECK(result["reason"] == "clock_ahead");
    Version tomorrow = sofie.create("participants", "p-tomorrow");
    tomorrow.updatedAtMs = SystemClock().nowMs() + 25LL * 3600 * 1000;
    CHECK(sofie.pushOne(tomorrow)["reason"] == "clock_ahead");
    // A laptop clock a few hours fast is tolerated.
    Version hoursAhead = sofie.create("participants", "p-hours-ahead");
    hoursAhead.updatedAtMs = SystemClock().nowMs() + 3LL * 3600 * 1000;
    CHECK(sofie.pushOne(hoursAhead)["status"] == "accepted");
}

TEST_CASE("reference lists, other coach records and roles are coordinators' work") {
    AccessFixture f;
    Writer coordinator(f.hub, "an", "coordinator");
    Writer sofie(f.hub, "sofie", "coach", {"noord"});
    const Version organisation = coordinator.create("organisations", "org-1", {{"name", "Digipunt Noord"}});
    const Version category = coordinator.create("help_categories", "cat-1", {{"name", "itsme"}});
    const Version otherCoach = coordinator.create("coaches", "coach-els", {{"name", "Els"}});
    for (const nlohmann::json& r : coordinator.push({organisation, category, otherCoach}))
        CHECK(r["status"] == "accepted");

    checkForbidden(sofie.pushOne(organisation.next({{"name", "Hernoemd"}}, sofie.laptop)), "coordinators_only");
    Version categoryRemoval = category.next({}, sofie.laptop);
    categoryRemoval.deleted = true;
    checkForbidden(sofie.pushOne(categoryRemoval), "coordinators_only");
    checkForbidden(sofie.pushOne(sofie.create("neighbourhoods", "n-new", {{"name", "Nieuwe wijk"}})),
                   "coordinators_only");
    // Coach records: a coordinator role never comes from a record, another coach's record is not hers.
    checkForbidden(sofie.pushOne(sofie.create("coaches", sofie.coachId, {{"name", "Sofie"}, {"role", "coordinator"}})),
                   "own_coach_record");
    checkForbidden(sofie.pushOne(sofie.create("coaches", "coach-new", {{"name", "Nieuw"}})), "own_coach_record");
    Version changedOther = otherCoach.next({{"name", "Els!"}}, sofie.laptop);
    checkForbidden(sofie.pushOne(changedOther), "own_coach_record");

    // Her own coach record: name and organisation are hers to change, the role is not.
    const Version own = sofie.create("coaches", sofie.coachId, {{"name", "Sofie"}, {"role", "digicoach"}});
    CHECK(sofie.pushOne(own)["status"] == "accepted");
    const Version renamed = own.next({{"name", "Sofie D."}, {"organisation_id", "org-1"}});
    CHECK(sofie.pushOne(renamed)["status"] == "accepted");
    checkForbidden(sofie.pushOne(renamed.next({{"role", "coordinator"}})), "own_coach_record");

    const auto onHub = coordinator.pullAll();
    CHECK(onHub.at("org-1")["data"]["name"] == "Digipunt Noord");
    CHECK(onHub.at("cat-1")["deleted"] == false);
    CHECK(onHub.at(sofie.coachId)["data"]["role"] == "digicoach");
    CHECK(onHub.at(sofie.coachId)["data"]["name"] == "Sofie D.");
    // The coordinator keeps the lists.
    CHECK(coordinator.pushOne(organisation.next({{"name", "Digipunt Gent-Noord"}}))["status"] == "accepted");
}

TEST_CASE("teammates share people and everything on them; a coach of another team sees and changes none of it") {
    AccessFixture f;
    Writer sofie(f.hub, "sofie", "coach", {"noord"});
    Writer jonas(f.hub, "jonas", "coach", {"noord", "centrum"});
    Writer yusuf(f.hub, "yusuf", "coach", {"zuid"});
    Writer coordinator(f.hub, "an", "coordinator");
    CHECK(coordinator.pushOne(coordinator.create("devices", "d-1", {{"model", "Dell Latitude"}}))["status"] ==
          "accepted");

    const Version person = jonas.create("participants", "p-1", {{"pseudonym", "Mariette"}});
    const Version help = jonas.create("help_requests", "h-1", {{"participant_id", "p-1"}});
    const Version loan = jonas.create("device_handouts", "l-1", {{"participant_id", "p-1"}, {"device_id", "d-1"}});
    const Version screening = jonas.create("skills_screenings", "s-1", {{"participant_id", "p-1"}});
    const Version session = jonas.create("group_sessions", "g-1", {{"theme", "itsme"}});
    const Version attendance = jonas.create("attendances", "a-1", {{"participant_id", "p-1"}, {"session_id", "g-1"}});
    const Version anonymous = jonas.create("help_requests", "h-anonymous");
    for (const nlohmann::json& r : jonas.push({person, help, loan, screening, session, attendance, anonymous}))
        CHECK(r["status"] == "accepted");

    const auto seenBySofie = sofie.pullAll();
    for (const char* id : {"p-1", "h-1", "l-1", "s-1", "g-1", "a-1", "d-1"})
        CHECK_MESSAGE(seenBySofie.count(id) == 1, id);
    // A teammate's help without a person stays theirs.
    CHECK(seenBySofie.count("h-anonymous") == 0);
    const auto seenByYusuf = yusuf.pullAll();
    for (const char* id : {"p-1", "h-1", "l-1", "s-1", "g-1", "a-1", "h-anonymous"})
        CHECK_MESSAGE(seenByYusuf.count(id) == 0, id);
    CHECK(seenByYusuf.count("d-1") == 1);  // the inventory is everyone's

    // Sofie may change all of it; Yusuf none of it.
    for (const Version* v : {&person, &help, &loan, &screening, &session, &attendance}) {
        checkForbidden(yusuf.pushOne(v->next({}, yusuf.laptop)), "not_yours");
        CHECK_MESSAGE(sofie.pushOne(v->next({}, sofie.laptop))["status"] == "accepted", v->id);
    }
    checkForbidden(sofie.pushOne(anonymous.next({}, sofie.laptop)), "not_yours");

    // Devices: the team's inventory is the team's to change; deleting one is a coordinator's.
    const Version device = jonas.create("devices", "d-jonas", {{"model", "Lenovo T480"}});
    CHECK(jonas.pushOne(device)["status"] == "accepted");
    CHECK(sofie.pushOne(device.next({{"status", "lent"}}, sofie.laptop))["status"] == "accepted");
    checkForbidden(yusuf.pushOne(device.next({{"status", "repair"}}, yusuf.laptop).next({})), "not_yours");
    Version deviceRemoval = device.next({}).next({});
    deviceRemoval.deleted = true;
    checkForbidden(jonas.pushOne(deviceRemoval), "coordinators_only");
}

TEST_CASE("a version that loses to another coach's lands in the conflict log, even a huge version number") {
    AccessFixture f;
    Writer sofie(f.hub, "sofie", "coach", {"noord"});
    Writer jonas(f.hub, "jonas", "coach", {"noord"});
    Writer coordinator(f.hub, "an", "coordinator");
    const Version person = sofie.create("participants", "p-1", {{"pseudonym", "Mariette"}, {"notes", "van Sofie"}});
    CHECK(sofie.pushOne(person)["status"] == "accepted");
    Version overwrite = person.next({{"notes", "van Jonas"}}, jonas.laptop);
    overwrite.version = 1'000'000;
    CHECK(jonas.pushOne(overwrite)["status"] == "accepted");

    const HttpResult log = coordinator.client().get("/v1/conflicts");
    REQUIRE(log.status == 200);
    const nlohmann::json entries = nlohmann::json::parse(log.body)["conflicts"];
    REQUIRE(entries.size() == 1);
    CHECK(entries[0]["id"] == "p-1");
    CHECK(entries[0]["loser"]["data"]["notes"] == "van Sofie");
    CHECK(entries[0]["winner"]["origin"] == jonas.laptop);
}

TEST_CASE("a new laptop with a coach's token restores their work; an erasure reaches teammates and stays") {
    AccessFixture f;
    Writer sofie(f.hub, "sofie", "coach", {"noord"});
    Writer jonas(f.hub, "jonas", "coach", {"noord"});
    const Version person = sofie.create("participants", "p-1", {{"pseudonym", "Mariette"}});
    const Version help = sofie.create("help_requests", "h-1", {{"participant_id", "p-1"}, {"notes", "open"}});
    const Version anonymous = sofie.create("help_requests", "h-anonymous", {{"notes", "aan de balie"}});
    for (const nlohmann::json& r : sofie.push({person, help, anonymous})) CHECK(r["status"] == "accepted");
    REQUIRE(jonas.pullAll().count("p-1") == 1);

    // Sofie's laptop is replaced: a fresh database with her token gets her work back.
    TempDir laptopDir;
    Store fresh = Store::open(laptopDir.file("new-laptop.db").string());
    HttpClient restore(HttpOptions::endpoint(f.hub.url(), f.hub.addToken("sofie", "coach")));
    const SyncReport restored = syncOnce(fresh, restore);
    REQUIRE(restored.ok());
    CHECK(fresh.find<Participant>("p-1"));
    CHECK(fresh.find<HelpRequest>("h-1"));
    CHECK(fresh.find<HelpRequest>("h-anonymous"));

    // Sofie forgets the person; Jonas's laptop receives the erasure.
    Version erased = person.next({{"pseudonym", ""}, {"erased_on", "2026-11-30"}});
    CHECK(sofie.pushOne(erased)["status"] == "accepted");
    const auto afterErasure = jonas.pullAll();
    CHECK(afterErasure.at("p-1")["data"]["erased_on"] == "2026-11-30");
    CHECK(afterErasure.at("p-1")["data"]["pseudonym"] == "");
    // An older copy sent again, even dated later, does not bring the person back.
    Version stale = person.next({{"notes", "oude kopie"}}, jonas.laptop);
    stale.updatedAtMs = erased.updatedAtMs + 60'000;
    const nlohmann::json refused = jonas.pushOne(stale);
    CHECK(refused["status"] == "rejected");
    CHECK(refused["reason"] == "erased");
    // Nor may a version that keeps the erasure give the person details again, nor a
    // record about them carry personal text.
    Version detailsAgain = erased.next({{"phone", "0470 11 22 33"}});
    CHECK(sofie.pushOne(detailsAgain)["reason"] == "erased");
    CHECK(sofie.pushOne(help.next({{"notes", "nog open"}}))["reason"] == "erased");
    const nlohmann::json emptied = sofie.pushOne(help.next({{"notes", ""}}));
    INFO(emptied.dump());
    CHECK(emptied["status"] == "accepted");
}

TEST_CASE("malformed ids are refused and unknown data fields are dropped, never served back") {
    AccessFixture f;
    Writer sofie(f.hub, "sofie", "coach");
    Version withNul = sofie.create("participants", std::string("p-1\0x", 5));
    CHECK(sofie.pushOne(withNul)["status"] == "rejected");
    Version nulAuthor = sofie.create("participants", "p-2");
    nulAuthor.author = std::string("coach\0sofie", 11);
    CHECK(sofie.pushOne(nulAuthor)["status"] == "rejected");
    const Version extra =
        sofie.create("participants", "p-3", {{"pseudonym", "Mariette"}, {"script", "<img onerror=alert(1)>"}});
    CHECK(sofie.pushOne(extra)["status"] == "accepted");
    const auto onHub = sofie.pullAll();
    CHECK(onHub.count("p-2") == 0);
    REQUIRE(onHub.count("p-3") == 1);
    CHECK(onHub.at("p-3")["data"]["pseudonym"] == "Mariette");
    CHECK_FALSE(onHub.at("p-3")["data"].contains("script"));
}

TEST_CASE("a coach's laptop sets a refused record aside in plain words and leaves seeded lists to coordinators") {
    AccessFixture f;
    Writer jonas(f.hub, "jonas", "coach");
    const Version person = jonas.create("participants", "p-jonas", {{"pseudonym", "Mariette"}});
    CHECK(jonas.pushOne(person)["status"] == "accepted");

    // Sofie's laptop: seeded reference lists, her own person, and a change to Jonas's.
    TempDir laptopDir;
    Store laptop = Store::open(laptopDir.file("sofie.db").string());
    FixedClock clock(SystemClock().nowMs());
    ServiceContext ctx{laptop, clock, "coach-sofie"};
    ReferenceService(ctx).seedDefaults();
    REQUIRE(laptop.outboxCount() > 20);
    Participant own;
    own.pseudonym = "Yusuf";
    laptop.put(own, "coach-sofie", clock.nowMs());
    Participant theirs;
    nlohmann::json data = person.data;
    fieldsFromJson(data, theirs);
    theirs.meta = {person.id, person.updatedAtMs, person.updatedAtMs, 1, person.author, person.origin, false};
    laptop.putReceived(theirs);
    theirs.notes = "aangepast door Sofie";
    laptop.put(theirs, "coach-sofie", clock.nowMs() + 1);

    HttpClient toHub(HttpOptions::endpoint(f.hub.url(), f.hub.addToken("sofie", "coach")));
    const SyncReport report = syncOnce(laptop, toHub);
    REQUIRE(report.ok());
    CHECK(report.waiting == 0);
    CHECK(report.rejected == 1);
    const std::vector<SetAsideRecord> aside = Outbox(laptop).setAsideRecords();
    REQUIRE(aside.size() == 1);
    CHECK(aside[0].recordId == "p-jonas");
    CHECK(aside[0].reason == "forbidden:not_yours");
    CHECK(rejectionMessageKey(aside[0].reason) == std::optional<std::string>("sync.reason.forbidden_not_yours"));
    CHECK(rejectionMessageKey("clock_ahead") == std::optional<std::string>("sync.reason.clock_ahead"));
    CHECK_FALSE(rejectionMessageKey("something new"));
    Writer coordinator(f.hub, "an", "coordinator");
    CHECK(coordinator.pullAll().count(own.meta.id) == 1);
}

TEST_CASE("a record saved under a clock a year fast is refused, and lands once the clock is right and it is retried") {
    AccessFixture f;
    Store laptop = Store::open(f.dir.file("laptop.db").string());
    const int64_t realNow = SystemClock().nowMs();
    const int64_t yearAhead = realNow + 365LL * 24 * 3600 * 1000;
    Participant p;
    p.pseudonym = "Lotte";
    laptop.put(p, "coach-sofie", yearAhead);
    HttpClient toHub(HttpOptions::endpoint(f.hub.url(), f.hub.addToken("sofie", "coach")));
    REQUIRE(syncOnce(laptop, toHub).rejected == 1);
    std::vector<SetAsideRecord> aside = Outbox(laptop).setAsideRecords();
    REQUIRE(aside.size() == 1);
    CHECK(aside[0].reason == "clock_ahead");

    // The coach puts the clock right and presses Retry: the record goes with today's stamp.
    Outbox(laptop).retry(aside[0], realNow);
    const SyncReport retried = syncOnce(laptop, toHub);
    CHECK(retried.rejected == 0);
    CHECK(retried.waiting == 0);
    CHECK(Outbox(laptop).setAsideRecords().empty());
    const std::optional<Participant> stored = laptop.find<Participant>(p.meta.id);
    REQUIRE(stored);
    CHECK(stored->meta.updatedAtMs == realNow);
    CHECK(stored->pseudonym == "Lotte");
    Writer coordinator(f.hub, "an", "coordinator");
    CHECK(coordinator.pullAll().count(p.meta.id) == 1);

    // Retried while the clock is still wrong, it is refused again and nothing is lost.
    Participant q;
    q.pseudonym = "Mila";
    laptop.put(q, "coach-sofie", yearAhead);
    REQUIRE(syncOnce(laptop, toHub).rejected == 1);
    Outbox(laptop).retry(Outbox(laptop).setAsideRecords().at(0), yearAhead + 1);
    CHECK(syncOnce(laptop, toHub).rejected == 1);
    CHECK(Outbox(laptop).setAsideRecords().size() == 1);
}

TEST_CASE("a hub database from before identities upgrades in place and its tokens keep working") {
    TempDir dir;
    const std::string path = dir.file("old-hub.db").string();
    const std::string token = "dct_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    {
        // The version 1 layout, as an earlier digicoach-hub left it.
        Database old(path, OpenMode::ReadWriteCreate);
        old.exec(R"sql(
CREATE TABLE records (
  id TEXT PRIMARY KEY NOT NULL, type TEXT NOT NULL, version INTEGER NOT NULL, created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL, author TEXT NOT NULL, origin TEXT NOT NULL, deleted INTEGER NOT NULL,
  data TEXT NOT NULL, seq INTEGER NOT NULL UNIQUE);
CREATE INDEX records_by_type_seq ON records(type, seq);
CREATE TABLE revisions (id TEXT NOT NULL, version INTEGER NOT NULL, origin TEXT NOT NULL,
  PRIMARY KEY (id, version, origin)) WITHOUT ROWID;
CREATE TABLE conflicts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, record_type TEXT NOT NULL, record_id TEXT NOT NULL,
  loser_version INTEGER NOT NULL, loser_updated_at_ms INTEGER NOT NULL, loser_origin TEXT NOT NULL,
  loser_author TEXT NOT NULL, loser_deleted INTEGER NOT NULL, loser_data TEXT NOT NULL,
  winner_version INTEGER NOT NULL, winner_origin TEXT NOT NULL, logged_at_ms INTEGER NOT NULL);
CREATE TABLE tokens (token_hash BLOB PRIMARY KEY NOT NULL, coach TEXT NOT NULL, role TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL, revoked_at_ms INTEGER);
CREATE TABLE audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL, coach TEXT NOT NULL,
  action TEXT NOT NULL, record_count INTEGER NOT NULL);
INSERT INTO records VALUES ('p-old', 'participants', 1, 1000, 1000, 'coach-sofie', 'laptop-sofie', 0,
  '{"pseudonym":"Mariette"}', 1);
INSERT INTO revisions VALUES ('p-old', 1, 'laptop-sofie');
PRAGMA user_version = 1;
PRAGMA application_id = 1145520968;
)sql");
        REQUIRE(sodium_init() >= 0);
        std::array<unsigned char, crypto_generichash_BYTES> hash{};
        crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                           nullptr, 0);
        Statement insert = old.prepare("INSERT INTO tokens VALUES (?, 'sofie', 'coach', 1000, NULL)");
        insert.bindBlob(1, hash.data(), hash.size());
        insert.run();
    }
    HubProcess hub(path);
    HttpClient sofie(HttpOptions::endpoint(hub.url(), token));
    // Her laptop changes its record from before the upgrade and pulls it back as hers.
    const Version edit =
        Version{"participants",       "p-old", "coach-sofie", "laptop-sofie", {{"pseudonym", "Mariette V."}}, 2,
                SystemClock().nowMs()};
    const HttpResult pushed = sofie.postJson("/v1/push", nlohmann::json{{"records", {edit.json()}}}.dump());
    REQUIRE(pushed.status == 200);
    CHECK(nlohmann::json::parse(pushed.body)["results"][0]["status"] == "accepted");
    const HttpResult pulled = sofie.get("/v1/pull?since=0");
    REQUIRE(pulled.status == 200);
    const nlohmann::json page = nlohmann::json::parse(pulled.body);
    REQUIRE(page["records"].size() == 1);
    CHECK(page["records"][0]["data"]["pseudonym"] == "Mariette V.");
    Database upgraded(path, OpenMode::ReadOnly);
    CHECK(upgraded.pragmaInteger("user_version") == 2);
}
