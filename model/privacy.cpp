// Erasure, access and retention, driven by the Privacy::Personal marks in records.hpp.
#include "model/privacy.hpp"

#include "model/envelope.hpp"
#include "model/file_output.hpp"

namespace dc {

namespace {

template <class R>
void clearPersonalFields(R& record) {
    std::apply(
        [&](const auto&... f) {
            ((f.privacy == Privacy::Personal ? (void)(record.*(f.member) = {}) : void()), ...);
        },
        R::fields());
}

template <class R>
bool hasPersonalText(const R& record) {
    bool any = false;
    auto check = [&](const auto& f) {
        using Value = std::remove_cvref_t<decltype(record.*(f.member))>;
        if (f.privacy == Privacy::Personal && !(record.*(f.member) == Value{})) any = true;
    };
    std::apply([&](const auto&... f) { (check(f), ...); }, R::fields());
    return any;
}

// Records about a participant that carry personal text of their own.
template <class Visit>
void forEachRelatedType(Visit&& visit) {
    visit.template operator()<HelpRequest>();
    visit.template operator()<DeviceHandout>();
    visit.template operator()<SkillsScreening>();
}

}  // namespace

SaveResult forgetParticipant(ServiceContext& ctx, std::string_view participantId) {
    SaveResult result;
    std::optional<Participant> person = ctx.store.find<Participant>(participantId);
    if (!person || person->meta.deleted) {
        result.problems.push_back({"participant_id", "problem.unknown_participant"});
        return result;
    }
    const int64_t now = ctx.clock.nowMs();
    Transaction tx(ctx.store.db());
    forEachRelatedType([&]<class R>() {
        for (R& record : ctx.store.where<R>("participant_id = ?", participantId)) {
            if (!hasPersonalText(record)) continue;
            clearPersonalFields(record);
            ctx.store.put(record, ctx.coachId, now);
        }
    });
    clearPersonalFields(*person);
    person->consentScopes.clear();
    person->erasedOn = localDate(now);
    ctx.store.put(*person, ctx.coachId, now);
    tx.commit();
    result.id = person->meta.id;
    return result;
}

std::optional<nlohmann::json> exportParticipant(Store& store, std::string_view participantId) {
    const std::optional<Envelope> person = envelopeFor(store, Participant::table, participantId);
    if (!person) return std::nullopt;
    nlohmann::json out = {{"format", "digicoach-person-export"}, {"version", 1}, {"participant", toJson(*person)}};
    forEachRelatedType([&]<class R>() {
        nlohmann::json list = nlohmann::json::array();
        for (const R& record : store.where<R>("participant_id = ? ORDER BY rowid", participantId))
            list.push_back(toJson(*envelopeFor(store, R::table, record.meta.id)));
        out[R::table] = std::move(list);
    });
    nlohmann::json attendances = nlohmann::json::array();
    for (const Attendance& a : store.where<Attendance>("participant_id = ? ORDER BY rowid", participantId)) {
        nlohmann::json entry = toJson(*envelopeFor(store, Attendance::table, a.meta.id));
        if (const auto session = store.find<GroupSession>(a.sessionId)) {
            entry["session"] = {{"held_on", session->heldOn}, {"theme", session->theme}, {"place", session->place}};
        }
        attendances.push_back(std::move(entry));
    }
    out[Attendance::table] = std::move(attendances);
    return out;
}

std::filesystem::path writeParticipantExport(Store& store, std::string_view participantId,
                                             const std::filesystem::path& folder, std::string_view date) {
    const std::optional<nlohmann::json> exported = exportParticipant(store, participantId);
    if (!exported) throw std::runtime_error("no participant with this id");
    namespace fs = std::filesystem;
    fs::create_directories(folder);
    fs::permissions(folder, fs::perms::owner_all, fs::perm_options::replace);
    const fs::path path = folder / ("digicoach-export-" + std::string(date) + "-" + std::string(participantId) + ".json");
    writeFileReplacing(path, exported->dump(2) + "\n");
    return path;
}

std::string lastContactDate(Store& store, std::string_view participantId) {
    Statement& q = store.db().cached(
        "SELECT max(d) FROM ("
        " SELECT substr(occurred_at, 1, 10) AS d FROM help_requests WHERE participant_id = ?1 AND deleted = 0"
        " UNION ALL SELECT coalesce(returned_on, handed_out_on) FROM device_handouts WHERE participant_id = ?1 AND deleted = 0"
        " UNION ALL SELECT s.held_on FROM attendances a JOIN group_sessions s ON s.id = a.session_id"
        "   WHERE a.participant_id = ?1 AND a.deleted = 0"
        " UNION ALL SELECT screened_on FROM skills_screenings WHERE participant_id = ?1 AND deleted = 0"
        " UNION ALL SELECT coalesce(consent_date, '') FROM participants WHERE id = ?1)");
    q.bind(1, participantId);
    std::string date = q.step() ? q.optionalText(0).value_or("") : "";
    q.reset();
    return date;
}

int purgeExpiredPersonalData(ServiceContext& ctx, int months) {
    const std::string today = localDate(ctx.clock.nowMs());
    // Months are counted as 30.44 days: a day either way does not change the rule's intent.
    const std::string cutoff = addDays(today, -static_cast<int>(months * 30.44));
    std::vector<std::string> candidates;
    {
        Statement& q = ctx.store.db().cached(
            "SELECT id FROM participants WHERE deleted = 0 AND erased_on IS NULL");
        while (q.step()) candidates.push_back(q.text(0));
        q.reset();
    }
    int forgotten = 0;
    for (const std::string& id : candidates) {
        std::string last = lastContactDate(ctx.store, id);
        if (last.empty()) {
            const auto person = ctx.store.find<Participant>(id);
            last = person ? localDate(person->meta.createdAtMs) : today;
        }
        if (last < cutoff && forgetParticipant(ctx, id).ok()) ++forgotten;
    }
    return forgotten;
}

}  // namespace dc
