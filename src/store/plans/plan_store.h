// Plans, joint proposals, tasks, dispatch and inspection history (migration 0004).
//
// States, kinds and roles leave the store as the enums of core/plans (and core/draw); the columns
// hold their names (PlanStatusName, TaskStatusName …). The CHECK constraints of 0004/0005 keep
// the constrained ones valid; a status text the enum does not know reads as the first state.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/draw/draw_state.h"
#include "core/plans/plan.h"
#include "core/plans/records.h"
#include "core/plans/task.h"
#include "core/status.h"
#include "core/time.h"
#include "store/database.h"

namespace suiji::store {

// The stored records are core values (core/plans/records.h); the store reads and writes them.
using PlanRow = plans::PlanRecord;
using ProposalRow = plans::ProposalRecord;
using ProposalMemberRow = plans::ProposalMemberRecord;
using TaskRow = plans::TaskRecord;
using TaskDepartmentRow = plans::TaskDepartmentRecord;

StatusOr<int64_t> InsertPlan(Connection& c, const PlanRow& p);
StatusOr<std::optional<PlanRow>> FindPlan(Connection& c, int64_t id);
// Every version of one plan, oldest first.
StatusOr<std::vector<PlanRow>> ListPlanVersions(Connection& c, std::string_view plan_no);
// The newest version of each plan; filters optional. `within_departments` is the reader's scope
// (nullopt: any department).
StatusOr<std::vector<PlanRow>> ListLatestPlans(
    Connection& c, std::optional<int64_t> department_id, std::optional<int> year,
    const std::optional<std::vector<int64_t>>& within_departments = std::nullopt);
StatusOr<int64_t> CountPlanNumbers(Connection& c, std::string_view prefix);
// Compare-and-set on status; FailedPrecondition PLAN_STATE_CHANGED when another request won.
Status UpdatePlan(Connection& c, const PlanRow& p, plans::PlanStatus expected_status);

StatusOr<int64_t> InsertProposal(Connection& c, const ProposalRow& p,
                                 const std::vector<ProposalMemberRow>& members);
StatusOr<std::optional<ProposalRow>> FindProposal(Connection& c, int64_t id);
// `within_departments`: proposals one of these departments is a member of (nullopt: any).
StatusOr<std::vector<ProposalRow>> ListProposals(
    Connection& c, std::optional<int64_t> department_id,
    std::optional<plans::ProposalStatus> status,
    const std::optional<std::vector<int64_t>>& within_departments = std::nullopt);
StatusOr<std::vector<ProposalMemberRow>> ListProposalMembers(Connection& c, int64_t proposal_id);
// Whether a proposal (any status) already joins this (plan, batch) with that other department.
StatusOr<bool> ProposalExistsFor(Connection& c, int64_t plan_id, int batch_seq,
                                 int64_t other_plan_id, int other_batch_seq);
StatusOr<int64_t> CountProposals(Connection& c);
// CAS from 'pending'; FailedPrecondition PROPOSAL_ALREADY_ANSWERED.
Status UpdateProposalMember(Connection& c, int64_t proposal_id, const ProposalMemberRow& m);
// CAS from 'open'.
Status ResolveProposal(Connection& c, int64_t id, plans::ProposalStatus status, std::string_view at,
                       std::optional<int64_t> joint_task_id);

StatusOr<int64_t> InsertTask(Connection& c, const TaskRow& t,
                             const std::vector<TaskDepartmentRow>& departments);
StatusOr<std::optional<TaskRow>> FindTask(Connection& c, int64_t id);
StatusOr<std::optional<TaskRow>> FindTaskByDraw(Connection& c, int64_t draw_id);
struct TaskQuery {
  std::optional<int64_t> department_id;  // lead or cooperating
  std::optional<int64_t> plan_id;
  // The reader's scope: tasks in which one of these departments takes part (nullopt: any).
  std::optional<std::vector<int64_t>> within_departments;
  bool announced_only = false;
  int limit = 50;
  int offset = 0;
};
StatusOr<std::vector<TaskRow>> ListTasks(Connection& c, const TaskQuery& q);
// The task made from a plan batch (one per batch, migration 0007), if any.
StatusOr<std::optional<TaskRow>> FindBatchTask(Connection& c, int64_t plan_id, int batch_seq);
StatusOr<int64_t> CountTaskNumbers(Connection& c, std::string_view prefix);
StatusOr<std::vector<TaskDepartmentRow>> ListTaskDepartments(Connection& c, int64_t task_id);
// CAS on status; FailedPrecondition TASK_STATE_CHANGED.
Status UpdateTask(Connection& c, const TaskRow& t, plans::TaskStatus expected_status);

// The assignment draws of a task: role inspector (执法检查人员) or expert (专家).
Status InsertTaskInspectorDraw(Connection& c, int64_t task_id, int64_t department_id,
                               int64_t draw_id, std::string_view eligibility_json,
                               plans::AssigneeKind role);
struct TaskInspectorDrawRow {
  int64_t department_id = 0;
  int64_t draw_id = 0;
  std::string eligibility;
  plans::AssigneeKind role = plans::AssigneeKind::kInspector;
  std::string draw_no;  // the draw's number and status (joined)
  draw::DrawStatus draw_status = draw::DrawStatus::kCommitted;
};
StatusOr<std::vector<TaskInspectorDrawRow>> ListTaskInspectorDraws(Connection& c, int64_t task_id);
struct TaskOfDraw {
  int64_t task_id = 0;
  plans::AssigneeKind role = plans::AssigneeKind::kInspector;
};
StatusOr<std::optional<TaskOfDraw>> FindTaskOfInspectorDraw(Connection& c, int64_t draw_id);

// What the directory held of a target when the task locked it: the public reads these.
struct LockedTargetFacts {
  std::string name;
  std::string address;
  std::string unit_name;
  friend bool operator==(const LockedTargetFacts&, const LockedTargetFacts&) = default;
};
struct TaskTargetRow {
  int64_t target_id = 0;
  std::string draw_key;
  std::string stratum;
  int position = 0;
  std::optional<LockedTargetFacts> locked;  // nullopt: not snapshotted (older binaries)
  std::optional<std::string> risk_class;    // locked_risk_class; nullopt: NULL
};
// Replaces the task's rows; a row's `locked` facts are written as given (NULL when nullopt).
Status ReplaceTaskTargets(Connection& c, int64_t task_id, const std::vector<TaskTargetRow>& rows);
// The targets to lock under the given natural keys (the lowest id when a key is held twice, as
// FindTargetByKey), each with the facts the lock snapshots, in two queries (the ids by key, then
// the facts by id in id order): one entry per key, in the order of `keys`; id 0 where no target
// has that exact key.
struct TargetToLock {
  int64_t id = 0;
  LockedTargetFacts facts;
  std::string risk_class;
};
StatusOr<std::vector<TargetToLock>> FindTargetsToLock(Connection& c,
                                                      const std::vector<std::string>& keys);
// The same for targets known by id (a draw whose pool carries them: store::PoolEntry), in one
// query: one entry per id, in the order of `ids`; Internal when an id is not stored (targets are
// never deleted).
StatusOr<std::vector<TargetToLock>> FindTargetsToLockByIds(Connection& c,
                                                           const std::vector<int64_t>& ids);
// Fills the locked facts of the task's rows that have none from the directory as it is now
// (one statement); rows whose target is gone keep none.
Status SnapshotTaskTargets(Connection& c, int64_t task_id);
StatusOr<std::vector<TaskTargetRow>> ListTaskTargets(Connection& c, int64_t task_id);
// Each locked target's current region code (the directory's row, for jurisdiction), one query.
StatusOr<std::map<int64_t, std::string>> TaskTargetRegions(Connection& c, int64_t task_id);
// A task's targets with what a task view shows of each (one query): the name, address and unit
// locked with the row, or — for rows locked before snapshots existed — as the directory holds
// them now (empty when the target is gone).
struct TaskTargetLineRow {
  TaskTargetRow target;
  std::string name;
  std::string address;
  std::optional<int64_t> unit_id;
};
StatusOr<std::vector<TaskTargetLineRow>> ListTaskTargetLines(Connection& c, int64_t task_id);
// What ListTaskTargetLines and the task's target pages select (task_targets tt LEFT JOIN
// targets t), and one row of it read back.
inline constexpr const char* kTaskTargetLineColumns =
    "tt.target_id, tt.draw_key, tt.stratum, tt.position, t.id, t.name, t.address, t.unit_id, "
    "tt.locked_name, tt.locked_address, tt.locked_unit_name";
TaskTargetLineRow TaskTargetLineFromRow(const Row& r);

// Who an assignment names: an inspector (task_assignments) or an expert (task_expert_assignments).
using Assignee = plans::AssigneeKind;

struct AssignmentRow {
  int64_t task_id = 0;
  int64_t target_id = 0;
  int64_t department_id = 0;
  int64_t person_id = 0;  // inspector or expert id
  int64_t draw_id = 0;
  int position = 0;
};
// Replaces the assignments that came from one inspector or expert draw.
Status ReplaceDrawAssignments(Connection& c, Assignee who, int64_t task_id, int64_t draw_id,
                              const std::vector<AssignmentRow>& rows);
// Drops inspector and expert assignments to targets no longer in the task (a replaced target).
Status DeleteAssignmentsNotIn(Connection& c, int64_t task_id,
                              const std::vector<int64_t>& target_ids);
StatusOr<std::vector<AssignmentRow>> ListAssignments(Connection& c, Assignee who, int64_t task_id);
StatusOr<std::vector<AssignmentRow>> ListAssignmentsOfInspector(Connection& c,
                                                                int64_t inspector_id);
// A task's assignments of one kind with the person's particulars and the draw's number (one
// query): inspectors give name, 执法证号 (`number`) and unit; experts name, 专家编号, organisation
// and title.
struct AssignmentLineRow {
  AssignmentRow row;
  std::string draw_no;
  bool person_found = false;
  std::string name;
  std::string number;
  std::optional<int64_t> unit_id;
  std::string organisation;
  std::string title;
};
StatusOr<std::vector<AssignmentLineRow>> ListAssignmentLines(Connection& c, Assignee who,
                                                             int64_t task_id);
// Person ids of drawn 执法证号 (inspectors) or 专家编号 (experts), one query.
StatusOr<std::map<std::string, int64_t>> FindPersonIdsByNumbers(
    Connection& c, Assignee who, const std::vector<std::string>& numbers);
// Names of the people with `numbers` (执法证号, or 专家编号), by number; unknown numbers are
// absent.
StatusOr<std::map<std::string, std::string>> FindPersonNamesByNumbers(
    Connection& c, Assignee who, const std::vector<std::string>& numbers);
// The names of an assignment draw's people (number -> name) as they were at its commitment:
// written once, with the commitment; read for the public record. Empty for draws committed
// before the snapshot existed.
Status InsertDrawPersonNames(Connection& c, int64_t draw_id,
                             const std::map<std::string, std::string>& names);
StatusOr<std::map<std::string, std::string>> ListDrawPersonNames(Connection& c, int64_t draw_id);

// Inspection history.
Status ReplaceTaskInspections(Connection& c, int64_t task_id, int64_t department_id,
                              const std::vector<std::string>& item_codes,
                              std::string_view inspected_on,
                              const std::vector<int64_t>& target_ids);
// target id -> number of inspections by `department_id` dated within [from, to].
StatusOr<std::map<int64_t, int>> CountInspections(Connection& c, int64_t department_id,
                                                  std::string_view from, std::string_view to);
struct InspectionRecord {
  int64_t target_id = 0;
  std::vector<std::string> item_codes;
  std::string inspected_on;
};
// Inspections by `department_id` dated on or after `since`.
StatusOr<std::vector<InspectionRecord>> InspectionsSince(Connection& c, int64_t department_id,
                                                         std::string_view since);
// Targets already locked in other tasks of `department_id` (lead or cooperating) whose window
// overlaps [from, to].
StatusOr<std::set<int64_t>> TargetsInOverlappingTasks(Connection& c, int64_t department_id,
                                                      int64_t except_task_id, std::string_view from,
                                                      std::string_view to);

}  // namespace suiji::store
