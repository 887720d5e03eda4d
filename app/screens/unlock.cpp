// The unlock prompt.
#include "app/screens/unlock.hpp"

#include "app/i18n.hpp"
#include "app/passphrase.hpp"
#include "app/ui_probe.hpp"
#include "app/widgets.hpp"

#include <imgui.h>

namespace dc::app {

void UnlockScreen::tryUnlock() {
    if (state.unlocking) return;
    state.failure.clear();
    std::optional<WrappedKey> wrapped;
    try {
        wrapped = store_.wrappedKey();
    } catch (const std::exception& error) {
        state.failure = error.what();
    }
    if (wrapped) {
        state.unlocking = true;
        // Deriving the key takes about a second on purpose; the frames go on meanwhile.
        jobs_.run(
            [this, wrapped = std::move(*wrapped), passphrase = state.passphrase]() mutable -> JobRunner::MainThreadStep {
                std::optional<FieldCipher> cipher = FieldCipher::unwrap(wrapped, passphrase);
                wipeSecret(passphrase);
                return [this, cipher = std::move(cipher)] {
                    state.unlocking = false;
                    state.wrongPassphrase = !cipher;
                    if (cipher) store_.useCipher(std::make_shared<const FieldCipher>(*cipher));
                    state.focusField = true;
                };
            },
            [this](const std::string& reason) {
                state.unlocking = false;
                state.failure = reason;
                state.focusField = true;
            });
    }
    // The passphrase is not kept in memory longer than the attempt needs.
    wipeSecret(state.passphrase);
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
    if (!state.failure.empty()) ui::problemText(trFormat("unlock.failed", {state.failure}).c_str());
    if (state.unlocking) {
        ui::mutedText(tr("unlock.unlocking"));
        probe::noteLastItem("unlock.unlocking");
    } else if (ui::bigButton("unlock.submit", tr("unlock.submit"), -1, true) || entered) {
        tryUnlock();
    }
    ui::mutedText(tr("unlock.forgotten"));
}

}  // namespace dc::app
