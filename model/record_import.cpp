// The bulk import of participants and devices: columns by field name (Dutch too), each
// line validated as the forms validate it, matched to existing records, all or nothing.
#include "model/record_import.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <span>

namespace dc {

namespace {

// A column by its field name and the Dutch header a coordinator's sheet may carry.
struct FieldColumn {
    const char* field;
    const char* dutch;
};

constexpr FieldColumn kParticipantColumns[] = {
    {"pseudonym", "naam"}, {"phone", "telefoon"}, {"neighbourhood", "wijk"},
    {"age_band", "leeftijd"}, {"language", "taal"}, {"consent_date", "toestemming"},
};
constexpr FieldColumn kDeviceColumns[] = {
    {"asset_tag", "label"}, {"model", "model"}, {"kind", "soort"}, {"serial_number", "serienummer"}, {"status", "status"},
};

// One data line: its cells by field name; a column the file lacks is empty.
struct RecordLine {
    int number = 0;
    std::map<std::string, std::string> cells;
    std::string cell(const std::string& field) const {
        const auto found = cells.find(field);
        return found == cells.end() ? std::string() : trimmed(found->second);
    }
};

// Reads the header and the lines under it; any problem found is added to `problems`.
std::vector<RecordLine> readLines(const CsvTable& table, std::span<const FieldColumn> columns, const char* requiredField,
                                  std::vector<ImportProblem>& problems) {
    const CsvRow& header = table.rows.front();
    std::vector<const char*> fieldAt;
    for (const std::string& title : header.fields) {
        const std::string wanted = lowered(trimmed(title));
        const auto known = std::find_if(columns.begin(), columns.end(), [&](const FieldColumn& c) {
            return wanted == c.field || wanted == c.dutch;
        });
        const char* field = known == columns.end() ? nullptr : known->field;
        if (!field) {
            if (!wanted.empty()) problems.push_back({header.line, "problem.csv_unknown_column", trimmed(title)});
        } else if (std::find(fieldAt.begin(), fieldAt.end(), field) != fieldAt.end()) {
            problems.push_back({header.line, "problem.csv_duplicate_column", trimmed(title)});
        }
        fieldAt.push_back(field);
    }
    if (std::find_if(fieldAt.begin(), fieldAt.end(), [&](const char* f) { return f == requiredField; }) == fieldAt.end())
        problems.push_back({header.line, "problem.csv_missing_column", requiredField});
    if (table.rows.size() == 1) problems.push_back({header.line, "problem.csv_no_rows", {}});
    if (table.rows.size() - 1 > kMaxRecordImportRows)
        problems.push_back({table.rows[kMaxRecordImportRows + 1].line, "problem.csv_too_many_records", {}});
    std::vector<RecordLine> lines;
    if (!problems.empty()) return lines;
    lines.reserve(table.rows.size() - 1);
    for (std::size_t r = 1; r < table.rows.size(); ++r) {
        const CsvRow& row = table.rows[r];
        RecordLine line{row.line, {}};
        for (std::size_t f = 0; f < row.fields.size(); ++f) {
            if (f < fieldAt.size() && fieldAt[f]) {
                line.cells[fieldAt[f]] = row.fields[f];
            } else if (!trimmed(row.fields[f]).empty()) {
                problems.push_back({row.line, "problem.csv_extra_field", {}});
                break;
            }
        }
        lines.push_back(std::move(line));
    }
    return lines;
}

// The same number however it is written: "0470/12.34.56", "+32 470 12 34 56".
std::string phoneKey(std::string_view phone) {
    std::string digits;
    for (char c : phone)
        if (c >= '0' && c <= '9') digits += c;
    if (digits.starts_with("0032"))
        digits.replace(0, 4, "0");
    else if (phone.find('+') != std::string_view::npos && digits.starts_with("32"))
        digits.replace(0, 2, "0");
    return digits;
}

std::string personKey(const std::string& pseudonym, const std::string& phone) {
    return lowered(trimmed(pseudonym)) + '\n' + phoneKey(phone);
}

void reportInvalid(const std::vector<Problem>& found, int line, std::vector<ImportProblem>& problems) {
    for (const Problem& p : found) problems.push_back({line, p.messageKey, p.field});
}

void importParticipants(ServiceContext& ctx, const std::vector<RecordLine>& lines, const RecordImportOptions& options,
                        RecordImportResult& result) {
    std::map<std::string, std::string> neighbourhoodIdByName;
    // A file written in either language names a neighbourhood either way.
    for (const Neighbourhood& n : ctx.store.all<Neighbourhood>()) {
        neighbourhoodIdByName.emplace(lowered(trimmed(n.name)), n.meta.id);
        if (!n.nameEn.empty()) neighbourhoodIdByName.emplace(lowered(trimmed(n.nameEn)), n.meta.id);
    }
    std::set<std::string> existing;
    for (const Participant& p : ctx.store.all<Participant>())
        if (!p.erasedOn) existing.insert(personKey(p.pseudonym, p.phone));
    std::set<std::string> seenInFile;
    const int64_t nowMs = ctx.clock.nowMs();
    for (const RecordLine& line : lines) {
        Participant p;
        p.pseudonym = line.cell("pseudonym");
        p.phone = line.cell("phone");
        if (const std::string age = line.cell("age_band"); !age.empty()) p.ageBand = age;
        if (const std::string language = line.cell("language"); !language.empty()) p.language = lowered(language);
        if (const std::string consent = line.cell("consent_date"); !consent.empty()) {
            // The coordinator's list holds people who agreed to have their data kept.
            p.consentDate = consent;
            p.consentScopes = {"store"};
        }
        const std::size_t problemsBefore = result.problems.size();
        if (const std::string wijk = line.cell("neighbourhood"); !wijk.empty()) {
            const auto found = neighbourhoodIdByName.find(lowered(wijk));
            if (found == neighbourhoodIdByName.end())
                result.problems.push_back({line.number, "problem.unknown_neighbourhood", wijk});
            else
                p.neighbourhoodId = found->second;
        }
        reportInvalid(validate(ctx.store, p), line.number, result.problems);
        const std::string key = personKey(p.pseudonym, p.phone);
        if (!p.pseudonym.empty() && !seenInFile.insert(key).second)
            result.problems.push_back({line.number, "problem.csv_repeated_person", p.pseudonym});
        if (result.problems.size() != problemsBefore || !result.ok()) continue;
        if (existing.contains(key)) {
            result.duplicates.push_back({line.number, p.pseudonym});
            if (!options.includeDuplicates) continue;
        }
        ctx.store.put(p, ctx.coachId, nowMs);
        ++result.added;
    }
}

void importDevices(ServiceContext& ctx, const std::vector<RecordLine>& lines, RecordImportResult& result) {
    std::map<std::string, Device> existingByTag;
    for (Device& d : ctx.store.all<Device>())
        if (!trimmed(d.assetTag).empty()) existingByTag.emplace(lowered(trimmed(d.assetTag)), std::move(d));
    std::set<std::string> seenInFile;
    const int64_t nowMs = ctx.clock.nowMs();
    for (const RecordLine& line : lines) {
        const std::string tag = line.cell("asset_tag");
        const std::string tagKey = lowered(tag);
        Device d;
        const auto found = tagKey.empty() ? existingByTag.end() : existingByTag.find(tagKey);
        if (found != existingByTag.end())
            d = found->second;  // the inventory sheet's values win, the tag keeps how it was written
        else
            d.assetTag = tag;
        auto setIfGiven = [&](std::string& value, const char* field, bool code) {
            if (std::string cell = line.cell(field); !cell.empty()) value = code ? lowered(cell) : cell;
        };
        setIfGiven(d.model, "model", false);
        setIfGiven(d.kind, "kind", true);
        setIfGiven(d.serialNumber, "serial_number", false);
        setIfGiven(d.status, "status", true);
        const std::size_t problemsBefore = result.problems.size();
        if (tag.empty()) result.problems.push_back({line.number, "problem.csv_missing_tag", {}});
        if (!tag.empty() && !seenInFile.insert(tagKey).second)
            result.problems.push_back({line.number, "problem.csv_repeated_tag", tag});
        reportInvalid(validate(ctx.store, d), line.number, result.problems);
        if (result.problems.size() != problemsBefore || !result.ok()) continue;
        if (found != existingByTag.end()) {
            result.updates.push_back({line.number, tag});
            if (d == found->second) continue;
            ctx.store.put(d, ctx.coachId, nowMs);
            ++result.updated;
        } else {
            ctx.store.put(d, ctx.coachId, nowMs);
            ++result.added;
        }
    }
}

}  // namespace

std::optional<RecordList> recordListFromName(std::string_view name) {
    if (name == "participants") return RecordList::Participants;
    if (name == "devices") return RecordList::Devices;
    return std::nullopt;
}

RecordImportResult importRecordsCsv(ServiceContext& ctx, RecordList list, std::string_view csvText,
                                    const RecordImportOptions& options) {
    RecordImportResult result;
    const CsvTable table = parseCsv(csvText);
    if (std::optional<ImportProblem> unreadable = wholeFileProblem(table)) {
        result.problems.push_back(std::move(*unreadable));
        return result;
    }
    const bool participants = list == RecordList::Participants;
    const std::vector<RecordLine> lines =
        participants ? readLines(table, kParticipantColumns, "pseudonym", result.problems)
                     : readLines(table, kDeviceColumns, "asset_tag", result.problems);
    if (!result.ok()) return result;

    Transaction tx(ctx.store.db());
    if (participants)
        importParticipants(ctx, lines, options, result);
    else
        importDevices(ctx, lines, result);
    std::stable_sort(result.problems.begin(), result.problems.end(),
                     [](const ImportProblem& a, const ImportProblem& b) { return a.line < b.line; });
    if (!result.ok()) {
        RecordImportResult refused;
        refused.problems = std::move(result.problems);
        return refused;  // the transaction rolls back
    }
    if (!options.dryRun) tx.commit();
    return result;
}

}  // namespace dc
