// The command-line contract, tested on the pure parser.
#include "app/cli.hpp"

#include <doctest/doctest.h>

using namespace dc::app;

namespace {

CliOptions parsed(const std::vector<std::string>& args) {
    CliParse result = parseCommandLine(args);
    REQUIRE(std::holds_alternative<CliOptions>(result));
    return std::get<CliOptions>(result);
}

CliError refused(const std::vector<std::string>& args) {
    CliParse result = parseCommandLine(args);
    REQUIRE(std::holds_alternative<CliError>(result));
    return std::get<CliError>(result);
}

}  // namespace

TEST_CASE("no arguments open the window on the default database") {
    const CliOptions options = parsed({});
    CHECK(options.command == CliCommand::OpenWindow);
    CHECK_FALSE(options.databasePath.has_value());
    CHECK_FALSE(options.fillEmptyWithDemo);
}

TEST_CASE("--db and --demo open the window on that file and ask for demo data") {
    CliOptions options = parsed({"--db", "field.db", "--demo"});
    CHECK(options.command == CliCommand::OpenWindow);
    CHECK(options.databasePath == "field.db");
    CHECK(options.fillEmptyWithDemo);
    options = parsed({"--db=other.db"});
    CHECK(options.databasePath == "other.db");
}

TEST_CASE("the demo command takes a database, a seed and counts") {
    const CliOptions options =
        parsed({"demo", "--db", "demo.db", "--seed", "42", "--participants", "20000", "--help-requests", "0"});
    CHECK(options.command == CliCommand::WriteDemoData);
    CHECK(options.databasePath == "demo.db");
    CHECK(options.seed == 42);
    CHECK(options.participants == 20000);
    CHECK(options.helpRequests == 0);
}

TEST_CASE("the demo command without --db is refused so it never fills the coach's own database") {
    CHECK(refused({"demo"}).messageKey == "cli.error.demo_needs_db");
    CHECK(refused({"demo", "--seed", "1"}).messageKey == "cli.error.demo_needs_db");
}

TEST_CASE("--version and --help win over everything after them") {
    CHECK(parsed({"--version"}).command == CliCommand::ShowVersion);
    CHECK(parsed({"--help"}).command == CliCommand::ShowHelp);
    CHECK(parsed({"-h"}).command == CliCommand::ShowHelp);
    CHECK(parsed({"demo", "--help"}).command == CliCommand::ShowHelp);
}

TEST_CASE("unknown options and stray arguments are refused with the offending text") {
    CliError error = refused({"--colour"});
    CHECK(error.messageKey == "cli.error.unknown_option");
    CHECK(error.argument == "--colour");
    error = refused({"field.db"});
    CHECK(error.messageKey == "cli.error.unexpected_argument");
    // Demo-only options are unknown when opening the window.
    CHECK(refused({"--seed", "3"}).messageKey == "cli.error.unknown_option");
    // --demo belongs to the window; the demo command has no such flag.
    CHECK(refused({"demo", "--db", "x.db", "--demo"}).messageKey == "cli.error.unknown_option");
}

TEST_CASE("bad or missing values are refused") {
    CHECK(refused({"--db"}).messageKey == "cli.error.missing_value");
    CHECK(refused({"--db="}).messageKey == "cli.error.missing_value");
    CHECK(refused({"demo", "--db", "x.db", "--seed"}).messageKey == "cli.error.missing_value");
    CHECK(refused({"demo", "--db", "x.db", "--seed", "-1"}).messageKey == "cli.error.bad_seed");
    CHECK(refused({"demo", "--db", "x.db", "--seed", "12abc"}).messageKey == "cli.error.bad_seed");
    CHECK(refused({"demo", "--db", "x.db", "--participants", "-5"}).messageKey == "cli.error.bad_count");
    CHECK(refused({"demo", "--db", "x.db", "--participants", "many"}).messageKey == "cli.error.bad_count");
    CHECK(refused({"demo", "--db", "x.db", "--help-requests", "1000001"}).messageKey == "cli.error.bad_count");
}

