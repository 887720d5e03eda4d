// The wire form of one record: {type, id, version, updated_at, author, deleted, data}.
// Shared by the app's push and the hub's apply, so both read and write the same shape.
#pragma once

#include "model/store.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace dc::sync {

// The envelope of the record `recordType`/`id` as stored now, or nothing if it is unknown.
std::optional<nlohmann::json> envelopeFor(Store& store, std::string_view recordType, std::string_view id);

// True when `recordType` names a synced table.
bool isKnownRecordType(std::string_view recordType);

}  // namespace dc::sync
