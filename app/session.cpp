// The session: first start, unlock, the shell, and the idle lock.
#include "app/session.hpp"

#include "app/i18n.hpp"
#include "app/passphrase.hpp"
#include "app/theme.hpp"
#include "model/demo_data.hpp"
#include "platform/fonts.hpp"
#include "platform/window.hpp"

#include <imgui.h>

#include <algorithm>

namespace dc::app {
namespace {

// Anything a person did this frame: pointer, wheel, keys or typed text.
bool inputArrived(const ImGuiIO& io) {
    if (io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || io.MouseWheel != 0 || io.MouseWheelH != 0) return true;
    if (!io.InputQueueCharacters.empty()) return true;
    if (std::any_of(std::begin(io.MouseDown), std::end(io.MouseDown), [](bool down) { return down; })) return true;
    if (std::any_of(std::begin(io.KeysDown), std::end(io.KeysDown), [](bool down) { return down; })) return true;
    return io.KeyCtrl || io.KeyShift || io.KeyAlt || io.KeySuper;
}

}  // namespace

Session::Session(Store& store, const Clock& clock, std::filesystem::path i18nDirectory, SessionOptions options)
    : store_(store),
      clock_(clock),
      i18nDirectory_(std::move(i18nDirectory)),
      options_(std::move(options)),
      writesPersisted_(store.writesSeen()),
      jobs_(platform::wakeEventLoop) {
    switch (store_.protection()) {
        case Protection::Locked: unlock_.emplace(store_, jobs_); break;
        // A database from before first-start protection may go on once more; a new one may not.
        case Protection::None: firstStart_.emplace(store_, jobs_, hasFieldRecords(store_)); break;
        case Protection::Unlocked:
            // Only a caller that opened and unlocked the store itself gets here (tests): the
            // shell starts at once, and checking the file after it is that caller's part.
            options_.checkFileAfterFirstFrame.clear();
            startShell();
            break;
    }
}

Session::~Session() { flushDrafts(); }

void Session::flushDrafts() {
    if (shell_ && !damaged_) shell_->flushDrafts();
}

void Session::noteInput() { lastInputMs_ = clock_.nowMs(); }

bool Session::applyPromptAppearance() {
    if (promptAppearanceApplied_) return false;
    promptAppearanceApplied_ = true;
    // Language, size and theme are plain settings: the prompt already looks like the app.
    const AppearanceSettings appearance = readAppearance(store_);
    translator().load(i18nDirectory_, appearance.language);
    platform::loadUiFont(appearance.textScalePercent);
    applyTheme(appearance.theme, appearance.textScalePercent);
    return true;
}

void Session::checkFileOffTheUiThread() {
    fileCheckStarted_ = true;
    // Only the first-start and unlock screens can be showing, and the shell waits for the
    // answer (mayStartShell), so nothing is written before it.
    jobs_.run(
        [this, path = options_.checkFileAfterFirstFrame]() -> JobRunner::MainThreadStep {
            if (Store::wholeFileIntact(path)) return [this] { fileFoundWhole_ = true; };
            return [this] { showDamaged(); };
        },
        // A check that could not run (the file went away, an I/O error) is a damaged file too:
        // nothing may be written to what cannot be read back.
        [this](const std::string&) { showDamaged(); });
}

void Session::showDamaged() {
    store_.refuseWrites();
    // A key derivation queued behind the check would start the shell, or protect the file.
    jobs_.dropEveryResult();
    damaged_.emplace(options_.checkFileAfterFirstFrame);
}

void Session::startShell() {
    if (!shellStartedBefore_ && options_.beforeFirstShell) options_.beforeFirstShell(store_);
    shellStartedBefore_ = true;
    promptAppearanceApplied_ = true;  // the shell applies the same settings itself
    shell_ = std::make_unique<Shell>(store_, clock_, i18nDirectory_, jobs_);
    Shell& shell = *shell_;
    AppContext app{shell.services()};
    if (resume_) {
        if (resume_->helpRequestFormOpen) {
            if (!shell.helpRequestForm.resumeDraft(app)) shell.helpRequestForm.start(app);
            shell.today.setDraftWaiting(false);
        }
        shell.participants.resume(app, resume_->participantsMode, resume_->participantId);
        shell.navigate(resume_->route);
        resume_.reset();
    } else if (shell.participants.resumeEditedPerson(app)) {
        // The window was closed while locked in the middle of an edit: nothing is lost.
        shell.navigate(Route::Participants);
    }
    autoLockMinutes_ = shell.services().autoLockMinutes;
    shell.whenPersisted = [this](std::function<void(bool stored)> done) { persist(std::move(done)); };
    showStorageRefused(storageRefused_);
    noteInput();
}

void Session::persistWrites() {
    const int64_t writes = store_.writesSeen();
    if (writes != writesPersisted_) persist({});
}

void Session::persist(std::function<void(bool stored)> done) {
    // This copy holds everything written so far: the end of the frame need not ask again.
    writesPersisted_ = store_.writesSeen();
    options_.whenPersisted([this, alive = std::weak_ptr<int>(alive_), done = std::move(done)](bool stored) {
        if (alive.expired()) return;
        showStorageRefused(!stored);
        if (done) done(stored);
    });
}

void Session::showStorageRefused(bool refused) {
    storageRefused_ = refused;
    if (!shell_) return;
    shell_->retryRefusedStorage = nullptr;
    if (refused) shell_->retryRefusedStorage = [this] { persist({}); };
}

void Session::lock() {
    if (!shell_ || damaged_ || store_.protection() != Protection::Unlocked) return;
    Shell& shell = *shell_;
    ResumePoint point;
    point.route = shell.route();
    point.helpRequestFormOpen = shell.helpRequestForm.state.open;
    point.participantsMode = shell.participants.state.mode;
    point.participantId = shell.participants.state.selectedId;
    shell.participants.setAsideForm(shell.services());
    resume_ = point;
    // The shell writes its drafts as it goes; its sync worker stops and lets go of the key.
    shell_.reset();
    store_.lock();
    forgetTextFieldState();
    unlock_.emplace(store_, jobs_);
    unlock_->state.afterIdle = true;
}

std::optional<double> Session::secondsUntilLock() const {
    if (!shell_ || autoLockMinutes_ <= 0 || store_.protection() != Protection::Unlocked) return std::nullopt;
    const int64_t dueMs = lastInputMs_ + int64_t{autoLockMinutes_} * 60'000;
    return static_cast<double>(std::max<int64_t>(0, dueMs - clock_.nowMs())) / 1000.0;
}

std::optional<double> Session::secondsUntilWake() const {
    std::optional<double> wake = secondsUntilLock();
    if (const std::optional<int64_t> dueMs = Draft::nextWriteDueMs()) {
        const double draftSeconds = static_cast<double>(std::max<int64_t>(0, *dueMs - clock_.nowMs())) / 1000.0;
        wake = wake ? std::min(*wake, draftSeconds) : draftSeconds;
    }
    return wake;
}

bool Session::prepareFrame() {
    if (!fileCheckStarted_ && framesDrawn_ > 0 && !options_.checkFileAfterFirstFrame.empty())
        checkFileOffTheUiThread();
    jobs_.drainResults();
    if (damaged_) return applyPromptAppearance();
    // The passphrase just typed does not stay behind in ImGui's text-field state.
    if (firstStart_ && firstStart_->done() && mayStartShell()) {
        firstStart_.reset();
        forgetTextFieldState();
        startShell();
    }
    if (unlock_ && unlock_->unlocked() && mayStartShell()) {
        unlock_.reset();
        forgetTextFieldState();
        startShell();
    }
    if (shell_) {
        // Settings may have changed it during the last frame.
        autoLockMinutes_ = shell_->services().autoLockMinutes;
        if (const std::optional<double> due = secondsUntilLock(); due && *due <= 0) lock();
    }
    return shell_ ? shell_->applyAppearanceBetweenFrames() : applyPromptAppearance();
}

void Session::drawFrame() {
    if (inputArrived(ImGui::GetIO())) noteInput();
    Draft::forgetNextWriteDue();
    ++framesDrawn_;
    if (damaged_)
        damaged_->drawFrame();
    else if (shell_)
        shell_->drawFrame();
    else if (unlock_)
        unlock_->drawFrame();
    else if (firstStart_)
        firstStart_->drawFrame();
    persistWrites();
}

}  // namespace dc::app
