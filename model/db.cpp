// SQLite handle owners. Every failure becomes a DatabaseError with SQLite's own message.
#include "model/db.hpp"

#include <sqlite3.h>

namespace dc {

namespace {
[[noreturn]] void fail(sqlite3* db, int code, std::string_view context) {
    std::string detail(context);
    detail += ": ";
    detail += db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    throw DatabaseError(code, detail);
}
}  // namespace

bool DatabaseError::isConstraintViolation() const { return (code_ & 0xff) == SQLITE_CONSTRAINT; }
bool DatabaseError::isBusy() const { return (code_ & 0xff) == SQLITE_BUSY || (code_ & 0xff) == SQLITE_LOCKED; }

// ---- Statement ----
Statement::Statement(sqlite3* db, std::string_view sql) {
    const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt_,
                                      nullptr);
    if (rc != SQLITE_OK) fail(db, rc, "prepare");
}

Statement::Statement(Statement&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(stmt_);
        stmt_ = other.stmt_;
        other.stmt_ = nullptr;
    }
    return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

static void checkBind(sqlite3_stmt* stmt, int rc) {
    if (rc != SQLITE_OK) fail(sqlite3_db_handle(stmt), rc, "bind");
}

Statement& Statement::bind(int index, std::string_view text) {
    checkBind(stmt_, sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT));
    return *this;
}

Statement& Statement::bind(int index, int64_t value) {
    checkBind(stmt_, sqlite3_bind_int64(stmt_, index, value));
    return *this;
}

Statement& Statement::bind(int index, double value) {
    checkBind(stmt_, sqlite3_bind_double(stmt_, index, value));
    return *this;
}

Statement& Statement::bindNull(int index) {
    checkBind(stmt_, sqlite3_bind_null(stmt_, index));
    return *this;
}

Statement& Statement::bindBlob(int index, const void* data, std::size_t size) {
    checkBind(stmt_, sqlite3_bind_blob64(stmt_, index, data, size, SQLITE_TRANSIENT));
    return *this;
}

int Statement::parameterIndex(const char* name) const { return sqlite3_bind_parameter_index(stmt_, name); }

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    // Reset first so the statement can be reused after the caller handles the error.
    sqlite3* db = sqlite3_db_handle(stmt_);
    std::string detail = std::string("step: ") + sqlite3_errmsg(db);
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    throw DatabaseError(rc, detail);
}

void Statement::run() {
    step();
    reset();
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool Statement::isNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

std::string Statement::text(int column) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return data ? std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}

std::string Statement::blob(int column) const {
    const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
    return data ? std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}

std::optional<std::string> Statement::optionalText(int column) const {
    if (isNull(column)) return std::nullopt;
    return text(column);
}

int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

std::optional<int64_t> Statement::optionalInteger(int column) const {
    if (isNull(column)) return std::nullopt;
    return integer(column);
}

double Statement::real(int column) const { return sqlite3_column_double(stmt_, column); }
int Statement::columnCount() const { return sqlite3_column_count(stmt_); }
std::string Statement::columnName(int column) const { return sqlite3_column_name(stmt_, column); }

// ---- Database ----
Database::Database(const std::string& path, OpenMode mode) : path_(path) {
    int flags = SQLITE_OPEN_NOMUTEX;  // a connection never crosses threads
    switch (mode) {
        case OpenMode::ReadWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
        case OpenMode::ReadWrite: flags |= SQLITE_OPEN_READWRITE; break;
        case OpenMode::ReadOnly: flags |= SQLITE_OPEN_READONLY; break;
    }
    const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string detail = std::string("open: ") + (db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
        close();
        throw DatabaseError(rc, detail);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 5000);
}

Database::Database(Database&& other) noexcept
    : db_(other.db_), path_(std::move(other.path_)), statementCount_(std::move(other.statementCount_)), cache_(std::move(other.cache_)) {
    other.db_ = nullptr;
}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        close();
        db_ = other.db_;
        path_ = std::move(other.path_);
        statementCount_ = std::move(other.statementCount_);
        cache_ = std::move(other.cache_);
        other.db_ = nullptr;
    }
    return *this;
}

Database::~Database() { close(); }

void Database::countStatements() {
    if (statementCount_) return;
    statementCount_ = std::make_unique<int64_t>(0);
    sqlite3_trace_v2(
        db_, SQLITE_TRACE_STMT,
        [](unsigned, void* counter, void* statement, void*) {
            const char* sql = sqlite3_sql(static_cast<sqlite3_stmt*>(statement));
            if (!sql || std::string_view(sql) != "PRAGMA data_version") ++*static_cast<int64_t*>(counter);
            return 0;
        },
        statementCount_.get());
}

void Database::close() noexcept {
    cache_.clear();  // statements must be finalized before the connection closes
    if (db_) sqlite3_close_v2(db_);
    db_ = nullptr;
}

void Database::exec(std::string_view sql) {
    const std::string text(sql);
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string detail = std::string("exec: ") + (message ? message : sqlite3_errstr(rc));
        sqlite3_free(message);
        throw DatabaseError(rc, detail);
    }
}

Statement Database::prepare(std::string_view sql) const { return Statement(db_, sql); }

Statement& Database::cached(std::string_view sql) {
    auto it = cache_.find(std::string(sql));
    if (it == cache_.end()) it = cache_.emplace(std::string(sql), Statement(db_, sql)).first;
    // A previous user may have left it mid-iteration after an exception.
    it->second.reset();
    return it->second;
}

int64_t Database::queryInteger(std::string_view sql) {
    Statement& q = cached(sql);
    const int64_t value = q.step() ? q.integer(0) : 0;
    q.reset();
    return value;
}

int64_t Database::changes() const { return sqlite3_changes64(db_); }
int64_t Database::totalChanges() const { return sqlite3_total_changes64(db_); }

int64_t Database::pragmaInteger(const char* pragma) {
    Statement q = prepare(std::string("PRAGMA ") + pragma);
    return q.step() ? q.integer(0) : 0;
}

// ---- Transaction ----
Transaction::Transaction(Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
    if (!done_) {
        try {
            db_.exec("ROLLBACK");
        } catch (const DatabaseError&) {
            // SQLite already rolled back (e.g. after SQLITE_FULL); nothing more to undo.
        }
    }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

}  // namespace dc
