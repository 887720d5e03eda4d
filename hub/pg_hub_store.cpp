// The PostgreSQL hub store: schema, the push writer with per-record locks and numbering
// at commit, pulls by role, tokens and the audit log. Every value is a bound parameter.
#include "hub/pg_hub_store.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <thread>
#include <tuple>

namespace dc::hub {

namespace {

constexpr int64_t kPgSchemaVersion = 1;
// Hub processes starting on one empty database take this lock; one creates the schema.
constexpr const char* kSchemaLock = "SELECT pg_advisory_xact_lock(1145521992, 1)";  // "DGCH", schema

constexpr std::string_view kPgSchema = R"sql(
CREATE TABLE hub_schema (version integer NOT NULL);
-- The last number handed out in pull order. Its row lock, held from numbering to commit,
-- makes numbers become visible in the order they were given (docs/sync-protocol.md).
CREATE TABLE pull_order (last bigint NOT NULL);
INSERT INTO pull_order VALUES (0);
CREATE TABLE records (
  id text PRIMARY KEY, type text NOT NULL, version bigint NOT NULL, created_at_ms bigint NOT NULL,
  updated_at_ms bigint NOT NULL, author text NOT NULL, origin text NOT NULL, deleted boolean NOT NULL,
  data text NOT NULL, seq bigint UNIQUE, pushed_by text NOT NULL DEFAULT '', participant_id text, session_id text);
CREATE INDEX records_by_type_seq ON records(type, seq);
CREATE INDEX records_by_author ON records(author);
CREATE INDEX records_by_participant ON records(participant_id);
CREATE INDEX records_by_session ON records(session_id);
-- Every version ever accepted or refused by the rule: a resend is recognised here.
CREATE TABLE revisions (id text NOT NULL, version bigint NOT NULL, origin text NOT NULL,
  PRIMARY KEY (id, version, origin));
-- Versions that lost a conflict, kept for coordinators to review; seq is their place in
-- the log, given at commit as records' is.
CREATE TABLE conflicts (
  entry bigserial PRIMARY KEY, seq bigint UNIQUE, record_type text NOT NULL, record_id text NOT NULL,
  loser_version bigint NOT NULL, loser_updated_at_ms bigint NOT NULL, loser_origin text NOT NULL,
  loser_author text NOT NULL, loser_deleted boolean NOT NULL, loser_data text NOT NULL,
  winner_version bigint NOT NULL, winner_origin text NOT NULL, logged_at_ms bigint NOT NULL);
CREATE INDEX conflicts_by_record ON conflicts(record_id);
CREATE TABLE tokens (
  token_hash bytea PRIMARY KEY, coach text NOT NULL, role text NOT NULL, created_at_ms bigint NOT NULL,
  revoked_at_ms bigint);
-- Who pushed, pulled or erased how much, and when. Never record contents.
CREATE TABLE audit (
  seq bigserial PRIMARY KEY, at_ms bigint NOT NULL, coach text NOT NULL, action text NOT NULL,
  record_count bigint NOT NULL);
CREATE TABLE coach_teams (coach text NOT NULL, team text NOT NULL, PRIMARY KEY (coach, team));
CREATE INDEX coach_teams_by_team ON coach_teams(team);
CREATE TABLE author_bindings (author text PRIMARY KEY, coach text NOT NULL, bound_at_ms bigint NOT NULL);
CREATE INDEX author_bindings_by_coach ON author_bindings(coach);
CREATE TABLE origin_bindings (
  origin text PRIMARY KEY, coach text NOT NULL, token_hash bytea NOT NULL, bound_at_ms bigint NOT NULL);
)sql";

// The same sharing as the SQLite store's coach pull (hub/sqlite_hub_store.cpp).
const std::string& coachPullSql() {
    static const std::string sql = std::string(R"sql(
WITH sharing(coach) AS (
  SELECT $3::text UNION SELECT mate.coach FROM coach_teams mine JOIN coach_teams mate ON mate.team = mine.team
  WHERE mine.coach = $3),
own_authors(author) AS (SELECT author FROM author_bindings WHERE coach = $3),
shared_authors(author) AS (SELECT author FROM author_bindings WHERE coach IN (SELECT coach FROM sharing)),
shared_people(id) AS (
  SELECT id FROM records WHERE type = 'participants' AND author IN (SELECT author FROM shared_authors)),
shared_sessions(id) AS (
  SELECT id FROM records WHERE type = 'group_sessions' AND author IN (SELECT author FROM shared_authors)
  UNION SELECT session_id FROM records WHERE type = 'attendances' AND participant_id IN (SELECT id FROM shared_people))
SELECT type, id, version, created_at_ms, updated_at_ms, author, origin, deleted, data, seq FROM records
WHERE seq > $1 AND (
)sql") +
                                   "  type IN (" + typesEveryCoachPullsSql() + ")" + R"sql(
  OR author IN (SELECT author FROM own_authors)
  OR participant_id IN (SELECT id FROM shared_people)
  OR (type = 'group_sessions' AND id IN (SELECT id FROM shared_sessions))
  OR (type = 'attendances' AND session_id IN (SELECT id FROM shared_sessions)))
ORDER BY seq LIMIT $2)sql";
    return sql;
}
constexpr const char* kCoordinatorPull =
    "SELECT type, id, version, created_at_ms, updated_at_ms, author, origin, deleted, data, seq FROM records "
    "WHERE seq > $1 ORDER BY seq LIMIT $2";

