// A real digicoach-hub under a flood of stalled connections, and the JSON answers it
// gives to requests it refuses before they reach the protocol (414, 431, 405).
#include <doctest/doctest.h>

#include <chrono>
#include <vector>

#include "model/clock.hpp"
#include "processes.hpp"
#include "raw_connection.hpp"
#include "sync/sync_engine.hpp"
#include "test_support.hpp"

using namespace dc;
using namespace dc::sync;
using namespace dc::test;

using Stopwatch = std::chrono::steady_clock;

TEST_CASE("with 200 connections that send half a request head or nothing open, health and a real sync are served beside them") {
    TempDir dir;
    HubProcess hub(dir.file("hub.db").string());
    const std::string token = hub.addToken("sofie", "coach");

    // Four client addresses with 50 connections each, within the per-address bound.
    const char* const clients[] = {"127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"};
    std::vector<RawConnection> stalled;
    stalled.reserve(200);
    for (int i = 0; i < 200; ++i) {
        stalled.emplace_back(hub.port(), clients[i % 4]);
        // Half stop in the middle of a push's head; the others never send a byte.
        if (i % 2 == 0) stalled.back().send("POST /v1/push HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer dct_");
    }

    // A hub whose workers all wait on the stalled connections answers only once it has
    // closed them at their read timeouts; a hub that serves beside them answers while
    // every one of them is still open. How fast it answers is bench/hub_flood_bench's.
    const auto allStillOpen = [&] {
        for (const RawConnection& connection : stalled)
            if (!connection.stillOpen()) return false;
        return true;
    };
    HttpClient probe(HttpOptions::endpoint(hub.url(), ""));
    const HttpResult health = probe.get("/v1/health");
    CHECK(health.status == 200);
    CHECK(allStillOpen());

    Store laptop = Store::open(dir.file("laptop.db").string());
    Participant person;
    person.pseudonym = "Mariette";
    laptop.put(person, "coach-sofie", SystemClock().nowMs());
    HttpClient toHub(HttpOptions::endpoint(hub.url(), token));
    const SyncReport report = syncOnce(laptop, toHub);
    CHECK(report.ok());
    CHECK(report.waiting == 0);
    CHECK(allStillOpen());

    // The hub ends a connection that stalls in its head instead of waiting for ever.
    bool closed = false;
    stalled.front().readUntilClosed(std::chrono::seconds(30), closed);
    CHECK(closed);
}

TEST_CASE("a too long URL or header and an unknown method get the documented JSON error, not an empty body") {
    TempDir dir;
    HubProcess hub(dir.file("hub.db").string());
    const std::string longUrl = exchange(hub.port(), "GET /v1/health?x=" + std::string(100'000, 'a') +
                                                         " HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n");
    CHECK(longUrl.starts_with("HTTP/1.1 414"));
    CHECK(nlohmann::json::parse(bodyOf(longUrl))["error"] == "uri_too_long");

    const std::string longHeader =
        exchange(hub.port(), "GET /v1/health HTTP/1.1\r\nHost: hub\r\nX-Big: " + std::string(100'000, 'b') +
                                 "\r\nConnection: close\r\n\r\n");
    CHECK(longHeader.starts_with("HTTP/1.1 431"));
    CHECK(nlohmann::json::parse(bodyOf(longHeader))["error"] == "header_too_large");

    for (const char* method : {"TRACE", "DELETE", "PUT", "BREW"}) {
        const std::string answer =
            exchange(hub.port(), std::string(method) + " /v1/push HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n");
        CHECK_MESSAGE(answer.starts_with("HTTP/1.1 405"), method);
        CHECK(answer.find("Allow: ") != std::string::npos);
        CHECK(nlohmann::json::parse(bodyOf(answer))["error"] == "method_not_allowed");
    }
}

TEST_CASE("one client address holds at most 64 connections; the next is refused with JSON and others are served") {
    TempDir dir;
    HubProcess hub(dir.file("hub.db").string());
    std::vector<RawConnection> held;
    for (int i = 0; i < 64; ++i) {
        held.emplace_back(hub.port(), "127.0.0.7");
        held.back().send("GET /v1/health HTTP/1.1\r\n");  // and then nothing
    }
    // The hub counts a connection when a worker takes it up, so a refusal may need the
    // earlier ones to be counted first: ask until it comes, within a deadline.
    const auto until = Stopwatch::now() + std::chrono::seconds(20);
    std::string refused;
    while (Stopwatch::now() < until && !refused.starts_with("HTTP/1.1 503")) {
        RawConnection extra(hub.port(), "127.0.0.7");
        extra.send("GET /v1/health HTTP/1.1\r\nHost: hub\r\n\r\n");
        refused = extra.readAnswer(std::chrono::seconds(5));
    }
    INFO("last answer: ", refused.substr(0, 200));
    REQUIRE(refused.starts_with("HTTP/1.1 503"));
    CHECK(nlohmann::json::parse(bodyOf(refused))["error"] == "too_many_connections");
    const std::string otherClient = exchange(hub.port(), "GET /v1/health HTTP/1.1\r\nHost: hub\r\n\r\n");
    CHECK(otherClient.starts_with("HTTP/1.1 200"));
    // Once one of its connections ends, the address is served again.
    held.pop_back();
    const auto retryUntil = Stopwatch::now() + std::chrono::seconds(20);
    std::string again;
    while (Stopwatch::now() < retryUntil && !again.starts_with("HTTP/1.1 200")) {
        RawConnection next(hub.port(), "127.0.0.7");
        next.send("GET /v1/health HTTP/1.1\r\nHost: hub\r\n\r\n");
        again = next.readAnswer(std::chrono::seconds(5));
    }
    CHECK(again.starts_with("HTTP/1.1 200"));
}
