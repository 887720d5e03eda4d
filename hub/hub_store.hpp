// The hub's storage interface: the latest version of every record, the revisions it has
// seen (so a resent batch changes nothing), the conflict log, tokens and the audit log.
// The conflict rule, the write rules and the envelope codec run here, above the stores.
#pragma once

#include "hub/write_rules.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dc::hub {

inline constexpr int kProtocolVersion = 1;
// A push of this many typical records stays well under the body limit (about 700 bytes
// each); one durable commit per push is what bounds throughput, so batches are large.
inline constexpr std::size_t kMaxBatchRecords = 5000;
inline constexpr std::size_t kMaxBodyBytes = 8 * 1024 * 1024;
inline constexpr int kMaxPullLimit = 1000;

// A request the hub cannot act on; the server answers `httpStatus` with `code`.
struct RequestError {
    int httpStatus;
    std::string code;
    std::string message;
};

struct PullPage {
    nlohmann::json records = nlohmann::json::array();
    int64_t next = 0;
    bool more = false;
};

// One line of the audit log: who did what to how many records, and when.
struct AuditEntry {
    int64_t seq = 0;
    int64_t atMs = 0;
    std::string coach;
    std::string action;  // push (accepted), reject, refuse (forbidden), erase, pull, token_add, token_revoke
    int64_t recordCount = 0;
};

// A version that lost a conflict, as the conflict log keeps it.
struct ConflictEntry {
    int64_t seq = 0;  // numbered by the store
    std::string type;
    std::string id;
    StoredRecord loser;  // its data is emptied when it is about a forgotten person
    Revision winner;
    int64_t loggedAtMs = 0;
};

// A record as a pull serves it, with its place in the pull order.
struct PulledRecord {
    Envelope envelope;
    int64_t seq = 0;
};

// An active token: its stored hash (raw bytes), coach and role.
struct ActiveToken {
    std::string hash;
    std::string coach;
    Role role = Role::Coach;
};

// One push's writes, inside one transaction of the store. What counts as a resend, who
// wins a conflict and what is logged is decided above it, in HubStore::push.
class PushWriter : public WriteFacts {
public:
    // Whether this revision (id, version, origin) was accepted or lost before.
    virtual bool seenBefore(const Envelope& e) = 0;
    virtual void rememberRevision(const Envelope& e) = 0;
    virtual void bindAuthor(const std::string& author, const std::string& coach, int64_t nowMs) = 0;
    virtual void bindOrigin(const std::string& origin, const Principal& who, int64_t nowMs) = 0;
    // Stores `e` as the record's current version and gives it the next place in the pull order.
    virtual void putRecord(const Envelope& e, const std::string& pushedBy) = 0;
    virtual void logConflict(const ConflictEntry& entry) = 0;
    // GDPR Art. 17: a forgotten person's earlier versions must not survive in the conflict log.
    virtual void forgetConflictsAbout(const std::string& participantId) = 0;
    virtual void audit(const Principal& who, const char* action, int64_t recordCount, int64_t nowMs) = 0;
};

// Compares two token hashes in time that depends only on their length, so the
// answer's timing does not tell how much of a guessed token was right.
bool sameTokenHash(std::string_view a, std::string_view b);

// For both stores' coach pull, as SQL: the types every coach pulls whole ('organisations',
// ..., 'devices'): the reference lists, the coaches and the devices.
const std::string& typesEveryCoachPullsSql();

// "2026-11-25T08:01:02Z": UTC, so audit and access log lines read the same on any server.
std::string utcTime(int64_t epochMs);

// Where a hub keeps its data: a postgresql:// (or postgres://) URL, else a SQLite file path.
bool isPostgresUrl(std::string_view location);

// The links a record hangs on, kept beside it so pulls and rules need not read its data.
std::optional<std::string> linkedParticipant(const Envelope& e);
std::optional<std::string> linkedSession(const Envelope& e);

class HubStore {
public:
    virtual ~HubStore() = default;

    // Creates a token for a coach, stores only its hash and returns it once. `teams`
    // are added to the coach's teams (a coach in no team shares with nobody).
    std::string addToken(const std::string& coach, Role role, int64_t nowMs,
                         const std::vector<std::string>& teams = {});
    // Revokes every token of the coach; returns how many were active.
    virtual int revokeTokens(const std::string& coach, int64_t nowMs) = 0;
    // The holder of `token` with their teams, or nothing for an unknown or revoked token.
    std::optional<Principal> authenticate(std::string_view token);

    // Applies a push body; returns {"results": [...]} or throws RequestError.
    nlohmann::json push(const nlohmann::json& body, const Principal& who, int64_t nowMs);
    PullPage pull(int64_t since, int limit, const Principal& who, int64_t nowMs);
    nlohmann::json conflicts(int64_t since, int limit);
    // Refused writes per coach, from the audit log.
    virtual std::vector<std::pair<std::string, int64_t>> refusalsByCoach() = 0;

    virtual int64_t recordCount() = 0;
    virtual void audit(const Principal& who, const char* action, int64_t recordCount, int64_t nowMs) = 0;
    virtual std::vector<AuditEntry> auditEntries(int64_t sinceSeq = 0) = 0;
    // False once the connection behind this store is lost; a pool then opens another.
    virtual bool usable() const { return true; }

protected:
    // Token hashing and comparison need libsodium ready.
    HubStore();

    // Runs `apply` in one write transaction and commits what it wrote. `recordIds` are the
    // ids the push touches, for a store that locks them first. A store may run `apply`
    // again after losing a race with another writer; `apply` starts afresh each time.
    virtual void inPushTransaction(const std::vector<std::string>& recordIds,
                                   const std::function<void(PushWriter&)>& apply) = 0;
    // Records after `since` in pull order that `who` receives, at most `limit`.
    virtual std::vector<PulledRecord> pullRecords(int64_t since, int limit, const Principal& who) = 0;
    virtual std::vector<ConflictEntry> conflictEntries(int64_t since, int limit) = 0;
    virtual void saveToken(const std::string& hash, const std::string& coach, Role role, int64_t nowMs,
                           const std::vector<std::string>& teams) = 0;
    virtual std::vector<ActiveToken> activeTokens() = 0;
    virtual std::vector<std::string> teamsOf(const std::string& coach) = 0;
};

// Opens (and creates or upgrades) the store at `location` (see isPostgresUrl).
std::unique_ptr<HubStore> openHubStore(const std::string& location);

}  // namespace dc::hub
