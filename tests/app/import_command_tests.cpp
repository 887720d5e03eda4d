// `digicoach import` as a process: a good file, a bad file (every bad line named,
// nothing changed), a missing file, and an encrypted database.
#include "model/store.hpp"
#include "command_support.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using Run = dc::test::CommandRun;
using Folder = dc::test::CommandFolder;
using dc::test::digicoach;

namespace {

std::vector<std::string> neighbourhoodNames(const std::string& db) {
    dc::Store store = dc::Store::open(db);
    std::vector<std::string> names;
    for (const dc::Neighbourhood& n : store.all<dc::Neighbourhood>()) names.push_back(n.name);
    return names;
}

}  // namespace

TEST_CASE("digicoach import reads a semicolon CSV with a BOM from Excel and prints one summary line") {
    Folder dir;
    const std::string db = dir.file("coordinator.db");
    const std::string csv = dir.write("wijken.csv", "\xEF\xBB\xBFnaam;stad\r\nLedeberg;Gent\r\n\"Oostakker; dorp\";Gent\r\n");
    const Run run = digicoach({"import", "--no-encryption", "--db", db, "--list", "neighbourhoods", csv});
    CHECK(run.exitCode == 0);
    CHECK(run.output == "import neighbourhoods: 2 added, 0 updated, 0 unchanged.\n");
    CHECK(neighbourhoodNames(db) == std::vector<std::string>{"Ledeberg", "Oostakker; dorp"});
    CHECK(dc::Store::open(db).outboxCount() == 2);  // the new names travel to the hub

    const Run again = digicoach({"import", "--db", db, "--list=neighbourhoods", csv});
    CHECK(again.exitCode == 0);
    CHECK(again.output.find("0 added, 0 updated, 2 unchanged") != std::string::npos);
}

