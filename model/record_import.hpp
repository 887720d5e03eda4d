// A coordinator's bulk import of participants or devices from a spreadsheet saved as
// CSV: the reference import's rules (all lines or none, a reason per line) plus the
// matching of lines to records that already exist.
#pragma once

#include "model/csv_import.hpp"

namespace dc {

enum class RecordList { Participants, Devices };

// "participants" or "devices".
std::optional<RecordList> recordListFromName(std::string_view name);

// A line that matches a record already in the database: a participant with the same
// pseudonym and phone, or a device with the same inventory tag.
struct ImportMatch {
    int line = 0;
    std::string label;  // the pseudonym or the inventory tag, for the coordinator to recognise
};

struct RecordImportOptions {
    // Only check and count: the transaction is rolled back, for a preview.
    bool dryRun = false;
    // A participant who matches an existing one is added all the same (two people may
    // share a pseudonym and a phone, a family's one mobile); by default they are skipped.
    bool includeDuplicates = false;
};

struct RecordImportResult {
    int added = 0;
    int updated = 0;  // devices whose tag exists already take the file's values
    std::vector<ImportMatch> duplicates;  // participants skipped (or added when included)
    std::vector<ImportMatch> updates;     // devices updated by tag
    std::vector<ImportProblem> problems;  // when not empty, nothing was imported
    bool ok() const { return problems.empty(); }
};

// Most lines one import may have: a whole organisation's caseload or inventory.
inline constexpr std::size_t kMaxRecordImportRows = 50000;

// Reads `csvText` (header row first). Participants: pseudonym (naam), phone (telefoon),
// neighbourhood (wijk, by name), age_band (leeftijd), language (taal), consent_date
// (toestemming, YYYY-MM-DD; it records consent to store the data). Devices: asset_tag
// (label), model, kind (soort), serial_number (serienummer), status. Each record is
// checked by the forms' validation and saved through the store, so personal fields are
// encrypted as typed ones are. Any problem on any line imports nothing.
RecordImportResult importRecordsCsv(ServiceContext& ctx, RecordList list, std::string_view csvText,
                                    const RecordImportOptions& options = {});

}  // namespace dc
