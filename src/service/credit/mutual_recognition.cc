#include "service/credit/mutual_recognition.h"

#include <algorithm>
#include <set>
#include <string>

namespace suiji::service {

StatusOr<std::optional<std::vector<int64_t>>> RecognizedDepartments(OrgService& org,
                                                                    const Principal& who) {
  if (who.system) return std::optional<std::vector<int64_t>>();
  ASSIGN_OR_RETURN(auto snap, org.Snapshot());
  std::set<std::string> regions;     // departments' own regions: the same code only
  std::vector<Scope> region_scopes;  // a coordinator's region covers its subtree
  for (const RoleGrant& g : who.grants) {
    if (!RoleHasPermission(g.role, Permission::kRegisterRead)) continue;
    switch (g.scope.kind) {
      case Scope::Kind::kGlobal: return std::optional<std::vector<int64_t>>();
      case Scope::Kind::kRegion: region_scopes.push_back(g.scope); break;
      case Scope::Kind::kDepartment:
        if (const Department* d = snap->FindDepartment(g.scope.id)) regions.insert(d->region_code);
        break;
      case Scope::Kind::kUnit:
        if (const Unit* u = snap->FindUnit(g.scope.id))
          if (const Department* d = snap->FindDepartment(u->department_id))
            regions.insert(d->region_code);
        break;
    }
  }
  std::vector<int64_t> out;
  for (const Department& d : snap->departments) {
    bool in = regions.contains(d.region_code);
    for (const Scope& s : region_scopes)
      in = in || ScopeCovers(s, ResourceLocation{d.region_code, d.id, {}});
    if (in) out.push_back(d.id);
  }
  return std::optional<std::vector<int64_t>>(std::move(out));
}

StatusOr<std::vector<int64_t>> OtherDepartmentsOfRegion(OrgService& org, int64_t department_id,
                                                        const std::vector<int64_t>& except) {
  ASSIGN_OR_RETURN(auto snap, org.Snapshot());
  const Department* own = snap->FindDepartment(department_id);
  if (!own)
    return NotFound("DEPARTMENT_NOT_FOUND",
                    "部门不存在（编号 " + std::to_string(department_id) + "）");
  std::vector<int64_t> out;
  for (const Department& d : snap->departments)
    if (d.id != department_id && d.region_code == own->region_code &&
        std::find(except.begin(), except.end(), d.id) == except.end())
      out.push_back(d.id);
  return out;
}

}  // namespace suiji::service
