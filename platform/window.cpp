// GLFW window, GL 3.3 core context and Dear ImGui backend setup, the idle wait and
// the offscreen framebuffer used by tests.
#include "platform/window.hpp"

#include "platform/screenshot.hpp"

#define GL_GLEXT_PROTOTYPES
#include <GL/gl.h>
#include <GL/glext.h>
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <vector>

namespace dc::platform {
namespace {

// How many frames to draw after input: enough for hover, press and release
// states and for ImGui's own one-frame delays to settle.
constexpr int kFramesAfterInput = 4;

std::atomic<bool> inputActivity{true};

void onGlfwError(int code, const char* description) {
    std::fprintf(stderr, "GLFW error %d: %s\n", code, description);
}

// A key pressed since the last frame. ImGui 1.86 only polls io.KeysDown once a frame, so a
// quick tap (pressed and released before the next frame, 12 ms is enough) would never be
// seen; each press is held here until one frame has seen it down. Main thread only.
struct PressNotYetSeen {
    int key;
    bool ctrl;
};
std::vector<PressNotYetSeen> pressesNotYetSeen;

// These run before the ImGui backend's own callbacks, which chain to them.
void onKey(GLFWwindow*, int key, int, int action, int mods) {
    noteInputActivity();
    if (action == GLFW_PRESS && key >= 0 && key < static_cast<int>(IM_ARRAYSIZE(ImGuiIO::KeysDown)))
        pressesNotYetSeen.push_back({key, (mods & GLFW_MOD_CONTROL) != 0});
}
void onChar(GLFWwindow*, unsigned int) { noteInputActivity(); }
void onMouseButton(GLFWwindow*, int, int, int) { noteInputActivity(); }
void onScroll(GLFWwindow*, double, double) { noteInputActivity(); }
void onCursorPos(GLFWwindow*, double, double) { noteInputActivity(); }
void onWindowSize(GLFWwindow*, int, int) { noteInputActivity(); }
void onWindowRefresh(GLFWwindow*) { noteInputActivity(); }
void onFocus(GLFWwindow*, int) { noteInputActivity(); }
void onCursorEnter(GLFWwindow*, int) { noteInputActivity(); }

}  // namespace

void noteInputActivity() { inputActivity.store(true); }

void wakeEventLoop() { glfwPostEmptyEvent(); }

struct Window::Offscreen {
    GLuint framebuffer = 0;
    GLuint colour = 0;
    int widthPx = 0;
    int heightPx = 0;

    void ensureSize(int w, int h) {
        if (framebuffer != 0 && w == widthPx && h == heightPx) return;
        release();
        widthPx = w;
        heightPx = h;
        glGenFramebuffers(1, &framebuffer);
        glBindFramebuffer(GL_FRAMEBUFFER, framebuffer);
        glGenRenderbuffers(1, &colour);
        glBindRenderbuffer(GL_RENDERBUFFER, colour);
        glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, w, h);
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, colour);
        if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE)
            throw WindowError("offscreen framebuffer is incomplete");
    }
    void release() {
        if (colour) glDeleteRenderbuffers(1, &colour);
        if (framebuffer) glDeleteFramebuffers(1, &framebuffer);
        colour = framebuffer = 0;
    }
    ~Offscreen() { release(); }
};

Window::Window(const WindowOptions& options)
    : offscreen_(options.offscreen), idleTimeoutSeconds_(options.idleTimeoutSeconds) {
    glfwSetErrorCallback(onGlfwError);
    if (!glfwInit()) throw WindowError("cannot initialise GLFW (is there a display?)");
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_VISIBLE, offscreen_ ? GLFW_FALSE : GLFW_TRUE);
    window_ = glfwCreateWindow(options.widthPx, options.heightPx, options.title.c_str(), nullptr, nullptr);
    if (!window_) {
        glfwTerminate();
        throw WindowError("cannot create an OpenGL 3.3 window");
    }
    glfwMakeContextCurrent(window_);
    glfwSwapInterval(1);
    glfwSetWindowSizeLimits(window_, 320, 400, GLFW_DONT_CARE, GLFW_DONT_CARE);

    glfwSetKeyCallback(window_, onKey);
    glfwSetCharCallback(window_, onChar);
    glfwSetMouseButtonCallback(window_, onMouseButton);
    glfwSetScrollCallback(window_, onScroll);
    glfwSetCursorPosCallback(window_, onCursorPos);
    glfwSetWindowSizeCallback(window_, onWindowSize);
    glfwSetWindowRefreshCallback(window_, onWindowRefresh);
    glfwSetWindowFocusCallback(window_, onFocus);
    glfwSetCursorEnterCallback(window_, onCursorEnter);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    // Window layout is fixed by the shell; an imgui.ini next to the binary would only leak state.
    io.IniFilename = nullptr;
    // A steady caret: a blinking one would redraw twice a second whenever a field has the
    // focus, and the unlock prompt always has one, so a locked laptop would never rest.
    io.ConfigInputTextCursorBlink = false;
    ImGui_ImplGlfw_InitForOpenGL(window_, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    if (offscreen_) offscreenTarget_ = std::make_unique<Offscreen>();
}

Window::~Window() {
    offscreenTarget_.reset();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window_);
    glfwTerminate();
}

