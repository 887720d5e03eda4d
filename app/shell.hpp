// The shell around the screens: navigation (side bar when wide, bottom tabs when
// narrow), shortcuts, appearance and the intents applied after each frame.
#pragma once

#include "app/app_context.hpp"
#include "app/job_runner.hpp"
#include "app/widgets.hpp"
#include "app/screens/devices.hpp"
#include "app/screens/group_sessions.hpp"
#include "app/screens/help_request_form.hpp"
#include "app/screens/help_requests.hpp"
#include "app/screens/participants.hpp"
#include "app/screens/report.hpp"
#include "app/screens/screening.hpp"
#include "app/screens/settings.hpp"
#include "app/screens/sync_screen.hpp"
#include "app/screens/today.hpp"

#ifdef __EMSCRIPTEN__
#include "sync/frame_sync_worker.hpp"
#endif

#include <array>
#include <filesystem>
#include <memory>

namespace dc::app {

// Below this width (or this width per text-scale unit) the layout is one column.
inline constexpr float kCompactWidthPx = 700.0f;
inline constexpr float kCompactWidthPerScalePx = 520.0f;

class Shell {
    // First, so the Settings screen below can hold on to it.
    AppearanceSettings appearance_;

public:
    // Loads translations from `i18nDirectory`, makes sure this laptop has a coach
    // record and the reference lists exist.
    Shell(Store& store, const Clock& clock, std::filesystem::path i18nDirectory, JobRunner& jobs);
    ~Shell();

    // Language, theme and text size may change only between frames; returns true when
    // the font atlas was rebuilt and its GPU texture must be recreated.
    bool applyAppearanceBetweenFrames();
    // Draws one frame of UI (between ImGui::NewFrame and ImGui::Render) and applies intents.
    void drawFrame();
    void flushDrafts();
    // Work that goes on between frames without drawing: in a browser, the sync worker's next
    // step. Called on every pass of the main loop, drawn or not.
    void advanceBackgroundWork();

    Route route() const { return route_; }
    void navigate(Route route);
    // Set by the session: how a write reaches persistent storage, and the retry offered
    // while its last copy was refused (empty when it was kept).
    PersistFunction whenPersisted = platform::whenPersisted;
    std::function<void()> retryRefusedStorage;
    AppServices& services() { return *services_; }
    const AppearanceSettings& appearance() const { return appearance_; }
    bool compactLayout() const { return compact_; }

    TodayScreen today;
    ParticipantsScreen participants;
    HelpRequestsScreen helpRequests;
    HelpRequestFormScreen helpRequestForm;
    DevicesScreen devices;
    GroupSessionsScreen groupSessions;
    ScreeningScreen screening;
    ReportScreen report;
    SettingsScreen settings;
    SyncScreen syncScreen;

private:
    std::string ensureCoach(Store& store, const Clock& clock);
    // Runs the daily retention purge as a job, unless it already ran today.
    void purgeExpiredOnceADay(Store& store);
    void handleShortcuts(AppContext& app);
    // Esc: closes the open form or detail view, keeping what was typed as a draft, or
    // goes back to Today.
    void goBack(AppContext& app);
    void drawSideNavigation(AppContext& app, float widthPx);
    void drawBottomTabs(AppContext& app, float heightPx);
    void drawMore(AppContext& app);
    bool tabsUseMenu() const;
    // Draws the screen of the current route; one that just opened takes the keyboard.
    void drawRoute(AppContext& app, bool routeChanged);
    void drawPurgeFailure(AppContext& app);
    void drawStorageRefused(AppContext& app);
    // The screen a route shows; none for the "More" list, which the shell draws itself.
    Screen* screenFor(Route route);
    std::array<Screen*, 10> allScreens() {
        return {&today, &participants, &helpRequests, &helpRequestForm, &devices, &groupSessions, &screening, &report, &settings, &syncScreen};
    }
    void carryOut(AppContext& app, const ShellRequest& request);

    // Sync runs on its own thread with its own connection; statuses arrive per frame.
#ifdef __EMSCRIPTEN__
    // A browser page has no thread for it: its rounds go in steps, one per animation frame.
    using SyncDriver = sync::FrameSyncWorker;
#else
    using SyncDriver = sync::SyncWorker;
#endif
    std::unique_ptr<SyncDriver> sync_;
    std::optional<sync::SyncStatus> syncStatus_;
    // The store's change signal as last seen; a move marks every screen's data stale.
    Store::ChangeSignal seenChanges_;
    void noticeChanges();
    std::filesystem::path i18nDirectory_;
    JobRunner& jobs_;
    std::shared_ptr<JobStore> jobStore_;
    // Why the last retention purge failed, shown above every screen until a retry.
    std::optional<std::string> purgeFailure_;
    // Lets a job's result find out that the shell is gone (an idle lock closed it).
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
    std::unique_ptr<AppServices> services_;
    std::optional<AppearanceSettings> applied_;
    Route route_ = Route::Today;
    // The route drawn last frame: a new screen takes the keyboard focus when it appears.
    std::optional<Route> drawnRoute_;
    bool compact_ = false;
    ui::DragToScroll dragToScroll_;
};

}  // namespace dc::app
