// The figures as JSON (for the hub and scripts), CSV (for Excel) and a printable HTML
// page, and a plain CSV export of one record table. Keys: docs/report-json.md.
#include "model/figures.hpp"

#include <cmath>
#include <cstdio>
#include <functional>
#include <stdexcept>

namespace dc {

namespace {

// ---- Headline figures: one list drives the JSON "change" block, the CSV and the HTML ----
struct Headline {
    const char* key;
    std::function<double(const Totals&)> value;
    bool isCount = true;
};

const std::vector<Headline>& headlines() {
    static const std::vector<Headline> list = {
        {"help.answered", [](const Totals& t) { return double(t.help.answered); }},
        {"help.anonymous", [](const Totals& t) { return double(t.help.anonymous); }},
        {"help.at_home", [](const Totals& t) { return double(t.help.atHome); }},
        {"help.people_helped", [](const Totals& t) { return double(t.help.peopleHelped); }},
        {"training.sessions", [](const Totals& t) { return double(t.training.sessions); }},
        {"training.registered_attendances", [](const Totals& t) { return double(t.training.registeredAttendances); }},
        {"training.anonymous_head_count", [](const Totals& t) { return double(t.training.anonymousHeadCount); }},
        {"training.attendances", [](const Totals& t) { return double(t.training.attendances); }},
        {"training.people_trained", [](const Totals& t) { return double(t.training.peopleTrained); }},
        {"devices.lent", [](const Totals& t) { return double(t.devices.lent); }},
        {"devices.given", [](const Totals& t) { return double(t.devices.given); }},
        {"devices.returned", [](const Totals& t) { return double(t.devices.returned); }},
        {"devices.overdue", [](const Totals& t) { return double(t.devices.overdue); }},
        {"devices.internet_support.social_tariff",
         [](const Totals& t) { return double(t.devices.internetSupport.socialTariff); }},
        {"devices.internet_support.pasoa", [](const Totals& t) { return double(t.devices.internetSupport.pasoa); }},
        {"devices.internet_support.hotspot", [](const Totals& t) { return double(t.devices.internetSupport.hotspot); }},
        {"devices.internet_support.package", [](const Totals& t) { return double(t.devices.internetSupport.package); }},
        {"screenings.screenings", [](const Totals& t) { return double(t.screenings.screenings); }},
        {"screenings.people_screened", [](const Totals& t) { return double(t.screenings.peopleScreened); }},
        {"screenings.people_with_progress", [](const Totals& t) { return double(t.screenings.peopleWithProgress); }},
        {"screenings.average_progress", [](const Totals& t) { return t.screenings.averageProgress; }, false},
    };
    return list;
}

// Two decimals are all a report shows; rounding here keeps JSON and CSV stable.
double rounded(double value) { return std::round(value * 10000.0) / 10000.0; }

nlohmann::json periodJson(const Period& p) { return {{"from", p.from}, {"to", p.to}}; }

nlohmann::json optionalJson(const std::optional<std::string>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json();
}

nlohmann::json sharesJson(const std::vector<Share>& shares) {
    nlohmann::json list = nlohmann::json::array();
    for (const Share& s : shares)
        list.push_back({{"key", s.key}, {"label", s.label}, {"count", s.count}, {"share", rounded(s.share)}});
    return list;
}

nlohmann::json totalsJson(const Totals& t) {
    return {{"help",
             {{"answered", t.help.answered},
              {"anonymous", t.help.anonymous},
              {"at_home", t.help.atHome},
              {"people_helped", t.help.peopleHelped},
              {"by_channel", sharesJson(t.help.byChannel)},
              {"by_category", sharesJson(t.help.byCategory)}}},
            {"training",
             {{"sessions", t.training.sessions},
              {"registered_attendances", t.training.registeredAttendances},
              {"anonymous_head_count", t.training.anonymousHeadCount},
              {"attendances", t.training.attendances},
              {"people_trained", t.training.peopleTrained}}},
            {"devices",
             {{"lent", t.devices.lent},
              {"given", t.devices.given},
              {"returned", t.devices.returned},
              {"overdue", t.devices.overdue},
              {"overdue_as_of", t.devices.overdueAsOf},
              {"internet_support",
               {{"social_tariff", t.devices.internetSupport.socialTariff},
                {"pasoa", t.devices.internetSupport.pasoa},
                {"hotspot", t.devices.internetSupport.hotspot},
                {"package", t.devices.internetSupport.package}}}}},
            {"screenings",
             {{"screenings", t.screenings.screenings},
              {"people_screened", t.screenings.peopleScreened},
              {"people_with_progress", t.screenings.peopleWithProgress},
              {"average_progress", rounded(t.screenings.averageProgress)}}}};
}

struct BreakdownColumn {
    const char* key;
    int64_t BreakdownRow::*member;
};
constexpr BreakdownColumn kBreakdownColumns[] = {
    {"help_requests", &BreakdownRow::helpRequests}, {"at_home", &BreakdownRow::atHome},
    {"sessions", &BreakdownRow::sessions},          {"attendances", &BreakdownRow::attendances},
    {"devices_lent", &BreakdownRow::devicesLent},   {"devices_given", &BreakdownRow::devicesGiven},
    {"screenings", &BreakdownRow::screenings}};

nlohmann::json breakdownJson(const std::vector<BreakdownRow>& rows) {
    nlohmann::json list = nlohmann::json::array();
    for (const BreakdownRow& row : rows) {
        nlohmann::json item = {{"key", row.key}, {"label", row.label}};
        for (const BreakdownColumn& column : kBreakdownColumns) item[column.key] = row.*(column.member);
        if (row.peopleHelped) item["people_helped"] = *row.peopleHelped;
        list.push_back(std::move(item));
    }
    return list;
}

// ---- CSV ----
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Quotes when needed, and defuses text Excel would run as a formula (CSV injection).
std::string csvText(std::string_view text, char separator) {
    std::string value(text);
    if (!value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos)
        value.insert(0, 1, '\'');
    if (value.find_first_of(std::string{separator, '"', '\n', '\r'}) == std::string::npos) return value;
    std::string quoted = "\"";
    for (char c : value) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + '"';
}

// Belgian Excel, which wants ';' between cells, reads ',' as the decimal mark.
std::string csvNumber(double value, char separator) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4f", value);
    std::string number = text;
    number.erase(number.find_last_not_of('0') + 1);
    if (number.back() == '.') number.pop_back();
    if (number == "-0") number = "0";
    if (separator == ';')
        for (char& c : number)
            if (c == '.') c = ',';
    return number;
}

class CsvWriter {
public:
    explicit CsvWriter(char separator) : separator_(separator) { out_ = kUtf8Bom; }
    CsvWriter& text(std::string_view value) { return cell(csvText(value, separator_)); }
    CsvWriter& number(double value) { return cell(csvNumber(value, separator_)); }
    CsvWriter& empty() { return cell(""); }
    void endRow() {
        out_ += "\r\n";  // RFC 4180 line ends, which Excel expects
        first_ = true;
    }
    std::string take() { return std::move(out_); }

private:
    CsvWriter& cell(const std::string& value) {
        if (!first_) out_ += separator_;
        out_ += value;
        first_ = false;
        return *this;
    }
    char separator_;
    std::string out_;
    bool first_ = true;
};

// ---- HTML ----
std::string escapeHtml(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

struct Wording {
    const char* key;
    const char* nl;
    const char* en;
};
// The printed page's own words; the app's translation files are not reachable from model/.
constexpr Wording kWords[] = {
    {"title", "in cijfers", "in figures"},
    {"period", "Periode", "Period"},
    {"previous", "vorige periode", "previous period"},
    {"figure", "Cijfer", "Figure"},
    {"change", "verschil", "change"},
    {"help.answered", "Hulpvragen beantwoord", "Help requests answered"},
    {"help.anonymous", "waarvan anoniem", "of which anonymous"},
    {"help.at_home", "Digihulp aan huis", "Help at home"},
    {"help.people_helped", "Unieke mensen geholpen", "Unique people helped"},
    {"training.sessions", "Vormingen en sessies", "Training sessions"},
    {"training.registered_attendances", "Ingeschreven deelnames", "Registered attendances"},
    {"training.anonymous_head_count", "Niet-ingeschreven deelnemers", "Unregistered attendees"},
    {"training.attendances", "Deelnames aan vorming", "Training attendances"},
    {"training.people_trained", "Unieke mensen gevormd", "Unique people trained"},
    {"devices.lent", "Toestellen uitgeleend", "Devices lent"},
    {"devices.given", "Toestellen geschonken", "Devices given"},
    {"devices.returned", "Toestellen teruggebracht", "Devices returned"},
    {"devices.overdue", "Uitleningen te laat", "Loans overdue"},
    {"devices.internet_support.social_tariff", "Sociaal tarief internet", "Social internet tariff"},
    {"devices.internet_support.pasoa", "PASOA-tegemoetkoming", "PASOA allowance"},
    {"devices.internet_support.hotspot", "Mobiele hotspot", "Mobile hotspot"},
    {"devices.internet_support.package", "Digitaal pakket", "Digital package"},
    {"screenings.screenings", "Digiscans", "Skills screenings"},
    {"screenings.people_screened", "Unieke mensen gescreend", "Unique people screened"},
    {"screenings.people_with_progress", "Opnieuw gescreend", "Screened again"},
    {"screenings.average_progress", "Gemiddelde vooruitgang (punten)", "Average progress (points)"},
    {"categories", "Soort hulpvraag", "Kind of help"},
    {"channels", "Kanaal", "Channel"},
    {"neighbourhoods", "Per wijk", "Per neighbourhood"},
    {"months", "Per maand", "Per month"},
    {"target_groups", "Per doelgroep", "Per target group"},
    {"unknown", "onbekend", "unknown"},
    {"col.help_requests", "Hulpvragen", "Help"},
    {"col.at_home", "Aan huis", "At home"},
    {"col.sessions", "Sessies", "Sessions"},
    {"col.attendances", "Deelnames", "Attendances"},
    {"col.devices_lent", "Uitgeleend", "Lent"},
    {"col.devices_given", "Geschonken", "Given"},
    {"col.screenings", "Digiscans", "Screenings"},
    {"digipunt", "Digipunt", "Digipunt"},
    {"home", "Aan huis", "At home"},
    {"digibank", "Digibank", "Digibank"},
    {"welzijnsbureau", "Welzijnsbureau", "Welfare office"},
    {"neighbourhood", "Buurtsessie", "Neighbourhood session"},
    {"phone", "Telefoon", "Phone"},
};

std::string word(std::string_view key, std::string_view language) {
    for (const Wording& w : kWords)
        if (key == w.key) return language == "en" ? w.en : w.nl;
    return std::string(key);
}

std::string formatNumber(double value, std::string_view language) {
    char text[32];
    if (value == std::floor(value)) std::snprintf(text, sizeof text, "%.0f", value);
    else std::snprintf(text, sizeof text, "%.1f", value);
    std::string number = text;
    // Dutch groups thousands with '.' and writes decimals with ','.
    const char group = language == "en" ? ',' : '.';
    const char decimal = language == "en" ? '.' : ',';
    std::string::size_type point = number.find('.');
    std::string fraction = point == std::string::npos ? "" : std::string(1, decimal) + number.substr(point + 1);
    std::string whole = number.substr(0, point);
    const bool negative = !whole.empty() && whole.front() == '-';
    if (negative) whole.erase(0, 1);
    std::string grouped;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) grouped += group;
        grouped += whole[i];
    }
    return (negative ? "-" : "") + grouped + fraction;
}

