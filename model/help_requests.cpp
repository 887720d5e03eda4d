// Help requests: sensible defaults for a fast entry, and the lists on the Today screen.
#include "model/services.hpp"

#include <algorithm>
#include <unordered_map>

namespace dc {

namespace {
// The rows' period or window is bound at ?1 and ?2, the language of category names at ?3.
const std::string kRowColumns =
    "SELECT h.id, h.occurred_at, coalesce(p.pseudonym, ''), " + categoryPathSql("?3") + ", "
    "h.channel, h.duration_minutes, h.outcome, h.follow_up_on, coalesce(p.id, '') "
    "FROM help_requests h "
    "LEFT JOIN participants p ON p.id = h.participant_id "
    "LEFT JOIN help_categories c ON c.id = h.category_id "
    "LEFT JOIN help_categories parent ON parent.id = c.parent_id ";

std::vector<HelpRequestRow> readRows(Store& store, Statement& q) {
    std::vector<HelpRequestRow> rows;
    while (q.step()) {
        rows.push_back({q.text(0), q.text(1), store.reveal("participants", q.text(8), "pseudonym", q.text(2)),
                        q.text(3), q.text(4), q.integer(5), q.text(6), q.optionalText(7)});
    }
    q.reset();
    return rows;
}
}  // namespace

HelpRequest HelpRequestService::draftWithDefaults() {
    HelpRequest draft;
    draft.occurredAt = localDateTime(ctx_.clock.nowMs());
    // The newest request of this coach: scanning back by rowid stops at the first match.
    Statement& last = ctx_.store.db().cached(
        "SELECT channel, neighbourhood_id, organisation_id, project_id FROM help_requests "
        "WHERE author_coach_id = ? AND deleted = 0 ORDER BY rowid DESC LIMIT 1");
    last.bind(1, ctx_.coachId);
    if (last.step()) {
        draft.channel = last.text(0);
        draft.neighbourhoodId = last.optionalText(1);
        draft.organisationId = last.optionalText(2);
        // The usual project, unless it was removed from the list since.
        if (const std::optional<std::string> project = last.optionalText(3); project && ctx_.store.exists<Project>(*project))
            draft.projectId = project;
        last.reset();
        return draft;
    }
    last.reset();
    draft.projectId = teamProject();
    return draft;
}

OptionalId HelpRequestService::teamProject() {
    // A coach's first request: their team (the coaches of their organisation) works for a
    // project, most likely the one it named last. Only recent requests count, read back
    // from the newest along the time index, so this stays quick in a city's data.
    Statement& team = ctx_.store.db().cached(
        "SELECT h.project_id FROM help_requests h JOIN coaches c ON c.id = h.author_coach_id "
        "WHERE h.occurred_at >= ?2 AND h.deleted = 0 AND h.project_id IS NOT NULL AND h.author_coach_id <> ?1 "
        "AND c.organisation_id = (SELECT organisation_id FROM coaches WHERE id = ?1) "
        "ORDER BY h.occurred_at DESC LIMIT 1");
    team.bind(1, ctx_.coachId).bind(2, addDays(localDate(ctx_.clock.nowMs()), -kTeamProjectDays));
    OptionalId project;
    if (team.step()) project = team.optionalText(0);
    team.reset();
    if (project && !ctx_.store.exists<Project>(*project)) project.reset();
    return project;
}

std::vector<HelpRequestRow> HelpRequestService::onDate(std::string_view date) {
    static const std::string sql = kRowColumns +
                                   "WHERE h.occurred_at >= ?1 AND h.occurred_at < ?2 AND h.deleted = 0 "
                                   "ORDER BY h.occurred_at DESC";
    Statement& q = ctx_.store.db().cached(sql.c_str());
    q.bind(1, date).bind(2, addDays(date, 1)).bind(3, ctx_.language);
    return readRows(ctx_.store, q);
}

std::vector<HelpRequestRow> HelpRequestService::followUpsDue(std::string_view today) {
    // Due within the coming week, or missed in the last month; older ones are history.
    static const std::string sql = kRowColumns +
                                   "WHERE h.follow_up_on BETWEEN ?1 AND ?2 AND h.deleted = 0 "
                                   "ORDER BY h.follow_up_on LIMIT 200";
    Statement& q = ctx_.store.db().cached(sql.c_str());
    q.bind(1, addDays(today, -30)).bind(2, addDays(today, 7)).bind(3, ctx_.language);
    return readRows(ctx_.store, q);
}

std::vector<CategoryChoice> HelpRequestService::categoryChoices() {
    std::unordered_map<std::string, int64_t> uses;
    Statement& usage = ctx_.store.db().cached(
        "SELECT category_id, count(*) FROM (SELECT category_id FROM help_requests "
        "WHERE author_coach_id = ? AND deleted = 0 ORDER BY rowid DESC LIMIT 500) GROUP BY category_id");
    usage.bind(1, ctx_.coachId);
    while (usage.step()) uses[usage.text(0)] = usage.integer(1);
    usage.reset();

    const std::vector<HelpCategory> categories = ctx_.store.all<HelpCategory>();
    std::unordered_map<std::string, const HelpCategory*> byId;
    std::unordered_map<std::string, bool> hasChildren;
    for (const HelpCategory& c : categories) {
        byId[c.meta.id] = &c;
        if (c.parentId) hasChildren[*c.parentId] = true;
    }
    struct Ranked {
        CategoryChoice choice;
        int64_t parentOrder;
        int64_t order;
    };
    std::vector<Ranked> ranked;
    for (const HelpCategory& c : categories) {
        if (hasChildren.count(c.meta.id)) continue;  // offer the specific leaves
        const HelpCategory* parent = c.parentId && byId.count(*c.parentId) ? byId[*c.parentId] : nullptr;
        const std::string& name = nameIn(c, ctx_.language);
        CategoryChoice choice{c.meta.id, parent ? nameIn(*parent, ctx_.language) + " / " + name : name, 0};
        auto it = uses.find(c.meta.id);
        if (it != uses.end()) choice.timesUsed = it->second;
        ranked.push_back({choice, parent ? parent->sortOrder : c.sortOrder, c.sortOrder});
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
        if (a.choice.timesUsed != b.choice.timesUsed) return a.choice.timesUsed > b.choice.timesUsed;
        if (a.parentOrder != b.parentOrder) return a.parentOrder < b.parentOrder;
        return a.order < b.order;
    });
    std::vector<CategoryChoice> choices;
    for (Ranked& r : ranked) choices.push_back(std::move(r.choice));
    return choices;
}

}  // namespace dc
