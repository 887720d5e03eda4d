// Push and pull by protocol v1 (docs/sync-protocol.md). An acknowledgement and the
// removal of its outbox entries commit together, so a crash between them means a
// resend, which the hub recognises as a duplicate: nothing lost, nothing doubled.
#include "sync/sync_engine.hpp"

#include "model/clock.hpp"
#include "model/envelope.hpp"
#include "model/outbox.hpp"

#include <algorithm>
#include <future>
#include <map>
#include <optional>

namespace dc::sync {

namespace {

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

// What a non-2xx answer or a transport failure means for the round, with its detail.
std::pair<SyncProblem, std::string> classify(const HttpResult& r) {
    if (r.certificateRefused) return {SyncProblem::UntrustedCertificate, r.transportError};
    if (!r.transportOk) return {SyncProblem::Offline, r.transportError};
    if (r.status == 401) return {SyncProblem::Unauthorized, "the hub refused the token"};
    return {SyncProblem::HubError, "the hub answered HTTP " + std::to_string(r.status)};
}

void stopRoundOn(SyncReport& report, const HttpResult& r) {
    auto [problem, detail] = classify(r);
    stopRound(report, problem, std::move(detail));
}

// A batch read from the outbox and written as the body of one push.
struct PreparedPush {
    OutboxBatch range;
    // Whether `sent` covers every entry of `range` (not so for a halved batch).
    bool wholeRange = false;
    std::vector<OutboxEntry> sent;
    std::vector<int64_t> versions;  // a rejection stores its version
    std::string body;
};

// Reads the records of `entries` and writes the push body. An entry without its record
// cannot be sent (it was never saved) and leaves the outbox here.
PreparedPush preparePush(Store& store, std::vector<OutboxEntry> entries) {
    PreparedPush push;
    nlohmann::json records = nlohmann::json::array();
    {
        Transaction tx(store.db());
        for (OutboxEntry& p : entries) {
            std::optional<Envelope> e = envelopeFor(store, p.recordType, p.recordId);
            if (!e) {
                Outbox(store).acknowledge(p);
                continue;
            }
            push.versions.push_back(e->version);
            records.push_back(toJson(*e));
            push.sent.push_back(std::move(p));
        }
        tx.commit();
    }
    if (push.sent.empty()) return push;
    nlohmann::json body = {{"protocol", 1}};
    body["records"] = std::move(records);
    push.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return push;
}

PreparedPush preparePush(Store& store, OutboxBatch batch) {
    std::vector<OutboxEntry> entries = std::move(batch.records);
    PreparedPush push = preparePush(store, std::move(entries));
    push.range = std::move(batch);
    push.wholeRange = true;
    return push;
}

bool pushEntries(Store& store, HttpClient& client, std::vector<OutboxEntry> entries, SyncReport& report);

// Acts on the hub's answer to `push`. Returns false with `report` filled when the round
// must stop.
bool settlePush(Store& store, HttpClient& client, PreparedPush& push, const HttpResult& r, SyncReport& report) {
    const int64_t now = SystemClock().nowMs();
    std::vector<OutboxEntry>& sent = push.sent;
    if (r.transportOk && r.status == 413) {
        if (sent.size() == 1) {
            Transaction tx(store.db());
            Outbox(store).setAside(sent.front(), push.versions.front(), "too large for the hub", now);
            tx.commit();
            ++report.rejected;
            return true;
        }
        // Halve and retry: a batch of big records may fit in two.
        const auto middle = sent.begin() + static_cast<std::ptrdiff_t>(sent.size() / 2);
        return pushEntries(store, client, {sent.begin(), middle}, report) &&
               pushEntries(store, client, {middle, sent.end()}, report);
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
    std::vector<const OutboxEntry*> acknowledged;
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
            if (reason == "forbidden" && rule == "coordinators_only" && isReferenceList(sent[i].recordType)) {
                // Reference lists come from coordinators: this laptop's copy (the seeded
                // defaults, mostly) is simply not sent, and is not set aside as a problem.
                acknowledged.push_back(&sent[i]);
                ++report.pushed;
                continue;
            }
            Outbox(store).setAside(sent[i], push.versions[i], rule.empty() ? reason : reason + ":" + rule, now);
            ++report.rejected;
        } else {
            // Anything else stays in the outbox and is sent again next round.
            everyRecordAnswered = false;
        }
    }
    if (push.wholeRange && everyRecordAnswered) {
        Outbox(store).acknowledgeBatch(push.range);
    } else {
        for (const OutboxEntry* p : acknowledged) Outbox(store).acknowledge(*p);
    }
    tx.commit();
    return true;
}

// One push, waited for: a halved batch.
bool pushEntries(Store& store, HttpClient& client, std::vector<OutboxEntry> entries, SyncReport& report) {
    PreparedPush push = preparePush(store, std::move(entries));
    if (push.sent.empty()) return true;
    const HttpResult r = client.postJson("/v1/push", push.body);
    push.body = std::string();
    return settlePush(store, client, push, r, report);
}

// Pushes everything waiting. While the hub applies one batch, the next is read and
// written on this thread: the request goes out from a helper thread, which touches
// neither the store nor the report. Each batch is acknowledged only for its own range
// of the outbox, after its own answer, so what the hub has not answered stays.
bool pushAll(Store& store, HttpClient& client, const SyncLimits& limits, SyncReport& report) {
    PreparedPush current = preparePush(store, Outbox(store).oldest(limits.pushBatchRecords));
    // A batch that read nothing has lastSeq 0: the outbox holds nothing more after it.
    while (current.range.lastSeq > current.range.afterSeq) {
        std::future<HttpResult> answer;
        if (!current.sent.empty())
            answer = std::async(std::launch::async, [&client, &body = current.body] { return client.postJson("/v1/push", body); });
        PreparedPush next = preparePush(store, Outbox(store).oldestAfter(current.range.lastSeq, limits.pushBatchRecords));
        if (answer.valid()) {
            const HttpResult r = answer.get();
            current.body = std::string();
            if (!settlePush(store, client, current, r, report)) return false;
        }
        current = std::move(next);
    }
    return true;
}

bool pullAll(Store& store, HttpClient& client, const SyncLimits& limits, SyncReport& report) {
    // Received records may reference others that arrive in a later page, so foreign
    // keys are checked by the hub's order, not per page.
    Store::ForeignKeysOff relaxed(store);
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

// A coordinator's laptop keeps a copy of the hub's conflict log to settle offline. The
// hub answers a coach's laptop 403: that laptop has nothing to fetch, and it is no failure.
bool fetchConflicts(Store& store, HttpClient& client, const SyncLimits& limits, SyncReport& report) {
    ConflictLog log(store);
    for (;;) {
        const HttpResult r = client.get("/v1/conflicts?since=" + std::to_string(log.cursor()) +
                                        "&limit=" + std::to_string(limits.conflictPageEntries));
        if (r.transportOk && r.status == 403) return true;
        if (!r.ok()) {
            stopRoundOn(report, r);
            return false;
        }
        const std::optional<ConflictPage> page = parseConflictPage(r.body, limits.conflictPageEntries);
        if (!page) {
            stopRound(report, SyncProblem::HubError, "a page of the conflict log could not be read");
            return false;
        }
        if (page->newestSeq <= log.cursor()) return true;  // nothing readable moves the cursor: stop, not loop
        log.add(page->conflicts, page->newestSeq);
        if (!page->more) return true;
    }
}

}  // namespace

std::optional<ConflictPage> parseConflictPage(std::string_view body, int requestedLimit) {
    nlohmann::json page;
    try {
        page = parseProtocolJson(body);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    const auto entries = page.is_object() ? page.find("conflicts") : page.end();
    if (!page.is_object() || entries == page.end() || !entries->is_array()) return std::nullopt;
    ConflictPage parsed;
    parsed.more = static_cast<int>(entries->size()) >= requestedLimit;
    for (const nlohmann::json& entry : *entries) {
        try {
            const nlohmann::json& loser = entry.at("loser");
            const nlohmann::json& winner = entry.at("winner");
            LoggedConflict c;
            c.hubSeq = entry.at("seq").get<int64_t>();
            parsed.newestSeq = std::max(parsed.newestSeq, c.hubSeq);
            c.recordType = entry.at("type").get<std::string>();
            c.recordId = entry.at("id").get<std::string>();
            c.loserVersion = loser.at("version").get<int64_t>();
            c.loserUpdatedAtMs = loser.at("updated_at").get<int64_t>();
            c.loserOrigin = loser.at("origin").get<std::string>();
            c.loserAuthor = loser.at("author").get<std::string>();
            c.loserDeleted = loser.at("deleted").get<bool>();
            c.loserData = loser.at("data");
            c.winnerVersion = winner.at("version").get<int64_t>();
            c.winnerOrigin = winner.at("origin").get<std::string>();
            c.loggedAtMs = entry.at("logged_at").get<int64_t>();
            if (!c.loserData.is_object() || !isKnownRecordType(c.recordType)) continue;
            parsed.conflicts.push_back(std::move(c));
        } catch (const nlohmann::json::exception&) {
            continue;  // a newer hub's entry this laptop cannot read must not stop the rest
        }
    }
    return parsed;
}

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
        case SyncProblem::UntrustedCertificate: return "sync.untrusted_certificate";
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

SyncProblem probeHub(HttpClient& client) {
    const HttpResult r = client.get("/v1/health");
    return r.ok() ? SyncProblem::None : classify(r).first;
}

SyncReport syncOnce(Store& store, HttpClient& client, const SyncLimits& limits) {
    if (client.options().baseUrl.empty() || client.options().token.empty())
        return failure(SyncProblem::NotConfigured, "no endpoint or token");
    SyncReport report;
    try {
        if (pushAll(store, client, limits, report) && pullAll(store, client, limits, report) &&
            fetchConflicts(store, client, limits, report))
            store.setSetting(kLastSuccessSetting, std::to_string(SystemClock().nowMs()));
    } catch (const DatabaseError& e) {
        report.problem = SyncProblem::HubError;
        report.detail = std::string("local storage: ") + e.what();
    }
    report.waiting = store.outboxCount();
    return report;
}

}  // namespace dc::sync
