// UI tests for a phone-sized window and large text: list rows and button labels wrap
// instead of being cut off or shrunk.
#include <doctest/doctest.h>
#include <imgui.h>

#include <algorithm>

#include "app/theme.hpp"
#include "app/ui_probe.hpp"
#include "tests/ui/harness.hpp"

using namespace dc;
using dc::app::Route;
using dc::uitest::testDatabase;
using dc::uitest::UiHarness;

namespace {

float heightOf(std::string_view name) {
    const app::probe::ItemRect* rect = app::probe::find(name);
    REQUIRE_MESSAGE(rect != nullptr, "no item named " << name);
    return rect->maxY - rect->minY;
}

}  // namespace

TEST_CASE("at 360 px a participant's row wraps its target groups instead of cutting them off") {
    UiHarness ui(testDatabase("small-list-rows"));
    ui.resize(360, 740);
    Participant person = ui.addConsentedParticipant("Wannes Smal");
    person.targetGroupIds = {};
    for (const TargetGroup& group : ui.store().all<TargetGroup>()) person.targetGroupIds.push_back(group.meta.id);
    REQUIRE(person.targetGroupIds.size() >= 3);
    REQUIRE(ui.shell().services().participants.save(person).ok());
    ++ui.shell().services().dataVersion;
    Participant shortRow = ui.addConsentedParticipant("Wannes Kort");

    ui.click("nav.short.participants");
    ui.type("participants.search", "Wannes");
    const std::string longRow = "participants.row." + person.meta.id;
    REQUIRE(ui.isShown(longRow));
    REQUIRE(ui.isShown("participants.row." + shortRow.meta.id));
    // Every target group is on screen: the row grows by whole lines to hold them.
    CHECK(heightOf(longRow) >= heightOf("participants.row." + shortRow.meta.id) + ImGui::GetTextLineHeight());
    CHECK(app::probe::find(longRow)->maxX <= 360);
    ui.screenshot("participants_wrapped_rows_360x740");
    ui.setTextScale(200);
    ui.resize(360, 740);
    ui.click("nav.short.menu");
    ui.click("more.nav.short.participants");
    ui.type("participants.search", "Wannes");
    CHECK(heightOf(longRow) >= heightOf("participants.row." + shortRow.meta.id) + ImGui::GetTextLineHeight());
    ui.screenshot("participants_wrapped_rows_360x740_200pct");
}

TEST_CASE("at 200% text on 360 px a label too long for its button wraps at full size") {
    UiHarness ui(testDatabase("small-wrapped-labels"));
    ui.setTextScale(200);
    ui.resize(360, 740);
    ui.click("today.new_help_request");
    REQUIRE(ui.shell().route() == Route::HelpRequestForm);
    // A category chip whose name is wider than the row keeps the text size and grows
    // taller by a line instead.
    std::string tallestChip;
    float tallest = 0;
    for (const std::string& chip : app::probe::namesWithPrefix("help.category."))
        if (heightOf(chip) > tallest) {
            tallest = heightOf(chip);
            tallestChip = chip;
        }
    CHECK(tallest >= app::touchTarget() + ImGui::GetTextLineHeight() * 0.9f);
    ui.click(tallestChip);  // brings it into view for the screenshot
    ui.screenshot("help_form_wrapped_labels_360x740_200pct");
}
