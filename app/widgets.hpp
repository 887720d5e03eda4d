// The few widgets every screen shares: touch-sized buttons, chips that wrap, labelled
// fields and the model's problems shown under the field they belong to.
#pragma once

#include "app/app_context.hpp"
#include "model/services.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dc::app::ui {

// "text###id": the ImGui id stays the same whatever the language.
std::string labelWithId(const char* text, std::string_view id);

bool button(std::string_view id, const char* text, float widthPx = 0);
// Full-width, taller action; `primary` fills it with the accent colour.
bool bigButton(std::string_view id, const char* text, float widthPx = -1, bool primary = false);
bool linkButton(std::string_view id, const char* text);
// A full-width row to pick from a list, touch-sized, its text wrapped rather than cut off.
bool wrappedSelectable(std::string_view id, const char* text, bool enabled = true);

// Lays out chips left to right and wraps them at the edge of the content area.
class ChipFlow {
public:
    bool chip(std::string_view id, const char* text, bool selected);
    // A chip that adds `code` to `chosen` or takes it out again.
    bool toggleChip(std::string_view id, const char* text, IdList& chosen, const std::string& code);

private:
    bool first_ = true;
};

template <std::size_t N>
bool codeChips(std::string_view idPrefix, std::string_view vocabulary, const std::array<const char*, N>& codes,
               std::string& value);

// `noneLabel` plus one chip per item of a reference list (anything with meta.id and
// name); returns true when `chosen` changed.
template <class Item>
bool referenceChips(std::string_view idPrefix, const std::vector<Item>& items, OptionalId& chosen,
                    const char* noneLabel);
// The project a record counts for, as chips with "No project" first; nothing at all while
// no project exists.
void projectChips(std::string_view idPrefix, AppServices& services, OptionalId& chosen);
// "Not set" plus one chip per neighbourhood; returns true when `chosen` changed.
bool neighbourhoodChips(std::string_view idPrefix, const std::vector<Neighbourhood>& neighbourhoods, OptionalId& chosen);

void fieldLabel(const char* text);
// Puts the keyboard focus, with its ring, on the widget drawn under `id` in this window.
void focusItem(std::string_view id);
bool textField(std::string_view id, const char* label, std::string& value, const char* hint = "");
bool multilineField(std::string_view id, const char* label, std::string& value);
bool searchField(std::string_view id, const char* hint, std::string& query);
// A "YYYY-MM-DD" text field with quick choices; empty text means no date.
bool dateField(std::string_view id, const char* label, std::optional<std::string>& date, std::string_view today,
               const std::vector<int>& quickDays);
bool dateField(std::string_view id, const char* label, std::string& date);

// A form's Save/Cancel pair: side by side when both labels fit, stacked otherwise.
enum class ActionBarChoice { None, Primary, Secondary };
bool fitsSideBySide(const char* first, const char* second);
float actionBarHeight(bool sideBySide);
ActionBarChoice actionBar(std::string_view primaryId, const char* primaryText, std::string_view secondaryId,
                          const char* secondaryText, bool sideBySide);

// A whole-window page with one readable column in the middle (the full width on a
// phone), for the screens shown before the shell: first start and unlock.
void beginCentredPage(const char* windowId);
void endCentredPage();

void heading(const char* text);
void mutedText(const char* text);
void problemText(const char* text);
void successText(const char* text);
// The model's problems for `field` ("" for all that belong to no shown field).
void problemsFor(const std::vector<Problem>& problems, std::string_view field);
// Every problem, as a summary at the top of a form.
void allProblems(const std::vector<Problem>& problems);
bool hasProblem(const std::vector<Problem>& problems, std::string_view field);

// A strip of fixed height for a screen's latest message: the problems, else the
// confirmation. It keeps its room when empty, so a message that appears never moves the
// buttons a finger is about to tap again. A longer message scrolls inside it.
float messageStripHeight();
void messageStrip(std::string_view id, const std::vector<Problem>& problems, const std::string& confirmation);

// The consent scopes a participant gives, one toggle chip each; the first one given sets
// `consentDate` to `today` when it has none, as the participant form records it.
void consentChips(std::string_view idPrefix, IdList& scopes, OptionalDate& consentDate, const std::string& today);

// "An unfinished form is waiting": Resume / Discard. Ids are <idPrefix>.resume_draft
// and <idPrefix>.discard_draft.
enum class DraftChoice { None, Resume, Discard };
DraftChoice draftNotice(std::string_view idPrefix, const char* message);

// The notice for a form whose draft waits: Resume calls `resume(record)` with the draft,
// Discard throws it away. Both act after the frame's drawing.
template <class R, class Resume>
void waitingDraftNotice(AppContext& app, std::string_view idPrefix, const char* message, FormDraft<R>& draft,
                        Resume resume) {
    if (!draft.waiting()) return;
    switch (draftNotice(idPrefix, message)) {
        case DraftChoice::Resume:
            app.later([&draft, resume] {
                if (std::optional<R> saved = draft.load())
                    resume(std::move(*saved));
                else
                    draft.clear();  // nothing usable left in it
            });
            break;
        case DraftChoice::Discard:
            app.later([&draft] { draft.clear(); });
            break;
        case DraftChoice::None:
            break;
    }
}

// Leaves the text field being typed in, if any, keeping its text (ImGui's own Esc
// would put back what the field held before, throwing the typing away). True if one was left.
bool leaveTextFieldKeepingText();

// Puts keyboard navigation on the first item of the current window (a screen that just
// opened), so arrow keys move through it rather than through the side bar.
void takeKeyboardNavigation();

// Drag-to-scroll for fingers and touchpads: a press that moves more than a few pixels
// scrolls the window under it instead of clicking what it started on. Call once per
// frame after all windows are drawn. Text fields and scrollbars keep their own drags.
class DragToScroll {
public:
    void update();
    bool scrolling() const { return targetWindowId_ != 0; }

private:
    unsigned targetWindowId_ = 0;
};

}  // namespace dc::app::ui

#include "app/i18n.hpp"

namespace dc::app::ui {

template <std::size_t N>
bool codeChips(std::string_view idPrefix, std::string_view vocabulary, const std::array<const char*, N>& codes,
               std::string& value) {
    bool changed = false;
    ChipFlow flow;
    for (const char* code : codes) {
        if (flow.chip(std::string(idPrefix) + "." + code, trCode(vocabulary, code), value == code)) {
            value = code;
            changed = true;
        }
    }
    return changed;
}

template <class Item>
bool referenceChips(std::string_view idPrefix, const std::vector<Item>& items, OptionalId& chosen,
                    const char* noneLabel) {
    ChipFlow flow;
    bool changed = false;
    if (flow.chip(std::string(idPrefix) + ".none", noneLabel, !chosen)) {
        chosen.reset();
        changed = true;
    }
    for (const Item& item : items)
        if (flow.chip(std::string(idPrefix) + "." + item.meta.id, trName(item).c_str(), chosen == item.meta.id)) {
            chosen = item.meta.id;
            changed = true;
        }
    return changed;
}

}  // namespace dc::app::ui
