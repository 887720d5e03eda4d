// The hub on PostgreSQL: several hub processes share one database, pushes from different
// coaches commit in parallel, and pull numbers become visible in order (docs/sync-protocol.md).
#pragma once

#include "hub/hub_store.hpp"
#include "hub/pg_connection.hpp"

namespace dc::hub {

class PgHubStore final : public HubStore {
public:
    // Connects to `url` and creates the schema on an empty database.
    explicit PgHubStore(const std::string& url);

    int revokeTokens(const std::string& coach, int64_t nowMs) override;
    std::vector<std::pair<std::string, int64_t>> refusalsByCoach() override;
    int64_t recordCount() override;
    void audit(const Principal& who, const char* action, int64_t recordCount, int64_t nowMs) override;
    std::vector<AuditEntry> auditEntries(int64_t sinceSeq = 0) override;
    bool usable() const override { return connection_.usable(); }

private:
    void inPushTransaction(const std::vector<std::string>& recordIds,
                           const std::function<void(PushWriter&)>& apply) override;
    std::vector<PulledRecord> pullRecords(int64_t since, int limit, const Principal& who) override;
    std::vector<ConflictEntry> conflictEntries(int64_t since, int limit) override;
    void saveToken(const std::string& hash, const std::string& coach, Role role, int64_t nowMs,
                   const std::vector<std::string>& teams) override;
    std::vector<ActiveToken> activeTokens() override;
    std::vector<std::string> teamsOf(const std::string& coach) override;

    PgConnection connection_;
    int testPushDelayMs_ = 0;
};

}  // namespace dc::hub
