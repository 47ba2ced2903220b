#include "service/plans/plan_service.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/text.h"
#include "service/audit.h"
#include "service/oversight/messages.h"
#include "service/plans/task_service.h"
#include "service/readable_scope.h"
#include "store/draw_store.h"
#include "store/org_store.h"
#include "store/plans/plan_store.h"
#include "store/plans/proposal_lock.h"
#include "store/registers/item_store.h"
#include "store/registers/target_store.h"

namespace suiji::service {
namespace {

using Json = nlohmann::json;
using plans::PlanAction;
using plans::PlanStatus;
using plans::ProposalResponse;
using plans::ProposalStatus;

Status PlanNotFound(int64_t id) {
  return NotFound("PLAN_NOT_FOUND", "抽查计划不存在（编号 " + std::to_string(id) + "）");
}

PlanStatus StatusOf(const store::PlanRow& r) { return r.status; }

std::optional<int64_t> UserId(const Principal& who) {
  return who.user_id > 0 ? std::optional<int64_t>(who.user_id) : std::nullopt;
}

bool WindowsOverlap(const plans::Batch& a, const plans::Batch& b) {
  return a.window_from <= b.window_to && b.window_from <= a.window_to;
}

}  // namespace

StatusOr<PlanView> PlanService::LoadIn(store::Connection& c, int64_t plan_id) {
  ASSIGN_OR_RETURN(auto row, store::FindPlan(c, plan_id));
  if (!row) return PlanNotFound(plan_id);
  PlanView v;
  v.row = std::move(*row);
  Json j = Json::parse(v.row.content, nullptr, false);
  ASSIGN_OR_RETURN(v.content, plans::PlanContentFromJson(j));
  ASSIGN_OR_RETURN(auto dept, store::FindDepartment(c, v.row.department_id));
  if (dept) v.department_name = dept->name;
  return v;
}

namespace {

// Who may read a department's plans and joint proposals.
constexpr std::initializer_list<Permission> kPlanReaders = {
    Permission::kPlanWrite, Permission::kPlanApprove, Permission::kStatsRead,
    Permission::kAuditRead};

}  // namespace

Status PlanService::RequireReadable(const Principal& who, int64_t department_id) {
  ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(department_id));
  for (Permission p : kPlanReaders)
    if (Authorize(who, p, loc).ok()) return OkStatus();
  return PermissionDenied("PERMISSION_DENIED", "没有权限查看该部门的抽查计划");
}

// Items must be the department's, active; filters valid; a batch ratio never below its items'
// floor.
Status PlanService::CheckContent(store::Connection& c, int64_t department_id,
                                 const plans::PlanContent& content) {
  RETURN_IF_ERROR(plans::CheckPlanText(content));
  RETURN_IF_ERROR(registers::ProblemsToStatus(plans::ValidatePlanContent(content), "PLAN_INVALID"));
  registers::Problems problems;
  for (const plans::Batch& b : content.batches) {
    const std::string label = "批次“" + b.name + "”";
    int floor = plans::RatioInputs{}.floor_bp;
    for (const std::string& code : b.item_codes) {
      ASSIGN_OR_RETURN(auto head, store::FindItemHeadByCode(c, department_id, code));
      if (!head || !head->active) {
        problems.push_back({"batches[" + std::to_string(b.seq) + "].items", label,
                            "抽查事项“" + code + "”不在本部门现行抽查事项清单中"});
        continue;
      }
      ASSIGN_OR_RETURN(auto version, store::FindItemVersion(c, head->id, head->current_version));
      if (version) floor = std::max(floor, version->item.ratio_min_bp);
    }
    if (auto s = plans::CheckOverrideAgainstFloor(b.ratio_bp, floor); !s.ok())
      problems.push_back(
          {"batches[" + std::to_string(b.seq) + "].ratio", label, std::string(s.message())});
    if (auto d = registers_.targets().Describe(b.filter); !d.ok())
      problems.push_back({"batches[" + std::to_string(b.seq) + "].filter", label,
                          std::string(d.status().message())});
  }
  return registers::ProblemsToStatus(problems, "PLAN_INVALID");
}

