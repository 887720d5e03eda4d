// The wire envelope of a record, as sync sends it.
#include "sync/record_envelope.hpp"
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
    const auto envelope = sync::envelopeFor(w.store, "participants", p.meta.id);
    REQUIRE(envelope);
    CHECK((*envelope)["type"] == "participants");
    CHECK((*envelope)["version"] == 1);
    CHECK((*envelope)["deleted"] == false);
    CHECK((*envelope)["data"]["pseudonym"] == "Aïcha");
    CHECK((*envelope)["data"]["neighbourhood_id"].is_null());

    Participant back;
    back.meta = p.meta;
    fieldsFromJson((*envelope)["data"], back);
    CHECK(back == p);
}

TEST_CASE("an unknown record type or id has no envelope") {
    World w;
    CHECK_FALSE(sync::envelopeFor(w.store, "participants", "nope"));
    CHECK_FALSE(sync::envelopeFor(w.store, "sqlite_schema", "x"));
    CHECK(sync::isKnownRecordType("help_requests"));
    CHECK_FALSE(sync::isKnownRecordType("outbox"));
}

TEST_CASE("data of the wrong type is refused, not half-applied") {
    Participant p;
    p.pseudonym = "Jan";
    const nlohmann::json bad = {{"pseudonym", 42}};
    CHECK_THROWS_AS(fieldsFromJson(bad, p), nlohmann::json::exception);
}
