// Which departments a principal may read a department-owned record in (plans, tasks, draws):
// the scope predicate list queries take, so that permission filtering happens inside the query
// and limit, offset and counts only ever see visible rows (issue 9, finding 8).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <vector>

#include "core/authz.h"
#include "core/status.h"
#include "service/org_service.h"

namespace suiji::service {

// The ids of the departments in whose location `who` holds at least one of `any_of`; nullopt
// when that is every department (no predicate needed). An empty vector means none.
StatusOr<std::optional<std::vector<int64_t>>> ReadableDepartments(
    OrgService& org, const Principal& who, std::initializer_list<Permission> any_of);

// The permissions that let a user read a department's plans, tasks and draws.
inline constexpr std::initializer_list<Permission> kDepartmentRecordReaders = {
    Permission::kPlanWrite, Permission::kPlanApprove, Permission::kDrawWitness,
    Permission::kStatsRead, Permission::kAuditRead};

// The departments `who` may list (GET /org/departments): all of them with 查看组织机构
// (kOrgRead) anywhere; otherwise those in which `who` may read plans, tasks and draws
// (kDepartmentRecordReaders) — a witness sees the departments whose draws they witness.
// PermissionDenied when that is none.
StatusOr<std::vector<Department>> ListableDepartments(OrgService& org, const Principal& who);

}  // namespace suiji::service
