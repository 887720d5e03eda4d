// Projects: their periods and years, attribution, and figures per project and for any
// period on a small set of records whose every number is counted by hand below.
#include "model/demo_data.hpp"
#include "model/envelope.hpp"
#include "model/figures.hpp"
#include "model/funder_sheet.hpp"
#include "model/number_format.hpp"
#include "model/projects.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace dc;
using namespace dc::test;

namespace {

Project project(const char* startsOn, OptionalDate endsOn) {
    Project p;
    p.name = "Digibank Gent";
    p.startsOn = startsOn;
    p.endsOn = std::move(endsOn);
    return p;
}

// Two projects and records in, around and outside them:
//   help  #1 Anna  2023-01-10 home      Digibank   #5 anonymous 2024-02-29 phone  Digibank
//         #2 Anna  2023-02-28 digipunt  Digibank   #6 Carl  2024-03-15 home       none
//         #3 Bert  2023-12-31 digibank  Digibank   #7 Carl  2024-06-30 digipunt   Digibank
//         #4 Bert  2024-01-02 digibank  Digiscan   #8 Anna  2024-07-01 home       Digibank
//   sessions  2023-03-01 Digibank (Anna + 4 anonymous), 2024-05-01 none (Bert + 2 anonymous)
//   hand-outs 2023-06-01 donation to Carl, Digibank, PASOA and package; 2024-01-10 loan to Bert, none
//   screenings Anna 2023-01-05 and 2023-06-05, Digiscan, total level 4 then 9
struct ProjectYear {
    World w;
    std::string digibank, digiscan, anna, bert, carl;

    ProjectYear() {
        digibank = addProject("Digibank Gent", "2023-01-01", "2024-06-30");
        digiscan = addProject("e-inclusion 4 Belgium – Digiscan", "2022-11-15", std::nullopt);
        anna = w.addParticipant("Anna");
        bert = w.addParticipant("Bert");
        carl = w.addParticipant("Carl");
        help(anna, "2023-01-10T10:00", "home", digibank);
        help(anna, "2023-02-28T10:00", "digipunt", digibank);
        help(bert, "2023-12-31T16:00", "digibank", digibank);
        help(bert, "2024-01-02T09:00", "digibank", digiscan);
        help(std::nullopt, "2024-02-29T11:00", "phone", digibank);
        help(carl, "2024-03-15T14:00", "home", std::nullopt);
        help(carl, "2024-06-30T18:00", "digipunt", digibank);
        help(anna, "2024-07-01T09:00", "home", digibank);

        const std::string first = session("2023-03-01", 4, digibank);
        REQUIRE(SessionService(w.ctx).checkIn(first, anna, false).ok());
        const std::string second = session("2024-05-01", 2, std::nullopt);
        REQUIRE(SessionService(w.ctx).checkIn(second, bert, false).ok());

        DeviceHandout donation;
        donation.deviceId = w.addDevice();
        donation.participantId = carl;
        donation.kind = "donation";
        donation.handedOutOn = "2023-06-01";
        donation.internetSupport = {"pasoa", "package"};
        donation.projectId = digibank;
        REQUIRE(DeviceService(w.ctx).handOut(donation).ok());
        DeviceHandout loan;
        loan.deviceId = w.addDevice();
        loan.participantId = bert;
        loan.handedOutOn = "2024-01-10";
        loan.dueOn = "2024-02-10";
        REQUIRE(DeviceService(w.ctx).handOut(loan).ok());

        screening(anna, "2023-01-05", 4);
        screening(anna, "2023-06-05", 9);
    }

    std::string addProject(const char* name, const char* startsOn, OptionalDate endsOn) {
        Project p = project(startsOn, std::move(endsOn));
        p.name = name;
        p.funder = "Departement Werk en Sociale Economie";
        p.region = "Gent";
        p.indicators = {"people_reached", "help_requests", "devices"};
        REQUIRE(saveRecord(w.ctx, p).ok());
        return p.meta.id;
    }

