#include "core/plans/task.h"

namespace suiji::plans {
namespace {

// The first of `all` whose name is `name`.
template <typename E, size_t N>
std::optional<E> ParseByName(std::string_view name, const E (&all)[N],
                             std::string_view (*name_of)(E)) {
  for (E e : all)
    if (name_of(e) == name) return e;
  return std::nullopt;
}

constexpr TaskStatus kTaskStatuses[] = {TaskStatus::kDraft, TaskStatus::kTargetsCommitted,
                                        TaskStatus::kTargetsLocked, TaskStatus::kDispatched,
                                        TaskStatus::kCompleted};
constexpr TaskOrigin kTaskOrigins[] = {TaskOrigin::kPlan, TaskOrigin::kAdhoc, TaskOrigin::kJoint};
constexpr TaskDepartmentRole kTaskDepartmentRoles[] = {TaskDepartmentRole::kLead,
                                                       TaskDepartmentRole::kCooperating};
constexpr AssigneeKind kAssigneeKinds[] = {AssigneeKind::kInspector, AssigneeKind::kExpert};
constexpr ProposalStatus kProposalStatuses[] = {ProposalStatus::kOpen, ProposalStatus::kFormed,
                                                ProposalStatus::kLapsed};
constexpr ProposalResponse kProposalResponses[] = {
    ProposalResponse::kPending, ProposalResponse::kAccepted, ProposalResponse::kDeclined,
    ProposalResponse::kExpired};

}  // namespace

std::string_view TaskStatusName(TaskStatus s) {
  switch (s) {
    case TaskStatus::kDraft: return "draft";
    case TaskStatus::kTargetsCommitted: return "targets_committed";
    case TaskStatus::kTargetsLocked: return "targets_locked";
    case TaskStatus::kDispatched: return "dispatched";
    case TaskStatus::kCompleted: return "completed";
  }
  return "";
}

std::string_view TaskStatusDisplayName(TaskStatus s) {
  switch (s) {
    case TaskStatus::kDraft: return "待抽取";
    case TaskStatus::kTargetsCommitted: return "检查对象抽取已承诺";
    case TaskStatus::kTargetsLocked: return "检查对象已锁定";
    case TaskStatus::kDispatched: return "已派发";
    case TaskStatus::kCompleted: return "已完成";
  }
  return "";
}

std::optional<TaskStatus> ParseTaskStatus(std::string_view name) {
  return ParseByName(name, kTaskStatuses, TaskStatusName);
}

bool TargetsLocked(TaskStatus s) {
  return s == TaskStatus::kTargetsLocked || s == TaskStatus::kDispatched ||
         s == TaskStatus::kCompleted;
}

std::string_view TaskOriginName(TaskOrigin o) {
  switch (o) {
    case TaskOrigin::kPlan: return "plan";
    case TaskOrigin::kAdhoc: return "adhoc";
    case TaskOrigin::kJoint: return "joint";
  }
  return "";
}

std::optional<TaskOrigin> ParseTaskOrigin(std::string_view name) {
  return ParseByName(name, kTaskOrigins, TaskOriginName);
}

std::string_view TaskDepartmentRoleName(TaskDepartmentRole r) {
  switch (r) {
    case TaskDepartmentRole::kLead: return "lead";
    case TaskDepartmentRole::kCooperating: return "cooperating";
  }
  return "";
}

std::optional<TaskDepartmentRole> ParseTaskDepartmentRole(std::string_view name) {
  return ParseByName(name, kTaskDepartmentRoles, TaskDepartmentRoleName);
}

std::string_view AssigneeKindName(AssigneeKind k) {
  switch (k) {
    case AssigneeKind::kInspector: return "inspector";
    case AssigneeKind::kExpert: return "expert";
  }
  return "";
}

std::optional<AssigneeKind> ParseAssigneeKind(std::string_view name) {
  return ParseByName(name, kAssigneeKinds, AssigneeKindName);
}

std::string_view ProposalStatusName(ProposalStatus s) {
  switch (s) {
    case ProposalStatus::kOpen: return "open";
    case ProposalStatus::kFormed: return "formed";
    case ProposalStatus::kLapsed: return "lapsed";
  }
  return "";
}

std::optional<ProposalStatus> ParseProposalStatus(std::string_view name) {
  return ParseByName(name, kProposalStatuses, ProposalStatusName);
}

std::string_view ProposalResponseName(ProposalResponse r) {
  switch (r) {
    case ProposalResponse::kPending: return "pending";
    case ProposalResponse::kAccepted: return "accepted";
    case ProposalResponse::kDeclined: return "declined";
    case ProposalResponse::kExpired: return "expired";
  }
  return "";
}

std::optional<ProposalResponse> ParseProposalResponse(std::string_view name) {
  return ParseByName(name, kProposalResponses, ProposalResponseName);
}

}  // namespace suiji::plans
