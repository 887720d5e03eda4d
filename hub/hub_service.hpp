// The hub's request handling without a socket: method, path, query, token and body
// in; status and JSON body out. The HTTP server and the fuzz target both drive it.
#pragma once

#include "hub/hub_store.hpp"
#include "hub/metrics.hpp"

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <vector>
#include <string>

namespace dc::hub {

struct HubRequest {
    std::string method;  // "GET", "POST", ...
    std::string path;    // without the query, e.g. "/v1/pull"
    std::multimap<std::string, std::string> params;  // the decoded query
    std::string authorization;  // the Authorization header's value
    std::string body;
};

struct HubResponse {
    int status = 200;
    std::string body;   // JSON; an error is {"error": code, "message": text}
    std::string coach;  // who was served, for the access log; empty when unauthenticated
    std::string route;  // the endpoint's path, or "(unknown)", never the raw path a client sent
    std::string allow;  // for a 405: the methods the path takes
};

// Open stores, lent to one request at a time. A SQLite hub has one (SQLite writes one
// at a time anyway); a PostgreSQL hub has up to kPostgresConnections, so requests run in
// parallel and the database orders what must be ordered.
class StorePool {
public:
    // Opens the first store at once, so a bad location fails at start.
    explicit StorePool(std::string location);

    class Lease {
    public:
        Lease(StorePool& pool, std::unique_ptr<HubStore> store) : pool_(pool), store_(std::move(store)) {}
        ~Lease() { pool_.giveBack(std::move(store_)); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        HubStore& store() { return *store_; }

    private:
        StorePool& pool_;
        std::unique_ptr<HubStore> store_;
    };
    // Waits while every store is lent out and no more may be opened.
    Lease lend();

private:
    void giveBack(std::unique_ptr<HubStore> store);

    std::string location_;
    std::size_t maxOpen_;
    std::size_t open_ = 0;
    std::vector<std::unique_ptr<HubStore>> idle_;
    std::mutex mutex_;
    std::condition_variable returned_;
};

inline constexpr std::size_t kPostgresConnections = 8;

class HubService {
public:
    // `location`: a SQLite path or a postgresql:// URL (isPostgresUrl).
    explicit HubService(const std::string& location) : stores_(location) {}

    // Safe to call from several server threads: each request has a store of its own.
    HubResponse handle(const HubRequest& request);
    HubMetrics& metrics() { return metrics_; }

private:
    StorePool stores_;
    HubMetrics metrics_;
};

// The answers the server also gives before a request reaches HubService.
HubResponse tooLargeResponse();
HubResponse notFoundResponse();
HubResponse methodNotAllowedResponse();
// {"error": code, "message": message} with that status.
HubResponse errorResponse(int status, const std::string& code, const std::string& message);

// The token of an "Authorization: Bearer <token>" value; empty when there is none.
std::string bearerToken(std::string_view authorization);

}  // namespace dc::hub