StatusOr<PlanView> PlanService::Create(const Principal& who, int64_t department_id,
                                       const plans::PlanContent& content) {
  ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(department_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kPlanWrite, loc));
  int64_t id = 0;
  Status s =
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        RETURN_IF_ERROR(CheckContent(c, department_id, content));
        ASSIGN_OR_RETURN(auto dept, store::FindDepartment(c, department_id));
        const std::string prefix = dept->code + "-" + std::to_string(content.year) + "-JH";
        ASSIGN_OR_RETURN(int64_t n, store::CountPlanNumbers(c, prefix));
        store::PlanRow row;
        row.plan_no = prefix + std::to_string(n + 1);
        row.version = 1;
        row.department_id = department_id;
        row.year = content.year;
        row.title = content.title;
        row.status = PlanStatus::kDraft;
        row.content = plans::PlanContentToJson(content).dump();
        row.created_at = FormatTimestamp(clock_.Now());
        row.created_by = UserId(who);
        auto inserted = store::InsertPlan(c, row);
        if (!inserted.ok() && inserted.status().reason() == "DB_UNIQUE_VIOLATION")
          return Status(StatusCode::kAborted, "DB_SERIALIZATION", "并发冲突，请重试");
        RETURN_IF_ERROR(inserted);
        id = *inserted;
        return RecordAudit(
                   c, clock_, who, "plan.create", "plan", row.plan_no,
                   {{"id", id}, {"version", 1}, {"content", plans::PlanContentToJson(content)}})
            .status();
      });
  RETURN_IF_ERROR(s);
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  return LoadIn(*conn, id);
}

StatusOr<PlanView> PlanService::UpdateDraft(const Principal& who, int64_t plan_id,
                                            const plans::PlanContent& content) {
  PlanView out;
  Status s =
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(PlanView v, LoadIn(c, plan_id));
        ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(v.row.department_id));
        RETURN_IF_ERROR(Authorize(who, Permission::kPlanWrite, loc));
        if (StatusOf(v.row) != PlanStatus::kDraft)
          return FailedPrecondition("PLAN_NOT_DRAFT",
                                    "只有草稿状态的计划可以直接修改；已批准的计划请走计划调整");
        if (content.year != v.row.year)
          return InvalidArgument("PLAN_YEAR_FIXED", "计划年度创建后不能修改");
        RETURN_IF_ERROR(CheckContent(c, v.row.department_id, content));
        const auto changes = plans::DiffPlanContent(v.content, content);
        if (changes.empty()) return FailedPrecondition("PLAN_UNCHANGED", "计划内容没有变化");
        store::PlanRow row = v.row;
        row.title = content.title;
        row.content = plans::PlanContentToJson(content).dump();
        RETURN_IF_ERROR(store::UpdatePlan(c, row, v.row.status));
        RETURN_IF_ERROR(RecordAudit(c, clock_, who, "plan.update", "plan", v.row.plan_no,
                                    {{"id", plan_id},
                                     {"version", v.row.version},
                                     {"changes", registers::ChangesToJson(changes)}}));
        ASSIGN_OR_RETURN(out, LoadIn(c, plan_id));
        return OkStatus();
      });
  RETURN_IF_ERROR(s);
  return out;
}

