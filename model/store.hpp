// The local SQLite store: opening and migrating the file, and the one generic
// path by which any record is written (row + outbox entry in the caller's transaction).
#pragma once

#include "model/crypto.hpp"
#include "model/db.hpp"
#include "model/records.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <type_traits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dc {

inline constexpr int kSchemaVersion = 9;
// WAL on a computer. A browser's file system copies WAL's shared-memory index per
// connection instead of sharing it, so the UI's and the jobs' connections would not see
// each other's commits: there the rollback journal, which needs no shared memory.
#ifdef __EMSCRIPTEN__
inline constexpr const char* kJournalMode = "delete";
#else
inline constexpr const char* kJournalMode = "wal";
#endif

// Why a database file could not be used. The file itself is never changed when
// this is thrown; `messageKey()` names the translated explanation for the user.
class StoreError : public std::runtime_error {
public:
    enum class Kind { CannotOpen, NotADatabase, Corrupt, ForeignDatabase, NewerSchema };
    StoreError(Kind kind, std::string path, const std::string& detail);
    Kind kind() const { return kind_; }
    const std::string& path() const { return path_; }
    const char* messageKey() const;

private:
    Kind kind_;
    std::string path_;
};

// A personal field was needed while the store is locked (no passphrase given yet).
class StoreLockedError : public std::runtime_error {
public:
    StoreLockedError() : std::runtime_error("the database is locked: unlock it with the passphrase first") {}
};

// How personal fields are kept in this file.
enum class Protection {
    None,      // in the clear (a file made before a passphrase was set)
    Locked,    // encrypted, and the passphrase has not been given
    Unlocked,  // encrypted, and readable in this process
};

std::string newUuid();

// How much of the file Store::open reads before it hands the store out.
enum class IntegrityCheck {
    // The whole file (PRAGMA quick_check): the headless commands, the hub's tools, tests.
    AtOpen,
    // The header, the schema and the version only; the caller runs wholeFileIntact() soon
    // after (the window does it off the UI thread after its first frame) and calls
    // refuseWrites() when it fails. Also for the window's further connections (jobs, sync),
    // opened only after that check passed. A file that must be migrated is still checked
    // whole first, as nothing may be written to a damaged file.
    Later,
};

class Store {
public:
    // Opens (creating if needed) and migrates to kSchemaVersion.
    static Store open(const std::string& path, IntegrityCheck check = IntegrityCheck::AtOpen);
    // PRAGMA quick_check over the whole file, on a read-only connection of its own, so
    // it can run on another thread than the store's. False when the file is damaged.
    static bool wholeFileIntact(const std::string& path);
    // From now on this connection refuses every write (the file was found damaged):
    // SQLite answers any write with SQLITE_READONLY, and nothing reaches the file.
    void refuseWrites();
    bool writesRefused() const { return writesRefused_; }
    // Migrates only up to `version`; tests use it to build older files.
    static Store openAtVersion(const std::string& path, int version, IntegrityCheck check = IntegrityCheck::AtOpen);

    Database& db() { return db_; }
    int schemaVersion();

    // Writes `record` inside the caller's open Transaction: assigns id and clocks,
    // bumps the version and appends the change to the outbox.
    template <class R>
    void put(R& record, std::string_view authorCoachId, int64_t nowMs);
    // Writes `record` as a new version stamped `nowMs` even when its stamp is later, inside
    // the caller's Transaction. Only for a version the hub refused as clock_ahead: the
    // hub never took the later stamp, so no version anywhere is newer than this one.
    template <class R>
    void restamp(R& record, int64_t nowMs);
    // Writes a record received from the hub exactly as it is, without an outbox entry.
    template <class R>
    void putReceived(const R& record);

    // This laptop's id: the origin of every version written here.
    const std::string& deviceId() const { return deviceId_; }

    template <class R>
    std::optional<R> find(std::string_view id);
    // Live (not deleted) records of a type, in insertion order.
    template <class R>
    std::vector<R> all();
    template <class R>
    bool exists(std::string_view id);  // live records only
    // Live records matching `condition`, a fixed SQL fragment with one `?` for `value`,
    // e.g. "participant_id = ? ORDER BY screened_on".
    template <class R>
    std::vector<R> where(std::string_view condition, std::string_view value);

