// Computes the figures of any period, for all records or one project, with a handful of
// aggregate queries. Help requests are the only large table: whole months and years are
// read from the running counts that triggers keep (migrations 6 and 8), the days at a
// period's edges and filters the counts do not carry from the requests along their
// indexes; the smaller tables come back row by row and are counted here.
#include "model/figures.hpp"
#include "model/record_filters.hpp"

#include "model/clock.hpp"

#include <algorithm>
#include <chrono>
#include <future>
#include <cstdio>
#include <map>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

namespace dc {

// ---- Periods ----
namespace {

std::chrono::year_month_day parseDay(const std::string& date) {
    const std::optional<std::chrono::year_month_day> day = parseDate(date);
    if (!day) throw std::invalid_argument("not a date: " + date);
    return *day;
}

std::string lastDayOf(std::chrono::year_month month) {
    return formatDate(std::chrono::year_month_day{month / std::chrono::last});
}

std::string firstDayOf(std::chrono::year_month month) { return formatDate(month / std::chrono::day{1}); }

std::string monthKey(std::chrono::year_month month) {
    return formatDate(month / std::chrono::day{1}).substr(0, 7);
}

}  // namespace

Period Period::year(int year) { return range(std::to_string(year) + "-01-01", std::to_string(year) + "-12-31"); }

Period Period::quarter(int year, int quarter) {
    if (quarter < 1 || quarter > 4) throw std::invalid_argument("quarter must be 1..4");
    const std::chrono::year y{year};
    const auto first = y / std::chrono::month{static_cast<unsigned>(3 * quarter - 2)};
    return range(firstDayOf(first), lastDayOf(first + std::chrono::months{2}));
}

Period Period::month(int year, int month) {
    if (month < 1 || month > 12) throw std::invalid_argument("month must be 1..12");
    const auto ym = std::chrono::year{year} / std::chrono::month{static_cast<unsigned>(month)};
    return range(firstDayOf(ym), lastDayOf(ym));
}

Period Period::range(std::string from, std::string to) {
    if (!isValidDate(from) || !isValidDate(to) || to < from)
        throw std::invalid_argument("a period needs two dates, the first not after the second");
    return Period{std::move(from), std::move(to)};
}

std::vector<Problem> periodProblems(const std::string& from, const std::string& to) {
    std::vector<Problem> problems;
    if (!isValidDate(from)) problems.push_back({"from", "problem.period_from_invalid"});
    if (!isValidDate(to)) problems.push_back({"to", "problem.period_to_invalid"});
    if (problems.empty() && to < from) problems.push_back({"to", "problem.period_reversed"});
    return problems;
}

int Period::days() const { return daysBetween(from, to) + 1; }

namespace {
bool isWholeMonths(const Period& period) {
    const auto to = parseDay(period.to);
    return period.from.ends_with("-01") && period.to == lastDayOf(to.year() / to.month());
}
}  // namespace

Period previousPeriod(const Period& period) {
    const auto from = parseDay(period.from);
    const auto to = parseDay(period.to);
    if (isWholeMonths(period)) {
        const auto firstMonth = from.year() / from.month();
        const auto lastMonth = to.year() / to.month();
        const auto months = (lastMonth - firstMonth) + std::chrono::months{1};
        return Period{firstDayOf(firstMonth - months), lastDayOf(firstMonth - std::chrono::months{1})};
    }
    return Period{addDays(period.from, -period.days()), addDays(period.from, -1)};
}

bool inProgress(const Period& period, std::string_view today) { return period.from <= today && today < period.to; }

Period comparablePreviousPeriod(const Period& period, const std::string& today) {
    Period previous = previousPeriod(period);
    if (!inProgress(period, today)) return previous;
    // Only the part of the period already lived through has figures: the previous period
    // is cut to as long a stretch, so 2026 up to 1 December meets 2025 up to 1 December.
    if (isWholeMonths(period)) {
        const auto from = parseDay(period.from);
        const auto to = parseDay(period.to);
        const auto months = (to.year() / to.month() - from.year() / from.month()) + std::chrono::months{1};
        const auto day = parseDay(today);
        const auto month = day.year() / day.month() - months;
        const auto lastDay = std::chrono::year_month_day{month / std::chrono::last}.day();
        previous.to = formatDate(month / std::min(day.day(), lastDay));
    } else {
        previous.to = addDays(today, -period.days());
    }
    return previous;
}

namespace {

// The running counts carry only month, channel, category and neighbourhood, and people
// by month or year: other filters read the requests themselves.
constexpr FilterSql kHelpCountFilters{" AND c.neighbourhood_id = :neighbourhood", nullptr, " AND c.channel = :channel",
                                      nullptr, nullptr, " AND c.project_id = :project"};
constexpr FilterSql kPersonCountFilters{
    nullptr,
    " AND c.participant_id IN (SELECT tp.id FROM participants tp, json_each(tp.target_group_ids) tg "
    "WHERE tg.value = :target_group)",
    nullptr, nullptr, nullptr, " AND c.project_id = :project"};

// Runs a cached statement, calling `onRow` per row, and always leaves it reset.
template <class OnRow>
void forEachRow(Database& db, const std::string& sql, const FigureFilter& filter, const Period& period, OnRow&& onRow) {
    Statement& statement = db.cached(sql);
    bindFilter(statement, filter, period);
    try {
        while (statement.step()) onRow(statement);
    } catch (...) {
        statement.reset();
        throw;
    }
    statement.reset();
}

// ---- Reference names and the participant attributes breakdowns need ----
struct NamedItem {
    std::string id;
    std::string name;
    bool live = true;
};

// What the breakdowns and the target-group filter need of a person. Read once in one
// pass over the table, instead of one lookup per request, attendance or screening.
struct PersonAttributes {
    std::optional<std::string> neighbourhoodId;
    std::string targetGroupIds = "[]";
};

struct References {
    std::vector<NamedItem> neighbourhoods;  // by name
    std::vector<NamedItem> targetGroups;    // by name
    std::vector<NamedItem> topCategories;   // by sort order
    std::vector<NamedItem> projects;        // by name
    std::unordered_map<std::string, std::string> cityOfNeighbourhood;
    std::unordered_map<std::string, std::string> topOfCategory;
    std::unordered_map<std::string, PersonAttributes> people;

