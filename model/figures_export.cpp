// The figures as JSON (for the hub and scripts), CSV (for Excel) and a printable HTML
// page, and a plain CSV export of one record table. Keys: docs/report-json.md.
#include "model/figures.hpp"

#include "model/html_text.hpp"
#include "model/number_format.hpp"

#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <stdexcept>

namespace dc {

namespace {

// ---- Headline figures: one list drives the JSON "change" block, the CSV and the HTML ----
struct Headline {
    const char* key;
    const char* labelKey;  // its words in assets/i18n
    std::function<double(const Totals&)> value;
    bool isCount = true;
};

const std::vector<Headline>& headlines() {
    static const std::vector<Headline> list = {
        {"help.answered", "report.figure.help_answered", [](const Totals& t) { return double(t.help.answered); }},
        {"help.anonymous", "report.figure.help_anonymous", [](const Totals& t) { return double(t.help.anonymous); }},
        {"help.at_home", "report.figure.help_at_home", [](const Totals& t) { return double(t.help.atHome); }},
        {"help.people_helped", "report.figure.help_people_helped", [](const Totals& t) { return double(t.help.peopleHelped); }},
        {"training.sessions", "report.figure.training_sessions", [](const Totals& t) { return double(t.training.sessions); }},
        {"training.registered_attendances", "report.figure.training_registered_attendances", [](const Totals& t) { return double(t.training.registeredAttendances); }},
        {"training.anonymous_head_count", "report.figure.training_anonymous_head_count", [](const Totals& t) { return double(t.training.anonymousHeadCount); }},
        {"training.attendances", "report.figure.training_attendances", [](const Totals& t) { return double(t.training.attendances); }},
        {"training.people_trained", "report.figure.training_people_trained", [](const Totals& t) { return double(t.training.peopleTrained); }},
        {"devices.lent", "report.figure.devices_lent", [](const Totals& t) { return double(t.devices.lent); }},
        {"devices.given", "report.figure.devices_given", [](const Totals& t) { return double(t.devices.given); }},
        {"devices.returned", "report.figure.devices_returned", [](const Totals& t) { return double(t.devices.returned); }},
        {"devices.overdue", "report.figure.devices_overdue", [](const Totals& t) { return double(t.devices.overdue); }},
        {"devices.internet_support.social_tariff", "report.figure.internet_social_tariff",
         [](const Totals& t) { return double(t.devices.internetSupport.socialTariff); }},
        {"devices.internet_support.pasoa", "report.figure.internet_pasoa", [](const Totals& t) { return double(t.devices.internetSupport.pasoa); }},
        {"devices.internet_support.hotspot", "report.figure.internet_hotspot", [](const Totals& t) { return double(t.devices.internetSupport.hotspot); }},
        {"devices.internet_support.package", "report.figure.internet_package", [](const Totals& t) { return double(t.devices.internetSupport.package); }},
        {"screenings.screenings", "report.figure.screenings", [](const Totals& t) { return double(t.screenings.screenings); }},
        {"screenings.people_screened", "report.figure.people_screened", [](const Totals& t) { return double(t.screenings.peopleScreened); }},
        {"screenings.people_with_progress", "report.figure.people_with_progress", [](const Totals& t) { return double(t.screenings.peopleWithProgress); }},
        {"screenings.average_progress", "report.figure.average_progress", [](const Totals& t) { return t.screenings.averageProgress; }, false},
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
// Whole numbers without decimals, anything else with one, as the printed page shows them.
std::string pageNumber(double value, const NumberStyle& style) {
    return formatNumber(value, value == std::floor(value) ? 0 : 1, style);
}

}  // namespace

const char* headlineLabelKey(std::string_view key) {
    for (const Headline& h : headlines())
        if (key == h.key) return h.labelKey;
    return "report.unknown";
}

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
              {"project_id", optionalJson(f.projectId)},
              {"today", optionalJson(f.today)}}},
            {"current", totalsJson(figures.current)},
            {"previous", totalsJson(figures.previousTotals)},
            {"change", changes},
            {"by_neighbourhood", breakdownJson(figures.byNeighbourhood)},
            {"by_city", breakdownJson(figures.byCity)},
            {"by_target_group", breakdownJson(figures.byTargetGroup)},
            {"by_project", breakdownJson(figures.byProject)},
            {"by_month", breakdownJson(figures.byMonth)}};
}