    void help(OptionalId who, const char* at, const char* channel, OptionalId projectId) {
        HelpRequest h;
        h.participantId = std::move(who);
        h.occurredAt = at;
        h.channel = channel;
        h.categoryId = w.categoryId("Technische hulp", "E-mail");
        h.projectId = std::move(projectId);
        REQUIRE(HelpRequestService(w.ctx).save(h).ok());
    }

    std::string session(const char* heldOn, int64_t anonymousCount, OptionalId projectId) {
        GroupSession s;
        s.heldOn = heldOn;
        s.theme = "Veilige wachtwoorden";
        s.anonymousCount = anonymousCount;
        s.projectId = std::move(projectId);
        REQUIRE(SessionService(w.ctx).save(s).ok());
        return s.meta.id;
    }

    void screening(const std::string& who, const char* on, int64_t total) {
        SkillsScreening s;
        s.participantId = who;
        s.screenedOn = on;
        s.projectId = digiscan;
        for (const char* skill : kSkills) {
            s.levels[skill] = std::min<int64_t>(kSkillLevelMax, total);
            total -= s.levels[skill];
        }
        REQUIRE(ScreeningService(w.ctx).save(s).ok());
    }

    FigureFilter filter(const char* from, const char* to, OptionalId projectId = std::nullopt) {
        FigureFilter f;
        f.period = Period::range(from, to);
        f.projectId = std::move(projectId);
        f.today = "2025-01-01";  // never the real date: CI runs these on several
        return f;
    }
    Figures figures(const char* from, const char* to, OptionalId projectId = std::nullopt) {
        return computeFigures(w.store, filter(from, to, std::move(projectId)));
    }
};

const BreakdownRow& rowOf(const Figures& figures, const std::string& key) {
    for (const BreakdownRow& r : figures.byProject)
        if (r.key == key) return r;
    FAIL("no project row " << key);
    throw std::logic_error("unreachable");
}

// The counts of a breakdown row or a whole set of figures that simply add up.
std::vector<int64_t> additiveCounts(const Totals& t) {
    return {t.help.answered,        t.help.anonymous, t.help.atHome,         t.training.sessions,
            t.training.attendances, t.devices.lent,   t.devices.given,       t.screenings.screenings,
            t.devices.internetSupport.pasoa};
}
std::vector<int64_t> additiveCounts(const BreakdownRow& r) {
    return {r.helpRequests, r.atHome, r.sessions, r.attendances, r.devicesLent, r.devicesGiven, r.screenings};
}

}  // namespace

TEST_CASE("a project's period runs from its start to its end, or to today while it has none") {
    CHECK(projectPeriod(project("2022-10-01", "2024-12-31"), "2030-01-01") == Period{"2022-10-01", "2024-12-31"});
    CHECK(projectPeriod(project("2022-11-15", std::nullopt), "2024-03-01") == Period{"2022-11-15", "2024-03-01"});
    CHECK(projectPeriod(project("2027-01-01", std::nullopt), "2026-06-01") == Period{"2027-01-01", "2027-01-01"});
    // Dates that are no period, as a hub may pass them on: no period, and no project year.
    CHECK_FALSE(projectPeriod(project("2024-13-45", std::nullopt), "2026-06-01"));
    CHECK_FALSE(projectPeriod(project("2024-06-01", "2024-01-01"), "2026-06-01"));
    CHECK_FALSE(projectYear(project("", std::nullopt), 1));
}

