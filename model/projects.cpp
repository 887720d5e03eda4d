// Project periods, project lookup by name and bulk attribution.
#include "model/projects.hpp"

#include "model/clock.hpp"
#include "model/record_filters.hpp"

#include <chrono>

namespace dc {

namespace {

// The same day `years` later; 29 February becomes 28 February in a common year.
std::string anniversary(const std::string& date, int years) {
    const std::chrono::year_month_day day = *parseDate(date);
    std::chrono::year_month_day later = day + std::chrono::years{years};
    if (!later.ok()) later = std::chrono::year_month_day{later.year() / later.month() / std::chrono::last};
    return formatDate(later);
}

}  // namespace

namespace {

bool hasValidDates(const Project& project) {
    return periodProblems(project.startsOn, project.endsOn.value_or(project.startsOn)).empty();
}

}  // namespace

std::optional<Period> projectPeriod(const Project& project, const std::string& today) {
    if (!hasValidDates(project)) return std::nullopt;
    std::string end = project.endsOn ? *project.endsOn : std::max(today, project.startsOn);
    return Period::range(project.startsOn, end);
}

std::optional<Period> projectYear(const Project& project, int number) {
    if (number < 1 || !hasValidDates(project)) return std::nullopt;
    const std::string from = anniversary(project.startsOn, number - 1);
    std::string to = addDays(anniversary(project.startsOn, number), -1);
    if (project.endsOn) {
        if (*project.endsOn < from) return std::nullopt;
        to = std::min(to, *project.endsOn);
    }
    return Period::range(from, to);
}

std::vector<Period> projectYears(const Project& project, const std::string& today) {
    const std::string until = project.endsOn ? std::min(*project.endsOn, today) : today;
    std::vector<Period> years;
    for (int number = 1;; ++number) {
        const std::optional<Period> year = projectYear(project, number);
        if (!year || (year->from > until && number > 1)) break;
        years.push_back(*year);
    }
    return years;
}

std::optional<Project> findProjectByName(Store& store, std::string_view name) {
    const std::string wanted = foldForSearch(name);
    for (Project& project : store.all<Project>())
        if (foldForSearch(project.name) == wanted) return std::move(project);
    return std::nullopt;
}

namespace {

// Where one kind of record is found, with the alias its filter fragments use.
struct RecordSource {
    const char* table;
    const char* alias;
    const char* dateColumn;
    const FilterSql& filters;
};

// The statement is made of fixed fragments (the table, its date column, the filters
// that are set); every value is bound.
template <class R>
int64_t attributeAll(ServiceContext& ctx, const FigureFilter& filter, const OptionalId& projectId,
                     const RecordSource& source, bool write) {
    const std::string a = source.alias;
    const std::string sql = withFilters("SELECT " + a + ".id FROM " + source.table + " " + a + " WHERE " + a +
                                            ".deleted = 0 AND substr(" + a + "." + source.dateColumn +
                                            ", 1, 10) BETWEEN :from AND :to",
                                        source.filters, filter);
    Statement query = ctx.store.db().prepare(sql);
    bindFilter(query, filter, filter.period);
    std::vector<std::string> ids;
    while (query.step()) ids.push_back(query.text(0));
    int64_t changed = 0;
    for (const std::string& id : ids) {
        std::optional<R> record = ctx.store.find<R>(id);
        if (!record || record->projectId == projectId) continue;
        ++changed;
        if (!write) continue;
        record->projectId = projectId;
        ctx.store.put(*record, ctx.coachId, ctx.clock.nowMs());
    }
    return changed;
}

}  // namespace

AttributionResult ProjectService::attribute(const AttributionSelection& selection, const OptionalId& projectId) {
    return attributeOrCount(selection, projectId, true);
}

AttributionResult ProjectService::preview(const AttributionSelection& selection, const OptionalId& projectId) {
    return attributeOrCount(selection, projectId, false);
}

AttributionResult ProjectService::attributeOrCount(const AttributionSelection& selection, const OptionalId& projectId,
                                                   bool write) {
    AttributionResult result;
    const std::optional<Coach> actor = ctx_.store.find<Coach>(ctx_.coachId);
    if (!actor || actor->role != "coordinator") result.problems.push_back({"project_id", "problem.coordinators_only"});
    if (projectId && !ctx_.store.exists<Project>(*projectId))
        result.problems.push_back({"project_id", "problem.unknown_project"});
    const FigureFilter& filter = selection.filter;
    for (const Problem& problem : periodProblems(filter.period.from, filter.period.to))
        result.problems.push_back(problem);
    if (!result.ok()) return result;
    Transaction tx(ctx_.store.db());
    if (selection.helpRequests)
        result.changed += attributeAll<HelpRequest>(ctx_, filter, projectId,
                                                    {"help_requests", "h", "occurred_at", kHelpFilters}, write);
    if (selection.groupSessions)
        result.changed += attributeAll<GroupSession>(ctx_, filter, projectId,
                                                     {"group_sessions", "s", "held_on", kSessionFilters}, write);
    if (selection.screenings)
        result.changed += attributeAll<SkillsScreening>(
            ctx_, filter, projectId, {"skills_screenings", "x", "screened_on", kParticipantRecordFilters}, write);
    if (selection.handouts)
        result.changed += attributeAll<DeviceHandout>(
            ctx_, filter, projectId, {"device_handouts", "x", "handed_out_on", kParticipantRecordFilters}, write);
    tx.commit();
    return result;
}

}  // namespace dc
