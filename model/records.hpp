// The domain records of Digicoach and the field lists that drive storage,
// sync encoding and (later) encryption of personal data.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace dc {

// Personal fields name or describe a person, or are free text that may do so.
// They are the ones encrypted at rest, left out of logs and emptied on erasure.
enum class Privacy { Plain, Personal };

template <class Record, class Value>
struct Field {
    const char* name;  // column name and JSON key
    Value Record::*member;
    Privacy privacy;
};

template <class Record, class Value>
constexpr Field<Record, Value> field(const char* name, Value Record::*member, Privacy privacy = Privacy::Plain) {
    return {name, member, privacy};
}

// Carried by every record: the client-generated key, the clocks, the author and
// the tombstone that lets a deletion travel through sync.
struct RecordMeta {
    std::string id;
    int64_t createdAtMs = 0;
    int64_t updatedAtMs = 0;
    int64_t version = 0;  // 0 until first saved
    std::string authorCoachId;
    std::string originDeviceId;  // the laptop that wrote this version; breaks clock ties
    bool deleted = false;
    bool operator==(const RecordMeta&) const = default;
};

using IdList = std::vector<std::string>;
using SkillLevels = std::map<std::string, int64_t>;
using OptionalId = std::optional<std::string>;
using OptionalDate = std::optional<std::string>;  // "YYYY-MM-DD"

// ---- Fixed vocabularies (codes are stored; labels come from translations) ----
inline constexpr std::array kRoles{"digicoach", "welzijnsbureau", "digipunt", "coordinator"};
inline constexpr std::array kAgeBands{"unknown", "under18", "18-29", "30-49", "50-64", "65-79", "80plus"};
inline constexpr std::array kContactPreferences{"click", "call", "connect"};
inline constexpr std::array kConsentScopes{"store", "contact", "share"};
inline constexpr std::array kChannels{"digipunt", "home", "digibank", "welzijnsbureau", "neighbourhood", "phone"};
inline constexpr std::array kOutcomes{"solved", "partly", "referred"};
inline constexpr std::array kDeviceKinds{"laptop", "tablet", "smartphone", "robot", "peripheral"};
inline constexpr std::array kDeviceSources{"collection", "bought", "donated"};
inline constexpr std::array kDeviceConditions{"new", "good", "fair", "poor", "broken"};
inline constexpr std::array kDeviceStatuses{"available", "lent", "given", "repair", "written_off"};
inline constexpr std::array kHandoutKinds{"loan", "donation"};
inline constexpr std::array kInternetSupport{"social_tariff", "pasoa", "hotspot", "package"};
inline constexpr std::array kSessionKinds{"workshop", "digicafe", "digistatie", "info_session", "course"};
inline constexpr std::array kSkills{"device_basics", "internet", "email", "passwords", "eid_itsme",
                                    "online_forms", "online_banking", "video_calling", "online_safety", "photos_files"};
inline constexpr int64_t kSkillLevelMax = 3;  // 0 not yet, 1 with help, 2 alone, 3 can explain to others
// What a project reports to its funder; each code is one block of the funder's sheet.
inline constexpr std::array kProjectIndicators{"people_reached", "help_requests", "help_by_category", "training",
                                               "devices", "internet_support", "screenings"};

template <std::size_t N>
constexpr bool isOneOf(const std::array<const char*, N>& codes, std::string_view value) {
    for (const char* code : codes)
        if (value == code) return true;
    return false;
}

// ---- Reference lists (editable, synced from the hub) ----
struct Coach {
    static constexpr const char* table = "coaches";
    bool operator==(const Coach&) const = default;
    RecordMeta meta;
    std::string name;
    OptionalId organisationId;
    std::string role = "digicoach";
    static constexpr auto fields() {
        return std::tuple{field("name", &Coach::name), field("organisation_id", &Coach::organisationId),
                          field("role", &Coach::role)};
    }
};

