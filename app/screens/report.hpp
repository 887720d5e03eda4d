// Report: the coordinator's "in cijfers" figures for a period and filter, computed as a
// job on the job runner, with charts, breakdown tables and CSV/HTML export (also jobs).
// The screen is split by concern: report.cpp the filters, jobs and export section,
// report_figures.cpp the figures, charts and tables; the writers are model/report_export.
#pragma once

#include "app/app_context.hpp"
#include "app/screen.hpp"
#include "model/figures.hpp"
#include "model/projects.hpp"

#include <atomic>
#include <memory>
#include <optional>
#include <string>

namespace dc::app {

enum class ReportExport { Tables, FiguresCsv, SummaryHtml };

// A coordinator's attribution of the report's records to a project: counted first, then
// confirmed. A count belongs to the selection it was made for; a changed selection asks
// for a new count.
struct AttributionPanelState {
    OptionalId projectId;  // none: take the records out of their project
    bool onlyWithoutProject = true;
    bool working = false;
    std::optional<AttributionSelection> countedFor;
    OptionalId countedProjectId;
    int64_t countedDataVersion = -1;  // a save since the count asks for a new count
    int64_t count = 0;
    std::string message;
    bool failed = false;
};

struct ReportState {
    enum class PeriodKind { Year, Quarter, Month, Custom } periodKind = PeriodKind::Year;
    int year = 0;  // 0: this year, set on first draw
    int quarter = 1;
    int month = 1;
    std::string customFrom;
    std::string customTo;
    std::vector<Problem> periodProblems;

    OptionalId neighbourhoodId;
    OptionalId targetGroupId;
    std::optional<std::string> channel;
    OptionalId organisationId;
    OptionalId coachId;
    OptionalId projectId;  // "" (kNoProject): the records outside every project

    // The filter last sent to the job runner and the data version it saw.
    std::optional<FigureFilter> requestedFilter;
    int64_t requestedVersion = -1;
    // Only the newest request's result is shown; an older one arriving late is dropped.
    int64_t awaitedGeneration = 0;
    bool computing = false;
    std::optional<std::string> failure;  // why the last computation failed, until a retry
    std::optional<Figures> figures;
    std::vector<Change> changes;

    std::string exportFolder;  // empty: the data folder's export dir, set on first draw
    char separator = ';';       // Belgian Excel
    bool exporting = false;
    std::optional<ReportExport> lastExport;  // what Retry writes again
    std::string exportMessage;
    std::string exportFailure;  // the system's reason, under the message
    bool exportFailed = false;
    std::string revealedExportMessage;  // the export message last scrolled into view

    AttributionPanelState attribution;
};

class ReportScreen : public Screen {
public:
    ReportScreen() : Screen("report") {}
    void drawContent(AppContext& app) override;
    // The filter the controls describe, or nothing while the custom range is invalid.
    std::optional<FigureFilter> currentFilter(AppServices& services);
    // Writes the chosen export as a job; a message with the path, or the failure, lands
    // in state when it is done.
    void startExport(AppContext& app, ReportExport kind);
    ReportState state;

private:
    void requestFiguresWhenStale(AppContext& app);
    void requestFigures(AppContext& app, const FigureFilter& filter);
    void drawFilters(AppContext& app);
    void drawPeriod();
    void drawReferenceFilters(AppContext& app);
    void drawFigures(const Figures& figures);  // report_figures.cpp
    void drawExport(AppContext& app);
    void drawExportStatus(AppContext& app);
    // report_attribution.cpp: shown to coordinators only, like the service allows.
    bool actsAsCoordinator(AppServices& services) const;
    std::optional<AttributionSelection> attributionSelection(AppServices& services);
    void drawAttribution(AppContext& app);
    void startAttribution(AppContext& app, const AttributionSelection& selection, bool write);

    // Lets a job's result find out that the screen is gone (an idle lock closed the shell).
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
    // The newest figures request, read by queued jobs so a superseded one does not run.
    std::shared_ptr<std::atomic<int64_t>> newestGeneration_ = std::make_shared<std::atomic<int64_t>>(0);
    std::vector<Coach> coaches_;
    int64_t coachesVersion_ = -1;
};

}  // namespace dc::app
