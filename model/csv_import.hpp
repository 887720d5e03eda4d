// Importing one reference list (neighbourhoods, organisations, target groups, help
// categories) from a coordinator's spreadsheet saved as CSV: all lines or none.
#pragma once

#include "model/services.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dc {

enum class ReferenceList { Neighbourhoods, Organisations, TargetGroups, Categories };

// "neighbourhoods", "organisations", "target_groups" or "categories".
std::optional<ReferenceList> referenceListFromName(std::string_view name);

// One CSV record: its fields and the line of the file it starts on (1-based).
struct CsvRow {
    int line = 0;
    std::vector<std::string> fields;
};

struct CsvTable {
    std::vector<CsvRow> rows;  // the header first; blank lines are left out
    // Set when the text is not readable CSV; nothing in `rows` is to be trusted then.
    int errorLine = 0;
    std::string errorKey;
};

// RFC 4180 with what spreadsheets write: an optional UTF-8 BOM, ',' or ';' (whichever the
// header uses more), fields in double quotes with "" for a quote and line breaks inside,
// CRLF or LF. Text that is not UTF-8 is refused.
CsvTable parseCsv(std::string_view text);

// The bytes of a CSV file a coordinator chose, as long as it is small enough to import.
struct CsvFile {
    enum class Status { Read, Unreadable, TooLarge };
    Status status = Status::Unreadable;
    std::string text;
};
// A reference list is a few kilobytes and 10,000 participants under 1 MiB; anything
// this big is the wrong file.
inline constexpr std::uintmax_t kMaxImportFileBytes = 4 * 1024 * 1024;
CsvFile readCsvFile(const std::filesystem::path& path);

// A cell without the spaces and tabs around it; ASCII letters in lower case (headers
// and names are compared so).
std::string trimmed(std::string_view text);
std::string lowered(std::string_view text);

// A reason a line was refused: `messageKey` is translated for the reader; `detail` is
// text from the file (a column name) or empty.
struct ImportProblem {
    int line = 0;
    std::string messageKey;
    std::string detail;
};

// Why no line of the file can be imported (it is not readable CSV, or it is empty), or nothing.
std::optional<ImportProblem> wholeFileProblem(const CsvTable& table);

struct ImportResult {
    int added = 0;
    int updated = 0;
    int unchanged = 0;
    std::vector<ImportProblem> problems;  // when not empty, nothing was imported
    bool ok() const { return problems.empty(); }
};

// Most lines a list may have; the longest real list (categories) has about forty.
inline constexpr std::size_t kMaxImportRows = 5000;

// Reads `csvText` (header row first; columns by list: name [name_en] [city] |
// name [name_en] [kind] | name [name_en] | name [name_en] [parent] [sort_order], Dutch
// headers accepted too) and adds or updates records by
// name (a subcategory by name within its parent), in one transaction. Any problem on any
// line imports nothing and lists every problem found.
ImportResult importReferenceCsv(ServiceContext& ctx, ReferenceList list, std::string_view csvText);

}  // namespace dc
