// The Report screen: filters, the figures with their previous-period change, charts
// drawn with ImDrawList, breakdown tables and export to CSV and HTML.
#include "app/screens/report.hpp"

#include "app/i18n.hpp"
#include "app/theme.hpp"
#include "app/ui_probe.hpp"
#include "app/widgets.hpp"
#include "model/file_output.hpp"
#include "model/number_format.hpp"
#include "platform/data_paths.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

namespace dc::app {

// ---- The worker ----

FiguresWorker::FiguresWorker(std::string databasePath, std::shared_ptr<const FieldCipher> cipher,
                             std::function<void()> onResult)
    : databasePath_(std::move(databasePath)), cipher_(std::move(cipher)), onResult_(std::move(onResult)) {
    thread_ = std::thread([this] { run(); });
}

FiguresWorker::~FiguresWorker() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

int64_t FiguresWorker::request(const FigureFilter& filter) {
    int64_t generation = 0;
    {
        std::lock_guard lock(mutex_);
        generation = ++generation_;
        pending_ = std::pair{generation, filter};  // replaces a request not yet started
    }
    wake_.notify_all();
    return generation;
}

std::optional<FiguresWorker::Result> FiguresWorker::poll() {
    std::lock_guard lock(mutex_);
    std::optional<Result> result = std::move(done_);
    done_.reset();
    return result;
}

void FiguresWorker::run() {
    std::optional<Store> store;
    while (true) {
        std::pair<int64_t, FigureFilter> job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || pending_.has_value(); });
            if (stopping_) return;
            job = std::move(*pending_);
            pending_.reset();
        }
        Result result{job.first, std::nullopt};
        // Exceptions end here: they become a failed result, never a crash of the app.
        try {
            if (!store) {
                store.emplace(Store::open(databasePath_));
                if (cipher_) store->useCipher(cipher_);
            }
            result.figures = computeFigures(*store, job.second);
        } catch (const std::exception&) {
            store.reset();  // a fresh connection for the next try
        }
        {
            std::lock_guard lock(mutex_);
            // A newer request already waiting makes this result stale: it is dropped.
            if (pending_ && pending_->first > result.generation) continue;
            done_ = std::move(result);
        }
        if (onResult_) onResult_();
    }
}