TEST_CASE("project years run from the start's anniversary and stop at the project's end") {
    const Project digiscan = project("2022-11-15", std::nullopt);
    CHECK(projectYear(digiscan, 1) == Period{"2022-11-15", "2023-11-14"});
    CHECK(projectYear(digiscan, 2) == Period{"2023-11-15", "2024-11-14"});
    CHECK_FALSE(projectYear(digiscan, 0));
    CHECK(projectYears(digiscan, "2024-01-01") ==
          std::vector<Period>{{"2022-11-15", "2023-11-14"}, {"2023-11-15", "2024-11-14"}});
    // A leap-day start has its anniversary on 28 February in a common year.
    const Project leap = project("2024-02-29", "2025-12-31");
    CHECK(projectYear(leap, 1) == Period{"2024-02-29", "2025-02-27"});
    CHECK(projectYear(leap, 2) == Period{"2025-02-28", "2025-12-31"});
    CHECK_FALSE(projectYear(leap, 3));
    CHECK(projectYears(leap, "2030-01-01").size() == 2);
}

TEST_CASE("a project needs a name and a start, an end not before its start, and known indicators") {
    World w;
    Project p;
    CHECK(saveRecord(w.ctx, p).hasProblem("problem.name_required"));
    p = project("2024-05-01", "2024-04-30");
    p.indicators = {"people_reached", "happiness"};
    const SaveResult result = saveRecord(w.ctx, p);
    CHECK(result.hasProblem("problem.period_reversed"));
    CHECK(result.hasProblem("problem.invalid_choice"));
    p.endsOn = "2024-12-31";
    p.indicators = {"people_reached"};
    CHECK(saveRecord(w.ctx, p).ok());
    CHECK(findProjectByName(w.store, "digibank gent")->meta.id == p.meta.id);
    CHECK_FALSE(findProjectByName(w.store, "Digibank Brugge"));
}

TEST_CASE("a record names a project that exists, or none") {
    World w;
    HelpRequest h;
    h.occurredAt = "2024-03-01T10:00";
    h.categoryId = w.categoryId("Technische hulp", "E-mail");
    h.projectId = "no-such-project";
    CHECK(HelpRequestService(w.ctx).save(h).hasProblem("problem.unknown_project"));
    h.projectId.reset();
    CHECK(HelpRequestService(w.ctx).save(h).ok());
}

TEST_CASE("one project's figures over its own period are the ones counted by hand") {
    ProjectYear y;
    const Figures digibank = y.figures("2023-01-01", "2024-06-30", y.digibank);
    CHECK(digibank.current.help.answered == 5);  // #1 #2 #3 #5 #7; #8 is after the period
    CHECK(digibank.current.help.anonymous == 1);
    CHECK(digibank.current.help.atHome == 1);
    CHECK(digibank.current.help.peopleHelped == 3);
    CHECK(digibank.current.training.sessions == 1);
    CHECK(digibank.current.training.attendances == 5);
    CHECK(digibank.current.training.peopleTrained == 1);
    CHECK(digibank.current.devices.given == 1);
    CHECK(digibank.current.devices.lent == 0);
    CHECK(digibank.current.devices.internetSupport.pasoa == 1);
    CHECK(digibank.current.screenings.screenings == 0);

    const Figures digiscan = y.figures("2023-01-01", "2024-06-30", y.digiscan);
    CHECK(digiscan.current.help.answered == 1);
    CHECK(digiscan.current.help.peopleHelped == 1);
    CHECK(digiscan.current.screenings.screenings == 2);
    CHECK(digiscan.current.screenings.peopleWithProgress == 1);
    CHECK(digiscan.current.screenings.averageProgress == doctest::Approx(5));

    const Figures none = y.figures("2023-01-01", "2024-06-30", std::string(kNoProject));
    CHECK(none.current.help.answered == 1);  // #6
    CHECK(none.current.help.peopleHelped == 1);
    CHECK(none.current.training.sessions == 1);
    CHECK(none.current.training.attendances == 3);
    CHECK(none.current.devices.lent == 1);
    // The same length just before: 18 whole months back.
    CHECK(digibank.previous == Period{"2021-07-01", "2022-12-31"});
}

