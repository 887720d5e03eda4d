// The demo generator: deterministic, valid and consistent data.
#include "model/demo_data.hpp"
#include "test_support.hpp"
#include "tests/test_environment.hpp"

#include <doctest/doctest.h>

#include <map>

using namespace dc;
using namespace dc::test;

namespace {
DemoOptions smallDemo() {
    return {.participants = 120, .helpRequests = 800, .devices = 40, .groupSessions = 20, .screenings = 30};
}
}  // namespace

TEST_CASE("demo data passes the same validation as a coach's input") {
    // On the fixed test day and on the run's date (DIGICOACH_TEST_DATE, or today): the
    // data is dated back from "now", so a leap day or a new year must not break it.
    for (const int64_t nowMs : {kTestNowMs, testNowMs()}) {
        CAPTURE(localDate(nowMs));
        TempDir dir;
        Store store = Store::open(dir.file("demo.db").string());
        FixedClock clock(nowMs);
        REQUIRE_FALSE(hasFieldRecords(store));
        const DemoSummary summary = generateDemoData(store, smallDemo(), clock);
        CHECK(hasFieldRecords(store));
        CHECK(summary.participants == 120);
        CHECK(summary.helpRequests == 800);
        CHECK(summary.devices == 40);
        std::size_t problems = 0;
        for (const auto& p : store.all<Participant>()) problems += validate(store, p).size();
        for (const auto& h : store.all<HelpRequest>()) problems += validate(store, h).size();
        for (const auto& s : store.all<GroupSession>()) problems += validate(store, s).size();
        for (const auto& s : store.all<SkillsScreening>()) problems += validate(store, s).size();
        CHECK(problems == 0);
        CHECK(store.db().pragmaInteger("foreign_key_check") == 0);
    }
}

TEST_CASE("every device's status matches its handouts in the demo data") {
    TempDir dir;
    Store store = Store::open(dir.file("demo.db").string());
    FixedClock clock(kTestNowMs);
    generateDemoData(store, smallDemo(), clock);
    std::map<std::string, int> openLoans;
    std::map<std::string, bool> given;
    for (const auto& h : store.all<DeviceHandout>()) {
        if (h.kind == "loan" && !h.returnedOn) ++openLoans[h.deviceId];
        if (h.kind == "donation") given[h.deviceId] = true;
        if (h.returnedOn) CHECK(*h.returnedOn >= h.handedOutOn);
    }
    int lent = 0;
    for (const auto& d : store.all<Device>()) {
        CHECK(openLoans[d.meta.id] <= 1);
        CHECK((d.status == "lent") == (openLoans[d.meta.id] == 1));
        CHECK((d.status == "given") == given[d.meta.id]);
        lent += d.status == "lent";
    }
    CHECK(lent > 0);
}

TEST_CASE("the same seed gives the same demo data") {
    TempDir dir;
    FixedClock clock(kTestNowMs);
    auto fingerprint = [&](const char* name, uint64_t seed) {
        Store store = Store::open(dir.file(name).string());
        DemoOptions o = smallDemo();
        o.seed = seed;
        generateDemoData(store, o, clock);
        Statement q = store.db().prepare(
            "SELECT group_concat(occurred_at || channel || duration_minutes, '|') FROM "
            "(SELECT * FROM help_requests ORDER BY rowid)");
        q.step();
        return q.text(0);
    };
    CHECK(fingerprint("a.db", 7) == fingerprint("b.db", 7));
    CHECK(fingerprint("c.db", 7) != fingerprint("d.db", 8));
}

TEST_CASE("demo help requests follow the annual report's shape") {
    TempDir dir;
    Store store = Store::open(dir.file("demo.db").string());
    FixedClock clock(kTestNowMs);
    DemoOptions o = smallDemo();
    o.helpRequests = 5000;
    generateDemoData(store, o, clock);
    Statement q = store.db().prepare(
        "SELECT sum(parent.name = 'Technische hulp'), sum(parent.name = 'Digitale diensten'), count(*), "
        "sum(h.channel = 'digipunt'), sum(strftime('%w', substr(h.occurred_at, 1, 10)) = '0') "
        "FROM help_requests h JOIN help_categories c ON c.id = h.category_id "
        "JOIN help_categories parent ON parent.id = c.parent_id");
    REQUIRE(q.step());
    const double total = static_cast<double>(q.integer(2));
    CHECK(q.integer(0) / total == doctest::Approx(0.41).epsilon(0.1));
    CHECK(q.integer(1) / total == doctest::Approx(0.33).epsilon(0.1));
    CHECK(q.integer(3) / total > 0.5);
    CHECK(q.integer(4) == 0);  // nobody works on Sunday
}

TEST_CASE("demo data is never dated after now, even early in the morning") {
    // 06:30 UTC: the working hours of the day are still ahead, in Brussels and in UTC.
    const int64_t earlyMs = epochMsFromUtcDate(localDate(testNowMs())) + (6 * 60 + 30) * 60 * 1000;
    CAPTURE(localDateTime(earlyMs));
    TempDir dir;
    Store store = Store::open(dir.file("demo.db").string());
    FixedClock clock(earlyMs);
    DemoOptions o = smallDemo();
    o.helpRequests = 5000;  // several on every working day, today included if it were drawn
    generateDemoData(store, o, clock);
    const std::string now = localDateTime(earlyMs);
    const std::string today = localDate(earlyMs);
    Statement latest = store.db().prepare(
        "SELECT (SELECT max(occurred_at) FROM help_requests), (SELECT max(held_on) FROM group_sessions), "
        "(SELECT max(screened_on) FROM skills_screenings), (SELECT max(handed_out_on) FROM device_handouts), "
        "(SELECT max(returned_on) FROM device_handouts), (SELECT min(occurred_at) FROM help_requests)");
    REQUIRE(latest.step());
    CHECK(latest.text(0) <= now);
    CHECK(latest.text(1) <= today);
    CHECK(latest.text(2) <= today);
    CHECK(latest.text(3) <= today);
    CHECK(latest.text(4) <= today);
    // Four years back: a funder's project years and a period across two calendar years have records.
    CHECK(latest.text(5) < localDate(earlyMs - int64_t{3} * 365 * 24 * 3600 * 1000));
}