namespace {

// ---- Labels ----

struct FigureLine {
    const char* changeKey;  // as in headlineChanges()
    const char* labelKey;
};

constexpr FigureLine kHelpLines[] = {
    {"help.answered", trKey("report.figure.help_answered")},
    {"help.at_home", trKey("report.figure.help_at_home")},
    {"help.anonymous", trKey("report.figure.help_anonymous")},
    {"help.people_helped", trKey("report.figure.help_people_helped")},
};
constexpr FigureLine kTrainingLines[] = {
    {"training.people_trained", trKey("report.figure.training_people_trained")},
    {"training.sessions", trKey("report.figure.training_sessions")},
    {"training.attendances", trKey("report.figure.training_attendances")},
    {"training.registered_attendances", trKey("report.figure.training_registered_attendances")},
    {"training.anonymous_head_count", trKey("report.figure.training_anonymous_head_count")},
};
constexpr FigureLine kDeviceLines[] = {
    {"devices.lent", trKey("report.figure.devices_lent")},
    {"devices.given", trKey("report.figure.devices_given")},
    {"devices.returned", trKey("report.figure.devices_returned")},
    {"devices.overdue", trKey("report.figure.devices_overdue")},
    {"devices.internet_support.social_tariff", trKey("report.figure.internet_social_tariff")},
    {"devices.internet_support.pasoa", trKey("report.figure.internet_pasoa")},
    {"devices.internet_support.hotspot", trKey("report.figure.internet_hotspot")},
    {"devices.internet_support.package", trKey("report.figure.internet_package")},
};
constexpr FigureLine kScreeningLines[] = {
    {"screenings.screenings", trKey("report.figure.screenings")},
    {"screenings.people_screened", trKey("report.figure.people_screened")},
    {"screenings.people_with_progress", trKey("report.figure.people_with_progress")},
    {"screenings.average_progress", trKey("report.figure.average_progress")},
};

constexpr const char* kMonthNames[] = {
    trKey("month.1"), trKey("month.2"), trKey("month.3"),  trKey("month.4"),  trKey("month.5"),  trKey("month.6"),
    trKey("month.7"), trKey("month.8"), trKey("month.9"), trKey("month.10"), trKey("month.11"), trKey("month.12"),
};
constexpr const char* kQuarterNames[] = {trKey("report.quarter.1"), trKey("report.quarter.2"),
                                         trKey("report.quarter.3"), trKey("report.quarter.4")};

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

// The record tables a coordinator may take to Excel; participants without personal fields.
constexpr const char* kExportTables[] = {"help_requests",  "participants",   "devices",
                                         "device_handouts", "group_sessions", "skills_screenings"};

// ---- Numbers as a coach reads them: "16.575", "8,5", "+39,6%" ----

std::string groupedCount(int64_t value) { return formatNumber(static_cast<double>(value), 0, translator().numbers()); }

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

// One bar of a horizontal chart: the text first (so the value never rests on colour or
// length alone), then a bar of `fraction` of the width, and an optional marker for
// the previous period. Heights follow the text size.
void barRow(const std::string& text, double fraction, std::optional<double> markerFraction) {
    ImGui::TextWrapped("%s", text.c_str());
    const float width = std::max(ImGui::GetContentRegionAvail().x, 1.0f);
    const float height = ImGui::GetTextLineHeight() * 0.8f;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(width, height));
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImU32 track = ImGui::GetColorU32(ImGuiCol_FrameBg);
    const ImU32 outline = ImGui::GetColorU32(ImGuiCol_Border);
    draw->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + height), track);
    draw->AddRect(origin, ImVec2(origin.x + width, origin.y + height), outline);
    const float filled = width * static_cast<float>(std::clamp(fraction, 0.0, 1.0));
    if (filled > 0) draw->AddRectFilled(origin, ImVec2(origin.x + filled, origin.y + height), colours().accent);
    if (markerFraction) {
        // A thick tick in the text colour, taller than the bar so it shows on any fill.
        const float x = origin.x + width * static_cast<float>(std::clamp(*markerFraction, 0.0, 1.0));
        const float thickness = 3.0f * textScale();
        draw->AddRectFilled(ImVec2(x - thickness / 2 - 1, origin.y - 3 * textScale()),
                            ImVec2(x + thickness / 2 + 1, origin.y + height + 3 * textScale()),
                            ImGui::GetColorU32(ImGuiCol_WindowBg));
        draw->AddRectFilled(ImVec2(x - thickness / 2, origin.y - 3 * textScale()),
                            ImVec2(x + thickness / 2, origin.y + height + 3 * textScale()),
                            ImGui::GetColorU32(ImGuiCol_Text));
    }
    ImGui::Spacing();
}

void monthChart(const Figures& figures) {
    const bool withPrevious = figures.previousByMonth.size() == figures.byMonth.size();
    int64_t largest = 1;
    for (const BreakdownRow& row : figures.byMonth) largest = std::max(largest, row.helpRequests);
    if (withPrevious)
        for (const BreakdownRow& row : figures.previousByMonth) largest = std::max(largest, row.helpRequests);
    if (withPrevious) ui::mutedText(tr("report.chart.legend"));
    for (std::size_t i = 0; i < figures.byMonth.size(); ++i) {
        const BreakdownRow& row = figures.byMonth[i];
        std::string text = monthLabel(row.key) + ": " + groupedCount(row.helpRequests);
        std::optional<double> marker;
        if (withPrevious) {
            const BreakdownRow& before = figures.previousByMonth[i];
            text += "   (" + monthLabel(before.key) + ": " + groupedCount(before.helpRequests) + ")";
            marker = static_cast<double>(before.helpRequests) / static_cast<double>(largest);
        }
        ImGui::PushID(row.key.c_str());
        barRow(text, static_cast<double>(row.helpRequests) / static_cast<double>(largest), marker);
        ImGui::PopID();
    }
}

