// The services the screens, the CLI and the hub call. Each user action is one
// transaction that writes the records and their outbox entries together.
#pragma once

#include "model/clock.hpp"
#include "model/store.hpp"

#include <string>
#include <vector>

namespace dc {

// A rule the input breaks. `messageKey` names the translated text a coach reads
// ("problem.loan_needs_due_date"); `field` names the form field it belongs to.
struct Problem {
    std::string field;
    std::string messageKey;
};

struct SaveResult {
    std::string id;  // the saved record's id when ok()
    std::vector<Problem> problems;
    bool ok() const { return problems.empty(); }
    bool hasProblem(std::string_view messageKey) const;
};

// Who is acting and when: every service call is made on behalf of one coach.
struct ServiceContext {
    Store& store;
    const Clock& clock;
    std::string coachId;
    // The language reference names (categories, groups, organisations) are read in.
    std::string language = "nl";
};

// ---- Validation (pure reads; services call them before writing) ----
// A Belgian phone number as people write it: mobile 04xx xx xx xx, landline 0z xxx xx xx,
// each also with +32 or 0032; or a foreign number with its country code. Incomplete
// numbers ("0470 12 34") are not valid.
bool isValidPhone(std::string_view phone);
std::vector<Problem> validate(Store& store, const Participant& p);
std::vector<Problem> validate(Store& store, const HelpRequest& h);
std::vector<Problem> validate(Store& store, const Device& d);
std::vector<Problem> validate(Store& store, const DeviceHandout& h);
std::vector<Problem> validate(Store& store, const GroupSession& s);
std::vector<Problem> validate(Store& store, const Attendance& a);
std::vector<Problem> validate(Store& store, const SkillsScreening& s);
std::vector<Problem> validate(Store& store, const Coach& c);
std::vector<Problem> validate(Store& store, const Neighbourhood& n);
std::vector<Problem> validate(Store& store, const Organisation& o);
std::vector<Problem> validate(Store& store, const TargetGroup& t);
std::vector<Problem> validate(Store& store, const HelpCategory& c);
std::vector<Problem> validate(Store& store, const Project& p);

// Validates and saves one record of any type as one transaction. `record` gets
// its id and new version on success and is unchanged otherwise.
template <class R>
SaveResult saveRecord(ServiceContext& ctx, R& record);
// Marks a record deleted (a tombstone that sync carries); returns false if unknown.
template <class R>
bool deleteRecord(ServiceContext& ctx, std::string_view id);

// ---- Read models for the screens ----
struct ParticipantSummary {
    std::string id;
    std::string pseudonym;
    std::string neighbourhood;  // name
    std::string targetGroups;   // names, comma separated
    std::string ageBand;
    std::string searchText;     // lower-cased pseudonym + neighbourhood + groups
    bool forgotten = false;     // erased on request: no pseudonym left to show
};

struct HelpRequestRow {
    std::string id;
    std::string occurredAt;
    std::string participant;  // pseudonym, empty when anonymous
    std::string category;     // "Top / Sub"
    std::string channel;
    int64_t durationMinutes = 0;
    std::string outcome;
    OptionalDate followUpOn;
};

struct LoanRow {
    std::string handoutId;
    std::string deviceId;
    std::string device;       // model and asset tag
    std::string participant;  // pseudonym
    std::string handedOutOn;
    OptionalDate dueOn;
    int daysOverdue = 0;
};

// A device as the hand-out form offers it.
struct DeviceChoice {
    Device device;
    std::string lastHandedOutOn;  // empty when it never went out
    std::string searchText;       // folded model, asset tag and kind code
};

struct CategoryChoice {
    std::string id;
    std::string label;  // "Top / Sub" or "Top"
    int64_t timesUsed = 0;
};

struct TimelineEntry {
    std::string date;  // sortable date or date-time
    std::string kind;  // "help_request", "loan", "donation", "session", "screening"
    std::string summary;
    std::string recordId;
};

class ParticipantService {
public:
    explicit ParticipantService(ServiceContext& ctx) : ctx_(ctx) {}
    SaveResult save(Participant& p) { return saveRecord(ctx_, p); }
    std::optional<Participant> find(std::string_view id) { return ctx_.store.find<Participant>(id); }
    std::vector<ParticipantSummary> summaries();
    std::vector<TimelineEntry> timeline(std::string_view participantId);

private:
    ServiceContext& ctx_;
};

// Lower-cased with the accents of Dutch and French names folded ("Zoë" -> "zoe"): the
// form every search text and query is compared in.
std::string foldForSearch(std::string_view text);
// True when `searchText` (already folded) holds every word of `query`.
bool matchesEveryWord(std::string_view searchText, std::string_view query);

// Indexes into `all` whose searchText contains every word of `query` (case-insensitive).
std::vector<std::size_t> searchParticipants(const std::vector<ParticipantSummary>& all, std::string_view query,
                                            std::size_t limit = SIZE_MAX);

// Type-ahead over one loaded list: a keystroke that only narrows the query (a letter
// or a word added) looks only among the hits of the query it extends, and a backspace
// returns to the hits that query had, so typing stays fast at 20,000 people. Call
// load() whenever the list itself is (re)loaded.
class ParticipantSearch {
public:
    // Copies the list's search texts into one buffer and forgets earlier queries, so the
    // first keystroke only reads.
    void load(const std::vector<ParticipantSummary>& all);
    // The same indexes searchParticipants(all, query) returns, for the list last loaded.
    const std::vector<std::size_t>& find(const std::vector<ParticipantSummary>& all, std::string_view query);

private:
    struct Step {
        std::vector<std::string> words;
        std::vector<std::size_t> hits;
    };
    // A full scan reads one buffer instead of 20,000 separately allocated strings.
    std::vector<std::size_t> scanTexts(const std::vector<std::string>& words) const;
    // Each step narrows the one before it: the queries typed since the last full scan.
    std::vector<Step> steps_;
    // Every searchText of the list end to end, each followed by '\n' (never in a folded
    // text, so no word matches across two people), and where each one ends.
    std::string texts_;
    std::vector<std::size_t> textEnds_;
};

class HelpRequestService {
public:
    explicit HelpRequestService(ServiceContext& ctx) : ctx_(ctx) {}
    // A new request prefilled with now and the coach's last channel, neighbourhood and
    // project. A coach without requests yet gets their team's current project.
    HelpRequest draftWithDefaults();
    SaveResult save(HelpRequest& h) { return saveRecord(ctx_, h); }
    std::optional<HelpRequest> find(std::string_view id) { return ctx_.store.find<HelpRequest>(id); }
    std::vector<HelpRequestRow> onDate(std::string_view date);
    std::vector<HelpRequestRow> followUpsDue(std::string_view today);
    // Subcategories, most used by this coach first, then in taxonomy order.
    std::vector<CategoryChoice> categoryChoices();

private:
    // The project the coach's teammates named last within kTeamProjectDays, if any.
    OptionalId teamProject();
    static constexpr int kTeamProjectDays = 90;
    ServiceContext& ctx_;
};

class DeviceService {
public:
    explicit DeviceService(ServiceContext& ctx) : ctx_(ctx) {}
    SaveResult save(Device& d) { return saveRecord(ctx_, d); }
    std::vector<Device> devices(std::string_view statusFilter = {});
    // Lends or gives away a device: the handout and the device's new status in one transaction.
    SaveResult handOut(DeviceHandout& handout);
    SaveResult markReturned(std::string_view handoutId, std::string_view returnedOn, std::string_view condition);
    std::vector<LoanRow> openLoans(std::string_view today);
    std::vector<LoanRow> overdueLoans(std::string_view today);
    std::optional<DeviceHandout> handout(std::string_view handoutId) { return ctx_.store.find<DeviceHandout>(handoutId); }
    // Every device for the hand-out form: the available ones first, among them the ones
    // handed out most recently (the coach's usual stock), then by model and tag.
    std::vector<DeviceChoice> choices();

private:
    ServiceContext& ctx_;
};

class SessionService {
public:
    explicit SessionService(ServiceContext& ctx) : ctx_(ctx) {}
    SaveResult save(GroupSession& s) { return saveRecord(ctx_, s); }
    std::vector<GroupSession> sessions();  // newest first
    std::vector<Attendance> attendance(std::string_view sessionId);
    // One tap: registers a participant as present; a second tap is a no-op.
    SaveResult checkIn(std::string_view sessionId, std::string_view participantId, bool walkIn);
    // Someone who walks in without a record: their new participant record and their
    // check-in are written in one transaction, so neither stands without the other.
    // `walkIn` gets its id on success; the result's id is the attendance's.
    SaveResult addWalkIn(std::string_view sessionId, Participant& walkIn);
    // Adds `delta` to the anonymous head count, never below 0. Reads the stored count, so
    // two quick taps count twice even when the screen still shows the older number.
    SaveResult countAnonymous(std::string_view sessionId, int64_t delta);
    // Takes back a check-in made by mistake: a tombstone, so the removal syncs too.
    bool removeAttendance(std::string_view attendanceId);

private:
    ServiceContext& ctx_;
};

class ScreeningService {
public:
    explicit ScreeningService(ServiceContext& ctx) : ctx_(ctx) {}
    SaveResult save(SkillsScreening& s) { return saveRecord(ctx_, s); }
    std::vector<SkillsScreening> forParticipant(std::string_view participantId);  // oldest first

private:
    ServiceContext& ctx_;
};

// Reference lists seeded from the annual reports; editable and synced.
class ReferenceService {
public:
    explicit ReferenceService(ServiceContext& ctx) : ctx_(ctx) {}
    template <class R>
    std::vector<R> list() { return ctx_.store.all<R>(); }
    template <class R>
    SaveResult save(R& r) { return saveRecord(ctx_, r); }
    // Fills empty reference tables with the Ghent lists; safe to call at every start.
    void seedDefaults();

private:
    ServiceContext& ctx_;
};

}  // namespace dc

namespace dc {
// The id a seeded reference item gets on every laptop and on the hub.
std::string seededId(std::string_view kind, std::string_view name);
}  // namespace dc