// A push that lost a race with another hub process runs again, this many times at most.
constexpr int kPushAttempts = 5;

std::string pgInt(int64_t value) { return std::to_string(value); }

std::vector<std::string> teamsIn(PgConnection& connection, const std::string& coach) {
    const PgResult rows = connection.exec("SELECT team FROM coach_teams WHERE coach = $1 ORDER BY team", {coach});
    std::vector<std::string> teams;
    for (int row = 0; row < rows.rows(); ++row) teams.push_back(rows.text(row, 0));
    return teams;
}

void insertAudit(PgConnection& connection, const Principal& who, const char* action, int64_t recordCount,
                 int64_t nowMs) {
    connection.exec("INSERT INTO audit (at_ms, coach, action, record_count) VALUES ($1, $2, $3, $4)",
                    {pgInt(nowMs), who.coach, std::string(action), pgInt(recordCount)});
}

// One push inside a PostgreSQL transaction. It first locks the rows of its records that
// exist (in id order, so two pushes never wait on each other in a circle): a second push
// of a record waits there and then reads the first one's version. What the rules ask is
// read once per push and kept;
// revisions and records are written together at the end, each in one statement, without
// a place in pull order; numberInPullOrder() gives them theirs just before the commit.
class PgPushWriter final : public PushWriter {
public:
    PgPushWriter(PgConnection& connection, const std::vector<std::string>& recordIds) : connection_(connection) {
        const PgResult stored = connection_.exec(
            "SELECT id, type, version, updated_at_ms, origin, author, deleted, data, pushed_by FROM records "
            "WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE",
            {pgTextArray(recordIds)});
        for (const std::string& id : recordIds) records_[id] = std::nullopt;
        for (int row = 0; row < stored.rows(); ++row) {
            lockedIds_.push_back(stored.text(row, 0));
            records_[stored.text(row, 0)] = StoredRecord{stored.text(row, 1),
                                                         {stored.integer(row, 2), stored.integer(row, 3),
                                                          stored.text(row, 4)},
                                                         stored.text(row, 5),
                                                         stored.boolean(row, 6),
                                                         nlohmann::json::parse(stored.text(row, 7)),
                                                         stored.text(row, 8)};
        }
        const PgResult seen = connection_.exec(
            "SELECT id, version, origin FROM revisions WHERE id = ANY($1::text[])", {pgTextArray(recordIds)});
        for (int row = 0; row < seen.rows(); ++row)
            seen_.insert(revisionKey(seen.text(row, 0), seen.integer(row, 1), seen.text(row, 2)));
    }

