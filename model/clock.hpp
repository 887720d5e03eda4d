// Time as the model sees it: an injectable clock and the local-date text forms
// stored in the database ("YYYY-MM-DD", "YYYY-MM-DDTHH:MM").
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dc {

class Clock {
public:
    virtual ~Clock() = default;
    virtual int64_t nowMs() const = 0;
};

class SystemClock final : public Clock {
public:
    int64_t nowMs() const override;
};

// For tests and the demo generator: time stands still unless moved.
class FixedClock final : public Clock {
public:
    explicit FixedClock(int64_t nowMs) : nowMs_(nowMs) {}
    int64_t nowMs() const override { return nowMs_; }
    void advanceMs(int64_t deltaMs) { nowMs_ += deltaMs; }

private:
    int64_t nowMs_;
};

std::string localDate(int64_t epochMs);      // "YYYY-MM-DD" in local time
std::string localDateTime(int64_t epochMs);  // "YYYY-MM-DDTHH:MM" in local time

// Calendar-checked parsing: "2023-02-30" is not a date.
bool isValidDate(std::string_view date);
bool isValidDateTime(std::string_view dateTime);
// "YYYY-MM-DD" as a calendar day, or none when it is not a valid date.
std::optional<std::chrono::year_month_day> parseDate(std::string_view date);
std::string formatDate(std::chrono::year_month_day day);
std::string addDays(std::string_view date, int days);
// Days from `from` to `to`, negative when `to` comes first.
int daysBetween(std::string_view from, std::string_view to);
int64_t epochMsFromUtcDate(std::string_view date);  // midnight UTC of a valid date

}  // namespace dc