StatusOr<PlanView> PlanService::Transition(const Principal& who, int64_t plan_id, PlanAction action,
                                           Permission permission, const std::string& note) {
  RETURN_IF_ERROR(
      text::CheckText(action == PlanAction::kReturn ? "退回意见" : "审核意见", note, text::kNote));
  PlanView out;
  Status s =
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(PlanView v, LoadIn(c, plan_id));
        ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(v.row.department_id));
        RETURN_IF_ERROR(Authorize(who, permission, loc));
        const PlanStatus from = StatusOf(v.row);
        ASSIGN_OR_RETURN(PlanStatus to, plans::NextPlanStatus(from, action));
        store::PlanRow row = v.row;
        row.status = to;
        const std::string now = FormatTimestamp(clock_.Now());
        switch (action) {
          case PlanAction::kSubmit:
            row.submitted_at = now;
            row.submitted_by = UserId(who);
            break;
          case PlanAction::kReturn:
          case PlanAction::kApprove:
            // Separation of duties: nobody approves (or returns) a plan version they wrote or
            // submitted.
            if (who.user_id > 0 &&
                (row.created_by == who.user_id || row.submitted_by == who.user_id))
              return PermissionDenied("PLAN_SELF_APPROVAL", "不能审批自己编制或提交的计划");
            if (action == PlanAction::kReturn && note.empty())
              return InvalidArgument("PLAN_RETURN_NOTE_REQUIRED", "退回计划须说明原因");
            row.decided_at = now;
            row.decided_by = UserId(who);
            row.decision_note = note;
            break;
          case PlanAction::kPublish: row.published_at = now; break;
          default: break;
        }
        RETURN_IF_ERROR(store::UpdatePlan(c, row, v.row.status));
        // An approved adjustment replaces the version it adjusts.
        if (action == PlanAction::kApprove && row.version > 1) {
          ASSIGN_OR_RETURN(auto versions, store::ListPlanVersions(c, row.plan_no));
          for (const auto& old : versions) {
            if (old.version >= row.version) continue;
            const PlanStatus st = StatusOf(old);
            if (st == PlanStatus::kApproved || st == PlanStatus::kPublished ||
                st == PlanStatus::kExecuting) {
              store::PlanRow superseded = old;
              superseded.status = PlanStatus::kSuperseded;
              RETURN_IF_ERROR(store::UpdatePlan(c, superseded, old.status));
            }
          }
        }
        static constexpr const char* kActions[] = {"plan.submit",  "plan.return", "plan.approve",
                                                   "plan.publish", "plan.start",  "plan.complete"};
        RETURN_IF_ERROR(RecordAudit(c, clock_, who, kActions[static_cast<int>(action)], "plan",
                                    row.plan_no,
                                    {{"id", plan_id},
                                     {"version", row.version},
                                     {"from", plans::PlanStatusName(from)},
                                     {"to", plans::PlanStatusName(row.status)},
                                     {"note", note}}));
        if (action == PlanAction::kSubmit) {
          Notice notice;
          notice.kind = MessageKind::kPlanApproval;
          notice.subject = "抽查计划待审核：" + v.content.title;
          notice.body = v.department_name + "的抽查计划 " + row.plan_no + "（第 " +
                        std::to_string(row.version) + " 版）已提交，请审核。";
          notice.link = "/console/plans/" + std::to_string(plan_id);
          notice.record_kind = "plan";
          notice.record_id = plan_id;
          RETURN_IF_ERROR(NotifyDepartmentIn(c, org_, clock_, row.department_id,
                                             Permission::kPlanApprove, notice)
                              .status());
        }
        ASSIGN_OR_RETURN(out, LoadIn(c, plan_id));
        return OkStatus();
      });
  RETURN_IF_ERROR(s);
  return out;
}

StatusOr<PlanView> PlanService::Submit(const Principal& who, int64_t id) {
  return Transition(who, id, PlanAction::kSubmit, Permission::kPlanWrite, "");
}
StatusOr<PlanView> PlanService::Return(const Principal& who, int64_t id, const std::string& note) {
  return Transition(who, id, PlanAction::kReturn, Permission::kPlanApprove, note);
}
StatusOr<PlanView> PlanService::Approve(const Principal& who, int64_t id, const std::string& note) {
  return Transition(who, id, PlanAction::kApprove, Permission::kPlanApprove, note);
}
StatusOr<PlanView> PlanService::Publish(const Principal& who, int64_t id) {
  return Transition(who, id, PlanAction::kPublish, Permission::kPlanWrite, "");
}
StatusOr<PlanView> PlanService::Complete(const Principal& who, int64_t id) {
  return Transition(who, id, PlanAction::kComplete, Permission::kPlanWrite, "");
}

