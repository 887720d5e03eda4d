// What the window shows, in turn: the first-start passphrase screen, the unlock prompt
// and the shell, and the idle lock that takes the shell away again. The program and
// the UI tests drive the same object, so both go through the same gates.
#pragma once

#include "app/screens/damaged_file.hpp"
#include "app/screens/first_start.hpp"
#include "app/screens/unlock.hpp"
#include "app/shell.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>

namespace dc::app {

struct SessionOptions {
    // Runs once, when the data first becomes readable and before the shell starts
    // (`--demo` fills an empty database here, so demo data is encrypted too).
    std::function<void(Store&)> beforeFirstShell;
    // The file to check whole after the first frame (opened with IntegrityCheck::Later),
    // so a big database does not hold up the window. Until the answer the shell does not
    // start, so nothing is written.
    std::string checkFileAfterFirstFrame;
    // How what a frame wrote is copied on to persistent storage (a browser's IndexedDB;
    // on a computer the commit already did it). A test stands in a storage that refuses.
    PersistFunction whenPersisted = platform::whenPersisted;
};

class Session {
public:
    Session(Store& store, const Clock& clock, std::filesystem::path i18nDirectory, SessionOptions options = {});
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // Between frames: starts the shell once the data is readable, locks it after the
    // idle time, applies appearance. True when the font atlas was rebuilt and its GPU
    // texture must be recreated.
    bool prepareFrame();
    // One frame of whichever screen is showing (between ImGui::NewFrame and Render).
    void drawFrame();
    void flushDrafts();
    // Locks now as the idle timer would: drafts written, the shell and what it read
    // dropped, the key forgotten, the unlock prompt shown.
    void lock();

    // Seconds until the idle lock is due, or nothing when it cannot happen; the main
    // loop's idle wait must wake up by then even when no input comes.
    std::optional<double> secondsUntilLock() const;
    // How long the idle window may sleep: until the idle lock or a draft's pending write.
    std::optional<double> secondsUntilWake() const;
    // The shell's work between frames (Shell::advanceBackgroundWork), drawn or not.
    void advanceBackgroundWork() {
        if (shell_) shell_->advanceBackgroundWork();
    }

    Shell* shell() { return shell_.get(); }
    FirstStartScreen* firstStart() { return firstStart_ ? &*firstStart_ : nullptr; }
    UnlockScreen* unlockScreen() { return unlock_ ? &*unlock_ : nullptr; }
    JobRunner& jobs() { return jobs_; }
    // The check after the first frame found the file damaged: nothing is written to it
    // any more, and the window says so instead of showing the data.
    bool fileDamaged() const { return damaged_.has_value(); }

private:
    // Where the coach was when the app locked, without anything personal: the route and
    // record ids. Open forms are in encrypted drafts.
    struct ResumePoint {
        Route route = Route::Today;
        ParticipantsState::Mode participantsMode = ParticipantsState::Mode::List;
        std::string participantId;
        bool helpRequestFormOpen = false;
    };
    void startShell();
    // After each frame: what it wrote (records, settings, another connection's commits)
    // goes on to persistent storage. A refusal shows above every screen until a copy is kept.
    void persistWrites();
    // Every copy to persistent storage goes through here (the shell's too), so the last
    // answer is the one shown, whoever asked.
    void persist(std::function<void(bool stored)> done);
    void showStorageRefused(bool refused);
    void checkFileOffTheUiThread();
    void showDamaged();
    bool mayStartShell() const { return options_.checkFileAfterFirstFrame.empty() || fileFoundWhole_; }
    void noteInput();
    bool applyPromptAppearance();

    Store& store_;
    const Clock& clock_;
    std::filesystem::path i18nDirectory_;
    SessionOptions options_;
    std::optional<FirstStartScreen> firstStart_;
    std::optional<UnlockScreen> unlock_;
    std::unique_ptr<Shell> shell_;
    std::optional<ResumePoint> resume_;
    bool shellStartedBefore_ = false;
    bool promptAppearanceApplied_ = false;
    bool fileCheckStarted_ = false;
    // The check after the first frame found the file whole (or none was asked for): until
    // then no shell starts, whichever screen lets the coach on.
    bool fileFoundWhole_ = false;
    int framesDrawn_ = 0;
    std::optional<DamagedFileScreen> damaged_;
    int autoLockMinutes_ = 0;
    int64_t lastInputMs_ = 0;
    int64_t writesPersisted_ = 0;
    bool storageRefused_ = false;
    // Lets a storage callback find out that the session is gone.
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
    // Last, so it is the first to go: a job's result never reaches a screen already gone.
    JobRunner jobs_;
};

}  // namespace dc::app
