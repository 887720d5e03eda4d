// Opening, checking and migrating the local database file.
#include "model/store.hpp"

#include "model/conflicts.hpp"

#include "model/clock.hpp"
#include "model/outbox.hpp"
#include "model/schema.hpp"

#include <sqlite3.h>

#include <array>
#include <charconv>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <random>

namespace dc {

StoreError::StoreError(Kind kind, std::string path, const std::string& detail)
    : std::runtime_error(detail), kind_(kind), path_(std::move(path)) {}

const char* StoreError::messageKey() const {
    switch (kind_) {
        case Kind::CannotOpen: return "store.cannot_open";
        case Kind::NotADatabase: return "store.not_a_database";
        case Kind::Corrupt: return "store.corrupt";
        case Kind::ForeignDatabase: return "store.foreign_database";
        case Kind::NewerSchema: return "store.newer_schema";
    }
    return "store.cannot_open";
}

std::string newUuid() {
    thread_local std::mt19937_64 generator{[] {
        std::random_device device;
        std::seed_seq seed{device(), device(), device(), device(), device(), device(), device(), device()};
        return std::mt19937_64(seed);
    }()};
    std::array<uint8_t, 16> bytes{};
    for (std::size_t i = 0; i < bytes.size(); i += 8) {
        const uint64_t word = generator();
        for (std::size_t b = 0; b < 8; ++b) bytes[i + b] = static_cast<uint8_t>(word >> (8 * b));
    }
    bytes[6] = static_cast<uint8_t>((bytes[6] & 0x0f) | 0x40);  // version 4
    bytes[8] = static_cast<uint8_t>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
    char text[37];
    std::snprintf(text, sizeof text, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", bytes[0],
                  bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10],
                  bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]);
    return text;
}

namespace {

// The database file and the -wal and -shm files SQLite makes beside it (with the
// main file's mode) are readable by their owner only. Neither function keeps a
// descriptor of the file: closing any descriptor of a file that SQLite has open drops
// this process's POSIX locks on it, and another process would then take itself for the
// last connection and delete the write-ahead log under the open one.
void createOwnerOnlyIfMissing(const std::string& path) {
    const int created = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (created >= 0) ::close(created);  // no connection can have open a file that did not exist
}

void narrowToOwner(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::error_code ignored;  // a file we do not own keeps its mode; SQLite decides whether it can be used
        std::filesystem::permissions(path + suffix, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                     std::filesystem::perm_options::replace, ignored);
    }
}

StoreError fromDatabaseError(const std::string& path, const DatabaseError& e) {
    const int primary = e.code() & 0xff;
    if (primary == SQLITE_CORRUPT) return StoreError(StoreError::Kind::Corrupt, path, e.what());
    if (primary == SQLITE_NOTADB) return StoreError(StoreError::Kind::NotADatabase, path, e.what());
    return StoreError(StoreError::Kind::CannotOpen, path, e.what());
}

void migrate(Database& db, int fromVersion, int toVersion) {
    for (const Migration& m : migrations()) {
        if (m.version <= fromVersion || m.version > toVersion) continue;
        Transaction tx(db);
        db.exec(m.sql);
        // user_version and application_id are part of the transaction's page-1 write.
        db.exec("PRAGMA user_version = " + std::to_string(m.version));
        db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
        tx.commit();
    }
}

}  // namespace

namespace {
bool quickCheckPasses(Database& db) {
    Statement check = db.prepare("PRAGMA quick_check(1)");
    return check.step() && check.text(0) == "ok";
}
}  // namespace

Store Store::open(const std::string& path, IntegrityCheck check) { return openAtVersion(path, kSchemaVersion, check); }

bool Store::wholeFileIntact(const std::string& path) {
    try {
        Database db(path, OpenMode::ReadOnly);
        return quickCheckPasses(db);
    } catch (const DatabaseError& e) {
        if ((e.code() & 0xff) == SQLITE_CORRUPT || (e.code() & 0xff) == SQLITE_NOTADB) return false;
        throw;
    }
}

void Store::refuseWrites() {
    db_.exec("PRAGMA query_only = ON");
    writesRefused_ = true;
}

