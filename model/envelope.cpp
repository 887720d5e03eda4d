// Record <-> envelope encoding, one generic path for every record type.
#include "model/envelope.hpp"

#include <algorithm>

namespace dc {

namespace {

template <class R>
Envelope envelopeOf(const R& r) {
    Envelope e;
    e.type = R::table;
    e.id = r.meta.id;
    e.version = r.meta.version;
    e.createdAtMs = r.meta.createdAtMs;
    e.updatedAtMs = r.meta.updatedAtMs;
    e.author = r.meta.authorCoachId;
    e.origin = r.meta.originDeviceId;
    e.deleted = r.meta.deleted;
    e.data = fieldsToJson(r);
    return e;
}

template <class R>
R recordOf(const Envelope& e) {
    R r;
    fieldsFromJson(e.data, r);
    r.meta = {e.id, e.createdAtMs, e.updatedAtMs, e.version, e.author, e.origin, e.deleted};
    return r;
}

constexpr std::size_t kMaxIdLength = 64;

}  // namespace

bool isWellFormedId(std::string_view id) {
    if (id.empty() || id.size() > kMaxIdLength) return false;
    for (const char c : id)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
    return true;
}

nlohmann::json parseProtocolJson(std::string_view text) {
    return nlohmann::json::parse(text, [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
        if (depth > kMaxJsonDepth) throw JsonTooDeep();
        return true;
    });
}

nlohmann::json toJson(const Envelope& e) {
    return {{"type", e.type},       {"id", e.id},          {"version", e.version},
            {"created_at", e.createdAtMs}, {"updated_at", e.updatedAtMs}, {"author", e.author},
            {"origin", e.origin},   {"deleted", e.deleted}, {"data", e.data}};
}

bool isKnownRecordType(std::string_view recordType) {
    return visitRecordType(recordType, []<class R>() {});
}

std::optional<Envelope> parseEnvelope(const nlohmann::json& json, std::string& error) {
    if (!json.is_object()) {
        error = "a record must be a JSON object";
        return std::nullopt;
    }
    auto text = [&](const char* key, std::string& out) {
        auto it = json.find(key);
        if (it == json.end() || !it->is_string()) return false;
        out = it->get<std::string>();
        return true;
    };
    auto integer = [&](const char* key, int64_t& out) {
        auto it = json.find(key);
        if (it == json.end() || !it->is_number_integer()) return false;
        out = it->get<int64_t>();
        return true;
    };
    Envelope e;
    if (!text("type", e.type) || !isKnownRecordType(e.type)) {
        error = "unknown record type";
        return std::nullopt;
    }
    if (!text("id", e.id) || !isWellFormedId(e.id)) {
        error = "missing or malformed id";
        return std::nullopt;
    }
    if (!integer("version", e.version) || e.version < 1 || !integer("updated_at", e.updatedAtMs) ||
        !integer("created_at", e.createdAtMs)) {
        error = "missing or malformed version or timestamps";
        return std::nullopt;
    }
    if (!text("author", e.author) || !text("origin", e.origin) || !isWellFormedId(e.author) ||
        !isWellFormedId(e.origin)) {
        error = "missing or malformed author or origin";
        return std::nullopt;
    }
    auto deleted = json.find("deleted");
    if (deleted == json.end() || !deleted->is_boolean()) {
        error = "missing deleted flag";
        return std::nullopt;
    }
    e.deleted = deleted->get<bool>();
    auto data = json.find("data");
    if (data == json.end() || !data->is_object()) {
        error = "missing data object";
        return std::nullopt;
    }
    e.data = *data;
    try {
        visitRecordType(e.type, [&]<class R>() { (void)recordOf<R>(e); });
    } catch (const nlohmann::json::exception&) {
        error = "a data field has the wrong type";
        return std::nullopt;
    }
    return e;
}

bool isReferenceList(std::string_view recordType) {
    return std::find(kReferenceListTypes.begin(), kReferenceListTypes.end(), recordType) != kReferenceListTypes.end();
}

bool hasPersonalContent(const Envelope& e) {
    bool found = false;
    visitRecordType(e.type, [&]<class R>() {
        for (const std::string& name : personalFieldNames<R>()) {
            const auto value = e.data.find(name);
            if (value == e.data.end() || value->is_null()) continue;
            // json::empty() is false for every string, so a text is measured itself.
            if (value->is_string() && value->get_ref<const std::string&>().empty()) continue;
            if ((value->is_array() || value->is_object()) && value->empty()) continue;
            found = true;
        }
    });
    return found;
}

nlohmann::json knownFieldsOnly(const Envelope& e) {
    nlohmann::json data = nlohmann::json::object();
    visitRecordType(e.type, [&]<class R>() { data = fieldsToJson(recordOf<R>(e)); });
    return data;
}

std::vector<std::string> fieldsNotSent(const Envelope& e) {
    std::vector<std::string> missing;
    visitRecordType(e.type, [&]<class R>() {
        std::apply(
            [&](const auto&... f) {
                ((e.data.contains(f.name) ? void() : void(missing.emplace_back(f.name))), ...);
            },
            R::fields());
    });
    return missing;
}

std::optional<Envelope> envelopeFor(Store& store, std::string_view recordType, std::string_view id) {
    std::optional<Envelope> result;
    visitRecordType(recordType, [&]<class R>() {
        if (std::optional<R> record = store.find<R>(id)) result = envelopeOf(*record);
    });
    return result;
}

ReceiveOutcome applyReceived(Store& store, const Envelope& e) {
    ReceiveOutcome outcome = ReceiveOutcome::Applied;
    visitRecordType(e.type, [&]<class R>() {
        if (std::optional<R> local = store.find<R>(e.id)) {
            const Revision mine{local->meta.version, local->meta.updatedAtMs, local->meta.originDeviceId};
            if (mine == e.revision()) {
                outcome = ReceiveOutcome::AlreadyHad;
                return;
            }
            if (!supersedes(e.revision(), mine)) {
                outcome = ReceiveOutcome::KeptLocal;
                return;
            }
        }
        store.putReceived(recordOf<R>(e));
    });
    return outcome;
}

}  // namespace dc
