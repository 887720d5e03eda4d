// The unlock prompt.
#include "app/screens/unlock.hpp"

#include "app/i18n.hpp"
#include "app/theme.hpp"
#include "app/ui_probe.hpp"
#include "app/widgets.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

namespace dc::app {

void UnlockScreen::tryUnlock() {
    state.wrongPassphrase = !store_.unlock(state.passphrase);
    // The passphrase is not kept in memory longer than the attempt needs.
    std::fill(state.passphrase.begin(), state.passphrase.end(), '\0');
    state.passphrase.clear();
    state.focusField = true;
}

void UnlockScreen::drawFrame() {
    probe::beginFrame();
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    ImGui::Begin("##unlock", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    // A readable column in the middle of a wide window, the full width on a phone.
    const float columnWidth = std::min(ImGui::GetContentRegionAvail().x, 520.0f * textScale());
    ImGui::SetCursorPosX((ImGui::GetWindowWidth() - columnWidth) / 2);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0, 0, 0, 0));
    ImGui::BeginChild("unlock_column", ImVec2(columnWidth, 0), false);
    drawContent();
    ImGui::EndChild();
    ImGui::PopStyleColor();
    ImGui::End();
}

void UnlockScreen::drawContent() {
    ui::heading(tr("unlock.title"));
    ImGui::TextWrapped("%s", tr("unlock.explanation"));
    ui::fieldLabel(tr("unlock.passphrase"));
    if (state.focusField) {
        ImGui::SetKeyboardFocusHere();
        state.focusField = false;
    }
    ImGui::SetNextItemWidth(-1);
    const bool entered = ImGui::InputText("###unlock.passphrase", &state.passphrase,
                                          ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
    probe::noteLastItem("unlock.passphrase");
    if (state.wrongPassphrase) ui::problemText(tr("unlock.wrong_passphrase"));
    if (ui::bigButton("unlock.submit", tr("unlock.submit"), -1, true) || entered) tryUnlock();
    ui::mutedText(tr("unlock.forgotten"));
}

}  // namespace dc::app
