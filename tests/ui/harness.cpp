// The UI test harness.
#include "tests/ui/harness.hpp"

#include "app/ui_probe.hpp"
#include "model/demo_data.hpp"
#include "platform/data_paths.hpp"
#include "tests/test_environment.hpp"

#include <doctest/doctest.h>
#include <imgui.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <unistd.h>

#ifndef DC_SCREENSHOT_DIR
#define DC_SCREENSHOT_DIR "screenshots"
#endif

namespace dc::uitest {
namespace {
// Enough frames for a scroll, hover or press to take effect and for intents to settle.
constexpr int kSettleFrames = 2;
constexpr int kMaxScrollSteps = 80;
}  // namespace

std::string screenshotDirectory() { return DC_SCREENSHOT_DIR; }

std::filesystem::path testFile(std::string_view name) { return test::processTempFolder() / std::string(name); }

std::string testDatabase(std::string_view name) { return testFile(std::string(name) + ".db").string(); }

int64_t harnessStartMs() { return test::testNowMs(); }

UiHarness::UiHarness(std::string databasePath, const HarnessOptions& options)
    : databasePath_(std::move(databasePath)), whenPersisted_(options.whenPersisted), clock_(harnessStartMs()) {
    // The app's data folder (where exports go by default) is in this program's temp
    // folder too, so no test writes into the real home folder.
    setenv("XDG_DATA_HOME", testFile("data-home").c_str(), 1);
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(databasePath_ + suffix);
    store_.emplace(Store::open(databasePath_));
    if (options.demoData) {
        DemoOptions demo;
        demo.participants = options.demoParticipants;
        demo.helpRequests = options.demoHelpRequests;
        demo.devices = 30;
        demo.groupSessions = 20;
        demo.screenings = 40;
        demo.monthsOfHistory = 24;
        generateDemoData(*store_, demo, clock_);
    }
    if (!options.passphrase.empty()) {
        store_->protect(options.passphrase, KdfLimits::minimum());
        if (options.locked) {
            store_.reset();
            if (options.damagedInTheMiddle) test::damagePageInTheMiddle(databasePath_);
            checkFileAfterFirstFrame_ = options.checkFileAfterFirstFrame;
            store_.emplace(Store::open(databasePath_, checkFileAfterFirstFrame_ ? IntegrityCheck::Later : IntegrityCheck::AtOpen));
        }
    }
    app::probe::setEnabled(true);
    window_ = std::make_unique<platform::Window>(
        platform::WindowOptions{"Digicoach UI test", options.widthPx, options.heightPx, true});
    window_->setInputOverride([this](ImGuiIO& io) { applyInput(io); });
    restartShell();
}

UiHarness::~UiHarness() {
    session_.reset();
    window_.reset();
    app::probe::setEnabled(false);
}

app::Shell& UiHarness::shell() {
    REQUIRE_MESSAGE(session_->shell() != nullptr, "the shell is not showing");
    return *session_->shell();
}

void UiHarness::restartShell() {
    session_.reset();
    app::SessionOptions options;
    if (checkFileAfterFirstFrame_) options.checkFileAfterFirstFrame = databasePath_;
    options.whenPersisted = whenPersisted_;
    session_ = std::make_unique<app::Session>(*store_, clock_, platform::assetsDirectory() / "i18n", std::move(options));
    frames(kSettleFrames);
    // The shell's start-up jobs (the daily retention purge) are done before a test acts,
    // as they would be long before a person's first click.
    settleJobs();
}

void UiHarness::settleJobs() {
    session_->jobs().waitIdle();
    frames(1);
}

void UiHarness::applyInput(ImGuiIO& io) {
    io.MousePos = ImVec2(input_.mouseX, input_.mouseY);
    io.MouseDown[0] = input_.mouseDown;
    io.MouseWheel = input_.wheel;
    input_.wheel = 0;
    io.KeyCtrl = input_.ctrl;
    for (bool& down : io.KeysDown) down = false;
    if (input_.keyDown >= 0) io.KeysDown[input_.keyDown] = true;
    if (!input_.text.empty()) {
        io.AddInputCharactersUTF8(input_.text.c_str());
        input_.text.clear();
    }
}

void UiHarness::frames(int count) {
    // As in the program's main loop.
    for (int i = 0; i < count; ++i) {
        if (session_->prepareFrame()) window_->rebuildFontTexture();
        window_->beginFrame();
        session_->drawFrame();
        window_->endFrame();
    }
}

int UiHarness::framesUntil(const std::function<bool()>& done, std::string_view what) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
    int drawn = 0;
    while (!done()) {
        REQUIRE_MESSAGE(std::chrono::steady_clock::now() < deadline, "not within a minute: " << what);
        frames(1);
        ++drawn;
    }
    return drawn;
}

