// CSV reading (RFC 4180 as spreadsheets write it) and the all-or-nothing upsert of one
// reference list by name.
#include "model/csv_import.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>
#include <map>
#include <set>

namespace dc {

namespace {

// The line (1-based) of the first byte that is not part of valid UTF-8, or 0.
int firstInvalidUtf8Line(std::string_view text) {
    int line = 1;
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte == '\n') ++line;
        std::size_t length = 0;
        uint32_t codePoint = 0;
        if (byte < 0x80) {
            ++i;
            continue;
        } else if ((byte & 0xE0) == 0xC0) {
            length = 2;
            codePoint = byte & 0x1F;
        } else if ((byte & 0xF0) == 0xE0) {
            length = 3;
            codePoint = byte & 0x0F;
        } else if ((byte & 0xF8) == 0xF0) {
            length = 4;
            codePoint = byte & 0x07;
        } else {
            return line;
        }
        if (i + length > text.size()) return line;
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) return line;
            codePoint = (codePoint << 6) | (next & 0x3F);
        }
        // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8.
        const uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
        if (codePoint < smallest[length] || (codePoint >= 0xD800 && codePoint <= 0xDFFF) || codePoint > 0x10FFFF)
            return line;
        i += length;
    }
    return 0;
}

// Spreadsheets in Belgium write ';', elsewhere ','; the header row tells which.
char detectSeparator(std::string_view text) {
    int commas = 0;
    int semicolons = 0;
    bool quoted = false;
    for (char c : text) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (c == '\n' || c == '\r') break;
        commas += c == ',';
        semicolons += c == ';';
    }
    return semicolons > commas ? ';' : ',';
}

bool isBlankRow(const std::vector<std::string>& fields) {
    return std::all_of(fields.begin(), fields.end(), [](const std::string& f) { return trimmed(f).empty(); });
}

// ---- Columns ----
enum class Column { Name, NameEn, City, Kind, Parent, SortOrder };

struct ColumnName {
    const char* text;
    Column column;
};

// English and Dutch headers; compared case-insensitively.
constexpr ColumnName kColumnNames[] = {
    {"name", Column::Name},           {"naam", Column::Name},         {"name_en", Column::NameEn},
    {"naam_en", Column::NameEn},      {"engelse naam", Column::NameEn}, {"english name", Column::NameEn},
    {"city", Column::City},
    {"stad", Column::City},           {"gemeente", Column::City},     {"kind", Column::Kind},
    {"soort", Column::Kind},          {"type", Column::Kind},         {"parent", Column::Parent},
    {"hoofdcategorie", Column::Parent}, {"sort_order", Column::SortOrder}, {"volgorde", Column::SortOrder},
};

std::vector<Column> columnsOf(ReferenceList list) {
    switch (list) {
        case ReferenceList::Neighbourhoods: return {Column::Name, Column::NameEn, Column::City};
        case ReferenceList::Organisations: return {Column::Name, Column::NameEn, Column::Kind};
        case ReferenceList::TargetGroups: return {Column::Name, Column::NameEn};
        case ReferenceList::Categories: return {Column::Name, Column::NameEn, Column::Parent, Column::SortOrder};
    }
    return {Column::Name, Column::NameEn};
}

// One data line by column; a column the file lacks is absent.
struct Line {
    int number = 0;
    std::map<Column, std::string> values;
    std::string value(Column column) const {
        const auto found = values.find(column);
        return found == values.end() ? std::string() : trimmed(found->second);
    }
};

// ---- Upsert by name ----
std::string nameKey(const std::string& name) { return lowered(trimmed(name)); }
std::string keyOf(const Neighbourhood& r) { return nameKey(r.name); }
std::string keyOf(const Organisation& r) { return nameKey(r.name); }
std::string keyOf(const TargetGroup& r) { return nameKey(r.name); }
std::string keyOf(const HelpCategory& r) { return r.parentId.value_or("") + '\n' + nameKey(r.name); }

