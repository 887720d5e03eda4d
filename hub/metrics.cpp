// Counting and writing the hub's Prometheus metrics (metrics.hpp).
#include "hub/metrics.hpp"

#include <cstdio>

namespace dc::hub {

namespace {

std::string labels(const std::string& route, int status) {
    return "endpoint=\"" + route + "\",status=\"" + std::to_string(status) + "\"";
}

std::string secondsText(double seconds) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6f", seconds);
    return text;
}

}  // namespace

void HubMetrics::countRequest(const std::string& route, int status, std::chrono::steady_clock::duration took) {
    const double seconds = std::chrono::duration<double>(took).count();
    std::lock_guard lock(mutex_);
    Latency& latency = requests_[{route, status}];
    for (std::size_t i = 0; i < kBucketSeconds.size(); ++i)
        if (seconds <= kBucketSeconds[i]) ++latency.buckets[i];
    ++latency.count;
    latency.sumSeconds += seconds;
}

void HubMetrics::countPushResults(const nlohmann::json& results) {
    std::map<std::string, int64_t> counted;
    for (const nlohmann::json& result : results)
        if (result.contains("status") && result["status"].is_string()) ++counted[result["status"].get<std::string>()];
    std::lock_guard lock(mutex_);
    for (const auto& [status, count] : counted) records_[status] += count;
}

std::string HubMetrics::render(int64_t openConnections) const {
    std::lock_guard lock(mutex_);
    std::string text =
        "# HELP digicoach_hub_request_duration_seconds Requests answered and how long they took, by endpoint and "
        "status.\n# TYPE digicoach_hub_request_duration_seconds histogram\n";
    for (const auto& [key, latency] : requests_) {
        const std::string common = labels(key.first, key.second);
        for (std::size_t i = 0; i < kBucketSeconds.size(); ++i)
            text += "digicoach_hub_request_duration_seconds_bucket{" + common + ",le=\"" +
                    secondsText(kBucketSeconds[i]) + "\"} " + std::to_string(latency.buckets[i]) + "\n";
        text += "digicoach_hub_request_duration_seconds_bucket{" + common + ",le=\"+Inf\"} " +
                std::to_string(latency.count) + "\n";
        text += "digicoach_hub_request_duration_seconds_sum{" + common + "} " + secondsText(latency.sumSeconds) + "\n";
        text += "digicoach_hub_request_duration_seconds_count{" + common + "} " + std::to_string(latency.count) + "\n";
    }
    text += "# HELP digicoach_hub_records_total Records in pushes, by result (accepted, superseded, duplicate, "
            "rejected).\n# TYPE digicoach_hub_records_total counter\n";
    for (const auto& [result, count] : records_)
        text += "digicoach_hub_records_total{result=\"" + result + "\"} " + std::to_string(count) + "\n";
    text += "# HELP digicoach_hub_open_connections Client connections open now (plain HTTP).\n"
            "# TYPE digicoach_hub_open_connections gauge\n"
            "digicoach_hub_open_connections " + std::to_string(openConnections) + "\n";
    return text;
}

bool isLoopbackAddress(std::string_view address) {
    if (address.starts_with("::ffff:")) address.remove_prefix(7);
    return address == "::1" || address.starts_with("127.");
}

}  // namespace dc::hub
