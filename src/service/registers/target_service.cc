#include "service/registers/target_service.h"

#include <set>

#include "core/ids.h"
#include "core/text.h"
#include "service/audit.h"
#include "service/registers/record_crud.h"

namespace suiji::service {
namespace {

using registers::Target;
using registers::TargetRecord;

Status TargetNotFound(int64_t id) {
  return NotFound("TARGET_NOT_FOUND", "检查对象不存在（编号 " + std::to_string(id) + "）");
}

const crud::RegisterSpec<TargetRecord> kTargets{store::kHistoryTarget, "target", "TARGET_UNCHANGED",
                                                &TargetNotFound, &store::FindTarget};

Status KeyTaken(const std::string& key, int64_t holder) {
  return AlreadyExists("TARGET_EXISTS", "名录库中已有代码为“" + key + "”的检查对象（编号 " +
                                            std::to_string(holder) + "）");
}

bool CodesPassChecks(const Target& t) {
  return (t.uscc.empty() || CheckUscc(t.uscc).ok()) &&
         (t.regno.empty() || CheckRegistrationNumber(t.regno).ok());
}

std::string OverrideNote(const Principal& who) {
  return "代码未通过校验，经 " + ActorName(who) + " 确认保留";
}

std::string JoinNotes(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return a + "；" + b;
}

}  // namespace

Status TargetService::Prepare(Target& t, const OrgSnapshot& snap) {
  t.uscc = NormalizeIdInput(t.uscc);
  t.regno = NormalizeIdInput(t.regno);
  // The override exists for codes that fail their check; on a valid code it would mislead.
  if (t.code_override && CodesPassChecks(t)) t.code_override = false;
  ASSIGN_OR_RETURN(auto dicts, ctx_.dictionaries.Current());
  registers::Problems p = registers::ValidateTarget(t, *dicts, ctx_.Today());
  if (t.unit_id > 0 && !snap.FindUnit(t.unit_id))
    p.push_back({"unit_id", "属地单位", "单位不存在（编号 " + std::to_string(t.unit_id) + "）"});
  return registers::ProblemsToStatus(p, "TARGET_INVALID");
}

StatusOr<TargetRecord> TargetService::Create(const Principal& who, const Target& in,
                                             const std::string& note) {
  RETURN_IF_ERROR(text::CheckText("说明", note, text::kNote));
  Target t = in;
  ASSIGN_OR_RETURN(auto snap, ctx_.org.Snapshot());
  if (t.unit_id > 0 && snap->FindUnit(t.unit_id)) {
    ASSIGN_OR_RETURN(auto loc, ctx_.org.LocationOfUnit(t.unit_id));
    RETURN_IF_ERROR(Authorize(who, Permission::kRegisterWrite, loc));
  } else if (!HoldsPermissionSomewhere(who, Permission::kRegisterWrite)) {
    return PermissionDenied("PERMISSION_DENIED", "没有权限：需要“维护事项清单与名录库”权限");
  }
  RETURN_IF_ERROR(Prepare(t, *snap));
  const std::string now = ctx_.Now();
  crud::CreateSteps steps;
  steps.insert = [&](store::Connection& c) -> StatusOr<int64_t> {
    ASSIGN_OR_RETURN(auto existing, store::FindTargetByKey(c, t.NaturalKey()));
    if (existing) return KeyTaken(t.NaturalKey(), existing->id);
    return store::InsertTarget(c, t, now);
  };
  steps.history_note = JoinNotes(note, t.code_override ? OverrideNote(who) : "");
  steps.audit = [&](int64_t) -> nlohmann::json {
    return {{"key", t.NaturalKey()},
            {"name", t.name},
            {"unit_id", t.unit_id},
            {"code_override", t.code_override},
            {"note", note}};
  };
  return crud::Create(ctx_, kTargets, who, now, steps);
}

StatusOr<TargetRecord> TargetService::Change(const Principal& who, int64_t id, Target next,
                                             const std::string& note, const char* action,
                                             const char* history_action) {
  ASSIGN_OR_RETURN(TargetRecord before, crud::Load(ctx_, kTargets, id));
  ASSIGN_OR_RETURN(auto old_loc, ctx_.org.LocationOfUnit(before.target.unit_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kRegisterWrite, old_loc));
  ASSIGN_OR_RETURN(auto snap, ctx_.org.Snapshot());
  if (next.unit_id != before.target.unit_id && snap->FindUnit(next.unit_id)) {
    ASSIGN_OR_RETURN(auto new_loc, ctx_.org.LocationOfUnit(next.unit_id));
    RETURN_IF_ERROR(Authorize(who, Permission::kRegisterWrite, new_loc));
  }
  RETURN_IF_ERROR(Prepare(next, *snap));
  const std::string now = ctx_.Now();
  crud::ChangeSteps<TargetRecord> steps;
  steps.diff = [&](store::Connection&, const TargetRecord& cur) -> StatusOr<registers::Changes> {
    return registers::DiffTargets(cur.target, next, UnitNamer(snap));
  };
  steps.check = [&](store::Connection& c, const TargetRecord& cur) -> Status {
    if (next.NaturalKey() == cur.target.NaturalKey()) return OkStatus();
    ASSIGN_OR_RETURN(auto clash, store::FindTargetByKey(c, next.NaturalKey()));
    if (clash && clash->id != id) return KeyTaken(next.NaturalKey(), clash->id);
    return OkStatus();
  };
  steps.update = [&](store::Connection& c) { return store::UpdateTarget(c, id, next, now); };
  steps.history_note = [&](const TargetRecord& cur) {
    const bool newly_overridden = next.code_override && !cur.target.code_override;
    return JoinNotes(note, newly_overridden ? OverrideNote(who) : "");
  };
  steps.audit = [&](const registers::Changes& changes) -> nlohmann::json {
    return {{"key", next.NaturalKey()},
            {"changed", crud::ChangedFields(changes)},
            {"code_override", next.code_override},
            {"note", note}};
  };
  return crud::Change(ctx_, kTargets, who, id, now, note, action, history_action, steps);
}

StatusOr<TargetRecord> TargetService::Update(const Principal& who, int64_t id, const Target& t,
                                             const std::string& note) {
  RETURN_IF_ERROR(text::CheckText("说明", note, text::kNote));
  return Change(who, id, t, note, "target.update", "update");
}

StatusOr<TargetRecord> TargetService::Remove(const Principal& who, int64_t id,
                                             const std::string& reason) {
  RETURN_IF_ERROR(text::CheckText("原因", reason, text::kNote));
  if (reason.empty()) return InvalidArgument("REASON_REQUIRED", "移出名录必须说明原因");
  ASSIGN_OR_RETURN(auto cur, Get(who, id));
  if (!cur.target.in_directory)
    return FailedPrecondition("TARGET_ALREADY_REMOVED", "该检查对象已移出名录");
  Target next = cur.target;
  next.in_directory = false;
  next.removed_reason = reason;
  return Change(who, id, next, reason, "target.remove", "deactivate");
}

StatusOr<TargetRecord> TargetService::Restore(const Principal& who, int64_t id,
                                              const std::string& note) {
  RETURN_IF_ERROR(text::CheckText("说明", note, text::kNote));
  ASSIGN_OR_RETURN(auto cur, Get(who, id));
  if (cur.target.in_directory)
    return FailedPrecondition("TARGET_IN_DIRECTORY", "该检查对象在名录中，无需恢复");
  Target next = cur.target;
  next.in_directory = true;
  next.removed_reason.clear();
  return Change(who, id, next, note, "target.restore", "reactivate");
}

StatusOr<store::TargetUpsertStats> TargetService::BulkLoad(const Principal& who,
                                                           const std::vector<Target>& in,
                                                           const std::string& note) {
  RETURN_IF_ERROR(text::CheckText("说明", note, text::kNote));
  ASSIGN_OR_RETURN(auto snap, ctx_.org.Snapshot());
  std::vector<Target> targets = in;
  std::set<int64_t> units;
  std::set<std::string> keys;
  for (size_t i = 0; i < targets.size(); ++i) {
    Status s = Prepare(targets[i], *snap);
    if (!s.ok())
      return InvalidArgument("TARGET_INVALID", "第 " + std::to_string(i + 1) + " 条（" +
                                                   targets[i].name + "）：" +
                                                   std::string(s.message()));
    if (!keys.insert(targets[i].NaturalKey()).second)
      return AlreadyExists("TARGET_DUPLICATE", "代码“" + targets[i].NaturalKey() + "”出现了两次");
    units.insert(targets[i].unit_id);
  }
  for (int64_t u : units) {
    ASSIGN_OR_RETURN(auto loc, ctx_.org.LocationOfUnit(u));
    RETURN_IF_ERROR(Authorize(who, Permission::kRegisterWrite, loc));
  }
  const std::string now = ctx_.Now();
  store::TargetUpsertStats stats;
  Status s =
      store::WithTransaction(ctx_.db, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(auto up, store::TargetBulkUpsert::Start(c, now));
        for (const Target& t : targets) {
          if (auto prev = up->Resolve(t); prev && prev->unit_id != t.unit_id) {
            ASSIGN_OR_RETURN(auto loc, ctx_.org.LocationOfUnit(prev->unit_id));
            RETURN_IF_ERROR(Authorize(who, Permission::kRegisterWrite, loc));
          }
          RETURN_IF_ERROR(up->Add(t));
        }
        ASSIGN_OR_RETURN(stats, up->Finish(HistoryFor(who, now, note)));
        return RecordAudit(c, ctx_.clock, who, "target.bulk_load", "register", "targets",
                           {{"records", targets.size()},
                            {"created", stats.created},
                            {"updated", stats.updated},
                            {"unchanged", stats.unchanged},
                            {"note", note}})
            .status();
      });
  RETURN_IF_ERROR(s);
  return stats;
}