std::string figuresToCsv(const Figures& figures, char separator, const Wording& words) {
    CsvWriter csv(separator);
    csv.text("section").text("figure").text("key").text("label").text("current").text("previous").endRow();
    csv.text("period").text("from").empty().empty().text(figures.filter.period.from).text(figures.previous.from).endRow();
    csv.text("period").text("to").empty().empty().text(figures.filter.period.to).text(figures.previous.to).endRow();
    for (const Change& c : headlineChanges(figures)) {
        const std::string key = c.key;
        const auto dot = key.find('.');
        csv.text(key.substr(0, dot)).text(key.substr(dot + 1)).empty().text(words.text(headlineLabelKey(key)))
            .number(c.current).number(c.previous).endRow();
    }
    auto shares = [&](const char* figure, const std::vector<Share>& current, const std::vector<Share>& previous,
                      auto&& labelOf) {
        for (const Share& s : current) {
            const std::string label = labelOf(s);
            double previousCount = 0, previousShare = 0;
            for (const Share& p : previous)
                if (p.key == s.key) previousCount = double(p.count), previousShare = p.share;
            csv.text("help").text(std::string(figure) + ".count").text(s.key).text(label).number(double(s.count))
                .number(previousCount).endRow();
            csv.text("help").text(std::string(figure) + ".share").text(s.key).text(label).number(rounded(s.share))
                .number(rounded(previousShare)).endRow();
        }
    };
    shares("by_channel", figures.current.help.byChannel, figures.previousTotals.help.byChannel,
           [&](const Share& s) { return words.text("channel." + s.key); });
    shares("by_category", figures.current.help.byCategory, figures.previousTotals.help.byCategory,
           [](const Share& s) { return s.label; });
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
    breakdown("by_city", figures.byCity);
    breakdown("by_target_group", figures.byTargetGroup);
    breakdown("by_project", figures.byProject);
    breakdown("by_month", figures.byMonth);
    return csv.take();
}

