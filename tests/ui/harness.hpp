// A small UI test harness: real ImGui frames through the real GLFW and OpenGL3 backends,
// with mouse, keyboard and text fed in through ImGuiIO as a person would.
#pragma once

#include "app/screens/unlock.hpp"
#include "app/shell.hpp"
#include "model/clock.hpp"
#include "model/store.hpp"
#include "platform/window.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace dc::uitest {

struct HarnessOptions {
    int widthPx = 1366;
    int heightPx = 768;
    int demoParticipants = 150;
    int demoHelpRequests = 600;
    bool demoData = true;
    // When set, the demo data is encrypted with this passphrase and the window opens
    // on the locked file, showing the unlock prompt first.
    std::string passphrase;
};

class UiHarness {
public:
    // Opens a fresh database at `databasePath` (removed first), fills it with demo data
    // and opens an offscreen window on it.
    UiHarness(std::string databasePath, const HarnessOptions& options = {});
    ~UiHarness();

    Store& store() { return *store_; }
    app::Shell& shell() { return *shell_; }
    bool showsShell() const { return shell_ != nullptr; }
    FixedClock& clock() { return clock_; }
    platform::Window& window() { return *window_; }

    // Runs `count` complete frames.
    void frames(int count = 1);
    // Moves to, presses and releases the mouse on the item the app drew under `name`,
    // scrolling it into view first. Counts one interaction. Fails the test if not found.
    void click(std::string_view name);
    // Clicks the field and types `text` into it: one interaction.
    void type(std::string_view name, std::string_view text);
    void pressCtrl(char letter);
    // Turns the mouse wheel over the middle of the window, `notches` times (negative: down).
    void wheel(int notches);
    bool isShown(std::string_view name);
    void resize(int widthPx, int heightPx);
    void setTextScale(int percent);
    // Saves the current frame as <screenshot folder>/<name>.png and returns the path.
    std::string screenshot(const std::string& name);

    // Closes the window's shell and reopens it on the same store, as after a restart.
    void restartShell();

    int interactions = 0;

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
    void scrollIntoView(std::string_view name);

    std::string databasePath_;
    FixedClock clock_;
    std::optional<Store> store_;
    std::unique_ptr<platform::Window> window_;
    std::unique_ptr<app::UnlockScreen> unlock_;
    std::unique_ptr<app::Shell> shell_;
    Input input_;
};

// Where screenshots go: the build tree's screenshots folder.
std::string screenshotDirectory();
// Real wall-clock "now", frozen for the harness so drafts and dates are predictable.
int64_t harnessStartMs();

}  // namespace dc::uitest