TEST_CASE("the figures of every project and of no project add up to the total") {
    ProjectYear y;
    for (const auto& span : std::vector<std::pair<const char*, const char*>>{
             {"2023-01-01", "2024-06-30"}, {"2023-12-31", "2024-01-02"}, {"2022-01-01", "2024-12-31"}}) {
        // Plain names, not a structured binding: CAPTURE's lambda cannot take one in clang 14 (the browser build).
        const char* from = span.first;
        const char* to = span.second;
        CAPTURE(from);
        const Figures total = y.figures(from, to);
        std::vector<int64_t> sum(additiveCounts(total.current).size(), 0);
        for (const std::string& project : {y.digibank, y.digiscan, std::string(kNoProject)}) {
            const std::vector<int64_t> part = additiveCounts(y.figures(from, to, project).current);
            for (std::size_t i = 0; i < sum.size(); ++i) sum[i] += part[i];
        }
        CHECK(sum == additiveCounts(total.current));
        // The breakdown by project says the same within one computation.
        std::vector<int64_t> rows(additiveCounts(total.byProject.front()).size(), 0);
        for (const BreakdownRow& row : total.byProject) {
            const std::vector<int64_t> part = additiveCounts(row);
            for (std::size_t i = 0; i < rows.size(); ++i) rows[i] += part[i];
        }
        CHECK(rows == std::vector<int64_t>{total.current.help.answered, total.current.help.atHome,
                                           total.current.training.sessions, total.current.training.attendances,
                                           total.current.devices.lent, total.current.devices.given,
                                           total.current.screenings.screenings});
    }
    const Figures total = y.figures("2023-01-01", "2024-06-30");
    CHECK(rowOf(total, y.digibank).helpRequests == 5);
    CHECK(rowOf(total, y.digibank).atHome == 1);
    CHECK_FALSE(rowOf(total, y.digibank).peopleHelped);
    CHECK(rowOf(total, y.digiscan).screenings == 2);
    CHECK(rowOf(total, "").helpRequests == 1);
    CHECK(total.byProject.back().key.empty());  // "no project" comes last

    // A coach filter reads the requests themselves instead of the running counts: the
    // breakdown by project comes out the same (the coach wrote every record here).
    FigureFilter byCoach = y.filter("2023-01-01", "2024-06-30");
    byCoach.coachId = y.w.ctx.coachId;
    const Figures fromRequests = computeFigures(y.w.store, byCoach);
    REQUIRE(fromRequests.byProject.size() == total.byProject.size());
    for (std::size_t i = 0; i < total.byProject.size(); ++i) {
        CAPTURE(total.byProject[i].key);
        CHECK(fromRequests.byProject[i].key == total.byProject[i].key);
        CHECK(fromRequests.byProject[i].helpRequests == total.byProject[i].helpRequests);
        CHECK(fromRequests.byProject[i].atHome == total.byProject[i].atHome);
    }
}

TEST_CASE("the figures per city add up the neighbourhoods of each city, for a coordinator of several cities") {
    ProjectYear y;
    Neighbourhood brugge;
    brugge.name = "Sint-Kruis";
    brugge.city = "Brugge";
    REQUIRE(saveRecord(y.w.ctx, brugge).ok());
    HelpRequest h;
    h.occurredAt = "2024-04-02T10:00";
    h.categoryId = y.w.categoryId("Technische hulp", "E-mail");
    h.neighbourhoodId = brugge.meta.id;
    REQUIRE(HelpRequestService(y.w.ctx).save(h).ok());
    h = HelpRequest{};
    h.occurredAt = "2024-04-03T10:00";
    h.categoryId = y.w.categoryId("Technische hulp", "E-mail");
    h.neighbourhoodId = y.w.neighbourhoodId("Rabot");
    REQUIRE(HelpRequestService(y.w.ctx).save(h).ok());
    const Figures f = y.figures("2024-04-01", "2024-04-30");
    REQUIRE(f.byCity.size() == 2);
    CHECK(f.byCity[0].key == "Brugge");
    CHECK(f.byCity[0].helpRequests == 1);
    CHECK(f.byCity[1].key == "Gent");
    CHECK(f.byCity[1].helpRequests == 1);
    // The records without a neighbourhood (all of the hand-counted set) come last, under "".
    const Figures all = y.figures("2023-01-01", "2024-06-30");
    CHECK(all.byCity.back().key.empty());
    CHECK(all.byCity.back().helpRequests == 7);
}