    int64_t outboxCount();

    // The one change signal screens watch. Records saved through this connection (each
    // enters the outbox) and commits by any other connection to the file: the sync
    // thread's pulls and pushes, another program. Either changes the value; the first
    // also means there is something new to push.
    struct ChangeSignal {
        int64_t localRecordSaves = 0;
        int64_t otherConnectionsCommits = 0;
        bool operator==(const ChangeSignal&) const = default;
    };
    ChangeSignal changeSignal();
    // Moves with every write to the file, records or settings, from this connection or
    // another: what has to be copied on to a browser's persistent storage.
    int64_t writesSeen();

    // Local, unsynced key/value settings (coach profile, language, text size, ...).
    std::optional<std::string> setting(std::string_view key);
    void setSetting(std::string_view key, std::string_view value);
    // Foreign keys unchecked while it lives: pulled records arrive in the hub's order,
    // and one may name another that comes in a later page.
    class ForeignKeysOff {
    public:
        explicit ForeignKeysOff(Store& store);
        ~ForeignKeysOff();
        ForeignKeysOff(const ForeignKeysOff&) = delete;
        ForeignKeysOff& operator=(const ForeignKeysOff&) = delete;

    private:
        Database& db_;
    };

    // A whole-number setting; `fallback` when it is missing or not a whole number (a
    // hand-edited or damaged value must stop neither the app's start nor the sync thread).
    int64_t integerSetting(std::string_view key, int64_t fallback);
    // Settings that may hold personal text or secrets (drafts, the sync token):
    // encrypted like personal fields once the store is protected.
    std::optional<std::string> secretSetting(std::string_view key);
    void setSecretSetting(std::string_view key, std::string_view value);

    // ---- Encryption at rest (see model/crypto.hpp) ----
    Protection protection() const;
    // Sets the first passphrase and encrypts every personal field already stored.
    void protect(std::string_view passphrase, KdfLimits limits = KdfLimits::forThisDevice());
    // False (and still locked) when the passphrase is wrong.
    bool unlock(std::string_view passphrase);

    // The same in two steps, so the slow key derivation (about a second, on purpose)
    // can run off the UI thread while only the database work stays on it:
    // a new data key and its wrapping by the passphrase, touching no database...
    struct NewKey {
        std::shared_ptr<const FieldCipher> cipher;
        WrappedKey wrapped;
    };
    static NewKey makeKey(std::string_view passphrase, KdfLimits limits = KdfLimits::forThisDevice());
    // ...then protect() with it;
    void protectWith(const NewKey& key);
    // and for unlocking: the wrapped key to hand to FieldCipher::unwrap, then useCipher().
    std::optional<WrappedKey> wrappedKey();
    // And for a new passphrase: the key unwrapped and wrapped again off the UI thread,
    // then stored here in place of the old wrapping. No record is rewritten.
    void replaceWrappedKey(const WrappedKey& rewrapped);
    // Re-wraps the data key; no record is rewritten. False when `current` is wrong.
    bool changePassphrase(std::string_view current, std::string_view next, KdfLimits limits = KdfLimits::forThisDevice());
    void lock() { cipher_.reset(); }
    // Shares the unlocked key with another connection to the same file (the sync thread).
    std::shared_ptr<const FieldCipher> cipher() const { return cipher_; }
    void useCipher(std::shared_ptr<const FieldCipher> cipher) { cipher_ = std::move(cipher); }
    // The form in which a personal value is stored: sealed once the file has a passphrase.
    std::string seal(std::string_view table, std::string_view id, std::string_view field,
                     std::string_view plain) const;
    // The readable form of a personal value that a custom query returned as stored.
    std::string reveal(std::string_view table, std::string_view id, std::string_view field,
                       std::string_view stored) const;

private:
    explicit Store(Database db) : db_(std::move(db)) {}
    void appendOutbox(const char* recordType, const std::string& id, int64_t version, int64_t nowMs);
    int64_t localRecordSaves_ = 0;
    const FieldCipher* sealingCipher() const;  // throws StoreLockedError when locked
    template <class R>
    void rewriteAllSealed();
    Database db_;
    std::string deviceId_;
    bool protected_ = false;
    bool writesRefused_ = false;
    std::shared_ptr<const FieldCipher> cipher_;
};

