// The Settings screen.
#include "app/screens/settings.hpp"

#include "app/i18n.hpp"
#include "app/job_runner.hpp"
#include "app/theme.hpp"
#include "app/ui_probe.hpp"
#include "app/widgets.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <charconv>
#include <functional>

namespace dc::app {

void SettingsScreen::drawContent(AppContext& app) {
    AppearanceSettings& appearance = appearance_;
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
            if (flow.chip("settings.organisation." + org.meta.id, trName(org).c_str(), state.coach.organisationId == org.meta.id)) {
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
    drawSecurity(app);
    drawRecordImport(app);
    ImGui::Spacing();
    ui::mutedText(trFormat("settings.database", {services.store.db().path()}).c_str());
}

void SettingsScreen::drawSecurity(AppContext& app) {
    const bool protectedStore = app.services.store.protection() != Protection::None;
    ImGui::Spacing();
    ui::heading(tr("settings.security"));
    ui::mutedText(protectedStore ? tr("settings.security_on") : tr("settings.security_off"));
    if (protectedStore) ui::passphraseField("settings.passphrase_current", tr("settings.passphrase_current"), state.currentPassphrase);
    ui::passphraseField("settings.passphrase_new", tr("settings.passphrase_new"), state.newPassphrase);
    ui::passphraseField("settings.passphrase_repeat", tr("settings.passphrase_repeat"), state.repeatedPassphrase);
    if (state.passphraseMessageKey) {
        if (state.passphraseMessageIsProblem)
            ui::problemText(tr(state.passphraseMessageKey));
        else
            ui::successText(tr(state.passphraseMessageKey));
    }
    if (state.passphraseWorking)
        probe::noteLastItem("settings.passphrase_working");
    else if (ui::button("settings.passphrase_apply",
                        protectedStore ? tr("settings.passphrase_change") : tr("settings.passphrase_protect")))
        app.later([this, &app] { applyPassphrase(app); });

    ui::fieldLabel(tr("settings.auto_lock"));
    // Without a passphrase there is nothing to lock with; the choice still waits for one.
    if (!protectedStore) ui::mutedText(tr("settings.auto_lock_needs_passphrase"));
    const int chosenMinutes = app.services.autoLockMinutes;
    ui::ChipFlow flow;
    for (int minutes : kAutoLockChoicesMinutes) {
        const std::string text = minutes == 0 ? std::string(tr("settings.auto_lock_off"))
                                              : trFormat("common.minutes", {std::to_string(minutes)});
        if (flow.chip("settings.auto_lock." + std::to_string(minutes), text.c_str(), chosenMinutes == minutes))
            app.later([&app, minutes] {
                app.services.store.setSetting(kSettingAutoLockMinutes, std::to_string(minutes));
                app.services.autoLockMinutes = minutes;
            });
    }
}

void SettingsScreen::finishPassphrase(const char* messageKey, bool problem) {
    state.passphraseWorking = false;
    state.passphraseMessageKey = messageKey;
    state.passphraseMessageIsProblem = problem;
}

void SettingsScreen::applyPassphrase(AppContext& app) {
    Store& store = app.services.store;
    auto wipeFields = [this] {
        for (std::string* secret : {&state.currentPassphrase, &state.newPassphrase, &state.repeatedPassphrase})
            wipeSecret(*secret);
        forgetTextFieldState();
    };
    if (const char* problem = newPassphraseProblem(state.newPassphrase, state.repeatedPassphrase)) {
        wipeFields();
        return finishPassphrase(problem, true);
    }
    if (!app.jobs || state.passphraseWorking) return;
    // Deriving a key takes about a second on purpose (it is what makes guessing slow), so
    // it runs on the job runner; the database work stays on this thread.
    std::optional<WrappedKey> current;
    const bool protecting = store.protection() == Protection::None;
    if (!protecting) current = store.wrappedKey();
    state.passphraseWorking = true;
    state.passphraseMessageKey = trKey("settings.passphrase_working");
    state.passphraseMessageIsProblem = false;
    std::weak_ptr<int> alive = alive_;
    app.jobs->run(
        [this, alive, &store, protecting, current, oldPassphrase = state.currentPassphrase,
         newPassphrase = state.newPassphrase]() mutable -> JobRunner::MainThreadStep {
            auto wipe = [&] {
                wipeSecret(oldPassphrase);
                wipeSecret(newPassphrase);
            };
            // What follows on the main thread: the database step, then the message. The
            // screen may be gone by then (an idle lock closed the shell).
            auto then = [this, alive](std::function<void()> databaseStep, const char* successKey) {
                return [this, alive, databaseStep = std::move(databaseStep), successKey] {
                    if (alive.expired()) return;
                    try {
                        databaseStep();
                        finishPassphrase(successKey, false);
                    } catch (const std::exception&) {
                        finishPassphrase(trKey("settings.passphrase_failed"), true);
                    }
                };
            };
            if (protecting) {
                auto key = std::make_shared<Store::NewKey>(Store::makeKey(newPassphrase));
                wipe();
                return then([&store, key] { store.protectWith(*key); }, trKey("settings.passphrase_set"));
            }
            std::optional<FieldCipher> cipher = current ? FieldCipher::unwrap(*current, oldPassphrase) : std::nullopt;
            if (!cipher) {
                wipe();
                return [this, alive] {
                    if (!alive.expired()) finishPassphrase(trKey("settings.passphrase_wrong"), true);
                };
            }
            const WrappedKey rewrapped = cipher->wrap(newPassphrase, KdfLimits::forThisDevice());
            wipe();
            return then([&store, rewrapped] { store.replaceWrappedKey(rewrapped); }, trKey("settings.passphrase_changed"));
        },
        [this, alive](const std::string&) {
            if (!alive.expired()) finishPassphrase(trKey("settings.passphrase_failed"), true);
        });
    wipeFields();
}

}  // namespace dc::app
