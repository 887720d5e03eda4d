// Raw TCP connections for tests and benchmarks (raw_connection.hpp).
#include "raw_connection.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include <stdexcept>

namespace dc::test {

namespace {

// True once `received` holds a whole answer: its head and Content-Length bytes of body.
bool isCompleteAnswer(const std::string& received) {
    const auto headEnd = received.find("\r\n\r\n");
    if (headEnd == std::string::npos) return false;
    const auto length = received.find("Content-Length: ");
    if (length == std::string::npos || length > headEnd) return true;
    return received.size() >= headEnd + 4 + std::stoul(received.substr(length + 16));
}

}  // namespace

RawConnection::RawConnection(int port, const char* from) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    if (fd_ < 0) throw std::runtime_error("socket() failed");
    sockaddr_in source{};
    source.sin_family = AF_INET;
    ::inet_pton(AF_INET, from, &source.sin_addr);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd_, reinterpret_cast<const sockaddr*>(&source), sizeof source) != 0 ||
        ::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd_);
        throw std::runtime_error("cannot connect to the hub");
    }
}

RawConnection::~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
}

void RawConnection::send(const std::string& bytes) {
    if (::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(bytes.size()))
        throw std::runtime_error("send() failed");
}

std::string RawConnection::readUntilClosed(std::chrono::milliseconds deadline, bool& closed) {
    return read(deadline, closed, false);
}

bool RawConnection::stillOpen() const {
    char byte = 0;
    const ssize_t n = ::recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

std::string RawConnection::readAnswer(std::chrono::milliseconds deadline) {
    bool closed = false;
    return read(deadline, closed, true);
}

std::string RawConnection::read(std::chrono::milliseconds deadline, bool& closed, bool stopAtAnswer) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    std::string received;
    closed = false;
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
        if (left.count() <= 0) return received;
        pollfd wait{fd_, POLLIN, 0};
        if (::poll(&wait, 1, static_cast<int>(left.count())) <= 0) continue;
        char buffer[4096];
        const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
        if (n <= 0) {
            closed = true;
            return received;
        }
        received.append(buffer, static_cast<std::size_t>(n));
        if (stopAtAnswer && isCompleteAnswer(received)) return received;
    }
}

std::string bodyOf(const std::string& answer) {
    const auto end = answer.find("\r\n\r\n");
    return end == std::string::npos ? std::string() : answer.substr(end + 4);
}

std::string exchange(int port, const std::string& request) {
    RawConnection connection(port);
    connection.send(request);
    return connection.readAnswer(std::chrono::seconds(20));
}

}  // namespace dc::test
