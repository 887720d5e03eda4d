// Create, read, update and delete for every record type, through the one generic path.
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace dc;
using namespace dc::test;

namespace {

// A valid record of each type, built on the seeded reference lists.
template <class R>
R sampleOf(World& w);

template <> Coach sampleOf(World&) { Coach c; c.name = "Jonas Claeys"; c.role = "welzijnsbureau"; return c; }
template <> Neighbourhood sampleOf(World&) { Neighbourhood n; n.name = "Ledeberg"; return n; }
template <> Organisation sampleOf(World&) { Organisation o; o.name = "Digipunt Ledeberg"; o.kind = "partner"; return o; }
template <> TargetGroup sampleOf(World&) { TargetGroup t; t.name = "Mantelzorgers"; return t; }
template <> HelpCategory sampleOf(World& w) {
    HelpCategory c;
    c.parentId = seededId("category", "Communicatie");
    c.name = "Signal";
    c.sortOrder = 9;
    (void)w;
    return c;
}
template <> Participant sampleOf(World& w) {
    Participant p;
    p.pseudonym = "Mariëtte";
    p.ageBand = "80plus";
    p.targetGroupIds = {w.targetGroupId("Senioren"), w.targetGroupId("Alleenwonenden")};
    p.neighbourhoodId = w.neighbourhoodId("Rabot");
    p.contactPreference = "call";
    p.phone = "0470 12 34 56";
    p.consentDate = "2023-06-14";
    p.consentScopes = {"store", "contact"};
    p.notes = "Hoort slecht; luid spreken.";
    return p;
}
template <> HelpRequest sampleOf(World& w) {
    HelpRequest h;
    h.occurredAt = "2023-06-14T10:30";
    h.participantId = w.addParticipant("Jan");
    h.channel = "home";
    h.categoryId = w.categoryId("Digitale diensten", "itsme");
    h.durationMinutes = 30;
    h.outcome = "referred";
    h.referral = "Digipunt Rabot";
    h.followUpOn = "2023-06-21";
    return h;
}
template <> Device sampleOf(World&) {
    Device d;
    d.kind = "tablet";
    d.model = "Lenovo Tab M10";
    d.assetTag = "D09-0042";
    return d;
}
template <> DeviceHandout sampleOf(World& w) {
    DeviceHandout h;
    h.deviceId = w.addDevice();
    h.participantId = w.addParticipant("Fatma");
    h.kind = "loan";
    h.handedOutOn = "2023-06-14";
    h.dueOn = "2023-08-14";
    h.internetSupport = {"social_tariff", "hotspot"};
    return h;
}
template <> GroupSession sampleOf(World&) {
    GroupSession s;
    s.heldOn = "2023-06-14";
    s.theme = "Veilige wachtwoorden";
    s.anonymousCount = 4;
    return s;
}
template <> Attendance sampleOf(World& w) {
    GroupSession s = sampleOf<GroupSession>(w);
    REQUIRE(saveRecord(w.ctx, s).ok());
    Attendance a;
    a.sessionId = s.meta.id;
    a.participantId = w.addParticipant("Said");
    return a;
}
template <> SkillsScreening sampleOf(World& w) {
    SkillsScreening s;
    s.participantId = w.addParticipant("Els");
    s.screenedOn = "2023-06-14";
    s.levels = {{"email", 1}, {"passwords", 0}, {"video_calling", 2}};
    return s;
}

}  // namespace

TEST_CASE_TEMPLATE("every record type is created, read, updated and deleted with an outbox entry each time", R,
                   Coach, Neighbourhood, Organisation, TargetGroup, HelpCategory, Participant, HelpRequest, Device,
                   DeviceHandout, GroupSession, Attendance, SkillsScreening) {
    World w;
    R record = sampleOf<R>(w);
    const int64_t outboxBefore = w.store.outboxCount();

    const SaveResult created = saveRecord(w.ctx, record);
    REQUIRE(created.ok());
    CHECK(record.meta.id.size() == 36);
    CHECK(record.meta.version == 1);
    CHECK(record.meta.authorCoachId == w.ctx.coachId);
    CHECK(record.meta.createdAtMs == kTestNowMs);
    CHECK(w.store.outboxCount() == outboxBefore + 1);

    auto stored = w.store.find<R>(record.meta.id);
    REQUIRE(stored);
    CHECK(*stored == record);

    w.clock.advanceMs(60'000);
    R edited = *stored;
    REQUIRE(saveRecord(w.ctx, edited).ok());
    CHECK(edited.meta.version == 2);
    CHECK(edited.meta.updatedAtMs == kTestNowMs + 60'000);
    CHECK(edited.meta.createdAtMs == kTestNowMs);
    CHECK(*w.store.find<R>(record.meta.id) == edited);
    CHECK(w.store.outboxCount() == outboxBefore + 2);

    REQUIRE(deleteRecord<R>(w.ctx, record.meta.id));
    const auto tombstone = w.store.find<R>(record.meta.id);
    REQUIRE(tombstone);  // kept, so the deletion can travel through sync
    CHECK(tombstone->meta.deleted);
    CHECK(tombstone->meta.version == 3);
    CHECK_FALSE(w.store.exists<R>(record.meta.id));
    CHECK(w.store.outboxCount() == outboxBefore + 3);
    CHECK_FALSE(deleteRecord<R>(w.ctx, record.meta.id));
}

TEST_CASE("Unicode text and SQL metacharacters are stored verbatim") {
    World w;
    const std::vector<std::string> texts = {
        "Zoë Noël François Ayşe",
        "مرحبا بكم في الديجيبنك",
        "👵🏻 smartphone 📱 ✔",
        "Robert'); DROP TABLE participants;--",
        "50% korting_op \"alles\" \\ ; -- /* */",
    };
    for (const std::string& text : texts) {
        Participant p = World::consentedParticipant(text);
        p.notes = text + "\nTweede regel\t€ – —";
        REQUIRE(ParticipantService(w.ctx).save(p).ok());
        const auto back = w.store.find<Participant>(p.meta.id);
        REQUIRE(back);
        CHECK(back->pseudonym == text);
        CHECK(back->notes == p.notes);
    }
    CHECK(w.store.all<Participant>().size() == texts.size());
}

TEST_CASE("personal fields are marked so they can be encrypted and erased") {
    CHECK(personalFieldNames<Participant>() == std::vector<std::string>{"pseudonym", "phone", "notes"});
    CHECK(personalFieldNames<HelpRequest>() == std::vector<std::string>{"referral", "notes"});
    CHECK(personalFieldNames<DeviceHandout>() == std::vector<std::string>{"accessories", "notes"});
    CHECK(personalFieldNames<Neighbourhood>().empty());
}

TEST_CASE("every field of every record type has a column in the schema") {
    World w;
    forEachRecordType([&]<class R>() {
        std::apply(
            [&](const auto&... f) {
                (([&] {
                     Statement q = w.store.db().prepare(std::string("SELECT ") + f.name + " FROM " + R::table + " LIMIT 0");
                     CHECK(q.columnCount() == 1);
                 }()),
                 ...);
            },
            R::fields());
    });
}
