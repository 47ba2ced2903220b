// Roles, scopes and the one authorization check (SPEC §ORG, §SEC).
//
// A user holds role grants; each grant is scoped to the whole platform, a region subtree
// (GB/T 2260 code), a department, or a unit subtree. A resource has a location (region,
// department, unit and its ancestors). Authorize() answers whether any grant whose role
// carries the permission covers that location. Pure: callers load the location from the store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace suiji {

enum class Role {
  kAdmin,        // 系统管理员
  kCoordinator,  // 联席会议办公室 / 审改办 — region scope
  kPlanner,      // 部门业务人员
  kApprover,     // 部门负责人
  kInspector,    // 执法检查人员
  kWitness,      // 见证人
};
inline constexpr Role kAllRoles[] = {Role::kAdmin,    Role::kCoordinator, Role::kPlanner,
                                     Role::kApprover, Role::kInspector,   Role::kWitness};

std::string_view RoleName(Role r);         // "admin", "planner", ...
std::string_view RoleDisplayName(Role r);  // "系统管理员", ...
std::optional<Role> ParseRole(std::string_view name);

enum class Permission {
  kOrgRead,        // see organisations
  kOrgAdmin,       // change organisations
  kUserAdmin,      // manage accounts and grants
  kRegisterRead,   // item list, directories, rules
  kRegisterWrite,  // change them, import
  kSensitiveRead,  // unmask personal data (with a logged reason)
  kPlanWrite,      // plans, tasks, run draws
  kPlanApprove,    // approve plans, adjustments, replacements
  kDrawWitness,    // enter witness values
  kInspectRecord,  // record inspection results
  kResultApprove,  // approve results for publication
  kStatsRead,      // oversight statistics
  kAuditRead,      // read the audit log
};
std::string_view PermissionName(Permission p);

struct Scope {
  enum class Kind { kGlobal, kRegion, kDepartment, kUnit };
  Kind kind = Kind::kGlobal;
  std::string region_code;  // kRegion: GB/T 2260 code, e.g. "410105"
  int64_t id = 0;           // kDepartment / kUnit

  static Scope Global() { return {}; }
  static Scope Region(std::string code) { return {Kind::kRegion, std::move(code), 0}; }
  static Scope Department(int64_t id) { return {Kind::kDepartment, {}, id}; }
  static Scope Unit(int64_t id) { return {Kind::kUnit, {}, id}; }

  // "global", "region:410105", "department:3", "unit:17".
  std::string ToString() const;
  static StatusOr<Scope> Parse(std::string_view text);
  friend bool operator==(const Scope&, const Scope&) = default;
};

struct RoleGrant {
  Role role;
  Scope scope;
  friend bool operator==(const RoleGrant&, const RoleGrant&) = default;
};

// Who is acting. The CLI acts as a system principal (local operator with file access).
struct Principal {
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
  std::vector<RoleGrant> grants;
  bool system = false;

  static Principal System(std::string name = "system");
  bool HasRole(Role r) const;
};

// Where a resource lives. Empty fields mean "not tied to that level".
struct ResourceLocation {
  std::string region_code;
  std::optional<int64_t> department_id;
  std::vector<int64_t> unit_path;  // the unit and all its ancestors

  static ResourceLocation Anywhere() { return {}; }
};

bool RoleHasPermission(Role r, Permission p);

// True if `grant` covers `loc`.
bool ScopeCovers(const Scope& scope, const ResourceLocation& loc);

// The one check: OK, or PermissionDenied with a Chinese message naming the permission.
Status Authorize(const Principal& who, Permission p, const ResourceLocation& where);
// True if the principal holds `p` in any scope (the coarse check at the router).
bool HoldsPermissionSomewhere(const Principal& who, Permission p);

// "410105" -> "410105"; "410100" -> "4101"; "410000" -> "41": the significant prefix.
std::string_view RegionPrefix(std::string_view code);

}  // namespace suiji
