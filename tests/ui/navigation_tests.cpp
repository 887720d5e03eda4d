// UI tests for moving around without losing work: editing from a list, Esc as "back",
// drag-to-scroll for fingers, and the participant form's draft.
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

std::string firstIdWithPrefix(const std::string& prefix) {
    const std::vector<std::string> names = app::probe::namesWithPrefix(prefix);
    REQUIRE_FALSE(names.empty());
    return names.front().substr(prefix.size());
}

// A help request logged now through the model services, so Today lists it whatever the
// demo data happened to put on the test's date (often nothing: a Sunday, a quiet day).
std::string helpRequestLoggedToday(UiHarness& ui) {
    app::AppServices& services = ui.shell().services();
    HelpRequest h = services.helpRequests.draftWithDefaults();
    h.categoryId = services.helpRequests.categoryChoices().front().id;
    h.notes = "Hulp bij het installeren van de bankapp";
    REQUIRE(services.helpRequests.save(h).ok());
    ++services.dataVersion;
    ui.frames(1);
    return h.meta.id;
}

}  // namespace

TEST_CASE("a help request opened from Today is corrected as a new version, never as a second request") {
    UiHarness ui(testDatabase("nav-edit-help-request"));
    const std::string id = helpRequestLoggedToday(ui);
    const std::size_t countBefore = ui.store().all<HelpRequest>().size();
    const HelpRequest before = *ui.store().find<HelpRequest>(id);
    const int newMinutes = before.durationMinutes == 60 ? 30 : 60;

    ui.click("help_requests.row." + id);
    REQUIRE(ui.shell().route() == Route::HelpRequestForm);
    CHECK(ui.shell().helpRequestForm.state.request.meta.id == id);
    CHECK(ui.shell().helpRequestForm.state.request.notes == before.notes);
    ui.click("help.duration." + std::to_string(newMinutes));
    ui.click("help.save");

    CHECK(ui.shell().route() == Route::Today);
    CHECK(ui.store().all<HelpRequest>().size() == countBefore);
    const HelpRequest after = *ui.store().find<HelpRequest>(id);
    CHECK(after.durationMinutes == newMinutes);
    CHECK(after.meta.version == before.meta.version + 1);
    CHECK(after.categoryId == before.categoryId);
}

TEST_CASE("a correction left with Esc resumes as the same request after a restart") {
    UiHarness ui(testDatabase("nav-edit-draft"));
    const std::string id = helpRequestLoggedToday(ui);
    const std::size_t countBefore = ui.store().all<HelpRequest>().size();
    ui.click("help_requests.row." + id);
    ui.type("help.notes", " +terugbellen");
    ui.pressEscape();  // leaves the text field
    ui.pressEscape();  // leaves the form
    REQUIRE(ui.shell().route() == Route::Today);
    CHECK(ui.shell().today.state.draftWaiting);

    ui.restartShell();
    ui.click("today.resume_draft");
    REQUIRE(ui.shell().route() == Route::HelpRequestForm);
    CHECK(ui.shell().helpRequestForm.state.request.meta.id == id);
    CHECK(ui.shell().helpRequestForm.state.request.notes.ends_with("+terugbellen"));
    ui.click("help.save");
    CHECK(ui.store().all<HelpRequest>().size() == countBefore);
    CHECK(ui.store().find<HelpRequest>(id)->notes.ends_with("+terugbellen"));
}

TEST_CASE("Esc closes the open form or timeline step by step and keeps a new request's typing as a draft") {
    UiHarness ui(testDatabase("nav-escape"));
    ui.click("nav.participants");
    const std::string personId = firstIdWithPrefix("participants.row.");
    ui.click("participants.row." + personId);
    REQUIRE(ui.shell().participants.state.mode == app::ParticipantsState::Mode::Detail);
    ui.pressEscape();
    CHECK(ui.shell().participants.state.mode == app::ParticipantsState::Mode::List);
    ui.pressEscape();
    CHECK(ui.shell().route() == Route::Today);

    ui.click("nav.devices");
    ui.click("devices.new");
    REQUIRE(ui.shell().devices.state.mode == app::DevicesState::Mode::NewDevice);
    ui.pressEscape();
    CHECK(ui.shell().devices.state.mode == app::DevicesState::Mode::List);

    ui.pressCtrl('N');
    REQUIRE(ui.shell().route() == Route::HelpRequestForm);
    ui.type("help.notes", "Itsme op nieuwe gsm");
    ui.pressEscape();
    CHECK(ui.shell().route() == Route::HelpRequestForm);  // the first Esc only leaves the field
    ui.pressEscape();
    CHECK(ui.shell().route() == Route::Today);
    REQUIRE(ui.shell().today.state.draftWaiting);
    ui.click("today.resume_draft");
    CHECK(ui.shell().helpRequestForm.state.request.notes == "Itsme op nieuwe gsm");
}

TEST_CASE("dragging a list with a finger scrolls it and opens nothing; a tap still opens the row") {
    uitest::HarnessOptions phone;
    phone.widthPx = 360;
    phone.heightPx = 740;
    UiHarness ui(testDatabase("nav-drag"), phone);
    ui.click("nav.short.participants");
    REQUIRE(ui.shell().route() == Route::Participants);
    const std::string firstRow = "participants.row." + firstIdWithPrefix("participants.row.");
    const float topBefore = app::probe::find(firstRow)->minY;

    ui.drag(firstRow, -250.0f);
    CHECK(ui.shell().participants.state.mode == app::ParticipantsState::Mode::List);
    const app::probe::ItemRect* moved = app::probe::find(firstRow);
    // Scrolled by the finger's travel: the row went up with it (or out of view entirely).
    if (moved) CHECK(moved->minY < topBefore - 200.0f);

    const std::string tapped = firstIdWithPrefix("participants.row.");
    ui.click("participants.row." + tapped);
    CHECK(ui.shell().participants.state.mode == app::ParticipantsState::Mode::Detail);
    CHECK(ui.shell().participants.state.selectedId == tapped);
}