// Keeps a present value, or the record's own when the cell is empty (a new record
// keeps its default).
void setIfGiven(std::string& field, const std::string& value) {
    if (!value.empty()) field = value;
}

class Importer {
public:
    Importer(ServiceContext& ctx, ImportResult& result) : ctx_(ctx), result_(result) {}

    void problem(int line, const char* messageKey, std::string detail = {}) {
        result_.problems.push_back({line, messageKey, std::move(detail)});
    }

    // Adds or updates one record whose key fields are already set in `incoming`;
    // `fill` sets the other fields and may report problems. `seedName` names the id a
    // new record gets, the same on every laptop that imports the same list.
    template <class R, class Fill>
    std::optional<R> upsert(const Line& line, R incoming, const char* seedKind, const std::string& seedName, Fill fill) {
        const std::string key = keyOf(incoming);
        // A blank name is reported by validation, once per line, not as a repeat.
        if (!nameKey(incoming.name).empty() && !seen_.insert(std::string(R::table) + '\n' + key).second) {
            problem(line.number, "problem.csv_duplicate_name", incoming.name);
            return std::nullopt;
        }
        const std::map<std::string, R>& existing = index<R>();
        R record;
        bool isNew = false;
        if (auto found = existing.find(key); found != existing.end()) {
            record = found->second;
        } else {
            isNew = true;
            const std::string id = seededId(seedKind, seedName);
            const std::optional<R> earlier = ctx_.store.find<R>(id);
            if (!earlier) {
                record.meta.id = id;
            } else if (earlier->meta.deleted) {
                // A name that was removed earlier comes back as the same record.
                record = *earlier;
                record.meta.deleted = false;
            }  // else that id was renamed since: the new name gets an id of its own

        }
        const R before = record;
        record.name = incoming.name;
        setIfGiven(record.nameEn, line.value(Column::NameEn));
        if constexpr (requires { incoming.parentId; }) record.parentId = incoming.parentId;
        const std::size_t problemsBefore = result_.problems.size();
        fill(record, isNew);
        for (const Problem& p : validate(ctx_.store, record)) problem(line.number, p.messageKey.c_str(), p.field);
        if (result_.problems.size() != problemsBefore) return std::nullopt;
        if (!isNew && record == before) {
            ++result_.unchanged;
            return record;
        }
        ctx_.store.put(record, ctx_.coachId, ctx_.clock.nowMs());
        ++(isNew ? result_.added : result_.updated);
        return record;
    }

private:
    template <class R>
    const std::map<std::string, R>& index() {
        auto& cache = std::get<std::optional<std::map<std::string, R>>>(indexes_);
        if (!cache) {
            cache.emplace();
            for (R& r : ctx_.store.all<R>()) cache->emplace(keyOf(r), std::move(r));
        }
        return *cache;
    }

    ServiceContext& ctx_;
    ImportResult& result_;
    std::set<std::string> seen_;
    std::tuple<std::optional<std::map<std::string, Neighbourhood>>, std::optional<std::map<std::string, Organisation>>,
               std::optional<std::map<std::string, TargetGroup>>, std::optional<std::map<std::string, HelpCategory>>>
        indexes_;
};

