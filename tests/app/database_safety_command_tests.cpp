// The database file when more than one program uses it, and the files headless commands
// make: nothing saved is lost, and personal data is never stored in plaintext.
#include "model/clock.hpp"
#include "model/demo_data.hpp"
#include "model/services.hpp"
#include "model/store.hpp"
#include "command_support.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>

namespace fs = std::filesystem;
using dc::test::HubProcess;
using Run = dc::test::CommandRun;
using Folder = dc::test::CommandFolder;
using dc::test::digicoach;

namespace {

constexpr const char* kPassphrase = "lange wachtwoordzin";

std::string fileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// The database and its write-ahead log, as a thief would read them from the disk.
std::string bytesOnDisk(const std::string& db) { return fileBytes(db) + fileBytes(db + "-wal"); }

unsigned permissionBits(const std::string& path) {
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    return info.st_mode & 07777;
}

// One device saved through the model, as the window saves a record.
std::string saveDevice(dc::Store& store, const std::string& model) {
    dc::FixedClock clock(dc::epochMsFromUtcDate("2026-03-02"));
    dc::ServiceContext ctx{store, clock, "coach-in-test"};
    dc::Device device;
    device.model = model;
    const dc::SaveResult saved = dc::DeviceService(ctx).save(device);
    REQUIRE(saved.ok());
    return saved.id;
}

// Opens the window's and a worker's connection, lets another process open and close the
// file, then saves more through the window's connection and restarts: every save is there.
void savesSurviveAnotherProcess(const std::string& db, const std::function<void()>& otherProcess) {
    std::vector<std::string> saved;
    {
        dc::Store window = dc::Store::open(db);
        saved.push_back(saveDevice(window, "before the worker"));
        dc::Store worker = dc::Store::open(db);  // the sync or report worker's own connection
        saved.push_back(saveDevice(window, "while the worker is open"));
        otherProcess();
        // The log under the open connections is still the one on disk: nobody deleted it.
        CHECK(fs::exists(db + "-wal"));
        saved.push_back(saveDevice(window, "after the other process"));
        saved.push_back(saveDevice(worker, "by the worker after the other process"));
        otherProcess();
        saved.push_back(saveDevice(window, "after the other process again"));
        CHECK(fs::exists(db + "-wal"));
    }
    dc::Store restarted = dc::Store::open(db);
    for (const std::string& id : saved) CHECK_MESSAGE(restarted.find<dc::Device>(id).has_value(), id);
}

}  // namespace

TEST_CASE("saves go on reaching the disk while digicoach report opens and closes the same file") {
    Folder dir;
    const std::string db = dir.file("coach.db");
    REQUIRE(digicoach({"demo", "--no-encryption", "--db", db, "--participants", "5", "--help-requests", "5"}).exitCode == 0);
    savesSurviveAnotherProcess(db, [&] {
        const Run report = digicoach({"report", "--db", db, "--year", "2026"});
        CHECK_MESSAGE(report.exitCode == 0, report.output);
    });
}

TEST_CASE("saves go on reaching the disk while a cron digicoach sync opens and closes the same file") {
    Folder dir;
    HubProcess hub(dir.file("hub.db"));
    const std::string token = hub.addToken("sofie", "coach");
    const std::string db = dir.file("coach.db");
    REQUIRE(digicoach({"demo", "--no-encryption", "--db", db, "--participants", "5", "--help-requests", "5"}).exitCode == 0);
    savesSurviveAnotherProcess(db, [&] {
        const Run sync = digicoach({"sync", "--db", db, "--endpoint", hub.url(), "--token", token});
        CHECK_MESSAGE(sync.exitCode == 0, sync.output);
    });
}

TEST_CASE("digicoach demo protects a new database with the passphrase given, and makes none without one") {
    Folder dir;
    const std::string db = dir.file("demo.db");
    const Run without = digicoach({"demo", "--db", db, "--participants", "4", "--help-requests", "4"});
    CHECK(without.exitCode == 1);
    CHECK(without.output.find("DIGICOACH_PASSPHRASE") != std::string::npos);
    CHECK(without.output.find("--no-encryption") != std::string::npos);
    CHECK_FALSE(fs::exists(db));

    const Run tooShort = digicoach({"demo", "--db", db}, "kort");
    CHECK(tooShort.exitCode == 1);
    CHECK(tooShort.output.find("at least 8") != std::string::npos);
    CHECK_FALSE(fs::exists(db));

    const Run with = digicoach({"demo", "--db", db, "--participants", "4", "--help-requests", "4"}, kPassphrase);
    REQUIRE_MESSAGE(with.exitCode == 0, with.output);
    CHECK(permissionBits(db) == 0600);
    dc::Store store = dc::Store::open(db);
    CHECK(store.protection() == dc::Protection::Locked);
    REQUIRE(store.unlock(kPassphrase));
    const std::vector<dc::Participant> people = store.all<dc::Participant>();
    REQUIRE(people.size() == 4);
    const std::string onDisk = bytesOnDisk(db);
    for (const dc::Participant& person : people) {
        CHECK_MESSAGE(onDisk.find(person.pseudonym) == std::string::npos, person.pseudonym);
        if (person.phone.size() >= 8) CHECK_MESSAGE(onDisk.find(person.phone) == std::string::npos, person.phone);
    }
}

