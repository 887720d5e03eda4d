// The Skills screening screen.
#include "app/screens/screening.hpp"

#include "app/i18n.hpp"
#include "app/theme.hpp"
#include "app/widgets.hpp"

#include <imgui.h>

namespace dc::app {

void ScreeningScreen::startFor(AppContext& app, OptionalId participantId) {
    state.participantId = std::move(participantId);
    state.screening = {};
    state.screening.screenedOn = app.services.today();  // every skill starts as not asked
    state.problems.clear();
    state.saved = false;
    state.historyVersion = 0;
}

void ScreeningScreen::saveScreening(AppContext& app) {
    if (!state.participantId) return;
    SkillsScreening toSave = state.screening;
    toSave.participantId = *state.participantId;
    SaveResult result = app.services.screenings.save(toSave);
    state.problems = result.problems;
    if (!result.ok()) return;
    state.saved = true;
    state.screening.meta = {};  // a next save is a new screening, not an edit of this one
}

bool ScreeningScreen::saveFromKeyboard(AppContext& app) {
    if (!state.participantId) return false;
    app.later([this, &app] { saveScreening(app); });
    return true;
}

void ScreeningScreen::drawContent(AppContext& app) {
    ui::heading(tr("screening.title"));
    if (state.screening.screenedOn.empty()) startFor(app, state.participantId);
    if (drawParticipantPicker(app, state.picker, "screening.participant", state.participantId, false)) state.saved = false;
    if (!state.participantId) {
        ui::mutedText(tr("screening.pick_participant"));
        return;
    }
    if (state.historyFor != *state.participantId || state.historyVersion != app.services.dataVersion) {
        state.history = app.services.screenings.forParticipant(*state.participantId);
        state.historyFor = *state.participantId;
        state.historyVersion = app.services.dataVersion;
    }
    ui::dateField("screening.date", tr("screening.date"), state.screening.screenedOn);

    for (const char* skill : kSkills) {
        ImGui::PushID(skill);
        ImGui::Separator();
        ImGui::TextWrapped("%s", trCode("skill", skill));
        if (!state.history.empty()) {
            // Progress: the level at the first screening next to the one being filled in.
            const auto& first = state.history.front().levels;
            const auto found = first.find(skill);
            ui::mutedText(trFormat("screening.first_level",
                                   {state.history.front().screenedOn,
                                    found == first.end() ? tr("skill_level.not_asked")
                                                         : trCode("skill_level", std::to_string(found->second))})
                              .c_str());
        }
        ui::ChipFlow flow;
        SkillLevels& levels = state.screening.levels;
        // Read once: a chip below may erase or add the entry while the row is drawn.
        const auto found = levels.find(skill);
        const std::optional<int64_t> current =
            found == levels.end() ? std::nullopt : std::optional<int64_t>(found->second);
        if (flow.chip(std::string("screening.") + skill + ".not_asked", tr("skill_level.not_asked"), !current)) {
            levels.erase(skill);
            state.saved = false;
        }
        for (int64_t value = 0; value <= kSkillLevelMax; ++value)
            if (flow.chip(std::string("screening.") + skill + "." + std::to_string(value),
                          trCode("skill_level", std::to_string(value)), current == value)) {
                levels[skill] = value;
                state.saved = false;
            }
        ImGui::PopID();
    }
    ImGui::Separator();
    ui::projectChips("screening.project", app.services, state.screening.projectId);
    ui::multilineField("screening.notes", tr("common.notes"), state.screening.notes);
    ui::allProblems(state.problems);
    // The confirmation appears beside Save, where the coach is looking.
    const bool saveClicked = ui::bigButton("screening.save", tr("common.save"), app.compactLayout ? -1.0f : 0.0f);
    if (state.saved) {
        if (!app.compactLayout) ImGui::SameLine();
        ui::successText(tr("screening.saved"));
    }
    if (saveClicked) app.later([this, &app] { saveScreening(app); });

    if (!state.history.empty()) {
        ui::heading(tr("screening.history"));
        for (const SkillsScreening& past : state.history) {
            int64_t total = 0;
            for (const auto& [skill, level] : past.levels) total += level;
            ImGui::BulletText("%s", trFormat("screening.history_line",
                                             {past.screenedOn, std::to_string(total),
                                              std::to_string(kSkillLevelMax * static_cast<int64_t>(past.levels.size())),
                                              std::to_string(past.levels.size())})
                                        .c_str());
        }
    }
}

}  // namespace dc::app