    std::optional<std::string> coachOfAuthor(std::string_view author) override {
        const auto [found, added] = authors_.try_emplace(std::string(author));
        if (added) {
            const PgResult row =
                connection_.exec("SELECT coach FROM author_bindings WHERE author = $1", {found->first});
            if (row.rows() > 0) found->second = row.text(0, 0);
        }
        return found->second;
    }
    std::optional<OriginOwner> ownerOfOrigin(std::string_view origin) override {
        const auto [found, added] = origins_.try_emplace(std::string(origin));
        if (added) {
            const PgResult row = connection_.exec(
                "SELECT b.coach, b.token_hash, t.revoked_at_ms IS NOT NULL FROM origin_bindings b "
                "LEFT JOIN tokens t ON t.token_hash = b.token_hash WHERE b.origin = $1",
                {found->first});
            if (row.rows() > 0) found->second = OriginOwner{row.text(0, 0), row.bytea(0, 1), row.boolean(0, 2)};
        }
        return found->second;
    }
    std::vector<std::string> teamsOf(std::string_view coach) override {
        const auto [found, added] = teams_.try_emplace(std::string(coach));
        if (added) found->second = teamsIn(connection_, found->first);
        return found->second;
    }
    std::optional<StoredRecord> findRecord(std::string_view id) override {
        const auto [found, added] = records_.try_emplace(std::string(id));
        if (added) {
            const PgResult row = connection_.exec(
                "SELECT type, version, updated_at_ms, origin, author, deleted, data, pushed_by FROM records "
                "WHERE id = $1",
                {found->first});
            if (row.rows() > 0)
                found->second = StoredRecord{row.text(0, 0),
                                             {row.integer(0, 1), row.integer(0, 2), row.text(0, 3)},
                                             row.text(0, 4),
                                             row.boolean(0, 5),
                                             nlohmann::json::parse(row.text(0, 6)),
                                             row.text(0, 7)};
        }
        return found->second;
    }

    bool seenBefore(const Envelope& e) override { return seen_.count(revisionKey(e.id, e.version, e.origin)) > 0; }
    void rememberRevision(const Envelope& e) override {
        seen_.insert(revisionKey(e.id, e.version, e.origin));
        newRevisions_.push_back({e.id, e.version, e.origin});
    }
    void bindAuthor(const std::string& author, const std::string& coach, int64_t nowMs) override {
        connection_.exec("INSERT INTO author_bindings (author, coach, bound_at_ms) VALUES ($1, $2, $3)",
                         {author, coach, pgInt(nowMs)});
        authors_[author] = coach;
    }
    void bindOrigin(const std::string& origin, const Principal& who, int64_t nowMs) override {
        connection_.exec(
            "INSERT INTO origin_bindings (origin, coach, token_hash, bound_at_ms) VALUES ($1, $2, $3, $4) "
            "ON CONFLICT (origin) DO UPDATE SET coach = excluded.coach, token_hash = excluded.token_hash, "
            "bound_at_ms = excluded.bound_at_ms",
            {origin, who.coach, pgBytea(who.token), pgInt(nowMs)});
        origins_[origin] = OriginOwner{who.coach, who.token, false};
    }
    void putRecord(const Envelope& e, const std::string& pushedBy) override {
        records_[e.id] = StoredRecord{e.type, e.revision(), e.author, e.deleted, e.data, pushedBy};
        const auto [found, added] = putRecords_.try_emplace(e.id, putIds_.size());
        if (added) {
            putIds_.push_back(e.id);
            putEnvelopes_.push_back(e);
            putPushedBy_.push_back(pushedBy);
        } else {
            putEnvelopes_[found->second] = e;
            putPushedBy_[found->second] = pushedBy;
        }
    }
    void logConflict(const ConflictEntry& c) override {
        const PgResult entry = connection_.exec(
            "INSERT INTO conflicts (record_type, record_id, loser_version, loser_updated_at_ms, loser_origin, "
            "loser_author, loser_deleted, loser_data, winner_version, winner_origin, logged_at_ms) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING entry",
            {c.type, c.id, pgInt(c.loser.revision.version), pgInt(c.loser.revision.updatedAtMs),
             c.loser.revision.originDeviceId, c.loser.author, pgBool(c.loser.deleted), c.loser.data.dump(),
             pgInt(c.winner.version), c.winner.originDeviceId, pgInt(c.loggedAtMs)});
        conflictEntries_.push_back(entry.text(0, 0));
    }
    void forgetConflictsAbout(const std::string& participantId) override {
        connection_.exec(
            "DELETE FROM conflicts WHERE record_id = $1 OR (loser_data::jsonb ->> 'participant_id') = $1",
            {participantId});
    }
    void audit(const Principal& who, const char* action, int64_t recordCount, int64_t nowMs) override {
        insertAudit(connection_, who, action, recordCount, nowMs);
    }

