// Devices: the inventory with a status filter, lending or giving away, returns with
// their condition, and the loans that are overdue.
#pragma once

#include "app/app_context.hpp"
#include "app/screen.hpp"
#include "app/participant_picker.hpp"

#include <unordered_map>

namespace dc::app {

struct DevicesState {
    enum class Mode { List, HandOut, Return, NewDevice } mode = Mode::List;
    std::string statusFilter;  // empty: all
    int64_t loadedVersion = 0;
    std::string loadedFilter = "\x01";
    std::vector<Device> devices;
    std::vector<LoanRow> openLoans;
    std::vector<LoanRow> overdueLoans;
    // The open loan of each lent device, so a row finds its loan without a search.
    std::unordered_map<std::string, const LoanRow*> openLoanByDevice;
    // How many devices the list draws; "show more" adds a page. A city's inventory has
    // thousands, and each row lays out its own action chips.
    std::size_t devicesShown = 0;

    // What the last hand-out or return did, shown above the list it went back to.
    std::string confirmation;

    DeviceHandout handout;
    ParticipantPickerState picker;
    // The hand-out form's device search over every device, loaded when the data changes.
    std::vector<DeviceChoice> deviceChoices;
    int64_t deviceChoicesVersion = 0;
    std::string deviceQuery;

    // The loan being taken back, and the accessories handed out with it, to check.
    LoanRow returnLoan;
    std::string returnAccessories;
    std::string returnedOn;
    std::string returnCondition = "good";
    Device newDevice;
    std::vector<Problem> problems;
    bool scrollToTop = false;  // a refused save shows its problems at the top
};

class DevicesScreen : public Screen {
public:
    DevicesScreen() : Screen("devices") {}
    void drawContent(AppContext& app) override;
    // Opens the hand-out form with no device chosen yet (from Today).
    void startLending();
    // Closes a hand-out, return or new-device form; false when the list already shows.
    bool closeSubView() override;
    void flushDraft() override;
    bool saveFromKeyboard(AppContext& app) override;
    DevicesState state;

protected:
    // The hand-out and return forms keep Save and Cancel below, as the help request form does.
    float footerHeight() override;
    void drawFooter(AppContext& app) override;

private:
    void refresh(AppServices& services);
    FormDraft<DeviceHandout>& handoutDraft(Store& store);
    std::optional<FormDraft<DeviceHandout>> handoutDraft_;
    void drawList(AppContext& app);
    void drawHandOut(AppContext& app);
    void drawReturn(AppContext& app);
    void drawNewDevice(AppContext& app);
    void drawDevicePicker(AppContext& app);
    void saveHandOut(AppContext& app);
    void saveReturn(AppContext& app);
    void saveNewDevice(AppContext& app);
    void startReturn(AppContext& app, const LoanRow& loan);
    void beginHandOut(AppServices& services, const std::string& deviceId, const char* kind);
    std::string deviceLabel(const Device& d) const;
    bool actionsSideBySide();
};

}  // namespace dc::app
