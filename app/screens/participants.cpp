// The Participants screen: list, timeline with forget and export, and the form.
#include "app/screens/participants.hpp"

#include "app/i18n.hpp"
#include "app/imgui_ext.hpp"
#include "app/theme.hpp"
#include "app/ui_probe.hpp"
#include "app/widgets.hpp"
#include "model/privacy.hpp"
#include "platform/data_paths.hpp"

#include <imgui.h>

#include <algorithm>
#include <numeric>

namespace dc::app {
namespace {

// An existing person's form set aside by an idle lock; a new person's form has its own
// draft, "participant", written as it is typed.
constexpr const char* kEditDraft = "participant_edit";

bool hasStoreConsent(const Participant& p) {
    return std::find(p.consentScopes.begin(), p.consentScopes.end(), "store") != p.consentScopes.end();
}

// What the list and the detail view show for someone whose name was erased.
const char* shownName(const std::string& pseudonym, bool forgotten) {
    return forgotten ? tr("participants.forgotten") : pseudonym.c_str();
}

// The list row's second line: age band, neighbourhood and target groups.
std::string rowDetail(const ParticipantSummary& s) {
    std::string detail = trCode("age_band", s.ageBand);
    if (!s.neighbourhood.empty()) detail += "  \xC2\xB7  " + s.neighbourhood;
    if (!s.targetGroups.empty()) detail += "  \xC2\xB7  " + s.targetGroups;
    return detail;
}

}  // namespace

void ParticipantsScreen::refresh(AppServices& services) {
    if (state.loadedVersion != services.dataVersion) {
        state.all = services.participants.summaries();
        state.loadedVersion = services.dataVersion;
        state.lastQuery = "\x01";  // forces a new search over the new list
        state.search.load(state.all);
        state.rowHeights.clear();
    }
    if (state.query != state.lastQuery) {
        state.matches = state.search.find(state.all, state.query);
        state.lastQuery = state.query;
    }
}

void ParticipantsScreen::startNew(AppContext& app) {
    state.form = {};
    state.form.draft.emplace(app.services.store, "participant");
    if (std::optional<Participant> saved = state.form.draft->load()) {
        state.form.participant = std::move(*saved);
        state.form.restoredFromDraft = true;
    }
    state.mode = ParticipantsState::Mode::Edit;
}

bool ParticipantsScreen::closeSubView() {
    switch (state.mode) {
        case ParticipantsState::Mode::List: return false;
        case ParticipantsState::Mode::Detail: state.mode = ParticipantsState::Mode::List; return true;
        case ParticipantsState::Mode::Edit:
            flushDraft();
            state.mode = state.form.participant.meta.version == 0 ? ParticipantsState::Mode::List
                                                                  : ParticipantsState::Mode::Detail;
            return true;
    }
    return false;
}

void ParticipantsScreen::show(std::string participantId) {
    if (participantId != state.selectedId) {
        state.exportedPath.reset();
        state.exportFailure.reset();
        state.detailProblems.clear();
    }
    state.selectedId = std::move(participantId);
    state.timelineVersion = 0;
    state.mode = ParticipantsState::Mode::Detail;
}

void ParticipantsScreen::flushDraft() {
    if (state.form.draft) state.form.draft->flush();
}

void ParticipantsScreen::setAsideForm(AppServices& services) {
    if (state.mode != ParticipantsState::Mode::Edit) return;
    const Participant& p = state.form.participant;
    if (p.meta.version == 0) return flushDraft();
    FormDraft<Participant>(services.store, kEditDraft).writeNow(p, services.clock.nowMs());
}

bool ParticipantsScreen::resumeEditedPerson(AppContext& app) {
    FormDraft<Participant> edit(app.services.store, kEditDraft);
    if (!edit.waiting()) return false;
    std::optional<Participant> person = edit.load();
    edit.clear();
    // A draft that no longer reads, or names no stored person, is worth less than the record.
    if (!person || person->meta.version == 0) return false;
    state.form = {};
    state.form.participant = std::move(*person);
    state.selectedId = state.form.participant.meta.id;
    state.mode = ParticipantsState::Mode::Edit;
    return true;
}

void ParticipantsScreen::resume(AppContext& app, ParticipantsState::Mode mode, const std::string& participantId) {
    if (resumeEditedPerson(app)) return;
    if (mode == ParticipantsState::Mode::Edit)
        startNew(app);
    else if (mode == ParticipantsState::Mode::Detail && !participantId.empty())
        show(participantId);
}

void ParticipantsScreen::drawContent(AppContext& app) {
    switch (state.mode) {
        case ParticipantsState::Mode::List: drawList(app); break;
        case ParticipantsState::Mode::Detail: drawDetail(app); break;
        case ParticipantsState::Mode::Edit: drawForm(app); break;
    }
}

void ParticipantsScreen::drawList(AppContext& app) {
    refresh(app.services);
    ui::heading(tr("participants.title"));
    if (state.focusSearch) {
        ImGui::SetKeyboardFocusHere();
        state.focusSearch = false;
    }
    ui::searchField("participants.search", tr("participants.search_hint"), state.query);
    if (ui::button("participants.new", tr("participants.new"))) app.later([this, &app] { startNew(app); });
    const std::string count =
        trFormat("participants.count", {std::to_string(state.matches.size()), std::to_string(state.all.size())});
    if (ImGui::GetContentRegionAvail().x - ImGui::GetItemRectSize().x - ImGui::GetStyle().ItemSpacing.x * 2 >
        ImGui::CalcTextSize(count.c_str()).x) {
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
    }
    ui::mutedText(count.c_str());

    ImGui::BeginChild("participants_list", ImVec2(0, 0), true, ImGuiWindowFlags_NavFlattened);
    // Rows wrap in a narrow window rather than cutting words off, so they differ in height.
    // Each is measured once per width and data version; only the visible ones are drawn,
    // so 20,000 people scroll as fast as 20.
    const float wrapWidth = ImGui::GetContentRegionAvail().x;
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    if (state.rowHeightsWidth != wrapWidth || state.rowHeightsFontSize != ImGui::GetFontSize() ||
        state.rowHeights.size() != state.all.size()) {
        state.rowHeights.assign(state.all.size(), 0.0f);
        state.rowHeightsWidth = wrapWidth;
        state.rowHeightsFontSize = ImGui::GetFontSize();
    }
    auto rowHeight = [&](std::size_t index) {
        float& height = state.rowHeights[index];
        if (height == 0.0f) {
            const ParticipantSummary& s = state.all[index];
            height = ImGui::CalcTextSize(shownName(s.pseudonym, s.forgotten), nullptr, false, wrapWidth).y +
                     ImGui::CalcTextSize(rowDetail(s).c_str(), nullptr, false, wrapWidth).y + 3 * spacing;
        }
        return height;
    };
    state.rowTops.resize(state.matches.size() + 1);
    state.rowTops[0] = 0;
    for (std::size_t i = 0; i < state.matches.size(); ++i) state.rowTops[i + 1] = state.rowTops[i] + rowHeight(state.matches[i]);
    // One row more on each side, so the arrow keys can move onto a row just out of view.
    const float listTop = ImGui::GetCursorPosY();
    const float viewTop = ImGui::GetScrollY() - listTop, viewBottom = viewTop + ImGui::GetWindowHeight();
    const auto firstVisible = std::upper_bound(state.rowTops.begin(), state.rowTops.end() - 1, viewTop);
    const std::size_t first = std::max<std::ptrdiff_t>(firstVisible - state.rowTops.begin() - 2, 0);
    const std::size_t end = std::min<std::size_t>(
        std::lower_bound(state.rowTops.begin(), state.rowTops.end() - 1, viewBottom) - state.rowTops.begin() + 1,
        state.matches.size());
    std::optional<std::string> opened;
    ImGui::PushTextWrapPos(0.0f);
    for (std::size_t i = first; i < end; ++i) {
        const ParticipantSummary& s = state.all[state.matches[i]];
        ImGui::PushID(s.id.c_str());
        ImGui::SetCursorPosY(listTop + state.rowTops[i]);
        const ImVec2 rowStart = ImGui::GetCursorScreenPos();
        const float height = state.rowTops[i + 1] - state.rowTops[i];
        if (ImGui::Selectable("##row", false, 0, ImVec2(0, height - spacing))) opened = s.id;
        probe::noteLastItem("participants.row." + s.id);
        ImGui::SetCursorScreenPos(rowStart);
        ImGui::TextUnformatted(shownName(s.pseudonym, s.forgotten));
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colours().muted));
        ImGui::TextUnformatted(rowDetail(s).c_str());
        ImGui::PopStyleColor();
        ImGui::PopID();
    }
    ImGui::PopTextWrapPos();
    // The whole list's height, so the scrollbar and the wheel reach every row.
    ImGui::SetCursorPosY(listTop + state.rowTops.back());
    ImGui::Dummy(ImVec2(0, 0));
    ImGui::EndChild();
    if (opened) app.later([this, id = *opened] { show(id); });
}