bool UiHarness::isShown(std::string_view name) { return app::probe::find(name) != nullptr; }

void UiHarness::scrollIntoView(std::string_view name) {
    const float displayHeight = static_cast<float>(window_->framebufferHeight());
    for (int step = 0; step < kMaxScrollSteps; ++step) {
        const app::probe::ItemRect* rect = app::probe::find(name);
        REQUIRE_MESSAGE(rect != nullptr, "no item named " << name << " on screen");
        if (rect->visible && rect->minY >= 0 && rect->maxY <= displayHeight) return;
        // The wheel goes to the window under the mouse: hover the item's column mid-screen.
        input_.mouseX = rect->centreX();
        input_.mouseY = displayHeight / 2;
        const float towards = rect->minY < displayHeight / 2 ? 1.0f : -1.0f;
        input_.wheel = towards;
        frames(kSettleFrames);
    }
    FAIL("could not scroll " << name << " into view");
}

void UiHarness::hover(std::string_view name) {
    scrollIntoView(name);
    const app::probe::ItemRect aimed = *app::probe::find(name);
    input_.mouseX = aimed.centreX();
    input_.mouseY = aimed.centreY();
    input_.mouseDown = false;
    frames(1);
}

void UiHarness::click(std::string_view name) {
    // Layout can settle a frame late (a scrollbar appears, wrapped text reflows), so aim,
    // draw, and press only once the item is still under the mouse.
    for (int attempt = 0;; ++attempt) {
        hover(name);
        const app::probe::ItemRect* now = app::probe::find(name);
        REQUIRE_MESSAGE(now != nullptr, name << " disappeared");
        if (now->visible && input_.mouseX >= now->minX && input_.mouseX <= now->maxX && input_.mouseY >= now->minY &&
            input_.mouseY <= now->maxY)
            break;
        REQUIRE_MESSAGE(attempt < 10, name << " keeps moving");
    }
    input_.mouseDown = true;
    frames(1);
    input_.mouseDown = false;
    frames(kSettleFrames);
    ++interactions;
}

void UiHarness::tapTwiceInPlace(std::string_view name) {
    hover(name);
    for (int tap = 0; tap < 2; ++tap) {
        input_.mouseDown = true;
        frames(1);
        input_.mouseDown = false;
        frames(1);  // the tap's intent runs at the end of this frame; the next one shows its outcome
        ++interactions;
    }
    frames(kSettleFrames);
}

void UiHarness::type(std::string_view name, std::string_view text) {
    click(name);
    --interactions;  // the click that focuses the field is part of typing into it
    input_.text = std::string(text);
    frames(kSettleFrames);
    ++interactions;
}

void UiHarness::pressWithCtrl(int keyIndex) {
    input_.ctrl = true;
    input_.keyDown = keyIndex;
    frames(1);
    input_.keyDown = -1;
    input_.ctrl = false;
    frames(kSettleFrames);
    ++keyPresses;
}

void UiHarness::pressCtrl(char letter) { pressWithCtrl(platform::letterKeyIndex(letter)); }

void UiHarness::pressCtrlEnter() { pressWithCtrl(ImGui::GetIO().KeyMap[ImGuiKey_Enter]); }

void UiHarness::tapCtrlBetweenFrames(char letter) {
    window_->deliverQuickTap(platform::letterKeyIndex(letter), true);
    frames(kSettleFrames);
    ++keyPresses;
}