StatusOr<TargetRecord> TargetService::Get(const Principal& who, int64_t id) {
  return crud::Read(ctx_, kTargets, who, id);
}

StatusOr<TargetRecord> TargetService::GetByKey(const Principal& who, const std::string& key) {
  RETURN_IF_ERROR(RequireRegisterRead(who));
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  ASSIGN_OR_RETURN(auto t, store::FindTargetByKey(*conn, NormalizeIdInput(key)));
  if (!t) return NotFound("TARGET_NOT_FOUND", "名录库中没有代码为“" + key + "”的检查对象");
  return std::move(*t);
}

StatusOr<store::TargetQuery> TargetService::PrepareQuery(const registers::TargetFilter& filter,
                                                         std::optional<Date> as_of) {
  ASSIGN_OR_RETURN(auto dicts, ctx_.dictionaries.Current());
  store::TargetQuery q;
  q.filter = filter;
  q.filter.Canonicalize();
  RETURN_IF_ERROR(registers::ProblemsToStatus(registers::ValidateTargetFilter(q.filter, *dicts),
                                              "FILTER_INVALID"));
  q.as_of = as_of.value_or(ctx_.Today());
  if (!q.filter.unit_ids.empty()) {
    ASSIGN_OR_RETURN(auto snap, ctx_.org.Snapshot());
    std::set<int64_t> units;
    for (int64_t u : q.filter.unit_ids)
      for (int64_t x : UnitSubtree(*snap, u)) units.insert(x);
    q.unit_ids.assign(units.begin(), units.end());
  }
  return q;
}

