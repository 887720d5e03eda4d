// Opening, migrating and refusing database files.
#include "model/outbox.hpp"
#include "model/schema.hpp"
#include "test_support.hpp"
#include "tests/test_environment.hpp"

#include <doctest/doctest.h>

using namespace dc;
using namespace dc::test;

TEST_CASE("a new file is created, migrated to the current schema and set up for durable writes") {
    TempDir dir;
    Store store = Store::open(dir.file("new.db").string());
    CHECK(store.schemaVersion() == kSchemaVersion);
    CHECK(store.db().pragmaInteger("application_id") == kApplicationId);
    CHECK(store.db().pragmaInteger("foreign_keys") == 1);
    CHECK(store.db().pragmaInteger("synchronous") == 2);  // FULL
    Statement mode = store.db().prepare("PRAGMA journal_mode");
    REQUIRE(mode.step());
    CHECK(mode.text(0) == kJournalMode);
}

TEST_CASE("a file in a folder that does not exist gives a clear error") {
    TempDir dir;
    CHECK_THROWS_AS(Store::open(dir.file("missing/sub/field.db").string()), StoreError);
}

TEST_CASE("a database of the first schema version is migrated with its records intact") {
    TempDir dir;
    const std::string path = dir.file("v1.db").string();
    const std::string participantId = "9b2c1f7e-0000-4000-8000-000000000001";
    {
        Store v1 = Store::openAtVersion(path, 1);
        REQUIRE(v1.schemaVersion() == 1);
        // Written as the first release wrote it: the version-1 columns only.
        Statement insert = v1.db().prepare(
            "INSERT INTO participants (id, created_at_ms, updated_at_ms, version, author_coach_id, pseudonym, "
            "age_band, language, contact_preference) VALUES (?, 1000, 1000, 1, 'coach-1', 'Georgette', '80plus', "
            "'nl', 'call')");
        insert.bind(1, participantId);
        insert.run();
        v1.db().exec("INSERT INTO outbox (record_type, record_id, version, queued_at_ms) VALUES "
                     "('participants', '9b2c1f7e-0000-4000-8000-000000000001', 1, 1000)");
    }
    Store current = Store::open(path);
    CHECK(current.schemaVersion() == kSchemaVersion);
    const auto p = current.find<Participant>(participantId);
    REQUIRE(p);
    CHECK(p->pseudonym == "Georgette");
    CHECK(p->ageBand == "80plus");
    CHECK_FALSE(p->erasedOn);  // a column added later reads as its default
    CHECK(current.outboxCount() == 1);
    current.setSetting("language", "en");  // a version-2 table
    CHECK(current.setting("language") == "en");
}

TEST_CASE("migrating twice changes nothing") {
    TempDir dir;
    const std::string path = dir.file("twice.db").string();
    { Store first = Store::open(path); }
    Store second = Store::open(path);
    CHECK(second.schemaVersion() == kSchemaVersion);
}

namespace {
void checkRefusedAndUntouched(const std::filesystem::path& path, StoreError::Kind expected) {
    const std::string before = readFileBytes(path);
    try {
        Store::open(path.string());
        FAIL("the file was accepted");
    } catch (const StoreError& e) {
        CHECK(e.kind() == expected);
        CHECK(std::string(e.messageKey()).rfind("store.", 0) == 0);
    }
    CHECK(readFileBytes(path) == before);
    CHECK_FALSE(std::filesystem::exists(path.string() + "-wal"));
}
}  // namespace

TEST_CASE("a file that is not a database is refused and never overwritten") {
    TempDir dir;
    const auto path = dir.file("notes.txt");
    writeFileBytes(path, "Boodschappenlijst: brood, melk, kaas\n");
    checkRefusedAndUntouched(path, StoreError::Kind::NotADatabase);
}

TEST_CASE("a corrupt database is refused and never overwritten") {
    TempDir dir;
    const auto path = dir.file("corrupt.db");
    {
        Store store = Store::open(path.string());
        store.db().exec("PRAGMA journal_mode = DELETE");
    }
    std::string bytes = readFileBytes(path);
    REQUIRE(bytes.size() > 4096);
    // Garble the schema table's page (page 1) after the 100-byte file header.
    for (std::size_t i = 100; i < 4096; ++i) bytes[i] = static_cast<char>(0xA5);
    writeFileBytes(path, bytes);
    checkRefusedAndUntouched(path, StoreError::Kind::Corrupt);
}

namespace {
// A coach's file with a big table, closed, then damaged in the middle of that table
// with its header and schema intact.
std::filesystem::path fileDamagedInTheMiddle(const TempDir& dir) {
    const auto path = dir.file("damaged-middle.db");
    {
        Store store = Store::open(path.string());
        // 20,000 outbox entries: a table of a few hundred pages that opening never reads.
        store.db().exec(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
            "INSERT INTO outbox (record_type, record_id, version, queued_at_ms) "
            "SELECT 'participants', printf('9b2c1f7e-0000-4000-8000-%012d', i), 1, 1000 FROM n");
    }  // the last connection's close writes the log back into the file
    damagePageInTheMiddle(path);
    return path;
}
}  // namespace