std::string percentText(double share, std::string_view language) {
    return formatNumber(std::round(share * 100.0), language) + "%";
}

}  // namespace

std::vector<Change> headlineChanges(const Figures& figures) {
    std::vector<Change> changes;
    for (const Headline& h : headlines()) {
        Change change;
        change.key = h.key;
        change.current = h.value(figures.current);
        change.previous = h.value(figures.previousTotals);
        change.delta = change.current - change.previous;
        if (change.previous != 0) change.percent = change.delta / change.previous * 100.0;
        changes.push_back(std::move(change));
    }
    return changes;
}

nlohmann::json figuresToJson(const Figures& figures) {
    nlohmann::json changes = nlohmann::json::array();
    for (const Change& c : headlineChanges(figures))
        changes.push_back({{"key", c.key},
                           {"current", rounded(c.current)},
                           {"previous", rounded(c.previous)},
                           {"delta", rounded(c.delta)},
                           {"percent", c.percent ? nlohmann::json(rounded(*c.percent)) : nlohmann::json()}});
    const FigureFilter& f = figures.filter;
    return {{"format", "digicoach.figures"},
            {"format_version", 1},
            {"period", periodJson(f.period)},
            {"previous_period", periodJson(figures.previous)},
            {"filter",
             {{"neighbourhood_id", optionalJson(f.neighbourhoodId)},
              {"target_group_id", optionalJson(f.targetGroupId)},
              {"channel", optionalJson(f.channel)},
              {"organisation_id", optionalJson(f.organisationId)},
              {"coach_id", optionalJson(f.coachId)},
              {"today", optionalJson(f.today)}}},
            {"current", totalsJson(figures.current)},
            {"previous", totalsJson(figures.previousTotals)},
            {"change", changes},
            {"by_neighbourhood", breakdownJson(figures.byNeighbourhood)},
            {"by_target_group", breakdownJson(figures.byTargetGroup)},
            {"by_month", breakdownJson(figures.byMonth)}};
}

