// Settings: who the coach is, language, text size and theme. Stored in the local
// settings table; the coach name also lives in the synced Coach record.
#pragma once

#include "app/app_context.hpp"
#include "app/passphrase.hpp"
#include "app/screen.hpp"
#include "model/local_settings.hpp"

#include <array>

namespace dc::app {

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
