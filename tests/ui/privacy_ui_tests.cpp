// The privacy features in the app, driven through real frames: the first-start
// passphrase, the idle lock, consent before personal fields, forget and export.
#include "tests/ui/harness.hpp"

#include "app/imgui_ext.hpp"
#include "app/ui_probe.hpp"
#include "model/privacy.hpp"

#include <doctest/doctest.h>
#include <imgui.h>

#include <filesystem>
#include <fstream>

using namespace dc;
using dc::app::Route;
using dc::uitest::UiHarness;
namespace fs = std::filesystem;

namespace {

std::string testDatabase(const char* name) { return uitest::testDatabase(std::string("privacy-") + name); }

struct Size {
    int width, height;
    std::string name() const { return std::to_string(width) + "x" + std::to_string(height); }
};
constexpr Size kSizes[] = {{360, 740}, {800, 1280}, {1366, 768}};

// Saves the current screen at the three sizes and comes back to the laptop size.
void screenshotsAtEverySize(UiHarness& ui, const std::string& name) {
    for (const Size& size : kSizes) {
        ui.resize(size.width, size.height);
        CHECK(fs::file_size(ui.screenshot(name + "_" + size.name())) > 1000);
    }
}

std::string readText(const fs::path& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// A consenting participant with a help request whose note names them.
std::string addPersonWithHistory(UiHarness& ui, const std::string& pseudonym) {
    app::AppServices& services = ui.shell().services();
    Participant p;
    p.pseudonym = pseudonym;
    p.phone = "0470 55 66 77";
    p.notes = "Woont naast de bakker";
    p.consentDate = services.today();
    p.consentScopes = {"store", "contact"};
    REQUIRE(services.participants.save(p).ok());
    HelpRequest h = services.helpRequests.draftWithDefaults();
    h.participantId = p.meta.id;
    h.categoryId = services.helpRequests.categoryChoices().front().id;
    h.notes = "Pincode van " + pseudonym;
    REQUIRE(services.helpRequests.save(h).ok());
    ++services.dataVersion;
    return p.meta.id;
}

void openParticipant(UiHarness& ui, const std::string& pseudonym, const std::string& id) {
    ui.click("nav.participants");
    ui.type("participants.search", pseudonym);
    ui.click("participants.row." + id);
    REQUIRE(ui.shell().participants.state.mode == app::ParticipantsState::Mode::Detail);
    REQUIRE(ui.shell().participants.state.selectedId == id);
}

// Ten quiet minutes lock the app (the default); the coach then unlocks it again.
void lockByIdleTimeAndUnlock(UiHarness& ui) {
    ui.clock().advanceMs(10 * 60'000);
    ui.frames(2);
    REQUIRE_FALSE(ui.showsShell());
    ui.type("unlock.passphrase", uitest::kHarnessPassphrase);
    ui.click("unlock.submit");
    ui.framesUntil([&] { return ui.showsShell(); }, "unlocked");
}

}  // namespace

TEST_CASE("a new database opens on the first-start screen, which warns about a forgotten passphrase and insists on one") {
    uitest::HarnessOptions fresh;
    fresh.demoData = false;
    fresh.passphrase.clear();
    UiHarness ui(testDatabase("first-start"), fresh);
    CHECK_FALSE(ui.showsShell());
    REQUIRE(ui.session().firstStart() != nullptr);
    // Said before the passphrase is set: what is synced can come back, what is not is lost.
    CHECK(ui.isShown("first_start.synced_recoverable"));
    CHECK(ui.isShown("first_start.unsynced_lost"));
    // Nothing with personal data is reachable, and a new database cannot skip this.
    CHECK_FALSE(ui.isShown("nav.participants"));
    CHECK_FALSE(ui.isShown("first_start.later"));
    screenshotsAtEverySize(ui, "first_start");
    ui.setTextScale(200);
    ui.resize(360, 740);
    ui.screenshot("first_start_360x740_200");
    ui.setTextScale(100);
    ui.resize(1366, 768);
    REQUIRE(ui.session().firstStart() != nullptr);

    ui.type("first_start.passphrase", "kort");
    ui.type("first_start.passphrase_repeat", "kort");
    ui.click("first_start.protect");
    CHECK(ui.session().firstStart()->state.problemKey == std::string("settings.passphrase_too_short"));
    CHECK(ui.store().protection() == Protection::None);

    ui.type("first_start.passphrase", "lange wachtwoordzin");
    ui.type("first_start.passphrase_repeat", "lange wachtwoordzín");
    ui.click("first_start.protect");
    CHECK(ui.session().firstStart()->state.problemKey == std::string("settings.passphrase_mismatch"));
    CHECK(ui.session().firstStart()->state.passphrase.empty());  // wiped after every attempt
    CHECK_FALSE(ui.showsShell());

    ui.type("first_start.passphrase", "lange wachtwoordzin");
    ui.type("first_start.passphrase_repeat", "lange wachtwoordzin");
    ui.click("first_start.protect");
    // The key is derived off the UI thread (about a second on purpose): frames go on,
    // and the screen says what is happening instead of freezing.
    REQUIRE(ui.session().firstStart() != nullptr);
    CHECK(ui.session().firstStart()->state.protecting);
    CHECK(ui.isShown("first_start.protecting"));
    CHECK_FALSE(ui.isShown("first_start.protect"));
    const int framesWhileDeriving = ui.framesUntil([&] { return ui.showsShell(); }, "protected");
    CHECK(framesWhileDeriving >= 1);
    CHECK(ui.store().protection() == Protection::Unlocked);
    CHECK_FALSE(app::imgui_ext::textFieldStateHolds("lange wachtwoordzin"));
    // Another connection to the file (as after a restart) finds it locked, and the passphrase opens it.
    Store other = Store::open(ui.store().db().path());
    CHECK(other.protection() == Protection::Locked);
    CHECK(other.unlock("lange wachtwoordzin"));
}

TEST_CASE("an unencrypted database from an older version is asked to protect itself and may put it off until the next start") {
    uitest::HarnessOptions older;
    older.passphrase.clear();
    older.demoParticipants = 20;
    older.demoHelpRequests = 40;
    UiHarness ui(testDatabase("older"), older);
    REQUIRE(ui.session().firstStart() != nullptr);
    CHECK(ui.session().firstStart()->mayPostpone());
    CHECK(ui.isShown("first_start.unsynced_lost"));
    ui.screenshot("first_start_existing_1366x768");
    ui.click("first_start.later");
    REQUIRE(ui.showsShell());
    CHECK(ui.store().protection() == Protection::None);
    // Nothing to lock with: the idle lock cannot happen.
    CHECK_FALSE(ui.session().secondsUntilLock().has_value());

    ui.restartShell();
    CHECK_FALSE(ui.showsShell());
    CHECK(ui.isShown("first_start.protect"));
}

TEST_CASE("after ten idle minutes on the clock the app locks, and unlocking returns to the form with its draft") {
    UiHarness ui(testDatabase("auto-lock"));
    ui.click("today.new_help_request");
    ui.type("help.notes", "Burgerprofiel: wachtwoord vergeten");
    REQUIRE(ui.shell().route() == Route::HelpRequestForm);
    // The default is ten minutes from the last input; the main loop's wait is told so.
    REQUIRE(ui.session().secondsUntilLock().has_value());
    CHECK(*ui.session().secondsUntilLock() == doctest::Approx(600));

    ui.clock().advanceMs(9 * 60'000);
    ui.frames(2);
    CHECK(ui.showsShell());
    CHECK(*ui.session().secondsUntilLock() == doctest::Approx(60));
    // Input starts the idle time again.
    ui.click("help.duration.30");
    CHECK(*ui.session().secondsUntilLock() == doctest::Approx(600));
    ui.clock().advanceMs(9 * 60'000);
    ui.frames(2);
    CHECK(ui.showsShell());

    ui.clock().advanceMs(61'000);
    ui.frames(2);
    CHECK_FALSE(ui.showsShell());
    CHECK(ui.store().protection() == Protection::Locked);
    CHECK(ui.isShown("unlock.passphrase"));
    CHECK(ui.session().unlockScreen()->state.afterIdle);
    // (The prompt's own field has already reused the first characters of the buffer.)
    CHECK_FALSE(app::imgui_ext::textFieldStateHolds("profiel: wachtwoord vergeten"));
    ui.resize(360, 740);
    ui.screenshot("unlock_after_idle_360x740");
    ui.resize(1366, 768);
    // The draft was written before the lock, encrypted.
    {
        Store other = Store::open(ui.store().db().path());
        CHECK_THROWS_AS(other.secretSetting("draft.help_request"), StoreLockedError);
        REQUIRE(other.unlock(uitest::kHarnessPassphrase));
        CHECK(other.secretSetting("draft.help_request")->find("Burgerprofiel") != std::string::npos);
    }

    ui.type("unlock.passphrase", uitest::kHarnessPassphrase);
    ui.click("unlock.submit");
    ui.framesUntil([&] { return ui.showsShell(); }, "unlocked");
    CHECK_FALSE(app::imgui_ext::textFieldStateHolds(uitest::kHarnessPassphrase));
    CHECK(ui.shell().route() == Route::HelpRequestForm);
    const HelpRequest& restored = ui.shell().helpRequestForm.state.request;
    CHECK(restored.notes == "Burgerprofiel: wachtwoord vergeten");
    CHECK(restored.durationMinutes == 30);
    CHECK_FALSE(ui.shell().today.state.draftWaiting);
    // The timer starts again from the unlock.
    CHECK(*ui.session().secondsUntilLock() == doctest::Approx(600));
}

TEST_CASE("a person's form being edited comes back after an idle lock, and 'never' in Settings keeps the app open") {
    UiHarness ui(testDatabase("auto-lock-edit"));
    const std::string id = addPersonWithHistory(ui, "Rita Slotvast");
    openParticipant(ui, "Rita Slotvast", id);
    ui.click("participants.detail.edit");
    ui.type("participant.notes", " en de apotheek");
    lockByIdleTimeAndUnlock(ui);
    CHECK(ui.shell().route() == Route::Participants);
    REQUIRE(ui.shell().participants.state.mode == app::ParticipantsState::Mode::Edit);
    CHECK(ui.shell().participants.state.form.participant.meta.id == id);
    CHECK(ui.shell().participants.state.form.participant.notes.find("en de apotheek") != std::string::npos);
    // Nothing was saved by the lock itself: the edit is still the coach's to save or cancel.
    CHECK(ui.store().find<Participant>(id)->notes == "Woont naast de bakker");

    ui.click("participant.cancel");
    ui.click("nav.settings");
    ui.click("settings.auto_lock.0");
    CHECK_FALSE(ui.session().secondsUntilLock().has_value());
    ui.clock().advanceMs(120 * 60'000);
    ui.frames(2);
    CHECK(ui.showsShell());
    ui.click("settings.auto_lock.5");
    CHECK(*ui.session().secondsUntilLock() == doctest::Approx(300));
    for (const Size& size : kSizes) {
        ui.resize(size.width, size.height);
        ui.click("settings.auto_lock.5");  // scrolled into view at this size
        ui.screenshot("settings_auto_lock_" + size.name());
    }
}

TEST_CASE("personal fields cannot be typed or saved before consent to store data, and are saved after it") {
    UiHarness ui(testDatabase("consent"));
    const std::size_t before = ui.store().all<Participant>().size();
    ui.click("nav.participants");
    ui.click("participants.new");
    REQUIRE(ui.shell().participants.state.mode == app::ParticipantsState::Mode::Edit);
    screenshotsAtEverySize(ui, "participant_form_before_consent");
    ui.setTextScale(200);
    ui.resize(360, 740);
    ui.shell().navigate(Route::Participants);
    ui.frames(2);
    ui.click("participants.new");
    ui.screenshot("participant_form_before_consent_360x740_200");
    ui.setTextScale(100);
    ui.resize(1366, 768);
    ui.click("nav.participants");
    ui.click("participants.new");
    REQUIRE(ui.shell().participants.state.mode == app::ParticipantsState::Mode::Edit);
    const Participant& form = ui.shell().participants.state.form.participant;

    ui.type("participant.pseudonym", "Roos Zondertoestemming");
    ui.type("participant.phone", "0470 11 22 33");
    CHECK(form.pseudonym.empty());
    CHECK(form.phone.empty());
    ui.click("participant.save");
    bool refused = false;
    for (const Problem& p : ui.shell().participants.state.form.problems)
        refused = refused || p.messageKey == "problem.store_consent_required";
    CHECK(refused);
    CHECK(ui.store().all<Participant>().size() == before);

    ui.click("participant.consent.store");
    CHECK(form.consentDate == ui.shell().services().today());  // the date follows the consent
    ui.type("participant.pseudonym", "Roos Mettoestemming");
    ui.type("participant.phone", "0470 11 22 33");
    CHECK(form.pseudonym == "Roos Mettoestemming");
    ui.click("participant.save");
    REQUIRE(ui.store().all<Participant>().size() == before + 1);
    const std::string savedId = ui.shell().participants.state.selectedId;
    const Participant saved = *ui.store().find<Participant>(savedId);
    CHECK(saved.pseudonym == "Roos Mettoestemming");
    CHECK(saved.phone == "0470 11 22 33");
    CHECK(saved.consentScopes == IdList{"store"});
}

TEST_CASE("without consent the coach is sent to anonymous help, which the help form offers as a choice") {
    UiHarness ui(testDatabase("anonymous"));
    const std::size_t before = ui.store().all<HelpRequest>().size();
    ui.click("nav.participants");
    ui.click("participants.new");
    ui.click("participant.log_anonymously");
    REQUIRE(ui.shell().route() == Route::HelpRequestForm);
    CHECK_FALSE(ui.shell().helpRequestForm.state.request.participantId.has_value());
    CHECK(ui.isShown("help.participant.anonymous"));

    // Someone picked by mistake is taken off again with the Anonymous choice.
    const Participant someone = ui.store().all<Participant>().front();
    ui.type("help.participant.search", someone.pseudonym);
    ui.click("help.participant.result." + someone.meta.id);
    REQUIRE(ui.shell().helpRequestForm.state.request.participantId == someone.meta.id);
    ui.click("help.participant.anonymous");
    CHECK_FALSE(ui.shell().helpRequestForm.state.request.participantId.has_value());
    ui.click("help.category." + ui.shell().helpRequestForm.state.categories.front().id);
    ui.click("help.save");
    const std::vector<HelpRequest> all = ui.store().all<HelpRequest>();
    REQUIRE(all.size() == before + 1);
    CHECK_FALSE(all.back().participantId.has_value());
}

TEST_CASE("'forget this person' asks first, Escape keeps them, and confirming erases them here and queues it for the hub") {
    UiHarness ui(testDatabase("forget"));
    const std::string id = addPersonWithHistory(ui, "Georgette Vergeetmij");
    openParticipant(ui, "Georgette Vergeetmij", id);
    const int64_t outboxBefore = ui.store().outboxCount();

    ui.click("participants.detail.forget");
    REQUIRE(ui.isShown("participants.forget_confirm"));
    screenshotsAtEverySize(ui, "participant_forget_confirmation");
    ui.pressKey(ImGuiKey_Escape);
    CHECK_FALSE(ui.isShown("participants.forget_confirm"));
    CHECK(ui.store().find<Participant>(id)->pseudonym == "Georgette Vergeetmij");
    ui.click("participants.detail.forget");
    ui.click("participants.forget_cancel");
    CHECK_FALSE(ui.isShown("participants.forget_confirm"));
    CHECK(ui.store().find<Participant>(id)->pseudonym == "Georgette Vergeetmij");
    // By keyboard: the safe choice has the focus, so Space cancels; Down reaches Forget.
    ui.click("participants.detail.forget");
    ui.pressKey(ImGuiKey_Space);
    CHECK_FALSE(ui.isShown("participants.forget_confirm"));
    CHECK(ui.store().find<Participant>(id)->pseudonym == "Georgette Vergeetmij");
    ui.click("participants.detail.forget");
    ui.pressKey(ImGuiKey_DownArrow);
    ui.pressKey(ImGuiKey_Space);
    const Participant forgotten = *ui.store().find<Participant>(id);
    CHECK(forgotten.pseudonym.empty());
    CHECK(forgotten.phone.empty());
    CHECK(forgotten.notes.empty());
    CHECK(forgotten.erasedOn.has_value());
    // The help request stays, so the counts do, without its note.
    const std::vector<HelpRequest> help = ui.store().where<HelpRequest>("participant_id = ?", id);
    REQUIRE(help.size() == 1);
    CHECK(help.front().notes.empty());
    // The erasure is queued for the hub as the participant's new version.
    CHECK(ui.store().outboxCount() > outboxBefore);
    Statement queued = ui.store().db().prepare("SELECT count(*) FROM outbox WHERE record_type = 'participants' AND record_id = ? AND version = ?");
    queued.bind(1, id).bind(2, forgotten.meta.version);
    REQUIRE(queued.step());
    CHECK(queued.integer(0) == 1);
    // The detail view shows an erased person, who cannot be edited or forgotten again.
    CHECK_FALSE(ui.isShown("participants.detail.edit"));
    CHECK_FALSE(ui.isShown("participants.detail.forget"));
    ui.screenshot("participant_forgotten_1366x768");
}

TEST_CASE("an idle lock while the forget dialog is open closes it, and unlocking shows the person unchanged") {
    UiHarness ui(testDatabase("forget-lock"));
    const std::string id = addPersonWithHistory(ui, "Hilde Halfweg");
    openParticipant(ui, "Hilde Halfweg", id);
    ui.click("participants.detail.forget");
    REQUIRE(ui.isShown("participants.forget_confirm"));
    lockByIdleTimeAndUnlock(ui);
    CHECK(ui.shell().participants.state.mode == app::ParticipantsState::Mode::Detail);
    CHECK(ui.shell().participants.state.selectedId == id);
    CHECK_FALSE(ui.isShown("participants.forget_confirm"));
    CHECK(ui.store().find<Participant>(id)->pseudonym == "Hilde Halfweg");
}

TEST_CASE("'export this person' writes a JSON file named by date and id and shows where; a folder that cannot be made is reported") {
    UiHarness ui(testDatabase("export"));
    const std::string id = addPersonWithHistory(ui, "Xavier Inzage");
    openParticipant(ui, "Xavier Inzage", id);
    const fs::path folder = uitest::testFile("privacy-exports");
    fs::remove_all(folder);
    ui.shell().participants.state.exportFolder = folder;

    ui.click("participants.detail.export");
    const auto& state = ui.shell().participants.state;
    REQUIRE(state.exportedPath.has_value());
    CHECK_FALSE(state.exportFailure.has_value());
    const fs::path written = *state.exportedPath;
    CHECK(written.parent_path() == folder);
    CHECK(written.filename() == "digicoach-export-" + ui.shell().services().today() + "-" + id + ".json");
    REQUIRE(fs::exists(written));
    const nlohmann::json exported = nlohmann::json::parse(readText(written), nullptr, false);
    REQUIRE_FALSE(exported.is_discarded());
    CHECK(exported["participant"]["id"] == id);
    CHECK(exported["participant"]["data"]["pseudonym"] == "Xavier Inzage");
    CHECK(exported["help_requests"].size() == 1);
    screenshotsAtEverySize(ui, "participant_exported");

    // A regular file where the folder should be.
    const fs::path blocker = uitest::testFile("privacy-not-a-folder");
    std::ofstream(blocker) << "x";
    ui.shell().participants.state.exportFolder = blocker / "exports";
    ui.click("participants.detail.export");
    CHECK_FALSE(ui.shell().participants.state.exportedPath.has_value());
    REQUIRE(ui.shell().participants.state.exportFailure.has_value());
    ui.resize(360, 740);
    ui.screenshot("participant_export_failed_360x740");
    fs::remove(blocker);
    fs::remove_all(folder);
}