void importCategories(ServiceContext& ctx, Importer& importer, const std::vector<Line>& lines) {
    // Top categories first, so a subcategory may name a parent added by the same file.
    std::vector<const Line*> ordered;
    for (const Line& line : lines)
        if (line.value(Column::Parent).empty()) ordered.push_back(&line);
    for (const Line& line : lines)
        if (!line.value(Column::Parent).empty()) ordered.push_back(&line);
    int position = 0;
    for (const Line* line : ordered) {
        HelpCategory incoming;
        incoming.name = line->value(Column::Name);
        std::string seedName = incoming.name;
        const std::string parentName = line->value(Column::Parent);
        if (!parentName.empty()) {
            // A top category by that name; failing that any, which validation refuses as too deep.
            std::optional<HelpCategory> parent;
            for (const HelpCategory& c : ctx.store.all<HelpCategory>()) {
                if (nameKey(c.name) != nameKey(parentName)) continue;
                if (!parent || (parent->parentId && !c.parentId)) parent = c;
            }
            if (!parent) {
                importer.problem(line->number, "problem.csv_unknown_parent", parentName);
                continue;
            }
            incoming.parentId = parent->meta.id;
            seedName = parent->name + "/" + incoming.name;
        }
        const std::string sortOrder = line->value(Column::SortOrder);
        const int rowPosition = position++;
        importer.upsert(*line, incoming, "category", seedName, [&](HelpCategory& c, bool isNew) {
            if (sortOrder.empty()) {
                if (isNew) c.sortOrder = rowPosition;
                return;
            }
            int64_t order = 0;
            const auto [end, error] = std::from_chars(sortOrder.data(), sortOrder.data() + sortOrder.size(), order);
            if (error != std::errc() || end != sortOrder.data() + sortOrder.size() || order < 0)
                importer.problem(line->number, "problem.csv_bad_number", sortOrder);
            else
                c.sortOrder = order;
        });
    }
}

}  // namespace

std::optional<ReferenceList> referenceListFromName(std::string_view name) {
    if (name == "neighbourhoods") return ReferenceList::Neighbourhoods;
    if (name == "organisations") return ReferenceList::Organisations;
    if (name == "target_groups") return ReferenceList::TargetGroups;
    if (name == "categories") return ReferenceList::Categories;
    return std::nullopt;
}

CsvTable parseCsv(std::string_view text) {
    CsvTable table;
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    if (const int badLine = firstInvalidUtf8Line(text)) {
        table.errorLine = badLine;
        table.errorKey = "problem.csv_not_unicode";
        return table;
    }
    const char separator = detectSeparator(text);
    int line = 1;
    CsvRow row{line, {}};
    std::string field;
    auto endRow = [&] {
        row.fields.push_back(std::move(field));
        field.clear();
        if (!isBlankRow(row.fields)) table.rows.push_back(std::move(row));
        row = CsvRow{line, {}};
    };
    std::size_t i = 0;
    bool fieldStart = true;
    while (i < text.size()) {
        const char c = text[i];
        if (fieldStart && c == '"') {
            const int quoteLine = line;
            ++i;
            for (;;) {
                if (i >= text.size()) {
                    table.errorLine = quoteLine;
                    table.errorKey = "problem.csv_unclosed_quote";
                    return table;
                }
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                if (text[i] == '\n') ++line;
                field += text[i++];
            }
            // After the closing quote only a separator or the end of the line may follow.
            if (i < text.size() && text[i] != separator && text[i] != '\n' && text[i] != '\r') {
                table.errorLine = line;
                table.errorKey = "problem.csv_bad_quote";
                return table;
            }
            fieldStart = false;
            continue;
        }
        fieldStart = false;
        if (c == separator) {
            row.fields.push_back(std::move(field));
            field.clear();
            fieldStart = true;
            ++i;
        } else if (c == '\n' || c == '\r') {
            i += (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
            ++line;
            endRow();
            fieldStart = true;
        } else if (c == '"') {
            table.errorLine = line;
            table.errorKey = "problem.csv_bad_quote";
            return table;
        } else {
            field += c;
            ++i;
        }
    }
    if (!fieldStart || !row.fields.empty()) endRow();
    return table;
}

CsvFile readCsvFile(const std::filesystem::path& path) {
    CsvFile file;
    std::error_code sizeError;
    const auto bytes = std::filesystem::file_size(path, sizeError);
    std::ifstream in(path, std::ios::binary);
    if (sizeError || !in) return file;
    if (bytes > kMaxImportFileBytes) {
        file.status = CsvFile::Status::TooLarge;
        return file;
    }
    std::ostringstream text;
    text << in.rdbuf();
    file.text = std::move(text).str();
    file.status = CsvFile::Status::Read;
    return file;
}

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t");
    return std::string(text.substr(first, last - first + 1));
}

