// The outbox: every saved version waits here, in the same transaction as the save, until
// the hub has acknowledged it or refused it. This file owns every query on it; sync/
// asks for batches and reports answers, and runs no SQL of its own.
#pragma once

#include "model/store.hpp"

#include <string>
#include <vector>

namespace dc {

// One record waiting to be pushed: the newest entry's seq covers every older one.
struct OutboxEntry {
    std::string recordType;
    std::string recordId;
    int64_t maxSeq = 0;
};

// The oldest waiting entries after `afterSeq`, one per record, and the highest seq read:
// every entry in (afterSeq, lastSeq] belongs to one of these records.
struct OutboxBatch {
    std::vector<OutboxEntry> records;
    int64_t afterSeq = 0;
    int64_t lastSeq = 0;
};

struct WaitingByType {
    std::string recordType;
    int64_t records = 0;
};

// A version the hub refused, kept aside with its reason; it never blocks the queue.
struct SetAsideRecord {
    std::string recordType;
    std::string recordId;
    int64_t version = 0;
    std::string reason;  // the hub's reason code, "forbidden:<rule>" for a refused write
    int64_t setAsideAtMs = 0;
};

class Outbox {
public:
    explicit Outbox(Store& store) : store_(store), db_(store.db()) {}

    // Called by the store inside the save's transaction.
    static void enqueue(Database& db, const char* recordType, const std::string& recordId, int64_t version,
                        int64_t nowMs);

    OutboxBatch oldest(int limit) { return oldestAfter(0, limit); }
    // The batch after one still on its way to the hub (the entries past its lastSeq), so
    // the next can be read while the hub applies the last.
    OutboxBatch oldestAfter(int64_t afterSeq, int limit);
    // The record's entries up to its seq leave the queue.
    void acknowledge(const OutboxEntry& entry);
    // Every entry of the batch's range (afterSeq, lastSeq] leaves at once (the whole batch
    // was acknowledged): entries before it that an earlier batch left unanswered, and newer
    // ones such as an edit saved while the batch was on its way, stay.
    void acknowledgeBatch(const OutboxBatch& batch);
    // The hub refused `version`: it leaves the queue and waits aside with the reason.
    void setAside(const OutboxEntry& entry, int64_t version, const std::string& reason, int64_t nowMs);
    // Puts a set-aside version back in the queue, e.g. after the hub was fixed. A version
    // refused as clock_ahead is first stamped again with `nowMs` when that is earlier than
    // its stamp: the laptop's clock has been put right, and the old stamp would be refused
    // again until the wrong clock's time came round.
    void retry(const SetAsideRecord& record, int64_t nowMs);

    int64_t count();
    std::vector<WaitingByType> countByType();
    std::vector<SetAsideRecord> setAsideRecords();

private:
    Store& store_;
    Database& db_;
};

}  // namespace dc
