// Fuzzes the CSV reader and the reference-list import into a real store. The first
// byte picks the list; the rest is the file.
#include "fuzz_support.hpp"
#include "model/csv_import.hpp"

#include <cstdint>

namespace {

struct Laptop {
    dc::Store store = dc::Store::open((dc::fuzz::scratchFolder() / "laptop.db").string());
    dc::FixedClock clock{1686736800000};
    dc::ServiceContext ctx{store, clock, "coordinator"};
    Laptop() { dc::ReferenceService(ctx).seedDefaults(); }
};

Laptop& laptop() {
    static Laptop instance;
    return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    constexpr dc::ReferenceList kLists[] = {dc::ReferenceList::Neighbourhoods, dc::ReferenceList::Organisations,
                                            dc::ReferenceList::TargetGroups, dc::ReferenceList::Categories};
    const dc::ReferenceList list = kLists[data[0] % 4];
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

    const dc::CsvTable table = dc::parseCsv(text);
    dc::fuzz::expect(table.errorKey.empty() == (table.errorLine == 0), "a CSV error has a line");
    for (const dc::CsvRow& row : table.rows) dc::fuzz::expect(row.line >= 1, "rows have line numbers");

    Laptop& l = laptop();
    const int64_t outboxBefore = l.store.outboxCount();
    const dc::ImportResult first = dc::importReferenceCsv(l.ctx, list, text);
    for (const dc::ImportProblem& p : first.problems) {
        dc::fuzz::expect(p.line >= 1, "a problem names its line");
        dc::fuzz::expect(p.messageKey.starts_with("problem."), "a problem has a translation key");
    }
    if (!first.ok()) {
        dc::fuzz::expect(l.store.outboxCount() == outboxBefore, "a refused file changes nothing");
        return 0;
    }
    // Importing the same file twice changes nothing the second time.
    const dc::ImportResult second = dc::importReferenceCsv(l.ctx, list, text);
    dc::fuzz::expect(second.ok() && second.added == 0 && second.updated == 0, "an import is idempotent");
    return 0;
}
