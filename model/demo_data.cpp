// Seeded demo data with the shape of Ghent's field work: more seniors, Digipunt-heavy
// channels, the annual report's category shares, weekday hours and seasonal peaks
// (Tax-on-web in May-June, school registration in March, a quiet August).
#include "model/demo_data.hpp"

#include "model/services.hpp"

#include <algorithm>
#include <chrono>
#include <random>

namespace dc {

namespace {

class Dice {
public:
    explicit Dice(uint64_t seed) : engine_(seed) {}
    int between(int low, int high) { return low + static_cast<int>(engine_() % static_cast<uint64_t>(high - low + 1)); }
    double unit() { return static_cast<double>(engine_() >> 11) * (1.0 / 9007199254740992.0); }
    bool chance(double p) { return unit() < p; }
    template <class T>
    const T& pick(const std::vector<T>& items) { return items[static_cast<std::size_t>(between(0, static_cast<int>(items.size()) - 1))]; }
    // Index drawn with the given relative weights.
    std::size_t weighted(const std::vector<double>& weights) {
        double total = 0;
        for (double w : weights) total += w;
        double roll = unit() * total;
        for (std::size_t i = 0; i < weights.size(); ++i) {
            if (roll < weights[i]) return i;
            roll -= weights[i];
        }
        return weights.size() - 1;
    }

private:
    std::mt19937_64 engine_;
};

const std::vector<std::string> kFirstNames = {
    "Maria", "Jan", "Fatma", "Mohamed", "Rita", "Marc", "Ahmed", "Annemie", "Youssef", "Lieve", "Zoë", "Noël",
    "François", "Ayşe", "Dragana", "Georgette", "Hüseyin", "Mariëtte", "Karim", "Els", "Rachida", "Dirk", "Nadia",
    "Gerda", "Oleksandr", "Aïcha", "Luc", "Hanne", "Petra", "Emre", "Bernadette", "Said", "Chantal", "Ilse", "Yannick",
    "Joëlle", "Mustafa", "Roger", "Ştefan", "Wendy"};
const std::vector<std::string> kInitials = {"A.", "B.", "C.", "D.", "De", "E.", "G.", "H.", "J.", "K.", "L.", "M.",
                                            "N.", "P.", "R.", "S.", "T.", "V.", "W.", "Y."};
const std::vector<std::string> kCoachNames = {"Sofie Van Damme", "Jonas Claeys", "Fatima El Amrani", "Pieter De Smet",
                                              "Elif Yılmaz", "Lotte Verhoeven", "Bram Maes", "Nour Haddad"};
const std::vector<std::string> kLanguages = {"nl", "nl", "nl", "nl", "nl", "nl", "nl", "ar", "tr", "fr", "en", "bg", "ro", "sk"};
const std::vector<std::string> kDeviceModels[] = {
    {"Lenovo ThinkPad T480", "Dell Latitude 7490", "HP EliteBook 840 G5", "Lenovo ThinkPad X270", "Acer TravelMate P2"},
    {"Samsung Galaxy Tab A8", "Lenovo Tab M10", "Apple iPad (9e generatie)"},
    {"Samsung Galaxy A14", "Motorola moto g32", "Nokia G21"},
    {"Bee-Bot", "Ozobot Evo", "LEGO Spike Prime"},
    {"Epson beamer EB-W06", "Meta Quest 2", "Jabra hoofdtelefoon"}};
const std::vector<std::string> kThemes = {
    "Veilige wachtwoorden", "Tax-on-web invullen", "itsme installeren", "WhatsApp voor beginners",
    "Online bankieren", "Meld je aan: schoolinschrijving", "Videobellen met familie", "Phishing herkennen",
    "Mijn Burgerprofiel", "Digicafé: vrije vragen", "Je smartphone leren kennen", "Solliciteren met een video-cv"};
const std::vector<std::string> kPlaces = {"Bibliotheek De Krook", "Dienstencentrum Rabot", "Wijkcentrum Nieuw Gent",
                                          "Welzijnsbureau Gent Noord", "Buurtcentrum Brugse Poort", "Digipunt Dampoort"};
const std::vector<std::string> kReferrals = {"Digipunt in de buurt", "Cursus bij Ligo", "VDAB", "Welzijnsbureau",
                                             "Bibliotheek De Krook", "Huisarts"};

// Relative volume per month (Jan..Dec): school registration in March, taxes in May-June.
constexpr double kMonthWeight[12] = {0.9, 1.0, 1.2, 1.0, 1.25, 1.3, 0.85, 0.55, 1.0, 1.05, 1.0, 0.75};
// Category shares from the 2023 Digipunt figures: 41% technical, 33% digital services.
const std::vector<double> kTopCategoryWeight = {41, 33, 10, 5, 5, 4, 2};
const std::vector<double> kChannelWeight = {58, 14, 10, 9, 5, 4};  // same order as kChannels

// The projects the Ghent and Bruges-region reports name, with their funders and periods.
struct DemoProject {
    const char* name;
    const char* funder;
    const char* region;
    const char* startsOn;
    const char* endsOn;  // "" for no end date
    std::vector<std::string> indicators;
};
const std::vector<DemoProject>& demoProjects() {
    static const std::vector<DemoProject> projects = {
        {"Digibanken", "Departement Werk en Sociale Economie", "Regio Brugge (Werkkracht10)", "2022-10-01", "2024-12-31",
         {"people_reached", "help_requests", "help_by_category", "devices", "internet_support"}},
        {"Lokale Besturen – Iedereen Digitaal", "Agentschap Binnenlands Bestuur", "Regio Brugge (Werkkracht10)",
         "2022-04-01", "2024-12-31", {"people_reached", "help_requests", "training"}},
        {"e-inclusion 4 Belgium – Digiscan", "POD Maatschappelijke Integratie", "Regio Brugge (10 OCMW's)", "2022-11-15",
         "", {"people_reached", "screenings", "training"}},
        {"PASOA internettussenkomsten", "POD Maatschappelijke Integratie", "Gent", "2022-01-01", "",
         {"people_reached", "devices", "internet_support"}},
        {"Stad Gent – e-inclusiebudget", "Stad Gent", "Gent", "2022-01-01", "",
         {"people_reached", "help_requests", "help_by_category", "training", "devices", "internet_support",
          "screenings"}},
        {"Digibank Gent", "Departement Werk en Sociale Economie", "Gent", "2022-10-01", "2026-06-30",
         {"people_reached", "help_requests", "help_by_category", "training", "devices", "internet_support"}},
    };
    return projects;
}

std::string dateOf(std::chrono::sys_days day) {
    const std::chrono::year_month_day ymd{day};
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return buffer;
}

class Generator {
public:
    Generator(Store& store, const DemoOptions& options, const Clock& clock)
        : store_(store), options_(options), dice_(options.seed), projectDice_(options.seed ^ 0x70726f6a656374ULL),
          now_(clock.nowMs()) {
        // The local day: every date in the data is local, and "now" is past midnight here
        // earlier (or later) than in UTC.
        int year = 0;
        unsigned month = 0, day = 0;
        std::sscanf(localDate(now_).c_str(), "%d-%u-%u", &year, &month, &day);
        today_ = std::chrono::sys_days{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}};
        historyDays_ = std::max(1, options.monthsOfHistory * 30);
    }

