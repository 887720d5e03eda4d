// The Report screen under real frames: the figures it shows are the model's for the same
// filter, a filter change recomputes them in the background, and exports land on disk.
#include "tests/ui/harness.hpp"

#include "app/i18n.hpp"
#include "app/job_runner.hpp"
#include "app/screens/report.hpp"
#include "app/theme.hpp"
#include "app/ui_probe.hpp"
#include "model/demo_data.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

using namespace dc;
using dc::app::Route;
using dc::uitest::UiHarness;
namespace fs = std::filesystem;

namespace {

// Each round waits for every job on the runner; a figures request needs one, a filter
// changed by a result (the data changed) one more.
constexpr int kMaxRoundsForFigures = 10;

std::string testDatabase(const char* name) { return uitest::testDatabase(std::string("report-") + name); }

// Lets the job runner finish until the screen holds figures for `filter`.
const Figures& waitForFigures(UiHarness& ui, const FigureFilter& filter) {
    const app::ReportState& state = ui.shell().report.state;
    for (int round = 0; round < kMaxRoundsForFigures; ++round) {
        if (!state.computing && state.figures && state.figures->filter == filter) break;
        ui.settleJobs();
    }
    REQUIRE_FALSE(state.computing);
    REQUIRE(state.figures.has_value());
    REQUIRE(state.figures->filter == filter);
    return *state.figures;
}

FigureFilter yearFilter(UiHarness& ui) {
    FigureFilter filter;
    const std::string today = ui.shell().services().today();
    filter.period = Period::year(std::stoi(today.substr(0, 4)));
    filter.today = today;
    return filter;
}

// Opens the report on last year, a whole year of demo data on any date, and waits for it.
FigureFilter showLastYear(UiHarness& ui) {
    ui.click("nav.report");
    ui.click("report.year.previous");
    FigureFilter filter = yearFilter(ui);
    filter.period = Period::year(std::stoi(filter.period.from.substr(0, 4)) - 1);
    waitForFigures(ui, filter);
    return filter;
}

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::size_t lineCount(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

struct TempFolder {
    fs::path path;
    explicit TempFolder(const char* name) : path(uitest::testFile(name)) {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempFolder() { fs::remove_all(path); }
};

}  // namespace

TEST_CASE("the report shows the model's figures for the chosen year and recomputes them for a neighbourhood") {
    UiHarness ui(testDatabase("figures"));
    ui.click("nav.report");
    REQUIRE(ui.shell().route() == Route::Report);
    const FigureFilter thisYear = yearFilter(ui);
    const Figures& current = waitForFigures(ui, thisYear);
    CHECK(figuresToJson(current) == figuresToJson(computeFigures(ui.store(), thisYear)));
    // The year still running meets the same months and days of last year, not all of it.
    const std::string today = *thisYear.today;
    const std::string lastYear = std::to_string(std::stoi(today.substr(0, 4)) - 1);
    const bool lastDayOfYear = today.substr(5) == "12-31";
    CHECK(current.inProgress == !lastDayOfYear);
    CHECK(current.previous.from == lastYear + "-01-01");
    CHECK(current.previous.to ==
          (lastDayOfYear ? lastYear + "-12-31" : lastYear + (today.substr(5) == "02-29" ? "-02-28" : today.substr(4))));

    // Last year: a whole year of demo data on any date, where this year has next to
    // nothing in early January.
    ui.click("report.year.previous");
    FigureFilter filter = thisYear;
    filter.period = Period::year(std::stoi(thisYear.period.from.substr(0, 4)) - 1);
    const Figures& shown = waitForFigures(ui, filter);
    const Figures expected = computeFigures(ui.store(), filter);
    CHECK(shown.current.help.answered > 0);
    CHECK_FALSE(shown.inProgress);
    CHECK(shown.previous == Period::year(std::stoi(lastYear) - 1));
    CHECK(figuresToJson(shown) == figuresToJson(expected));
    CHECK(ui.isShown("report.export.tables"));

    // The first neighbourhood in the list that had help that year.
    std::string chosen;
    int64_t helpThere = 0;
    for (const Neighbourhood& n : ui.shell().services().neighbourhoods()) {
        for (const BreakdownRow& row : expected.byNeighbourhood)
            if (row.key == n.meta.id && row.helpRequests > 0) helpThere = row.helpRequests;
        if (helpThere > 0) {
            chosen = n.meta.id;
            break;
        }
    }
    REQUIRE_FALSE(chosen.empty());
    ui.click("report.neighbourhood");
    ui.click("report.neighbourhood." + chosen);
    filter.neighbourhoodId = chosen;
    const Figures& narrowed = waitForFigures(ui, filter);
    CHECK(figuresToJson(narrowed) == figuresToJson(computeFigures(ui.store(), filter)));
    // The same number the unfiltered breakdown gave for that neighbourhood.
    CHECK(narrowed.current.help.answered == helpThere);
    CHECK(narrowed.current.help.answered < expected.current.help.answered);

    ui.click("report.neighbourhood");
    ui.click("report.neighbourhood.all");
    filter.neighbourhoodId.reset();
    CHECK(figuresToJson(waitForFigures(ui, filter)) == figuresToJson(expected));
}

TEST_CASE("the report narrows to one project or to no project, as its breakdown by project says") {
    UiHarness ui(testDatabase("project"));
    FigureFilter filter = showLastYear(ui);
    const Figures all = *ui.shell().report.state.figures;
    const BreakdownRow* attributed = nullptr;
    const BreakdownRow* outside = nullptr;
    for (const BreakdownRow& row : all.byProject) {
        if (row.key.empty()) outside = &row;
        else if (!attributed && row.helpRequests > 0) attributed = &row;
    }
    REQUIRE(attributed);
    REQUIRE(outside);

    ui.click("report.project");
    ui.click("report.project." + attributed->key);
    filter.projectId = attributed->key;
    const Figures& project = waitForFigures(ui, filter);
    CHECK(figuresToJson(project) == figuresToJson(computeFigures(ui.store(), filter)));
    CHECK(project.current.help.answered == attributed->helpRequests);

    ui.click("report.project");
    ui.click("report.project.none");
    filter.projectId = std::string(kNoProject);
    CHECK(waitForFigures(ui, filter).current.help.answered == outside->helpRequests);
    CHECK(attributed->helpRequests + outside->helpRequests <= all.current.help.answered);
}

TEST_CASE("a saved help request changes the report's figures without any filter change") {
    UiHarness ui(testDatabase("data-change"));
    ui.click("nav.report");
    const FigureFilter filter = yearFilter(ui);
    const int64_t before = waitForFigures(ui, filter).current.help.answered;

    HelpRequest h;
    h.occurredAt = ui.shell().services().today() + "T10:00";
    h.channel = "home";
    h.categoryId = ui.store().all<HelpCategory>().front().meta.id;
    REQUIRE(ui.shell().services().helpRequests.save(h).ok());  // no screen told: the store's change signal is enough

    ui.frames(1);
    CHECK(ui.shell().report.state.computing);
    const Figures& after = waitForFigures(ui, filter);
    CHECK(after.current.help.answered == before + 1);
}

TEST_CASE("a custom range that is not a range says why and keeps the figures already shown") {
    UiHarness ui(testDatabase("custom-range"));
    ui.click("nav.report");
    const FigureFilter filter = yearFilter(ui);
    waitForFigures(ui, filter);

    // A custom range starts as this year up to today, and is computed at once.
    ui.click("report.period.custom");
    app::ReportState& state = ui.shell().report.state;
    REQUIRE(state.periodKind == app::ReportState::PeriodKind::Custom);
    FigureFilter upToToday = filter;
    upToToday.period = Period::range(filter.period.from, ui.shell().services().today());
    waitForFigures(ui, upToToday);

    ui.type("report.from", "x");  // "YYYY-01-01x"
    REQUIRE(state.periodProblems.size() == 1);
    CHECK(state.periodProblems.front().messageKey == "problem.period_from_invalid");
    CHECK(state.periodProblems.front().field == "from");
    CHECK_FALSE(state.computing);
    REQUIRE(state.figures.has_value());
    CHECK(state.figures->filter == upToToday);

    // A valid but reversed range: the end before the start. The field is left first,
    // as a person does, so it no longer holds its own copy of the text.
    ui.click("report.period.custom");
    state.customFrom = state.customTo;
    state.customTo = addDays(state.customFrom, -1);
    ui.frames(2);
    REQUIRE(state.periodProblems.size() == 1);
    CHECK(state.periodProblems.front().messageKey == "problem.period_reversed");
    CHECK(state.periodProblems.front().field == "to");
    CHECK(state.figures->filter == upToToday);

    // Fixed: the range is computed.
    state.customTo = state.customFrom;
    FigureFilter oneDay = filter;
    oneDay.period = Period::range(state.customFrom, state.customTo);
    ui.frames(1);
    CHECK(state.periodProblems.empty());
    CHECK(figuresToJson(waitForFigures(ui, oneDay)) == figuresToJson(computeFigures(ui.store(), oneDay)));
}

TEST_CASE("the report exports tables and figures as CSV for Belgian Excel and a printable page, and says where") {
    UiHarness ui(testDatabase("export"));
    TempFolder folder("report-export-folder");
    ui.click("nav.report");
    const FigureFilter filter = yearFilter(ui);
    const Figures& figures = waitForFigures(ui, filter);
    app::ReportState& state = ui.shell().report.state;
    CHECK(state.separator == ';');  // the default
    CHECK(fs::path(state.exportFolder).filename() == "export");
    state.exportFolder = folder.path.string();

    ui.click("report.export.tables");
    ui.settleJobs();
    CHECK_FALSE(state.exportFailed);
    CHECK(state.exportMessage.find(folder.path.string()) != std::string::npos);
    // The message stands right under the button that was clicked, in view.
    ui.frames(2);
    const app::probe::ItemRect* status = app::probe::find("report.export.status");
    const app::probe::ItemRect* clicked = app::probe::find("report.export.tables");
    const app::probe::ItemRect* next = app::probe::find("report.export.figures");
    REQUIRE(status);
    REQUIRE(clicked);
    REQUIRE(next);
    CHECK(status->visible);
    CHECK(status->minY >= clicked->maxY);
    CHECK(status->maxY <= next->minY);
    const std::string helpCsv = readFile(folder.path / "help_requests.csv");
    REQUIRE(helpCsv.rfind("\xEF\xBB\xBF", 0) == 0);
    const std::string header = helpCsv.substr(3, helpCsv.find('\n') - 3);
    CHECK(header.find(';') != std::string::npos);
    CHECK(header.find(',') == std::string::npos);
    CHECK(lineCount(helpCsv) == ui.store().all<HelpRequest>().size() + 1);
    const std::string participantsCsv = readFile(folder.path / "participants.csv");
    CHECK(lineCount(participantsCsv) == ui.store().all<Participant>().size() + 1);
    CHECK(participantsCsv.find("pseudonym") == std::string::npos);  // no personal fields
    for (const char* table : {"devices", "device_handouts", "group_sessions", "skills_screenings"})
        CHECK(fs::exists(folder.path / (std::string(table) + ".csv")));

    ui.click("report.separator.comma");
    CHECK(state.separator == ',');
    ui.click("report.export.figures");
    ui.settleJobs();
    const fs::path figuresFile = folder.path / ("figures_" + filter.period.from + "_" + filter.period.to + ".csv");
    const std::string figuresCsv = readFile(figuresFile);
    CHECK(figuresCsv == figuresToCsv(figures, ',', app::translator().wording()));
    CHECK(figuresCsv.rfind("\xEF\xBB\xBF", 0) == 0);

    ui.click("report.export.summary");
    ui.settleJobs();
    const std::string html = readFile(folder.path / ("summary_" + filter.period.from + "_" + filter.period.to + ".html"));
    CHECK(html == figuresToHtml(figures, app::translator().wording()));
    CHECK(html.find("<html lang=\"nl\">") != std::string::npos);

    // A folder that cannot be made (a file stands in its way): a clear message, and the
    // files already exported are left as they were.
    std::ofstream(folder.path / "blocker") << "not a folder";
    state.exportFolder = (folder.path / "blocker" / "export").string();
    ui.click("report.export.tables");
    ui.settleJobs();
    CHECK(state.exportFailed);
    CHECK(state.exportMessage.find((folder.path / "blocker" / "export").string()) != std::string::npos);
    CHECK(readFile(folder.path / "help_requests.csv") == helpCsv);
    CHECK(readFile(figuresFile) == figuresCsv);
}

TEST_CASE("figures arrive through the job runner, and a newer request supersedes an older one") {
    UiHarness ui(testDatabase("jobs"));
    ui.click("nav.report");
    app::ReportState& state = ui.shell().report.state;
    // The frame asked and went on: the figures come from the job runner, not the frame.
    CHECK(state.computing);
    CHECK(ui.session().jobs().busy());
    const FigureFilter thisYear = yearFilter(ui);
    ui.settleJobs();
    CHECK_FALSE(state.computing);
    REQUIRE(state.figures.has_value());
    CHECK(figuresToJson(*state.figures) == figuresToJson(computeFigures(ui.store(), thisYear)));

    // The runner is held up, so two requests wait in line behind each other.
    std::mutex mutex;
    std::condition_variable released;
    bool go = false;
    ui.session().jobs().run(
        [&]() -> app::JobRunner::MainThreadStep {
            std::unique_lock lock(mutex);
            released.wait(lock, [&] { return go; });
            return {};
        },
        [](const std::string&) {});
    FigureFilter older = thisYear;
    older.period = Period::year(std::stoi(thisYear.period.from.substr(0, 4)) - 1);
    FigureFilter newer = older;
    newer.channel = "home";
    state.year -= 1;
    ui.frames(1);
    state.channel = "home";
    ui.frames(1);
    CHECK(state.requestedFilter == newer);
    {
        std::lock_guard lock(mutex);
        go = true;
    }
    released.notify_all();
    ui.settleJobs();
    CHECK_FALSE(state.computing);
    REQUIRE(state.figures.has_value());
    CHECK(state.figures->filter == newer);
    CHECK(figuresToJson(*state.figures) == figuresToJson(computeFigures(ui.store(), newer)));
}

TEST_CASE("an export that fails says why, and its retry writes the file once the folder is fixed") {
    UiHarness ui(testDatabase("export-retry"));
    TempFolder folder("report-retry-folder");
    ui.click("nav.report");
    const FigureFilter filter = yearFilter(ui);
    const Figures& figures = waitForFigures(ui, filter);
    app::ReportState& state = ui.shell().report.state;

    // A folder that cannot be made: a file stands in its way.
    std::ofstream(folder.path / "blocker") << "not a folder";
    const fs::path blocked = folder.path / "blocker" / "export";
    state.exportFolder = blocked.string();
    ui.click("report.export.figures");
    ui.settleJobs();
    CHECK(state.exportFailed);
    CHECK_FALSE(state.exporting);
    CHECK(state.exportMessage.find(blocked.string()) != std::string::npos);
    CHECK_FALSE(state.exportFailure.empty());
    REQUIRE(ui.isShown("report.export.retry"));
    ui.screenshot("report_export_failed");

    state.exportFolder = folder.path.string();
    ui.click("report.export.retry");
    ui.settleJobs();
    CHECK_FALSE(state.exportFailed);
    CHECK(state.exportMessage.find(folder.path.string()) != std::string::npos);
    CHECK_FALSE(ui.isShown("report.export.retry"));
    const fs::path written = folder.path / ("figures_" + filter.period.from + "_" + filter.period.to + ".csv");
    CHECK(readFile(written) == figuresToCsv(figures, ';', app::translator().wording()));
}

TEST_CASE("the report is captured at phone, tablet and laptop sizes, at 200% text and in high contrast") {
    UiHarness ui(testDatabase("screenshots"));
    ui.shell().navigate(Route::Report);
    const FigureFilter filter = yearFilter(ui);
    waitForFigures(ui, filter);
    for (const auto& [width, height] : {std::pair{360, 740}, std::pair{800, 1280}, std::pair{1366, 768}}) {
        ui.resize(width, height);
        ui.frames(3);
        ui.screenshot("report_" + std::to_string(width) + "x" + std::to_string(height));
        ui.wheel(-15);
        ui.screenshot("report_" + std::to_string(width) + "x" + std::to_string(height) + "_charts");
        ui.wheel(-30);
        ui.screenshot("report_" + std::to_string(width) + "x" + std::to_string(height) + "_tables");
        ui.wheel(60);
    }
    ui.resize(1366, 768);
    ui.shell().report.state.periodKind = app::ReportState::PeriodKind::Month;
    ui.frames(3);
    ui.screenshot("report_month_1366x768");

    ui.setTextScale(200);
    ui.shell().navigate(Route::Report);
    ui.resize(360, 740);
    waitForFigures(ui, filter);
    ui.frames(3);
    ui.screenshot("report_360x740_200");
    // Further down: the charts and the tables must stay legible at 200%.
    for (int part = 1; part <= 12; ++part) {
        ui.wheel(-12);
        ui.screenshot("report_360x740_200_part" + std::to_string(part));
    }
    ui.resize(800, 1280);
    ui.frames(3);
    ui.screenshot("report_800x1280_200");

    ui.setTextScale(100);
    ui.store().setSetting(dc::kSettingTheme, "high_contrast");
    ui.restartShell();
    ui.shell().navigate(Route::Report);
    ui.resize(1366, 768);
    waitForFigures(ui, filter);
    ui.frames(3);
    ui.screenshot("report_high_contrast_1366x768");
    ui.wheel(-15);
    ui.screenshot("report_high_contrast_1366x768_charts");
}

namespace {

// The records of `period` that count for no project, of the four kinds an attribution
// takes; with a neighbourhood, only those there (screenings and hand-outs: where their
// person lives).
int64_t recordsWithoutProject(Store& store, const Period& period, const OptionalId& neighbourhoodId = std::nullopt) {
    int64_t count = 0;
    const auto within = [&](const std::string& date) { return date.substr(0, 10) >= period.from && date.substr(0, 10) <= period.to; };
    const auto there = [&](const OptionalId& place) { return !neighbourhoodId || place == neighbourhoodId; };
    const auto livesThere = [&](const OptionalId& participantId) {
        if (!neighbourhoodId) return true;
        const std::optional<Participant> person = participantId ? store.find<Participant>(*participantId) : std::nullopt;
        return person && person->neighbourhoodId == neighbourhoodId;
    };
    for (const HelpRequest& h : store.all<HelpRequest>()) count += within(h.occurredAt) && !h.projectId && there(h.neighbourhoodId);
    for (const GroupSession& s : store.all<GroupSession>()) count += within(s.heldOn) && !s.projectId && there(s.neighbourhoodId);
    for (const SkillsScreening& s : store.all<SkillsScreening>())
        count += within(s.screenedOn) && !s.projectId && livesThere(s.participantId);
    for (const DeviceHandout& h : store.all<DeviceHandout>())
        count += within(h.handedOutOn) && !h.projectId && livesThere(h.participantId);
    return count;
}

}  // namespace

TEST_CASE("a coordinator counts last year's records without a project, confirms, and each gets the project") {
    UiHarness ui(testDatabase("attribution"));
    const FigureFilter filter = showLastYear(ui);
    // A coach who is not a coordinator is not offered what the service would refuse.
    CHECK_FALSE(ui.isShown("report.attribution.count"));

    Coach me = *ui.store().find<Coach>(ui.shell().services().context.coachId);
    me.role = "coordinator";
    ui.store().put(me, me.meta.id, ui.clock().nowMs());
    ui.frames(2);
    const std::string project = ui.store().all<Project>().front().meta.id;
    const app::AttributionPanelState& panel = ui.shell().report.state.attribution;

    // The report's filters narrow the attribution as they narrow the figures.
    const std::string place = ui.shell().services().neighbourhoods().front().meta.id;
    ui.click("report.neighbourhood");
    ui.click("report.neighbourhood." + place);
    ui.click("report.attribution.project." + project);
    ui.click("report.attribution.count");
    ui.settleJobs();
    REQUIRE_FALSE(panel.working);
    ui.frames(1);
    const int64_t inPlace = recordsWithoutProject(ui.store(), filter.period, place);
    REQUIRE(inPlace > 0);
    CHECK(panel.count == inPlace);
    ui.click("report.neighbourhood");
    ui.click("report.neighbourhood.all");
    CHECK_FALSE(ui.isShown("report.attribution.confirm"));  // another selection: count again

    const int64_t expected = recordsWithoutProject(ui.store(), filter.period);
    REQUIRE(expected > inPlace);
    ui.click("report.attribution.count");
    ui.settleJobs();
    REQUIRE_FALSE(panel.working);
    ui.frames(1);
    CHECK(panel.count == expected);
    REQUIRE(ui.isShown("report.attribution.will_change"));
    CHECK(recordsWithoutProject(ui.store(), filter.period) == expected);  // counting wrote nothing

    // The count belongs to its target: another one asks for a new count, and the counted
    // one, while nothing changed, offers the confirmation again.
    ui.click("report.attribution.project.none");
    CHECK_FALSE(ui.isShown("report.attribution.confirm"));
    CHECK(ui.isShown("report.attribution.count"));
    ui.click("report.attribution.project." + project);
    CHECK(ui.isShown("report.attribution.confirm"));

    const int64_t outboxBefore = ui.store().outboxCount();
    ui.click("report.attribution.confirm");
    ui.settleJobs();
    REQUIRE_FALSE(panel.working);
    ui.frames(2);
    CHECK_FALSE(panel.failed);
    CHECK(ui.isShown("report.attribution.status"));
    CHECK(recordsWithoutProject(ui.store(), filter.period) == 0);
    CHECK(ui.store().outboxCount() == outboxBefore + expected);  // each a new version for the hub
    ui.screenshotsAtEverySize("report-attribution");
}
