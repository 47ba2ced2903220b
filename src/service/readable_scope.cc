#include "service/readable_scope.h"

#include <algorithm>

namespace suiji::service {

StatusOr<std::optional<std::vector<int64_t>>> ReadableDepartments(
    OrgService& org, const Principal& who, std::initializer_list<Permission> any_of) {
  ASSIGN_OR_RETURN(auto snap, org.Snapshot());
  std::vector<int64_t> out;
  for (const Department& d : snap->departments) {
    ASSIGN_OR_RETURN(auto loc, org.LocationOfDepartment(d.id));
    for (Permission p : any_of) {
      if (Authorize(who, p, loc).ok()) {
        out.push_back(d.id);
        break;
      }
    }
  }
  if (out.size() == snap->departments.size()) return std::optional<std::vector<int64_t>>();
  return std::optional<std::vector<int64_t>>(std::move(out));
}

StatusOr<std::vector<Department>> ListableDepartments(OrgService& org, const Principal& who) {
  ASSIGN_OR_RETURN(auto snap, org.Snapshot());
  if (HoldsPermissionSomewhere(who, Permission::kOrgRead)) return snap->departments;
  ASSIGN_OR_RETURN(auto within, ReadableDepartments(org, who, kDepartmentRecordReaders));
  if (!within) return snap->departments;
  if (within->empty())
    return PermissionDenied("PERMISSION_DENIED", "没有权限：需要“查看组织机构”权限");
  std::vector<Department> out;
  for (const Department& d : snap->departments)
    if (std::find(within->begin(), within->end(), d.id) != within->end()) out.push_back(d);
  return out;
}

}  // namespace suiji::service