TEST_CASE("periods that cross a year, start on 29 February or stay in one month count their own days") {
    ProjectYear y;
    const Figures newYear = y.figures("2023-12-31", "2024-01-02");
    CHECK(newYear.current.help.answered == 2);  // #3 and #4
    CHECK(newYear.current.help.peopleHelped == 1);
    CHECK(y.figures("2023-12-31", "2024-01-02", y.digibank).current.help.answered == 1);
    CHECK(newYear.previous == Period{"2023-12-28", "2023-12-30"});

    const Figures leap = y.figures("2024-02-29", "2024-03-15");
    CHECK(leap.current.help.answered == 2);  // #5 and #6
    CHECK(leap.current.help.anonymous == 1);
    CHECK(leap.current.help.peopleHelped == 1);
    CHECK(leap.previous == Period{"2024-02-13", "2024-02-28"});

    const Figures january = y.figures("2023-01-05", "2023-01-20", y.digibank);
    CHECK(january.current.help.answered == 1);  // #1
    CHECK(january.current.help.atHome == 1);
    CHECK(january.current.help.peopleHelped == 1);

    // Days before a whole year, the whole year, whole months and days after it.
    const Figures mixed = y.figures("2022-12-15", "2024-06-29");
    CHECK(mixed.current.help.answered == 6);  // #1 to #6
    CHECK(mixed.current.help.peopleHelped == 3);
}

TEST_CASE("figures read from the running counts equal figures read from the requests, for any period") {
    ProjectYear y;
    // Every record was written by the world's one coach, so a filter on that coach changes
    // nothing but makes the figures read every request instead of the counts.
    for (const auto& span : std::vector<std::pair<const char*, const char*>>{
             {"2022-12-15", "2024-06-29"}, {"2024-02-29", "2024-03-15"}, {"2023-01-01", "2023-12-31"}}) {
        // Plain names, not a structured binding: CAPTURE's lambda cannot take one in clang 14 (the browser build).
        const char* from = span.first;
        const char* to = span.second;
        for (const OptionalId& project : {OptionalId{}, OptionalId{y.digibank}, OptionalId{std::string(kNoProject)}}) {
            CAPTURE(from);
            FigureFilter counted = y.filter(from, to, project);
            FigureFilter read = counted;
            read.coachId = y.w.ctx.coachId;
            const Figures a = computeFigures(y.w.store, counted);
            const Figures b = computeFigures(y.w.store, read);
            CHECK(a.current.help.answered == b.current.help.answered);
            CHECK(a.current.help.peopleHelped == b.current.help.peopleHelped);
            CHECK(a.current.help.atHome == b.current.help.atHome);
            CHECK(a.previousTotals.help.answered == b.previousTotals.help.answered);
        }
    }
}

