// In a browser the database lives in memory and is copied to IndexedDB after every frame
// that wrote. These tests stand in a storage that answers only when told, and may refuse
// (storage full, a private window): nothing may say "saved" before the copy was kept,
// and a refusal must show wherever the coach is.
#include <doctest/doctest.h>

#include "tests/ui/harness.hpp"

#include <functional>
#include <vector>

using namespace dc;
using dc::app::Route;
using dc::app::StoringSaved;
using dc::uitest::HarnessOptions;
using dc::uitest::testDatabase;
using dc::uitest::UiHarness;

namespace {

struct StandInStorage {
    std::vector<std::function<void(bool)>> copiesAskedFor;

    app::PersistFunction function() {
        return [this](std::function<void(bool)> done) { copiesAskedFor.push_back(std::move(done)); };
    }
    // Answers every copy asked for so far, as one finished copy does.
    void answer(bool stored) {
        std::vector<std::function<void(bool)>> answered = std::move(copiesAskedFor);
        copiesAskedFor.clear();
        for (auto& done : answered)
            if (done) done(stored);
    }
};

int64_t helpRequestCount(Store& store) { return store.db().queryInteger("SELECT count(*) FROM help_requests"); }

}  // namespace

TEST_CASE("a help request says saved only once the browser kept it, and closes after a refusal once a copy is kept") {
    StandInStorage storage;  // outlives the window that calls it
    HarnessOptions options;
    options.whenPersisted = storage.function();
    UiHarness ui(testDatabase("storage-help-request"), options);
    storage.answer(true);  // the shell's own start-up writes
    ui.frames(2);
    CHECK_FALSE(ui.isShown("shell.storage_retry"));
    const int64_t before = helpRequestCount(ui.store());

    ui.click("today.new_help_request");
    ui.click("help.category." + ui.shell().helpRequestForm.state.categories.front().id);
    ui.click("help.duration.30");
    ui.click("help.save");
    // Committed in the window's memory, but not yet kept: the form stays, Save is gone.
    CHECK(helpRequestCount(ui.store()) == before + 1);
    CHECK(ui.shell().route() == Route::HelpRequestForm);
    CHECK(ui.shell().helpRequestForm.state.storing == StoringSaved::Waiting);
    CHECK_FALSE(ui.isShown("help.save"));
    REQUIRE_FALSE(storage.copiesAskedFor.empty());

    storage.answer(false);
    ui.frames(2);
    CHECK(ui.shell().helpRequestForm.state.storing == StoringSaved::Refused);
    CHECK_FALSE(ui.isShown("help.save"));  // a second Save would make a second request
    CHECK(ui.isShown("shell.storage_retry"));
    ui.screenshot("storage_refused_help_request_1366x768");

    // Refused again: the form still waits.
    ui.click("shell.storage_retry");
    storage.answer(false);
    ui.frames(2);
    CHECK(ui.shell().route() == Route::HelpRequestForm);
    CHECK(ui.isShown("shell.storage_retry"));
    ui.click("shell.storage_retry");
    storage.answer(true);
    ui.frames(2);
    CHECK(ui.shell().route() == Route::Today);
    CHECK_FALSE(ui.isShown("shell.storage_retry"));
    // One request, however often the copy was tried.
    CHECK(helpRequestCount(ui.store()) == before + 1);
}

TEST_CASE("a refused copy of any write shows above every screen until a copy is kept") {
    StandInStorage storage;
    HarnessOptions options;
    options.whenPersisted = storage.function();
    UiHarness ui(testDatabase("storage-any-write"), options);
    storage.answer(true);
    ui.frames(2);
    REQUIRE(storage.copiesAskedFor.empty());

    // A person saved (as the participant form does): the frame after it asks for a copy.
    Participant person;
    person.pseudonym = "Yara Opslag-test";
    person.consentDate = ui.shell().services().today();
    person.consentScopes = {"store"};
    REQUIRE(ui.shell().services().participants.save(person).ok());
    ui.frames(1);
    REQUIRE(storage.copiesAskedFor.size() == 1);
    storage.answer(false);
    ui.frames(2);
    CHECK(ui.isShown("shell.storage_retry"));
    ui.click("nav.participants");
    CHECK(ui.shell().route() == Route::Participants);
    CHECK(ui.isShown("shell.storage_retry"));
    ui.screenshotsAtEverySize("storage_refused_participants");

    // Trying again asks for a new copy although nothing new was written.
    ui.click("shell.storage_retry");
    REQUIRE(storage.copiesAskedFor.size() == 1);
    storage.answer(false);
    ui.frames(2);
    CHECK(ui.isShown("shell.storage_retry"));
    ui.click("shell.storage_retry");
    storage.answer(true);
    ui.frames(2);
    CHECK_FALSE(ui.isShown("shell.storage_retry"));
    // Nothing written since: no copy asked for.
    ui.frames(3);
    CHECK(storage.copiesAskedFor.empty());
}
