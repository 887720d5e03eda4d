// What every passphrase screen shares (first start, unlock, Settings): the minimum
// length, the checks on a new one, the masked field, and wiping it after use.
#pragma once

#include <string>
#include <string_view>

namespace dc::app {

// Below this a passphrase is too easy to guess for data about vulnerable people.
inline constexpr std::size_t kMinPassphraseLength = 8;

// The translation key of what is wrong with a new passphrase and its repetition, or nullptr.
const char* newPassphraseProblem(const std::string& passphrase, const std::string& repeated);
// Overwrites the text before clearing it, so the passphrase does not linger in the buffer.
void wipeSecret(std::string& secret);
// ImGui keeps a copy of the last text field's content and its undo history after the
// field is left. Wipes it, so a passphrase (or, at a lock, a name or a note) does not
// stay there. Call between frames or after drawing.
void forgetTextFieldState();

namespace ui {
// A labelled, masked text field; returns true when Enter was pressed in it.
bool passphraseField(std::string_view id, const char* label, std::string& value);
}  // namespace ui

}  // namespace dc::app
