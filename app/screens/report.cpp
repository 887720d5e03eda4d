// The Report screen: the filters, the figures and exports run as jobs on the job runner,
// and the export section. The figures themselves are drawn in report_figures.cpp.
#include "app/screens/report.hpp"

#include "app/i18n.hpp"
#include "app/job_runner.hpp"
#include "app/theme.hpp"
#include "app/ui_probe.hpp"
#include "app/widgets.hpp"
#include "model/report_export.hpp"
#include "platform/data_paths.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cfloat>
#include <filesystem>

namespace dc::app {

namespace {

// A combo over a reference list with "all" first; items are touch-sized.
template <class Item, class NameOf>
bool referenceCombo(std::string_view id, const char* label, const std::vector<Item>& items, OptionalId& chosen,
                    NameOf&& nameOf, float widthPx, const char* noneLabel = nullptr) {
    ui::fieldLabel(label);
    std::string preview = noneLabel && chosen == std::string() ? noneLabel : tr("report.all");
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
    // A list where "none" is an answer of its own (no project): it is chosen as "".
    if (noneLabel) {
        if (ImGui::Selectable(ui::labelWithId(noneLabel, std::string(id) + ".none").c_str(), chosen == std::string(), 0,
                              itemSize)) {
            chosen = std::string();
            changed = true;
        }
        probe::noteLastItem(std::string(id) + ".none");
    }
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

}  // namespace

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
    filter.projectId = state.projectId;
    filter.today = services.today();
    filter.namesLanguage = translator().language();
    return filter;
}

void ReportScreen::requestFiguresWhenStale(AppContext& app) {
    const std::optional<FigureFilter> filter = currentFilter(app.services);
    if (!filter || !app.jobs) return;
    if (filter != state.requestedFilter || app.services.dataVersion != state.requestedVersion) {
        state.requestedFilter = filter;
        state.requestedVersion = app.services.dataVersion;
        requestFigures(app, *filter);
    }
}

void ReportScreen::requestFigures(AppContext& app, const FigureFilter& filter) {
    const int64_t generation = ++*newestGeneration_;
    state.awaitedGeneration = generation;
    state.computing = true;
    state.failure.reset();
    std::weak_ptr<int> alive = alive_;
    // The figures read a year of records: on the job thread and its own connection, never
    // on the UI's.
    app.jobs->run(
        [this, alive, generation, filter, newest = newestGeneration_, jobStore = app.jobStore]() -> JobRunner::MainThreadStep {
            // A newer request queued behind this one makes it stale before it starts.
            if (newest->load() != generation) return {};
            Figures figures = jobStore->use([&](Store& store) { return computeFigures(store, filter); });
            return [this, alive, generation, figures = std::move(figures)]() mutable {
                if (alive.expired() || generation != state.awaitedGeneration) return;
                state.computing = false;
                state.changes = headlineChanges(figures);
                state.figures = std::move(figures);
            };
        },
        [this, alive, generation](const std::string& reason) {
            if (alive.expired() || generation != state.awaitedGeneration) return;
            state.computing = false;
            state.failure = reason;
        });
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
    requestFiguresWhenStale(app);

    ui::heading(tr("report.title"));
    drawFilters(app);
    ImGui::Separator();
    if (state.failure) {
        ui::problemText(tr("report.failed"));
        ui::mutedText(trFormat("report.failed_reason", {*state.failure}).c_str());
        if (ui::button("report.retry", tr("common.retry"))) app.later([this] { state.requestedVersion = -1; });
    }
    if (state.computing) ui::mutedText(tr("report.computing"));
    if (state.figures) drawFigures(*state.figures);
    if (actsAsCoordinator(app.services)) drawAttribution(app);
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
            if (flow.chip("report.quarter." + std::to_string(q), trCode("report.quarter", std::to_string(q)), state.quarter == q))
                state.quarter = q;
    } else if (state.periodKind == Kind::Month) {
        ui::ChipFlow flow;
        for (int m = 1; m <= 12; ++m)
            if (flow.chip("report.month." + std::to_string(m), trCode("month", std::to_string(m)), state.month == m)) state.month = m;
    }
}

