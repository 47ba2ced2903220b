// Tasks and the draw ceremony (SPEC §DRAW; seeds 000, 003, 004).
//
//   create (from a plan batch, ad hoc, or a formed joint proposal)
//   → preview: the pool from the saved filter, exclusions by reason, strata and quotas
//   → commit: the pool is snapshotted into a target draw (DrawService), nothing drawn yet
//   → witnesses and source values on the draw → reveal: targets locked, history recorded,
//     the task announced (target list hidden while confidential)
//   → per department: inspector eligibility (certificate, qualifications, jurisdiction,
//     availability, 回避) → an inspector draw → reveal: teams assigned; an unfilled team is a
//     blocking problem, closed by a supplementary draw for the missing places
//   → dispatched: every team full; inspectors see their tasks; printable 检查通知书.
// Approved replacements on either draw re-lock targets or teams in the same transaction.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/draw/draw_state.h"
#include "core/draw/target_draw.h"
#include "core/plans/eligibility.h"
#include "core/plans/notice.h"
#include "core/plans/plan.h"
#include "core/plans/records.h"
#include "core/plans/sampling.h"
#include "core/plans/task.h"
#include "core/registers/rules.h"
#include "core/registers/target_filter.h"
#include "service/draw_service.h"
#include "service/org_service.h"
#include "service/plans/plan_service.h"
#include "service/registers/registers.h"
#include "service/store_fwd.h"

namespace suiji::service {

class LockFactsPrefetch;  // service/plans/lock_facts_prefetch.h

struct NewTask {
  std::string title;
  int64_t department_id = 0;
  std::string task_type = "不定向";
  Date window_from;
  Date window_to;
  std::vector<std::string> item_codes;
  registers::TargetFilter filter;
  std::optional<int> ratio_bp;
  bool confidential = false;
};

struct StratumPreview {
  std::string name;
  int64_t pool_size = 0;
  int ratio_bp = 0;
  int64_t quota = 0;
};

struct ExclusionPreview {
  plans::Exclusion reason;
  int64_t count = 0;
  std::vector<std::pair<std::string, std::string>> samples;  // (key, name), at most 20
};

// Before the target draw: can each department staff the teams the quota asks for?
// When every object of the pool is drawn (every tier takes all), the teams are known before the
// draw and the figure is exact: the eligibility step's maximum flow over per-target eligibility
// (jurisdiction, 回避), so the preview never promises what the inspector step then refuses.
// Otherwise which objects are drawn is not known yet and the figure is an upper bound (people
// who pass the certificate, qualification, item and availability checks, times the cap;
// jurisdiction and 回避 per target only lower it): a task it refuses could never be staffed,
// and one it lets through is checked exactly at the inspector step.
struct StaffingEstimate {
  int64_t department_id = 0;
  std::string department;
  plans::AssigneeKind role = plans::AssigneeKind::kInspector;
  int per_task = 2;
  int cap = 10;
  int64_t people = 0;
  int64_t needed = 0;         // quota × per_task
  int64_t available = 0;      // people × cap
  bool exact = false;         // fillable and short_places computed over the known teams
  int64_t fillable = 0;       // exact: the most places any assignment within the cap fills
  int64_t short_places = 0;   // exact: places on targets with fewer eligible people than needed
  int64_t short_targets = 0;  // exact: those targets
  // The most places the department can take: exact, or the upper bound.
  int64_t capacity() const { return exact ? fillable : available; }
  // As the inspector step decides: refused when nobody can be drawn or when the caps, not a
  // lack of eligible people on some targets, leave places open (core/plans/staffing.h).
  bool sufficient() const {
    return exact ? fillable > 0 && fillable >= needed - short_places : available >= needed;
  }
  int64_t max_targets() const { return per_task > 0 ? capacity() / per_task : 0; }
};

// 互认共享: an object of the filter that another department of the region (not one of the
// task's) inspected recently — a published result or an imported past inspection.
struct RecognizedInspectionLine {
  int64_t target_id = 0;
  std::string key;
  std::string name;
  int64_t department_id = 0;
  std::string department;
  Date completed_on;
  std::string result;
  std::string source;          // "publication" | "import"
  std::string publication_no;  // publications only
  bool excluded = false;       // left out of the pool by the recognition rule
};

struct MutualRecognitionPreview {
  int look_back_days = 0;  // the lead's recognition period, or the default look-back
  int rule_days = 0;       // the lead department's rule (0: nothing is excluded for it)
  int64_t count = 0;       // objects of the filter another department inspected in that period
  std::vector<RecognizedInspectionLine> lines;  // the first 200 of them (the latest each)
};

struct TaskPreview {
  int64_t matched = 0;  // targets the filter matches
  std::vector<StratumPreview> strata;
  std::vector<ExclusionPreview> exclusions;
  int floor_bp = 300;
  int ceiling_bp = 10000;
  std::string filter_description;
  // The pool's targets, and (for a commit only: BuildPreview's with_pool) the pool itself
  // (stratum, key), what a commit snapshots: pool[i] is pool_ids[i]'s record. (No names or
  // regions: at 10M objects they were 1.2 GB that only a take-all staffing figure reads, and
  // it reads them back by id; a GET of the preview builds no records: 10M strings less.)
  std::vector<int64_t> pool_ids;
  draw::Pool pool;                         // empty unless built with_pool
  std::vector<StaffingEstimate> staffing;  // per department (and experts where items need them)
  MutualRecognitionPreview recognized;

