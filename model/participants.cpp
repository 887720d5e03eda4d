// Participant read models: the searchable list and a person's timeline.
#include "model/services.hpp"

#include <algorithm>
#include <unordered_map>

namespace dc {

// Lower-cases ASCII and folds the accented Latin-1 letters of Dutch and French
// names (é, ë, ç, ...) to their base letter, so "zoe" finds "Zoë".
std::string foldForSearch(std::string_view text) {
    static constexpr char kLatin1Fold[64] = {
        'a', 'a', 'a', 'a', 'a', 'a', 'a', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',  // U+00C0..CF
        'd', 'n', 'o', 'o', 'o', 'o', 'o', 'x', 'o', 'u', 'u', 'u', 'u', 'y', 'p', 's',  // U+00D0..DF
        'a', 'a', 'a', 'a', 'a', 'a', 'a', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',  // U+00E0..EF
        'd', 'n', 'o', 'o', 'o', 'o', 'o', '/', 'o', 'u', 'u', 'u', 'u', 'y', 'p', 'y'}; // U+00F0..FF
    std::string folded;
    folded.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == 0xC3 && i + 1 < text.size()) {
            const auto next = static_cast<unsigned char>(text[i + 1]);
            if (next >= 0x80 && next <= 0xBF) {
                folded += kLatin1Fold[next - 0x80];
                ++i;
                continue;
            }
        }
        folded += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : static_cast<char>(c);
    }
    return folded;
}

namespace {

template <class R>
std::unordered_map<std::string, std::string> namesById(Store& store, std::string_view language) {
    std::unordered_map<std::string, std::string> names;
    for (const R& r : store.all<R>()) names.emplace(r.meta.id, nameIn(r, language));
    return names;
}

}  // namespace

std::vector<ParticipantSummary> ParticipantService::summaries() {
    const auto neighbourhoods = namesById<Neighbourhood>(ctx_.store, ctx_.language);
    const auto groups = namesById<TargetGroup>(ctx_.store, ctx_.language);
    std::vector<ParticipantSummary> rows;
    for (const Participant& p : ctx_.store.all<Participant>()) {
        ParticipantSummary row;
        row.id = p.meta.id;
        row.pseudonym = p.pseudonym;
        row.ageBand = p.ageBand;
        row.forgotten = p.erasedOn.has_value();
        if (p.neighbourhoodId) {
            auto it = neighbourhoods.find(*p.neighbourhoodId);
            if (it != neighbourhoods.end()) row.neighbourhood = it->second;
        }
        for (const std::string& groupId : p.targetGroupIds) {
            auto it = groups.find(groupId);
            if (it == groups.end()) continue;
            if (!row.targetGroups.empty()) row.targetGroups += ", ";
            row.targetGroups += it->second;
        }
        row.searchText = foldForSearch(row.pseudonym + " " + row.neighbourhood + " " + row.targetGroups);
        rows.push_back(std::move(row));
    }
    std::sort(rows.begin(), rows.end(), [](const ParticipantSummary& a, const ParticipantSummary& b) {
        return foldForSearch(a.pseudonym) < foldForSearch(b.pseudonym);
    });
    return rows;
}

namespace {

std::vector<std::string> searchWords(std::string_view query) {
    std::vector<std::string> words;
    const std::string folded = foldForSearch(query);
    std::size_t start = 0;
    while (start < folded.size()) {
        const std::size_t end = std::min(folded.find(' ', start), folded.size());
        if (end > start) words.push_back(folded.substr(start, end - start));
        start = end + 1;
    }
    return words;
}

bool containsEveryWord(const std::string& text, const std::vector<std::string>& words) {
    return std::all_of(words.begin(), words.end(), [&](const std::string& w) { return text.find(w) != std::string::npos; });
}

// True when every text holding all of `next` also holds all of `previous`: each
// earlier word still lies inside one of the new words.
bool onlyNarrows(const std::vector<std::string>& previous, const std::vector<std::string>& next) {
    return std::all_of(previous.begin(), previous.end(), [&](const std::string& old) {
        return std::any_of(next.begin(), next.end(), [&](const std::string& w) { return w.find(old) != std::string::npos; });
    });
}

}  // namespace

bool matchesEveryWord(std::string_view searchText, std::string_view query) {
    const std::vector<std::string> words = searchWords(query);
    return std::all_of(words.begin(), words.end(),
                       [&](const std::string& w) { return searchText.find(w) != std::string_view::npos; });
}

std::vector<std::size_t> searchParticipants(const std::vector<ParticipantSummary>& all, std::string_view query,
                                            std::size_t limit) {
    const std::vector<std::string> words = searchWords(query);
    std::vector<std::size_t> hits;
    for (std::size_t i = 0; i < all.size() && hits.size() < limit; ++i)
        if (containsEveryWord(all[i].searchText, words)) hits.push_back(i);
    return hits;
}