    DemoSummary run() {
        loadReferences();
        makeProjects();
        makeCoaches();
        makeParticipants();
        makeHelpRequests();
        makeDevicesAndHandouts();
        makeSessions();
        makeScreenings();
        return summary_;
    }

private:
    template <class R>
    void save(R& record, const std::string& author) {
        store_.put(record, author, now_);
    }

    // Fixed ids, so the projects of two demo files (or a laptop and the hub) are the same.
    void makeProjects() {
        for (const DemoProject& p : demoProjects()) {
            Project project;
            project.meta.id = seededId("project", p.name);
            if (store_.find<Project>(project.meta.id)) continue;
            project.name = p.name;
            project.funder = p.funder;
            project.region = p.region;
            project.startsOn = p.startsOn;
            if (*p.endsOn) project.endsOn = p.endsOn;
            project.indicators = p.indicators;
            save(project, "seed");
        }
    }

    // The demo's attribution: what a coach would pick, and only while the project runs.
    // Drawn from dice of its own, so the rest of the demo data is the same with or without it.
    OptionalId projectFor(const std::string& date, std::initializer_list<std::pair<const char*, double>> chances) {
        double roll = projectDice_.unit();
        for (const auto& [name, chance] : chances) {
            if (roll < chance) {
                for (const DemoProject& p : demoProjects())
                    if (std::string_view(p.name) == name && date >= p.startsOn && (!*p.endsOn || date <= p.endsOn))
                        return seededId("project", name);
                return std::nullopt;
            }
            roll -= chance;
        }
        return std::nullopt;
    }

