// Routes of protocol version 1 (docs/sync-protocol.md). Every error is a JSON body
// {"error": code, "message": text} that never contains record contents.
#include "hub/hub_service.hpp"

#include "hub/pg_connection.hpp"
#include "model/clock.hpp"
#include "model/db.hpp"
#include "model/envelope.hpp"

#include <array>
#include <cstdio>
#include <functional>

namespace dc::hub {

namespace {

HubResponse json(int status, const nlohmann::json& body) {
    // Replacing invalid UTF-8 keeps an error about bad input from failing in turn.
    return {status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), {}, {}, {}};
}

HubResponse error(int status, const std::string& code, const std::string& message) {
    return json(status, {{"error", code}, {"message", message}});
}

int64_t integerParam(const HubRequest& request, const char* name, int64_t fallback) {
    const auto found = request.params.find(name);
    if (found == request.params.end()) return fallback;
    const std::string& value = found->second;
    const RequestError bad{400, "bad_parameter", std::string(name) + " must be a whole number"};
    try {
        std::size_t used = 0;
        const long long parsed = std::stoll(value, &used);
        if (used != value.size() || parsed < 0) throw bad;
        return parsed;
    } catch (const std::logic_error&) {
        throw bad;
    }
}

// A limit outside 1..kMaxPullLimit is refused rather than quietly changed, so a client
// never mistakes a clamped page for the size it asked for.
int limitParam(const HubRequest& request) {
    const int64_t limit = integerParam(request, "limit", 500);
    if (limit < 1 || limit > kMaxPullLimit)
        throw RequestError{400, "bad_parameter", "limit must be between 1 and " + std::to_string(kMaxPullLimit)};
    return static_cast<int>(limit);
}

using Handler = std::function<nlohmann::json(HubStore&, const HubRequest&, const Principal&)>;

struct Route {
    const char* method;
    const char* path;
    Handler handler;  // empty: no token needed
};

nlohmann::json push(HubStore& store, const HubRequest& request, const Principal& who) {
    nlohmann::json body;
    try {
        body = parseProtocolJson(request.body);
    } catch (const nlohmann::json::parse_error& e) {
        // Only the position is echoed: the parser's own text quotes the offending bytes.
        throw RequestError{400, "bad_json",
                           "the body is not valid JSON in UTF-8 (error at byte " + std::to_string(e.byte) + ")"};
    } catch (const nlohmann::json::exception&) {
        // A number too large for a double ("1e800") is refused by the parser as out of range.
        throw RequestError{400, "bad_json", "the body is not valid JSON: a number is out of range"};
    } catch (const JsonTooDeep&) {
        throw RequestError{400, "bad_json", "the body is nested deeper than " + std::to_string(kMaxJsonDepth) + " levels"};
    }
    return store.push(body, who, SystemClock().nowMs());
}

nlohmann::json pull(HubStore& store, const HubRequest& request, const Principal& who) {
    const PullPage page = store.pull(integerParam(request, "since", 0), limitParam(request), who, SystemClock().nowMs());
    return {{"records", page.records}, {"next", page.next}, {"more", page.more}};
}

nlohmann::json conflicts(HubStore& store, const HubRequest& request, const Principal& who) {
    if (who.role != Role::Coordinator) throw RequestError{403, "forbidden", "only coordinators can read the conflict log"};
    return store.conflicts(integerParam(request, "since", 0), limitParam(request));
}

const std::array<Route, 4>& routes() {
    static const std::array<Route, 4> table{{
        {"GET", "/v1/health", {}},
        {"POST", "/v1/push", push},
        {"GET", "/v1/pull", pull},
        {"GET", "/v1/conflicts", conflicts},
    }};
    return table;
}

}  // namespace

HubResponse errorResponse(int status, const std::string& code, const std::string& message) {
    return error(status, code, message);
}

HubResponse methodNotAllowedResponse() {
    HubResponse response = error(405, "method_not_allowed", "this endpoint does not take that method");
    response.route = "(unknown)";
    response.allow = "GET, POST";
    return response;
}

