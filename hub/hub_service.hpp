// The hub's request handling without a socket: method, path, query, token and body
// in; status and JSON body out. The HTTP server and the fuzz target both drive it.
#pragma once

#include "hub/hub_store.hpp"

#include <map>
#include <mutex>
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

class HubService {
public:
    explicit HubService(const std::string& databasePath) : store_(databasePath) {}

    // Safe to call from several server threads: access to the store is serialised.
    HubResponse handle(const HubRequest& request);

private:
    HubStore store_;
    std::mutex mutex_;
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
