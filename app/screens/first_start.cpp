// The first-start passphrase screen.
#include "app/screens/first_start.hpp"

#include "app/i18n.hpp"
#include "app/passphrase.hpp"
#include "app/ui_probe.hpp"
#include "app/widgets.hpp"

#include <imgui.h>

namespace dc::app {

void FirstStartScreen::protect() {
    if (state.protecting) return;
    state.problemKey = newPassphraseProblem(state.passphrase, state.repeatedPassphrase);
    state.failure.clear();
    if (!state.problemKey) {
        state.protecting = true;
        // Deriving the key takes about a second on purpose (it is what makes guessing
        // slow), so it runs on the job runner; the database work stays on this thread.
        jobs_.run(
            [this, passphrase = state.passphrase]() mutable -> JobRunner::MainThreadStep {
                Store::NewKey key = Store::makeKey(passphrase);
                wipeSecret(passphrase);
                return [this, key = std::move(key)] {
                    state.protecting = false;
                    try {
                        store_.protectWith(key);
                    } catch (const std::exception& error) {
                        state.failure = error.what();
                    }
                };
            },
            [this](const std::string& reason) {
                state.protecting = false;
                state.failure = reason;
            });
    }
    wipeSecret(state.passphrase);
    wipeSecret(state.repeatedPassphrase);
    state.focusField = true;
}

void FirstStartScreen::drawFrame() {
    probe::beginFrame();
    ui::beginCentredPage("##first_start");
    drawContent();
    ui::endCentredPage();
}

void FirstStartScreen::drawContent() {
    ui::heading(tr(mayPostpone_ ? "first_start.title_existing" : "first_start.title"));
    ImGui::TextWrapped("%s", tr(mayPostpone_ ? "first_start.explanation_existing" : "first_start.explanation"));
    ImGui::Spacing();
    // Said before the passphrase is chosen, not after it is lost.
    ui::heading(tr("first_start.forgotten_heading"));
    ui::successText(tr("first_start.synced_recoverable"));
    probe::noteLastItem("first_start.synced_recoverable");
    ui::problemText(tr("first_start.unsynced_lost"));
    probe::noteLastItem("first_start.unsynced_lost");
    ImGui::Spacing();
    if (state.focusField) {
        ImGui::SetKeyboardFocusHere();
        state.focusField = false;
    }
    ui::passphraseField("first_start.passphrase", tr("settings.passphrase_new"), state.passphrase);
    const bool entered =
        ui::passphraseField("first_start.passphrase_repeat", tr("settings.passphrase_repeat"), state.repeatedPassphrase);
    if (state.problemKey) ui::problemText(tr(state.problemKey));
    if (!state.failure.empty()) ui::problemText(trFormat("first_start.failed", {state.failure}).c_str());
    if (state.protecting) {
        ui::mutedText(tr("first_start.protecting"));
        probe::noteLastItem("first_start.protecting");
    } else if (ui::bigButton("first_start.protect", tr("first_start.protect"), -1, true) || entered) {
        protect();
    }
    if (mayPostpone_) {
        ImGui::Spacing();
        ui::mutedText(tr("first_start.later_explanation"));
        if (ui::button("first_start.later", tr("first_start.later"), -1)) postponed_ = true;
    }
}

}  // namespace dc::app
