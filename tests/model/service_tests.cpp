// Service actions: one transaction each, and the read models behind the screens.
#include "test_support.hpp"

#include "model/demo_data.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace dc;
using namespace dc::test;

namespace {
// A group session saved through the service, as the Sessions screen makes one.
GroupSession savedSession(SessionService& sessions, const char* theme) {
    GroupSession s;
    s.heldOn = "2023-06-14";
    s.theme = theme;
    REQUIRE(sessions.save(s).ok());
    return s;
}

int64_t countRows(Store& store, const char* table) {
    Statement q = store.db().prepare(std::string("SELECT count(*) FROM ") + table);
    q.step();
    return q.integer(0);
}
}  // namespace

TEST_CASE("lending a device writes the loan and the device status together, then a return frees it") {
    World w;
    const std::string device = w.addDevice();
    DeviceHandout loan;
    loan.deviceId = device;
    loan.participantId = w.addParticipant("Dragana");
    loan.handedOutOn = "2023-06-14";
    loan.dueOn = "2023-06-28";
    DeviceService devices(w.ctx);
    const int64_t outbox = w.store.outboxCount();
    REQUIRE(devices.handOut(loan).ok());
    CHECK(w.store.find<Device>(device)->status == "lent");
    CHECK(w.store.outboxCount() == outbox + 2);
    CHECK(devices.openLoans("2023-06-20").size() == 1);
    CHECK(devices.overdueLoans("2023-06-20").empty());

    const auto overdue = devices.overdueLoans("2023-07-01");
    REQUIRE(overdue.size() == 1);
    CHECK(overdue.front().daysOverdue == 3);
    CHECK(overdue.front().participant == "Dragana");

    REQUIRE(devices.markReturned(loan.meta.id, "2023-07-01", "fair").ok());
    const Device back = *w.store.find<Device>(device);
    CHECK(back.status == "available");
    CHECK(back.condition == "fair");
    CHECK(devices.openLoans("2023-07-01").empty());
    CHECK(devices.markReturned(loan.meta.id, "2023-07-02", "good").hasProblem("problem.already_returned"));
}

TEST_CASE("a broken device comes back into repair") {
    World w;
    DeviceHandout loan;
    loan.deviceId = w.addDevice();
    loan.participantId = w.addParticipant("Emre");
    loan.handedOutOn = "2023-06-14";
    loan.dueOn = "2023-06-28";
    DeviceService devices(w.ctx);
    REQUIRE(devices.handOut(loan).ok());
    REQUIRE(devices.markReturned(loan.meta.id, "2023-06-20", "broken").ok());
    CHECK(w.store.find<Device>(loan.deviceId)->status == "repair");
    CHECK(devices.devices("repair").size() == 1);
    CHECK(devices.devices("available").empty());
}

TEST_CASE("a failure in the middle of an action leaves nothing half-written and no orphan outbox entry") {
    World w;
    const std::string device = w.addDevice();
    DeviceHandout loan;
    loan.deviceId = device;
    loan.participantId = w.addParticipant("Hanne");
    loan.handedOutOn = "2023-06-14";
    loan.dueOn = "2023-06-28";
    const int64_t handoutsBefore = countRows(w.store, "device_handouts");
    const int64_t outboxBefore = w.store.outboxCount();
    // The device update is the second write of the action; make it fail.
    w.store.db().exec(
        "CREATE TEMP TRIGGER fail_device_update BEFORE UPDATE ON devices "
        "BEGIN SELECT RAISE(ABORT, 'disk pulled out'); END");
    CHECK_THROWS_AS(DeviceService(w.ctx).handOut(loan), DatabaseError);
    CHECK(countRows(w.store, "device_handouts") == handoutsBefore);
    CHECK(w.store.outboxCount() == outboxBefore);
    CHECK(w.store.find<Device>(device)->status == "available");
    CHECK(loan.meta.id.empty());

    w.store.db().exec("DROP TRIGGER fail_device_update");
    CHECK(DeviceService(w.ctx).handOut(loan).ok());  // the connection is usable again
}

TEST_CASE("a failed outbox append undoes the record it belonged to") {
    World w;
    w.store.db().exec(
        "CREATE TEMP TRIGGER fail_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'full'); END");
    Participant p = World::consentedParticipant("Roger");
    CHECK_THROWS_AS(ParticipantService(w.ctx).save(p), DatabaseError);
    CHECK(countRows(w.store, "participants") == 0);
}

