// The rules a record must keep before it is saved, with messages a coach understands.
#include "model/clock.hpp"
#include "model/services.hpp"

#include <algorithm>

namespace dc {

namespace {

constexpr std::size_t kMaxNameLength = 200;
constexpr std::size_t kMaxTextLength = 4000;
constexpr int64_t kMaxDurationMinutes = 24 * 60;

class Checker {
public:
    explicit Checker(Store& store) : store_(store) {}

    void require(bool ok, const char* field, const char* messageKey) {
        if (!ok) problems_.push_back({field, messageKey});
    }
    template <std::size_t N>
    void choice(const std::array<const char*, N>& codes, const std::string& value, const char* field) {
        require(isOneOf(codes, value), field, "problem.invalid_choice");
    }
    void name(const std::string& value, const char* field, const char* missingKey) {
        require(!isBlank(value), field, missingKey);
        require(value.size() <= kMaxNameLength, field, "problem.text_too_long");
    }
    void text(const std::string& value, const char* field) {
        require(value.size() <= kMaxTextLength, field, "problem.text_too_long");
    }
    void date(const std::string& value, const char* field) { require(isValidDate(value), field, "problem.invalid_date"); }
    void optionalDate(const OptionalDate& value, const char* field) {
        if (value) date(*value, field);
    }
    template <class R>
    void reference(const std::string& id, const char* field, const char* unknownKey) {
        require(store_.exists<R>(id), field, unknownKey);
    }
    template <class R>
    void optionalReference(const OptionalId& id, const char* field, const char* unknownKey) {
        if (id) reference<R>(*id, field, unknownKey);
    }
    std::vector<Problem> take() { return std::move(problems_); }
    Store& store() { return store_; }

