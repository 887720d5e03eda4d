// fork/exec helpers for the integration tests.
#include "processes.hpp"

#include "test_postgres.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <chrono>
#include <thread>
#include <utility>
#include <stdexcept>

namespace dc::test {

namespace {
std::vector<char*> argvOf(const std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    return argv;
}
}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv, bool captureStdout, bool withStderr) {
    int pipeFds[2] = {-1, -1};
    if (captureStdout && pipe(pipeFds) != 0) throw std::runtime_error("pipe failed");
    std::vector<char*> args = argvOf(argv);
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        if (captureStdout) {
            dup2(pipeFds[1], STDOUT_FILENO);
            if (withStderr) dup2(pipeFds[1], STDERR_FILENO);
            close(pipeFds[0]);
            close(pipeFds[1]);
        }
        execv(args[0], args.data());
        _exit(127);
    }
    if (captureStdout) {
        close(pipeFds[1]);
        stdoutFd_ = pipeFds[0];
    }
}

ChildProcess::~ChildProcess() {
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        wait();
    }
    if (stdoutFd_ >= 0) close(stdoutFd_);
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(other.pid_), stdoutFd_(other.stdoutFd_), buffered_(std::move(other.buffered_)) {
    other.pid_ = -1;
    other.stdoutFd_ = -1;
}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
    if (this != &other) {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            wait();
        }
        if (stdoutFd_ >= 0) close(stdoutFd_);
        pid_ = other.pid_;
        stdoutFd_ = other.stdoutFd_;
        buffered_ = std::move(other.buffered_);
        other.pid_ = -1;
        other.stdoutFd_ = -1;
    }
    return *this;
}

std::string ChildProcess::readLine(int timeoutMs) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    for (;;) {
        const auto newline = buffered_.find('\n');
        if (newline != std::string::npos) {
            std::string line = buffered_.substr(0, newline);
            buffered_.erase(0, newline + 1);
            return line;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || stdoutFd_ < 0) return {};
        pollfd fd{stdoutFd_, POLLIN, 0};
        if (poll(&fd, 1, static_cast<int>(left.count())) <= 0) return {};
        char chunk[512];
        const ssize_t got = read(stdoutFd_, chunk, sizeof chunk);
        if (got <= 0) return {};
        buffered_.append(chunk, static_cast<std::size_t>(got));
    }
}

std::string ChildProcess::readRest(int timeoutMs) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (stdoutFd_ >= 0) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        pollfd fd{stdoutFd_, POLLIN, 0};
        if (poll(&fd, 1, static_cast<int>(std::max<int64_t>(0, left.count()))) <= 0) break;
        char chunk[512];
        const ssize_t got = read(stdoutFd_, chunk, sizeof chunk);
        if (got <= 0) break;
        buffered_.append(chunk, static_cast<std::size_t>(got));
    }
    return std::exchange(buffered_, {});
}

void ChildProcess::kill(int signal) {
    if (pid_ > 0) ::kill(pid_, signal);
}