TEST_CASE("checking in twice registers a participant once") {
    World w;
    SessionService sessions(w.ctx);
    const GroupSession s = savedSession(sessions, "WhatsApp voor beginners");
    const std::string who = w.addParticipant("Gerda");
    const SaveResult first = sessions.checkIn(s.meta.id, who, false);
    const SaveResult second = sessions.checkIn(s.meta.id, who, false);
    REQUIRE(first.ok());
    CHECK(second.id == first.id);
    CHECK(sessions.attendance(s.meta.id).size() == 1);
    CHECK(sessions.checkIn(s.meta.id, w.addParticipant("Ilse"), true).ok());
    const auto present = sessions.attendance(s.meta.id);
    REQUIRE(present.size() == 2);
    CHECK(present[1].walkIn);
}

TEST_CASE("a walk-in is a new participant checked in with one transaction, or nothing at all") {
    World w;
    SessionService sessions(w.ctx);
    const GroupSession s = savedSession(sessions, "Veilig online bankieren");
    const int64_t participants = countRows(w.store, "participants");
    const int64_t outbox = w.store.outboxCount();

    Participant mehmet;
    mehmet.pseudonym = "Mehmet";
    mehmet.consentScopes = {"store"};
    mehmet.consentDate = "2023-06-14";
    const SaveResult added = sessions.addWalkIn(s.meta.id, mehmet);
    REQUIRE(added.ok());
    const auto present = sessions.attendance(s.meta.id);
    REQUIRE(present.size() == 1);
    CHECK(present[0].meta.id == added.id);
    CHECK(present[0].walkIn);
    CHECK(present[0].participantId == mehmet.meta.id);
    CHECK(w.store.find<Participant>(mehmet.meta.id)->pseudonym == "Mehmet");
    CHECK(countRows(w.store, "participants") == participants + 1);
    CHECK(w.store.outboxCount() == outbox + 2);

    // A session that does not exist refuses the check-in, and the new participant goes with it.
    Participant fatma = mehmet;
    fatma.meta = {};
    fatma.pseudonym = "Fatma";
    const SaveResult refused = sessions.addWalkIn("no-such-session", fatma);
    CHECK(refused.hasProblem("problem.unknown_session"));
    CHECK(fatma.meta.id.empty());
    // So does a person who did not consent to being stored.
    Participant anonymous;
    anonymous.pseudonym = "Zonder toestemming";
    CHECK(sessions.addWalkIn(s.meta.id, anonymous).hasProblem("problem.store_consent_required"));
    CHECK(countRows(w.store, "participants") == participants + 1);
    CHECK(w.store.outboxCount() == outbox + 2);
    CHECK(sessions.attendance(s.meta.id).size() == 1);
}

TEST_CASE("a check-in made by mistake is taken back as a tombstone that syncs, and can be made again") {
    World w;
    SessionService sessions(w.ctx);
    const GroupSession s = savedSession(sessions, "Itsme installeren");
    const std::string who = w.addParticipant("Rachid");
    const SaveResult checkedIn = sessions.checkIn(s.meta.id, who, false);
    REQUIRE(checkedIn.ok());
    const int64_t outbox = w.store.outboxCount();
    CHECK(sessions.removeAttendance(checkedIn.id));
    CHECK(sessions.attendance(s.meta.id).empty());
    CHECK(w.store.find<Attendance>(checkedIn.id)->meta.deleted);
    CHECK(w.store.outboxCount() == outbox + 1);
    CHECK_FALSE(sessions.removeAttendance(checkedIn.id));  // a second tap changes nothing
    CHECK(sessions.checkIn(s.meta.id, who, false).ok());
    CHECK(sessions.attendance(s.meta.id).size() == 1);
}

TEST_CASE("the anonymous count adds to what is stored, not to what a screen last read, and stays at 0 or more") {
    World w;
    SessionService sessions(w.ctx);
    const GroupSession s = savedSession(sessions, "Digicafe");
    REQUIRE(sessions.countAnonymous(s.meta.id, 1).ok());
    REQUIRE(sessions.countAnonymous(s.meta.id, 1).ok());
    CHECK(w.store.find<GroupSession>(s.meta.id)->anonymousCount == 2);
    for (int i = 0; i < 3; ++i) REQUIRE(sessions.countAnonymous(s.meta.id, -1).ok());
    CHECK(w.store.find<GroupSession>(s.meta.id)->anonymousCount == 0);
    CHECK(sessions.countAnonymous("no-such-session", 1).hasProblem("problem.unknown_session"));
}

