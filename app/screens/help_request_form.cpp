// The help request form. Defaults come from HelpRequestService::draftWithDefaults; every
// edit is kept as a draft until the request is saved.
#include "app/screens/help_request_form.hpp"

#include "app/i18n.hpp"
#include "app/theme.hpp"
#include "app/ui_probe.hpp"
#include "app/widgets.hpp"
#include "platform/persist.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <array>
#include <charconv>

namespace dc::app {
namespace {

constexpr std::array kDurationQuickPicks{5, 15, 30, 60};
// Most-used categories first: this many show before "more categories".
constexpr std::size_t kCategoriesShownFirst = 8;

}  // namespace

FormDraft<HelpRequest>& HelpRequestFormScreen::draft(AppServices& services) {
    if (!state.draft) state.draft.emplace(services.store, "help_request");
    return *state.draft;
}

void HelpRequestFormScreen::start(AppContext& app, OptionalId participantId) {
    state.request = app.services.helpRequests.draftWithDefaults();
    state.neighbourhoodChosenByHand = false;
    if (participantId) takeNeighbourhoodOf(app, *participantId);
    state.request.participantId = std::move(participantId);
    state.problems.clear();
    state.customDuration.clear();
    state.showAllCategories = false;
    state.restoredFromDraft = false;
    state.storing = StoringSaved::No;
    state.picker.query.clear();
    // A request opened for nobody yet starts where the name is typed.
    state.picker.focusSearch = !state.request.participantId;
    state.focusChannel = state.request.participantId.has_value();
    state.open = true;
    lastSavedId.reset();
}

bool HelpRequestFormScreen::edit(AppContext& app, std::string_view helpRequestId) {
    std::optional<HelpRequest> saved = app.services.helpRequests.find(helpRequestId);
    if (!saved) return false;
    start(app);
    state.request = std::move(*saved);
    showDuration();
    return true;
}

// Help is counted where the person lives (the per-neighbourhood figures), not where the
// coach's previous request was.
void HelpRequestFormScreen::takeNeighbourhoodOf(AppContext& app, const std::string& participantId) {
    if (std::optional<Participant> person = app.services.participants.find(participantId))
        state.request.neighbourhoodId = person->neighbourhoodId;
}

void HelpRequestFormScreen::showDuration() {
    const int minutes = state.request.durationMinutes;
    if (minutes > 0 && std::find(kDurationQuickPicks.begin(), kDurationQuickPicks.end(), minutes) == kDurationQuickPicks.end())
        state.customDuration = std::to_string(minutes);
}

void HelpRequestFormScreen::leaveKeepingDraft(AppServices& services) {
    draft(services).flush();
    state.open = false;
}

bool HelpRequestFormScreen::hasDraft(AppServices& services) { return draft(services).waiting(); }

void HelpRequestFormScreen::discardDraft(AppServices& services) { draft(services).clear(); }

bool HelpRequestFormScreen::resumeDraft(AppContext& app) {
    std::optional<HelpRequest> saved = draft(app.services).load();
    if (!saved) return false;
    start(app);
    state.request = std::move(*saved);
    showDuration();
    state.restoredFromDraft = true;
    return true;
}

void HelpRequestFormScreen::flushDraft() {
    if (state.draft) state.draft->flush();
}

void HelpRequestFormScreen::save(AppContext& app) {
    HelpRequest toSave = state.request;
    SaveResult result = app.services.helpRequests.save(toSave);
    state.problems = result.problems;
    if (!result.ok()) {
        state.scrollToTop = true;
        return;
    }
    draft(app.services).clear();
    lastSavedId = result.id;
    waitUntilStored(app);
    // On a computer the commit was the storing: the form closes in this same frame.
    if (state.storing == StoringSaved::Stored) closeAfterSave(app);
}

void HelpRequestFormScreen::waitUntilStored(AppContext& app) {
    state.storing = StoringSaved::Waiting;
    const int wait = ++state.storingWait;
    app.whenPersisted([this, alive = std::weak_ptr<int>(alive_), wait](bool stored) {
        if (alive.expired() || state.storingWait != wait || state.storing != StoringSaved::Waiting) return;
        state.storing = stored ? StoringSaved::Stored : StoringSaved::Refused;
    });
}

void HelpRequestFormScreen::closeAfterSave(AppContext& app) {
    state.storing = StoringSaved::No;
    state.open = false;
    app.navigate(Route::Today);
}

// In place of the action bar while a saved request is being stored: a second Save would
// make a second request.
void HelpRequestFormScreen::drawStoring(AppContext& app) {
    switch (state.storing) {
        case StoringSaved::Stored: app.later([this, &app] { closeAfterSave(app); }); break;
        // The shell's notice above says what to do and tries again; a copy kept after the
        // refusal holds this request too. The request is in the window already, so the
        // coach may go on (on a phone the form hides the tabs).
        case StoringSaved::Refused:
            if (!app.storageRefused) app.later([this, &app] { closeAfterSave(app); });
            ui::problemText(tr("help.store_refused"));
            if (ui::button("help.store_leave", tr("help.store_leave"))) app.later([this, &app] { closeAfterSave(app); });
            break;
        case StoringSaved::Waiting:
        case StoringSaved::No: ui::mutedText(tr("help.storing")); break;
    }
}

bool HelpRequestFormScreen::actionsSideBySide() { return ui::fitsSideBySide(tr("help.save"), tr("common.cancel")); }

// The action bar stays at the bottom so Save never scrolls out of reach.
float HelpRequestFormScreen::footerHeight() {
    // A refusal's line and its button take the room of two stacked buttons.
    return ui::actionBarHeight(state.storing != StoringSaved::Refused && actionsSideBySide());
}

void HelpRequestFormScreen::drawFooter(AppContext& app) {
    ImGui::Separator();
    if (state.storing != StoringSaved::No) return drawStoring(app);
    switch (ui::actionBar("help.save", tr("help.save"), "help.cancel", tr("common.cancel"), actionsSideBySide())) {
        case ui::ActionBarChoice::Primary: app.later([this, &app] { save(app); }); break;
        case ui::ActionBarChoice::Secondary:
            app.later([this, &app] {
                draft(app.services).clear();
                state.open = false;
                app.navigate(Route::Today);
            });
            break;
        case ui::ActionBarChoice::None: break;
    }
}

bool HelpRequestFormScreen::focusOwnSearch() {
    // Searching from inside the form looks for this request's person, staying in the form.
    state.picker.focusSearch = true;
    return true;
}

bool HelpRequestFormScreen::saveFromKeyboard(AppContext& app) {
    if (state.storing == StoringSaved::No) app.later([this, &app] { save(app); });
    return true;
}

bool HelpRequestFormScreen::closeSubView() {
    // Esc leaves the form itself (it is a screen of its own): the typing stays as a draft.
    flushDraft();
    state.open = false;
    return false;
}

void HelpRequestFormScreen::drawContent(AppContext& app) {
    HelpRequest& r = state.request;
    draft(app.services).beforeFields(r);

    ui::heading(r.meta.version > 0 ? tr("help.edit_title") : tr("help.title"));
    if (state.restoredFromDraft) ui::successText(tr("help.draft_restored"));
    if (state.scrollToTop) {
        ImGui::SetScrollY(0);
        state.scrollToTop = false;
    }
    ui::allProblems(state.problems);

    if (drawParticipantPicker(app, state.picker, "help.participant", r.participantId, true) && r.participantId) {
        if (!state.neighbourhoodChosenByHand) takeNeighbourhoodOf(app, *r.participantId);
        state.focusChannel = true;
    }
    ui::problemsFor(state.problems, "participant_id");

    ui::fieldLabel(tr("help.channel"));
    if (state.focusChannel) {
        ui::focusItem("help.channel." + r.channel);
        state.focusChannel = false;
    }
    ui::codeChips("help.channel", "channel", kChannels, r.channel);
    ui::problemsFor(state.problems, "channel");

    ui::fieldLabel(tr("help.category"));
    if (state.categoriesVersion != app.services.dataVersion) {
        state.categories = app.services.helpRequests.categoryChoices();
        state.categoriesVersion = app.services.dataVersion;
    }
    {
        ui::ChipFlow flow;
        std::size_t shown = 0;
        for (const CategoryChoice& choice : state.categories) {
            const bool selected = r.categoryId == choice.id;
            if (!state.showAllCategories && shown >= kCategoriesShownFirst && !selected) continue;
            ++shown;
            if (flow.chip("help.category." + choice.id, choice.label.c_str(), selected)) r.categoryId = choice.id;
        }
        if (!state.showAllCategories && state.categories.size() > shown &&
            flow.chip("help.more_categories", tr("help.more_categories"), false))
            state.showAllCategories = true;
    }
    ui::problemsFor(state.problems, "category_id");

    ui::fieldLabel(tr("help.duration"));
    {
        ui::ChipFlow flow;
        for (int minutes : kDurationQuickPicks) {
            const std::string text = trFormat("common.minutes", {std::to_string(minutes)});
            if (flow.chip("help.duration." + std::to_string(minutes), text.c_str(), r.durationMinutes == minutes)) {
                r.durationMinutes = minutes;
                state.customDuration.clear();
            }
        }
    }
    ImGui::SetNextItemWidth(touchTarget() * 3);
    if (ImGui::InputTextWithHint("###help.duration.custom", tr("help.duration_other"), &state.customDuration,
                                 ImGuiInputTextFlags_CharsDecimal)) {
        int minutes = 0;
        const char* begin = state.customDuration.data();
        if (std::from_chars(begin, begin + state.customDuration.size(), minutes).ec == std::errc())
            r.durationMinutes = minutes;
    }
    probe::noteLastItem("help.duration.custom");
    ui::problemsFor(state.problems, "duration_minutes");

    ui::fieldLabel(tr("help.outcome"));
    ui::codeChips("help.outcome", "outcome", kOutcomes, r.outcome);
    ui::problemsFor(state.problems, "outcome");
    if (r.outcome == "referred") {
        ui::textField("help.referral", tr("help.referral"), r.referral, tr("help.referral_hint"));
        ui::problemsFor(state.problems, "referral");
    }

    ui::dateField("help.follow_up", tr("help.follow_up"), r.followUpOn, app.services.today(), {7, 14});
    ui::problemsFor(state.problems, "follow_up_on");

    ui::multilineField("help.notes", tr("help.notes"), r.notes);
    ui::problemsFor(state.problems, "notes");

    ui::fieldLabel(tr("help.neighbourhood"));
    // "Not set" is no choice: the next person picked still brings their neighbourhood.
    if (ui::neighbourhoodChips("help.neighbourhood", app.services.neighbourhoods(), r.neighbourhoodId))
        state.neighbourhoodChosenByHand = r.neighbourhoodId.has_value();
    ui::problemsFor(state.problems, "neighbourhood_id");

    // The coach's usual project comes preselected (their last choice, or their team's
    // current one for a first request); one tap changes it.
    ui::projectChips("help.project", app.services, r.projectId);
    ui::problemsFor(state.problems, "project_id");

    ui::textField("help.occurred_at", tr("help.occurred_at"), r.occurredAt, tr("common.date_time_hint"));
    ui::problemsFor(state.problems, "occurred_at");

    draft(app.services).afterFields(r, app.services.clock.nowMs());
}

}  // namespace dc::app
