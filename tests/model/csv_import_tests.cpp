// Reference lists from CSV: the reader's RFC 4180 rules, the upsert by name, and
// all-or-nothing with a reason per line.
#include "model/csv_import.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace dc;
using namespace dc::test;

namespace {

std::vector<std::string> fieldsOf(const CsvTable& table, std::size_t row) {
    REQUIRE(row < table.rows.size());
    return table.rows[row].fields;
}

std::vector<std::string> namesOf(const std::vector<Neighbourhood>& list) {
    std::vector<std::string> names;
    for (const Neighbourhood& n : list) names.push_back(n.name);
    return names;
}

}  // namespace

TEST_CASE("the CSV reader takes a BOM, semicolons, quoted separators, quotes and line breaks") {
    const CsvTable table = parseCsv("\xEF\xBB\xBFnaam;stad\r\n\"Rabot; Blaisantvest\";Gent\r\n"
                                    "\"De \"\"Oude\"\" Dokken\";\"Gent\nCentrum\"\r\n\r\n;;\r\nLedeberg;");
    REQUIRE(table.errorKey.empty());
    REQUIRE(table.rows.size() == 4);
    CHECK(fieldsOf(table, 0) == std::vector<std::string>{"naam", "stad"});
    CHECK(fieldsOf(table, 1) == std::vector<std::string>{"Rabot; Blaisantvest", "Gent"});
    CHECK(fieldsOf(table, 2) == std::vector<std::string>{"De \"Oude\" Dokken", "Gent\nCentrum"});
    CHECK(fieldsOf(table, 3) == std::vector<std::string>{"Ledeberg", ""});
    // Line numbers are where a record starts in the file, blank lines counted.
    CHECK(table.rows[2].line == 3);
    CHECK(table.rows[3].line == 7);
}

TEST_CASE("the CSV reader picks a comma when the header has more commas than semicolons") {
    const CsvTable table = parseCsv("name,kind\nLigo,partner\n\"VDAB, Gent\",\"partner; regionaal\"\n");
    REQUIRE(table.errorKey.empty());
    CHECK(fieldsOf(table, 2) == std::vector<std::string>{"VDAB, Gent", "partner; regionaal"});
}

TEST_CASE("broken CSV is refused with the line and the reason") {
    CsvTable unclosed = parseCsv("name\nRabot\n\"Muide\nMeulestede\n");
    CHECK(unclosed.errorKey == "problem.csv_unclosed_quote");
    CHECK(unclosed.errorLine == 3);
    CsvTable stray = parseCsv("name\nRa\"bot\n");
    CHECK(stray.errorKey == "problem.csv_bad_quote");
    CHECK(stray.errorLine == 2);
    CsvTable afterQuote = parseCsv("name\n\"Rabot\"x\n");
    CHECK(afterQuote.errorKey == "problem.csv_bad_quote");
    CsvTable latin1 = parseCsv("name\nRabot\nSint-Amandsberg\nCaf\xE9\n");
    CHECK(latin1.errorKey == "problem.csv_not_unicode");
    CHECK(latin1.errorLine == 4);
    CHECK(parseCsv("name\n\xC0\xAF\n").errorKey == "problem.csv_not_unicode");  // overlong '/'
    CHECK(parseCsv("name\n\xED\xA0\x80\n").errorKey == "problem.csv_not_unicode");  // a surrogate
    CHECK(parseCsv("name\nGentbrugge \xE2\x82\xAC\n").errorKey.empty());
}

TEST_CASE("importing neighbourhoods adds new names, updates by name and leaves the same ones unchanged") {
    World w;
    const std::size_t before = w.store.all<Neighbourhood>().size();
    const int64_t outboxBefore = w.store.outboxCount();
    const ImportResult result = importReferenceCsv(w.ctx, ReferenceList::Neighbourhoods,
                                                   "naam;stad\nRabot;Gent\nrabot-blaisantvest;Gent\n"
                                                   "Ledeberg;\nZwijnaarde;Gent\nDrongen;Drongen\n");
    REQUIRE(result.ok());
    CHECK(result.added == 3);
    CHECK(result.updated == 1);  // Drongen's city
    CHECK(result.unchanged == 1);
    const std::vector<Neighbourhood> all = w.store.all<Neighbourhood>();
    CHECK(all.size() == before + 3);
    CHECK(w.store.outboxCount() == outboxBefore + 4);  // what changed travels to the hub
    const auto drongen = std::find_if(all.begin(), all.end(), [](const Neighbourhood& n) { return n.name == "Drongen"; });
    REQUIRE(drongen != all.end());
    CHECK(drongen->city == "Drongen");
    CHECK(drongen->meta.id == w.neighbourhoodId("Drongen"));
    const auto ledeberg = std::find_if(all.begin(), all.end(), [](const Neighbourhood& n) { return n.name == "Ledeberg"; });
    REQUIRE(ledeberg != all.end());
    CHECK(ledeberg->city == "Gent");  // an empty cell keeps the default
    CHECK(ledeberg->meta.id == seededId("neighbourhood", "Ledeberg"));  // the same id on every laptop

    // The same file again changes nothing.
    const ImportResult again = importReferenceCsv(w.ctx, ReferenceList::Neighbourhoods,
                                                  "naam;stad\nRabot;Gent\nrabot-blaisantvest;Gent\n"
                                                  "Ledeberg;\nZwijnaarde;Gent\nDrongen;Drongen\n");
    CHECK(again.ok());
    CHECK(again.unchanged == 5);
    CHECK(w.store.outboxCount() == outboxBefore + 4);
}

