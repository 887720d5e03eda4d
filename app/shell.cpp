// The shell: layout, navigation and the per-frame intent queue.
#include "app/shell.hpp"

#include "model/privacy.hpp"

#include "app/i18n.hpp"
#include "app/theme.hpp"
#include "app/ui_probe.hpp"
#include "app/widgets.hpp"
#include "platform/fonts.hpp"
#include "platform/window.hpp"

#include <imgui.h>

#include <algorithm>

namespace dc::app {
namespace {

struct NavItem {
    Route route;
    const char* key;
};

constexpr NavItem kSideNavigation[] = {
    {Route::Today, trKey("nav.today")},       {Route::Participants, trKey("nav.participants")}, {Route::HelpRequests, trKey("nav.help_requests")},
    {Route::Devices, trKey("nav.devices")},   {Route::GroupSessions, trKey("nav.group_sessions")}, {Route::Screening, trKey("nav.screening")},
    {Route::Report, trKey("nav.report")},    {Route::Sync, trKey("nav.sync")},        {Route::Settings, trKey("nav.settings")},
};

constexpr NavItem kBottomTabs[] = {
    {Route::Today, trKey("nav.short.today")},
    {Route::Participants, trKey("nav.short.participants")},
    {Route::HelpRequests, trKey("nav.short.help_requests")},
    {Route::More, trKey("nav.short.more")},
};

constexpr NavItem kMoreItems[] = {
    {Route::Devices, trKey("nav.devices")},
    {Route::GroupSessions, trKey("nav.group_sessions")},
    {Route::Screening, trKey("nav.screening")},
    {Route::Report, trKey("nav.report")},
    {Route::Sync, trKey("nav.sync")},
    {Route::Settings, trKey("nav.settings")},
};

// The tab or navigation entry that is lit for a route.
Route navigationRoute(Route route, bool compact) {
    if (route == Route::HelpRequestForm) return Route::HelpRequests;
    if (compact && (route == Route::Devices || route == Route::GroupSessions || route == Route::Screening || route == Route::Report ||
                    route == Route::Sync || route == Route::Settings))
        return Route::More;
    return route;
}

}  // namespace

Shell::Shell(Store& store, const Clock& clock, std::filesystem::path i18nDirectory, JobRunner& jobs)
    : settings(appearance_), i18nDirectory_(std::move(i18nDirectory)), jobs_(jobs) {
    appearance_ = readAppearance(store);
    translator().load(i18nDirectory_, appearance_.language);
    const std::string coachId = ensureCoach(store, clock);
    services_ = std::make_unique<AppServices>(store, clock, coachId);
    services_->reference.seedDefaults();
    jobStore_ = std::make_shared<JobStore>(store.db().path(), store.cipher());
    purgeExpiredOnceADay(store);
    today.setDraftWaiting(helpRequestForm.hasDraft(*services_));
    seenChanges_ = store.changeSignal();
    // The worker wakes the idle main loop when it has news for the badge.
    sync_ = std::make_unique<SyncDriver>(store.db().path(), sync::HttpOptions{}, sync::BackoffPolicy{}, store.cipher(),
                                         platform::wakeEventLoop);
}

void Shell::advanceBackgroundWork() {
#ifdef __EMSCRIPTEN__
    if (sync_) sync_->tick(services_->clock.nowMs());
#endif
}

Shell::~Shell() {
    flushDrafts();
    jobStore_->close();
}

void Shell::purgeExpiredOnceADay(Store& store) {
    // Retention: personal fields of people not seen for the set period are purged at the
    // first start of each day. The period is counted in days, so a second run the same day
    // has nothing to add, while it reads every person's history: seconds at city scale,
    // so a job on its own connection does it, and the change signal shows the result.
    const int retentionMonths = static_cast<int>(store.integerSetting("privacy.retention_months", 24));
    const std::string purgeKey = services_->today() + "/" + std::to_string(retentionMonths);
    if (store.setting("privacy.purged") == purgeKey) return;
    jobs_.run(
        [jobStore = jobStore_, coachId = services_->context.coachId, nowMs = services_->clock.nowMs(), retentionMonths,
         purgeKey]() -> JobRunner::MainThreadStep {
            jobStore->use([&](Store& jobConnection) {
                const FixedClock startedAt(nowMs);
                ServiceContext context{jobConnection, startedAt, coachId};
                purgeExpiredPersonalData(context, retentionMonths);
                jobConnection.setSetting("privacy.purged", purgeKey);
            });
            return {};
        },
        // Not marked done, so the next start tries again; until then the coach sees why.
        [this, alive = std::weak_ptr<int>(alive_)](const std::string& reason) {
            if (!alive.expired()) purgeFailure_ = reason;
        });
}

std::string Shell::ensureCoach(Store& store, const Clock& clock) {
    if (auto id = store.setting(kSettingCoachId); id && !id->empty() && store.exists<Coach>(*id)) return *id;
    // First start on this laptop: a coach record the coach can rename in Settings.
    Coach coach;
    coach.meta.id = newUuid();
    coach.name = tr("coach.default_name");
    ServiceContext context{store, clock, coach.meta.id};
    SaveResult result = saveRecord(context, coach);
    if (!result.ok()) throw std::runtime_error("cannot create the coach record: " + result.problems.front().messageKey);
    store.setSetting(kSettingCoachId, coach.meta.id);
    return coach.meta.id;
}

bool Shell::applyAppearanceBetweenFrames() {
    bool fontsRebuilt = false;
    if (!applied_ || applied_->language != appearance_.language) {
        translator().load(i18nDirectory_, appearance_.language);
        // Reference names follow the language too: every list that holds them is read again.
        services_->context.language = appearance_.language;
        ++services_->dataVersion;
    }
    if (!applied_ || applied_->textScalePercent != appearance_.textScalePercent) {
        platform::loadUiFont(appearance_.textScalePercent);
        fontsRebuilt = true;
    }
    if (!applied_ || applied_->theme != appearance_.theme || applied_->textScalePercent != appearance_.textScalePercent)
        applyTheme(appearance_.theme, appearance_.textScalePercent);
    applied_ = appearance_;
    return fontsRebuilt;
}

Screen* Shell::screenFor(Route route) {
    switch (route) {
        case Route::Today: return &today;
        case Route::Participants: return &participants;
        case Route::HelpRequests: return &helpRequests;
        case Route::HelpRequestForm: return &helpRequestForm;
        case Route::Devices: return &devices;
        case Route::GroupSessions: return &groupSessions;
        case Route::Screening: return &screening;
        case Route::Report: return &report;
        case Route::Sync: return &syncScreen;
        case Route::Settings: return &settings;
        case Route::More: return nullptr;  // the shell's own list of the screens that do not fit the tabs
    }
    return nullptr;
}

void Shell::flushDrafts() {
    for (Screen* screen : allScreens()) screen->flushDraft();
}

void Shell::navigate(Route route) {
    // Leaving the form keeps its draft; coming back to the tab resumes it.
    if (route == Route::HelpRequestForm && !helpRequestForm.state.open) {
        AppContext app{*services_};
        helpRequestForm.start(app);
    }
    if (route == Route::Participants && route_ == Route::Participants)
        participants.state.mode = ParticipantsState::Mode::List;
    route_ = route;
}

void Shell::carryOut(AppContext& app, const ShellRequest& request) {
    switch (request.action) {
        case ShellAction::NewHelpRequest:
            helpRequestForm.start(app, request.recordId);
            route_ = Route::HelpRequestForm;
            break;
        case ShellAction::EditHelpRequest:
            if (request.recordId && helpRequestForm.edit(app, *request.recordId)) route_ = Route::HelpRequestForm;
            break;
        case ShellAction::ResumeHelpRequestDraft:
            if (helpRequestForm.resumeDraft(app)) route_ = Route::HelpRequestForm;
            today.setDraftWaiting(false);
            break;
        case ShellAction::DiscardHelpRequestDraft:
            helpRequestForm.discardDraft(*services_);
            today.setDraftWaiting(false);
            break;
        case ShellAction::NewParticipant:
            participants.startNew(app);
            route_ = Route::Participants;
            break;
        case ShellAction::ShowParticipant:
            if (request.recordId) participants.show(*request.recordId);
            route_ = Route::Participants;
            break;
        case ShellAction::LendDevice:
            devices.startLending();
            route_ = Route::Devices;
            break;
        case ShellAction::NewGroupSession:
            groupSessions.startNew(app);
            route_ = Route::GroupSessions;
            break;
        case ShellAction::Screen:
            screening.startFor(app, request.recordId);
            route_ = Route::Screening;
            break;
    }
}

void Shell::handleShortcuts(AppContext& app) {
    const ImGuiIO& io = ImGui::GetIO();
    // The first Esc in a text field only leaves the field, the next one goes back; a popup
    // handles its own Esc.
    if (!io.KeyCtrl && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false) && !ui::leaveTextFieldKeepingText() &&
        !ImGui::IsAnyItemActive() && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId))
        app.later([this, &app] { goBack(app); });
    if (!io.KeyCtrl) return;
    if (ImGui::IsKeyPressed(platform::letterKeyIndex('N'), false)) app.request(ShellAction::NewHelpRequest);
    Screen* screen = screenFor(route_);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) && screen) screen->saveFromKeyboard(app);
    if (ImGui::IsKeyPressed(platform::letterKeyIndex('F'), false) && !(screen && screen->focusOwnSearch())) {
        app.later([this] {
            route_ = Route::Participants;
            participants.state.mode = ParticipantsState::Mode::List;
            participants.focusSearch();
        });
    }
}

