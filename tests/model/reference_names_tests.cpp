// Reference lists in two languages: the seeded English names, the names every list,
// timeline and figure shows in English, files seeded before English names existed, and
// the CSV column that carries them.
#include "model/csv_import.hpp"
#include "model/figures.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace dc;
using namespace dc::test;

namespace {

template <class Row, class Member>
bool hasRow(const std::vector<Row>& rows, Member member, std::string_view value) {
    return std::any_of(rows.begin(), rows.end(), [&](const Row& row) { return row.*member == value; });
}

std::string savedHelpRequest(World& w, const std::string& participantId) {
    HelpRequest h = HelpRequestService(w.ctx).draftWithDefaults();
    h.participantId = participantId;
    h.categoryId = w.categoryId("Digitale diensten", "Online bankieren");
    h.neighbourhoodId = w.neighbourhoodId("Gent Noord");
    REQUIRE(HelpRequestService(w.ctx).save(h).ok());
    return h.occurredAt.substr(0, 10);
}

}  // namespace

TEST_CASE("seeded reference lists carry an English name where English readers need one") {
    World w;
    const auto seniors = w.store.find<TargetGroup>(w.targetGroupId("Senioren"));
    REQUIRE(seniors);
    CHECK(seniors->nameEn == "Seniors");
    CHECK(nameIn(*seniors, "en") == "Seniors");
    CHECK(nameIn(*seniors, "nl") == "Senioren");
    const auto rabot = w.store.find<Neighbourhood>(w.neighbourhoodId("Rabot"));
    REQUIRE(rabot);
    CHECK(rabot->nameEn.empty());  // a place name is the same in English
    CHECK(nameIn(*rabot, "en") == "Rabot");
    const auto banking = w.store.find<HelpCategory>(w.categoryId("Digitale diensten", "Online bankieren"));
    REQUIRE(banking);
    CHECK(nameIn(*banking, "en") == "Online banking");
}

TEST_CASE("in English, category choices, the day's requests, a timeline and the people list name things in English") {
    World w;
    const std::string participantId = w.addParticipant("Marcel");
    Participant marcel = *w.store.find<Participant>(participantId);
    marcel.neighbourhoodId = w.neighbourhoodId("Gent Noord");
    marcel.targetGroupIds = {w.targetGroupId("Werkzoekenden")};
    REQUIRE(ParticipantService(w.ctx).save(marcel).ok());
    const std::string day = savedHelpRequest(w, participantId);

    w.ctx.language = "en";
    HelpRequestService requests(w.ctx);
    CHECK(hasRow(requests.categoryChoices(), &CategoryChoice::label, "Digital services / Online banking"));
    CHECK(hasRow(requests.onDate(day), &HelpRequestRow::category, "Digital services / Online banking"));
    ParticipantService people(w.ctx);
    CHECK(hasRow(people.timeline(participantId), &TimelineEntry::summary, "Digital services / Online banking"));
    CHECK(hasRow(people.summaries(), &ParticipantSummary::neighbourhood, "Ghent North"));
    CHECK(hasRow(people.summaries(), &ParticipantSummary::targetGroups, "Job seekers"));

    w.ctx.language = "nl";
    CHECK(hasRow(requests.onDate(day), &HelpRequestRow::category, "Digitale diensten / Online bankieren"));
    CHECK(hasRow(people.summaries(), &ParticipantSummary::neighbourhood, "Gent Noord"));
}