    // A record's participant; none (no neighbourhood, no group) for anonymous records.
    const PersonAttributes& person(const std::optional<std::string>& participantId) const {
        static const PersonAttributes nobody;
        if (!participantId) return nobody;
        const auto found = people.find(*participantId);
        return found == people.end() ? nobody : found->second;
    }
};

std::vector<NamedItem> namedItems(Database& db, std::string_view table, std::string_view language) {
    // A project is called by its own name in every language; the other lists carry an English name.
    const bool hasEnglishName = table != Project::table;
    const std::string name = hasEnglishName ? nameInSql("r", "?1") : std::string("r.name");
    std::vector<NamedItem> items;
    Statement& q = db.cached("SELECT id, " + name + ", deleted FROM " + std::string(table) + " r ORDER BY 2, id");
    if (hasEnglishName) q.bind(1, language);
    while (q.step()) items.push_back({q.text(0), q.text(1), q.integer(2) == 0});
    q.reset();
    return items;
}

References loadReferences(Database& db, std::string_view language) {
    References refs;
    refs.neighbourhoods = namedItems(db, Neighbourhood::table, language);
    refs.targetGroups = namedItems(db, TargetGroup::table, language);
    refs.projects = namedItems(db, Project::table, language);
    Statement& cities = db.cached("SELECT id, city FROM neighbourhoods");
    while (cities.step()) refs.cityOfNeighbourhood.emplace(cities.text(0), cities.text(1));
    cities.reset();
    static const std::string categoriesSql = "SELECT id, coalesce(parent_id, id), " + nameInSql("c", "?1") +
                                             ", deleted, parent_id IS NULL FROM help_categories c "
                                             "ORDER BY sort_order, 3, id";
    Statement& q = db.cached(categoriesSql);
    q.bind(1, language);
    while (q.step()) {
        refs.topOfCategory.emplace(q.text(0), q.text(1));
        if (q.integer(4) != 0) refs.topCategories.push_back({q.text(0), q.text(2), q.integer(3) == 0});
    }
    q.reset();
    Statement& people = db.cached("SELECT id, neighbourhood_id, target_group_ids FROM participants");
    while (people.step()) refs.people.emplace(people.text(0), PersonAttributes{people.optionalText(1), people.text(2)});
    people.reset();
    return refs;
}

// Target group lists are JSON arrays; the same few texts recur, so each is parsed once.
class GroupLists {
public:
    const std::vector<std::string>& of(const std::string& json) {
        auto it = parsed_.find(json);
        if (it != parsed_.end()) return it->second;
        std::vector<std::string> groups;
        try {
            const auto value = nlohmann::json::parse(json.empty() ? "[]" : json);
            if (value.is_array())
                for (const auto& id : value)
                    if (id.is_string()) groups.push_back(id.get<std::string>());
        } catch (const nlohmann::json::exception&) {
            // A damaged list counts as no group rather than hiding the person's help.
        }
        return parsed_.emplace(json, std::move(groups)).first->second;
    }

private:
    std::unordered_map<std::string, std::vector<std::string>> parsed_;
};

// Breakdown rows keyed while counting; turned into ordered lists at the end.
struct Breakdowns {
    std::unordered_map<std::string, BreakdownRow> neighbourhood;
    std::unordered_map<std::string, BreakdownRow> targetGroup;
    std::unordered_map<std::string, BreakdownRow> project;
    std::map<std::string, BreakdownRow> month;
    // False when only the months are wanted (the previous period's chart): the rows by
    // a person's neighbourhood and target groups are then not looked up.
    bool byPerson = true;

