// The translation catalogue: one flat JSON object of key -> text per language
// (assets/i18n/<language>.json). Read here, below the app, so the exports the model
// writes print the same words as the screens that show them.
#pragma once

#include "model/number_format.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace dc {

using TranslationTable = std::map<std::string, std::string, std::less<>>;

// Reads one translation file; throws std::runtime_error if unreadable.
TranslationTable readTranslationFile(const std::filesystem::path& file);
// The same from text; throws nlohmann::json::exception or std::runtime_error on bad input.
TranslationTable parseTranslationTable(std::string_view text);

// The marks a language writes numbers with, from its table.
NumberStyle numberStyle(const TranslationTable& table);

// One language's words, handed to the model's writers by whoever chose the language.
// A plain copy, so a job on another thread reads it while the screens switch language.
struct Wording {
    std::string language = "nl";
    TranslationTable table;

    // The text for `key`, or the key itself so a missing word is noticed, never blank.
    std::string text(std::string_view key) const;
    NumberStyle numbers() const;
};

}  // namespace dc
