// Routes of protocol version 1 (docs/sync-protocol.md). Every error is a JSON body
// {"error": code, "message": text} that never contains record contents.
#include "hub/http_server.hpp"

#include "hub/hub_store.hpp"
#include "model/clock.hpp"

#include <httplib.h>

#include <csignal>
#include <cstdio>
#include <memory>
#include <mutex>
#include <thread>

namespace dc::hub {

namespace {

void sendJson(httplib::Response& res, int status, const nlohmann::json& body) {
    res.status = status;
    // Replacing invalid UTF-8 keeps an error about bad input from failing in turn.
    res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

void sendError(httplib::Response& res, int status, const std::string& code, const std::string& message) {
    sendJson(res, status, {{"error", code}, {"message", message}});
}

std::string bearerToken(const httplib::Request& req) {
    const std::string header = req.get_header_value("Authorization");
    constexpr std::string_view prefix = "Bearer ";
    if (header.size() <= prefix.size() || header.compare(0, prefix.size(), prefix) != 0) return {};
    return header.substr(prefix.size());
}

int64_t integerParam(const httplib::Request& req, const char* name, int64_t fallback) {
    if (!req.has_param(name)) return fallback;
    const std::string value = req.get_param_value(name);
    try {
        std::size_t used = 0;
        const long long parsed = std::stoll(value, &used);
        if (used != value.size() || parsed < 0) throw RequestError{400, "bad_parameter", std::string(name) + " must be a whole number"};
        return parsed;
    } catch (const std::logic_error&) {
        throw RequestError{400, "bad_parameter", std::string(name) + " must be a whole number"};
    }
}

class Routes {
public:
    explicit Routes(const std::string& path) : store_(path) {}

    void install(httplib::Server& server) {
        server.set_payload_max_length(kMaxBodyBytes);
        server.Get("/v1/health", [](const httplib::Request&, httplib::Response& res) {
            sendJson(res, 200, {{"status", "ok"}, {"protocol", kProtocolVersion},
                                {"max_batch_records", kMaxBatchRecords}, {"max_body_bytes", kMaxBodyBytes}});
        });
        server.Post("/v1/push", guarded([this](const httplib::Request& req, httplib::Response& res, const Principal& who) {
            nlohmann::json body;
            try {
                body = nlohmann::json::parse(req.body);
            } catch (const nlohmann::json::parse_error& e) {
                // Only the position is echoed: the parser's own text quotes the offending bytes.
                throw RequestError{400, "bad_json", "the body is not valid JSON in UTF-8 (error at byte " +
                                                        std::to_string(e.byte) + ")"};
            }
            sendJson(res, 200, store_.push(body, who, SystemClock().nowMs()));
        }));
        server.Get("/v1/pull", guarded([this](const httplib::Request& req, httplib::Response& res, const Principal& who) {
            const PullPage page = store_.pull(integerParam(req, "since", 0),
                                              static_cast<int>(integerParam(req, "limit", 500)), who,
                                              SystemClock().nowMs());
            sendJson(res, 200, {{"records", page.records}, {"next", page.next}, {"more", page.more}});
        }));
        server.Get("/v1/conflicts", guarded([this](const httplib::Request& req, httplib::Response& res, const Principal& who) {
            if (who.role != Role::Coordinator)
                throw RequestError{403, "forbidden", "only coordinators can read the conflict log"};
            sendJson(res, 200, store_.conflicts(integerParam(req, "since", 0),
                                                static_cast<int>(integerParam(req, "limit", 500))));
        }));
        server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
            if (!res.body.empty()) return;
            if (res.status == 413)
                sendError(res, 413, "too_large", "the body is larger than 8 MiB; send smaller batches");
            else if (res.status == 404)
                sendError(res, 404, "not_found", "no such endpoint");
        });
    }

private:
    using Handler = std::function<void(const httplib::Request&, httplib::Response&, const Principal&)>;

    // Authenticates, serialises access to the store and turns failures into JSON errors.
    httplib::Server::Handler guarded(Handler handler) {
        return [this, handler](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard lock(mutex_);
            try {
                const std::optional<Principal> who = store_.authenticate(bearerToken(req));
                if (!who) {
                    sendError(res, 401, "unauthorized", "unknown or revoked token");
                    return;
                }
                handler(req, res, *who);
            } catch (const RequestError& e) {
                sendError(res, e.httpStatus, e.code, e.message);
            } catch (const DatabaseError& e) {
                std::fprintf(stderr, "digicoach-hub: storage error %d\n", e.code());
                sendError(res, e.isBusy() ? 503 : 500, "storage", "the hub could not store this; try again");
            } catch (const std::exception&) {
                std::fprintf(stderr, "digicoach-hub: internal error\n");
                sendError(res, 500, "internal", "the hub failed on this request; try again");
            }
        };
    }

    HubStore store_;
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
    Routes routes(options.databasePath);
    routes.install(*server);

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
