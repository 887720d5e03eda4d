// The hub's HTTP(S) front: cpp-httplib hands each request to HubService and, when
// asked, appends one access-log line per request that names no record contents.
#include "hub/http_server.hpp"

#include "hub/guarded_server.hpp"
#include "hub/hub_service.hpp"
#include "hub/web_front.hpp"
#include "model/clock.hpp"

#include <httplib.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace dc::hub {

namespace {

// Time, method, endpoint, status, coach and body size: enough to follow a coach's
// syncs, and nothing a client sent in a path, query or body.
class AccessLog {
public:
    explicit AccessLog(const std::string& path) {
        if (path.empty()) return;
        file_ = std::fopen(path.c_str(), "a");
        if (!file_) throw std::runtime_error("cannot open the log file " + path);
    }
    ~AccessLog() {
        if (file_) std::fclose(file_);
    }
    AccessLog(const AccessLog&) = delete;
    AccessLog& operator=(const AccessLog&) = delete;

    void write(const std::string& method, const HubResponse& response, std::size_t requestBytes) {
        if (!file_) return;
        // Only a method from HTTP's list is written: a refused request line may carry anything.
        static constexpr std::string_view kMethods[] = {"GET", "POST", "PUT", "DELETE", "OPTIONS",
                                                        "PATCH", "HEAD", "TRACE", "CONNECT"};
        const bool listed = std::find(std::begin(kMethods), std::end(kMethods), method) != std::end(kMethods);
        std::lock_guard lock(mutex_);
        std::fprintf(file_, "%s %s %s %d coach=%s bytes_in=%zu bytes_out=%zu\n", utcTime(SystemClock().nowMs()).c_str(),
                     listed ? method.c_str() : "-", response.route.c_str(), response.status,
                     response.coach.empty() ? "-" : response.coach.c_str(), requestBytes, response.body.size());
        std::fflush(file_);
    }

private:
    std::FILE* file_ = nullptr;
    std::mutex mutex_;
};

// What a connection may cost the hub. cpp-httplib gives each connection a worker
// thread for as long as it is open, so a client that sends half a request head (or
// nothing) holds one until a read times out. Enough workers for a few hundred stalled
// connections keep /v1/health and real syncs answered; an idle thread costs little
// resident memory (docs/performance.md has the figure under a flood). One address
// holds at most a quarter of them, so a single client cannot take them all.
constexpr std::size_t kWorkerThreads = 256;
// Reads that wait 5 s for the next byte end the connection, and one request (head
// and body) has 120 s, the laptops' own total timeout: a link slow enough to need more
// fails on the laptop first. A laptop sends a push and a few pulls per connection.
constexpr ConnectionLimits kConnectionLimits{.perAddress = kWorkerThreads / 4};
// Connections the kernel completes while every worker is busy or the accept loop is behind.
constexpr int kListenBacklog = 1024;

// The JSON error body for an answer cpp-httplib made before a request reached the
// service: the request line or head was refused, or the method is not one it routes.
HubResponse errorForTransportStatus(const httplib::Request& req, int status) {
    const bool knownMethod = req.method == "GET" || req.method == "POST";
    if (status == 400 && !req.method.empty() && !knownMethod) status = 405;
    switch (status) {
        case 404: return notFoundResponse();
        case 405: return methodNotAllowedResponse();
        case 413: return tooLargeResponse();
        case 414: return errorResponse(414, "uri_too_long", "the request line is longer than 8 KiB");
        case 400:
            // The request line was read, so what failed is the head: a header line
            // longer than cpp-httplib takes (8 KiB) or one it cannot read.
            if (!req.method.empty())
                return errorResponse(431, "header_too_large", "a header line is longer than 8 KiB");
            return errorResponse(400, "bad_request", "the request could not be read");
        default: return errorResponse(status, "bad_request", "the request could not be served");
    }
}

// GET /metrics, for a Prometheus on this machine: other addresses get 403. Behind nginx
// only /v1/ is passed on (docs/deploy.md), so the outside never reaches it.
void serveMetrics(const httplib::Request& req, httplib::Response& res, const HubMetrics& metrics,
                  int64_t openConnections) {
    if (req.method != "GET") {
        const HubResponse refused = methodNotAllowedResponse();
        res.status = refused.status;
        res.set_header("Allow", "GET");
        res.set_content(refused.body, "application/json");
    } else if (!isLoopbackAddress(req.remote_addr)) {
        const HubResponse refused = errorResponse(403, "forbidden", "metrics are served to this machine only");
        res.status = refused.status;
        res.set_content(refused.body, "application/json");
    } else {
        res.status = 200;
        res.set_content(metrics.render(openConnections), "text/plain; version=0.0.4");
    }
}

// A static file of the web app, for GET and HEAD (cpp-httplib answers HEAD with the
// GET handler and leaves the body out). Returns the status, for the log and metrics.
int serveWebFile(const httplib::Request& req, httplib::Response& res, const WebFiles& files) {
    res.set_header("X-Content-Type-Options", "nosniff");
    if (req.method != "GET" && req.method != "HEAD") {
        res.set_header("Allow", "GET, HEAD");
        res.set_content("method not allowed\n", "text/plain; charset=utf-8");
        return res.status = 405;
    }
    const std::optional<WebFile> file = files.find(req.path);
    std::optional<std::string> body;
    const bool revalidated = file && req.get_header_value("If-None-Match") == file->etag;
    if (file && !revalidated) body = file->read();
    if (!file || (!revalidated && !body)) {
        res.set_content("not found\n", "text/plain; charset=utf-8");
        return res.status = 404;
    }
    res.set_header("Cache-Control", kWebCacheControl);
    res.set_header("ETag", file->etag);
    if (revalidated) return res.status = 304;
    res.set_content(std::move(*body), file->contentType);
    return res.status = 200;
}

}  // namespace