  int64_t excluded() const;
  int64_t quota() const;
  int64_t pool_size() const { return static_cast<int64_t>(pool_ids.size()); }
};
nlohmann::json TaskPreviewToJson(const TaskPreview& p);

// Names beside the ids of a public draw record (SPEC §PORTAL): the task's targets as locked
// (draw key -> name), and — unless the draw's department publishes numbers only — its people
// (执法证号 or 专家编号 -> name). 身份证号 and phone numbers are never among them.
struct PublicDrawNames {
  std::map<std::string, std::string> targets;
  std::map<std::string, std::string> people;
  registers::PublicPersonDisplay person_display = registers::PublicPersonDisplay::kNameAndNumber;
};

struct TaskTargetLine {
  int64_t target_id = 0;
  std::string key;
  std::string name;
  std::string address;
  std::string stratum;
  std::string unit_name;
};

struct TaskAssignmentLine {
  int64_t target_id = 0;
  int64_t department_id = 0;
  int64_t inspector_id = 0;
  std::string name;
  std::string cert_no;
  std::string unit_name;
  std::string draw_no;
};

struct TaskExpertLine {
  int64_t target_id = 0;
  int64_t department_id = 0;
  int64_t expert_id = 0;
  std::string name;
  std::string expert_no;
  std::string organisation;
  std::string title;
  std::string draw_no;
};

// The assignment draws of a task: of inspectors or of experts.
struct TaskInspectorDrawLine {
  int64_t department_id = 0;
  std::string draw_no;
  draw::DrawStatus status = draw::DrawStatus::kCommitted;
  plans::EligibilitySummary eligibility;  // what the draw was committed with
  plans::AssigneeKind role = plans::AssigneeKind::kInspector;
};

// What a department's items of the task ask of experts (the largest experts_per_target among
// them, and the union of their fields).
struct ExpertNeed {
  int64_t department_id = 0;
  int per_target = 0;
  std::vector<std::string> fields;
};

// A blocking problem: a department has not drawn its people yet (no target_id), or one target's
// team (inspectors) or accompanying experts is short of `missing` people.
struct TaskProblem {
  plans::AssigneeKind role = plans::AssigneeKind::kInspector;
  int64_t department_id = 0;
  std::optional<int64_t> target_id;
  int missing = 0;
  std::string text;  // "部门 X：检查对象“Y”尚缺 1 名执法检查人员" …
};

// The blocking problems of one department and kind, counted: either the department has not
// drawn yet (`targets` 0: every target waits), or `targets` targets are short of `missing`
// people in all.
struct TaskProblemLine {
  plans::AssigneeKind role = plans::AssigneeKind::kInspector;
  int64_t department_id = 0;
  int64_t targets = 0;
  int64_t missing = 0;
  std::string text;  // "部门 X：12 个检查组未满员（共缺 15 名执法检查人员）" …
};

// What a task holds, counted (issues 12 and 15: what readers over HTTP get instead of the lists).
struct TaskSummary {
  int64_t targets = 0;
  std::vector<std::pair<std::string, int64_t>> strata;  // locked targets per stratum, lock order
  int64_t inspector_places = 0;                         // inspectors' places filled, all teams
  int64_t expert_places = 0;
  int64_t problem_count = 0;  // as many as TaskView::problems of the whole view holds
  std::vector<TaskProblemLine> problems;
};

// A task. A whole view (TaskService::LoadIn, Get) holds its lists and `summary` counted from
// them; a summary view (TaskService::LoadSummaryIn, and what the ceremony's steps answer) holds
// the head, the expert needs and `summary` counted in SQL, its lists left empty.
struct TaskView {
  plans::TaskRecord row;
  std::vector<plans::TaskDepartmentRecord> departments;
  std::vector<std::string> department_names;  // parallel to departments
  // Per department, the names of its item_codes (parallel; "" for an unknown code).
  std::vector<std::vector<std::string>> item_names;
  std::optional<std::string> target_draw_no;
  std::optional<draw::DrawStatus> target_draw_status;
  std::vector<TaskTargetLine> targets;
  std::vector<TaskInspectorDrawLine> inspector_draws;
  std::vector<TaskAssignmentLine> assignments;
  std::vector<ExpertNeed> expert_needs;  // departments whose items need experts
  std::vector<TaskExpertLine> experts;
  // Blocking problems: while any is left the task is not dispatched.
  std::vector<TaskProblem> problems;
  // The lists counted (filled by LoadIn and LoadSummaryIn; zero for a head, LoadHeadIn).
  TaskSummary summary;

