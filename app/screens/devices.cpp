// The Devices screen.
#include "app/screens/devices.hpp"

#include "app/i18n.hpp"
#include "app/theme.hpp"
#include "app/ui_probe.hpp"
#include "app/widgets.hpp"

#include <imgui.h>

#include <algorithm>

namespace dc::app {
namespace {
constexpr std::size_t kDevicesPerPage = 50;
// The hand-out form lists this many matches; typing narrows the rest.
constexpr std::size_t kDeviceChoicesShown = 6;

// Who has a lent device and since when: "With Marie K. since 2026-11-02, due 2026-12-02".
std::string loanLine(const LoanRow& loan) {
    const std::string borrower = loan.participant.empty() ? std::string(tr("devices.borrower_unknown")) : loan.participant;
    std::string line = trFormat("devices.lent_to", {borrower, loan.handedOutOn});
    if (loan.dueOn) line += "  \xC2\xB7  " + trFormat("devices.due_line", {*loan.dueOn});
    return line;
}

// A fact to read, not to fill in: its name muted above it, so the values stand out.
void labelledValue(const char* label, const char* value) {
    ui::mutedText(label);
    ImGui::TextWrapped("%s", value);
}
}  // namespace

void DevicesScreen::refresh(AppServices& services) {
    if (state.loadedVersion == services.dataVersion && state.loadedFilter == state.statusFilter) return;
    const std::string today = services.today();
    state.devices = services.devices.devices(state.statusFilter);
    state.openLoans = services.devices.openLoans(today);
    state.overdueLoans = services.devices.overdueLoans(today);
    state.openLoanByDevice.clear();
    for (const LoanRow& loan : state.openLoans) state.openLoanByDevice.emplace(loan.deviceId, &loan);
    if (state.loadedFilter != state.statusFilter) state.devicesShown = kDevicesPerPage;
    state.loadedVersion = services.dataVersion;
    state.loadedFilter = state.statusFilter;
}

std::string DevicesScreen::deviceLabel(const Device& d) const {
    std::string label = d.model.empty() ? std::string(trCode("device_kind", d.kind)) : d.model;
    if (!d.assetTag.empty()) label += " (" + d.assetTag + ")";
    return label;
}

void DevicesScreen::startLending() {
    state.handout = {};
    state.problems.clear();
    state.confirmation.clear();
    state.picker.query.clear();
    state.deviceQuery.clear();
    state.mode = DevicesState::Mode::HandOut;
}

void DevicesScreen::beginHandOut(AppServices& services, const std::string& deviceId, const char* kind) {
    startLending();
    state.handout.deviceId = deviceId;
    state.handout.kind = kind;
    state.handout.handedOutOn = services.today();
    if (state.handout.kind == std::string("loan")) state.handout.dueOn = addDays(services.today(), 30);
}

FormDraft<DeviceHandout>& DevicesScreen::handoutDraft(Store& store) {
    if (!handoutDraft_) handoutDraft_.emplace(store, "device_handout");
    return *handoutDraft_;
}

void DevicesScreen::flushDraft() {
    if (handoutDraft_) handoutDraft_->flush();
}

bool DevicesScreen::closeSubView() {
    if (state.mode == DevicesState::Mode::List) return false;
    // Leaving a hand-out half filled keeps it for later; Cancel is what throws it away.
    if (state.mode == DevicesState::Mode::HandOut && handoutDraft_) handoutDraft_->flush();
    state.mode = DevicesState::Mode::List;
    state.problems.clear();
    return true;
}

void DevicesScreen::startReturn(AppContext& app, const LoanRow& loan) {
    state.returnLoan = loan;
    const std::optional<DeviceHandout> handout = app.services.devices.handout(loan.handoutId);
    state.returnAccessories = handout ? handout->accessories : std::string();
    state.returnedOn = app.services.today();
    state.returnCondition = "good";
    state.problems.clear();
    state.confirmation.clear();
    state.mode = DevicesState::Mode::Return;
}

bool DevicesScreen::actionsSideBySide() {
    const char* primary = state.mode == DevicesState::Mode::Return ? tr("devices.confirm_return") : tr("common.save");
    return ui::fitsSideBySide(primary, tr("common.cancel"));
}

// Save stays at the bottom so it never scrolls out of reach, as on the help request form.
float DevicesScreen::footerHeight() {
    const bool form = state.mode == DevicesState::Mode::HandOut || state.mode == DevicesState::Mode::Return;
    return form ? ui::actionBarHeight(actionsSideBySide()) : 0;
}

void DevicesScreen::drawFooter(AppContext& app) {
    ImGui::Separator();
    const bool handOut = state.mode == DevicesState::Mode::HandOut;
    const ui::ActionBarChoice choice =
        handOut ? ui::actionBar("handout.save", tr("common.save"), "handout.cancel", tr("common.cancel"), actionsSideBySide())
                : ui::actionBar("return.save", tr("devices.confirm_return"), "return.cancel", tr("common.cancel"),
                                actionsSideBySide());
    switch (choice) {
        case ui::ActionBarChoice::Primary:
            app.later([this, &app, handOut] { handOut ? saveHandOut(app) : saveReturn(app); });
            break;
        case ui::ActionBarChoice::Secondary:
            app.later([this, &app, handOut] {
                if (handOut) handoutDraft(app.services.store).clear();
                closeSubView();
            });
            break;
        case ui::ActionBarChoice::None: break;
    }
}

void DevicesScreen::saveNewDevice(AppContext& app) {
    Device toSave = state.newDevice;
    SaveResult result = app.services.devices.save(toSave);
    state.problems = result.problems;
    if (!result.ok()) return;
    state.mode = DevicesState::Mode::List;
}

bool DevicesScreen::saveFromKeyboard(AppContext& app) {
    switch (state.mode) {
        case DevicesState::Mode::HandOut: app.later([this, &app] { saveHandOut(app); }); return true;
        case DevicesState::Mode::Return: app.later([this, &app] { saveReturn(app); }); return true;
        case DevicesState::Mode::NewDevice: app.later([this, &app] { saveNewDevice(app); }); return true;
        case DevicesState::Mode::List: return false;
    }
    return false;
}

void DevicesScreen::drawContent(AppContext& app) {
    refresh(app.services);
    switch (state.mode) {
        case DevicesState::Mode::List: drawList(app); break;
        case DevicesState::Mode::HandOut: drawHandOut(app); break;
        case DevicesState::Mode::Return: drawReturn(app); break;
        case DevicesState::Mode::NewDevice: drawNewDevice(app); break;
    }
}

void DevicesScreen::drawList(AppContext& app) {
    ui::heading(tr("devices.title"));
    ui::waitingDraftNotice(app, "devices", tr("devices.draft_waiting"), handoutDraft(app.services.store),
                           [this](DeviceHandout handout) {
                               startLending();
                               state.handout = std::move(handout);
                           });
    if (!state.confirmation.empty()) ui::successText(state.confirmation.c_str());
    if (ui::button("devices.new", tr("devices.new"))) {
        app.later([this] {
            state.newDevice = {};
            state.problems.clear();
            state.confirmation.clear();
            state.mode = DevicesState::Mode::NewDevice;
        });
    }
    if (!state.overdueLoans.empty()) {
        ui::heading(trFormat("devices.overdue_title", {std::to_string(state.overdueLoans.size())}).c_str());
        for (const LoanRow& loan : state.overdueLoans) {
            ImGui::PushID(loan.handoutId.c_str());
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colours().warning));
            ImGui::TextWrapped("%s", trFormat("today.overdue_line", {loan.device, loan.participant,
                                                                      std::to_string(loan.daysOverdue)}).c_str());
            ImGui::PopStyleColor();
            ImGui::PopID();
        }
        ImGui::Separator();
    }
    ui::fieldLabel(tr("devices.filter"));
    {
        ui::ChipFlow flow;
        if (flow.chip("devices.filter.all", tr("devices.filter_all"), state.statusFilter.empty())) state.statusFilter.clear();
        for (const char* status : kDeviceStatuses)
            if (flow.chip(std::string("devices.filter.") + status, trCode("device_status", status), state.statusFilter == status))
                state.statusFilter = status;
    }
    ImGui::Separator();
    if (state.devices.empty()) ui::mutedText(tr("devices.none"));
    const std::size_t shown = std::min(state.devices.size(), state.devicesShown);
    for (std::size_t row = 0; row < shown; ++row) {
        const Device& d = state.devices[row];
        ImGui::PushID(d.meta.id.c_str());
        ImGui::TextWrapped("%s", deviceLabel(d).c_str());
        ui::mutedText((std::string(trCode("device_kind", d.kind)) + "  \xC2\xB7  " + trCode("device_status", d.status) +
                       "  \xC2\xB7  " + trCode("device_condition", d.condition)).c_str());
        ui::ChipFlow actions;
        if (d.status == "available") {
            if (actions.chip("devices.lend." + d.meta.id, tr("devices.lend"), false))
                app.later([this, &app, id = d.meta.id] { beginHandOut(app.services, id, "loan"); });
            if (actions.chip("devices.give." + d.meta.id, tr("devices.give"), false))
                app.later([this, &app, id = d.meta.id] { beginHandOut(app.services, id, "donation"); });
        } else if (d.status == "lent") {
            auto loan = state.openLoanByDevice.find(d.meta.id);
            if (loan != state.openLoanByDevice.end()) {
                ImGui::TextWrapped("%s", loanLine(*loan->second).c_str());
                probe::noteLastText("devices.loan." + d.meta.id);
                if (actions.chip("devices.return." + d.meta.id, tr("devices.return"), false))
                    app.later([this, &app, row = *loan->second] { startReturn(app, row); });
            }
        }
        ImGui::Separator();
        ImGui::PopID();
    }
    if (shown < state.devices.size()) {
        ui::mutedText(trFormat("devices.shown_of", {std::to_string(shown), std::to_string(state.devices.size())}).c_str());
        if (ui::button("devices.show_more", tr("devices.show_more")))
            app.later([this] { state.devicesShown += kDevicesPerPage; });
    }
}

