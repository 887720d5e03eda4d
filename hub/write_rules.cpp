// The hub's write rules: identity (author and laptop ids), ownership and teams,
// coordinator-only lists, clocks and erasure.
#include "hub/write_rules.hpp"

#include <algorithm>

namespace dc::hub {

namespace {

bool isErased(const nlohmann::json& participantData) {
    const auto erasedOn = participantData.find("erased_on");
    return erasedOn != participantData.end() && !erasedOn->is_null();
}

std::string linkedId(const nlohmann::json& data, const char* key) {
    const auto found = data.find(key);
    return found != data.end() && found->is_string() ? found->get<std::string>() : std::string();
}

class Decider {
public:
    Decider(const Principal& writer, WriteFacts& facts) : writer_(writer), facts_(facts) {}

    // The writer themself, or a coach who shares one of the writer's teams.
    bool sharesWith(const std::optional<std::string>& coach) {
        if (!coach) return false;
        if (*coach == writer_.coach) return true;
        const std::vector<std::string> theirTeams = facts_.teamsOf(*coach);
        return std::any_of(writer_.teams.begin(), writer_.teams.end(), [&](const std::string& team) {
            return std::find(theirTeams.begin(), theirTeams.end(), team) != theirTeams.end();
        });
    }

    // True when the record `id` is of `type` and was written by the writer or a teammate.
    bool linkedRecordShared(const std::string& id, const char* type) {
        if (id.empty()) return false;
        const std::optional<StoredRecord> linked = facts_.findRecord(id);
        return linked && linked->type == type && sharesWith(facts_.coachOfAuthor(linked->author));
    }

    // May the writer change or delete `stored`, whose author belongs to `authorCoach`?
    // Their own records; of a teammate's, the people, the group sessions and the devices,
    // and what hangs on a teammate's person (or, for an attendance, session).
    bool mayChange(const StoredRecord& stored, const std::optional<std::string>& authorCoach) {
        if (authorCoach == writer_.coach) return true;
        if (stored.type == "participants" || stored.type == "group_sessions" || stored.type == "devices")
            return sharesWith(authorCoach);
        const std::string participant = linkedId(stored.data, "participant_id");
        if (stored.type == "help_requests" || stored.type == "device_handouts" || stored.type == "skills_screenings")
            return linkedRecordShared(participant, "participants");
        if (stored.type == "attendances")
            return linkedRecordShared(participant, "participants") ||
                   linkedRecordShared(linkedId(stored.data, "session_id"), "group_sessions");
        return false;
    }

private:
    const Principal& writer_;
    WriteFacts& facts_;
};

WriteDecision refuse(const char* reason, const char* ruleName = "") {
    WriteDecision decision;
    decision.refusal = Refusal{reason, ruleName};
    return decision;
}

}  // namespace

const char* roleName(Role role) { return role == Role::Coordinator ? "coordinator" : "coach"; }

std::optional<Role> roleFromName(std::string_view name) {
    if (name == "coach") return Role::Coach;
    if (name == "coordinator") return Role::Coordinator;
    return std::nullopt;
}

WriteDecision decideWrite(const Principal& writer, const Envelope& incoming, const std::optional<StoredRecord>& stored,
                          WriteFacts& facts, int64_t nowMs) {
    if (incoming.updatedAtMs > nowMs + kMaxClockAheadMs) return refuse("clock_ahead");
    // A forgotten person stays forgotten: only versions that keep the erasure and carry
    // no personal details are taken, for the person and for every record about them.
    if (stored && stored->type == "participants" && isErased(stored->data) &&
        (!isErased(incoming.data) || hasPersonalContent(incoming)))
        return refuse("erased");
    if (const std::string person = linkedId(incoming.data, "participant_id");
        !person.empty() && hasPersonalContent(incoming)) {
        const std::optional<StoredRecord> linked = facts.findRecord(person);
        if (linked && linked->type == "participants" && isErased(linked->data)) return refuse("erased");
    }

    WriteDecision decision;
    // A laptop id belongs to the token that first pushed from it. Another token is
    // refused, except the same coach's new token once the old one is revoked (a token
    // replaced on the same laptop).
    const std::optional<OriginOwner> origin = facts.ownerOfOrigin(incoming.origin);
    if (origin && origin->token != writer.token && !(origin->tokenRevoked && origin->coach == writer.coach))
        return refuse("forbidden", rule::kOrigin);
    decision.bindOrigin = !origin || origin->token != writer.token;

    std::optional<std::string> authorCoach = facts.coachOfAuthor(incoming.author);
    if (writer.role == Role::Coordinator) {
        // Coordinators keep the lists and correct anyone's records; a record they create
        // for an author nobody has claimed yet makes that author theirs.
        decision.bindAuthor = !stored && !authorCoach;
        return decision;
    }

    if (isReferenceList(incoming.type)) return refuse("forbidden", rule::kCoordinatorsOnly);

    if (!stored) {
        // A new record carries its writer as author: an id nobody claimed yet becomes
        // the writer's (a laptop's own coach record id), anyone else's is refused.
        if (authorCoach && *authorCoach != writer.coach) return refuse("forbidden", rule::kAuthor);
        decision.bindAuthor = !authorCoach;
        if (incoming.type == "coaches") {
            const bool ownRecord =
                incoming.id == incoming.author || facts.coachOfAuthor(incoming.id) == std::optional(writer.coach);
            if (!ownRecord || incoming.data.value("role", "") == "coordinator")
                return refuse("forbidden", rule::kOwnCoachRecord);
        }
        return decision;
    }

    // Authorship never changes after creation.
    if (incoming.author != stored->author) return refuse("forbidden", rule::kAuthor);
    if (!authorCoach) {
        // A record from before the hub knew authors: the laptop that wrote it claims it.
        const std::string& storedOrigin = stored->revision.originDeviceId;
        const std::optional<OriginOwner> storedOwner = facts.ownerOfOrigin(storedOrigin);
        if (storedOrigin == incoming.origin || (storedOwner && storedOwner->coach == writer.coach)) {
            authorCoach = writer.coach;
            decision.bindAuthor = true;
        }
    }

    if (incoming.type == "coaches") {
        // A coach changes only their own record, and not its role.
        const bool ownRecord = facts.coachOfAuthor(incoming.id) == std::optional(writer.coach) ||
                               (incoming.id == incoming.author && authorCoach == std::optional(writer.coach));
        if (!ownRecord || incoming.deleted || incoming.data.value("role", "") != stored->data.value("role", ""))
            return refuse("forbidden", rule::kOwnCoachRecord);
        return decision;
    }
    if (incoming.type == "devices" && incoming.deleted && !stored->deleted)
        return refuse("forbidden", rule::kCoordinatorsOnly);
    if (!Decider(writer, facts).mayChange(*stored, authorCoach)) return refuse("forbidden", rule::kNotYours);
    return decision;
}

}  // namespace dc::hub