const std::vector<std::size_t>& ParticipantSearch::find(const std::vector<ParticipantSummary>& all,
                                                        std::string_view query) {
    // A long query typed letter by letter keeps this many steps; older ones are let go.
    constexpr std::size_t kMaxSteps = 64;
    std::vector<std::string> words = searchWords(query);
    // The same query again, or one typed before (a backspace): its hits are known.
    for (std::size_t i = steps_.size(); i-- > 0;) {
        if (steps_[i].words == words) {
            steps_.resize(i + 1);
            return steps_.back().hits;
        }
    }
    // The newest query this one only narrows: look among its hits, in their order.
    for (std::size_t i = steps_.size(); i-- > 0;) {
        if (!onlyNarrows(steps_[i].words, words)) continue;
        Step next{std::move(words), {}};
        for (std::size_t index : steps_[i].hits)
            if (index < all.size() && containsEveryWord(all[index].searchText, next.words)) next.hits.push_back(index);
        steps_.resize(i + 1);
        if (steps_.size() == kMaxSteps) steps_.erase(steps_.begin());
        steps_.push_back(std::move(next));
        return steps_.back().hits;
    }
    steps_.clear();
    if (textEnds_.size() != all.size()) load(all);  // a caller that forgot to load the list
    std::vector<std::size_t> hits = scanTexts(words);
    steps_.push_back({std::move(words), std::move(hits)});
    return steps_.back().hits;
}

void ParticipantSearch::load(const std::vector<ParticipantSummary>& all) {
    steps_.clear();
    std::size_t bytes = 0;
    for (const ParticipantSummary& person : all) bytes += person.searchText.size() + 1;
    texts_.clear();
    texts_.reserve(bytes);
    textEnds_.clear();
    textEnds_.reserve(all.size());
    for (const ParticipantSummary& person : all) {
        texts_ += person.searchText;
        textEnds_.push_back(texts_.size());
        texts_ += '\n';
    }
}

std::vector<std::size_t> ParticipantSearch::scanTexts(const std::vector<std::string>& words) const {
    std::vector<std::size_t> hits;
    if (words.empty()) {
        hits.resize(textEnds_.size());
        for (std::size_t i = 0; i < hits.size(); ++i) hits[i] = i;
        return hits;
    }
    // The longest word is the rarest: find its places in the whole buffer at once, and
    // test the other words only in the texts it lands in.
    const std::string& anchor =
        *std::max_element(words.begin(), words.end(), [](const std::string& a, const std::string& b) { return a.size() < b.size(); });
    const std::string_view buffer(texts_);
    std::size_t from = 0;
    while ((from = buffer.find(anchor, from)) != std::string_view::npos) {
        const auto end = std::upper_bound(textEnds_.begin(), textEnds_.end(), from);
        if (end == textEnds_.end()) break;
        const std::size_t index = static_cast<std::size_t>(end - textEnds_.begin());
        const std::size_t start = index == 0 ? 0 : textEnds_[index - 1] + 1;
        const std::string_view text = buffer.substr(start, *end - start);
        if (std::all_of(words.begin(), words.end(), [&](const std::string& w) { return text.find(w) != std::string_view::npos; }))
            hits.push_back(index);
        from = *end + 1;  // one hit per person is enough
    }
    return hits;
}

std::vector<TimelineEntry> ParticipantService::timeline(std::string_view participantId) {
    // Each part names its kind; the summary is a category, device or theme, never personal text.
    static const std::string sql =
        "SELECT h.occurred_at, 'help_request', " + categoryPathSql("?2") + ", h.id "
        "  FROM help_requests h JOIN help_categories c ON c.id = h.category_id "
        "  LEFT JOIN help_categories parent ON parent.id = c.parent_id "
        "  WHERE h.participant_id = ?1 AND h.deleted = 0 "
        "UNION ALL SELECT d.handed_out_on, d.kind, dev.model || ' ' || dev.asset_tag, d.id "
        "  FROM device_handouts d JOIN devices dev ON dev.id = d.device_id "
        "  WHERE d.participant_id = ?1 AND d.deleted = 0 "
        "UNION ALL SELECT s.held_on, 'session', s.theme, s.id "
        "  FROM attendances a JOIN group_sessions s ON s.id = a.session_id "
        "  WHERE a.participant_id = ?1 AND a.deleted = 0 AND s.deleted = 0 "
        "UNION ALL SELECT k.screened_on, 'screening', '', k.id "
        "  FROM skills_screenings k WHERE k.participant_id = ?1 AND k.deleted = 0 "
        "ORDER BY 1 DESC";
    Statement& q = ctx_.store.db().cached(sql.c_str());
    q.bind(1, participantId).bind(2, ctx_.language);
    std::vector<TimelineEntry> entries;
    while (q.step()) entries.push_back({q.text(0), q.text(1), q.text(2), q.text(3)});
    q.reset();
    return entries;
}

}  // namespace dc