TEST_CASE("digicoach import with bad lines names each line and its reason, exits 1 and changes nothing") {
    Folder dir;
    const std::string db = dir.file("coordinator.db");
    REQUIRE(digicoach({"import", "--no-encryption", "--db", db, "--list", "neighbourhoods",
                       dir.write("first.csv", "name\nLedeberg\n")}).exitCode == 0);
    const std::string before = [&] {
        std::ifstream in(db, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }();
    const std::string csv = dir.write("bad.csv", "name,city\nZwijnaarde,Gent\n,Gent\nzwijnaarde,Gent\n");
    const Run run = digicoach({"import", "--db", db, "--list", "neighbourhoods", csv});
    CHECK(run.exitCode == 1);
    CHECK(run.output.find("bad.csv, line 3: Fill in a name.") != std::string::npos);
    CHECK(run.output.find("bad.csv, line 4: This name already appears on an earlier line.") != std::string::npos);
    CHECK(run.output.find("Nothing was imported") != std::string::npos);
    CHECK(neighbourhoodNames(db) == std::vector<std::string>{"Ledeberg"});

    const Run latin1 = digicoach({"import", "--db", db, "--list", "neighbourhoods",
                                  dir.write("latin1.csv", "name\nCaf\xE9 Rabot\n")});
    CHECK(latin1.exitCode == 1);
    CHECK(latin1.output.find("line 2: This line is not UTF-8 text") != std::string::npos);
    const Run wrongList = digicoach({"import", "--db", db, "--list", "target_groups", csv});
    CHECK(wrongList.exitCode == 1);
    CHECK(wrongList.output.find("line 1: This column is not known for this list. (city)") != std::string::npos);
    CHECK(neighbourhoodNames(db) == std::vector<std::string>{"Ledeberg"});
}

TEST_CASE("digicoach import of a missing file, or without its options, says so and leaves the database alone") {
    Folder dir;
    const std::string db = dir.file("coordinator.db");
    const Run missing = digicoach({"import", "--db", db, "--list", "categories", dir.file("nowhere.csv")});
    CHECK(missing.exitCode == 1);
    CHECK(missing.output.find("cannot be read") != std::string::npos);
    CHECK_FALSE(fs::exists(db));  // not even created
    CHECK(digicoach({"import", "--db", db, "--list", "streets", dir.file("x.csv")}).exitCode == 2);
    CHECK(digicoach({"import", "--db", db, dir.file("x.csv")}).exitCode == 2);
    CHECK(digicoach({"import", "--db", db, "--list", "categories"}).exitCode == 2);
    CHECK(digicoach({"import", "--list", "categories", dir.file("x.csv")}).exitCode == 2);
    CHECK(digicoach({"import", "--db", db, "--list", "categories", "a.csv", "b.csv"}).exitCode == 2);
}

TEST_CASE("digicoach import on an encrypted database needs the passphrase") {
    Folder dir;
    const std::string db = dir.file("locked.db");
    {
        dc::Store store = dc::Store::open(db);
        store.protect("lange wachtwoordzin", dc::KdfLimits::minimum());
    }
    const std::string csv = dir.write("groups.csv", "name\nMantelzorgers\n");
    const Run without = digicoach({"import", "--db", db, "--list", "target_groups", csv});
    CHECK(without.exitCode == 1);
    CHECK(without.output.find("DIGICOACH_PASSPHRASE") != std::string::npos);
    const Run with = digicoach({"import", "--db", db, "--list", "target_groups", csv}, "lange wachtwoordzin");
    CHECK(with.exitCode == 0);
    CHECK(with.output.find("1 added") != std::string::npos);
}

namespace {

std::vector<dc::Participant> participantsOf(const std::string& db, const std::string& passphrase) {
    dc::Store store = dc::Store::open(db);
    REQUIRE(store.unlock(passphrase));
    return store.all<dc::Participant>();
}

}  // namespace

TEST_CASE("digicoach import of participants encrypts them, reports duplicates and skips them unless included") {
    Folder dir;
    const std::string db = dir.file("coordinator.db");
    const char* passphrase = "lange wachtwoordzin";
    const std::string first = dir.write("eerste.csv", "\xEF\xBB\xBFnaam;telefoon;leeftijd;toestemming\r\n"
                                                      "Fatima;0470 12 34 56;65-79;2023-05-02\r\n");
    const Run created = digicoach({"import", "--db", db, "--list", "participants", first}, passphrase);
    CHECK(created.exitCode == 0);
    CHECK(created.output == "import participants: 1 added, 0 updated, 0 skipped as duplicates.\n");
    {
        std::ifstream in(db, std::ios::binary);
        const std::string bytes(std::istreambuf_iterator<char>(in), {});
        CHECK(bytes.find("Fatima") == std::string::npos);
        CHECK(bytes.find("0470 12 34 56") == std::string::npos);
    }

    const std::string second = dir.write("tweede.csv", "pseudonym,phone,consent_date\n"
                                                       "Fatima,+32470123456,2023-06-01\n"
                                                       "Jan,,2023-06-01\n");
    const Run skipped = digicoach({"import", "--db", db, "--list", "participants", second}, passphrase);
    CHECK(skipped.exitCode == 0);
    CHECK(skipped.output.find("tweede.csv, line 2: Fatima already exists (same name and phone); skipped.") !=
          std::string::npos);
    CHECK(skipped.output.find("1 added, 0 updated, 1 skipped as duplicates.") != std::string::npos);
    CHECK(participantsOf(db, passphrase).size() == 2);

    const Run included =
        digicoach({"import", "--db", db, "--list", "participants", "--include-duplicates", second}, passphrase);
    CHECK(included.exitCode == 0);
    CHECK(included.output.find("added all the same") != std::string::npos);
    CHECK(participantsOf(db, passphrase).size() == 4);

    const Run bad = digicoach({"import", "--db", db, "--list", "participants",
                               dir.write("slecht.csv", "naam;telefoon;toestemming\nLea;0470 12;2023-05-02\n")},
                              passphrase);
    CHECK(bad.exitCode == 1);
    CHECK(bad.output.find("slecht.csv, line 2: ") != std::string::npos);
    CHECK(bad.output.find("(phone)") != std::string::npos);
    CHECK(participantsOf(db, passphrase).size() == 4);

    CHECK(digicoach({"import", "--db", db, "--list", "participants", first}).exitCode == 1);  // no passphrase
}

TEST_CASE("digicoach import of devices adds new tags and updates known ones") {
    Folder dir;
    const std::string db = dir.file("inventory.db");
    const std::string csv = dir.write("toestellen.csv", "label;model;soort;serienummer;status\n"
                                                        "DC-1;Lenovo ThinkPad T480;laptop;PF1;available\n");
    CHECK(digicoach({"import", "--no-encryption", "--db", db, "--list", "devices", csv}).output ==
          "import devices: 1 added, 0 updated, 0 skipped as duplicates.\n");
    const Run again = digicoach({"import", "--db", db, "--list", "devices",
                                 dir.write("herstel.csv", "asset_tag,status\nDC-1,repair\n")});
    CHECK(again.exitCode == 0);
    CHECK(again.output == "import devices: 0 added, 1 updated, 0 skipped as duplicates.\n");
    dc::Store store = dc::Store::open(db);
    const std::vector<dc::Device> devices = store.all<dc::Device>();
    REQUIRE(devices.size() == 1);
    CHECK(devices[0].status == "repair");
    CHECK(devices[0].model == "Lenovo ThinkPad T480");
}