void DevicesScreen::drawDevicePicker(AppContext& app) {
    if (state.deviceChoicesVersion != app.services.dataVersion) {
        state.deviceChoices = app.services.devices.choices();
        // The kind as the coach reads it ("Randapparaat") finds a device too, not only its code.
        for (DeviceChoice& choice : state.deviceChoices)
            choice.searchText += " " + foldForSearch(trCode("device_kind", choice.device.kind));
        state.deviceChoicesVersion = app.services.dataVersion;
    }
    DeviceHandout& h = state.handout;
    if (!h.deviceId.empty()) {
        auto chosen = std::find_if(state.deviceChoices.begin(), state.deviceChoices.end(),
                                   [&](const DeviceChoice& c) { return c.device.meta.id == h.deviceId; });
        ImGui::AlignTextToFramePadding();
        if (chosen != state.deviceChoices.end()) ImGui::TextWrapped("%s", deviceLabel(chosen->device).c_str());
        ImGui::SameLine();
        if (ui::button("handout.device.change", tr("picker.change")))
            app.later([this] {
                state.handout.deviceId.clear();
                state.deviceQuery.clear();
            });
        return;
    }
    ui::searchField("handout.device.search", tr("devices.search_hint"), state.deviceQuery);
    std::optional<std::string> picked;
    std::size_t matches = 0;
    for (const DeviceChoice& choice : state.deviceChoices) {
        if (!matchesEveryWord(choice.searchText, state.deviceQuery)) continue;
        if (++matches > kDeviceChoicesShown) continue;  // counted, not drawn
        const Device& d = choice.device;
        // Only a device in stock can go out; the others show where they are.
        const bool available = d.status == "available";
        std::string line = deviceLabel(d) + "  \xC2\xB7  " + trCode("device_kind", d.kind);
        if (!available) line += "  \xC2\xB7  " + std::string(trCode("device_status", d.status));
        if (ui::wrappedSelectable("handout.device." + d.meta.id, line.c_str(), available)) picked = d.meta.id;
    }
    if (matches == 0) ui::mutedText(tr("devices.no_match"));
    if (matches > kDeviceChoicesShown)
        ui::mutedText(trFormat("devices.more_matches", {std::to_string(matches - kDeviceChoicesShown)}).c_str());
    if (picked) {
        h.deviceId = *picked;
        state.deviceQuery.clear();
    }
}

