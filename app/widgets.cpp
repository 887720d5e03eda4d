// Shared widgets; each records itself with the UI probe under its stable id.
#include "app/widgets.hpp"

#include "app/widgets.hpp"

#include "app/imgui_ext.hpp"
#include "app/theme.hpp"
#include "app/ui_probe.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

namespace dc::app::ui {

std::string labelWithId(const char* text, std::string_view id) {
    std::string label = text;
    label += "###";
    label += id;
    return label;
}

namespace {

// A label wrapped inside a touch target `width` wide: the target grows taller to hold it.
struct WrappedLabel {
    const char* text;
    float wrapWidth;
    ImVec2 textSize;
    float height;
    ImVec2 topLeft;
};

WrappedLabel layoutWrappedLabel(const char* text, float width, float minHeightPx) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float wrapWidth = width - style.FramePadding.x * 2;
    const ImVec2 textSize = ImGui::CalcTextSize(text, nullptr, false, wrapWidth);
    return {text, wrapWidth, textSize, std::max(minHeightPx, textSize.y + style.FramePadding.y * 2),
            ImGui::GetCursorScreenPos()};
}

// Drawn over the item just laid out, which was given an empty label.
void drawWrappedLabel(const WrappedLabel& label, ImU32 colour) {
    const ImVec2 textPos(label.topLeft.x + ImGui::GetStyle().FramePadding.x,
                         label.topLeft.y + (label.height - label.textSize.y) / 2);
    ImGui::GetWindowDrawList()->AddText(ImGui::GetFont(), ImGui::GetFontSize(), textPos, colour, label.text, nullptr,
                                        label.wrapWidth);
}

// A label too long for its button goes onto more lines, and the button grows taller.
bool wrappedButton(std::string_view id, const char* text, float width, float minHeightPx) {
    const WrappedLabel label = layoutWrappedLabel(text, width, minHeightPx);
    const bool pressed = ImGui::Button(labelWithId("", id).c_str(), ImVec2(width, label.height));
    probe::noteLastItem(id);
    drawWrappedLabel(label, ImGui::GetColorU32(ImGuiCol_Text));
    return pressed;
}

// Draws a button whose label wraps onto more lines rather than being cut off when the
// window is narrow (a phone at 200% text). It never shrinks the label: text stays one size
// everywhere. widthPx: 0 fits the label, negative fills the row.
bool fittedButton(std::string_view id, const char* text, float widthPx, float heightPx) {
    const float padding = ImGui::GetStyle().FramePadding.x * 2;
    const float available = ImGui::GetContentRegionAvail().x;
    const float textWidth = ImGui::CalcTextSize(text, nullptr, true).x;
    const float width = widthPx > 0 ? widthPx : widthPx < 0 ? available : std::min(textWidth + padding, available);
    if (textWidth + padding > width) return wrappedButton(id, text, width, heightPx);
    const bool pressed = ImGui::Button(labelWithId(text, id).c_str(), ImVec2(width, heightPx));
    probe::noteLastItem(id);
    return pressed;
}

// The primary action is filled with the accent colour so it is found without reading; its
// hovered and focused fills stay dark (or light) enough for onAccent text.
void pushPrimaryColours() {
    ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(colours().accent));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImGui::ColorConvertU32ToFloat4(colours().accentHovered));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImGui::ColorConvertU32ToFloat4(colours().accentActive));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colours().onAccent));
}

void popPrimaryColours() { ImGui::PopStyleColor(4); }

}  // namespace

bool button(std::string_view id, const char* text, float widthPx) {
    return fittedButton(id, text, widthPx, touchTarget());
}

bool bigButton(std::string_view id, const char* text, float widthPx, bool primary) {
    if (primary) pushPrimaryColours();
    const bool pressed = fittedButton(id, text, widthPx, touchTarget() * 1.4f);
    if (primary) popPrimaryColours();
    return pressed;
}

bool wrappedSelectable(std::string_view id, const char* text, bool enabled) {
    const WrappedLabel label = layoutWrappedLabel(text, ImGui::GetContentRegionAvail().x, touchTarget());
    const bool pressed = ImGui::Selectable(labelWithId("", id).c_str(), false,
                                           enabled ? 0 : ImGuiSelectableFlags_Disabled, ImVec2(0, label.height));
    probe::noteLastItem(id);
    drawWrappedLabel(label, ImGui::GetColorU32(enabled ? ImGuiCol_Text : ImGuiCol_TextDisabled));
    return pressed;
}

bool linkButton(std::string_view id, const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImGui::ColorConvertU32ToFloat4(colours().linkFill));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImGui::ColorConvertU32ToFloat4(colours().linkFill));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colours().accent));
    const bool pressed = button(id, text);
    ImGui::PopStyleColor(4);
    return pressed;
}

bool ChipFlow::chip(std::string_view id, const char* text, bool selected) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const float rowWidth = right - (ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMin().x);
    const float width = std::min(ImGui::CalcTextSize(text, nullptr, true).x + style.FramePadding.x * 2 +
                                     (selected ? ImGui::CalcTextSize("\xE2\x80\xA2 ").x : 0.0f),
                                 rowWidth);
    if (!first_ && ImGui::GetItemRectMax().x + style.ItemSpacing.x + width <= right) ImGui::SameLine();
    first_ = false;
    if (selected) {
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 2.5f * textScale());
        ImGui::PushStyleColor(ImGuiCol_Border, ImGui::ColorConvertU32ToFloat4(colours().accent));
    }
    // The selected chip also says so in text, so the state does not rest on colour alone.
    std::string shown = selected ? std::string("\xE2\x80\xA2 ") + text : std::string(text);
    const bool pressed = fittedButton(id, shown.c_str(), width, touchTarget());
    if (selected) {
        ImGui::PopStyleColor(2);
        ImGui::PopStyleVar();
    }
    return pressed;
}

