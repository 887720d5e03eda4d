// Fuzzes the app's JSON input: record envelopes (model/envelope), pages pulled from
// the hub (sync's parsePullPage, applied to a real store) and translation files.
#include "app/i18n.hpp"
#include "fuzz_support.hpp"
#include "model/envelope.hpp"
#include "sync/sync_engine.hpp"

#include <cstdint>
#include <optional>

namespace {

dc::Store& store() {
    static dc::Store instance = dc::Store::open((dc::fuzz::scratchFolder() / "laptop.db").string());
    return instance;
}

// What parseEnvelope accepted survives encoding and reading again unchanged.
void checkRoundTrip(const dc::Envelope& e) {
    std::string reason;
    const std::optional<dc::Envelope> again = dc::parseEnvelope(dc::toJson(e), reason);
    dc::fuzz::expect(again.has_value(), "an accepted envelope is accepted again after encoding");
    dc::fuzz::expect(again->type == e.type && again->id == e.id && again->version == e.version &&
                         again->updatedAtMs == e.updatedAtMs && again->origin == e.origin && again->data == e.data,
                     "an envelope's encoding keeps every field");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
    if (!json.is_discarded()) {
        std::string reason;
        if (const std::optional<dc::Envelope> e = dc::parseEnvelope(json, reason))
            checkRoundTrip(*e);
        else
            dc::fuzz::expect(!reason.empty(), "a refused envelope says why");
    }

    if (const std::optional<dc::sync::PulledPage> page = dc::sync::parsePullPage(text)) {
        dc::Store& laptop = store();
        // Applied as the sync engine does, then undone so the store stays small.
        laptop.db().exec("PRAGMA foreign_keys = OFF");
        {
            dc::Transaction tx(laptop.db());
            for (const dc::Envelope& e : page->records) {
                checkRoundTrip(e);
                dc::applyReceived(laptop, e);
            }
        }
        laptop.db().exec("PRAGMA foreign_keys = ON");
    }

    try {
        (void)dc::parseTranslationTable(text);
    } catch (const nlohmann::json::exception&) {
    } catch (const std::runtime_error&) {
    }
    return 0;
}