Store Store::openAtVersion(const std::string& path, int version, IntegrityCheck check) {
    // A file that is not an SQLite database is refused by SQLite itself on the first read
    // below (SQLITE_NOTADB), before anything is written.
    const bool onDisk = path != ":memory:" && !path.empty();
    if (onDisk) createOwnerOnlyIfMissing(path);
    try {
        Database db(path, OpenMode::ReadWriteCreate);
        // Read-only checks first: nothing is written until the file is known to be ours.
        const int64_t applicationId = db.pragmaInteger("application_id");
        const int64_t userVersion = db.pragmaInteger("user_version");
        const int64_t tableCount = [&] {
            Statement q = db.prepare("SELECT count(*) FROM sqlite_schema");
            return q.step() ? q.integer(0) : 0;
        }();
        if (applicationId != kApplicationId && (applicationId != 0 || tableCount > 0))
            throw StoreError(StoreError::Kind::ForeignDatabase, path, "SQLite file of another program");
        if (userVersion > kSchemaVersion)
            throw StoreError(StoreError::Kind::NewerSchema, path,
                             "schema version " + std::to_string(userVersion) + " is newer than this app");
        // Reading sqlite_schema above parsed the header and the schema. The whole file is
        // read too unless the caller checks it later; a migration writes, so never before.
        const bool wholeFileNow = check == IntegrityCheck::AtOpen || userVersion < version;
        if (wholeFileNow && !quickCheckPasses(db))
            throw StoreError(StoreError::Kind::Corrupt, path, "integrity check failed");
        if (onDisk) narrowToOwner(path);
        // Deleted and overwritten content is zeroed, so old plaintext does not linger in free pages.
        db.exec("PRAGMA secure_delete = ON");
        db.exec(std::string("PRAGMA journal_mode = ") + kJournalMode);
        db.exec("PRAGMA synchronous = FULL");
        db.exec("PRAGMA foreign_keys = ON");
        migrate(db, static_cast<int>(userVersion), version);
        Store store(std::move(db));
        if (version >= 2) {
            std::optional<std::string> deviceId = store.setting("device_id");
            if (!deviceId) {
                deviceId = newUuid();
                store.setSetting("device_id", *deviceId);
            }
            store.deviceId_ = *deviceId;
        }
        if (version >= 4) store.protected_ = store.wrappedKey().has_value();
        return store;
    } catch (const DatabaseError& e) {
        throw fromDatabaseError(path, e);
    }
}

int Store::schemaVersion() { return static_cast<int>(db_.pragmaInteger("user_version")); }

void Store::appendOutbox(const char* recordType, const std::string& id, int64_t version, int64_t nowMs) {
    Outbox::enqueue(db_, recordType, id, version, nowMs);
    ++localRecordSaves_;  // a save rolled back afterwards only costs a needless refresh
}

Store::ForeignKeysOff::ForeignKeysOff(Store& store) : db_(store.db()) { db_.exec("PRAGMA foreign_keys = OFF"); }

Store::ForeignKeysOff::~ForeignKeysOff() {
    try {
        db_.exec("PRAGMA foreign_keys = ON");
    } catch (const DatabaseError&) {
        // The connection is closing or broken; the next open sets it again.
    }
}

int64_t Store::integerSetting(std::string_view key, int64_t fallback) {
    const std::optional<std::string> text = setting(key);
    if (!text) return fallback;
    int64_t value = 0;
    const char* end = text->data() + text->size();
    const auto [stop, error] = std::from_chars(text->data(), end, value);
    return error == std::errc() && stop == end ? value : fallback;
}

Store::ChangeSignal Store::changeSignal() {
    // data_version moves only for commits by other connections; reading it touches no page.
    return ChangeSignal{localRecordSaves_, db_.queryInteger("PRAGMA data_version")};
}

int64_t Store::writesSeen() {
    // Both only grow, so their sum moves whenever either does.
    return db_.totalChanges() + db_.queryInteger("PRAGMA data_version");
}

int64_t Store::outboxCount() { return Outbox(*this).count(); }

std::optional<std::string> Store::setting(std::string_view key) {
    Statement& q = db_.cached("SELECT value FROM settings WHERE key = ?");
    q.bind(1, key);
    std::optional<std::string> value;
    if (q.step()) value = q.text(0);
    q.reset();
    return value;
}

void Store::setSetting(std::string_view key, std::string_view value) {
    Statement& upsert =
        db_.cached("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    upsert.bind(1, key).bind(2, value);
    upsert.run();
}

}  // namespace dc

