// Passphrase checks and the masked field.
#include "app/passphrase.hpp"

#include "app/i18n.hpp"
#include "app/imgui_ext.hpp"
#include "app/ui_probe.hpp"
#include "app/widgets.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstring>

namespace dc::app {

const char* newPassphraseProblem(const std::string& passphrase, const std::string& repeated) {
    if (passphrase.size() < kMinPassphraseLength) return trKey("settings.passphrase_too_short");
    if (passphrase != repeated) return trKey("settings.passphrase_mismatch");
    return nullptr;
}

void wipeSecret(std::string& secret) {
    std::fill(secret.begin(), secret.end(), '\0');
    secret.clear();
}

void forgetTextFieldState() { imgui_ext::wipeTextFieldState(); }

namespace ui {

bool passphraseField(std::string_view id, const char* label, std::string& value) {
    fieldLabel(label);
    ImGui::SetNextItemWidth(-1);
    const bool entered = ImGui::InputText(labelWithId("", id).c_str(), &value,
                                          ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
    probe::noteLastItem(id);
    return entered;
}

}  // namespace ui
}  // namespace dc::app