std::string figuresToCsv(const Figures& figures, char separator) {
    CsvWriter csv(separator);
    csv.text("section").text("figure").text("key").text("label").text("current").text("previous").endRow();
    csv.text("period").text("from").empty().empty().text(figures.filter.period.from).text(figures.previous.from).endRow();
    csv.text("period").text("to").empty().empty().text(figures.filter.period.to).text(figures.previous.to).endRow();
    for (const Change& c : headlineChanges(figures)) {
        const std::string key = c.key;
        const auto dot = key.find('.');
        csv.text(key.substr(0, dot)).text(key.substr(dot + 1)).empty().empty().number(c.current).number(c.previous).endRow();
    }
    auto shares = [&](const char* figure, const std::vector<Share>& current, const std::vector<Share>& previous) {
        for (const Share& s : current) {
            double previousCount = 0, previousShare = 0;
            for (const Share& p : previous)
                if (p.key == s.key) previousCount = double(p.count), previousShare = p.share;
            csv.text("help").text(std::string(figure) + ".count").text(s.key).text(s.label).number(double(s.count))
                .number(previousCount).endRow();
            csv.text("help").text(std::string(figure) + ".share").text(s.key).text(s.label).number(rounded(s.share))
                .number(rounded(previousShare)).endRow();
        }
    };
    shares("by_channel", figures.current.help.byChannel, figures.previousTotals.help.byChannel);
    shares("by_category", figures.current.help.byCategory, figures.previousTotals.help.byCategory);
    auto breakdown = [&](const char* section, const std::vector<BreakdownRow>& rows) {
        for (const BreakdownRow& row : rows) {
            for (const BreakdownColumn& column : kBreakdownColumns)
                csv.text(section).text(column.key).text(row.key).text(row.label).number(double(row.*(column.member)))
                    .empty().endRow();
            if (row.peopleHelped)
                csv.text(section).text("people_helped").text(row.key).text(row.label).number(double(*row.peopleHelped))
                    .empty().endRow();
        }
    };
    breakdown("by_neighbourhood", figures.byNeighbourhood);
    breakdown("by_target_group", figures.byTargetGroup);
    breakdown("by_month", figures.byMonth);
    return csv.take();
}

