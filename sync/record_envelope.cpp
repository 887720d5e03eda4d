// Record <-> envelope encoding, one generic path for every record type.
#include "sync/record_envelope.hpp"

namespace dc::sync {

namespace {
template <class R>
nlohmann::json envelope(const R& r) {
    return {{"type", R::table},        {"id", r.meta.id},
            {"version", r.meta.version}, {"updated_at", r.meta.updatedAtMs},
            {"created_at", r.meta.createdAtMs}, {"author", r.meta.authorCoachId},
            {"deleted", r.meta.deleted}, {"data", fieldsToJson(r)}};
}
}  // namespace

bool isKnownRecordType(std::string_view recordType) {
    bool known = false;
    forEachRecordType([&]<class R>() { known = known || recordType == R::table; });
    return known;
}

std::optional<nlohmann::json> envelopeFor(Store& store, std::string_view recordType, std::string_view id) {
    std::optional<nlohmann::json> result;
    forEachRecordType([&]<class R>() {
        if (result || recordType != R::table) return;
        if (std::optional<R> record = store.find<R>(id)) result = envelope(*record);
    });
    return result;
}

}  // namespace dc::sync
