// A bare sync client for the crash test: syncs DB with the hub until nothing waits.
// The test kills it with SIGKILL mid-sync and runs it again.
#include "sync/sync_engine.hpp"

#include <cstdio>

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: sync_tool DB URL TOKEN\n");
        return 2;
    }
    dc::Store store = dc::Store::open(argv[1]);
    dc::sync::HttpClient client(dc::sync::HttpOptions::endpoint(argv[2], argv[3]));
    dc::sync::SyncLimits limits;
    limits.pushBatchRecords = 20;
    for (int round = 0; round < 200; ++round) {
        const dc::sync::SyncReport report = dc::sync::syncOnce(store, client, limits);
        if (report.ok() && report.waiting == 0) return 0;
    }
    return 1;
}
