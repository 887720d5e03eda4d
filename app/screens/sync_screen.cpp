// The Sync screen: reads the sync read models and the worker's latest status.
#include "app/screens/sync_screen.hpp"

#include "app/i18n.hpp"
#include "app/ui_probe.hpp"
#include "app/widgets.hpp"
#include "model/clock.hpp"

#include <algorithm>

#include <imgui.h>
#include <imgui_stdlib.h>

namespace dc::app {

std::string syncBadgeText(const std::optional<sync::SyncStatus>& status, int64_t waiting) {
    using State = sync::SyncStatus::State;
    const std::string waitingText = waiting == 0 ? std::string(tr("today.sync_nothing_waiting"))
                                                 : trFormat("today.sync_waiting", {std::to_string(waiting)});
    if (!status) return waitingText;
    switch (status->state) {
        case State::Starting:
        case State::Syncing: return std::string(tr("sync.state.syncing")) + "  \xC2\xB7  " + waitingText;
        case State::UpToDate: {
            const std::string when = status->lastSuccessMs > 0 ? localDateTime(status->lastSuccessMs).substr(11) : "";
            return trFormat("sync.state.up_to_date", {when}) + "  \xC2\xB7  " + waitingText;
        }
        case State::Offline: return std::string(tr("sync.state.offline")) + "  \xC2\xB7  " + waitingText;
        case State::NeedsAttention: {
            // Short on the badge; the Sync screen says what to do.
            const char* label = status->problem == sync::SyncProblem::NotConfigured ? "sync.state.not_connected"
                                : status->problem == sync::SyncProblem::Unauthorized ? "sync.state.token_refused"
                                : status->problem == sync::SyncProblem::UntrustedCertificate
                                    ? "sync.state.certificate_refused"
                                    : "sync.state.hub_problem";
            return std::string(tr(label)) + "  \xC2\xB7  " + waitingText;
        }
    }
    return waitingText;
}

void SyncScreen::refresh(AppContext& app) {
    Store& store = app.services.store;
    if (!state.connectionLoaded) {
        state.endpoint = store.setting(sync::kEndpointSetting).value_or("");
        state.token = store.secretSetting(sync::kTokenSetting).value_or("");
        state.connectionLoaded = true;
    }
    // A push or pull by the sync thread moves the store's change signal like a save does.
    if (app.services.dataVersion == state.loadedVersion) return;
    state.loadedVersion = app.services.dataVersion;
    Outbox outbox(store);
    state.waitingCount = outbox.count();
    state.waiting = outbox.countByType();
    state.rejected = outbox.setAsideRecords();
    state.openConflicts = ConflictLog(store).openCount();
}

bool SyncScreen::closeSubView() {
    if (!state.showingConflicts) return false;
    state.showingConflicts = false;
    return true;
}

void SyncScreen::drawContent(AppContext& app) {
    refresh(app);
    if (state.showingConflicts) {
        if (ui::button("sync.back", tr("common.back"))) app.later([this] { closeSubView(); });
        conflicts.draw(app);
        return;
    }
    ui::heading(tr("sync.title"));
    ImGui::TextWrapped("%s", syncBadgeText(app.syncStatus ? std::optional(*app.syncStatus) : std::nullopt, state.waitingCount).c_str());
    if (app.syncStatus && app.syncStatus->problem != sync::SyncProblem::None)
        ImGui::TextWrapped("%s", tr(sync::problemMessageKey(app.syncStatus->problem)));
    if (app.syncStatus && !app.syncStatus->failure.empty())
        ui::mutedText(trFormat("sync.local_failure", {app.syncStatus->failure}).c_str());
    if (app.syncStatus && app.syncStatus->lastSuccessMs > 0) {
        std::string when = localDateTime(app.syncStatus->lastSuccessMs);
        if (when.size() > 10) when[10] = ' ';  // "YYYY-MM-DD HH:MM"; also avoids a GCC 12 false -Wrestrict
        ui::mutedText(trFormat("sync.last_success", {when}).c_str());
    }
    else
        ui::mutedText(tr("sync.never"));
    if (ui::bigButton("sync.now", tr("sync.now"), -1, true) && app.syncNow) app.later(app.syncNow);

    ImGui::Spacing();
    ui::heading(tr("sync.waiting_title"));
    if (state.waiting.empty()) ui::mutedText(tr("today.sync_nothing_waiting"));
    for (const WaitingByType& row : state.waiting)
        ImGui::TextWrapped("%s: %lld", trCode("record", row.recordType), static_cast<long long>(row.records));

    ImGui::Spacing();
    ui::heading(tr("sync.rejected_title"));
    if (state.rejected.empty()) ui::mutedText(tr("sync.none_rejected"));
    // A wrong clock is the laptop's problem, not the record's: said once, above the list.
    const bool clockAhead = std::any_of(state.rejected.begin(), state.rejected.end(),
                                        [](const SetAsideRecord& row) { return row.reason == "clock_ahead"; });
    if (clockAhead) ui::problemText(tr("sync.clock_ahead"));
    std::optional<SetAsideRecord> retry;
    for (const SetAsideRecord& row : state.rejected) {
        ImGui::PushID(row.recordId.c_str());
        const std::optional<std::string> reasonKey = sync::rejectionMessageKey(row.reason);
        ImGui::TextWrapped("%s %s (v%lld): %s", trCode("record", row.recordType), row.recordId.substr(0, 8).c_str(),
                           static_cast<long long>(row.version), reasonKey ? tr(*reasonKey) : row.reason.c_str());
        if (ui::button("sync.retry", tr("sync.retry"))) retry = row;
        ImGui::PopID();
    }
    if (retry) {
        app.later([&app, record = *retry, this] {
            Outbox(app.services.store).retry(record, app.services.clock.nowMs());
            state.loadedVersion = -1;
            if (app.syncNow) app.syncNow();
        });
    }

    if (state.openConflicts > 0) {
        ImGui::Spacing();
        ui::heading(tr("conflicts.title"));
        ImGui::TextWrapped("%s", trFormat("conflicts.waiting", {std::to_string(state.openConflicts)}).c_str());
        if (ui::button("sync.show_conflicts", tr("conflicts.show"))) app.later([this] {
            state.showingConflicts = true;
            conflicts.state.settledOne = false;
            conflicts.state.problems.clear();
        });
    }

    ImGui::Spacing();
    ui::heading(tr("sync.connection_title"));
    ui::textField("sync.endpoint", tr("sync.endpoint"), state.endpoint, "https://");
    ui::fieldLabel(tr("sync.token"));
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##sync.token", &state.token, ImGuiInputTextFlags_Password);  // a secret: never shown
    probe::noteLastItem("sync.token");
    if (ui::button("sync.save_connection", tr("sync.save_connection"))) {
        app.later([&app, this] {
            app.services.store.setSetting(sync::kEndpointSetting, state.endpoint);
            app.services.store.setSecretSetting(sync::kTokenSetting, state.token);
            state.connectionSaved = true;
            if (app.syncNow) app.syncNow();
        });
    }
    if (state.connectionSaved) ui::successText(tr("sync.connection_saved"));
}

}  // namespace dc::app