StatusOr<std::string> TargetService::Describe(const registers::TargetFilter& filter) {
  ASSIGN_OR_RETURN(auto dicts, ctx_.dictionaries.Current());
  RETURN_IF_ERROR(registers::ProblemsToStatus(registers::ValidateTargetFilter(filter, *dicts),
                                              "FILTER_INVALID"));
  ASSIGN_OR_RETURN(auto snap, ctx_.org.Snapshot());
  registers::FilterNames names;
  names.unit = UnitNamer(snap);
  names.region = [snap](const std::string& code) { return snap->RegionFullName(code); };
  return registers::DescribeTargetFilter(filter, names);
}

StatusOr<TargetSearchResult> TargetService::Search(const Principal& who,
                                                   const TargetSearch& search) {
  RETURN_IF_ERROR(RequireRegisterRead(who));
  // The page bound keeps (page - 1) × page_size far from int64 overflow, as ParsePaging's does.
  constexpr int64_t kMaxPage = 10'000'000;
  if (search.page < 1 || search.page > kMaxPage || search.page_size < 1 || search.page_size > 500)
    return InvalidArgument("PAGE_INVALID", "分页参数无效：页码从 1 开始，每页 1 至 500 条");
  ASSIGN_OR_RETURN(store::TargetQuery q, PrepareQuery(search.filter, search.as_of));
  q.limit = search.page_size;
  q.offset = (search.page - 1) * search.page_size;
  TargetSearchResult out;
  ASSIGN_OR_RETURN(out.description, Describe(q.filter));
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  ASSIGN_OR_RETURN(auto page, store::SearchTargets(*conn, q));
  out.targets = std::move(page.targets);
  out.total = page.total;
  return out;
}

Status TargetService::Scan(const Principal& who, const registers::TargetFilter& filter,
                           std::optional<Date> as_of,
                           const std::function<bool(const TargetRecord&)>& on_target) {
  RETURN_IF_ERROR(RequireRegisterRead(who));
  ASSIGN_OR_RETURN(store::TargetQuery q, PrepareQuery(filter, as_of));
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  return store::ScanTargets(*conn, q, on_target);
}

StatusOr<std::vector<registers::HistoryEntry>> TargetService::History(const Principal& who,
                                                                      int64_t id) {
  ASSIGN_OR_RETURN(auto t, Get(who, id));
  return crud::History(ctx_, kTargets, t.id);
}

}  // namespace suiji::service