    // Writes the remembered revisions and the records' new versions, one statement each.
    void writeBatch() {
        if (!newRevisions_.empty()) {
            std::vector<std::string> ids, versions, origins;
            for (const auto& [id, version, origin] : newRevisions_) {
                ids.push_back(id);
                versions.push_back(pgInt(version));
                origins.push_back(origin);
            }
            connection_.exec(
                "INSERT INTO revisions (id, version, origin) "
                "SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[])",
                {pgTextArray(ids), pgTextArray(versions), pgTextArray(origins)});
        }
        if (putIds_.empty()) return;
        std::vector<std::string> types, versions, created, updated, authors, origins, deleted, data;
        std::vector<std::optional<std::string>> participants, sessions;
        for (const Envelope& e : putEnvelopes_) {
            types.push_back(e.type);
            versions.push_back(pgInt(e.version));
            created.push_back(pgInt(e.createdAtMs));
            updated.push_back(pgInt(e.updatedAtMs));
            authors.push_back(e.author);
            origins.push_back(e.origin);
            deleted.push_back(*pgBool(e.deleted));
            data.push_back(e.data.dump());
            participants.push_back(linkedParticipant(e));
            sessions.push_back(linkedSession(e));
        }
        const PgResult written = connection_.exec(
            "INSERT INTO records (id, type, version, created_at_ms, updated_at_ms, author, origin, deleted, data, "
            "seq, pushed_by, participant_id, session_id) "
            "SELECT id, type, version, created_at_ms, updated_at_ms, author, origin, deleted, data, NULL, pushed_by, "
            "participant_id, session_id FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], "
            "$5::bigint[], $6::text[], $7::text[], $8::boolean[], $9::text[], $10::text[], $11::text[], $12::text[]) "
            "AS r(id, type, version, created_at_ms, updated_at_ms, author, origin, deleted, data, pushed_by, "
            "participant_id, session_id) "
            "ON CONFLICT (id) DO UPDATE SET type = excluded.type, version = excluded.version, "
            "created_at_ms = excluded.created_at_ms, updated_at_ms = excluded.updated_at_ms, "
            "author = excluded.author, origin = excluded.origin, deleted = excluded.deleted, data = excluded.data, "
            "seq = NULL, pushed_by = excluded.pushed_by, participant_id = excluded.participant_id, "
            "session_id = excluded.session_id WHERE records.id = ANY($13::text[]) RETURNING 1",
            {pgTextArray(putIds_), pgTextArray(types), pgTextArray(versions), pgTextArray(created),
             pgTextArray(updated), pgTextArray(authors), pgTextArray(origins), pgTextArray(deleted),
             pgTextArray(data), pgTextArray(putPushedBy_), pgTextArray(participants), pgTextArray(sessions),
             pgTextArray(lockedIds_)});
        // A record that was new when this push read it, but that another push created
        // meanwhile, is left as that push wrote it: this push then runs again and meets it.
        if (written.rows() != static_cast<int>(putIds_.size()))
            throw PgError("40001", "another push created one of these records meanwhile", false);
    }

    // Gives this push's records, then its conflict-log entries, the next numbers. The
    // counter's row lock is held until the commit, so a push numbered later commits later.
    void numberInPullOrder() {
        const int64_t count = static_cast<int64_t>(putIds_.size() + conflictEntries_.size());
        if (count == 0) return;
        const int64_t last =
            connection_.exec("UPDATE pull_order SET last = last + $1 RETURNING last", {pgInt(count)})
                .integer(0, 0);
        const int64_t first = last - count;
        connection_.exec(
            "UPDATE records SET seq = $2 + r.n FROM unnest($1::text[]) WITH ORDINALITY AS r(id, n) "
            "WHERE records.id = r.id",
            {pgTextArray(putIds_), pgInt(first)});
        if (conflictEntries_.empty()) return;
        connection_.exec(
            "UPDATE conflicts SET seq = $2 + r.n FROM unnest($1::bigint[]) WITH ORDINALITY AS r(entry, n) "
            "WHERE conflicts.entry = r.entry",
            {pgTextArray(conflictEntries_), pgInt(first + static_cast<int64_t>(putIds_.size()))});
    }

private:
    static std::string revisionKey(const std::string& id, int64_t version, const std::string& origin) {
        return id + '\x1f' + std::to_string(version) + '\x1f' + origin;
    }

