// The Today screen.
#include "app/screens/today.hpp"

#include "app/screens/sync_screen.hpp"

#include "app/i18n.hpp"
#include "app/theme.hpp"
#include "app/ui_probe.hpp"
#include "app/widgets.hpp"

#include <imgui.h>

#include <algorithm>

namespace dc::app {

void TodayScreen::refresh(AppServices& services) {
    const std::string today = services.today();
    if (state.loadedVersion == services.dataVersion && state.loadedDate == today) return;
    state.todaysRequests = services.helpRequests.onDate(today);
    state.followUps = services.helpRequests.followUpsDue(today);
    state.overdueLoans = services.devices.overdueLoans(today);
    state.waitingToSync = services.store.outboxCount();
    state.loadedVersion = services.dataVersion;
    state.loadedDate = today;
}

bool drawHelpRequestRow(const HelpRequestRow& row, bool showDate) {
    ImGui::PushID(row.id.c_str());
    const std::string when = showDate ? row.occurredAt.substr(0, 10) + " " + timeOfDay(row.occurredAt) : timeOfDay(row.occurredAt);
    const std::string who = row.participant.empty() ? std::string(tr("common.anonymous")) : row.participant;
    const std::string title = when + "  " + row.category;
    const std::string detail = who + "  \xC2\xB7  " + trCode("channel", row.channel) + "  \xC2\xB7  " +
                               trFormat("common.minutes", {std::to_string(row.durationMinutes)}) + "  \xC2\xB7  " +
                               trCode("outcome", row.outcome);
    // The whole row is one target (mouse, finger, Enter) that opens the request for correction.
    const float wrapWidth = ImGui::GetContentRegionAvail().x;
    const float textHeight = ImGui::CalcTextSize(title.c_str(), nullptr, false, wrapWidth).y +
                             ImGui::GetStyle().ItemSpacing.y + ImGui::CalcTextSize(detail.c_str(), nullptr, false, wrapWidth).y;
    const ImVec2 rowStart = ImGui::GetCursorScreenPos();
    const bool opened = ImGui::Selectable("##row", false, 0, ImVec2(0, std::max(textHeight, touchTarget())));
    probe::noteLastItem("help_requests.row." + row.id);
    const ImVec2 rowEnd = ImGui::GetCursorScreenPos();
    ImGui::SetCursorScreenPos(rowStart);
    // The wrap position is in window coordinates, not screen ones: in a window that does
    // not start at the screen's left edge, the text ran past the row's right edge.
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrapWidth);
    ImGui::TextUnformatted(title.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colours().muted));
    ImGui::TextUnformatted(detail.c_str());
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
    ImGui::SetCursorScreenPos(rowEnd);
    ImGui::Separator();
    ImGui::PopID();
    return opened;
}

void TodayScreen::drawContent(AppContext& app) {
    refresh(app.services);

    // The sync badge: always visible, in plain words; a tap opens the Sync screen.
    const std::string badge =
        syncBadgeText(app.syncStatus ? std::optional(*app.syncStatus) : std::nullopt, state.waitingToSync);
    if (ui::linkButton("today.sync_badge", badge.c_str())) app.navigate(Route::Sync);

    if (state.draftWaiting) {
        switch (ui::draftNotice("today", tr("today.draft_waiting"))) {
            case ui::DraftChoice::Resume: app.request(ShellAction::ResumeHelpRequestDraft); break;
            case ui::DraftChoice::Discard: app.request(ShellAction::DiscardHelpRequestDraft); break;
            case ui::DraftChoice::None: break;
        }
    }

    // Two big actions per row when there is room, one per row on a phone-sized window.
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const bool twoColumns = ImGui::GetContentRegionAvail().x > 520 * textScale();
    const float width = twoColumns ? (ImGui::GetContentRegionAvail().x - spacing) / 2 : -1;
    struct BigAction {
        const char* id;
        ShellAction action;
    };
    const BigAction actions[] = {{trKey("today.new_help_request"), ShellAction::NewHelpRequest},
                                 {trKey("today.lend_device"), ShellAction::LendDevice},
                                 {trKey("today.start_session"), ShellAction::NewGroupSession},
                                 {trKey("today.new_participant"), ShellAction::NewParticipant}};
    for (int i = 0; i < 4; ++i) {
        if (twoColumns && i % 2 == 1) ImGui::SameLine();
        // Logging a help request is what a coach does most: it is the one filled button.
        if (ui::bigButton(actions[i].id, tr(actions[i].id), width, i == 0)) app.request(actions[i].action);
    }

    ImGui::Spacing();
    ui::heading(trFormat("today.entries_title", {std::to_string(state.todaysRequests.size())}).c_str());
    if (state.todaysRequests.empty()) ui::mutedText(tr("today.no_entries"));
    for (const HelpRequestRow& row : state.todaysRequests)
        if (drawHelpRequestRow(row, false)) app.request(ShellAction::EditHelpRequest, row.id);

    ImGui::Spacing();
    ui::heading(trFormat("today.follow_ups_title", {std::to_string(state.followUps.size())}).c_str());
    if (state.followUps.empty()) ui::mutedText(tr("today.no_follow_ups"));
    for (const HelpRequestRow& row : state.followUps) {
        ImGui::PushID(row.id.c_str());
        const std::string who = row.participant.empty() ? std::string(tr("common.anonymous")) : row.participant;
        const std::string line = trFormat("today.follow_up_line", {row.followUpOn.value_or(""), who, row.category});
        ImGui::TextWrapped("%s", line.c_str());
        ImGui::Separator();
        ImGui::PopID();
    }

    ImGui::Spacing();
    ui::heading(trFormat("today.overdue_title", {std::to_string(state.overdueLoans.size())}).c_str());
    if (state.overdueLoans.empty()) ui::mutedText(tr("today.no_overdue"));
    for (const LoanRow& loan : state.overdueLoans) {
        ImGui::PushID(loan.handoutId.c_str());
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colours().warning));
        const std::string line =
            trFormat("today.overdue_line", {loan.device, loan.participant, std::to_string(loan.daysOverdue)});
        ImGui::TextWrapped("%s", line.c_str());
        ImGui::PopStyleColor();
        ImGui::Separator();
        ImGui::PopID();
    }
}

}  // namespace dc::app
