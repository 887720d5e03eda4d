// One sync round: push the outbox in batches, then pull pages of changes since the saved
// cursor, then a coordinator's conflict log. The round is a sequence of steps that say
// which request comes next and act on its answer, so the same round runs on a laptop's
// sync thread (syncOnce, libcurl) and in a browser's frame loop (FrameSyncWorker, fetch).
// It runs on whichever thread drives it, on that thread's own Store.
#pragma once

#include "model/conflicts.hpp"
#include "model/envelope.hpp"
#include "model/store.hpp"
#include "sync/http_client.hpp"  // the laptops' transport for syncOnce; it names no curl type

#include <cstdint>
#include <memory>
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

// One round over `store`, one request at a time, driven by a loop such as
//     while (auto request = round.nextRequest()) round.takeAnswer(transport.perform(*request));
// It stops at the first transport or hub failure; what was acknowledged before it stays
// acknowledged. A failure of the local database ends the round as HubError, with the
// detail "local storage: ...".
class SyncRound {
public:
    explicit SyncRound(Store& store, const SyncLimits& limits = {});
    ~SyncRound();
    SyncRound(const SyncRound&) = delete;
    SyncRound& operator=(const SyncRound&) = delete;

    // The next request, or nothing once the round is over. Each request must be answered
    // (takeAnswer) before the next is asked for.
    std::optional<HttpRequest> nextRequest();
    // Work the round can do while its request is on the way: reading and writing the
    // next push batch while the hub applies this one. Optional; it only saves time.
    void prepareWhileWaiting();
    void takeAnswer(const HttpResult& answer);
    bool done() const;
    // The counts so far; once done, with the problem and the outbox entries left.
    SyncReport report() const;

private:
    struct Progress;
    std::unique_ptr<Progress> progress_;
};

// Pushes everything waiting, then pulls: a whole SyncRound over a blocking transport.
SyncReport syncOnce(Store& store, HttpTransport& client, const SyncLimits& limits = {});

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

// The cheap probe before a round, answered without a token.
HttpRequest healthRequest();
// None when the probe's answer says the hub is there, else what stands in the way.
SyncProblem probeProblem(const HttpResult& healthAnswer);
// Only the health probe, waited for.
SyncProblem probeHub(HttpTransport& client);

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
