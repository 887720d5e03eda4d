// The coordinator's "in cijfers" figures: help, training, devices and screenings for a
// period, with breakdowns and the previous period, plus their JSON, CSV and HTML forms.
#pragma once

#include "model/services.hpp"
#include "model/store.hpp"
#include "model/translations.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dc {

// A span of whole days, both ends included ("YYYY-MM-DD").
struct Period {
    std::string from;
    std::string to;

    static Period year(int year);
    static Period quarter(int year, int quarter);  // quarter 1..4
    static Period month(int year, int month);      // month 1..12
    static Period range(std::string from, std::string to);
    int days() const;
    bool operator==(const Period&) const = default;
};

// What is wrong with a typed-in range, per field ("from", "to"); empty when
// Period::range(from, to) would accept it.
std::vector<Problem> periodProblems(const std::string& from, const std::string& to);

// The period of equal length just before `period`. Whole calendar months (a year,
// a quarter, a month) step back by the same number of months, so 2024 compares with
// 2023 and Q1 with the previous Q4; any other range steps back by its number of days.
Period previousPeriod(const Period& period);
// What `period` is compared with on `today`: the previous period, or while `period` is
// still running, as much of the previous period as has passed of this one (the same
// months of the previous year for a year).
Period comparablePreviousPeriod(const Period& period, const std::string& today);
bool inProgress(const Period& period, std::string_view today);

inline constexpr const char* kNoProject = "";

// Narrows every figure. A dimension a record does not carry is taken from the
// participant it belongs to or the coach who recorded it (see docs/report-json.md);
// `channel` narrows help requests only, as nothing else has a channel.
struct FigureFilter {
    Period period;
    OptionalId neighbourhoodId;
    OptionalId targetGroupId;
    std::optional<std::string> channel;  // a code from kChannels
    OptionalId organisationId;
    OptionalId coachId;
    // One project's records; "" (kNoProject) for the records outside every project.
    OptionalId projectId;
    // Loans are counted overdue as of the period's end or this day, whichever comes
    // first; the system's local date when empty.
    OptionalDate today;
    // The language of the neighbourhood, group and category names in the breakdowns.
    std::string namesLanguage = "nl";
    bool operator==(const FigureFilter&) const = default;
};

// One line of a share table: "41% technical help".
struct Share {
    std::string key;    // channel code or top-level category id; "" for unknown
    std::string label;  // channel code or category name
    int64_t count = 0;
    double share = 0;   // 0..1 of the section's total; 0 when the total is 0
};

struct HelpFigures {
    int64_t answered = 0;
    int64_t anonymous = 0;    // answered without a participant record
    int64_t atHome = 0;       // channel "home"
    int64_t peopleHelped = 0; // distinct participants; anonymous help is not a person
    std::vector<Share> byChannel;   // every channel of kChannels, in that order
    std::vector<Share> byCategory;  // every top-level category in its sort order, then unknown if any
};

struct TrainingFigures {
    int64_t sessions = 0;
    int64_t registeredAttendances = 0;
    int64_t anonymousHeadCount = 0;
    int64_t attendances = 0;   // participant-sessions: registered + anonymous head count
    int64_t peopleTrained = 0; // distinct registered participants
};

struct InternetSupportFigures {
    int64_t socialTariff = 0;
    int64_t pasoa = 0;
    int64_t hotspot = 0;
    int64_t package = 0;
};

struct DeviceFigures {
    int64_t lent = 0;      // loans handed out in the period
    int64_t given = 0;     // donations handed out in the period
    int64_t returned = 0;  // loans returned in the period
    int64_t overdue = 0;   // loans out and past due on overdueAsOf
    std::string overdueAsOf;
    InternetSupportFigures internetSupport;  // handouts in the period that recorded it
};

struct ScreeningFigures {
    int64_t screenings = 0;
    int64_t peopleScreened = 0;
    // People screened in the period who had an earlier screening (up to the period's
    // end), and the mean change in their total level from first to last screening.
    int64_t peopleWithProgress = 0;
    double averageProgress = 0;
};

struct Totals {
    HelpFigures help;
    TrainingFigures training;
    DeviceFigures devices;
    ScreeningFigures screenings;
};

// Counts for one neighbourhood, target group or month.
struct BreakdownRow {
    std::string key;    // id, or "YYYY-MM" for a month; "" for records without one
    std::string label;  // reference name, or "YYYY-MM"
    int64_t helpRequests = 0;
    int64_t atHome = 0;
    int64_t sessions = 0;
    int64_t attendances = 0;
    int64_t devicesLent = 0;
    int64_t devicesGiven = 0;
    int64_t screenings = 0;
    // Distinct people helped; target-group rows only (people are counted where a
    // person's own attribute decides the row).
    std::optional<int64_t> peopleHelped;
};

struct Figures {
    FigureFilter filter;
    Period previous;
    bool inProgress = false;  // `today` falls inside the period: `previous` was cut to match
    Totals current;
    Totals previousTotals;
    std::vector<BreakdownRow> byNeighbourhood;  // every neighbourhood by name, then "" if any
    std::vector<BreakdownRow> byCity;           // the neighbourhoods' cities by name, then "" if any
    std::vector<BreakdownRow> byTargetGroup;    // every target group by name, then "" if any
    // Every project by name, then "" (no project) if any. Its counts add up to the totals.
    // It has no people: one person can be helped in two projects (a project's people
    // are its own figures, under FigureFilter::projectId).
    std::vector<BreakdownRow> byProject;
    std::vector<BreakdownRow> byMonth;          // every month of the period, zeros included
    std::vector<BreakdownRow> previousByMonth;  // the same for the previous period
};

// One headline figure with its previous-period value.
struct Change {
    std::string key;  // e.g. "help.answered", as in the JSON
    double current = 0;
    double previous = 0;
    double delta = 0;
    std::optional<double> percent;  // absent when the previous value is 0
};

// Reads only; safe on a connection of its own on a background thread.
Figures computeFigures(Store& store, const FigureFilter& filter);
std::vector<Change> headlineChanges(const Figures& figures);
// The translation key of a headline figure's label ("help.answered" ->
// "report.figure.help_answered"), the same on the screen and in every export.
const char* headlineLabelKey(std::string_view key);

// Keys are documented in docs/report-json.md and only ever added to.
nlohmann::json figuresToJson(const Figures& figures);
// One table per section, rows "section;figure;key;label;current;previous", UTF-8 with
// a BOM so Excel reads accents; pass ';' for Belgian Excel. Labels are in `words`' language.
std::string figuresToCsv(const Figures& figures, char separator, const Wording& words);
// A printable one-page summary in `words`' language.
std::string figuresToHtml(const Figures& figures, const Wording& words);

// All live rows of one record table (its `table` name, e.g. "help_requests") as CSV
// with a BOM. Personal fields are left out unless asked for.
std::string exportTableCsv(Store& store, std::string_view recordType, char separator, bool includePersonal = false);

}  // namespace dc