std::string lowered(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::optional<ImportProblem> wholeFileProblem(const CsvTable& table) {
    if (!table.errorKey.empty()) return ImportProblem{table.errorLine, table.errorKey, {}};
    if (table.rows.empty()) return ImportProblem{1, "problem.csv_empty", {}};
    return std::nullopt;
}

ImportResult importReferenceCsv(ServiceContext& ctx, ReferenceList list, std::string_view csvText) {
    ImportResult result;
    const CsvTable table = parseCsv(csvText);
    if (std::optional<ImportProblem> unreadable = wholeFileProblem(table)) {
        result.problems.push_back(std::move(*unreadable));
        return result;
    }

    // The header: which column is which.
    const CsvRow& header = table.rows.front();
    const std::vector<Column> allowed = columnsOf(list);
    std::vector<std::optional<Column>> columnAt;
    for (const std::string& title : header.fields) {
        const std::string wanted = lowered(trimmed(title));
        std::optional<Column> column;
        for (const ColumnName& known : kColumnNames)
            if (wanted == known.text && std::find(allowed.begin(), allowed.end(), known.column) != allowed.end())
                column = known.column;
        if (!column) {
            if (!wanted.empty()) result.problems.push_back({header.line, "problem.csv_unknown_column", trimmed(title)});
        } else if (std::find(columnAt.begin(), columnAt.end(), column) != columnAt.end()) {
            result.problems.push_back({header.line, "problem.csv_duplicate_column", trimmed(title)});
        }
        columnAt.push_back(column);
    }
    if (std::find(columnAt.begin(), columnAt.end(), Column::Name) == columnAt.end())
        result.problems.push_back({header.line, "problem.csv_no_name_column", {}});
    if (table.rows.size() == 1) result.problems.push_back({header.line, "problem.csv_no_rows", {}});
    if (table.rows.size() - 1 > kMaxImportRows)
        result.problems.push_back({table.rows[kMaxImportRows + 1].line, "problem.csv_too_many_rows", {}});
    if (!result.ok()) return result;

    std::vector<Line> lines;
    for (std::size_t r = 1; r < table.rows.size(); ++r) {
        const CsvRow& row = table.rows[r];
        Line line{row.line, {}};
        for (std::size_t f = 0; f < row.fields.size(); ++f) {
            if (f < columnAt.size() && columnAt[f]) {
                line.values[*columnAt[f]] = row.fields[f];
            } else if (!trimmed(row.fields[f]).empty()) {
                result.problems.push_back({row.line, "problem.csv_extra_field", {}});
                break;
            }
        }
        lines.push_back(std::move(line));
    }

    Transaction tx(ctx.store.db());
    Importer importer(ctx, result);
    switch (list) {
        case ReferenceList::Neighbourhoods:
            for (const Line& line : lines) {
                Neighbourhood n;
                n.name = line.value(Column::Name);
                importer.upsert(line, n, "neighbourhood", n.name,
                                [&](Neighbourhood& r, bool) { setIfGiven(r.city, line.value(Column::City)); });
            }
            break;
        case ReferenceList::Organisations:
            for (const Line& line : lines) {
                Organisation o;
                o.name = line.value(Column::Name);
                importer.upsert(line, o, "organisation", o.name,
                                [&](Organisation& r, bool) { setIfGiven(r.kind, line.value(Column::Kind)); });
            }
            break;
        case ReferenceList::TargetGroups:
            for (const Line& line : lines) {
                TargetGroup t;
                t.name = line.value(Column::Name);
                importer.upsert(line, t, "target_group", t.name, [](TargetGroup&, bool) {});
            }
            break;
        case ReferenceList::Categories: importCategories(ctx, importer, lines); break;
    }
    std::stable_sort(result.problems.begin(), result.problems.end(),
                     [](const ImportProblem& a, const ImportProblem& b) { return a.line < b.line; });
    if (!result.ok()) {
        result.added = result.updated = result.unchanged = 0;
        return result;  // the transaction rolls back
    }
    tx.commit();
    return result;
}

}  // namespace dc