TEST_CASE("a coordinator attributes a filtered set of records to a project in one step, each as a new version") {
    ProjectYear y;
    Coach coordinator;
    coordinator.name = "Coördinator";
    coordinator.role = "coordinator";
    REQUIRE(saveRecord(y.w.ctx, coordinator).ok());
    ServiceContext asCoordinator{y.w.store, y.w.clock, coordinator.meta.id};

    AttributionSelection selection;
    selection.filter.period = Period::range("2024-01-01", "2024-12-31");
    // A coach may not: projects are the coordinators' list.
    const AttributionResult refused = ProjectService(y.w.ctx).attribute(selection, y.digiscan);
    CHECK(refused.problems.size() == 1);
    CHECK(refused.problems.front().messageKey == "problem.coordinators_only");

    const int64_t outboxBefore = y.w.store.outboxCount();
    // The count the coordinator confirms first: the same records, and nothing written.
    const AttributionResult preview = ProjectService(asCoordinator).preview(selection, y.digiscan);
    REQUIRE(preview.ok());
    CHECK(preview.changed == 3);
    CHECK(y.w.store.outboxCount() == outboxBefore);
    CHECK(ProjectService(y.w.ctx).preview(selection, y.digiscan).problems.front().messageKey ==
          "problem.coordinators_only");
    const AttributionResult result = ProjectService(asCoordinator).attribute(selection, y.digiscan);
    REQUIRE(result.ok());
    CHECK(result.changed == 3);  // help #6, the 2024 session and the 2024 loan: the rest had a project
    CHECK(y.w.store.outboxCount() == outboxBefore + 3);
    CHECK(y.figures("2024-01-01", "2024-12-31", std::string(kNoProject)).current.help.answered == 0);
    CHECK(y.figures("2024-01-01", "2024-12-31", y.digiscan).current.help.answered == 2);

    // Taking records out of a project, even attributed ones, on one channel only.
    selection.filter.projectId.reset();
    selection.filter.channel = "digibank";
    selection.groupSessions = selection.screenings = selection.handouts = false;
    const AttributionResult cleared = ProjectService(asCoordinator).attribute(selection, std::nullopt);
    CHECK(cleared.changed == 1);  // #4
    CHECK(y.figures("2024-01-01", "2024-12-31", std::string(kNoProject)).current.help.answered == 1);

    selection.filter.period = Period{"2024-03-01", "2024-02-01"};
    CHECK(ProjectService(asCoordinator).attribute(selection, y.digibank).problems.front().messageKey ==
          "problem.period_reversed");
}

TEST_CASE("an attribution takes exactly the records the report counts under its filters") {
    World w;
    generateDemoData(w.store, DemoOptions{.participants = 150, .helpRequests = 2500, .devices = 60,
                                          .groupSessions = 80, .screenings = 120},
                     w.clock);
    Coach coordinator;
    coordinator.name = "Coördinator";
    coordinator.role = "coordinator";
    REQUIRE(saveRecord(w.ctx, coordinator).ok());
    ServiceContext asCoordinator{w.store, w.clock, coordinator.meta.id};
    const Participant someone = w.store.all<Participant>().front();
    REQUIRE(someone.neighbourhoodId);
    REQUIRE_FALSE(someone.targetGroupIds.empty());
    const std::string lastYear = std::to_string(std::stoi(localDate(w.clock.nowMs()).substr(0, 4)) - 1);

    FigureFilter byPlaceAndGroup;
    byPlaceAndGroup.neighbourhoodId = someone.neighbourhoodId;
    byPlaceAndGroup.targetGroupId = someone.targetGroupIds.front();
    FigureFilter byOrganisation;
    byOrganisation.organisationId = w.store.all<Organisation>().front().meta.id;
    FigureFilter byChannel;
    byChannel.channel = "digipunt";
    // A session belongs to a target group when one of its people is of that group.
    FigureFilter byGroup;
    byGroup.targetGroupId = someone.targetGroupIds.front();
    // The records an attribution moves, one count per record (a session moves whole, with
    // every attendance, while a target-group filter counts only that group's).
    const auto recordCounts = [](const Totals& t) {
        return std::vector<int64_t>{t.help.answered, t.training.sessions, t.devices.lent, t.devices.given,
                                    t.screenings.screenings};
    };
    // The channel narrows help requests only: it takes every other record of the year, so it comes last.
    for (FigureFilter filter : {byPlaceAndGroup, byGroup, byOrganisation, byChannel}) {
        CAPTURE(filter.neighbourhoodId.value_or("-"));
        CAPTURE(filter.targetGroupId.value_or("-"));
        CAPTURE(filter.organisationId.value_or("-"));
        filter.period = Period::range(lastYear + "-01-01", lastYear + "-12-31");
        filter.today = lastYear + "-12-31";
        Project target = project("2000-01-01", std::nullopt);
        target.name = "Doelproject " + filter.neighbourhoodId.value_or("") + filter.targetGroupId.value_or("") +
                      filter.organisationId.value_or("") + filter.channel.value_or("");
        REQUIRE(saveRecord(asCoordinator, target).ok());

        FigureFilter withoutProject = filter;
        withoutProject.projectId = std::string(kNoProject);
        const Totals beforeTotals = computeFigures(w.store, withoutProject).current;
        const std::vector<int64_t> before = additiveCounts(beforeTotals);
        REQUIRE(beforeTotals.help.answered > 0);
        if (filter.targetGroupId && !filter.neighbourhoodId) REQUIRE(beforeTotals.training.sessions > 0);

        AttributionSelection selection;
        selection.filter = filter;
        selection.filter.projectId = std::string(kNoProject);
        const AttributionResult result = ProjectService(asCoordinator).attribute(selection, target.meta.id);
        REQUIRE(result.ok());
        CHECK(result.changed > 0);

        // Under the same filters the records moved from "no project" to the target, all of them...
        FigureFilter inTarget = filter;
        inTarget.projectId = target.meta.id;
        CHECK(additiveCounts(computeFigures(w.store, inTarget).current) == before);
        CHECK(computeFigures(w.store, withoutProject).current.help.answered == 0);
        // ...and nothing outside the filters went with them.
        FigureFilter wholeTarget;
        wholeTarget.period = filter.period;
        wholeTarget.today = filter.today;
        wholeTarget.projectId = target.meta.id;
        CHECK(recordCounts(computeFigures(w.store, wholeTarget).current) == recordCounts(beforeTotals));
    }
}