std::string figuresToHtml(const Figures& figures, std::string_view language) {
    const std::string lang = language == "en" ? "en" : "nl";
    auto w = [&](std::string_view key) { return escapeHtml(word(key, lang)); };
    auto n = [&](double value) { return formatNumber(value, lang); };
    const Period& period = figures.filter.period;
    std::string html;
    html += "<!DOCTYPE html>\n<html lang=\"" + lang + "\">\n<head>\n<meta charset=\"utf-8\">\n";
    html += "<title>Digicoach " + w("title") + " " + escapeHtml(period.from) + " – " + escapeHtml(period.to) +
            "</title>\n";
    // One A4 page: small type, tables side by side, nothing to click.
    html +=
        "<style>\n@page { size: A4; margin: 12mm; }\n"
        "body { font-family: 'Segoe UI', Arial, sans-serif; font-size: 9.5pt; color: #1a1a1a; margin: 0; }\n"
        "h1 { font-size: 18pt; margin: 0 0 2mm; } h2 { font-size: 11pt; margin: 4mm 0 1mm; }\n"
        ".sub { color: #555; margin-bottom: 3mm; }\n"
        ".cols { display: flex; gap: 6mm; } .cols > div { flex: 1; }\n"
        "table { border-collapse: collapse; width: 100%; }\n"
        "th, td { padding: 0.6mm 1.5mm; border-bottom: 0.2mm solid #ddd; text-align: right; }\n"
        "th:first-child, td:first-child { text-align: left; }\n"
        "th { background: #f0f0f0; } .big { font-size: 12pt; font-weight: bold; }\n"
        ".bar { display: inline-block; height: 2.5mm; background: #2b6cb0; vertical-align: middle; }\n"
        "</style>\n</head>\n<body>\n";
    html += "<h1>Digicoach " + w("title") + "</h1>\n";
    html += "<div class=\"sub\">" + w("period") + ": " + escapeHtml(period.from) + " – " + escapeHtml(period.to) +
            " (" + w("previous") + ": " + escapeHtml(figures.previous.from) + " – " + escapeHtml(figures.previous.to) +
            ")</div>\n";

    html += "<table>\n<tr><th>" + w("figure") + "</th><th>" + escapeHtml(period.from.substr(0, 4)) + "</th><th>" +
            w("previous") + "</th><th>" + w("change") + "</th></tr>\n";
    for (const Change& c : headlineChanges(figures)) {
        const bool main = c.key == "help.answered" || c.key == "help.people_helped" || c.key == "training.attendances";
        std::string change = (c.delta > 0 ? "+" : "") + n(c.delta);
        if (c.percent) change += " (" + std::string(*c.percent > 0 ? "+" : "") + n(std::round(*c.percent)) + "%)";
        html += "<tr><td" + std::string(main ? " class=\"big\"" : "") + ">" + w(c.key) + "</td><td" +
                (main ? " class=\"big\"" : "") + ">" + n(c.current) + "</td><td>" + n(c.previous) + "</td><td>" +
                change + "</td></tr>\n";
    }
    html += "</table>\n<div class=\"cols\">\n";
    auto shareTable = [&](const char* title, const std::vector<Share>& shares, bool translateLabels) {
        html += "<div><h2>" + w(title) + "</h2>\n<table>\n";
        for (const Share& s : shares) {
            const std::string label = s.label.empty() ? word("unknown", lang) : translateLabels ? word(s.label, lang)
                                                                                                 : s.label;
            html += "<tr><td>" + escapeHtml(label) + "</td><td>" + n(double(s.count)) + "</td><td>" +
                    percentText(s.share, lang) + "</td><td style=\"width:25mm;text-align:left\"><span class=\"bar\" " +
                    "style=\"width:" + std::to_string(static_cast<int>(std::round(s.share * 25))) +
                    "mm\"></span></td></tr>\n";
        }
        html += "</table></div>\n";
    };
    shareTable("categories", figures.current.help.byCategory, false);
    shareTable("channels", figures.current.help.byChannel, true);
    html += "</div>\n";
    auto breakdownTable = [&](const char* title, const std::vector<BreakdownRow>& rows) {
        html += "<h2>" + w(title) + "</h2>\n<table>\n<tr><th></th>";
        for (const BreakdownColumn& column : kBreakdownColumns)
            html += "<th>" + w(std::string("col.") + column.key) + "</th>";
        html += "</tr>\n";
        for (const BreakdownRow& row : rows) {
            html += "<tr><td>" + escapeHtml(row.label.empty() ? word("unknown", lang) : row.label) + "</td>";
            for (const BreakdownColumn& column : kBreakdownColumns)
                html += "<td>" + n(double(row.*(column.member))) + "</td>";
            html += "</tr>\n";
        }
        html += "</table>\n";
    };
    html += "<div class=\"cols\">\n<div>\n";
    breakdownTable("neighbourhoods", figures.byNeighbourhood);
    html += "</div>\n<div>\n";
    breakdownTable("months", figures.byMonth);
    html += "</div>\n</div>\n</body>\n</html>\n";
    return html;
}

