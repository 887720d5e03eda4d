// Participants and devices from a coordinator's CSV: field names and Dutch headers,
// the forms' validation per line, all or nothing, duplicates, and encryption at rest.
#include "model/record_import.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace dc;
using namespace dc::test;

namespace {

std::vector<int> linesOf(const std::vector<ImportProblem>& problems) {
    std::vector<int> lines;
    for (const ImportProblem& p : problems) lines.push_back(p.line);
    return lines;
}

const Participant* findByPseudonym(const std::vector<Participant>& all, const std::string& pseudonym) {
    for (const Participant& p : all)
        if (p.pseudonym == pseudonym) return &p;
    return nullptr;
}

}  // namespace

TEST_CASE("participants are read by field name with a BOM and commas, and saved as the form saves them") {
    World w;
    const RecordImportResult result = importRecordsCsv(
        w.ctx, RecordList::Participants,
        "\xEF\xBB\xBFpseudonym,phone,neighbourhood,age_band,language,consent_date\r\n"
        "Fatima,0470 12 34 56,rabot,65-79,AR,2023-05-02\r\n"
        "Jozef,,,,,2023-05-03\r\n");
    REQUIRE(result.ok());
    CHECK(result.added == 2);
    const std::vector<Participant> all = w.store.all<Participant>();
    const Participant* fatima = findByPseudonym(all, "Fatima");
    REQUIRE(fatima != nullptr);
    CHECK(fatima->phone == "0470 12 34 56");
    CHECK(fatima->neighbourhoodId == w.neighbourhoodId("Rabot"));
    CHECK(fatima->ageBand == "65-79");
    CHECK(fatima->language == "ar");
    CHECK(fatima->consentDate == "2023-05-02");
    CHECK(fatima->consentScopes == IdList{"store"});
    const Participant* jozef = findByPseudonym(all, "Jozef");
    REQUIRE(jozef != nullptr);
    CHECK(jozef->ageBand == "unknown");
    CHECK(jozef->language == "nl");
}

TEST_CASE("participants take Dutch headers and semicolons") {
    World w;
    const RecordImportResult result =
        importRecordsCsv(w.ctx, RecordList::Participants,
                         "Naam;Telefoon;Wijk;Leeftijd;Taal;Toestemming\nAhmed;+32 9 233 45 67;Dampoort;30-49;fr;2023-06-01\n");
    REQUIRE(result.ok());
    const std::vector<Participant> all = w.store.all<Participant>();
    const Participant* ahmed = findByPseudonym(all, "Ahmed");
    REQUIRE(ahmed != nullptr);
    CHECK(ahmed->neighbourhoodId == w.neighbourhoodId("Dampoort"));
    CHECK(ahmed->phone == "+32 9 233 45 67");
}

TEST_CASE("one bad participant line imports nothing and every bad line is named with the form's reason") {
    World w;
    const std::size_t before = w.store.all<Participant>().size();
    const RecordImportResult result = importRecordsCsv(w.ctx, RecordList::Participants,
                                                       "naam;telefoon;wijk;leeftijd;toestemming\n"
                                                       "Goed;0470 12 34 56;;;2023-05-02\n"
                                                       "Kort nummer;0470 12 34;;;2023-05-02\n"
                                                       "Verre wijk;;Atlantis;;2023-05-02\n"
                                                       "Geen toestemming;;;;\n"
                                                       "Rare datum;;;;2023-13-40\n"
                                                       "Oud;;;honderd;2023-05-02\n"
                                                       ";;;;2023-05-02\n");
    CHECK_FALSE(result.ok());
    CHECK(result.added == 0);
    CHECK(linesOf(result.problems) == std::vector<int>{3, 4, 5, 6, 7, 8});
    CHECK(result.problems[0].messageKey == "problem.invalid_phone");
    CHECK(result.problems[1].messageKey == "problem.unknown_neighbourhood");
    CHECK(result.problems[1].detail == "Atlantis");
    CHECK(result.problems[2].messageKey == "problem.store_consent_required");
    CHECK(result.problems[3].messageKey == "problem.invalid_date");
    CHECK(result.problems[4].messageKey == "problem.invalid_choice");
    CHECK(result.problems[5].messageKey == "problem.pseudonym_required");
    CHECK(w.store.all<Participant>().size() == before);
}

TEST_CASE("the header must name known columns and the key column") {
    World w;
    const RecordImportResult unknown = importRecordsCsv(w.ctx, RecordList::Participants, "naam;schoenmaat\nA;42\n");
    REQUIRE(unknown.problems.size() == 1);
    CHECK(unknown.problems[0].messageKey == "problem.csv_unknown_column");
    CHECK(unknown.problems[0].detail == "schoenmaat");
    const RecordImportResult noTag = importRecordsCsv(w.ctx, RecordList::Devices, "model\nLenovo\n");
    REQUIRE(noTag.problems.size() == 1);
    CHECK(noTag.problems[0].messageKey == "problem.csv_missing_column");
    CHECK(importRecordsCsv(w.ctx, RecordList::Devices, "label,label\nA,B\n").problems[0].messageKey ==
          "problem.csv_duplicate_column");
}

