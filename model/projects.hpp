// Funded projects: their periods and project years, finding one by name, and a
// coordinator's attribution of many records to a project in one step.
#pragma once

#include "model/figures.hpp"
#include "model/services.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dc {

// A project's own period: from its start to its end, or to `today` while it has none
// (or to its start, for a project that has not started yet). Empty when its dates are
// not a period (a project synced from elsewhere is not checked again here).
std::optional<Period> projectPeriod(const Project& project, const std::string& today);
// Project year `number` (1 = the first): from the start's anniversary to the day before
// the next one, cut at the project's end. A start on 29 February has its anniversary on
// 28 February in other years. Empty when the project ended before that year began, or
// when its dates are not a period.
std::optional<Period> projectYear(const Project& project, int number);
// Every project year begun by `today` (or by the project's end), oldest first.
std::vector<Period> projectYears(const Project& project, const std::string& today);

// The live project of that name, compared as a coach types it (case and accents folded).
std::optional<Project> findProjectByName(Store& store, std::string_view name);

// A filter that takes only the records outside every project: what a bulk attribution
// takes unless the coordinator also wants records moved from another project.
inline FigureFilter recordsWithoutProject() {
    FigureFilter filter;
    filter.projectId = std::string(kNoProject);
    return filter;
}

// Which records a bulk attribution takes: of the four kinds, those the figures count
// under `filter` (period, neighbourhood, target group, channel, organisation, coach and
// project narrow each kind as they do in the report).
struct AttributionSelection {
    FigureFilter filter = recordsWithoutProject();
    bool helpRequests = true;
    bool groupSessions = true;
    bool screenings = true;
    bool handouts = true;
    bool operator==(const AttributionSelection&) const = default;
};

struct AttributionResult {
    int64_t changed = 0;
    std::vector<Problem> problems;
    bool ok() const { return problems.empty(); }
};

class ProjectService {
public:
    explicit ProjectService(ServiceContext& ctx) : ctx_(ctx) {}
    // Attributes every selected record to `projectId` (none: takes them out of their
    // project) in one transaction. Each change is a new version with its outbox entry,
    // so it syncs. Coordinators only, like the project list itself.
    AttributionResult attribute(const AttributionSelection& selection, const OptionalId& projectId);
    // What attribute() would change, counted without writing: the coordinator sees the
    // number before confirming. The same checks and problems.
    AttributionResult preview(const AttributionSelection& selection, const OptionalId& projectId);

private:
    AttributionResult attributeOrCount(const AttributionSelection& selection, const OptionalId& projectId, bool write);
    ServiceContext& ctx_;
};

}  // namespace dc