bool Window::shouldClose() const { return glfwWindowShouldClose(window_) != 0; }
void Window::requestClose() { glfwSetWindowShouldClose(window_, GLFW_TRUE); }

void Window::requestRedraw(int frames) {
    if (frames > framesOwed_) framesOwed_ = frames;
    glfwPostEmptyEvent();
}

void Window::waitUntilFrameNeeded(std::optional<double> wakeWithinSeconds) {
    if (framesOwed_ > 0) {
        glfwPollEvents();
    } else {
        double timeoutSeconds = idleTimeoutSeconds_;
        // A little past the moment, so the frame it buys finds the thing actually due.
        if (wakeWithinSeconds) timeoutSeconds = std::min(timeoutSeconds, std::max(*wakeWithinSeconds, 0.0) + 0.05);
        glfwWaitEventsTimeout(timeoutSeconds);
        ++idleWaits_;
        // A timeout with no input still yields one frame: the heartbeat.
        framesOwed_ = 1;
    }
    if (inputActivity.exchange(false)) framesOwed_ = kFramesAfterInput;
}

void Window::setInputOverride(InputOverride inputOverride) { inputOverride_ = std::move(inputOverride); }

void Window::rebuildFontTexture() {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

void Window::beginFrame() {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    if (inputOverride_) inputOverride_(io);
    for (const PressNotYetSeen& press : pressesNotYetSeen) {
        io.KeysDown[press.key] = true;
        if (press.ctrl) io.KeyCtrl = true;
    }
    pressesNotYetSeen.clear();
    // Enter presses the button keyboard navigation stands on, as people expect (ImGui 1.86
    // only reacts to Space); in a text field Enter keeps its own meaning, and Ctrl+Enter
    // saves the form instead of pressing what has the focus.
    if (io.KeysDown[io.KeyMap[ImGuiKey_Enter]] && !io.WantTextInput && !io.KeyCtrl)
        io.NavInputs[ImGuiNavInput_Activate] = 1.0f;
    ImGui::NewFrame();
}

void Window::bindRenderTarget() {
    const int w = framebufferWidth();
    const int h = framebufferHeight();
    if (offscreenTarget_) {
        offscreenTarget_->ensureSize(w, h);
        glBindFramebuffer(GL_FRAMEBUFFER, offscreenTarget_->framebuffer);
    } else {
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
    }
    glViewport(0, 0, w, h);
}

void Window::endFrame() {
    ImGui::Render();
    // Once the backend has uploaded the font atlas to its texture, the CPU copy of its
    // pixels is not read again: building fonts anew (a text size change) makes new ones.
    ImFontAtlas* fonts = ImGui::GetIO().Fonts;
    if (fonts->TexID != nullptr && (fonts->TexPixelsAlpha8 != nullptr || fonts->TexPixelsRGBA32 != nullptr))
        fonts->ClearTexData();
    bindRenderTarget();
    const ImVec4 clear = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(clear.x, clear.y, clear.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (!offscreenTarget_) glfwSwapBuffers(window_);
    ++framesDrawn_;
    if (framesOwed_ > 0) --framesOwed_;
}

void Window::deliverQuickTap(int keyIndex, bool withCtrl) {
    // The callbacks GLFW calls, ours chained behind the backend's: taken back and put again.
    const GLFWkeyfun installed = glfwSetKeyCallback(window_, nullptr);
    glfwSetKeyCallback(window_, installed);
    const int mods = withCtrl ? GLFW_MOD_CONTROL : 0;
    if (withCtrl) installed(window_, GLFW_KEY_LEFT_CONTROL, 0, GLFW_PRESS, mods);
    installed(window_, keyIndex, 0, GLFW_PRESS, mods);
    installed(window_, keyIndex, 0, GLFW_RELEASE, mods);
    if (withCtrl) installed(window_, GLFW_KEY_LEFT_CONTROL, 0, GLFW_RELEASE, 0);
}

void Window::resize(int widthPx, int heightPx) {
    glfwSetWindowSize(window_, widthPx, heightPx);
    // X servers apply the size asynchronously; poll until it is visible to us.
    for (int attempt = 0; attempt < 200; ++attempt) {
        int w = 0, h = 0;
        glfwGetWindowSize(window_, &w, &h);
        if (w == widthPx && h == heightPx) break;
        glfwWaitEventsTimeout(0.01);
    }
    requestRedraw();
}

int Window::framebufferWidth() const {
    int w = 0, h = 0;
    glfwGetFramebufferSize(window_, &w, &h);
    return w;
}

int Window::framebufferHeight() const {
    int w = 0, h = 0;
    glfwGetFramebufferSize(window_, &w, &h);
    return h;
}

void Window::saveScreenshotPng(const std::string& path) const {
    const int w = framebufferWidth();
    const int h = framebufferHeight();
    glBindFramebuffer(GL_FRAMEBUFFER, offscreenTarget_ ? offscreenTarget_->framebuffer : 0);
    if (!offscreenTarget_) glReadBuffer(GL_FRONT);
    writeFramebufferPng(path, w, h);
}

}  // namespace dc::platform

namespace dc::platform {
// GLFW numbers letter keys by their upper-case ASCII code, and the ImGui backend indexes
// io.KeysDown by GLFW key code.
int letterKeyIndex(char upperCaseLetter) { return GLFW_KEY_A + (upperCaseLetter - 'A'); }
}  // namespace dc::platform
