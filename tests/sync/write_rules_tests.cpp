// The hub's write rules on their own, over facts held in memory: the rules ask a
// WriteFacts and never a database, so another store only has to answer the same
// questions. The real hub process is tested in access_tests.cpp.
#include <doctest/doctest.h>

#include <map>

#include "hub/write_rules.hpp"

using namespace dc;
using namespace dc::hub;

namespace {

constexpr int64_t kNowMs = 1'764'600'000'000;

class FactsInMemory final : public WriteFacts {
public:
    std::map<std::string, std::string> authors;  // author id -> coach
    std::map<std::string, OriginOwner> origins;  // laptop id -> token
    std::map<std::string, std::vector<std::string>> teams;
    std::map<std::string, StoredRecord> records;

    std::optional<std::string> coachOfAuthor(std::string_view author) override { return find(authors, author); }
    std::optional<OriginOwner> ownerOfOrigin(std::string_view origin) override {
        const auto found = origins.find(std::string(origin));
        if (found == origins.end()) return std::nullopt;
        return found->second;
    }
    std::vector<std::string> teamsOf(std::string_view coach) override {
        const auto found = teams.find(std::string(coach));
        return found == teams.end() ? std::vector<std::string>{} : found->second;
    }
    std::optional<StoredRecord> findRecord(std::string_view id) override {
        const auto found = records.find(std::string(id));
        if (found == records.end()) return std::nullopt;
        return found->second;
    }

private:
    static std::optional<std::string> find(const std::map<std::string, std::string>& map, std::string_view key) {
        const auto found = map.find(std::string(key));
        if (found == map.end()) return std::nullopt;
        return found->second;
    }
};

Envelope version(std::string type, std::string id, std::string author, std::string origin,
                 nlohmann::json data = nlohmann::json::object()) {
    Envelope e;
    e.type = std::move(type);
    e.id = std::move(id);
    e.version = 1;
    e.createdAtMs = kNowMs;
    e.updatedAtMs = kNowMs;
    e.author = std::move(author);
    e.origin = std::move(origin);
    e.data = std::move(data);
    return e;
}

StoredRecord stored(const Envelope& e) { return {e.type, e.revision(), e.author, e.deleted, e.data, ""}; }

std::string refusal(const WriteDecision& decision) {
    if (!decision.refusal) return "accepted";
    return decision.refusal->rule.empty() ? decision.refusal->reason
                                          : decision.refusal->reason + ":" + decision.refusal->rule;
}

const Principal kSofie{"sofie", Role::Coach, {"noord"}, "token-sofie"};
const Principal kJonas{"jonas", Role::Coach, {"noord"}, "token-jonas"};
const Principal kYusuf{"yusuf", Role::Coach, {}, "token-yusuf"};
const Principal kCoordinator{"an", Role::Coordinator, {}, "token-an"};

}  // namespace

TEST_CASE("write rules: a new record binds an unclaimed author and laptop to its writer, and only then") {
    FactsInMemory facts;
    const Envelope person = version("participants", "p-1", "coach-sofie", "laptop-sofie");
    const WriteDecision first = decideWrite(kSofie, person, std::nullopt, facts, kNowMs);
    CHECK(refusal(first) == "accepted");
    CHECK(first.bindAuthor);
    CHECK(first.bindOrigin);
    facts.authors["coach-sofie"] = "sofie";
    facts.origins["laptop-sofie"] = {"sofie", "token-sofie", false};
    const WriteDecision again =
        decideWrite(kSofie, version("participants", "p-2", "coach-sofie", "laptop-sofie"), std::nullopt, facts, kNowMs);
    CHECK(refusal(again) == "accepted");
    CHECK_FALSE(again.bindAuthor);
    CHECK_FALSE(again.bindOrigin);
    CHECK(refusal(decideWrite(kJonas, version("participants", "p-3", "coach-sofie", "laptop-jonas"), std::nullopt,
                              facts, kNowMs)) == "forbidden:author");
    CHECK(refusal(decideWrite(kJonas, version("participants", "p-3", "coach-jonas", "laptop-sofie"), std::nullopt,
                              facts, kNowMs)) == "forbidden:origin");
    // A coordinator writing for an unclaimed author at creation claims it; an update does not.
    const WriteDecision byCoordinator =
        decideWrite(kCoordinator, version("organisations", "o-1", "seed", "laptop-an"), std::nullopt, facts, kNowMs);
    CHECK(byCoordinator.bindAuthor);
}

TEST_CASE("write rules: a record from before identities is claimed by the laptop that wrote it, not by a teammate") {
    FactsInMemory facts;
    const Envelope legacy = version("participants", "p-old", "coach-sofie", "laptop-sofie");
    Envelope fromTeammate = legacy;
    fromTeammate.version = 2;
    fromTeammate.origin = "laptop-jonas";
    CHECK(refusal(decideWrite(kJonas, fromTeammate, stored(legacy), facts, kNowMs)) == "forbidden:not_yours");
    Envelope fromItsLaptop = legacy;
    fromItsLaptop.version = 2;
    const WriteDecision claimed = decideWrite(kSofie, fromItsLaptop, stored(legacy), facts, kNowMs);
    CHECK(refusal(claimed) == "accepted");
    CHECK(claimed.bindAuthor);
}

