// Every screen at phone, tablet and laptop sizes, at 100% and 200% text: screenshots
// for people to look at, and checks that hit targets stay large enough.
#include "tests/ui/harness.hpp"

#include "app/theme.hpp"
#include "app/ui_probe.hpp"

#include <doctest/doctest.h>

#include <filesystem>

using namespace dc;
using dc::app::Route;
using dc::uitest::UiHarness;

namespace {

struct NamedRoute {
    Route route;
    const char* name;
};

constexpr NamedRoute kRoutes[] = {
    {Route::Today, "today"},           {Route::Participants, "participants"},
    {Route::HelpRequests, "help_requests"}, {Route::HelpRequestForm, "help_request_form"},
    {Route::Devices, "devices"},       {Route::GroupSessions, "group_sessions"},
    {Route::Screening, "screening"},   {Route::Settings, "settings"},
    {Route::Sync, "sync"},             {Route::Report, "report"},
};

struct Size {
    int width, height;
};
constexpr Size kSizes[] = {{360, 740}, {800, 1280}, {1366, 768}};

// Buttons and fields drawn through the shared widgets must be at least a touch target tall.
void checkTouchTargets(const std::string& where) {
    const float minimum = app::touchTarget() - 0.5f;
    for (const std::string& name : app::probe::namesWithPrefix("")) {
        const app::probe::ItemRect* rect = app::probe::find(name);
        if (!rect->visible || !rect->control) continue;
        const float height = rect->maxY - rect->minY;
        CHECK_MESSAGE(height >= minimum, where << ": " << name << " is " << height << " px tall");
    }
}

std::string sizeName(const Size& size) { return std::to_string(size.width) + "x" + std::to_string(size.height); }

}  // namespace

TEST_CASE("every screen is drawn and captured at 360x740, 800x1280 and 1366x768") {
    UiHarness ui(uitest::testDatabase("screenshots"));
    // The pictures are published: they show a coach's usual folder, not the test's own.
    ui.shell().report.state.exportFolder = "/home/coach/Documenten/Digicoach";
    for (int percent : {100, 200}) {
        ui.setTextScale(percent);
        for (const Size& size : kSizes) {
            ui.resize(size.width, size.height);
            CHECK(ui.shell().compactLayout() == (size.width < 700 || size.width / (percent / 100.0f) < 520));
            for (const NamedRoute& r : kRoutes) {
                ui.shell().navigate(r.route);
                ui.frames(3);
                ui.settleJobs();  // the report's figures, computed off the UI thread
                const std::string name = std::string(r.name) + "_" + sizeName(size) + "_" + std::to_string(percent);
                const std::string path = ui.screenshot(name);
                CHECK(std::filesystem::file_size(path) > 1000);
                checkTouchTargets(name);
                // A way out is always on screen: the side bar when wide; bottom tabs or the menu
                // button when narrow; a form shown full-screen on a phone has its Cancel.
                if (!ui.shell().compactLayout())
                    CHECK(ui.isShown("nav.today"));
                else if (r.route == Route::HelpRequestForm)
                    CHECK(ui.isShown("help.cancel"));
                else
                    CHECK((ui.isShown("nav.short.today") || ui.isShown("nav.short.menu")));
            }
        }
    }
}

TEST_CASE("the three themes draw Today legibly at 360x740") {
    uitest::HarnessOptions phone;
    phone.widthPx = 360;
    phone.heightPx = 740;
    UiHarness ui(uitest::testDatabase("themes"), phone);
    for (const char* theme : app::kThemes) {
        ui.store().setSetting(dc::kSettingTheme, theme);
        ui.restartShell();
        CHECK(ui.shell().appearance().theme == theme);
        ui.screenshot(std::string("theme_") + theme + "_360x740");
    }
}

TEST_CASE("the second-level screens are captured: a person's timeline and form, lending, attendance, screening") {
    UiHarness ui(uitest::testDatabase("subscreens"));
    for (const Size& size : {Size{360, 740}, Size{1366, 768}}) {
        ui.resize(size.width, size.height);
        const std::string suffix = std::string("_").append(sizeName(size));

        ui.shell().navigate(Route::Participants);
        ui.frames(2);
        ui.click(app::probe::namesWithPrefix("participants.row.").front());
        REQUIRE(ui.shell().participants.state.mode == app::ParticipantsState::Mode::Detail);
        ui.screenshot("participant_timeline" + suffix);
        ui.click("participants.detail.edit");
        REQUIRE(ui.shell().participants.state.mode == app::ParticipantsState::Mode::Edit);
        ui.screenshot("participant_form" + suffix);
        ui.click("participant.cancel");

        ui.shell().navigate(Route::Devices);
        ui.frames(2);
        ui.click("devices.filter.available");
        ui.click(app::probe::namesWithPrefix("devices.lend.").front());
        ui.screenshot("device_lend" + suffix);
        ui.click("handout.cancel");

        ui.shell().navigate(Route::GroupSessions);
        ui.frames(2);
        ui.click(app::probe::namesWithPrefix("sessions.row.").front());
        REQUIRE(ui.shell().groupSessions.state.mode == app::GroupSessionsState::Mode::Attendance);
        ui.screenshot("session_attendance" + suffix);
        ui.click("sessions.back");

        const Participant someone = ui.store().all<Participant>().front();
        ui.shell().navigate(Route::Participants);
        ui.frames(2);
        ui.shell().participants.show(someone.meta.id);
        ui.frames(2);
        ui.click("participants.detail.screening");
        REQUIRE(ui.shell().route() == Route::Screening);
        CHECK(ui.shell().screening.state.participantId == someone.meta.id);
        ui.screenshot("screening_participant" + suffix);
        ui.shell().navigate(Route::Participants);
        ui.shell().participants.state.mode = app::ParticipantsState::Mode::List;
    }
}