struct Neighbourhood {
    static constexpr const char* table = "neighbourhoods";
    bool operator==(const Neighbourhood&) const = default;
    RecordMeta meta;
    std::string name;
    std::string city = "Gent";
    std::string nameEn;  // empty: the Dutch name serves every language
    static constexpr auto fields() {
        return std::tuple{field("name", &Neighbourhood::name), field("city", &Neighbourhood::city),
                          field("name_en", &Neighbourhood::nameEn)};
    }
};

struct Organisation {
    static constexpr const char* table = "organisations";
    bool operator==(const Organisation&) const = default;
    RecordMeta meta;
    std::string name;
    std::string kind;  // e.g. "city", "welzijnsbureau", "partner"
    std::string nameEn;
    static constexpr auto fields() {
        return std::tuple{field("name", &Organisation::name), field("kind", &Organisation::kind),
                          field("name_en", &Organisation::nameEn)};
    }
};

struct TargetGroup {
    static constexpr const char* table = "target_groups";
    bool operator==(const TargetGroup&) const = default;
    RecordMeta meta;
    std::string name;
    std::string nameEn;
    static constexpr auto fields() {
        return std::tuple{field("name", &TargetGroup::name), field("name_en", &TargetGroup::nameEn)};
    }
};

// Two levels: a top category has no parent; a subcategory names its parent.
struct HelpCategory {
    static constexpr const char* table = "help_categories";
    bool operator==(const HelpCategory&) const = default;
    RecordMeta meta;
    OptionalId parentId;
    std::string name;
    int64_t sortOrder = 0;
    std::string nameEn;
    static constexpr auto fields() {
        return std::tuple{field("parent_id", &HelpCategory::parentId), field("name", &HelpCategory::name),
                          field("sort_order", &HelpCategory::sortOrder), field("name_en", &HelpCategory::nameEn)};
    }
};

// Reference lists carry a Dutch name and, where it differs, an English one. A reader of
// `language` sees the English name when there is one, else the Dutch name (a place name
// such as "Rabot" has no other).
template <class R>
const std::string& nameIn(const R& record, std::string_view language) {
    return language == "en" && !record.nameEn.empty() ? record.nameEn : record.name;
}

// The same choice in SQL, for a reference row aliased `alias` and the language bound at
// parameter `languageParameter` (e.g. "?3").
inline std::string nameInSql(std::string_view alias, std::string_view languageParameter) {
    const std::string a(alias);
    return "(CASE WHEN " + std::string(languageParameter) + " = 'en' AND " + a + ".name_en <> '' THEN " + a +
           ".name_en ELSE " + a + ".name END)";
}

// "Digitale diensten / itsme": a help category aliased `c` under its parent aliased `parent`.
inline std::string categoryPathSql(std::string_view languageParameter) {
    return "coalesce(" + nameInSql("parent", languageParameter) + " || ' / ', '') || coalesce(" +
           nameInSql("c", languageParameter) + ", '')";
}

// A funded project that field records can be attributed to (Digibanken, Iedereen
// Digitaal, ...). Its project years run from its start date, one year at a time.
struct Project {
    static constexpr const char* table = "projects";
    bool operator==(const Project&) const = default;
    RecordMeta meta;
    std::string name;
    std::string funder;
    std::string region;    // the city or region it serves, e.g. "Gent", "Regio Brugge"
    std::string startsOn;  // "YYYY-MM-DD"
    OptionalDate endsOn;   // none while it has no end date
    IdList indicators;     // codes from kProjectIndicators
    static constexpr auto fields() {
        return std::tuple{field("name", &Project::name), field("funder", &Project::funder),
                          field("region", &Project::region), field("starts_on", &Project::startsOn),
                          field("ends_on", &Project::endsOn), field("indicators", &Project::indicators)};
    }
};

