// Load on digicoach-hub from simulated laptops speaking the real protocol: each laptop
// (a thread with its own token, author and laptop id) pushes its records in batches of
// 2,000 and then pulls what it receives. Runs SQLite with 1 hub process and PostgreSQL
// with 1 and 2, for 10 and 50 laptops (or --laptops N --records M for one size), and
// PostgreSQL's own rate for the same rows from one client as the limit.
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_table.hpp"
#include "hub/pg_connection.hpp"
#include "model/clock.hpp"
#include "processes.hpp"
#include "sync/http_client.hpp"
#include "test_postgres.hpp"

using namespace dc;
using namespace dc::bench;

namespace {

constexpr int kBatchRecords = 2000;

double peakRssMiB(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return -1;
}

nlohmann::json participant(int laptop, int index, int64_t nowMs) {
    const std::string suffix = std::to_string(laptop) + "-" + std::to_string(index);
    return {{"type", "participants"},
            {"id", "p-" + suffix},
            {"version", 1},
            {"created_at", nowMs},
            {"updated_at", nowMs},
            {"author", "coach-" + std::to_string(laptop)},
            {"origin", "laptop-" + std::to_string(laptop)},
            {"deleted", false},
            {"data", {{"pseudonym", "Deelnemer " + suffix}, {"phone", "0470 12 34 56"},
                      {"notes", "Zoekt hulp bij itsme en de mutualiteit; komt op dinsdag naar de Digipunt."}}}};
}

struct LoadResult {
    double recordsPerSecond = 0;
    Spread pushMs;
    double peakRssMiB = 0;  // the largest of the hub processes
    int errorAnswers = 0;
};

LoadResult runLoad(std::vector<std::unique_ptr<test::HubProcess>>& hubs, int laptops, int recordsPerLaptop) {
    std::vector<std::string> tokens;
    for (int k = 0; k < laptops; ++k) tokens.push_back(hubs.front()->addToken("coach-" + std::to_string(k), "coach"));
    std::atomic<int> errors = 0;
    std::vector<std::vector<double>> pushMs(laptops);
    const int64_t nowMs = SystemClock().nowMs();
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (int k = 0; k < laptops; ++k) {
        threads.emplace_back([&, k] {
            sync::HttpClient client(sync::HttpOptions::endpoint(hubs[k % hubs.size()]->url(), tokens[k]));
            for (int first = 0; first < recordsPerLaptop; first += kBatchRecords) {
                nlohmann::json records = nlohmann::json::array();
                for (int i = first; i < std::min(recordsPerLaptop, first + kBatchRecords); ++i)
                    records.push_back(participant(k, i, nowMs));
                const std::string body = nlohmann::json{{"protocol", 1}, {"records", records}}.dump();
                const auto sent = std::chrono::steady_clock::now();
                const sync::HttpResult answer = client.postJson("/v1/push", body);
                if (answer.status != 200) {
                    ++errors;
                    std::fprintf(stderr, "hub_load: push answered %ld %s\n", answer.status,
                                 answer.transportOk ? answer.body.substr(0, 200).c_str()
                                                    : answer.transportError.c_str());
                }
                pushMs[k].push_back(millisecondsSince(sent));
            }
            for (int64_t since = 0;;) {
                const sync::HttpResult page = client.get("/v1/pull?since=" + std::to_string(since) + "&limit=1000");
                if (page.status != 200) {
                    ++errors;
                    break;
                }
                const nlohmann::json answer = nlohmann::json::parse(page.body);
                since = answer["next"].get<int64_t>();
                if (!answer["more"].get<bool>()) break;
            }
        });
    }
    for (std::thread& thread : threads) thread.join();
    LoadResult result;
    result.recordsPerSecond = static_cast<double>(laptops) * recordsPerLaptop / (millisecondsSince(start) / 1000.0);
    std::vector<double> all;
    for (const std::vector<double>& samples : pushMs) all.insert(all.end(), samples.begin(), samples.end());
    result.pushMs = spreadOf(all);
    for (const auto& hub : hubs) {
        result.peakRssMiB = std::max(result.peakRssMiB, peakRssMiB(hub->pid()));
        // What a hub reported about failed requests (no record contents), for the error count.
        if (errors > 0) std::fprintf(stderr, "%s", hub->output().c_str());
    }
    result.errorAnswers = errors;
    return result;
}

// PostgreSQL's own rate for rows of the same shape from one client: multi-row INSERTs
// of 2,000 rows, each its own transaction as a push is.
double postgresInsertRate(const std::string& url, int rows) {
    hub::PgConnection pg(url);
    pg.exec("CREATE TABLE insert_limit (id text PRIMARY KEY, type text, version bigint, created_at_ms bigint, "
            "updated_at_ms bigint, author text, origin text, deleted boolean, data text, seq bigint)");
    const int64_t nowMs = SystemClock().nowMs();
    const auto start = std::chrono::steady_clock::now();
    for (int first = 0; first < rows; first += kBatchRecords) {
        std::vector<std::string> ids, data;
        for (int i = first; i < std::min(rows, first + kBatchRecords); ++i) {
            const nlohmann::json record = participant(0, i, nowMs);
            ids.push_back(record["id"]);
            data.push_back(record["data"].dump());
        }
        pg.exec("INSERT INTO insert_limit SELECT id, 'participants', 1, $3, $3, 'coach-0', 'laptop-0', false, d, "
                "n FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS r(id, d, n)",
                {hub::pgTextArray(ids), hub::pgTextArray(data), std::to_string(nowMs)});
    }
    return rows / (millisecondsSince(start) / 1000.0);
}

void printLoadRow(const std::string& store, int processes, int laptops, int records, const LoadResult& r,
                  double targetRecordsPerSecond) {
    const bool targeted = laptops == 50;
    const bool pass = r.errorAnswers == 0 && (!targeted || (r.recordsPerSecond >= targetRecordsPerSecond &&
                                                              r.pushMs.p99 <= 1500 && r.peakRssMiB <= 200));
    printRow("hub_load " + store + ", " + std::to_string(processes) + " process" + (processes > 1 ? "es" : "") + ", " +
                 std::to_string(laptops) + " laptops × " + std::to_string(records) + " records",
             targeted ? format("≥ %.0f records/s, push p99 ≤ 1.5 s, RSS ≤ 200 MiB, 0 errors", targetRecordsPerSecond)
                      : "0 errors",
             format("%.0f records/s, push p50 %.0f ms p99 %.0f ms, ", r.recordsPerSecond, r.pushMs.median,
                    r.pushMs.p99) +
                 format("RSS %.0f MiB, %.0f errors", r.peakRssMiB, r.errorAnswers),
             pass);
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<int> laptopCounts = {10, 50};
    int recordsPerLaptop = 4000;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string name = argv[i];
        if (name == "--laptops") laptopCounts = {std::stoi(argv[i + 1])};
        if (name == "--records") recordsPerLaptop = std::stoi(argv[i + 1]);
    }
    const auto folder = std::filesystem::temp_directory_path() / ("digicoach-hub-load-" + std::to_string(getpid()));
    std::filesystem::create_directories(folder);
    {
        // Durable as a city would run it: fsync and synchronous commits on, as SQLite's FULL.
        test::TestPostgres server(test::TestPostgres::Durability::Durable);
        for (const int laptops : laptopCounts) {
            {
                std::vector<std::unique_ptr<test::HubProcess>> hubs;
                hubs.push_back(std::make_unique<test::HubProcess>(
                    (folder / ("hub-" + std::to_string(laptops) + ".db")).string()));
                printLoadRow("SQLite", 1, laptops, recordsPerLaptop, runLoad(hubs, laptops, recordsPerLaptop), 15000);
            }
            for (const int processes : {1, 2}) {
                const std::string url = server.createDatabase();
                std::vector<std::unique_ptr<test::HubProcess>> hubs;
                for (int p = 0; p < processes; ++p) hubs.push_back(std::make_unique<test::HubProcess>(url));
                printLoadRow("PostgreSQL", processes, laptops, recordsPerLaptop,
                             runLoad(hubs, laptops, recordsPerLaptop), 10000);
            }
        }
        const int limitRows = laptopCounts.back() * recordsPerLaptop;
        printRatioRow("PostgreSQL alone, " + std::to_string(limitRows) + " rows by multi-row INSERT from one client",
                      format("%.0f rows/s", postgresInsertRate(server.createDatabase(), limitRows)));
    }
    std::filesystem::remove_all(folder);
    return 0;
}
