// Real processes for integration tests: the digicoach-hub server and short commands.
// Every process started here is stopped by its owner's destructor.
#pragma once

#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace dc::test {

// Runs a command to completion; returns its exit code and fills `out` with stdout
// (and stderr too when `withStderr`).
int runCommand(const std::vector<std::string>& argv, std::string* out = nullptr, bool withStderr = false);

class ChildProcess {
public:
    ChildProcess() = default;
    explicit ChildProcess(const std::vector<std::string>& argv, bool captureStdout = false, bool withStderr = false);
    ~ChildProcess();
    ChildProcess(ChildProcess&& other) noexcept;
    ChildProcess& operator=(ChildProcess&& other) noexcept;

    // Reads one line of stdout, waiting at most timeoutMs; empty on timeout or end.
    std::string readLine(int timeoutMs);
    // Everything not read yet, up to the end of the output (the process has ended or
    // closed it) or timeoutMs.
    std::string readRest(int timeoutMs);
    void kill(int signal);
    int wait();  // exit code, or 128 + signal
    // The exit code if the process ends within timeoutMs; otherwise none, still running.
    std::optional<int> waitFor(int timeoutMs);
    bool running() const { return pid_ > 0; }
    pid_t pid() const { return pid_; }

private:
    pid_t pid_ = -1;
    int stdoutFd_ = -1;
    std::string buffered_;
};

// Writes a throw-away self-signed certificate for 127.0.0.1 and its key (openssl).
void makeLoopbackCertificate(const std::string& certificatePath, const std::string& keyPath);

// The digicoach-hub program these tests start.
std::string hubBinaryPath();

// The command-line options that name a hub's store: --db PATH or --store URL.
std::vector<std::string> hubStoreOptions(const std::string& store);

// A digicoach-hub serving a store on 127.0.0.1 at a free port.
class HubProcess {
public:
    // `store` is a SQLite path or a postgresql:// URL. When DIGICOACH_TEST_HUB_STORE is
    // "postgresql", a path stands for a database of its own on the test program's
    // PostgreSQL server instead, so the same tests run against both stores. With a
    // certificate and key, the hub serves HTTPS; with a log path it writes its access
    // log there; `moreServeOptions` go to `serve` as they are (--web DIR, --allow-origin
    // ORIGIN). Its stdout and stderr are kept for output().
    explicit HubProcess(std::string store, std::string certificate = {}, std::string key = {},
                        std::string logPath = {}, std::vector<std::string> moreServeOptions = {});
    ~HubProcess();
    void start();
    void stop();         // SIGTERM, as an operator would
    void killHard();     // SIGKILL, as a power cut would
    int port() const { return port_; }
    pid_t pid() const { return process_.pid(); }
    std::string url() const {
        return (certificate_.empty() ? "http://127.0.0.1:" : "https://127.0.0.1:") + std::to_string(port_);
    }
    // `teams`: one --team each.
    std::string addToken(const std::string& coach, const std::string& role, const std::vector<std::string>& teams = {});
    void revokeTokens(const std::string& coach);
    // The SQLite path or postgresql:// URL the hub serves.
    const std::string& store() const { return store_; }
    // `digicoach-hub audit` on this hub's store: the audit log's lines.
    std::string audit() const;
    // All the hub printed on stdout and stderr so far; complete once stopped.
    std::string output();

private:
    std::string store_;
    std::string certificate_;
    std::string key_;
    std::string logPath_;
    std::vector<std::string> moreServeOptions_;
    ChildProcess process_;
    std::string output_;
    int port_ = 0;
};

}  // namespace dc::test
