// The laptops' transport: libcurl, one reused easy handle, answering while the caller
// waits (the sync thread's). curl.h stays out of this header.
#pragma once

#include "sync/http_transport.hpp"

#include <memory>
#include <string>

namespace dc::sync {

class HttpClient final : public HttpTransport {
public:
    explicit HttpClient(HttpOptions options);
    ~HttpClient() override;
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    HttpResult perform(const HttpRequest& request) override;
    const HttpOptions& options() const override { return options_; }
    HttpResult get(const std::string& path) { return perform(HttpRequest::get(path)); }
    HttpResult postJson(const std::string& path, const std::string& body) {
        return perform(HttpRequest::post(path, body));
    }

private:
    HttpOptions options_;
    struct Easy;
    std::unique_ptr<Easy> easy_;  // one reused handle keeps the connection alive
};

// True when the URL's host, as curl reads it, is localhost, 127.x.y.z or [::1].
bool isLoopbackUrl(const std::string& url);
// Whether a request to `url` goes without certificate checks: only when switched off
// explicitly, and only for a loopback endpoint. Everything else is verified.
bool tlsVerificationOff(const HttpOptions& options, const std::string& url);

}  // namespace dc::sync
