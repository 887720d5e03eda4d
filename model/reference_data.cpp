// The reference lists a fresh database starts with, taken from the Ghent annual reports.
// Seeded records get ids derived from their names, so every laptop and the hub
// agree on them and sync does not duplicate "Rabot" once per coach.
#include "model/services.hpp"

#include <cstdio>
#include <set>

namespace dc {

namespace {

uint64_t fnv1a64(std::string_view key, uint64_t hash) {
    for (unsigned char c : key) {
        hash ^= c;
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

// Two 64-bit FNV-1a hashes of the key, shaped as an RFC 4122 UUID (version 8: custom).
std::string stableUuid(std::string_view key) {
    const uint64_t high = fnv1a64(key, 0xcbf29ce484222325ULL);
    const uint64_t low = fnv1a64(key, high ^ 0x9e3779b97f4a7c15ULL);
    uint8_t b[16];
    for (int i = 0; i < 8; ++i) {
        b[i] = static_cast<uint8_t>(high >> (8 * (7 - i)));
        b[8 + i] = static_cast<uint8_t>(low >> (8 * (7 - i)));
    }
    b[6] = static_cast<uint8_t>((b[6] & 0x0f) | 0x80);
    b[8] = static_cast<uint8_t>((b[8] & 0x3f) | 0x80);
    char text[37];
    std::snprintf(text, sizeof text, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                  b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    return text;
}

// Dutch name first, then the English one ("" where the Dutch name is a proper name
// that English readers use as it is).
struct SeedName {
    const char* name;
    const char* nameEn;
};

constexpr SeedName kNeighbourhoods[] = {
    {"Nieuw Gent", ""}, {"Rabot", ""}, {"Muide-Meulestede", ""}, {"Watersportbaan", ""},
    {"Dampoort", ""}, {"Sint-Amandsberg", ""}, {"Brugse Poort", ""}, {"Sluizeken-Tolhuis-Ham", ""},
    {"Bloemekenswijk", ""}, {"Gent Noord", "Ghent North"}, {"Drongen", ""}, {"Binnenstad", "City centre"}};

struct SeedOrganisation {
    SeedName names;
    const char* kind;
};
constexpr SeedOrganisation kOrganisations[] = {
    {{"District09", ""}, "city"},
    {{"Welzijnsbureau Gent Noord", "Welfare office Ghent North"}, "welzijnsbureau"},
    {{"Welzijnsbureau Sint-Amandsberg", "Welfare office Sint-Amandsberg"}, "welzijnsbureau"},
    {{"Lokale Dienstencentra", "Local service centres"}, "city"},
    {{"Bibliotheek De Krook", "De Krook library"}, "city"},
    {{"Dienst Werk en Activering", "Work and Activation Service"}, "city"},
    {{"Onderwijscentrum Gent", "Ghent Education Centre"}, "city"},
    {{"Ligo", ""}, "partner"}, {{"VDAB", ""}, "partner"}, {{"BEEGO", ""}, "partner"},
    {{"Kompuuter", ""}, "partner"}, {{"Ateljee", ""}, "partner"}};

constexpr SeedName kTargetGroups[] = {
    {"Senioren", "Seniors"},
    {"Laaggeschoolden", "People with little schooling"},
    {"Laag inkomen", "Low income"},
    {"Nieuwkomers", "Newcomers"},
    {"Alleenwonenden", "People living alone"},
    {"Werkzoekenden", "Job seekers"},
    {"OCMW-cliënten", "Social welfare (OCMW) clients"},
    {"Ouders en leerlingen", "Parents and pupils"},
    {"Stadspersoneel zonder werk-pc", "City staff without a work computer"}};

struct CategoryBranch {
    SeedName names;
    std::vector<SeedName> children;
};
const std::vector<CategoryBranch>& categoryTree() {
    static const std::vector<CategoryBranch> tree = {
        {{"Technische hulp", "Technical help"},
         {{"Toestel instellen", "Setting up a device"},
          {"Account aanmaken", "Creating an account"},
          {"E-mail", "Email"},
          {"Wachtwoorden", "Passwords"},
          {"Updates en beveiliging", "Updates and security"},
          {"Printen en scannen", "Printing and scanning"}}},
        {{"Digitale diensten", "Digital services"},
         {{"itsme", ""},
          {"eID en CSAM", "eID and CSAM"},
          {"Mijn Burgerprofiel", "My Citizen Profile (Mijn Burgerprofiel)"},
          {"Tax-on-web / MyMinfin", ""},
          {"Mijn VDAB / MyCareer", ""},
          {"Online bankieren", "Online banking"},
          {"Gezondheidsapps", "Health apps"},
          {"Schoolplatformen", "School platforms"},
          {"Meld je aan (school)", "School enrolment (Meld je aan)"},
          {"Inschrijving vakantiekampen", "Holiday camp registration"}}},
        {{"Communicatie", "Communication"},
         {{"WhatsApp", ""}, {"Videobellen", "Video calling"}, {"Sociale media", "Social media"}}},
        {{"Online veiligheid", "Online safety"},
         {{"Phishing en fraude", "Phishing and fraud"}, {"Privacy-instellingen", "Privacy settings"}}},
        {{"Werk", "Work"},
         {{"Vacatures zoeken", "Finding vacancies"}, {"Video-cv", "Video CV"},
          {"Sollicitatiebrief", "Application letter"}}},
        {{"Toestel of internet kopen", "Buying a device or internet"},
         {{"Toestel kiezen", "Choosing a device"}, {"Sociaal tarief internet", "Social tariff for internet"}}},
        {{"Andere", "Other"}, {{"Andere vraag", "Other question"}}},
    };
    return tree;
}

template <class R>
bool isEmpty(Store& store) {
    Statement& q = store.db().cached(std::string("SELECT 1 FROM ") + R::table + " LIMIT 1");
    const bool hasRows = q.step();
    q.reset();
    return !hasRows;
}

template <class R>
R named(std::string id, const SeedName& names) {
    R record;
    record.meta.id = std::move(id);
    record.name = names.name;
    record.nameEn = names.nameEn;
    return record;
}

// Hands every seeded record, complete but unsaved, to `visit`, lists in seeding order.
template <class Visit>
void forEachSeed(Visit&& visit) {
    for (const SeedName& n : kNeighbourhoods) visit(named<Neighbourhood>(seededId("neighbourhood", n.name), n));
    for (const SeedOrganisation& o : kOrganisations) {
        Organisation org = named<Organisation>(seededId("organisation", o.names.name), o.names);
        org.kind = o.kind;
        visit(org);
    }
    for (const SeedName& t : kTargetGroups) visit(named<TargetGroup>(seededId("target_group", t.name), t));
    int64_t order = 0;
    for (const CategoryBranch& branch : categoryTree()) {
        HelpCategory top = named<HelpCategory>(seededId("category", branch.names.name), branch.names);
        top.sortOrder = order++;
        visit(top);
        int64_t childOrder = 0;
        for (const SeedName& childNames : branch.children) {
            HelpCategory child = named<HelpCategory>(
                seededId("category", std::string(branch.names.name) + "/" + childNames.name), childNames);
            child.parentId = top.meta.id;
            child.sortOrder = childOrder++;
            visit(child);
        }
    }
}

// A file seeded before reference lists had English names gets them in place. Every
// laptop and the hub hold the same seeded rows, and each fills the same names from this
// same table, so this is no new version: there is nothing to sync and nothing to
// conflict. A seeded row someone renamed, or gave an English name, is left alone.
template <class R>
void addSeededEnglishName(Store& store, const R& seeded) {
    if (seeded.nameEn.empty()) return;
    Statement& q = store.db().cached(std::string("UPDATE ") + R::table +
                                     " SET name_en = ?1 WHERE id = ?2 AND name = ?3 AND name_en = ''");
    q.bind(1, seeded.nameEn);
    q.bind(2, seeded.meta.id);
    q.bind(3, seeded.name);
    q.run();
}

}  // namespace

std::string seededId(std::string_view kind, std::string_view name) {
    return stableUuid(std::string("digicoach-seed:") + std::string(kind) + ":" + std::string(name));
}

void ReferenceService::seedDefaults() {
    Store& store = ctx_.store;
    const int64_t now = ctx_.clock.nowMs();
    const std::string author = "seed";
    Transaction tx(store.db());
    const std::set<std::string_view> emptyLists = [&] {
        std::set<std::string_view> lists;
        if (isEmpty<Neighbourhood>(store)) lists.insert(Neighbourhood::table);
        if (isEmpty<Organisation>(store)) lists.insert(Organisation::table);
        if (isEmpty<TargetGroup>(store)) lists.insert(TargetGroup::table);
        if (isEmpty<HelpCategory>(store)) lists.insert(HelpCategory::table);
        return lists;
    }();
    forEachSeed([&](auto record) {
        using R = decltype(record);
        if (emptyLists.contains(R::table)) store.put(record, author, now);
        else addSeededEnglishName(store, record);
    });
    tx.commit();
}

}  // namespace dc