    BreakdownRow& inNeighbourhood(const std::optional<std::string>& id) { return neighbourhood[id.value_or("")]; }
    BreakdownRow& inMonth(const std::string& date) { return month[date.substr(0, 7)]; }
    BreakdownRow& inProject(const std::optional<std::string>& id) { return project[id.value_or("")]; }
    // A person in two target groups counts in both; a record without a known group in "".
    template <class Add>
    void inTargetGroups(const std::vector<std::string>& groups, const std::optional<std::string>& only, Add&& add) {
        bool any = false;
        for (const std::string& group : groups) {
            if (only && group != *only) continue;
            add(targetGroup[group]);
            any = true;
        }
        if (!any && !only) add(targetGroup[""]);
    }
};

double shareOf(int64_t count, int64_t total) { return total > 0 ? static_cast<double>(count) / total : 0.0; }

// ---- Help requests ----
// The grouped rows: month, channel, category, neighbourhood, count, project ('' for none).
// Grouped by project too, so one pass gives the breakdown by project as well.
constexpr std::string_view kHelpGroupedSql =
    "SELECT substr(h.occurred_at, 1, 7), h.channel, h.category_id, h.neighbourhood_id, count(*), "
    "coalesce(h.project_id, '') "
    "FROM help_requests h WHERE h.deleted = 0 "
    "AND substr(h.occurred_at, 1, 7) BETWEEN :first_month AND :last_month";
// Only a period that starts or ends inside a month needs each request's time checked.
constexpr std::string_view kHelpPartialMonths = " AND h.occurred_at >= :from AND h.occurred_at < :after";
constexpr std::string_view kHelpGroupedTail = " GROUP BY 1, 2, 3, 4, 6";

// The people rows: participant, requests, at home.
// Walks participants in id order and seeks each one's requests in the period, so the
// grouping needs no sort. Participants are never removed (erasure blanks them), so
// every participant_id on a help request has a row here.
constexpr std::string_view kHelpPeopleSql =
    "SELECT h.participant_id, count(*), sum(h.channel = 'home') "
    "FROM participants p CROSS JOIN help_requests h ON h.participant_id = p.id "
    "WHERE h.deleted = 0 AND h.occurred_at >= :from AND h.occurred_at < :after";
constexpr std::string_view kHelpPeopleTail = " GROUP BY p.id";
// The days at a period's edge that do not fill a month, read along the month index
// (migration 8), which holds the person and the project too.
constexpr std::string_view kHelpPeopleInMonthsSql =
    "SELECT h.participant_id, count(*), sum(h.channel = 'home') FROM help_requests h "
    "WHERE h.deleted = 0 AND substr(h.occurred_at, 1, 7) BETWEEN :first_month AND :last_month "
    "AND h.occurred_at >= :from AND h.occurred_at < :after AND h.participant_id IS NOT NULL";
constexpr std::string_view kHelpPeopleInMonthsTail = " GROUP BY 1";

// The same rows read from the running counts (whole months only): their key is already
// the grouping, so they are read in key order, each once.
constexpr std::string_view kHelpCountsSql =
    "SELECT c.month, c.channel, c.category_id, nullif(c.neighbourhood_id, ''), c.requests, c.project_id "
    "FROM help_request_counts c WHERE c.month BETWEEN :first_month AND :last_month AND c.requests > 0";
constexpr std::string_view kPersonCountsByMonthSql =
    "SELECT c.participant_id, sum(c.requests), sum(c.at_home) FROM help_request_person_counts c "
    "WHERE c.span BETWEEN :first_month AND :last_month AND length(c.span) = 7 AND c.requests > 0";
constexpr std::string_view kPersonCountsByYearSql =
    "SELECT c.participant_id, sum(c.requests), sum(c.at_home) FROM help_request_person_counts c "
    "WHERE c.span BETWEEN :first_year AND :last_year AND length(c.span) = 4 AND c.requests > 0";
constexpr std::string_view kPersonCountsTail = " GROUP BY c.participant_id";

// Where the requests of one stretch of a period are counted from.
enum class HelpSource { Requests, MonthCounts, YearCounts };
struct HelpSegment {
    Period days;
    HelpSource source;
};

// A period cut so the running counts answer as much of it as they can: runs of whole
// years and of whole months, and the days at either edge that do not fill a month,
// which are read from the requests. Any period then costs about what a year costs.
std::vector<HelpSegment> countableSegments(const Period& period) {
    using namespace std::chrono;
    std::vector<HelpSegment> segments;
    const year_month_day from = parseDay(period.from);
    const year_month_day to = parseDay(period.to);
    year_month firstWhole = from.year() / from.month();
    if (from.day() != day{1}) {
        segments.push_back({Period{period.from, std::min(period.to, lastDayOf(firstWhole))}, HelpSource::Requests});
        firstWhole = firstWhole + months{1};  // not +=: libc++ 14 (the browser build) drops the carry
    }
    year_month lastWhole = to.year() / to.month();
    std::optional<HelpSegment> tail;
    if (period.to != lastDayOf(lastWhole)) {
        if (lastWhole >= firstWhole) tail = HelpSegment{Period{firstDayOf(lastWhole), period.to}, HelpSource::Requests};
        lastWhole = lastWhole - months{1};
    }
    for (year_month month = firstWhole; month <= lastWhole;) {
        if (month.month() == January && month.year() / December <= lastWhole) {
            year lastYear = month.year();
            while ((lastYear + years{1}) / December <= lastWhole) lastYear += years{1};
            segments.push_back({Period{firstDayOf(month), lastDayOf(lastYear / December)}, HelpSource::YearCounts});
            month = (lastYear + years{1}) / January;
        } else {
            year_month end = month;
            while (end + months{1} <= lastWhole && (end + months{1}).month() != January) end = end + months{1};
            segments.push_back({Period{firstDayOf(month), lastDayOf(end)}, HelpSource::MonthCounts});
            month = end + months{1};
        }
    }
    if (tail) segments.push_back(*tail);
    return segments;
}

// One statement and the stretch of the period it is bound to.
struct HelpQuery {
    std::string sql;
    Period period;
};

// The statements for the grouped counts and the per-person counts under `filter`.
struct HelpQueries {
    std::vector<HelpQuery> grouped;
    std::vector<HelpQuery> people;
};

HelpQueries helpQueries(const FigureFilter& filter, const Period& period) {
    // The running counts carry month, channel, category, neighbourhood and project, and
    // people by month or year with their project: other filters read the requests.
    const bool groupedFromCounts = !filter.targetGroupId && !filter.organisationId && !filter.coachId;
    const bool peopleFromCounts = !filter.neighbourhoodId && !filter.channel && !filter.organisationId && !filter.coachId;
    HelpQueries queries;
    const std::vector<HelpSegment> segments =
        groupedFromCounts || peopleFromCounts ? countableSegments(period) : std::vector<HelpSegment>{};
    auto fromRequests = [&](std::string_view base, std::string_view tail, const Period& days) {
        std::string sql(base);
        if (!isWholeMonths(days)) sql += kHelpPartialMonths;
        return HelpQuery{withFilters(sql, kHelpFilters, filter, tail), days};
    };
    if (groupedFromCounts) {
        for (const HelpSegment& segment : segments) {
            const bool counted = segment.source != HelpSource::Requests;
            queries.grouped.push_back(
                counted ? HelpQuery{withFilters(kHelpCountsSql, kHelpCountFilters, filter, ""), segment.days}
                        : fromRequests(kHelpGroupedSql, kHelpGroupedTail, segment.days));
        }
    } else {
        queries.grouped.push_back(fromRequests(kHelpGroupedSql, kHelpGroupedTail, period));
    }
    if (peopleFromCounts) {
        for (const HelpSegment& segment : segments) {
            switch (segment.source) {
                case HelpSource::Requests:
                    queries.people.push_back(
                        {withFilters(kHelpPeopleInMonthsSql, kHelpFilters, filter, kHelpPeopleInMonthsTail), segment.days});
                    break;
                case HelpSource::MonthCounts:
                    queries.people.push_back(
                        {withFilters(kPersonCountsByMonthSql, kPersonCountFilters, filter, kPersonCountsTail), segment.days});
                    break;
                case HelpSource::YearCounts:
                    queries.people.push_back(
                        {withFilters(kPersonCountsByYearSql, kPersonCountFilters, filter, kPersonCountsTail), segment.days});
                    break;
            }
        }
    } else {
        queries.people.push_back({withFilters(kHelpPeopleSql, kHelpFilters, filter, kHelpPeopleTail), period});
    }
    return queries;
}

HelpFigures computeHelp(Database& db, const FigureFilter& filter, const Period& period, const References& refs,
                        Breakdowns* breakdowns, GroupLists& groupLists) {
    HelpFigures help;
    std::map<std::string, int64_t> byChannel;
    std::unordered_map<std::string, int64_t> byTop;
    const HelpQueries queries = helpQueries(filter, period);
    for (const HelpQuery& query : queries.grouped)
        forEachRow(db, query.sql, filter, query.period, [&](Statement& row) {
            const int64_t count = row.integer(4);
            const std::string channel = row.text(1);
            const bool atHome = channel == "home";
            help.answered += count;
            if (atHome) help.atHome += count;
            byChannel[channel] += count;
            const auto top = refs.topOfCategory.find(row.text(2));
            byTop[top == refs.topOfCategory.end() ? std::string() : top->second] += count;
            if (!breakdowns) return;
            for (BreakdownRow* r : {&breakdowns->month[row.text(0)], &breakdowns->inNeighbourhood(row.optionalText(3)),
                                    breakdowns->byPerson ? &breakdowns->project[row.text(5)] : nullptr}) {
                if (!r) continue;
                r->helpRequests += count;
                if (atHome) r->atHome += count;
            }
        });

    // A person may come back in several stretches of the period: their rows are added up
    // here, once per person.
    struct PersonHelp {
        int64_t requests = 0;
        int64_t atHome = 0;
    };
    std::unordered_map<std::string, PersonHelp> people;
    people.reserve(refs.people.size());
    for (const HelpQuery& query : queries.people)
        forEachRow(db, query.sql, filter, query.period, [&](Statement& row) {
            PersonHelp& person = people[row.text(0)];
            person.requests += row.integer(1);
            person.atHome += row.integer(2);
        });
    int64_t withParticipant = 0;
    int64_t withParticipantAtHome = 0;
    help.peopleHelped = static_cast<int64_t>(people.size());
    for (const auto& entry : people) {
        // Named, not a structured binding: the lambda below takes it, which clang 14 (the
        // browser build) does not allow for a binding.
        const std::string& participantId = entry.first;
        const auto& person = entry.second;
        withParticipant += person.requests;
        withParticipantAtHome += person.atHome;
        if (!breakdowns || !breakdowns->byPerson) continue;
        breakdowns->inTargetGroups(groupLists.of(refs.person(participantId).targetGroupIds), filter.targetGroupId,
                                   [&](BreakdownRow& r) {
                                       r.helpRequests += person.requests;
                                       r.atHome += person.atHome;
                                       r.peopleHelped = r.peopleHelped.value_or(0) + 1;
                                   });
    }
    help.anonymous = help.answered - withParticipant;
    if (breakdowns && help.anonymous > 0) {
        // Anonymous help has no target group: it is counted under "" and is no person.
        BreakdownRow& unknown = breakdowns->targetGroup[""];
        unknown.helpRequests += help.anonymous;
        unknown.atHome += help.atHome - withParticipantAtHome;
    }

    for (const char* channel : kChannels) {
        const int64_t count = byChannel.contains(channel) ? byChannel[channel] : 0;
        help.byChannel.push_back({channel, channel, count, shareOf(count, help.answered)});
    }
    for (const NamedItem& top : refs.topCategories) {
        const auto it = byTop.find(top.id);
        const int64_t count = it == byTop.end() ? 0 : it->second;
        if (!top.live && count == 0) continue;
        help.byCategory.push_back({top.id, top.name, count, shareOf(count, help.answered)});
        if (it != byTop.end()) byTop.erase(it);
    }
    for (const auto& [id, count] : byTop)
        if (count > 0) help.byCategory.push_back({id, "", count, shareOf(count, help.answered)});
    return help;
}

// ---- Training ----
struct SessionRow {
    std::string heldOn;
    std::optional<std::string> neighbourhoodId;
    std::optional<std::string> projectId;
    int64_t anonymousCount = 0;
    std::set<std::string> groupsPresent;  // target groups with at least one attendee
    bool hasFilteredAttendee = false;
};

TrainingFigures computeTraining(Database& db, const FigureFilter& filter, const Period& period, const References& refs,
                                Breakdowns* breakdowns, GroupLists& groupLists) {
    std::unordered_map<std::string, SessionRow> sessions;
    forEachRow(db,
               withFilters("SELECT s.id, s.held_on, s.neighbourhood_id, s.anonymous_count, s.project_id "
                           "FROM group_sessions s "
                           "WHERE s.deleted = 0 AND s.held_on BETWEEN :from AND :to",
                           kSessionFilters, filter),
               filter, period, [&](Statement& row) {
                   sessions[row.text(0)] =
                       SessionRow{row.text(1), row.optionalText(2), row.optionalText(4), row.integer(3), {}, false};
               });

    TrainingFigures training;
    std::unordered_set<std::string> people;
    forEachRow(db,
               withFilters("SELECT a.session_id, a.participant_id "
                           "FROM group_sessions s JOIN attendances a ON a.session_id = s.id "
                           "WHERE s.deleted = 0 AND a.deleted = 0 AND s.held_on BETWEEN :from AND :to",
                           kSessionFilters, filter),
               filter, period, [&](Statement& row) {
                   auto session = sessions.find(row.text(0));
                   if (session == sessions.end()) return;
                   const auto& groups = groupLists.of(refs.person(row.optionalText(1)).targetGroupIds);
                   // Sessions have no target group; with that filter only its members' attendance counts.
                   if (filter.targetGroupId &&
                       std::find(groups.begin(), groups.end(), *filter.targetGroupId) == groups.end())
                       return;
                   SessionRow& s = session->second;
                   s.hasFilteredAttendee = true;
                   ++training.registeredAttendances;
                   people.insert(row.text(1));
                   if (!breakdowns) return;
                   ++breakdowns->inMonth(s.heldOn).attendances;
                   ++breakdowns->inNeighbourhood(s.neighbourhoodId).attendances;
                   ++breakdowns->inProject(s.projectId).attendances;
                   breakdowns->inTargetGroups(groups, filter.targetGroupId, [&](BreakdownRow& r) { ++r.attendances; });
                   for (const std::string& group : groups)
                       if (!filter.targetGroupId || group == *filter.targetGroupId) s.groupsPresent.insert(group);
                   if (groups.empty()) s.groupsPresent.insert("");
               });

    for (auto& [id, s] : sessions) {
        // A session counts when it was held, walk-ins only included; under a target-group
        // filter only when someone of that group was there, and anonymous heads have no group.
        if (filter.targetGroupId && !s.hasFilteredAttendee) continue;
        const int64_t anonymous = filter.targetGroupId ? 0 : s.anonymousCount;
        ++training.sessions;
        training.anonymousHeadCount += anonymous;
        if (!breakdowns) continue;
        for (BreakdownRow* r : {&breakdowns->inMonth(s.heldOn), &breakdowns->inNeighbourhood(s.neighbourhoodId),
                                &breakdowns->inProject(s.projectId)}) {
            ++r->sessions;
            r->attendances += anonymous;
        }
        if (anonymous > 0) {
            breakdowns->targetGroup[""].attendances += anonymous;
            s.groupsPresent.insert("");
        }
        for (const std::string& group : s.groupsPresent) ++breakdowns->targetGroup[group].sessions;
    }
    training.attendances = training.registeredAttendances + training.anonymousHeadCount;
    training.peopleTrained = static_cast<int64_t>(people.size());
    return training;
}

// ---- Devices ----
std::string todayOrSystemDate(const FigureFilter& filter) {
    return filter.today ? *filter.today : localDate(SystemClock().nowMs());
}

DeviceFigures computeDevices(Database& db, const FigureFilter& filter, const Period& period, const References& refs,
                             Breakdowns* breakdowns, GroupLists& groupLists) {
    DeviceFigures devices;
    devices.overdueAsOf = std::min(period.to, todayOrSystemDate(filter));
    const std::string& asOf = devices.overdueAsOf;
    // Handed out by the period's end: enough for everything handed out, returned or
    // still out then. A loan counts as lent in the year it went out and as returned in
    // the year it came back.
    forEachRow(db,
               withFilters("SELECT x.kind, x.handed_out_on, x.due_on, x.returned_on, x.internet_support, "
                           "x.participant_id, x.project_id FROM device_handouts x "
                           "WHERE x.deleted = 0 AND x.handed_out_on <= :to",
                           kParticipantRecordFilters, filter),
               filter, period, [&](Statement& row) {
                   const std::string kind = row.text(0);
                   const std::string handedOutOn = row.text(1);
                   const std::optional<std::string> dueOn = row.optionalText(2);
                   const std::optional<std::string> returnedOn = row.optionalText(3);
                   const bool isLoan = kind == "loan";
                   const bool outInPeriod = handedOutOn >= period.from;
                   if (isLoan && returnedOn && *returnedOn >= period.from && *returnedOn <= period.to)
                       ++devices.returned;
                   if (isLoan && handedOutOn <= asOf && dueOn && *dueOn < asOf && (!returnedOn || *returnedOn > asOf))
                       ++devices.overdue;
                   if (!outInPeriod) return;
                   ++(isLoan ? devices.lent : devices.given);
                   for (const std::string& support : groupLists.of(row.text(4))) {
                       if (support == "social_tariff") ++devices.internetSupport.socialTariff;
                       else if (support == "pasoa") ++devices.internetSupport.pasoa;
                       else if (support == "hotspot") ++devices.internetSupport.hotspot;
                       else if (support == "package") ++devices.internetSupport.package;
                   }
                   if (!breakdowns) return;
                   auto count = [&](BreakdownRow& r) { ++(isLoan ? r.devicesLent : r.devicesGiven); };
                   count(breakdowns->inMonth(handedOutOn));
                   count(breakdowns->inProject(row.optionalText(6)));
                   if (!breakdowns->byPerson) return;
                   const PersonAttributes& person = refs.person(row.optionalText(5));
                   count(breakdowns->inNeighbourhood(person.neighbourhoodId));
                   breakdowns->inTargetGroups(groupLists.of(person.targetGroupIds), filter.targetGroupId, count);
               });
    return devices;
}

// ---- Screenings ----
ScreeningFigures computeScreenings(Database& db, const FigureFilter& filter, const Period& period,
                                   const References& refs, Breakdowns* breakdowns, GroupLists& groupLists) {
    ScreeningFigures figures;
    struct Person {
        SkillLevels first;
        SkillLevels last;
        int64_t screeningsUpToEnd = 0;
        bool screenedInPeriod = false;
    };
    // A skill not asked is absent, which is not the same as "not yet" (0).
    const auto levelsOf = [](const std::string& stored) {
        SkillLevels levels;
        const nlohmann::json parsed = nlohmann::json::parse(stored, nullptr, false);
        if (!parsed.is_object()) return levels;
        for (const auto& [skill, level] : parsed.items())
            if (level.is_number_integer()) levels[skill] = level.get<int64_t>();
        return levels;
    };
    std::unordered_map<std::string, Person> people;
    // Every screening up to the period's end, oldest first per person: progress is
    // measured from a person's first screening ever to their last one in the period.
    forEachRow(db,
               withFilters("SELECT x.participant_id, x.screened_on, x.levels, x.project_id "
                           "FROM skills_screenings x "
                           "WHERE x.deleted = 0 AND x.screened_on <= :to",
                           kParticipantRecordFilters, filter, " ORDER BY x.participant_id, x.screened_on, x.rowid"),
               filter, period, [&](Statement& row) {
                   Person& person = people[row.text(0)];
                   const std::string screenedOn = row.text(1);
                   SkillLevels levels = levelsOf(row.text(2));
                   if (person.screeningsUpToEnd++ == 0) person.first = levels;
                   person.last = std::move(levels);
                   if (screenedOn < period.from) return;
                   person.screenedInPeriod = true;
                   ++figures.screenings;
                   if (!breakdowns) return;
                   ++breakdowns->inMonth(screenedOn).screenings;
                   ++breakdowns->inProject(row.optionalText(3)).screenings;
                   if (!breakdowns->byPerson) return;
                   const PersonAttributes& attributes = refs.person(row.optionalText(0));
                   ++breakdowns->inNeighbourhood(attributes.neighbourhoodId).screenings;
                   breakdowns->inTargetGroups(groupLists.of(attributes.targetGroupIds), filter.targetGroupId,
                                              [](BreakdownRow& r) { ++r.screenings; });
               });
    int64_t progressSum = 0;
    for (const auto& [id, person] : people) {
        if (!person.screenedInPeriod) continue;
        ++figures.peopleScreened;
        if (person.screeningsUpToEnd < 2) continue;
        ++figures.peopleWithProgress;
        // Progress counts only the skills asked both times: a skill asked for the first time
        // later is no progress, and one left out later is no loss.
        for (const auto& [skill, firstLevel] : person.first)
            if (const auto later = person.last.find(skill); later != person.last.end())
                progressSum += later->second - firstLevel;
    }
    figures.averageProgress =
        figures.peopleWithProgress > 0 ? static_cast<double>(progressSum) / figures.peopleWithProgress : 0.0;
    return figures;
}

Totals computeTotals(Database& db, const FigureFilter& filter, const Period& period, const References& refs,
                     Breakdowns* breakdowns) {
    GroupLists groupLists;
    Totals totals;
    totals.help = computeHelp(db, filter, period, refs, breakdowns, groupLists);
    totals.training = computeTraining(db, filter, period, refs, breakdowns, groupLists);
    totals.devices = computeDevices(db, filter, period, refs, breakdowns, groupLists);
    totals.screenings = computeScreenings(db, filter, period, refs, breakdowns, groupLists);
    return totals;
}

// Every live reference item in order (zeros included), then any other key that was counted.
std::vector<BreakdownRow> orderedRows(std::unordered_map<std::string, BreakdownRow>& counted,
                                      const std::vector<NamedItem>& items, bool withPeople) {
    std::vector<BreakdownRow> rows;
    auto take = [&](const std::string& key, const std::string& label) {
        BreakdownRow row;
        if (auto it = counted.find(key); it != counted.end()) {
            row = it->second;
            counted.erase(it);
        }
        row.key = key;
        row.label = label;
        if (withPeople) row.peopleHelped = row.peopleHelped.value_or(0);
        else row.peopleHelped.reset();
        rows.push_back(std::move(row));
    };
    for (const NamedItem& item : items)
        if (item.live || counted.contains(item.id)) take(item.id, item.name);
    std::vector<std::string> rest;
    for (const auto& [key, row] : counted) rest.push_back(key);
    std::sort(rest.begin(), rest.end(), [](const std::string& a, const std::string& b) {
        return a.empty() != b.empty() ? b.empty() : a < b;  // "" (unknown) last
    });
    for (const std::string& key : rest) take(key, "");
    return rows;
}

// The neighbourhood rows added up per city, by city name; "" (no neighbourhood or no
// city) last. A coordinator of several cities sees each one's share.
std::vector<BreakdownRow> cityRows(const std::vector<BreakdownRow>& byNeighbourhood, const References& refs) {
    std::map<std::string, BreakdownRow> byCity;
    for (const BreakdownRow& row : byNeighbourhood) {
        const auto city = refs.cityOfNeighbourhood.find(row.key);
        BreakdownRow& sum = byCity[city == refs.cityOfNeighbourhood.end() ? std::string() : city->second];
        for (int64_t BreakdownRow::*count :
             {&BreakdownRow::helpRequests, &BreakdownRow::atHome, &BreakdownRow::sessions, &BreakdownRow::attendances,
              &BreakdownRow::devicesLent, &BreakdownRow::devicesGiven, &BreakdownRow::screenings})
            sum.*count += row.*count;
    }
    std::vector<BreakdownRow> rows;
    for (auto& [city, row] : byCity) {
        row.key = city;
        row.label = city;
        if (!city.empty()) rows.push_back(row);
    }
    if (const auto none = byCity.find(""); none != byCity.end()) rows.push_back(none->second);
    return rows;
}

std::vector<BreakdownRow> monthRows(std::map<std::string, BreakdownRow>& counted, const Period& period) {
    std::vector<BreakdownRow> rows;
    const auto from = parseDay(period.from);
    const auto to = parseDay(period.to);
    // `month = month + 1`, not `+=`: the browser build's C++ library (libc++ 14) forgets
    // to carry December's += into the next year.
    for (auto month = from.year() / from.month(); month <= to.year() / to.month(); month = month + std::chrono::months{1}) {
        const std::string key = monthKey(month);
        BreakdownRow row = counted[key];
        row.key = key;
        row.label = key;
        row.peopleHelped.reset();
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace

// The figures read much of the file at random (people, sessions, screenings): mapped,
// its pages are read in place instead of copied through a small page cache.
constexpr const char* kMapFile = "PRAGMA mmap_size = 268435456";

#ifdef __EMSCRIPTEN__
constexpr bool kSecondThreadAvailable = false;  // the browser build runs on one thread
#else
constexpr bool kSecondThreadAvailable = true;
#endif

Figures computeFigures(Store& store, const FigureFilter& filter) {
    const Period period = Period::range(filter.period.from, filter.period.to);
    Figures figures;
    figures.filter = filter;
    figures.filter.today = todayOrSystemDate(filter);
    figures.previous = comparablePreviousPeriod(period, *figures.filter.today);
    figures.inProgress = inProgress(period, *figures.filter.today);
    store.db().exec(kMapFile);
    const References refs = loadReferences(store.db(), filter.namesLanguage);

    // The previous period is counted at the same time on a connection of its own (a
    // connection never crosses threads); an in-memory store has no second connection.
    // Only the months of the previous period are kept, for the chart's second series.
    Breakdowns previousBreakdowns;
    previousBreakdowns.byPerson = false;
    std::future<Totals> previous;
    const std::string& path = store.db().path();
    if (kSecondThreadAvailable && !path.empty() && path != ":memory:") {
        previous = std::async(std::launch::async, [&] {
            Database reader(path, OpenMode::ReadOnly);
            reader.exec(kMapFile);
            return computeTotals(reader, figures.filter, figures.previous, refs, &previousBreakdowns);
        });
    }
    Breakdowns breakdowns;
    figures.current = computeTotals(store.db(), figures.filter, period, refs, &breakdowns);
    figures.previousTotals = previous.valid()
                                 ? previous.get()
                                 : computeTotals(store.db(), figures.filter, figures.previous, refs, &previousBreakdowns);
    figures.byNeighbourhood = orderedRows(breakdowns.neighbourhood, refs.neighbourhoods, false);
    figures.byTargetGroup = orderedRows(breakdowns.targetGroup, refs.targetGroups, true);
    figures.byProject = orderedRows(breakdowns.project, refs.projects, false);
    figures.byCity = cityRows(figures.byNeighbourhood, refs);
    figures.byMonth = monthRows(breakdowns.month, period);
    figures.previousByMonth = monthRows(previousBreakdowns.month, figures.previous);
    return figures;
}

}  // namespace dc