    void loadReferences() {
        for (const auto& n : store_.all<Neighbourhood>()) neighbourhoods_.push_back(n.meta.id);
        for (const auto& g : store_.all<TargetGroup>()) targetGroups_.push_back(g.meta.id);
        for (const auto& o : store_.all<Organisation>()) organisations_.push_back(o.meta.id);
        std::vector<HelpCategory> categories = store_.all<HelpCategory>();
        std::vector<const HelpCategory*> tops;
        for (const auto& c : categories)
            if (!c.parentId) tops.push_back(&c);
        std::sort(tops.begin(), tops.end(), [](auto* a, auto* b) { return a->sortOrder < b->sortOrder; });
        for (const HelpCategory* top : tops) {
            std::vector<std::string> leaves;
            for (const auto& c : categories)
                if (c.parentId == top->meta.id) leaves.push_back(c.meta.id);
            if (leaves.empty()) leaves.push_back(top->meta.id);
            leavesByTop_.push_back({top->name, leaves});
        }
    }

    // A weekday in the history window, drawn with the month's seasonal weight. Today is
    // left out: its working hours may still be ahead, and nothing is dated after "now".
    std::chrono::sys_days workday() {
        for (;;) {
            const auto day = today_ - std::chrono::days{dice_.between(1, historyDays_)};
            const std::chrono::weekday weekday{day};
            if (weekday == std::chrono::Saturday && !dice_.chance(0.15)) continue;
            if (weekday == std::chrono::Sunday) continue;
            const unsigned month = static_cast<unsigned>(std::chrono::year_month_day{day}.month());
            if (dice_.unit() * 1.3 > kMonthWeight[month - 1]) continue;
            return day;
        }
    }

    void makeCoaches() {
        const int count = std::clamp(options_.coaches, 1, static_cast<int>(kCoachNames.size()));
        for (int i = 0; i < count; ++i) {
            Coach coach;
            coach.name = kCoachNames[static_cast<std::size_t>(i)];
            coach.role = i == 0 ? "coordinator" : (i % 3 == 1 ? "welzijnsbureau" : "digicoach");
            if (!organisations_.empty()) coach.organisationId = organisations_[static_cast<std::size_t>(i) % organisations_.size()];
            save(coach, "seed");
            coaches_.push_back(coach.meta.id);
        }
    }

    const std::string& coach() { return dice_.pick(coaches_); }

