// The Report's exports as files in a folder: the record tables a coordinator may take to
// Excel, the figures as CSV and the printable page. Headless, so the app runs them as a
// job on a connection of its own.
#pragma once

#include "model/figures.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace dc {

// What an export wrote: the file names, all in one folder.
struct ExportedFiles {
    std::filesystem::path folder;
    std::vector<std::string> names;
};

// Each throws std::runtime_error with the reason when the folder cannot be made or a file
// cannot be read or written. A file is replaced whole or not at all.

// Every record table as "<table>.csv"; participants without their personal fields.
ExportedFiles exportRecordTables(Store& store, const std::filesystem::path& folder, char separator);
// "figures_<from>_<to>.csv".
ExportedFiles exportFiguresCsv(const Figures& figures, const std::filesystem::path& folder, char separator,
                               const Wording& words);
// "summary_<from>_<to>.html".
ExportedFiles exportSummaryHtml(const Figures& figures, const std::filesystem::path& folder, const Wording& words);

}  // namespace dc
