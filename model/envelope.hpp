// The wire form of one record version, as the sync protocol carries it:
// {type, id, version, created_at, updated_at, author, origin, deleted, data}.
// The laptop and the hub read and write it through this one codec.
#pragma once

#include "model/revision.hpp"
#include "model/store.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace dc {

struct Envelope {
    std::string type;  // a record table name, e.g. "help_requests"
    std::string id;
    int64_t version = 0;
    int64_t createdAtMs = 0;
    int64_t updatedAtMs = 0;
    std::string author;
    std::string origin;
    bool deleted = false;
    nlohmann::json data = nlohmann::json::object();

    Revision revision() const { return {version, updatedAtMs, origin}; }
};

// Protocol JSON is a few levels deep (body, records, envelope, data, a list of ids).
// Deeper input is refused while parsing: copying and printing JSON recurse, and a
// body of nested brackets would otherwise exhaust the stack of whoever reads it.
inline constexpr int kMaxJsonDepth = 32;

struct JsonTooDeep : std::runtime_error {
    JsonTooDeep() : std::runtime_error("JSON nested deeper than the protocol allows") {}
};

// Parses protocol JSON (a push body, a pull page); throws nlohmann::json::parse_error
// on malformed text or invalid UTF-8, and JsonTooDeep past kMaxJsonDepth.
nlohmann::json parseProtocolJson(std::string_view text);

// Ids, author and origin: 1 to 64 bytes without control characters, so a NUL or a
// line break cannot cut or forge an id in a log, a file name or another store.
bool isWellFormedId(std::string_view id);

nlohmann::json toJson(const Envelope& envelope);

// Reads an envelope and checks its shape and its data against the record type.
// On failure `error` says why, in words fit for a rejection reason.
std::optional<Envelope> parseEnvelope(const nlohmann::json& json, std::string& error);

bool isKnownRecordType(std::string_view recordType);

// The reference lists: organisations, neighbourhoods, target groups, help categories.
// Coordinators keep them on the hub; every laptop receives them.
// The reference lists: coordinators write them and every laptop pulls them whole.
inline constexpr std::array kReferenceListTypes{Organisation::table, Neighbourhood::table, TargetGroup::table,
                                                HelpCategory::table, Project::table};
bool isReferenceList(std::string_view recordType);

// True when any personal field of the envelope's data (records.hpp, Privacy::Personal)
// holds something: a non-empty text or list.
bool hasPersonalContent(const Envelope& envelope);

// The envelope's data with only the fields of its record type (unknown keys dropped,
// missing ones at their defaults). `envelope` must have passed parseEnvelope.
nlohmann::json knownFieldsOnly(const Envelope& envelope);
// The names of the record type's fields that `e.data` does not carry at all. A current
// laptop sends every field (null when empty), so a missing one is a field the sending
// laptop's older version does not know.
std::vector<std::string> fieldsNotSent(const Envelope& e);

// The envelope of a stored record as it is now, or nothing if it is unknown.
std::optional<Envelope> envelopeFor(Store& store, std::string_view recordType, std::string_view id);

enum class ReceiveOutcome { Applied, AlreadyHad, KeptLocal };

// Applies a version received from the hub inside the caller's transaction, by the
// conflict rule in revision.hpp. No outbox entry is written.
ReceiveOutcome applyReceived(Store& store, const Envelope& envelope);

}  // namespace dc