// ---- Field records ----
struct Participant {
    static constexpr const char* table = "participants";
    bool operator==(const Participant&) const = default;
    RecordMeta meta;
    std::string pseudonym;  // pseudonym or first name only
    std::string ageBand = "unknown";
    IdList targetGroupIds;
    OptionalId neighbourhoodId;
    std::string language = "nl";
    std::string contactPreference = "call";
    std::string phone;
    OptionalDate consentDate;
    IdList consentScopes;
    std::string notes;
    OptionalDate erasedOn;  // set when the person asked to be forgotten; counts remain
    static constexpr auto fields() {
        return std::tuple{field("pseudonym", &Participant::pseudonym, Privacy::Personal),
                          field("age_band", &Participant::ageBand),
                          field("target_group_ids", &Participant::targetGroupIds),
                          field("neighbourhood_id", &Participant::neighbourhoodId),
                          field("language", &Participant::language),
                          field("contact_preference", &Participant::contactPreference),
                          field("phone", &Participant::phone, Privacy::Personal),
                          field("consent_date", &Participant::consentDate),
                          field("consent_scopes", &Participant::consentScopes),
                          field("notes", &Participant::notes, Privacy::Personal),
                          field("erased_on", &Participant::erasedOn)};
    }
};

struct HelpRequest {
    static constexpr const char* table = "help_requests";
    bool operator==(const HelpRequest&) const = default;
    RecordMeta meta;
    std::string occurredAt;  // local time "YYYY-MM-DDTHH:MM"
    OptionalId participantId;  // empty for anonymous help
    std::string channel = "home";
    OptionalId neighbourhoodId;
    OptionalId organisationId;
    std::string categoryId;
    int64_t durationMinutes = 15;
    std::string outcome = "solved";
    std::string referral;  // where the person was referred to, when referred
    OptionalDate followUpOn;
    std::string notes;
    OptionalId projectId;  // none: outside every project
    static constexpr auto fields() {
        return std::tuple{field("occurred_at", &HelpRequest::occurredAt),
                          field("participant_id", &HelpRequest::participantId),
                          field("channel", &HelpRequest::channel),
                          field("neighbourhood_id", &HelpRequest::neighbourhoodId),
                          field("organisation_id", &HelpRequest::organisationId),
                          field("category_id", &HelpRequest::categoryId),
                          field("duration_minutes", &HelpRequest::durationMinutes),
                          field("outcome", &HelpRequest::outcome),
                          field("referral", &HelpRequest::referral, Privacy::Personal),
                          field("follow_up_on", &HelpRequest::followUpOn),
                          field("notes", &HelpRequest::notes, Privacy::Personal),
                          field("project_id", &HelpRequest::projectId)};
    }
};

struct Device {
    static constexpr const char* table = "devices";
    bool operator==(const Device&) const = default;
    RecordMeta meta;
    std::string kind = "laptop";
    std::string model;  // brand and model, e.g. "Lenovo ThinkPad T480"
    std::string assetTag;
    std::string serialNumber;
    std::string source = "collection";
    std::string condition = "good";
    std::string status = "available";
    std::string notes;
    static constexpr auto fields() {
        return std::tuple{field("kind", &Device::kind), field("model", &Device::model),
                          field("asset_tag", &Device::assetTag), field("serial_number", &Device::serialNumber),
                          field("source", &Device::source), field("condition", &Device::condition),
                          field("status", &Device::status), field("notes", &Device::notes, Privacy::Personal)};
    }
};

// A loan (due date, later a return) or a donation (definitive).
struct DeviceHandout {
    static constexpr const char* table = "device_handouts";
    bool operator==(const DeviceHandout&) const = default;
    RecordMeta meta;
    std::string deviceId;
    OptionalId participantId;
    std::string kind = "loan";
    std::string handedOutOn;  // "YYYY-MM-DD"
    OptionalDate dueOn;
    OptionalDate returnedOn;
    std::string returnCondition;
    std::string accessories;
    IdList internetSupport;  // codes from kInternetSupport
    std::string notes;
    OptionalId projectId;
    static constexpr auto fields() {
        return std::tuple{field("device_id", &DeviceHandout::deviceId),
                          field("participant_id", &DeviceHandout::participantId),
                          field("kind", &DeviceHandout::kind),
                          field("handed_out_on", &DeviceHandout::handedOutOn),
                          field("due_on", &DeviceHandout::dueOn),
                          field("returned_on", &DeviceHandout::returnedOn),
                          field("return_condition", &DeviceHandout::returnCondition),
                          field("accessories", &DeviceHandout::accessories, Privacy::Personal),
                          field("internet_support", &DeviceHandout::internetSupport),
                          field("notes", &DeviceHandout::notes, Privacy::Personal),
                          field("project_id", &DeviceHandout::projectId)};
    }
};

