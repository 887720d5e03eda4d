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

SaveResult SessionService::addWalkIn(std::string_view sessionId, Participant& walkIn) {
    SaveResult result;
    result.problems = validate(ctx_.store, walkIn);
    if (!result.ok()) return result;
    Participant saved = walkIn;  // the caller's copy changes only once the commit succeeded
    const int64_t now = ctx_.clock.nowMs();
    Transaction tx(ctx_.store.db());
    ctx_.store.put(saved, ctx_.coachId, now);
    Attendance attendance;
    attendance.sessionId = std::string(sessionId);
    attendance.participantId = saved.meta.id;
    attendance.walkIn = true;
    // Checked inside the transaction, where the new participant already exists.
    result.problems = validate(ctx_.store, attendance);
    if (!result.ok()) return result;  // rolls the participant back too
    ctx_.store.put(attendance, ctx_.coachId, now);
    tx.commit();
    walkIn = std::move(saved);
    result.id = attendance.meta.id;
    return result;
}

SaveResult SessionService::countAnonymous(std::string_view sessionId, int64_t delta) {
    std::optional<GroupSession> session = ctx_.store.find<GroupSession>(sessionId);
    SaveResult result;
    if (!session || session->meta.deleted) {
        result.problems.push_back({"session_id", "problem.unknown_session"});
        return result;
    }
    session->anonymousCount = std::max<int64_t>(0, session->anonymousCount + delta);
    return saveRecord(ctx_, *session);
}

bool SessionService::removeAttendance(std::string_view attendanceId) {
    return deleteRecord<Attendance>(ctx_, attendanceId);
}

std::vector<SkillsScreening> ScreeningService::forParticipant(std::string_view participantId) {
    return ctx_.store.where<SkillsScreening>("participant_id = ? ORDER BY screened_on, rowid", participantId);
}

}  // namespace dc
