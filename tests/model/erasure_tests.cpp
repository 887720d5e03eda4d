// Erasure on request, export of one person, and the retention purge.
#include "model/figures.hpp"
#include "model/privacy.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace dc;
using namespace dc::test;

namespace {

struct PersonWithHistory {
    std::string participant, helpRequest, handout, screening;
};

PersonWithHistory personWithHistory(World& w, const std::string& occurredAt = "2023-06-14T10:00") {
    PersonWithHistory made;
    Participant p;
    p.pseudonym = "Georgette Vergeetmij";
    p.phone = "0470 11 22 33";
    p.notes = "Kleindochter helpt soms";
    p.ageBand = "80plus";
    p.neighbourhoodId = w.neighbourhoodId("Rabot");
    p.targetGroupIds = {w.targetGroupId("Senioren")};
    p.consentDate = occurredAt.substr(0, 10);
    p.consentScopes = {"store", "contact"};
    REQUIRE(ParticipantService(w.ctx).save(p).ok());
    made.participant = p.meta.id;
    HelpRequest h;
    h.occurredAt = occurredAt;
    h.participantId = p.meta.id;
    h.channel = "home";
    h.categoryId = w.categoryId("Digitale diensten", "itsme");
    h.outcome = "referred";
    h.referral = "Dochter Martine belt terug";
    h.notes = "Pincode op een briefje in de keuken";
    REQUIRE(HelpRequestService(w.ctx).save(h).ok());
    made.helpRequest = h.meta.id;
    DeviceHandout gift;
    gift.deviceId = w.addDevice();
    gift.participantId = p.meta.id;
    gift.kind = "donation";
    gift.handedOutOn = occurredAt.substr(0, 10);
    gift.accessories = "Lader, hoesje met naam Georgette";
    REQUIRE(DeviceService(w.ctx).handOut(gift).ok());
    made.handout = gift.meta.id;
    SkillsScreening s;
    s.participantId = p.meta.id;
    s.screenedOn = occurredAt.substr(0, 10);
    s.levels = {{"email", 1}};
    s.notes = "Wil mails van kleinkinderen lezen";
    REQUIRE(ScreeningService(w.ctx).save(s).ok());
    made.screening = s.meta.id;
    return made;
}

}  // namespace

TEST_CASE("forgetting a person empties every personal field about them and keeps the counts") {
    World w;
    const PersonWithHistory made = personWithHistory(w);
    FigureFilter year;
    year.period = Period::year(2023);
    const nlohmann::json before = figuresToJson(computeFigures(w.store, year));
    const int64_t outbox = w.store.outboxCount();

    REQUIRE(forgetParticipant(w.ctx, made.participant).ok());

    const Participant p = *w.store.find<Participant>(made.participant);
    CHECK(p.pseudonym.empty());
    CHECK(p.phone.empty());
    CHECK(p.notes.empty());
    CHECK(p.consentScopes.empty());
    CHECK(p.erasedOn == localDate(kTestNowMs));
    CHECK(p.ageBand == "80plus");  // anonymous facts stay for the figures
    CHECK(p.neighbourhoodId == w.neighbourhoodId("Rabot"));
    const HelpRequest h = *w.store.find<HelpRequest>(made.helpRequest);
    CHECK(h.notes.empty());
    CHECK(h.referral.empty());
    CHECK(h.categoryId == w.categoryId("Digitale diensten", "itsme"));
    CHECK(w.store.find<DeviceHandout>(made.handout)->accessories.empty());
    CHECK(w.store.find<SkillsScreening>(made.screening)->notes.empty());
    CHECK(w.store.find<SkillsScreening>(made.screening)->levels.at("email") == 1);
    CHECK(w.store.outboxCount() == outbox + 4);  // each changed record travels to the hub

    CHECK(figuresToJson(computeFigures(w.store, year)) == before);

    // Nothing personal can be written back onto a forgotten person.
    Participant again = p;
    again.pseudonym = "Georgette";
    CHECK(ParticipantService(w.ctx).save(again).hasProblem("problem.person_was_forgotten"));
}

