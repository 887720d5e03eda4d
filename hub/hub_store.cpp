// Applying pushes by the shared conflict rule, serving pulls by role, and tokens.
#include "hub/hub_store.hpp"

#include "model/envelope.hpp"

#include <sodium.h>

#include <array>
#include <ctime>

namespace dc::hub {

namespace {

constexpr int kHubApplicationId = 0x44474348;  // "DGCH"

constexpr std::string_view kHubSchema = R"sql(
CREATE TABLE records (
  id TEXT PRIMARY KEY NOT NULL, type TEXT NOT NULL, version INTEGER NOT NULL, created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL, author TEXT NOT NULL, origin TEXT NOT NULL, deleted INTEGER NOT NULL,
  data TEXT NOT NULL, seq INTEGER NOT NULL UNIQUE);
CREATE INDEX records_by_type_seq ON records(type, seq);
-- Every version ever accepted or refused by the rule: a resend is recognised here.
CREATE TABLE revisions (
  id TEXT NOT NULL, version INTEGER NOT NULL, origin TEXT NOT NULL,
  PRIMARY KEY (id, version, origin)) WITHOUT ROWID;
-- Versions that lost a conflict, kept for coordinators to review.
CREATE TABLE conflicts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, record_type TEXT NOT NULL, record_id TEXT NOT NULL,
  loser_version INTEGER NOT NULL, loser_updated_at_ms INTEGER NOT NULL, loser_origin TEXT NOT NULL,
  loser_author TEXT NOT NULL, loser_deleted INTEGER NOT NULL, loser_data TEXT NOT NULL,
  winner_version INTEGER NOT NULL, winner_origin TEXT NOT NULL, logged_at_ms INTEGER NOT NULL);
CREATE TABLE tokens (
  token_hash BLOB PRIMARY KEY NOT NULL, coach TEXT NOT NULL, role TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL, revoked_at_ms INTEGER);
-- Who pushed, pulled or erased how much, and when. Never record contents.
CREATE TABLE audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL, coach TEXT NOT NULL, action TEXT NOT NULL,
  record_count INTEGER NOT NULL);
)sql";

// Coaches pull what they need in the field: reference lists and the device inventory.
constexpr const char* kCoachPull =
    "SELECT type, id, version, created_at_ms, updated_at_ms, author, origin, deleted, data, seq FROM records "
    "WHERE seq > ? AND type IN ('organisations', 'coaches', 'neighbourhoods', 'target_groups', "
    "'help_categories', 'devices') ORDER BY seq LIMIT ?";
constexpr const char* kCoordinatorPull =
    "SELECT type, id, version, created_at_ms, updated_at_ms, author, origin, deleted, data, seq FROM records "
    "WHERE seq > ? ORDER BY seq LIMIT ?";

using TokenHash = std::array<unsigned char, crypto_generichash_BYTES>;

TokenHash hashToken(std::string_view token) {
    TokenHash hash{};
    crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                       nullptr, 0);
    return hash;
}

struct StoredVersion {
    std::string type;
    Revision revision;
    std::string author;
    bool deleted = false;
    std::string data;
};

}  // namespace

const char* roleName(Role role) { return role == Role::Coordinator ? "coordinator" : "coach"; }

std::optional<Role> roleFromName(std::string_view name) {
    if (name == "coach") return Role::Coach;
    if (name == "coordinator") return Role::Coordinator;
    return std::nullopt;
}

HubStore::HubStore(const std::string& path) : db_(path, OpenMode::ReadWriteCreate) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    const int64_t applicationId = db_.pragmaInteger("application_id");
    const int64_t tableCount = [&] {
        Statement tables = db_.prepare("SELECT count(*) FROM sqlite_schema");
        return tables.step() ? tables.integer(0) : 0;
    }();
    if (applicationId != kHubApplicationId && (applicationId != 0 || tableCount > 0))
        throw std::runtime_error("this file is not a Digicoach hub database");
    // Erased content is zeroed rather than left in free pages.
    db_.exec("PRAGMA secure_delete = ON");
    db_.exec("PRAGMA journal_mode = WAL");
    db_.exec("PRAGMA synchronous = FULL");
    // Record ids are random, so each push touches index pages all over the file; with
    // SQLite's 2 MiB default most of them were read again from the OS on every push.
    db_.exec("PRAGMA cache_size = -32768");
    if (db_.pragmaInteger("user_version") == 0) {
        Transaction tx(db_);
        db_.exec(kHubSchema);
        db_.exec("PRAGMA user_version = 1");
        db_.exec("PRAGMA application_id = " + std::to_string(kHubApplicationId));
        tx.commit();
    }
}

