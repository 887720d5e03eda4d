// The browser build's HTTP client until it has its own: every request fails as "no
// network", so the engine keeps every record in the outbox. No curl in a browser.
#include "sync/http_client.hpp"

namespace dc::sync {

struct HttpClient::Easy {};

HttpClient::HttpClient(HttpOptions options) : options_(std::move(options)) {}
HttpClient::~HttpClient() = default;
HttpResult HttpClient::get(const std::string& path) { return perform(path, nullptr); }
HttpResult HttpClient::postJson(const std::string& path, const std::string& body) { return perform(path, &body); }
HttpResult HttpClient::perform(const std::string&, const std::string*) {
    HttpResult result;
    result.transportError = "sync is not available in the browser yet";
    return result;
}
bool isLoopbackUrl(const std::string&) { return false; }
bool tlsVerificationOff(const HttpOptions&, const std::string&) { return false; }

}  // namespace dc::sync
