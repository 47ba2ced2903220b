// Organisations (SPEC §ORG): regions, departments and unit trees; where a resource lives
// for the scope check; display names of scopes.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/authz.h"
#include "core/org.h"
#include "core/status.h"
#include "core/time.h"
#include "store/database.h"

namespace suiji::service {

// An immutable snapshot of the organisation tables (small: hundreds of rows).
struct OrgSnapshot {
  std::vector<Region> regions;
  std::vector<Department> departments;
  std::vector<Unit> units;
  std::unordered_map<std::string, size_t> region_index;
  std::unordered_map<int64_t, size_t> department_index;
  std::unordered_map<int64_t, size_t> unit_index;

  const Region* FindRegion(const std::string& code) const;
  const Department* FindDepartment(int64_t id) const;
  const Unit* FindUnit(int64_t id) const;
  // The unit and its ancestors, nearest first.
  std::vector<int64_t> UnitPath(int64_t unit_id) const;
  // "河南省郑州市金水区" style full name of a region.
  std::string RegionFullName(const std::string& code) const;
};

class OrgService {
 public:
  OrgService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Cached for a few seconds; refreshed at once after a local change.
  StatusOr<std::shared_ptr<const OrgSnapshot>> Snapshot();
  void Invalidate();

  StatusOr<ResourceLocation> LocationOfDepartment(int64_t department_id);
  StatusOr<ResourceLocation> LocationOfUnit(int64_t unit_id);

  // NotFound / InvalidArgument when the scope names nothing that exists or does not suit the role.
  Status ValidateGrant(const RoleGrant& grant);
  // "金水区市场监督管理局", "金水区（全区）", "全平台" …
  std::string ScopeDisplayName(const Scope& scope);

  struct NewDepartment {
    std::string code, name, short_name, region_code;
  };
  StatusOr<Department> CreateDepartment(const Principal& who, const NewDepartment& d);
  struct NewUnit {
    int64_t department_id = 0;
    std::optional<int64_t> parent_id;
    std::string code, name, kind, level, region_code;
  };
  StatusOr<Unit> CreateUnit(const Principal& who, const NewUnit& u);
  Status UpsertRegions(const Principal& who, const std::vector<Region>& regions);

 private:
  store::Database& db_;
  const Clock& clock_;
  std::mutex mu_;
  std::shared_ptr<const OrgSnapshot> cached_;
  Timestamp loaded_at_{};
};

}  // namespace suiji::service
