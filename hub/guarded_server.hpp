// A plain-HTTP cpp-httplib server that bounds what one client address can hold: at
// most a number of open connections per address, an idle timeout on every read and a
// deadline for each whole request (head and body). cpp-httplib 0.11 gives each
// connection a worker thread until the connection ends and offers no hook between
// accept() and the request, so this server runs the connection itself (the keep-alive
// loop) and hands each request to cpp-httplib's own parser and router.
#pragma once

#include <httplib.h>
#include <sys/socket.h>

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace dc::hub {

struct ConnectionLimits {
    std::size_t perAddress = 64;
    std::chrono::milliseconds readIdle{5000};  // no byte for this long: the connection ends
    std::chrono::milliseconds writeIdle{5000};
    std::chrono::milliseconds keepAliveIdle{5000};    // between requests
    std::chrono::milliseconds wholeRequest{120'000};  // head and body of one request
    std::size_t requestsPerConnection = 100;
};

// Counts open connections per client address.
class ConnectionCounter {
public:
    explicit ConnectionCounter(std::size_t perAddress) : perAddress_(perAddress) {}
    bool tryOpen(const std::string& address);
    void close(const std::string& address);
    std::size_t openNow();

private:
    std::size_t perAddress_;
    std::mutex mutex_;
    std::map<std::string, std::size_t> open_;
    std::size_t total_ = 0;
};

// cpp-httplib listens with a backlog of 5: a burst of connections beyond it waits for
// SYN retransmits (a second or more) before the hub even sees it. Calling listen()
// again on the bound socket widens the queue (Linux takes the new backlog).
template <class Server>
class WideBacklog : public Server {
public:
    using Server::Server;
    void widenBacklog(int backlog) { ::listen(this->svr_sock_, backlog); }
};

class GuardedServer : public WideBacklog<httplib::Server> {
public:
    explicit GuardedServer(ConnectionLimits limits) : limits_(limits), counter_(limits.perAddress) {}
    // Client connections open now.
    std::size_t openConnections() { return counter_.openNow(); }

private:
    bool process_and_close_socket(socket_t sock) override;

    ConnectionLimits limits_;
    ConnectionCounter counter_;
};

}  // namespace dc::hub
