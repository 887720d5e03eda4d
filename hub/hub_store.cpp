// What every hub store shares: applying pushes by the conflict rule and the write rules,
// serving pulls through the envelope codec, the conflict log's shape, and tokens.
#include "hub/hub_store.hpp"

#include "hub/pg_hub_store.hpp"
#include "hub/sqlite_hub_store.hpp"
#include "model/envelope.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <ctime>

namespace dc::hub {

namespace {

std::string hashToken(std::string_view token) {
    std::array<unsigned char, crypto_generichash_BYTES> hash{};
    crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                       nullptr, 0);
    return {reinterpret_cast<const char*>(hash.data()), hash.size()};
}

bool isErasedPerson(const std::optional<StoredRecord>& person) {
    return person && person->type == "participants" && person->data.contains("erased_on") &&
           !person->data["erased_on"].is_null();
}

// The push's batch checks that need no store.
const nlohmann::json& batchOf(const nlohmann::json& body) {
    if (!body.is_object() || !body.contains("records") || !body["records"].is_array())
        throw RequestError{400, "bad_request", "the body must be an object with a \"records\" array"};
    if (body.contains("protocol") && body["protocol"] != kProtocolVersion)
        throw RequestError{400, "unsupported_protocol", "this hub speaks protocol version 1"};
    const nlohmann::json& records = body["records"];
    if (records.size() > kMaxBatchRecords)
        throw RequestError{413, "batch_too_large", "at most " + std::to_string(kMaxBatchRecords) + " records per push"};
    return records;
}

// Applies one push's records through `writer`; returns the results, one per record.
bool erasesPerson(const Envelope& e) {
    return e.type == "participants" && e.data.contains("erased_on") && !e.data["erased_on"].is_null();
}

// A laptop not yet updated edits a record without the fields added since (a project, say):
// the hub keeps their values instead of emptying them. Not for a deletion or an erasure,
// whose point is that nothing of the person stays.
void keepWhatTheSenderDoesNotKnow(Envelope& e, const std::vector<std::string>& notSent, const StoredRecord& stored) {
    if (e.deleted || erasesPerson(e)) return;
    for (const std::string& field : notSent)
        if (const auto kept = stored.data.find(field); kept != stored.data.end()) e.data[field] = *kept;
}

nlohmann::json applyBatch(const nlohmann::json& records, const Principal& who, int64_t nowMs, PushWriter& writer) {
    auto logLoser = [&](const std::string& type, const std::string& id, StoredRecord loser, const Revision& winner) {
        // A version about a forgotten person is logged without its contents.
        const std::string participantId =
            type == "participants" ? id : loser.data.value("participant_id", nlohmann::json()).is_string()
                                              ? loser.data["participant_id"].get<std::string>()
                                              : std::string();
        if (!participantId.empty() && isErasedPerson(writer.findRecord(participantId)))
            loser.data = nlohmann::json::object();
        writer.logConflict({0, type, id, std::move(loser), winner, nowMs});
    };
    // A version that loses to another coach's is always logged; between laptops of
    // one coach, only a concurrent edit (same or lower version from another laptop) is.
    auto anotherCoach = [](const StoredRecord& a, const StoredRecord& b) {
        return !a.pushedBy.empty() && !b.pushedBy.empty() && a.pushedBy != b.pushedBy;
    };

    nlohmann::json results = nlohmann::json::array();
    int64_t accepted = 0;
    int64_t erasures = 0;
    int64_t rejected = 0;
    int64_t refused = 0;
    for (const nlohmann::json& item : records) {
        std::string reason;
        std::optional<Envelope> e = parseEnvelope(item, reason);
        nlohmann::json result = {{"status", "rejected"}};
        if (item.is_object()) {
            for (const char* key : {"type", "id", "version"})
                if (item.contains(key)) result[key] = item[key];
        }
        if (!e) {
            ++rejected;
            result["reason"] = reason;
            results.push_back(std::move(result));
            continue;
        }
        const std::vector<std::string> notSent = fieldsNotSent(*e);
        // Only the fields of the record type are kept: what a client adds is not stored or served.
        e->data = knownFieldsOnly(*e);
        const bool alreadySeen = writer.seenBefore(*e);
        const std::optional<StoredRecord> stored = writer.findRecord(e->id);
        if (stored && stored->type == e->type) keepWhatTheSenderDoesNotKnow(*e, notSent, *stored);

        if (stored && stored->type != e->type) {
            ++rejected;
            result["reason"] = "this id belongs to a record of another type";
            results.push_back(std::move(result));
            continue;
        }
        if (alreadySeen) {
            result["status"] = "duplicate";
            results.push_back(std::move(result));
            continue;
        }
        const WriteDecision decision = decideWrite(who, *e, stored, writer, nowMs);
        if (decision.refusal) {
            // Not remembered as seen: the same version is judged again if it is resent.
            ++refused;
            result["reason"] = decision.refusal->reason;
            if (!decision.refusal->rule.empty()) result["rule"] = decision.refusal->rule;
            results.push_back(std::move(result));
            continue;
        }
        if (decision.bindOrigin) writer.bindOrigin(e->origin, who, nowMs);
        if (decision.bindAuthor) writer.bindAuthor(e->author, who.coach, nowMs);
        writer.rememberRevision(*e);
        const StoredRecord incoming{e->type, e->revision(), e->author, e->deleted, e->data, who.coach};
        if (!stored || supersedes(e->revision(), stored->revision)) {
            if (stored && ((e->version <= stored->revision.version && e->origin != stored->revision.originDeviceId) ||
                           anotherCoach(*stored, incoming)))
                logLoser(e->type, e->id, *stored, e->revision());
            writer.putRecord(*e, who.coach);
            result["status"] = "accepted";
            ++accepted;
            if (erasesPerson(*e)) {
                writer.forgetConflictsAbout(e->id);
                ++erasures;
            }
        } else {
            if (e->origin != stored->revision.originDeviceId || anotherCoach(*stored, incoming))
                logLoser(e->type, e->id, incoming, stored->revision);
            result["status"] = "superseded";
        }
        results.push_back(std::move(result));
    }
    writer.audit(who, "push", accepted, nowMs);
    if (rejected > 0) writer.audit(who, "reject", rejected, nowMs);
    if (refused > 0) writer.audit(who, "refuse", refused, nowMs);
    if (erasures > 0) writer.audit(who, "erase", erasures, nowMs);
    return results;
}

}  // namespace

