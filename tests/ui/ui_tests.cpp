// UI tests: the field app driven through real frames under a headless X server.
#include "tests/ui/harness.hpp"

#include "app/i18n.hpp"
#include "app/theme.hpp"
#include "app/ui_probe.hpp"
#include "model/demo_data.hpp"

#include <doctest/doctest.h>
#include <imgui.h>

#include <filesystem>

using namespace dc;
using dc::app::Route;
using dc::uitest::testDatabase;
using dc::uitest::UiHarness;

namespace {

int64_t helpRequestCount(Store& store) { return static_cast<int64_t>(store.all<HelpRequest>().size()); }

const HelpRequest& newestHelpRequest(const std::vector<HelpRequest>& all) { return all.back(); }

}  // namespace

TEST_CASE("the window opens with Today, the participant list and the help request list showing demo data") {
    UiHarness ui(testDatabase("first-milestone"));
    CHECK(ui.shell().route() == Route::Today);
    CHECK(ui.isShown("today.new_help_request"));
    CHECK(ui.isShown("nav.participants"));

    ui.click("nav.participants");
    CHECK(ui.shell().route() == Route::Participants);
    const std::vector<std::string> rows = app::probe::namesWithPrefix("participants.row.");
    REQUIRE_FALSE(rows.empty());
    const std::string firstId = rows.front().substr(std::string("participants.row.").size());
    CHECK(ui.store().exists<Participant>(firstId));

    ui.click("nav.help_requests");
    CHECK(ui.shell().route() == Route::HelpRequests);
    // Step back until a day with demo requests; the list must show exactly that day's requests.
    for (int day = 0; day < 30 && ui.shell().helpRequests.state.rows.empty(); ++day) ui.click("help_requests.previous_day");
    const auto& list = ui.shell().helpRequests.state;
    REQUIRE_FALSE(list.rows.empty());
    CHECK(list.rows.size() == ui.shell().services().helpRequests.onDate(list.date).size());
}

TEST_CASE("a home-visit help request logged from Today reaches the store in at most 8 interactions") {
    UiHarness ui(testDatabase("log-help-request"));
    const int64_t before = helpRequestCount(ui.store());
    ui.interactions = 0;

    ui.click("today.new_help_request");
    REQUIRE(ui.shell().route() == Route::HelpRequestForm);
    if (ui.shell().helpRequestForm.state.request.channel != "home") ui.click("help.channel.home");
    const std::vector<CategoryChoice>& categories = ui.shell().helpRequestForm.state.categories;
    REQUIRE_FALSE(categories.empty());
    const std::string categoryId = categories.front().id;
    ui.click("help.category." + categoryId);
    ui.click("help.duration.30");
    ui.type("help.notes", "itsme ingesteld op nieuwe gsm");
    ui.click("help.save");

    CHECK(ui.interactions <= 8);
    REQUIRE(helpRequestCount(ui.store()) == before + 1);
    const std::vector<HelpRequest> all = ui.store().all<HelpRequest>();
    const HelpRequest& saved = newestHelpRequest(all);
    CHECK(saved.channel == "home");
    CHECK(saved.categoryId == categoryId);
    CHECK(saved.durationMinutes == 30);
    CHECK(saved.notes == "itsme ingesteld op nieuwe gsm");
    CHECK_FALSE(saved.participantId.has_value());
    CHECK(ui.shell().route() == Route::Today);
    // The new request is listed among today's entries.
    bool listed = false;
    for (const HelpRequestRow& row : ui.shell().today.state.todaysRequests) listed = listed || row.id == saved.meta.id;
    CHECK(listed);
}

TEST_CASE("a help request without a category is refused with the model's message and nothing is stored") {
    UiHarness ui(testDatabase("refused-help-request"));
    const int64_t before = helpRequestCount(ui.store());
    ui.click("today.new_help_request");
    ui.click("help.save");
    CHECK(helpRequestCount(ui.store()) == before);
    CHECK(ui.shell().route() == Route::HelpRequestForm);
    bool reported = false;
    for (const Problem& p : ui.shell().helpRequestForm.state.problems)
        reported = reported || p.messageKey == "problem.category_required";
    CHECK(reported);
    ui.screenshot("help_request_refused_1366x768");
}

