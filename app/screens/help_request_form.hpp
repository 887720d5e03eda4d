// Logging one help request: the form a coach fills in during or right after a visit.
#pragma once

#include "app/app_context.hpp"
#include "app/screen.hpp"
#include "app/participant_picker.hpp"

namespace dc::app {

// Where a saved request is on its way to storage that survives a closed tab.
enum class StoringSaved { No, Waiting, Stored, Refused };

struct HelpRequestFormState {
    HelpRequest request;
    bool open = false;
    StoringSaved storing = StoringSaved::No;
    // Which save the storing is about: an answer for an earlier save (the coach went on to
    // a new request meanwhile) is not this one's.
    int storingWait = 0;
    bool restoredFromDraft = false;
    bool showAllCategories = false;
    // The neighbourhood follows the chosen person until the coach picks one by hand.
    bool neighbourhoodChosenByHand = false;
    bool scrollToTop = false;
    // Once the person is known the keyboard goes on to the channel, never to "Anoniem",
    // where one Enter would make the request anonymous.
    bool focusChannel = false;
    std::string customDuration;
    std::vector<Problem> problems;
    std::vector<CategoryChoice> categories;
    int64_t categoriesVersion = 0;
    ParticipantPickerState picker;
    std::optional<FormDraft<HelpRequest>> draft;
};

class HelpRequestFormScreen : public Screen {
public:
    HelpRequestFormScreen() : Screen("help_request_form_fields") {}
    // Starts a fresh request with the coach's defaults, optionally for one participant.
    void start(AppContext& app, OptionalId participantId = std::nullopt);
    // Opens a saved request for correction; false when it no longer exists.
    bool edit(AppContext& app, std::string_view helpRequestId);
    // Esc: closes the form but keeps what was typed as a draft for Today's "resume".
    void leaveKeepingDraft(AppServices& services);
    // Reopens a draft left behind by a closed window or a crash; false if there is none.
    bool resumeDraft(AppContext& app);
    bool hasDraft(AppServices& services);
    void discardDraft(AppServices& services);
    void drawContent(AppContext& app) override;
    void flushDraft() override;
    bool closeSubView() override;
    bool focusOwnSearch() override;
    bool saveFromKeyboard(AppContext& app) override;

    HelpRequestFormState state;
    // Shown on Today after a save.
    std::optional<std::string> lastSavedId;

protected:
    float footerHeight() override;
    void drawFooter(AppContext& app) override;

private:
    static bool actionsSideBySide();
    FormDraft<HelpRequest>& draft(AppServices& services);
    // The duration goes in the free field when it is none of the quick picks.
    void showDuration();
    void takeNeighbourhoodOf(AppContext& app, const std::string& participantId);
    void save(AppContext& app);
    // "Saved" is the form closing onto Today: only once the request is on persistent storage.
    void waitUntilStored(AppContext& app);
    void closeAfterSave(AppContext& app);
    void drawStoring(AppContext& app);
    // Lets a storage callback find out that the screen is gone (an idle lock closed the shell).
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace dc::app
