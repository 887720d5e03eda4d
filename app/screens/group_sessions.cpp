// The Group sessions screen.
#include "app/screens/group_sessions.hpp"

#include "app/i18n.hpp"
#include "app/theme.hpp"
#include "app/ui_probe.hpp"
#include "app/widgets.hpp"

#include <imgui.h>

#include <algorithm>

namespace dc::app {
namespace {
// A screen of sessions is plenty on a field laptop; reports cover the full history.
constexpr std::size_t kSessionsListed = 60;
}  // namespace

void GroupSessionsScreen::startNew(AppContext& app) {
    state.editing = {};
    state.editing.heldOn = app.services.today();
    state.problems.clear();
    state.mode = GroupSessionsState::Mode::Edit;
}

FormDraft<GroupSession>& GroupSessionsScreen::sessionDraft(Store& store) {
    if (!sessionDraft_) sessionDraft_.emplace(store, "group_session");
    return *sessionDraft_;
}

void GroupSessionsScreen::flushDraft() {
    if (sessionDraft_) sessionDraft_->flush();
}

bool GroupSessionsScreen::closeSubView() {
    if (state.mode == GroupSessionsState::Mode::List) return false;
    // Leaving a half-filled session keeps it for later; Cancel is what throws it away.
    if (state.mode == GroupSessionsState::Mode::Edit && sessionDraft_) sessionDraft_->flush();
    state.mode = GroupSessionsState::Mode::List;
    state.problems.clear();
    state.confirmation.clear();
    return true;
}

void GroupSessionsScreen::drawContent(AppContext& app) {
    if (state.loadedVersion != app.services.dataVersion) {
        state.sessions = app.services.sessions.sessions();
        state.loadedVersion = app.services.dataVersion;
    }
    switch (state.mode) {
        case GroupSessionsState::Mode::List: drawList(app); break;
        case GroupSessionsState::Mode::Edit: drawEdit(app); break;
        case GroupSessionsState::Mode::Attendance: drawAttendance(app); break;
    }
}

void GroupSessionsScreen::drawList(AppContext& app) {
    ui::heading(tr("sessions.title"));
    ui::waitingDraftNotice(app, "sessions", tr("sessions.draft_waiting"), sessionDraft(app.services.store),
                           [this, &app](GroupSession session) {
                               startNew(app);
                               state.editing = std::move(session);
                           });
    if (ui::button("sessions.new", tr("sessions.new"))) app.later([this, &app] { startNew(app); });
    ImGui::Separator();
    if (state.sessions.empty()) ui::mutedText(tr("sessions.none"));
    std::size_t listed = 0;
    for (const GroupSession& s : state.sessions) {
        if (++listed > kSessionsListed) break;
        ImGui::PushID(s.meta.id.c_str());
        const std::string title = s.heldOn + "  " + (s.theme.empty() ? std::string(trCode("session_kind", s.kind)) : s.theme);
        if (ui::wrappedSelectable("sessions.row." + s.meta.id, title.c_str())) {
            app.later([this, id = s.meta.id] {
                state.selectedId = id;
                state.attendanceVersion = 0;
                state.mode = GroupSessionsState::Mode::Attendance;
            });
        }
        ui::mutedText((std::string(trCode("session_kind", s.kind)) + "  \xC2\xB7  " + s.place).c_str());
        ImGui::PopID();
    }
}

void GroupSessionsScreen::drawEdit(AppContext& app) {
    GroupSession& s = state.editing;
    sessionDraft(app.services.store).beforeFields(s);
    ui::heading(s.meta.version == 0 ? tr("sessions.new") : tr("sessions.edit"));
    ui::allProblems(state.problems);
    ui::dateField("session.held_on", tr("sessions.held_on"), s.heldOn);
    ui::fieldLabel(tr("sessions.kind"));
    ui::codeChips("session.kind", "session_kind", kSessionKinds, s.kind);
    ui::textField("session.theme", tr("sessions.theme"), s.theme, tr("sessions.theme_hint"));
    ui::textField("session.place", tr("sessions.place"), s.place);
    ui::fieldLabel(tr("sessions.neighbourhood"));
    ui::neighbourhoodChips("session.neighbourhood", app.services.neighbourhoods(), s.neighbourhoodId);
    ui::projectChips("session.project", app.services, s.projectId);
    ui::fieldLabel(tr("sessions.duration"));
    {
        ui::ChipFlow flow;
        for (int minutes : {60, 90, 120, 180})
            if (flow.chip("session.duration." + std::to_string(minutes),
                          trFormat("common.minutes", {std::to_string(minutes)}).c_str(), s.durationMinutes == minutes))
                s.durationMinutes = minutes;
    }
    ui::textField("session.trainers", tr("sessions.trainers"), s.trainers);
    ui::multilineField("session.notes", tr("common.notes"), s.notes);
    sessionDraft(app.services.store).afterFields(s, app.services.clock.nowMs());
    if (ui::bigButton("session.save", tr("common.save"))) app.later([this, &app] { saveSession(app); });
    if (ui::button("session.cancel", tr("common.cancel")))
        app.later([this, &app] {
            sessionDraft(app.services.store).clear();
            closeSubView();
        });
}

float GroupSessionsScreen::footerHeight() {
    return state.mode == GroupSessionsState::Mode::Attendance ? ui::messageStripHeight() : 0;
}

void GroupSessionsScreen::drawFooter(AppContext&) {
    ui::messageStrip("sessions.message", state.problems, state.confirmation);
}

void GroupSessionsScreen::saveSession(AppContext& app) {
    GroupSession toSave = state.editing;
    SaveResult result = app.services.sessions.save(toSave);
    state.problems = result.problems;
    if (!result.ok()) return;
    sessionDraft(app.services.store).clear();
    state.selectedId = result.id;
    state.attendanceVersion = 0;
    state.mode = GroupSessionsState::Mode::Attendance;
}

bool GroupSessionsScreen::saveFromKeyboard(AppContext& app) {
    if (state.mode != GroupSessionsState::Mode::Edit) return false;
    app.later([this, &app] { saveSession(app); });
    return true;
}

void GroupSessionsScreen::showOutcome(const SaveResult& result, std::string confirmation) {
    state.problems = result.problems;
    state.confirmation = result.ok() ? std::move(confirmation) : std::string();
}

void GroupSessionsScreen::drawAttendance(AppContext& app) {
    auto session = std::find_if(state.sessions.begin(), state.sessions.end(),
                                [&](const GroupSession& s) { return s.meta.id == state.selectedId; });
    if (session == state.sessions.end()) {
        state.mode = GroupSessionsState::Mode::List;
        return;
    }
    if (state.attendanceVersion != app.services.dataVersion) {
        state.attendance = app.services.sessions.attendance(state.selectedId);
        state.attendanceVersion = app.services.dataVersion;
    }
    if (ui::button("sessions.back", tr("common.back"))) app.later([this] { closeSubView(); });
    ImGui::SameLine();
    if (ui::button("sessions.edit", tr("common.edit")))
        app.later([this, s = *session] {
            state.editing = s;
            state.problems.clear();
            state.mode = GroupSessionsState::Mode::Edit;
        });
    ui::heading((session->heldOn + "  " + (session->theme.empty() ? std::string(trCode("session_kind", session->kind)) : session->theme)).c_str());

    // The anonymous head count: people who came but do not want to be registered.
    ui::fieldLabel(tr("sessions.anonymous_count"));
    auto changeCount = [this, &app](int64_t delta) {
        app.later([this, &app, delta] {
            const SaveResult result = app.services.sessions.countAnonymous(state.selectedId, delta);
            const std::optional<GroupSession> now = app.services.store.find<GroupSession>(state.selectedId);
            showOutcome(result, trFormat("sessions.anonymous_counted",
                                         {std::to_string(now ? now->anonymousCount : 0)}));
        });
    };
    // +1 is the tap of the evening: first and filled; -1 only corrects a slip.
    const char* plusText = tr("sessions.anonymous_plus");
    const char* minusText = "\xE2\x80\x93 1";
    switch (ui::actionBar("sessions.anonymous_plus", plusText, "sessions.anonymous_minus", minusText,
                          ui::fitsSideBySide(plusText, minusText))) {
        case ui::ActionBarChoice::Primary: changeCount(1); break;
        case ui::ActionBarChoice::Secondary: changeCount(-1); break;
        case ui::ActionBarChoice::None: break;
    }
    // Below the buttons: the total grows a digit and may wrap without moving them.
    const int64_t registered = static_cast<int64_t>(state.attendance.size());
    ImGui::TextWrapped("%s", trFormat("sessions.present", {std::to_string(registered), std::to_string(session->anonymousCount),
                                                            std::to_string(registered + session->anonymousCount)}).c_str());

    ui::heading(tr("sessions.check_in"));
    OptionalId toCheckIn;
    if (drawParticipantPicker(app, state.picker, "sessions.check_in", toCheckIn, false) && toCheckIn) {
        app.later([this, &app, id = *toCheckIn] {
            const SaveResult result = app.services.sessions.checkIn(state.selectedId, id, false);
            showOutcome(result, trFormat("sessions.checked_in", {pickerPseudonym(state.picker, id)}));
        });
    }
    drawWalkIn(app);
    drawAttendees(app);
}

void GroupSessionsScreen::drawWalkIn(AppContext& app) {
    Participant& walkIn = state.walkIn;
    ui::heading(tr("sessions.walk_in"));
    // Always shown, so giving consent moves nothing below it.
    ui::mutedText(tr("sessions.walk_in_needs_consent"));
    // GDPR Art. 6-7: as on the participant form, consent comes before the name.
    ui::fieldLabel(tr("participant.consent_scopes"));
    ui::consentChips("sessions.walk_in_consent", walkIn.consentScopes, walkIn.consentDate, app.services.today());
    const bool storeConsent =
        std::find(walkIn.consentScopes.begin(), walkIn.consentScopes.end(), "store") != walkIn.consentScopes.end();
    ImGui::BeginDisabled(!storeConsent);
    ui::textField("sessions.walk_in_name", tr("participant.pseudonym"), walkIn.pseudonym, tr("participant.pseudonym_hint"));
    if (ui::button("sessions.add_walk_in", tr("sessions.add_walk_in"))) {
        app.later([this, &app] {
            Participant toAdd = state.walkIn;
            const SaveResult added = app.services.sessions.addWalkIn(state.selectedId, toAdd);
            showOutcome(added, trFormat("sessions.walk_in_added", {toAdd.pseudonym}));
            if (added.ok()) state.walkIn = {};
        });
    }
    ImGui::EndDisabled();
}

void GroupSessionsScreen::drawAttendees(AppContext& app) {
    ui::heading(tr("sessions.attendees"));
    if (state.attendance.empty()) ui::mutedText(tr("sessions.no_attendees"));
    const char* removeText = tr("sessions.remove_attendee");
    for (const Attendance& a : state.attendance) {
        ImGui::PushID(a.meta.id.c_str());
        const std::string pseudonym = pickerPseudonym(state.picker, a.participantId);
        std::string name = pseudonym;
        if (a.walkIn) name += "  (" + std::string(tr("sessions.walk_in_mark")) + ")";
        const float rowWidth = ImGui::GetContentRegionAvail().x;
        ImGui::AlignTextToFramePadding();
        ImGui::TextWrapped("%s", name.c_str());
        // Beside the name when both fit, else under it, so a long name stays readable.
        const float removeWidth = ImGui::CalcTextSize(removeText).x + ImGui::GetStyle().FramePadding.x * 2;
        if (ImGui::GetItemRectSize().x + ImGui::GetStyle().ItemSpacing.x + removeWidth <= rowWidth)
            ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - removeWidth);
        if (ui::button("sessions.remove." + a.meta.id, removeText))
            app.later([this, &app, id = a.meta.id, pseudonym] {
                const bool removed = app.services.sessions.removeAttendance(id);
                state.problems.clear();
                state.confirmation = removed ? trFormat("sessions.attendee_removed", {pseudonym}) : std::string();
            });
        ImGui::Separator();
        ImGui::PopID();
    }
}

}  // namespace dc::app
