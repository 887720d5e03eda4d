// Writes the funder's one-page sheet. Which blocks it has comes from the project's
// indicators; the figures are the headline figures the report shows.
#include "model/funder_sheet.hpp"

#include "model/html_text.hpp"
#include "model/number_format.hpp"

#include <cmath>
#include <vector>

namespace dc {

namespace {

// One line of an indicator block: a headline figure, and whether it counts people (or
// records about people), which the small-count rule hides below 5.
struct SheetLine {
    const char* key;
    bool countsPeople = true;
};

struct IndicatorBlock {
    const char* indicator;  // a code of kProjectIndicators
    std::vector<SheetLine> lines;
};

const std::vector<IndicatorBlock>& indicatorBlocks() {
    static const std::vector<IndicatorBlock> blocks = {
        {"people_reached", {{"help.people_helped"}, {"training.people_trained"}, {"screenings.people_screened"}}},
        {"help_requests", {{"help.answered"}, {"help.at_home"}, {"help.anonymous"}}},
        {"help_by_category", {}},
        {"training", {{"training.sessions", false}, {"training.attendances"}, {"training.people_trained"}}},
        {"devices", {{"devices.lent"}, {"devices.given"}, {"devices.returned"}}},
        {"internet_support",
         {{"devices.internet_support.social_tariff"}, {"devices.internet_support.pasoa"},
          {"devices.internet_support.hotspot"}, {"devices.internet_support.package"}}},
        {"screenings",
         {{"screenings.screenings"}, {"screenings.people_screened"}, {"screenings.people_with_progress"},
          {"screenings.average_progress", false}}},
    };
    return blocks;
}

bool reports(const Project& project, std::string_view indicator) {
    for (const std::string& code : project.indicators)
        if (code == indicator) return true;
    return false;
}

}  // namespace

std::string countOrSmall(int64_t count, const NumberStyle& numbers) {
    if (count > 0 && count < kSmallestCountShown) return "&lt; " + std::to_string(kSmallestCountShown);
    return formatNumber(static_cast<double>(count), 0, numbers);
}

std::string funderSheetHtml(const Figures& figures, const Project& project, const Wording& words) {
    const NumberStyle numbers = words.numbers();
    auto w = [&](std::string_view key) { return escapeHtml(words.text(key)); };
    const Period& period = figures.filter.period;
    const std::vector<Change> changes = headlineChanges(figures);
    auto changeOf = [&](std::string_view key) -> const Change& {
        for (const Change& c : changes)
            if (c.key == key) return c;
        throw std::logic_error("no headline figure " + std::string(key));
    };
    // A mean over fewer than 5 people would describe them: it is hidden with them.
    const bool fewWithProgress = figures.current.screenings.peopleWithProgress < kSmallestCountShown;
    const bool fewWithProgressBefore = figures.previousTotals.screenings.peopleWithProgress < kSmallestCountShown;
    auto cell = [&](const SheetLine& line, double value, bool fewPeopleBehind) {
        if (line.countsPeople) return countOrSmall(static_cast<int64_t>(value), numbers);
        if (fewPeopleBehind && std::string_view(line.key) == "screenings.average_progress") return std::string("–");
        return formatNumber(value, value == std::floor(value) ? 0 : 1, numbers);
    };

    std::string html = "<!DOCTYPE html>\n<html lang=\"" + words.language + "\">\n<head>\n<meta charset=\"utf-8\">\n";
    html += "<title>" + escapeHtml(project.name) + " – " + escapeHtml(period.from) + " – " + escapeHtml(period.to) +
            "</title>\n";
    // One A4 page in print: a few blocks side by side, large enough to read, nothing to click.
    html +=
        "<style>\n@page { size: A4; margin: 15mm; }\n"
        "body { font-family: 'Segoe UI', Arial, sans-serif; font-size: 10.5pt; color: #1a1a1a; margin: 0 auto;"
        " max-width: 180mm; }\n"
        "h1 { font-size: 20pt; margin: 0 0 1mm; } h2 { font-size: 12pt; margin: 0 0 1.5mm; color: #1d4f91; }\n"
        ".funder { font-size: 12pt; margin-bottom: 2mm; } .sub { color: #444; margin-bottom: 5mm; }\n"
        // Two blocks a row with inline blocks: print engines without CSS grid lay them out too.
        ".block { display: inline-block; width: 47%; margin: 0 5% 5mm 0; vertical-align: top;"
        " break-inside: avoid; } .block:nth-child(2n) { margin-right: 0; }\n"
        "table { border-collapse: collapse; width: 100%; }\n"
        "th, td { padding: 1mm 1.5mm; border-bottom: 0.2mm solid #ccc; text-align: right; }\n"
        "th:first-child, td:first-child { text-align: left; } th { font-weight: normal; color: #555; }\n"
        "td.now { font-weight: bold; } td + td { white-space: nowrap; }\n"
        ".note { margin-top: 6mm; font-size: 9pt; color: #555; }\n"
        "@media print { body { max-width: none; } }\n"
        "</style>\n</head>\n<body>\n";
    html += "<h1>" + escapeHtml(project.name) + "</h1>\n";
    html += "<div class=\"funder\">" + w("sheet.funder") + ": " + escapeHtml(project.funder) +
            (project.region.empty() ? "" : " · " + w("sheet.region") + ": " + escapeHtml(project.region)) + "</div>\n";
    html += "<div class=\"sub\">" + w("sheet.period") + ": " + escapeHtml(period.from) + " – " + escapeHtml(period.to) +
            " · " + w("sheet.previous") + ": " + escapeHtml(figures.previous.from) + " – " +
            escapeHtml(figures.previous.to) + " · " + w("sheet.project_runs") + ": " + escapeHtml(project.startsOn) +
            " – " + (project.endsOn ? escapeHtml(*project.endsOn) : w("sheet.no_end")) + "</div>\n";
    html += "<div>\n";
    const std::string header = "<tr><th></th><th>" + w("sheet.this_period") + "</th><th>" + w("sheet.previous") +
                               "</th></tr>\n";
    for (const IndicatorBlock& block : indicatorBlocks()) {
        if (!reports(project, block.indicator)) continue;
        const std::string title = w(std::string("sheet.indicator.") + block.indicator);
        if (block.lines.empty()) {
            // Shares only where the count behind them is large enough to show.
            html += "<div class=\"block\"><h2>" + title + "</h2>\n<table>\n" + header;
            for (const Share& share : figures.current.help.byCategory) {
                const std::string label = share.label.empty() ? words.text("report.unknown") : share.label;
                const bool small = share.count > 0 && share.count < kSmallestCountShown;
                int64_t previousCount = 0;
                for (const Share& before : figures.previousTotals.help.byCategory)
                    if (before.key == share.key) previousCount = before.count;
                html += "<tr><td>" + escapeHtml(label) + "</td><td class=\"now\">" +
                        countOrSmall(share.count, numbers) +
                        (small || share.count == 0 ? "" : " (" + formatNumber(std::round(share.share * 100), 0, numbers) + "%)") +
                        "</td><td>" + countOrSmall(previousCount, numbers) + "</td></tr>\n";
            }
            html += "</table></div>\n";
            continue;
        }
        html += "<div class=\"block\"><h2>" + title + "</h2>\n<table>\n" + header;
        for (const SheetLine& line : block.lines) {
            const Change& change = changeOf(line.key);
            html += "<tr><td>" + w(headlineLabelKey(line.key)) + "</td><td class=\"now\">" +
                    cell(line, change.current, fewWithProgress) + "</td><td>" +
                    cell(line, change.previous, fewWithProgressBefore) + "</td></tr>\n";
        }
        html += "</table></div>\n";
    }
    html += "</div>\n<p class=\"note\">" + w("sheet.small_count_note") + "</p>\n</body>\n</html>\n";
    return html;
}

}  // namespace dc
