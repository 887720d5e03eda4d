// A real PostgreSQL 15 server for tests: initdb into a temporary folder, listening on
// 127.0.0.1 only at a free port, stopped and removed when its owner goes.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace dc::test {

class TestPostgres {
public:
    // Tests run without fsync; a benchmark measures the server as it would be run.
    enum class Durability { FastForTests, Durable };
    // Throws when PostgreSQL 15 is missing (scripts/setup installs it) or does not start.
    explicit TestPostgres(Durability durability = Durability::FastForTests);
    ~TestPostgres();
    TestPostgres(const TestPostgres&) = delete;
    TestPostgres& operator=(const TestPostgres&) = delete;

    // A new empty database; returns its postgresql:// URL.
    std::string createDatabase();
    int port() const { return port_; }

private:
    // Runs a PostgreSQL program as the user that owns the folder; returns its output.
    std::string runAsOwner(std::vector<std::string> argv, bool mustSucceed = true);

    std::filesystem::path folder_;
    int port_ = 0;
    int databases_ = 0;
};

// The path of one of PostgreSQL 15's programs (pg_dump, pg_restore, ...).
std::string postgresProgram(const std::string& name);

// One server for the whole test program, started on first use and stopped at its exit.
TestPostgres& sharedTestPostgres();

}  // namespace dc::test
