// Applying pushes by the shared conflict rule, serving pulls by role, and tokens.
#include "hub/hub_store.hpp"

#include "model/envelope.hpp"

#include <sodium.h>

#include <array>
#include <ctime>

namespace dc::hub {

namespace {

constexpr int kHubApplicationId = 0x44474348;  // "DGCH"
constexpr int64_t kHubSchemaVersion = 2;

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

// Version 2: the hub knows who wrote what. Author ids (coach record ids) and laptop ids
// are bound to the coach of the token that first used them; coaches are in teams; a
// record keeps the coach who pushed its current version and what it hangs on, so
// pulls and the rules can find a team's work without reading every record's data.
constexpr std::string_view kHubSchemaV2 = R"sql(
CREATE TABLE coach_teams (coach TEXT NOT NULL, team TEXT NOT NULL, PRIMARY KEY (coach, team)) WITHOUT ROWID;
CREATE INDEX coach_teams_by_team ON coach_teams(team);
CREATE TABLE author_bindings (author TEXT PRIMARY KEY NOT NULL, coach TEXT NOT NULL, bound_at_ms INTEGER NOT NULL)
  WITHOUT ROWID;
CREATE INDEX author_bindings_by_coach ON author_bindings(coach);
CREATE TABLE origin_bindings (
  origin TEXT PRIMARY KEY NOT NULL, coach TEXT NOT NULL, token_hash BLOB NOT NULL, bound_at_ms INTEGER NOT NULL)
  WITHOUT ROWID;
ALTER TABLE records ADD COLUMN pushed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE records ADD COLUMN participant_id TEXT;
ALTER TABLE records ADD COLUMN session_id TEXT;
UPDATE records SET
  participant_id = CASE type WHEN 'participants' THEN id ELSE json_extract(data, '$.participant_id') END,
  session_id = json_extract(data, '$.session_id');
CREATE INDEX records_by_author ON records(author);
CREATE INDEX records_by_participant ON records(participant_id);
CREATE INDEX records_by_session ON records(session_id);
)sql";

// Coaches pull the reference lists and the device inventory, their own records, their
// team's participants and group sessions, and everything that hangs on those: help
// requests, loans, screenings, attendances (and the sessions a shared person attended).
constexpr const char* kCoachPull = R"sql(
WITH sharing(coach) AS (
  SELECT ?3 UNION SELECT mate.coach FROM coach_teams mine JOIN coach_teams mate ON mate.team = mine.team
  WHERE mine.coach = ?3),
own_authors(author) AS (SELECT author FROM author_bindings WHERE coach = ?3),
shared_authors(author) AS (SELECT author FROM author_bindings WHERE coach IN sharing),
shared_people(id) AS (SELECT id FROM records WHERE type = 'participants' AND author IN shared_authors),
shared_sessions(id) AS (
  SELECT id FROM records WHERE type = 'group_sessions' AND author IN shared_authors
  UNION SELECT session_id FROM records WHERE type = 'attendances' AND participant_id IN shared_people)
SELECT type, id, version, created_at_ms, updated_at_ms, author, origin, deleted, data, seq FROM records
WHERE seq > ?1 AND (
  type IN ('organisations', 'coaches', 'neighbourhoods', 'target_groups', 'help_categories', 'projects', 'devices')
  OR author IN own_authors
  OR participant_id IN shared_people
  OR (type = 'group_sessions' AND id IN shared_sessions)
  OR (type = 'attendances' AND session_id IN shared_sessions))
ORDER BY seq LIMIT ?2)sql";
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

// Resets a cached statement however its scope is left, so a throw between step()
// and reset() cannot leave it holding a read on the database.
class ResetOnExit {
public:
    explicit ResetOnExit(Statement& statement) : statement_(statement) {}
    ~ResetOnExit() { statement_.reset(); }
    ResetOnExit(const ResetOnExit&) = delete;
    ResetOnExit& operator=(const ResetOnExit&) = delete;

private:
    Statement& statement_;
};

std::vector<std::string> teamsOf(Database& db, std::string_view coach) {
    Statement& q = db.cached("SELECT team FROM coach_teams WHERE coach = ? ORDER BY team");
    ResetOnExit done(q);
    q.bind(1, coach);
    std::vector<std::string> teams;
    while (q.step()) teams.push_back(q.text(0));
    return teams;
}

std::optional<std::string> boundCoach(Statement& q, std::string_view id) {
    ResetOnExit done(q);
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    return q.text(0);
}

// What the write rules ask, answered from this SQLite database.
class SqliteWriteFacts final : public WriteFacts {
public:
    explicit SqliteWriteFacts(Database& db) : db_(db) {}

