// Small move-only owners for SQLite handles: Database, Statement, Transaction.
// sqlite3.h stays out of this header; callers see only what they need.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace dc {

// A failure of the storage layer. `code` is the SQLite result code (0 when the
// failure is ours), `what()` carries the technical detail for logs.
class DatabaseError : public std::runtime_error {
public:
    DatabaseError(int code, const std::string& detail) : std::runtime_error(detail), code_(code) {}
    int code() const { return code_; }
    bool isConstraintViolation() const;
    bool isBusy() const;

private:
    int code_;
};

class Statement {
public:
    Statement() = default;
    Statement(sqlite3* db, std::string_view sql);
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    // Parameters are 1-based, as in SQLite.
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, bool value) { return bind(index, static_cast<int64_t>(value ? 1 : 0)); }
    Statement& bindNull(int index);
    Statement& bindBlob(int index, const void* data, std::size_t size);
    template <class T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bindNull(index);
    }
    int parameterIndex(const char* name) const;

    // Returns true while a row is available, false when done. Throws on error.
    bool step();
    // Runs a statement that returns no rows, then resets it for reuse.
    void run();
    void reset();

    bool isNull(int column) const;
    std::string text(int column) const;
    std::string blob(int column) const;  // raw bytes
    std::optional<std::string> optionalText(int column) const;
    int64_t integer(int column) const;
    std::optional<int64_t> optionalInteger(int column) const;
    double real(int column) const;
    int columnCount() const;
    std::string columnName(int column) const;

private:
    sqlite3_stmt* stmt_ = nullptr;
};

enum class OpenMode { ReadWriteCreate, ReadWrite, ReadOnly };

class Database {
public:
    Database() = default;
    Database(const std::string& path, OpenMode mode);
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    void exec(std::string_view sql);
    Statement prepare(std::string_view sql) const;
    // A prepared statement kept for the life of the connection, keyed by its text.
    // `sql` comes from code, never from user input: values are bound.
    Statement& cached(std::string_view sql);
    // The first column of the first row of a cached query with no parameters (0 if no row).
    int64_t queryInteger(std::string_view sql);
    int64_t changes() const;
    // Rows this connection changed since it opened.
    int64_t totalChanges() const;
    int64_t pragmaInteger(const char* pragma);
    bool isOpen() const { return db_ != nullptr; }
    sqlite3* handle() const { return db_; }
    const std::string& path() const { return path_; }

    // Counts the statements this connection runs from now on, except the change check
    // (PRAGMA data_version): for tests that a frame with nothing new reads nothing.
    void countStatements();
    int64_t statementsCounted() const { return statementCount_ ? *statementCount_ : 0; }

private:
    void close() noexcept;
    sqlite3* db_ = nullptr;
    std::string path_;
    std::unique_ptr<int64_t> statementCount_;  // on the heap: the trace hook keeps its address
    std::unordered_map<std::string, Statement> cache_;
};

// BEGIN IMMEDIATE on construction; rolls back unless commit() was called.
class Transaction {
public:
    explicit Transaction(Database& db);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();
    void commit();

private:
    Database& db_;
    bool done_ = false;
};

}  // namespace dc