  // The name of a participating department ("" when it does not take part).
  std::string DepartmentName(int64_t department_id) const;
  // The problems' texts, in order.
  std::vector<std::string> ProblemTexts() const;
  // Whether the target's team may go: every department has drawn and no team or expert place
  // of the target is open (only then is a 检查通知书 issued for it).
  bool Dispatchable(int64_t target_id) const;
};

// The summary of a whole view, counted from its lists (task_pages.cc).
TaskSummary SummaryOf(const TaskView& whole);

// An inspector's own assignment (the mobile list).
struct MyTaskLine {
  TaskView task;
  std::vector<int64_t> target_ids;  // the targets this inspector goes to
};

struct WitnessCeremony;

class TaskService {
 public:
  TaskService(store::Database& db, const Clock& clock, OrgService& org, RegisterServices& registers,
              DrawService& draws, PlanService& plans);

  StatusOr<TaskView> CreateAdhoc(const Principal& who, const NewTask& task);
  StatusOr<TaskView> CreateFromBatch(const Principal& who, int64_t plan_id, int batch_seq,
                                     const std::string& title);
  // Used by PlanService when a joint proposal is formed (inside its transaction).
  StatusOr<int64_t> CreateJointTaskIn(store::Connection& c, const Principal& who,
                                      const ProposalView& proposal,
                                      const std::vector<plans::ProposalMemberRecord>& accepted);

  StatusOr<TaskPreview> Preview(const Principal& who, int64_t task_id);
  // The commits answer with a summary view (LoadSummaryIn): the lists are read by page.
  StatusOr<TaskView> CommitTargets(const Principal& who, int64_t task_id,
                                   const std::vector<std::string>& sources);

  // Eligible inspectors of one department for each locked target without a full team.
  StatusOr<plans::EligibilitySummary> InspectorEligibility(const Principal& who, int64_t task_id,
                                                           int64_t department_id);
  StatusOr<TaskView> CommitInspectors(const Principal& who, int64_t task_id, int64_t department_id,
                                      const std::vector<std::string>& sources);
  // Experts for the department's locked targets when its items need them (same ceremony).
  StatusOr<plans::EligibilitySummary> ExpertEligibility(const Principal& who, int64_t task_id,
                                                        int64_t department_id);
  StatusOr<TaskView> CommitExperts(const Principal& who, int64_t task_id, int64_t department_id,
                                   const std::vector<std::string>& sources);

  StatusOr<TaskView> Get(const Principal& who, int64_t task_id);
  // The task as a summary view (LoadSummaryIn), with the access of Get.
  StatusOr<TaskView> GetSummary(const Principal& who, int64_t task_id);
  StatusOr<std::vector<MyTaskLine>> MyTasks(const Principal& who);
  // The ceremonies awaiting `who` as a witness (the 待办 of a witness, issue 12): every draw
  // committed and not revealed yet in a department where `who` holds 见证抽取 — the departments
  // AddWitness and EnterSourceValue accept them in — whether or not they registered on it yet;
  // oldest first, at most 200. Empty for a principal without that permission anywhere.
  StatusOr<std::vector<WitnessCeremony>> WitnessCeremonies(const Principal& who);
  // The names a public draw record shows beside the ids of a task's draw (empty maps for a draw
  // no task made). Call only for a draw whose full record is public (PublicAccess::kFull).
  StatusOr<PublicDrawNames> PublicNamesOf(const DrawView& draw);
  // The 检查通知书 of one target of a task, as values (the edge renders it: render/notice_html.h).
  // NotFound TASK_TARGET_NOT_FOUND when the target is not the task's; FailedPrecondition
  // TASK_NOT_DISPATCHED while the target has no inspector; TASK_TEAM_INCOMPLETE while its team
  // may not go (TaskView::Dispatchable: a place open, or a department yet to draw).
  StatusOr<plans::InspectionNotice> Notice(const Principal& who, int64_t task_id,
                                           int64_t target_id);

