// Tasks (抽查任务) and joint proposals: their states and kinds as typed values, each with the one
// mapping to the text the store and the API use (SPEC §DRAW, §PLAN). Pure domain.
//
// Task states: draft (待抽取) → targets_committed (target draw committed) → targets_locked
// (revealed, targets locked, announced) ⇄ dispatched (every team full; back to targets_locked
// when a replacement leaves a team short).
#pragma once

#include <optional>
#include <string_view>

namespace suiji::plans {

enum class TaskStatus { kDraft, kTargetsCommitted, kTargetsLocked, kDispatched, kCompleted };
std::string_view TaskStatusName(TaskStatus s);         // "draft" …
std::string_view TaskStatusDisplayName(TaskStatus s);  // "待抽取" …
std::optional<TaskStatus> ParseTaskStatus(std::string_view name);
// Locked targets: people may be drawn (targets_locked or dispatched).
bool TargetsLocked(TaskStatus s);

// Where a task came from: a plan batch, ad hoc, or a formed joint proposal.
enum class TaskOrigin { kPlan, kAdhoc, kJoint };
std::string_view TaskOriginName(TaskOrigin o);  // "plan" | "adhoc" | "joint"
std::optional<TaskOrigin> ParseTaskOrigin(std::string_view name);

// A department's part in a task: the lead (its draws, its rules) or a cooperating department.
enum class TaskDepartmentRole { kLead, kCooperating };
std::string_view TaskDepartmentRoleName(TaskDepartmentRole r);  // "lead" | "cooperating"
std::optional<TaskDepartmentRole> ParseTaskDepartmentRole(std::string_view name);

// Who an assignment draw of a task draws: 执法检查人员 or 专家.
enum class AssigneeKind { kInspector, kExpert };
std::string_view AssigneeKindName(AssigneeKind k);  // "inspector" | "expert"
std::optional<AssigneeKind> ParseAssigneeKind(std::string_view name);

// A joint proposal: open until every member answered or the deadline passed, then formed (a
// joint task) or lapsed.
enum class ProposalStatus { kOpen, kFormed, kLapsed };
std::string_view ProposalStatusName(ProposalStatus s);  // "open" | "formed" | "lapsed"
std::optional<ProposalStatus> ParseProposalStatus(std::string_view name);

// A member department's answer to a joint proposal.
enum class ProposalResponse { kPending, kAccepted, kDeclined, kExpired };
std::string_view ProposalResponseName(ProposalResponse r);  // "pending" | "accepted" | …
std::optional<ProposalResponse> ParseProposalResponse(std::string_view name);

}  // namespace suiji::plans