std::string HubStore::addToken(const std::string& coach, Role role, int64_t nowMs) {
    std::array<unsigned char, 32> secret{};
    randombytes_buf(secret.data(), secret.size());
    std::string token = "dct_";
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, secret.data(), secret.size());
    token += hex;
    const TokenHash hash = hashToken(token);
    Statement insert = db_.prepare(
        "INSERT INTO tokens (token_hash, coach, role, created_at_ms) VALUES (?, ?, ?, ?)");
    insert.bindBlob(1, hash.data(), hash.size()).bind(2, coach).bind(3, roleName(role)).bind(4, nowMs);
    insert.run();
    audit({coach, role}, "token_add", 0, nowMs);
    return token;
}

int HubStore::revokeTokens(const std::string& coach, int64_t nowMs) {
    Statement revoke =
        db_.prepare("UPDATE tokens SET revoked_at_ms = ? WHERE coach = ? AND revoked_at_ms IS NULL");
    revoke.bind(1, nowMs).bind(2, coach);
    revoke.run();
    const int revoked = static_cast<int>(db_.changes());
    audit({coach, Role::Coach}, "token_revoke", revoked, nowMs);
    return revoked;
}

std::optional<Principal> HubStore::authenticate(std::string_view token) {
    if (token.empty()) return std::nullopt;
    const TokenHash presented = hashToken(token);
    const std::string_view presentedBytes(reinterpret_cast<const char*>(presented.data()), presented.size());
    // Every active hash is compared, in constant time, and the loop does not stop at a
    // match. Revocation is read on each request.
    Statement& q = db_.cached("SELECT token_hash, coach, role FROM tokens WHERE revoked_at_ms IS NULL");
    std::optional<Principal> match;
    while (q.step()) {
        if (sameTokenHash(q.blob(0), presentedBytes)) {
            match = Principal{q.text(1), roleFromName(q.text(2)).value_or(Role::Coach)};
        }
    }
    q.reset();
    return match;
}

void HubStore::audit(const Principal& who, const char* action, int64_t recordCount, int64_t nowMs) {
    Statement& insert = db_.cached("INSERT INTO audit (at_ms, coach, action, record_count) VALUES (?, ?, ?, ?)");
    insert.bind(1, nowMs).bind(2, who.coach).bind(3, action).bind(4, recordCount);
    insert.run();
}