Status PlanService::StartIn(store::Connection& c, const Principal& who,
                            const store::PlanRow& plan) {
  if (StatusOf(plan) != PlanStatus::kPublished) return OkStatus();
  store::PlanRow row = plan;
  row.status = PlanStatus::kExecuting;
  RETURN_IF_ERROR(store::UpdatePlan(c, row, plan.status));
  return RecordAudit(c, clock_, who, "plan.start", "plan", plan.plan_no,
                     {{"id", plan.id},
                      {"version", plan.version},
                      {"from", plans::PlanStatusName(plan.status)},
                      {"to", plans::PlanStatusName(row.status)}})
      .status();
}

StatusOr<PlanView> PlanService::Adjust(const Principal& who, int64_t plan_id,
                                       const plans::PlanContent& content,
                                       const std::string& reason) {
  RETURN_IF_ERROR(text::CheckText("调整原因", reason, text::kNote));
  int64_t id = 0;
  Status s =
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(PlanView v, LoadIn(c, plan_id));
        ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(v.row.department_id));
        RETURN_IF_ERROR(Authorize(who, Permission::kPlanWrite, loc));
        const PlanStatus st = StatusOf(v.row);
        if (st != PlanStatus::kApproved && st != PlanStatus::kPublished &&
            st != PlanStatus::kExecuting)
          return FailedPrecondition("PLAN_NOT_ADJUSTABLE",
                                    "只有已批准、已公示或执行中的计划可以调整（当前为“" +
                                        std::string(plans::PlanStatusDisplayName(st)) + "”）");
        if (registers::TrimText(reason).empty())
          return InvalidArgument("PLAN_ADJUST_REASON_REQUIRED",
                                 "调整计划须说明理由（不得随意增加或减少检查次数）");
        ASSIGN_OR_RETURN(auto versions, store::ListPlanVersions(c, v.row.plan_no));
        if (versions.back().id != v.row.id)
          return FailedPrecondition("PLAN_ADJUSTMENT_PENDING",
                                    "该计划已有更新的版本，请在最新版本上调整");
        if (content.year != v.row.year)
          return InvalidArgument("PLAN_YEAR_FIXED", "计划年度不能调整");
        RETURN_IF_ERROR(CheckContent(c, v.row.department_id, content));
        const auto changes = plans::DiffPlanContent(v.content, content);
        if (changes.empty())
          return FailedPrecondition("PLAN_UNCHANGED", "调整后的计划与现行版本相同");
        store::PlanRow row;
        row.plan_no = v.row.plan_no;
        row.version = v.row.version + 1;
        row.department_id = v.row.department_id;
        row.year = v.row.year;
        row.title = content.title;
        row.status = PlanStatus::kDraft;
        row.content = plans::PlanContentToJson(content).dump();
        row.adjustment_reason = std::string(registers::TrimText(reason));
        row.created_at = FormatTimestamp(clock_.Now());
        row.created_by = UserId(who);
        ASSIGN_OR_RETURN(id, store::InsertPlan(c, row));
        return RecordAudit(c, clock_, who, "plan.adjust", "plan", row.plan_no,
                           {{"id", id},
                            {"version", row.version},
                            {"reason", row.adjustment_reason},
                            {"changes", registers::ChangesToJson(changes)}})
            .status();
      });
  RETURN_IF_ERROR(s);
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  return LoadIn(*conn, id);
}

StatusOr<PlanView> PlanService::Get(const Principal& who, int64_t plan_id) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(PlanView v, LoadIn(*conn, plan_id));
  RETURN_IF_ERROR(RequireReadable(who, v.row.department_id));
  return v;
}

StatusOr<std::vector<PlanView>> PlanService::List(const Principal& who,
                                                  std::optional<int64_t> department_id,
                                                  std::optional<int> year) {
  ASSIGN_OR_RETURN(auto readable, ReadableDepartments(org_, who, kPlanReaders));
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto rows, store::ListLatestPlans(*conn, department_id, year, readable));
  std::vector<PlanView> out;
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(PlanView v, LoadIn(*conn, r.id));
    out.push_back(std::move(v));
  }
  return out;
}

