// UI tests for the keyboard: the shortcuts, where the focus starts, how few key presses a
// help request takes, and a quick tap that still counts.
#include <doctest/doctest.h>
#include <imgui.h>

#include <set>

#include "app/ui_probe.hpp"
#include "tests/ui/harness.hpp"

using namespace dc;
using dc::app::Route;
using dc::uitest::testDatabase;
using dc::uitest::UiHarness;

namespace {

std::set<std::string> helpRequestIds(UiHarness& ui) {
    std::set<std::string> ids;
    for (const HelpRequest& h : ui.store().all<HelpRequest>()) ids.insert(h.meta.id);
    return ids;
}

}  // namespace

TEST_CASE("a help request for a known person takes at most 10 key presses besides the typed name") {
    UiHarness ui(testDatabase("keys-known-person"));
    const Participant person = ui.addConsentedParticipant("Wannes Toetsenbord");
    const std::set<std::string> idsBefore = helpRequestIds(ui);

    ui.pressCtrl('N');
    REQUIRE(ui.shell().route() == Route::HelpRequestForm);
    CHECK(app::probe::keyboardFocus() == "help.participant.search");
    ui.typeIntoFocusedField("Wannes Toetsenb");
    CHECK(ui.shell().helpRequestForm.state.picker.query == "Wannes Toetsenb");
    // Enter takes the first match and the focus moves on to the channel, the next field.
    ui.pressKey(ImGuiKey_Enter);
    REQUIRE(ui.shell().helpRequestForm.state.request.participantId == person.meta.id);
    CHECK(app::probe::keyboardFocus().starts_with("help.channel."));
    const std::string category = app::probe::namesWithPrefix("help.category.").front();
    ui.arrowTo(category);
    ui.pressKey(ImGuiKey_Space);
    ui.screenshot("keyboard_known_person_1366x768");
    ui.pressCtrlEnter();

    CHECK(ui.shell().route() == Route::Today);
    std::vector<HelpRequest> added = ui.store().all<HelpRequest>();
    std::erase_if(added, [&](const HelpRequest& h) { return idsBefore.contains(h.meta.id); });
    REQUIRE(added.size() == 1);
    CHECK(added.front().participantId == person.meta.id);
    CHECK(added.front().categoryId == category.substr(std::string("help.category.").size()));
    CHECK(ui.keyPresses <= 10);
    CHECK(ui.interactions == 0);
}

TEST_CASE("Ctrl+F inside the form searches in its own picker and stays in the form") {
    UiHarness ui(testDatabase("keys-ctrl-f-in-form"));
    ui.pressCtrl('N');
    REQUIRE(ui.shell().route() == Route::HelpRequestForm);
    // Away from the search first, as after choosing the channel.
    ui.arrowTo("help.channel.phone");
    ui.pressCtrl('F');
    CHECK(ui.shell().route() == Route::HelpRequestForm);
    ui.typeIntoFocusedField("Maria");
    CHECK(ui.shell().helpRequestForm.state.picker.query == "Maria");
    CHECK(ui.shell().participants.state.query.empty());
}

TEST_CASE("a form opened from a participant starts on the channel, not on Anoniem") {
    UiHarness ui(testDatabase("keys-from-participant"));
    const Participant person = ui.addConsentedParticipant("Wannes Toetsenbord");
    ui.click("nav.participants");
    ui.type("participants.search", "Wannes Toetsenb");
    ui.click("participants.row." + person.meta.id);
    ui.click("participants.detail.help");
    REQUIRE(ui.shell().route() == Route::HelpRequestForm);
    CHECK(app::probe::keyboardFocus() != "help.participant.anonymous");
    CHECK(app::probe::keyboardFocus().starts_with("help.channel."));
    // One Enter now chooses a channel; the request stays this person's.
    ui.pressKey(ImGuiKey_Enter);
    CHECK(ui.shell().helpRequestForm.state.request.participantId == person.meta.id);
    ui.screenshot("keyboard_focus_from_participant_1366x768");
}

TEST_CASE("a Ctrl+N pressed and released between two frames still starts a help request") {
    UiHarness ui(testDatabase("keys-quick-tap"));
    REQUIRE(ui.shell().route() == Route::Today);
    ui.tapCtrlBetweenFrames('N');
    CHECK(ui.shell().route() == Route::HelpRequestForm);
}

TEST_CASE("a focused Save button keeps its dark fill, so its white text stays readable") {
    UiHarness ui(testDatabase("keys-focused-save"));
    ui.pressCtrl('N');
    ui.arrowTo("help.save");
    CHECK(app::probe::keyboardFocus() == "help.save");
    ui.screenshot("keyboard_focused_save_1366x768");
}

TEST_CASE("Ctrl+Enter saves every open form: a person, a device, a group session and a screening") {
    UiHarness ui(testDatabase("keys-ctrl-enter-every-form"));
    app::Shell& shell = ui.shell();

    ui.click("nav.participants");
    ui.click("participants.new");
    ui.click("participant.consent.store");
    ui.type("participant.pseudonym", "Odette Sneltoets");
    const std::size_t peopleBefore = ui.store().all<Participant>().size();
    ui.pressCtrlEnter();
    CHECK(ui.store().all<Participant>().size() == peopleBefore + 1);
    CHECK(shell.participants.state.mode == app::ParticipantsState::Mode::Detail);

    ui.click("nav.devices");
    ui.click("devices.new");
    ui.type("device.model", "Fairphone 4 sneltoets");
    const std::size_t devicesBefore = ui.store().all<Device>().size();
    ui.pressCtrlEnter();
    CHECK(ui.store().all<Device>().size() == devicesBefore + 1);
    CHECK(shell.devices.state.mode == app::DevicesState::Mode::List);

    ui.click("nav.group_sessions");
    ui.click("sessions.new");
    ui.type("session.theme", "Sneltoetsen op de laptop");
    const std::size_t sessionsBefore = ui.store().all<GroupSession>().size();
    ui.pressCtrlEnter();
    CHECK(ui.store().all<GroupSession>().size() == sessionsBefore + 1);
    CHECK(shell.groupSessions.state.mode == app::GroupSessionsState::Mode::Attendance);

    // A screening with nobody chosen has nothing to save: Ctrl+Enter does nothing there.
    ui.click("nav.screening");
    const std::size_t screeningsBefore = ui.store().all<SkillsScreening>().size();
    ui.pressCtrlEnter();
    CHECK(ui.store().all<SkillsScreening>().size() == screeningsBefore);
    const Participant person = ui.addConsentedParticipant("Odette Digiscan");
    app::AppContext context(shell.services());
    shell.screening.startFor(context, person.meta.id);
    ui.frames(1);
    ui.click("screening.internet.2");
    ui.pressCtrlEnter();
    CHECK(ui.store().all<SkillsScreening>().size() == screeningsBefore + 1);
    CHECK(shell.screening.state.saved);
}
