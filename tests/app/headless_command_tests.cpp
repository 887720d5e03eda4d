// `digicoach sync` and `digicoach report` as processes, against a real digicoach-hub,
// and the passphrase rules of headless commands on an encrypted database.
#include "model/demo_data.hpp"
#include "model/figures.hpp"
#include "command_support.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using dc::test::HubProcess;
using dc::test::runCommand;

using Run = dc::test::CommandRun;
using Folder = dc::test::CommandFolder;
using dc::test::digicoach;

TEST_CASE("digicoach sync pushes a demo database to the hub and exits 0 with one summary line") {
    Folder dir;
    HubProcess hub(dir.file("hub.db"));
    const std::string db = dir.file("coach.db");
    REQUIRE(digicoach({"demo", "--no-encryption", "--db", db, "--participants", "30", "--help-requests", "80"}).exitCode == 0);
    const std::string token = hub.addToken("sofie", "coach");

    const Run sync = digicoach({"sync", "--db", db, "--endpoint", hub.url(), "--token", token});
    CHECK(sync.exitCode == 0);
    CHECK(sync.output.find("0 still waiting") != std::string::npos);
    CHECK(std::count(sync.output.begin(), sync.output.end(), '\n') == 1);

    // A coordinator pulls it all and gets the same records.
    const std::string coordinatorDb = dir.file("coordinator.db");
    const Run pull = digicoach({"sync", "--no-encryption", "--db", coordinatorDb, "--endpoint", hub.url(), "--token",
                                hub.addToken("an", "coordinator")});
    CHECK(pull.exitCode == 0);
    dc::Store coach = dc::Store::open(db);
    dc::Store coordinator = dc::Store::open(coordinatorDb);
    CHECK(coordinator.all<dc::HelpRequest>() == coach.all<dc::HelpRequest>());
    CHECK(coordinator.all<dc::Participant>().size() == 30);
}

TEST_CASE("digicoach sync with a wrong token says so and exits non-zero, keeping the records") {
    Folder dir;
    HubProcess hub(dir.file("hub.db"));
    const std::string db = dir.file("coach.db");
    REQUIRE(digicoach({"demo", "--no-encryption", "--db", db, "--participants", "3", "--help-requests", "3"}).exitCode == 0);
    const Run sync = digicoach({"sync", "--db", db, "--endpoint", hub.url(), "--token", "dct_wrong"});
    CHECK(sync.exitCode == 1);
    CHECK(sync.output.find("refused the token") != std::string::npos);
    CHECK(dc::Store::open(db).outboxCount() > 0);
    CHECK(digicoach({"sync", "--db", db, "--endpoint", hub.url()}).exitCode == 2);  // a token must come with it
}

TEST_CASE("digicoach report prints the same figures as the model computes, as JSON or CSV") {
    Folder dir;
    const std::string db = dir.file("coach.db");
    REQUIRE(digicoach({"demo", "--no-encryption", "--db", db, "--participants", "40", "--help-requests", "400"}).exitCode == 0);
    dc::Store store = dc::Store::open(db);
    // The digicoach program dates its demo data and its report by the machine's clock, so
    // the year compared here comes from that clock too, not from DIGICOACH_TEST_DATE.
    const int year = std::stoi(dc::localDate(dc::SystemClock().nowMs()).substr(0, 4));
    dc::FigureFilter filter;
    filter.period = dc::Period::year(year);
    filter.namesLanguage = "en";  // the command runs with LANG=en_GB.UTF-8
    const nlohmann::json expected = dc::figuresToJson(dc::computeFigures(store, filter));

    const Run json = digicoach({"report", "--db", db, "--year", std::to_string(year)});
    REQUIRE(json.exitCode == 0);
    nlohmann::json printed = nlohmann::json::parse(json.output);
    // "today" decides overdue loans; both ran on the same day.
    CHECK(printed == expected);
    CHECK(printed.dump().find("\"help\"") != std::string::npos);
    CHECK(printed.dump().find("\"Technical help\"") != std::string::npos);  // categories in English too

    const Run csv = digicoach({"report", "--db", db, "--year", std::to_string(year), "--format", "csv"});
    CHECK(csv.exitCode == 0);
    CHECK(csv.output.rfind("\xEF\xBB\xBF", 0) == 0);  // a BOM, for Excel
    CHECK(digicoach({"report", "--db", db}).exitCode == 2);
    CHECK(digicoach({"report", "--db", db, "--year", "2023", "--format", "pdf"}).exitCode == 2);
}

TEST_CASE("headless commands on an encrypted database need the passphrase and refuse a wrong one") {
    Folder dir;
    const std::string db = dir.file("locked.db");
    {
        dc::Store store = dc::Store::open(db);
        store.protect("lange wachtwoordzin", dc::KdfLimits::minimum());
    }
    const Run without = digicoach({"demo", "--db", db, "--participants", "2", "--help-requests", "2"});
    CHECK(without.exitCode == 1);
    CHECK(without.output.find("DIGICOACH_PASSPHRASE") != std::string::npos);
    CHECK(digicoach({"report", "--db", db, "--year", "2023"}, "verkeerd").exitCode == 1);
    CHECK(digicoach({"demo", "--db", db, "--participants", "2", "--help-requests", "2"}, "lange wachtwoordzin").exitCode == 0);

    const std::string passphraseFile = dir.file("passphrase.txt");
    std::ofstream(passphraseFile) << "lange wachtwoordzin\n";
    const Run report = digicoach({"report", "--db", db, "--year", "2023", "--passphrase-file", passphraseFile});
    CHECK(report.exitCode == 0);
    dc::Store store = dc::Store::open(db);
    REQUIRE(store.unlock("lange wachtwoordzin"));
    CHECK(store.all<dc::Participant>().size() == 2);
}
