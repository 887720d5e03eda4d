// The help requests logged on one day, newest first, with day-by-day navigation.
#pragma once

#include "app/app_context.hpp"

namespace dc::app {

struct HelpRequestsState {
    std::string date;  // empty: today
    std::string loadedDate;
    int64_t loadedVersion = 0;
    std::vector<HelpRequestRow> rows;
};

class HelpRequestsScreen {
public:
    void draw(AppContext& app);
    void drawContent(AppContext& app);
    HelpRequestsState state;
};

}  // namespace dc::app