    std::optional<std::string> coachOfAuthor(std::string_view author) override {
        return boundCoach(db_.cached("SELECT coach FROM author_bindings WHERE author = ?"), author);
    }
    std::optional<OriginOwner> ownerOfOrigin(std::string_view origin) override {
        Statement& q = db_.cached(
            "SELECT b.coach, b.token_hash, t.revoked_at_ms IS NOT NULL FROM origin_bindings b "
            "LEFT JOIN tokens t ON t.token_hash = b.token_hash WHERE b.origin = ?");
        ResetOnExit done(q);
        q.bind(1, origin);
        if (!q.step()) return std::nullopt;
        return OriginOwner{q.text(0), q.blob(1), q.integer(2) != 0};
    }
    std::vector<std::string> teamsOf(std::string_view coach) override { return hub::teamsOf(db_, coach); }
    std::optional<StoredRecord> findRecord(std::string_view id) override {
        Statement& q = db_.cached(
            "SELECT type, version, updated_at_ms, origin, author, deleted, data, pushed_by FROM records WHERE id = ?");
        ResetOnExit done(q);
        q.bind(1, id);
        if (!q.step()) return std::nullopt;
        return StoredRecord{q.text(0),
                            {q.integer(1), q.integer(2), q.text(3)},
                            q.text(4),
                            q.integer(5) != 0,
                            nlohmann::json::parse(q.text(6)),
                            q.text(7)};
    }

private:
    Database& db_;
};

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

}  // namespace

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
    if (db_.pragmaInteger("user_version") > kHubSchemaVersion)
        throw std::runtime_error("this hub database comes from a newer digicoach-hub");
    if (db_.pragmaInteger("user_version") < kHubSchemaVersion) {
        // An existing hub upgrades in place: its tokens stay valid (as coaches in no team
        // and coordinators as they were), its records get their links filled in. The
        // version is read again inside the write transaction: `token add` may open the
        // file while `serve` upgrades it.
        Transaction tx(db_);
        const int64_t schemaVersion = db_.pragmaInteger("user_version");
        if (schemaVersion == 0) {
            db_.exec(kHubSchema);
            db_.exec("PRAGMA application_id = " + std::to_string(kHubApplicationId));
        }
        if (schemaVersion < 2) db_.exec(kHubSchemaV2);
        db_.exec("PRAGMA user_version = " + std::to_string(kHubSchemaVersion));
        tx.commit();
    }
}

std::string HubStore::addToken(const std::string& coach, Role role, int64_t nowMs,
                               const std::vector<std::string>& teams) {
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
    Transaction tx(db_);
    insert.run();
    Statement join = db_.prepare("INSERT OR IGNORE INTO coach_teams (coach, team) VALUES (?, ?)");
    for (const std::string& team : teams) {
        join.bind(1, coach).bind(2, team);
        join.run();
        join.reset();
    }
    audit({coach, role, {}, {}}, "token_add", 0, nowMs);
    tx.commit();
    return token;
}

