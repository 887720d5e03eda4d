// What the sync round asks of HTTP, apart from how it travels: libcurl on laptops
// (sync/http_client.hpp), the browser's fetch on the web (sync/fetch_transport.hpp). A
// result keeps the transport failure (no network, timeout, TLS) apart from the HTTP
// status, since the first means "retry later" and the second may mean "set this record aside".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dc::sync {

struct HttpOptions {
    std::string baseUrl;   // e.g. "https://hub.example.org" (no trailing slash needed)
    std::string token;     // bearer token
    std::string caBundlePath;  // optional extra CA bundle (libcurl only: a browser has its own)
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

// One request of the protocol: a GET, or a POST with a JSON body. The path is relative
// to the endpoint ("/v1/pull?since=0&limit=500").
struct HttpRequest {
    std::string path;
    std::optional<std::string> jsonBody;  // set: POST

    static HttpRequest get(std::string path) { return {std::move(path), std::nullopt}; }
    static HttpRequest post(std::string path, std::string body) { return {std::move(path), std::move(body)}; }
};

struct HttpResult {
    bool transportOk = false;
    std::string transportError;  // the transport's message when !transportOk
    // The server answered but its certificate was refused (unknown issuer, wrong name,
    // expired). Not "offline": the coach must call the coordinator, and it may be an attack.
    bool certificateRefused = false;
    long status = 0;
    std::string body;

    bool ok() const { return transportOk && status >= 200 && status < 300; }
};

// A transport that answers while the caller waits: libcurl on a laptop's sync thread.
class HttpTransport {
public:
    virtual ~HttpTransport() = default;
    virtual HttpResult perform(const HttpRequest& request) = 0;
    virtual const HttpOptions& options() const = 0;
};

// A transport that never blocks: start() sends a request, and its answer is taken later
// by poll(), which the frame loop calls once per frame (the browser's fetch completes on
// the main thread between frames). One request at a time.
class AsyncHttpTransport {
public:
    virtual ~AsyncHttpTransport() = default;
    // Copies what it needs of `request`; a request still on its way is abandoned.
    virtual void start(const HttpRequest& request) = 0;
    // The answer of the request started last, once it has arrived; nothing before.
    virtual std::optional<HttpResult> poll() = 0;
};

// The URL of `path` on the endpoint, which may be written with a trailing slash.
inline std::string requestUrl(const HttpOptions& options, const std::string& path) {
    std::string_view base = options.baseUrl;
    while (!base.empty() && base.back() == '/') base.remove_suffix(1);
    return std::string(base) + path;
}

// Whether the endpoint and token needed for any request are there.
inline bool configured(const HttpOptions& options) { return !options.baseUrl.empty() && !options.token.empty(); }

}  // namespace dc::sync
