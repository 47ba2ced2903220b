#include "core/authz.h"

#include <algorithm>
#include <charconv>

namespace suiji {

std::string_view RoleName(Role r) {
  switch (r) {
    case Role::kAdmin: return "admin";
    case Role::kCoordinator: return "coordinator";
    case Role::kPlanner: return "planner";
    case Role::kApprover: return "approver";
    case Role::kInspector: return "inspector";
    case Role::kWitness: return "witness";
  }
  return "";
}

std::string_view RoleDisplayName(Role r) {
  switch (r) {
    case Role::kAdmin: return "系统管理员";
    case Role::kCoordinator: return "联席会议办公室";
    case Role::kPlanner: return "部门业务人员";
    case Role::kApprover: return "部门负责人";
    case Role::kInspector: return "执法检查人员";
    case Role::kWitness: return "见证人";
  }
  return "";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role r : kAllRoles)
    if (RoleName(r) == name) return r;
  return std::nullopt;
}

std::string_view PermissionName(Permission p) {
  switch (p) {
    case Permission::kOrgRead: return "查看组织机构";
    case Permission::kOrgAdmin: return "管理组织机构";
    case Permission::kUserAdmin: return "管理用户与角色";
    case Permission::kRegisterRead: return "查看事项清单与名录库";
    case Permission::kRegisterWrite: return "维护事项清单与名录库";
    case Permission::kSensitiveRead: return "查看完整个人信息";
    case Permission::kPlanWrite: return "编制计划与执行抽取";
    case Permission::kPlanApprove: return "审批计划与调整";
    case Permission::kDrawWitness: return "见证抽取";
    case Permission::kInspectRecord: return "录入检查结果";
    case Permission::kResultApprove: return "审核检查结果";
    case Permission::kStatsRead: return "查看统计";
    case Permission::kAuditRead: return "查看审计日志";
  }
  return "";
}

bool RoleHasPermission(Role r, Permission p) {
  using P = Permission;
  switch (r) {
    case Role::kAdmin:
      // Administrators run the platform; they do not plan, draw, inspect or approve.
      return p == P::kOrgRead || p == P::kOrgAdmin || p == P::kUserAdmin || p == P::kRegisterRead ||
             p == P::kSensitiveRead || p == P::kStatsRead || p == P::kAuditRead;
    case Role::kCoordinator:
      return p == P::kOrgRead || p == P::kRegisterRead || p == P::kPlanWrite ||
             p == P::kStatsRead || p == P::kAuditRead;
    case Role::kPlanner:
      return p == P::kOrgRead || p == P::kRegisterRead || p == P::kRegisterWrite ||
             p == P::kPlanWrite || p == P::kStatsRead;
    case Role::kApprover:
      return p == P::kOrgRead || p == P::kRegisterRead || p == P::kPlanApprove ||
             p == P::kResultApprove || p == P::kStatsRead || p == P::kAuditRead;
    case Role::kInspector:
      return p == P::kOrgRead || p == P::kRegisterRead || p == P::kInspectRecord;
    case Role::kWitness: return p == P::kDrawWitness;
  }
  return false;
}

std::string Scope::ToString() const {
  switch (kind) {
    case Kind::kGlobal: return "global";
    case Kind::kRegion: return "region:" + region_code;
    case Kind::kDepartment: return "department:" + std::to_string(id);
    case Kind::kUnit: return "unit:" + std::to_string(id);
  }
  return "";
}

StatusOr<Scope> Scope::Parse(std::string_view text) {
  auto bad = [&] {
    return InvalidArgument(
        "SCOPE_INVALID",
        "范围格式不正确：" + std::string(text) +
            "（应为 global、region:行政区划代码、department:部门编号 或 unit:单位编号）");
  };
  if (text == "global") return Scope::Global();
  auto colon = text.find(':');
  if (colon == std::string_view::npos) return bad();
  std::string_view kind = text.substr(0, colon), arg = text.substr(colon + 1);
  if (kind == "region") {
    if (arg.size() != 6 ||
        !std::all_of(arg.begin(), arg.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return bad();
    return Scope::Region(std::string(arg));
  }
  int64_t id = 0;
  auto [p, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), id);
  if (ec != std::errc() || p != arg.data() + arg.size() || id <= 0) return bad();
  if (kind == "department") return Scope::Department(id);
  if (kind == "unit") return Scope::Unit(id);
  return bad();
}

Principal Principal::System(std::string name) {
  Principal p;
  p.username = std::move(name);
  p.display_name = "系统";
  p.system = true;
  return p;
}

bool Principal::HasRole(Role r) const {
  return std::any_of(grants.begin(), grants.end(), [r](const RoleGrant& g) { return g.role == r; });
}

std::string_view RegionPrefix(std::string_view code) {
  // GB/T 2260: 2 digits province, 2 city, 2 county; trailing "00" pairs are "not specified".
  while (code.size() > 2 && code.substr(code.size() - 2) == "00") code.remove_suffix(2);
  return code;
}

bool ScopeCovers(const Scope& scope, const ResourceLocation& loc) {
  switch (scope.kind) {
    case Scope::Kind::kGlobal: return true;
    case Scope::Kind::kRegion: {
      if (loc.region_code.empty()) return false;
      return loc.region_code.starts_with(RegionPrefix(scope.region_code));
    }
    case Scope::Kind::kDepartment: return loc.department_id == scope.id;
    case Scope::Kind::kUnit:
      return std::find(loc.unit_path.begin(), loc.unit_path.end(), scope.id) != loc.unit_path.end();
  }
  return false;
}

Status Authorize(const Principal& who, Permission p, const ResourceLocation& where) {
  if (who.system) return OkStatus();
  for (const RoleGrant& g : who.grants)
    if (RoleHasPermission(g.role, p) && ScopeCovers(g.scope, where)) return OkStatus();
  return PermissionDenied("PERMISSION_DENIED", "没有权限：需要“" + std::string(PermissionName(p)) +
                                                   "”权限，且对象须在您的管辖范围内");
}

bool HoldsPermissionSomewhere(const Principal& who, Permission p) {
  if (who.system) return true;
  return std::any_of(who.grants.begin(), who.grants.end(),
                     [p](const RoleGrant& g) { return RoleHasPermission(g.role, p); });
}

}  // namespace suiji
