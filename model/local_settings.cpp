// Readers of the laptop's own settings.
#include "model/local_settings.hpp"

#include <algorithm>

namespace dc {
namespace {

template <std::size_t N>
bool isOneOf(const std::string& value, const std::array<const char*, N>& choices) {
    return std::find_if(choices.begin(), choices.end(), [&](const char* c) { return value == c; }) != choices.end();
}

}  // namespace

int readAutoLockMinutes(Store& store) {
    const int64_t stored = store.integerSetting(kSettingAutoLockMinutes, kDefaultAutoLockMinutes);
    const bool offered = std::find(kAutoLockChoicesMinutes.begin(), kAutoLockChoicesMinutes.end(), stored) !=
                         kAutoLockChoicesMinutes.end();
    return offered ? static_cast<int>(stored) : kDefaultAutoLockMinutes;
}

AppearanceSettings readAppearance(Store& store) {
    AppearanceSettings settings;
    if (auto language = store.setting(kSettingLanguage); language && isOneOf(*language, kUiLanguages))
        settings.language = *language;
    settings.textScalePercent =
        static_cast<int>(std::clamp<int64_t>(store.integerSetting(kSettingTextScale, 100), 100, 200));
    if (auto theme = store.setting(kSettingTheme); theme && isOneOf(*theme, kUiThemes)) settings.theme = *theme;
    return settings;
}

}  // namespace dc
