// Group sessions with their check-ins, and skills screenings.
#include "model/services.hpp"

#include <algorithm>

namespace dc {

std::vector<GroupSession> SessionService::sessions() {
    std::vector<GroupSession> all = ctx_.store.all<GroupSession>();
    std::stable_sort(all.begin(), all.end(), [](const GroupSession& a, const GroupSession& b) { return a.heldOn > b.heldOn; });
    return all;
}

std::vector<Attendance> SessionService::attendance(std::string_view sessionId) {
    return ctx_.store.where<Attendance>("session_id = ? ORDER BY rowid", sessionId);
}

SaveResult SessionService::checkIn(std::string_view sessionId, std::string_view participantId, bool walkIn) {
    Statement& existing = ctx_.store.db().cached(
        "SELECT id FROM attendances WHERE session_id = ? AND participant_id = ? AND deleted = 0");
    existing.bind(1, sessionId).bind(2, participantId);
    SaveResult result;
    if (existing.step()) result.id = existing.text(0);
    existing.reset();
    if (!result.id.empty()) return result;  // a second tap changes nothing
    Attendance attendance;
    attendance.sessionId = std::string(sessionId);
    attendance.participantId = std::string(participantId);
    attendance.walkIn = walkIn;
    return saveRecord(ctx_, attendance);
}

std::vector<SkillsScreening> ScreeningService::forParticipant(std::string_view participantId) {
    return ctx_.store.where<SkillsScreening>("participant_id = ? ORDER BY screened_on, rowid", participantId);
}

}  // namespace dc