void Shell::goBack(AppContext& app) {
    if (Screen* screen = screenFor(route_); screen && screen->closeSubView()) return;
    const bool fromMoreList = compact_ && navigationRoute(route_, true) == Route::More && route_ != Route::More;
    route_ = fromMoreList ? Route::More : Route::Today;
    // A help request form left with Esc is offered again on Today.
    if (route_ == Route::Today) today.setDraftWaiting(helpRequestForm.hasDraft(app.services));
}

void Shell::drawSideNavigation(AppContext& app, float widthPx) {
    ImGui::BeginChild("navigation", ImVec2(widthPx, 0), true, ImGuiWindowFlags_NavFlattened);
    ui::heading(tr("app.title"));
    ImGui::Spacing();
    const Route lit = navigationRoute(route_, false);
    for (const NavItem& item : kSideNavigation) {
        const bool selected = lit == item.route;
        if (ImGui::Selectable(ui::labelWithId(tr(item.key), item.key).c_str(), selected, 0, ImVec2(0, touchTarget())))
            app.navigate(item.route);
        probe::noteLastItem(item.key);
    }
    ImGui::EndChild();
}

void Shell::drawBottomTabs(AppContext& app, float heightPx) {
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(4 * textScale(), 4 * textScale()));
    ImGui::BeginChild("tabs", ImVec2(0, heightPx), false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NavFlattened);
    const int count = static_cast<int>(std::size(kBottomTabs));
    const float spacing = 4 * textScale();
    const float tabWidth = (ImGui::GetContentRegionAvail().x - spacing * (count - 1)) / count;
    float widest = 0;
    for (const NavItem& item : kBottomTabs) widest = std::max(widest, ImGui::CalcTextSize(tr(item.key)).x);
    const Route lit = navigationRoute(route_, true);
    const ImVec2 buttonSize(tabWidth, ImGui::GetContentRegionAvail().y);
    if (tabsUseMenu()) {
        // Large text on a phone-sized window: one menu button instead of unreadable tabs.
        if (ImGui::Button(ui::labelWithId(tr("nav.short.menu"), "nav.short.menu").c_str(),
                          ImVec2(-1, buttonSize.y)))
            app.navigate(Route::More);
        probe::noteLastItem("nav.short.menu");
    } else {
        // Labels shrink a little to fit their tab rather than being cut off.
        ImGui::SetWindowFontScale(std::min(1.0f, (tabWidth - 2 * ImGui::GetStyle().FramePadding.x) / std::max(widest, 1.0f)));
        for (int i = 0; i < count; ++i) {
            const NavItem& item = kBottomTabs[i];
            if (i > 0) ImGui::SameLine(0, spacing);
            const bool selected = lit == item.route;
            if (selected) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
            if (ImGui::Button(ui::labelWithId(tr(item.key), item.key).c_str(), buttonSize)) app.navigate(item.route);
            probe::noteLastItem(item.key);
            if (selected) ImGui::PopStyleColor();
        }
        ImGui::SetWindowFontScale(1.0f);
    }
    ImGui::EndChild();
    ImGui::PopStyleVar();
}

