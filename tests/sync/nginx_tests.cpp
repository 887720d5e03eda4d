// nginx from Debian in front of two hub processes on one PostgreSQL database, set up as
// docs/deploy.md says: nginx ends TLS and spreads requests; a coach and a coordinator
// sync through it.
#include <doctest/doctest.h>

#include <signal.h>

#include <chrono>
#include <fstream>

#include "model/store.hpp"
#include "processes.hpp"
#include "refusing_port.hpp"
#include "sync/sync_engine.hpp"
#include "test_postgres.hpp"
#include "test_support.hpp"

using namespace dc;
using namespace dc::sync;
using namespace dc::test;

namespace {

const char* const kNginx = "/usr/sbin/nginx";

// nginx on 127.0.0.1 at a free port with TLS, passing /v1/ to the hubs in turn; stopped
// (SIGTERM to its master, which ends its workers) when this goes.
class NginxFront {
public:
    NginxFront(const std::filesystem::path& folder, const std::vector<int>& hubPorts, const std::string& certificate,
               const std::string& key)
        : port_(RefusingPort().port()) {
        if (!std::filesystem::exists(kNginx))
            throw std::runtime_error("nginx is not installed (scripts/setup installs it)");
        std::filesystem::create_directories(folder);
        std::string upstream;
        for (const int hubPort : hubPorts)
            upstream += "    server 127.0.0.1:" + std::to_string(hubPort) + " max_conns=60;\n";
        const std::filesystem::path config = folder / "nginx.conf";
        // The site block is docs/deploy.md's; bodies and answers stay in memory, so the
        // workers (nobody, when the test runs as root) write no temporary files.
        std::ofstream(config) << "pid " << (folder / "nginx.pid").string() << ";\n"
                              << "error_log " << (folder / "error.log").string() << " warn;\n"
                              << "worker_processes 1;\nevents { worker_connections 256; }\n"
                              << "http {\n  access_log off;\n"
                              << "  upstream digicoach_hubs {\n" << upstream << "    keepalive 16;\n  }\n"
                              << "  limit_conn_zone $binary_remote_addr zone=per_address:1m;\n"
                              << "  server {\n    listen 127.0.0.1:" << port_ << " ssl;\n"
                              << "    ssl_certificate " << certificate << ";\n    ssl_certificate_key " << key << ";\n"
                              << "    ssl_protocols TLSv1.2 TLSv1.3;\n"
                              << "    client_max_body_size 8m;\n    client_body_buffer_size 8m;\n"
                              << "    client_body_timeout 30s;\n    limit_conn per_address 64;\n"
                              << "    location /v1/ {\n      proxy_pass http://digicoach_hubs;\n"
                              << "      proxy_http_version 1.1;\n      proxy_set_header Connection \"\";\n"
                              << "      proxy_read_timeout 120s;\n      proxy_next_upstream error timeout;\n"
                              << "      proxy_max_temp_file_size 0;\n    }\n  }\n}\n";
        process_ = ChildProcess({kNginx, "-p", folder.string(), "-c", config.string(), "-e",
                                 (folder / "error.log").string(), "-g", "daemon off;"});
    }
    ~NginxFront() {
        process_.kill(SIGTERM);
        process_.wait();
    }
    NginxFront(const NginxFront&) = delete;
    NginxFront& operator=(const NginxFront&) = delete;

    std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }
    bool running() { return !process_.waitFor(0).has_value(); }

private:
    int port_;
    ChildProcess process_;
};

// Waits until `client` gets an answer from /v1/health, at most `timeoutMs`.
bool answersHealth(HttpClient& client, int timeoutMs) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (std::chrono::steady_clock::now() < deadline)
        if (client.get("/v1/health").status == 200) return true;
    return false;
}

// How many /v1/ requests a hub has answered, from its own /metrics.
int64_t protocolRequestsServed(const HubProcess& hub) {
    HttpClient local(HttpOptions::endpoint(hub.url(), ""));
    const std::string text = local.get("/metrics").body;
    int64_t served = 0;
    const std::string prefix = "digicoach_hub_request_duration_seconds_count{endpoint=\"/v1/";
    for (auto at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at + 1))
        served += std::stoll(text.substr(text.find("} ", at) + 2));
    return served;
}

}  // namespace

TEST_CASE("on postgresql, a coach and a coordinator sync through nginx with TLS in front of two hub processes") {
    TempDir dir;
    const std::string cert = dir.file("front.crt").string();
    const std::string key = dir.file("front.key").string();
    makeLoopbackCertificate(cert, key);
    TestPostgres server;
    const std::string store = server.createDatabase();
    HubProcess first(store);
    HubProcess second(store);
    NginxFront front(dir.file("nginx"), {first.port(), second.port()}, cert, key);

    auto clientThroughFront = [&](const std::string& token) {
        HttpOptions options = HttpOptions::endpoint(front.url(), token);
        options.caBundlePath = cert;
        return HttpClient(options);
    };
    HttpClient coachClient = clientThroughFront(first.addToken("sofie", "coach"));
    REQUIRE_MESSAGE(answersHealth(coachClient, 15000), "nginx did not answer");

    Store coach = Store::open(dir.file("coach.db").string());
    {
        Transaction tx(coach.db());
        for (int i = 0; i < 20; ++i) {
            Participant p;
            p.pseudonym = "Deelnemer " + std::to_string(i);
            coach.put(p, "coach-sofie", kTestNowMs + i);
        }
        tx.commit();
    }
    const SyncReport pushed = syncOnce(coach, coachClient);
    CHECK(pushed.ok());
    CHECK(pushed.waiting == 0);
    CHECK(pushed.rejected == 0);

    Store coordinator = Store::open(dir.file("coordinator.db").string());
    HttpClient coordinatorClient = clientThroughFront(second.addToken("an", "coordinator"));
    const SyncReport pulled = syncOnce(coordinator, coordinatorClient, {500, 7});  // small pages: many requests
    CHECK(pulled.ok());
    CHECK(coordinator.all<Participant>().size() == 20);
    // Both hub processes answered part of it.
    CHECK(protocolRequestsServed(first) > 0);
    CHECK(protocolRequestsServed(second) > 0);
    CHECK(front.running());
}