  // Content checks for VerifyAuditChain (one set per verification): task_targets must equal the
  // verified target draw's outcome and the ids task.lock_targets recorded; task_assignments and
  // task_expert_assignments must hold exactly the rows task.lock_inspectors / task.lock_experts
  // recorded (task_audit.cc).
  std::vector<AuditContentCheck> AuditChecks();
  struct AuditLog;  // the last lock entries of each task (AuditChecks)

  // --- steps inside the caller's transaction (the ceremony, service/plans/ceremony.h) ---

  // The whole task view: one query each for its targets, draws, inspectors and experts.
  StatusOr<TaskView> LoadIn(store::Connection& c, int64_t task_id);
  // The task row, its departments and its draws only (enough to check access and find its
  // draws), without targets or teams; LoadIn adds those.
  StatusOr<TaskView> LoadHeadIn(store::Connection& c, int64_t task_id);
  // The head, the expert needs and the summary counted in SQL (store/plans/task_page_store.h),
  // without the lists: what answers a ceremony step at any size (task_pages.cc).
  StatusOr<TaskView> LoadSummaryIn(store::Connection& c, int64_t task_id);
  Status RequireReadable(const Principal& who, const TaskView& v);
  // What a draw decides for the task that made it, if any.
  enum class DrawRole { kTargets, kInspectors, kExperts };
  struct DrawOwner {
    int64_t task_id = 0;
    DrawRole role = DrawRole::kTargets;
  };
  StatusOr<std::optional<DrawOwner>> FindDrawOwnerIn(store::Connection& c, const DrawView& draw);
  // Locks the targets `outcome` selects: task_targets, the placeholder inspections of every
  // department, teams of replaced targets dropped, the announcement (first lock), the audit entry.
  // The drawn targets' facts come from `prefetch` when it read them for the same targets.
  Status LockTargetsIn(store::Connection& c, int64_t task_id, const DrawView& view,
                       const DrawOutcome& outcome, LockFactsPrefetch* prefetch = nullptr);
  // Writes the teams (inspectors) or expert places an assignment draw's `outcome` yields.
  Status LockTeamsIn(store::Connection& c, int64_t task_id, const DrawView& view,
                     const DrawOutcome& outcome, plans::AssigneeKind who);
  // Moves a locked task to 已派发 when it has no blocking problem left (v.summary, of a whole
  // or a summary view), or back; updates v.
  Status SyncDispatchStateIn(store::Connection& c, TaskView& v);

 private:
  struct Eligibility;
  StatusOr<TaskPreview> BuildPreview(const TaskView& v, bool with_pool);
  Status EstimateStaffing(store::Connection& c, const TaskView& v, TaskPreview& p);
  StatusOr<Eligibility> BuildEligibility(store::Connection& c, const TaskView& v,
                                         int64_t department_id);
  StatusOr<Eligibility> BuildExpertEligibility(store::Connection& c, const TaskView& v,
                                               int64_t department_id);
  StatusOr<TaskView> CommitAssignments(const Principal& who, int64_t task_id, int64_t department_id,
                                       const std::vector<std::string>& sources, bool experts);
  StatusOr<int64_t> InsertTaskIn(store::Connection& c, const Principal& who, plans::TaskRecord row,
                                 const std::vector<plans::TaskDepartmentRecord>& departments);
  Status CheckNewTask(store::Connection& c, const NewTask& t);
  StatusOr<std::optional<std::string>> CheckLockedRows(store::Connection& c, const AuditLog& log);

  store::Database& db_;
  const Clock& clock_;
  OrgService& org_;
  RegisterServices& registers_;
  DrawService& draws_;
  PlanService& plans_;
};

// One ceremony awaiting a witness (TaskService::WitnessCeremonies): the draw as far as it has
// come, the task that made it (none for an ad hoc draw made through POST /draws), and what of it
// concerns this witness.
struct WitnessCeremony {
  DrawView draw;
  std::optional<int64_t> task_id;
  std::string task_no;
  std::string task_title;
  TaskService::DrawRole role = TaskService::DrawRole::kTargets;  // with a task
  bool registered = false;  // the witness registered on it (as themselves)
  int values_missing = 0;   // declared sources without a value yet
};

}  // namespace suiji::service
