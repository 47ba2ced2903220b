#include "service/draw_service.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "core/draw/bundle.h"
#include "core/draw/commitment.h"
#include "core/draw/replacement.h"
#include "core/hash.h"
#include "core/text.h"
#include "service/draw_service_internal.h"
#include "service/oversight/messages.h"
#include "service/readable_scope.h"
#include "store/audit_store.h"
#include "store/draw_store.h"
#include "store/org_store.h"

namespace suiji::service {

using Json = nlohmann::json;
using draw_detail::StrataJson;
using draw_detail::ValidateSourceValueText;
using draw_detail::ValidateTitleAndSources;

namespace {

// Business limits of an inspector draw (AssignDrawRequest): generous enough for every plan policy
// (core/registers/rules.cc caps the policy lower), small enough for the engine's 32-bit counts.
constexpr int64_t kMaxPerTask = 1000;
constexpr int64_t kMaxCap = 100000;

}  // namespace

StatusOr<int64_t> DrawService::InsertCommitted(store::Connection& c, const Principal& who,
                                               store::DrawRow& row, const draw::DrawPlan& plan,
                                               const std::string& secret) {
  row.secret_sealed = box_.Seal(secret, entropy_);
  row.root = ToHex(plan.root);
  row.sources_decl = ToHex(plan.sources_decl);
  row.commit_hash = ToHex(plan.commit);
  row.plan_hash = ToHex(plan.plan_hash);
  row.committed_at = FormatTimestamp(clock_.Now());
  if (who.user_id > 0) row.committed_by = who.user_id;
  auto inserted = store::InsertDraw(c, row);
  if (!inserted.ok() && inserted.status().reason() == "DB_UNIQUE_VIOLATION")
    return Status(StatusCode::kAborted, "DB_SERIALIZATION",
                  "并发冲突，请重试");  // numbering race: retry
  if (!inserted.ok()) return inserted;
  // The department's witnesses enter their values before the reveal (issue 14: a message).
  Notice notice;
  notice.kind = MessageKind::kDrawWitness;
  notice.subject = "随机抽取待见证：" + row.title;
  notice.body = "抽取 " + row.draw_no + "「" + row.title + "」已提交承诺，请见证人录入见证值。";
  notice.link = "/console/tasks";
  notice.record_kind = "draw";
  notice.record_id = *inserted;
  RETURN_IF_ERROR(
      NotifyDepartmentIn(c, org_, clock_, row.department_id, Permission::kDrawWitness, notice)
          .status());
  return inserted;
}

StatusOr<DrawView> DrawService::CommitAndLoad(
    const std::function<StatusOr<int64_t>(store::Connection&)>& commit) {
  int64_t id = 0;
  Status s =
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(id, commit(c));
        return OkStatus();
      });
  RETURN_IF_ERROR(s);
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  return LoadById(*conn, id);
}

StatusOr<DrawView> DrawService::CommitTargets(const Principal& who, TargetDrawRequest r) {
  DropPrepared();
  int64_t id = 0;
  auto committed = CommitAndLoad([&](store::Connection& c) -> StatusOr<int64_t> {
    ASSIGN_OR_RETURN(id, CommitTargetsIn(c, who, r));
    return id;
  });
  if (committed.ok()) KeepPrepared(id, r);
  return committed;
}

void DrawService::KeepPrepared(int64_t draw_id, TargetDrawRequest& request) {
  if (!request.prepared) return;
  auto kept = std::make_unique<KeptDraw>();
  kept->draw_id = draw_id;
  kept->prepared = std::move(request.prepared);
  kept->target_ids = std::move(request.target_ids);
  kept->since = clock_.Now();
  std::unique_lock lock(kept_mu_);
  kept_.swap(kept);
  lock.unlock();  // the one kept before (if any) is freed outside the lock
}

void DrawService::DropPrepared() {
  std::unique_ptr<KeptDraw> dropped;
  std::lock_guard lock(kept_mu_);
  dropped.swap(kept_);
}

