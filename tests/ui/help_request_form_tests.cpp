// The help request form's neighbourhood: it follows the person the help is for, so the
// per-neighbourhood figures count help where people live.
#include <doctest/doctest.h>
#include <imgui.h>

#include "app/ui_probe.hpp"
#include "tests/ui/harness.hpp"

using namespace dc;
using dc::app::Route;
using dc::uitest::testDatabase;
using dc::uitest::UiHarness;

namespace {

std::string neighbourhoodNamed(UiHarness& ui, const std::string& name) {
    for (const Neighbourhood& n : ui.shell().services().neighbourhoods())
        if (n.name == name) return n.meta.id;
    FAIL("no neighbourhood named " << name);
    return {};
}

// A consenting person living in `neighbourhoodId`, with a pseudonym no demo person has.
Participant addPerson(UiHarness& ui, const std::string& pseudonym, const std::string& neighbourhoodId) {
    Participant person;
    person.pseudonym = pseudonym;
    person.neighbourhoodId = neighbourhoodId;
    person.consentDate = ui.shell().services().today();
    person.consentScopes = {"store"};
    const SaveResult saved = ui.shell().services().participants.save(person);
    REQUIRE(saved.ok());
    return person;
}

// The coach's previous request was in `neighbourhoodId`: what the form used to carry over.
void savePreviousRequestIn(UiHarness& ui, const std::string& neighbourhoodId) {
    app::AppServices& services = ui.shell().services();
    HelpRequest previous = services.helpRequests.draftWithDefaults();
    previous.neighbourhoodId = neighbourhoodId;
    previous.categoryId = services.helpRequests.categoryChoices().front().id;
    previous.durationMinutes = 15;
    const SaveResult saved = services.helpRequests.save(previous);
    REQUIRE_MESSAGE(saved.ok(), (saved.problems.empty() ? "" : saved.problems.front().field));
}

void pickPerson(UiHarness& ui, const Participant& person) {
    if (ui.isShown("help.participant.change")) ui.click("help.participant.change");
    ui.type("help.participant.search", person.pseudonym);
    ui.click("help.participant.result." + person.meta.id);
}

}  // namespace

TEST_CASE("the help request's neighbourhood follows the chosen person, not the coach's previous request") {
    UiHarness ui(testDatabase("help-neighbourhood-follows-person"));
    const std::string muide = neighbourhoodNamed(ui, "Muide-Meulestede");
    const std::string dampoort = neighbourhoodNamed(ui, "Dampoort");
    const std::string rabot = neighbourhoodNamed(ui, "Rabot");
    savePreviousRequestIn(ui, muide);
    const Participant inDampoort = addPerson(ui, "Zulfiye Dampoort-test", dampoort);
    const Participant inRabot = addPerson(ui, "Roger Rabot-test", rabot);
    const HelpRequest& form = ui.shell().helpRequestForm.state.request;

    ui.click("today.new_help_request");
    pickPerson(ui, inDampoort);
    CHECK(form.neighbourhoodId == dampoort);
    // Another person picked in the same form brings their own neighbourhood.
    pickPerson(ui, inRabot);
    CHECK(form.neighbourhoodId == rabot);
    // And picking the first person again puts hers back.
    pickPerson(ui, inDampoort);
    CHECK(form.neighbourhoodId == dampoort);

    // A neighbourhood chosen by hand (help given at a neighbourhood session elsewhere) stays.
    ui.click("help.neighbourhood." + muide);
    pickPerson(ui, inRabot);
    CHECK(form.neighbourhoodId == muide);
}

TEST_CASE("a help request started from a person's page has that person's neighbourhood") {
    UiHarness ui(testDatabase("help-neighbourhood-from-person"));
    const std::string dampoort = neighbourhoodNamed(ui, "Dampoort");
    savePreviousRequestIn(ui, neighbourhoodNamed(ui, "Muide-Meulestede"));
    const Participant inDampoort = addPerson(ui, "Zulfiye Dampoort-test", dampoort);
    app::AppContext context(ui.shell().services());
    ui.shell().helpRequestForm.start(context, inDampoort.meta.id);
    CHECK(ui.shell().helpRequestForm.state.request.neighbourhoodId == dampoort);
}