StatusOr<std::vector<PlanView>> PlanService::ListPublic(std::optional<int> year) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto rows, store::ListLatestPlans(*conn, std::nullopt, year));
  std::vector<PlanView> out;
  for (const auto& r : rows) {
    // The newest version may be a draft adjustment: the public sees the version in force.
    ASSIGN_OR_RETURN(auto versions, store::ListPlanVersions(*conn, r.plan_no));
    for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
      const PlanStatus st = StatusOf(*it);
      if (st == PlanStatus::kPublished || st == PlanStatus::kExecuting ||
          st == PlanStatus::kCompleted) {
        ASSIGN_OR_RETURN(PlanView v, LoadIn(*conn, it->id));
        for (const auto& b : v.content.batches) {
          // A filter the current dictionaries no longer accept is described by the page itself.
          auto scope = registers_.targets().Describe(b.filter);
          v.scope_descriptions.push_back(scope.ok() ? std::move(*scope) : std::string());
          std::vector<std::string> names;
          for (const auto& code : b.item_codes) {
            ASSIGN_OR_RETURN(auto head,
                             store::FindItemHeadByCode(*conn, v.row.department_id, code));
            names.push_back(head ? head->name : "");
          }
          v.item_names.push_back(std::move(names));
        }
        out.push_back(std::move(v));
        break;
      }
    }
  }
  return out;
}

StatusOr<std::vector<PlanView>> PlanService::Versions(const Principal& who, int64_t plan_id) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(PlanView v, LoadIn(*conn, plan_id));
  RETURN_IF_ERROR(RequireReadable(who, v.row.department_id));
  ASSIGN_OR_RETURN(auto rows, store::ListPlanVersions(*conn, v.row.plan_no));
  std::vector<PlanView> out;
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(PlanView x, LoadIn(*conn, r.id));
    out.push_back(std::move(x));
  }
  return out;
}

StatusOr<registers::Changes> PlanService::Diff(const Principal& who, int64_t plan_id,
                                               int from_version, int to_version) {
  ASSIGN_OR_RETURN(auto versions, Versions(who, plan_id));
  const PlanView* a = nullptr;
  const PlanView* b = nullptr;
  for (const auto& v : versions) {
    if (v.row.version == from_version) a = &v;
    if (v.row.version == to_version) b = &v;
  }
  if (!a || !b) return NotFound("PLAN_VERSION_NOT_FOUND", "计划版本不存在");
  return plans::DiffPlanContent(a->content, b->content);
}

// --- joint proposals ---------------------------------------------------------------------------

StatusOr<ProposalView> PlanService::LoadProposal(store::Connection& c, int64_t id) {
  ASSIGN_OR_RETURN(auto row, store::FindProposal(c, id));
  if (!row) return NotFound("PROPOSAL_NOT_FOUND", "联合抽查建议不存在");
  ProposalView v;
  v.row = std::move(*row);
  ASSIGN_OR_RETURN(v.members, store::ListProposalMembers(c, id));
  for (const auto& m : v.members) {
    ASSIGN_OR_RETURN(auto d, store::FindDepartment(c, m.department_id));
    v.department_names.push_back(d ? d->name : std::to_string(m.department_id));
  }
  return v;
}

