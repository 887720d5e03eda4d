// The Devices screen.
#include "app/screens/devices.hpp"

#include "app/i18n.hpp"
#include "app/theme.hpp"
#include "app/widgets.hpp"

#include <imgui.h>

#include <algorithm>

namespace dc::app {
namespace {
constexpr std::size_t kDevicesPerPage = 50;
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
    state.picker.query.clear();
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
    if (ui::button("devices.new", tr("devices.new"))) {
        app.later([this] {
            state.newDevice = {};
            state.problems.clear();
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
            if (loan != state.openLoanByDevice.end() &&
                actions.chip("devices.return." + d.meta.id, tr("devices.return"), false)) {
                app.later([this, &app, handoutId = loan->second->handoutId, label = deviceLabel(d)] {
                    state.returnHandoutId = handoutId;
                    state.returnDevice = label;
                    state.returnedOn = app.services.today();
                    state.returnCondition = "good";
                    state.problems.clear();
                    state.mode = DevicesState::Mode::Return;
                });
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

void DevicesScreen::drawHandOut(AppContext& app) {
    DeviceHandout& h = state.handout;
    handoutDraft(app.services.store).beforeFields(h);
    ui::heading(h.kind == "donation" ? tr("devices.give_title") : tr("devices.lend_title"));
    ui::allProblems(state.problems);

    ui::fieldLabel(tr("devices.device"));
    if (h.deviceId.empty()) {
        // Opened from Today: choose among the devices that are in stock.
        ui::ChipFlow flow;
        for (const Device& d : app.services.devices.devices("available"))
            if (flow.chip("handout.device." + d.meta.id, deviceLabel(d).c_str(), false)) h.deviceId = d.meta.id;
        if (h.handedOutOn.empty()) h.handedOutOn = app.services.today();
        if (!h.dueOn && h.kind == "loan") h.dueOn = addDays(app.services.today(), 30);
    } else if (auto device = app.services.store.find<Device>(h.deviceId)) {
        ImGui::TextWrapped("%s", deviceLabel(*device).c_str());
    }
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
    ui::multilineField("handout.notes", tr("common.notes"), h.notes);
    handoutDraft(app.services.store).afterFields(h, app.services.clock.nowMs());
    if (ui::bigButton("handout.save", tr("common.save"))) {
        app.later([this, &app] {
            DeviceHandout toSave = state.handout;
            if (toSave.kind == "donation") toSave.dueOn.reset();
            SaveResult result = app.services.devices.handOut(toSave);
            state.problems = result.problems;
            if (!result.ok()) return;
            handoutDraft(app.services.store).clear();
            state.mode = DevicesState::Mode::List;
        });
    }
    if (ui::button("handout.cancel", tr("common.cancel")))
        app.later([this, &app] {
            handoutDraft(app.services.store).clear();
            closeSubView();
        });
}

void DevicesScreen::drawReturn(AppContext& app) {
    ui::heading(tr("devices.return_title"));
    ImGui::TextWrapped("%s", state.returnDevice.c_str());
    ui::allProblems(state.problems);
    ui::dateField("return.returned_on", tr("devices.returned_on"), state.returnedOn);
    ui::fieldLabel(tr("devices.return_condition"));
    ui::codeChips("return.condition", "device_condition", kDeviceConditions, state.returnCondition);
    if (ui::bigButton("return.save", tr("devices.confirm_return"))) {
        app.later([this, &app] {
            SaveResult result = app.services.devices.markReturned(state.returnHandoutId, state.returnedOn, state.returnCondition);
            state.problems = result.problems;
            if (!result.ok()) return;
            state.mode = DevicesState::Mode::List;
        });
    }
    if (ui::button("return.cancel", tr("common.cancel"))) app.later([this] { closeSubView(); });
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
    if (ui::bigButton("device.save", tr("common.save"))) {
        app.later([this, &app] {
            Device toSave = state.newDevice;
            SaveResult result = app.services.devices.save(toSave);
            state.problems = result.problems;
            if (!result.ok()) return;
            state.mode = DevicesState::Mode::List;
        });
    }
    if (ui::button("device.cancel", tr("common.cancel"))) app.later([this] { closeSubView(); });
}

}  // namespace dc::app