std::unique_ptr<DrawService::KeptDraw> DrawService::TakePrepared(int64_t draw_id) {
  std::unique_ptr<KeptDraw> taken;
  bool stale = false;
  {
    std::lock_guard lock(kept_mu_);
    if (!kept_) return nullptr;
    stale = clock_.Now() - kept_->since > kKeepPreparedFor;
    if (kept_->draw_id != draw_id && !stale) return nullptr;  // another draw's, still in time
    taken.swap(kept_);
  }
  if (stale) taken.reset();  // freed here, outside the lock; the reveal reads the stored pool
  return taken;
}

StatusOr<int64_t> DrawService::CommitTargetsIn(store::Connection& c, const Principal& who,
                                               TargetDrawRequest& r) {
  ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(r.department_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kPlanWrite, loc));
  RETURN_IF_ERROR(ValidateTitleAndSources(r.title, r.source_names));
  if (r.prepared) {
    // An earlier call's transaction was rolled back and is retried: its pool comes back.
    r.pool = std::move(*r.prepared).TakeInput().pool;
    r.prepared.reset();
  }
  if (r.pool.empty())
    return FailedPrecondition("DRAW_POOL_EMPTY", "抽取范围内没有任何检查对象，无法抽取");
  int64_t id = 0;
  ASSIGN_OR_RETURN(std::string no, NextDrawNo(c, r.department_id, r.year));
  const std::string secret = entropy_.Bytes(draw::kSecretBytes);
  const auto pool_size = static_cast<int64_t>(r.pool.size());
  draw::TargetDrawInput input{no, r.source_names, r.strata, std::move(r.pool)};
  ASSIGN_OR_RETURN(auto prepared, draw::TargetDraw::Prepare(std::move(input), secret));
  // The pool goes back to the request on every way out from here but success, where the
  // prepared draw goes to the request with it (KeepPrepared).
  struct GiveBack {
    draw::TargetDraw& draw;
    draw::Pool& pool;
    bool done = false;
    ~GiveBack() {
      if (!done) pool = std::move(draw).TakeInput().pool;
    }
  } give_back{prepared, r.pool};
  const auto& plan = prepared.plan();
  store::DrawRow row;
  row.draw_no = no;
  row.kind = draw::DrawKind::kTargets;
  row.title = r.title;
  row.department_id = r.department_id;
  row.confidential = r.confidential;
  row.source_names = r.source_names;
  row.spec = Json{{"strata", Json::parse(StrataJson(r.strata).dump())}};
  row.pool_size = pool_size;
  ASSIGN_OR_RETURN(id, InsertCommitted(c, who, row, plan, secret));
  // Stored in the engine's canonical order, as the bundle lists it (no sort when read back).
  const auto& pool = prepared.input().pool;
  const auto order = prepared.canonical();
  size_t i = 0;
  const bool with_ids = !r.target_ids.empty();
  if (with_ids && r.target_ids.size() != pool.size())
    return Internal("target draw request: " + std::to_string(r.target_ids.size()) +
                    " target ids for a pool of " + std::to_string(pool.size()));
  RETURN_IF_ERROR(store::InsertDrawPool(c, id, [&](store::PoolEntry& e) {
    if (i >= order.size()) return false;
    draw_detail::PrefetchPoolRecord(pool, order, i);
    if (with_ids && i + 16 < order.size()) __builtin_prefetch(&r.target_ids[order[i + 16]]);
    const uint32_t at = order[i++];
    const draw::PoolRecord& rec = pool[at];
    e.stratum = pool.StratumOf(rec);
    e.candidate = rec.id;
    e.weight = rec.weight;
    if (with_ids) e.target_id = r.target_ids[at];
    return true;
  }));
  ASSIGN_OR_RETURN(auto entry, RecordAudit(c, clock_, who, "draw.commit", "draw", no,
                                           {{"kind", draw::DrawKindName(draw::DrawKind::kTargets)},
                                            {"title", r.title},
                                            {"department_id", r.department_id},
                                            {"plan_hash", row.plan_hash},
                                            {"pool_root", row.root},
                                            {"commit", row.commit_hash},
                                            {"sources_decl", row.sources_decl},
                                            {"source_names", r.source_names},
                                            {"strata", Json::parse(StrataJson(r.strata).dump())},
                                            {"pool_size", row.pool_size},
                                            {"confidential", r.confidential}}));
  RETURN_IF_ERROR(store::SetDrawCommitAuditSeq(c, id, entry.seq));
  give_back.done = true;
  r.prepared = std::make_unique<draw::TargetDraw>(std::move(prepared));
  return id;
}