TEST_CASE("a wrong passphrase on a protected database exits 1 and leaves the file byte for byte as it was") {
    Folder dir;
    const std::string db = dir.file("coach.db");
    REQUIRE(digicoach({"demo", "--db", db, "--participants", "3", "--help-requests", "3"}, kPassphrase).exitCode == 0);
    const std::string before = bytesOnDisk(db);
    const std::string csv = dir.write("groups.csv", "name\nMantelzorgers\n");
    for (const std::vector<std::string>& command :
         {std::vector<std::string>{"report", "--db", db, "--year", "2026"},
          std::vector<std::string>{"demo", "--db", db},
          std::vector<std::string>{"import", "--db", db, "--list", "target_groups", csv},
          std::vector<std::string>{"sync", "--db", db, "--endpoint", "http://127.0.0.1:1", "--token", "dct_x"}}) {
        const Run wrong = digicoach(command, "niet de juiste zin");
        CHECK_MESSAGE(wrong.exitCode == 1, command.front());
        CHECK_MESSAGE(wrong.output.find("not right") != std::string::npos, wrong.output);
        CHECK(bytesOnDisk(db) == before);
    }
}

TEST_CASE("a passphrase given for a database it does not protect is refused rather than silently ignored") {
    Folder dir;
    const std::string db = dir.file("plain.db");
    REQUIRE(digicoach({"demo", "--no-encryption", "--db", db, "--participants", "2"}).exitCode == 0);
    const std::string before = bytesOnDisk(db);
    const Run report = digicoach({"report", "--db", db, "--year", "2026"}, kPassphrase);
    CHECK(report.exitCode == 1);
    CHECK(report.output.find("not protected") != std::string::npos);
    CHECK(bytesOnDisk(db) == before);
    CHECK(digicoach({"report", "--db", db, "--year", "2026"}).exitCode == 0);  // as it is, on purpose
}

TEST_CASE("digicoach sync into a new coordinator database protects everything it pulls") {
    Folder dir;
    HubProcess hub(dir.file("hub.db"));
    const std::string coachDb = dir.file("coach.db");
    REQUIRE(digicoach({"demo", "--db", coachDb, "--participants", "6", "--help-requests", "6"}, kPassphrase).exitCode == 0);
    REQUIRE(digicoach({"sync", "--db", coachDb, "--endpoint", hub.url(), "--token", hub.addToken("sofie", "coach")},
                      kPassphrase)
                .exitCode == 0);

    const std::string coordinatorDb = dir.file("coordinator.db");
    const std::string coordinatorToken = hub.addToken("an", "coordinator");
    const Run refused = digicoach({"sync", "--db", coordinatorDb, "--endpoint", hub.url(), "--token", coordinatorToken});
    CHECK(refused.exitCode == 1);
    CHECK_FALSE(fs::exists(coordinatorDb));
    const Run pulled =
        digicoach({"sync", "--db", coordinatorDb, "--endpoint", hub.url(), "--token", coordinatorToken}, "coordinator-zin");
    REQUIRE_MESSAGE(pulled.exitCode == 0, pulled.output);
    CHECK(permissionBits(coordinatorDb) == 0600);

    dc::Store coach = dc::Store::open(coachDb);
    REQUIRE(coach.unlock(kPassphrase));
    dc::Store coordinator = dc::Store::open(coordinatorDb);
    CHECK(coordinator.protection() == dc::Protection::Locked);
    REQUIRE(coordinator.unlock("coordinator-zin"));
    CHECK(coordinator.all<dc::Participant>().size() == 6);
    const std::string onDisk = bytesOnDisk(coordinatorDb);
    for (const dc::Participant& person : coach.all<dc::Participant>())
        CHECK_MESSAGE(onDisk.find(person.pseudonym) == std::string::npos, person.pseudonym);
}

TEST_CASE("digicoach report on a path where no database is refuses and creates nothing") {
    Folder dir;
    const std::string typo = dir.file("coahc.db");
    const Run report = digicoach({"report", "--db", typo, "--year", "2026"});
    CHECK(report.exitCode == 1);
    CHECK(report.output.find("no database at " + typo) != std::string::npos);
    CHECK_FALSE(fs::exists(typo));
}