void DevicesScreen::drawHandOut(AppContext& app) {
    DeviceHandout& h = state.handout;
    handoutDraft(app.services.store).beforeFields(h);
    ui::heading(h.kind == "donation" ? tr("devices.give_title") : tr("devices.lend_title"));
    if (state.scrollToTop) {
        ImGui::SetScrollY(0);
        state.scrollToTop = false;
    }
    ui::allProblems(state.problems);

    ui::fieldLabel(tr("devices.device"));
    drawDevicePicker(app);
    if (h.handedOutOn.empty()) h.handedOutOn = app.services.today();
    if (!h.dueOn && h.kind == "loan") h.dueOn = addDays(app.services.today(), 30);
    ui::fieldLabel(tr("devices.kind"));
    ui::codeChips("handout.kind", "handout_kind", kHandoutKinds, h.kind);
    drawParticipantPicker(app, state.picker, "handout.participant", h.participantId, h.kind == "donation");
    ui::dateField("handout.handed_out_on", tr("devices.handed_out_on"), h.handedOutOn);
    if (h.kind == "loan") ui::dateField("handout.due_on", tr("devices.due_on"), h.dueOn, app.services.today(), {14, 30, 60});
    ui::textField("handout.accessories", tr("devices.accessories"), h.accessories, tr("devices.accessories_hint"));
    ui::fieldLabel(tr("devices.internet_support"));
    {
        ui::ChipFlow flow;
        for (const char* support : kInternetSupport)
            flow.toggleChip(std::string("handout.internet.") + support, trCode("internet_support", support),
                            h.internetSupport, support);
    }
    ui::projectChips("handout.project", app.services, h.projectId);
    ui::multilineField("handout.notes", tr("common.notes"), h.notes);
    handoutDraft(app.services.store).afterFields(h, app.services.clock.nowMs());
}

