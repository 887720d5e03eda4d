// libcurl behind HttpClient: one reused easy handle, signals off, timeouts on.
#include "sync/http_client.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>

#include <mutex>
#include <stdexcept>

namespace dc::sync {

namespace {
void initCurlOnce() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t appendBody(char* data, size_t size, size_t count, void* target) {
    static_cast<std::string*>(target)->append(data, size * count);
    return size * count;
}

// CURL* and curl_slist* owners.
struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;
}  // namespace

struct HttpClient::Easy {
    CURL* handle;
    Easy() : handle(curl_easy_init()) {
        if (!handle) throw std::runtime_error("libcurl could not create a handle");
    }
    ~Easy() { curl_easy_cleanup(handle); }
    Easy(const Easy&) = delete;
    Easy& operator=(const Easy&) = delete;
};

bool isLoopbackUrl(const std::string& url) {
    // The host is read by curl's own URL parser, so it is the host curl connects to:
    // "https://127.0.0.1:1@hub.example.org/" is hub.example.org, whatever it starts with.
    std::unique_ptr<CURLU, void (*)(CURLU*)> parsed(curl_url(), curl_url_cleanup);
    if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return false;
    char* rawHost = nullptr;
    if (curl_url_get(parsed.get(), CURLUPART_HOST, &rawHost, 0) != CURLUE_OK || !rawHost) return false;
    const std::string host = rawHost;
    curl_free(rawHost);
    if (host == "localhost" || host == "[::1]") return true;
    in_addr address{};
    // Only a literal 127.x.y.z address counts; "127.0.0.1.example.org" is a remote name.
    return inet_pton(AF_INET, host.c_str(), &address) == 1 && (ntohl(address.s_addr) >> 24) == 127;
}

bool tlsVerificationOff(const HttpOptions& options, const std::string& url) {
    return options.insecureLoopbackTls && isLoopbackUrl(url);
}

HttpClient::HttpClient(HttpOptions options) : options_(std::move(options)) {
    initCurlOnce();
    easy_ = std::make_unique<Easy>();
}

HttpClient::~HttpClient() = default;

HttpResult HttpClient::perform(const HttpRequest& request) {
    CURL* curl = easy_->handle;
    curl_easy_reset(curl);
    HttpResult result;
    const std::string url = requestUrl(options_, request.path);
    const std::optional<std::string>& postBody = request.jsonBody;
    Slist headers;
    auto addHeader = [&](const std::string& line) {
        curl_slist* grown = curl_slist_append(headers.get(), line.c_str());
        if (grown) {
            headers.release();
            headers.reset(grown);
        }
    };
    if (!options_.token.empty()) addHeader("Authorization: Bearer " + options_.token);
    addHeader("Accept: application/json");

    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // threads and signals do not mix
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, options_.connectTimeoutMs);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, options_.totalTimeoutMs);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, options_.lowSpeedBytesPerSecond);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, options_.lowSpeedSeconds);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options_.caBundlePath.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options_.caBundlePath.c_str());
    if (tlsVerificationOff(options_, url)) {
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    if (postBody) {
        addHeader("Content-Type: application/json");
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, postBody->data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(postBody->size()));
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, appendBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result.body);

    const CURLcode code = curl_easy_perform(curl);
    if (code != CURLE_OK) {
        result.transportError = curl_easy_strerror(code);
        result.certificateRefused = code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_SSL_ISSUER_ERROR ||
                                    code == CURLE_SSL_PINNEDPUBKEYNOTMATCH;
        return result;
    }
    result.transportOk = true;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
    return result;
}

}  // namespace dc::sync
