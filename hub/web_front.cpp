// Static files and CORS for browsers (web_front.hpp).
#include "hub/web_front.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace dc::hub {

namespace {

// A path segment that may name a file: no "." or "..", no hidden name, nothing a file
// system could read as a separator or the end of a name.
bool servableSegment(std::string_view segment) {
    if (segment.empty() || segment.front() == '.') return false;
    return segment.find_first_of(std::string_view("\\\0:", 3)) == std::string_view::npos;
}

bool inside(const std::filesystem::path& root, const std::filesystem::path& file) {
    const auto [rootEnd, fileAt] = std::mismatch(root.begin(), root.end(), file.begin(), file.end());
    return rootEnd == root.end() && fileAt != file.end();
}

}  // namespace

WebFiles::WebFiles(const std::filesystem::path& folder) {
    std::error_code error;
    if (!std::filesystem::is_directory(folder, error))
        throw std::runtime_error("--web needs a folder: " + folder.string());
    root_ = std::filesystem::canonical(folder);
}

std::optional<WebFile> WebFiles::find(std::string_view requestPath) const {
    if (requestPath.empty() || requestPath.front() != '/' || isHubPath(requestPath)) return std::nullopt;
    std::string_view rest = requestPath.substr(1);
    if (rest.empty()) rest = "index.html";
    std::filesystem::path file = root_;
    while (!rest.empty()) {
        const std::size_t slash = rest.find('/');
        const std::string_view segment = rest.substr(0, slash);
        if (!servableSegment(segment)) return std::nullopt;
        file /= std::string(segment);
        rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
        if (slash != std::string_view::npos && rest.empty()) return std::nullopt;  // a folder, not a file
    }
    std::error_code error;
    // A link inside the folder may point anywhere: what it leads to must be inside too.
    const std::filesystem::path real = std::filesystem::canonical(file, error);
    if (error || !inside(root_, real) || !std::filesystem::is_regular_file(real, error)) return std::nullopt;
    const auto size = std::filesystem::file_size(real, error);
    const auto modified = std::filesystem::last_write_time(real, error).time_since_epoch().count();
    if (error) return std::nullopt;
    return WebFile{real, contentTypeFor(real), "\"" + std::to_string(size) + "-" + std::to_string(modified) + "\""};
}

std::optional<std::string> WebFile::read() const {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string contentTypeFor(const std::filesystem::path& file) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kTypes{{
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".wasm", "application/wasm"},
        {".data", "application/octet-stream"},
        {".webmanifest", "application/manifest+json"},
        {".json", "application/json"},
        {".css", "text/css; charset=utf-8"},
        {".png", "image/png"},
        {".svg", "image/svg+xml"},
        {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"},
        {".ttf", "font/ttf"},
        {".woff2", "font/woff2"},
    }};
    const std::string extension = file.extension().string();
    for (const auto& [known, type] : kTypes)
        if (extension == known) return std::string(type);
    return "application/octet-stream";
}

bool isHubPath(std::string_view requestPath) {
    return requestPath == "/v1" || requestPath.starts_with("/v1/") || requestPath == "/metrics";
}

bool CorsPolicy::allows(std::string_view origin) const {
    for (const std::string& allowed : allowed_)
        if (origin == allowed) return true;
    return false;
}

HeaderList CorsPolicy::answerHeaders(std::string_view origin) const {
    if (!allows(origin)) return {};
    // Vary: a cache between must not hand this answer to another origin.
    return {{"Access-Control-Allow-Origin", std::string(origin)}, {"Vary", "Origin"}};
}

std::optional<HeaderList> CorsPolicy::preflightHeaders(std::string_view origin) const {
    if (!allows(origin)) return std::nullopt;
    HeaderList headers = answerHeaders(origin);
    headers.insert(headers.end(), {{"Access-Control-Allow-Methods", "GET, POST"},
                                   {"Access-Control-Allow-Headers", "Authorization, Content-Type"},
                                   {"Access-Control-Max-Age", std::to_string(kPreflightMaxAgeSeconds)}});
    return headers;
}

bool validOrigin(std::string_view origin) {
    std::string_view host;
    if (origin.starts_with("https://"))
        host = origin.substr(8);
    else if (origin.starts_with("http://"))
        host = origin.substr(7);
    else
        return false;
    if (host.empty()) return false;
    for (const char c : host) {
        const bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ':' ||
                             c == '[' || c == ']';
        if (!allowed) return false;  // no path, no user, no upper case: browsers send origins lower-cased
    }
    return true;
}

}  // namespace dc::hub