std::string figuresToHtml(const Figures& figures, const Wording& words) {
    const std::string lang = words.language;
    const NumberStyle numbers = words.numbers();
    auto w = [&](std::string_view key) { return escapeHtml(words.text(key)); };
    auto n = [&](double value) { return pageNumber(value, numbers); };
    const Period& period = figures.filter.period;
    std::string html;
    html += "<!DOCTYPE html>\n<html lang=\"" + lang + "\">\n<head>\n<meta charset=\"utf-8\">\n";
    html += "<title>" + w("report.export.page_title") + " " + escapeHtml(period.from) + " – " + escapeHtml(period.to) +
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
    html += "<h1>" + w("report.export.page_title") + "</h1>\n";
    html += "<div class=\"sub\">" + w("report.period") + ": " + escapeHtml(period.from) + " – " + escapeHtml(period.to) +
            " (" + w("report.col.previous") + ": " + escapeHtml(figures.previous.from) + " – " + escapeHtml(figures.previous.to) +
            ")</div>\n";

    html += "<table>\n<tr><th>" + w("report.col.figure") + "</th><th>" + escapeHtml(period.from.substr(0, 4)) + "</th><th>" +
            w("report.col.previous") + "</th><th>" + w("report.col.change") + "</th></tr>\n";
    for (const Change& c : headlineChanges(figures)) {
        const bool main = c.key == "help.answered" || c.key == "help.people_helped" || c.key == "training.attendances";
        std::string change = (c.delta > 0 ? "+" : "") + n(c.delta);
        if (c.percent) change += " (" + std::string(*c.percent > 0 ? "+" : "") + n(std::round(*c.percent)) + "%)";
        html += "<tr><td" + std::string(main ? " class=\"big\"" : "") + ">" + w(headlineLabelKey(c.key)) + "</td><td" +
                (main ? " class=\"big\"" : "") + ">" + n(c.current) + "</td><td>" + n(c.previous) + "</td><td>" +
                change + "</td></tr>\n";
    }
    html += "</table>\n<div class=\"cols\">\n";
    auto shareTable = [&](const char* titleKey, const std::vector<Share>& shares, bool channels) {
        html += "<div><h2>" + w(titleKey) + "</h2>\n<table>\n";
        for (const Share& s : shares) {
            const std::string label = s.label.empty() ? words.text("report.unknown")
                                      : channels      ? words.text("channel." + s.key)
                                                      : s.label;
            html += "<tr><td>" + escapeHtml(label) + "</td><td>" + n(double(s.count)) + "</td><td>" +
                    n(std::round(s.share * 100.0)) + "%" + "</td><td style=\"width:25mm;text-align:left\"><span class=\"bar\" " +
                    "style=\"width:" + std::to_string(static_cast<int>(std::round(s.share * 25))) +
                    "mm\"></span></td></tr>\n";
        }
        html += "</table></div>\n";
    };
    shareTable("report.chart.categories", figures.current.help.byCategory, false);
    shareTable("report.chart.channels", figures.current.help.byChannel, true);
    html += "</div>\n";
    auto breakdownTable = [&](const char* titleKey, const std::vector<BreakdownRow>& rows) {
        html += "<h2>" + w(titleKey) + "</h2>\n<table>\n<tr><th></th>";
        for (const BreakdownColumn& column : kBreakdownColumns)
            html += "<th>" + w(std::string("report.col.") + column.key) + "</th>";
        html += "</tr>\n";
        for (const BreakdownRow& row : rows) {
            html += "<tr><td>" + escapeHtml(row.label.empty() ? words.text("report.unknown") : row.label) + "</td>";
            for (const BreakdownColumn& column : kBreakdownColumns)
                html += "<td>" + n(double(row.*(column.member))) + "</td>";
            html += "</tr>\n";
        }
        html += "</table>\n";
    };
    html += "<div class=\"cols\">\n<div>\n";
    breakdownTable("report.section.by_neighbourhood", figures.byNeighbourhood);
    html += "</div>\n<div>\n";
    breakdownTable("report.section.by_month", figures.byMonth);
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

// The reference fields whose names are written beside their ids, so a table reads in a
// spreadsheet without looking ids up: the column's title for each.
std::optional<std::string> namesColumnFor(std::string_view field) {
    if (field == "neighbourhood_id") return "neighbourhood_name";
    if (field == "category_id") return "category_name";
    if (field == "organisation_id") return "organisation_name";
    if (field == "target_group_ids") return "target_group_names";
    return std::nullopt;
}

using NamesById = std::map<std::string, std::string, std::less<>>;

NamesById referenceNames(Store& store) {
    NamesById names;
    const auto add = [&]<class R>() {
        for (const R& record : store.all<R>()) names.emplace(record.meta.id, record.name);
    };
    add.template operator()<Neighbourhood>();
    add.template operator()<HelpCategory>();
    add.template operator()<Organisation>();
    add.template operator()<TargetGroup>();
    return names;
}

std::string nameOf(const NamesById& names, std::string_view id) {
    const auto found = names.find(id);
    return found == names.end() ? std::string() : found->second;
}
std::string namesCell(const NamesById& names, const std::string& id) { return nameOf(names, id); }
std::string namesCell(const NamesById& names, const std::optional<std::string>& id) {
    return id ? nameOf(names, *id) : std::string();
}
std::string namesCell(const NamesById& names, const IdList& ids) {
    std::string joined;
    for (const std::string& id : ids) {
        if (!joined.empty()) joined += ", ";
        joined += nameOf(names, id);
    }
    return joined;
}
template <class Value>
std::string namesCell(const NamesById&, const Value&) {
    return {};
}

template <class R>
std::string tableCsv(Store& store, char separator, bool includePersonal) {
    const NamesById names = referenceNames(store);
    CsvWriter csv(separator);
    csv.text("id").text("version").text("author_coach_id").text("created_at_ms").text("updated_at_ms");
    const auto title = [&](const auto& f) {
        if (!includePersonal && f.privacy != Privacy::Plain) return;
        csv.text(f.name);
        if (const std::optional<std::string> column = namesColumnFor(f.name)) csv.text(*column);
    };
    std::apply([&](const auto&... f) { (title(f), ...); }, R::fields());
    csv.endRow();
    for (const R& record : store.all<R>()) {
        csv.text(record.meta.id).number(double(record.meta.version)).text(record.meta.authorCoachId);
        csv.text(std::to_string(record.meta.createdAtMs)).text(std::to_string(record.meta.updatedAtMs));
        const auto cell = [&](const auto& f) {
            if (!includePersonal && f.privacy != Privacy::Plain) return;
            csv.text(cellText(record.*(f.member)));
            if (namesColumnFor(f.name)) csv.text(namesCell(names, record.*(f.member)));
        };
        std::apply([&](const auto&... f) { (cell(f), ...); }, R::fields());
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