void ParticipantsScreen::drawDetail(AppContext& app) {
    if (state.timelineVersion != app.services.dataVersion || state.detailFor != state.selectedId) {
        state.detailPerson = app.services.participants.find(state.selectedId);
        state.timeline = app.services.participants.timeline(state.selectedId);
        state.timelineVersion = app.services.dataVersion;
        state.detailFor = state.selectedId;
    }
    const std::optional<Participant>& person = state.detailPerson;
    if (!person) {
        state.mode = ParticipantsState::Mode::List;
        return;
    }
    if (ui::button("participants.back", tr("common.back"))) app.later([this] { state.mode = ParticipantsState::Mode::List; });
    const bool forgotten = person->erasedOn.has_value();
    ui::heading(shownName(person->pseudonym, forgotten));
    if (forgotten) ui::mutedText(trFormat("participants.forgotten_on", {*person->erasedOn}).c_str());
    std::string facts = trCode("age_band", person->ageBand);
    if (const std::string n = app.services.neighbourhoodName(person->neighbourhoodId); !n.empty()) facts += "  \xC2\xB7  " + n;
    facts += "  \xC2\xB7  " + std::string(trCode("contact", person->contactPreference));
    ui::mutedText(facts.c_str());

    const std::string id = person->meta.id;
    ui::ChipFlow actions;
    // Nothing new is attached to a forgotten person, and they cannot be given personal
    // details again (the model refuses it); new help for them is anonymous help.
    if (!forgotten && actions.chip("participants.detail.help", tr("participants.new_help_request"), false))
        app.request(ShellAction::NewHelpRequest, id);
    if (!forgotten && actions.chip("participants.detail.screening", tr("participants.screen_skills"), false))
        app.request(ShellAction::Screen, id);
    if (!forgotten && actions.chip("participants.detail.edit", tr("common.edit"), false)) {
        app.later([this, p = *person] {
            state.form = {};
            state.form.participant = p;
            state.mode = ParticipantsState::Mode::Edit;
        });
    }
    if (actions.chip("participants.detail.export", tr("participants.export"), false))
        app.later([this, &app, id] { exportPerson(app, id); });
    if (!forgotten && actions.chip("participants.detail.forget", tr("participants.forget"), false))
        state.openForgetConfirmation = true;
    ui::allProblems(state.detailProblems);
    if (state.exportedPath) {
        ui::successText(trFormat("participants.export_written", {*state.exportedPath}).c_str());
        ui::mutedText(tr("participants.export_is_readable"));
    }
    if (state.exportFailure) ui::problemText(trFormat("participants.export_failed", {*state.exportFailure}).c_str());
    drawForgetConfirmation(app, id);

    ui::heading(tr("participants.timeline"));
    if (state.timeline.empty()) ui::mutedText(tr("participants.timeline_empty"));
    for (const TimelineEntry& entry : state.timeline) {
        ImGui::PushID(entry.recordId.c_str());
        std::string when = entry.date;
        if (when.size() > 10 && when[10] == 'T') when[10] = ' ';
        ImGui::TextWrapped("%s  %s: %s", when.c_str(), trCode("timeline", entry.kind), entry.summary.c_str());
        ImGui::PopID();
    }
}