struct GroupSession {
    static constexpr const char* table = "group_sessions";
    bool operator==(const GroupSession&) const = default;
    RecordMeta meta;
    std::string heldOn;  // "YYYY-MM-DD"
    std::string kind = "workshop";
    std::string theme;
    std::string place;
    OptionalId neighbourhoodId;
    OptionalId organisationId;
    int64_t durationMinutes = 120;
    std::string trainers;
    int64_t anonymousCount = 0;  // people who came but were not registered
    std::string notes;
    OptionalId projectId;
    static constexpr auto fields() {
        return std::tuple{field("held_on", &GroupSession::heldOn), field("kind", &GroupSession::kind),
                          field("theme", &GroupSession::theme), field("place", &GroupSession::place),
                          field("neighbourhood_id", &GroupSession::neighbourhoodId),
                          field("organisation_id", &GroupSession::organisationId),
                          field("duration_minutes", &GroupSession::durationMinutes),
                          field("trainers", &GroupSession::trainers),
                          field("anonymous_count", &GroupSession::anonymousCount),
                          field("notes", &GroupSession::notes, Privacy::Personal),
                          field("project_id", &GroupSession::projectId)};
    }
};

struct Attendance {
    static constexpr const char* table = "attendances";
    bool operator==(const Attendance&) const = default;
    RecordMeta meta;
    std::string sessionId;
    std::string participantId;
    bool walkIn = false;
    static constexpr auto fields() {
        return std::tuple{field("session_id", &Attendance::sessionId),
                          field("participant_id", &Attendance::participantId),
                          field("walk_in", &Attendance::walkIn)};
    }
};

struct SkillsScreening {
    static constexpr const char* table = "skills_screenings";
    bool operator==(const SkillsScreening&) const = default;
    RecordMeta meta;
    std::string participantId;
    std::string screenedOn;  // "YYYY-MM-DD"
    SkillLevels levels;      // skill code -> 0..kSkillLevelMax
    std::string notes;
    OptionalId projectId;
    static constexpr auto fields() {
        return std::tuple{field("participant_id", &SkillsScreening::participantId),
                          field("screened_on", &SkillsScreening::screenedOn),
                          field("levels", &SkillsScreening::levels),
                          field("notes", &SkillsScreening::notes, Privacy::Personal),
                          field("project_id", &SkillsScreening::projectId)};
    }
};

// Every synced record type, in an order where a record's references come first.
template <class Visitor>
void forEachRecordType(Visitor&& visit) {
    visit.template operator()<Organisation>();
    visit.template operator()<Coach>();
    visit.template operator()<Neighbourhood>();
    visit.template operator()<TargetGroup>();
    visit.template operator()<HelpCategory>();
    visit.template operator()<Project>();
    visit.template operator()<Participant>();
    visit.template operator()<HelpRequest>();
    visit.template operator()<Device>();
    visit.template operator()<DeviceHandout>();
    visit.template operator()<GroupSession>();
    visit.template operator()<Attendance>();
    visit.template operator()<SkillsScreening>();
}

// Calls `visit` with the record type whose table is `recordType`; false for an unknown type.
template <class Visit>
bool visitRecordType(std::string_view recordType, Visit&& visit) {
    bool found = false;
    forEachRecordType([&]<class R>() {
        if (!found && recordType == R::table) {
            found = true;
            visit.template operator()<R>();
        }
    });
    return found;
}

// Names of the personal fields of a record type, for encryption, erasure and log scrubbing.
template <class Record>
std::vector<std::string> personalFieldNames() {
    std::vector<std::string> names;
    std::apply([&](const auto&... f) { ((f.privacy == Privacy::Personal ? names.push_back(f.name) : void()), ...); },
               Record::fields());
    return names;
}

}  // namespace dc