const std::string& typesEveryCoachPullsSql() {
    static const std::string list = [] {
        std::string quoted;
        for (std::string_view type : kReferenceListTypes) quoted += "'" + std::string(type) + "', ";
        return quoted + "'" + Coach::table + "', '" + Device::table + "'";
    }();
    return list;
}

bool sameTokenHash(std::string_view a, std::string_view b) {
    // Hashes have a fixed length, so a length mismatch tells an attacker nothing.
    if (a.size() != b.size() || a.empty()) return false;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string utcTime(int64_t epochMs) {
    const std::time_t seconds = static_cast<std::time_t>(epochMs / 1000);
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

bool isPostgresUrl(std::string_view location) {
    return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::optional<std::string> linkedParticipant(const Envelope& e) {
    if (e.type == "participants") return e.id;
    const auto found = e.data.find("participant_id");
    if (found == e.data.end() || !found->is_string()) return std::nullopt;
    return found->get<std::string>();
}

std::optional<std::string> linkedSession(const Envelope& e) {
    const auto found = e.data.find("session_id");
    if (found == e.data.end() || !found->is_string()) return std::nullopt;
    return found->get<std::string>();
}

std::unique_ptr<HubStore> openHubStore(const std::string& location) {
    if (isPostgresUrl(location)) return std::make_unique<PgHubStore>(location);
    return std::make_unique<SqliteHubStore>(location);
}

HubStore::HubStore() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

std::string HubStore::addToken(const std::string& coach, Role role, int64_t nowMs,
                               const std::vector<std::string>& teams) {
    std::array<unsigned char, 32> secret{};
    randombytes_buf(secret.data(), secret.size());
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, secret.data(), secret.size());
    const std::string token = std::string("dct_") + hex;
    saveToken(hashToken(token), coach, role, nowMs, teams);
    return token;
}

std::optional<Principal> HubStore::authenticate(std::string_view token) {
    if (token.empty()) return std::nullopt;
    const std::string presented = hashToken(token);
    // Every active hash is compared, in constant time, and the loop does not stop at a
    // match. Revocation is read on each request.
    std::optional<Principal> match;
    for (const ActiveToken& active : activeTokens())
        if (sameTokenHash(active.hash, presented)) match = Principal{active.coach, active.role, {}, active.hash};
    if (match) match->teams = teamsOf(match->coach);
    return match;
}

nlohmann::json HubStore::push(const nlohmann::json& body, const Principal& who, int64_t nowMs) {
    const nlohmann::json& records = batchOf(body);
    std::vector<std::string> ids;
    for (const nlohmann::json& item : records)
        if (item.is_object() && item.contains("id") && item["id"].is_string() &&
            isWellFormedId(item["id"].get<std::string>()))
            ids.push_back(item["id"]);
    nlohmann::json results;
    inPushTransaction(ids, [&](PushWriter& writer) { results = applyBatch(records, who, nowMs, writer); });
    return {{"results", results}};
}

PullPage HubStore::pull(int64_t since, int limit, const Principal& who, int64_t nowMs) {
    limit = std::clamp(limit, 1, kMaxPullLimit);
    PullPage page;
    page.next = since;
    const std::vector<PulledRecord> rows = pullRecords(since, limit, who);
    for (const PulledRecord& row : rows) {
        // Written by the codec the laptop reads it with, so the two cannot drift apart.
        nlohmann::json record = toJson(row.envelope);
        record["seq"] = row.seq;
        page.next = row.seq;
        page.records.push_back(std::move(record));
    }
    page.more = static_cast<int>(rows.size()) == limit;
    audit(who, "pull", static_cast<int64_t>(rows.size()), nowMs);
    return page;
}

nlohmann::json HubStore::conflicts(int64_t since, int limit) {
    nlohmann::json entries = nlohmann::json::array();
    for (const ConflictEntry& c : conflictEntries(since, std::clamp(limit, 1, kMaxPullLimit))) {
        entries.push_back({{"seq", c.seq},
                           {"type", c.type},
                           {"id", c.id},
                           {"loser", {{"version", c.loser.revision.version},
                                      {"updated_at", c.loser.revision.updatedAtMs},
                                      {"origin", c.loser.revision.originDeviceId},
                                      {"author", c.loser.author},
                                      {"deleted", c.loser.deleted},
                                      {"data", c.loser.data}}},
                           {"winner", {{"version", c.winner.version}, {"origin", c.winner.originDeviceId}}},
                           {"logged_at", c.loggedAtMs}});
    }
    return {{"conflicts", entries}};
}

}  // namespace dc::hub
