// Small move-only owners for libpq handles: PgConnection, PgResult, PgTransaction.
// libpq-fe.h stays out of this header. Every value travels as a bound parameter.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;
struct pg_result;

namespace dc::hub {

// A failure reported by PostgreSQL or libpq. `sqlState` is the five-character SQLSTATE
// (empty when libpq failed before the server answered).
class PgError : public std::runtime_error {
public:
    PgError(std::string sqlState, const std::string& message, bool connectionLost)
        : std::runtime_error(message), sqlState_(std::move(sqlState)), connectionLost_(connectionLost) {}
    const std::string& sqlState() const { return sqlState_; }
    bool connectionLost() const { return connectionLost_; }
    // A race lost to another writer (serialization failure, deadlock, a unique key taken
    // meanwhile): the same transaction may simply run again.
    bool lostRace() const { return sqlState_ == "40001" || sqlState_ == "40P01" || sqlState_ == "23505"; }

private:
    std::string sqlState_;
    bool connectionLost_;
};

// A parameter in PostgreSQL's text form; nullopt is NULL.
using PgParam = std::optional<std::string>;
PgParam pgBool(bool value);
PgParam pgBytea(std::string_view bytes);
// A text[] literal: each element quoted, so any text survives.
PgParam pgTextArray(const std::vector<std::string>& values);
// The same with NULL elements.
PgParam pgTextArray(const std::vector<std::optional<std::string>>& values);

class PgResult {
public:
    PgResult() = default;
    explicit PgResult(pg_result* result) : result_(result) {}
    PgResult(PgResult&& other) noexcept;
    PgResult& operator=(PgResult&& other) noexcept;
    PgResult(const PgResult&) = delete;
    PgResult& operator=(const PgResult&) = delete;
    ~PgResult();

    int rows() const;
    bool isNull(int row, int column) const;
    std::string text(int row, int column) const;
    int64_t integer(int row, int column) const;
    bool boolean(int row, int column) const;
    std::string bytea(int row, int column) const;  // raw bytes
    std::optional<std::string> optionalText(int row, int column) const;

private:
    friend void throwOnFailure(pg_conn* conn, const PgResult& result);
    pg_result* result_ = nullptr;
};

// Throws PgError unless `result` reports success.
void throwOnFailure(pg_conn* conn, const PgResult& result);

class PgConnection {
public:
    // Connects to a postgresql:// URL; throws PgError with libpq's first line on failure.
    explicit PgConnection(const std::string& url);
    PgConnection(PgConnection&& other) noexcept;
    PgConnection& operator=(PgConnection&& other) noexcept;
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;
    ~PgConnection();

    // Runs one statement with bound parameters ($1, $2, ...); throws PgError on failure.
    PgResult exec(std::string_view sql, const std::vector<PgParam>& params = {});
    // Runs several statements without parameters (a schema script).
    void execScript(std::string_view sql);
    bool usable() const;

private:
    pg_conn* conn_ = nullptr;
};

// BEGIN on construction; rolls back unless commit() was called.
class PgTransaction {
public:
    explicit PgTransaction(PgConnection& connection);
    PgTransaction(const PgTransaction&) = delete;
    PgTransaction& operator=(const PgTransaction&) = delete;
    ~PgTransaction();
    void commit();

private:
    PgConnection& connection_;
    bool open_ = true;
};

// Whether `url` parses as a libpq connection URL; on failure `error` says why.
bool validPostgresUrl(const std::string& url, std::string& error);
// The URL without its user and password, for messages and logs.
std::string redactedPostgresUrl(const std::string& url);

}  // namespace dc::hub
