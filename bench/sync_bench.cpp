// Push 200k records from a laptop database to a real digicoach-hub on loopback:
// records per second, and the peak resident memory of the laptop and hub processes.
#include "bench_table.hpp"
#include "model/demo_data.hpp"
#include "processes.hpp"
#include "sync/sync_engine.hpp"

#include <sys/resource.h>

#include <filesystem>
#include <fstream>

using namespace dc;
using namespace dc::bench;

namespace {

// Peak resident set (VmHWM) of a process, in MiB.
double peakResidentMiB(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return -1;
}

}  // namespace

int main() {
    const auto folder = std::filesystem::temp_directory_path() / ("digicoach-sync-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(folder);
    const std::string laptopPath = (folder / "laptop.db").string();
    int64_t records = 0;
    {
        Store laptop = Store::open(laptopPath);
        FixedClock clock(SystemClock().nowMs());
        DemoOptions demo;
        demo.participants = 5000;
        demo.helpRequests = 195'000;
        generateDemoData(laptop, demo, clock);
        records = laptop.outboxCount();
    }
    // Generation is not part of the measurement; the push starts from a fresh process state.
    double seconds = 0;
    double hubPeak = 0;
    sync::SyncReport report;
    {
        test::HubProcess hub((folder / "hub.db").string());
        Store laptop = Store::open(laptopPath);
        sync::HttpClient client(sync::HttpOptions::endpoint(hub.url(), hub.addToken("bench", "coach")));
        const auto start = std::chrono::steady_clock::now();
        report = sync::syncOnce(laptop, client);
        seconds = millisecondsSince(start) / 1000.0;
        hubPeak = peakResidentMiB(hub.pid());
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const double laptopPeak = static_cast<double>(usage.ru_maxrss) / 1024.0;  // includes generating the data
    const double perSecond = static_cast<double>(report.pushed) / seconds;
    printRow("push 200k records to digicoach-hub on loopback", ">= 20,000 records/s",
             format("%.0f records/s (%.0f records in %.1f s)", perSecond, static_cast<double>(report.pushed), seconds),
             perSecond >= 20'000 && report.ok() && report.waiting == 0 && report.pushed == records);
    printRow("peak RSS during the push, laptop / hub", "<= 150 MB each",
             format("%.0f MiB / %.0f MiB", laptopPeak, hubPeak), laptopPeak <= 150 && hubPeak <= 150 && hubPeak > 0);
    std::filesystem::remove_all(folder);
    return 0;
}
