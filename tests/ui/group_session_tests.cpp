// UI tests for a group session in the field: walk-ins with their consent, the anonymous
// head count under quick taps, and check-ins taken back.
#include "tests/ui/harness.hpp"

#include <doctest/doctest.h>

using namespace dc;
using dc::app::Route;
using dc::uitest::testDatabase;
using dc::uitest::UiHarness;

namespace {

// Opens a new group session from Today and returns its id, on its attendance view.
std::string startSession(UiHarness& ui) {
    ui.click("today.start_session");
    REQUIRE(ui.shell().route() == Route::GroupSessions);
    ui.type("session.theme", "Digicafe Dampoort");
    ui.click("session.save");
    REQUIRE(ui.shell().groupSessions.state.mode == app::GroupSessionsState::Mode::Attendance);
    return ui.shell().groupSessions.state.selectedId;
}

}  // namespace

TEST_CASE("a walk-in whose consent is given in one tap is added and checked in with today's consent date") {
    UiHarness ui(testDatabase("field-walk-in"));
    const std::string sessionId = startSession(ui);
    // Consent comes first: the name field opens with it.
    ui.click("sessions.walk_in_consent.store");
    ui.type("sessions.walk_in_name", "Binnenloper Yusuf");
    ui.click("sessions.add_walk_in");

    const auto& state = ui.shell().groupSessions.state;
    CHECK(state.problems.empty());
    CHECK(state.confirmation.find("Binnenloper Yusuf") != std::string::npos);
    const std::vector<Attendance> present = ui.shell().services().sessions.attendance(sessionId);
    REQUIRE(present.size() == 1);
    CHECK(present[0].walkIn);
    const std::optional<Participant> walkIn = ui.store().find<Participant>(present[0].participantId);
    REQUIRE(walkIn);
    CHECK(walkIn->pseudonym == "Binnenloper Yusuf");
    CHECK(walkIn->consentScopes == IdList{"store"});
    CHECK(walkIn->consentDate == ui.shell().services().today());
    CHECK(state.walkIn.pseudonym.empty());  // ready for the next one
    ui.screenshotsAtEverySize("session-walk-in");
}

TEST_CASE("two quick taps on +1 anonymous count twice although the confirmation appears between them") {
    UiHarness ui(testDatabase("field-plus-one"));
    const std::string sessionId = startSession(ui);
    for (const auto& [width, height] : uitest::kWindowSizes) {
        ui.resize(width, height);
        const int64_t before = ui.store().find<GroupSession>(sessionId)->anonymousCount;
        REQUIRE(ui.shell().groupSessions.state.confirmation.empty() == (before == 0));
        ui.tapTwiceInPlace("sessions.anonymous_plus");
        CHECK(ui.store().find<GroupSession>(sessionId)->anonymousCount == before + 2);
        CHECK_FALSE(ui.shell().groupSessions.state.confirmation.empty());
    }
    // A refusal shows in the same strip, where it moves nothing either.
    ui.shell().groupSessions.state.problems = {{"", "problem.unknown_session"}};
    ui.frames(2);
    ui.tapTwiceInPlace("sessions.anonymous_plus");
    CHECK(ui.store().find<GroupSession>(sessionId)->anonymousCount == 8);
    ui.resize(360, 740);
    ui.shell().groupSessions.state.problems = {{"", "problem.unknown_session"}};
    ui.frames(2);
    ui.screenshot("session-message-strip-360x740");
    ui.setTextScale(200);  // restarts the shell: open the session again
    ui.shell().navigate(Route::GroupSessions);
    ui.frames(2);
    ui.click("sessions.row." + sessionId);
    ui.tapTwiceInPlace("sessions.anonymous_plus");
    CHECK(ui.store().find<GroupSession>(sessionId)->anonymousCount == 10);
    ui.screenshot("session-message-strip-360x740-200");
}

TEST_CASE("an attendee checked in by mistake is removed with one tap, as a tombstone that syncs") {
    UiHarness ui(testDatabase("field-remove-attendee"));
    const std::string sessionId = startSession(ui);
    const Participant someone = ui.addConsentedParticipant("Aanwezige Per Vergissing");
    ui.type("sessions.check_in.search", someone.pseudonym);
    ui.click("sessions.check_in.result." + someone.meta.id);
    const std::vector<Attendance> present = ui.shell().services().sessions.attendance(sessionId);
    REQUIRE(present.size() == 1);
    const int64_t outbox = ui.store().outboxCount();

    ui.click("sessions.remove." + present[0].meta.id);
    CHECK(ui.shell().services().sessions.attendance(sessionId).empty());
    const std::optional<Attendance> removed = ui.store().find<Attendance>(present[0].meta.id);
    REQUIRE(removed);
    CHECK(removed->meta.deleted);
    CHECK(ui.store().outboxCount() == outbox + 1);
    CHECK_FALSE(ui.isShown("sessions.remove." + present[0].meta.id));
    CHECK(ui.shell().groupSessions.state.confirmation.find(someone.pseudonym) != std::string::npos);
}