HubResponse tooLargeResponse() {
    return error(413, "too_large", "the body is larger than 8 MiB; send smaller batches");
}

HubResponse notFoundResponse() {
    HubResponse response = error(404, "not_found", "no such endpoint");
    response.route = "(unknown)";
    return response;
}

std::string bearerToken(std::string_view authorization) {
    constexpr std::string_view prefix = "Bearer ";
    if (authorization.size() <= prefix.size() || !authorization.starts_with(prefix)) return {};
    return std::string(authorization.substr(prefix.size()));
}

StorePool::StorePool(std::string location)
    : location_(std::move(location)), maxOpen_(isPostgresUrl(location_) ? kPostgresConnections : 1) {
    idle_.push_back(openHubStore(location_));
    open_ = 1;
}

StorePool::Lease StorePool::lend() {
    std::unique_lock lock(mutex_);
    returned_.wait(lock, [&] { return !idle_.empty() || open_ < maxOpen_; });
    if (!idle_.empty()) {
        std::unique_ptr<HubStore> store = std::move(idle_.back());
        idle_.pop_back();
        return Lease(*this, std::move(store));
    }
    ++open_;
    lock.unlock();
    try {
        return Lease(*this, openHubStore(location_));
    } catch (...) {
        giveBack(nullptr);
        throw;
    }
}

void StorePool::giveBack(std::unique_ptr<HubStore> store) {
    {
        std::lock_guard lock(mutex_);
        // A store whose connection broke is closed; the next request opens a new one.
        if (store && store->usable())
            idle_.push_back(std::move(store));
        else
            --open_;
    }
    returned_.notify_one();
}

HubResponse HubService::handle(const HubRequest& request) {
    const Route* route = nullptr;
    const Route* samePath = nullptr;
    for (const Route& candidate : routes()) {
        if (request.path != candidate.path) continue;
        samePath = &candidate;
        if (request.method == candidate.method) route = &candidate;
    }
    if (!route && samePath) {
        HubResponse response = methodNotAllowedResponse();
        response.route = samePath->path;
        response.allow = samePath->method;
        return response;
    }
    if (!route) return notFoundResponse();
    HubResponse response;
    if (!route->handler) {
        response = json(200, {{"status", "ok"}, {"protocol", kProtocolVersion},
                              {"max_batch_records", kMaxBatchRecords}, {"max_body_bytes", kMaxBodyBytes}});
    } else if (request.body.size() > kMaxBodyBytes) {
        response = tooLargeResponse();
    } else {
        std::string coach;
        try {
            StorePool::Lease lease = stores_.lend();
            // Revocation is read from the database on every request: nothing is cached.
            const std::optional<Principal> who = lease.store().authenticate(bearerToken(request.authorization));
            if (!who) {
                response = error(401, "unauthorized", "unknown or revoked token");
            } else {
                coach = who->coach;
                const nlohmann::json answer = route->handler(lease.store(), request, *who);
                if (std::string_view(route->path) == "/v1/push") metrics_.countPushResults(answer["results"]);
                response = json(200, answer);
            }
        } catch (const RequestError& e) {
            response = error(e.httpStatus, e.code, e.message);
        } catch (const DatabaseError& e) {
            std::fprintf(stderr, "digicoach-hub: storage error %d\n", e.code());
            response = error(e.isBusy() ? 503 : 500, "storage", "the hub could not store this; try again");
        } catch (const PgError& e) {
            std::fprintf(stderr, "digicoach-hub: storage error %s\n", e.sqlState().empty() ? "(connection)" : e.sqlState().c_str());
            const bool tryAgain = e.connectionLost() || e.lostRace();
            response = error(tryAgain ? 503 : 500, "storage", "the hub could not store this; try again");
        } catch (const std::exception&) {
            std::fprintf(stderr, "digicoach-hub: internal error\n");
            response = error(500, "internal", "the hub failed on this request; try again");
        }
        response.coach = coach;
    }
    response.route = route->path;
    return response;
}

}  // namespace dc::hub