TEST_CASE("a half-filled help request is on disk within a second and comes back as a draft at the next start") {
    UiHarness ui(testDatabase("draft"));
    ui.click("today.new_help_request");
    ui.click("help.duration.60");
    ui.type("help.notes", "Tax-on-web, nog niet klaar");
    // The draft is written at most once a second: let a second pass, then draw a frame.
    ui.clock().advanceMs(1500);
    ui.frames(2);
    // A crash now would lose nothing: another connection already reads the draft from the file.
    {
        Store other = Store::open(ui.store().db().path());
        REQUIRE(other.unlock(uitest::kHarnessPassphrase));
        const std::optional<std::string> onDisk = other.secretSetting("draft.help_request");
        REQUIRE(onDisk.has_value());
        CHECK(onDisk->find("Tax-on-web, nog niet klaar") != std::string::npos);
    }

    ui.restartShell();
    CHECK(ui.shell().route() == Route::Today);
    REQUIRE(ui.shell().today.state.draftWaiting);
    ui.click("today.resume_draft");
    REQUIRE(ui.shell().route() == Route::HelpRequestForm);
    const HelpRequest& restored = ui.shell().helpRequestForm.state.request;
    CHECK(restored.notes == "Tax-on-web, nog niet klaar");
    CHECK(restored.durationMinutes == 60);
    CHECK(ui.shell().helpRequestForm.state.restoredFromDraft);
}

TEST_CASE("Ctrl+N opens a new help request and Ctrl+F from another screen jumps to the participant search") {
    UiHarness ui(testDatabase("shortcuts"));
    ui.pressCtrl('N');
    CHECK(ui.shell().route() == Route::HelpRequestForm);
    // Inside a form Ctrl+F searches the form's own picker (tests/ui/keyboard_tests.cpp).
    ui.click("nav.today");
    ui.pressCtrl('F');
    CHECK(ui.shell().route() == Route::Participants);
    // The search field has keyboard focus: typed text lands in it without a click.
    ImGuiIO& io = ImGui::GetIO();
    io.AddInputCharactersUTF8("zz");
    ui.frames(2);
    CHECK(ui.shell().participants.state.query == "zz");
}

TEST_CASE("lending a device that another coach lent in the meantime is refused with the model's message") {
    UiHarness ui(testDatabase("lend-refused"));
    ui.click("nav.devices");
    ui.click("devices.filter.available");
    const std::vector<std::string> lendButtons = app::probe::namesWithPrefix("devices.lend.");
    REQUIRE_FALSE(lendButtons.empty());
    const std::string deviceId = lendButtons.front().substr(std::string("devices.lend.").size());
    ui.click(lendButtons.front());
    REQUIRE(ui.shell().devices.state.mode == app::DevicesState::Mode::HandOut);

    // Meanwhile the same device goes out through another path.
    const Participant someone = ui.store().all<Participant>().front();
    DeviceHandout other;
    other.deviceId = deviceId;
    other.participantId = someone.meta.id;
    other.handedOutOn = ui.shell().services().today();
    other.dueOn = addDays(other.handedOutOn, 14);
    REQUIRE(ui.shell().services().devices.handOut(other).ok());

    ui.type("handout.participant.search", someone.pseudonym);
    const std::vector<std::string> results = app::probe::namesWithPrefix("handout.participant.result.");
    REQUIRE_FALSE(results.empty());
    ui.click(results.front());
    ui.click("handout.save");
    bool refused = false;
    for (const Problem& p : ui.shell().devices.state.problems)
        refused = refused || p.messageKey == "problem.device_already_out" || p.messageKey == "problem.device_not_available";
    CHECK(refused);
    CHECK(ui.shell().devices.state.mode == app::DevicesState::Mode::HandOut);
}

