// What every screen is handed each frame: the model services, the reference lists,
// navigation, and the queue of intents applied once drawing is done.
#pragma once

#include "model/clock.hpp"
#include "model/local_settings.hpp"
#include "model/services.hpp"
#include "platform/persist.hpp"
#include "sync/sync_worker.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
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

    // Bumped by the shell whenever the store's change signal moves (a save here, a pull
    // by the sync thread, another program), so screens know their read models are stale.
    int64_t dataVersion = 1;
    std::string today() const { return localDate(clock.nowMs()); }
    // Read once; Settings changes the stored value and this together, so no frame reads it.
    int autoLockMinutes = kDefaultAutoLockMinutes;

    // Reference lists, re-read when dataVersion changes.
    const std::vector<Neighbourhood>& neighbourhoods();
    const std::vector<TargetGroup>& targetGroups();
    const std::vector<Organisation>& organisations();
    const std::vector<Project>& projects();
    std::string neighbourhoodName(const OptionalId& id);

private:
    void refreshReferenceLists();
    int64_t referenceVersion_ = 0;
    std::vector<Neighbourhood> neighbourhoods_;
    std::vector<TargetGroup> targetGroups_;
    std::vector<Organisation> organisations_;
    std::vector<Project> projects_;
};

// A half-filled form kept in the store's secret settings (encrypted like personal
// fields, since notes name people) so closing the window or a crash loses nothing.
// Writes are throttled; flush() writes what is pending.
class Draft {
public:
    // At most this long after the last key a draft is on disk, so a crash a second after
    // typing loses nothing. The idle window wakes for it (nextWriteDueMs).
    static constexpr int64_t kMinIntervalMs = 400;

    Draft(Store& store, std::string formName) : store_(&store), key_("draft." + std::move(formName)) {}
    std::optional<nlohmann::json> load();
    void update(const nlohmann::json& value, int64_t nowMs);
    // Writes a pending draft once the throttle interval has passed; call every frame.
    void tick(int64_t nowMs);
    void flush();
    void clear();

    // When the earliest write that a draft ticked this frame is still waiting for is due,
    // so the window, which draws nothing while idle, wakes up to write it. Forget it
    // before a frame's drafts tick; they note it again while it is still pending.
    static std::optional<int64_t> nextWriteDueMs() { return nextWriteDueMs_; }
    static void forgetNextWriteDue() { nextWriteDueMs_.reset(); }

private:
    // Drafts live on the UI thread only: one value serves every form's draft.
    static inline std::optional<int64_t> nextWriteDueMs_;
    Store* store_;
    std::string key_;
    std::optional<std::string> pending_;
    std::string lastWritten_;
    int64_t lastWriteMs_ = 0;
};

// One form's record kept as a draft while it is filled in. A draft of a correction
// remembers which record it corrects, so resuming it saves a new version of that record
// instead of a second one.
template <class R>
class FormDraft {
public:
    FormDraft(Store& store, std::string formName) : store_(&store), draft_(store, std::move(formName)) {}
    // Call before drawing the form's fields, then afterFields once they are drawn.
    void beforeFields(const R& record) { before_ = fieldsToJson(record); }
    void afterFields(const R& record, int64_t nowMs) {
        nlohmann::json now = fieldsToJson(record);
        if (now != before_) {
            draft_.update(withEdits(std::move(now), record), nowMs);
            waiting_ = true;
        }
        draft_.tick(nowMs);
    }
    // Writes `record` at once, as when a lock sets an open form aside.
    void writeNow(const R& record, int64_t nowMs) {
        draft_.update(withEdits(fieldsToJson(record), record), nowMs);
        draft_.flush();
        waiting_ = true;
    }
    // The waiting draft as a record, or none (no draft, or the corrected record is gone).
    std::optional<R> load() {
        const std::optional<nlohmann::json> saved = draft_.load();
        if (!saved) return std::nullopt;
        R record;
        if (auto edits = saved->find(kEditsKey); edits != saved->end()) {
            std::optional<R> original = edits->is_string() ? store_->find<R>(edits->get<std::string>()) : std::nullopt;
            if (!original) return std::nullopt;
            record = std::move(*original);
        }
        try {
            fieldsFromJson(*saved, record);
        } catch (const nlohmann::json::exception&) {
            return std::nullopt;  // a draft that no longer fits is worth less than a working form
        }
        return record;
    }
    // Whether a draft is kept, in the store or about to be written.
    bool waiting() {
        if (!waiting_) waiting_ = draft_.load().has_value();
        return *waiting_;
    }
    void flush() { draft_.flush(); }
    void clear() {
        draft_.clear();
        waiting_ = false;
    }

private:
    static constexpr const char* kEditsKey = "$edits";
    static nlohmann::json withEdits(nlohmann::json fields, const R& record) {
        if (record.meta.version > 0) fields[kEditsKey] = record.meta.id;
        return fields;
    }
    Store* store_;
    Draft draft_;
    nlohmann::json before_;
    std::optional<bool> waiting_;
};

// Requests that cross from one screen to another; the shell carries them out.
enum class ShellAction { NewHelpRequest, EditHelpRequest, ResumeHelpRequestDraft, DiscardHelpRequestDraft, NewParticipant, LendDevice, NewGroupSession, ShowParticipant, Screen };

struct ShellRequest {
    ShellAction action;
    OptionalId recordId;  // the participant concerned, or the help request to edit
};

class JobRunner;
class JobStore;

// Calls back once what was committed so far is on persistent storage (true) or the
// storage refused it (false): platform::whenPersisted, or a test's stand-in.
using PersistFunction = std::function<void(std::function<void(bool stored)>)>;

struct AppContext {
    explicit AppContext(AppServices& services) : services(services) {}
    AppServices& services;
    // Work that would freeze a frame goes here (none in tests that draw no shell).
    JobRunner* jobs = nullptr;
    // The connection those jobs read and write through, never the UI's own.
    std::shared_ptr<JobStore> jobStore;
    bool compactLayout = false;
    std::vector<std::function<void()>> intents;
    std::optional<Route> requestedRoute;

    // Runs `intent` after this frame's drawing, when no list is being iterated.
    void later(std::function<void()> intent) { intents.push_back(std::move(intent)); }
    void navigate(Route route) { requestedRoute = route; }
    std::optional<ShellRequest> shellRequest;
    void request(ShellAction action, OptionalId recordId = std::nullopt) { shellRequest = ShellRequest{action, std::move(recordId)}; }
    // The sync worker's latest status (none before its first report) and "Sync now".
    const sync::SyncStatus* syncStatus = nullptr;
    std::function<void()> syncNow;
    PersistFunction whenPersisted = platform::whenPersisted;
    // The last copy to persistent storage was refused; the shell's notice offers to try again.
    bool storageRefused = false;
};

// "2024-03-05T14:20" -> "14:20"; other texts pass through.
std::string timeOfDay(std::string_view occurredAt);
// Participant languages offered as quick choices; any other code can still be stored.
inline constexpr std::array kParticipantLanguages{"nl", "fr", "en", "tr", "ar", "pl", "bg", "ro", "other"};

}  // namespace dc::app