bool Shell::tabsUseMenu() const {
    float widest = 0;
    for (const NavItem& item : kBottomTabs) widest = std::max(widest, ImGui::CalcTextSize(tr(item.key)).x);
    const float count = static_cast<float>(std::size(kBottomTabs));
    const float width = ImGui::GetMainViewport()->WorkSize.x - 2 * ImGui::GetStyle().WindowPadding.x - 8 * textScale();
    const float tabWidth = (width - 4 * textScale() * (count - 1)) / count;
    // Below this shrink tab labels are no longer legible; a menu button takes over.
    constexpr float kMinTabLabelScale = 0.8f;
    return (tabWidth - 2 * ImGui::GetStyle().FramePadding.x) / std::max(widest, 1.0f) < kMinTabLabelScale;
}

void Shell::drawMore(AppContext& app) {
    ui::heading(tr("nav.more_title"));
    // With a single menu button every destination is listed here, not only the extra ones.
    if (tabsUseMenu())
        for (const NavItem& item : kBottomTabs)
            if (item.route != Route::More && ui::bigButton(std::string("more.") + item.key, tr(item.key)))
                app.navigate(item.route);
    for (const NavItem& item : kMoreItems)
        if (ui::bigButton(std::string("more.") + item.key, tr(item.key))) app.navigate(item.route);
}

