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
    // Answers the copy asked for as the `index`th (from 0), leaving the others under way.
    void answerCopy(std::size_t index, bool stored) {
        REQUIRE(index < copiesAskedFor.size());
        std::function<void(bool)> done = std::move(copiesAskedFor[index]);
        copiesAskedFor.erase(copiesAskedFor.begin() + static_cast<std::ptrdiff_t>(index));
        if (done) done(stored);
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

// A window whose copies to persistent storage go to its stand-in storage; the shell's
// own start-up writes are already kept when a test begins.
struct WindowOnStandInStorage {
    StandInStorage storage;  // first: outlives the window that calls it
    UiHarness ui;

    explicit WindowOnStandInStorage(const char* name, int widthPx = 1366, int heightPx = 768)
        : ui(testDatabase(name), options(storage, widthPx, heightPx)) {
        storage.answer(true);
        ui.frames(2);
    }
    static HarnessOptions options(StandInStorage& storage, int widthPx, int heightPx) {
        HarnessOptions options;
        options.whenPersisted = storage.function();
        options.widthPx = widthPx;
        options.heightPx = heightPx;
        return options;
    }
};

}  // namespace

TEST_CASE("a help request says saved only once the browser kept it, and closes after a refusal once a copy is kept") {
    WindowOnStandInStorage window("storage-help-request");
    UiHarness& ui = window.ui;
    StandInStorage& storage = window.storage;
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
    WindowOnStandInStorage window("storage-any-write");
    UiHarness& ui = window.ui;
    StandInStorage& storage = window.storage;
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

namespace {

// Logs an anonymous help request through the form, as a coach does, and returns which
// copy the save asked for (drafts written while typing ask for copies of their own).
std::size_t logHelpRequest(UiHarness& ui, StandInStorage& storage) {
    ui.pressCtrl('N');
    REQUIRE(ui.shell().route() == Route::HelpRequestForm);
    ui.click("help.category." + ui.shell().helpRequestForm.state.categories.front().id);
    ui.click("help.duration.15");
    const std::size_t before = storage.copiesAskedFor.size();
    ui.click("help.save");
    // One copy for the save: the end of its frame does not ask a second one.
    CHECK(storage.copiesAskedFor.size() == before + 1);
    return before;
}

}  // namespace

TEST_CASE("after a refused copy the coach may go on, and the notice stays until a copy is kept") {
    WindowOnStandInStorage window("storage-go-on", 360, 740);  // a phone: the form hides the tabs
    UiHarness& ui = window.ui;
    StandInStorage& storage = window.storage;
    const int64_t before = helpRequestCount(ui.store());
    logHelpRequest(ui, storage);
    storage.answer(false);
    ui.frames(2);
    ui.screenshot("storage_refused_help_request_360x740");
    ui.click("help.store_leave");
    CHECK(ui.shell().route() == Route::Today);
    CHECK(ui.isShown("shell.storage_retry"));
    CHECK(helpRequestCount(ui.store()) == before + 1);
}

TEST_CASE("the answer for an earlier save does not close the form of the next request") {
    WindowOnStandInStorage window("storage-next-request");
    UiHarness& ui = window.ui;
    StandInStorage& storage = window.storage;
    const std::size_t firstSave = logHelpRequest(ui, storage);
    REQUIRE(ui.shell().helpRequestForm.state.storing == StoringSaved::Waiting);
    // The coach goes straight on to the next request while the first is being copied.
    logHelpRequest(ui, storage);
    REQUIRE(ui.shell().helpRequestForm.state.storing == StoringSaved::Waiting);
    storage.answerCopy(firstSave, true);  // the first request's copy: not this form's
    ui.frames(2);
    CHECK(ui.shell().route() == Route::HelpRequestForm);
    CHECK(ui.shell().helpRequestForm.state.storing == StoringSaved::Waiting);
    storage.answer(true);
    ui.frames(2);
    CHECK(ui.shell().route() == Route::Today);
}
