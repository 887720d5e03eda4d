// The yearly figures on a small hand-built year where every number is known.
#include "model/figures.hpp"
#include "model/number_format.hpp"
#include "model/privacy.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace dc;
using namespace dc::test;

namespace {

// The words the app would hand the exports in `language`.
Wording wordsIn(const char* language) {
    return {language, readTranslationFile(std::filesystem::path(DC_SOURCE_ROOT) / "assets" / "i18n" /
                                          (std::string(language) + ".json"))};
}

// 2023 in a small Ghent practice: three people (one in two target groups, one later
// erased), anonymous help, a loan that spans the new year, walk-in sessions, and
// screenings with progress. The comments give the figures the tests expect.
struct KnownYear {
    World w;
    std::string anna, bert, carl;
    std::string otherCoach;

    KnownYear() {
        anna = addPerson("Anna", "Rabot", {"Senioren", "Nieuwkomers"});
        bert = addPerson("Bert", "Dampoort", {"Senioren"});
        carl = addPerson("Carl", "Rabot", {"Werkzoekenden"});

        // Help 2023: 5 answered, 1 anonymous, 2 at home, 3 people.
        help(anna, "2023-03-10T10:00", "home", "Technische hulp", "E-mail", "Rabot");
        help(anna, "2023-03-20T10:00", "digipunt", "Digitale diensten", "itsme", "Rabot");
        help(bert, "2023-05-02T11:00", "digipunt", "Technische hulp", "Wachtwoorden", "Dampoort");
        help(carl, "2023-11-30T09:00", "home", "Digitale diensten", "itsme", "Rabot");
        help(std::nullopt, "2023-12-31T16:00", "phone", "Communicatie", "WhatsApp", nullptr);
        // Outside 2023, or deleted: 2022 has one request by Bert.
        help(bert, "2022-06-01T10:00", "digipunt", "Technische hulp", "E-mail", "Dampoort");
        help(std::nullopt, "2024-01-01T00:00", "phone", "Communicatie", "WhatsApp", nullptr);
        const std::string mistake = help(anna, "2023-07-07T10:00", "home", "Werk", "Video-cv", "Rabot");
        REQUIRE(deleteRecord<HelpRequest>(w.ctx, mistake));

        // Training 2023: 3 sessions (one with only walk-ins, one with only a head count),
        // 3 registered + 9 anonymous = 12 attendances, 3 people. 2022: 1 session, Anna.
        const std::string workshop = session("2023-04-12", "Rabot", 2);
        checkIn(workshop, anna, false);
        checkIn(workshop, bert, false);
        checkIn(session("2023-09-05", "Dampoort", 3), carl, true);
        session("2023-10-10", "Dampoort", 4);
        checkIn(session("2022-10-01", "Rabot", 0), anna, false);

        // Devices 2023: lent 2, given 1, returned 2 (one lent in 2022), overdue 1.
        loan(anna, "2022-12-15", "2023-01-15", "2023-01-20", {});
        loan(anna, "2023-02-01", "2023-03-01", "2023-02-20", {});
        loan(bert, "2023-11-01", "2023-12-01", std::nullopt, {"hotspot"});
        donation(carl, "2023-06-01", {"package", "social_tariff", "pasoa"});

        // Screenings 2023: 5 screenings of 3 people; Anna +10 (from 2022), Carl +6: mean 8.
        screening(anna, "2022-11-01", 5);
        screening(anna, "2023-05-01", 12);
        screening(anna, "2023-10-01", 15);
        screening(bert, "2023-02-01", 8);
        screening(carl, "2023-03-01", 3);
        screening(carl, "2023-08-01", 9);

        Coach other;
        other.name = "Jonas Claeys";
        REQUIRE(saveRecord(w.ctx, other).ok());
        otherCoach = other.meta.id;
    }

    FigureFilter year(int y) {
        FigureFilter filter;
        filter.period = Period::year(y);
        filter.today = "2024-02-01";
        return filter;
    }

    std::string addPerson(const char* name, const char* neighbourhood, std::vector<const char*> groups) {
        Participant p = World::consentedParticipant(name);
        p.phone = "0470 12 34 56";
        p.notes = "Komt op dinsdag.";
        p.neighbourhoodId = w.neighbourhoodId(neighbourhood);
        for (const char* group : groups) p.targetGroupIds.push_back(w.targetGroupId(group));
        REQUIRE(ParticipantService(w.ctx).save(p).ok());
        return p.meta.id;
    }

    std::string help(OptionalId who, const char* at, const char* channel, const char* top, const char* leaf,
                     const char* neighbourhood) {
        HelpRequest h;
        h.participantId = std::move(who);
        h.occurredAt = at;
        h.channel = channel;
        h.categoryId = w.categoryId(top, leaf);
        if (neighbourhood) h.neighbourhoodId = w.neighbourhoodId(neighbourhood);
        REQUIRE(HelpRequestService(w.ctx).save(h).ok());
        return h.meta.id;
    }

