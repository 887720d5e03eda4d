// What the hub serves to browsers besides the protocol: the web app's static files
// (serve --web DIR) and the CORS answers that let a web app from another origin call
// /v1/ (serve --allow-origin ORIGIN). A laptop, which sends no Origin, sees neither.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dc::hub {

struct WebFile {
    std::filesystem::path path;  // the file itself, inside the folder
    std::string contentType;
    std::string etag;  // changes with the file's size and modification time

    // The file's bytes; read only when they are sent, not for a revalidation.
    std::optional<std::string> read() const;
};

// One folder of static files. Only regular files inside it are served: no "..", no
// hidden names, no link that leads out of it.
class WebFiles {
public:
    // Throws when `folder` is not a directory.
    explicit WebFiles(const std::filesystem::path& folder);
    // The file a request path names ("/" is index.html), already percent-decoded;
    // nothing when there is no such file or the path may not be served.
    std::optional<WebFile> find(std::string_view requestPath) const;

private:
    std::filesystem::path root_;  // canonical
};

// Every file is revalidated: the web build's files keep their names from one version to
// the next, so a copy kept longer could pair an old .wasm with a new .js, and an update
// must reach a phone at its next online start. A revalidation costs a 304 without body.
inline constexpr const char* kWebCacheControl = "no-cache";

// The content type for a file name, by its extension.
std::string contentTypeFor(const std::filesystem::path& file);

// Whether a request path is the protocol's or the hub's own (/v1/..., /metrics): those
// never come from the static files.
bool isHubPath(std::string_view requestPath);

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// The web origins (scheme://host[:port]) allowed to call the protocol from a browser.
class CorsPolicy {
public:
    explicit CorsPolicy(std::vector<std::string> allowedOrigins) : allowed_(std::move(allowedOrigins)) {}
    bool allows(std::string_view origin) const;
    // Headers for an answer to a protocol request from `origin`; none when it is not allowed.
    HeaderList answerHeaders(std::string_view origin) const;
    // The answer to a preflight (OPTIONS) from `origin`; nothing when it is not allowed.
    std::optional<HeaderList> preflightHeaders(std::string_view origin) const;

private:
    std::vector<std::string> allowed_;
};

// Preflight answers are cached by the browser this long (Chromium caps it at 2 h).
inline constexpr int kPreflightMaxAgeSeconds = 7200;

// An origin as a browser sends it: http or https, a host, an optional port, no path.
bool validOrigin(std::string_view origin);

}  // namespace dc::hub