    void makeParticipants() {
        const std::vector<double> ageWeights = {3, 3, 8, 18, 20, 30, 18};  // kAgeBands order
        for (int i = 0; i < options_.participants; ++i) {
            Participant p;
            p.pseudonym = dice_.pick(kFirstNames) + " " + dice_.pick(kInitials);
            p.ageBand = kAgeBands[dice_.weighted(ageWeights)];
            if (!targetGroups_.empty()) {
                p.targetGroupIds.push_back(dice_.pick(targetGroups_));
                if (dice_.chance(0.3)) {
                    const std::string& second = dice_.pick(targetGroups_);
                    if (second != p.targetGroupIds.front()) p.targetGroupIds.push_back(second);
                }
            }
            if (!neighbourhoods_.empty()) p.neighbourhoodId = neighbourhoods_[dice_.weighted(neighbourhoodWeights())];
            p.language = dice_.pick(kLanguages);
            p.contactPreference = kContactPreferences[dice_.weighted({2, 6, 3})];
            if (dice_.chance(0.5)) p.phone = "04" + std::to_string(dice_.between(70, 99)) + " " +
                                             std::to_string(dice_.between(10, 99)) + " " +
                                             std::to_string(dice_.between(10, 99)) + " " +
                                             std::to_string(dice_.between(10, 99));
            // Nobody is recorded by name without consent to store data (see validate()).
            p.consentDate = dateOf(workday());
            p.consentScopes = {"store"};
            if (dice_.chance(0.6)) p.consentScopes.push_back("contact");
            if (dice_.chance(0.2)) p.consentScopes.push_back("share");
            if (dice_.chance(0.2)) p.notes = "Komt graag op dinsdagvoormiddag; bril meebrengen.";
            save(p, coach());
            participants_.push_back(p.meta.id);
            ++summary_.participants;
        }
    }

    const std::vector<double>& neighbourhoodWeights() {
        if (neighbourhoodWeights_.empty())
            for (std::size_t i = 0; i < neighbourhoods_.size(); ++i)
                neighbourhoodWeights_.push_back(i < 4 ? 3.0 : (i < 9 ? 2.0 : 1.0));
        return neighbourhoodWeights_;
    }

    void makeHelpRequests() {
        if (leavesByTop_.empty()) return;
        for (int i = 0; i < options_.helpRequests; ++i) {
            HelpRequest h;
            const auto day = workday();
            const std::string date = dateOf(day);
            char time[8];
            std::snprintf(time, sizeof time, "T%02d:%02d", dice_.between(9, 16), dice_.between(0, 11) * 5);
            h.occurredAt = date + time;
            if (!participants_.empty() && dice_.chance(0.7)) h.participantId = dice_.pick(participants_);
            h.channel = kChannels[dice_.weighted(kChannelWeight)];
            if (!neighbourhoods_.empty()) h.neighbourhoodId = neighbourhoods_[dice_.weighted(neighbourhoodWeights())];
            const unsigned month = static_cast<unsigned>(std::chrono::year_month_day{day}.month());
            h.categoryId = seasonalCategory(month);
            h.durationMinutes = std::vector<int64_t>{5, 15, 15, 30, 30, 45, 60}[static_cast<std::size_t>(dice_.between(0, 6))];
            const std::size_t outcome = dice_.weighted({70, 20, 10});
            h.outcome = kOutcomes[outcome];
            if (h.outcome == std::string("referred")) h.referral = dice_.pick(kReferrals);
            if (dice_.chance(0.08)) h.followUpOn = dateOf(day + std::chrono::days{dice_.between(3, 21)});
            if (dice_.chance(0.1)) h.notes = "Wachtwoord samen op papier gezet en thuis bewaard.";
            h.projectId = h.channel == std::string("digibank")
                              ? projectFor(date, {{"Digibank Gent", 0.9}})
                              : projectFor(date, {{"Stad Gent – e-inclusiebudget", 0.3},
                                                  {"Lokale Besturen – Iedereen Digitaal", 0.1}});
            save(h, coach());
            ++summary_.helpRequests;
        }
    }

    std::string seasonalCategory(unsigned month) {
        std::vector<double> weights = kTopCategoryWeight;
        weights.resize(leavesByTop_.size(), 2);
        const auto& [topName, leaves] = leavesByTop_[dice_.weighted(weights)];
        // Within digital services, taxes peak in May-June and school registration in March.
        if (topName == "Digitale diensten") {
            if ((month == 5 || month == 6) && dice_.chance(0.35)) return findLeaf(leaves, "Tax-on-web / MyMinfin");
            if (month == 3 && dice_.chance(0.3)) return findLeaf(leaves, "Meld je aan (school)");
        }
        return dice_.pick(leaves);
    }

