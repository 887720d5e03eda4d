// libpq behind the owners of pg_connection.hpp.
#include "hub/pg_connection.hpp"

#include <libpq-fe.h>

#include <utility>

namespace dc::hub {

namespace {

std::string firstLine(const char* text) {
    std::string line = text ? text : "";
    const auto newline = line.find('\n');
    if (newline != std::string::npos) line.resize(newline);
    return line;
}

}  // namespace

void throwOnFailure(pg_conn* conn, const PgResult& result) {
    pg_result* raw = result.result_;
    const ExecStatusType status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
    const char* state = raw ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
    throw PgError(state ? state : "", firstLine(raw ? PQresultErrorMessage(raw) : PQerrorMessage(conn)),
                  PQstatus(conn) != CONNECTION_OK);
}

PgParam pgBool(bool value) { return value ? "true" : "false"; }

PgParam pgBytea(std::string_view bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string text = "\\x";
    for (const unsigned char byte : bytes) {
        text += kHex[byte >> 4];
        text += kHex[byte & 0x0f];
    }
    return text;
}

PgParam pgTextArray(const std::vector<std::optional<std::string>>& values) {
    std::string text = "{";
    for (const std::optional<std::string>& value : values) {
        if (text.size() > 1) text += ',';
        if (!value) {
            text += "NULL";
            continue;
        }
        text += '"';
        for (const char c : *value) {
            if (c == '"' || c == '\\') text += '\\';
            text += c;
        }
        text += '"';
    }
    return text + "}";
}

PgParam pgTextArray(const std::vector<std::string>& values) {
    return pgTextArray(std::vector<std::optional<std::string>>(values.begin(), values.end()));
}

PgResult::PgResult(PgResult&& other) noexcept : result_(std::exchange(other.result_, nullptr)) {}

PgResult& PgResult::operator=(PgResult&& other) noexcept {
    if (this != &other) {
        if (result_) PQclear(result_);
        result_ = std::exchange(other.result_, nullptr);
    }
    return *this;
}

PgResult::~PgResult() {
    if (result_) PQclear(result_);
}

int PgResult::rows() const { return result_ ? PQntuples(result_) : 0; }
bool PgResult::isNull(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }
std::string PgResult::text(int row, int column) const { return PQgetvalue(result_, row, column); }
int64_t PgResult::integer(int row, int column) const { return std::stoll(PQgetvalue(result_, row, column)); }
bool PgResult::boolean(int row, int column) const { return PQgetvalue(result_, row, column)[0] == 't'; }

std::string PgResult::bytea(int row, int column) const {
    std::size_t length = 0;
    unsigned char* bytes =
        PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(result_, row, column)), &length);
    if (!bytes) throw PgError("", "a bytea value could not be read", false);
    std::string raw(reinterpret_cast<const char*>(bytes), length);
    PQfreemem(bytes);
    return raw;
}

std::optional<std::string> PgResult::optionalText(int row, int column) const {
    if (isNull(row, column)) return std::nullopt;
    return text(row, column);
}

PgConnection::PgConnection(const std::string& url) {
    // A server that drops packets would otherwise hold a connection attempt for minutes.
    // Keywords before dbname are defaults the URL may override.
    const char* keywords[] = {"connect_timeout", "application_name", "dbname", nullptr};
    const char* values[] = {"10", "digicoach-hub", url.c_str(), nullptr};
    conn_ = PQconnectdbParams(keywords, values, 1);
    if (!conn_) throw PgError("", "libpq could not allocate a connection", true);
    if (PQstatus(conn_) != CONNECTION_OK) {
        const std::string message = "cannot connect to PostgreSQL: " + firstLine(PQerrorMessage(conn_));
        PQfinish(conn_);
        conn_ = nullptr;
        throw PgError("", message, true);
    }
    // Notices (an index that exists already, say) are not the operator's business.
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
}

PgConnection::PgConnection(PgConnection&& other) noexcept : conn_(std::exchange(other.conn_, nullptr)) {}

PgConnection& PgConnection::operator=(PgConnection&& other) noexcept {
    if (this != &other) {
        if (conn_) PQfinish(conn_);
        conn_ = std::exchange(other.conn_, nullptr);
    }
    return *this;
}

PgConnection::~PgConnection() {
    if (conn_) PQfinish(conn_);
}

bool PgConnection::usable() const { return conn_ && PQstatus(conn_) == CONNECTION_OK; }

PgResult PgConnection::exec(std::string_view sql, const std::vector<PgParam>& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const PgParam& param : params) {
        // libpq takes C strings: a NUL inside a value would cut it short silently.
        if (param && param->find('\0') != std::string::npos)
            throw PgError("22021", "a text value holds a NUL byte, which PostgreSQL cannot store", false);
        values.push_back(param ? param->c_str() : nullptr);
    }
    const std::string statement(sql);
    PgResult result(PQexecParams(conn_, statement.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                                 nullptr, nullptr, 0));
    throwOnFailure(conn_, result);
    return result;
}

void PgConnection::execScript(std::string_view sql) {
    const std::string script(sql);
    PgResult result(PQexec(conn_, script.c_str()));
    throwOnFailure(conn_, result);
}

PgTransaction::PgTransaction(PgConnection& connection) : connection_(connection) { connection_.exec("BEGIN"); }

PgTransaction::~PgTransaction() {
    if (!open_ || !connection_.usable()) return;
    try {
        connection_.exec("ROLLBACK");
    } catch (const PgError&) {
        // The connection is going away; the server rolls back on its own.
    }
}

void PgTransaction::commit() {
    connection_.exec("COMMIT");
    open_ = false;
}

bool validPostgresUrl(const std::string& url, std::string& error) {
    char* message = nullptr;
    PQconninfoOption* options = PQconninfoParse(url.c_str(), &message);
    if (!options) {
        error = message ? firstLine(message) : "libpq could not read it";
        if (message) PQfreemem(message);
        return false;
    }
    PQconninfoFree(options);
    return true;
}

std::string redactedPostgresUrl(const std::string& url) {
    const auto scheme = url.find("://");
    if (scheme == std::string::npos) return url;
    const auto at = url.find('@', scheme + 3);
    const auto slash = url.find('/', scheme + 3);
    if (at == std::string::npos || (slash != std::string::npos && slash < at)) return url;
    return url.substr(0, scheme + 3) + url.substr(at + 1);
}

}  // namespace dc::hub
