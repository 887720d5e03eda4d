// `digicoach sync` and `digicoach report` as processes, against a real digicoach-hub,
// and the passphrase rules of headless commands on an encrypted database.
#include "model/demo_data.hpp"
#include "model/figures.hpp"
#include "model/projects.hpp"
#include "model/services.hpp"
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

TEST_CASE("digicoach report gives one project's figures for any period, and the funder's sheet") {
    Folder dir;
    const std::string db = dir.file("coach.db");
    {
        // The demo's projects run on fixed dates: the records are dated on a fixed day too.
        dc::Store store = dc::Store::open(db);
        dc::DemoOptions demo;
        demo.participants = 40;
        demo.helpRequests = 400;
        dc::generateDemoData(store, demo, dc::FixedClock(dc::epochMsFromUtcDate("2024-07-01")));
    }
    dc::Store store = dc::Store::open(db);
    const std::string digibank = dc::seededId("project", "Digibank Gent");
    dc::FigureFilter filter;
    filter.period = dc::Period::range("2023-01-01", "2024-06-30");
    filter.projectId = digibank;
    filter.namesLanguage = "en";  // the command runs with LANG=en_GB.UTF-8
    const nlohmann::json expected = dc::figuresToJson(dc::computeFigures(store, filter));
    REQUIRE(expected["current"]["help"]["answered"].get<int64_t>() > 0);

    const Run json = digicoach({"report", "--db", db, "--project", "Digibank Gent", "--from", "2023-01-01", "--to",
                                "2024-06-30", "--format", "json"});
    REQUIRE(json.exitCode == 0);
    nlohmann::json printed = nlohmann::json::parse(json.output);
    printed["filter"]["today"] = expected["filter"]["today"];  // the program's own clock
    printed["current"]["devices"]["overdue_as_of"] = expected["current"]["devices"]["overdue_as_of"];
    printed["previous"]["devices"]["overdue_as_of"] = expected["previous"]["devices"]["overdue_as_of"];
    CHECK(printed["current"]["help"] == expected["current"]["help"]);
    CHECK(printed["filter"]["project_id"] == digibank);

    const std::string sheet = dir.file("sheet.html");
    const Run written = digicoach({"report", "--db", db, "--project", "digibank gent", "--year", "2024", "--format",
                                   "sheet", "--out", sheet});
    CHECK(written.exitCode == 0);
    std::ifstream in(sheet);
    const std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(html.find("<h1>Digibank Gent</h1>") != std::string::npos);
    CHECK(html.find("@page") != std::string::npos);

    const Run unknown = digicoach({"report", "--db", db, "--project", "Digibank Oostende", "--year", "2024"});
    CHECK(unknown.exitCode == 2);
    CHECK(unknown.output.find("Digibank Gent") != std::string::npos);  // the known names are listed
    CHECK(digicoach({"report", "--db", db, "--from", "2024-05-01", "--to", "2024-04-01"}).exitCode == 2);
    CHECK(digicoach({"report", "--db", db, "--from", "2024-02-30", "--to", "2024-04-01"}).exitCode == 2);
    CHECK(digicoach({"report", "--db", db, "--project", "Digibanken", "--project-year", "9"}).exitCode == 2);
}

TEST_CASE("digicoach report names a synced project whose dates are broken instead of crashing on them") {
    Folder dir;
    const std::string db = dir.file("coach.db");
    {
        dc::Store store = dc::Store::open(db);
        // As a pull stores it: the hub's version as it is, without this laptop's checks.
        dc::Project broken;
        broken.meta.id = dc::newUuid();
        broken.name = "Digibank Brugge";
        broken.startsOn = "2024-13-45";
        store.put(broken, "hub", dc::epochMsFromUtcDate("2024-07-01"));
    }
    const Run ownPeriod = digicoach({"report", "--db", db, "--project", "Digibank Brugge"});
    CHECK(ownPeriod.exitCode == 2);
    CHECK(ownPeriod.output.find("Digibank Brugge") != std::string::npos);
    CHECK(ownPeriod.output.find("2024-13-45") != std::string::npos);
    CHECK(ownPeriod.output.find("--from") != std::string::npos);
    CHECK(digicoach({"report", "--db", db, "--project", "Digibank Brugge", "--project-year", "1"}).exitCode == 2);
    // A period of its own does not need the project's dates.
    CHECK(digicoach({"report", "--db", db, "--project", "Digibank Brugge", "--from", "2024-01-01", "--to",
                     "2024-06-30"})
              .exitCode == 0);
}

