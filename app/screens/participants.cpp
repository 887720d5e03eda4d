// The Participants screen: list, timeline and form.
#include "app/screens/participants.hpp"

#include "app/i18n.hpp"
#include "app/theme.hpp"
#include "app/ui_probe.hpp"
#include "app/widgets.hpp"

#include <imgui.h>

#include <algorithm>
#include <numeric>

namespace dc::app {

void ParticipantsScreen::refresh(AppServices& services) {
    if (state.loadedVersion != services.dataVersion) {
        state.all = services.participants.summaries();
        state.loadedVersion = services.dataVersion;
        state.lastQuery = "\x01";  // forces a new search over the new list
        state.search.reset();
    }
    if (state.query != state.lastQuery) {
        state.matches = state.search.find(state.all, state.query);
        state.lastQuery = state.query;
    }
}

void ParticipantsScreen::startNew(AppContext& app) {
    state.form = {};
    state.form.draft.emplace(app.services.store, "participant");
    if (std::optional<nlohmann::json> saved = state.form.draft->load()) {
        try {
            fieldsFromJson(*saved, state.form.participant);
        } catch (const nlohmann::json::exception&) {
            state.form.participant = {};
        }
    }
    state.mode = ParticipantsState::Mode::Edit;
}

void ParticipantsScreen::show(std::string participantId) {
    state.selectedId = std::move(participantId);
    state.timelineVersion = 0;
    state.mode = ParticipantsState::Mode::Detail;
}

void ParticipantsScreen::flushDraft() {
    if (state.form.draft) state.form.draft->flush();
}

void ParticipantsScreen::draw(AppContext& app) {
    switch (state.mode) {
        case ParticipantsState::Mode::List: drawList(app); break;
        case ParticipantsState::Mode::Detail: drawDetail(app); break;
        case ParticipantsState::Mode::Edit: drawForm(app); break;
    }
}

void ParticipantsScreen::drawContent(AppContext& app) { draw(app); }

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

    // Only the visible rows are laid out, so 20,000 people scroll as fast as 20.
    const float rowHeight = ImGui::GetTextLineHeightWithSpacing() * 2 + ImGui::GetStyle().ItemSpacing.y;
    ImGui::BeginChild("participants_list", ImVec2(0, 0), true);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(state.matches.size()), rowHeight);
    std::optional<std::string> opened;
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const ParticipantSummary& s = state.all[state.matches[i]];
            ImGui::PushID(s.id.c_str());
            const ImVec2 rowStart = ImGui::GetCursorScreenPos();
            if (ImGui::Selectable("##row", false, 0, ImVec2(0, rowHeight - ImGui::GetStyle().ItemSpacing.y)))
                opened = s.id;
            probe::noteLastItem("participants.row." + s.id);
            ImGui::SetCursorScreenPos(rowStart);
            ImGui::TextUnformatted(s.pseudonym.c_str());
            std::string detail = trCode("age_band", s.ageBand);
            if (!s.neighbourhood.empty()) detail += "  \xC2\xB7  " + s.neighbourhood;
            if (!s.targetGroups.empty()) detail += "  \xC2\xB7  " + s.targetGroups;
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colours().muted));
            ImGui::TextUnformatted(detail.c_str());
            ImGui::PopStyleColor();
            ImGui::SetCursorScreenPos(ImVec2(rowStart.x, rowStart.y + rowHeight));
            ImGui::PopID();
        }
    }
    ImGui::EndChild();
    if (opened) app.later([this, id = *opened] { show(id); });
}

