// Calendar rules for the stored date texts.
#include "model/clock.hpp"

#include <doctest/doctest.h>

using namespace dc;

TEST_CASE("a date must exist in the calendar") {
    CHECK(isValidDate("2024-02-29"));
    CHECK_FALSE(isValidDate("2023-02-29"));
    CHECK_FALSE(isValidDate("2023-13-01"));
    CHECK_FALSE(isValidDate("2023-1-01"));
    CHECK_FALSE(isValidDate("01/02/2023"));
    CHECK_FALSE(isValidDate(""));
}

TEST_CASE("a date and time needs hours up to 23 and minutes up to 59") {
    CHECK(isValidDateTime("2023-06-14T23:59"));
    CHECK_FALSE(isValidDateTime("2023-06-14T24:00"));
    CHECK_FALSE(isValidDateTime("2023-06-14 10:00"));
    CHECK_FALSE(isValidDateTime("2023-06-31T10:00"));
}

TEST_CASE("days are added across month and year ends") {
    CHECK(addDays("2023-12-30", 3) == "2024-01-02");
    CHECK(addDays("2024-03-01", -1) == "2024-02-29");
    CHECK(daysBetween("2023-01-01", "2024-01-01") == 365);
    CHECK(daysBetween("2024-01-10", "2024-01-01") == -9);
}

TEST_CASE("local dates come from the clock in the stored text form") {
    const std::string date = localDate(1686736800000);
    const std::string dateTime = localDateTime(1686736800000);
    CHECK(isValidDate(date));
    CHECK(isValidDateTime(dateTime));
    CHECK(dateTime.substr(0, 10) == date);
}