    PgConnection& connection_;
    std::vector<std::string> lockedIds_;  // the batch's records that existed, row-locked by this push
    std::map<std::string, std::optional<StoredRecord>> records_;  // as this push leaves them
    std::set<std::string> seen_;                                   // revisionKey of every known revision
    std::map<std::string, std::optional<std::string>> authors_;
    std::map<std::string, std::optional<OriginOwner>> origins_;
    std::map<std::string, std::vector<std::string>> teams_;
    std::vector<std::tuple<std::string, int64_t, std::string>> newRevisions_;
    std::map<std::string, std::size_t> putRecords_;  // id -> its place in putIds_
    std::vector<std::string> putIds_;                // in the order they were first written
    std::vector<Envelope> putEnvelopes_;
    std::vector<std::string> putPushedBy_;
    std::vector<std::string> conflictEntries_;  // their `entry` keys
};

}  // namespace

PgHubStore::PgHubStore(const std::string& url) : connection_(url) {
    // TEST ONLY: a random pause of up to this many ms inside every push transaction,
    // where commits of concurrent pushes would overtake each other (tests/sync).
    if (const char* delay = std::getenv("DIGICOACH_HUB_TEST_ONLY_PUSH_DELAY_MS")) testPushDelayMs_ = std::atoi(delay);
    // Several hub processes may start on an empty database at once: one creates the schema.
    PgTransaction tx(connection_);
    connection_.exec(kSchemaLock);
    const bool exists = !connection_.exec("SELECT to_regclass('hub_schema')").isNull(0, 0);
    if (!exists) {
        if (connection_.exec("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()").integer(0, 0) > 0)
            throw std::runtime_error("this database has other tables and is not a Digicoach hub database");
        connection_.execScript(kPgSchema);
        connection_.exec("INSERT INTO hub_schema VALUES ($1)", {pgInt(kPgSchemaVersion)});
    } else if (connection_.exec("SELECT max(version) FROM hub_schema").integer(0, 0) > kPgSchemaVersion) {
        throw std::runtime_error("this hub database comes from a newer digicoach-hub");
    }
    tx.commit();
}

void PgHubStore::inPushTransaction(const std::vector<std::string>& recordIds,
                                   const std::function<void(PushWriter&)>& apply) {
    thread_local std::minstd_rand delays(std::random_device{}());
    for (int attempt = 1;; ++attempt) {
        try {
            PgTransaction tx(connection_);
            PgPushWriter writer(connection_, recordIds);
            apply(writer);
            writer.writeBatch();
            if (testPushDelayMs_ > 0)
                std::this_thread::sleep_for(std::chrono::milliseconds(delays() % (testPushDelayMs_ + 1)));
            writer.numberInPullOrder();
            tx.commit();
            return;
        } catch (const PgError& e) {
            // Another push created one of these records, or first used the same author or
            // laptop id, while this one ran: it runs again and meets what that push wrote.
            if (!e.lostRace() || attempt == kPushAttempts || !connection_.usable()) throw;
        }
    }
}

std::vector<PulledRecord> PgHubStore::pullRecords(int64_t since, int limit, const Principal& who) {
    const bool coordinator = who.role == Role::Coordinator;
    // One statement, one snapshot: every number below the highest one it sees is in it.
    const PgResult rows = coordinator ? connection_.exec(kCoordinatorPull, {pgInt(since), pgInt(limit)})
                                      : connection_.exec(coachPullSql(), {pgInt(since), pgInt(limit), who.coach});
    std::vector<PulledRecord> records;
    for (int row = 0; row < rows.rows(); ++row) {
        Envelope envelope;
        envelope.type = rows.text(row, 0);
        envelope.id = rows.text(row, 1);
        envelope.version = rows.integer(row, 2);
        envelope.createdAtMs = rows.integer(row, 3);
        envelope.updatedAtMs = rows.integer(row, 4);
        envelope.author = rows.text(row, 5);
        envelope.origin = rows.text(row, 6);
        envelope.deleted = rows.boolean(row, 7);
        envelope.data = nlohmann::json::parse(rows.text(row, 8));
        records.push_back({std::move(envelope), rows.integer(row, 9)});
    }
    return records;
}

