// Today: the big actions a coach starts from, what was logged today, follow-ups due,
// overdue loans and how much is waiting to be synced.
#pragma once

#include "app/app_context.hpp"
#include "app/screen.hpp"

namespace dc::app {

struct TodayState {
    int64_t loadedVersion = 0;
    std::string loadedDate;
    std::vector<HelpRequestRow> todaysRequests;
    std::vector<HelpRequestRow> followUps;
    std::vector<LoanRow> overdueLoans;
    int64_t waitingToSync = 0;
    bool draftWaiting = false;
};

class TodayScreen : public Screen {
public:
    TodayScreen() : Screen("today") {}
    void drawContent(AppContext& app) override;
    // Whether a help request draft is waiting; the shell knows, Today shows it.
    void setDraftWaiting(bool waiting) { state.draftWaiting = waiting; }
    TodayState state;

private:
    void refresh(AppServices& services);
};

bool drawHelpRequestRow(const HelpRequestRow& row, bool showDate);

}  // namespace dc::app
