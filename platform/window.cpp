// GLFW window, GL 3.3 core context and Dear ImGui backend setup, the idle wait and
// the offscreen framebuffer used by tests.
#include "platform/window.hpp"

#include "platform/screenshot.hpp"

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#else
#define GL_GLEXT_PROTOTYPES
#include <GL/gl.h>
#include <GL/glext.h>
#endif
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <atomic>
#include <cfloat>
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

#ifdef __EMSCRIPTEN__
// WebGL 2 speaks GLSL ES 3.00.
constexpr const char* kGlslVersion = "#version 300 es";
#else
constexpr const char* kGlslVersion = "#version 330 core";
#endif

#ifdef __EMSCRIPTEN__
// Emscripten's GLFW sizes the window in canvas pixels and knows no pixel ratio, so ImGui
// is given the page's CSS size and draws into a canvas devicePixelRatio times as large:
// layouts, touch targets and the phone threshold read as on a computer, and stay sharp.
struct PageSize {
    double cssWidth = 0, cssHeight = 0, pixelRatio = 1;
};
PageSize pageSize() {
    PageSize size;
    emscripten_get_element_css_size("#canvas", &size.cssWidth, &size.cssHeight);
    size.pixelRatio = std::max(1.0, emscripten_get_device_pixel_ratio());
    return size;
}
// Not glfwSetWindowSize: Emscripten's asks for full screen (and pointer lock) whenever
// the size equals the screen's, which a full-page canvas on a phone always does.
EM_JS(void, resizeCanvasAndWindow, (int width, int height), {
    Module.canvas.width = width;
    Module.canvas.height = height;
    if (GLFW.active) {
        GLFW.active.width = width;
        GLFW.active.height = height;
    }
});
// Makes the canvas (GLFW's window) as many device pixels as the page shows it.
void fitCanvasToPage(GLFWwindow* window) {
    const PageSize page = pageSize();
    const int wantedWidth = static_cast<int>(page.cssWidth * page.pixelRatio + 0.5);
    const int wantedHeight = static_cast<int>(page.cssHeight * page.pixelRatio + 0.5);
    int width = 0, height = 0;
    glfwGetWindowSize(window, &width, &height);
    if (wantedWidth > 0 && wantedHeight > 0 && (width != wantedWidth || height != wantedHeight)) {
        resizeCanvasAndWindow(wantedWidth, wantedHeight);
        noteInputActivity();
    }
}
// The window whose frames the page draws, for the soft keyboard's keys (web/soft_keyboard.js).
Window* pageWindow = nullptr;
#endif

}  // namespace

void noteInputActivity() { inputActivity.store(true); }

#ifdef __EMSCRIPTEN__
// Nothing sleeps in a browser: the next display refresh draws.
void wakeEventLoop() { noteInputActivity(); }
#else
void wakeEventLoop() { glfwPostEmptyEvent(); }
#endif

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
    ImGui_ImplOpenGL3_Init(kGlslVersion);
    if (offscreen_) offscreenTarget_ = std::make_unique<Offscreen>();
#ifdef __EMSCRIPTEN__
    pageWindow = this;
    fitCanvasToPage(window_);
#endif
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

bool Window::waitUntilFrameNeeded(std::optional<double> wakeWithinSeconds) {
#ifdef __EMSCRIPTEN__
    fitCanvasToPage(window_);
    if (inputActivity.exchange(false)) framesOwed_ = kFramesAfterInput;
    if (framesOwed_ > 0) return true;
    double timeoutSeconds = idleTimeoutSeconds_;
    if (wakeWithinSeconds) timeoutSeconds = std::min(timeoutSeconds, std::max(*wakeWithinSeconds, 0.0) + 0.05);
    if (glfwGetTime() - lastFrameSeconds_ < timeoutSeconds) return false;
    ++idleWaits_;
    framesOwed_ = 1;  // the heartbeat
    return true;
#else
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
    return true;
#endif
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
#ifdef __EMSCRIPTEN__
    const double pixelRatio = pageSize().pixelRatio;
    io.DisplayFramebufferScale = ImVec2(static_cast<float>(pixelRatio), static_cast<float>(pixelRatio));
    io.DisplaySize = ImVec2(io.DisplaySize.x / io.DisplayFramebufferScale.x, io.DisplaySize.y / io.DisplayFramebufferScale.y);
    if (io.MousePos.x != -FLT_MAX)
        io.MousePos = ImVec2(io.MousePos.x / io.DisplayFramebufferScale.x, io.MousePos.y / io.DisplayFramebufferScale.y);
#endif
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
    lastFrameSeconds_ = glfwGetTime();
#ifdef __EMSCRIPTEN__
    // A phone shows its keyboard only for a focused HTML field (web/soft_keyboard.js).
    static bool textInputShown = false;
    if (ImGui::GetIO().WantTextInput != textInputShown) {
        textInputShown = ImGui::GetIO().WantTextInput;
        EM_ASM({ if (Module.digicoachTextInput) Module.digicoachTextInput($0); }, textInputShown);
    }
#endif
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
#ifndef __EMSCRIPTEN__
    if (!offscreenTarget_) glReadBuffer(GL_FRONT);
#endif
    writeFramebufferPng(path, w, h);
}

}  // namespace dc::platform

namespace dc::platform {
// GLFW numbers letter keys by their upper-case ASCII code, and the ImGui backend indexes
// io.KeysDown by GLFW key code.
int letterKeyIndex(char upperCaseLetter) { return GLFW_KEY_A + (upperCaseLetter - 'A'); }
}  // namespace dc::platform

#ifdef __EMSCRIPTEN__
// Text and keys from the hidden field that brings up a phone's keyboard (web/soft_keyboard.js).
extern "C" EMSCRIPTEN_KEEPALIVE void dc_type_text(const char* utf8) {
    ImGui::GetIO().AddInputCharactersUTF8(utf8);
    dc::platform::noteInputActivity();
}
extern "C" EMSCRIPTEN_KEEPALIVE void dc_tap_backspace() {
    if (dc::platform::pageWindow) dc::platform::pageWindow->deliverQuickTap(GLFW_KEY_BACKSPACE, false);
}
#endif
