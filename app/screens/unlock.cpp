// The unlock prompt.
#include "app/screens/unlock.hpp"

#include "app/i18n.hpp"
#include "app/passphrase.hpp"
#include "app/ui_probe.hpp"
#include "app/widgets.hpp"

#include <imgui.h>

namespace dc::app {

void UnlockScreen::tryUnlock() {
    state.wrongPassphrase = !store_.unlock(state.passphrase);
    // The passphrase is not kept in memory longer than the attempt needs.
    wipeSecret(state.passphrase);
    state.focusField = true;
}

void UnlockScreen::drawFrame() {
    probe::beginFrame();
    ui::beginCentredPage("##unlock");
    drawContent();
    ui::endCentredPage();
}

void UnlockScreen::drawContent() {
    ui::heading(tr("unlock.title"));
    ImGui::TextWrapped("%s", tr(state.afterIdle ? "unlock.explanation_idle" : "unlock.explanation"));
    if (state.focusField) {
        ImGui::SetKeyboardFocusHere();
        state.focusField = false;
    }
    const bool entered = ui::passphraseField("unlock.passphrase", tr("unlock.passphrase"), state.passphrase);
    if (state.wrongPassphrase) ui::problemText(tr("unlock.wrong_passphrase"));
    if (ui::bigButton("unlock.submit", tr("unlock.submit"), -1, true) || entered) tryUnlock();
    ui::mutedText(tr("unlock.forgotten"));
}

}  // namespace dc::app
