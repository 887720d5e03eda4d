// The rights of the people in the data (GDPR): erasure on request, access to
// everything about them, and the automatic purge of personal fields after a period
// without contact. Counts and categories always remain, so the yearly figures hold.
#pragma once

#include "model/services.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace dc {

// GDPR Art. 17: empties the personal fields of the participant and of every record
// about them, as new versions in one transaction, so the erasure reaches the hub and
// every other device at their next sync.
SaveResult forgetParticipant(ServiceContext& ctx, std::string_view participantId);

// GDPR Art. 15: everything stored about one participant, as JSON.
std::optional<nlohmann::json> exportParticipant(Store& store, std::string_view participantId);

// Writes exportParticipant's JSON to `folder` (created if missing, readable by the owner
// only: the file holds personal data in the clear) as
// "digicoach-export-<date>-<participant id>.json" and returns its path. The id is the
// record's random key, so the file name names nobody. Throws std::runtime_error with the
// reason when the participant is unknown or the file cannot be written.
std::filesystem::path writeParticipantExport(Store& store, std::string_view participantId,
                                             const std::filesystem::path& folder, std::string_view date);

// The most recent date anything happened with this participant ("YYYY-MM-DD").
std::string lastContactDate(Store& store, std::string_view participantId);

inline constexpr int kDefaultRetentionMonths = 24;

// Forgets every participant whose last contact is more than `months` before today.
// Returns how many were forgotten.
int purgeExpiredPersonalData(ServiceContext& ctx, int months = kDefaultRetentionMonths);

}  // namespace dc