StatusOr<std::vector<ProposalView>> PlanService::DetectJoint(const Principal& who,
                                                             std::optional<int> year) {
  if (!HoldsPermissionSomewhere(who, Permission::kPlanWrite))
    return PermissionDenied("PERMISSION_DENIED", "没有权限发起联合抽查");
  struct Candidate {
    store::PlanRow plan;
    plans::Batch batch;
    std::set<int64_t> targets;
    std::map<int64_t, std::string> names;
  };
  std::vector<Candidate> candidates;
  {
    ASSIGN_OR_RETURN(auto conn, db_.Acquire());
    ASSIGN_OR_RETURN(auto rows, store::ListLatestPlans(*conn, std::nullopt, year));
    for (const auto& r : rows) {
      const PlanStatus st = StatusOf(r);
      if (st != PlanStatus::kApproved && st != PlanStatus::kPublished &&
          st != PlanStatus::kExecuting)
        continue;
      // Published plans are public; an approved one not yet published is seen only in scope.
      ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(r.department_id));
      if (st == PlanStatus::kApproved && !Authorize(who, Permission::kPlanWrite, loc).ok() &&
          !Authorize(who, Permission::kStatsRead, loc).ok())
        continue;
      ASSIGN_OR_RETURN(PlanView v, LoadIn(*conn, r.id));
      for (const auto& b : v.content.batches) candidates.push_back({r, b, {}, {}});
    }
  }
  // Evaluate each batch's target filter once (a second connection streams the targets).
  for (auto& cand : candidates) {
    ASSIGN_OR_RETURN(auto query,
                     registers_.targets().PrepareQuery(cand.batch.filter, cand.batch.window_from));
    ASSIGN_OR_RETURN(auto conn, db_.Acquire());
    RETURN_IF_ERROR(store::ScanTargets(*conn, query, [&](const store::StoredTarget& t) {
      cand.targets.insert(t.id);
      if (cand.names.size() < 2000) cand.names[t.id] = t.target.name;
      return true;
    }));
  }
  std::vector<ProposalView> created;
  for (size_t i = 0; i < candidates.size(); ++i) {
    for (size_t j = i + 1; j < candidates.size(); ++j) {
      const Candidate& a = candidates[i];
      const Candidate& b = candidates[j];
      if (a.plan.department_id == b.plan.department_id || !WindowsOverlap(a.batch, b.batch))
        continue;
      std::vector<int64_t> overlap;
      std::set_intersection(a.targets.begin(), a.targets.end(), b.targets.begin(), b.targets.end(),
                            std::back_inserter(overlap));
      if (overlap.empty()) continue;
      int64_t new_id = 0;
      Status s =
          store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
            ASSIGN_OR_RETURN(bool exists, store::ProposalExistsFor(c, a.plan.id, a.batch.seq,
                                                                   b.plan.id, b.batch.seq));
            if (exists) return OkStatus();
            ASSIGN_OR_RETURN(int64_t n, store::CountProposals(c));
            store::ProposalRow p;
            const Date today = Today();
            p.proposal_no = "LH-" + std::to_string(today.year) + "-" + std::to_string(n + 1);
            // The department with more of its planned targets in the overlap leads (ties: lower
            // id).
            p.lead_department_id =
                a.targets.size() <= b.targets.size() ? a.plan.department_id : b.plan.department_id;
            p.window_from = std::max(a.batch.window_from, b.batch.window_from).ToString();
            p.window_to = std::min(a.batch.window_to, b.batch.window_to).ToString();
            p.overlap_count = static_cast<int64_t>(overlap.size());
            Json sample = Json::array();
            for (size_t k = 0; k < overlap.size() && k < 10; ++k) {
              auto it = a.names.find(overlap[k]);
              sample.push_back(
                  {{"target_id", overlap[k]}, {"name", it == a.names.end() ? "" : it->second}});
            }
            p.overlap_sample = std::move(sample);
            // seeds 002, 004: each department answers within 10 working days.
            p.deadline = calendar_.AddWorkingDays(today, 10).value.ToString();
            p.created_at = FormatTimestamp(clock_.Now());
            p.created_by = UserId(who);
            std::vector<store::ProposalMemberRow> members = {{a.plan.department_id,
                                                              a.plan.id,
                                                              a.batch.seq,
                                                              ProposalResponse::kPending,
                                                              {},
                                                              {},
                                                              ""},
                                                             {b.plan.department_id,
                                                              b.plan.id,
                                                              b.batch.seq,
                                                              ProposalResponse::kPending,
                                                              {},
                                                              {},
                                                              ""}};
            std::sort(members.begin(), members.end(),
                      [](auto& x, auto& y) { return x.department_id < y.department_id; });
            ASSIGN_OR_RETURN(new_id, store::InsertProposal(c, p, members));
            // Each department's head answers within 10 working days (issue 14: a message).
            Notice notice;
            notice.kind = MessageKind::kJointAnswer;
            notice.subject = "联合抽查建议 " + p.proposal_no + " 待答复";
            notice.body = "计划 " + a.plan.plan_no + " 与 " + b.plan.plan_no + " 有 " +
                          std::to_string(p.overlap_count) + " 个相同检查对象，建议联合抽查；请于 " +
                          p.deadline + " 前答复是否参加。";
            notice.link = "/console/joint";
            notice.record_kind = "joint_proposal";
            notice.record_id = new_id;
            for (const auto& m : members)
              RETURN_IF_ERROR(NotifyDepartmentIn(c, org_, clock_, m.department_id,
                                                 Permission::kPlanApprove, notice)
                                  .status());
            return RecordAudit(
                       c, clock_, who, "joint.propose", "joint_proposal", p.proposal_no,
                       {{"id", new_id},
                        {"departments", {members[0].department_id, members[1].department_id}},
                        {"plans", {a.plan.plan_no, b.plan.plan_no}},
                        {"batches", {a.batch.seq, b.batch.seq}},
                        {"overlap_count", p.overlap_count},
                        {"window", {p.window_from, p.window_to}},
                        {"deadline", p.deadline}})
                .status();
          });
      RETURN_IF_ERROR(s);
      if (new_id > 0) {
        ASSIGN_OR_RETURN(auto conn, db_.Acquire());
        ASSIGN_OR_RETURN(auto view, LoadProposal(*conn, new_id));
        created.push_back(std::move(view));
      }
    }
  }
  return created;
}