TEST_CASE("the hand-out form lists available devices first, the most recently handed out among them first") {
    World w;
    DeviceService devices(w.ctx);
    const std::string neverOut = w.addDevice("Acer Aspire 5");
    const std::string returned = w.addDevice("Dell Latitude 5490");
    const std::string lentNow = w.addDevice("Apple iPad 9");
    auto lend = [&](const std::string& device, const char* on) {
        DeviceHandout loan;
        loan.deviceId = device;
        loan.participantId = w.addParticipant("Nadia");
        loan.handedOutOn = on;
        loan.dueOn = "2023-07-30";
        REQUIRE(devices.handOut(loan).ok());
        return loan.meta.id;
    };
    REQUIRE(devices.markReturned(lend(returned, "2023-06-01"), "2023-06-10", "good").ok());
    lend(lentNow, "2023-06-12");
    const std::vector<DeviceChoice> choices = devices.choices();
    REQUIRE(choices.size() >= 3);
    CHECK(choices[0].device.meta.id == returned);
    CHECK(choices[0].lastHandedOutOn == "2023-06-01");
    CHECK(choices.back().device.meta.id == lentNow);
    auto found = std::find_if(choices.begin(), choices.end(), [&](const DeviceChoice& c) { return c.device.meta.id == neverOut; });
    REQUIRE(found != choices.end());
    CHECK(matchesEveryWord(found->searchText, "aspire LAPTOP"));
    CHECK_FALSE(matchesEveryWord(found->searchText, "ipad"));
}

TEST_CASE("a new help request defaults to now and to the coach's last channel and neighbourhood") {
    World w;
    HelpRequestService help(w.ctx);
    HelpRequest first = help.draftWithDefaults();
    CHECK(first.occurredAt == localDateTime(kTestNowMs));
    first.channel = "digibank";
    first.neighbourhoodId = w.neighbourhoodId("Dampoort");
    first.categoryId = w.categoryId("Communicatie", "WhatsApp");
    REQUIRE(help.save(first).ok());
    const HelpRequest next = help.draftWithDefaults();
    CHECK(next.channel == "digibank");
    CHECK(next.neighbourhoodId == w.neighbourhoodId("Dampoort"));
    CHECK(next.meta.id.empty());
}

TEST_CASE("category choices put the coach's most used first") {
    World w;
    HelpRequestService help(w.ctx);
    const auto before = help.categoryChoices();
    REQUIRE(before.size() > 20);
    CHECK(before.front().label == "Technische hulp / Toestel instellen");
    for (int i = 0; i < 3; ++i) {
        HelpRequest h = help.draftWithDefaults();
        h.categoryId = w.categoryId("Digitale diensten", "Tax-on-web / MyMinfin");
        REQUIRE(help.save(h).ok());
    }
    const auto after = help.categoryChoices();
    CHECK(after.front().label == "Digitale diensten / Tax-on-web / MyMinfin");
    CHECK(after.front().timesUsed == 3);
    CHECK(after.size() == before.size());
}

TEST_CASE("today's entries and follow-ups due are listed") {
    World w;
    HelpRequestService help(w.ctx);
    HelpRequest h = help.draftWithDefaults();
    h.occurredAt = "2023-06-14T09:15";
    h.categoryId = w.categoryId("Technische hulp", "Wachtwoorden");
    h.participantId = w.addParticipant("Petra");
    h.followUpOn = "2023-06-16";
    REQUIRE(help.save(h).ok());
    HelpRequest yesterday = help.draftWithDefaults();
    yesterday.occurredAt = "2023-06-13T16:00";
    yesterday.categoryId = h.categoryId;
    REQUIRE(help.save(yesterday).ok());

    const auto today = help.onDate("2023-06-14");
    REQUIRE(today.size() == 1);
    CHECK(today.front().participant == "Petra");
    CHECK(today.front().category == "Technische hulp / Wachtwoorden");
    CHECK(help.followUpsDue("2023-06-14").size() == 1);
    CHECK(help.followUpsDue("2023-08-14").empty());
}

