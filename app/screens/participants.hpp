// Participants: instant search over everyone this laptop knows, a person's timeline,
// and the minimal create/edit form.
#pragma once

#include "app/app_context.hpp"

namespace dc::app {

struct ParticipantFormState {
    Participant participant;
    std::vector<Problem> problems;
    std::optional<Draft> draft;
};

struct ParticipantsState {
    enum class Mode { List, Detail, Edit } mode = Mode::List;
    std::string query;
    std::string lastQuery;
    int64_t loadedVersion = 0;
    std::vector<ParticipantSummary> all;
    ParticipantSearch search;
    std::vector<std::size_t> matches;
    bool focusSearch = false;
    std::string selectedId;
    std::vector<TimelineEntry> timeline;
    int64_t timelineVersion = 0;
    ParticipantFormState form;
};

class ParticipantsScreen {
public:
    void draw(AppContext& app);
    void drawContent(AppContext& app);
    void startNew(AppContext& app);
    void show(std::string participantId);
    void focusSearch() { state.focusSearch = true; }
    void flushDraft();
    ParticipantsState state;

private:
    void drawList(AppContext& app);
    void drawDetail(AppContext& app);
    void drawForm(AppContext& app);
    void refresh(AppServices& services);
};

}  // namespace dc::app
