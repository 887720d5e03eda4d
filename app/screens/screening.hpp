// Skills screening (digiscan): a level per basic skill for one participant, and how
// those levels moved since earlier screenings.
#pragma once

#include "app/app_context.hpp"
#include "app/screen.hpp"
#include "app/participant_picker.hpp"

namespace dc::app {

struct ScreeningState {
    OptionalId participantId;
    ParticipantPickerState picker;
    SkillsScreening screening;
    std::vector<SkillsScreening> history;
    int64_t historyVersion = 0;
    std::string historyFor;
    std::vector<Problem> problems;
    bool saved = false;
};

class ScreeningScreen : public Screen {
public:
    ScreeningScreen() : Screen("screening") {}
    void drawContent(AppContext& app) override;
    void startFor(AppContext& app, OptionalId participantId);
    // Saves the screening when a participant is chosen.
    bool saveFromKeyboard(AppContext& app) override;
    ScreeningState state;

private:
    void saveScreening(AppContext& app);
};

}  // namespace dc::app
