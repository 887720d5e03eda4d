// The SQLite hub store: schema and upgrades, the push writer, pulls by role and tokens.
#include "hub/sqlite_hub_store.hpp"

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
const std::string& coachPullSql() {
    static const std::string sql = std::string(R"sql(
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
)sql") +
                                   "  type IN (" + typesEveryCoachPullsSql() + ")" + R"sql(
  OR author IN own_authors
  OR participant_id IN shared_people
  OR (type = 'group_sessions' AND id IN shared_sessions)
  OR (type = 'attendances' AND session_id IN shared_sessions))
ORDER BY seq LIMIT ?2)sql";
    return sql;
}
constexpr const char* kCoordinatorPull =
    "SELECT type, id, version, created_at_ms, updated_at_ms, author, origin, deleted, data, seq FROM records "
    "WHERE seq > ? ORDER BY seq LIMIT ?";

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

std::vector<std::string> teamsIn(Database& db, std::string_view coach) {
    Statement& q = db.cached("SELECT team FROM coach_teams WHERE coach = ? ORDER BY team");
    ResetOnExit done(q);
    q.bind(1, coach);
    std::vector<std::string> teams;
    while (q.step()) teams.push_back(q.text(0));
    return teams;
}

void insertAudit(Database& db, const Principal& who, const char* action, int64_t recordCount, int64_t nowMs) {
    Statement& insert = db.cached("INSERT INTO audit (at_ms, coach, action, record_count) VALUES (?, ?, ?, ?)");
    insert.bind(1, nowMs).bind(2, who.coach).bind(3, action).bind(4, recordCount);
    insert.run();
}

// One push inside a SQLite write transaction. Pushes are applied one at a time (the
// writer lock and the service's single connection), so the batch numbers its accepted
// versions from the current end of the sequence.
class SqlitePushWriter final : public PushWriter {
public:
    explicit SqlitePushWriter(Database& db)
        : db_(db), nextSeq_(db.queryInteger("SELECT coalesce(max(seq), 0) + 1 FROM records")) {}

    bool erasedSomeone() const { return erasedSomeone_; }

