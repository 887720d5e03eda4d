// digicoach-hub: the reference central endpoint for Digicoach sync. Every command takes
// --db PATH (a SQLite file) or --store URL (PostgreSQL); kUsage lists them.
#include "hub/http_server.hpp"
#include "hub/hub_store.hpp"
#include "hub/pg_connection.hpp"
#include "hub/store_copy.hpp"
#include "hub/web_front.hpp"
#include "model/clock.hpp"

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace {

constexpr const char* kUsage =
    "digicoach-hub: the central endpoint that Digicoach laptops sync with\n"
    "\n"
    "usage (STORE is --db PATH for a SQLite file, or --store postgresql://USER@HOST/DB):\n"
    "  digicoach-hub serve STORE [--listen HOST:PORT] [--cert FILE --key FILE] [--log FILE]\n"
    "                     [--web DIR] [--allow-origin ORIGIN]...\n"
    "      Serve protocol v1 (default 127.0.0.1:8787; port 0 picks a free port).\n"
    "      With --cert and --key it serves HTTPS. With --log it appends one line per\n"
    "      request (time, endpoint, status, coach, sizes; never record contents).\n"
    "      With --web it also serves the web app's files from DIR (every path outside\n"
    "      /v1/ and /metrics). Each --allow-origin (https://host[:port]) lets a web app\n"
    "      served from that origin call /v1/ from a browser (CORS).\n"
    "  digicoach-hub token add STORE --coach NAME --role coach|coordinator [--team NAME]...\n"
    "      Print a new token; the hub keeps only its hash. Each --team puts the coach\n"
    "      in that team: teammates share their participants and what hangs on them.\n"
    "      A coach in no team shares with nobody.\n"
    "  digicoach-hub token revoke STORE --coach NAME\n"
    "      Revoke every token of that coach, effective at once.\n"
    "  digicoach-hub audit STORE\n"
    "      Print the audit log: who pushed, pulled, erased or got or lost a token,\n"
    "      how many records, and when (UTC), then the refused writes per coach.\n"
    "      It holds no record contents.\n"
    "  digicoach-hub migrate --from PATH --to postgresql://USER@HOST/DB\n"
    "      Copy a SQLite hub (records, revisions, conflict log, tokens, teams, the\n"
    "      audit log) into PostgreSQL, keeping pull numbers so laptops go on where they\n"
    "      were. Prints the rows of each table and a checksum of every record on both\n"
    "      sides; exit code 0 only when they match. Safe to run again.\n"
    "  digicoach-hub backup --db PATH --to FILE\n"
    "      Write a consistent copy of a SQLite hub to a new FILE while it serves\n"
    "      (SQLite's online backup). Restore: serve --db FILE. PostgreSQL: use pg_dump.\n"
    "  digicoach-hub --version | --help\n";

int usageError(const std::string& message) {
    std::fprintf(stderr, "digicoach-hub: %s\n\n%s", message.c_str(), kUsage);
    return 2;
}

// Parses "--name value" pairs; `allowed` lists the accepted names. A name in
// `repeatable` may come more than once: its values are collected in `repeated`.
bool parseOptions(const std::vector<std::string>& args, std::size_t from, const std::vector<std::string>& allowed,
                  std::map<std::string, std::string>& out, std::string& error,
                  const std::vector<std::string>& repeatable = {},
                  std::map<std::string, std::vector<std::string>>* repeated = nullptr) {
    for (std::size_t i = from; i < args.size(); i += 2) {
        const std::string& name = args[i];
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
            error = "unknown option '" + name + "'";
            return false;
        }
        if (i + 1 >= args.size()) {
            error = "option '" + name + "' needs a value";
            return false;
        }
        if (repeated && std::find(repeatable.begin(), repeatable.end(), name) != repeatable.end())
            (*repeated)[name].push_back(args[i + 1]);
        else
            out[name] = args[i + 1];
    }
    return true;
}

