// Device inventory, loans and donations.
#include "model/services.hpp"

#include <algorithm>
#include <tuple>
#include <unordered_map>

namespace dc {

std::vector<Device> DeviceService::devices(std::string_view statusFilter) {
    std::vector<Device> all = ctx_.store.all<Device>();
    if (statusFilter.empty()) return all;
    std::erase_if(all, [&](const Device& d) { return d.status != statusFilter; });
    return all;
}

std::vector<DeviceChoice> DeviceService::choices() {
    std::unordered_map<std::string, std::string> lastHandedOut;
    Statement& q = ctx_.store.db().cached(
        "SELECT device_id, max(handed_out_on) FROM device_handouts WHERE deleted = 0 GROUP BY device_id");
    while (q.step()) lastHandedOut.emplace(q.text(0), q.text(1));
    q.reset();
    std::vector<DeviceChoice> choices;
    for (Device& d : ctx_.store.all<Device>()) {
        DeviceChoice choice;
        choice.searchText = foldForSearch(d.model + " " + d.assetTag + " " + d.kind);
        if (auto last = lastHandedOut.find(d.meta.id); last != lastHandedOut.end()) choice.lastHandedOutOn = last->second;
        choice.device = std::move(d);
        choices.push_back(std::move(choice));
    }
    std::stable_sort(choices.begin(), choices.end(), [](const DeviceChoice& a, const DeviceChoice& b) {
        const bool aAvailable = a.device.status == "available", bAvailable = b.device.status == "available";
        if (aAvailable != bAvailable) return aAvailable;
        if (a.lastHandedOutOn != b.lastHandedOutOn) return a.lastHandedOutOn > b.lastHandedOutOn;
        return std::tie(a.device.model, a.device.assetTag) < std::tie(b.device.model, b.device.assetTag);
    });
    return choices;
}

SaveResult DeviceService::handOut(DeviceHandout& handout) {
    SaveResult result;
    result.problems = validate(ctx_.store, handout);
    if (!result.ok()) return result;
    Device device = *ctx_.store.find<Device>(handout.deviceId);
    device.status = handout.kind == "loan" ? "lent" : "given";
    DeviceHandout saved = handout;
    const int64_t now = ctx_.clock.nowMs();
    Transaction tx(ctx_.store.db());
    ctx_.store.put(saved, ctx_.coachId, now);
    ctx_.store.put(device, ctx_.coachId, now);
    tx.commit();
    handout = std::move(saved);
    result.id = handout.meta.id;
    return result;
}

SaveResult DeviceService::markReturned(std::string_view handoutId, std::string_view returnedOn,
                                       std::string_view condition) {
    SaveResult result;
    std::optional<DeviceHandout> handout = ctx_.store.find<DeviceHandout>(handoutId);
    if (!handout || handout->meta.deleted) {
        result.problems.push_back({"handout", "problem.unknown_handout"});
        return result;
    }
    if (handout->kind != "loan") {
        result.problems.push_back({"returned_on", "problem.donation_cannot_return"});
        return result;
    }
    if (handout->returnedOn) {
        result.problems.push_back({"returned_on", "problem.already_returned"});
        return result;
    }
    handout->returnedOn = std::string(returnedOn);
    handout->returnCondition = std::string(condition);
    result.problems = validate(ctx_.store, *handout);
    std::optional<Device> device = ctx_.store.find<Device>(handout->deviceId);
    if (!result.ok() || !device) return result;
    device->condition = std::string(condition);
    device->status = condition == "broken" ? "repair" : "available";
    const int64_t now = ctx_.clock.nowMs();
    Transaction tx(ctx_.store.db());
    ctx_.store.put(*handout, ctx_.coachId, now);
    ctx_.store.put(*device, ctx_.coachId, now);
    tx.commit();
    result.id = handout->meta.id;
    return result;
}

namespace {
std::vector<LoanRow> readLoans(Store& store, Statement& q, std::string_view today) {
    std::vector<LoanRow> rows;
    while (q.step()) {
        LoanRow row{q.text(0), q.text(1), q.text(2), store.reveal("participants", q.text(6), "pseudonym", q.text(3)),
                    q.text(4), q.optionalText(5), 0};
        if (row.dueOn) row.daysOverdue = std::max(0, daysBetween(*row.dueOn, today));
        rows.push_back(std::move(row));
    }
    q.reset();
    return rows;
}
constexpr const char* kOpenLoans =
    "SELECT h.id, h.device_id, trim(d.model || ' ' || d.asset_tag), coalesce(p.pseudonym, ''), h.handed_out_on, "
    "h.due_on, coalesce(p.id, '') FROM device_handouts h JOIN devices d ON d.id = h.device_id "
    "LEFT JOIN participants p ON p.id = h.participant_id "
    "WHERE h.kind = 'loan' AND h.returned_on IS NULL AND h.deleted = 0 AND (?1 IS NULL OR h.due_on < ?1) "
    "ORDER BY h.due_on";
}  // namespace

std::vector<LoanRow> DeviceService::openLoans(std::string_view today) {
    Statement& q = ctx_.store.db().cached(kOpenLoans);
    q.bindNull(1);
    return readLoans(ctx_.store, q, today);
}

std::vector<LoanRow> DeviceService::overdueLoans(std::string_view today) {
    Statement& q = ctx_.store.db().cached(kOpenLoans);
    q.bind(1, today);
    return readLoans(ctx_.store, q, today);
}

}  // namespace dc
