// Sync: where the records stand (waiting, set aside by the hub), when the last sync
// succeeded, "Sync now", and the hub's address and token for this laptop.
#pragma once

#include "app/app_context.hpp"
#include "model/outbox.hpp"
#include "app/screen.hpp"
#include "app/screens/conflicts.hpp"
#include "sync/sync_engine.hpp"
#include "sync/sync_worker.hpp"

namespace dc::app {

// The one-line badge shown on Today and in the navigation: offline, syncing,
// N waiting, last success, or the problem in plain words.
std::string syncBadgeText(const std::optional<sync::SyncStatus>& status, int64_t waiting);

struct SyncScreenState {
    int64_t loadedVersion = -1;
    int64_t waitingCount = 0;
    std::vector<WaitingByType> waiting;
    std::vector<SetAsideRecord> rejected;
    std::string endpoint;
    std::string token;
    bool connectionLoaded = false;
    bool connectionSaved = false;
    int64_t openConflicts = 0;  // only a coordinator's laptop has any
    bool showingConflicts = false;
};

class SyncScreen : public Screen {
public:
    SyncScreen() : Screen("sync") {}
    void drawContent(AppContext& app) override;
    bool closeSubView() override;
    SyncScreenState state;
    ConflictsPanel conflicts;

private:
    void refresh(AppContext& app);
};

}  // namespace dc::app
