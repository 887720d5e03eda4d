// Copies of a whole hub store: a SQLite hub moved into PostgreSQL (migrate), and an
// online backup of a SQLite hub into a new file (backup).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dc::hub {

// Rows of one table on both sides of a migration.
struct TableCount {
    std::string table;
    int64_t sqliteRows = 0;
    int64_t postgresRows = 0;
};

struct MigrationReport {
    std::vector<TableCount> counts;
    // BLAKE2b over every record (all its fields and its place in pull order), in id order.
    std::string sqliteRecordsChecksum;
    std::string postgresRecordsChecksum;
    bool same() const;
};

// Copies records, revisions, the conflict log, tokens, teams, id bindings and the audit
// log of the SQLite hub at `sqlitePath` into the PostgreSQL hub at `postgresUrl`, in one
// transaction. Pull numbers are kept, so laptops go on from their cursors. Rows already
// there are kept as they are, so a second run copies nothing new and reports the same.
MigrationReport migrateToPostgres(const std::string& sqlitePath, const std::string& postgresUrl);

// Writes a consistent copy of the SQLite hub at `sqlitePath` to `targetPath` (a new
// file) with SQLite's online backup API, while hubs keep serving from it.
void backupSqliteHub(const std::string& sqlitePath, const std::string& targetPath);

}  // namespace dc::hub
