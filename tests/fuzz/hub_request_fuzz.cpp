// Fuzzes the hub's request handling (HubService::handle) against a hub database in a
// temp folder. An input reads like a small HTTP request:
//   METHOD /path?query
//   Authorization: Bearer @coach        (@coach and @coordinator stand for real tokens)
//   <empty line>
//   body
#include "fuzz_support.hpp"
#include "hub/hub_service.hpp"
#include "hub/sqlite_hub_store.hpp"

#include <httplib.h>

#include <cstdint>
#include <memory>
#include <string_view>

namespace {

struct Hub {
    std::string coachToken;
    std::string coordinatorToken;
    std::unique_ptr<dc::hub::HubService> service;
};

Hub& hub() {
    static Hub instance = [] {
        Hub h;
        const std::string path = (dc::fuzz::scratchFolder() / "hub.db").string();
        {
            dc::hub::SqliteHubStore store(path);
            h.coachToken = store.addToken("sofie", dc::hub::Role::Coach, 1000);
            h.coordinatorToken = store.addToken("an", dc::hub::Role::Coordinator, 1000);
        }
        h.service = std::make_unique<dc::hub::HubService>(path);
        return h;
    }();
    return instance;
}

std::string_view takeLine(std::string_view& text) {
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

void replaceAll(std::string& text, std::string_view from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    Hub& h = hub();
    dc::hub::HubRequest request;
    const std::string_view requestLine = takeLine(input);
    const auto space = requestLine.find(' ');
    request.method = std::string(requestLine.substr(0, space));
    std::string target(space == std::string_view::npos ? std::string_view() : requestLine.substr(space + 1));
    const auto query = target.find('?');
    request.path = target.substr(0, query);
    if (query != std::string::npos) {
        httplib::Params params;
        httplib::detail::parse_query_text(target.substr(query + 1), params);
        request.params.insert(params.begin(), params.end());
    }
    for (std::string_view line = takeLine(input); !line.empty(); line = takeLine(input)) {
        constexpr std::string_view header = "Authorization: ";
        if (line.starts_with(header)) request.authorization = std::string(line.substr(header.size()));
    }
    replaceAll(request.authorization, "@coordinator", h.coordinatorToken);
    replaceAll(request.authorization, "@coach", h.coachToken);
    request.body = std::string(input);

    const dc::hub::HubResponse response = h.service->handle(request);
    const nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
    dc::fuzz::expect(!body.is_discarded(), "every answer is JSON");
    dc::fuzz::expect(response.status >= 200 && response.status < 600, "the status is an HTTP status");
    if (response.status >= 400) {
        dc::fuzz::expect(body.is_object() && body.contains("error") && body["error"].is_string(),
                         "an error answer names its code");
        dc::fuzz::expect(response.status != 500, "a request never makes the hub fail");
    }
    dc::fuzz::expect(response.route == "(unknown)" || response.route.starts_with("/v1/"),
                     "the access log names an endpoint, never the client's path");
    return 0;
}
