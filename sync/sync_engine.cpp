// Push and pull by protocol v1 (docs/sync-protocol.md). An acknowledgement and the
// removal of its outbox entries commit together, so a crash between them means a
// resend, which the hub recognises as a duplicate: nothing lost, nothing doubled.
#include "sync/sync_engine.hpp"

#include "model/clock.hpp"
#include "model/envelope.hpp"
#include "model/outbox.hpp"

#include <algorithm>
#include <deque>
#include <stdexcept>
#include <map>
#include <optional>

namespace dc::sync {

namespace {

// What a non-2xx answer or a transport failure means for the round, with its detail.
std::pair<SyncProblem, std::string> classify(const HttpResult& r) {
    if (r.certificateRefused) return {SyncProblem::UntrustedCertificate, r.transportError};
    if (!r.transportOk) return {SyncProblem::Offline, r.transportError};
    if (r.status == 401) return {SyncProblem::Unauthorized, "the hub refused the token"};
    return {SyncProblem::HubError, "the hub answered HTTP " + std::to_string(r.status)};
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

// The outbox's next batch after `afterSeq` (0: from the start).
PreparedPush prepareBatchAfter(Store& store, int64_t afterSeq, int limit) {
    OutboxBatch batch = Outbox(store).oldestAfter(afterSeq, limit);
    std::vector<OutboxEntry> entries = std::move(batch.records);
    PreparedPush push = preparePush(store, std::move(entries));
    push.range = std::move(batch);
    push.wholeRange = true;
    return push;
}

enum class Stage { Push, Pull, Conflicts, Done };

}  // namespace

// Each push batch is acknowledged only for its own range of the outbox, after its own
// answer, so what the hub has not answered stays.
struct SyncRound::Progress {
    Store& store;
    SyncLimits limits;
    Stage stage = Stage::Push;
    SyncReport report;
    bool awaitingAnswer = false;
    int64_t outboxReadUpToSeq = 0;
    std::optional<PreparedPush> inFlight;
    std::optional<PreparedPush> readAhead;  // the range after inFlight's, read while it travels
    // Halves of a batch the hub found too large, sent before the outbox is read further.
    std::deque<std::vector<OutboxEntry>> halves;
    // Received records may reference others that arrive in a later page, so foreign
    // keys are checked by the hub's order, not per page.
    std::optional<Store::ForeignKeysOff> pullingWithoutForeignKeys;

    Progress(Store& s, const SyncLimits& l) : store(s), limits(l) {}

    void finish(SyncProblem problem, std::string detail) {
        if (problem == SyncProblem::None)
            store.setSetting(kLastSuccessSetting, std::to_string(SystemClock().nowMs()));
        end(problem, std::move(detail));
    }
    void end(SyncProblem problem, std::string detail) {
        stage = Stage::Done;
        pullingWithoutForeignKeys.reset();
        report.problem = problem;
        report.detail = std::move(detail);
        report.waiting = store.outboxCount();
    }
    // Ends the round on a failed request, keeping the counts of what the hub already
    // acknowledged in it: a round cut short after some batches still reports those as sent.
    void finishOn(const HttpResult& r) {
        auto [problem, detail] = classify(r);
        finish(problem, std::move(detail));
    }

    std::optional<HttpRequest> nextPush() {
        for (;;) {
            PreparedPush push;
            if (!halves.empty()) {
                push = preparePush(store, std::move(halves.front()));
                halves.pop_front();
            } else {
                push = readAhead ? std::move(*readAhead)
                                 : prepareBatchAfter(store, outboxReadUpToSeq, limits.pushBatchRecords);
                readAhead.reset();
                // A batch that read nothing has lastSeq 0: the outbox holds nothing more after it.
                if (push.range.lastSeq <= push.range.afterSeq) return std::nullopt;
                outboxReadUpToSeq = push.range.lastSeq;
            }
            if (push.sent.empty()) continue;
            HttpRequest request = HttpRequest::post("/v1/push", std::move(push.body));
            inFlight = std::move(push);
            return request;
        }
    }

