// Shared widgets; each records itself with the UI probe under its stable id.
#include "app/widgets.hpp"

#include "app/theme.hpp"
#include "app/ui_probe.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace dc::app::ui {

std::string labelWithId(const char* text, std::string_view id) {
    std::string label = text;
    label += "###";
    label += id;
    return label;
}

bool button(std::string_view id, const char* text, float widthPx) {
    const bool pressed = ImGui::Button(labelWithId(text, id).c_str(), ImVec2(widthPx, touchTarget()));
    probe::noteLastItem(id);
    return pressed;
}

bool bigButton(std::string_view id, const char* text, float widthPx) {
    const bool pressed = ImGui::Button(labelWithId(text, id).c_str(), ImVec2(widthPx, touchTarget() * 1.4f));
    probe::noteLastItem(id);
    return pressed;
}

bool linkButton(std::string_view id, const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colours().accent));
    const bool pressed = button(id, text);
    ImGui::PopStyleColor(2);
    return pressed;
}

bool ChipFlow::chip(std::string_view id, const char* text, bool selected) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float width = ImGui::CalcTextSize(text, nullptr, true).x + style.FramePadding.x * 2;
    if (!first_) {
        const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
        if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + width <= right) ImGui::SameLine();
    }
    first_ = false;
    if (selected) {
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 2.5f * textScale());
        ImGui::PushStyleColor(ImGuiCol_Border, ImGui::ColorConvertU32ToFloat4(colours().accent));
    }
    // The selected chip also says so in text, so the state does not rest on colour alone.
    std::string shown = selected ? std::string("\xE2\x80\xA2 ") + text : std::string(text);
    const bool pressed = ImGui::Button(labelWithId(shown.c_str(), id).c_str(), ImVec2(0, touchTarget()));
    probe::noteLastItem(id);
    if (selected) {
        ImGui::PopStyleColor(2);
        ImGui::PopStyleVar();
    }
    return pressed;
}

void fieldLabel(const char* text) { ImGui::TextUnformatted(text); }

bool textField(std::string_view id, const char* label, std::string& value, const char* hint) {
    fieldLabel(label);
    ImGui::SetNextItemWidth(-1);
    const bool changed = ImGui::InputTextWithHint(labelWithId("", id).c_str(), hint, &value);
    probe::noteLastItem(id);
    return changed;
}

bool multilineField(std::string_view id, const char* label, std::string& value) {
    fieldLabel(label);
    const bool changed = ImGui::InputTextMultiline(labelWithId("", id).c_str(), &value,
                                                   ImVec2(-1, ImGui::GetTextLineHeight() * 4 + touchTarget() / 2));
    probe::noteLastItem(id);
    return changed;
}

bool searchField(std::string_view id, const char* hint, std::string& query) {
    ImGui::SetNextItemWidth(-1);
    const bool changed = ImGui::InputTextWithHint(labelWithId("", id).c_str(), hint, &query);
    probe::noteLastItem(id);
    return changed;
}

bool dateField(std::string_view id, const char* label, std::string& date) {
    fieldLabel(label);
    ImGui::SetNextItemWidth(-1);
    const bool changed =
        ImGui::InputTextWithHint(labelWithId("", id).c_str(), tr("common.date_hint"), &date, ImGuiInputTextFlags_CharsNoBlank);
    probe::noteLastItem(id);
    return changed;
}

bool dateField(std::string_view id, const char* label, std::optional<std::string>& date, std::string_view today,
               const std::vector<int>& quickDays) {
    std::string text = date.value_or("");
    bool changed = dateField(id, label, text);
    ChipFlow flow;
    if (flow.chip(std::string(id) + ".none", tr("common.no_date"), !date)) {
        text.clear();
        changed = true;
    }
    for (int days : quickDays) {
        const std::string value = addDays(today, days);
        const std::string chipText = days == 0 ? tr("common.today") : trFormat("common.in_days", {std::to_string(days)});
        if (flow.chip(std::string(id) + ".in" + std::to_string(days), chipText.c_str(), date == value)) {
            text = value;
            changed = true;
        }
    }
    if (changed) date = text.empty() ? std::nullopt : std::optional<std::string>(text);
    return changed;
}

void heading(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colours().accent));
    ImGui::SetWindowFontScale(1.2f);
    ImGui::TextWrapped("%s", text);
    ImGui::SetWindowFontScale(1.0f);
    ImGui::PopStyleColor();
}

void mutedText(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colours().muted));
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
}

void problemText(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colours().problem));
    ImGui::TextWrapped("! %s", text);
    ImGui::PopStyleColor();
}

void successText(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colours().success));
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
}

void problemsFor(const std::vector<Problem>& problems, std::string_view field) {
    for (const Problem& problem : problems)
        if (problem.field == field) problemText(tr(problem.messageKey));
}

void allProblems(const std::vector<Problem>& problems) {
    for (const Problem& problem : problems) problemText(tr(problem.messageKey));
}

bool hasProblem(const std::vector<Problem>& problems, std::string_view field) {
    for (const Problem& problem : problems)
        if (problem.field == field) return true;
    return false;
}

}  // namespace dc::app::ui
