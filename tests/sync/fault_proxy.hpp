// An HTTP-aware TCP proxy for tests: it sits between a laptop and the hub and,
// request by request, passes, delays, cuts the connection mid-request or
// mid-response, or answers 500/503 itself. The plan is seeded, so a failure
// can be replayed.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

namespace dc::test {

enum class Fault { Pass, Delay, CutRequest, CutResponse, Answer500, Answer503 };

class FaultProxy {
public:
    // Decides what happens to each request; called on the proxy's threads under a lock.
    using Plan = std::function<Fault(int requestNumber)>;

    FaultProxy(int upstreamPort, Plan plan);
    ~FaultProxy();
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    int port() const { return port_; }
    void setUpstreamPort(int port) { upstreamPort_ = port; }
    int faultsInjected() const { return faults_; }
    int requestsSeen() const { return requests_; }

    // A plan with `faultCount` faults spread at random over the first requests.
    static Plan randomPlan(uint64_t seed, int faultCount, double faultShare);

private:
    void acceptLoop();
    void serveConnection(int clientFd);
    Fault decide();

    std::atomic<int> upstreamPort_;
    Plan plan_;
    std::mutex planMutex_;
    int listenFd_ = -1;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<int> faults_{0};
    std::atomic<int> requests_{0};
    std::thread acceptThread_;
    std::mutex connectionsMutex_;
    std::vector<std::thread> connections_;
    std::vector<int> openFds_;
};

}  // namespace dc::test
