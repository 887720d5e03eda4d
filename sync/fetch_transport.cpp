// emscripten_fetch behind AsyncHttpTransport. The browser checks TLS certificates itself
// and says nothing about why a request failed, so every failure reads as "offline".
#ifdef __EMSCRIPTEN__

#include "sync/fetch_transport.hpp"

#include <emscripten/fetch.h>

#include <cstring>
#include <string>
#include <vector>

namespace dc::sync {

// The method, URL, headers and body must live until the browser has sent them.
struct FetchTransport::InFlight {
    std::deque<HttpResult>* answers = nullptr;
    std::string url;
    std::string authorization;
    std::optional<std::string> body;
    std::vector<const char*> headers;  // name, value, ..., nullptr
    emscripten_fetch_t* fetch = nullptr;
};

namespace {

void complete(emscripten_fetch_t* fetch) {
    auto* inFlight = static_cast<FetchTransport::InFlight*>(fetch->userData);
    // Closing a request on its way calls its error callback at once: nobody waits for it.
    if (!inFlight->answers) return;
    HttpResult result;
    // Status 0: no answer at all (offline, refused, CORS, an untrusted certificate).
    result.transportOk = fetch->status != 0;
    result.status = fetch->status;
    if (!result.transportOk) result.transportError = "the browser could not reach the hub";
    if (fetch->data && fetch->numBytes > 0) result.body.assign(fetch->data, static_cast<std::size_t>(fetch->numBytes));
    inFlight->answers->push_back(std::move(result));
    inFlight->fetch = nullptr;
    emscripten_fetch_close(fetch);
}

void abandon(FetchTransport::InFlight* inFlight) {
    if (!inFlight || !inFlight->fetch) return;
    emscripten_fetch_t* fetch = inFlight->fetch;
    inFlight->fetch = nullptr;
    inFlight->answers = nullptr;
    emscripten_fetch_close(fetch);
}

}  // namespace

FetchTransport::FetchTransport(HttpOptions options) : options_(std::move(options)) {}

FetchTransport::~FetchTransport() { abandon(inFlight_.get()); }

void FetchTransport::start(const HttpRequest& request) {
    abandon(inFlight_.get());
    inFlight_ = std::make_unique<InFlight>();
    InFlight& sent = *inFlight_;
    sent.answers = &answers_;
    sent.url = requestUrl(options_, request.path);
    sent.body = request.jsonBody;
    sent.headers = {"Accept", "application/json"};
    if (!options_.token.empty()) {
        sent.authorization = "Bearer " + options_.token;
        sent.headers.insert(sent.headers.end(), {"Authorization", sent.authorization.c_str()});
    }
    if (sent.body) sent.headers.insert(sent.headers.end(), {"Content-Type", "application/json"});
    sent.headers.push_back(nullptr);

    emscripten_fetch_attr_t attributes;
    emscripten_fetch_attr_init(&attributes);
    std::strcpy(attributes.requestMethod, sent.body ? "POST" : "GET");
    attributes.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY;
    attributes.requestHeaders = sent.headers.data();
    attributes.timeoutMSecs = static_cast<unsigned long>(options_.totalTimeoutMs);
    if (sent.body) {
        attributes.requestData = sent.body->data();
        attributes.requestDataSize = sent.body->size();
    }
    attributes.userData = &sent;
    // An HTTP error status is an answer too: both callbacks complete the request.
    attributes.onsuccess = complete;
    attributes.onerror = complete;
    sent.fetch = emscripten_fetch(&attributes, sent.url.c_str());
}

std::optional<HttpResult> FetchTransport::poll() {
    if (answers_.empty()) return std::nullopt;
    HttpResult answer = std::move(answers_.front());
    answers_.pop_front();
    return answer;
}

}  // namespace dc::sync

#endif