// ---- Raw table export ----
namespace {

std::string cellText(const std::string& v) { return v; }
std::string cellText(const std::optional<std::string>& v) { return v.value_or(""); }
std::string cellText(int64_t v) { return std::to_string(v); }
std::string cellText(bool v) { return v ? "1" : "0"; }
std::string cellText(const IdList& v) { return nlohmann::json(v).dump(); }
std::string cellText(const SkillLevels& v) { return nlohmann::json(v).dump(); }

template <class R>
std::string tableCsv(Store& store, char separator, bool includePersonal) {
    CsvWriter csv(separator);
    csv.text("id").text("version").text("author_coach_id").text("created_at_ms").text("updated_at_ms");
    std::apply(
        [&](const auto&... f) { ((includePersonal || f.privacy == Privacy::Plain ? (void)csv.text(f.name) : void()), ...); },
        R::fields());
    csv.endRow();
    for (const R& record : store.all<R>()) {
        csv.text(record.meta.id).number(double(record.meta.version)).text(record.meta.authorCoachId);
        csv.text(std::to_string(record.meta.createdAtMs)).text(std::to_string(record.meta.updatedAtMs));
        std::apply(
            [&](const auto&... f) {
                ((includePersonal || f.privacy == Privacy::Plain ? (void)csv.text(cellText(record.*(f.member)))
                                                                 : void()),
                 ...);
            },
            R::fields());
        csv.endRow();
    }
    return csv.take();
}

}  // namespace

std::string exportTableCsv(Store& store, std::string_view recordType, char separator, bool includePersonal) {
    std::optional<std::string> result;
    forEachRecordType([&]<class R>() {
        if (!result && recordType == R::table) result = tableCsv<R>(store, separator, includePersonal);
    });
    if (!result) throw std::invalid_argument("unknown record type: " + std::string(recordType));
    return *result;
}

}  // namespace dc
