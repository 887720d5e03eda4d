// The help requests logged on one day, newest first, with day-by-day navigation.
#pragma once

#include "app/app_context.hpp"
#include "app/screen.hpp"

namespace dc::app {

struct HelpRequestsState {
    std::string date;  // empty: today
    std::string loadedDate;
    int64_t loadedVersion = 0;
    std::vector<HelpRequestRow> rows;
};

class HelpRequestsScreen : public Screen {
public:
    HelpRequestsScreen() : Screen("help_requests") {}
    void drawContent(AppContext& app) override;
    HelpRequestsState state;
};

}  // namespace dc::app
