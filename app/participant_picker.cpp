// Participant search inside forms, backed by the type-ahead ParticipantSearch.
#include "app/participant_picker.hpp"

#include "app/i18n.hpp"
#include "app/theme.hpp"
#include "app/ui_probe.hpp"
#include "app/widgets.hpp"
#include "model/privacy.hpp"

#include <imgui.h>

namespace dc::app {
namespace {
// A picker shows a handful of matches; the full list lives on the Participants screen.
constexpr std::size_t kPickerResults = 5;
}  // namespace

std::string pickerPseudonym(const ParticipantPickerState& state, const OptionalId& participantId) {
    if (!participantId) return {};
    for (const ParticipantSummary& s : state.all)
        if (s.id == *participantId) return s.pseudonym;
    return {};
}

bool drawParticipantPicker(AppContext& app, ParticipantPickerState& state, std::string_view id,
                           OptionalId& participantId, bool allowAnonymous) {
    if (state.loadedVersion != app.services.dataVersion) {
        state.all = app.services.participants.summaries();
        state.loadedVersion = app.services.dataVersion;
        state.search.load(state.all);
        state.searchedQuery.clear();
        state.matches.clear();
    }
    bool changed = false;
    ui::fieldLabel(tr("picker.participant"));
    if (allowAnonymous) {
        // Someone who does not consent to being recorded is helped all the same: anonymously.
        ui::ChipFlow flow;
        if (flow.chip(std::string(id) + ".anonymous", tr("picker.anonymous"), !participantId) && participantId) {
            participantId.reset();
            changed = true;
        }
    }
    if (participantId) {
        const std::string chosen = pickerPseudonym(state, participantId);
        ImGui::AlignTextToFramePadding();
        ImGui::TextWrapped("%s", chosen.c_str());
        ImGui::SameLine();
        if (ui::button(std::string(id) + ".change", tr("picker.change"))) {
            participantId.reset();
            changed = true;
        }
        return changed;
    }
    if (allowAnonymous) ui::mutedText(tr("picker.anonymous_hint"));
    if (state.focusSearch) {
        ImGui::SetKeyboardFocusHere();
        state.focusSearch = false;
    }
    ui::searchField(std::string(id) + ".search", tr("picker.search_hint"), state.query);
    // Enter in the search takes the first match, so a known person is picked without
    // moving the focus down the list.
    const bool enterInSearch =
        ImGui::IsItemDeactivated() && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false);
    if (state.query.empty()) return false;
    if (state.query != state.searchedQuery) {
        state.matches.clear();
        state.matchCount = 0;
        // Forgotten people are left out: nothing new is attached to them.
        for (std::size_t index : state.search.find(state.all, state.query)) {
            if (state.all[index].forgotten) continue;
            ++state.matchCount;
            if (state.matches.size() < kPickerResults) state.matches.push_back(index);
        }
        // Two people called "Maria" are told apart by when each was last helped, read only
        // for such namesakes (a few reads per keystroke at most).
        state.lastContactOfNamesakes.clear();
        for (std::size_t a : state.matches)
            for (std::size_t b : state.matches)
                if (a != b && state.all[a].pseudonym == state.all[b].pseudonym)
                    state.lastContactOfNamesakes[state.all[a].id] =
                        lastContactDate(app.services.store, state.all[a].id);
        state.searchedQuery = state.query;
    }
    if (state.matches.empty()) ui::mutedText(tr("picker.no_match"));
    std::optional<std::string> picked;
    for (std::size_t index : state.matches) {
        const ParticipantSummary& s = state.all[index];
        ImGui::PushID(s.id.c_str());
        std::string line = s.pseudonym;
        if (!s.neighbourhood.empty()) line += "  \xC2\xB7  " + s.neighbourhood;
        if (!s.ageBand.empty() && s.ageBand != "unknown") line += "  \xC2\xB7  " + std::string(trCode("age_band", s.ageBand));
        if (const auto contact = state.lastContactOfNamesakes.find(s.id); contact != state.lastContactOfNamesakes.end())
            line += "  \xC2\xB7  " + (contact->second.empty() ? std::string(tr("picker.never_helped"))
                                                              : trFormat("picker.last_contact", {contact->second}));
        if (ImGui::Selectable(line.c_str(), false, 0, ImVec2(0, touchTarget()))) picked = s.id;
        probe::noteLastItem(std::string(id) + ".result." + s.id);
        ImGui::PopID();
    }
    if (state.matchCount > state.matches.size())
        ui::mutedText(trFormat("picker.more_matches", {std::to_string(state.matchCount - state.matches.size())}).c_str());
    if (enterInSearch && !state.matches.empty()) picked = state.all[state.matches.front()].id;
    if (picked) {
        participantId = *picked;
        state.query.clear();
        changed = true;
    }
    return changed;
}

}  // namespace dc::app