StatusOr<DrawView> DrawService::CommitAssign(const Principal& who, const AssignDrawRequest& r) {
  return CommitAndLoad([&](store::Connection& c) { return CommitAssignIn(c, who, r); });
}

// `r` by value: its eligibility lists (hundreds of thousands of ids in a large task) move into
// the engine, which keeps them for the commitment and the stored lists.
StatusOr<int64_t> DrawService::CommitAssignIn(store::Connection& c, const Principal& who,
                                              AssignDrawRequest r) {
  ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(r.department_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kPlanWrite, loc));
  RETURN_IF_ERROR(ValidateTitleAndSources(r.title, r.source_names));
  if (r.tasks.empty())
    return FailedPrecondition("DRAW_NO_TASKS", r.experts ? "没有需要抽取专家的检查对象"
                                                         : "没有需要选派检查人员的检查对象");
  if (r.per_task < 1 || r.per_task > kMaxPerTask)
    return InvalidArgument("DRAW_PER_TASK_INVALID", "每个检查对象的人数应为 1 至 1000 的整数");
  if (r.cap < 1 || r.cap > kMaxCap)
    return InvalidArgument("DRAW_CAP_INVALID", "每人最多任务数应为 1 至 100000 的整数");
  if (r.per_task < (r.supplementary || r.experts ? 1 : 2))
    return InvalidArgument("DRAW_PER_TASK_TOO_FEW", "每个检查对象至少应选派 2 名执法检查人员");
  int64_t id = 0;
  if (r.parent_draw_id) {
    ASSIGN_OR_RETURN(auto parent, store::FindDrawById(c, *r.parent_draw_id));
    // A joint task's cooperating departments draw their inspectors for the lead's targets.
    if (!parent || parent->kind != draw::DrawKind::kTargets)
      return InvalidArgument("DRAW_PARENT_INVALID", "关联的检查对象抽取不存在");
    if (parent->status != draw::DrawStatus::kRevealed)
      return FailedPrecondition("DRAW_PARENT_NOT_REVEALED",
                                "检查对象抽取尚未揭晓，不能选派检查人员");
  }
  ASSIGN_OR_RETURN(std::string no, NextDrawNo(c, r.department_id, r.year));
  const std::string secret = entropy_.Bytes(draw::kSecretBytes);
  const auto task_count = static_cast<int64_t>(r.tasks.size());
  size_t eligible_pairs = 0;
  for (const auto& t : r.tasks) eligible_pairs += t.inspectors.size();
  draw::AssignDrawInput input{no, r.source_names, static_cast<uint32_t>(r.per_task),
                              static_cast<uint32_t>(r.cap), std::move(r.tasks)};
  ASSIGN_OR_RETURN(auto prepared, draw::InspectorAssignment::Prepare(std::move(input), secret));
  const auto& plan = prepared.plan();
  store::DrawRow row;
  row.draw_no = no;
  row.kind = draw::DrawKind::kAssign;
  row.title = r.title;
  row.department_id = r.department_id;
  row.parent_draw_id = r.parent_draw_id;
  row.confidential = r.confidential;
  row.source_names = r.source_names;
  row.spec = Json{{"per_task", r.per_task}, {"cap", r.cap}};
  row.pool_size = task_count;
  ASSIGN_OR_RETURN(id, InsertCommitted(c, who, row, plan, secret));
  std::vector<store::DrawEligibilityList> lists;
  lists.reserve(prepared.input().tasks.size());
  for (const auto& t : prepared.input().tasks) lists.push_back({t.task, &t.inspectors});
  RETURN_IF_ERROR(store::InsertDrawEligibility(c, id, lists));
  ASSIGN_OR_RETURN(auto entry, RecordAudit(c, clock_, who, "draw.commit", "draw", no,
                                           {{"kind", draw::DrawKindName(draw::DrawKind::kAssign)},
                                            {"title", r.title},
                                            {"department_id", r.department_id},
                                            {"plan_hash", row.plan_hash},
                                            {"elig_root", row.root},
                                            {"commit", row.commit_hash},
                                            {"sources_decl", row.sources_decl},
                                            {"source_names", r.source_names},
                                            {"per_task", r.per_task},
                                            {"cap", r.cap},
                                            {"tasks", task_count},
                                            {"eligible_pairs", eligible_pairs},
                                            {"confidential", r.confidential}}));
  RETURN_IF_ERROR(store::SetDrawCommitAuditSeq(c, id, entry.seq));
  return id;
}

