// Settings, the coordinator's bulk import of participants or devices: choose the list
// and the file, check it, see the duplicates, then import the new ones or cancel.
#include "app/i18n.hpp"
#include "app/screens/settings.hpp"
#include "app/widgets.hpp"

#include <imgui.h>

namespace dc::app {

namespace {

constexpr std::pair<RecordList, const char*> kImportLists[] = {{RecordList::Participants, "participants"},
                                                               {RecordList::Devices, "devices"}};

void forgetPreview(RecordImportState& s) {
    s.preview.reset();
    s.checkedText.clear();
    s.message.clear();
}

// The summary and the refused lines; the duplicates' lines come under the buttons, so a
// long list does not push Import and Cancel out of reach.
void drawPreviewSummary(const RecordImportResult& preview) {
    if (!preview.ok()) {
        ui::problemText(tr("settings.import_refused"));
        for (const ImportProblem& problem : preview.problems)
            ui::problemText(
                trFormat("settings.import_problem", {std::to_string(problem.line), importProblemReason(problem)}).c_str());
        return;
    }
    ui::mutedText(trFormat("settings.import_preview", {std::to_string(preview.added), std::to_string(preview.updated)}).c_str());
    if (!preview.duplicates.empty())
        ui::mutedText(trFormat("settings.import_duplicates", {std::to_string(preview.duplicates.size())}).c_str());
}

void drawDuplicateLines(const RecordImportResult& preview) {
    for (const ImportMatch& duplicate : preview.duplicates) {
        ImGui::PushID(duplicate.line);
        ImGui::TextWrapped("%s", trFormat("settings.import_duplicate_line", {std::to_string(duplicate.line), duplicate.label}).c_str());
        ImGui::PopID();
    }
}

}  // namespace

void SettingsScreen::drawRecordImport(AppContext& app) {
    RecordImportState& s = state.recordImport;
    ImGui::Spacing();
    ui::heading(tr("settings.import"));
    ui::mutedText(tr("settings.import_explained"));
    {
        ui::ChipFlow flow;
        for (const auto& [list, code] : kImportLists)
            if (flow.chip(std::string("settings.import.") + code, trCode("settings.import_list", code), s.list == list))
                app.later([&s, list = list] {
                    s.list = list;
                    forgetPreview(s);
                });
    }
    if (ui::textField("settings.import_file", tr("settings.import_file"), s.filePath, tr("settings.import_file_hint")))
        forgetPreview(s);
    if (s.preview) {
        drawPreviewSummary(*s.preview);
        if (s.preview->ok()) {
            const char* confirmText =
                s.preview->duplicates.empty() ? tr("settings.import_confirm") : tr("settings.import_new_only");
            const ui::ActionBarChoice choice =
                ui::actionBar("settings.import_confirm", confirmText, "settings.import_cancel", tr("common.cancel"),
                              ui::fitsSideBySide(confirmText, tr("common.cancel")));
            if (choice == ui::ActionBarChoice::Primary) app.later([this, &app] { applyRecordImport(app); });
            if (choice == ui::ActionBarChoice::Secondary) app.later([&s] { forgetPreview(s); });
        } else if (ui::button("settings.import_cancel", tr("common.cancel"))) {
            app.later([&s] { forgetPreview(s); });
        }
        drawDuplicateLines(*s.preview);
    } else if (ui::button("settings.import_check", tr("settings.import_check"))) {
        app.later([this, &app] { checkRecordImport(app); });
    }
    if (!s.message.empty()) {
        if (s.messageIsProblem)
            ui::problemText(s.message.c_str());
        else
            ui::successText(s.message.c_str());
    }
}

void SettingsScreen::checkRecordImport(AppContext& app) {
    RecordImportState& s = state.recordImport;
    forgetPreview(s);
    CsvFile file = readCsvFile(s.filePath);
    if (file.status != CsvFile::Status::Read) {
        s.message = file.status == CsvFile::Status::TooLarge ? tr("settings.import_too_large") : tr("settings.import_unreadable");
        s.messageIsProblem = true;
        return;
    }
    s.checkedText = std::move(file.text);
    s.preview = importRecordsCsv(app.services.context, s.list, s.checkedText, {.dryRun = true});
}

void SettingsScreen::applyRecordImport(AppContext& app) {
    RecordImportState& s = state.recordImport;
    // The duplicates the coordinator was shown are left out; the new ones are imported.
    const RecordImportResult result = importRecordsCsv(app.services.context, s.list, s.checkedText);
    const std::string added = std::to_string(result.added);
    const std::string updated = std::to_string(result.updated);
    const std::string skipped = std::to_string(result.duplicates.size());
    forgetPreview(s);
    if (!result.ok()) {
        // The database changed between the check and the import: check again.
        s.preview = result;
        return;
    }
    s.message = trFormat("settings.import_done", {added, updated, skipped});
    s.messageIsProblem = false;
}

}  // namespace dc::app
