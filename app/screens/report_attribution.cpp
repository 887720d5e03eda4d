// The Report screen's attribution panel: a coordinator gives the records the figures
// count (the period and every filter shown) to a project in one step, after seeing how many.
// Counting and writing run as jobs on the job connection: a year can be thousands of
// records, each a new version for the outbox.
#include "app/screens/report.hpp"

#include "app/i18n.hpp"
#include "app/job_runner.hpp"
#include "app/ui_probe.hpp"
#include "app/widgets.hpp"
#include "model/clock.hpp"

#include <imgui.h>

namespace dc::app {

bool ReportScreen::actsAsCoordinator(AppServices& services) const {
    for (const Coach& coach : coaches_)
        if (coach.meta.id == services.context.coachId) return coach.role == "coordinator";
    return false;
}

std::optional<AttributionSelection> ReportScreen::attributionSelection(AppServices& services) {
    const std::optional<FigureFilter> filter = currentFilter(services);
    if (!filter) return std::nullopt;
    AttributionSelection selection;
    selection.filter = *filter;
    // Without a project filter, records of another project stay there unless the
    // coordinator says otherwise; with one, that filter says which records go.
    if (!selection.filter.projectId && state.attribution.onlyWithoutProject)
        selection.filter.projectId = std::string(kNoProject);
    return selection;
}

void ReportScreen::drawAttribution(AppContext& app) {
    AttributionPanelState& panel = state.attribution;
    const std::vector<Project>& projects = app.services.projects();
    if (projects.empty()) return;
    ImGui::Separator();
    ui::heading(tr("report.attribution.title"));
    const std::optional<AttributionSelection> selection = attributionSelection(app.services);
    if (!selection) {
        ui::mutedText(tr("report.attribution.needs_period"));
        return;
    }
    ImGui::TextWrapped("%s", trFormat("report.attribution.takes", {selection->filter.period.from, selection->filter.period.to}).c_str());

    ui::fieldLabel(tr("report.attribution.to"));
    ui::referenceChips("report.attribution.project", projects, panel.projectId, tr("report.attribution.out_of_project"));
    if (state.projectId) {
        ui::mutedText(tr("report.attribution.by_project_filter"));
    } else {
        ui::ChipFlow flow;
        if (flow.chip("report.attribution.only_without", tr("report.attribution.only_without"), panel.onlyWithoutProject))
            panel.onlyWithoutProject = true;
        if (flow.chip("report.attribution.also_attributed", tr("report.attribution.also_attributed"),
                      !panel.onlyWithoutProject))
            panel.onlyWithoutProject = false;
    }

    const bool countIsCurrent = panel.countedFor == selection && panel.countedProjectId == panel.projectId &&
                                panel.countedDataVersion == app.services.dataVersion;
    ImGui::BeginDisabled(panel.working);
    if (!countIsCurrent) {
        if (ui::button("report.attribution.count", tr("report.attribution.count")))
            app.later([this, &app, selection = *selection] { startAttribution(app, selection, false); });
    } else if (panel.count == 0) {
        ui::mutedText(tr("report.attribution.nothing"));
    } else {
        std::string target = tr("report.no_project");
        for (const Project& project : projects)
            if (panel.projectId == project.meta.id) target = trName(project);
        ImGui::TextWrapped("%s", trFormat("report.attribution.will_change", {std::to_string(panel.count), target}).c_str());
        probe::noteLastText("report.attribution.will_change");
        if (ui::bigButton("report.attribution.confirm", tr("report.attribution.confirm"), -1, true))
            app.later([this, &app, selection = *selection] { startAttribution(app, selection, true); });
        if (ui::button("report.attribution.cancel", tr("common.cancel"))) app.later([&panel] { panel.countedFor.reset(); });
    }
    ImGui::EndDisabled();
    if (panel.working) ui::mutedText(tr("report.attribution.working"));
    if (!panel.message.empty()) {
        if (panel.failed)
            ui::problemText(panel.message.c_str());
        else
            ui::successText(panel.message.c_str());
        probe::noteLastText("report.attribution.status");
    }
}

void ReportScreen::startAttribution(AppContext& app, const AttributionSelection& selection, bool write) {
    AttributionPanelState& panel = state.attribution;
    if (!app.jobs || panel.working) return;
    panel.working = true;
    panel.message.clear();
    std::weak_ptr<int> alive = alive_;
    const OptionalId projectId = panel.projectId;
    const int64_t dataVersion = app.services.dataVersion;
    app.jobs->run(
        [this, alive, selection, projectId, write, dataVersion, coachId = app.services.context.coachId,
         nowMs = app.services.clock.nowMs(), jobStore = app.jobStore]() -> JobRunner::MainThreadStep {
            const AttributionResult result = jobStore->use([&](Store& store) {
                const FixedClock startedAt(nowMs);
                ServiceContext context{store, startedAt, coachId};
                ProjectService projects(context);
                return write ? projects.attribute(selection, projectId) : projects.preview(selection, projectId);
            });
            return [this, alive, selection, projectId, write, result, dataVersion] {
                if (alive.expired()) return;
                AttributionPanelState& done = state.attribution;
                done.working = false;
                done.failed = !result.ok();
                if (!result.ok()) {
                    done.message = tr(result.problems.front().messageKey);
                    return;
                }
                if (write) {
                    done.countedFor.reset();
                    done.message = trFormat("report.attribution.done", {std::to_string(result.changed)});
                } else {
                    done.countedFor = selection;
                    done.countedProjectId = projectId;
                    done.countedDataVersion = dataVersion;
                    done.count = result.changed;
                }
            };
        },
        [this, alive](const std::string& reason) {
            if (alive.expired()) return;
            state.attribution.working = false;
            state.attribution.failed = true;
            state.attribution.message = trFormat("report.attribution.failed", {reason});
        });
}

}  // namespace dc::app