StatusOr<ProposalView> PlanService::Respond(const Principal& who, int64_t proposal_id,
                                            int64_t department_id, bool accept,
                                            const std::string& note) {
  RETURN_IF_ERROR(text::CheckText("答复说明", note, text::kNote));
  RETURN_IF_ERROR(ResolveExpired(Principal::System("deadline")).status());
  ProposalView out;
  Status s =
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(ProposalView v, LoadProposal(c, proposal_id));
        ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(department_id));
        // The department's head answers for the department (seed 004: 部门负责人确认).
        RETURN_IF_ERROR(Authorize(who, Permission::kPlanApprove, loc));
        auto it = std::find_if(v.members.begin(), v.members.end(),
                               [&](auto& m) { return m.department_id == department_id; });
        if (it == v.members.end())
          return NotFound("PROPOSAL_MEMBER_NOT_FOUND", "该部门不在此联合抽查建议中");
        if (v.row.status != ProposalStatus::kOpen)
          return FailedPrecondition("PROPOSAL_CLOSED", "该联合抽查建议已经办结");
        if (!accept && note.empty())
          return InvalidArgument("PROPOSAL_DECLINE_NOTE_REQUIRED", "不参加联合抽查须说明理由");
        store::ProposalMemberRow m = *it;
        m.response = accept ? ProposalResponse::kAccepted : ProposalResponse::kDeclined;
        m.responded_at = FormatTimestamp(clock_.Now());
        m.responded_by = UserId(who);
        m.note = note;
        RETURN_IF_ERROR(store::UpdateProposalMember(c, proposal_id, m));
        RETURN_IF_ERROR(RecordAudit(c, clock_, who, accept ? "joint.accept" : "joint.decline",
                                    "joint_proposal", v.row.proposal_no,
                                    {{"department_id", department_id}, {"note", note}}));
        ASSIGN_OR_RETURN(ProposalView after, LoadProposal(c, proposal_id));
        bool all = std::all_of(after.members.begin(), after.members.end(),
                               [](auto& x) { return x.response != ProposalResponse::kPending; });
        if (all) RETURN_IF_ERROR(ResolveIn(c, who, proposal_id, false));
        ASSIGN_OR_RETURN(out, LoadProposal(c, proposal_id));
        return OkStatus();
      });
  RETURN_IF_ERROR(s);
  return out;
}

