// Conflicts: for coordinators, the versions that lost to another author's change of the
// same record, each beside the version that holds now, and "keep this one". Shown inside
// the Sync screen; the hub gives its conflict log to coordinators only, so a coach's
// laptop never has anything here.
#pragma once

#include "app/app_context.hpp"
#include "model/conflicts.hpp"

#include <optional>
#include <vector>

namespace dc::app {

struct ConflictsState {
    int64_t loadedVersion = -1;
    std::vector<OpenConflict> open;
    bool allFields = false;  // otherwise only the fields in which the two versions differ
    std::vector<Problem> problems;
    bool settledOne = false;
};

class ConflictsPanel {
public:
    void draw(AppContext& app);
    ConflictsState state;

private:
    void refresh(AppContext& app);
    void drawConflict(AppContext& app, const OpenConflict& conflict);
};

}  // namespace dc::app
