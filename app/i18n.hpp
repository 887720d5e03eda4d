// Translations: every text a person reads comes from assets/i18n/<language>.json.
// Dutch is the default; a missing key shows the key itself so it is noticed, never a blank.
#pragma once

#include "model/csv_import.hpp"
#include "model/local_settings.hpp"
#include "model/records.hpp"
#include "model/translations.hpp"

#include <array>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace dc::app {

inline constexpr const char* kDefaultLanguage = "nl";
inline constexpr const auto& kLanguages = kUiLanguages;

class Translator {
public:
    // Loads <i18nDirectory>/<language>.json; throws std::runtime_error if unreadable.
    void load(const std::filesystem::path& i18nDirectory, std::string_view language);
    // Replaces the table directly (tests).
    void setTable(std::string language, TranslationTable table);

    // The text for `key`; the pointer stays valid until the next load().
    const char* text(std::string_view key) const;
    bool has(std::string_view key) const;
    // "{0}" and "{1}" in the text are replaced by the arguments.
    std::string format(std::string_view key, const std::vector<std::string>& args) const;
    const std::string& language() const { return language_; }
    std::vector<std::string> keys() const;
    // A copy of the words in this language, for the model's writers and the jobs they run on.
    Wording wording() const { return {language_, table_}; }
    NumberStyle numbers() const { return numberStyle(table_); }

private:
    std::string language_ = kDefaultLanguage;
    TranslationTable table_;
};

// The translator the screens use; the shell owns its lifetime.
Translator& translator();

// A reference list item's name in the language on screen (a coach has only the one name).
template <class R>
const std::string& trName(const R& record) {
    if constexpr (requires { record.nameEn; }) return nameIn(record, translator().language());
    else return record.name;
}

// Marks a literal as a translation key looked up later, so the completeness test finds it.
constexpr const char* trKey(const char* key) { return key; }

inline const char* tr(std::string_view key) { return translator().text(key); }
// The label of a stored code from a fixed vocabulary: trCode("channel", "home") -> "channel.home".
const char* trCode(std::string_view vocabulary, std::string_view code);
std::string trFormat(std::string_view key, const std::vector<std::string>& args);
// Why an import refused a line, with the column or value it is about: "Not a valid phone number. (phone)".
std::string importProblemReason(const ImportProblem& problem);

}  // namespace dc::app
