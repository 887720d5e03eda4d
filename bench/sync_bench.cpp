// Push 200k records from a laptop database to a real digicoach-hub on loopback:
// records per second, and the peak resident memory of the laptop and hub processes;
// and a coach's 50,000 help requests pushed by the real `digicoach sync` command.
// Then a coach's first pull from that hub (a new laptop): the hub reads through every
// stored change to find what the coach may see.
#include "bench_table.hpp"
#include "cached_database.hpp"
#include "model/demo_data.hpp"
#include "processes.hpp"
#include "sync/sync_engine.hpp"

#include <sys/resource.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace dc;
using namespace dc::bench;

namespace {

// User + system CPU seconds of a process so far, all threads.
double cpuSeconds(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    std::istringstream fields(text.substr(text.rfind(')') + 2));  // after the command name
    std::string field;
    double ticks = 0;
    for (int index = 3; index <= 15 && fields >> field; ++index)
        if (index == 14 || index == 15) ticks += std::stod(field);
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// Peak resident set (VmHWM) of a process, in MiB.
double peakResidentMiB(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return -1;
}

#ifdef DIGICOACH_BINARY
// A coach's laptop with 50,000 help requests pushed by the real `digicoach sync` command
// to a hub on loopback: exec to exit, so opening, reading the outbox, the push and the
// pull that follows are all in it.
void commandLinePush(const std::filesystem::path& benchFolder, const std::filesystem::path& folder) {
    const auto cached = benchFolder / "sync-bench-coach-50k.db";
    ensureCachedDatabase(cached, "sync-bench-coach-1", "50,000 help requests of one coach", [](Store& laptop) {
        const FixedClock clock(SystemClock().nowMs());
        generateDemoData(laptop,
                         DemoOptions{.participants = 2000, .helpRequests = 50'000, .devices = 0, .groupSessions = 0,
                                     .screenings = 0, .coaches = 1},
                         clock);
    });
    const std::string laptopPath = (folder / "coach-laptop-50k.db").string();
    std::filesystem::copy_file(cached, laptopPath);
    int64_t records = 0;
    {
        Store laptop = Store::open(laptopPath);
        records = laptop.outboxCount();
    }
    test::HubProcess hub((folder / "coach-hub.db").string());
    const std::string token = hub.addToken("bench-coach", "coach");
    const auto start = std::chrono::steady_clock::now();
    test::ChildProcess command({DIGICOACH_BINARY, "sync", "--db", laptopPath, "--endpoint", hub.url(), "--token", token},
                               true);
    const std::string summary = command.readRest(600'000);
    const int exitCode = command.wait();
    const double seconds = millisecondsSince(start) / 1000.0;
    int64_t waiting = -1;
    {
        Store laptop = Store::open(laptopPath);
        waiting = laptop.outboxCount();
    }
    const double perSecond = static_cast<double>(records) / seconds;
    printRow("`digicoach sync`: a coach's 50,000 help requests to digicoach-hub on loopback (exec to exit, with the pull)",
             ">= 25,000 records/s",
             format("%.0f records/s (%.0f outbox records in %.2f s", perSecond, static_cast<double>(records), seconds) +
                 format("; exit code %.0f, %.0f left waiting)", static_cast<double>(exitCode), static_cast<double>(waiting)),
             perSecond >= 25'000 && exitCode == 0 && waiting == 0);
    if (exitCode != 0) std::fprintf(stderr, "digicoach sync: %s\n", summary.c_str());
}
#endif

}  // namespace

int main(int, char** argv) {
    // Generated once next to the binary; each run pushes from a fresh copy.
    const auto cached = std::filesystem::path(argv[0]).parent_path() / "sync-bench-laptop.db";
    ensureCachedDatabase(cached, "sync-bench-1", "200,000 records", [](Store& laptop) {
        const FixedClock clock(SystemClock().nowMs());
        generateDemoData(laptop, DemoOptions{.participants = 5000, .helpRequests = 195'000}, clock);
    });
    const auto folder = std::filesystem::temp_directory_path() / ("digicoach-sync-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(folder);
    const std::string laptopPath = (folder / "laptop.db").string();
    std::filesystem::copy_file(cached, laptopPath);
    int64_t records = 0;
    {
        Store laptop = Store::open(laptopPath);
        records = laptop.outboxCount();
    }
    double seconds = 0;
    double coachPullSeconds = 0;
    sync::SyncReport coachPull;
    double hubPeak = 0;
    double laptopCpu = 0;  // CPU seconds of the push: on a shared machine wall time includes waiting
    double hubCpu = 0;
    sync::SyncReport report;
    {
        test::HubProcess hub((folder / "hub.db").string());
        Store laptop = Store::open(laptopPath);
        // Demo data holds reference lists and many coaches' records: a coordinator's to push.
        sync::HttpClient client(sync::HttpOptions::endpoint(hub.url(), hub.addToken("bench", "coordinator")));
        const double laptopCpuBefore = cpuSeconds(getpid());
        const double hubCpuBefore = cpuSeconds(hub.pid());
        const auto start = std::chrono::steady_clock::now();
        report = sync::syncOnce(laptop, client);
        laptopCpu = cpuSeconds(getpid()) - laptopCpuBefore;
        hubCpu = cpuSeconds(hub.pid()) - hubCpuBefore;
        seconds = millisecondsSince(start) / 1000.0;
        hubPeak = peakResidentMiB(hub.pid());

        Store newLaptop = Store::open((folder / "coach-laptop.db").string());
        sync::HttpClient coach(sync::HttpOptions::endpoint(hub.url(), hub.addToken("sofie", "coach", {"noord"})));
        const auto pullStart = std::chrono::steady_clock::now();
        coachPull = sync::syncOnce(newLaptop, coach);
        coachPullSeconds = millisecondsSince(pullStart) / 1000.0;
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const double laptopPeak = static_cast<double>(usage.ru_maxrss) / 1024.0;
    const double perSecond = static_cast<double>(report.pushed) / seconds;
    printRow("push 200k records to digicoach-hub on loopback", ">= 25,000 records/s",
             format("%.0f records/s (%.0f records in %.1f s", perSecond, static_cast<double>(report.pushed), seconds) +
                 format("; CPU laptop %.1f s, hub %.1f s)", laptopCpu, hubCpu),
             perSecond >= 25'000 && report.ok() && report.waiting == 0 && report.pushed == records);
    printRow("peak RSS during the push, laptop / hub", "<= 150 MB each",
             format("%.0f MiB / %.0f MiB", laptopPeak, hubPeak),
             laptopPeak <= 150 && hubPeak <= 150 && hubPeak > 0);
    printRow("a coach's first pull from the 200k-record hub (reference lists, inventory, own and team records)",
             "<= 10 s", format("%.0f ms (%.0f records)", coachPullSeconds * 1000, static_cast<double>(coachPull.pulled)),
             coachPull.ok() && coachPullSeconds <= 10);
#ifdef DIGICOACH_BINARY
    commandLinePush(std::filesystem::path(argv[0]).parent_path(), folder);
#endif
    std::filesystem::remove_all(folder);
    return 0;
}
