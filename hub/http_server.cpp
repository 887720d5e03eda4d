// The hub's HTTP(S) front: cpp-httplib hands each request to HubService and, when
// asked, appends one access-log line per request that names no record contents.
#include "hub/http_server.hpp"

#include "hub/hub_service.hpp"
#include "model/clock.hpp"

#include <httplib.h>

#include <csignal>
#include <cstdio>
#include <memory>
#include <mutex>
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
        // cpp-httplib answers 400 itself to a method outside HTTP's list, so `method` is one of those.
        std::lock_guard lock(mutex_);
        std::fprintf(file_, "%s %s %s %d coach=%s bytes_in=%zu bytes_out=%zu\n", utcTime(SystemClock().nowMs()).c_str(),
                     method.c_str(), response.route.c_str(), response.status,
                     response.coach.empty() ? "-" : response.coach.c_str(), requestBytes, response.body.size());
        std::fflush(file_);
    }

private:
    std::FILE* file_ = nullptr;
    std::mutex mutex_;
};

}  // namespace

int serve(const ServeOptions& options, const std::function<void(int port)>& onListening) {
    std::unique_ptr<httplib::Server> server;
    if (!options.certificatePath.empty() || !options.privateKeyPath.empty()) {
        auto tls = std::make_unique<httplib::SSLServer>(options.certificatePath.c_str(), options.privateKeyPath.c_str());
        if (!tls->is_valid()) {
            std::fprintf(stderr, "digicoach-hub: cannot load the certificate or key\n");
            return 1;
        }
        server = std::move(tls);
    } else {
        server = std::make_unique<httplib::Server>();
    }
    HubService service(options.databasePath);
    AccessLog log(options.logPath);

    const auto handle = [&](const httplib::Request& req, httplib::Response& res) {
        HubRequest request{req.method, req.path, {req.params.begin(), req.params.end()},
                           req.get_header_value("Authorization"), req.body};
        const HubResponse response = service.handle(request);
        log.write(req.method, response, req.body.size());
        res.status = response.status;
        res.set_content(response.body, "application/json");
    };
    server->set_payload_max_length(kMaxBodyBytes);
    server->Get(".*", handle);
    server->Post(".*", handle);
    server->set_error_handler([&](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return;
        if (res.status != 413 && res.status != 404) return;
        const HubResponse response = res.status == 413 ? tooLargeResponse() : notFoundResponse();
        log.write(req.method, response, req.body.size());
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
