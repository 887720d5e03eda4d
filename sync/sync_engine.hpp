// One sync round: push the outbox in batches, then pull pages of changes since
// the saved cursor. Runs on whichever thread calls it, on that thread's own Store.
#pragma once

#include "model/conflicts.hpp"
#include "model/envelope.hpp"
#include "model/store.hpp"
#include "sync/http_client.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dc::sync {

enum class SyncProblem {
    None,
    NotConfigured,  // no endpoint or token yet
    Offline,        // transport failure: retry with backoff
    UntrustedCertificate,  // the hub's TLS certificate was refused: nothing was sent
    Unauthorized,   // 401: the token is wrong or revoked
    HubError,       // 5xx or an answer we cannot read: retry with backoff
};

// The translation key of a problem, for the badge and the CLI.
const char* problemMessageKey(SyncProblem problem);

struct SyncReport {
    SyncProblem problem = SyncProblem::None;
    std::string detail;  // technical detail for logs; never record contents
    int64_t pushed = 0;    // accepted, already had or superseded (or a reference list left to coordinators)
    int64_t rejected = 0;  // set aside with the hub's reason
    int64_t pulled = 0;
    int64_t waiting = 0;   // outbox entries left after the round

    bool ok() const { return problem == SyncProblem::None; }
};

struct SyncLimits {
    // A hub that takes fewer answers 413 and the batch is halved until it fits.
    int pushBatchRecords = 2000;
    int pullPageRecords = 500;
    int conflictPageEntries = 200;
};

// Pushes everything waiting, then pulls. Stops at the first transport or hub
// failure; what was acknowledged before it stays acknowledged.
SyncReport syncOnce(Store& store, HttpClient& client, const SyncLimits& limits = {});

// One page of GET /v1/pull as the laptop reads it. Records the laptop cannot read (an
// unknown type, a malformed field) are left out, so a newer hub cannot stop a pull.
struct PulledPage {
    std::vector<Envelope> records;
    int64_t next = 0;
    bool more = false;
};
// Nothing when the answer is not a page: not JSON, no records array, no integer cursor.
std::optional<PulledPage> parsePullPage(std::string_view body);

// One page of GET /v1/conflicts. Entries the laptop cannot read are left out; nothing
// when the answer is not a page.
struct ConflictPage {
    std::vector<LoggedConflict> conflicts;
    int64_t newestSeq = 0;  // of every entry, read or left out: the cursor moves past both
    bool more = false;
};
std::optional<ConflictPage> parseConflictPage(std::string_view body, int requestedLimit);

// Only the health probe: None when the hub answers, else what stands in the way.
SyncProblem probeHub(HttpClient& client);

// The translation key that words a set-aside reason for the coach, or nothing for a
// reason this laptop does not know (then the hub's own text is shown).
std::optional<std::string> rejectionMessageKey(std::string_view reason);
// Local keys for the sync configuration and state. The token is a secret setting
// (Store::secretSetting): encrypted once the database has a passphrase.
inline constexpr const char* kEndpointSetting = "sync.endpoint";
inline constexpr const char* kTokenSetting = "sync.token";
inline constexpr const char* kCursorSetting = "sync.cursor";
inline constexpr const char* kLastSuccessSetting = "sync.last_success_ms";

}  // namespace dc::sync
