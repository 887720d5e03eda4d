// The hub on one SQLite file: the embedded default, one writer at a time.
#pragma once

#include "hub/hub_store.hpp"
#include "model/db.hpp"

namespace dc::hub {

class SqliteHubStore final : public HubStore {
public:
    explicit SqliteHubStore(const std::string& path);

    int revokeTokens(const std::string& coach, int64_t nowMs) override;
    std::vector<std::pair<std::string, int64_t>> refusalsByCoach() override;
    int64_t recordCount() override;
    void audit(const Principal& who, const char* action, int64_t recordCount, int64_t nowMs) override;
    std::vector<AuditEntry> auditEntries(int64_t sinceSeq = 0) override;

private:
    void inPushTransaction(const std::vector<std::string>& recordIds,
                           const std::function<void(PushWriter&)>& apply) override;
    std::vector<PulledRecord> pullRecords(int64_t since, int limit, const Principal& who) override;
    std::vector<ConflictEntry> conflictEntries(int64_t since, int limit) override;
    void saveToken(const std::string& hash, const std::string& coach, Role role, int64_t nowMs,
                   const std::vector<std::string>& teams) override;
    std::vector<ActiveToken> activeTokens() override;
    std::vector<std::string> teamsOf(const std::string& coach) override;

    Database db_;
};

}  // namespace dc::hub
