// The help request list.
#include "app/screens/help_requests.hpp"

#include "app/i18n.hpp"
#include "app/screens/today.hpp"
#include "app/widgets.hpp"

#include <imgui.h>

namespace dc::app {

void HelpRequestsScreen::drawContent(AppContext& app) {
    const std::string today = app.services.today();
    if (state.date.empty()) state.date = today;
    if (state.loadedDate != state.date || state.loadedVersion != app.services.dataVersion) {
        state.rows = app.services.helpRequests.onDate(state.date);
        state.loadedDate = state.date;
        state.loadedVersion = app.services.dataVersion;
    }
    ui::heading(tr("help_requests.title"));
    if (ui::button("help_requests.new", tr("help_requests.new"))) app.request(ShellAction::NewHelpRequest);

    ui::ChipFlow days;
    if (days.chip("help_requests.previous_day", tr("help_requests.previous_day"), false))
        state.date = addDays(state.date, -1);
    if (days.chip("help_requests.today", tr("common.today"), state.date == today)) state.date = today;
    if (state.date < today && days.chip("help_requests.next_day", tr("help_requests.next_day"), false))
        state.date = addDays(state.date, 1);

    ui::mutedText(trFormat("help_requests.count_on", {state.date, std::to_string(state.rows.size())}).c_str());
    ImGui::Separator();
    if (state.rows.empty()) ui::mutedText(tr("help_requests.none_on_day"));
    for (const HelpRequestRow& row : state.rows)
        if (drawHelpRequestRow(row, false)) app.request(ShellAction::EditHelpRequest, row.id);
}

}  // namespace dc::app