    std::string session(const char* heldOn, const char* neighbourhood, int64_t anonymousCount) {
        GroupSession s;
        s.heldOn = heldOn;
        s.theme = "Veilige wachtwoorden";
        s.neighbourhoodId = w.neighbourhoodId(neighbourhood);
        s.anonymousCount = anonymousCount;
        REQUIRE(SessionService(w.ctx).save(s).ok());
        return s.meta.id;
    }

    void checkIn(const std::string& sessionId, const std::string& who, bool walkIn) {
        REQUIRE(SessionService(w.ctx).checkIn(sessionId, who, walkIn).ok());
    }

    void loan(const std::string& who, const char* on, const char* due, OptionalDate returned, IdList support) {
        DeviceHandout h;
        h.deviceId = w.addDevice();
        h.participantId = who;
        h.handedOutOn = on;
        h.dueOn = due;
        h.internetSupport = std::move(support);
        DeviceService devices(w.ctx);
        REQUIRE(devices.handOut(h).ok());
        if (returned) REQUIRE(devices.markReturned(h.meta.id, *returned, "good").ok());
    }

    void donation(const std::string& who, const char* on, IdList support) {
        DeviceHandout h;
        h.deviceId = w.addDevice();
        h.participantId = who;
        h.kind = "donation";
        h.handedOutOn = on;
        h.internetSupport = std::move(support);
        REQUIRE(DeviceService(w.ctx).handOut(h).ok());
    }

    void screening(const std::string& who, const char* on, int64_t total) {
        SkillsScreening s;
        s.participantId = who;
        s.screenedOn = on;
        // Spread the total over the skills, at most kSkillLevelMax each.
        for (const char* skill : kSkills) {
            const int64_t level = std::min<int64_t>(kSkillLevelMax, total);
            s.levels[skill] = level;
            total -= level;
        }
        REQUIRE(ScreeningService(w.ctx).save(s).ok());
    }

