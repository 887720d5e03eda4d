// Migrating a SQLite hub into PostgreSQL, table by table with bound values, and backing
// up a SQLite hub with SQLite's online backup API.
#include "hub/store_copy.hpp"

#include "hub/pg_connection.hpp"
#include "hub/pg_hub_store.hpp"
#include "hub/sqlite_hub_store.hpp"
#include "model/db.hpp"

#include <sodium.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>

namespace dc::hub {

namespace {

enum class Kind { Text, Integer, Boolean, Bytes };

struct Column {
    const char* name;
    Kind kind;
};

struct TableCopy {
    const char* table;
    std::vector<Column> columns;
    const char* onConflict;  // what a row that is there already does
};

// Every table of the hub schema; names are the code's own, never input.
const std::vector<TableCopy>& tablesToCopy() {
    static const std::vector<TableCopy> tables = {
        {"records",
         {{"id", Kind::Text}, {"type", Kind::Text}, {"version", Kind::Integer}, {"created_at_ms", Kind::Integer},
          {"updated_at_ms", Kind::Integer}, {"author", Kind::Text}, {"origin", Kind::Text},
          {"deleted", Kind::Boolean}, {"data", Kind::Text}, {"seq", Kind::Integer}, {"pushed_by", Kind::Text},
          {"participant_id", Kind::Text}, {"session_id", Kind::Text}},
         "ON CONFLICT (id) DO NOTHING"},
        {"revisions", {{"id", Kind::Text}, {"version", Kind::Integer}, {"origin", Kind::Text}}, "ON CONFLICT DO NOTHING"},
        {"conflicts",
         {{"seq", Kind::Integer}, {"record_type", Kind::Text}, {"record_id", Kind::Text},
          {"loser_version", Kind::Integer}, {"loser_updated_at_ms", Kind::Integer}, {"loser_origin", Kind::Text},
          {"loser_author", Kind::Text}, {"loser_deleted", Kind::Boolean}, {"loser_data", Kind::Text},
          {"winner_version", Kind::Integer}, {"winner_origin", Kind::Text}, {"logged_at_ms", Kind::Integer}},
         "ON CONFLICT (seq) DO NOTHING"},
        // A token revoked on the SQLite hub after an earlier run is revoked here too.
        {"tokens",
         {{"token_hash", Kind::Bytes}, {"coach", Kind::Text}, {"role", Kind::Text}, {"created_at_ms", Kind::Integer},
          {"revoked_at_ms", Kind::Integer}},
         "ON CONFLICT (token_hash) DO UPDATE SET revoked_at_ms = excluded.revoked_at_ms "
         "WHERE tokens.revoked_at_ms IS NULL"},
        {"coach_teams", {{"coach", Kind::Text}, {"team", Kind::Text}}, "ON CONFLICT DO NOTHING"},
        {"author_bindings", {{"author", Kind::Text}, {"coach", Kind::Text}, {"bound_at_ms", Kind::Integer}},
         "ON CONFLICT DO NOTHING"},
        {"origin_bindings",
         {{"origin", Kind::Text}, {"coach", Kind::Text}, {"token_hash", Kind::Bytes}, {"bound_at_ms", Kind::Integer}},
         "ON CONFLICT DO NOTHING"},
        {"audit",
         {{"seq", Kind::Integer}, {"at_ms", Kind::Integer}, {"coach", Kind::Text}, {"action", Kind::Text},
          {"record_count", Kind::Integer}},
         "ON CONFLICT (seq) DO NOTHING"},
    };
    return tables;
}

PgParam valueOf(const Statement& row, int column, Kind kind) {
    if (row.isNull(column)) return std::nullopt;
    switch (kind) {
        case Kind::Integer: return std::to_string(row.integer(column));
        case Kind::Boolean: return pgBool(row.integer(column) != 0);
        case Kind::Bytes: return pgBytea(row.blob(column));
        case Kind::Text: break;
    }
    return row.text(column);
}

void copyTable(Database& from, PgConnection& to, const TableCopy& copy) {
    std::string names;
    std::string placeholders;
    for (std::size_t i = 0; i < copy.columns.size(); ++i) {
        names += (i ? ", " : "") + std::string(copy.columns[i].name);
        placeholders += (i ? ", $" : "$") + std::to_string(i + 1);
    }
    Statement rows = from.prepare("SELECT " + names + " FROM " + copy.table);
    const std::string insert =
        "INSERT INTO " + std::string(copy.table) + " (" + names + ") VALUES (" + placeholders + ") " + copy.onConflict;
    std::vector<PgParam> values(copy.columns.size());
    while (rows.step()) {
        for (std::size_t i = 0; i < copy.columns.size(); ++i)
            values[i] = valueOf(rows, static_cast<int>(i), copy.columns[i].kind);
        to.exec(insert, values);
    }
}

// One record's fields, separated by a byte no id or number holds.
using RecordLines = std::vector<std::pair<std::string, std::string>>;

std::string checksumOf(RecordLines lines) {
    // Byte order of the ids, the same on both sides whatever a database's collation is.
    std::sort(lines.begin(), lines.end());
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, crypto_generichash_BYTES);
    for (const auto& [id, line] : lines)
        crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(line.data()), line.size());
    unsigned char hash[crypto_generichash_BYTES];
    crypto_generichash_final(&state, hash, sizeof hash);
    char hex[2 * crypto_generichash_BYTES + 1];
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    return hex;
}

