// The hub's counters for GET /metrics, in Prometheus' text format: requests and their
// latency by endpoint and status, records by push result, open connections. Labels are
// the hub's own route names and numbers, never a coach, a token or record contents.
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace dc::hub {

class HubMetrics {
public:
    // `route` is the endpoint's path or "(unknown)", as HubResponse::route.
    void countRequest(const std::string& route, int status, std::chrono::steady_clock::duration took);
    // The "results" of a push answer, counted by status (accepted, superseded, duplicate, rejected).
    void countPushResults(const nlohmann::json& results);
    std::string render(int64_t openConnections) const;

private:
    // Upper bounds of the latency buckets, in seconds; the last bucket is +Inf.
    static constexpr std::array<double, 11> kBucketSeconds = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                              0.5,   1,    2.5,   5,    10};
    struct Latency {
        std::array<int64_t, kBucketSeconds.size()> buckets{};
        int64_t count = 0;
        double sumSeconds = 0;
    };
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, int>, Latency> requests_;
    std::map<std::string, int64_t> records_;
};

// Whether a client address is this machine's own (127.0.0.0/8, ::1, or one mapped to IPv6).
bool isLoopbackAddress(std::string_view address);

}  // namespace dc::hub
