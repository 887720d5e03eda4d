// What a real digicoach-hub serves to browsers: the web app's static files (serve --web)
// with their content types and cache headers, no file outside the folder however the
// path is written, and CORS for the origins allowed with --allow-origin, nothing else.
// Requests go over raw connections, since curl would tidy up the paths under test.
#include "processes.hpp"
#include "raw_connection.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>

using namespace dc;
using namespace dc::test;

namespace {

constexpr const char* kAllowedOrigin = "https://digicoach.gent.example";
constexpr const char* kSecret = "the hub's own secret, outside the web folder";

struct Answer {
    int status = 0;
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;

    bool has(const std::string& name) const { return headers.count(name) > 0; }
    std::string header(const std::string& name) const {
        const auto found = headers.find(name);
        return found == headers.end() ? std::string() : found->second;
    }
};

Answer parseAnswer(const std::string& raw) {
    Answer answer;
    const auto headEnd = raw.find("\r\n\r\n");
    REQUIRE(headEnd != std::string::npos);
    const std::string head = raw.substr(0, headEnd);
    answer.status = std::stoi(head.substr(head.find(' ') + 1, 3));
    for (std::size_t at = head.find("\r\n"); at != std::string::npos;) {
        const std::size_t next = head.find("\r\n", at + 2);
        const std::string line = head.substr(at + 2, next == std::string::npos ? std::string::npos : next - at - 2);
        const auto colon = line.find(':');
        std::string name = line.substr(0, colon);
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        answer.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
        at = next;
    }
    answer.body = raw.substr(headEnd + 4);
    return answer;
}

// One request on a connection of its own, which the hub closes after answering.
Answer request(int port, const std::string& method, const std::string& target,
               const std::vector<std::string>& headers = {}) {
    std::string text = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    for (const std::string& header : headers) text += header + "\r\n";
    return parseAnswer(dc::test::exchange(port, text + "\r\n"));
}

// A web build's files, a secret beside the folder, and ways out of it that must stay shut.
struct WebHub {
    TempDir dir;
    std::filesystem::path web = dir.path() / "web";
    std::map<std::string, std::string> files{
        {"index.html", "<!doctype html><title>Digicoach</title>"},
        {"digicoach.js", "console.log('digicoach');"},
        {"digicoach.wasm", std::string("\0asm\1\0\0\0", 8)},
        {"digicoach.data", "packed assets"},
        {"manifest.webmanifest", R"({"name":"Digicoach"})"},
        {"sw.js", "const version = 'build-1';"},
        {"icons/icon-192.png", "\x89PNG\r\n"},
        {".env", kSecret},
        {"v1/health", "a static file where the protocol lives"},
        {"metrics", "a static file named like the metrics"},
    };
    HubProcess hub;

    WebHub()
        : hub((prepare(), dir.file("hub.db").string()), {}, {}, {},
              {"--web", web.string(), "--allow-origin", kAllowedOrigin, "--allow-origin", "http://localhost:8080"}) {}

    void prepare() {
        for (const auto& [name, content] : files) {
            std::filesystem::create_directories((web / name).parent_path());
            writeFileBytes(web / name, content);
        }
        writeFileBytes(dir.path() / "secret.txt", kSecret);
        std::filesystem::create_symlink(dir.path() / "secret.txt", web / "escape.txt");
    }
};

}  // namespace

