// Settings that stay on this laptop (the settings table, never synced): their keys and
// readers that fall back to the default on a missing or damaged value.
#pragma once

#include "model/store.hpp"

#include <array>
#include <string>

namespace dc {

inline constexpr const char* kSettingLanguage = "ui.language";
inline constexpr const char* kSettingTextScale = "ui.text_scale";
inline constexpr const char* kSettingTheme = "ui.theme";
inline constexpr const char* kSettingCoachId = "coach.id";
inline constexpr std::array<const char*, 2> kUiLanguages{"nl", "en"};
inline constexpr std::array<const char*, 3> kUiThemes{"light", "dark", "high_contrast"};

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

}  // namespace dc