Status PlanService::ResolveIn(store::Connection& c, const Principal& who, int64_t proposal_id,
                              bool deadline_passed) {
  ASSIGN_OR_RETURN(ProposalView v, LoadProposal(c, proposal_id));
  const std::string now = FormatTimestamp(clock_.Now());
  if (deadline_passed) {
    for (auto m : v.members) {
      if (m.response != ProposalResponse::kPending) continue;
      m.response = ProposalResponse::kExpired;
      m.responded_at = now;
      m.note = "逾期未答复（截止 " + v.row.deadline + "）";
      RETURN_IF_ERROR(store::UpdateProposalMember(c, proposal_id, m));
    }
    ASSIGN_OR_RETURN(v, LoadProposal(c, proposal_id));
  }
  std::vector<store::ProposalMemberRow> accepted;
  for (const auto& m : v.members)
    if (m.response == ProposalResponse::kAccepted) accepted.push_back(m);
  Json responses = Json::array();
  for (const auto& m : v.members)
    responses.push_back({{"department_id", m.department_id},
                         {"response", plans::ProposalResponseName(m.response)}});
  if (accepted.size() < 2) {
    RETURN_IF_ERROR(
        store::ResolveProposal(c, proposal_id, ProposalStatus::kLapsed, now, std::nullopt));
    return RecordAudit(c, clock_, who, "joint.lapse", "joint_proposal", v.row.proposal_no,
                       {{"responses", responses},
                        {"deadline_passed", deadline_passed},
                        {"result", "参加部门不足两个，各部门按原计划分别抽查"}})
        .status();
  }
  if (!joint_tasks_) return Internal("joint proposal resolution needs a joint task factory");
  ASSIGN_OR_RETURN(int64_t task_id, joint_tasks_(c, who, v, accepted));
  RETURN_IF_ERROR(store::ResolveProposal(c, proposal_id, ProposalStatus::kFormed, now, task_id));
  return RecordAudit(c, clock_, who, "joint.form", "joint_proposal", v.row.proposal_no,
                     {{"responses", responses}, {"task_id", task_id}})
      .status();
}

StatusOr<int> PlanService::ResolveExpired(const Principal& who) {
  int resolved = 0;
  const std::string today = Today().ToString();
  std::vector<int64_t> due;
  {
    ASSIGN_OR_RETURN(auto conn, db_.Acquire());
    ASSIGN_OR_RETURN(auto open, store::ListProposals(*conn, std::nullopt, ProposalStatus::kOpen));
    for (const auto& p : open)
      if (p.deadline < today) due.push_back(p.id);
  }
  for (int64_t id : due) {
    Status s =
        store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
          // Another server (or request) may be resolving it at the same moment.
          ASSIGN_OR_RETURN(bool open, store::LockOpenProposal(c, id));
          if (!open) return OkStatus();  // resolved meanwhile
          ++resolved;
          return ResolveIn(c, who, id, true);
        });
    RETURN_IF_ERROR(s);
  }
  return resolved;
}

StatusOr<ProposalView> PlanService::GetProposal(const Principal& who, int64_t proposal_id) {
  RETURN_IF_ERROR(ResolveExpired(Principal::System("deadline")).status());
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(ProposalView v, LoadProposal(*conn, proposal_id));
  bool readable = false;
  for (const auto& m : v.members) readable = readable || RequireReadable(who, m.department_id).ok();
  if (!readable) return PermissionDenied("PERMISSION_DENIED", "没有权限查看该联合抽查建议");
  return v;
}

StatusOr<std::vector<ProposalView>> PlanService::ListProposals(
    const Principal& who, std::optional<int64_t> department_id) {
  RETURN_IF_ERROR(ResolveExpired(Principal::System("deadline")).status());
  ASSIGN_OR_RETURN(auto readable, ReadableDepartments(org_, who, kPlanReaders));
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto rows, store::ListProposals(*conn, department_id, std::nullopt, readable));
  std::vector<ProposalView> out;
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(ProposalView v, LoadProposal(*conn, r.id));
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace suiji::service