void UiHarness::typeIntoFocusedField(std::string_view text) {
    input_.text = std::string(text);
    frames(kSettleFrames);
}

void UiHarness::pressEscape() { pressKey(ImGuiKey_Escape); }

void UiHarness::pressKey(int imguiKey) {
    input_.keyDown = ImGui::GetIO().KeyMap[imguiKey];
    frames(1);
    input_.keyDown = -1;
    frames(kSettleFrames);
    ++keyPresses;
}

void UiHarness::arrowTo(std::string_view name) {
    constexpr int kMaxKeyPresses = 80;
    for (int press = 0; press < kMaxKeyPresses; ++press) {
        const std::string focused = app::probe::keyboardFocus();
        if (focused == name) return;
        const app::probe::ItemRect* target = app::probe::find(name);
        REQUIRE_MESSAGE(target != nullptr, "no item named " << name << " on screen");
        const app::probe::ItemRect* from = focused.empty() ? nullptr : app::probe::find(focused);
        int key = ImGuiKey_DownArrow;
        if (from) {
            if (target->minY >= from->maxY) key = ImGuiKey_DownArrow;
            else if (target->maxY <= from->minY) key = ImGuiKey_UpArrow;
            else key = target->centreX() < from->centreX() ? ImGuiKey_LeftArrow : ImGuiKey_RightArrow;
        }
        pressKey(key);
    }
    FAIL("keyboard navigation did not reach " << name << "; it stands on '" << app::probe::keyboardFocus() << "'");
}

void UiHarness::drag(std::string_view name, float dyPx) {
    scrollIntoView(name);
    const app::probe::ItemRect start = *app::probe::find(name);
    input_.mouseX = start.centreX();
    input_.mouseY = start.centreY();
    input_.mouseDown = false;
    frames(1);
    input_.mouseDown = true;
    frames(1);
    constexpr int kSteps = 10;
    for (int step = 1; step <= kSteps; ++step) {
        input_.mouseY = start.centreY() + dyPx * step / kSteps;
        frames(1);
    }
    input_.mouseDown = false;
    frames(kSettleFrames);
    ++interactions;
}

void UiHarness::wheel(int notches) {
    input_.mouseX = static_cast<float>(window_->framebufferWidth()) * 0.75f;
    input_.mouseY = static_cast<float>(window_->framebufferHeight()) / 2;
    for (int i = 0; i < std::abs(notches); ++i) {
        input_.wheel = notches > 0 ? 1.0f : -1.0f;
        frames(1);
    }
    frames(kSettleFrames);
}

void UiHarness::resize(int widthPx, int heightPx) {
    window_->resize(widthPx, heightPx);
    frames(kSettleFrames);
    REQUIRE(window_->framebufferWidth() == widthPx);
    REQUIRE(window_->framebufferHeight() == heightPx);
}

void UiHarness::setTextScale(int percent) {
    store_->setSetting(dc::kSettingTextScale, std::to_string(percent));
    // Goes through the Settings screen's own path: a changed appearance is applied between frames.
    restartShell();
}

void UiHarness::screenshotsAtEverySize(const std::string& name) {
    for (const auto& [width, height] : kWindowSizes) {
        resize(width, height);
        screenshot(name + "-" + std::to_string(width) + "x" + std::to_string(height));
    }
    resize(1366, 768);
}

Participant UiHarness::addConsentedParticipant(const std::string& pseudonym) {
    Participant p;
    p.pseudonym = pseudonym;
    p.consentDate = shell().services().today();
    p.consentScopes = {"store"};
    REQUIRE(shell().services().participants.save(p).ok());
    ++shell().services().dataVersion;
    return p;
}

std::string UiHarness::screenshot(const std::string& name) {
    frames(1);
    const std::string path = screenshotDirectory() + "/" + name + ".png";
    // Written under a name of this process's own, then renamed into place: another run
    // from the same build tree never finds a half-written file under the final name.
    const std::string partial = path + "." + std::to_string(getpid()) + ".partial";
    window_->saveScreenshotPng(partial);
    std::filesystem::rename(partial, path);
    return path;
}

}  // namespace dc::uitest