TEST_CASE("a file damaged in the middle of a big table is refused by the whole-file check at open") {
    TempDir dir;
    checkRefusedAndUntouched(fileDamagedInTheMiddle(dir), StoreError::Kind::Corrupt);
}

TEST_CASE("a file damaged in the middle opens for a later check, which finds it, and then nothing is written") {
    TempDir dir;
    const auto path = fileDamagedInTheMiddle(dir);
    const std::string before = readFileBytes(path);
    {
        Store store = Store::open(path.string(), IntegrityCheck::Later);
        CHECK_FALSE(Store::wholeFileIntact(path.string()));
        store.refuseWrites();
        CHECK(store.writesRefused());
        CHECK_THROWS_AS(store.setSetting("language", "en"), DatabaseError);
        // Nothing waits to be written either: an empty log (WAL), or no journal at all.
        const std::string log = path.string() + (std::string_view(kJournalMode) == "wal" ? "-wal" : "-journal");
        CHECK((!std::filesystem::exists(log) || std::filesystem::file_size(log) == 0));
    }
    CHECK(readFileBytes(path) == before);
}

TEST_CASE("an intact file passes the later whole-file check") {
    TempDir dir;
    const auto path = dir.file("intact.db");
    Store store = Store::open(path.string(), IntegrityCheck::Later);
    store.setSetting("language", "en");
    CHECK(Store::wholeFileIntact(path.string()));
    CHECK_FALSE(store.writesRefused());
}

TEST_CASE("another program's SQLite file is refused and left alone") {
    TempDir dir;
    const auto path = dir.file("other.db");
    {
        Database other(path.string(), OpenMode::ReadWriteCreate);
        other.exec("CREATE TABLE recipes (name TEXT)");
        other.exec("INSERT INTO recipes VALUES ('stoofvlees')");
    }
    checkRefusedAndUntouched(path, StoreError::Kind::ForeignDatabase);
}

TEST_CASE("a database from a newer app version is refused rather than downgraded") {
    TempDir dir;
    const auto path = dir.file("newer.db");
    {
        Store store = Store::open(path.string());
        store.db().exec("PRAGMA user_version = 99");
        store.db().exec("PRAGMA journal_mode = DELETE");
    }
    checkRefusedAndUntouched(path, StoreError::Kind::NewerSchema);
}

TEST_CASE("settings are kept per key and overwritten in place") {
    TempDir dir;
    Store store = Store::open(dir.file("s.db").string());
    CHECK_FALSE(store.setting("language"));
    store.setSetting("language", "nl");
    store.setSetting("language", "en");
    CHECK(store.setting("language") == "en");
    CHECK(store.outboxCount() == 0);  // settings stay on this laptop
}

TEST_CASE("an existing empty file becomes a new database") {
    TempDir dir;
    const auto path = dir.file("empty.db");
    writeFileBytes(path, "");
    Store store = Store::open(path.string());
    CHECK(store.schemaVersion() == kSchemaVersion);
    CHECK_FALSE(store.deviceId().empty());
}

TEST_CASE("each database keeps its own device id across openings") {
    TempDir dir;
    std::string first;
    {
        Store store = Store::open(dir.file("a.db").string());
        first = store.deviceId();
    }
    Store again = Store::open(dir.file("a.db").string());
    Store other = Store::open(dir.file("b.db").string());
    CHECK(again.deviceId() == first);
    CHECK(other.deviceId() != first);
}

TEST_CASE("a batch read while the one before it is on its way is acknowledged for its own range only") {
    World w;
    Outbox outbox(w.store);
    w.addParticipant("Amira");
    const OutboxBatch earlier = outbox.oldest(1'000'000);
    const int64_t waitingInEarlier = w.store.outboxCount();
    w.addParticipant("Chloé");
    w.addParticipant("Dirk");
    const OutboxBatch later = outbox.oldestAfter(earlier.lastSeq, 1'000'000);
    CHECK(later.afterSeq == earlier.lastSeq);
    CHECK(later.records.size() == 2);
    // The later batch is answered first; whatever the earlier one left unanswered stays.
    outbox.acknowledgeBatch(later);
    CHECK(w.store.outboxCount() == waitingInEarlier);
    CHECK(outbox.oldest(1'000'000).lastSeq == earlier.lastSeq);
    w.addParticipant("Emre");  // saved while the earlier batch was on its way
    outbox.acknowledgeBatch(earlier);
    CHECK(w.store.outboxCount() == 1);
}