TEST_CASE("participants are found by pseudonym, neighbourhood or target group, accents ignored") {
    World w;
    Participant zoe = World::consentedParticipant("Zoë");
    zoe.neighbourhoodId = w.neighbourhoodId("Rabot");
    zoe.targetGroupIds = {w.targetGroupId("Senioren")};
    REQUIRE(ParticipantService(w.ctx).save(zoe).ok());
    Participant marc = World::consentedParticipant("Marc");
    marc.neighbourhoodId = w.neighbourhoodId("Drongen");
    REQUIRE(ParticipantService(w.ctx).save(marc).ok());

    const auto all = ParticipantService(w.ctx).summaries();
    REQUIRE(all.size() == 2);
    CHECK(all[0].pseudonym == "Marc");
    CHECK(all[1].targetGroups == "Senioren");
    auto names = [&](std::string_view query) {
        std::vector<std::string> found;
        for (std::size_t i : searchParticipants(all, query)) found.push_back(all[i].pseudonym);
        return found;
    };
    CHECK(names("zoe") == std::vector<std::string>{"Zoë"});
    CHECK(names("ZOË") == std::vector<std::string>{"Zoë"});
    CHECK(names("rabot senior") == std::vector<std::string>{"Zoë"});
    CHECK(names("drongen") == std::vector<std::string>{"Marc"});
    CHECK(names("").size() == 2);
    CHECK(names("nobody").empty());
}

TEST_CASE("type-ahead that narrows among its previous hits finds exactly what a full search finds") {
    World w;
    generateDemoData(w.store, DemoOptions{.participants = 400, .helpRequests = 0, .devices = 0, .groupSessions = 0,
                                          .screenings = 0},
                     w.clock);
    std::vector<ParticipantSummary> all = ParticipantService(w.ctx).summaries();
    REQUIRE(all.size() == 400);
    ParticipantSearch search;
    // Typing, a second word, backspacing, a word that is not a narrowing, and clearing.
    const std::vector<std::string> keystrokes = {"m", "ma", "mar", "mari", "mari ", "mari r", "mari ra", "mari r",
                                                 "mari", "ari", "ari sen", "a s", "as", "", "zoe", "zoëx", ""};
    std::size_t narrowedSomething = 0;
    for (const std::string& query : keystrokes) {
        const std::vector<std::size_t> expected = searchParticipants(all, query);
        CHECK_MESSAGE(search.find(all, query) == expected, "query '" << query << "'");
        if (!expected.empty() && expected.size() < all.size()) ++narrowedSomething;
    }
    CHECK(narrowedSomething >= 8);

    // After a reload the old hits point into another list: reset() starts afresh.
    search.find(all, "mari");
    all.erase(all.begin(), all.begin() + 200);
    search.load(all);
    CHECK(search.find(all, "maria") == searchParticipants(all, "maria"));
}

TEST_CASE("a participant's timeline gathers help, devices, sessions and screenings, newest first") {
    World w;
    const std::string who = w.addParticipant("Nadia");
    HelpRequestService help(w.ctx);
    HelpRequest h = help.draftWithDefaults();
    h.occurredAt = "2023-05-02T10:00";
    h.participantId = who;
    h.categoryId = w.categoryId("Digitale diensten", "itsme");
    REQUIRE(help.save(h).ok());
    DeviceHandout gift;
    gift.deviceId = w.addDevice();
    gift.participantId = who;
    gift.kind = "donation";
    gift.handedOutOn = "2023-06-01";
    REQUIRE(DeviceService(w.ctx).handOut(gift).ok());
    SkillsScreening s;
    s.participantId = who;
    s.screenedOn = "2023-06-10";
    s.levels = {{"email", 1}};
    REQUIRE(ScreeningService(w.ctx).save(s).ok());

    const auto entries = ParticipantService(w.ctx).timeline(who);
    REQUIRE(entries.size() == 3);
    CHECK(entries[0].kind == "screening");
    CHECK(entries[1].kind == "donation");
    CHECK(entries[2].kind == "help_request");
    CHECK(entries[2].summary == "Digitale diensten / itsme");
}

TEST_CASE("seeding the reference lists twice adds nothing and gives the same ids everywhere") {
    World w;
    const auto before = w.store.all<Neighbourhood>().size();
    ReferenceService(w.ctx).seedDefaults();
    CHECK(w.store.all<Neighbourhood>().size() == before);
    CHECK(w.store.exists<Neighbourhood>(seededId("neighbourhood", "Muide-Meulestede")));
    CHECK(before == 12);
}