    static bool isBlank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

private:
    Store& store_;
    std::vector<Problem> problems_;
};

}  // namespace

bool isValidPhone(std::string_view phone) {
    // Digits only, with a leading "+" kept: spaces, slashes, dots, dashes and brackets are
    // how people write numbers ("0470/12.34.56", "09 (233) 45 67").
    std::string compact;
    for (std::size_t i = 0; i < phone.size(); ++i) {
        const char c = phone[i];
        if (c >= '0' && c <= '9')
            compact += c;
        else if (c == '+' && compact.empty() && i == phone.find_first_not_of(' '))
            compact += c;
        else if (c != ' ' && c != '/' && c != '-' && c != '.' && c != '(' && c != ')')
            return false;
    }
    std::string national;  // a Belgian number as dialled at home: "0470123456", "092334567"
    if (compact.starts_with("+32"))
        national = "0" + compact.substr(3);
    else if (compact.starts_with("0032"))
        national = "0" + compact.substr(4);
    else if (compact.starts_with("+") || compact.starts_with("00"))
        // A foreign number (a newcomer's family abroad): country code and subscriber, E.164 length.
        return compact.size() - (compact[0] == '+' ? 1 : 2) >= 8 && compact.size() - (compact[0] == '+' ? 1 : 2) <= 15;
    else
        national = compact;
    if (national.size() < 2 || national[0] != '0' || national[1] == '0') return false;
    // Mobile: 04xx xx xx xx, ten digits. Landline: a zone and the subscriber, nine digits
    // (09 xxx xx xx in Ghent, 04 xxx xx xx in Liège).
    if (national.starts_with("04") && national.size() == 10) return true;
    return national.size() == 9;
}

std::vector<Problem> validate(Store& store, const Participant& p) {
    Checker c(store);
    if (p.erasedOn) {
        // A forgotten person keeps only anonymous facts; nothing personal may come back.
        c.require(p.pseudonym.empty() && p.phone.empty() && p.notes.empty(), "pseudonym", "problem.person_was_forgotten");
        return c.take();
    }
    // GDPR Art. 6-7: nothing that names or describes a person is kept without their
    // consent to store data; without it, help is recorded anonymously instead.
    const bool storeConsent = std::find(p.consentScopes.begin(), p.consentScopes.end(), "store") != p.consentScopes.end();
    if (storeConsent)
        c.name(p.pseudonym, "pseudonym", "problem.pseudonym_required");
    else
        c.require(false, "consent_scopes", "problem.store_consent_required");
    c.choice(kAgeBands, p.ageBand, "age_band");
    c.choice(kContactPreferences, p.contactPreference, "contact_preference");
    for (const std::string& group : p.targetGroupIds)
        c.reference<TargetGroup>(group, "target_group_ids", "problem.unknown_target_group");
    c.optionalReference<Neighbourhood>(p.neighbourhoodId, "neighbourhood_id", "problem.unknown_neighbourhood");
    c.require(p.language.size() >= 2 && p.language.size() <= 12, "language", "problem.invalid_choice");
    c.require(p.phone.empty() || isValidPhone(p.phone), "phone", "problem.invalid_phone");
    c.optionalDate(p.consentDate, "consent_date");
    for (const std::string& scope : p.consentScopes) c.choice(kConsentScopes, scope, "consent_scopes");
    c.require(p.consentScopes.empty() || p.consentDate.has_value(), "consent_date", "problem.consent_needs_date");
    c.text(p.notes, "notes");
    return c.take();
}

std::vector<Problem> validate(Store& store, const HelpRequest& h) {
    Checker c(store);
    c.require(isValidDateTime(h.occurredAt), "occurred_at", "problem.invalid_date_time");
    c.optionalReference<Participant>(h.participantId, "participant_id", "problem.unknown_participant");
    c.choice(kChannels, h.channel, "channel");
    c.optionalReference<Neighbourhood>(h.neighbourhoodId, "neighbourhood_id", "problem.unknown_neighbourhood");
    c.optionalReference<Organisation>(h.organisationId, "organisation_id", "problem.unknown_organisation");
    c.optionalReference<Project>(h.projectId, "project_id", "problem.unknown_project");
    if (h.categoryId.empty())
        c.require(false, "category_id", "problem.category_required");
    else
        c.reference<HelpCategory>(h.categoryId, "category_id", "problem.unknown_category");
    c.require(h.durationMinutes >= 0, "duration_minutes", "problem.negative_duration");
    c.require(h.durationMinutes <= kMaxDurationMinutes, "duration_minutes", "problem.duration_too_long");
    c.choice(kOutcomes, h.outcome, "outcome");
    c.require(h.outcome != "referred" || !Checker::isBlank(h.referral), "referral", "problem.referral_needs_target");
    c.text(h.referral, "referral");
    c.optionalDate(h.followUpOn, "follow_up_on");
    if (h.followUpOn && isValidDate(*h.followUpOn) && isValidDateTime(h.occurredAt))
        c.require(*h.followUpOn >= h.occurredAt.substr(0, 10), "follow_up_on", "problem.follow_up_before_request");
    c.text(h.notes, "notes");
    return c.take();
}

std::vector<Problem> validate(Store& store, const Device& d) {
    Checker c(store);
    c.choice(kDeviceKinds, d.kind, "kind");
    c.choice(kDeviceSources, d.source, "source");
    c.choice(kDeviceConditions, d.condition, "condition");
    c.choice(kDeviceStatuses, d.status, "status");
    c.require(!Checker::isBlank(d.model) || !Checker::isBlank(d.assetTag), "model", "problem.device_needs_name");
    c.text(d.model, "model");
    c.text(d.notes, "notes");
    return c.take();
}

std::vector<Problem> validate(Store& store, const DeviceHandout& h) {
    Checker c(store);
    c.choice(kHandoutKinds, h.kind, "kind");
    const std::optional<Device> device = store.find<Device>(h.deviceId);
    c.require(device && !device->meta.deleted, "device_id", "problem.unknown_device");
    c.optionalReference<Participant>(h.participantId, "participant_id", "problem.unknown_participant");
    c.optionalReference<Project>(h.projectId, "project_id", "problem.unknown_project");
    c.date(h.handedOutOn, "handed_out_on");
    c.optionalDate(h.dueOn, "due_on");
    c.optionalDate(h.returnedOn, "returned_on");
    for (const std::string& support : h.internetSupport) c.choice(kInternetSupport, support, "internet_support");
    c.text(h.accessories, "accessories");
    c.text(h.notes, "notes");
    if (h.kind == "loan") {
        c.require(h.participantId.has_value(), "participant_id", "problem.loan_needs_participant");
        c.require(h.dueOn.has_value(), "due_on", "problem.loan_needs_due_date");
        if (h.dueOn && isValidDate(*h.dueOn) && isValidDate(h.handedOutOn))
            c.require(*h.dueOn >= h.handedOutOn, "due_on", "problem.due_before_handout");
    } else {
        c.require(!h.returnedOn.has_value(), "returned_on", "problem.donation_cannot_return");
    }
    if (h.returnedOn && isValidDate(*h.returnedOn) && isValidDate(h.handedOutOn))
        c.require(*h.returnedOn >= h.handedOutOn, "returned_on", "problem.return_before_handout");
    if (h.returnedOn) c.choice(kDeviceConditions, h.returnCondition, "return_condition");

    // A new handout needs a device that is in: not out on another loan, not given away.
    const bool isNew = h.meta.version == 0;
    if (device && isNew) {
        Statement& openLoan = store.db().cached(
            "SELECT 1 FROM device_handouts WHERE device_id = ? AND id <> ? AND deleted = 0 "
            "AND kind = 'loan' AND returned_on IS NULL");
        openLoan.bind(1, h.deviceId).bind(2, h.meta.id);
        const bool alreadyOut = openLoan.step();
        openLoan.reset();
        c.require(!alreadyOut && device->status != "lent", "device_id", "problem.device_already_out");
        c.require(alreadyOut || device->status == "lent" || device->status == "available", "device_id",
                  "problem.device_not_available");
    }
    return c.take();
}

std::vector<Problem> validate(Store& store, const GroupSession& s) {
    Checker c(store);
    c.date(s.heldOn, "held_on");
    c.choice(kSessionKinds, s.kind, "kind");
    c.name(s.theme, "theme", "problem.theme_required");
    c.optionalReference<Neighbourhood>(s.neighbourhoodId, "neighbourhood_id", "problem.unknown_neighbourhood");
    c.optionalReference<Organisation>(s.organisationId, "organisation_id", "problem.unknown_organisation");
    c.optionalReference<Project>(s.projectId, "project_id", "problem.unknown_project");
    c.require(s.durationMinutes >= 0, "duration_minutes", "problem.negative_duration");
    c.require(s.durationMinutes <= kMaxDurationMinutes, "duration_minutes", "problem.duration_too_long");
    c.require(s.anonymousCount >= 0, "anonymous_count", "problem.negative_head_count");
    c.text(s.place, "place");
    c.text(s.trainers, "trainers");
    c.text(s.notes, "notes");
    return c.take();
}

std::vector<Problem> validate(Store& store, const Attendance& a) {
    Checker c(store);
    c.reference<GroupSession>(a.sessionId, "session_id", "problem.unknown_session");
    c.reference<Participant>(a.participantId, "participant_id", "problem.unknown_participant");
    return c.take();
}

std::vector<Problem> validate(Store& store, const SkillsScreening& s) {
    Checker c(store);
    c.reference<Participant>(s.participantId, "participant_id", "problem.unknown_participant");
    c.optionalReference<Project>(s.projectId, "project_id", "problem.unknown_project");
    c.date(s.screenedOn, "screened_on");
    for (const auto& [skill, level] : s.levels) {
        c.choice(kSkills, skill, "levels");
        c.require(level >= 0 && level <= kSkillLevelMax, "levels", "problem.skill_level_out_of_range");
    }
    // A skill not asked is left out; a screening must have asked at least one.
    c.require(!s.levels.empty(), "levels", "problem.no_skill_asked");
    c.text(s.notes, "notes");
    return c.take();
}

std::vector<Problem> validate(Store& store, const Coach& coach) {
    Checker c(store);
    c.name(coach.name, "name", "problem.name_required");
    c.choice(kRoles, coach.role, "role");
    c.optionalReference<Organisation>(coach.organisationId, "organisation_id", "problem.unknown_organisation");
    return c.take();
}

std::vector<Problem> validate(Store& store, const Neighbourhood& n) {
    Checker c(store);
    c.name(n.name, "name", "problem.name_required");
    return c.take();
}

std::vector<Problem> validate(Store& store, const Organisation& o) {
    Checker c(store);
    c.name(o.name, "name", "problem.name_required");
    return c.take();
}

std::vector<Problem> validate(Store& store, const TargetGroup& t) {
    Checker c(store);
    c.name(t.name, "name", "problem.name_required");
    return c.take();
}

std::vector<Problem> validate(Store& store, const Project& project) {
    Checker c(store);
    c.name(project.name, "name", "problem.name_required");
    c.text(project.funder, "funder");
    c.text(project.region, "region");
    c.date(project.startsOn, "starts_on");
    c.optionalDate(project.endsOn, "ends_on");
    c.require(!project.endsOn || !isValidDate(project.startsOn) || *project.endsOn >= project.startsOn, "ends_on",
              "problem.period_reversed");
    for (const std::string& indicator : project.indicators) c.choice(kProjectIndicators, indicator, "indicators");
    return c.take();
}

std::vector<Problem> validate(Store& store, const HelpCategory& category) {
    Checker c(store);
    c.name(category.name, "name", "problem.name_required");
    if (category.parentId) {
        const std::optional<HelpCategory> parent = store.find<HelpCategory>(*category.parentId);
        c.require(parent && !parent->meta.deleted, "parent_id", "problem.unknown_category");
        // The taxonomy has two levels: a subcategory cannot have children.
        c.require(!parent || !parent->parentId, "parent_id", "problem.category_too_deep");
    }
    return c.take();
}

}  // namespace dc