void DevicesScreen::saveHandOut(AppContext& app) {
    DeviceHandout toSave = state.handout;
    if (toSave.kind == "donation") toSave.dueOn.reset();
    const SaveResult result = app.services.devices.handOut(toSave);
    state.problems = result.problems;
    if (!result.ok()) {
        state.scrollToTop = true;
        return;
    }
    handoutDraft(app.services.store).clear();
    std::string device;
    for (const DeviceChoice& choice : state.deviceChoices)
        if (choice.device.meta.id == toSave.deviceId) device = deviceLabel(choice.device);
    const std::string borrower = pickerPseudonym(state.picker, toSave.participantId);
    state.confirmation = toSave.kind == "loan" ? trFormat("devices.lent_confirmation", {device, borrower})
                                               : trFormat("devices.given_confirmation", {device});
    state.mode = DevicesState::Mode::List;
}

void DevicesScreen::drawReturn(AppContext&) {
    const LoanRow& loan = state.returnLoan;
    ui::heading(tr("devices.return_title"));
    ImGui::TextWrapped("%s", loan.device.c_str());
    ui::allProblems(state.problems);
    labelledValue(tr("devices.borrower"), loan.participant.empty() ? tr("devices.borrower_unknown") : loan.participant.c_str());
    labelledValue(tr("devices.handed_out_on"), loan.handedOutOn.c_str());
    labelledValue(tr("devices.due_on"), loan.dueOn ? loan.dueOn->c_str() : tr("devices.no_due_date"));
    if (loan.daysOverdue > 0) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colours().warning));
        ImGui::TextWrapped("%s", trFormat("devices.days_overdue", {std::to_string(loan.daysOverdue)}).c_str());
        ImGui::PopStyleColor();
    }
    // Handed back complete? The coach checks each accessory before confirming.
    labelledValue(tr("devices.accessories_to_check"),
                  state.returnAccessories.empty() ? tr("devices.no_accessories") : state.returnAccessories.c_str());
    ui::dateField("return.returned_on", tr("devices.returned_on"), state.returnedOn);
    ui::fieldLabel(tr("devices.return_condition"));
    ui::codeChips("return.condition", "device_condition", kDeviceConditions, state.returnCondition);
}

void DevicesScreen::saveReturn(AppContext& app) {
    const SaveResult result =
        app.services.devices.markReturned(state.returnLoan.handoutId, state.returnedOn, state.returnCondition);
    state.problems = result.problems;
    if (!result.ok()) return;
    state.confirmation = trFormat("devices.returned_confirmation", {state.returnLoan.device});
    state.mode = DevicesState::Mode::List;
}

void DevicesScreen::drawNewDevice(AppContext& app) {
    Device& d = state.newDevice;
    ui::heading(tr("devices.new"));
    ui::allProblems(state.problems);
    ui::fieldLabel(tr("devices.kind"));
    ui::codeChips("device.kind", "device_kind", kDeviceKinds, d.kind);
    ui::textField("device.model", tr("devices.model"), d.model, tr("devices.model_hint"));
    ui::textField("device.asset_tag", tr("devices.asset_tag"), d.assetTag);
    ui::textField("device.serial", tr("devices.serial_number"), d.serialNumber);
    ui::fieldLabel(tr("devices.source"));
    ui::codeChips("device.source", "device_source", kDeviceSources, d.source);
    ui::fieldLabel(tr("devices.condition"));
    ui::codeChips("device.condition", "device_condition", kDeviceConditions, d.condition);
    ui::multilineField("device.notes", tr("common.notes"), d.notes);
    if (ui::bigButton("device.save", tr("common.save"))) app.later([this, &app] { saveNewDevice(app); });
    if (ui::button("device.cancel", tr("common.cancel"))) app.later([this] { closeSubView(); });
}

}  // namespace dc::app