    std::string findLeaf(const std::vector<std::string>& leaves, const char* name) {
        const std::string id = seededId("category", std::string("Digitale diensten/") + name);
        return std::find(leaves.begin(), leaves.end(), id) != leaves.end() ? id : dice_.pick(leaves);
    }

    void makeDevicesAndHandouts() {
        const std::vector<double> kindWeights = {55, 20, 15, 4, 6};
        for (int i = 0; i < options_.devices; ++i) {
            Device d;
            const std::size_t kind = dice_.weighted(kindWeights);
            d.kind = kDeviceKinds[kind];
            d.model = dice_.pick(kDeviceModels[kind]);
            char tag[16];
            std::snprintf(tag, sizeof tag, "D09-%04d", i + 1);
            d.assetTag = tag;
            d.serialNumber = "SN" + std::to_string(100000 + dice_.between(0, 899999));
            d.source = kDeviceSources[dice_.weighted({6, 3, 1})];
            d.condition = kDeviceConditions[dice_.weighted({1, 6, 3, 1, 0})];
            d.status = "available";
            const std::string author = coach();
            if (!participants_.empty() && dice_.chance(0.7)) handOut(d, author);
            else if (dice_.chance(0.1)) d.status = "repair";
            save(d, author);
            ++summary_.devices;
        }
    }

    // A device's history: earlier loans all returned, the last one perhaps still out.
    void handOut(Device& device, const std::string& author) {
        auto day = today_ - std::chrono::days{dice_.between(30, historyDays_)};
        const int loans = dice_.between(1, 3);
        for (int n = 0; n < loans && day < today_; ++n) {
            DeviceHandout h;
            h.deviceId = device.meta.id.empty() ? (device.meta.id = newUuid()) : device.meta.id;
            h.participantId = dice_.pick(participants_);
            h.handedOutOn = dateOf(day);
            const bool donation = device.kind != std::string("robot") && dice_.chance(0.3);
            if (donation) {
                h.kind = "donation";
                h.internetSupport = {"package"};
                if (dice_.chance(0.6)) h.internetSupport.push_back("social_tariff");
                if (dice_.chance(0.3)) h.internetSupport.push_back("pasoa");
                device.status = "given";
                h.projectId = projectFor(h.handedOutOn, {{"PASOA internettussenkomsten", 0.4},
                                                         {"Stad Gent – e-inclusiebudget", 0.4}});
                save(h, author);
                ++summary_.handouts;
                return;
            }
            h.kind = "loan";
            const auto due = day + std::chrono::days{dice_.between(4, 12) * 7};
            h.dueOn = dateOf(due);
            h.accessories = dice_.chance(0.7) ? "lader, muis" : "lader";
            if (dice_.chance(0.3)) h.internetSupport.push_back(dice_.chance(0.5) ? "hotspot" : "social_tariff");
            h.projectId = projectFor(h.handedOutOn, {{"Digibank Gent", 0.5}, {"Stad Gent – e-inclusiebudget", 0.3}});
            const auto returned = due + std::chrono::days{dice_.between(-14, 20)};
            const bool isLast = n == loans - 1;
            if (returned < today_ && (!isLast || dice_.chance(0.75))) {
                h.returnedOn = dateOf(std::max(returned, day));
                h.returnCondition = kDeviceConditions[dice_.weighted({0, 6, 3, 1, 0.3})];
                device.condition = h.returnCondition;
                device.status = h.returnCondition == "broken" ? "repair" : "available";
                day = returned + std::chrono::days{dice_.between(3, 40)};
            } else {
                device.status = "lent";
                day = today_;
            }
            save(h, author);
            ++summary_.handouts;
        }
    }

