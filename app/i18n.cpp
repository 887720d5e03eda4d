// Loading and looking up the flat JSON translation tables.
#include "app/i18n.hpp"

#include <cstdio>
#include <set>

namespace dc::app {

void Translator::load(const std::filesystem::path& i18nDirectory, std::string_view language) {
    setTable(std::string(language), readTranslationFile(i18nDirectory / (std::string(language) + ".json")));
}

void Translator::setTable(std::string language, TranslationTable table) {
    language_ = std::move(language);
    table_ = std::move(table);
}

const char* Translator::text(std::string_view key) const {
    if (auto found = table_.find(key); found != table_.end()) return found->second.c_str();
    // Missing keys are interned so the returned pointer stays valid; reported once each.
    static std::set<std::string, std::less<>> missing;
    auto [it, inserted] = missing.emplace(key);
    if (inserted) std::fprintf(stderr, "missing translation: %s\n", it->c_str());
    return it->c_str();
}

bool Translator::has(std::string_view key) const { return table_.find(key) != table_.end(); }

std::string Translator::format(std::string_view key, const std::vector<std::string>& args) const {
    std::string result = text(key);
    for (size_t i = 0; i < args.size(); ++i) {
        // Built step by step: GCC 12 warns falsely (-Wrestrict) on "{" + std::string.
        std::string placeholder = "{";
        placeholder += std::to_string(i);
        placeholder += '}';
        for (size_t at = result.find(placeholder); at != std::string::npos;
             at = result.find(placeholder, at + args[i].size()))
            result.replace(at, placeholder.size(), args[i]);
    }
    return result;
}

std::vector<std::string> Translator::keys() const {
    std::vector<std::string> keys;
    for (const auto& [key, value] : table_) keys.push_back(key);
    return keys;
}

Translator& translator() {
    static Translator instance;
    return instance;
}

const char* trCode(std::string_view vocabulary, std::string_view code) {
    std::string key(vocabulary);
    key += '.';
    key += code;
    return translator().text(key);
}

std::string trFormat(std::string_view key, const std::vector<std::string>& args) {
    return translator().format(key, args);
}

std::string importProblemReason(const ImportProblem& problem) {
    std::string reason = tr(problem.messageKey);
    if (!problem.detail.empty()) reason += " (" + problem.detail + ")";
    return reason;
}

}  // namespace dc::app