TEST_CASE("a record saved before projects existed, or sent by an older laptop, has no project") {
    ProjectYear y;
    const std::string id = y.w.store.all<HelpRequest>().front().meta.id;
    std::optional<Envelope> envelope = envelopeFor(y.w.store, "help_requests", id);
    REQUIRE(envelope);
    envelope->data.erase("project_id");
    std::string error;
    const std::optional<Envelope> parsed = parseEnvelope(toJson(*envelope), error);
    REQUIRE(parsed);
    CHECK(knownFieldsOnly(*parsed).at("project_id").is_null());
}

namespace {

Wording wordsIn(const char* language) {
    return {language, readTranslationFile(std::filesystem::path(DC_SOURCE_ROOT) / "assets" / "i18n" /
                                          (std::string(language) + ".json"))};
}

// The text of the table row whose label is `label`, tags and all.
std::string sheetRow(const std::string& html, const std::string& label) {
    const auto start = html.find("<tr><td>" + label + "</td>");
    if (start == std::string::npos) return {};
    return html.substr(start, html.find("</tr>", start) - start);
}

}  // namespace

TEST_CASE("counts of 1 to 4 people are shown as < 5, so that no one can be recognised") {
    const NumberStyle numbers = wordsIn("nl").numbers();
    CHECK(countOrSmall(0, numbers) == "0");
    CHECK(countOrSmall(1, numbers) == "&lt; 5");
    CHECK(countOrSmall(4, numbers) == "&lt; 5");
    CHECK(countOrSmall(5, numbers) == "5");
    CHECK(countOrSmall(1234, numbers) == "1.234");
}