    void makeSessions() {
        for (int i = 0; i < options_.groupSessions; ++i) {
            GroupSession s;
            s.heldOn = dateOf(workday());
            s.kind = kSessionKinds[dice_.weighted({5, 3, 1, 2, 2})];
            s.theme = dice_.pick(kThemes);
            s.place = dice_.pick(kPlaces);
            if (!neighbourhoods_.empty()) s.neighbourhoodId = dice_.pick(neighbourhoods_);
            if (!organisations_.empty()) s.organisationId = dice_.pick(organisations_);
            s.durationMinutes = std::vector<int64_t>{60, 90, 120, 120, 180}[static_cast<std::size_t>(dice_.between(0, 4))];
            s.trainers = "Digicoaches District09";
            s.anonymousCount = dice_.between(0, 8);
            s.projectId = projectFor(s.heldOn, {{"Lokale Besturen – Iedereen Digitaal", 0.3},
                                                {"Stad Gent – e-inclusiebudget", 0.3}, {"Digibank Gent", 0.2}});
            const std::string author = coach();
            save(s, author);
            ++summary_.groupSessions;
            const int registered = participants_.empty() ? 0 : dice_.between(0, 12);
            std::vector<std::string> present;
            for (int a = 0; a < registered; ++a) {
                const std::string& who = dice_.pick(participants_);
                if (std::find(present.begin(), present.end(), who) != present.end()) continue;
                present.push_back(who);
                Attendance attendance;
                attendance.sessionId = s.meta.id;
                attendance.participantId = who;
                attendance.walkIn = dice_.chance(0.15);
                save(attendance, author);
                ++summary_.attendances;
            }
        }
    }

    void makeScreenings() {
        if (participants_.empty()) return;
        for (int i = 0; i < options_.screenings;) {
            const std::string& who = dice_.pick(participants_);
            auto day = workday();
            SkillsScreening first;
            first.participantId = who;
            first.screenedOn = dateOf(day);
            for (const char* skill : kSkills) first.levels[skill] = dice_.weighted({4, 4, 2, 1});
            first.projectId = projectFor(first.screenedOn, {{"e-inclusion 4 Belgium – Digiscan", 0.6},
                                                            {"Stad Gent – e-inclusiebudget", 0.2}});
            save(first, coach());
            ++i;
            ++summary_.screenings;
            // About half are screened again later and show progress.
            if (i < options_.screenings && dice_.chance(0.5) && day + std::chrono::days{120} < today_) {
                SkillsScreening again = first;
                again.meta = RecordMeta{};
                again.screenedOn = dateOf(day + std::chrono::days{dice_.between(60, 120)});
                again.projectId = projectFor(again.screenedOn, {{"e-inclusion 4 Belgium – Digiscan", 0.6},
                                                                {"Stad Gent – e-inclusiebudget", 0.2}});
                for (auto& [skill, level] : again.levels) level = std::min<int64_t>(kSkillLevelMax, level + dice_.between(0, 2));
                save(again, coach());
                ++i;
                ++summary_.screenings;
            }
        }
    }

    Store& store_;
    DemoOptions options_;
    Dice dice_;
    Dice projectDice_;
    int64_t now_;
    std::chrono::sys_days today_;
    int historyDays_;
    DemoSummary summary_;
    std::vector<std::string> coaches_, participants_, neighbourhoods_, targetGroups_, organisations_;
    std::vector<std::pair<std::string, std::vector<std::string>>> leavesByTop_;
    std::vector<double> neighbourhoodWeights_;
};

}  // namespace

DemoSummary generateDemoData(Store& store, const DemoOptions& options, const Clock& clock) {
    ServiceContext ctx{store, clock, "seed"};
    ReferenceService(ctx).seedDefaults();
    Transaction tx(store.db());
    DemoSummary summary = Generator(store, options, clock).run();
    tx.commit();
    return summary;
}

bool hasFieldRecords(Store& store) {
    return store.db().queryInteger(
               "SELECT EXISTS (SELECT 1 FROM participants) OR EXISTS (SELECT 1 FROM help_requests) "
               "OR EXISTS (SELECT 1 FROM devices) OR EXISTS (SELECT 1 FROM group_sessions)") != 0;
}

}  // namespace dc
