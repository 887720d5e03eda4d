// Shared by the benchmarks: timing statistics and the one table row format that
// bench/run collects: | scenario | target | measured | status |
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

namespace dc::bench {

struct Spread {
    double median = 0;
    double min = 0;
    double max = 0;
    double p99 = 0;
};

inline Spread spreadOf(std::vector<double> samples) {
    Spread s;
    if (samples.empty()) return s;
    std::sort(samples.begin(), samples.end());
    s.median = samples[samples.size() / 2];
    s.min = samples.front();
    s.max = samples.back();
    s.p99 = samples[std::min(samples.size() - 1, static_cast<std::size_t>(static_cast<double>(samples.size()) * 0.99))];
    return s;
}

inline double millisecondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// CPU time of the calling thread: unlike wall time it leaves out the moments the
// thread was waiting for a core, which a machine shared with builds has many of.
inline double threadCpuMs() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1000.0 + static_cast<double>(now.tv_nsec) / 1e6;
}

// One row of the results table; `pass` decides "pass" or "short".
inline void printRow(const std::string& scenario, const std::string& target, const std::string& measured, bool pass) {
    std::printf("| %s | %s | %s | %s |\n", scenario.c_str(), target.c_str(), measured.c_str(), pass ? "pass" : "short");
    std::fflush(stdout);
}

// A row for a hardware limit measured beside our own figure.
inline void printRatioRow(const std::string& scenario, const std::string& measured) {
    std::printf("| %s | (limit) | %s | ratio |\n", scenario.c_str(), measured.c_str());
    std::fflush(stdout);
}

inline std::string format(const char* pattern, double a, double b = 0, double c = 0) {
    char buffer[160];
    std::snprintf(buffer, sizeof buffer, pattern, a, b, c);
    return buffer;
}

}  // namespace dc::bench
