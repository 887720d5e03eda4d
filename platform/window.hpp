// The one application window: GLFW window, OpenGL 3 context and the Dear ImGui
// backends, plus the idle policy that keeps the app from drawing when nothing changes.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

struct GLFWwindow;
struct ImGuiIO;

namespace dc::platform {

class WindowError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct WindowOptions {
    std::string title = "Digicoach";
    int widthPx = 1366;
    int heightPx = 768;
    // Offscreen windows are never shown and draw into their own framebuffer, so
    // tests can render and capture any size on a headless X server.
    bool offscreen = false;
    // How long an idle window sleeps before a heartbeat frame (clocks, due dates).
    double idleTimeoutSeconds = 5.0;
};

class Window {
public:
    explicit Window(const WindowOptions& options);
    ~Window();
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    bool shouldClose() const;
    void requestClose();

    // Blocks until there is something to draw: input, a redraw request or the idle
    // timeout (a slow heartbeat keeps clocks and "due today" lists current). Returns at
    // once while frames are still owed after recent input. `wakeWithinSeconds` shortens
    // the wait for something due sooner, such as the idle lock. True when a frame is
    // to be drawn now: always on a computer; in a browser, which may not block, it only
    // looks and says false when the page can rest until its next display refresh.
    bool waitUntilFrameNeeded(std::optional<double> wakeWithinSeconds = std::nullopt);
    // Asks for `frames` more frames without waiting, e.g. after background work finished.
    void requestRedraw(int frames = 3);

    // Called after the backends have read the real input and before ImGui::NewFrame,
    // so tests can replace mouse and keyboard state with their own.
    using InputOverride = std::function<void(ImGuiIO&)>;
    void setInputOverride(InputOverride inputOverride);

    // A key pressed and released again before the next frame, as a quick typist does,
    // delivered through the same callbacks as GLFW's own events (for tests).
    // keyIndex: an io.KeysDown index (letterKeyIndex); withCtrl: Ctrl held around it.
    void deliverQuickTap(int keyIndex, bool withCtrl);

    // Fonts may only be rebuilt between frames.
    void rebuildFontTexture();

    void beginFrame();
    void endFrame();  // renders and presents

    void resize(int widthPx, int heightPx);
    int framebufferWidth() const;
    int framebufferHeight() const;
    // Writes the last rendered frame as a PNG; call after endFrame().
    void saveScreenshotPng(const std::string& path) const;

    GLFWwindow* handle() const { return window_; }
    int framesDrawn() const { return framesDrawn_; }
    int framesOwed() const { return framesOwed_; }
    // How many times waitUntilFrameNeeded slept for events instead of returning at once.
    int idleWaits() const { return idleWaits_; }

private:
    struct Offscreen;
    void bindRenderTarget();

    GLFWwindow* window_ = nullptr;
    bool offscreen_ = false;
    std::unique_ptr<Offscreen> offscreenTarget_;
    InputOverride inputOverride_;
    double idleTimeoutSeconds_ = 5.0;
    int framesOwed_ = 3;
    int framesDrawn_ = 0;
    int idleWaits_ = 0;
    // When the last frame was drawn, for a browser's idle heartbeat (it cannot sleep).
    double lastFrameSeconds_ = 0;
};

// Input arrived since the last frame (set from the GLFW callbacks).
void noteInputActivity();
// Wakes the main loop from its idle wait. Callable from any thread, e.g. when a
// background job has a result for the screen.
void wakeEventLoop();

}  // namespace dc::platform

namespace dc::platform {
// The io.KeysDown index of a letter key ('A'..'Z'), for shortcuts such as Ctrl+N.
int letterKeyIndex(char upperCaseLetter);
}  // namespace dc::platform
