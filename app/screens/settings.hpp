// Settings: who the coach is, language, text size and theme. Stored in the local
// settings table; the coach name also lives in the synced Coach record.
#pragma once

#include "app/app_context.hpp"

namespace dc::app {

inline constexpr const char* kSettingLanguage = "ui.language";
inline constexpr const char* kSettingTextScale = "ui.text_scale";
inline constexpr const char* kSettingTheme = "ui.theme";
inline constexpr const char* kSettingCoachId = "coach.id";

struct AppearanceSettings {
    std::string language = "nl";
    int textScalePercent = 100;
    std::string theme = "light";
};

AppearanceSettings readAppearance(Store& store);

struct SettingsState {
    Coach coach;
    bool coachLoaded = false;
    std::vector<Problem> problems;
    bool saved = false;
};

class SettingsScreen {
public:
    void draw(AppContext& app, AppearanceSettings& appearance);
    void drawContent(AppContext& app, AppearanceSettings& appearance);
    SettingsState state;
};

}  // namespace dc::app
