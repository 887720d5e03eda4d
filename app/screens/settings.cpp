// The Settings screen.
#include "app/screens/settings.hpp"

#include "app/i18n.hpp"
#include "app/theme.hpp"
#include "app/widgets.hpp"

#include <imgui.h>

#include <algorithm>
#include <charconv>

namespace dc::app {

AppearanceSettings readAppearance(Store& store) {
    AppearanceSettings settings;
    if (auto language = store.setting(kSettingLanguage);
        language && std::find_if(kLanguages.begin(), kLanguages.end(), [&](const char* l) { return *language == l; }) != kLanguages.end())
        settings.language = *language;
    if (auto scale = store.setting(kSettingTextScale)) {
        int percent = 100;
        if (std::from_chars(scale->data(), scale->data() + scale->size(), percent).ec == std::errc())
            settings.textScalePercent = std::clamp(percent, 100, 200);
    }
    if (auto theme = store.setting(kSettingTheme);
        theme && std::find_if(kThemes.begin(), kThemes.end(), [&](const char* t) { return *theme == t; }) != kThemes.end())
        settings.theme = *theme;
    return settings;
}

void SettingsScreen::draw(AppContext& app, AppearanceSettings& appearance) {
    ImGui::BeginChild("settings", ImVec2(0, 0), false);
    drawContent(app, appearance);
    ImGui::EndChild();
}

void SettingsScreen::drawContent(AppContext& app, AppearanceSettings& appearance) {
    AppServices& services = app.services;
    if (!state.coachLoaded) {
        if (auto coach = services.store.find<Coach>(services.context.coachId)) state.coach = *coach;
        state.coachLoaded = true;
    }
    ui::heading(tr("settings.title"));

    ui::heading(tr("settings.coach"));
    ui::allProblems(state.problems);
    if (ui::textField("settings.coach_name", tr("settings.coach_name"), state.coach.name)) state.saved = false;
    ui::fieldLabel(tr("settings.organisation"));
    {
        ui::ChipFlow flow;
        for (const Organisation& org : services.organisations())
            if (flow.chip("settings.organisation." + org.meta.id, org.name.c_str(), state.coach.organisationId == org.meta.id)) {
                state.coach.organisationId = org.meta.id;
                state.saved = false;
            }
    }
    if (ui::button("settings.save_coach", tr("settings.save_coach"))) {
        app.later([this, &app] {
            Coach toSave = state.coach;
            SaveResult result = saveRecord(app.services.context, toSave);
            state.problems = result.problems;
            if (!result.ok()) return;
            state.coach = toSave;
            state.saved = true;
            app.dataChanged();
        });
    }
    if (state.saved) {
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ui::successText(tr("settings.saved"));
    }

    ImGui::Spacing();
    ui::heading(tr("settings.appearance"));
    ui::fieldLabel(tr("settings.language"));
    {
        ui::ChipFlow flow;
        for (const char* language : kLanguages)
            // Each language in its own name, so someone stuck in the other one still finds theirs.
            if (flow.chip(std::string("settings.language.") + language, trCode("settings.language_own_name", language),
                          appearance.language == language)) {
                std::string chosen = language;
                app.later([&app, &appearance, chosen] {
                    appearance.language = chosen;
                    app.services.store.setSetting(kSettingLanguage, chosen);
                });
            }
    }
    ui::fieldLabel(tr("settings.text_size"));
    {
        ui::ChipFlow flow;
        for (int percent : kTextScales)
            if (flow.chip("settings.text_size." + std::to_string(percent), (std::to_string(percent) + "%").c_str(),
                          appearance.textScalePercent == percent)) {
                app.later([&app, &appearance, percent] {
                    appearance.textScalePercent = percent;
                    app.services.store.setSetting(kSettingTextScale, std::to_string(percent));
                });
            }
    }
    ui::fieldLabel(tr("settings.theme"));
    {
        ui::ChipFlow flow;
        for (const char* theme : kThemes)
            if (flow.chip(std::string("settings.theme.") + theme, trCode("theme", theme), appearance.theme == theme)) {
                std::string chosen = theme;
                app.later([&app, &appearance, chosen] {
                    appearance.theme = chosen;
                    app.services.store.setSetting(kSettingTheme, chosen);
                });
            }
    }
    ImGui::Spacing();
    ui::mutedText(trFormat("settings.database", {services.store.db().path()}).c_str());
}

}  // namespace dc::app
