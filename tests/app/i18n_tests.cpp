// Translation completeness: both languages have the same keys, and every key the app
// or the model can ask for exists.
#include "app/app_context.hpp"
#include "app/i18n.hpp"
#include "app/theme.hpp"
#include "model/records.hpp"
#include "platform/fonts.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

using namespace dc;
using namespace dc::app;
namespace fs = std::filesystem;

namespace {

const fs::path kRoot = DC_SOURCE_ROOT;

using Table = std::map<std::string, std::string, std::less<>>;

Table table(const char* language) { return readTranslationFile(kRoot / "assets" / "i18n" / (std::string(language) + ".json")); }

std::string readText(const fs::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// String literals matching `pattern` (first capture) in the sources under `folder`.
std::set<std::string> keysInSources(const fs::path& folder, const std::regex& pattern) {
    std::set<std::string> keys;
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        const std::string ext = entry.path().extension().string();
        if (ext != ".cpp" && ext != ".hpp") continue;
        const std::string text = readText(entry.path());
        for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it) keys.insert((*it)[1]);
    }
    return keys;
}

template <std::size_t N>
void addVocabulary(std::set<std::string>& keys, const char* vocabulary, const std::array<const char*, N>& codes) {
    for (const char* code : codes) keys.insert(std::string(vocabulary) + "." + code);
}

std::set<std::string> requiredKeys() {
    std::set<std::string> keys = keysInSources(kRoot / "app", std::regex(R"re(\btr(?:Format|Key)?\("([^"]+)")re"));
    // Problems and store errors the model can return, and the words its exports print.
    const std::set<std::string> model =
        keysInSources(kRoot / "model", std::regex(R"re("((?:problem|store)\.[a-z_]+|report\.[a-z_.]*[a-z_])")re"));
    keys.insert(model.begin(), model.end());
    // The words for the hub's reasons to set a record aside.
    const std::set<std::string> sync = keysInSources(kRoot / "sync", std::regex(R"re("(sync\.reason\.[a-z_]+)")re"));
    keys.insert(sync.begin(), sync.end());
    addVocabulary(keys, "channel", kChannels);
    addVocabulary(keys, "outcome", kOutcomes);
    addVocabulary(keys, "age_band", kAgeBands);
    addVocabulary(keys, "contact", kContactPreferences);
    addVocabulary(keys, "consent_scope", kConsentScopes);
    addVocabulary(keys, "device_kind", kDeviceKinds);
    addVocabulary(keys, "device_source", kDeviceSources);
    addVocabulary(keys, "device_condition", kDeviceConditions);
    addVocabulary(keys, "device_status", kDeviceStatuses);
    addVocabulary(keys, "handout_kind", kHandoutKinds);
    addVocabulary(keys, "internet_support", kInternetSupport);
    addVocabulary(keys, "session_kind", kSessionKinds);
    addVocabulary(keys, "skill", kSkills);
    addVocabulary(keys, "role", kRoles);
    addVocabulary(keys, "language_name", kParticipantLanguages);
    addVocabulary(keys, "language_name", kLanguages);
    addVocabulary(keys, "settings.language_own_name", kLanguages);
    addVocabulary(keys, "theme", kThemes);
    addVocabulary(keys, "timeline", std::array{"help_request", "loan", "donation", "session", "screening"});
    for (int64_t level = 0; level <= kSkillLevelMax; ++level) keys.insert("skill_level." + std::to_string(level));
    return keys;
}

}  // namespace

TEST_CASE("Dutch and English have exactly the same keys and no empty texts") {
    const Table nl = table("nl");
    const Table en = table("en");
    for (const auto& [key, text] : nl) {
        CHECK_MESSAGE(en.count(key) == 1, "missing in en.json: " << key);
        CHECK_MESSAGE(!text.empty(), "empty in nl.json: " << key);
    }
    for (const auto& [key, text] : en) {
        CHECK_MESSAGE(nl.count(key) == 1, "missing in nl.json: " << key);
        CHECK_MESSAGE(!text.empty(), "empty in en.json: " << key);
    }
}

TEST_CASE("every key the app and the model use exists in both languages") {
    const std::set<std::string> required = requiredKeys();
    // Guards the scan itself: a broken pattern would find nothing and pass.
    REQUIRE(required.size() > 200);
    REQUIRE(required.count("problem.loan_needs_due_date") == 1);
    REQUIRE(required.count("today.new_help_request") == 1);
    for (const char* language : {"nl", "en"}) {
        const Table t = table(language);
        for (const std::string& key : required) CHECK_MESSAGE(t.count(key) == 1, language << ".json lacks " << key);
    }
}

TEST_CASE("placeholders match between the languages") {
    const Table nl = table("nl");
    const Table en = table("en");
    const std::regex placeholder(R"(\{[0-9]\})");
    for (const auto& [key, text] : nl) {
        auto found = en.find(key);
        if (found == en.end()) continue;
        std::multiset<std::string> a, b;
        for (std::sregex_iterator it(text.begin(), text.end(), placeholder), end; it != end; ++it) a.insert(it->str());
        for (std::sregex_iterator it(found->second.begin(), found->second.end(), placeholder), end; it != end; ++it)
            b.insert(it->str());
        CHECK_MESSAGE(a == b, "placeholders differ for " << key);
    }
}

TEST_CASE("a missing key shows the key itself, never an empty text") {
    Translator t;
    t.setTable("nl", {{"a.b", "tekst"}});
    CHECK(std::string(t.text("a.b")) == "tekst");
    CHECK(std::string(t.text("not.there")) == "not.there");
    t.setTable("nl", {{"x", "{0} van {1}, {0}"}});
    CHECK(t.format("x", {"3", "7"}) == "3 van 7, 3");
}

TEST_CASE("every character in the translations is in the font's loaded glyph ranges") {
    const unsigned short* ranges = platform::uiGlyphRanges();
    auto covered = [&](char32_t c) {
        for (const unsigned short* r = ranges; r[0] != 0; r += 2)
            if (c >= r[0] && c <= r[1]) return true;
        return c == '\n';
    };
    for (const char* language : {"nl", "en"}) {
        for (const auto& [key, text] : table(language)) {
            // Decodes UTF-8 by hand: the texts are checked, not trusted.
            for (std::size_t i = 0; i < text.size();) {
                const unsigned char lead = static_cast<unsigned char>(text[i]);
                const int length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
                char32_t c = length == 1 ? lead : lead & (0x3F >> (length - 1));
                for (int k = 1; k < length && i + k < text.size(); ++k) c = (c << 6) | (text[i + k] & 0x3F);
                CHECK_MESSAGE(covered(c), language << ".json " << key << " has U+" << std::hex << static_cast<uint32_t>(c)
                                                   << ", which the font does not load");
                i += length;
            }
        }
    }
}
