// The hub's HTTP(S) front: routes, auth, limits and error bodies around HubStore.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace dc::hub {

struct ServeOptions {
    std::string storeLocation;  // a SQLite path or a postgresql:// URL
    std::string host = "127.0.0.1";
    int port = 8787;  // 0 picks a free port
    std::string certificatePath;  // both set: HTTPS
    std::string privateKeyPath;
    std::string logPath;  // set: one access-log line per request is appended here
    std::string webFolder;  // set: the web app's static files are served from here
    std::vector<std::string> allowedOrigins;  // web origins that may call /v1/ from a browser (CORS)
};

// Serves until stop is requested (SIGINT or SIGTERM). `onListening` receives the
// bound port before the first request is accepted. Returns a process exit code.
int serve(const ServeOptions& options, const std::function<void(int port)>& onListening);

}  // namespace dc::hub
