// The wire envelope of a record, as sync sends it.
#include "model/envelope.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace dc;
using namespace dc::test;

TEST_CASE("a record's envelope carries its meta and every data field, and reads back equal") {
    World w;
    Participant p;
    p.pseudonym = "Aïcha";
    p.targetGroupIds = {w.targetGroupId("Nieuwkomers")};
    p.consentDate = "2023-06-14";
    p.consentScopes = {"store"};
    REQUIRE(ParticipantService(w.ctx).save(p).ok());
    const auto envelope = envelopeFor(w.store, "participants", p.meta.id);
    REQUIRE(envelope);
    const nlohmann::json wire = toJson(*envelope);
    CHECK(wire["type"] == "participants");
    CHECK(wire["version"] == 1);
    CHECK(wire["deleted"] == false);
    CHECK(wire["origin"] == w.store.deviceId());
    CHECK(wire["data"]["pseudonym"] == "Aïcha");
    CHECK(wire["data"]["neighbourhood_id"].is_null());

    std::string error;
    const auto parsed = parseEnvelope(nlohmann::json::parse(wire.dump()), error);
    REQUIRE(parsed);
    CHECK(error.empty());
    Participant back;
    back.meta = p.meta;
    fieldsFromJson(parsed->data, back);
    CHECK(back == p);
}

TEST_CASE("an unknown record type or id has no envelope") {
    World w;
    CHECK_FALSE(envelopeFor(w.store, "participants", "nope"));
    CHECK_FALSE(envelopeFor(w.store, "sqlite_schema", "x"));
    CHECK(isKnownRecordType("help_requests"));
    CHECK_FALSE(isKnownRecordType("outbox"));
}

TEST_CASE("data of the wrong type is refused, not half-applied") {
    Participant p;
    p.pseudonym = "Jan";
    const nlohmann::json bad = {{"pseudonym", 42}};
    CHECK_THROWS_AS(fieldsFromJson(bad, p), nlohmann::json::exception);
}

TEST_CASE("a malformed envelope is refused with a reason") {
    const nlohmann::json good = {{"type", "neighbourhoods"}, {"id", "n-1"}, {"version", 1}, {"created_at", 1},
                                 {"updated_at", 1}, {"author", "a"}, {"origin", "o"}, {"deleted", false},
                                 {"data", {{"name", "Ledeberg"}}}};
    std::string error;
    REQUIRE(parseEnvelope(good, error));
    auto refused = [&](const char* key, const nlohmann::json& value) {
        nlohmann::json bad = good;
        bad[key] = value;
        std::string reason;
        const bool parsed = parseEnvelope(bad, reason).has_value();
        CHECK_FALSE(reason.empty());
        return !parsed;
    };
    CHECK(refused("type", "outbox"));
    CHECK(refused("id", ""));
    CHECK(refused("version", 0));
    CHECK(refused("version", "2"));
    CHECK(refused("deleted", "no"));
    CHECK(refused("data", nlohmann::json::array()));
    CHECK(refused("data", {{"name", 12}}));
    CHECK_FALSE(parseEnvelope(nlohmann::json::array(), error));
}

TEST_CASE("a received version replaces the local one only if it wins by the conflict rule") {
    World w;
    Neighbourhood local;
    local.name = "Ledeberg";
    REQUIRE(saveRecord(w.ctx, local).ok());
    Envelope theirs = *envelopeFor(w.store, "neighbourhoods", local.meta.id);
    const int64_t outbox = w.store.outboxCount();

    Transaction tx(w.store.db());
    CHECK(applyReceived(w.store, theirs) == ReceiveOutcome::AlreadyHad);
    theirs.version = 2;
    theirs.updatedAtMs = local.meta.updatedAtMs - 1;  // older edit elsewhere
    theirs.origin = "zz-other-laptop";
    theirs.data["name"] = "Ledeberg-Oud";
    CHECK(applyReceived(w.store, theirs) == ReceiveOutcome::KeptLocal);
    CHECK(w.store.find<Neighbourhood>(local.meta.id)->name == "Ledeberg");
    theirs.updatedAtMs = local.meta.updatedAtMs + 1;
    theirs.data["name"] = "Ledeberg-Nieuw";
    CHECK(applyReceived(w.store, theirs) == ReceiveOutcome::Applied);
    tx.commit();
    const Neighbourhood now = *w.store.find<Neighbourhood>(local.meta.id);
    CHECK(now.name == "Ledeberg-Nieuw");
    CHECK(now.meta.originDeviceId == "zz-other-laptop");
    CHECK(w.store.outboxCount() == outbox);  // received versions are not pushed back as new
}

TEST_CASE("the conflict rule is the later clock, then the greater device id") {
    CHECK(supersedes({1, 200, "a"}, {5, 100, "z"}));
    CHECK_FALSE(supersedes({5, 100, "z"}, {1, 200, "a"}));
    CHECK(supersedes({2, 100, "b"}, {2, 100, "a"}));
    CHECK_FALSE(supersedes({2, 100, "a"}, {2, 100, "a"}));
}