template <class LabelOf>
void shareChart(const std::vector<Share>& shares, LabelOf&& labelOf) {
    for (const Share& share : shares) {
        ImGui::PushID(share.key.c_str());
        barRow(labelOf(share) + ": " + percentText(share.share) + " (" + groupedCount(share.count) + ")", share.share,
               std::nullopt);
        ImGui::PopID();
    }
}

void chartTitle(const char* text) {
    ImGui::Spacing();
    ImGui::TextWrapped("%s", text);
}

// ---- Figure lists ----

bool isWide() { return ImGui::GetContentRegionAvail().x >= 600.0f * textScale(); }

template <std::size_t N>
void figureLines(const char* tableId, const FigureLine (&lines)[N], const std::map<std::string, Change>& changes) {
    if (isWide()) {
        const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
        if (!ImGui::BeginTable(tableId, 4, flags)) return;
        ImGui::TableSetupColumn(tr("report.col.figure"), ImGuiTableColumnFlags_WidthStretch, 3.0f);
        ImGui::TableSetupColumn(tr("report.col.current"), ImGuiTableColumnFlags_WidthStretch, 1.2f);
        ImGui::TableSetupColumn(tr("report.col.previous"), ImGuiTableColumnFlags_WidthStretch, 1.2f);
        ImGui::TableSetupColumn(tr("report.col.change"), ImGuiTableColumnFlags_WidthStretch, 1.6f);
        ImGui::TableHeadersRow();
        for (const FigureLine& line : lines) {
            const auto found = changes.find(line.changeKey);
            if (found == changes.end()) continue;
            const Change& c = found->second;
            const bool isCount = c.key != "screenings.average_progress";
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", tr(line.labelKey));
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
    for (const FigureLine& line : lines) {
        const auto found = changes.find(line.changeKey);
        if (found == changes.end()) continue;
        const Change& c = found->second;
        const bool isCount = c.key != "screenings.average_progress";
        ImGui::TextWrapped("%s", tr(line.labelKey));
        ImGui::SetWindowFontScale(1.25f);
        ImGui::TextUnformatted(figureValue(c.current, isCount).c_str());
        ImGui::SetWindowFontScale(1.0f);
        ui::mutedText(trFormat("report.compared", {figureValue(c.previous, isCount), changeText(c, isCount)}).c_str());
        ImGui::Separator();
    }
}

void breakdownTable(const char* tableId, const char* firstColumnKey, const std::vector<BreakdownRow>& rows,
                    bool monthLabels) {
    auto labelOf = [&](const BreakdownRow& row) -> std::string {
        return monthLabels ? monthLabel(row.key) : row.label.empty() ? tr("report.unknown") : row.label;
    };
    if (!isWide()) {
        // A phone: one short paragraph per row reads better than a table scrolled sideways.
        for (const BreakdownRow& row : rows) {
            ImGui::TextWrapped("%s", labelOf(row).c_str());
            std::string counts;
            for (const BreakdownColumn& column : kBreakdownColumns) {
                if (!counts.empty()) counts += "  \xC2\xB7  ";
                counts += std::string(tr(column.labelKey)) + " " + groupedCount(row.*(column.member));
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
    const float height = rowHeight * static_cast<float>(rows.size() + 1) + ImGui::GetStyle().ScrollbarSize + 4;
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
            ImGui::TextUnformatted(groupedCount(row.*(column.member)).c_str());
        }
    }
    ImGui::EndTable();
}

// A combo over a reference list with "all" first; items are touch-sized.
template <class Item, class NameOf>
bool referenceCombo(std::string_view id, const char* label, const std::vector<Item>& items, OptionalId& chosen,
                    NameOf&& nameOf, float widthPx) {
    ui::fieldLabel(label);
    std::string preview = tr("report.all");
    for (const Item& item : items)
        if (chosen == item.meta.id) preview = nameOf(item);
    bool changed = false;
    ImGui::SetNextItemWidth(widthPx);
    const bool open = ImGui::BeginCombo(ui::labelWithId("", id).c_str(), preview.c_str(), ImGuiComboFlags_HeightLarge);
    probe::noteLastItem(id);
    if (!open) return false;
    const ImVec2 itemSize(0, touchTarget());
    if (ImGui::Selectable(ui::labelWithId(tr("report.all"), std::string(id) + ".all").c_str(), !chosen, 0, itemSize)) {
        chosen.reset();
        changed = true;
    }
    probe::noteLastItem(std::string(id) + ".all");
    for (const Item& item : items) {
        const std::string itemId = std::string(id) + "." + item.meta.id;
        if (ImGui::Selectable(ui::labelWithId(nameOf(item).c_str(), itemId).c_str(), chosen == item.meta.id, 0, itemSize)) {
            chosen = item.meta.id;
            changed = true;
        }
        probe::noteLastItem(itemId);
    }
    ImGui::EndCombo();
    return changed;
}

std::string periodSuffix(const Figures& figures) { return figures.filter.period.from + "_" + figures.filter.period.to; }

}  // namespace

// ---- The screen ----

ReportScreen::ReportScreen() : Screen("report") {}
ReportScreen::~ReportScreen() = default;

std::optional<FigureFilter> ReportScreen::currentFilter(AppServices& services) {
    FigureFilter filter;
    switch (state.periodKind) {
        case ReportState::PeriodKind::Year: filter.period = Period::year(state.year); break;
        case ReportState::PeriodKind::Quarter: filter.period = Period::quarter(state.year, state.quarter); break;
        case ReportState::PeriodKind::Month: filter.period = Period::month(state.year, state.month); break;
        case ReportState::PeriodKind::Custom:
            state.periodProblems = periodProblems(state.customFrom, state.customTo);
            if (!state.periodProblems.empty()) return std::nullopt;
            filter.period = Period::range(state.customFrom, state.customTo);
            break;
    }
    if (state.periodKind != ReportState::PeriodKind::Custom) state.periodProblems.clear();
    filter.neighbourhoodId = state.neighbourhoodId;
    filter.targetGroupId = state.targetGroupId;
    filter.channel = state.channel;
    filter.organisationId = state.organisationId;
    filter.coachId = state.coachId;
    filter.today = services.today();
    return filter;
}

void ReportScreen::pollAndRequest(AppContext& app) {
    Store& store = app.services.store;
    if (!worker_ || workerPath_ != store.db().path()) {
        worker_.reset();
        workerPath_ = store.db().path();
        worker_ = std::make_unique<FiguresWorker>(workerPath_, store.cipher(), wake_);
    }
    if (auto result = worker_->poll(); result && result->generation == state.awaitedGeneration) {
        state.computing = false;
        state.failed = !result->figures;
        if (result->figures) {
            state.figures = std::move(result->figures);
            state.changes = headlineChanges(*state.figures);
        }
    }
    const std::optional<FigureFilter> filter = currentFilter(app.services);
    if (!filter) return;
    if (filter != state.requestedFilter || app.services.dataVersion != state.requestedVersion) {
        state.requestedFilter = filter;
        state.requestedVersion = app.services.dataVersion;
        state.awaitedGeneration = worker_->request(*filter);
        state.computing = true;
        state.failed = false;
    }
}

void ReportScreen::drawContent(AppContext& app) {
    if (state.year == 0) {
        const std::string today = app.services.today();
        state.year = std::stoi(today.substr(0, 4));
        state.month = std::stoi(today.substr(5, 2));
        state.quarter = (state.month - 1) / 3 + 1;
        state.customFrom = today.substr(0, 4) + "-01-01";
        state.customTo = today;
    }
    if (state.exportFolder.empty()) state.exportFolder = (platform::dataDirectory() / "export").string();
    pollAndRequest(app);

    ui::heading(tr("report.title"));
    drawFilters(app);
    ImGui::Separator();
    if (state.failed) ui::problemText(tr("report.failed"));
    if (state.computing) ui::mutedText(tr("report.computing"));
    if (state.figures) drawFigures(*state.figures);
    drawExport(app);
}

void ReportScreen::drawFilters(AppContext& app) {
    drawPeriod();
    drawReferenceFilters(app);
    if (ui::button("report.refresh", tr("report.refresh"))) app.later([this] { state.requestedVersion = -1; });
}

void ReportScreen::drawPeriod() {
    using Kind = ReportState::PeriodKind;
    ui::fieldLabel(tr("report.period"));
    {
        ui::ChipFlow flow;
        const std::pair<Kind, const char*> kinds[] = {{Kind::Year, trKey("report.period.year")},
                                                      {Kind::Quarter, trKey("report.period.quarter")},
                                                      {Kind::Month, trKey("report.period.month")},
                                                      {Kind::Custom, trKey("report.period.custom")}};
        for (const auto& [kind, key] : kinds)
            if (flow.chip(key, tr(key), state.periodKind == kind)) state.periodKind = kind;
    }
    if (state.periodKind == Kind::Custom) {
        ui::dateField("report.from", tr("report.from"), state.customFrom);
        ui::problemsFor(state.periodProblems, "from");
        ui::dateField("report.to", tr("report.to"), state.customTo);
        ui::problemsFor(state.periodProblems, "to");
        return;
    }
    // The year as a stepper: two touch-sized buttons around the number.
    if (ui::button("report.year.previous", "<", touchTarget() * 1.2f)) --state.year;
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(std::to_string(state.year).c_str());
    ImGui::SameLine();
    if (ui::button("report.year.next", ">", touchTarget() * 1.2f)) ++state.year;
    if (state.periodKind == Kind::Quarter) {
        ui::ChipFlow flow;
        for (int q = 1; q <= 4; ++q)
            if (flow.chip("report.quarter." + std::to_string(q), tr(kQuarterNames[q - 1]), state.quarter == q))
                state.quarter = q;
    } else if (state.periodKind == Kind::Month) {
        ui::ChipFlow flow;
        for (int m = 1; m <= 12; ++m)
            if (flow.chip("report.month." + std::to_string(m), tr(kMonthNames[m - 1]), state.month == m)) state.month = m;
    }
}

void ReportScreen::drawReferenceFilters(AppContext& app) {
    AppServices& services = app.services;
    if (coachesVersion_ != services.dataVersion) {
        coaches_ = services.reference.list<Coach>();
        coachesVersion_ = services.dataVersion;
    }
    auto nameOf = [](const auto& item) { return item.name; };
    const int active = state.neighbourhoodId.has_value() + state.targetGroupId.has_value() + state.channel.has_value() +
                       state.organisationId.has_value() + state.coachId.has_value();
    // On a phone the five lists would fill the screen before any figure: they fold away,
    // and the header says how many are in use.
    if (app.compactLayout) {
        const std::string header = trFormat("report.filters", {std::to_string(active)});
        const bool open = ImGui::CollapsingHeader(ui::labelWithId(header.c_str(), "report.filters").c_str());
        probe::noteLastItem("report.filters");
        if (!open) return;
    }
    // Side by side when the window is wide enough, one under the other on a phone.
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float available = ImGui::GetContentRegionAvail().x;
    const int columns = std::clamp(static_cast<int>(available / (300.0f * textScale())), 1, 3);
    const float width = (available - spacing * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    int cell = 0;
    // Each filter is a label over its list, in a cell of `width`.
    auto nextCell = [&] {
        if (cell > 0) ImGui::EndGroup();
        if (cell % columns != 0) ImGui::SameLine(0, spacing);
        ++cell;
        ImGui::BeginGroup();
    };
    nextCell();
    referenceCombo("report.neighbourhood", tr("report.neighbourhood"), services.neighbourhoods(), state.neighbourhoodId,
                   nameOf, width);
    nextCell();
    referenceCombo("report.target_group", tr("report.target_group"), services.targetGroups(), state.targetGroupId, nameOf,
                   width);
    nextCell();
    referenceCombo("report.organisation", tr("report.organisation"), services.organisations(), state.organisationId,
                   nameOf, width);
    nextCell();
    referenceCombo("report.coach", tr("report.coach"), coaches_, state.coachId, nameOf, width);
    nextCell();
    ui::fieldLabel(tr("report.channel"));
    ImGui::SetNextItemWidth(width);
    const char* preview = state.channel ? trCode("channel", *state.channel) : tr("report.all");
    const bool open = ImGui::BeginCombo("##report.channel", preview, ImGuiComboFlags_HeightLarge);
    probe::noteLastItem("report.channel");
    if (open) {
        const ImVec2 itemSize(0, touchTarget());
        if (ImGui::Selectable(ui::labelWithId(tr("report.all"), "report.channel.all").c_str(), !state.channel, 0, itemSize))
            state.channel.reset();
        probe::noteLastItem("report.channel.all");
        for (const char* channel : kChannels) {
            const std::string id = std::string("report.channel.") + channel;
            if (ImGui::Selectable(ui::labelWithId(trCode("channel", channel), id).c_str(), state.channel == channel, 0,
                                  itemSize))
                state.channel = channel;
            probe::noteLastItem(id);
        }
        ImGui::EndCombo();
    }
    ImGui::EndGroup();
}

void ReportScreen::drawFigures(const Figures& figures) {
    std::map<std::string, Change> changes;
    for (const Change& c : state.changes) changes.emplace(c.key, c);
    ui::mutedText(trFormat("report.period_shown", {figures.filter.period.from, figures.filter.period.to,
                                                   figures.previous.from, figures.previous.to})
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
    ui::heading(tr("report.section.by_target_group"));
    breakdownTable("report.by_target_group", "report.col.target_group", figures.byTargetGroup, false);
    ui::heading(tr("report.section.by_month"));
    breakdownTable("report.by_month", "report.col.month", figures.byMonth, true);
}

void ReportScreen::drawExport(AppContext& app) {
    ImGui::Separator();
    ui::heading(tr("report.section.export"));
    ui::textField("report.export_folder", tr("report.export_folder"), state.exportFolder);
    ui::fieldLabel(tr("report.separator"));
    ui::mutedText(tr("report.separator_hint"));
    {
        ui::ChipFlow flow;
        if (flow.chip("report.separator.semicolon", tr("report.separator.semicolon"), state.separator == ';'))
            state.separator = ';';
        if (flow.chip("report.separator.comma", tr("report.separator.comma"), state.separator == ','))
            state.separator = ',';
    }
    if (ui::bigButton("report.export.tables", tr("report.export.tables")))
        app.later([this, &app] { exportTables(app.services); });
    if (state.figures) {
        if (ui::bigButton("report.export.figures", tr("report.export.figures"))) app.later([this] { exportFiguresCsv(); });
        if (ui::bigButton("report.export.summary", tr("report.export.summary")))
            app.later([this] { exportSummaryHtml(); });
    }
    if (!state.exportMessage.empty()) {
        if (state.exportFailed) ui::problemText(state.exportMessage.c_str());
        else ui::successText(state.exportMessage.c_str());
    }
}

namespace {
// Writes `files` (name, content) into `folder`; the message says where, or what failed.
void writeExport(ReportState& state, const std::vector<std::pair<std::string, std::string>>& files) {
    const std::filesystem::path folder(state.exportFolder);
    try {
        std::filesystem::create_directories(folder);
        for (const auto& [name, content] : files) writeFileReplacing(folder / name, content);
        state.exportFailed = false;
        state.exportMessage = trFormat("report.export_done", {std::to_string(files.size()), folder.string()});
    } catch (const std::exception&) {
        state.exportFailed = true;
        state.exportMessage = trFormat("report.export_failed", {folder.string()});
    }
}
}  // namespace

void ReportScreen::exportTables(AppServices& services) {
    std::vector<std::pair<std::string, std::string>> files;
    try {
        for (const char* table : kExportTables)
            files.emplace_back(std::string(table) + ".csv", exportTableCsv(services.store, table, state.separator));
    } catch (const std::exception&) {
        state.exportFailed = true;
        state.exportMessage = tr("report.export_read_failed");
        return;
    }
    writeExport(state, files);
}

void ReportScreen::exportFiguresCsv() {
    if (!state.figures) return;
    writeExport(state, {{"figures_" + periodSuffix(*state.figures) + ".csv", figuresToCsv(*state.figures, state.separator, translator().wording())}});
}

void ReportScreen::exportSummaryHtml() {
    if (!state.figures) return;
    writeExport(state, {{"summary_" + periodSuffix(*state.figures) + ".html",
                         figuresToHtml(*state.figures, translator().wording())}});
}

}  // namespace dc::app
