// Every query on the outbox and on the records set aside from it.
#include "model/outbox.hpp"

#include <map>

namespace dc {

void Outbox::enqueue(Database& db, const char* recordType, const std::string& recordId, int64_t version,
                     int64_t nowMs) {
    Statement& insert =
        db.cached("INSERT INTO outbox (record_type, record_id, version, queued_at_ms) VALUES (?, ?, ?, ?)");
    insert.bind(1, recordType).bind(2, recordId).bind(3, version).bind(4, nowMs);
    insert.run();
}

OutboxBatch Outbox::oldestAfter(int64_t afterSeq, int limit) {
    Statement& q = db_.cached("SELECT seq, record_type, record_id FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?");
    q.bind(1, afterSeq).bind(2, limit);
    OutboxBatch batch;
    batch.afterSeq = afterSeq;
    std::map<std::pair<std::string, std::string>, std::size_t> index;
    while (q.step()) {
        const int64_t seq = q.integer(0);
        batch.lastSeq = seq;
        auto key = std::make_pair(q.text(1), q.text(2));
        if (auto it = index.find(key); it != index.end()) {
            batch.records[it->second].maxSeq = seq;
        } else {
            index.emplace(key, batch.records.size());
            batch.records.push_back({key.first, key.second, seq});
        }
    }
    q.reset();
    return batch;
}

void Outbox::acknowledge(const OutboxEntry& entry) {
    Statement& remove = db_.cached("DELETE FROM outbox WHERE record_type = ? AND record_id = ? AND seq <= ?");
    remove.bind(1, entry.recordType).bind(2, entry.recordId).bind(3, entry.maxSeq);
    remove.run();
}

void Outbox::acknowledgeBatch(const OutboxBatch& batch) {
    Statement& remove = db_.cached("DELETE FROM outbox WHERE seq > ? AND seq <= ?");
    remove.bind(1, batch.afterSeq).bind(2, batch.lastSeq);
    remove.run();
}

void Outbox::setAside(const OutboxEntry& entry, int64_t version, const std::string& reason, int64_t nowMs) {
    Statement& insert = db_.cached(
        "INSERT INTO sync_rejected (record_type, record_id, version, reason, rejected_at_ms) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT DO UPDATE SET reason = excluded.reason, rejected_at_ms = excluded.rejected_at_ms");
    insert.bind(1, entry.recordType).bind(2, entry.recordId).bind(3, version).bind(4, reason).bind(5, nowMs);
    insert.run();
    acknowledge(entry);
}

void Outbox::retry(const SetAsideRecord& record, int64_t nowMs) {
    Transaction tx(db_);
    Statement& remove = db_.cached("DELETE FROM sync_rejected WHERE record_type = ? AND record_id = ?");
    remove.bind(1, record.recordType).bind(2, record.recordId);
    remove.run();
    bool restamped = false;
    if (record.reason == "clock_ahead") {
        visitRecordType(record.recordType, [&]<class R>() {
            std::optional<R> current = store_.find<R>(record.recordId);
            if (current && current->meta.updatedAtMs > nowMs) {
                store_.restamp(*current, nowMs);
                restamped = true;
            }
        });
    }
    if (!restamped) enqueue(db_, record.recordType.c_str(), record.recordId, record.version, nowMs);
    tx.commit();
}

int64_t Outbox::count() { return db_.queryInteger("SELECT count(*) FROM outbox"); }

std::vector<WaitingByType> Outbox::countByType() {
    Statement& q = db_.cached(
        "SELECT record_type, count(DISTINCT record_id) FROM outbox GROUP BY record_type ORDER BY record_type");
    std::vector<WaitingByType> rows;
    while (q.step()) rows.push_back({q.text(0), q.integer(1)});
    q.reset();
    return rows;
}

std::vector<SetAsideRecord> Outbox::setAsideRecords() {
    Statement& q = db_.cached(
        "SELECT record_type, record_id, version, reason, rejected_at_ms FROM sync_rejected ORDER BY rejected_at_ms DESC");
    std::vector<SetAsideRecord> rows;
    while (q.step()) rows.push_back({q.text(0), q.text(1), q.integer(2), q.text(3), q.integer(4)});
    q.reset();
    return rows;
}

}  // namespace dc