TEST_CASE("a long inventory is listed a page at a time and 'show more' adds the next page") {
    UiHarness ui(testDatabase("long-inventory"));
    // The 30 demo devices and 60 more: two pages of 50.
    std::vector<std::string> added;
    for (int i = 0; i < 60; ++i) {
        Device d;
        d.model = "Dell Latitude 5490";
        d.assetTag = "D09-" + std::to_string(1000 + i);
        REQUIRE(ui.shell().services().devices.save(d).ok());
        added.push_back(d.meta.id);
    }
    ++ui.shell().services().dataVersion;
    ui.click("nav.devices");
    REQUIRE(ui.shell().devices.state.devices.size() == 90);
    // Listed in insertion order: the first page ends with the 20th added device.
    CHECK(ui.isShown("devices.lend." + added[19]));
    CHECK_FALSE(ui.isShown("devices.lend." + added[20]));
    for (const auto& [width, height] : {std::pair{360, 740}, std::pair{800, 1280}, std::pair{1366, 768}}) {
        ui.resize(width, height);
        ui.screenshot("devices-long-inventory-" + std::to_string(width) + "x" + std::to_string(height));
    }
    ui.click("devices.show_more");
    CHECK(ui.isShown("devices.lend." + added[59]));
    CHECK_FALSE(ui.isShown("devices.show_more"));  // everything is listed now
}

TEST_CASE("a group session is created, a registered participant checked in with one tap and walk-ins counted") {
    UiHarness ui(testDatabase("session"));
    ui.click("today.start_session");
    REQUIRE(ui.shell().route() == Route::GroupSessions);
    ui.type("session.theme", "Veilige wachtwoorden");
    ui.click("session.save");
    REQUIRE(ui.shell().groupSessions.state.mode == app::GroupSessionsState::Mode::Attendance);
    const std::string sessionId = ui.shell().groupSessions.state.selectedId;

    // A person of the test's own, not one from the demo data: demo pseudonyms repeat and
    // some demo people are forgotten, whom the picker never offers.
    Participant someone;
    someone.pseudonym = "Aanwezige Testdeelnemer";
    someone.consentDate = ui.shell().services().today();
    someone.consentScopes = {"store"};
    REQUIRE(ui.shell().services().participants.save(someone).ok());
    ++ui.shell().services().dataVersion;
    ui.type("sessions.check_in.search", someone.pseudonym);
    CHECK(ui.shell().groupSessions.state.picker.query == someone.pseudonym);
    ui.click("sessions.check_in.result." + someone.meta.id);
    ui.click("sessions.anonymous_plus");
    ui.click("sessions.anonymous_plus");

    const std::vector<Attendance> present = ui.shell().services().sessions.attendance(sessionId);
    REQUIRE(present.size() >= 1);
    bool found = false;
    for (const Attendance& a : present) found = found || a.participantId == someone.meta.id;
    CHECK(found);
    CHECK(ui.store().find<GroupSession>(sessionId)->anonymousCount == 2);
}

TEST_CASE("participant type-ahead over 20,000 participants narrows with each letter to what a full search finds") {
    // How fast each keystroke is, is measured by bench/store_bench, not here.
    uitest::HarnessOptions options;
    options.demoParticipants = 20000;
    options.demoHelpRequests = 2000;
    UiHarness ui(testDatabase("twenty-thousand"), options);
    ui.click("nav.participants");
    const auto& state = ui.shell().participants.state;
    REQUIRE(state.all.size() >= 20000);
    ui.click("participants.search");
    std::size_t previousMatches = state.all.size();
    for (const char* letter : {"m", "a", "r"}) {
        ImGui::GetIO().AddInputCharactersUTF8(letter);
        ui.frames(1);
        CHECK(state.matches.size() <= previousMatches);
        previousMatches = state.matches.size();
    }
    CHECK(state.query == "mar");
    ui.frames(1);  // the list is searched at the start of the frame after the letter is typed
    CHECK_FALSE(state.matches.empty());
    CHECK(state.matches == searchParticipants(state.all, state.query));
}

TEST_CASE("language and text size chosen in Settings apply at once and are remembered") {
    UiHarness ui(testDatabase("settings"));
    ui.click("nav.settings");
    const float fontBefore = ImGui::GetFontSize();
    ui.click("settings.language.en");
    CHECK(ui.shell().appearance().language == "en");
    CHECK(std::string(app::tr("nav.settings")) == "Settings");
    ui.click("settings.text_size.150");
    CHECK(ui.shell().appearance().textScalePercent == 150);
    CHECK(ImGui::GetFontSize() == doctest::Approx(fontBefore * 1.5f));
    ui.click("settings.theme.dark");
    ui.screenshot("settings_english_150_dark_1366x768");

    ui.restartShell();
    CHECK(ui.shell().appearance().language == "en");
    CHECK(ui.shell().appearance().textScalePercent == 150);
    CHECK(ui.shell().appearance().theme == "dark");
    // Back to the default so the translator is Dutch again for the other tests.
    ui.click("nav.settings");
    ui.click("settings.language.nl");
    CHECK(std::string(app::tr("nav.settings")) == "Instellingen");
}

