#include "model/record_filters.hpp"

#include <optional>

namespace dc {
namespace {

void bindNamed(Statement& statement, const char* name, const std::optional<std::string>& value) {
    if (const int index = statement.parameterIndex(name)) statement.bind(index, value);
}

}  // namespace

std::string withFilters(std::string_view base, const FilterSql& sql, const FigureFilter& filter,
                        std::string_view tail) {
    std::string text(base);
    if (filter.neighbourhoodId && sql.neighbourhood) text += sql.neighbourhood;
    if (filter.targetGroupId && sql.targetGroup) text += sql.targetGroup;
    if (filter.channel && sql.channel) text += sql.channel;
    if (filter.organisationId && sql.organisation) text += sql.organisation;
    if (filter.coachId && sql.coach) text += sql.coach;
    if (filter.projectId && sql.project) text += sql.project;
    text += tail;
    return text;
}

void bindFilter(Statement& statement, const FigureFilter& filter, const Period& period) {
    bindNamed(statement, ":from", period.from);
    bindNamed(statement, ":to", period.to);
    bindNamed(statement, ":after", addDays(period.to, 1));
    bindNamed(statement, ":first_month", period.from.substr(0, 7));
    bindNamed(statement, ":last_month", period.to.substr(0, 7));
    bindNamed(statement, ":first_year", period.from.substr(0, 4));
    bindNamed(statement, ":last_year", period.to.substr(0, 4));
    bindNamed(statement, ":neighbourhood", filter.neighbourhoodId);
    bindNamed(statement, ":target_group", filter.targetGroupId);
    bindNamed(statement, ":channel", filter.channel);
    bindNamed(statement, ":organisation", filter.organisationId);
    bindNamed(statement, ":coach", filter.coachId);
    bindNamed(statement, ":project", filter.projectId);
}

}  // namespace dc