TEST_CASE("write rules: a teammate's person and what hangs on them are shared, their anonymous help is not") {
    FactsInMemory facts;
    facts.authors["coach-jonas"] = "jonas";
    facts.teams["jonas"] = {"noord"};
    const Envelope person = version("participants", "p-1", "coach-jonas", "laptop-jonas");
    facts.records["p-1"] = stored(person);
    const Envelope help = version("help_requests", "h-1", "coach-jonas", "laptop-jonas", {{"participant_id", "p-1"}});
    const Envelope anonymous = version("help_requests", "h-2", "coach-jonas", "laptop-jonas");
    auto edit = [](Envelope e, const char* origin) {
        e.version += 1;
        e.origin = origin;
        return e;
    };
    CHECK(refusal(decideWrite(kSofie, edit(person, "laptop-sofie"), stored(person), facts, kNowMs)) == "accepted");
    CHECK(refusal(decideWrite(kSofie, edit(help, "laptop-sofie"), stored(help), facts, kNowMs)) == "accepted");
    CHECK(refusal(decideWrite(kSofie, edit(anonymous, "laptop-sofie"), stored(anonymous), facts, kNowMs)) ==
          "forbidden:not_yours");
    CHECK(refusal(decideWrite(kYusuf, edit(help, "laptop-yusuf"), stored(help), facts, kNowMs)) ==
          "forbidden:not_yours");
    // The coordinator may change it all.
    CHECK(refusal(decideWrite(kCoordinator, edit(anonymous, "laptop-an"), stored(anonymous), facts, kNowMs)) ==
          "accepted");
}

TEST_CASE("write rules: clocks a day ahead and stale versions of a forgotten person are refused for everyone") {
    FactsInMemory facts;
    Envelope ahead = version("participants", "p-1", "coach-an", "laptop-an");
    ahead.updatedAtMs = kNowMs + kMaxClockAheadMs + 1;
    CHECK(refusal(decideWrite(kCoordinator, ahead, std::nullopt, facts, kNowMs)) == "clock_ahead");
    ahead.updatedAtMs = kNowMs + kMaxClockAheadMs;
    CHECK(refusal(decideWrite(kCoordinator, ahead, std::nullopt, facts, kNowMs)) == "accepted");

    const Envelope erased =
        version("participants", "p-2", "coach-an", "laptop-an", {{"erased_on", "2026-11-30"}, {"pseudonym", ""}});
    Envelope stale = version("participants", "p-2", "coach-an", "laptop-an", {{"pseudonym", "Mariette"}});
    stale.version = 5;
    CHECK(refusal(decideWrite(kCoordinator, stale, stored(erased), facts, kNowMs)) == "erased");
}

TEST_CASE("write rules: a laptop id belongs to one token; the coach's new token takes it over once the old is revoked") {
    FactsInMemory facts;
    facts.authors["coach-sofie"] = "sofie";
    facts.origins["laptop-sofie"] = {"sofie", "token-sofie", false};
    Principal secondToken = kSofie;
    secondToken.token = "token-sofie-2";
    const Envelope person = version("participants", "p-1", "coach-sofie", "laptop-sofie");
    CHECK(refusal(decideWrite(secondToken, person, std::nullopt, facts, kNowMs)) == "forbidden:origin");
    facts.origins["laptop-sofie"].tokenRevoked = true;
    const WriteDecision replaced = decideWrite(secondToken, person, std::nullopt, facts, kNowMs);
    CHECK(refusal(replaced) == "accepted");
    CHECK(replaced.bindOrigin);
    // Another coach's token never takes a laptop over, revoked or not.
    CHECK(refusal(decideWrite(kJonas, version("participants", "p-2", "coach-jonas", "laptop-sofie"), std::nullopt,
                              facts, kNowMs)) == "forbidden:origin");
}

TEST_CASE("write rules: projects are a coordinators' list, and a coach's record may name one") {
    FactsInMemory facts;
    const Envelope project = version("projects", "pr-1", "coach-sofie", "laptop-sofie",
                                     {{"name", "Digibank Gent"}, {"starts_on", "2022-10-01"}});
    CHECK(refusal(decideWrite(kSofie, project, std::nullopt, facts, kNowMs)) == "forbidden:coordinators_only");
    CHECK(refusal(decideWrite(kCoordinator, version("projects", "pr-1", "coach-an", "laptop-an", project.data),
                              std::nullopt, facts, kNowMs)) == "accepted");
    CHECK(refusal(decideWrite(kSofie, version("help_requests", "h-1", "coach-sofie", "laptop-sofie",
                                              {{"occurred_at", "2024-03-01T10:00"}, {"project_id", "pr-1"}}),
                              std::nullopt, facts, kNowMs)) == "accepted");
}
