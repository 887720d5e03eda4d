// Group sessions: create a workshop or digicafé, check in registered people with one
// tap, add walk-ins and count the people who stay anonymous.
#pragma once

#include "app/app_context.hpp"
#include "app/screen.hpp"
#include "app/participant_picker.hpp"

namespace dc::app {

struct GroupSessionsState {
    enum class Mode { List, Edit, Attendance } mode = Mode::List;
    int64_t loadedVersion = 0;
    std::vector<GroupSession> sessions;
    GroupSession editing;
    std::vector<Problem> problems;
    std::string selectedId;
    std::vector<Attendance> attendance;
    int64_t attendanceVersion = 0;
    ParticipantPickerState picker;
    // The walk-in being added: consent first, then the name.
    Participant walkIn;
    // What the last tap did, shown in the message strip below the screen.
    std::string confirmation;
};

class GroupSessionsScreen : public Screen {
public:
    GroupSessionsScreen() : Screen("group_sessions") {}
    void drawContent(AppContext& app) override;
    void startNew(AppContext& app);
    // Closes the session form or the attendance list; false when the list already shows.
    bool closeSubView() override;
    void flushDraft() override;
    bool saveFromKeyboard(AppContext& app) override;
    GroupSessionsState state;

protected:
    // The attendance view keeps a message strip at the bottom, so its buttons stay put.
    float footerHeight() override;
    void drawFooter(AppContext& app) override;

private:
    void drawList(AppContext& app);
    FormDraft<GroupSession>& sessionDraft(Store& store);
    std::optional<FormDraft<GroupSession>> sessionDraft_;
    void drawEdit(AppContext& app);
    void saveSession(AppContext& app);
    void drawAttendance(AppContext& app);
    void drawWalkIn(AppContext& app);
    void drawAttendees(AppContext& app);
    void showOutcome(const SaveResult& result, std::string confirmation);
};

}  // namespace dc::app