// ---- Generic column and JSON encoding, driven by Record::fields() ----
namespace detail {

inline void bindValue(Statement& s, int i, const std::string& v) { s.bind(i, v); }
inline void bindValue(Statement& s, int i, const std::optional<std::string>& v) { s.bind(i, v); }
inline void bindValue(Statement& s, int i, int64_t v) { s.bind(i, v); }
inline void bindValue(Statement& s, int i, bool v) { s.bind(i, v); }
inline void bindValue(Statement& s, int i, const IdList& v) { s.bind(i, nlohmann::json(v).dump()); }
inline void bindValue(Statement& s, int i, const SkillLevels& v) { s.bind(i, nlohmann::json(v).dump()); }

inline void readValue(Statement& s, int i, std::string& v) { v = s.text(i); }
inline void readValue(Statement& s, int i, std::optional<std::string>& v) { v = s.optionalText(i); }
inline void readValue(Statement& s, int i, int64_t& v) { v = s.integer(i); }
inline void readValue(Statement& s, int i, bool& v) { v = s.integer(i) != 0; }
template <class T>
void readJsonColumn(Statement& s, int i, T& v) {
    v = s.isNull(i) ? T{} : nlohmann::json::parse(s.text(i)).get<T>();
}
inline void readValue(Statement& s, int i, IdList& v) { readJsonColumn(s, i, v); }
inline void readValue(Statement& s, int i, SkillLevels& v) { readJsonColumn(s, i, v); }

inline constexpr const char* kMetaColumns =
    "id, created_at_ms, updated_at_ms, version, author_coach_id, origin_device_id, deleted";
inline constexpr int kMetaColumnCount = 7;

template <class R>
std::string columnList() {
    std::string cols = kMetaColumns;
    std::apply([&](const auto&... f) { ((cols += ", ", cols += f.name), ...); }, R::fields());
    return cols;
}

template <class R>
constexpr int fieldCount() {
    return static_cast<int>(std::tuple_size_v<decltype(R::fields())>);
}

template <class R>
struct RecordSql {
    std::string upsert;
    std::string selectById;
    std::string selectAll;
    std::string existsById;
    static const RecordSql& get() {
        static const RecordSql sql = [] {
            RecordSql s;
            const std::string cols = columnList<R>();
            std::string params = "?";
            for (int i = 1; i < kMetaColumnCount + fieldCount<R>(); ++i) params += ", ?";
            std::string updates = "created_at_ms = excluded.created_at_ms, updated_at_ms = excluded.updated_at_ms, "
                                  "version = excluded.version, author_coach_id = excluded.author_coach_id, "
                                  "origin_device_id = excluded.origin_device_id, deleted = excluded.deleted";
            std::apply([&](const auto&... f) { ((updates += std::string(", ") + f.name + " = excluded." + f.name), ...); },
                       R::fields());
            s.upsert = std::string("INSERT INTO ") + R::table + " (" + cols + ") VALUES (" + params +
                       ") ON CONFLICT(id) DO UPDATE SET " + updates;
            s.selectById = "SELECT " + cols + " FROM " + R::table + " WHERE id = ?";
            s.selectAll = "SELECT " + cols + " FROM " + R::table + " WHERE deleted = 0 ORDER BY rowid";
            s.existsById = std::string("SELECT 1 FROM ") + R::table + " WHERE id = ? AND deleted = 0";
            return s;
        }();
        return sql;
    }
};

inline std::string fieldContext(std::string_view table, std::string_view id, std::string_view field) {
    std::string context(table);
    context += '/';
    context += id;
    context += '/';
    context += field;
    return context;
}

// Personal fields are text; they are sealed on the way in when a cipher is given.
template <class R, class Value>
void bindField(Statement& s, int i, const R& r, const Field<R, Value>& f, const FieldCipher* cipher) {
    if constexpr (std::is_same_v<Value, std::string>) {
        if (f.privacy == Privacy::Personal && cipher) {
            s.bind(i, cipher->encrypt(r.*(f.member), fieldContext(R::table, r.meta.id, f.name)));
            return;
        }
    }
    bindValue(s, i, r.*(f.member));
}

template <class R, class Value>
void readField(Statement& s, int i, R& r, const Field<R, Value>& f, const FieldCipher* cipher) {
    readValue(s, i, r.*(f.member));
    if constexpr (std::is_same_v<Value, std::string>) {
        std::string& value = r.*(f.member);
        if (f.privacy != Privacy::Personal || !FieldCipher::looksEncrypted(value)) return;
        if (!cipher) throw StoreLockedError();
        std::optional<std::string> plain = cipher->decrypt(value, fieldContext(R::table, r.meta.id, f.name));
        if (!plain) throw DatabaseError(0, std::string("a personal field of ") + R::table + " could not be decrypted");
        value = std::move(*plain);
    }
}

template <class R>
void bindRecord(Statement& s, const R& r, const FieldCipher* cipher) {
    s.bind(1, r.meta.id).bind(2, r.meta.createdAtMs).bind(3, r.meta.updatedAtMs).bind(4, r.meta.version);
    s.bind(5, r.meta.authorCoachId).bind(6, r.meta.originDeviceId).bind(7, r.meta.deleted);
    int i = kMetaColumnCount + 1;
    std::apply([&](const auto&... f) { (bindField(s, i++, r, f, cipher), ...); }, R::fields());
}

template <class R>
R readRecord(Statement& s, const FieldCipher* cipher) {
    R r;
    r.meta.id = s.text(0);
    r.meta.createdAtMs = s.integer(1);
    r.meta.updatedAtMs = s.integer(2);
    r.meta.version = s.integer(3);
    r.meta.authorCoachId = s.text(4);
    r.meta.originDeviceId = s.text(5);
    r.meta.deleted = s.integer(6) != 0;
    int i = kMetaColumnCount;
    std::apply([&](const auto&... f) { (readField(s, i++, r, f, cipher), ...); }, R::fields());
    return r;
}

// JSON form of a field value; an absent optional is null.
template <class T>
nlohmann::json toJsonValue(const T& value) { return value; }
template <class T>
nlohmann::json toJsonValue(const std::optional<T>& value) { return value ? nlohmann::json(*value) : nlohmann::json(); }
// A whole number must arrive as one: nlohmann would convert 3e42 to int64_t by a cast
// whose result is undefined, and 2^64-1 would wrap.
inline int64_t integerFromJson(const nlohmann::json& json) {
    const bool fits = json.is_number_integer() &&
                      (!json.is_number_unsigned() || json.get<uint64_t>() <= uint64_t(INT64_MAX));
    if (!fits) throw nlohmann::json::type_error::create(302, "a whole number was expected", &json);
    return json.get<int64_t>();
}
template <class T>
void fromJsonValue(const nlohmann::json& json, T& value) {
    if constexpr (std::is_same_v<T, int64_t>) {
        value = integerFromJson(json);
    } else if constexpr (std::is_same_v<T, std::map<std::string, int64_t>>) {
        if (!json.is_object()) throw nlohmann::json::type_error::create(302, "an object was expected", &json);
        T read;
        for (const auto& [key, number] : json.items()) read[key] = integerFromJson(number);
        value = std::move(read);
    } else {
        json.get_to(value);
    }
}
template <class T>
void fromJsonValue(const nlohmann::json& json, std::optional<T>& value) {
    if (json.is_null()) {
        value.reset();
    } else {
        T read{};
        fromJsonValue(json, read);
        value = std::move(read);
    }
}

}  // namespace detail