TEST_CASE("the funder's sheet gives the project, its funder and period and only the indicators it reports") {
    ProjectYear y;
    Project digibank = *y.w.store.find<Project>(y.digibank);
    digibank.indicators = {"people_reached", "help_requests", "training", "devices"};
    const Figures figures = y.figures("2023-01-01", "2024-06-30", y.digibank);
    const std::string nl = funderSheetHtml(figures, digibank, wordsIn("nl"));
    CHECK(nl.find("<html lang=\"nl\">") != std::string::npos);
    CHECK(nl.find("<h1>Digibank Gent</h1>") != std::string::npos);
    CHECK(nl.find("Departement Werk en Sociale Economie") != std::string::npos);
    CHECK(nl.find("2023-01-01 – 2024-06-30") != std::string::npos);
    CHECK(nl.find("@page { size: A4") != std::string::npos);
    // 5 help requests are shown; 3 people, 1 at home and 1 device given are not.
    CHECK(sheetRow(nl, "Hulpvragen beantwoord").find("<td class=\"now\">5</td>") != std::string::npos);
    CHECK(sheetRow(nl, "Unieke deelnemers geholpen").find("<td class=\"now\">&lt; 5</td>") != std::string::npos);
    CHECK(sheetRow(nl, "Toestellen geschonken").find("<td class=\"now\">&lt; 5</td>") != std::string::npos);
    CHECK(sheetRow(nl, "Toestellen uitgeleend").find("<td class=\"now\">0</td>") != std::string::npos);
    // Sessions are no people: one session is shown as one.
    CHECK(sheetRow(nl, "Sessies").find("<td class=\"now\">1</td>") != std::string::npos);
    // Screenings are not among this project's indicators.
    CHECK(nl.find("Digiscans") == std::string::npos);

    const std::string en = funderSheetHtml(figures, digibank, wordsIn("en"));
    CHECK(en.find("<html lang=\"en\">") != std::string::npos);
    CHECK(en.find("Funder") != std::string::npos);
    CHECK(sheetRow(en, "Help requests answered").find("<td class=\"now\">5</td>") != std::string::npos);
}

TEST_CASE("a new help request proposes the coach's last project, while that project is still on the list") {
    ProjectYear y;
    // The last request saved (#8) was for Digibank Gent.
    CHECK(HelpRequestService(y.w.ctx).draftWithDefaults().projectId == y.digibank);
    REQUIRE(deleteRecord<Project>(y.w.ctx, y.digibank));
    CHECK_FALSE(HelpRequestService(y.w.ctx).draftWithDefaults().projectId);
}

TEST_CASE("a coach's first help request proposes the team's current project, later the coach's own last choice") {
    World w;
    Project digibank = project("2023-01-01", std::nullopt);
    digibank.name = "Digibank Gent";
    REQUIRE(saveRecord(w.ctx, digibank).ok());
    const std::vector<Organisation> organisations = w.store.all<Organisation>();
    REQUIRE(organisations.size() >= 2);
    const auto coachOf = [&](const char* name, const std::string& organisationId) {
        Coach coach;
        coach.name = name;
        coach.organisationId = organisationId;
        REQUIRE(saveRecord(w.ctx, coach).ok());
        return coach.meta.id;
    };
    const std::string teammate = coachOf("Ines", organisations[0].meta.id);
    const std::string newcomer = coachOf("Jonas", organisations[0].meta.id);
    const std::string elsewhere = coachOf("Karim", organisations[1].meta.id);
    const auto requestBy = [&](const std::string& coachId, int daysAgo, OptionalId projectId) {
        ServiceContext as{w.store, w.clock, coachId};
        HelpRequest h = HelpRequestService(as).draftWithDefaults();
        h.occurredAt = addDays(localDate(w.clock.nowMs()), -daysAgo) + "T10:00";
        h.channel = "digipunt";
        h.categoryId = w.categoryId("Technische hulp", "E-mail");
        h.projectId = std::move(projectId);
        REQUIRE(HelpRequestService(as).save(h).ok());
    };
    const auto proposedTo = [&](const std::string& coachId) {
        ServiceContext as{w.store, w.clock, coachId};
        return HelpRequestService(as).draftWithDefaults().projectId;
    };

    // A team's project from before the last three months is no longer its current one.
    requestBy(teammate, 120, digibank.meta.id);
    CHECK_FALSE(proposedTo(newcomer));
    requestBy(teammate, 10, digibank.meta.id);
    CHECK(proposedTo(newcomer) == digibank.meta.id);
    CHECK_FALSE(proposedTo(elsewhere));  // another organisation is another team
    // Once the newcomer has chosen, their own choice counts, even "no project".
    requestBy(newcomer, 0, std::nullopt);
    CHECK_FALSE(proposedTo(newcomer));
}
