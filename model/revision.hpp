// The one conflict rule, shared by the laptop and the hub: of two versions of a
// record, the one with the later hybrid-clock time wins; on a tie, the one from the
// greater device id. Every side applying it reaches the same winner.
#pragma once

#include <cstdint>
#include <string>
#include <tuple>

namespace dc {

struct Revision {
    int64_t version = 0;
    int64_t updatedAtMs = 0;  // hybrid clock: never behind a version it replaced
    std::string originDeviceId;

    bool operator==(const Revision&) const = default;
};

inline bool supersedes(const Revision& incoming, const Revision& current) {
    return std::tie(incoming.updatedAtMs, incoming.originDeviceId, incoming.version) >
           std::tie(current.updatedAtMs, current.originDeviceId, current.version);
}

}  // namespace dc
