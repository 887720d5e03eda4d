// Report: the coordinator's "in cijfers" figures for a period and filter, computed on a
// background thread, with charts, breakdown tables and CSV/HTML export.
#pragma once

#include "app/app_context.hpp"
#include "app/screen.hpp"
#include "model/figures.hpp"

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace dc::app {

// Computes figures on its own thread and its own connection (connections never cross
// threads). Only the newest request counts: one that arrives while another is being
// computed supersedes it, and the older result is never shown.
class FiguresWorker {
public:
    struct Result {
        int64_t generation = 0;
        std::optional<Figures> figures;  // absent when the computation failed
    };

    // `cipher` unlocks an encrypted database on the worker's connection; `onResult`
    // runs on the worker thread after each result (e.g. to wake the idle UI loop).
    FiguresWorker(std::string databasePath, std::shared_ptr<const FieldCipher> cipher,
                  std::function<void()> onResult);
    ~FiguresWorker();
    FiguresWorker(const FiguresWorker&) = delete;
    FiguresWorker& operator=(const FiguresWorker&) = delete;

    // Asks for figures under `filter`; returns the generation its result will carry.
    int64_t request(const FigureFilter& filter);
    // The newest result since the last call, if any. Called once per frame.
    std::optional<Result> poll();

private:
    void run();

    std::string databasePath_;
    std::shared_ptr<const FieldCipher> cipher_;
    std::function<void()> onResult_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::optional<std::pair<int64_t, FigureFilter>> pending_;
    std::optional<Result> done_;
    int64_t generation_ = 0;
    bool stopping_ = false;
    std::thread thread_;
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

    // The filter last sent to the worker and the data version it saw.
    std::optional<FigureFilter> requestedFilter;
    int64_t requestedVersion = -1;
    int64_t awaitedGeneration = 0;
    bool computing = false;
    bool failed = false;
    std::optional<Figures> figures;
    std::vector<Change> changes;

    std::string exportFolder;  // empty: the data folder's export dir, set on first draw
    char separator = ';';       // Belgian Excel
    std::string exportMessage;
    bool exportFailed = false;
};

class ReportScreen : public Screen {
public:
    ReportScreen();
    ~ReportScreen();
    // `wake` is called from the worker thread when figures are ready.
    void setWake(std::function<void()> wake) { wake_ = std::move(wake); }
    void drawContent(AppContext& app) override;
    // The filter the controls describe, or nothing while the custom range is invalid.
    std::optional<FigureFilter> currentFilter(AppServices& services);
    // Writes the chosen export; a message with the path, or the failure, lands in state.
    void exportTables(AppServices& services);
    void exportFiguresCsv();
    void exportSummaryHtml();
    ReportState state;

private:
    void pollAndRequest(AppContext& app);
    void drawFilters(AppContext& app);
    void drawPeriod();
    void drawReferenceFilters(AppContext& app);
    void drawFigures(const Figures& figures);
    void drawExport(AppContext& app);

    std::function<void()> wake_;
    std::unique_ptr<FiguresWorker> worker_;
    std::string workerPath_;
    std::vector<Coach> coaches_;
    int64_t coachesVersion_ = -1;
};

}  // namespace dc::app