// The record's data fields as a JSON object (no meta), as sync sends them.
template <class R>
nlohmann::json fieldsToJson(const R& r) {
    nlohmann::json data = nlohmann::json::object();
    std::apply([&](const auto&... f) { ((data[f.name] = detail::toJsonValue(r.*(f.member))), ...); }, R::fields());
    return data;
}

// Reads the data fields back; a missing key keeps the default, a wrong type throws
// nlohmann::json::exception, which the caller turns into a rejection. `r` changes
// only when every field could be read.
template <class R>
void fieldsFromJson(const nlohmann::json& data, R& r) {
    if (!data.is_object()) throw nlohmann::json::type_error::create(302, "record data must be an object", &data);
    R read = r;
    std::apply(
        [&](const auto&... f) {
            ((data.contains(f.name) ? detail::fromJsonValue(data.at(f.name), read.*(f.member)) : void()), ...);
        },
        R::fields());
    r = std::move(read);
}

template <class R>
void Store::put(R& record, std::string_view authorCoachId, int64_t nowMs) {
    if (record.meta.id.empty()) record.meta.id = newUuid();
    if (record.meta.version == 0) {
        record.meta.createdAtMs = nowMs;
        record.meta.authorCoachId = std::string(authorCoachId);
    }
    record.meta.version += 1;
    // Keeps updated_at moving forward even if the wall clock steps back.
    record.meta.updatedAtMs = std::max(nowMs, record.meta.updatedAtMs + 1);
    record.meta.originDeviceId = deviceId_;
    Statement& upsert = db_.cached(detail::RecordSql<R>::get().upsert);
    detail::bindRecord(upsert, record, sealingCipher());
    upsert.run();
    appendOutbox(R::table, record.meta.id, record.meta.version, nowMs);
}