constexpr const char* kRecordFields =
    "SELECT id, type, version, created_at_ms, updated_at_ms, author, origin, deleted, data, seq FROM records";

std::string recordLine(const std::vector<std::string>& fields) {
    std::string line;
    for (const std::string& field : fields) line += field + '\x1f';
    return line + '\x1e';
}

std::string sqliteChecksum(Database& db) {
    RecordLines lines;
    Statement rows = db.prepare(kRecordFields);
    while (rows.step()) {
        lines.emplace_back(rows.text(0), recordLine({rows.text(0), rows.text(1), std::to_string(rows.integer(2)),
                                                     std::to_string(rows.integer(3)), std::to_string(rows.integer(4)),
                                                     rows.text(5), rows.text(6), rows.integer(7) ? "1" : "0",
                                                     rows.text(8), std::to_string(rows.integer(9))}));
    }
    return checksumOf(std::move(lines));
}

std::string postgresChecksum(PgConnection& pg) {
    RecordLines lines;
    const PgResult rows = pg.exec(kRecordFields);
    for (int row = 0; row < rows.rows(); ++row) {
        lines.emplace_back(rows.text(row, 0),
                           recordLine({rows.text(row, 0), rows.text(row, 1), rows.text(row, 2), rows.text(row, 3),
                                       rows.text(row, 4), rows.text(row, 5), rows.text(row, 6),
                                       rows.boolean(row, 7) ? "1" : "0", rows.text(row, 8), rows.text(row, 9)}));
    }
    return checksumOf(std::move(lines));
}

}  // namespace

bool MigrationReport::same() const {
    return sqliteRecordsChecksum == postgresRecordsChecksum &&
           std::all_of(counts.begin(), counts.end(),
                       [](const TableCount& count) { return count.sqliteRows == count.postgresRows; });
}

MigrationReport migrateToPostgres(const std::string& sqlitePath, const std::string& postgresUrl) {
    if (!std::filesystem::exists(sqlitePath)) throw std::runtime_error(sqlitePath + " does not exist");
    // Opening each side as a hub checks what it is and brings its schema up to date.
    SqliteHubStore{sqlitePath};
    PgHubStore{postgresUrl};
    Database from(sqlitePath, OpenMode::ReadOnly);
    PgConnection to(postgresUrl);

    {
        // One read transaction on SQLite: a hub serving it meanwhile does not tear the copy.
        // Should the copy throw, closing the connection ends it.
        from.exec("BEGIN");
        PgTransaction tx(to);
        for (const TableCopy& copy : tablesToCopy()) copyTable(from, to, copy);
        // New pushes and audit lines are numbered after the copied ones.
        to.exec(
            "UPDATE pull_order SET last = GREATEST(last, (SELECT coalesce(max(seq), 0) FROM records), "
            "(SELECT coalesce(max(seq), 0) FROM conflicts))");
        to.exec("SELECT setval(pg_get_serial_sequence('audit', 'seq'), coalesce(max(seq), 0) + 1, false) FROM audit");
        tx.commit();
        from.exec("COMMIT");
    }

    MigrationReport report;
    for (const TableCopy& copy : tablesToCopy()) {
        const std::string count = std::string("SELECT count(*) FROM ") + copy.table;
        report.counts.push_back({copy.table, from.queryInteger(count), to.exec(count).integer(0, 0)});
    }
    report.sqliteRecordsChecksum = sqliteChecksum(from);
    report.postgresRecordsChecksum = postgresChecksum(to);
    return report;
}

void backupSqliteHub(const std::string& sqlitePath, const std::string& targetPath) {
    if (!std::filesystem::exists(sqlitePath)) throw std::runtime_error(sqlitePath + " does not exist");
    if (std::filesystem::exists(targetPath))
        throw std::runtime_error(targetPath + " exists already; a backup goes to a new file");
    // Checks that the source is a hub database before anything is written.
    SqliteHubStore{sqlitePath};
    Database from(sqlitePath, OpenMode::ReadOnly);
    Database to(targetPath, OpenMode::ReadWriteCreate);
    sqlite3_backup* backup = sqlite3_backup_init(to.handle(), "main", from.handle(), "main");
    if (!backup) throw DatabaseError(sqlite3_errcode(to.handle()), sqlite3_errmsg(to.handle()));
    // All pages in one step, inside one read transaction: with WAL, hubs keep writing meanwhile.
    const int stepped = sqlite3_backup_step(backup, -1);
    const int finished = sqlite3_backup_finish(backup);
    if (stepped != SQLITE_DONE || finished != SQLITE_OK) {
        const int code = stepped != SQLITE_DONE ? stepped : finished;
        std::filesystem::remove(targetPath);
        throw DatabaseError(code, std::string("the backup failed: ") + sqlite3_errstr(code));
    }
}

}  // namespace dc::hub