std::vector<ConflictEntry> PgHubStore::conflictEntries(int64_t since, int limit) {
    const PgResult rows = connection_.exec(
        "SELECT seq, record_type, record_id, loser_version, loser_updated_at_ms, loser_origin, loser_author, "
        "loser_deleted, loser_data, winner_version, winner_origin, logged_at_ms FROM conflicts "
        "WHERE seq > $1 ORDER BY seq LIMIT $2",
        {pgInt(since), pgInt(limit)});
    std::vector<ConflictEntry> entries;
    for (int row = 0; row < rows.rows(); ++row) {
        ConflictEntry& entry = entries.emplace_back();
        entry.seq = rows.integer(row, 0);
        entry.type = rows.text(row, 1);
        entry.id = rows.text(row, 2);
        entry.loser = {entry.type, {rows.integer(row, 3), rows.integer(row, 4), rows.text(row, 5)}, rows.text(row, 6),
                       rows.boolean(row, 7), nlohmann::json::parse(rows.text(row, 8)), {}};
        entry.winner.version = rows.integer(row, 9);
        entry.winner.originDeviceId = rows.text(row, 10);
        entry.loggedAtMs = rows.integer(row, 11);
    }
    return entries;
}

void PgHubStore::saveToken(const std::string& hash, const std::string& coach, Role role, int64_t nowMs,
                           const std::vector<std::string>& teams) {
    PgTransaction tx(connection_);
    connection_.exec("INSERT INTO tokens (token_hash, coach, role, created_at_ms) VALUES ($1, $2, $3, $4)",
                     {pgBytea(hash), coach, std::string(roleName(role)), pgInt(nowMs)});
    for (const std::string& team : teams)
        connection_.exec("INSERT INTO coach_teams (coach, team) VALUES ($1, $2) ON CONFLICT DO NOTHING", {coach, team});
    insertAudit(connection_, {coach, role, {}, {}}, "token_add", 0, nowMs);
    tx.commit();
}

int PgHubStore::revokeTokens(const std::string& coach, int64_t nowMs) {
    PgTransaction tx(connection_);
    const int revoked = connection_
                            .exec("UPDATE tokens SET revoked_at_ms = $1 WHERE coach = $2 AND revoked_at_ms IS NULL "
                                  "RETURNING 1",
                                  {pgInt(nowMs), coach})
                            .rows();
    insertAudit(connection_, {coach, Role::Coach, {}, {}}, "token_revoke", revoked, nowMs);
    tx.commit();
    return revoked;
}

std::vector<ActiveToken> PgHubStore::activeTokens() {
    const PgResult rows = connection_.exec("SELECT token_hash, coach, role FROM tokens WHERE revoked_at_ms IS NULL");
    std::vector<ActiveToken> tokens;
    for (int row = 0; row < rows.rows(); ++row)
        tokens.push_back({rows.bytea(row, 0), rows.text(row, 1), roleFromName(rows.text(row, 2)).value_or(Role::Coach)});
    return tokens;
}

std::vector<std::string> PgHubStore::teamsOf(const std::string& coach) { return teamsIn(connection_, coach); }

void PgHubStore::audit(const Principal& who, const char* action, int64_t recordCount, int64_t nowMs) {
    insertAudit(connection_, who, action, recordCount, nowMs);
}

std::vector<AuditEntry> PgHubStore::auditEntries(int64_t sinceSeq) {
    const PgResult rows = connection_.exec(
        "SELECT seq, at_ms, coach, action, record_count FROM audit WHERE seq > $1 ORDER BY seq", {pgInt(sinceSeq)});
    std::vector<AuditEntry> entries;
    for (int row = 0; row < rows.rows(); ++row)
        entries.push_back({rows.integer(row, 0), rows.integer(row, 1), rows.text(row, 2), rows.text(row, 3),
                           rows.integer(row, 4)});
    return entries;
}

std::vector<std::pair<std::string, int64_t>> PgHubStore::refusalsByCoach() {
    const PgResult rows = connection_.exec(
        "SELECT coach, sum(record_count) FROM audit WHERE action = 'refuse' GROUP BY coach ORDER BY coach");
    std::vector<std::pair<std::string, int64_t>> counts;
    for (int row = 0; row < rows.rows(); ++row) counts.emplace_back(rows.text(row, 0), rows.integer(row, 1));
    return counts;
}

int64_t PgHubStore::recordCount() { return connection_.exec("SELECT count(*) FROM records").integer(0, 0); }

}  // namespace dc::hub
