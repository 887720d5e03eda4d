// Settings, the coordinator's bulk import through real frames: check a file, see the
// duplicates in the preview, import the new ones only, or cancel and write nothing.
#include "tests/ui/harness.hpp"

#include "app/shell.hpp"

#include <doctest/doctest.h>

#include <fstream>

using namespace dc;
using dc::uitest::UiHarness;
using dc::uitest::testDatabase;
using dc::uitest::testFile;

namespace {

std::string writeCsv(std::string_view name, const std::string& text) {
    const std::string path = testFile(name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

}  // namespace

TEST_CASE("Settings imports participants after a preview that lists the duplicates, and cancel writes nothing") {
    UiHarness ui(testDatabase("settings_import"));
    ui.addConsentedParticipant("Marleen Import");
    const std::size_t before = ui.store().all<Participant>().size();
    const std::string csv = writeCsv("deelnemers.csv", "\xEF\xBB\xBFnaam;telefoon;wijk;leeftijd;toestemming\r\n"
                                                       "Yusuf Import;0470 11 22 33;Rabot;30-49;2023-05-02\r\n"
                                                       "Marleen Import;;;;2023-05-02\r\n"
                                                       "Anna Import;09 233 45 67;Dampoort;65-79;2023-05-03\r\n");
    app::RecordImportState& s = ui.shell().settings.state.recordImport;

    ui.click("nav.settings");
    ui.click("settings.import.participants");
    ui.type("settings.import_file", csv);
    ui.click("settings.import_check");
    REQUIRE(s.preview.has_value());
    REQUIRE(s.preview->ok());
    CHECK(s.preview->added == 2);
    REQUIRE(s.preview->duplicates.size() == 1);
    CHECK(s.preview->duplicates[0].line == 3);
    CHECK(ui.isShown("settings.import_confirm"));
    CHECK(ui.store().all<Participant>().size() == before);  // the check writes nothing
    for (const auto& [width, height] : {std::pair{360, 740}, std::pair{1366, 768}}) {
        ui.resize(width, height);
        ui.click("settings.import_cancel");  // scrolls the preview's buttons into view...
        ui.click("settings.import_check");   // ...and shows the preview again
        ui.wheel(-10);                        // down to the duplicates under the buttons
        ui.screenshot("settings_import_duplicates_" + std::to_string(width) + "x" + std::to_string(height));
    }

    ui.click("settings.import_cancel");
    CHECK_FALSE(s.preview.has_value());
    CHECK(ui.store().all<Participant>().size() == before);

    ui.click("settings.import_check");
    ui.click("settings.import_confirm");
    CHECK_FALSE(s.preview.has_value());
    CHECK(s.message.find("2") != std::string::npos);
    CHECK_FALSE(s.messageIsProblem);
    CHECK(ui.store().all<Participant>().size() == before + 2);
    int marleens = 0;
    for (const Participant& p : ui.store().all<Participant>()) marleens += p.pseudonym == "Marleen Import";
    CHECK(marleens == 1);
    ui.screenshot("settings_import_done_1366x768");
}

TEST_CASE("Settings names every bad line of a device file and imports nothing") {
    UiHarness ui(testDatabase("settings_import_bad"));
    const std::size_t before = ui.store().all<Device>().size();
    const std::string csv = writeCsv("toestellen.csv", "label,model,soort,status\n"
                                                       "DC-900,Lenovo,laptop,available\n"
                                                       "DC-901,Dell,koelkast,available\n"
                                                       ",HP,laptop,available\n");
    app::RecordImportState& s = ui.shell().settings.state.recordImport;
    ui.click("nav.settings");
    ui.click("settings.import.devices");
    ui.type("settings.import_file", csv);
    ui.click("settings.import_check");
    REQUIRE(s.preview.has_value());
    REQUIRE(s.preview->problems.size() == 2);
    CHECK(s.preview->problems[0].line == 3);
    CHECK(s.preview->problems[1].line == 4);
    CHECK_FALSE(ui.isShown("settings.import_confirm"));
    ui.resize(360, 740);
    ui.click("settings.import_cancel");
    ui.click("settings.import_check");
    ui.wheel(-10);
    ui.screenshot("settings_import_refused_360x740");
    CHECK(ui.store().all<Device>().size() == before);

    ui.type("settings.import_file", "x");  // a path that changes forgets the preview
    CHECK_FALSE(s.preview.has_value());
    ui.click("settings.import_check");
    CHECK(s.messageIsProblem);
}
