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
    std::string walkInName;
};

class GroupSessionsScreen : public Screen {
public:
    GroupSessionsScreen() : Screen("group_sessions") {}
    void drawContent(AppContext& app) override;
    void startNew(AppContext& app);
    // Closes the session form or the attendance list; false when the list already shows.
    bool closeSubView() override;
    void flushDraft() override;
    GroupSessionsState state;

private:
    void drawList(AppContext& app);
    FormDraft<GroupSession>& sessionDraft(Store& store);
    std::optional<FormDraft<GroupSession>> sessionDraft_;
    void drawEdit(AppContext& app);
    void drawAttendance(AppContext& app);
};

}  // namespace dc::app