TEST_CASE("a participant with the same pseudonym and phone as an existing one is a duplicate, skipped unless included") {
    auto addMaria = [](World& world) {
        Participant existing = World::consentedParticipant("Maria");
        existing.phone = "0470/12.34.56";
        REQUIRE(ParticipantService(world.ctx).save(existing).ok());
    };
    World w;
    addMaria(w);
    const std::string csv = "naam;telefoon;toestemming\n"
                            "maria;+32 470 12 34 56;2023-05-02\n"  // the same person, written otherwise
                            "Maria;0470 65 43 21;2023-05-02\n"     // the same name, another phone: someone else
                            "Nieuw;;2023-05-02\n";
    const std::size_t before = w.store.all<Participant>().size();

    const RecordImportResult preview = importRecordsCsv(w.ctx, RecordList::Participants, csv, {.dryRun = true});
    REQUIRE(preview.ok());
    REQUIRE(preview.duplicates.size() == 1);
    CHECK(preview.duplicates[0].line == 2);
    CHECK(preview.duplicates[0].label == "maria");
    CHECK(preview.added == 2);
    CHECK(w.store.all<Participant>().size() == before);  // a preview writes nothing

    const RecordImportResult skipped = importRecordsCsv(w.ctx, RecordList::Participants, csv);
    REQUIRE(skipped.ok());
    CHECK(skipped.added == 2);
    CHECK(w.store.all<Participant>().size() == before + 2);

    World other;
    addMaria(other);
    const RecordImportResult included =
        importRecordsCsv(other.ctx, RecordList::Participants, csv, {.includeDuplicates = true});
    CHECK(included.added == 3);
    CHECK(included.duplicates.size() == 1);
}

TEST_CASE("the same person twice in one file is a bad line") {
    World w;
    const RecordImportResult result = importRecordsCsv(w.ctx, RecordList::Participants,
                                                       "naam,telefoon,toestemming\nLea,0470123456,2023-05-02\n"
                                                       "LEA,0470 12 34 56,2023-05-02\n");
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0].line == 3);
    CHECK(result.problems[0].messageKey == "problem.csv_repeated_person");
}

TEST_CASE("devices are added, and a known inventory tag is updated with the file's values") {
    World w;
    Device known;
    known.assetTag = "DC-0001";
    known.model = "Oud model";
    known.serialNumber = "SN-1";
    REQUIRE(saveRecord(w.ctx, known).ok());
    const RecordImportResult result = importRecordsCsv(w.ctx, RecordList::Devices,
                                                       "label;model;soort;serienummer;status\n"
                                                       "dc-0001;Lenovo ThinkPad T480;laptop;;repair\n"
                                                       "DC-0002;Samsung Galaxy Tab A;Tablet;R52;available\n");
    REQUIRE(result.ok());
    CHECK(result.added == 1);
    CHECK(result.updated == 1);
    REQUIRE(result.updates.size() == 1);
    CHECK(result.updates[0].line == 2);
    const Device updated = *w.store.find<Device>(known.meta.id);
    CHECK(updated.model == "Lenovo ThinkPad T480");
    CHECK(updated.status == "repair");
    CHECK(updated.serialNumber == "SN-1");  // an empty cell keeps what was there
    bool tabletFound = false;
    for (const Device& d : w.store.all<Device>())
        if (d.assetTag == "DC-0002") tabletFound = d.kind == "tablet" && d.serialNumber == "R52";
    CHECK(tabletFound);
}

TEST_CASE("bad device lines are named and nothing is imported") {
    World w;
    const std::size_t before = w.store.all<Device>().size();
    const RecordImportResult result = importRecordsCsv(w.ctx, RecordList::Devices,
                                                       "asset_tag,model,kind,status\n"
                                                       "DC-1,Lenovo,laptop,available\n"
                                                       ",Dell,laptop,available\n"
                                                       "DC-2,Dell,fridge,available\n"
                                                       "DC-1,HP,laptop,available\n"
                                                       "DC-3,HP,laptop,stolen\n");
    CHECK(linesOf(result.problems) == std::vector<int>{3, 4, 5, 6});
    CHECK(result.problems[0].messageKey == "problem.csv_missing_tag");
    CHECK(result.problems[1].messageKey == "problem.invalid_choice");
    CHECK(result.problems[2].messageKey == "problem.csv_repeated_tag");
    CHECK(result.problems[3].messageKey == "problem.invalid_choice");
    CHECK(w.store.all<Device>().size() == before);
}

TEST_CASE("imported names and phones are encrypted on a protected store, as typed ones are") {
    TempDir dir;
    Store store = Store::open(dir.file("protected.db").string());
    store.protect("Koffie met de buren op dinsdag", KdfLimits::minimum());
    FixedClock clock(kTestNowMs);
    ServiceContext ctx{store, clock, "coordinator"};
    ReferenceService(ctx).seedDefaults();
    REQUIRE(importRecordsCsv(ctx, RecordList::Participants,
                             "naam;telefoon;toestemming\nGeheimnaam Zeven;0470 98 76 54;2023-05-02\n")
                .ok());
    Statement q = store.db().prepare("SELECT pseudonym, phone FROM participants");
    int rows = 0;
    while (q.step()) {
        ++rows;
        CHECK(q.text(0).find("Geheimnaam") == std::string::npos);
        CHECK(q.text(1).find("0470") == std::string::npos);
        CHECK(q.text(1).find("98 76 54") == std::string::npos);
    }
    CHECK(rows == 1);
    const std::vector<Participant> back = store.all<Participant>();
    REQUIRE(back.size() == 1);
    CHECK(back[0].phone == "0470 98 76 54");
}
