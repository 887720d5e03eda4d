// Wall clock and calendar arithmetic on the stored date texts.
#include "model/clock.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace dc {

int64_t SystemClock::nowMs() const {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

namespace {
std::tm localTm(int64_t epochMs) {
    const std::time_t seconds = static_cast<std::time_t>(epochMs / 1000);
    std::tm tm{};
    localtime_r(&seconds, &tm);
    return tm;
}

std::chrono::sys_days toDays(std::string_view date) {
    const std::optional<std::chrono::year_month_day> day = parseDate(date);
    return day ? std::chrono::sys_days{*day} : std::chrono::sys_days{};
}
}  // namespace

std::string localDate(int64_t epochMs) {
    const std::tm tm = localTm(epochMs);
    char buffer[16];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &tm);
    return buffer;
}

std::string localDateTime(int64_t epochMs) {
    const std::tm tm = localTm(epochMs);
    char buffer[24];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M", &tm);
    return buffer;
}

std::optional<std::chrono::year_month_day> parseDate(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int parts[3] = {0, 0, 0};
    const std::size_t starts[3] = {0, 5, 8};
    const std::size_t lengths[3] = {4, 2, 2};
    for (int p = 0; p < 3; ++p) {
        for (std::size_t i = 0; i < lengths[p]; ++i) {
            const char c = text[starts[p] + i];
            if (c < '0' || c > '9') return std::nullopt;
            parts[p] = parts[p] * 10 + (c - '0');
        }
    }
    const std::chrono::year_month_day day{std::chrono::year{parts[0]}, std::chrono::month{static_cast<unsigned>(parts[1])},
                                          std::chrono::day{static_cast<unsigned>(parts[2])}};
    if (!day.ok()) return std::nullopt;
    return day;
}

std::string formatDate(std::chrono::year_month_day day) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(day.year()),
                  static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
    return buffer;
}

bool isValidDate(std::string_view date) { return parseDate(date).has_value(); }

bool isValidDateTime(std::string_view dateTime) {
    if (dateTime.size() != 16 || dateTime[10] != 'T' || dateTime[13] != ':') return false;
    if (!isValidDate(dateTime.substr(0, 10))) return false;
    auto twoDigits = [&](std::size_t at, int max) {
        const char a = dateTime[at], b = dateTime[at + 1];
        if (a < '0' || a > '9' || b < '0' || b > '9') return false;
        return (a - '0') * 10 + (b - '0') <= max;
    };
    return twoDigits(11, 23) && twoDigits(14, 59);
}

std::string addDays(std::string_view date, int days) {
    return formatDate(std::chrono::year_month_day{toDays(date) + std::chrono::days{days}});
}

int daysBetween(std::string_view from, std::string_view to) {
    return static_cast<int>((toDays(to) - toDays(from)).count());
}

int64_t epochMsFromUtcDate(std::string_view date) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(toDays(date).time_since_epoch()).count();
}

}  // namespace dc
