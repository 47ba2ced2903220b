#include "service/readable_scope.h"

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

}  // namespace suiji::service