bool ChipFlow::toggleChip(std::string_view id, const char* text, IdList& chosen, const std::string& code) {
    auto found = std::find(chosen.begin(), chosen.end(), code);
    const bool selected = found != chosen.end();
    if (!chip(id, text, selected)) return false;
    if (selected)
        chosen.erase(found);
    else
        chosen.push_back(code);
    return true;
}

bool neighbourhoodChips(std::string_view idPrefix, const std::vector<Neighbourhood>& neighbourhoods, OptionalId& chosen) {
    return referenceChips(idPrefix, neighbourhoods, chosen, tr("common.not_set"));
}

void projectChips(std::string_view idPrefix, AppServices& services, OptionalId& chosen) {
    const std::vector<Project>& projects = services.projects();
    if (projects.empty()) return;
    fieldLabel(tr("common.project"));
    referenceChips(idPrefix, projects, chosen, tr("report.no_project"));
}

// Wrapped: a long label on a phone at 200% text goes to the next line instead of off screen.
void fieldLabel(const char* text) { ImGui::TextWrapped("%s", text); }

namespace {
// A hint that would be cut off inside a narrow field is shown above it instead.
const char* hintThatFits(const char* hint) {
    if (!hint || !*hint) return "";
    const float room = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().FramePadding.x * 2;
    if (ImGui::CalcTextSize(hint).x <= room) return hint;
    mutedText(hint);
    return "";
}
}  // namespace

bool textField(std::string_view id, const char* label, std::string& value, const char* hint) {
    fieldLabel(label);
    const char* shownHint = hintThatFits(hint);
    ImGui::SetNextItemWidth(-1);
    const bool changed = ImGui::InputTextWithHint(labelWithId("", id).c_str(), shownHint, &value);
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
    const char* shownHint = hintThatFits(hint);
    ImGui::SetNextItemWidth(-1);
    const bool changed = ImGui::InputTextWithHint(labelWithId("", id).c_str(), shownHint, &query);
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

bool fitsSideBySide(const char* first, const char* second) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float half = (ImGui::GetContentRegionAvail().x - style.ItemSpacing.x) / 2;
    const float needed = std::max(ImGui::CalcTextSize(first).x, ImGui::CalcTextSize(second).x) + style.FramePadding.x * 2;
    return needed <= half;
}

float actionBarHeight(bool sideBySide) {
    const float rows = sideBySide ? 1.0f : 2.0f;
    return rows * touchTarget() + (rows + 1) * ImGui::GetStyle().ItemSpacing.y + 2;
}

ActionBarChoice actionBar(std::string_view primaryId, const char* primaryText, std::string_view secondaryId,
                          const char* secondaryText, bool sideBySide) {
    ActionBarChoice choice = ActionBarChoice::None;
    const float width = sideBySide ? (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2 : -1;
    pushPrimaryColours();
    if (button(primaryId, primaryText, width)) choice = ActionBarChoice::Primary;
    popPrimaryColours();
    if (sideBySide) ImGui::SameLine();
    if (button(secondaryId, secondaryText, width)) choice = ActionBarChoice::Secondary;
    return choice;
}

void beginCentredPage(const char* windowId) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    ImGui::Begin(windowId, nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    const float columnWidth = std::min(ImGui::GetContentRegionAvail().x, 520.0f * textScale());
    ImGui::SetCursorPosX((ImGui::GetWindowWidth() - columnWidth) / 2);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0, 0, 0, 0));
    ImGui::BeginChild("column", ImVec2(columnWidth, 0), false);
}

void endCentredPage() {
    ImGui::EndChild();
    ImGui::PopStyleColor();
    ImGui::End();
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

float messageStripHeight() {
    constexpr float kLinesKept = 2;
    return ImGui::GetStyle().ItemSpacing.y * 2 + kLinesKept * ImGui::GetTextLineHeightWithSpacing();
}

void messageStrip(std::string_view id, const std::vector<Problem>& problems, const std::string& confirmation) {
    ImGui::Separator();
    ImGui::BeginChild(std::string(id).c_str(), ImVec2(0, messageStripHeight() - ImGui::GetStyle().ItemSpacing.y));
    if (!problems.empty())
        allProblems(problems);
    else if (!confirmation.empty())
        successText(confirmation.c_str());
    ImGui::EndChild();
}

void consentChips(std::string_view idPrefix, IdList& scopes, OptionalDate& consentDate, const std::string& today) {
    ChipFlow flow;
    for (const char* scope : kConsentScopes)
        if (flow.toggleChip(std::string(idPrefix) + "." + scope, trCode("consent_scope", scope), scopes, scope) &&
            !consentDate)
            consentDate = today;
}

DraftChoice draftNotice(std::string_view idPrefix, const char* message) {
    successText(message);
    DraftChoice choice = DraftChoice::None;
    const std::string prefix(idPrefix);
    if (button(prefix + ".resume_draft", tr("draft.resume"))) choice = DraftChoice::Resume;
    ImGui::SameLine();
    if (button(prefix + ".discard_draft", tr("draft.discard"))) choice = DraftChoice::Discard;
    return choice;
}

bool leaveTextFieldKeepingText() { return imgui_ext::leaveActiveTextField(); }

void takeKeyboardNavigation() { imgui_ext::navigateIntoCurrentWindow(); }

void focusItem(std::string_view id) { imgui_ext::focusItemShowingRing(ImGui::GetID(labelWithId("", id).c_str())); }

void DragToScroll::update() {
    // A finger wobbles a little on a tap; only a clear move is a scroll.
    imgui_ext::dragToScroll(targetWindowId_, 8.0f * textScale());
}

}  // namespace dc::app::ui