    std::optional<std::string> coachOfAuthor(std::string_view author) override {
        Statement& q = db_.cached("SELECT coach FROM author_bindings WHERE author = ?");
        ResetOnExit done(q);
        q.bind(1, author);
        if (!q.step()) return std::nullopt;
        return q.text(0);
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
    std::vector<std::string> teamsOf(std::string_view coach) override { return teamsIn(db_, coach); }
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

    bool seenBefore(const Envelope& e) override {
        Statement& q = db_.cached("SELECT 1 FROM revisions WHERE id = ? AND version = ? AND origin = ?");
        ResetOnExit done(q);
        q.bind(1, e.id).bind(2, e.version).bind(3, e.origin);
        return q.step();
    }
    void rememberRevision(const Envelope& e) override {
        Statement& q = db_.cached("INSERT INTO revisions (id, version, origin) VALUES (?, ?, ?)");
        q.bind(1, e.id).bind(2, e.version).bind(3, e.origin);
        q.run();
    }
    void bindAuthor(const std::string& author, const std::string& coach, int64_t nowMs) override {
        Statement& q = db_.cached("INSERT INTO author_bindings (author, coach, bound_at_ms) VALUES (?, ?, ?)");
        q.bind(1, author).bind(2, coach).bind(3, nowMs);
        q.run();
    }
    void bindOrigin(const std::string& origin, const Principal& who, int64_t nowMs) override {
        Statement& q = db_.cached(
            "INSERT INTO origin_bindings (origin, coach, token_hash, bound_at_ms) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(origin) DO UPDATE SET coach = excluded.coach, token_hash = excluded.token_hash, "
            "bound_at_ms = excluded.bound_at_ms");
        q.bind(1, origin).bind(2, who.coach).bindBlob(3, who.token.data(), who.token.size()).bind(4, nowMs);
        q.run();
    }
    void putRecord(const Envelope& e, const std::string& pushedBy) override {
        Statement& q = db_.cached(
            "INSERT INTO records (id, type, version, created_at_ms, updated_at_ms, author, origin, deleted, data, "
            "seq, pushed_by, participant_id, session_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET version = excluded.version, "
            "created_at_ms = excluded.created_at_ms, updated_at_ms = excluded.updated_at_ms, "
            "author = excluded.author, origin = excluded.origin, deleted = excluded.deleted, data = excluded.data, "
            "seq = excluded.seq, pushed_by = excluded.pushed_by, participant_id = excluded.participant_id, "
            "session_id = excluded.session_id");
        q.bind(1, e.id).bind(2, e.type).bind(3, e.version).bind(4, e.createdAtMs);
        q.bind(5, e.updatedAtMs).bind(6, e.author).bind(7, e.origin).bind(8, e.deleted);
        q.bind(9, e.data.dump()).bind(10, nextSeq_++).bind(11, pushedBy);
        q.bind(12, linkedParticipant(e)).bind(13, linkedSession(e));
        q.run();
    }
    void logConflict(const ConflictEntry& c) override {
        Statement& q = db_.cached(
            "INSERT INTO conflicts (record_type, record_id, loser_version, loser_updated_at_ms, loser_origin, "
            "loser_author, loser_deleted, loser_data, winner_version, winner_origin, logged_at_ms) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        q.bind(1, c.type).bind(2, c.id).bind(3, c.loser.revision.version).bind(4, c.loser.revision.updatedAtMs);
        q.bind(5, c.loser.revision.originDeviceId).bind(6, c.loser.author).bind(7, c.loser.deleted);
        q.bind(8, c.loser.data.dump()).bind(9, c.winner.version).bind(10, c.winner.originDeviceId);
        q.bind(11, c.loggedAtMs);
        q.run();
    }
    void forgetConflictsAbout(const std::string& participantId) override {
        Statement& q = db_.cached(
            "DELETE FROM conflicts WHERE record_id = ?1 OR json_extract(loser_data, '$.participant_id') = ?1");
        q.bind(1, participantId);
        q.run();
        erasedSomeone_ = true;
    }
    void audit(const Principal& who, const char* action, int64_t recordCount, int64_t nowMs) override {
        insertAudit(db_, who, action, recordCount, nowMs);
    }

private:
    Database& db_;
    int64_t nextSeq_;
    bool erasedSomeone_ = false;
};

}  // namespace

SqliteHubStore::SqliteHubStore(const std::string& path) : db_(path, OpenMode::ReadWriteCreate) {
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

void SqliteHubStore::saveToken(const std::string& hash, const std::string& coach, Role role, int64_t nowMs,
                               const std::vector<std::string>& teams) {
    Statement insert = db_.prepare("INSERT INTO tokens (token_hash, coach, role, created_at_ms) VALUES (?, ?, ?, ?)");
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
}

int SqliteHubStore::revokeTokens(const std::string& coach, int64_t nowMs) {
    Statement revoke = db_.prepare("UPDATE tokens SET revoked_at_ms = ? WHERE coach = ? AND revoked_at_ms IS NULL");
    revoke.bind(1, nowMs).bind(2, coach);
    revoke.run();
    const int revoked = static_cast<int>(db_.changes());
    audit({coach, Role::Coach, {}, {}}, "token_revoke", revoked, nowMs);
    return revoked;
}

std::vector<ActiveToken> SqliteHubStore::activeTokens() {
    Statement& q = db_.cached("SELECT token_hash, coach, role FROM tokens WHERE revoked_at_ms IS NULL");
    ResetOnExit done(q);
    std::vector<ActiveToken> tokens;
    while (q.step()) tokens.push_back({q.blob(0), q.text(1), roleFromName(q.text(2)).value_or(Role::Coach)});
    return tokens;
}

std::vector<std::string> SqliteHubStore::teamsOf(const std::string& coach) { return teamsIn(db_, coach); }

void SqliteHubStore::audit(const Principal& who, const char* action, int64_t recordCount, int64_t nowMs) {
    insertAudit(db_, who, action, recordCount, nowMs);
}

std::vector<AuditEntry> SqliteHubStore::auditEntries(int64_t sinceSeq) {
    Statement& q = db_.cached("SELECT seq, at_ms, coach, action, record_count FROM audit WHERE seq > ? ORDER BY seq");
    ResetOnExit done(q);
    q.bind(1, sinceSeq);
    std::vector<AuditEntry> entries;
    while (q.step()) entries.push_back({q.integer(0), q.integer(1), q.text(2), q.text(3), q.integer(4)});
    return entries;
}

void SqliteHubStore::inPushTransaction(const std::vector<std::string>&, const std::function<void(PushWriter&)>& apply) {
    Transaction tx(db_);
    SqlitePushWriter writer(db_);
    apply(writer);
    tx.commit();
    // Older page images with the erased text would otherwise wait in the log until a checkpoint.
    if (writer.erasedSomeone()) db_.exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

std::vector<PulledRecord> SqliteHubStore::pullRecords(int64_t since, int limit, const Principal& who) {
    Statement& q = db_.cached(who.role == Role::Coordinator ? std::string_view(kCoordinatorPull)
                                                            : std::string_view(coachPullSql()));
    ResetOnExit done(q);
    q.bind(1, since).bind(2, limit);
    if (who.role != Role::Coordinator) q.bind(3, who.coach);
    std::vector<PulledRecord> rows;
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
        rows.push_back({std::move(envelope), q.integer(9)});
    }
    return rows;
}

std::vector<ConflictEntry> SqliteHubStore::conflictEntries(int64_t since, int limit) {
    Statement& q = db_.cached(
        "SELECT seq, record_type, record_id, loser_version, loser_updated_at_ms, loser_origin, loser_author, "
        "loser_deleted, loser_data, winner_version, winner_origin, logged_at_ms FROM conflicts "
        "WHERE seq > ? ORDER BY seq LIMIT ?");
    ResetOnExit done(q);
    q.bind(1, since).bind(2, limit);
    std::vector<ConflictEntry> entries;
    while (q.step()) {
        ConflictEntry& entry = entries.emplace_back();
        entry.seq = q.integer(0);
        entry.type = q.text(1);
        entry.id = q.text(2);
        entry.loser = {entry.type, {q.integer(3), q.integer(4), q.text(5)}, q.text(6), q.integer(7) != 0,
                       nlohmann::json::parse(q.text(8)), {}};
        entry.winner.version = q.integer(9);
        entry.winner.originDeviceId = q.text(10);
        entry.loggedAtMs = q.integer(11);
    }
    return entries;
}

std::vector<std::pair<std::string, int64_t>> SqliteHubStore::refusalsByCoach() {
    Statement& q = db_.cached(
        "SELECT coach, sum(record_count) FROM audit WHERE action = 'refuse' GROUP BY coach ORDER BY coach");
    ResetOnExit done(q);
    std::vector<std::pair<std::string, int64_t>> counts;
    while (q.step()) counts.emplace_back(q.text(0), q.integer(1));
    return counts;
}

int64_t SqliteHubStore::recordCount() { return db_.queryInteger("SELECT count(*) FROM records"); }

}  // namespace dc::hub
