// Service actions and the read models behind the screens.
#include "model/services.hpp"

#include <algorithm>
#include <unordered_map>

namespace dc {

bool SaveResult::hasProblem(std::string_view messageKey) const {
    return std::any_of(problems.begin(), problems.end(), [&](const Problem& p) { return p.messageKey == messageKey; });
}

template <class R>
SaveResult saveRecord(ServiceContext& ctx, R& record) {
    SaveResult result;
    result.problems = validate(ctx.store, record);
    if (!result.ok()) return result;
    R saved = record;  // the caller's copy changes only once the commit succeeded
    Transaction tx(ctx.store.db());
    ctx.store.put(saved, ctx.coachId, ctx.clock.nowMs());
    tx.commit();
    record = std::move(saved);
    result.id = record.meta.id;
    return result;
}

template <class R>
bool deleteRecord(ServiceContext& ctx, std::string_view id) {
    std::optional<R> record = ctx.store.find<R>(id);
    if (!record || record->meta.deleted) return false;
    record->meta.deleted = true;
    Transaction tx(ctx.store.db());
    ctx.store.put(*record, ctx.coachId, ctx.clock.nowMs());
    tx.commit();
    return true;
}

// One instantiation per record type; the list comes from forEachRecordType.
#define DC_INSTANTIATE(R)                                        \
    template SaveResult saveRecord<R>(ServiceContext&, R&);      \
    template bool deleteRecord<R>(ServiceContext&, std::string_view);
DC_INSTANTIATE(Coach)
DC_INSTANTIATE(Neighbourhood)
DC_INSTANTIATE(Organisation)
DC_INSTANTIATE(TargetGroup)
DC_INSTANTIATE(HelpCategory)
DC_INSTANTIATE(Project)
DC_INSTANTIATE(Participant)
DC_INSTANTIATE(HelpRequest)
DC_INSTANTIATE(Device)
DC_INSTANTIATE(DeviceHandout)
DC_INSTANTIATE(GroupSession)
DC_INSTANTIATE(Attendance)
DC_INSTANTIATE(SkillsScreening)
#undef DC_INSTANTIATE

}  // namespace dc
