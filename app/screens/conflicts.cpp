// Conflicts: reads the local copy of the hub's conflict log and settles one at a time.
#include "app/screens/conflicts.hpp"

#include "app/i18n.hpp"
#include "app/widgets.hpp"
#include "model/clock.hpp"

#include <imgui.h>

namespace dc::app {

namespace {

// A stored value as a coordinator reads it: names for reference ids, yes and no, lists
// joined, "—" for nothing.
std::string displayValue(AppContext& app, const std::string& field, const nlohmann::json& value) {
    if (value.is_null()) return "\xE2\x80\x94";
    if (value.is_boolean()) return tr(value.get<bool>() ? "common.yes" : "common.no");
    if (value.is_string()) {
        const std::string& text = value.get_ref<const std::string&>();
        if (text.empty()) return "\xE2\x80\x94";
        if (field == "neighbourhood_id") return app.services.neighbourhoodName(text);
        return text;
    }
    if (value.is_array()) {
        std::string joined;
        for (const nlohmann::json& item : value) {
            if (!joined.empty()) joined += ", ";
            joined += item.is_string() ? item.get<std::string>() : item.dump();
        }
        return joined.empty() ? "\xE2\x80\x94" : joined;
    }
    return value.dump();
}

// "2026-11-30 14:05", with "deleted" after it for a version that deletes the record.
std::string changedAt(int64_t updatedAtMs, bool deleted) {
    std::string when = updatedAtMs > 0 ? localDateTime(updatedAtMs).substr(0, 16) : "";
    if (when.size() > 10) when[10] = ' ';
    if (deleted) when += "  \xC2\xB7  " + std::string(tr("conflicts.deleted"));
    return when;
}

}  // namespace

void ConflictsPanel::refresh(AppContext& app) {
    if (app.services.dataVersion == state.loadedVersion) return;
    state.loadedVersion = app.services.dataVersion;
    state.open = ConflictLog(app.services.store).open();
}

void ConflictsPanel::draw(AppContext& app) {
    refresh(app);
    ui::heading(tr("conflicts.title"));
    ImGui::TextWrapped("%s", tr("conflicts.explanation"));
    // Messages sit above the list, where they push nothing a finger is about to press.
    if (state.settledOne) ui::successText(tr("conflicts.settled"));
    ui::allProblems(state.problems);
    if (state.open.empty()) {
        ui::mutedText(tr("conflicts.none"));
        return;
    }
    if (ui::button("conflicts.all_fields", tr(state.allFields ? "conflicts.only_differences" : "conflicts.all_fields")))
        app.later([this] { state.allFields = !state.allFields; });
    for (const OpenConflict& conflict : state.open) {
        ImGui::PushID(static_cast<int>(conflict.hubSeq));
        drawConflict(app, conflict);
        ImGui::PopID();
    }
}

void ConflictsPanel::drawConflict(AppContext& app, const OpenConflict& conflict) {
    ImGui::Separator();
    ImGui::TextWrapped("%s  \xC2\xB7  %s", trCode("record", conflict.recordType), conflict.title.c_str());
    const std::string currentChanged = changedAt(conflict.currentUpdatedAtMs, conflict.currentDeleted);
    const std::string otherChanged = changedAt(conflict.otherUpdatedAtMs, conflict.otherDeleted);
    if (conflict.olderVersions > 0)
        ui::mutedText(trFormat("conflicts.older_versions", {std::to_string(conflict.olderVersions)}).c_str());
    if (!conflict.currentOnLaptop) ui::mutedText(tr("conflicts.current_not_here"));

    // Side by side on a wide window; on a phone each field stacks its two values.
    if (!app.compactLayout && ImGui::BeginTable("versions", 3, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg)) {
        ImGui::TableSetupColumn(tr("conflicts.field"), ImGuiTableColumnFlags_WidthStretch, 0.6f);
        ImGui::TableSetupColumn(tr("conflicts.now"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn(tr("conflicts.other"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableHeadersRow();
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ui::mutedText(tr("conflicts.changed"));
        ImGui::TableNextColumn();
        ui::mutedText(currentChanged.c_str());
        ImGui::TableNextColumn();
        ui::mutedText(otherChanged.c_str());
        for (const ConflictField& f : conflict.fields) {
            if (!f.differs && !state.allFields) continue;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s%s", f.differs ? "\xE2\x80\xA2 " : "", trCode("field", f.name));
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", displayValue(app, f.name, f.current).c_str());
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", displayValue(app, f.name, f.other).c_str());
        }
        ImGui::EndTable();
    } else if (app.compactLayout) {
        ui::mutedText(trFormat("conflicts.now_changed", {currentChanged}).c_str());
        ui::mutedText(trFormat("conflicts.other_changed", {otherChanged}).c_str());
        for (const ConflictField& f : conflict.fields) {
            if (!f.differs && !state.allFields) continue;
            ImGui::TextWrapped("%s%s", f.differs ? "\xE2\x80\xA2 " : "", trCode("field", f.name));
            ImGui::Indent();
            ImGui::TextWrapped("%s: %s", tr("conflicts.now"), displayValue(app, f.name, f.current).c_str());
            ImGui::TextWrapped("%s: %s", tr("conflicts.other"), displayValue(app, f.name, f.other).c_str());
            ImGui::Unindent();
        }
    }

    std::optional<ConflictChoice> choice;
    ImGui::BeginDisabled(!conflict.currentOnLaptop);
    const std::string seq = std::to_string(conflict.hubSeq);
    if (ui::button("conflicts.keep_current." + seq, tr("conflicts.keep_current"))) choice = ConflictChoice::Current;
    if (!app.compactLayout) ImGui::SameLine();
    if (ui::button("conflicts.keep_other." + seq, tr("conflicts.keep_other"))) choice = ConflictChoice::Other;
    ImGui::EndDisabled();
    if (choice) {
        app.later([this, &app, hubSeq = conflict.hubSeq, chosen = *choice] {
            const SaveResult result = ConflictLog(app.services.store).keep(app.services.context, hubSeq, chosen);
            state.problems = result.problems;
            state.settledOne = result.ok();
            state.loadedVersion = -1;
            if (result.ok() && app.syncNow) app.syncNow();
        });
    }
}

}  // namespace dc::app
