// Seeded, realistic Ghent-like data for `digicoach demo`, `--demo`, tests and benchmarks.
#pragma once

#include "model/clock.hpp"
#include "model/store.hpp"

#include <cstdint>

namespace dc {

struct DemoOptions {
    uint64_t seed = 2023;
    int participants = 400;
    int helpRequests = 6000;
    int devices = 80;
    int groupSessions = 100;
    int screenings = 250;
    int coaches = 6;
    // Records span the 48 months before the clock's "now": long enough for a funder's
    // project years and a period across two calendar years to hold records.
    int monthsOfHistory = 48;
};

struct DemoSummary {
    int64_t participants = 0;
    int64_t helpRequests = 0;
    int64_t devices = 0;
    int64_t handouts = 0;
    int64_t groupSessions = 0;
    int64_t attendances = 0;
    int64_t screenings = 0;
};

// Adds demo records (reference lists are seeded first if empty). Writes in one
// transaction, each record with its outbox entry, so the result can be synced.
DemoSummary generateDemoData(Store& store, const DemoOptions& options, const Clock& clock);

// True when the database already holds field records; `--demo` fills only a database without any.
bool hasFieldRecords(Store& store);

}  // namespace dc
