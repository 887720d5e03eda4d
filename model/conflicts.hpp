// A coordinator's copy of the hub's conflict log: every version that lost to another
// author's, kept here so a coordinator can compare and settle it offline. The hub only
// gives its log to coordinators; on a coach's laptop this stays empty.
#pragma once

#include "model/services.hpp"
#include "model/store.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace dc {

// One losing version as the hub logged it (GET /v1/conflicts).
struct LoggedConflict {
    int64_t hubSeq = 0;
    std::string recordType;
    std::string recordId;
    int64_t loserVersion = 0;
    int64_t loserUpdatedAtMs = 0;
    std::string loserOrigin;
    std::string loserAuthor;
    bool loserDeleted = false;
    nlohmann::json loserData = nlohmann::json::object();
    int64_t winnerVersion = 0;
    std::string winnerOrigin;
    int64_t loggedAtMs = 0;
};

// One field of a conflict, the version on this laptop beside the one that lost.
struct ConflictField {
    std::string name;
    nlohmann::json current;
    nlohmann::json other;
    bool differs = false;
};

// A record with conflicts not settled yet: its newest losing version, ready to be shown
// beside the current one. Older losing versions of the same record are settled with it.
struct OpenConflict {
    int64_t hubSeq = 0;
    int64_t olderVersions = 0;
    std::string recordType;
    std::string recordId;
    std::string title;  // the record's pseudonym, name or inventory tag, else the start of its id
    bool currentOnLaptop = false;  // false until the winning version has been pulled
    bool currentDeleted = false;
    bool otherDeleted = false;
    int64_t currentUpdatedAtMs = 0;
    int64_t otherUpdatedAtMs = 0;
    int64_t loggedAtMs = 0;
    std::vector<ConflictField> fields;  // every field of the record type, in its order
};

enum class ConflictChoice { Current, Other };

class ConflictLog {
public:
    explicit ConflictLog(Store& store) : store_(store) {}

    // The hub's sequence number of the newest entry stored: the next fetch asks for later ones.
    int64_t cursor();
    // Stores a page of the hub's log and moves the cursor to `newestSeq`, in one
    // transaction. An entry already stored is left as it is (a page fetched twice adds nothing).
    void add(const std::vector<LoggedConflict>& page, int64_t newestSeq);

    std::vector<OpenConflict> open();
    int64_t openCount();  // records with open conflicts

    // Writes the chosen version's content as a new version of the record, which then
    // wins everywhere by the conflict rule, and settles every open conflict of that
    // record. Refused while the record itself is not on this laptop yet.
    SaveResult keep(ServiceContext& ctx, int64_t hubSeq, ConflictChoice choice);

private:
    Store& store_;
};

// Seals every stored losing version: called when the file gets its first passphrase.
void sealConflictLog(Store& store);

}  // namespace dc
