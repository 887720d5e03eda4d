// One change signal: open screens show what the sync thread (or any other connection)
// wrote, and the waiting count on Today and on the Sync screen always agree.
#include <doctest/doctest.h>

#include "app/ui_probe.hpp"
#include "model/services.hpp"
#include "tests/ui/harness.hpp"

using namespace dc;
using dc::uitest::testDatabase;
using dc::uitest::UiHarness;

namespace {

// A second connection to the window's file, unlocked, as the sync thread has.
Store otherConnection(UiHarness& ui) {
    Store other = Store::open(ui.store().db().path());
    other.useCipher(ui.store().cipher());
    return other;
}

}  // namespace

TEST_CASE("a device another connection saves shows on the open Devices screen at the next frame") {
    UiHarness ui(testDatabase("change-signal-devices"));
    ui.click("nav.devices");
    const std::size_t before = ui.shell().devices.state.devices.size();
    {
        Store other = otherConnection(ui);
        ServiceContext ctx{other, ui.clock(), "coach-on-another-laptop"};
        Device pulled;
        pulled.model = "Pulled by sync: Lenovo T14";
        REQUIRE(DeviceService(ctx).save(pulled).ok());
    }
    ui.frames(1);
    const auto& devices = ui.shell().devices.state.devices;
    CHECK(devices.size() == before + 1);
    bool shown = false;
    for (const Device& d : devices) shown = shown || d.model == "Pulled by sync: Lenovo T14";
    CHECK(shown);
}

TEST_CASE("after a push by another connection, Today and the Sync screen show the same waiting count") {
    UiHarness ui(testDatabase("change-signal-waiting"));
    REQUIRE(ui.store().outboxCount() > 0);  // the demo records wait for their first push
    ui.click("nav.sync");
    CHECK(ui.shell().syncScreen.state.waitingCount == ui.store().outboxCount());
    {
        // What an accepted push does on the sync thread's connection.
        Store other = otherConnection(ui);
        other.db().exec("DELETE FROM outbox");
    }
    ui.frames(1);
    CHECK(ui.shell().syncScreen.state.waitingCount == 0);
    ui.click("nav.today");
    CHECK(ui.shell().today.state.waitingToSync == 0);
}

TEST_CASE("a frame in which nothing changed reads nothing from the database, on every screen") {
    UiHarness ui(testDatabase("change-signal-quiet-frames"));
    ui.store().db().countStatements();
    for (const char* nav : {"nav.today", "nav.participants", "nav.help_requests", "nav.devices", "nav.group_sessions",
                            "nav.screening", "nav.report", "nav.sync", "nav.settings"}) {
        INFO("screen: " << nav);
        ui.click(nav);
        ui.frames(3);  // the screen reads what it shows once
        const int64_t before = ui.store().db().statementsCounted();
        ui.frames(5);
        CHECK(ui.store().db().statementsCounted() == before);
    }
    // A person's page too.
    ui.click("nav.participants");
    const std::vector<std::string> rows = app::probe::namesWithPrefix("participants.row.");
    REQUIRE_FALSE(rows.empty());
    ui.click(rows.front());
    ui.frames(3);
    REQUIRE(ui.shell().participants.state.mode == app::ParticipantsState::Mode::Detail);
    const int64_t before = ui.store().db().statementsCounted();
    ui.frames(5);
    CHECK(ui.store().db().statementsCounted() == before);
}