void ParticipantsScreen::drawDetail(AppContext& app) {
    const std::optional<Participant> person = app.services.participants.find(state.selectedId);
    if (!person) {
        state.mode = ParticipantsState::Mode::List;
        return;
    }
    if (state.timelineVersion != app.services.dataVersion) {
        state.timeline = app.services.participants.timeline(state.selectedId);
        state.timelineVersion = app.services.dataVersion;
    }
    if (ui::button("participants.back", tr("common.back"))) app.later([this] { state.mode = ParticipantsState::Mode::List; });
    ui::heading(person->pseudonym.c_str());
    std::string facts = trCode("age_band", person->ageBand);
    if (const std::string n = app.services.neighbourhoodName(person->neighbourhoodId); !n.empty()) facts += "  \xC2\xB7  " + n;
    facts += "  \xC2\xB7  " + std::string(trCode("contact", person->contactPreference));
    ui::mutedText(facts.c_str());

    const std::string id = person->meta.id;
    ui::ChipFlow actions;
    if (actions.chip("participants.detail.help", tr("participants.new_help_request"), false))
        app.request(ShellAction::NewHelpRequest, id);
    if (actions.chip("participants.detail.screening", tr("participants.screen_skills"), false))
        app.request(ShellAction::Screen, id);
    if (actions.chip("participants.detail.edit", tr("common.edit"), false)) {
        app.later([this, p = *person, &app] {
            state.form = {};
            state.form.participant = p;
            state.mode = ParticipantsState::Mode::Edit;
        });
    }

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

void ParticipantsScreen::drawForm(AppContext& app) {
    ParticipantFormState& form = state.form;
    Participant& p = form.participant;
    const nlohmann::json before = fieldsToJson(p);
    const bool sideBySide = ui::fitsSideBySide(tr("common.save"), tr("common.cancel"));
    ImGui::BeginChild("participant_form_fields", ImVec2(0, -ui::actionBarHeight(sideBySide)), false);
    ui::heading(p.meta.version == 0 ? tr("participants.new") : tr("participants.edit"));
    ui::allProblems(form.problems);
    ui::textField("participant.pseudonym", tr("participant.pseudonym"), p.pseudonym, tr("participant.pseudonym_hint"));
    ui::fieldLabel(tr("participant.age_band"));
    ui::codeChips("participant.age_band", "age_band", kAgeBands, p.ageBand);

    ui::fieldLabel(tr("participant.target_groups"));
    {
        ui::ChipFlow flow;
        for (const TargetGroup& group : app.services.targetGroups())
            flow.toggleChip("participant.target_group." + group.meta.id, group.name.c_str(), p.targetGroupIds,
                            group.meta.id);
    }
    ui::fieldLabel(tr("participant.neighbourhood"));
    ui::neighbourhoodChips("participant.neighbourhood", app.services.neighbourhoods(), p.neighbourhoodId);
    ui::fieldLabel(tr("participant.language"));
    ui::codeChips("participant.language", "language_name", kParticipantLanguages, p.language);
    ui::fieldLabel(tr("participant.contact_preference"));
    ui::codeChips("participant.contact", "contact", kContactPreferences, p.contactPreference);
    ui::textField("participant.phone", tr("participant.phone"), p.phone, tr("participant.phone_hint"));
    ui::problemsFor(form.problems, "phone");

    ui::dateField("participant.consent_date", tr("participant.consent_date"), p.consentDate, app.services.today(), {0});
    ui::fieldLabel(tr("participant.consent_scopes"));
    {
        ui::ChipFlow flow;
        for (const char* scope : kConsentScopes)
            flow.toggleChip(std::string("participant.consent.") + scope, trCode("consent_scope", scope), p.consentScopes,
                            scope);
    }
    ui::multilineField("participant.notes", tr("participant.notes"), p.notes);
    ImGui::EndChild();

    if (form.draft && p.meta.version == 0) {
        if (fieldsToJson(p) != before) form.draft->update(fieldsToJson(p), app.services.clock.nowMs());
        form.draft->tick(app.services.clock.nowMs());
    }

    ImGui::Separator();
    const ui::ActionBarChoice choice =
        ui::actionBar("participant.save", tr("common.save"), "participant.cancel", tr("common.cancel"), sideBySide);
    if (choice == ui::ActionBarChoice::Primary) {
        app.later([this, &app] {
            Participant toSave = state.form.participant;
            SaveResult result = app.services.participants.save(toSave);
            state.form.problems = result.problems;
            if (!result.ok()) return;
            if (state.form.draft) state.form.draft->clear();
            app.dataChanged();
            show(result.id);
        });
    } else if (choice == ui::ActionBarChoice::Secondary) {
        app.later([this] {
            if (state.form.draft) state.form.draft->clear();
            state.mode = state.form.participant.meta.version == 0 ? ParticipantsState::Mode::List
                                                                  : ParticipantsState::Mode::Detail;
        });
    }
}

}  // namespace dc::app