TEST_CASE("forgetting an unknown person is refused") {
    World w;
    CHECK(forgetParticipant(w.ctx, "no-such-person").hasProblem("problem.unknown_participant"));
}

TEST_CASE("a person's export holds everything about them and nothing about others") {
    World w;
    const PersonWithHistory made = personWithHistory(w);
    w.addParticipant("Iemand anders");
    GroupSession s;
    s.heldOn = "2023-06-15";
    s.theme = "Veilige wachtwoorden";
    REQUIRE(SessionService(w.ctx).save(s).ok());
    REQUIRE(SessionService(w.ctx).checkIn(s.meta.id, made.participant, false).ok());

    const auto exported = exportParticipant(w.store, made.participant);
    REQUIRE(exported);
    const nlohmann::json& e = *exported;
    CHECK(e["participant"]["data"]["pseudonym"] == "Georgette Vergeetmij");
    CHECK(e["participant"]["data"]["phone"] == "0470 11 22 33");
    REQUIRE(e["help_requests"].size() == 1);
    CHECK(e["help_requests"][0]["data"]["notes"] == "Pincode op een briefje in de keuken");
    CHECK(e["device_handouts"].size() == 1);
    CHECK(e["skills_screenings"].size() == 1);
    REQUIRE(e["attendances"].size() == 1);
    CHECK(e["attendances"][0]["session"]["theme"] == "Veilige wachtwoorden");
    CHECK(e.dump().find("Iemand anders") == std::string::npos);
    CHECK_FALSE(exportParticipant(w.store, "nobody"));
}

TEST_CASE("a person's export is written as a private JSON file named by date and id, never by name") {
    World w;
    const PersonWithHistory made = personWithHistory(w);
    const std::filesystem::path folder = w.dir.file("exports");
    const std::filesystem::path path = writeParticipantExport(w.store, made.participant, folder, "2023-06-14");
    CHECK(path.parent_path() == folder);
    CHECK(path.filename() == "digicoach-export-2023-06-14-" + made.participant + ".json");
    CHECK(path.filename().string().find("Georgette") == std::string::npos);
    const nlohmann::json read = nlohmann::json::parse(readFileBytes(path));
    CHECK(read == *exportParticipant(w.store, made.participant));
    const auto perms = std::filesystem::status(path).permissions();
    CHECK((perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all)) == std::filesystem::perms::none);
    CHECK_FALSE(std::filesystem::exists(path.string() + ".partial"));
}

TEST_CASE("an export to a folder that cannot be made fails with a reason and leaves nothing behind") {
    World w;
    const PersonWithHistory made = personWithHistory(w);
    // A regular file where the folder should be: not even root can create a folder inside it.
    writeFileBytes(w.dir.file("not-a-folder"), "x");
    CHECK_THROWS_AS(writeParticipantExport(w.store, made.participant, w.dir.file("not-a-folder") / "exports", "2023-06-14"),
                    std::runtime_error);
    CHECK_THROWS_AS(writeParticipantExport(w.store, "nobody", w.dir.file("exports"), "2023-06-14"), std::runtime_error);
    CHECK_FALSE(std::filesystem::exists(w.dir.file("exports") / "digicoach-export-2023-06-14-nobody.json"));
}

TEST_CASE("personal fields are purged 24 months after the last contact, and recent ones are kept") {
    World w;  // the clock stands at 2023-06-14
    const PersonWithHistory old = personWithHistory(w, "2021-05-02T10:00");
    const PersonWithHistory recent = personWithHistory(w, "2022-09-01T10:00");
    CHECK(lastContactDate(w.store, old.participant) == "2021-05-02");

    CHECK(purgeExpiredPersonalData(w.ctx) == 1);
    CHECK(w.store.find<Participant>(old.participant)->erasedOn.has_value());
    CHECK(w.store.find<Participant>(old.participant)->pseudonym.empty());
    CHECK(w.store.find<Participant>(recent.participant)->pseudonym == "Georgette Vergeetmij");
    CHECK(purgeExpiredPersonalData(w.ctx) == 0);  // already forgotten ones are not counted again
    CHECK(purgeExpiredPersonalData(w.ctx, 6) == 1);  // a shorter period reaches the recent one
}
