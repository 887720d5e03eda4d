// Starting and stopping a throwaway PostgreSQL 15 for tests (test_postgres.hpp).
#include "test_postgres.hpp"

#include "hub/pg_connection.hpp"
#include "processes.hpp"
#include "refusing_port.hpp"

#include <pwd.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace dc::test {

namespace {

// Debian's postgresql-15 package puts its programs here.
const std::filesystem::path kPostgresPrograms = "/usr/lib/postgresql/15/bin";

// PostgreSQL refuses to run as root; CI runs as root, so the server runs as the
// `postgres` user the Debian package creates.
bool runningAsRoot() { return ::geteuid() == 0; }

}  // namespace

TestPostgres::TestPostgres(Durability durability) {
    if (!std::filesystem::exists(kPostgresPrograms / "initdb"))
        throw std::runtime_error("PostgreSQL 15 is not installed (no " + postgresProgram("initdb") +
                                 "); scripts/setup installs postgresql-15");
    std::string pattern = (std::filesystem::temp_directory_path() / "digicoach-pg-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot create a folder for PostgreSQL");
    folder_ = pattern;
    if (runningAsRoot()) {
        const passwd* owner = ::getpwnam("postgres");
        if (!owner || ::chown(folder_.c_str(), owner->pw_uid, owner->pw_gid) != 0) {
            std::filesystem::remove_all(folder_);
            throw std::runtime_error("running as root needs the postgres user (from postgresql-15) to own the server");
        }
    }
    try {
        runAsOwner({postgresProgram("initdb"), "-D", (folder_ / "data").string(), "-U", "postgres",
                    "--auth=trust", "--no-sync", "--no-locale", "-E", "UTF8"});
        // The port is free when it is picked; a run that races for it fails to start and says so.
        port_ = RefusingPort().port();
        std::string options = "-c listen_addresses=127.0.0.1 -p " + std::to_string(port_) + " -k " +
                              folder_.string() + " -c max_connections=200";
        // Durability is not what the tests are about: without fsync the server is quicker.
        if (durability == Durability::FastForTests)
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        runAsOwner({postgresProgram("pg_ctl"), "-D", (folder_ / "data").string(), "-l",
                    (folder_ / "server.log").string(), "-w", "-t", "60", "-o", options, "start"});
    } catch (...) {
        std::filesystem::remove_all(folder_);
        throw;
    }
}

TestPostgres::~TestPostgres() {
    runAsOwner({postgresProgram("pg_ctl"), "-D", (folder_ / "data").string(), "-m", "fast", "-w",
                "stop"},
               false);
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
}

std::string TestPostgres::runAsOwner(std::vector<std::string> argv, bool mustSucceed) {
    if (runningAsRoot()) argv.insert(argv.begin(), {"/usr/sbin/runuser", "-u", "postgres", "--"});
    std::string output;
    const int code = runCommand(argv, &output, true);
    if (code != 0 && mustSucceed) {
        std::ifstream log(folder_ / "server.log");
        std::stringstream serverLog;
        serverLog << log.rdbuf();
        throw std::runtime_error(argv.front() + " failed (" + std::to_string(code) + "): " + output + serverLog.str());
    }
    return output;
}

std::string TestPostgres::createDatabase() {
    const std::string name = "hub_" + std::to_string(++databases_);
    const std::string server = "postgresql://postgres@127.0.0.1:" + std::to_string(port_);
    // The name is made here from a counter, never from input.
    hub::PgConnection(server + "/postgres").exec("CREATE DATABASE " + name);
    return server + "/" + name;
}

std::string postgresProgram(const std::string& name) { return (kPostgresPrograms / name).string(); }

TestPostgres& sharedTestPostgres() {
    static TestPostgres server;
    return server;
}

}  // namespace dc::test
