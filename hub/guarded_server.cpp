// Connection handling with per-address bounds and read deadlines (guarded_server.hpp).
#include "hub/guarded_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace dc::hub {

namespace {

using SteadyClock = std::chrono::steady_clock;

// Waits until the socket is ready for `events`, at most `timeout`.
bool waitFor(int fd, short events, std::chrono::milliseconds timeout) {
    if (timeout.count() <= 0) return false;
    pollfd entry{fd, events, 0};
    for (;;) {
        const int ready = ::poll(&entry, 1, static_cast<int>(timeout.count()));
        if (ready < 0 && errno == EINTR) continue;
        return ready > 0;
    }
}

std::string addressText(const sockaddr_storage& address) {
    char text[INET6_ADDRSTRLEN] = "";
    if (address.ss_family == AF_INET)
        ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(address).sin_addr, text, sizeof text);
    else if (address.ss_family == AF_INET6)
        ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(address).sin6_addr, text, sizeof text);
    return text;
}

int portOf(const sockaddr_storage& address) {
    if (address.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
    if (address.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
    return 0;
}

sockaddr_storage peerOf(int fd) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) address.ss_family = AF_UNSPEC;
    return address;
}

sockaddr_storage localOf(int fd) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) address.ss_family = AF_UNSPEC;
    return address;
}

// A socket as cpp-httplib reads and writes it, with an idle timeout on every wait and
// a deadline for the request being read. Reads are buffered: cpp-httplib reads a head
// one byte at a time.
class DeadlineStream final : public httplib::Stream {
public:
    DeadlineStream(int fd, const ConnectionLimits& limits) : fd_(fd), limits_(limits) {}

    void startRequest() { deadline_ = SteadyClock::now() + limits_.wholeRequest; }

    bool is_readable() const override { return bufferStart_ < bufferEnd_ || waitFor(fd_, POLLIN, readWait()); }
    bool is_writable() const override { return waitFor(fd_, POLLOUT, limits_.writeIdle); }

    ssize_t read(char* out, size_t size) override {
        if (bufferStart_ == bufferEnd_) {
            if (!waitFor(fd_, POLLIN, readWait())) return -1;
            ssize_t received;
            do {
                received = ::recv(fd_, buffer_, sizeof buffer_, 0);
            } while (received < 0 && errno == EINTR);
            if (received <= 0) return received;
            bufferStart_ = 0;
            bufferEnd_ = static_cast<std::size_t>(received);
        }
        const std::size_t count = std::min(size, bufferEnd_ - bufferStart_);
        std::memcpy(out, buffer_ + bufferStart_, count);
        bufferStart_ += count;
        return static_cast<ssize_t>(count);
    }

    ssize_t write(const char* data, size_t size) override {
        if (!is_writable()) return -1;
        ssize_t sent;
        do {
            sent = ::send(fd_, data, size, MSG_NOSIGNAL);
        } while (sent < 0 && errno == EINTR);
        return sent;
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        const sockaddr_storage peer = peerOf(fd_);
        ip = addressText(peer);
        port = portOf(peer);
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override {
        const sockaddr_storage local = localOf(fd_);
        ip = addressText(local);
        port = portOf(local);
    }
    socket_t socket() const override { return fd_; }

    // Waits for the next request of a kept-alive connection.
    bool nextRequestArrives() const { return bufferStart_ < bufferEnd_ || waitFor(fd_, POLLIN, limits_.keepAliveIdle); }

private:
    // The idle timeout, cut short by the request's deadline.
    std::chrono::milliseconds readWait() const {
        const auto untilDeadline =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - SteadyClock::now());
        return std::min(limits_.readIdle, untilDeadline);
    }

    int fd_;
    const ConnectionLimits& limits_;
    SteadyClock::time_point deadline_ = SteadyClock::now();
    char buffer_[4096];
    std::size_t bufferStart_ = 0;
    std::size_t bufferEnd_ = 0;
};

// Holds one of an address's connection slots while the connection is open.
class ConnectionSlot {
public:
    ConnectionSlot(ConnectionCounter& counter, std::string address)
        : counter_(counter), address_(std::move(address)), held_(counter_.tryOpen(address_)) {}
    ~ConnectionSlot() {
        if (held_) counter_.close(address_);
    }
    ConnectionSlot(const ConnectionSlot&) = delete;
    ConnectionSlot& operator=(const ConnectionSlot&) = delete;
    bool held() const { return held_; }

private:
    ConnectionCounter& counter_;
    std::string address_;
    bool held_;
};

// Closes the socket however the connection ends.
class SocketCloser {
public:
    explicit SocketCloser(int fd) : fd_(fd) {}
    ~SocketCloser() {
        ::shutdown(fd_, SHUT_RDWR);
        ::close(fd_);
    }
    SocketCloser(const SocketCloser&) = delete;
    SocketCloser& operator=(const SocketCloser&) = delete;

private:
    int fd_;
};

// Reads and drops what the client sends for a moment (at most 200 ms, 64 KiB).
void discardBriefly(int fd) {
    const auto until = SteadyClock::now() + std::chrono::milliseconds(200);
    char sink[4096];
    for (std::size_t total = 0; total < 64 * 1024;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - SteadyClock::now());
        if (!waitFor(fd, POLLIN, left)) return;
        const ssize_t n = ::recv(fd, sink, sizeof sink, 0);
        if (n <= 0) return;
        total += static_cast<std::size_t>(n);
    }
}

constexpr std::string_view kTooManyConnections =
    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nConnection: close\r\n"
    "Retry-After: 5\r\nContent-Length: 85\r\n\r\n"
    R"({"error":"too_many_connections","message":"too many open connections from one address"})";

}  // namespace

bool ConnectionCounter::tryOpen(const std::string& address) {
    std::lock_guard lock(mutex_);
    std::size_t& open = open_[address];
    if (open >= perAddress_) return false;
    ++open;
    ++total_;
    return true;
}

void ConnectionCounter::close(const std::string& address) {
    std::lock_guard lock(mutex_);
    const auto found = open_.find(address);
    if (found == open_.end()) return;
    --total_;
    if (--found->second == 0) open_.erase(found);
}

std::size_t ConnectionCounter::openNow() {
    std::lock_guard lock(mutex_);
    return total_;
}

bool GuardedServer::process_and_close_socket(socket_t sock) {
    SocketCloser closer(sock);
    ConnectionSlot slot(counter_, addressText(peerOf(sock)));
    if (!slot.held()) {
        (void)::send(sock, kTooManyConnections.data(), kTooManyConnections.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        // Closing with the request unread would reset the connection and could drop the
        // answer before the client reads it: read what came, briefly, then close.
        ::shutdown(sock, SHUT_WR);
        discardBriefly(sock);
        return false;
    }
    DeadlineStream stream(sock, limits_);
    bool ok = false;
    for (std::size_t left = limits_.requestsPerConnection; left > 0 && svr_sock_ != INVALID_SOCKET; --left) {
        if (!stream.nextRequestArrives()) break;
        stream.startRequest();
        bool connectionClosed = false;
        // cpp-httplib calls this once it has read a request's head; a request line or
        // head it refused leaves the stream somewhere in the middle, so the connection ends.
        bool headRead = false;
        ok = process_request(stream, left == 1, connectionClosed, [&](httplib::Request&) { headRead = true; });
        if (!ok || connectionClosed || !headRead) break;
    }
    return ok;
}

}  // namespace dc::hub
