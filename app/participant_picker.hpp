// Choosing a participant inside a form: type-ahead search with a short result list,
// or "anonymous" where the form allows help without a record.
#pragma once

#include "app/app_context.hpp"

#include <map>
#include <string>

namespace dc::app {

struct ParticipantPickerState {
    std::string query;
    // Ctrl+N or Ctrl+F asked for the search field: it takes the keyboard when next drawn.
    bool focusSearch = false;
    std::vector<ParticipantSummary> all;
    int64_t loadedVersion = 0;
    // The matches of `searchedQuery`, found once per keystroke rather than every frame.
    ParticipantSearch search;
    std::string searchedQuery;
    std::vector<std::size_t> matches;
    std::size_t matchCount = 0;  // all matches, also those past the few shown
    // Last contact of shown people whose pseudonym another shown person shares, by id.
    std::map<std::string, std::string> lastContactOfNamesakes;
};

// Draws the picker; returns true when `participantId` changed.
bool drawParticipantPicker(AppContext& app, ParticipantPickerState& state, std::string_view id,
                           OptionalId& participantId, bool allowAnonymous);
// The pseudonym of `participantId` from the picker's cached list.
std::string pickerPseudonym(const ParticipantPickerState& state, const OptionalId& participantId);

}  // namespace dc::app