void ReportScreen::drawReferenceFilters(AppContext& app) {
    AppServices& services = app.services;
    if (coachesVersion_ != services.dataVersion) {
        coaches_ = services.reference.list<Coach>();
        coachesVersion_ = services.dataVersion;
    }
    auto nameOf = [](const auto& item) { return trName(item); };
    const int active = state.neighbourhoodId.has_value() + state.targetGroupId.has_value() + state.channel.has_value() +
                       state.organisationId.has_value() + state.coachId.has_value() + state.projectId.has_value();
    // On a phone the five lists would fill the screen before any figure: they fold away,
    // and the header says how many are in use.
    if (app.compactLayout) {
        const std::string header = trFormat("report.filters", {std::to_string(active)});
        const bool open = ImGui::CollapsingHeader(ui::labelWithId(header.c_str(), "report.filters").c_str());
        probe::noteLastItem("report.filters");
        if (!open) return;
    }
    // Side by side when the window is wide enough, one under the other on a phone. A table
    // keeps each label over its list at the same height in every column.
    const float available = ImGui::GetContentRegionAvail().x;
    const int columns = std::clamp(static_cast<int>(available / (300.0f * textScale())), 1, 3);
    if (!ImGui::BeginTable("report.filter_grid", columns, ImGuiTableFlags_SizingStretchSame)) return;
    const float width = -FLT_MIN;  // the whole cell
    // A cell's first line takes the row's text baseline, which the list in the cell before
    // moved down by its frame padding: every label starts at that baseline alike.
    auto nextCell = [] {
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
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
    referenceCombo("report.project", tr("report.project"), services.projects(), state.projectId, nameOf, width,
                   tr("report.no_project"));
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
    ImGui::EndTable();
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
    // One export at a time: the buttons wait while one is being written. What became of an
    // export shows right under its button, where the coordinator clicked.
    ImGui::BeginDisabled(state.exporting);
    const auto exportButton = [&](const char* key, ReportExport kind) {
        if (ui::bigButton(key, tr(key))) app.later([this, &app, kind] { startExport(app, kind); });
        if (state.lastExport == kind) drawExportStatus(app);
    };
    exportButton("report.export.tables", ReportExport::Tables);
    if (state.figures) {
        exportButton("report.export.figures", ReportExport::FiguresCsv);
        exportButton("report.export.summary", ReportExport::SummaryHtml);
    }
    ImGui::EndDisabled();
}

void ReportScreen::drawExportStatus(AppContext& app) {
    if (state.exporting) ui::mutedText(tr("report.export_running"));
    if (state.exportMessage.empty()) return;
    if (!state.exportFailed) {
        ui::successText(state.exportMessage.c_str());
        probe::noteLastText("report.export.status");
    } else {
        ui::problemText(state.exportMessage.c_str());
        probe::noteLastText("report.export.status");
        ui::mutedText(trFormat("report.failed_reason", {state.exportFailure}).c_str());
        if (state.lastExport && ui::button("report.export.retry", tr("common.retry")))
            app.later([this, &app] { startExport(app, *state.lastExport); });
    }
    // A new message below the fold is scrolled into view once; after that the coordinator
    // scrolls where they like.
    if (state.exportMessage != state.revealedExportMessage) {
        const float windowBottom = ImGui::GetWindowPos().y + ImGui::GetWindowHeight();
        if (ImGui::GetItemRectMax().y > windowBottom) ImGui::SetScrollHereY(1.0f);
        state.revealedExportMessage = state.exportMessage;
    }
}

void ReportScreen::startExport(AppContext& app, ReportExport kind) {
    if (!app.jobs || state.exporting) return;
    if (kind != ReportExport::Tables && !state.figures) return;
    state.lastExport = kind;
    state.exporting = true;
    state.exportMessage.clear();
    // Everything the job needs is copied now: it must not read the screen from its thread.
    const std::filesystem::path folder = state.exportFolder;
    const char separator = state.separator;
    std::optional<Figures> figures = state.figures;
    std::weak_ptr<int> alive = alive_;
    app.jobs->run(
        [this, alive, kind, folder, separator, figures = std::move(figures), words = translator().wording(),
         jobStore = app.jobStore]() -> JobRunner::MainThreadStep {
            ExportedFiles written;
            switch (kind) {
                case ReportExport::Tables:
                    written = jobStore->use([&](Store& store) { return exportRecordTables(store, folder, separator); });
                    break;
                case ReportExport::FiguresCsv: written = exportFiguresCsv(*figures, folder, separator, words); break;
                case ReportExport::SummaryHtml: written = exportSummaryHtml(*figures, folder, words); break;
            }
            return [this, alive, written = std::move(written)] {
                if (alive.expired()) return;
                state.exporting = false;
                state.exportFailed = false;
                state.exportMessage =
                    trFormat("report.export_done", {std::to_string(written.names.size()), written.folder.string()});
            };
        },
        [this, alive, folder](const std::string& reason) {
            if (alive.expired()) return;
            state.exporting = false;
            state.exportFailed = true;
            state.exportMessage = trFormat("report.export_failed", {folder.string()});
            state.exportFailure = reason;
        });
}

}  // namespace dc::app
