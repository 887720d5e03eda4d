// Writing the Report's exports into a folder.
#include "model/report_export.hpp"

#include "model/file_output.hpp"

#include <utility>

namespace dc {

namespace {

// The record tables a coordinator may take to Excel.
constexpr const char* kExportTables[] = {"help_requests",  "participants",   "devices",
                                         "device_handouts", "group_sessions", "skills_screenings"};

using NamedContent = std::pair<std::string, std::string>;

// Everything is produced before the first file is written, so a read failure leaves the
// folder as it was.
ExportedFiles writeAll(const std::filesystem::path& folder, const std::vector<NamedContent>& files) {
    std::filesystem::create_directories(folder);
    ExportedFiles written{folder, {}};
    for (const auto& [name, content] : files) {
        writeFileReplacing(folder / name, content);
        written.names.push_back(name);
    }
    return written;
}

std::string periodSuffix(const Figures& figures) { return figures.filter.period.from + "_" + figures.filter.period.to; }

}  // namespace

ExportedFiles exportRecordTables(Store& store, const std::filesystem::path& folder, char separator) {
    std::vector<NamedContent> files;
    for (const char* table : kExportTables)
        files.emplace_back(std::string(table) + ".csv", exportTableCsv(store, table, separator));
    return writeAll(folder, files);
}

ExportedFiles exportFiguresCsv(const Figures& figures, const std::filesystem::path& folder, char separator,
                               const Wording& words) {
    return writeAll(folder, {{"figures_" + periodSuffix(figures) + ".csv", figuresToCsv(figures, separator, words)}});
}

ExportedFiles exportSummaryHtml(const Figures& figures, const std::filesystem::path& folder, const Wording& words) {
    return writeAll(folder, {{"summary_" + periodSuffix(figures) + ".html", figuresToHtml(figures, words)}});
}

}  // namespace dc
