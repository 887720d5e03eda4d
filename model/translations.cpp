// Reading the flat JSON translation tables.
#include "model/translations.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace dc {

TranslationTable readTranslationFile(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error("cannot read translations " + file.string());
    std::ostringstream text;
    text << in.rdbuf();
    return parseTranslationTable(text.str());
}

TranslationTable parseTranslationTable(std::string_view text) {
    const nlohmann::json json = nlohmann::json::parse(text);
    if (!json.is_object()) throw std::runtime_error("a translation file must be one JSON object");
    TranslationTable table;
    for (const auto& [key, value] : json.items()) table.emplace(key, value.get<std::string>());
    return table;
}

std::string Wording::text(std::string_view key) const {
    const auto found = table.find(key);
    return found != table.end() ? found->second : std::string(key);
}

NumberStyle numberStyle(const TranslationTable& table) {
    NumberStyle style;
    if (auto found = table.find("report.thousands_separator"); found != table.end()) style.thousandsSeparator = found->second;
    if (auto found = table.find("report.decimal_mark"); found != table.end()) style.decimalMark = found->second;
    return style;
}

NumberStyle Wording::numbers() const { return numberStyle(table); }

}  // namespace dc