TEST_CASE("the hub serves the web app's files with their content types, revalidated at every start") {
    WebHub f;
    const int port = f.hub.port();
    const std::map<std::string, std::string> types{
        {"/index.html", "text/html; charset=utf-8"},
        {"/digicoach.js", "text/javascript; charset=utf-8"},
        {"/digicoach.wasm", "application/wasm"},
        {"/digicoach.data", "application/octet-stream"},
        {"/manifest.webmanifest", "application/manifest+json"},
        {"/sw.js", "text/javascript; charset=utf-8"},
        {"/icons/icon-192.png", "image/png"},
    };
    for (const auto& [path, type] : types) {
        CAPTURE(path);
        const Answer answer = request(port, "GET", path);
        CHECK(answer.status == 200);
        CHECK(answer.header("content-type") == type);
        CHECK(answer.header("cache-control") == "no-cache");
        CHECK(answer.header("x-content-type-options") == "nosniff");
        CHECK(answer.body == f.files.at(path.substr(1)));
        CHECK_FALSE(answer.has("access-control-allow-origin"));
    }
    CHECK(request(port, "GET", "/").body == f.files.at("index.html"));

    // A phone that has the file revalidates it for a few bytes; a changed file comes whole.
    const Answer first = request(port, "GET", "/digicoach.wasm");
    REQUIRE_FALSE(first.header("etag").empty());
    const Answer unchanged = request(port, "GET", "/digicoach.wasm", {"If-None-Match: " + first.header("etag")});
    CHECK(unchanged.status == 304);
    CHECK(unchanged.body.empty());
    writeFileBytes(f.web / "digicoach.wasm", std::string("\0asm\1\0\0\0 and a new version", 25));
    const Answer updated = request(port, "GET", "/digicoach.wasm", {"If-None-Match: " + first.header("etag")});
    CHECK(updated.status == 200);
    CHECK(updated.body.size() == 25);
    CHECK(updated.header("etag") != first.header("etag"));

    const Answer head = request(port, "HEAD", "/index.html");
    CHECK(head.status == 200);
    CHECK(head.body.empty());
    CHECK(request(port, "GET", "/missing.js").status == 404);
    CHECK(request(port, "GET", "/icons/").status == 404);
    const Answer posted = request(port, "POST", "/index.html", {"Content-Length: 0"});
    CHECK(posted.status == 405);
    CHECK(posted.header("allow") == "GET, HEAD");
}

TEST_CASE("the web files never lead outside their folder, however the path is written") {
    WebHub f;
    const int port = f.hub.port();
    for (const char* target : {"/../secret.txt", "/icons/../../secret.txt", "/%2e%2e/secret.txt",
                               "/%2E%2E%2Fsecret.txt", "/icons/..%2f..%2fsecret.txt", "/..%5csecret.txt",
                               "/%252e%252e/secret.txt", "/..%00/secret.txt", "/escape.txt", "/.env", "/%2eenv",
                               "//secret.txt", "/icons//../../secret.txt"}) {
        CAPTURE(target);
        const Answer answer = request(port, "GET", target);
        CHECK((answer.status == 404 || answer.status == 400));
        CHECK(answer.body.find(kSecret) == std::string::npos);
    }
    CHECK(request(port, "GET", "/index.html").status == 200);  // and it goes on serving
}

TEST_CASE("the protocol's paths and the metrics never come from the web folder") {
    WebHub f;
    const Answer health = request(f.hub.port(), "GET", "/v1/health");
    CHECK(health.status == 200);
    CHECK(nlohmann::json::parse(health.body)["status"] == "ok");
    const Answer metrics = request(f.hub.port(), "GET", "/metrics");
    CHECK(metrics.status == 200);
    CHECK(metrics.body.find("digicoach_hub_request_duration_seconds") != std::string::npos);
    CHECK(metrics.body.find("route=\"(web)\"") == std::string::npos);  // no static file was asked yet
    CHECK(request(f.hub.port(), "GET", "/v1/nothing").status == 404);
}

