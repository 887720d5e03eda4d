// Each validation rule, with the message key a coach will read.
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace dc;
using namespace dc::test;

namespace {
DeviceHandout loanOf(World& w, const std::string& deviceId) {
    DeviceHandout h;
    h.deviceId = deviceId;
    h.participantId = w.addParticipant("Rita");
    h.kind = "loan";
    h.handedOutOn = "2023-06-14";
    h.dueOn = "2023-07-14";
    return h;
}

HelpRequest validRequest(World& w) {
    HelpRequest h;
    h.occurredAt = "2023-06-14T10:00";
    h.categoryId = w.categoryId("Technische hulp", "E-mail");
    return h;
}
}  // namespace

TEST_CASE("a loan needs a due date") {
    World w;
    DeviceHandout h = loanOf(w, w.addDevice());
    h.dueOn.reset();
    const SaveResult r = DeviceService(w.ctx).handOut(h);
    CHECK(r.hasProblem("problem.loan_needs_due_date"));
    CHECK(r.problems.front().field == "due_on");
}

TEST_CASE("a donation needs no due date") {
    World w;
    DeviceHandout h = loanOf(w, w.addDevice());
    h.kind = "donation";
    h.dueOn.reset();
    CHECK(DeviceService(w.ctx).handOut(h).ok());
}

TEST_CASE("a loan cannot be returned before it was handed out") {
    World w;
    DeviceHandout h = loanOf(w, w.addDevice());
    REQUIRE(DeviceService(w.ctx).handOut(h).ok());
    const SaveResult r = DeviceService(w.ctx).markReturned(h.meta.id, "2023-06-01", "good");
    CHECK(r.hasProblem("problem.return_before_handout"));
    CHECK_FALSE(w.store.find<DeviceHandout>(h.meta.id)->returnedOn);
}

TEST_CASE("a due date before the handout is refused") {
    World w;
    DeviceHandout h = loanOf(w, w.addDevice());
    h.dueOn = "2023-06-01";
    CHECK(DeviceService(w.ctx).handOut(h).hasProblem("problem.due_before_handout"));
}

TEST_CASE("a device cannot be lent twice at once") {
    World w;
    const std::string device = w.addDevice();
    DeviceHandout first = loanOf(w, device);
    REQUIRE(DeviceService(w.ctx).handOut(first).ok());
    DeviceHandout second = loanOf(w, device);
    const SaveResult r = DeviceService(w.ctx).handOut(second);
    CHECK(r.hasProblem("problem.device_already_out"));
    CHECK(second.meta.id.empty());  // the caller's record is untouched
}

TEST_CASE("a device that was given away cannot be lent") {
    World w;
    const std::string device = w.addDevice();
    DeviceHandout gift = loanOf(w, device);
    gift.kind = "donation";
    REQUIRE(DeviceService(w.ctx).handOut(gift).ok());
    DeviceHandout loan = loanOf(w, device);
    CHECK(DeviceService(w.ctx).handOut(loan).hasProblem("problem.device_not_available"));
}

TEST_CASE("a duration cannot be negative or longer than a day") {
    World w;
    HelpRequest h = validRequest(w);
    h.durationMinutes = -5;
    CHECK(validate(w.store, h).front().messageKey == "problem.negative_duration");
    h.durationMinutes = 24 * 60 + 1;
    CHECK(validate(w.store, h).front().messageKey == "problem.duration_too_long");
    GroupSession s;
    s.heldOn = "2023-06-14";
    s.theme = "Tax-on-web";
    s.durationMinutes = -60;
    CHECK(HelpRequestService(w.ctx).save(h).ok() == false);
    CHECK(SessionService(w.ctx).save(s).hasProblem("problem.negative_duration"));
}

TEST_CASE("a help request needs a known category") {
    World w;
    HelpRequest h = validRequest(w);
    h.categoryId = "no-such-category";
    CHECK(HelpRequestService(w.ctx).save(h).hasProblem("problem.unknown_category"));
    h.categoryId.clear();
    CHECK(HelpRequestService(w.ctx).save(h).hasProblem("problem.category_required"));
}

TEST_CASE("a record cannot point to a participant that does not exist") {
    World w;
    HelpRequest h = validRequest(w);
    h.participantId = "00000000-0000-4000-8000-000000000000";
    CHECK(HelpRequestService(w.ctx).save(h).hasProblem("problem.unknown_participant"));
    SkillsScreening s;
    s.participantId = "00000000-0000-4000-8000-000000000000";
    s.screenedOn = "2023-06-14";
    CHECK(ScreeningService(w.ctx).save(s).hasProblem("problem.unknown_participant"));
}

TEST_CASE("anonymous help needs no participant") {
    World w;
    HelpRequest h = validRequest(w);
    CHECK(HelpRequestService(w.ctx).save(h).ok());
}

TEST_CASE("a deleted participant counts as unknown for new records") {
    World w;
    const std::string id = w.addParticipant("Luc");
    REQUIRE(deleteRecord<Participant>(w.ctx, id));
    HelpRequest h = validRequest(w);
    h.participantId = id;
    CHECK(HelpRequestService(w.ctx).save(h).hasProblem("problem.unknown_participant"));
}

