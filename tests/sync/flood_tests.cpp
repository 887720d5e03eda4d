// A real digicoach-hub under a flood of stalled connections, and the JSON answers it
// gives to requests it refuses before they reach the protocol (414, 431, 405).
#include "model/clock.hpp"
#include "processes.hpp"
#include "sync/sync_engine.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <vector>

using namespace dc;
using namespace dc::sync;
using namespace dc::test;

namespace {

bool isCompleteAnswer(const std::string& received);

// An open TCP connection to the hub, closed when it goes out of scope. `from` is the
// loopback address it comes from (all of 127.0.0.0/8 is this machine), so a test can
// play several clients.
class Connection {
public:
    explicit Connection(int port, const char* from = "127.0.0.1") : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
        if (fd_ < 0) throw std::runtime_error("socket() failed");
        sockaddr_in source{};
        source.sin_family = AF_INET;
        ::inet_pton(AF_INET, from, &source.sin_addr);
        if (::bind(fd_, reinterpret_cast<const sockaddr*>(&source), sizeof source) != 0) {
            ::close(fd_);
            throw std::runtime_error("bind() failed");
        }
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
            ::close(fd_);
            throw std::runtime_error("connect() failed");
        }
    }
    ~Connection() {
        if (fd_ >= 0) ::close(fd_);
    }
    Connection(Connection&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    Connection& operator=(Connection&&) = delete;

    void send(const std::string& bytes) {
        if (::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(bytes.size()))
            throw std::runtime_error("send() failed");
    }
    // Everything the hub sends until it closes the connection, or until the deadline.
    // `closed` tells which of the two ended the wait.
    std::string readUntilClosed(std::chrono::milliseconds deadline, bool& closed, bool stopAtAnswer = false) {
        const auto until = std::chrono::steady_clock::now() + deadline;
        std::string received;
        closed = false;
        for (;;) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
            if (left.count() <= 0) return received;
            pollfd wait{fd_, POLLIN, 0};
            if (::poll(&wait, 1, static_cast<int>(left.count())) <= 0) continue;
            char buffer[4096];
            const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
            if (n <= 0) {
                closed = true;
                return received;
            }
            received.append(buffer, static_cast<std::size_t>(n));
            if (stopAtAnswer && isCompleteAnswer(received)) return received;
        }
    }

    // One answer, read until it is complete, the hub closes, or the deadline passes.
    std::string readAnswer(std::chrono::milliseconds deadline);

private:
    int fd_;
};

// The body of a raw HTTP answer (after the blank line).
std::string bodyOf(const std::string& answer) {
    const auto end = answer.find("\r\n\r\n");
    return end == std::string::npos ? std::string() : answer.substr(end + 4);
}

// True once `received` holds a whole answer: its head and Content-Length bytes of body.
bool isCompleteAnswer(const std::string& received) {
    const auto headEnd = received.find("\r\n\r\n");
    if (headEnd == std::string::npos) return false;
    const auto length = received.find("Content-Length: ");
    if (length == std::string::npos || length > headEnd) return true;
    return received.size() >= headEnd + 4 + std::stoul(received.substr(length + 16));
}

std::string Connection::readAnswer(std::chrono::milliseconds deadline) {
    bool closed = false;
    return readUntilClosed(deadline, closed, true);
}

// One request on its own connection; the hub's whole answer.
std::string exchange(int port, const std::string& request) {
    Connection connection(port);
    connection.send(request);
    return connection.readAnswer(std::chrono::seconds(20));
}

using Stopwatch = std::chrono::steady_clock;

}  // namespace

TEST_CASE("with 200 connections that send half a request head or nothing, health and a real sync answer within 1 s") {
    TempDir dir;
    HubProcess hub(dir.file("hub.db").string());
    const std::string token = hub.addToken("sofie", "coach");

    // Four client addresses with 50 connections each, within the per-address bound.
    const char* const clients[] = {"127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"};
    std::vector<Connection> stalled;
    stalled.reserve(200);
    for (int i = 0; i < 200; ++i) {
        stalled.emplace_back(hub.port(), clients[i % 4]);
        // Half stop in the middle of a push's head; the others never send a byte.
        if (i % 2 == 0) stalled.back().send("POST /v1/push HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer dct_");
    }

    // A hub whose workers all wait on the stalled connections would not answer before
    // their read timeouts run out (seconds each, one after the other): 1 s tells them apart.
    HttpClient probe(HttpOptions::endpoint(hub.url(), ""));
    const auto healthStart = Stopwatch::now();
    const HttpResult health = probe.get("/v1/health");
    const auto healthTook = Stopwatch::now() - healthStart;
    CHECK(health.status == 200);
    CHECK(healthTook < std::chrono::seconds(1));

    Store laptop = Store::open(dir.file("laptop.db").string());
    Participant person;
    person.pseudonym = "Mariette";
    laptop.put(person, "coach-sofie", SystemClock().nowMs());
    HttpClient toHub(HttpOptions::endpoint(hub.url(), token));
    const auto syncStart = Stopwatch::now();
    const SyncReport report = syncOnce(laptop, toHub);
    const auto syncTook = Stopwatch::now() - syncStart;
    CHECK(report.ok());
    CHECK(report.waiting == 0);
    CHECK(syncTook < std::chrono::seconds(1));

    // The hub ends a connection that stalls in its head instead of waiting for ever.
    bool closed = false;
    stalled.front().readUntilClosed(std::chrono::seconds(30), closed);
    CHECK(closed);
}

TEST_CASE("a too long URL or header and an unknown method get the documented JSON error, not an empty body") {
    TempDir dir;
    HubProcess hub(dir.file("hub.db").string());
    const std::string longUrl =
        exchange(hub.port(), "GET /v1/health?x=" + std::string(100'000, 'a') + " HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n");
    CHECK(longUrl.starts_with("HTTP/1.1 414"));
    CHECK(nlohmann::json::parse(bodyOf(longUrl))["error"] == "uri_too_long");

    const std::string longHeader = exchange(
        hub.port(), "GET /v1/health HTTP/1.1\r\nHost: hub\r\nX-Big: " + std::string(100'000, 'b') + "\r\nConnection: close\r\n\r\n");
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
    std::vector<Connection> held;
    for (int i = 0; i < 64; ++i) {
        held.emplace_back(hub.port(), "127.0.0.7");
        held.back().send("GET /v1/health HTTP/1.1\r\n");  // and then nothing
    }
    // The hub counts a connection when a worker takes it up, so a refusal may need the
    // earlier ones to be counted first: ask until it comes, within a deadline.
    const auto until = Stopwatch::now() + std::chrono::seconds(20);
    std::string refused;
    while (Stopwatch::now() < until && !refused.starts_with("HTTP/1.1 503")) {
        Connection extra(hub.port(), "127.0.0.7");
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
        Connection next(hub.port(), "127.0.0.7");
        next.send("GET /v1/health HTTP/1.1\r\nHost: hub\r\n\r\n");
        again = next.readAnswer(std::chrono::seconds(5));
    }
    CHECK(again.starts_with("HTTP/1.1 200"));
}