TEST_CASE("a new participant's form comes back with a notice after a restart and can be started over") {
    UiHarness ui(testDatabase("nav-participant-draft"));
    ui.click("today.new_participant");
    REQUIRE(ui.shell().participants.state.mode == app::ParticipantsState::Mode::Edit);
    ui.click("participant.consent.store");
    ui.type("participant.pseudonym", "Rosa");
    ui.clock().advanceMs(1500);
    ui.frames(2);

    ui.restartShell();
    ui.click("today.new_participant");
    CHECK(ui.shell().participants.state.form.participant.pseudonym == "Rosa");
    REQUIRE(ui.isShown("participant.discard_draft"));
    ui.screenshot("participant_draft_restored_1366x768");
    ui.click("participant.discard_draft");
    CHECK(ui.shell().participants.state.form.participant.pseudonym.empty());
    ui.restartShell();
    ui.click("today.new_participant");
    CHECK_FALSE(ui.isShown("participant.discard_draft"));
}

TEST_CASE("a help request is logged with the keyboard alone: Ctrl+N, arrows, Space and Enter") {
    UiHarness ui(testDatabase("nav-keyboard"));
    std::set<std::string> idsBefore;
    for (const HelpRequest& h : ui.store().all<HelpRequest>()) idsBefore.insert(h.meta.id);
    ui.pressCtrl('N');
    REQUIRE(ui.shell().route() == Route::HelpRequestForm);
    // The form takes the keyboard at once: the first arrow lands in it, not in the side bar.
    ui.pressKey(ImGuiKey_DownArrow);
    CHECK(app::probe::keyboardFocus().starts_with("help."));

    ui.arrowTo("help.channel.home");
    ui.pressKey(ImGuiKey_Space);
    const std::string category = app::probe::namesWithPrefix("help.category.").front();
    ui.arrowTo(category);
    ui.pressKey(ImGuiKey_Space);
    ui.arrowTo("help.duration.30");
    ui.pressKey(ImGuiKey_Space);
    ui.arrowTo("help.outcome.partly");
    ui.pressKey(ImGuiKey_Space);
    ui.screenshot("keyboard_focus_1366x768");
    ui.arrowTo("help.save");
    ui.pressKey(ImGuiKey_Enter);

    CHECK(ui.shell().route() == Route::Today);
    std::vector<HelpRequest> added = ui.store().all<HelpRequest>();
    std::erase_if(added, [&](const HelpRequest& h) { return idsBefore.contains(h.meta.id); });
    REQUIRE(added.size() == 1);
    const HelpRequest& saved = added.front();
    CHECK(saved.channel == "home");
    CHECK(saved.durationMinutes == 30);
    CHECK(saved.outcome == "partly");
    CHECK(saved.categoryId == category.substr(std::string("help.category.").size()));
}

TEST_CASE("a half-filled device loan comes back after a restart, with its device, until it is saved") {
    UiHarness ui(testDatabase("nav-device-draft"));
    ui.click("nav.devices");
    const std::string lendPrefix = "devices.lend.";
    const std::string deviceId = firstIdWithPrefix(lendPrefix);
    ui.click(lendPrefix + deviceId);
    REQUIRE(ui.shell().devices.state.mode == app::DevicesState::Mode::HandOut);
    ui.type("handout.accessories", "lader en hoes");
    ui.clock().advanceMs(1500);
    ui.frames(2);

    ui.restartShell();
    ui.click("nav.devices");
    REQUIRE(ui.isShown("devices.resume_draft"));
    ui.click("devices.resume_draft");
    REQUIRE(ui.shell().devices.state.mode == app::DevicesState::Mode::HandOut);
    CHECK(ui.shell().devices.state.handout.deviceId == deviceId);
    CHECK(ui.shell().devices.state.handout.accessories == "lader en hoes");

    ui.click("handout.cancel");
    CHECK_FALSE(ui.isShown("devices.resume_draft"));
    ui.restartShell();
    ui.click("nav.devices");
    CHECK_FALSE(ui.isShown("devices.resume_draft"));
}

TEST_CASE("a group session left with Esc waits on the list and is saved once when resumed") {
    UiHarness ui(testDatabase("nav-session-draft"));
    const std::size_t countBefore = ui.store().all<GroupSession>().size();
    ui.click("nav.group_sessions");
    ui.click("sessions.new");
    ui.type("session.theme", "Veilig online bankieren");
    ui.pressEscape();
    ui.pressEscape();
    REQUIRE(ui.shell().groupSessions.state.mode == app::GroupSessionsState::Mode::List);
    REQUIRE(ui.isShown("sessions.resume_draft"));
    ui.screenshot("session_draft_waiting_1366x768");

    ui.click("sessions.resume_draft");
    REQUIRE(ui.shell().groupSessions.state.mode == app::GroupSessionsState::Mode::Edit);
    CHECK(ui.shell().groupSessions.state.editing.theme == "Veilig online bankieren");
    ui.click("session.save");
    CHECK(ui.store().all<GroupSession>().size() == countBefore + 1);
    ui.pressEscape();
    CHECK_FALSE(ui.isShown("sessions.resume_draft"));
}
