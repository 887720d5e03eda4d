// The fault proxy: reads whole HTTP/1.1 messages (by Content-Length) so each
// request can meet its own fault, on a fresh upstream connection.
#include "fault_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>

namespace dc::test {

namespace {

bool sendAll(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t sent = ::send(fd, data, size, MSG_NOSIGNAL);
        if (sent <= 0) return false;
        data += sent;
        size -= static_cast<std::size_t>(sent);
    }
    return true;
}

// Reads one HTTP message (head + Content-Length body) into `message`; `pending`
// keeps bytes that belong to the next message. Returns false on close or timeout.
bool readMessage(int fd, std::string& pending, std::string& message, int timeoutMs) {
    auto fill = [&]() {
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, timeoutMs) <= 0) return false;
        char chunk[65536];
        const ssize_t got = ::recv(fd, chunk, sizeof chunk, 0);
        if (got <= 0) return false;
        pending.append(chunk, static_cast<std::size_t>(got));
        return true;
    };
    std::size_t headEnd;
    while ((headEnd = pending.find("\r\n\r\n")) == std::string::npos)
        if (!fill()) return false;
    std::string head = pending.substr(0, headEnd + 4);
    std::string lower = head;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    std::size_t bodyLength = 0;
    const auto at = lower.find("content-length:");
    if (at != std::string::npos) bodyLength = std::stoul(lower.substr(at + 15));
    while (pending.size() < headEnd + 4 + bodyLength)
        if (!fill()) return false;
    message = pending.substr(0, headEnd + 4 + bodyLength);
    pending.erase(0, message.size());
    return true;
}

int connectTo(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

std::string cannedAnswer(int status) {
    const std::string body = R"({"error":"injected","message":"fault proxy"})";
    return "HTTP/1.1 " + std::to_string(status) + (status == 503 ? " Service Unavailable" : " Internal Server Error") +
           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
}

}  // namespace

FaultProxy::FaultProxy(int upstreamPort, Plan plan) : upstreamPort_(upstreamPort), plan_(std::move(plan)) {
    listenFd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    const int yes = 1;
    setsockopt(listenFd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // tests never listen beyond this machine
    if (::bind(listenFd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(listenFd_, 64) != 0)
        throw std::runtime_error("fault proxy cannot listen");
    socklen_t length = sizeof address;
    getsockname(listenFd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    acceptThread_ = std::thread([this] { acceptLoop(); });
}

FaultProxy::~FaultProxy() {
    stopping_ = true;
    ::shutdown(listenFd_, SHUT_RDWR);
    ::close(listenFd_);
    acceptThread_.join();
    {
        std::lock_guard lock(connectionsMutex_);
        for (int fd : openFds_) ::shutdown(fd, SHUT_RDWR);
    }
    for (std::thread& t : connections_) t.join();
}

FaultProxy::Plan FaultProxy::randomPlan(uint64_t seed, int faultCount, double faultShare) {
    auto state = std::make_shared<std::pair<std::mt19937_64, int>>(std::mt19937_64(seed), faultCount);
    return [state, faultShare](int) {
        auto& [random, left] = *state;
        if (left <= 0 || std::uniform_real_distribution<double>(0, 1)(random) >= faultShare) return Fault::Pass;
        --left;
        constexpr Fault kFaults[] = {Fault::Delay, Fault::CutRequest, Fault::CutResponse, Fault::Answer500,
                                     Fault::Answer503};
        return kFaults[std::uniform_int_distribution<int>(0, 4)(random)];
    };
}

Fault FaultProxy::decide() {
    std::lock_guard lock(planMutex_);
    const Fault fault = plan_(requests_++);
    if (fault != Fault::Pass) ++faults_;
    return fault;
}

void FaultProxy::acceptLoop() {
    while (!stopping_) {
        const int clientFd = ::accept(listenFd_, nullptr, nullptr);
        if (clientFd < 0) return;
        std::lock_guard lock(connectionsMutex_);
        openFds_.push_back(clientFd);
        connections_.emplace_back([this, clientFd] { serveConnection(clientFd); });
    }
}

void FaultProxy::serveConnection(int clientFd) {
    std::string fromClient;
    std::string request;
    while (!stopping_ && readMessage(clientFd, fromClient, request, 30000)) {
        const Fault fault = decide();
        if (fault == Fault::Answer500 || fault == Fault::Answer503) {
            const std::string answer = cannedAnswer(fault == Fault::Answer500 ? 500 : 503);
            sendAll(clientFd, answer.data(), answer.size());
            break;
        }
        // A slow network is the scenario here, not a wait for some state: the request is
        // held so a test can act while it is in flight.
        if (fault == Fault::Delay) std::this_thread::sleep_for(std::chrono::milliseconds(300));
        const int upstream = connectTo(upstreamPort_);
        if (upstream < 0) break;  // the hub is down: the laptop sees a refused or cut connection
        if (fault == Fault::CutRequest) {
            sendAll(upstream, request.data(), request.size() / 2);
            ::close(upstream);
            break;
        }
        std::string fromHub;
        std::string response;
        const bool forwarded = sendAll(upstream, request.data(), request.size()) &&
                               readMessage(upstream, fromHub, response, 30000);
        ::close(upstream);
        if (!forwarded) break;
        if (fault == Fault::CutResponse) {
            // The hub has acted; the laptop never hears it. It must resend without doubling.
            sendAll(clientFd, response.data(), response.size() / 2);
            break;
        }
        if (!sendAll(clientFd, response.data(), response.size())) break;
    }
    std::lock_guard lock(connectionsMutex_);
    openFds_.erase(std::remove(openFds_.begin(), openFds_.end(), clientFd), openFds_.end());
    ::close(clientFd);
}

}  // namespace dc::test
