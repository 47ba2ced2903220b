#include "service/org_service.h"

#include <algorithm>
#include <atomic>

#include "service/audit.h"
#include "store/org_store.h"

namespace suiji::service {

const Region* OrgSnapshot::FindRegion(const std::string& code) const {
  auto it = region_index.find(code);
  return it == region_index.end() ? nullptr : &regions[it->second];
}
const Department* OrgSnapshot::FindDepartment(int64_t id) const {
  auto it = department_index.find(id);
  return it == department_index.end() ? nullptr : &departments[it->second];
}
const Unit* OrgSnapshot::FindUnit(int64_t id) const {
  auto it = unit_index.find(id);
  return it == unit_index.end() ? nullptr : &units[it->second];
}

std::vector<int64_t> OrgSnapshot::UnitPath(int64_t unit_id) const {
  std::vector<int64_t> path;
  for (const Unit* u = FindUnit(unit_id); u && path.size() < 64;
       u = u->parent_id ? FindUnit(*u->parent_id) : nullptr)
    path.push_back(u->id);
  return path;
}

std::string OrgSnapshot::RegionFullName(const std::string& code) const {
  std::vector<std::string> parts;
  for (const Region* r = FindRegion(code); r && parts.size() < 8;
       r = r->parent_code.empty() ? nullptr : FindRegion(r->parent_code))
    parts.push_back(r->name);
  std::string out;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) out += *it;
  return out;
}

StatusOr<std::shared_ptr<const OrgSnapshot>> OrgService::Snapshot() {
  std::lock_guard lock(mu_);
  const auto now = clock_.Now();
  // Several servers may share one database: a short TTL bounds staleness of org changes.
  if (cached_ && now - loaded_at_ < std::chrono::seconds(5) && now >= loaded_at_) return cached_;
  auto snap = std::make_shared<OrgSnapshot>();
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(snap->regions, store::ListRegions(*conn));
  ASSIGN_OR_RETURN(snap->departments, store::ListDepartments(*conn));
  ASSIGN_OR_RETURN(snap->units, store::ListUnits(*conn));
  for (size_t i = 0; i < snap->regions.size(); ++i) snap->region_index[snap->regions[i].code] = i;
  for (size_t i = 0; i < snap->departments.size(); ++i)
    snap->department_index[snap->departments[i].id] = i;
  for (size_t i = 0; i < snap->units.size(); ++i) snap->unit_index[snap->units[i].id] = i;
  cached_ = snap;
  loaded_at_ = now;
  return cached_;
}

void OrgService::Invalidate() {
  std::lock_guard lock(mu_);
  cached_.reset();
}

namespace {

// Several servers may share one database: a department or unit another server created within
// the snapshot's few seconds is not in this one's yet. A lookup that misses re-reads the
// snapshot once — at most once a second in this process, so that unknown ids cannot make every
// request reload the org tables.
bool MayRefreshAfterMiss(Timestamp now) {
  static std::atomic<int64_t> last_ms{0};
  const int64_t ms = now.time_since_epoch().count();
  int64_t last = last_ms.load();
  if (last != 0 && ms >= last && ms - last < 1000) return false;
  return last_ms.compare_exchange_strong(last, ms);
}

}  // namespace

StatusOr<ResourceLocation> OrgService::LocationOfDepartment(int64_t department_id) {
  ASSIGN_OR_RETURN(auto snap, Snapshot());
  const Department* d = snap->FindDepartment(department_id);
  if (!d && MayRefreshAfterMiss(clock_.Now())) {  // created by another server moments ago?
    Invalidate();
    ASSIGN_OR_RETURN(snap, Snapshot());
    d = snap->FindDepartment(department_id);
  }
  if (!d)
    return NotFound("DEPARTMENT_NOT_FOUND",
                    "部门不存在（编号 " + std::to_string(department_id) + "）");
  return ResourceLocation{d->region_code, d->id, {}};
}

