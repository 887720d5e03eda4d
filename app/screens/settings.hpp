// Settings: who the coach is, language, text size and theme. Stored in the local
// settings table; the coach name also lives in the synced Coach record.
#pragma once

#include "app/app_context.hpp"
#include "app/passphrase.hpp"
#include "app/screen.hpp"

#include <array>

namespace dc::app {

inline constexpr const char* kSettingLanguage = "ui.language";
inline constexpr const char* kSettingTextScale = "ui.text_scale";
inline constexpr const char* kSettingTheme = "ui.theme";
inline constexpr const char* kSettingCoachId = "coach.id";
// Minutes without input before the app locks itself; 0 is off.
inline constexpr const char* kSettingAutoLockMinutes = "privacy.auto_lock_minutes";
inline constexpr std::array kAutoLockChoicesMinutes{0, 5, 10, 15, 30};
inline constexpr int kDefaultAutoLockMinutes = 10;
// The stored choice, or the default when none (or an unknown one) is stored.
int readAutoLockMinutes(Store& store);

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
    // Passphrase fields: cleared as soon as they have been used.
    std::string currentPassphrase;
    std::string newPassphrase;
    std::string repeatedPassphrase;
    const char* passphraseMessageKey = nullptr;
    bool passphraseMessageIsProblem = false;
};

class SettingsScreen : public Screen {
public:
    // `appearance` is the shell's: a choice here applies between frames.
    explicit SettingsScreen(AppearanceSettings& appearance) : Screen("settings"), appearance_(appearance) {}
    void drawContent(AppContext& app) override;
    SettingsState state;

private:
    AppearanceSettings& appearance_;
    void drawSecurity(AppContext& app);
    void applyPassphrase(AppContext& app);
};

}  // namespace dc::app
