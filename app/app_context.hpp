// What every screen is handed each frame: the model services, the reference lists,
// navigation, and the queue of intents applied once drawing is done.
#pragma once

#include "model/clock.hpp"
#include "model/services.hpp"
#include "sync/sync_worker.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dc::app {

enum class Route { Today, Participants, HelpRequests, HelpRequestForm, Devices, GroupSessions, Screening, Report, Sync, Settings, More };

// The model services for one coach on one store. Not movable: the services keep a
// reference to `context`.
struct AppServices {
    AppServices(Store& store, const Clock& clock, std::string coachId);
    AppServices(const AppServices&) = delete;
    AppServices& operator=(const AppServices&) = delete;

    Store& store;
    const Clock& clock;
    ServiceContext context;
    ParticipantService participants;
    HelpRequestService helpRequests;
    DeviceService devices;
    SessionService sessions;
    ScreeningService screenings;
    ReferenceService reference;

    // Bumped after every write so screens know their cached read models are stale.
    int64_t dataVersion = 1;
    std::string today() const { return localDate(clock.nowMs()); }

    // Reference lists, re-read when dataVersion changes.
    const std::vector<Neighbourhood>& neighbourhoods();
    const std::vector<TargetGroup>& targetGroups();
    const std::vector<Organisation>& organisations();
    std::string neighbourhoodName(const OptionalId& id);

private:
    void refreshReferenceLists();
    int64_t referenceVersion_ = 0;
    std::vector<Neighbourhood> neighbourhoods_;
    std::vector<TargetGroup> targetGroups_;
    std::vector<Organisation> organisations_;
};

// A half-filled form kept in the store's secret settings (encrypted like personal
// fields, since notes name people) so closing the window or a crash loses nothing.
// Writes are throttled; flush() writes what is pending.
class Draft {
public:
    Draft(Store& store, std::string formName) : store_(&store), key_("draft." + std::move(formName)) {}
    std::optional<nlohmann::json> load();
    void update(const nlohmann::json& value, int64_t nowMs);
    // Writes a pending draft once the throttle interval has passed; call every frame.
    void tick(int64_t nowMs);
    void flush();
    void clear();

private:
    static constexpr int64_t kMinIntervalMs = 1000;
    Store* store_;
    std::string key_;
    std::optional<std::string> pending_;
    std::string lastWritten_;
    int64_t lastWriteMs_ = 0;
};

// Requests that cross from one screen to another; the shell carries them out.
enum class ShellAction { NewHelpRequest, ResumeHelpRequestDraft, DiscardHelpRequestDraft, NewParticipant, LendDevice, NewGroupSession, ShowParticipant, Screen };

struct ShellRequest {
    ShellAction action;
    OptionalId recordId;  // the participant concerned, when there is one
};

struct AppContext {
    explicit AppContext(AppServices& services) : services(services) {}
    AppServices& services;
    bool compactLayout = false;
    std::vector<std::function<void()>> intents;
    std::optional<Route> requestedRoute;

    // Runs `intent` after this frame's drawing, when no list is being iterated.
    void later(std::function<void()> intent) { intents.push_back(std::move(intent)); }
    void navigate(Route route) { requestedRoute = route; }
    std::optional<ShellRequest> shellRequest;
    void request(ShellAction action, OptionalId recordId = std::nullopt) { shellRequest = ShellRequest{action, std::move(recordId)}; }
    // Marks all read models stale; call after a successful save.
    void dataChanged() { ++services.dataVersion; }
    // The sync worker's latest status (none before its first report) and "Sync now".
    const sync::SyncStatus* syncStatus = nullptr;
    std::function<void()> syncNow;
};

// "2024-03-05T14:20" -> "14:20"; other texts pass through.
std::string timeOfDay(std::string_view occurredAt);
// Participant languages offered as quick choices; any other code can still be stored.
inline constexpr std::array kParticipantLanguages{"nl", "fr", "en", "tr", "ar", "pl", "bg", "ro", "other"};

}  // namespace dc::app