TEST_CASE("a participant needs a pseudonym, a plausible phone and a dated consent") {
    World w;
    Participant p;
    p.pseudonym = "   ";
    p.phone = "bel de buurvrouw";
    p.consentScopes = {"store"};
    const SaveResult r = ParticipantService(w.ctx).save(p);
    CHECK(r.hasProblem("problem.pseudonym_required"));
    CHECK(r.hasProblem("problem.invalid_phone"));
    CHECK(r.hasProblem("problem.consent_needs_date"));
    CHECK(w.store.all<Participant>().empty());
}

TEST_CASE("no personal detail is stored without consent to store data, and with it the person is saved") {
    World w;
    Participant p;
    p.pseudonym = "Roos";
    p.phone = "0470 12 34 56";
    p.consentDate = "2023-06-14";
    p.consentScopes = {"contact"};  // consent to be contacted is not consent to be stored
    SaveResult refused = ParticipantService(w.ctx).save(p);
    CHECK(refused.hasProblem("problem.store_consent_required"));
    CHECK(w.store.all<Participant>().empty());

    Participant nameless;  // without consent nobody can be recorded, not even without a name
    CHECK(ParticipantService(w.ctx).save(nameless).hasProblem("problem.store_consent_required"));
    CHECK(w.store.all<Participant>().empty());

    p.consentScopes.push_back("store");
    const SaveResult saved = ParticipantService(w.ctx).save(p);
    CHECK(saved.ok());
    CHECK(w.store.find<Participant>(saved.id)->pseudonym == "Roos");
}

TEST_CASE("codes outside the fixed lists are refused") {
    World w;
    HelpRequest h = validRequest(w);
    h.channel = "telepathy";
    h.outcome = "maybe";
    const auto problems = validate(w.store, h);
    CHECK(problems.size() == 2);
    for (const Problem& p : problems) CHECK(p.messageKey == "problem.invalid_choice");
}

TEST_CASE("a referral names where the person was sent") {
    World w;
    HelpRequest h = validRequest(w);
    h.outcome = "referred";
    CHECK(HelpRequestService(w.ctx).save(h).hasProblem("problem.referral_needs_target"));
    h.referral = "Digipunt Dampoort";
    CHECK(HelpRequestService(w.ctx).save(h).ok());
}

TEST_CASE("dates must exist and a follow-up cannot precede the request") {
    World w;
    HelpRequest h = validRequest(w);
    h.occurredAt = "2023-02-30T10:00";
    CHECK(validate(w.store, h).front().messageKey == "problem.invalid_date_time");
    h = validRequest(w);
    h.followUpOn = "2023-06-01";
    CHECK(HelpRequestService(w.ctx).save(h).hasProblem("problem.follow_up_before_request"));
}

TEST_CASE("a screening level stays between 0 and 3 for known skills") {
    World w;
    SkillsScreening s;
    s.participantId = w.addParticipant("Karim");
    s.screenedOn = "2023-06-14";
    s.levels = {{"email", 4}};
    CHECK(ScreeningService(w.ctx).save(s).hasProblem("problem.skill_level_out_of_range"));
    s.levels = {{"juggling", 1}};
    CHECK(ScreeningService(w.ctx).save(s).hasProblem("problem.invalid_choice"));
}

TEST_CASE("the help-category taxonomy has two levels") {
    World w;
    HelpCategory grandchild;
    grandchild.parentId = w.categoryId("Technische hulp", "E-mail");
    grandchild.name = "Gmail";
    CHECK(ReferenceService(w.ctx).save(grandchild).hasProblem("problem.category_too_deep"));
}

TEST_CASE("a head count cannot be negative") {
    World w;
    GroupSession s;
    s.heldOn = "2023-06-14";
    s.theme = "Digicafé";
    s.anonymousCount = -1;
    CHECK(SessionService(w.ctx).save(s).hasProblem("problem.negative_head_count"));
}

TEST_CASE("over-long text is refused rather than cut") {
    World w;
    Participant p = World::consentedParticipant(std::string(201, 'a'));
    CHECK(ParticipantService(w.ctx).save(p).hasProblem("problem.text_too_long"));
}

TEST_CASE("Belgian phone numbers are accepted as people write them, and incomplete ones are refused") {
    for (const char* valid : {"0470 12 34 56", "0470/12.34.56", "0470123456", "+32 470 12 34 56", "0032 470 12 34 56",
                              "09 233 45 67", "09/233.45.67", "+32 9 233 45 67", "04 223 45 67", "+31 6 12345678"}) {
        CAPTURE(valid);
        CHECK(isValidPhone(valid));
    }
    for (const char* invalid : {"0470 12 34", "0470 12 34 56 7", "09 233 45", "470 12 34 56", "+32 470 12 34", "0032",
                                "+", "bel de buurvrouw", "0470 12 34 56 of 09 233 45 67",
                                "12+34 56 78 90"}) {
        CAPTURE(invalid);
        CHECK_FALSE(isValidPhone(invalid));
    }
}