StatusOr<ResourceLocation> OrgService::LocationOfUnit(int64_t unit_id) {
  ASSIGN_OR_RETURN(auto snap, Snapshot());
  const Unit* u = snap->FindUnit(unit_id);
  if (!u && MayRefreshAfterMiss(clock_.Now())) {  // as above
    Invalidate();
    ASSIGN_OR_RETURN(snap, Snapshot());
    u = snap->FindUnit(unit_id);
  }
  if (!u) return NotFound("UNIT_NOT_FOUND", "单位不存在（编号 " + std::to_string(unit_id) + "）");
  const Department* d = snap->FindDepartment(u->department_id);
  return ResourceLocation{d ? d->region_code : u->region_code, u->department_id,
                          snap->UnitPath(unit_id)};
}

Status OrgService::ValidateGrant(const RoleGrant& g) {
  ASSIGN_OR_RETURN(auto snap, Snapshot());
  const Scope& s = g.scope;
  switch (s.kind) {
    case Scope::Kind::kGlobal:
      if (g.role != Role::kAdmin && g.role != Role::kCoordinator)
        return InvalidArgument("SCOPE_NOT_ALLOWED",
                               "只有系统管理员和联席会议办公室可以授予全平台范围");
      return OkStatus();
    case Scope::Kind::kRegion:
      if (!snap->FindRegion(s.region_code))
        return NotFound("REGION_NOT_FOUND", "行政区划不存在：" + s.region_code);
      if (g.role != Role::kCoordinator && g.role != Role::kAdmin)
        return InvalidArgument("SCOPE_NOT_ALLOWED",
                               "行政区划范围只适用于联席会议办公室或系统管理员");
      return OkStatus();
    case Scope::Kind::kDepartment:
      if (!snap->FindDepartment(s.id))
        return NotFound("DEPARTMENT_NOT_FOUND", "部门不存在（编号 " + std::to_string(s.id) + "）");
      return OkStatus();
    case Scope::Kind::kUnit:
      if (!snap->FindUnit(s.id))
        return NotFound("UNIT_NOT_FOUND", "单位不存在（编号 " + std::to_string(s.id) + "）");
      return OkStatus();
  }
  return OkStatus();
}

std::string OrgService::ScopeDisplayName(const Scope& s) {
  auto snap = Snapshot();
  switch (s.kind) {
    case Scope::Kind::kGlobal: return "全平台";
    case Scope::Kind::kRegion: {
      if (!snap.ok()) return s.ToString();
      std::string n = (*snap)->RegionFullName(s.region_code);
      return n.empty() ? s.region_code : n;
    }
    case Scope::Kind::kDepartment: {
      const Department* d = snap.ok() ? (*snap)->FindDepartment(s.id) : nullptr;
      return d ? d->name : s.ToString();
    }
    case Scope::Kind::kUnit: {
      const Unit* u = snap.ok() ? (*snap)->FindUnit(s.id) : nullptr;
      if (!u) return s.ToString();
      const Department* d = (*snap)->FindDepartment(u->department_id);
      return d ? d->short_name + u->name : u->name;
    }
  }
  return s.ToString();
}

namespace {

Status RequireText(const std::string& v, std::string_view field, size_t max = 200) {
  if (v.empty()) return InvalidArgument("FIELD_REQUIRED", std::string(field) + "不能为空");
  if (v.size() > max) return InvalidArgument("FIELD_TOO_LONG", std::string(field) + "过长");
  return OkStatus();
}

}  // namespace