TEST_CASE("one bad line imports nothing and every bad line is named with its reason") {
    World w;
    const std::vector<std::string> before = namesOf(w.store.all<Neighbourhood>());
    const ImportResult result = importReferenceCsv(w.ctx, ReferenceList::Neighbourhoods,
                                                   "name,city\nLedeberg,Gent\n,Gent\nZwijnaarde,Gent\nledeberg,Gent\n" +
                                                       std::string(300, 'x') + ",Gent\nA,B,C\n");
    CHECK_FALSE(result.ok());
    CHECK(result.added == 0);
    REQUIRE(result.problems.size() == 4);
    CHECK(result.problems[0].line == 3);
    CHECK(result.problems[0].messageKey == "problem.name_required");
    CHECK(result.problems[1].line == 5);
    CHECK(result.problems[1].messageKey == "problem.csv_duplicate_name");
    CHECK(result.problems[2].line == 6);
    CHECK(result.problems[2].messageKey == "problem.text_too_long");
    CHECK(result.problems[3].line == 7);
    CHECK(result.problems[3].messageKey == "problem.csv_extra_field");
    CHECK(namesOf(w.store.all<Neighbourhood>()) == before);
}

TEST_CASE("the header must name the list's columns") {
    World w;
    ImportResult wrongList = importReferenceCsv(w.ctx, ReferenceList::TargetGroups, "name;city\nSenioren;Gent\n");
    REQUIRE(wrongList.problems.size() == 1);
    CHECK(wrongList.problems[0].messageKey == "problem.csv_unknown_column");
    CHECK(wrongList.problems[0].detail == "city");
    CHECK(importReferenceCsv(w.ctx, ReferenceList::TargetGroups, "groep\nSenioren\n").problems.back().messageKey ==
          "problem.csv_no_name_column");
    CHECK(importReferenceCsv(w.ctx, ReferenceList::TargetGroups, "name;naam\nx;y\n").problems[0].messageKey ==
          "problem.csv_duplicate_column");
    CHECK(importReferenceCsv(w.ctx, ReferenceList::TargetGroups, "name\n").problems[0].messageKey == "problem.csv_no_rows");
    CHECK(importReferenceCsv(w.ctx, ReferenceList::TargetGroups, "").problems[0].messageKey == "problem.csv_empty");
    CHECK(importReferenceCsv(w.ctx, ReferenceList::TargetGroups, "\xEF\xBB\xBF\r\n").problems[0].messageKey ==
          "problem.csv_empty");
}

TEST_CASE("categories take a parent by name, also one added by the same file, and at most two levels") {
    World w;
    const ImportResult result = importReferenceCsv(w.ctx, ReferenceList::Categories,
                                                   "name;parent;sort_order\n"
                                                   "Kansspelen en schulden;Online veiligheid;5\n"
                                                   "Gezondheid;;8\n"
                                                   "Mijn Gezondheid;Gezondheid;\n"
                                                   "E-mail;Technische hulp;\n");
    REQUIRE(result.ok());
    CHECK(result.added == 3);
    CHECK(result.unchanged == 1);  // E-mail was there, under Technische hulp
    const std::optional<HelpCategory> child = w.store.find<HelpCategory>(seededId("category", "Gezondheid/Mijn Gezondheid"));
    REQUIRE(child);
    CHECK(child->parentId == seededId("category", "Gezondheid"));
    CHECK(w.store.find<HelpCategory>(seededId("category", "Gezondheid"))->sortOrder == 8);

    const ImportResult bad = importReferenceCsv(w.ctx, ReferenceList::Categories,
                                                "name;parent;sort_order\nX;Bestaat niet;\nY;E-mail;\nZ;;vijf\n");
    REQUIRE(bad.problems.size() == 3);
    CHECK(bad.problems[0].messageKey == "problem.csv_unknown_parent");
    CHECK(bad.problems[0].detail == "Bestaat niet");
    CHECK(bad.problems[1].messageKey == "problem.category_too_deep");
    CHECK(bad.problems[2].messageKey == "problem.csv_bad_number");
    CHECK_FALSE(w.store.find<HelpCategory>(seededId("category", "Z")));
}

TEST_CASE("a removed name imported again comes back as the same record") {
    World w;
    REQUIRE(importReferenceCsv(w.ctx, ReferenceList::Organisations, "name,kind\nDe Vierdaagse,partner\n").ok());
    const std::string id = seededId("organisation", "De Vierdaagse");
    REQUIRE(deleteRecord<Organisation>(w.ctx, id));
    const ImportResult again = importReferenceCsv(w.ctx, ReferenceList::Organisations, "name,kind\nDe Vierdaagse,\n");
    REQUIRE(again.ok());
    CHECK(again.added == 1);
    const std::optional<Organisation> back = w.store.find<Organisation>(id);
    REQUIRE(back);
    CHECK_FALSE(back->meta.deleted);
    CHECK(back->kind == "partner");
    CHECK(back->meta.version == 3);
}
