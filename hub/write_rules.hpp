// Who may write what on the hub (docs/sync-protocol.md, "Who may write what"). The
// rules are written once here, above storage: they ask a WriteFacts for what the
// store knows, so another store (PostgreSQL, say) only has to answer the same questions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/envelope.hpp"

namespace dc::hub {

enum class Role { Coach, Coordinator };
const char* roleName(Role role);
std::optional<Role> roleFromName(std::string_view name);

// The holder of a token: the coach named when the token was made, the token's role
// and the coach's teams. The role comes from the token only, never from a record.
struct Principal {
    std::string coach;
    Role role = Role::Coach;
    std::vector<std::string> teams;
    std::string token;  // which of the coach's tokens: its stored hash
};

// The token a laptop id is bound to.
struct OriginOwner {
    std::string coach;
    std::string token;  // the token's stored hash
    bool tokenRevoked = false;
};

// An updated_at further ahead of the hub's clock than this is a laptop clock that is
// wrong; accepting it would make that version win every conflict for as long.
inline constexpr int64_t kMaxClockAheadMs = 24LL * 60 * 60 * 1000;

// What the rules need to know about a stored record.
struct StoredRecord {
    std::string type;
    Revision revision;
    std::string author;
    bool deleted = false;
    nlohmann::json data = nlohmann::json::object();
    std::string pushedBy;  // the coach who pushed this version; empty before the hub knew
};

// Questions the rules ask the store. Answers reflect the store inside the push's
// transaction, so a binding made by an earlier record of the same batch counts.
class WriteFacts {
public:
    virtual ~WriteFacts() = default;
    // The coach an author id (a coach record id) belongs to, once bound.
    virtual std::optional<std::string> coachOfAuthor(std::string_view author) = 0;
    // The token (and its coach) a laptop id is bound to, once bound.
    virtual std::optional<OriginOwner> ownerOfOrigin(std::string_view origin) = 0;
    virtual std::vector<std::string> teamsOf(std::string_view coach) = 0;
    virtual std::optional<StoredRecord> findRecord(std::string_view id) = 0;
};

// Why a write is refused: `reason` is the result's reason code (forbidden,
// clock_ahead, erased); `rule` names the rule for `forbidden`.
struct Refusal {
    std::string reason;
    std::string rule;
};

// Rule names a `forbidden` refusal carries; the laptop words each for the coach.
namespace rule {
inline constexpr const char* kAuthor = "author";                       // claims another coach's authorship
inline constexpr const char* kOrigin = "origin";                       // a laptop id bound to another token
inline constexpr const char* kNotYours = "not_yours";                  // neither theirs nor their team's
inline constexpr const char* kCoordinatorsOnly = "coordinators_only";  // reference lists, deleting devices
inline constexpr const char* kOwnCoachRecord = "own_coach_record";     // other coach records, roles
}  // namespace rule

struct WriteDecision {
    std::optional<Refusal> refusal;
    // On acceptance: bind these ids to the writer (first use; a laptop id also to the
    // writer's new token after its old one was revoked).
    bool bindAuthor = false;
    bool bindOrigin = false;
};

// Decides one incoming version that is not a resend. `stored` is the hub's current
// version of the record, if any.
WriteDecision decideWrite(const Principal& writer, const Envelope& incoming, const std::optional<StoredRecord>& stored,
                          WriteFacts& facts, int64_t nowMs);

}  // namespace dc::hub
