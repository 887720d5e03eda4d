// digicoach-hub under a flood of stalled connections: 200 connections (from four
// loopback addresses) that send half a request head or nothing stay open while
// /v1/health is probed and a laptop syncs 1,000 records; the hub's resident memory is
// read before and during the flood.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include "bench_table.hpp"
#include "model/clock.hpp"
#include "model/store.hpp"
#include "processes.hpp"
#include "raw_connection.hpp"
#include "sync/sync_engine.hpp"

using namespace dc;
using namespace dc::bench;

namespace {

// A line of /proc/<pid>/status in MiB (VmRSS now, VmHWM at the peak).
double statusMiB(pid_t pid, const char* key) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind(key, 0) == 0) return std::stod(line.substr(std::string(key).size())) / 1024.0;
    return -1;
}

constexpr int kStalledConnections = 200;
constexpr int kHealthProbes = 20;
constexpr int kSyncedRecords = 1000;

}  // namespace

int main() {
    const auto folder =
        std::filesystem::temp_directory_path() / ("digicoach-hub-flood-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(folder);
    {
        test::HubProcess hub((folder / "hub.db").string());
        const std::string token = hub.addToken("bench", "coach");
        const double idleMiB = statusMiB(hub.pid(), "VmRSS:");

        const char* const clients[] = {"127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"};
        std::vector<test::RawConnection> stalled;
        stalled.reserve(kStalledConnections);
        for (int i = 0; i < kStalledConnections; ++i) {
            stalled.emplace_back(hub.port(), clients[i % 4]);
            if (i % 2 == 0) stalled.back().send("POST /v1/push HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer dct_");
        }

        std::vector<double> healthMs;
        for (int i = 0; i < kHealthProbes; ++i) {
            sync::HttpClient probe(sync::HttpOptions::endpoint(hub.url(), ""));
            const auto start = std::chrono::steady_clock::now();
            const bool answered = probe.get("/v1/health").status == 200;
            healthMs.push_back(answered ? millisecondsSince(start) : 1e9);
        }

        Store laptop = Store::open((folder / "laptop.db").string());
        {
            Transaction tx(laptop.db());
            for (int i = 0; i < kSyncedRecords; ++i) {
                Participant p;
                p.pseudonym = "Deelnemer " + std::to_string(i);
                laptop.put(p, "coach-bench", SystemClock().nowMs());
            }
            tx.commit();
        }
        sync::HttpClient client(sync::HttpOptions::endpoint(hub.url(), token));
        const auto syncStart = std::chrono::steady_clock::now();
        const sync::SyncReport report = sync::syncOnce(laptop, client);
        const double syncMs = millisecondsSince(syncStart);
        const double floodedMiB = statusMiB(hub.pid(), "VmRSS:");
        const double peakMiB = statusMiB(hub.pid(), "VmHWM:");

        const Spread health = spreadOf(healthMs);
        printRow("/v1/health with 200 stalled connections open", "<= 1 s",
                 format("median %.1f ms, max %.1f ms (%.0f probes)", health.median, health.max, kHealthProbes),
                 health.max <= 1000);
        printRow("a real sync (push 1,000 records, then pull) with 200 stalled connections open", "<= 1 s",
                 format("%.0f ms (%.0f records pushed)", syncMs, static_cast<double>(report.pushed)),
                 syncMs <= 1000 && report.ok() && report.pushed == kSyncedRecords);
        printRow("hub resident memory: idle / with 200 stalled connections (peak)", "<= 150 MB",
                 format("%.1f MiB / %.1f MiB (peak %.1f MiB)", idleMiB, floodedMiB, peakMiB),
                 peakMiB > 0 && peakMiB <= 150);
    }
    std::filesystem::remove_all(folder);
    return 0;
}
