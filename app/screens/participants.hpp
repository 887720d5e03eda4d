// Participants: instant search over everyone this laptop knows, a person's timeline
// with their rights (forget, export), and the create/edit form that asks consent first.
#pragma once

#include "app/app_context.hpp"
#include "app/screen.hpp"

#include <filesystem>

namespace dc::app {

struct ParticipantFormState {
    Participant participant;
    std::vector<Problem> problems;
    // A new person's form, kept as it is typed.
    std::optional<FormDraft<Participant>> draft;
    bool restoredFromDraft = false;
};

struct ParticipantsState {
    enum class Mode { List, Detail, Edit } mode = Mode::List;
    std::string query;
    std::string lastQuery;
    int64_t loadedVersion = 0;
    std::vector<ParticipantSummary> all;
    ParticipantSearch search;
    std::vector<std::size_t> matches;
    // The list rows' heights at rowHeightsWidth and that font size, indexed as `all`
    // (0: not measured yet), and where each match's row starts (one more: the list's end).
    std::vector<float> rowHeights;
    float rowHeightsWidth = 0;
    float rowHeightsFontSize = 0;
    std::vector<float> rowTops;
    bool focusSearch = false;
    std::string selectedId;
    // The person on the detail view and their timeline, read again only when the data
    // or the person changes, never every frame.
    std::optional<Participant> detailPerson;
    std::string detailFor;
    std::vector<TimelineEntry> timeline;
    int64_t timelineVersion = 0;
    ParticipantFormState form;
    // The person's rights on the detail view.
    bool openForgetConfirmation = false;
    std::vector<Problem> detailProblems;
    std::optional<std::string> exportedPath;
    std::optional<std::string> exportFailure;  // the reason, as the system gave it
    // Where exports go; empty: the "exports" folder in the user's data folder.
    std::filesystem::path exportFolder;
};

class ParticipantsScreen : public Screen {
public:
    ParticipantsScreen() : Screen("participants") {}
    void drawContent(AppContext& app) override;
    void startNew(AppContext& app);
    void show(std::string participantId);
    void focusSearch() { state.focusSearch = true; }
    // Leaves the form (a new person's draft stays) or the timeline; false on the list.
    bool closeSubView() override;
    void flushDraft() override;
    bool saveFromKeyboard(AppContext& app) override;
    // Before an idle lock: an open form goes into its encrypted draft.
    void setAsideForm(AppServices& services);
    // After unlock: back in `mode` for `participantId`, with an open form restored
    // from its draft.
    void resume(AppContext& app, ParticipantsState::Mode mode, const std::string& participantId);
    // Reopens the form of an existing person that was set aside by a lock; false if none.
    bool resumeEditedPerson(AppContext& app);
    ParticipantsState state;

private:
    void drawList(AppContext& app);
    void drawDetail(AppContext& app);
    void drawForgetConfirmation(AppContext& app, const std::string& participantId);
    void drawForm(AppContext& app);
    void saveForm(AppContext& app);
    void exportPerson(AppContext& app, const std::string& participantId);
    void refresh(AppServices& services);
};

}  // namespace dc::app