void Shell::drawPurgeFailure(AppContext& app) {
    ui::problemText(trFormat("shell.purge_failed", {*purgeFailure_}).c_str());
    if (ui::button("shell.purge_retry", tr("common.retry")))
        app.later([this] {
            purgeFailure_.reset();
            purgeExpiredOnceADay(services_->store);
        });
    ImGui::Separator();
}

// Above every screen: whatever the coach saves next is not kept either until this clears.
void Shell::drawStorageRefused(AppContext& app) {
    ui::problemText(tr("shell.storage_refused"));
    if (ui::button("shell.storage_retry", tr("common.retry"))) app.later(retryRefusedStorage);
    ImGui::Separator();
}

void Shell::drawRoute(AppContext& app, bool routeChanged) {
    if (routeChanged) ui::takeKeyboardNavigation();
    if (retryRefusedStorage) drawStorageRefused(app);
    if (purgeFailure_) drawPurgeFailure(app);
    Screen* screen = screenFor(route_);
    if (!screen) return drawMore(app);
    if (routeChanged) screen->onShow(app);
    screen->draw(app);
}

void Shell::drawFrame() {
    probe::beginFrame();
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float width = viewport->WorkSize.x;
    compact_ = width < kCompactWidthPx || width / textScale() < kCompactWidthPerScalePx;

    noticeChanges();
    AppContext app{*services_};
    app.jobs = &jobs_;
    app.jobStore = jobStore_;
    app.compactLayout = compact_;
    if (sync_)
        if (auto status = sync_->pollStatus()) syncStatus_ = status;
    app.syncStatus = syncStatus_ ? &*syncStatus_ : nullptr;
    app.syncNow = [this] {
        if (sync_) sync_->requestSync();
    };
    app.whenPersisted = whenPersisted;
    app.storageRefused = static_cast<bool>(retryRefusedStorage);
    handleShortcuts(app);

    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("##shell", nullptr, flags);
    // A screen that just opened takes the keyboard, so arrows move through it, not the side bar.
    const bool routeChanged = drawnRoute_ != route_;
    drawnRoute_ = route_;
    if (compact_) {
        // A form fills the screen on a phone; it has its own Cancel.
        const bool showTabs = route_ != Route::HelpRequestForm;
        const float tabsHeight = touchTarget() * 1.15f + 8 * textScale();
        ImGui::BeginChild("content", ImVec2(0, showTabs ? -tabsHeight - ImGui::GetStyle().ItemSpacing.y : 0), false, ImGuiWindowFlags_NavFlattened);
        drawRoute(app, routeChanged);
        ImGui::EndChild();
        if (showTabs) drawBottomTabs(app, tabsHeight);
    } else {
        const float navWidth = std::min(250.0f * textScale(), width * 0.3f);
        drawSideNavigation(app, navWidth);
        ImGui::SameLine();
        ImGui::BeginChild("content", ImVec2(0, 0), false, ImGuiWindowFlags_NavFlattened);
        drawRoute(app, routeChanged);
        ImGui::EndChild();
    }
    ImGui::End();
    dragToScroll_.update();

    // Intents run only now, after every list has been drawn.
    // An intent may queue another, so the list can grow while it runs.
    for (std::size_t i = 0; i < app.intents.size(); ++i) app.intents[i]();
    if (app.shellRequest) carryOut(app, *app.shellRequest);
    if (app.requestedRoute) navigate(*app.requestedRoute);
    noticeChanges();
}

void Shell::noticeChanges() {
    const Store::ChangeSignal now = services_->store.changeSignal();
    if (now == seenChanges_) return;
    ++services_->dataVersion;
    // Every save is pushed at once when the hub can be reached; what the sync thread
    // itself wrote only needs showing.
    if (sync_ && now.localRecordSaves != seenChanges_.localRecordSaves) sync_->requestSync();
    seenChanges_ = now;
}

}  // namespace dc::app