    // GDPR Art. 17 as the privacy work will do it: the person's own fields are emptied,
    // the anonymous facts of the help stay.
    void erase(const std::string& who) {
        Participant p = *w.store.find<Participant>(who);
        p.pseudonym.clear();
        p.phone.clear();
        p.notes.clear();
        Transaction tx(w.store.db());
        w.store.put(p, w.ctx.coachId, w.clock.nowMs());
        tx.commit();
    }
};

const BreakdownRow& row(const std::vector<BreakdownRow>& rows, const std::string& key) {
    for (const BreakdownRow& r : rows)
        if (r.key == key) return r;
    FAIL("no breakdown row " << key);
    throw std::logic_error("unreachable");
}

const Share& share(const std::vector<Share>& shares, const std::string& key) {
    for (const Share& s : shares)
        if (s.key == key) return s;
    FAIL("no share " << key);
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("periods cover whole years, quarters and months, and step back by the same span") {
    CHECK(Period::year(2024) == Period{"2024-01-01", "2024-12-31"});
    CHECK(Period::quarter(2024, 1) == Period{"2024-01-01", "2024-03-31"});
    CHECK(Period::quarter(2023, 4) == Period{"2023-10-01", "2023-12-31"});
    CHECK(Period::month(2024, 2) == Period{"2024-02-01", "2024-02-29"});
    CHECK(Period::year(2024).days() == 366);
    CHECK(previousPeriod(Period::year(2024)) == Period::year(2023));
    CHECK(previousPeriod(Period::quarter(2024, 1)) == Period::quarter(2023, 4));
    CHECK(previousPeriod(Period::month(2024, 3)) == Period::month(2024, 2));
    CHECK(previousPeriod(Period::range("2024-03-10", "2024-03-19")) == Period{"2024-02-29", "2024-03-09"});
    // A period still running is compared with as much of the previous one.
    CHECK(comparablePreviousPeriod(Period::year(2026), "2026-12-01") == Period{"2025-01-01", "2025-12-01"});
    CHECK(comparablePreviousPeriod(Period::year(2024), "2024-02-29") == Period{"2023-01-01", "2023-02-28"});
    CHECK(comparablePreviousPeriod(Period::quarter(2026, 4), "2026-11-30") == Period{"2026-07-01", "2026-08-30"});
    CHECK(comparablePreviousPeriod(Period::year(2026), "2027-01-05") == Period::year(2025));
    CHECK(comparablePreviousPeriod(Period::year(2026), "2026-12-31") == Period::year(2025));
    CHECK(comparablePreviousPeriod(Period::range("2024-03-10", "2024-03-19"), "2024-03-12") ==
          Period{"2024-02-29", "2024-03-02"});
    CHECK_THROWS_AS(Period::range("2024-03-10", "2024-03-09"), std::invalid_argument);
    CHECK_THROWS_AS(Period::range("2023-02-30", "2023-03-01"), std::invalid_argument);
    CHECK_THROWS_AS(Period::quarter(2024, 5), std::invalid_argument);
}

TEST_CASE("help figures count anonymous help in totals but not in the people helped") {
    KnownYear y;
    const Figures f = computeFigures(y.w.store, y.year(2023));
    const HelpFigures& help = f.current.help;
    CHECK(help.answered == 5);
    CHECK(help.anonymous == 1);
    CHECK(help.atHome == 2);
    CHECK(help.peopleHelped == 3);

    REQUIRE(help.byChannel.size() == kChannels.size());
    CHECK(help.byChannel[0].key == "digipunt");
    CHECK(share(help.byChannel, "digipunt").count == 2);
    CHECK(share(help.byChannel, "home").count == 2);
    CHECK(share(help.byChannel, "phone").count == 1);
    CHECK(share(help.byChannel, "digibank").count == 0);
    CHECK(share(help.byChannel, "home").share == doctest::Approx(0.4));
    CHECK(share(help.byChannel, "phone").share == doctest::Approx(0.2));

    const std::string technical = seededId("category", "Technische hulp");
    const std::string services = seededId("category", "Digitale diensten");
    REQUIRE(help.byCategory.size() == 7);  // every top-level category, zeros included
    CHECK(help.byCategory[0].key == technical);
    CHECK(help.byCategory[0].label == "Technische hulp");
    CHECK(share(help.byCategory, technical).count == 2);
    CHECK(share(help.byCategory, technical).share == doctest::Approx(0.4));
    CHECK(share(help.byCategory, services).count == 2);
    CHECK(share(help.byCategory, seededId("category", "Communicatie")).share == doctest::Approx(0.2));
    CHECK(share(help.byCategory, seededId("category", "Werk")).count == 0);  // the deleted request

    CHECK(f.previous == Period::year(2022));
    CHECK(f.previousTotals.help.answered == 1);
    CHECK(f.previousTotals.help.peopleHelped == 1);
    CHECK(f.previousTotals.help.anonymous == 0);
}

TEST_CASE("training counts registered attendance, head counts and sessions with walk-ins only") {
    KnownYear y;
    const Figures f = computeFigures(y.w.store, y.year(2023));
    const TrainingFigures& t = f.current.training;
    CHECK(t.sessions == 3);
    CHECK(t.registeredAttendances == 3);
    CHECK(t.anonymousHeadCount == 9);
    CHECK(t.attendances == 12);
    CHECK(t.peopleTrained == 3);
    CHECK(f.previousTotals.training.sessions == 1);
    CHECK(f.previousTotals.training.attendances == 1);
    CHECK(f.previousTotals.training.peopleTrained == 1);
}

TEST_CASE("a loan spanning two years is lent in the first, returned in the second, and overdue only when past due") {
    KnownYear y;
    const Figures f = computeFigures(y.w.store, y.year(2023));
    const DeviceFigures& d = f.current.devices;
    CHECK(d.lent == 2);
    CHECK(d.given == 1);
    CHECK(d.returned == 2);
    CHECK(d.overdue == 1);
    CHECK(d.overdueAsOf == "2023-12-31");
    CHECK(d.internetSupport.socialTariff == 1);
    CHECK(d.internetSupport.pasoa == 1);
    CHECK(d.internetSupport.hotspot == 1);
    CHECK(d.internetSupport.package == 1);

    const DeviceFigures& before = f.previousTotals.devices;
    CHECK(before.lent == 1);
    CHECK(before.returned == 0);
    CHECK(before.overdue == 0);  // due 2023-01-15, not yet late on 2022-12-31
    CHECK(before.overdueAsOf == "2022-12-31");

    // Mid-November the open loan is not due yet; in mid-December it is.
    FigureFilter november = y.year(2023);
    november.today = "2023-11-15";
    CHECK(computeFigures(y.w.store, november).current.devices.overdue == 0);
    CHECK(computeFigures(y.w.store, november).current.devices.overdueAsOf == "2023-11-15");
    FigureFilter december = y.year(2023);
    december.today = "2023-12-15";
    CHECK(computeFigures(y.w.store, december).current.devices.overdue == 1);
}

TEST_CASE("screening progress runs from a person's first screening to their last in the period") {
    KnownYear y;
    const Figures f = computeFigures(y.w.store, y.year(2023));
    const ScreeningFigures& s = f.current.screenings;
    CHECK(s.screenings == 5);  // Anna twice, Bert once, Carl twice
    CHECK(s.peopleScreened == 3);
    CHECK(s.peopleWithProgress == 2);
    CHECK(s.averageProgress == doctest::Approx(8.0));
    CHECK(f.previousTotals.screenings.screenings == 1);
    CHECK(f.previousTotals.screenings.peopleWithProgress == 0);
    CHECK(f.previousTotals.screenings.averageProgress == 0.0);
}

TEST_CASE("screening progress compares only the skills asked both times") {
    World w;
    ParticipantService people(w.ctx);
    Participant p;
    p.pseudonym = "Dina";
    p.consentDate = "2023-01-02";
    p.consentScopes = {"store"};
    REQUIRE(people.save(p).ok());
    SkillsScreening first;
    first.participantId = p.meta.id;
    first.screenedOn = "2023-02-01";
    first.levels = {{"email", 0}, {"internet", 1}};  // the other skills were not asked
    REQUIRE(ScreeningService(w.ctx).save(first).ok());
    SkillsScreening later = first;
    later.meta = {};
    later.screenedOn = "2023-06-01";
    // E-mail went from "not yet" to "alone"; internet was not asked again; four skills
    // asked for the first time add nothing.
    later.levels = {{"email", 2}, {"passwords", 3}, {"eid_itsme", 3}, {"device_basics", 3}, {"online_banking", 3}};
    REQUIRE(ScreeningService(w.ctx).save(later).ok());
    FigureFilter year;
    year.period = Period::year(2023);
    const ScreeningFigures s = computeFigures(w.store, year).current.screenings;
    CHECK(s.peopleWithProgress == 1);
    CHECK(s.averageProgress == doctest::Approx(2.0));
}

TEST_CASE("a person in two target groups counts in both groups but once in the unique totals") {
    KnownYear y;
    const Figures f = computeFigures(y.w.store, y.year(2023));
    REQUIRE(f.byTargetGroup.size() == 9 + 1);  // the seeded groups, then "" for no known group
    const BreakdownRow& seniors = row(f.byTargetGroup, y.w.targetGroupId("Senioren"));
    CHECK(seniors.label == "Senioren");
    CHECK(seniors.helpRequests == 3);
    CHECK(seniors.atHome == 1);
    CHECK(seniors.peopleHelped == 2);
    CHECK(seniors.sessions == 1);
    CHECK(seniors.attendances == 2);
    CHECK(seniors.devicesLent == 2);
    CHECK(seniors.screenings == 3);
    const BreakdownRow& newcomers = row(f.byTargetGroup, y.w.targetGroupId("Nieuwkomers"));
    CHECK(newcomers.helpRequests == 2);
    CHECK(newcomers.peopleHelped == 1);
    CHECK(newcomers.attendances == 1);
    const BreakdownRow& jobSeekers = row(f.byTargetGroup, y.w.targetGroupId("Werkzoekenden"));
    CHECK(jobSeekers.helpRequests == 1);
    CHECK(jobSeekers.devicesGiven == 1);
    CHECK(jobSeekers.sessions == 1);
    const BreakdownRow& none = f.byTargetGroup.back();
    CHECK(none.key == "");
    CHECK(none.helpRequests == 1);  // the anonymous request
    CHECK(none.peopleHelped == 0);
    CHECK(none.attendances == 9);   // head counts have no group
    CHECK(none.sessions == 3);
    CHECK(row(f.byTargetGroup, y.w.targetGroupId("Laag inkomen")).helpRequests == 0);

    int64_t peopleOverGroups = 0;
    for (const BreakdownRow& r : f.byTargetGroup) peopleOverGroups += r.peopleHelped.value_or(0);
    CHECK(peopleOverGroups == 4);
    CHECK(f.current.help.peopleHelped == 3);
}

TEST_CASE("neighbourhood and month breakdowns add up to the totals") {
    KnownYear y;
    const Figures f = computeFigures(y.w.store, y.year(2023));
    CHECK(f.byNeighbourhood.size() == 12 + 1);  // the seeded list, then "" for the anonymous request
    CHECK(f.byNeighbourhood.front().label == "Binnenstad");
    const BreakdownRow& rabot = row(f.byNeighbourhood, y.w.neighbourhoodId("Rabot"));
    CHECK(rabot.helpRequests == 3);
    CHECK(rabot.atHome == 2);
    CHECK(rabot.sessions == 1);
    CHECK(rabot.attendances == 4);  // Anna, Bert and a head count of 2
    CHECK(rabot.devicesLent == 1);  // Anna's February loan; Anna lives in Rabot
    CHECK(rabot.devicesGiven == 1);
    CHECK(rabot.screenings == 4);
    const BreakdownRow& dampoort = row(f.byNeighbourhood, y.w.neighbourhoodId("Dampoort"));
    CHECK(dampoort.helpRequests == 1);
    CHECK(dampoort.sessions == 2);
    CHECK(dampoort.attendances == 8);
    CHECK(dampoort.devicesLent == 1);
    CHECK(f.byNeighbourhood.back().key == "");
    CHECK(f.byNeighbourhood.back().helpRequests == 1);

    REQUIRE(f.byMonth.size() == 12);
    CHECK(f.byMonth[0].key == "2023-01");
    CHECK(f.byMonth[2].helpRequests == 2);
    CHECK(f.byMonth[2].atHome == 1);
    CHECK(f.byMonth[11].helpRequests == 1);
    CHECK(f.byMonth[3].sessions == 1);
    CHECK(f.byMonth[3].attendances == 4);
    CHECK(f.byMonth[1].devicesLent == 1);
    CHECK(f.byMonth[5].devicesGiven == 1);
    int64_t help = 0, attendances = 0, screenings = 0;
    for (const BreakdownRow& m : f.byMonth) {
        help += m.helpRequests;
        attendances += m.attendances;
        screenings += m.screenings;
        CHECK_FALSE(m.peopleHelped.has_value());
    }
    CHECK(help == f.current.help.answered);
    CHECK(attendances == f.current.training.attendances);
    CHECK(screenings == f.current.screenings.screenings);
}

TEST_CASE("an erased participant's help still counts, and no figure depends on the pseudonym") {
    KnownYear y;
    const nlohmann::json before = figuresToJson(computeFigures(y.w.store, y.year(2023)));
    y.erase(y.carl);
    CHECK(y.w.store.find<Participant>(y.carl)->pseudonym.empty());
    const Figures after = computeFigures(y.w.store, y.year(2023));
    CHECK(figuresToJson(after) == before);
    CHECK(after.current.help.peopleHelped == 3);
    CHECK(after.current.devices.given == 1);
}

TEST_CASE("an empty period gives zeros everywhere and no division by zero") {
    KnownYear y;
    const Figures f = computeFigures(y.w.store, y.year(2020));
    CHECK(f.current.help.answered == 0);
    CHECK(f.current.help.peopleHelped == 0);
    for (const Share& s : f.current.help.byChannel) CHECK(s.share == 0.0);
    for (const Share& s : f.current.help.byCategory) CHECK(s.share == 0.0);
    CHECK(f.current.training.attendances == 0);
    CHECK(f.current.devices.lent == 0);
    CHECK(f.current.screenings.averageProgress == 0.0);
    CHECK(f.byMonth.size() == 12);
    for (const BreakdownRow& r : f.byNeighbourhood) CHECK(r.helpRequests == 0);
    CHECK(f.byNeighbourhood.size() == 12);  // no "" row when nothing lacks a neighbourhood
    for (const Change& c : headlineChanges(f)) {
        CHECK(c.delta == 0.0);
        CHECK_FALSE(c.percent.has_value());
    }
    const nlohmann::json json = figuresToJson(f);
    CHECK(json["current"]["help"]["by_channel"][0]["share"] == 0.0);
    CHECK(json["change"][0]["percent"].is_null());
}

TEST_CASE("a loan still out from earlier years is overdue in a later year with no activity") {
    KnownYear y;
    FigureFilter later = y.year(2030);
    later.today = "2031-01-01";
    CHECK(computeFigures(y.w.store, later).current.devices.overdue == 1);  // Bert's loan of 2023
}

TEST_CASE("filters narrow every figure along the dimension each record carries") {
    KnownYear y;
    FigureFilter rabot = y.year(2023);
    rabot.neighbourhoodId = y.w.neighbourhoodId("Rabot");
    const Figures r = computeFigures(y.w.store, rabot);
    CHECK(r.current.help.answered == 3);
    CHECK(r.current.help.peopleHelped == 2);
    CHECK(r.current.training.sessions == 1);
    CHECK(r.current.devices.lent == 1);
    CHECK(r.current.screenings.peopleScreened == 2);

    FigureFilter seniors = y.year(2023);
    seniors.targetGroupId = y.w.targetGroupId("Senioren");
    const Figures s = computeFigures(y.w.store, seniors);
    CHECK(s.current.help.answered == 3);
    CHECK(s.current.help.anonymous == 0);
    CHECK(s.current.help.peopleHelped == 2);
    CHECK(s.current.training.sessions == 1);
    CHECK(s.current.training.attendances == 2);  // head counts have no group
    CHECK(s.current.devices.lent == 2);
    CHECK(s.current.devices.overdue == 1);
    CHECK(s.byTargetGroup.size() == 9);  // no "" row under a group filter
    CHECK(row(s.byTargetGroup, y.w.targetGroupId("Senioren")).helpRequests == 3);
    CHECK(row(s.byTargetGroup, y.w.targetGroupId("Nieuwkomers")).helpRequests == 0);

    FigureFilter atHome = y.year(2023);
    atHome.channel = "home";
    const Figures h = computeFigures(y.w.store, atHome);
    CHECK(h.current.help.answered == 2);
    CHECK(h.current.help.peopleHelped == 2);
    CHECK(h.current.training.sessions == 3);  // sessions have no channel

    FigureFilter other = y.year(2023);
    other.coachId = y.otherCoach;
    const Figures o = computeFigures(y.w.store, other);
    CHECK(o.current.help.answered == 0);
    CHECK(o.current.training.sessions == 0);
    CHECK(o.current.devices.lent == 0);
    FigureFilter mine = y.year(2023);
    mine.coachId = y.w.ctx.coachId;
    CHECK(computeFigures(y.w.store, mine).current.help.answered == 5);

    // The coach has no organisation and the records none of their own: nothing matches.
    FigureFilter district09 = y.year(2023);
    district09.organisationId = seededId("organisation", "District09");
    CHECK(computeFigures(y.w.store, district09).current.help.answered == 0);
}

TEST_CASE("a help request without an organisation counts for its coach's organisation") {
    KnownYear y;
    Coach coach = *y.w.store.find<Coach>(y.w.ctx.coachId);
    coach.organisationId = seededId("organisation", "District09");
    REQUIRE(saveRecord(y.w.ctx, coach).ok());
    FigureFilter district09 = y.year(2023);
    district09.organisationId = seededId("organisation", "District09");
    const Figures f = computeFigures(y.w.store, district09);
    CHECK(f.current.help.answered == 5);
    CHECK(f.current.devices.lent == 2);
    CHECK(f.current.screenings.screenings == 5);
}

TEST_CASE("the change against the previous period is given as a difference and a percentage") {
    KnownYear y;
    const auto changes = headlineChanges(computeFigures(y.w.store, y.year(2023)));
    const auto answered = std::find_if(changes.begin(), changes.end(), [](auto& c) { return c.key == "help.answered"; });
    REQUIRE(answered != changes.end());
    CHECK(answered->current == 5);
    CHECK(answered->previous == 1);
    CHECK(answered->delta == 4);
    CHECK(answered->percent == doctest::Approx(400.0));
}

TEST_CASE("the JSON form keeps its documented keys") {
    KnownYear y;
    const nlohmann::json json = figuresToJson(computeFigures(y.w.store, y.year(2023)));
    CHECK(json["format"] == "digicoach.figures");
    CHECK(json["format_version"] == 1);
    CHECK(json["period"]["from"] == "2023-01-01");
    CHECK(json["previous_period"]["to"] == "2022-12-31");
    CHECK(json["filter"]["neighbourhood_id"].is_null());
    CHECK(json["current"]["help"]["answered"] == 5);
    CHECK(json["current"]["help"]["by_category"][0]["share"] == 0.4);
    CHECK(json["current"]["training"]["attendances"] == 12);
    CHECK(json["current"]["devices"]["internet_support"]["pasoa"] == 1);
    CHECK(json["current"]["screenings"]["average_progress"] == 8.0);
    CHECK(json["previous"]["help"]["answered"] == 1);
    CHECK(json["change"].size() == headlineChanges(computeFigures(y.w.store, y.year(2023))).size());
    CHECK(json["by_month"].size() == 12);
    CHECK(json["by_target_group"][0].contains("people_helped"));
    CHECK_FALSE(json["by_neighbourhood"][0].contains("people_helped"));
}

TEST_CASE("the CSV opens in Belgian Excel: BOM, semicolons and decimal commas") {
    KnownYear y;
    const Figures f = computeFigures(y.w.store, y.year(2023));
    const std::string belgian = figuresToCsv(f, ';', wordsIn("nl"));
    REQUIRE(belgian.starts_with("\xEF\xBB\xBF"));
    CHECK(belgian.find("section;figure;key;label;current;previous\r\n") == 3);
    CHECK(belgian.find("help;answered;;Hulpvragen beantwoord;5;1\r\n") != std::string::npos);
    CHECK(belgian.find("screenings;average_progress;;Gemiddelde vooruitgang (punten);8;0\r\n") != std::string::npos);
    CHECK(belgian.find(";Technische hulp;0,4;") != std::string::npos);
    CHECK(belgian.find(";home;Aan huis;") != std::string::npos);
    const std::string plain = figuresToCsv(f, ',', wordsIn("nl"));
    CHECK(plain.find(",Technische hulp,0.4,") != std::string::npos);
}

TEST_CASE("the CSV's labels are in the language chosen, from the same translations as the screen") {
    KnownYear y;
    const Figures f = computeFigures(y.w.store, y.year(2023));
    const Wording english = wordsIn("en");
    const std::string csv = figuresToCsv(f, ',', english);
    CHECK(csv.find("help,answered,," + english.text("report.figure.help_answered") + ",5,1\r\n") != std::string::npos);
    CHECK(csv.find(",home," + english.text("channel.home") + ",") != std::string::npos);
    CHECK(csv.find("Hulpvragen beantwoord") == std::string::npos);
}

TEST_CASE("numbers are grouped and marked as the language writes them") {
    const NumberStyle dutch = wordsIn("nl").numbers();
    const NumberStyle english = wordsIn("en").numbers();
    CHECK(formatNumber(16575, 0, dutch) == "16.575");
    CHECK(formatNumber(16575, 0, english) == "16,575");
    CHECK(formatNumber(1234567.26, 1, dutch) == "1.234.567,3");
    CHECK(formatNumber(8.5, 1, english) == "8.5");
    CHECK(formatNumber(-1200, 0, dutch) == "-1.200");
    CHECK(formatNumber(-0.01, 1, dutch) == "0,0");
    CHECK(formatNumber(999, 0, dutch) == "999");
}

TEST_CASE("the printable summary is one escaped HTML page in Dutch or English") {
    KnownYear y;
    Neighbourhood odd;
    odd.name = "<Ledeberg & co>";
    REQUIRE(saveRecord(y.w.ctx, odd).ok());
    const Figures f = computeFigures(y.w.store, y.year(2023));
    const std::string dutch = figuresToHtml(f, wordsIn("nl"));
    CHECK(dutch.starts_with("<!DOCTYPE html>"));
    CHECK(dutch.find("Hulpvragen beantwoord") != std::string::npos);
    CHECK(dutch.find("&lt;Ledeberg &amp; co&gt;") != std::string::npos);
    CHECK(dutch.find("<Ledeberg") == std::string::npos);
    CHECK(dutch.find("<html lang=\"nl\">") != std::string::npos);
    const std::string english = figuresToHtml(f, wordsIn("en"));
    CHECK(english.find("Help requests answered") != std::string::npos);
    CHECK(english.find("<html lang=\"en\">") != std::string::npos);
}

TEST_CASE("a raw table export leaves personal fields out unless asked, and defuses formulas") {
    KnownYear y;
    Participant p = *y.w.store.find<Participant>(y.anna);
    p.notes = "=HYPERLINK(\"x\")";
    REQUIRE(ParticipantService(y.w.ctx).save(p).ok());
    const std::string plain = exportTableCsv(y.w.store, "participants", ';');
    CHECK(plain.starts_with("\xEF\xBB\xBFid;version;author_coach_id;created_at_ms;updated_at_ms;age_band;"));
    CHECK(plain.find("Anna") == std::string::npos);
    CHECK(plain.find("0470") == std::string::npos);
    const std::string full = exportTableCsv(y.w.store, "participants", ';', true);
    CHECK(full.find("Anna") != std::string::npos);
    CHECK(full.find("\"'=HYPERLINK(\"\"x\"\")\"") != std::string::npos);
    CHECK_THROWS_AS(exportTableCsv(y.w.store, "sqlite_master", ';'), std::invalid_argument);
}

TEST_CASE("a raw table export writes the names of neighbourhoods, categories and groups beside their ids") {
    KnownYear y;
    const std::string people = exportTableCsv(y.w.store, "participants", ';');
    const std::string dampoort = y.w.neighbourhoodId("Dampoort");
    CHECK(people.find(";neighbourhood_id;neighbourhood_name;") != std::string::npos);
    CHECK(people.find(";target_group_ids;target_group_names;") != std::string::npos);
    CHECK(people.find(dampoort + ";Dampoort;") != std::string::npos);
    CHECK(people.find("Senioren") != std::string::npos);
    const std::string help = exportTableCsv(y.w.store, "help_requests", ';');
    CHECK(help.find(";category_id;category_name;") != std::string::npos);
    CHECK(help.find(y.w.categoryId("Technische hulp", "Wachtwoorden") + ";Wachtwoorden;") != std::string::npos);
}

namespace {

// The running counts as they stand, and as a count over every live request gives them.
std::vector<std::string> rowsOf(Store& store, const char* sql) {
    std::vector<std::string> rows;
    Statement q = store.db().prepare(sql);
    while (q.step()) rows.push_back(q.text(0));
    return rows;
}

void checkCountsMatchRequests(Store& store) {
    CHECK(rowsOf(store, "SELECT month || '|' || channel || '|' || category_id || '|' || neighbourhood_id || '|' || "
                        "project_id || '|' || requests FROM help_request_counts WHERE requests != 0 ORDER BY 1") ==
          rowsOf(store, "SELECT substr(occurred_at, 1, 7) || '|' || channel || '|' || category_id || '|' || "
                        "coalesce(neighbourhood_id, '') || '|' || coalesce(project_id, '') || '|' || count(*) "
                        "FROM help_requests WHERE deleted = 0 GROUP BY substr(occurred_at, 1, 7), channel, category_id, "
                        "coalesce(neighbourhood_id, ''), coalesce(project_id, '') ORDER BY 1"));
    const char* fromRequests =
        "SELECT participant_id || '|' || span || '|' || project || '|' || count(*) || '|' || sum(channel = 'home') FROM ("
        " SELECT participant_id, channel, substr(occurred_at, 1, 7) AS span, coalesce(project_id, '') AS project"
        " FROM help_requests WHERE deleted = 0 AND participant_id IS NOT NULL"
        " UNION ALL SELECT participant_id, channel, substr(occurred_at, 1, 4), coalesce(project_id, '')"
        " FROM help_requests WHERE deleted = 0 AND participant_id IS NOT NULL)"
        " GROUP BY participant_id, span, project ORDER BY 1";
    CHECK(rowsOf(store, "SELECT participant_id || '|' || span || '|' || project_id || '|' || requests || '|' || at_home "
                        "FROM help_request_person_counts WHERE requests != 0 ORDER BY 1") == rowsOf(store, fromRequests));
    CHECK(rowsOf(store, "SELECT count(*) FROM help_request_counts WHERE requests < 0") == std::vector<std::string>{"0"});
}

// Everything but the filter itself, which differs by design.
nlohmann::json withoutFilter(const Figures& figures) {
    nlohmann::json json = figuresToJson(figures);
    json.erase("filter");
    return json;
}

}  // namespace

TEST_CASE("the running counts follow saves, edits that move a request, tombstones, sync-applied records and erasure") {
    KnownYear y;
    checkCountsMatchRequests(y.w.store);
    HelpRequestService service(y.w.ctx);

    // An edit moves Anna's March e-mail help to August, another category and channel.
    HelpRequest moved = y.w.store.where<HelpRequest>("participant_id = ? ORDER BY occurred_at", y.anna).front();
    REQUIRE(moved.occurredAt == "2023-03-10T10:00");
    moved.occurredAt = "2023-08-15T14:00";
    moved.categoryId = y.w.categoryId("Communicatie", "WhatsApp");
    moved.channel = "digipunt";
    moved.neighbourhoodId.reset();
    REQUIRE(service.save(moved).ok());
    checkCountsMatchRequests(y.w.store);

    // A tombstone takes a request out.
    const HelpRequest bertsHelp = y.w.store.where<HelpRequest>("participant_id = ? ORDER BY occurred_at DESC", y.bert).front();
    REQUIRE(deleteRecord<HelpRequest>(y.w.ctx, bertsHelp.meta.id));
    checkCountsMatchRequests(y.w.store);

    // A record from the hub arrives, is changed on another laptop, then deleted there.
    HelpRequest received;
    received.meta = {newUuid(), kTestNowMs, kTestNowMs, 1, y.w.ctx.coachId, "other-laptop", false};
    received.participantId = y.carl;
    received.occurredAt = "2023-09-01T11:00";
    received.channel = "home";
    received.categoryId = y.w.categoryId("Technische hulp", "E-mail");
    received.neighbourhoodId = y.w.neighbourhoodId("Rabot");
    received.durationMinutes = 30;
    received.outcome = "solved";
    {
        Transaction tx(y.w.store.db());
        y.w.store.putReceived(received);
        tx.commit();
    }
    checkCountsMatchRequests(y.w.store);
    received.meta.version = 2;
    received.channel = "phone";
    received.occurredAt = "2024-02-01T09:00";  // into another year
    y.w.store.putReceived(received);
    checkCountsMatchRequests(y.w.store);
    const Figures withReceived = computeFigures(y.w.store, y.year(2024));
    CHECK(withReceived.current.help.answered == 2);  // the 2024 anonymous one and this one
    received.meta.version = 3;
    received.meta.deleted = true;
    y.w.store.putReceived(received);
    checkCountsMatchRequests(y.w.store);

    // Erasure on request keeps the anonymous facts, so the counts stay as they are.
    REQUIRE(forgetParticipant(y.w.ctx, y.anna).ok());
    checkCountsMatchRequests(y.w.store);

    // Known figures after all that: 5 answered - Bert's 2023 one = 4; Anna's moved help
    // is now in August and counted under communication.
    const Figures f = computeFigures(y.w.store, y.year(2023));
    CHECK(f.current.help.answered == 4);
    CHECK(f.current.help.peopleHelped == 2);
    CHECK(f.current.help.atHome == 1);
    CHECK(row(f.byMonth, "2023-03").helpRequests == 1);
    CHECK(row(f.byMonth, "2023-08").helpRequests == 1);
    CHECK(share(f.current.help.byCategory, seededId("category", "Communicatie")).count == 2);

    // The counts and the requests themselves agree: a coach filter reads the requests.
    FigureFilter byCoach = y.year(2023);
    byCoach.coachId = y.w.ctx.coachId;
    CHECK(withoutFilter(computeFigures(y.w.store, byCoach)) == withoutFilter(f));
    FigureFilter quarter = byCoach;
    quarter.period = Period::quarter(2023, 3);
    FigureFilter quarterFromCounts = quarter;
    quarterFromCounts.coachId.reset();
    CHECK(withoutFilter(computeFigures(y.w.store, quarter)) == withoutFilter(computeFigures(y.w.store, quarterFromCounts)));
}

TEST_CASE("a version-5 or version-7 file gets running counts of the help requests already in it, with no project") {
    for (const int version : {5, 7}) {
        CAPTURE(version);
        TempDir dir;
        const std::string path = dir.file("old.db").string();
        {
            Store old = Store::openAtVersion(path, version);
            REQUIRE(old.schemaVersion() == version);
            // The category as those versions seeded it (today's seeding writes later columns).
            Statement category = old.db().prepare(
                "INSERT INTO help_categories (id, created_at_ms, updated_at_ms, version, author_coach_id, name) "
                "VALUES (?1, 1000, 1000, 1, 'seed', 'E-mail')");
            category.bind(1, seededId("category", "Technische hulp/E-mail"));
            category.run();
            // Written as that version's program wrote them: without the columns added since.
            Statement insert = old.db().prepare(
                "INSERT INTO help_requests (id, created_at_ms, updated_at_ms, version, author_coach_id, deleted, "
                "occurred_at, channel, category_id, duration_minutes, outcome) VALUES (?, 0, 0, 1, 'c', ?, ?, 'home', ?, "
                "15, 'solved')");
            const char* days[] = {"2023-01-05T10:00", "2023-01-20T10:00", "2023-02-03T10:00"};
            for (const char* day : days) {
                insert.bind(1, newUuid()).bind(2, day == days[2]).bind(3, day);
                insert.bind(4, seededId("category", "Technische hulp/E-mail"));
                insert.run();
            }
        }
        Store current = Store::open(path);
        CHECK(current.schemaVersion() == kSchemaVersion);
        checkCountsMatchRequests(current);
        FigureFilter filter;
        filter.period = Period::year(2023);
        filter.today = "2024-01-01";
        const Figures f = computeFigures(current, filter);
        CHECK(f.current.help.answered == 2);
        CHECK(f.current.help.atHome == 2);
        CHECK(f.byMonth.front().helpRequests == 2);
        filter.projectId = kNoProject;
        CHECK(computeFigures(current, filter).current.help.answered == 2);
        for (const HelpRequest& h : current.all<HelpRequest>()) CHECK_FALSE(h.projectId);
    }
}