int ChildProcess::wait() {
    if (pid_ <= 0) return -1;
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

std::optional<int> ChildProcess::waitFor(int timeoutMs) {
    if (pid_ <= 0) return -1;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    for (;;) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            if (WIFEXITED(status)) return WEXITSTATUS(status);
            if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
            return -1;
        }
        if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
        // A child's exit raises no event we can wait on here without a handler: poll finely.
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

int runCommand(const std::vector<std::string>& argv, std::string* out, bool withStderr) {
    ChildProcess child(argv, true, withStderr);
    std::string collected;
    for (std::string line = child.readLine(30000); !line.empty(); line = child.readLine(30000)) collected += line + "\n";
    if (out) *out = collected;
    return child.wait();
}

void makeLoopbackCertificate(const std::string& certificatePath, const std::string& keyPath) {
    std::string output;
    if (runCommand({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                    "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", keyPath, "-out",
                    certificatePath},
                   &output, true) != 0)
        throw std::runtime_error("openssl could not make a certificate: " + output);
}

std::string hubBinaryPath() { return DIGICOACH_HUB_BINARY; }

std::vector<std::string> hubStoreOptions(const std::string& store) {
    const bool postgres = store.starts_with("postgresql://") || store.starts_with("postgres://");
    return {postgres ? "--store" : "--db", store};
}

namespace {
// The store a test's hub path stands for (HubProcess); the same path, the same database.
std::string storeForTest(const std::string& store) {
    const char* wanted = std::getenv("DIGICOACH_TEST_HUB_STORE");
    if (!wanted || std::string_view(wanted) != "postgresql" || hubStoreOptions(store).front() == "--store")
        return store;
    static std::map<std::string, std::string> databases;
    auto [found, added] = databases.try_emplace(store);
    if (added) found->second = sharedTestPostgres().createDatabase();
    return found->second;
}

// digicoach-hub running `command` on `store`.
std::vector<std::string> hubCommandOn(const std::string& store, std::vector<std::string> command) {
    std::vector<std::string> argv = {DIGICOACH_HUB_BINARY};
    argv.insert(argv.end(), command.begin(), command.end());
    for (std::string& option : hubStoreOptions(store)) argv.push_back(std::move(option));
    return argv;
}
}  // namespace

HubProcess::HubProcess(std::string store, std::string certificate, std::string key, std::string logPath,
                       std::vector<std::string> moreServeOptions)
    : store_(storeForTest(store)),
      certificate_(std::move(certificate)),
      key_(std::move(key)),
      logPath_(std::move(logPath)),
      moreServeOptions_(std::move(moreServeOptions)) {
    start();
}

HubProcess::~HubProcess() { stop(); }

void HubProcess::start() {
    // The same port again after a restart, so laptops need no new endpoint.
    const std::string listen = "127.0.0.1:" + std::to_string(port_);
    std::vector<std::string> argv = hubCommandOn(store_, {"serve"});
    argv.insert(argv.end(), {"--listen", listen});
    if (!certificate_.empty()) argv.insert(argv.end(), {"--cert", certificate_, "--key", key_});
    if (!logPath_.empty()) argv.insert(argv.end(), {"--log", logPath_});
    argv.insert(argv.end(), moreServeOptions_.begin(), moreServeOptions_.end());
    process_ = ChildProcess(argv, true, true);
    const std::string line = process_.readLine(15000);
    output_ += line + "\n";
    const auto colon = line.rfind(':');
    if (line.find("listening on") == std::string::npos || colon == std::string::npos)
        throw std::runtime_error("digicoach-hub did not start: '" + line + "'");
    port_ = std::stoi(line.substr(colon + 1));
}

void HubProcess::stop() {
    if (!process_.running()) return;
    process_.kill(SIGTERM);
    process_.wait();
    output_ += process_.readRest(5000);
}

void HubProcess::killHard() {
    process_.kill(SIGKILL);
    process_.wait();
    output_ += process_.readRest(5000);
}

std::string HubProcess::output() {
    // A running hub's pipe is drained too, so a chatty hub never blocks on it.
    if (process_.running()) output_ += process_.readRest(0);
    return output_;
}

std::string HubProcess::audit() const {
    std::string out;
    if (runCommand(hubCommandOn(store_, {"audit"}), &out, true) != 0)
        throw std::runtime_error("digicoach-hub audit failed: " + out);
    return out;
}

std::string HubProcess::addToken(const std::string& coach, const std::string& role,
                                 const std::vector<std::string>& teams) {
    std::string out;
    std::vector<std::string> argv = hubCommandOn(store_, {"token", "add"});
    argv.insert(argv.end(), {"--coach", coach, "--role", role});
    for (const std::string& team : teams) argv.insert(argv.end(), {"--team", team});
    const int code = runCommand(argv, &out);
    if (code != 0) throw std::runtime_error("token add failed");
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

void HubProcess::revokeTokens(const std::string& coach) {
    if (runCommand(hubCommandOn(store_, {"token", "revoke", "--coach", coach})) != 0)
        throw std::runtime_error("token revoke failed");
}

}  // namespace dc::test