void ParticipantsScreen::exportPerson(AppContext& app, const std::string& participantId) {
    state.exportedPath.reset();
    state.exportFailure.reset();
    try {
        const std::filesystem::path folder =
            state.exportFolder.empty() ? platform::dataDirectory() / "exports" : state.exportFolder;
        state.exportedPath = writeParticipantExport(app.services.store, participantId, folder, app.services.today()).string();
    } catch (const std::exception& error) {
        state.exportFailure = error.what();
    }
}

void ParticipantsScreen::drawForgetConfirmation(AppContext& app, const std::string& participantId) {
    // The same id in every language, so the popup opened is the popup drawn.
    const std::string popupLabel = ui::labelWithId(tr("participants.forget_title"), "participants.forget_confirmation");
    if (state.openForgetConfirmation) {
        ImGui::OpenPopup("###participants.forget_confirmation");
        state.openForgetConfirmation = false;
    }
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(viewport->WorkSize.x - 16 * textScale(), 560 * textScale()), 0));
    if (!ImGui::BeginPopupModal(popupLabel.c_str(), nullptr,
                                ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings))
        return;
    ImGui::TextWrapped("%s", tr("participants.forget_explanation"));
    ImGui::Spacing();
    bool close = false;
    // Keyboard: the safe choice comes first and has the focus, shown, however the
    // dialog was opened: Space cancels, Down then Space forgets, Escape cancels.
    if (ui::button("participants.forget_cancel", tr("common.cancel"), -1)) close = true;
    if (ImGui::IsWindowAppearing()) {
        imgui_ext::focusLastItemShowingRing();
    }
    // Focused or pressed it keeps its colour: ImGui's pale hovered fill would hide the text.
    const ImVec4 problemFill = ImGui::ColorConvertU32ToFloat4(colours().problem);
    ImGui::PushStyleColor(ImGuiCol_Button, problemFill);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, problemFill);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, problemFill);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colours().onAccent));
    if (ui::button("participants.forget_confirm", tr("participants.forget_confirm"), -1)) {
        close = true;
        app.later([this, &app, participantId] {
            const SaveResult result = forgetParticipant(app.services.context, participantId);
            state.detailProblems = result.problems;
        });
    }
    ImGui::PopStyleColor(4);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) close = true;
    if (close) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void ParticipantsScreen::drawForm(AppContext& app) {
    ParticipantFormState& form = state.form;
    Participant& p = form.participant;
    // Only a new person's form is drafted as it is typed; an edit is set aside by a lock.
    const bool draftedAsTyped = form.draft && p.meta.version == 0;
    if (draftedAsTyped) form.draft->beforeFields(p);
    const bool sideBySide = ui::fitsSideBySide(tr("common.save"), tr("common.cancel"));
    ImGui::BeginChild("participant_form_fields", ImVec2(0, -ui::actionBarHeight(sideBySide)), false, ImGuiWindowFlags_NavFlattened);
    ui::heading(p.meta.version == 0 ? tr("participants.new") : tr("participants.edit"));
    if (form.restoredFromDraft) {
        ui::successText(tr("participants.draft_restored"));
        if (ui::button("participant.discard_draft", tr("participants.discard_draft")))
            app.later([this] {
                if (state.form.draft) state.form.draft->clear();
                state.form.participant = {};
                state.form.restoredFromDraft = false;
            });
    }
    ui::allProblems(form.problems);

    // Consent comes first: nothing that names the person can be typed before it is given.
    ui::fieldLabel(tr("participant.consent_scopes"));
    ui::consentChips("participant.consent", p.consentScopes, p.consentDate, app.services.today());
    ui::dateField("participant.consent_date", tr("participant.consent_date"), p.consentDate, app.services.today(), {0});
    const bool storeConsent = hasStoreConsent(p);
    if (!storeConsent) {
        ImGui::TextWrapped("%s", tr("participant.personal_needs_consent"));
        if (ui::button("participant.log_anonymously", tr("participant.log_anonymously")))
            app.request(ShellAction::NewHelpRequest);
    }
    ImGui::Spacing();
    ImGui::BeginDisabled(!storeConsent);
    ui::textField("participant.pseudonym", tr("participant.pseudonym"), p.pseudonym, tr("participant.pseudonym_hint"));
    ImGui::EndDisabled();
    ui::fieldLabel(tr("participant.age_band"));
    ui::codeChips("participant.age_band", "age_band", kAgeBands, p.ageBand);

    ui::fieldLabel(tr("participant.target_groups"));
    {
        ui::ChipFlow flow;
        for (const TargetGroup& group : app.services.targetGroups())
            flow.toggleChip("participant.target_group." + group.meta.id, trName(group).c_str(), p.targetGroupIds,
                            group.meta.id);
    }
    ui::fieldLabel(tr("participant.neighbourhood"));
    ui::neighbourhoodChips("participant.neighbourhood", app.services.neighbourhoods(), p.neighbourhoodId);
    ui::fieldLabel(tr("participant.language"));
    ui::codeChips("participant.language", "language_name", kParticipantLanguages, p.language);
    ui::fieldLabel(tr("participant.contact_preference"));
    ui::codeChips("participant.contact", "contact", kContactPreferences, p.contactPreference);
    ImGui::BeginDisabled(!storeConsent);
    ui::textField("participant.phone", tr("participant.phone"), p.phone, tr("participant.phone_hint"));
    ui::problemsFor(form.problems, "phone");
    ui::multilineField("participant.notes", tr("participant.notes"), p.notes);
    ImGui::EndDisabled();
    ImGui::EndChild();

    if (draftedAsTyped) form.draft->afterFields(p, app.services.clock.nowMs());

    ImGui::Separator();
    const ui::ActionBarChoice choice =
        ui::actionBar("participant.save", tr("common.save"), "participant.cancel", tr("common.cancel"), sideBySide);
    if (choice == ui::ActionBarChoice::Primary) {
        app.later([this, &app] { saveForm(app); });
    } else if (choice == ui::ActionBarChoice::Secondary) {
        app.later([this] {
            if (state.form.draft) state.form.draft->clear();
            state.mode = state.form.participant.meta.version == 0 ? ParticipantsState::Mode::List
                                                                  : ParticipantsState::Mode::Detail;
        });
    }
}

void ParticipantsScreen::saveForm(AppContext& app) {
    Participant toSave = state.form.participant;
    SaveResult result = app.services.participants.save(toSave);
    state.form.problems = result.problems;
    if (!result.ok()) return;
    if (state.form.draft) state.form.draft->clear();
    show(result.id);
}

bool ParticipantsScreen::saveFromKeyboard(AppContext& app) {
    if (state.mode != ParticipantsState::Mode::Edit) return false;
    app.later([this, &app] { saveForm(app); });
    return true;
}

}  // namespace dc::app