namespace dc {

Protection Store::protection() const {
    if (!protected_) return Protection::None;
    return cipher_ ? Protection::Unlocked : Protection::Locked;
}

const FieldCipher* Store::sealingCipher() const {
    if (protected_ && !cipher_) throw StoreLockedError();
    return cipher_.get();
}

std::optional<WrappedKey> Store::wrappedKey() {
    Statement& q = db_.cached("SELECT salt, ops_limit, mem_limit, nonce, wrapped_key FROM key_wrap WHERE id = 1");
    std::optional<WrappedKey> wrapped;
    if (q.step()) {
        wrapped = WrappedKey{q.blob(0), q.blob(3), q.blob(4),
                             KdfLimits{static_cast<uint64_t>(q.integer(1)), static_cast<uint64_t>(q.integer(2))}};
    }
    q.reset();
    return wrapped;
}

namespace {
void storeWrappedKey(Database& db, const WrappedKey& w) {
    Statement& upsert = db.cached(
        "INSERT INTO key_wrap (id, salt, ops_limit, mem_limit, nonce, wrapped_key, changed_at_ms) "
        "VALUES (1, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET salt = excluded.salt, "
        "ops_limit = excluded.ops_limit, mem_limit = excluded.mem_limit, nonce = excluded.nonce, "
        "wrapped_key = excluded.wrapped_key, changed_at_ms = excluded.changed_at_ms");
    upsert.bindBlob(1, w.salt.data(), w.salt.size()).bind(2, static_cast<int64_t>(w.limits.opsLimit));
    upsert.bind(3, static_cast<int64_t>(w.limits.memLimitBytes)).bindBlob(4, w.nonce.data(), w.nonce.size());
    upsert.bindBlob(5, w.ciphertext.data(), w.ciphertext.size()).bind(6, SystemClock().nowMs());
    upsert.run();
}
}  // namespace

Store::NewKey Store::makeKey(std::string_view passphrase, KdfLimits limits) {
    auto cipher = std::make_shared<const FieldCipher>(FieldCipher::generate());
    WrappedKey wrapped = cipher->wrap(passphrase, limits);
    return NewKey{std::move(cipher), std::move(wrapped)};
}

void Store::protect(std::string_view passphrase, KdfLimits limits) {
    if (protected_) throw std::logic_error("the database already has a passphrase");
    protectWith(makeKey(passphrase, limits));
}

void Store::protectWith(const NewKey& key) {
    if (protected_) throw std::logic_error("the database already has a passphrase");
    const std::shared_ptr<const FieldCipher>& cipher = key.cipher;
    const WrappedKey& wrapped = key.wrapped;
    std::vector<std::pair<std::string, std::string>> secrets;
    {
        Statement q = db_.prepare("SELECT key, value FROM settings WHERE key LIKE 'secret.%'");
        while (q.step()) secrets.emplace_back(q.text(0), q.text(1));
    }
    {
        Transaction tx(db_);
        storeWrappedKey(db_, wrapped);
        cipher_ = cipher;
        protected_ = true;
        forEachRecordType([&]<class R>() { rewriteAllSealed<R>(); });
        for (const auto& [key, value] : secrets) setSecretSetting(key.substr(7), value);
        sealConflictLog(*this);
        tx.commit();
    }
    // The clear text lived in earlier pages of the file and the log: rebuild both.
    db_.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    db_.exec("VACUUM");
    db_.exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

bool Store::unlock(std::string_view passphrase) {
    const std::optional<WrappedKey> wrapped = wrappedKey();
    if (!wrapped) return false;
    std::optional<FieldCipher> cipher = FieldCipher::unwrap(*wrapped, passphrase);
    if (!cipher) return false;
    cipher_ = std::make_shared<const FieldCipher>(*cipher);
    return true;
}

void Store::replaceWrappedKey(const WrappedKey& rewrapped) {
    if (!protected_) throw std::logic_error("the database has no passphrase to change");
    Transaction tx(db_);
    storeWrappedKey(db_, rewrapped);
    tx.commit();
}

bool Store::changePassphrase(std::string_view current, std::string_view next, KdfLimits limits) {
    const std::optional<WrappedKey> wrapped = wrappedKey();
    if (!wrapped) return false;
    const std::optional<FieldCipher> cipher = FieldCipher::unwrap(*wrapped, current);
    if (!cipher) return false;
    Transaction tx(db_);
    storeWrappedKey(db_, cipher->wrap(next, limits));
    tx.commit();
    return true;
}

std::string Store::reveal(std::string_view table, std::string_view id, std::string_view field,
                          std::string_view stored) const {
    if (!FieldCipher::looksEncrypted(stored)) return std::string(stored);
    if (!cipher_) throw StoreLockedError();
    std::optional<std::string> plain = cipher_->decrypt(stored, detail::fieldContext(table, id, field));
    if (!plain) throw DatabaseError(0, "a personal value could not be decrypted");
    return *plain;
}

std::optional<std::string> Store::secretSetting(std::string_view key) {
    const std::string fullKey = "secret." + std::string(key);
    std::optional<std::string> stored = setting(fullKey);
    if (!stored) return stored;
    return reveal("settings", fullKey, "value", *stored);
}

std::string Store::seal(std::string_view table, std::string_view id, std::string_view field,
                        std::string_view plain) const {
    const FieldCipher* cipher = sealingCipher();
    return cipher ? cipher->encrypt(plain, detail::fieldContext(table, id, field)) : std::string(plain);
}

void Store::setSecretSetting(std::string_view key, std::string_view value) {
    const std::string fullKey = "secret." + std::string(key);
    setSetting(fullKey, seal("settings", fullKey, "value", value));
}

}  // namespace dc