StatusOr<Department> OrgService::CreateDepartment(const Principal& who, const NewDepartment& nd) {
  RETURN_IF_ERROR(Authorize(who, Permission::kOrgAdmin, ResourceLocation{nd.region_code, {}, {}}));
  RETURN_IF_ERROR(RequireText(nd.code, "部门代码", 64));
  RETURN_IF_ERROR(RequireText(nd.name, "部门名称"));
  RETURN_IF_ERROR(RequireText(nd.short_name, "部门简称"));
  Department d{0, nd.code, nd.name, nd.short_name, nd.region_code, true};
  Status s =
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(auto region, store::FindRegion(c, nd.region_code));
        if (!region) return NotFound("REGION_NOT_FOUND", "行政区划不存在：" + nd.region_code);
        auto id = store::InsertDepartment(c, d, FormatTimestamp(clock_.Now()));
        if (!id.ok() && id.status().reason() == "DB_UNIQUE_VIOLATION")
          return AlreadyExists("DEPARTMENT_CODE_TAKEN", "部门代码已被使用：" + nd.code);
        RETURN_IF_ERROR(id);
        d.id = *id;
        return RecordAudit(c, clock_, who, "department.create", "department", std::to_string(d.id),
                           {{"code", d.code},
                            {"name", d.name},
                            {"short_name", d.short_name},
                            {"region_code", d.region_code}})
            .status();
      });
  RETURN_IF_ERROR(s);
  Invalidate();
  return d;
}

StatusOr<Unit> OrgService::CreateUnit(const Principal& who, const NewUnit& nu) {
  ASSIGN_OR_RETURN(auto loc, LocationOfDepartment(nu.department_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kOrgAdmin, loc));
  RETURN_IF_ERROR(RequireText(nu.code, "单位代码", 64));
  RETURN_IF_ERROR(RequireText(nu.name, "单位名称"));
  RETURN_IF_ERROR(RequireText(nu.kind, "单位类别", 64));
  if (nu.level != "市" && nu.level != "区" && nu.level != "所")
    return InvalidArgument("UNIT_LEVEL_INVALID", "单位层级应为“市”“区”或“所”");
  Unit u{0,       nu.department_id, nu.parent_id,   nu.code, nu.name,
         nu.kind, nu.level,         nu.region_code, true};
  Status s =
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(auto region, store::FindRegion(c, nu.region_code));
        if (!region) return NotFound("REGION_NOT_FOUND", "行政区划不存在：" + nu.region_code);
        if (nu.parent_id) {
          ASSIGN_OR_RETURN(auto parent, store::FindUnit(c, *nu.parent_id));
          if (!parent)
            return NotFound("UNIT_NOT_FOUND",
                            "上级单位不存在（编号 " + std::to_string(*nu.parent_id) + "）");
          if (parent->department_id != nu.department_id)
            return InvalidArgument("UNIT_PARENT_MISMATCH", "上级单位不属于同一部门");
        }
        auto id = store::InsertUnit(c, u, FormatTimestamp(clock_.Now()));
        if (!id.ok() && id.status().reason() == "DB_UNIQUE_VIOLATION")
          return AlreadyExists("UNIT_CODE_TAKEN", "单位代码已被使用：" + nu.code);
        RETURN_IF_ERROR(id);
        u.id = *id;
        return RecordAudit(
                   c, clock_, who, "unit.create", "unit", std::to_string(u.id),
                   {{"department_id", u.department_id},
                    {"parent_id", u.parent_id ? nlohmann::json(*u.parent_id) : nlohmann::json()},
                    {"code", u.code},
                    {"name", u.name},
                    {"kind", u.kind},
                    {"level", u.level},
                    {"region_code", u.region_code}})
            .status();
      });
  RETURN_IF_ERROR(s);
  Invalidate();
  return u;
}

Status OrgService::UpsertRegions(const Principal& who, const std::vector<Region>& regions) {
  RETURN_IF_ERROR(Authorize(who, Permission::kOrgAdmin, ResourceLocation::Anywhere()));
  Status s =
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        for (const Region& r : regions) RETURN_IF_ERROR(store::UpsertRegion(c, r));
        return RecordAudit(c, clock_, who, "region.upsert", "region", "*",
                           {{"count", regions.size()}})
            .status();
      });
  RETURN_IF_ERROR(s);
  Invalidate();
  return OkStatus();
}

}  // namespace suiji::service