bool sameTokenHash(std::string_view a, std::string_view b) {
    // Hashes have a fixed length, so a length mismatch tells an attacker nothing.
    if (a.size() != b.size() || a.empty()) return false;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::vector<AuditEntry> HubStore::auditEntries(int64_t sinceSeq) {
    Statement& q = db_.cached("SELECT seq, at_ms, coach, action, record_count FROM audit WHERE seq > ? ORDER BY seq");
    q.bind(1, sinceSeq);
    std::vector<AuditEntry> entries;
    while (q.step()) entries.push_back({q.integer(0), q.integer(1), q.text(2), q.text(3), q.integer(4)});
    q.reset();
    return entries;
}

std::string utcTime(int64_t epochMs) {
    const std::time_t seconds = static_cast<std::time_t>(epochMs / 1000);
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

nlohmann::json HubStore::push(const nlohmann::json& body, const Principal& who, int64_t nowMs) {
    if (!body.is_object() || !body.contains("records") || !body["records"].is_array())
        throw RequestError{400, "bad_request", "the body must be an object with a \"records\" array"};
    if (body.contains("protocol") && body["protocol"] != kProtocolVersion)
        throw RequestError{400, "unsupported_protocol", "this hub speaks protocol version 1"};
    const nlohmann::json& records = body["records"];
    if (records.size() > kMaxBatchRecords)
        throw RequestError{413, "batch_too_large", "at most " + std::to_string(kMaxBatchRecords) + " records per push"};

    Statement& seen = db_.cached("SELECT 1 FROM revisions WHERE id = ? AND version = ? AND origin = ?");
    Statement& remember = db_.cached("INSERT INTO revisions (id, version, origin) VALUES (?, ?, ?)");
    Statement& current = db_.cached(
        "SELECT type, version, updated_at_ms, origin, author, deleted, data FROM records WHERE id = ?");
    Statement& upsert = db_.cached(
        "INSERT INTO records (id, type, version, created_at_ms, updated_at_ms, author, origin, deleted, data, seq) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET version = excluded.version, "
        "created_at_ms = excluded.created_at_ms, updated_at_ms = excluded.updated_at_ms, author = excluded.author, "
        "origin = excluded.origin, deleted = excluded.deleted, data = excluded.data, seq = excluded.seq");
    Statement& logConflict = db_.cached(
        "INSERT INTO conflicts (record_type, record_id, loser_version, loser_updated_at_ms, loser_origin, "
        "loser_author, loser_deleted, loser_data, winner_version, winner_origin, logged_at_ms) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");

    Statement& erasedPerson = db_.cached(
        "SELECT 1 FROM records WHERE id = ? AND type = 'participants' AND json_extract(data, '$.erased_on') IS NOT NULL");
    auto isErased = [&](const std::string& participantId) {
        erasedPerson.bind(1, participantId);
        const bool erased = erasedPerson.step();
        erasedPerson.reset();
        return erased;
    };
    auto logLoser = [&](const std::string& type, const std::string& id, const StoredVersion& loser,
                        const Revision& winner) {
        // A version about a forgotten person is logged without its contents.
        std::string data = loser.data;
        const nlohmann::json parsed = nlohmann::json::parse(loser.data);
        const std::string participantId =
            type == "participants" ? id : parsed.value("participant_id", nlohmann::json()).is_string()
                                              ? parsed["participant_id"].get<std::string>()
                                              : std::string();
        if (!participantId.empty() && isErased(participantId)) data = "{}";
        logConflict.bind(1, type).bind(2, id).bind(3, loser.revision.version).bind(4, loser.revision.updatedAtMs);
        logConflict.bind(5, loser.revision.originDeviceId).bind(6, loser.author).bind(7, loser.deleted);
        logConflict.bind(8, data).bind(9, winner.version).bind(10, winner.originDeviceId).bind(11, nowMs);
        logConflict.run();
    };

    // GDPR Art. 17: a forgotten person's earlier versions must not survive in the conflict log.
    Statement& scrubConflicts = db_.cached(
        "DELETE FROM conflicts WHERE record_id = ?1 OR json_extract(loser_data, '$.participant_id') = ?1");

    nlohmann::json results = nlohmann::json::array();
    int64_t accepted = 0;
    int64_t erasures = 0;
    int64_t rejected = 0;
    Transaction tx(db_);
    // Pushes are applied one at a time (the server serialises them), so the batch can
    // number its accepted versions from the current end of the sequence.
    int64_t nextSeq = db_.queryInteger("SELECT coalesce(max(seq), 0) + 1 FROM records");
    for (const nlohmann::json& item : records) {
        std::string reason;
        const std::optional<Envelope> e = parseEnvelope(item, reason);
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
        seen.bind(1, e->id).bind(2, e->version).bind(3, e->origin);
        const bool alreadySeen = seen.step();
        seen.reset();

        std::optional<StoredVersion> stored;
        current.bind(1, e->id);
        if (current.step()) {
            stored = StoredVersion{current.text(0), {current.integer(1), current.integer(2), current.text(3)},
                                   current.text(4), current.integer(5) != 0, current.text(6)};
        }
        current.reset();

        if (stored && stored->type != e->type) {
            ++rejected;
            result["reason"] = "this id belongs to a record of another type";
        } else if (alreadySeen) {
            result["status"] = "duplicate";
        } else {
            remember.bind(1, e->id).bind(2, e->version).bind(3, e->origin);
            remember.run();
            const StoredVersion incoming{e->type, e->revision(), e->author, e->deleted, e->data.dump()};
            if (!stored || supersedes(e->revision(), stored->revision)) {
                // A concurrent edit (same or lower version from another laptop) loses its
                // version to the log; a plain newer version from the same history does not.
                if (stored && e->version <= stored->revision.version &&
                    e->origin != stored->revision.originDeviceId)
                    logLoser(e->type, e->id, *stored, e->revision());
                const int64_t seq = nextSeq++;
                upsert.bind(1, e->id).bind(2, e->type).bind(3, e->version).bind(4, e->createdAtMs);
                upsert.bind(5, e->updatedAtMs).bind(6, e->author).bind(7, e->origin).bind(8, e->deleted);
                upsert.bind(9, incoming.data).bind(10, seq);
                upsert.run();
                result["status"] = "accepted";
                ++accepted;
                if (e->type == "participants" && e->data.contains("erased_on") && !e->data["erased_on"].is_null()) {
                    scrubConflicts.bind(1, e->id);
                    scrubConflicts.run();
                    ++erasures;
                }
            } else {
                if (e->origin != stored->revision.originDeviceId)
                    logLoser(e->type, e->id, incoming, stored->revision);
                result["status"] = "superseded";
            }
        }
        results.push_back(std::move(result));
    }
    audit(who, "push", accepted, nowMs);
    if (rejected > 0) audit(who, "reject", rejected, nowMs);
    if (erasures > 0) audit(who, "erase", erasures, nowMs);
    tx.commit();
    // Older page images with the erased text would otherwise wait in the log until a checkpoint.
    if (erasures > 0) db_.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    return {{"results", results}};
}

PullPage HubStore::pull(int64_t since, int limit, const Principal& who, int64_t nowMs) {
    limit = std::clamp(limit, 1, kMaxPullLimit);
    Statement& q = db_.cached(who.role == Role::Coordinator ? kCoordinatorPull : kCoachPull);
    q.bind(1, since).bind(2, limit);
    PullPage page;
    page.next = since;
    int count = 0;
    while (q.step()) {
        nlohmann::json record = {{"type", q.text(0)},      {"id", q.text(1)},          {"version", q.integer(2)},
                                 {"created_at", q.integer(3)}, {"updated_at", q.integer(4)}, {"author", q.text(5)},
                                 {"origin", q.text(6)},    {"deleted", q.integer(7) != 0}};
        record["data"] = nlohmann::json::parse(q.text(8));
        page.next = q.integer(9);
        record["seq"] = page.next;
        page.records.push_back(std::move(record));
        ++count;
    }
    q.reset();
    page.more = count == limit;
    audit(who, "pull", count, nowMs);
    return page;
}

nlohmann::json HubStore::conflicts(int64_t since, int limit) {
    limit = std::clamp(limit, 1, kMaxPullLimit);
    Statement& q = db_.cached(
        "SELECT seq, record_type, record_id, loser_version, loser_updated_at_ms, loser_origin, loser_author, "
        "loser_deleted, loser_data, winner_version, winner_origin, logged_at_ms FROM conflicts "
        "WHERE seq > ? ORDER BY seq LIMIT ?");
    q.bind(1, since).bind(2, limit);
    nlohmann::json entries = nlohmann::json::array();
    while (q.step()) {
        entries.push_back({{"seq", q.integer(0)},
                           {"type", q.text(1)},
                           {"id", q.text(2)},
                           {"loser", {{"version", q.integer(3)}, {"updated_at", q.integer(4)}, {"origin", q.text(5)},
                                      {"author", q.text(6)}, {"deleted", q.integer(7) != 0},
                                      {"data", nlohmann::json::parse(q.text(8))}}},
                           {"winner", {{"version", q.integer(9)}, {"origin", q.text(10)}}},
                           {"logged_at", q.integer(11)}});
    }
    q.reset();
    return {{"conflicts", entries}};
}

int64_t HubStore::recordCount() {
    return db_.queryInteger("SELECT count(*) FROM records");
}

}  // namespace dc::hub
