// UI tests for lending a device: found by search, changed after picking, saved from the
// action bar, shown with its borrower in the lent list and taken back.
#include "tests/ui/harness.hpp"

#include "app/ui_probe.hpp"

#include <doctest/doctest.h>

using namespace dc;
using dc::uitest::testDatabase;
using dc::uitest::UiHarness;

TEST_CASE("a device found by its inventory tag can be changed, is lent with Save in the action bar and shows who has it") {
    UiHarness ui(testDatabase("field-lend"));
    std::vector<std::string> tagged;
    for (int i = 0; i < 40; ++i) {
        Device d;
        d.model = "Dell Latitude 5490";
        d.assetTag = "D09-" + std::string(i < 10 ? "000" : "00") + std::to_string(i);
        REQUIRE(ui.shell().services().devices.save(d).ok());
        tagged.push_back(d.meta.id);
    }
    const Participant borrower = ui.addConsentedParticipant("Ontlener Testpersoon");

    ui.click("today.lend_device");
    REQUIRE(ui.shell().devices.state.mode == app::DevicesState::Mode::HandOut);
    ui.type("handout.device.search", "d09-0013");
    CHECK(ui.isShown("handout.device." + tagged[13]));
    CHECK_FALSE(ui.isShown("handout.device." + tagged[14]));
    ui.screenshotsAtEverySize("device-search");
    ui.click("handout.device." + tagged[13]);
    CHECK(ui.shell().devices.state.handout.deviceId == tagged[13]);

    // Wrong one: change it.
    ui.click("handout.device.change");
    CHECK(ui.shell().devices.state.handout.deviceId.empty());
    ui.type("handout.device.search", "D09-0014");
    ui.click("handout.device." + tagged[14]);
    CHECK(ui.shell().devices.state.handout.deviceId == tagged[14]);

    ui.type("handout.participant.search", borrower.pseudonym);
    ui.click("handout.participant.result." + borrower.meta.id);
    ui.type("handout.accessories", "lader en hoes");
    ui.click("handout.save");
    const auto& state = ui.shell().devices.state;
    REQUIRE(state.mode == app::DevicesState::Mode::List);
    CHECK(state.confirmation.find(borrower.pseudonym) != std::string::npos);
    CHECK(ui.store().find<Device>(tagged[14])->status == "lent");
    CHECK(ui.store().find<Device>(tagged[13])->status == "available");

    // The lent list says who has it and since when; its return screen what to check.
    ui.click("devices.filter.lent");
    CHECK(ui.isShown("devices.loan." + tagged[14]));
    const auto loan = state.openLoanByDevice.find(tagged[14]);
    REQUIRE(loan != state.openLoanByDevice.end());
    CHECK(loan->second->participant == borrower.pseudonym);
    CHECK(loan->second->handedOutOn == ui.shell().services().today());
    ui.screenshotsAtEverySize("devices-lent");

    ui.click("devices.return." + tagged[14]);
    REQUIRE(state.mode == app::DevicesState::Mode::Return);
    CHECK(state.returnLoan.participant == borrower.pseudonym);
    CHECK(state.returnLoan.handedOutOn == ui.shell().services().today());
    CHECK(state.returnLoan.dueOn == addDays(ui.shell().services().today(), 30));
    CHECK(state.returnAccessories == "lader en hoes");
    ui.screenshotsAtEverySize("device-return");
    ui.click("return.save");
    CHECK(state.mode == app::DevicesState::Mode::List);
    CHECK(ui.store().find<Device>(tagged[14])->status == "available");
    CHECK_FALSE(state.confirmation.empty());
}

TEST_CASE("the device search puts devices in stock first and finds them by kind as the coach reads it") {
    UiHarness ui(testDatabase("field-device-order"));
    ui.click("today.lend_device");
    ui.type("handout.device.search", "laptop");
    const std::vector<std::string> listed = app::probe::namesWithPrefix("handout.device.");
    std::vector<std::string> deviceRows;
    for (const std::string& name : listed)
        if (name != "handout.device.search" && name != "handout.device.change") deviceRows.push_back(name);
    REQUIRE_FALSE(deviceRows.empty());
    // namesWithPrefix lists in drawing order: no device out of stock before one in stock.
    bool outOfStockSeen = false;
    for (const std::string& name : deviceRows) {
        const std::string id = name.substr(std::string("handout.device.").size());
        const std::optional<Device> d = ui.store().find<Device>(id);
        REQUIRE(d);
        CHECK(d->kind == "laptop");
        const bool inStock = d->status == "available";
        CHECK_FALSE((inStock && outOfStockSeen));
        outOfStockSeen = outOfStockSeen || !inStock;
    }
}