TEST_CASE("the figures label categories, neighbourhoods and target groups in the language asked for") {
    World w;
    const std::string participantId = w.addParticipant("Marcel");
    const std::string day = savedHelpRequest(w, participantId);
    FigureFilter filter;
    filter.period = Period::range(day, day);
    filter.today = day;
    filter.namesLanguage = "en";
    const Figures english = computeFigures(w.store, filter);
    CHECK(hasRow(english.current.help.byCategory, &Share::label, "Digital services"));
    CHECK(hasRow(english.byNeighbourhood, &BreakdownRow::label, "City centre"));
    CHECK(hasRow(english.byTargetGroup, &BreakdownRow::label, "Seniors"));
    filter.namesLanguage = "nl";
    const Figures dutch = computeFigures(w.store, filter);
    CHECK(hasRow(dutch.current.help.byCategory, &Share::label, "Digitale diensten"));
    CHECK(hasRow(dutch.byNeighbourhood, &BreakdownRow::label, "Binnenstad"));
    // The counts do not depend on the language.
    CHECK(figuresToJson(english)["current"]["help"]["answered"] == figuresToJson(dutch)["current"]["help"]["answered"]);
}

TEST_CASE("a file seeded before English names gets them in place, and a renamed seeded item keeps its own names") {
    TempDir dir;
    const std::string path = dir.file("v7.db").string();
    const std::string seniorsId = seededId("target_group", "Senioren");
    const std::string newcomersId = seededId("target_group", "Nieuwkomers");
    {
        Store v7 = Store::openAtVersion(path, 7);
        // Seeded as version 7 seeded it: no English column yet; one item renamed since.
        Statement insert = v7.db().prepare(
            "INSERT INTO target_groups (id, created_at_ms, updated_at_ms, version, author_coach_id, name) "
            "VALUES (?1, 1000, 1000, ?2, 'seed', ?3)");
        insert.bind(1, seniorsId).bind(2, int64_t{1}).bind(3, std::string("Senioren"));
        insert.run();
        insert.reset();
        insert.bind(1, newcomersId).bind(2, int64_t{2}).bind(3, std::string("Nieuwe Gentenaars"));
        insert.run();
    }
    Store store = Store::open(path);
    FixedClock clock{kTestNowMs};
    ServiceContext ctx{store, clock, "coach-1"};
    ReferenceService(ctx).seedDefaults();
    const auto seniors = store.find<TargetGroup>(seniorsId);
    REQUIRE(seniors);
    CHECK(seniors->nameEn == "Seniors");
    CHECK(seniors->meta.version == 1);  // the same on every laptop: nothing new to sync
    const auto renamed = store.find<TargetGroup>(newcomersId);
    REQUIRE(renamed);
    CHECK(renamed->name == "Nieuwe Gentenaars");
    CHECK(renamed->nameEn.empty());
    // The other, empty lists were seeded and queued; no target group was.
    Statement queued = store.db().prepare("SELECT count(*) FROM outbox WHERE record_type = 'target_groups'");
    REQUIRE(queued.step());
    CHECK(queued.integer(0) == 0);
}

TEST_CASE("a reference list CSV takes an English name beside the Dutch one, and a file without it keeps it") {
    World w;
    ImportResult result = importReferenceCsv(w.ctx, ReferenceList::TargetGroups,
                                             "naam;naam_en\nSenioren;Older people\nMantelzorgers;Carers\n");
    REQUIRE(result.ok());
    CHECK(result.added == 1);
    CHECK(result.updated == 1);
    CHECK(w.store.find<TargetGroup>(w.targetGroupId("Senioren"))->nameEn == "Older people");
    CHECK(w.store.find<TargetGroup>(seededId("target_group", "Mantelzorgers"))->nameEn == "Carers");

    result = importReferenceCsv(w.ctx, ReferenceList::Categories, "name,name_en,parent\nKlantenkaarten,Loyalty cards,Andere\n");
    REQUIRE(result.ok());
    const auto card = w.store.find<HelpCategory>(w.categoryId("Andere", "Klantenkaarten"));
    REQUIRE(card);
    CHECK(nameIn(*card, "en") == "Loyalty cards");

    result = importReferenceCsv(w.ctx, ReferenceList::TargetGroups, "naam\nSenioren\n");
    REQUIRE(result.ok());
    CHECK(result.unchanged == 1);
    CHECK(w.store.find<TargetGroup>(w.targetGroupId("Senioren"))->nameEn == "Older people");
}