namespace {

// A plain field database with the seeded lists and one coach of `role` acting on a fixed day.
struct FieldFile {
    dc::Store store;
    dc::FixedClock clock{dc::epochMsFromUtcDate("2024-07-01")};
    dc::ServiceContext ctx{store, clock, "seed"};

    FieldFile(const std::string& path, const char* name, const char* role) : store(dc::Store::open(path)) {
        dc::ReferenceService(ctx).seedDefaults();
        if (const std::optional<std::string> me = store.setting("test.coach")) {
            ctx.coachId = *me;
            return;
        }
        // A coach's own record is their author id, as the app writes it.
        dc::Coach coach;
        coach.meta.id = dc::newUuid();
        coach.name = name;
        coach.role = role;
        ctx.coachId = coach.meta.id;
        REQUIRE(dc::saveRecord(ctx, coach).ok());
        store.setSetting("test.coach", coach.meta.id);
    }

    std::string help(const char* at, dc::OptionalId projectId) {
        dc::HelpRequest h;
        h.occurredAt = at;
        h.categoryId = dc::seededId("category", "Technische hulp/E-mail");
        h.projectId = std::move(projectId);
        REQUIRE(dc::HelpRequestService(ctx).save(h).ok());
        return h.meta.id;
    }
};

}  // namespace

TEST_CASE("a project, the records attributed to it and a coordinator's bulk attribution travel through the hub") {
    Folder dir;
    HubProcess hub(dir.file("hub.db"));
    const std::string coordinatorDb = dir.file("coordinator.db");
    const std::string coachDb = dir.file("coach.db");
    const std::vector<std::string> coordinatorSync = {"sync", "--db", coordinatorDb, "--endpoint", hub.url(), "--token",
                                                      hub.addToken("an", "coordinator")};
    const std::vector<std::string> coachSync = {"sync", "--db", coachDb, "--endpoint", hub.url(), "--token",
                                                hub.addToken("sofie", "coach")};
    std::string projectId;
    {
        FieldFile coordinator(coordinatorDb, "An", "coordinator");
        dc::Project project;
        project.name = "Digibank Gent";
        project.startsOn = "2022-10-01";
        REQUIRE(dc::saveRecord(coordinator.ctx, project).ok());
        projectId = project.meta.id;
    }
    REQUIRE(digicoach(coordinatorSync).exitCode == 0);
    FieldFile(coachDb, "Sofie", "digicoach");  // the coach's laptop, before its first pull
    REQUIRE(digicoach(coachSync).exitCode == 0);
    std::string attributed, unattributed;
    {
        FieldFile coach(coachDb, "Sofie", "digicoach");
        REQUIRE(coach.store.find<dc::Project>(projectId));
        attributed = coach.help("2024-03-01T10:00", projectId);
        unattributed = coach.help("2024-03-02T10:00", std::nullopt);
    }
    REQUIRE(digicoach(coachSync).exitCode == 0);
    REQUIRE(digicoach(coordinatorSync).exitCode == 0);
    {
        FieldFile coordinator(coordinatorDb, "An", "coordinator");
        CHECK(coordinator.store.find<dc::HelpRequest>(attributed)->projectId == projectId);
        CHECK_FALSE(coordinator.store.find<dc::HelpRequest>(unattributed)->projectId);
        dc::AttributionSelection march;
        march.filter.period = dc::Period::month(2024, 3);
        const dc::AttributionResult result = dc::ProjectService(coordinator.ctx).attribute(march, projectId);
        REQUIRE(result.ok());
        CHECK(result.changed == 1);
    }
    REQUIRE(digicoach(coordinatorSync).exitCode == 0);
    REQUIRE(digicoach(coachSync).exitCode == 0);
    dc::Store coach = dc::Store::open(coachDb);
    CHECK(coach.find<dc::HelpRequest>(unattributed)->projectId == projectId);
    CHECK(coach.find<dc::HelpRequest>(unattributed)->meta.version == 2);
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