// The store a command names: exactly one of --db PATH and --store URL. Empty, with
// `error` set, when they are missing, both given or not what they should be.
std::string storeLocation(std::map<std::string, std::string>& o, std::string& error) {
    if (o.count("--db") == o.count("--store")) {
        error = "give the hub's store: --db PATH (SQLite) or --store postgresql://... (one of the two)";
        return {};
    }
    if (o.count("--db")) {
        if (o["--db"].empty() || dc::hub::isPostgresUrl(o["--db"])) {
            error = "--db takes a file path; a postgresql:// URL goes to --store";
            return {};
        }
        return o["--db"];
    }
    const std::string& url = o["--store"];
    std::string why;
    if (!dc::hub::isPostgresUrl(url)) {
        error = "--store takes a postgresql:// URL";
        return {};
    }
    if (!dc::hub::validPostgresUrl(url, why)) {
        error = "--store: " + why;
        return {};
    }
    return url;
}

// The store's location for messages: a URL loses its user and password.
std::string shownLocation(const std::string& location) {
    return dc::hub::isPostgresUrl(location) ? dc::hub::redactedPostgresUrl(location) : location;
}

int serveCommand(const std::vector<std::string>& args) {
    std::map<std::string, std::string> o;
    std::string error;
    std::map<std::string, std::vector<std::string>> repeated;
    if (!parseOptions(args, 1, {"--db", "--store", "--listen", "--cert", "--key", "--log", "--web", "--allow-origin"},
                      o, error, {"--allow-origin"}, &repeated))
        return usageError(error);
    dc::hub::ServeOptions options;
    options.storeLocation = storeLocation(o, error);
    if (options.storeLocation.empty()) return usageError(error);
    if (o.count("--listen")) {
        const std::string& listen = o["--listen"];
        const auto colon = listen.rfind(':');
        if (colon == std::string::npos) return usageError("--listen takes HOST:PORT");
        options.host = listen.substr(0, colon);
        try {
            options.port = std::stoi(listen.substr(colon + 1));
        } catch (const std::exception&) {
            return usageError("--listen takes HOST:PORT with a numeric port");
        }
        if (options.port < 0 || options.port > 65535) return usageError("the port must be between 0 and 65535");
    }
    options.certificatePath = o.count("--cert") ? o["--cert"] : "";
    options.privateKeyPath = o.count("--key") ? o["--key"] : "";
    options.logPath = o.count("--log") ? o["--log"] : "";
    if (options.certificatePath.empty() != options.privateKeyPath.empty())
        return usageError("HTTPS needs both --cert and --key");
    options.webFolder = o.count("--web") ? o["--web"] : "";
    std::error_code notAFolder;
    if (o.count("--web") && !std::filesystem::is_directory(options.webFolder, notAFolder))
        return usageError("--web needs a folder with the web app's files");
    options.allowedOrigins = repeated["--allow-origin"];
    for (const std::string& origin : options.allowedOrigins)
        if (!dc::hub::validOrigin(origin))
            return usageError("--allow-origin takes an origin as a browser sends it, e.g. https://digicoach.gent.be");
    try {
        const bool tls = !options.certificatePath.empty();
        return dc::hub::serve(options, [&](int port) {
            std::printf("digicoach-hub listening on %s://%s:%d\n", tls ? "https" : "http", options.host.c_str(), port);
            std::fflush(stdout);
        });
    } catch (const std::exception& e) {
        std::fprintf(stderr, "digicoach-hub: cannot open %s: %s\n", shownLocation(options.storeLocation).c_str(),
                     e.what());
        return 1;
    }
}

int tokenCommand(const std::vector<std::string>& args) {
    if (args.size() < 2) return usageError("token needs 'add' or 'revoke'");
    std::map<std::string, std::string> o;
    std::string error;
    const bool adding = args[1] == "add";
    if (!adding && args[1] != "revoke") return usageError("unknown token command '" + args[1] + "'");
    std::map<std::string, std::vector<std::string>> repeated;
    if (!parseOptions(args, 2, adding ? std::vector<std::string>{"--db", "--store", "--coach", "--role", "--team"}
                                      : std::vector<std::string>{"--db", "--store", "--coach"},
                      o, error, {"--team"}, &repeated))
        return usageError(error);
    const std::vector<std::string>& teams = repeated["--team"];
    for (const std::string& team : teams)
        if (team.empty()) return usageError("--team needs a name");
    const std::string location = storeLocation(o, error);
    if (location.empty()) return usageError(error);
    if (!o.count("--coach") || o["--coach"].empty()) return usageError("token commands need --coach NAME");
    const auto role = dc::hub::roleFromName(o.count("--role") ? o["--role"] : "");
    if (adding && !role) return usageError("--role must be coach or coordinator");
    try {
        const std::unique_ptr<dc::hub::HubStore> store = dc::hub::openHubStore(location);
        const int64_t now = dc::SystemClock().nowMs();
        if (adding)
            std::printf("%s\n", store->addToken(o["--coach"], *role, now, teams).c_str());
        else
            std::printf("revoked %d token(s) of %s\n", store->revokeTokens(o["--coach"], now), o["--coach"].c_str());
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "digicoach-hub: %s\n", e.what());
        return 1;
    }
}

