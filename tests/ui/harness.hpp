// A small UI test harness: real ImGui frames through the real GLFW and OpenGL3 backends,
// with mouse, keyboard and text fed in through ImGuiIO as a person would.
#pragma once

#include "app/session.hpp"
#include "model/clock.hpp"
#include "model/store.hpp"
#include "platform/window.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace dc::uitest {

// A database file for one test, "<name>.db", in this test program's own temporary folder
// (see testFile), so two runs at once never open each other's files.
std::string testDatabase(std::string_view name);
// A path for one test's file or folder named `name` in this program's own temporary
// folder, which is removed with everything in it at exit. Nothing is created.
std::filesystem::path testFile(std::string_view name);
inline constexpr const char* kHarnessPassphrase = "harness-wachtwoordzin";

struct HarnessOptions {
    int widthPx = 1366;
    int heightPx = 768;
    int demoParticipants = 150;
    int demoHelpRequests = 600;
    bool demoData = true;
    // The demo data is encrypted with this passphrase (at the fastest key-derivation
    // limits) and the window opens straight on the shell, as after unlocking. Empty:
    // the file stays unprotected and the window opens on the first-start screen.
    std::string passphrase = kHarnessPassphrase;
    // Opens the encrypted file locked, on the unlock prompt.
    bool locked = false;
    // With `locked`: opens the file as the program does, checking it whole after the
    // first frame.
    bool checkFileAfterFirstFrame = false;
    // With that: damages a page in the middle of the closed file first.
    bool damagedInTheMiddle = false;
    // Stands in for a browser's copy to persistent storage (see app::SessionOptions).
    app::PersistFunction whenPersisted = platform::whenPersisted;
};

// Phone, tablet and laptop windows, in pixels.
inline constexpr std::pair<int, int> kWindowSizes[] = {{360, 740}, {800, 1280}, {1366, 768}};

class UiHarness {
public:
    // Opens a fresh database at `databasePath` (removed first), fills it with demo data,
    // encrypts it as HarnessOptions says and opens an offscreen window on it, showing
    // what the program would: the shell, the unlock prompt or the first-start screen.
    UiHarness(std::string databasePath, const HarnessOptions& options = {});
    ~UiHarness();

    Store& store() { return *store_; }
    app::Session& session() { return *session_; }
    app::Shell& shell();
    bool showsShell() { return session_->shell() != nullptr; }
    FixedClock& clock() { return clock_; }
    platform::Window& window() { return *window_; }

    // Runs `count` complete frames.
    void frames(int count = 1);
    // Runs frames until `done` holds, as the idle program would while a background job
    // (key derivation, figures) finishes; fails the test if it does not within a minute.
    // Returns how many frames it drew.
    int framesUntil(const std::function<bool()>& done, std::string_view what);
    // Waits for every job on the session's job runner to finish, then draws the frame
    // that hands their results to the screens.
    void settleJobs();
    // Moves to, presses and releases the mouse on the item the app drew under `name`,
    // scrolling it into view first. Counts one interaction. Fails the test if not found.
    void click(std::string_view name);
    // Aims at `name` once and taps that same spot twice, a frame apart, as a quick finger
    // does: the second tap lands on whatever is drawn there by then. Two interactions.
    void tapTwiceInPlace(std::string_view name);
    // Clicks the field and types `text` into it: one interaction.
    void type(std::string_view name, std::string_view text);
    // Each press below counts one key press in keyPresses.
    void pressCtrl(char letter);
    void pressCtrlEnter();
    // Ctrl+letter pressed and released before the next frame, through the window's own
    // key callbacks, as a quick typist's 12 ms tap arrives.
    void tapCtrlBetweenFrames(char letter);
    // Types `text` into whatever field has the keyboard focus, without clicking; typed
    // text is not counted in keyPresses.
    void typeIntoFocusedField(std::string_view text);
    void pressEscape();
    // Presses one key (an ImGuiKey_ value) as a keyboard-only user would.
    void pressKey(int imguiKey);
    // Moves keyboard navigation with the arrow keys, as a person looking at the screen
    // would, until it stands on `name`. Fails the test if it cannot get there.
    void arrowTo(std::string_view name);
    // Presses on `name`, moves the pointer by `dyPx` over several frames as a finger
    // would, and lifts it there. Counts one interaction.
    void drag(std::string_view name, float dyPx);
    // Turns the mouse wheel over the middle of the window, `notches` times (negative: down).
    void wheel(int notches);
    bool isShown(std::string_view name);
    void resize(int widthPx, int heightPx);
    void setTextScale(int percent);
    // Saves the current frame as <screenshot folder>/<name>.png and returns the path.
    std::string screenshot(const std::string& name);
    // One screenshot per size of kWindowSizes, "<name>-<width>x<height>", then back to the laptop.
    void screenshotsAtEverySize(const std::string& name);
    // Saves a person of the test's own, who consented to being stored, and tells the
    // screens: demo pseudonyms repeat and some demo people are forgotten.
    Participant addConsentedParticipant(const std::string& pseudonym);

    // Closes the window's session and opens a new one on the same store, as after a
    // restart (the store stays unlocked, so it opens on the shell).
    void restartShell();

    int interactions = 0;
    int keyPresses = 0;

private:
    struct Input {
        float mouseX = -1, mouseY = -1;
        bool mouseDown = false;
        float wheel = 0;
        bool ctrl = false;
        int keyDown = -1;
        std::string text;
    };
    void applyInput(ImGuiIO& io);
    void pressWithCtrl(int keyIndex);
    void scrollIntoView(std::string_view name);
    // Scrolls `name` into view and rests the mouse, button up, on its centre for a frame.
    void hover(std::string_view name);

    std::string databasePath_;
    bool checkFileAfterFirstFrame_ = false;
    app::PersistFunction whenPersisted_;
    FixedClock clock_;
    std::optional<Store> store_;
    std::unique_ptr<platform::Window> window_;
    std::unique_ptr<app::Session> session_;
    Input input_;
};

// Where screenshots go: the build tree's screenshots folder.
std::string screenshotDirectory();
// "Now" for every harness, frozen so drafts and dates are predictable: 10:00 local time on
// DIGICOACH_TEST_DATE (YYYY-MM-DD) when it is set, else the real time at the first call.
int64_t harnessStartMs();

}  // namespace dc::uitest
