// Push and pull by protocol v1 (docs/sync-protocol.md). An acknowledgement and the
// removal of its outbox entries commit together, so a crash between them means a
// resend, which the hub recognises as a duplicate: nothing lost, nothing doubled.
#include "sync/sync_engine.hpp"

#include "model/clock.hpp"
#include "model/envelope.hpp"

#include <map>
#include <optional>

namespace dc::sync {

namespace {

struct Pending {
    std::string type;
    std::string id;
    int64_t maxSeq = 0;
};

// The oldest waiting entries, one per record, with the highest seq seen for each, and
// the highest seq read: every entry up to it belongs to one of these records.
struct PendingBatch {
    std::vector<Pending> records;
    int64_t lastSeq = 0;
};

PendingBatch oldestPending(Store& store, int limit) {
    Statement& q = store.db().cached("SELECT seq, record_type, record_id FROM outbox ORDER BY seq LIMIT ?");
    q.bind(1, limit);
    PendingBatch batch;
    std::vector<Pending>& pending = batch.records;
    std::map<std::pair<std::string, std::string>, std::size_t> index;
    while (q.step()) {
        const int64_t seq = q.integer(0);
        batch.lastSeq = seq;
        auto key = std::make_pair(q.text(1), q.text(2));
        auto it = index.find(key);
        if (it == index.end()) {
            index.emplace(key, pending.size());
            pending.push_back({key.first, key.second, seq});
        } else {
            pending[it->second].maxSeq = seq;
        }
    }
    q.reset();
    return batch;
}

void acknowledge(Store& store, const Pending& p) {
    Statement& remove = store.db().cached("DELETE FROM outbox WHERE record_type = ? AND record_id = ? AND seq <= ?");
    remove.bind(1, p.type).bind(2, p.id).bind(3, p.maxSeq);
    remove.run();
}

void setAside(Store& store, const Pending& p, int64_t version, const std::string& reason, int64_t nowMs) {
    Statement& insert = store.db().cached(
        "INSERT INTO sync_rejected (record_type, record_id, version, reason, rejected_at_ms) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT DO UPDATE SET reason = excluded.reason, rejected_at_ms = excluded.rejected_at_ms");
    insert.bind(1, p.type).bind(2, p.id).bind(3, version).bind(4, reason).bind(5, nowMs);
    insert.run();
    acknowledge(store, p);
}

SyncReport failure(SyncProblem problem, std::string detail) {
    SyncReport report;
    report.problem = problem;
    report.detail = std::move(detail);
    return report;
}

// Ends a round with `problem`, keeping the counts of what the hub already acknowledged
// in it: a round cut short after some batches still reports those as sent.
void stopRound(SyncReport& report, SyncProblem problem, std::string detail) {
    report.problem = problem;
    report.detail = std::move(detail);
}

// Classifies a non-2xx answer or a transport failure.
void stopRoundOn(SyncReport& report, const HttpResult& r) {
    if (!r.transportOk) return stopRound(report, SyncProblem::Offline, r.transportError);
    if (r.status == 401) return stopRound(report, SyncProblem::Unauthorized, "the hub refused the token");
    stopRound(report, SyncProblem::HubError, "the hub answered HTTP " + std::to_string(r.status));
}

// Removes every entry up to `lastSeq` at once, when each record of the batch that read
// them was acknowledged: one range delete instead of an index lookup per record. Newer
// entries (an edit saved while the batch was on its way) have higher seqs and stay.
void acknowledgeUpTo(Store& store, int64_t lastSeq) {
    Statement& remove = store.db().cached("DELETE FROM outbox WHERE seq <= ?");
    remove.bind(1, lastSeq);
    remove.run();
}

// Pushes one batch. Returns false with `report` filled when the round must stop.
// `lastSeq` is set when `batch` holds every entry up to it (not for a halved batch).
bool pushBatch(Store& store, HttpClient& client, std::vector<Pending> batch, SyncReport& report,
               std::optional<int64_t> lastSeq = std::nullopt) {
    const int64_t now = SystemClock().nowMs();
    nlohmann::json records = nlohmann::json::array();
    std::vector<Pending> sent;
    {
        Transaction tx(store.db());
        for (const Pending& p : batch) {
            std::optional<Envelope> e = envelopeFor(store, p.type, p.id);
            if (!e) {
                acknowledge(store, p);  // an entry without its record cannot be sent; it was never saved
                continue;
            }
            records.push_back(toJson(*e));
            sent.push_back(p);
        }
        tx.commit();
    }
    if (sent.empty()) return true;

    // Versions are read before `records` moves into the body; a rejection stores its version.
    std::vector<int64_t> versions;
    versions.reserve(records.size());
    for (const nlohmann::json& record : records) versions.push_back(record["version"].get<int64_t>());
    nlohmann::json body = {{"protocol", 1}};
    body["records"] = std::move(records);
    const HttpResult r = client.postJson(
        "/v1/push", body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    body = nlohmann::json();
    if (r.transportOk && r.status == 413) {
        if (sent.size() == 1) {
            Transaction tx(store.db());
            setAside(store, sent.front(), versions.front(), "too large for the hub", now);
            tx.commit();
            ++report.rejected;
            return true;
        }
        // Halve and retry: a batch of big records may fit in two.
        const auto middle = sent.begin() + static_cast<std::ptrdiff_t>(sent.size() / 2);
        return pushBatch(store, client, {sent.begin(), middle}, report) &&
               pushBatch(store, client, {middle, sent.end()}, report);
    }
    if (!r.ok()) {
        stopRoundOn(report, r);
        return false;
    }
    nlohmann::json answer;
    try {
        answer = nlohmann::json::parse(r.body);
        if (!answer.contains("results") || !answer["results"].is_array() || answer["results"].size() != sent.size())
            throw std::runtime_error("results do not match the batch");
    } catch (const std::exception&) {
        stopRound(report, SyncProblem::HubError, "the hub's answer to a push could not be read");
        return false;
    }
    Transaction tx(store.db());
    bool everyRecordAnswered = true;
    std::vector<const Pending*> acknowledged;
    for (std::size_t i = 0; i < sent.size(); ++i) {
        const nlohmann::json& result = answer["results"][i];
        const std::string status = result.value("status", "");
        if (status == "accepted" || status == "duplicate" || status == "superseded") {
            acknowledged.push_back(&sent[i]);
            ++report.pushed;
        } else if (status == "rejected") {
            const std::string reason = result.contains("reason") && result["reason"].is_string()
                                           ? result["reason"].get<std::string>()
                                           : "no reason given";
            const std::string rule =
                result.contains("rule") && result["rule"].is_string() ? result["rule"].get<std::string>() : "";
            if (reason == "forbidden" && rule == "coordinators_only" && isReferenceList(sent[i].type)) {
                // Reference lists come from coordinators: this laptop's copy (the seeded
                // defaults, mostly) is simply not sent, and is not set aside as a problem.
                acknowledged.push_back(&sent[i]);
                ++report.pushed;
                continue;
            }
            setAside(store, sent[i], versions[i], rule.empty() ? reason : reason + ":" + rule, now);
            ++report.rejected;
        } else {
            // Anything else stays in the outbox and is sent again next round.
            everyRecordAnswered = false;
        }
    }
    if (lastSeq && everyRecordAnswered) {
        acknowledgeUpTo(store, *lastSeq);
    } else {
        for (const Pending* p : acknowledged) acknowledge(store, *p);
    }
    tx.commit();
    return true;
}

// Received records may reference others that arrive in a later page, so foreign
// keys are checked by the hub's order, not per page, on this connection.
class ForeignKeysOff {
public:
    explicit ForeignKeysOff(Database& db) : db_(db) { db_.exec("PRAGMA foreign_keys = OFF"); }
    ~ForeignKeysOff() {
        try {
            db_.exec("PRAGMA foreign_keys = ON");
        } catch (const DatabaseError&) {
        }
    }
    ForeignKeysOff(const ForeignKeysOff&) = delete;
    ForeignKeysOff& operator=(const ForeignKeysOff&) = delete;

private:
    Database& db_;
};

bool pullAll(Store& store, HttpClient& client, const SyncLimits& limits, SyncReport& report) {
    ForeignKeysOff relaxed(store.db());
    for (;;) {
        const int64_t cursor = store.integerSetting(kCursorSetting, 0);
        const HttpResult r = client.get("/v1/pull?since=" + std::to_string(cursor) +
                                        "&limit=" + std::to_string(limits.pullPageRecords));
        if (!r.ok()) {
            stopRoundOn(report, r);
            return false;
        }
        const std::optional<PulledPage> page = parsePullPage(r.body);
        if (!page) {
            stopRound(report, SyncProblem::HubError, "a page pulled from the hub could not be read");
            return false;
        }
        Transaction tx(store.db());
        for (const Envelope& e : page->records) {
            applyReceived(store, e);
            ++report.pulled;
        }
        store.setSetting(kCursorSetting, std::to_string(page->next));
        tx.commit();
        if (!page->more) return true;
    }
}

}  // namespace

std::optional<PulledPage> parsePullPage(std::string_view body) {
    nlohmann::json page;
    try {
        page = parseProtocolJson(body);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    if (!page.is_object()) return std::nullopt;
    const auto records = page.find("records");
    const auto next = page.find("next");
    const auto more = page.find("more");
    if (records == page.end() || !records->is_array() || next == page.end() || !next->is_number_integer())
        return std::nullopt;
    if (more != page.end() && !more->is_boolean()) return std::nullopt;
    PulledPage pulled;
    pulled.next = next->get<int64_t>();
    pulled.more = more != page.end() && more->get<bool>();
    for (const nlohmann::json& item : *records) {
        std::string reason;
        if (std::optional<Envelope> e = parseEnvelope(item, reason)) pulled.records.push_back(std::move(*e));
    }
    return pulled;
}

const char* problemMessageKey(SyncProblem problem) {
    switch (problem) {
        case SyncProblem::None: return "sync.ok";
        case SyncProblem::NotConfigured: return "sync.not_configured";
        case SyncProblem::Offline: return "sync.offline";
        case SyncProblem::Unauthorized: return "sync.unauthorized";
        case SyncProblem::HubError: return "sync.hub_error";
    }
    return "sync.hub_error";
}

std::optional<std::string> rejectionMessageKey(std::string_view reason) {
    // Literal keys, so the translation check finds each of them.
    static constexpr std::pair<std::string_view, const char*> kKeys[] = {
        {"forbidden:author", "sync.reason.forbidden_author"},
        {"forbidden:origin", "sync.reason.forbidden_origin"},
        {"forbidden:not_yours", "sync.reason.forbidden_not_yours"},
        {"forbidden:coordinators_only", "sync.reason.forbidden_coordinators_only"},
        {"forbidden:own_coach_record", "sync.reason.forbidden_own_coach_record"},
        {"forbidden", "sync.reason.forbidden"},
        {"clock_ahead", "sync.reason.clock_ahead"},
        {"erased", "sync.reason.erased"},
        {"too large for the hub", "sync.reason.too_large"},
    };
    for (const auto& [code, key] : kKeys)
        if (reason == code) return std::string(key);
    return std::nullopt;
}

int64_t waitingCount(Store& store) { return store.outboxCount(); }

std::vector<WaitingByType> waitingByType(Store& store) {
    Statement& q = store.db().cached(
        "SELECT record_type, count(DISTINCT record_id) FROM outbox GROUP BY record_type ORDER BY record_type");
    std::vector<WaitingByType> rows;
    while (q.step()) rows.push_back({q.text(0), q.integer(1)});
    q.reset();
    return rows;
}

std::vector<RejectedRecord> rejectedRecords(Store& store) {
    Statement& q = store.db().cached(
        "SELECT record_type, record_id, version, reason, rejected_at_ms FROM sync_rejected ORDER BY rejected_at_ms DESC");
    std::vector<RejectedRecord> rows;
    while (q.step()) rows.push_back({q.text(0), q.text(1), q.integer(2), q.text(3), q.integer(4)});
    q.reset();
    return rows;
}

void retryRejected(Store& store, const RejectedRecord& record, int64_t nowMs) {
    Transaction tx(store.db());
    Statement& remove = store.db().cached("DELETE FROM sync_rejected WHERE record_type = ? AND record_id = ?");
    remove.bind(1, record.recordType).bind(2, record.recordId);
    remove.run();
    Statement& queue = store.db().cached(
        "INSERT INTO outbox (record_type, record_id, version, queued_at_ms) VALUES (?, ?, ?, ?)");
    queue.bind(1, record.recordType).bind(2, record.recordId).bind(3, record.version).bind(4, nowMs);
    queue.run();
    tx.commit();
}

bool hubReachable(HttpClient& client) { return client.get("/v1/health").ok(); }

SyncReport syncOnce(Store& store, HttpClient& client, const SyncLimits& limits) {
    if (client.options().baseUrl.empty() || client.options().token.empty())
        return failure(SyncProblem::NotConfigured, "no endpoint or token");
    SyncReport report;
    try {
        for (;;) {
            PendingBatch batch = oldestPending(store, limits.pushBatchRecords);
            if (batch.records.empty()) break;
            if (!pushBatch(store, client, std::move(batch.records), report, batch.lastSeq)) break;
        }
        if (report.ok() && pullAll(store, client, limits, report))
            store.setSetting(kLastSuccessSetting, std::to_string(SystemClock().nowMs()));
    } catch (const DatabaseError& e) {
        report.problem = SyncProblem::HubError;
        report.detail = std::string("local storage: ") + e.what();
    }
    report.waiting = waitingCount(store);
    return report;
}

}  // namespace dc::sync