int auditCommand(const std::vector<std::string>& args) {
    std::map<std::string, std::string> o;
    std::string error;
    if (!parseOptions(args, 1, {"--db", "--store"}, o, error)) return usageError(error);
    const std::string location = storeLocation(o, error);
    if (location.empty()) return usageError(error);
    if (o.count("--db") && !std::filesystem::exists(location)) {
        std::fprintf(stderr, "digicoach-hub: %s does not exist\n", location.c_str());
        return 1;
    }
    try {
        const std::unique_ptr<dc::hub::HubStore> store = dc::hub::openHubStore(location);
        for (const dc::hub::AuditEntry& entry : store->auditEntries())
            std::printf("%s coach=%s action=%s records=%lld\n", dc::hub::utcTime(entry.atMs).c_str(),
                        entry.coach.c_str(), entry.action.c_str(), static_cast<long long>(entry.recordCount));
        for (const auto& [coach, count] : store->refusalsByCoach())
            std::printf("refused writes: coach=%s records=%lld\n", coach.c_str(), static_cast<long long>(count));
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "digicoach-hub: %s\n", e.what());
        return 1;
    }
}

int migrateCommand(const std::vector<std::string>& args) {
    std::map<std::string, std::string> o;
    std::string error;
    if (!parseOptions(args, 1, {"--from", "--to"}, o, error)) return usageError(error);
    if (!o.count("--from") || !o.count("--to")) return usageError("migrate needs --from PATH and --to postgresql://...");
    std::map<std::string, std::string> target = {{"--store", o["--to"]}};
    if (storeLocation(target, error).empty()) return usageError(error);
    try {
        const dc::hub::MigrationReport report = dc::hub::migrateToPostgres(o["--from"], o["--to"]);
        for (const dc::hub::TableCount& count : report.counts)
            std::printf("%-16s sqlite %lld  postgresql %lld\n", count.table.c_str(),
                        static_cast<long long>(count.sqliteRows), static_cast<long long>(count.postgresRows));
        std::printf("records checksum: sqlite %s\n", report.sqliteRecordsChecksum.c_str());
        std::printf("records checksum: postgresql %s\n", report.postgresRecordsChecksum.c_str());
        if (!report.same()) {
            std::fprintf(stderr, "digicoach-hub: the two sides differ: PostgreSQL held other data before\n");
            return 1;
        }
        std::printf("the two sides match\n");
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "digicoach-hub: %s\n", e.what());
        return 1;
    }
}

int backupCommand(const std::vector<std::string>& args) {
    std::map<std::string, std::string> o;
    std::string error;
    if (!parseOptions(args, 1, {"--db", "--store", "--to"}, o, error)) return usageError(error);
    if (o.count("--store")) return usageError("a PostgreSQL hub is backed up with pg_dump (docs/deploy.md)");
    const std::string location = storeLocation(o, error);
    if (location.empty()) return usageError(error);
    if (!o.count("--to") || o["--to"].empty()) return usageError("backup needs --to FILE");
    try {
        dc::hub::backupSqliteHub(location, o["--to"]);
        std::printf("backed up %s to %s\n", location.c_str(), o["--to"].c_str());
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "digicoach-hub: %s\n", e.what());
        return 1;
    }
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) return usageError("a command is needed");
    if (args[0] == "--help" || args[0] == "-h") {
        std::printf("%s", kUsage);
        return 0;
    }
    if (args[0] == "--version") {
        std::printf("digicoach-hub %s (protocol %d)\n", DIGICOACH_VERSION, dc::hub::kProtocolVersion);
        return 0;
    }
    if (args[0] == "serve") return serveCommand(args);
    if (args[0] == "token") return tokenCommand(args);
    if (args[0] == "audit") return auditCommand(args);
    if (args[0] == "migrate") return migrateCommand(args);
    if (args[0] == "backup") return backupCommand(args);
    return usageError("unknown command '" + args[0] + "'");
}