template <class R>
void Store::restamp(R& record, int64_t nowMs) {
    record.meta.updatedAtMs = nowMs - 1;  // put() moves it on to nowMs
    put(record, record.meta.authorCoachId, nowMs);
}

template <class R>
void Store::putReceived(const R& record) {
    Statement& upsert = db_.cached(detail::RecordSql<R>::get().upsert);
    detail::bindRecord(upsert, record, sealingCipher());
    upsert.run();
}

template <class R>
std::optional<R> Store::find(std::string_view id) {
    Statement& q = db_.cached(detail::RecordSql<R>::get().selectById);
    q.bind(1, id);
    std::optional<R> result;
    if (q.step()) result = detail::readRecord<R>(q, cipher_.get());
    q.reset();
    return result;
}

template <class R>
std::vector<R> Store::all() {
    Statement& q = db_.cached(detail::RecordSql<R>::get().selectAll);
    std::vector<R> rows;
    while (q.step()) rows.push_back(detail::readRecord<R>(q, cipher_.get()));
    q.reset();
    return rows;
}

template <class R>
std::vector<R> Store::where(std::string_view condition, std::string_view value) {
    const std::string sql = "SELECT " + detail::columnList<R>() + " FROM " + R::table + " WHERE deleted = 0 AND " +
                            std::string(condition);
    Statement& q = db_.cached(sql);
    q.bind(1, value);
    std::vector<R> rows;
    while (q.step()) rows.push_back(detail::readRecord<R>(q, cipher_.get()));
    q.reset();
    return rows;
}

template <class R>
void Store::rewriteAllSealed() {
    // Read in the clear, write sealed: the rows keep their versions (content is unchanged).
    const std::vector<R> rows = [&] {
        Statement& q = db_.cached(std::string("SELECT ") + detail::columnList<R>() + " FROM " + R::table);
        std::vector<R> all;
        while (q.step()) all.push_back(detail::readRecord<R>(q, nullptr));
        q.reset();
        return all;
    }();
    for (const R& row : rows) putReceived(row);
}

template <class R>
bool Store::exists(std::string_view id) {
    Statement& q = db_.cached(detail::RecordSql<R>::get().existsById);
    q.bind(1, id);
    const bool found = q.step();
    q.reset();
    return found;
}

}  // namespace dc