TEST_CASE("a draft holds every key typed more than a second before a crash, even when the window rests") {
    UiHarness ui(testDatabase("help-draft-last-keys"));
    ui.click("today.new_help_request");
    ui.type("help.notes", "Hulp bij de aanvraag van het ");
    // The first keys are written at once; the next ones wait for the throttle.
    ImGui::GetIO().AddInputCharactersUTF8("sociaal tarief.");
    ui.frames(1);
    const std::string typed = "Hulp bij de aanvraag van het sociaal tarief.";
    REQUIRE(ui.shell().helpRequestForm.state.request.notes == typed);

    // No more input: the idle window must still wake up for the pending write, soon enough
    // that a crash a second after the last key loses nothing.
    const std::optional<double> wakeSeconds = ui.session().secondsUntilWake();
    REQUIRE(wakeSeconds.has_value());
    CHECK(*wakeSeconds <= 1.0);
    ui.clock().advanceMs(static_cast<int64_t>(*wakeSeconds * 1000));
    ui.frames(1);

    // What a kill -9 now would leave: the committed draft, read as the next start would.
    const std::optional<std::string> saved = ui.store().secretSetting("draft.help_request");
    REQUIRE(saved.has_value());
    CHECK_MESSAGE(saved->find(typed) != std::string::npos, *saved);
    CHECK_FALSE(ui.session().secondsUntilWake().value_or(1e9) < 1.0);  // nothing pending any more
}

TEST_CASE("the participant picker tells people with the same pseudonym apart") {
    UiHarness ui(testDatabase("picker-namesakes"));
    const std::string dampoort = neighbourhoodNamed(ui, "Dampoort");
    const std::string rabot = neighbourhoodNamed(ui, "Rabot");
    const int64_t dayMs = 24LL * 3600 * 1000;
    Participant older = addPerson(ui, "Quirina Namesake", dampoort);
    older.ageBand = "65-79";
    older.consentDate = localDate(ui.clock().nowMs() - 90 * dayMs);
    REQUIRE(ui.shell().services().participants.save(older).ok());
    Participant younger = addPerson(ui, "Quirina Namesake", rabot);
    younger.ageBand = "30-49";
    younger.consentDate = localDate(ui.clock().nowMs() - 200 * dayMs);
    REQUIRE(ui.shell().services().participants.save(younger).ok());
    app::AppServices& services = ui.shell().services();
    HelpRequest helped = services.helpRequests.draftWithDefaults();
    helped.participantId = older.meta.id;
    helped.occurredAt = localDate(ui.clock().nowMs() - 30 * dayMs) + "T10:00";
    helped.categoryId = services.helpRequests.categoryChoices().front().id;
    helped.durationMinutes = 15;
    REQUIRE(services.helpRequests.save(helped).ok());

    ui.click("today.new_help_request");
    const app::ParticipantPickerState& picker = ui.shell().helpRequestForm.state.picker;
    ui.type("help.participant.search", "Quirina Namesake");
    REQUIRE(picker.matches.size() == 2);
    CHECK(picker.matchCount == 2);
    CHECK(picker.lastContactOfNamesakes.at(older.meta.id) == localDate(ui.clock().nowMs() - 30 * dayMs));
    CHECK(picker.lastContactOfNamesakes.at(younger.meta.id) == younger.consentDate);
    CHECK(ui.isShown("help.participant.result." + older.meta.id));
    CHECK(ui.isShown("help.participant.result." + younger.meta.id));
    ui.screenshot("picker_namesakes_1366x768");
}

TEST_CASE("the participant picker says how many more people match than it shows") {
    UiHarness ui(testDatabase("picker-more-matches"));
    const std::string dampoort = neighbourhoodNamed(ui, "Dampoort");
    for (int i = 0; i < 7; ++i) addPerson(ui, "Xylofoon " + std::to_string(i), dampoort);
    ui.click("today.new_help_request");
    const app::ParticipantPickerState& picker = ui.shell().helpRequestForm.state.picker;
    ui.type("help.participant.search", "Xylofoon");
    CHECK(picker.matches.size() == 5);
    CHECK(picker.matchCount == 7);
    CHECK(picker.lastContactOfNamesakes.empty());
    ui.screenshot("picker_more_matches_1366x768");
}

TEST_CASE("in English the form's categories and neighbourhoods have English names, and Dutch ones again after") {
    UiHarness ui(testDatabase("help-english-names"));
    const std::vector<CategoryChoice>& choices = ui.shell().helpRequestForm.state.categories;
    auto offered = [&](const std::string& label) {
        return std::any_of(choices.begin(), choices.end(), [&](const CategoryChoice& c) { return c.label == label; });
    };
    ui.click("nav.settings");
    ui.click("settings.language.en");
    ui.click("nav.today");
    ui.click("today.new_help_request");
    CHECK(offered("Technical help / Setting up a device"));
    CHECK_FALSE(offered("Technische hulp / Toestel instellen"));
    CHECK(app::trName(*ui.store().find<Neighbourhood>(neighbourhoodNamed(ui, "Binnenstad"))) == "City centre");
    ui.screenshotsAtEverySize("help_request_form_english");

    ui.click("help.cancel");
    ui.click("nav.settings");
    ui.click("settings.language.nl");
    ui.click("nav.today");
    ui.click("today.new_help_request");
    CHECK(offered("Technische hulp / Toestel instellen"));
}
