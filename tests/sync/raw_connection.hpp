// Raw TCP connections to a hub for tests and benchmarks: stalled clients, requests
// cpp-httplib would refuse, several client addresses on loopback.
#pragma once

#include <chrono>
#include <string>

namespace dc::test {

// An open TCP connection to 127.0.0.1:port, closed when it goes out of scope. `from`
// is the loopback address it comes from (all of 127.0.0.0/8 is this machine), so a
// test can play several clients.
class RawConnection {
public:
    explicit RawConnection(int port, const char* from = "127.0.0.1");
    ~RawConnection();
    RawConnection(RawConnection&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;
    RawConnection& operator=(RawConnection&&) = delete;

    void send(const std::string& bytes);
    // Whether the hub still waits on this connection: it has neither closed it nor sent an
    // answer (a timeout's error). Looked at without waiting.
    bool stillOpen() const;
    // Everything the hub sends until it closes the connection or the deadline passes;
    // `closed` tells which of the two ended the wait.
    std::string readUntilClosed(std::chrono::milliseconds deadline, bool& closed);
    // One answer, read until it is complete (head and Content-Length bytes), the hub
    // closes, or the deadline passes.
    std::string readAnswer(std::chrono::milliseconds deadline);

private:
    std::string read(std::chrono::milliseconds deadline, bool& closed, bool stopAtAnswer);
    int fd_;
};

// The body of a raw HTTP answer (after the blank line).
std::string bodyOf(const std::string& answer);

// One request on its own connection; the hub's whole answer.
std::string exchange(int port, const std::string& request);

}  // namespace dc::test
