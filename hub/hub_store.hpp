// The hub's storage: the latest version of every record, the revisions it has seen
// (so a resent batch changes nothing), the conflict log, tokens and the audit log.
#pragma once

#include "hub/write_rules.hpp"
#include "model/db.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
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

// Compares two token hashes in time that depends only on their length, so the
// answer's timing does not tell how much of a guessed token was right.
bool sameTokenHash(std::string_view a, std::string_view b);

// "2026-11-25T08:01:02Z": UTC, so audit and access log lines read the same on any server.
std::string utcTime(int64_t epochMs);

class HubStore {
public:
    explicit HubStore(const std::string& path);

    // Creates a token for a coach, stores only its hash and returns it once. `teams`
    // are added to the coach's teams (a coach in no team shares with nobody).
    std::string addToken(const std::string& coach, Role role, int64_t nowMs,
                         const std::vector<std::string>& teams = {});
    // Revokes every token of the coach; returns how many were active.
    int revokeTokens(const std::string& coach, int64_t nowMs);
    // The holder of `token` with their teams, or nothing for an unknown or revoked token.
    std::optional<Principal> authenticate(std::string_view token);

    // Applies a push body; returns {"results": [...]} or throws RequestError.
    nlohmann::json push(const nlohmann::json& body, const Principal& who, int64_t nowMs);
    PullPage pull(int64_t since, int limit, const Principal& who, int64_t nowMs);
    nlohmann::json conflicts(int64_t since, int limit);
    // Refused writes per coach, from the audit log.
    std::vector<std::pair<std::string, int64_t>> refusalsByCoach();

    int64_t recordCount();
    void audit(const Principal& who, const char* action, int64_t recordCount, int64_t nowMs);
    std::vector<AuditEntry> auditEntries(int64_t sinceSeq = 0);

private:
    Database db_;
};

}  // namespace dc::hub