TEST_CASE("an idle window draws no frames until input or its heartbeat") {
    platform::WindowOptions options;
    options.offscreen = true;
    options.widthPx = 360;
    options.heightPx = 740;
    options.idleTimeoutSeconds = 0.3;
    platform::Window window(options);
    auto drawEmptyFrame = [&] {
        window.beginFrame();
        window.endFrame();
    };
    // Frames owed at start (and after input) are drawn without waiting.
    while (window.framesOwed() > 0) {
        window.waitUntilFrameNeeded();
        drawEmptyFrame();
    }
    CHECK(window.idleWaits() == 0);
    // With nothing owed the window sleeps for events; the heartbeat or an event ends it.
    window.waitUntilFrameNeeded();
    CHECK(window.idleWaits() == 1);
    CHECK(window.framesOwed() == 1);  // the heartbeat frame

    drawEmptyFrame();
    platform::noteInputActivity();
    window.waitUntilFrameNeeded();
    CHECK(window.framesOwed() > 1);  // input buys a few frames to settle hover and press states
}

TEST_CASE("a help request for a chosen participant takes the person's neighbourhood when none was set") {
    UiHarness ui(testDatabase("help-for-participant"));
    Participant withNeighbourhood;
    for (const Participant& p : ui.store().all<Participant>())
        if (p.neighbourhoodId) {
            withNeighbourhood = p;
            break;
        }
    REQUIRE(withNeighbourhood.neighbourhoodId.has_value());
    ui.click("today.new_help_request");
    ui.click("help.neighbourhood.none");
    REQUIRE_FALSE(ui.shell().helpRequestForm.state.request.neighbourhoodId.has_value());
    ui.type("help.participant.search", withNeighbourhood.pseudonym);
    ui.click("help.participant.result." + withNeighbourhood.meta.id);
    const HelpRequest& draft = ui.shell().helpRequestForm.state.request;
    CHECK(draft.participantId == withNeighbourhood.meta.id);
    CHECK(draft.neighbourhoodId == withNeighbourhood.neighbourhoodId);
}

TEST_CASE("an encrypted database opens on the unlock prompt and a wrong passphrase keeps it locked") {
    uitest::HarnessOptions options;
    options.passphrase = "fietsbel-op-de-kaai";
    options.locked = true;
    UiHarness ui(testDatabase("locked"), options);
    CHECK_FALSE(ui.showsShell());
    CHECK(ui.isShown("unlock.passphrase"));
    ui.screenshot("unlock_1366x768");

    ui.type("unlock.passphrase", "verkeerd");
    ui.click("unlock.submit");
    ui.framesUntil([&] { return !ui.session().unlockScreen()->state.unlocking; }, "the passphrase checked");
    CHECK(ui.session().unlockScreen()->state.wrongPassphrase);
    CHECK_FALSE(ui.showsShell());
    CHECK(ui.store().protection() == Protection::Locked);

    ui.type("unlock.passphrase", "fietsbel-op-de-kaai");
    ui.click("unlock.submit");
    ui.framesUntil([&] { return ui.showsShell(); }, "unlocked");
    CHECK(ui.store().protection() == Protection::Unlocked);
    ui.click("nav.participants");
    const std::vector<std::string> rows = app::probe::namesWithPrefix("participants.row.");
    REQUIRE_FALSE(rows.empty());
    // Pseudonyms are readable again once unlocked.
    CHECK_FALSE(ui.shell().participants.state.all.front().pseudonym.empty());
}