TEST_CASE("a browser from an allowed origin gets its preflight and CORS answers; other origins and laptops get none") {
    WebHub f;
    const int port = f.hub.port();
    const std::string token = f.hub.addToken("sofie", "coach");
    const std::vector<std::string> preflightAsked = {"Access-Control-Request-Method: POST",
                                                     "Access-Control-Request-Headers: authorization,content-type"};

    std::vector<std::string> allowed = preflightAsked;
    allowed.push_back(std::string("Origin: ") + kAllowedOrigin);
    const Answer preflight = request(port, "OPTIONS", "/v1/push", allowed);
    CHECK(preflight.status == 204);
    CHECK(preflight.header("access-control-allow-origin") == kAllowedOrigin);
    CHECK(preflight.header("access-control-allow-methods") == "GET, POST");
    CHECK(preflight.header("access-control-allow-headers") == "Authorization, Content-Type");
    CHECK(preflight.header("access-control-max-age") == "7200");
    CHECK(preflight.header("vary") == "Origin");

    const Answer pulled = request(port, "GET", "/v1/pull?since=0&limit=10",
                                  {std::string("Origin: ") + kAllowedOrigin, "Authorization: Bearer " + token});
    CHECK(pulled.status == 200);
    CHECK(pulled.header("access-control-allow-origin") == kAllowedOrigin);
    const Answer refused = request(port, "GET", "/v1/pull", {std::string("Origin: ") + kAllowedOrigin});
    CHECK(refused.status == 401);  // the browser must be able to read a refusal too
    CHECK(refused.header("access-control-allow-origin") == kAllowedOrigin);
    // A body over the hub's 8 MiB is refused before it reaches the protocol: still readable.
    const std::string tooLarge(8 * 1024 * 1024 + 1, 'x');
    const Answer refusedBody = parseAnswer(dc::test::exchange(
        port, std::string("POST /v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nOrigin: ") +
                  kAllowedOrigin + "\r\nContent-Type: application/json\r\nContent-Length: " +
                  std::to_string(tooLarge.size()) + "\r\n\r\n" + tooLarge));
    CHECK(refusedBody.status == 413);
    CHECK(refusedBody.header("access-control-allow-origin") == kAllowedOrigin);
    CHECK(request(port, "OPTIONS", "/v1/pull", {"Origin: http://localhost:8080"}).header(
              "access-control-allow-origin") == "http://localhost:8080");

    for (const char* stranger : {"https://evil.example", "https://digicoach.gent.example.evil.example",
                                 "http://digicoach.gent.example", "null"}) {
        CAPTURE(stranger);
        std::vector<std::string> asked = preflightAsked;
        asked.push_back(std::string("Origin: ") + stranger);
        const Answer refusedPreflight = request(port, "OPTIONS", "/v1/push", asked);
        CHECK(refusedPreflight.status == 405);
        const Answer answered = request(port, "GET", "/v1/health", {std::string("Origin: ") + stranger});
        CHECK(answered.status == 200);
        for (const Answer& answer : {refusedPreflight, answered})
            for (const auto& [name, value] : answer.headers) CHECK_FALSE(name.starts_with("access-control-"));
    }

    // A laptop sends no Origin: its answers are as they always were.
    const Answer laptop = request(port, "GET", "/v1/pull?since=0&limit=10", {"Authorization: Bearer " + token});
    CHECK(laptop.status == 200);
    CHECK(laptop.body == pulled.body);
    for (const auto& [name, value] : laptop.headers) CHECK_FALSE(name.starts_with("access-control-"));
    CHECK_FALSE(laptop.has("vary"));
    CHECK(request(port, "OPTIONS", "/v1/push").status == 405);
}

TEST_CASE("serve refuses --web without a folder and an --allow-origin that is not an origin") {
    TempDir dir;
    const std::string db = dir.file("hub.db").string();
    std::string out;
    CHECK(runCommand({hubBinaryPath(), "serve", "--db", db, "--web", dir.file("missing").string()}, &out, true) == 2);
    CHECK(out.find("--web needs a folder") != std::string::npos);
    for (const char* notAnOrigin : {"digicoach.gent.example", "https://digicoach.gent.example/app", "*",
                                    "https://user@digicoach.gent.example", "ftp://digicoach.gent.example"}) {
        CAPTURE(notAnOrigin);
        CHECK(runCommand({hubBinaryPath(), "serve", "--db", db, "--allow-origin", notAnOrigin}, &out, true) == 2);
    }
}
