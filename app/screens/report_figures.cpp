// The Report screen's figures: headline lines with their previous-period change, the
// charts and the breakdown tables, all read from one computed Figures.
#include "app/screens/report.hpp"

#include "app/i18n.hpp"
#include "app/theme.hpp"
#include "app/widgets.hpp"
#include "app/widgets/bar_chart.hpp"
#include "model/number_format.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace dc::app {

namespace {

// The headline figures of each section, by their key in headlineChanges().
constexpr const char* kHelpLines[] = {"help.answered", "help.at_home", "help.anonymous", "help.people_helped"};
constexpr const char* kTrainingLines[] = {"training.people_trained", "training.sessions", "training.attendances",
                                          "training.registered_attendances", "training.anonymous_head_count"};
constexpr const char* kDeviceLines[] = {"devices.lent",
                                        "devices.given",
                                        "devices.returned",
                                        "devices.overdue",
                                        "devices.internet_support.social_tariff",
                                        "devices.internet_support.pasoa",
                                        "devices.internet_support.hotspot",
                                        "devices.internet_support.package"};
constexpr const char* kScreeningLines[] = {"screenings.screenings", "screenings.people_screened",
                                           "screenings.people_with_progress", "screenings.average_progress"};

constexpr const char* kMonthNames[] = {
    trKey("month.1"), trKey("month.2"), trKey("month.3"),  trKey("month.4"),  trKey("month.5"),  trKey("month.6"),
    trKey("month.7"), trKey("month.8"), trKey("month.9"), trKey("month.10"), trKey("month.11"), trKey("month.12"),
};

struct BreakdownColumn {
    const char* labelKey;
    int64_t BreakdownRow::*member;
};
constexpr BreakdownColumn kBreakdownColumns[] = {
    {trKey("report.col.help_requests"), &BreakdownRow::helpRequests},
    {trKey("report.col.at_home"), &BreakdownRow::atHome},
    {trKey("report.col.sessions"), &BreakdownRow::sessions},
    {trKey("report.col.attendances"), &BreakdownRow::attendances},
    {trKey("report.col.devices_lent"), &BreakdownRow::devicesLent},
    {trKey("report.col.devices_given"), &BreakdownRow::devicesGiven},
    {trKey("report.col.screenings"), &BreakdownRow::screenings},
};

// ---- Numbers as a coach reads them: "16.575", "8,5", "+39 (+40%)" ----

std::string countText(int64_t value) { return formatNumber(static_cast<double>(value), 0, translator().numbers()); }

std::string figureValue(double value, bool isCount) {
    return formatNumber(value, isCount ? 0 : 1, translator().numbers());
}

std::string signedText(std::string text, double value) { return (value > 0 ? "+" : "") + text; }

std::string changeText(const Change& change, bool isCount) {
    std::string text = signedText(figureValue(change.delta, isCount), change.delta);
    // Whole percentages: enough for a report, and "37,5%" would wrap at its comma.
    if (change.percent) text += " (" + signedText(std::to_string(std::lround(*change.percent)), *change.percent) + "%)";
    return text;
}

std::string percentText(double fraction) { return std::to_string(std::lround(fraction * 100)) + "%"; }

std::string monthLabel(const std::string& key) {
    // "2024-03" -> "maart 2024"
    const int month = std::stoi(key.substr(5, 2));
    return std::string(tr(kMonthNames[month - 1])) + " " + key.substr(0, 4);
}

// ---- Charts ----

void monthChart(const Figures& figures) {
    const bool withPrevious = figures.previousByMonth.size() == figures.byMonth.size();
    int64_t largest = 1;
    for (const BreakdownRow& row : figures.byMonth) largest = std::max(largest, row.helpRequests);
    if (withPrevious)
        for (const BreakdownRow& row : figures.previousByMonth) largest = std::max(largest, row.helpRequests);
    if (withPrevious) ui::mutedText(tr("report.chart.legend"));
    std::vector<ui::Bar> bars;
    for (std::size_t i = 0; i < figures.byMonth.size(); ++i) {
        const BreakdownRow& row = figures.byMonth[i];
        ui::Bar bar{row.key, monthLabel(row.key) + ": " + countText(row.helpRequests),
                    static_cast<double>(row.helpRequests) / static_cast<double>(largest), std::nullopt};
        if (withPrevious) {
            const BreakdownRow& before = figures.previousByMonth[i];
            bar.text += "   (" + monthLabel(before.key) + ": " + countText(before.helpRequests) + ")";
            bar.markerFraction = static_cast<double>(before.helpRequests) / static_cast<double>(largest);
        }
        bars.push_back(std::move(bar));
    }
    ui::barChart(bars);
}

template <class LabelOf>
void shareChart(const std::vector<Share>& shares, LabelOf&& labelOf) {
    std::vector<ui::Bar> bars;
    for (const Share& share : shares)
        bars.push_back({share.key, labelOf(share) + ": " + percentText(share.share) + " (" + countText(share.count) + ")",
                        share.share, std::nullopt});
    ui::barChart(bars);
}

void chartTitle(const char* text) {
    ImGui::Spacing();
    ImGui::TextWrapped("%s", text);
}

// ---- Figure lists ----

bool isWide() { return ImGui::GetContentRegionAvail().x >= 600.0f * textScale(); }

template <std::size_t N>
void figureLines(const char* tableId, const char* const (&lines)[N], const std::map<std::string, Change>& changes) {
    if (isWide()) {
        const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
        if (!ImGui::BeginTable(tableId, 4, flags)) return;
        ImGui::TableSetupColumn(tr("report.col.figure"), ImGuiTableColumnFlags_WidthStretch, 3.0f);
        ImGui::TableSetupColumn(tr("report.col.current"), ImGuiTableColumnFlags_WidthStretch, 1.2f);
        ImGui::TableSetupColumn(tr("report.col.previous"), ImGuiTableColumnFlags_WidthStretch, 1.2f);
        ImGui::TableSetupColumn(tr("report.col.change"), ImGuiTableColumnFlags_WidthStretch, 1.6f);
        ImGui::TableHeadersRow();
        for (const char* line : lines) {
            const auto found = changes.find(line);
            if (found == changes.end()) continue;
            const Change& c = found->second;
            const bool isCount = c.key != "screenings.average_progress";
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", tr(headlineLabelKey(line)));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(figureValue(c.current, isCount).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(figureValue(c.previous, isCount).c_str());
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", changeText(c, isCount).c_str());
        }
        ImGui::EndTable();
        return;
    }
    // Narrow: the figure, its value large, and the comparison on its own line.
    for (const char* line : lines) {
        const auto found = changes.find(line);
        if (found == changes.end()) continue;
        const Change& c = found->second;
        const bool isCount = c.key != "screenings.average_progress";
        ImGui::TextWrapped("%s", tr(headlineLabelKey(line)));
        ImGui::SetWindowFontScale(1.25f);
        ImGui::TextUnformatted(figureValue(c.current, isCount).c_str());
        ImGui::SetWindowFontScale(1.0f);
        ui::mutedText(trFormat("report.compared", {figureValue(c.previous, isCount), changeText(c, isCount)}).c_str());
        ImGui::Separator();
    }
}

void breakdownTable(const char* tableId, const char* firstColumnKey, const std::vector<BreakdownRow>& rows,
                    bool monthLabels, const char* emptyLabelKey = "report.unknown") {
    auto labelOf = [&](const BreakdownRow& row) -> std::string {
        return monthLabels ? monthLabel(row.key) : row.label.empty() ? tr(emptyLabelKey) : row.label;
    };
    if (!isWide()) {
        // A phone: one short paragraph per row reads better than a table scrolled sideways.
        for (const BreakdownRow& row : rows) {
            ImGui::TextWrapped("%s", labelOf(row).c_str());
            std::string counts;
            for (const BreakdownColumn& column : kBreakdownColumns) {
                if (!counts.empty()) counts += "  \xC2\xB7  ";
                counts += std::string(tr(column.labelKey)) + " " + countText(row.*(column.member));
            }
            ui::mutedText(counts.c_str());
            ImGui::Separator();
        }
        return;
    }
    constexpr int kColumns = 1 + static_cast<int>(std::size(kBreakdownColumns));
    const float rowHeight = ImGui::GetTextLineHeight() + 2 * ImGui::GetStyle().CellPadding.y;
    // Tall enough for every row, so the wheel scrolls the page, not the table; the table
    // scrolls sideways on a narrow screen with its first column kept in view.
    // The horizontal scrollbar's room is kept only when the columns are wider than the
    // window; otherwise it would show as an empty last row.
    float columnsWidth = ImGui::CalcTextSize(tr(firstColumnKey)).x;
    for (const BreakdownRow& row : rows) columnsWidth = std::max(columnsWidth, ImGui::CalcTextSize(labelOf(row).c_str()).x);
    for (const BreakdownColumn& column : kBreakdownColumns) columnsWidth += ImGui::CalcTextSize(tr(column.labelKey)).x;
    columnsWidth += static_cast<float>(kColumns) * (2 * ImGui::GetStyle().CellPadding.x + 1);
    const bool scrollsSideways = columnsWidth > ImGui::GetContentRegionAvail().x;
    const float height = rowHeight * static_cast<float>(rows.size() + 1) +
                         (scrollsSideways ? ImGui::GetStyle().ScrollbarSize : 0.0f) + 2;
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollX | ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders |
                                  ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable(tableId, kColumns, flags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableSetupColumn(tr(firstColumnKey));
    for (const BreakdownColumn& column : kBreakdownColumns) ImGui::TableSetupColumn(tr(column.labelKey));
    ImGui::TableHeadersRow();
    for (const BreakdownRow& row : rows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(labelOf(row).c_str());
        for (const BreakdownColumn& column : kBreakdownColumns) {
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(countText(row.*(column.member)).c_str());
        }
    }
    ImGui::EndTable();
}

}  // namespace

void ReportScreen::drawFigures(const Figures& figures) {
    std::map<std::string, Change> changes;
    for (const Change& c : state.changes) changes.emplace(c.key, c);
    ui::mutedText(trFormat(figures.inProgress ? "report.period_in_progress" : "report.period_shown",
                           {figures.filter.period.from, figures.filter.period.to, figures.previous.from,
                            figures.previous.to, figures.filter.today.value_or("")})
                      .c_str());

    ui::heading(tr("report.section.help"));
    figureLines("report.help", kHelpLines, changes);
    ImGui::Spacing();
    chartTitle(tr("report.chart.categories"));
    shareChart(figures.current.help.byCategory,
               [](const Share& s) { return s.label.empty() ? std::string(tr("report.unknown")) : s.label; });
    chartTitle(tr("report.chart.channels"));
    shareChart(figures.current.help.byChannel, [](const Share& s) { return std::string(trCode("channel", s.key)); });
    chartTitle(tr("report.chart.months"));
    monthChart(figures);

    ui::heading(tr("report.section.training"));
    figureLines("report.training", kTrainingLines, changes);
    ui::heading(tr("report.section.devices"));
    ui::mutedText(trFormat("report.overdue_as_of", {figures.current.devices.overdueAsOf}).c_str());
    figureLines("report.devices", kDeviceLines, changes);
    ui::heading(tr("report.section.screenings"));
    figureLines("report.screenings", kScreeningLines, changes);

    ui::heading(tr("report.section.by_neighbourhood"));
    breakdownTable("report.by_neighbourhood", "report.col.neighbourhood", figures.byNeighbourhood, false);
    // Only a coordinator of several cities has something to compare here.
    if (std::count_if(figures.byCity.begin(), figures.byCity.end(), [](const BreakdownRow& r) { return !r.key.empty(); }) > 1) {
        ui::heading(tr("report.section.by_city"));
        breakdownTable("report.by_city", "report.col.city", figures.byCity, false);
    }
    ui::heading(tr("report.section.by_target_group"));
    breakdownTable("report.by_target_group", "report.col.target_group", figures.byTargetGroup, false);
    ui::heading(tr("report.section.by_project"));
    breakdownTable("report.by_project", "report.col.project", figures.byProject, false, "report.no_project");
    ui::heading(tr("report.section.by_month"));
    breakdownTable("report.by_month", "report.col.month", figures.byMonth, true);
}

}  // namespace dc::app