StatusOr<DrawView> DrawService::AddWitness(const Principal& who, const std::string& draw_no,
                                           const std::string& name,
                                           const std::string& organisation) {
  DrawView out;
  Status s =
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(DrawView v, Load(c, draw_no));
        ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(v.row.department_id));
        store::DrawWitnessRow w;
        const bool planner = Authorize(who, Permission::kPlanWrite, loc).ok();
        if (!planner) {
          // A witness may sign in to a draw as themselves; they do not register others.
          RETURN_IF_ERROR(Authorize(who, Permission::kDrawWitness, loc));
          w.name = who.display_name;
          w.user_id = who.user_id;
        } else {
          w.name = name;
        }
        w.organisation = organisation;
        if (w.name.empty() || w.name.size() > 120)
          return InvalidArgument("WITNESS_NAME_INVALID", "请填写见证人姓名（最多 40 个汉字）");
        if (w.organisation.empty() || w.organisation.size() > 300)
          return InvalidArgument("WITNESS_ORGANISATION_INVALID",
                                 "请填写见证人身份或单位，如“区人大代表”“公证处”");
        RETURN_IF_ERROR(text::CheckText("见证人姓名", w.name, {40, false}));
        RETURN_IF_ERROR(text::CheckText("见证人身份或单位", w.organisation, {100, false}));
        if (v.row.status != draw::DrawStatus::kCommitted)
          return FailedPrecondition("DRAW_ALREADY_REVEALED", "抽取已经揭晓，不能再登记见证人");
        w.recorded_at = FormatTimestamp(clock_.Now());
        for (const auto& existing : v.witnesses)
          if (existing.name == w.name && existing.organisation == w.organisation)
            return AlreadyExists("WITNESS_DUPLICATE", "该见证人已经登记");
        ASSIGN_OR_RETURN(
            int64_t seq,
            store::InsertDrawWitness(c, v.row.id, w,
                                     who.user_id > 0 ? std::optional(who.user_id) : std::nullopt));
        RETURN_IF_ERROR(RecordAudit(c, clock_, who, "draw.witness", "draw", draw_no,
                                    {{"seq", seq},
                                     {"name", w.name},
                                     {"organisation", w.organisation},
                                     {"user_id", w.user_id ? Json(*w.user_id) : Json()}}));
        ASSIGN_OR_RETURN(out, Load(c, draw_no));
        return OkStatus();
      });
  RETURN_IF_ERROR(s);
  return out;
}

StatusOr<DrawView> DrawService::EnterSourceValue(const Principal& who, const std::string& draw_no,
                                                 int position, const std::string& value) {
  DrawView out;
  Status s =
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(DrawView v, Load(c, draw_no));
        ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(v.row.department_id));
        if (!Authorize(who, Permission::kPlanWrite, loc).ok())
          RETURN_IF_ERROR(Authorize(who, Permission::kDrawWitness, loc));
        if (v.row.status != draw::DrawStatus::kCommitted)
          return FailedPrecondition("DRAW_ALREADY_REVEALED", "抽取已经揭晓，随机数来源的值已锁定");
        if (position < 0 || static_cast<size_t>(position) >= v.source_names.size())
          return InvalidArgument("DRAW_SOURCE_POSITION_INVALID", "随机数来源序号无效");
        RETURN_IF_ERROR(ValidateSourceValueText(value));
        RETURN_IF_ERROR(store::InsertDrawSourceValue(
            c, v.row.id,
            {position, value, FormatTimestamp(clock_.Now()),
             who.user_id > 0 ? std::optional(who.user_id) : std::nullopt}));
        RETURN_IF_ERROR(RecordAudit(
            c, clock_, who, "draw.source_value", "draw", draw_no,
            {{"position", position}, {"name", v.source_names[position]}, {"value", value}}));
        ASSIGN_OR_RETURN(out, Load(c, draw_no));
        return OkStatus();
      });
  RETURN_IF_ERROR(s);
  return out;
}

}  // namespace suiji::service