int HubStore::revokeTokens(const std::string& coach, int64_t nowMs) {
    Statement revoke =
        db_.prepare("UPDATE tokens SET revoked_at_ms = ? WHERE coach = ? AND revoked_at_ms IS NULL");
    revoke.bind(1, nowMs).bind(2, coach);
    revoke.run();
    const int revoked = static_cast<int>(db_.changes());
    audit({coach, Role::Coach, {}, {}}, "token_revoke", revoked, nowMs);
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
            match = Principal{q.text(1), roleFromName(q.text(2)).value_or(Role::Coach), {}, q.blob(0)};
        }
    }
    q.reset();
    if (match) match->teams = teamsOf(db_, match->coach);
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
    Statement& upsert = db_.cached(
        "INSERT INTO records (id, type, version, created_at_ms, updated_at_ms, author, origin, deleted, data, seq, "
        "pushed_by, participant_id, session_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET version = excluded.version, "
        "created_at_ms = excluded.created_at_ms, updated_at_ms = excluded.updated_at_ms, author = excluded.author, "
        "origin = excluded.origin, deleted = excluded.deleted, data = excluded.data, seq = excluded.seq, "
        "pushed_by = excluded.pushed_by, participant_id = excluded.participant_id, session_id = excluded.session_id");
    Statement& logConflict = db_.cached(
        "INSERT INTO conflicts (record_type, record_id, loser_version, loser_updated_at_ms, loser_origin, "
        "loser_author, loser_deleted, loser_data, winner_version, winner_origin, logged_at_ms) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    Statement& bindAuthor = db_.cached("INSERT INTO author_bindings (author, coach, bound_at_ms) VALUES (?, ?, ?)");
    Statement& bindOrigin = db_.cached(
        "INSERT INTO origin_bindings (origin, coach, token_hash, bound_at_ms) VALUES (?, ?, ?, ?) ON CONFLICT(origin) "
        "DO UPDATE SET coach = excluded.coach, token_hash = excluded.token_hash, bound_at_ms = excluded.bound_at_ms");
    SqliteWriteFacts facts(db_);

    auto isErased = [&](const std::string& participantId) {
        const std::optional<StoredRecord> person = facts.findRecord(participantId);
        return person && person->type == "participants" && person->data.contains("erased_on") &&
               !person->data["erased_on"].is_null();
    };
    auto logLoser = [&](const std::string& type, const std::string& id, const StoredRecord& loser,
                        const Revision& winner) {
        // A version about a forgotten person is logged without its contents.
        std::string data = loser.data.dump();
        const std::string participantId =
            type == "participants" ? id : loser.data.value("participant_id", nlohmann::json()).is_string()
                                              ? loser.data["participant_id"].get<std::string>()
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
    int64_t refused = 0;
    Transaction tx(db_);
    // Pushes are applied one at a time (the server serialises them), so the batch can
    // number its accepted versions from the current end of the sequence.
    int64_t nextSeq = db_.queryInteger("SELECT coalesce(max(seq), 0) + 1 FROM records");
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
        // Only the fields of the record type are kept: what a client adds is not stored or served.
        e->data = knownFieldsOnly(*e);
        seen.bind(1, e->id).bind(2, e->version).bind(3, e->origin);
        const bool alreadySeen = seen.step();
        seen.reset();
        const std::optional<StoredRecord> stored = facts.findRecord(e->id);

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
        const WriteDecision decision = decideWrite(who, *e, stored, facts, nowMs);
        if (decision.refusal) {
            // Not remembered as seen: the same version is judged again if it is resent.
            ++refused;
            result["reason"] = decision.refusal->reason;
            if (!decision.refusal->rule.empty()) result["rule"] = decision.refusal->rule;
            results.push_back(std::move(result));
            continue;
        }
        if (decision.bindOrigin) {
            bindOrigin.bind(1, e->origin).bind(2, who.coach);
            bindOrigin.bindBlob(3, who.token.data(), who.token.size()).bind(4, nowMs);
            bindOrigin.run();
        }
        if (decision.bindAuthor) {
            bindAuthor.bind(1, e->author).bind(2, who.coach).bind(3, nowMs);
            bindAuthor.run();
        }
        remember.bind(1, e->id).bind(2, e->version).bind(3, e->origin);
        remember.run();
        const StoredRecord incoming{e->type, e->revision(), e->author, e->deleted, e->data, who.coach};
        // A version that loses to another coach's is always logged; between laptops of
        // one coach, only a concurrent edit (same or lower version from another laptop) is.
        auto anotherCoach = [&](const StoredRecord& a, const StoredRecord& b) {
            return !a.pushedBy.empty() && !b.pushedBy.empty() && a.pushedBy != b.pushedBy;
        };
        if (!stored || supersedes(e->revision(), stored->revision)) {
            if (stored && ((e->version <= stored->revision.version && e->origin != stored->revision.originDeviceId) ||
                           anotherCoach(*stored, incoming)))
                logLoser(e->type, e->id, *stored, e->revision());
            const int64_t seq = nextSeq++;
            upsert.bind(1, e->id).bind(2, e->type).bind(3, e->version).bind(4, e->createdAtMs);
            upsert.bind(5, e->updatedAtMs).bind(6, e->author).bind(7, e->origin).bind(8, e->deleted);
            upsert.bind(9, e->data.dump()).bind(10, seq).bind(11, who.coach);
            upsert.bind(12, linkedParticipant(*e)).bind(13, linkedSession(*e));
            upsert.run();
            result["status"] = "accepted";
            ++accepted;
            if (e->type == "participants" && e->data.contains("erased_on") && !e->data["erased_on"].is_null()) {
                scrubConflicts.bind(1, e->id);
                scrubConflicts.run();
                ++erasures;
            }
        } else {
            if (e->origin != stored->revision.originDeviceId || anotherCoach(*stored, incoming))
                logLoser(e->type, e->id, incoming, stored->revision);
            result["status"] = "superseded";
        }
        results.push_back(std::move(result));
    }
    audit(who, "push", accepted, nowMs);
    if (rejected > 0) audit(who, "reject", rejected, nowMs);
    if (refused > 0) audit(who, "refuse", refused, nowMs);
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
    if (who.role != Role::Coordinator) q.bind(3, who.coach);
    PullPage page;
    page.next = since;
    int count = 0;
    while (q.step()) {
        Envelope envelope;
        envelope.type = q.text(0);
        envelope.id = q.text(1);
        envelope.version = q.integer(2);
        envelope.createdAtMs = q.integer(3);
        envelope.updatedAtMs = q.integer(4);
        envelope.author = q.text(5);
        envelope.origin = q.text(6);
        envelope.deleted = q.integer(7) != 0;
        envelope.data = nlohmann::json::parse(q.text(8));
        // Written by the codec the laptop reads it with, so the two cannot drift apart.
        nlohmann::json record = toJson(envelope);
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

std::vector<std::pair<std::string, int64_t>> HubStore::refusalsByCoach() {
    Statement& q = db_.cached(
        "SELECT coach, sum(record_count) FROM audit WHERE action = 'refuse' GROUP BY coach ORDER BY coach");
    ResetOnExit done(q);
    std::vector<std::pair<std::string, int64_t>> counts;
    while (q.step()) counts.emplace_back(q.text(0), q.integer(1));
    return counts;
}

int64_t HubStore::recordCount() {
    return db_.queryInteger("SELECT count(*) FROM records");
}

}  // namespace dc::hub