TEST_CASE("the import command takes participants and devices, and --include-duplicates for participants only") {
    CHECK(parsed({"import", "--db", "c.db", "--list", "devices", "toestellen.csv"}).importList == "devices");
    const CliOptions options =
        parsed({"import", "--db", "c.db", "--list", "participants", "--include-duplicates", "mensen.csv"});
    CHECK(options.includeDuplicates);
    CHECK(refused({"import", "--db", "c.db", "--list", "devices", "--include-duplicates", "x.csv"}).messageKey ==
          "cli.error.include_duplicates_needs_participants");
    CHECK(refused({"report", "--db", "c.db", "--year", "2023", "--include-duplicates"}).messageKey ==
          "cli.error.unknown_option");
}

TEST_CASE("the import command takes a database, a known list and one file") {
    const CliOptions options = parsed({"import", "--db", "c.db", "--list", "target_groups", "groepen.csv"});
    CHECK(options.command == CliCommand::Import);
    CHECK(options.importList == "target_groups");
    CHECK(options.importFile == "groepen.csv");
    CHECK(refused({"import", "--db", "c.db", "--list", "streets", "x.csv"}).messageKey == "cli.error.bad_list");
    CHECK(refused({"import", "--db", "c.db", "x.csv"}).messageKey == "cli.error.import_needs_list");
    CHECK(refused({"import", "--db", "c.db", "--list", "categories"}).messageKey == "cli.error.import_needs_file");
    CHECK(refused({"import", "--list", "categories", "x.csv"}).messageKey == "cli.error.demo_needs_db");
    CHECK(refused({"import", "--db", "c.db", "--list", "categories", "x.csv", "y.csv"}).messageKey ==
          "cli.error.unexpected_argument");
    CHECK(refused({"--list", "categories"}).messageKey == "cli.error.unknown_option");
}

TEST_CASE("the report command takes a year, any period, a project and its years, and writes a sheet to a file") {
    CliOptions options = parsed({"report", "--db", "c.db", "--from", "2023-01-01", "--to", "2024-06-30"});
    CHECK(options.from == "2023-01-01");
    CHECK(options.to == "2024-06-30");
    CHECK_FALSE(options.year);
    options = parsed({"report", "--db", "c.db", "--project", "Digibank Gent", "--project-year", "2", "--format", "sheet",
                      "--out", "sheet.html"});
    CHECK(options.project == "Digibank Gent");
    CHECK(options.projectYear == 2);
    CHECK(options.format == "sheet");
    CHECK(options.outFile == "sheet.html");
    CHECK(parsed({"report", "--db", "c.db", "--project", "none", "--year", "2024"}).project == "none");
    // A project alone is its own period.
    CHECK(parsed({"report", "--db", "c.db", "--project", "Digibank Gent"}).project == "Digibank Gent");
}

TEST_CASE("the report command refuses bad dates, half or double periods and a sheet without a project") {
    CHECK(refused({"report", "--db", "c.db", "--from", "2024-02-30", "--to", "2024-03-01"}).messageKey ==
          "cli.error.bad_date");
    CHECK(refused({"report", "--db", "c.db", "--from", "1/1/2024", "--to", "2024-03-01"}).messageKey ==
          "cli.error.bad_date");
    CHECK(refused({"report", "--db", "c.db", "--from", "2024-03-01", "--to", "2024-02-29"}).messageKey ==
          "cli.error.period_reversed");
    CHECK(refused({"report", "--db", "c.db", "--from", "2024-03-01"}).messageKey == "cli.error.from_and_to");
    CHECK(refused({"report", "--db", "c.db", "--year", "2024", "--from", "2024-03-01", "--to", "2024-03-02"})
              .messageKey == "cli.error.one_period");
    CHECK(refused({"report", "--db", "c.db", "--project-year", "1", "--year", "2024"}).messageKey ==
          "cli.error.one_period");
    CHECK(refused({"report", "--db", "c.db", "--project", "none", "--project-year", "1"}).messageKey ==
          "cli.error.project_year_needs_project");
    CHECK(refused({"report", "--db", "c.db", "--project", "X", "--project-year", "0"}).messageKey ==
          "cli.error.bad_project_year");
    CHECK(refused({"report", "--db", "c.db", "--project", "none"}).messageKey == "cli.error.report_needs_year");
    CHECK(refused({"report", "--db", "c.db", "--year", "2024", "--format", "sheet"}).messageKey ==
          "cli.error.sheet_needs_project");
}
