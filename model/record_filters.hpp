// Which records a figure filter takes, as fixed SQL fragments per record table. The
// figures count with them and a coordinator's attribution selects with them, so the
// records given to a project are exactly the ones the report showed.
#pragma once

#include "model/db.hpp"
#include "model/figures.hpp"

#include <string>
#include <string_view>

namespace dc {

// Each record table reaches the filter's dimensions its own way; a null fragment means
// the filter does not narrow that table.
struct FilterSql {
    const char* neighbourhood;
    const char* targetGroup;
    const char* channel;
    const char* organisation;
    const char* coach;
    const char* project;  // '' stands for "no project", as in the running counts
};

// Help requests, as `h`.
inline constexpr FilterSql kHelpFilters{
    " AND h.neighbourhood_id = :neighbourhood",
    " AND h.participant_id IN (SELECT tp.id FROM participants tp, json_each(tp.target_group_ids) tg "
    "WHERE tg.value = :target_group)",
    " AND h.channel = :channel",
    // A help request without its own organisation belongs to its coach's.
    " AND coalesce(h.organisation_id, (SELECT c.organisation_id FROM coaches c WHERE c.id = h.author_coach_id)) "
    "= :organisation",
    " AND h.author_coach_id = :coach", " AND coalesce(h.project_id, '') = :project"};

// Group sessions, as `s`. A session has no target group of its own: it belongs to a
// group when someone of that group attended.
inline constexpr FilterSql kSessionFilters{
    " AND s.neighbourhood_id = :neighbourhood",
    " AND s.id IN (SELECT ta.session_id FROM attendances ta JOIN participants tp ON tp.id = ta.participant_id, "
    "json_each(tp.target_group_ids) tg WHERE ta.deleted = 0 AND tg.value = :target_group)",
    nullptr,
    " AND coalesce(s.organisation_id, (SELECT c.organisation_id FROM coaches c WHERE c.id = s.author_coach_id)) "
    "= :organisation",
    " AND s.author_coach_id = :coach", " AND coalesce(s.project_id, '') = :project"};

// Handouts and screenings, as `x`. They have no place or organisation of their own: they
// take the participant's neighbourhood and the recording coach's organisation.
inline constexpr FilterSql kParticipantRecordFilters{
    " AND x.participant_id IN (SELECT np.id FROM participants np WHERE np.neighbourhood_id = :neighbourhood)",
    " AND x.participant_id IN (SELECT tp.id FROM participants tp, json_each(tp.target_group_ids) tg "
    "WHERE tg.value = :target_group)",
    nullptr,
    " AND x.author_coach_id IN (SELECT c.id FROM coaches c WHERE c.organisation_id = :organisation)",
    " AND x.author_coach_id = :coach", " AND coalesce(x.project_id, '') = :project"};

// The statement text for `base` narrowed by the filters that are set. Only code
// fragments are joined; every value is bound. Leaving unset filters out of the text
// (instead of `:x IS NULL OR ...`) keeps the help request indexes covering.
std::string withFilters(std::string_view base, const FilterSql& sql, const FigureFilter& filter,
                        std::string_view tail = {});

// Binds the filter's values and `period` (with the months, years and the day after it
// derived) to whichever of those parameters the statement has.
void bindFilter(Statement& statement, const FigureFilter& filter, const Period& period);

}  // namespace dc