    void settlePush(const HttpResult& r) {
        PreparedPush push = std::move(*inFlight);
        inFlight.reset();
        const int64_t now = SystemClock().nowMs();
        std::vector<OutboxEntry>& sent = push.sent;
        if (r.transportOk && r.status == 413) {
            if (sent.size() == 1) {
                Transaction tx(store.db());
                Outbox(store).setAside(sent.front(), push.versions.front(), "too large for the hub", now);
                tx.commit();
                ++report.rejected;
                return;
            }
            // Halve and retry: a batch of big records may fit in two.
            const auto middle = sent.begin() + static_cast<std::ptrdiff_t>(sent.size() / 2);
            halves.emplace_front(middle, sent.end());
            halves.emplace_front(sent.begin(), middle);
            return;
        }
        if (!r.ok()) return finishOn(r);
        nlohmann::json answer;
        try {
            answer = nlohmann::json::parse(r.body);
            if (!answer.contains("results") || !answer["results"].is_array() || answer["results"].size() != sent.size())
                throw std::runtime_error("results do not match the batch");
        } catch (const std::exception&) {
            return finish(SyncProblem::HubError, "the hub's answer to a push could not be read");
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
    }

    HttpRequest nextPull() {
        return HttpRequest::get("/v1/pull?since=" + std::to_string(store.integerSetting(kCursorSetting, 0)) +
                                "&limit=" + std::to_string(limits.pullPageRecords));
    }

    void applyPulledPage(const HttpResult& r) {
        if (!r.ok()) return finishOn(r);
        const std::optional<PulledPage> page = parsePullPage(r.body);
        if (!page) return finish(SyncProblem::HubError, "a page pulled from the hub could not be read");
        Transaction tx(store.db());
        for (const Envelope& e : page->records) {
            applyReceived(store, e);
            ++report.pulled;
        }
        store.setSetting(kCursorSetting, std::to_string(page->next));
        tx.commit();
        if (!page->more) {
            pullingWithoutForeignKeys.reset();
            stage = Stage::Conflicts;
        }
    }

    HttpRequest nextConflicts() {
        return HttpRequest::get("/v1/conflicts?since=" + std::to_string(ConflictLog(store).cursor()) +
                                "&limit=" + std::to_string(limits.conflictPageEntries));
    }

    // A coordinator's laptop keeps a copy of the hub's conflict log to settle offline. The
    // hub answers a coach's laptop 403: that laptop has nothing to fetch, and it is no failure.
    void keepConflictPage(const HttpResult& r) {
        if (r.transportOk && r.status == 403) return finish(SyncProblem::None, {});
        if (!r.ok()) return finishOn(r);
        const std::optional<ConflictPage> page = parseConflictPage(r.body, limits.conflictPageEntries);
        if (!page) return finish(SyncProblem::HubError, "a page of the conflict log could not be read");
        ConflictLog log(store);
        // Nothing readable moves the cursor: stop, not loop.
        if (page->newestSeq <= log.cursor()) return finish(SyncProblem::None, {});
        log.add(page->conflicts, page->newestSeq);
        if (!page->more) finish(SyncProblem::None, {});
    }

    std::optional<HttpRequest> next() {
        if (stage == Stage::Push) {
            if (std::optional<HttpRequest> push = nextPush()) return push;
            stage = Stage::Pull;
            pullingWithoutForeignKeys.emplace(store);
        }
        if (stage == Stage::Pull) return nextPull();
        if (stage == Stage::Conflicts) return nextConflicts();
        return std::nullopt;
    }

    void take(const HttpResult& answer) {
        if (stage == Stage::Push) settlePush(answer);
        else if (stage == Stage::Pull) applyPulledPage(answer);
        else if (stage == Stage::Conflicts) keepConflictPage(answer);
    }

    // A failing local database ends the round with its reason instead of leaving it half-way.
    template <class Step>
    auto guarded(Step step) -> decltype(step()) {
        try {
            return step();
        } catch (const DatabaseError& e) {
            end(SyncProblem::HubError, std::string("local storage: ") + e.what());
            return decltype(step())();
        }
    }
};

SyncRound::SyncRound(Store& store, const SyncLimits& limits) : progress_(std::make_unique<Progress>(store, limits)) {}

SyncRound::~SyncRound() = default;

std::optional<HttpRequest> SyncRound::nextRequest() {
    if (progress_->awaitingAnswer) throw std::logic_error("a sync round's request must be answered before the next");
    std::optional<HttpRequest> request = progress_->guarded([&] { return progress_->next(); });
    progress_->awaitingAnswer = request.has_value();
    return request;
}

void SyncRound::prepareWhileWaiting() {
    Progress& p = *progress_;
    if (p.stage != Stage::Push || !p.inFlight || !p.inFlight->wholeRange || !p.halves.empty() || p.readAhead) return;
    p.guarded([&] { p.readAhead = prepareBatchAfter(p.store, p.outboxReadUpToSeq, p.limits.pushBatchRecords); });
}

void SyncRound::takeAnswer(const HttpResult& answer) {
    if (!progress_->awaitingAnswer) throw std::logic_error("a sync round got an answer it did not ask for");
    progress_->awaitingAnswer = false;
    progress_->guarded([&] { progress_->take(answer); });
}

bool SyncRound::done() const { return progress_->stage == Stage::Done; }

SyncReport SyncRound::report() const { return progress_->report; }

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

HttpRequest healthRequest() { return HttpRequest::get("/v1/health"); }

SyncProblem probeProblem(const HttpResult& healthAnswer) {
    return healthAnswer.ok() ? SyncProblem::None : classify(healthAnswer).first;
}

}  // namespace dc::sync
