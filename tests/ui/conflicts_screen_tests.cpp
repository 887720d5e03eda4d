// The coordinator's Conflicts view inside the Sync screen, through real frames: both
// versions side by side at phone, tablet and laptop sizes, and "keep this one".
#include <doctest/doctest.h>
#include <imgui.h>

#include "model/conflicts.hpp"
#include "tests/ui/harness.hpp"

using namespace dc;
using dc::uitest::testDatabase;
using dc::uitest::UiHarness;

namespace {

// A losing version of `person`, as a coordinator's laptop fetches it from the hub.
LoggedConflict lostVersionOf(const Participant& person, int64_t hubSeq, const std::string& notes,
                             const std::string& phone) {
    LoggedConflict c;
    c.hubSeq = hubSeq;
    c.recordType = Participant::table;
    c.recordId = person.meta.id;
    c.loserVersion = person.meta.version;
    c.loserUpdatedAtMs = person.meta.updatedAtMs - 60'000;
    c.loserOrigin = "laptop-jonas";
    c.loserAuthor = person.meta.authorCoachId;
    c.loserData = fieldsToJson(person);
    c.loserData["notes"] = notes;
    c.loserData["phone"] = phone;
    c.winnerVersion = person.meta.version;
    c.winnerOrigin = "laptop-sofie";
    c.loggedAtMs = person.meta.updatedAtMs;
    return c;
}

}  // namespace

TEST_CASE("a coordinator compares two versions side by side and keeps the other one") {
    UiHarness ui(testDatabase("conflicts-screen"));
    const std::vector<Participant> people = ui.store().all<Participant>();
    REQUIRE(people.size() >= 2);
    const Participant& first = people[0];
    const Participant& second = people[1];
    ConflictLog(ui.store()).add({lostVersionOf(first, 41, "Belt liever dan te mailen; dochter helpt met itsme.",
                                               "0470 12 34 56"),
                                 lostVersionOf(second, 42, "Komt naar het Digipunt op dinsdag.", "09 223 45 67")},
                                42);
    ui.click("nav.sync");
    REQUIRE(ui.isShown("sync.show_conflicts"));
    ui.click("sync.show_conflicts");
    REQUIRE(ui.isShown("conflicts.keep_other.41"));
    REQUIRE(ui.shell().syncScreen.conflicts.state.open.size() == 2);
    CHECK(ui.shell().syncScreen.conflicts.state.open[0].title == first.pseudonym);
    ui.screenshot("conflicts_1366x768");
    ui.resize(800, 1280);
    ui.frames(2);
    ui.screenshot("conflicts_800x1280");
    ui.resize(360, 740);
    ui.frames(2);
    REQUIRE(ui.isShown("conflicts.keep_other.41"));
    ui.screenshot("conflicts_360x740");
    ui.resize(1366, 768);
    ui.frames(2);

    ui.click("conflicts.keep_other.41");
    const std::optional<Participant> kept = ui.store().find<Participant>(first.meta.id);
    REQUIRE(kept);
    CHECK(kept->notes == "Belt liever dan te mailen; dochter helpt met itsme.");
    CHECK(kept->phone == "0470 12 34 56");
    CHECK(kept->meta.version == first.meta.version + 1);
    CHECK(ui.shell().syncScreen.conflicts.state.settledOne);
    CHECK(ui.shell().syncScreen.conflicts.state.open.size() == 1);
    CHECK_FALSE(ui.isShown("conflicts.keep_other.41"));

    // Keeping the current version leaves the content as it was, and nothing is left open.
    const std::string notesBefore = ui.store().find<Participant>(second.meta.id)->notes;
    ui.click("conflicts.keep_current.42");
    CHECK(ui.store().find<Participant>(second.meta.id)->notes == notesBefore);
    CHECK(ConflictLog(ui.store()).openCount() == 0);
    ui.pressEscape();
    CHECK_FALSE(ui.shell().syncScreen.state.showingConflicts);
    CHECK_FALSE(ui.isShown("sync.show_conflicts"));
}

TEST_CASE("a coach's laptop has no conflicts to show") {
    UiHarness ui(testDatabase("conflicts-none"));
    ui.click("nav.sync");
    CHECK_FALSE(ui.isShown("sync.show_conflicts"));
}
