// The Digiscan (skills screening) through real frames: a skill not asked is told apart
// from "not yet", and the saved confirmation appears beside Save.
#include <doctest/doctest.h>

#include "tests/ui/harness.hpp"

using namespace dc;
using dc::uitest::testDatabase;
using dc::uitest::UiHarness;

TEST_CASE("a skill not asked stays out of the screening, unlike one the person cannot do yet") {
    UiHarness ui(testDatabase("screening-not-asked"));
    const std::vector<Participant> people = ui.store().all<Participant>();
    REQUIRE_FALSE(people.empty());
    // Someone without earlier screenings, so the only one stored is the one made here.
    const Participant* fresh = nullptr;
    for (const Participant& p : people)
        if (!p.erasedOn && ui.shell().services().screenings.forParticipant(p.meta.id).empty()) fresh = &p;
    REQUIRE(fresh);
    ui.click("nav.screening");
    ui.type("screening.participant.search", fresh->pseudonym);
    ui.click("screening.participant.result." + fresh->meta.id);

    // Nothing asked yet: saving is refused with a clear message.
    const SkillLevels& levels = ui.shell().screening.state.screening.levels;
    CHECK(levels.empty());
    ui.click("screening.save");
    CHECK(ui.shell().screening.state.problems.size() == 1);
    CHECK(ui.shell().screening.state.problems.front().messageKey == "problem.no_skill_asked");
    CHECK(ui.shell().services().screenings.forParticipant(fresh->meta.id).empty());

    ui.click("screening.email.0");     // asked: cannot do it yet
    ui.click("screening.internet.2");  // asked: does it alone
    ui.click("screening.passwords.1");
    ui.click("screening.passwords.not_asked");  // asked by mistake: taken back
    ui.click("screening.save");
    CHECK(ui.shell().screening.state.saved);
    ui.screenshot("screening_saved_1366x768");
    const std::vector<SkillsScreening> stored = ui.shell().services().screenings.forParticipant(fresh->meta.id);
    REQUIRE(stored.size() == 1);
    CHECK(stored[0].levels == SkillLevels{{"email", 0}, {"internet", 2}});
}
