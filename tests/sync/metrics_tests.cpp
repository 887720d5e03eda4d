// GET /metrics on a real digicoach-hub: Prometheus text with requests, latency, records
// and connections, served to this machine only and naming nobody.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "hub/metrics.hpp"
#include "model/clock.hpp"
#include "processes.hpp"
#include "sync/http_client.hpp"
#include "test_support.hpp"

using namespace dc;
using namespace dc::sync;
using namespace dc::test;

TEST_CASE("metrics count requests by endpoint and status, and records by result, without naming anyone") {
    TempDir dir;
    HubProcess hub(dir.file("hub.db").string());
    const std::string token = hub.addToken("sofie", "coach");
    HttpClient sofie(HttpOptions::endpoint(hub.url(), token));
    const int64_t nowMs = SystemClock().nowMs();
    const nlohmann::json good = {{"type", "participants"}, {"id", "p-1"},          {"version", 1},
                                 {"created_at", nowMs},   {"updated_at", nowMs},   {"author", "coach-sofie"},
                                 {"origin", "laptop-sofie"}, {"deleted", false},
                                 {"data", {{"pseudonym", "Mariette Verstraeten"}}}};
    nlohmann::json bad = good;
    bad["id"] = "p-2";
    bad["data"]["pseudonym"] = 42;
    const std::string body = nlohmann::json{{"protocol", 1}, {"records", nlohmann::json::array({good, bad})}}.dump();
    REQUIRE(sofie.postJson("/v1/push", body).status == 200);
    REQUIRE(sofie.postJson("/v1/push", body).status == 200);
    REQUIRE(HttpClient(HttpOptions::endpoint(hub.url(), "dct_wrong")).get("/v1/pull").status == 401);

    const HttpResult metrics = HttpClient(HttpOptions::endpoint(hub.url(), "")).get("/metrics");
    REQUIRE(metrics.status == 200);
    const std::string& text = metrics.body;
    CHECK(text.find("digicoach_hub_request_duration_seconds_count{endpoint=\"/v1/push\",status=\"200\"} 2\n") !=
          std::string::npos);
    CHECK(text.find("digicoach_hub_request_duration_seconds_count{endpoint=\"/v1/pull\",status=\"401\"} 1\n") !=
          std::string::npos);
    CHECK(text.find("digicoach_hub_request_duration_seconds_bucket{endpoint=\"/v1/push\",status=\"200\",le=\"+Inf\"} 2\n") !=
          std::string::npos);
    CHECK(text.find("digicoach_hub_records_total{result=\"accepted\"} 1\n") != std::string::npos);
    CHECK(text.find("digicoach_hub_records_total{result=\"duplicate\"} 1\n") != std::string::npos);
    CHECK(text.find("digicoach_hub_records_total{result=\"rejected\"} 2\n") != std::string::npos);
    // This request's own connection is open while the answer is written.
    CHECK(text.find("digicoach_hub_open_connections 0\n") == std::string::npos);
    CHECK(text.find("digicoach_hub_open_connections ") != std::string::npos);
    for (const char* personal : {"sofie", "Mariette", "p-1", "laptop", token.c_str()})
        CHECK_MESSAGE(text.find(personal) == std::string::npos, personal);
}

TEST_CASE("metrics are served only to this machine's own addresses") {
    CHECK(hub::isLoopbackAddress("127.0.0.1"));
    CHECK(hub::isLoopbackAddress("127.1.2.3"));
    CHECK(hub::isLoopbackAddress("::1"));
    CHECK(hub::isLoopbackAddress("::ffff:127.0.0.1"));
    CHECK_FALSE(hub::isLoopbackAddress("10.0.0.7"));
    CHECK_FALSE(hub::isLoopbackAddress("::ffff:192.168.1.127"));
    CHECK_FALSE(hub::isLoopbackAddress("2001:db8::1"));
    CHECK_FALSE(hub::isLoopbackAddress(""));
}
