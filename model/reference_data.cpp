// The reference lists a fresh database starts with, taken from the Ghent annual reports.
// Seeded records get ids derived from their names, so every laptop and the hub
// agree on them and sync does not duplicate "Rabot" once per coach.
#include "model/services.hpp"

#include <cstdio>

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

constexpr const char* kNeighbourhoods[] = {
    "Nieuw Gent", "Rabot", "Muide-Meulestede", "Watersportbaan", "Dampoort", "Sint-Amandsberg",
    "Brugse Poort", "Sluizeken-Tolhuis-Ham", "Bloemekenswijk", "Gent Noord", "Drongen", "Binnenstad"};

struct NamedKind {
    const char* name;
    const char* kind;
};
constexpr NamedKind kOrganisations[] = {
    {"District09", "city"}, {"Welzijnsbureau Gent Noord", "welzijnsbureau"},
    {"Welzijnsbureau Sint-Amandsberg", "welzijnsbureau"}, {"Lokale Dienstencentra", "city"},
    {"Bibliotheek De Krook", "city"}, {"Dienst Werk en Activering", "city"}, {"Onderwijscentrum Gent", "city"},
    {"Ligo", "partner"}, {"VDAB", "partner"}, {"BEEGO", "partner"}, {"Kompuuter", "partner"}, {"Ateljee", "partner"}};

constexpr const char* kTargetGroups[] = {
    "Senioren", "Laaggeschoolden", "Laag inkomen", "Nieuwkomers", "Alleenwonenden", "Werkzoekenden",
    "OCMW-cliënten", "Ouders en leerlingen", "Stadspersoneel zonder werk-pc"};

struct CategoryBranch {
    const char* name;
    std::vector<const char*> children;
};
const std::vector<CategoryBranch>& categoryTree() {
    static const std::vector<CategoryBranch> tree = {
        {"Technische hulp",
         {"Toestel instellen", "Account aanmaken", "E-mail", "Wachtwoorden", "Updates en beveiliging",
          "Printen en scannen"}},
        {"Digitale diensten",
         {"itsme", "eID en CSAM", "Mijn Burgerprofiel", "Tax-on-web / MyMinfin", "Mijn VDAB / MyCareer",
          "Online bankieren", "Gezondheidsapps", "Schoolplatformen", "Meld je aan (school)",
          "Inschrijving vakantiekampen"}},
        {"Communicatie", {"WhatsApp", "Videobellen", "Sociale media"}},
        {"Online veiligheid", {"Phishing en fraude", "Privacy-instellingen"}},
        {"Werk", {"Vacatures zoeken", "Video-cv", "Sollicitatiebrief"}},
        {"Toestel of internet kopen", {"Toestel kiezen", "Sociaal tarief internet"}},
        {"Andere", {"Andere vraag"}},
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

}  // namespace

std::string seededId(std::string_view kind, std::string_view name) {
    return stableUuid(std::string("digicoach-seed:") + std::string(kind) + ":" + std::string(name));
}

void ReferenceService::seedDefaults() {
    Store& store = ctx_.store;
    const int64_t now = ctx_.clock.nowMs();
    const std::string author = "seed";
    Transaction tx(store.db());
    if (isEmpty<Neighbourhood>(store)) {
        for (const char* name : kNeighbourhoods) {
            Neighbourhood n;
            n.meta.id = seededId("neighbourhood", name);
            n.name = name;
            store.put(n, author, now);
        }
    }
    if (isEmpty<Organisation>(store)) {
        for (const NamedKind& o : kOrganisations) {
            Organisation org;
            org.meta.id = seededId("organisation", o.name);
            org.name = o.name;
            org.kind = o.kind;
            store.put(org, author, now);
        }
    }
    if (isEmpty<TargetGroup>(store)) {
        for (const char* name : kTargetGroups) {
            TargetGroup group;
            group.meta.id = seededId("target_group", name);
            group.name = name;
            store.put(group, author, now);
        }
    }
    if (isEmpty<HelpCategory>(store)) {
        int64_t order = 0;
        for (const CategoryBranch& branch : categoryTree()) {
            HelpCategory top;
            top.meta.id = seededId("category", branch.name);
            top.name = branch.name;
            top.sortOrder = order++;
            store.put(top, author, now);
            int64_t childOrder = 0;
            for (const char* childName : branch.children) {
                HelpCategory child;
                child.meta.id = seededId("category", std::string(branch.name) + "/" + childName);
                child.parentId = top.meta.id;
                child.name = childName;
                child.sortOrder = childOrder++;
                store.put(child, author, now);
            }
        }
    }
    tx.commit();
}

}  // namespace dc
