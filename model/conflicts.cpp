// Every query on the local copy of the hub's conflict log.
#include "model/conflicts.hpp"

#include "model/envelope.hpp"

#include <algorithm>

namespace dc {

namespace {

constexpr const char* kCursorSetting = "sync.conflicts_cursor";
constexpr std::string_view kTable = "sync_conflicts";

std::string sealContextId(int64_t hubSeq) { return std::to_string(hubSeq); }

// The fields of a record type in their declared order, the current value beside the other.
template <class R>
std::vector<ConflictField> sideBySide(const nlohmann::json& current, const nlohmann::json& other) {
    std::vector<ConflictField> fields;
    std::apply(
        [&](const auto&... f) {
            (
                [&] {
                    ConflictField row{f.name, current.value(f.name, nlohmann::json()), other.value(f.name, nlohmann::json())};
                    row.differs = row.current != row.other;
                    fields.push_back(std::move(row));
                }(),
                ...);
        },
        R::fields());
    return fields;
}

}  // namespace

int64_t ConflictLog::cursor() { return store_.integerSetting(kCursorSetting, 0); }

void ConflictLog::add(const std::vector<LoggedConflict>& page, int64_t newestSeq) {
    Database& db = store_.db();
    Transaction tx(db);
    Statement& insert = db.cached(
        "INSERT INTO sync_conflicts (hub_seq, record_type, record_id, participant_id, loser_version, "
        "loser_updated_at_ms, loser_origin, loser_author, loser_deleted, loser_data, winner_version, winner_origin, "
        "logged_at_ms, settled_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(hub_seq) DO NOTHING");
    for (const LoggedConflict& c : page) {
        std::optional<std::string> participantId;
        if (const auto it = c.loserData.find("participant_id"); it != c.loserData.end() && it->is_string())
            participantId = it->get<std::string>();
        insert.bind(1, c.hubSeq).bind(2, c.recordType).bind(3, c.recordId).bind(4, participantId);
        insert.bind(5, c.loserVersion).bind(6, c.loserUpdatedAtMs).bind(7, c.loserOrigin).bind(8, c.loserAuthor);
        insert.bind(9, c.loserDeleted).bind(10, store_.seal(kTable, sealContextId(c.hubSeq), "loser_data", c.loserData.dump()));
        insert.bind(11, c.winnerVersion).bind(12, c.winnerOrigin).bind(13, c.loggedAtMs);
        // A version written on this laptop won: its writer, a coordinator settling a conflict
        // or editing the record, has already chosen, so there is nothing left to ask.
        insert.bind(14, c.winnerOrigin == store_.deviceId() ? std::optional<int64_t>(c.loggedAtMs) : std::nullopt);
        insert.run();
    }
    store_.setSetting(kCursorSetting, std::to_string(std::max(cursor(), newestSeq)));
    tx.commit();
}

std::vector<OpenConflict> ConflictLog::open() {
    Statement& q = store_.db().cached(
        "SELECT max(hub_seq), record_type, record_id, loser_updated_at_ms, loser_deleted, loser_data, logged_at_ms, "
        "count(*) - 1 FROM sync_conflicts WHERE settled_at_ms IS NULL GROUP BY record_type, record_id ORDER BY 1");
    struct Row {
        OpenConflict conflict;
        std::string storedData;
    };
    std::vector<Row> rows;
    while (q.step()) {
        Row row;
        row.conflict.hubSeq = q.integer(0);
        row.conflict.recordType = q.text(1);
        row.conflict.recordId = q.text(2);
        row.conflict.otherUpdatedAtMs = q.integer(3);
        row.conflict.otherDeleted = q.integer(4) != 0;
        row.storedData = q.text(5);
        row.conflict.loggedAtMs = q.integer(6);
        row.conflict.olderVersions = q.integer(7);
        rows.push_back(std::move(row));
    }
    q.reset();

    std::vector<OpenConflict> conflicts;
    for (Row& row : rows) {
        OpenConflict& c = row.conflict;
        const nlohmann::json other = nlohmann::json::parse(
            store_.reveal(kTable, sealContextId(c.hubSeq), "loser_data", row.storedData), nullptr, false);
        nlohmann::json current = nlohmann::json::object();
        if (const std::optional<Envelope> e = envelopeFor(store_, c.recordType, c.recordId)) {
            c.currentOnLaptop = true;
            c.currentDeleted = e->deleted;
            c.currentUpdatedAtMs = e->updatedAtMs;
            current = e->data;
        }
        c.title = c.recordId.substr(0, 8);
        for (const char* naming : {"pseudonym", "name", "asset_tag", "theme"}) {
            const nlohmann::json& source = c.currentOnLaptop ? current : other;
            if (const auto it = source.find(naming); it != source.end() && it->is_string() && !it->get_ref<const std::string&>().empty()) {
                c.title = it->get<std::string>();
                break;
            }
        }
        const bool known = visitRecordType(c.recordType, [&]<class R>() {
            c.fields = sideBySide<R>(current, other.is_object() ? other : nlohmann::json::object());
        });
        if (known) conflicts.push_back(std::move(c));
    }
    return conflicts;
}

int64_t ConflictLog::openCount() {
    return store_.db().queryInteger(
        "SELECT count(*) FROM (SELECT 1 FROM sync_conflicts WHERE settled_at_ms IS NULL GROUP BY record_type, record_id)");
}

SaveResult ConflictLog::keep(ServiceContext& ctx, int64_t hubSeq, ConflictChoice choice) {
    SaveResult result;
    Statement& q = store_.db().cached(
        "SELECT record_type, record_id, loser_deleted, loser_data FROM sync_conflicts "
        "WHERE hub_seq = ? AND settled_at_ms IS NULL");
    q.bind(1, hubSeq);
    if (!q.step()) {
        q.reset();
        result.problems.push_back({"conflict", "conflicts.problem.already_settled"});
        return result;
    }
    const std::string type = q.text(0);
    const std::string id = q.text(1);
    const bool otherDeleted = q.integer(2) != 0;
    const std::string storedData = q.text(3);
    q.reset();

    const int64_t now = ctx.clock.nowMs();
    Transaction tx(store_.db());
    visitRecordType(type, [&]<class R>() {
        std::optional<R> record = store_.find<R>(id);
        if (!record) {
            result.problems.push_back({"conflict", "conflicts.problem.not_on_laptop"});
            return;
        }
        if (choice == ConflictChoice::Other) {
            const nlohmann::json other =
                nlohmann::json::parse(store_.reveal(kTable, sealContextId(hubSeq), "loser_data", storedData));
            fieldsFromJson(other, *record);
            record->meta.deleted = otherDeleted;
        }
        store_.put(*record, ctx.coachId, now);
        result.id = record->meta.id;
    });
    if (!result.ok()) return result;
    Statement& settle = store_.db().cached(
        "UPDATE sync_conflicts SET settled_at_ms = ? WHERE record_type = ? AND record_id = ? AND settled_at_ms IS NULL");
    settle.bind(1, now).bind(2, type).bind(3, id);
    settle.run();
    tx.commit();
    return result;
}

void sealConflictLog(Store& store) {
    std::vector<std::pair<int64_t, std::string>> rows;
    {
        Statement q = store.db().prepare("SELECT hub_seq, loser_data FROM sync_conflicts");
        while (q.step()) rows.emplace_back(q.integer(0), q.text(1));
    }
    Statement update = store.db().prepare("UPDATE sync_conflicts SET loser_data = ? WHERE hub_seq = ?");
    for (const auto& [hubSeq, data] : rows) {
        if (FieldCipher::looksEncrypted(data)) continue;
        update.bind(1, store.seal(kTable, sealContextId(hubSeq), "loser_data", data)).bind(2, hubSeq);
        update.run();
    }
}

}  // namespace dc