TEST_CASE("a database damaged in the middle opens on the prompt, then shows as damaged and nothing is written to it") {
    uitest::HarnessOptions options;
    options.locked = true;
    options.checkFileAfterFirstFrame = true;
    options.damagedInTheMiddle = true;
    const std::string path = testDatabase("damaged-middle");
    UiHarness ui(path, options);
    ui.framesUntil([&] { return ui.session().fileDamaged(); }, "the whole-file check after the first frame");
    ui.frames(1);
    CHECK(ui.isShown("damaged.explanation"));
    CHECK_FALSE(ui.isShown("unlock.passphrase"));
    CHECK_FALSE(ui.showsShell());
    CHECK(ui.store().writesRefused());
    CHECK_THROWS_AS(ui.store().setSetting("language", "en"), DatabaseError);
    // Every write goes to the log first: an empty log is a file nothing was written to.
    CHECK(std::filesystem::file_size(path + "-wal") == 0);
    ui.screenshot("damaged_1366x768");
}

TEST_CASE("a locked database checked after the first frame unlocks once the check found it whole") {
    uitest::HarnessOptions options;
    options.passphrase = "fietsbel-op-de-kaai";
    options.locked = true;
    options.checkFileAfterFirstFrame = true;
    UiHarness ui(testDatabase("checked-later"), options);
    ui.type("unlock.passphrase", "fietsbel-op-de-kaai");
    ui.click("unlock.submit");
    ui.framesUntil([&] { return ui.showsShell(); }, "unlocked after the check");
    CHECK_FALSE(ui.session().fileDamaged());
    CHECK_FALSE(ui.store().writesRefused());
}

TEST_CASE("Settings refuse a short or mistyped passphrase and encrypt the data with a good one") {
    uitest::HarnessOptions unprotected;
    unprotected.passphrase.clear();
    UiHarness ui(testDatabase("protect"), unprotected);
    REQUIRE(ui.store().protection() == Protection::None);
    // A database from an older version: the first-start prompt may be put off once.
    ui.click("first_start.later");
    ui.click("nav.settings");
    ui.type("settings.passphrase_new", "kort");
    ui.type("settings.passphrase_repeat", "kort");
    ui.click("settings.passphrase_apply");
    CHECK(ui.shell().settings.state.passphraseMessageKey == std::string("settings.passphrase_too_short"));
    CHECK(ui.store().protection() == Protection::None);

    ui.type("settings.passphrase_new", "lange wachtwoordzin");
    ui.type("settings.passphrase_repeat", "lange wachtwoordzín");
    ui.click("settings.passphrase_apply");
    CHECK(ui.shell().settings.state.passphraseMessageKey == std::string("settings.passphrase_mismatch"));

    ui.type("settings.passphrase_new", "lange wachtwoordzin");
    ui.type("settings.passphrase_repeat", "lange wachtwoordzin");
    ui.click("settings.passphrase_apply");
    // The key is derived off the UI thread: the screen says so while frames go on.
    CHECK(ui.shell().settings.state.passphraseWorking);
    CHECK(ui.isShown("settings.passphrase_working"));
    CHECK(ui.framesUntil([&] { return !ui.shell().settings.state.passphraseWorking; }, "passphrase set") >= 1);
    CHECK(ui.shell().settings.state.passphraseMessageKey == std::string("settings.passphrase_set"));
    CHECK(ui.store().protection() == Protection::Unlocked);
    CHECK(ui.shell().settings.state.newPassphrase.empty());
}

TEST_CASE("Settings change the passphrase off the UI thread, refuse a wrong current one, and unlock with the new one") {
    UiHarness ui(testDatabase("change-passphrase"));
    ui.click("nav.settings");
    auto change = [&](const char* current, const char* next) {
        ui.type("settings.passphrase_current", current);
        ui.type("settings.passphrase_new", next);
        ui.type("settings.passphrase_repeat", next);
        ui.click("settings.passphrase_apply");
        ui.framesUntil([&] { return !ui.shell().settings.state.passphraseWorking; }, "passphrase checked");
        return std::string(ui.shell().settings.state.passphraseMessageKey);
    };
    CHECK(change("niet de huidige", "nieuwe wachtwoordzin") == "settings.passphrase_wrong");
    CHECK(change(uitest::kHarnessPassphrase, "nieuwe wachtwoordzin") == "settings.passphrase_changed");
    Store other = Store::open(ui.store().db().path());
    CHECK_FALSE(other.unlock(uitest::kHarnessPassphrase));
    CHECK(other.unlock("nieuwe wachtwoordzin"));
}
