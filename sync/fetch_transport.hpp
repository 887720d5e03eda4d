// The browser's transport: Emscripten's fetch (link with -sFETCH=1). A request is
// started and its answer lands in a queue when the browser completes it, between frames
// on the main thread; poll() takes it. Nothing here waits.
#pragma once

#ifdef __EMSCRIPTEN__

#include "sync/http_transport.hpp"

#include <deque>
#include <memory>

namespace dc::sync {

class FetchTransport final : public AsyncHttpTransport {
public:
    explicit FetchTransport(HttpOptions options);
    // A request still on its way is aborted: its answer must not land in a transport
    // that is gone.
    ~FetchTransport() override;
    FetchTransport(const FetchTransport&) = delete;
    FetchTransport& operator=(const FetchTransport&) = delete;

    void start(const HttpRequest& request) override;
    std::optional<HttpResult> poll() override;

    struct InFlight;  // what the browser reads while the request travels, and where it answers

private:
    HttpOptions options_;
    std::unique_ptr<InFlight> inFlight_;
    std::deque<HttpResult> answers_;
};

}  // namespace dc::sync

#endif
