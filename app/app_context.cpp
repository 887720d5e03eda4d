// AppServices, drafts and small formatting helpers shared by the screens.
#include "app/app_context.hpp"
#include "app/i18n.hpp"

namespace dc::app {

AppServices::AppServices(Store& store, const Clock& clock, std::string coachId)
    : store(store),
      clock(clock),
      context{store, clock, std::move(coachId)},
      participants(context),
      helpRequests(context),
      devices(context),
      sessions(context),
      screenings(context),
      reference(context),
      autoLockMinutes(readAutoLockMinutes(store)) {}

void AppServices::refreshReferenceLists() {
    if (referenceVersion_ == dataVersion) return;
    neighbourhoods_ = reference.list<Neighbourhood>();
    targetGroups_ = reference.list<TargetGroup>();
    organisations_ = reference.list<Organisation>();
    projects_ = reference.list<Project>();
    referenceVersion_ = dataVersion;
}

const std::vector<Neighbourhood>& AppServices::neighbourhoods() {
    refreshReferenceLists();
    return neighbourhoods_;
}

const std::vector<TargetGroup>& AppServices::targetGroups() {
    refreshReferenceLists();
    return targetGroups_;
}

const std::vector<Organisation>& AppServices::organisations() {
    refreshReferenceLists();
    return organisations_;
}

const std::vector<Project>& AppServices::projects() {
    refreshReferenceLists();
    return projects_;
}

std::string AppServices::neighbourhoodName(const OptionalId& id) {
    if (!id) return {};
    for (const Neighbourhood& n : neighbourhoods())
        if (n.meta.id == *id) return trName(n);
    return {};
}

std::optional<nlohmann::json> Draft::load() {
    const std::optional<std::string> text = store_->secretSetting(key_);
    if (!text || text->empty()) return std::nullopt;
    // A draft that no longer parses is worth less than a working form.
    nlohmann::json value = nlohmann::json::parse(*text, nullptr, false);
    if (value.is_discarded() || !value.is_object()) return std::nullopt;
    return value;
}

void Draft::update(const nlohmann::json& value, int64_t nowMs) {
    std::string text = value.dump();
    if (text == lastWritten_ && !pending_) return;
    pending_ = std::move(text);
    tick(nowMs);
}

void Draft::tick(int64_t nowMs) {
    if (!pending_) return;
    if (nowMs - lastWriteMs_ >= kMinIntervalMs) {
        flush();
        lastWriteMs_ = nowMs;
        return;
    }
    const int64_t dueMs = lastWriteMs_ + kMinIntervalMs;
    if (!nextWriteDueMs_ || dueMs < *nextWriteDueMs_) nextWriteDueMs_ = dueMs;
}

void Draft::flush() {
    if (!pending_) return;
    store_->setSecretSetting(key_, *pending_);
    lastWritten_ = std::move(*pending_);
    pending_.reset();
}

void Draft::clear() {
    pending_.reset();
    lastWritten_.clear();
    store_->setSecretSetting(key_, "");
}

std::string timeOfDay(std::string_view occurredAt) {
    if (occurredAt.size() >= 16 && occurredAt[10] == 'T') return std::string(occurredAt.substr(11, 5));
    return std::string(occurredAt);
}

}  // namespace dc::app
