// A small HTTP client over libcurl for the sync protocol. A result keeps the
// transport failure (no network, timeout, TLS) apart from the HTTP status, since
// the first means "retry later" and the second may mean "set this record aside".
#pragma once

#include <memory>
#include <string>

namespace dc::sync {

struct HttpOptions {
    std::string baseUrl;   // e.g. "https://hub.example.org" (no trailing slash needed)
    std::string token;     // bearer token
    std::string caBundlePath;  // optional extra CA bundle
    // TLS verification stays on, except when explicitly switched off for a loopback
    // endpoint (a hub on the same machine with a self-signed certificate).
    bool insecureLoopbackTls = false;
    long connectTimeoutMs = 5000;
    long totalTimeoutMs = 120000;
    long lowSpeedBytesPerSecond = 100;  // slower than this for lowSpeedSeconds: give up
    long lowSpeedSeconds = 20;

    static HttpOptions endpoint(std::string url, std::string bearerToken) {
        HttpOptions o;
        o.baseUrl = std::move(url);
        o.token = std::move(bearerToken);
        return o;
    }
};

struct HttpResult {
    bool transportOk = false;
    std::string transportError;  // curl's message when !transportOk
    // The server answered but its certificate was refused (unknown issuer, wrong name,
    // expired). Not "offline": the coach must call the coordinator, and it may be an attack.
    bool certificateRefused = false;
    long status = 0;
    std::string body;

    bool ok() const { return transportOk && status >= 200 && status < 300; }
};

class HttpClient {
public:
    explicit HttpClient(HttpOptions options);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    HttpResult get(const std::string& path);
    HttpResult postJson(const std::string& path, const std::string& body);
    const HttpOptions& options() const { return options_; }

private:
    HttpResult perform(const std::string& path, const std::string* postBody);
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