int serve(const ServeOptions& options, const std::function<void(int port)>& onListening) {
    std::unique_ptr<httplib::Server> server;
    std::function<void(int)> widenBacklog;
    // Counted where the hub runs connections itself (plain HTTP); cpp-httplib's TLS server does not say.
    std::function<int64_t()> openConnections = [] { return int64_t{0}; };
    if (!options.certificatePath.empty() || !options.privateKeyPath.empty()) {
        auto tls = std::make_unique<WideBacklog<httplib::SSLServer>>(options.certificatePath.c_str(),
                                                                      options.privateKeyPath.c_str());
        if (!tls->is_valid()) {
            std::fprintf(stderr, "digicoach-hub: cannot load the certificate or key\n");
            return 1;
        }
        widenBacklog = [raw = tls.get()](int backlog) { raw->widenBacklog(backlog); };
        server = std::move(tls);
    } else {
        auto guarded = std::make_unique<GuardedServer>(kConnectionLimits);
        widenBacklog = [raw = guarded.get()](int backlog) { raw->widenBacklog(backlog); };
        openConnections = [raw = guarded.get()] { return static_cast<int64_t>(raw->openConnections()); };
        server = std::move(guarded);
    }
    HubService service(options.storeLocation);
    AccessLog log(options.logPath);
    std::optional<WebFiles> webFiles;
    if (!options.webFolder.empty()) webFiles.emplace(options.webFolder);
    const CorsPolicy cors(options.allowedOrigins);
    // Answers the hub gives before the protocol's routes, counted and logged by a name of
    // their own: never the path a client sent.
    const auto answeredBefore = [&](const httplib::Request& req, int status, const char* route,
                                    std::chrono::steady_clock::time_point started) {
        service.metrics().countRequest(route, status, std::chrono::steady_clock::now() - started);
        HubResponse logged;
        logged.status = status;
        logged.route = route;
        log.write(req.method, logged, req.body.size());
    };

    const auto handle = [&](const httplib::Request& req, httplib::Response& res) {
        const auto started = std::chrono::steady_clock::now();
        if (req.path == "/metrics") {
            serveMetrics(req, res, service.metrics(), openConnections());
            service.metrics().countRequest("/metrics", res.status, std::chrono::steady_clock::now() - started);
            return;
        }
        if (webFiles && !isHubPath(req.path)) {
            answeredBefore(req, serveWebFile(req, res, *webFiles), "(web)", started);
            return;
        }
        const std::string origin = req.get_header_value("Origin");
        if (req.method == "OPTIONS" && req.path.starts_with("/v1/")) {
            if (std::optional<HeaderList> preflight = cors.preflightHeaders(origin)) {
                for (const auto& [name, value] : *preflight) res.set_header(name, value);
                res.status = 204;
                answeredBefore(req, res.status, "(preflight)", started);
                return;
            }
        }
        for (const auto& [name, value] : cors.answerHeaders(origin)) res.set_header(name, value);
        HubRequest request{req.method, req.path, {req.params.begin(), req.params.end()},
                           req.get_header_value("Authorization"), req.body};
        const HubResponse response = service.handle(request);
        service.metrics().countRequest(response.route, response.status, std::chrono::steady_clock::now() - started);
        log.write(req.method, response, req.body.size());
        res.status = response.status;
        if (response.status == 405) res.set_header("Allow", response.allow);
        res.set_content(response.body, "application/json");
    };
    server->set_payload_max_length(kMaxBodyBytes);
    server->new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
    // The same limits for HTTPS, where cpp-httplib runs the connection (without the
    // per-address bound and the whole-request deadline of GuardedServer).
    server->set_read_timeout(kConnectionLimits.readIdle);
    server->set_write_timeout(kConnectionLimits.writeIdle);
    server->set_keep_alive_timeout(
        std::chrono::duration_cast<std::chrono::seconds>(kConnectionLimits.keepAliveIdle).count());
    server->set_keep_alive_max_count(kConnectionLimits.requestsPerConnection);
    server->Get(".*", handle);
    server->Post(".*", handle);
    // Every other method cpp-httplib knows reaches the service too, which answers 405 on
    // a protocol path and 404 elsewhere.
    server->Put(".*", handle);
    server->Delete(".*", handle);
    server->Options(".*", handle);
    server->Patch(".*", handle);
    server->set_error_handler([&](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return;
        HubResponse response = errorForTransportStatus(req, res.status);
        service.metrics().countRequest(response.route.empty() ? "(unknown)" : response.route, response.status,
                                       std::chrono::steady_clock::duration::zero());
        log.write(req.method, response, req.body.size());
        res.status = response.status;
        if (response.status == 405) res.set_header("Allow", "GET, POST");
        // A browser must read a 413 too, or it could not halve its batch.
        for (const auto& [name, value] : cors.answerHeaders(req.get_header_value("Origin")))
            res.set_header(name, value);
        res.set_content(response.body, "application/json");
    });

    int port = options.port;
    if (port == 0) {
        port = server->bind_to_any_port(options.host);
    } else if (!server->bind_to_port(options.host, port)) {
        port = -1;
    }
    if (port <= 0) {
        std::fprintf(stderr, "digicoach-hub: cannot listen on %s:%d\n", options.host.c_str(), options.port);
        return 1;
    }
    widenBacklog(kListenBacklog);

    // Signals are waited for on their own thread; the handler-free design keeps
    // stop() out of async-signal context.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
    std::thread signalWaiter([&] {
        int received = 0;
        sigwait(&stopSignals, &received);
        server->stop();
    });

    onListening(port);
    const bool ok = server->listen_after_bind();
    // If listening ended for another reason, wake the signal thread so it can end.
    pthread_kill(signalWaiter.native_handle(), SIGTERM);
    signalWaiter.join();
    return ok ? 0 : 1;
}

}  // namespace dc::hub
