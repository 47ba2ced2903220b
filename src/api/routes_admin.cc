// Organisations and user administration (SPEC §ORG, §SEC).
#include "api/json_util.h"
#include "api/query_params.h"
#include "api/routes.h"
#include "service/readable_scope.h"

namespace suiji::api {
namespace {

nlohmann::json DepartmentJson(const Department& d) {
  return {{"id", d.id},
          {"code", d.code},
          {"name", d.name},
          {"short_name", d.short_name},
          {"region_code", d.region_code},
          {"active", d.active}};
}

nlohmann::json UnitJson(const Unit& u) {
  return {{"id", u.id},
          {"department_id", u.department_id},
          {"parent_id", u.parent_id ? nlohmann::json(*u.parent_id) : nlohmann::json()},
          {"code", u.code},
          {"name", u.name},
          {"kind", u.kind},
          {"level", u.level},
          {"region_code", u.region_code},
          {"active", u.active}};
}

StatusOr<RoleGrant> ParseGrant(const Json& body) {
  ASSIGN_OR_RETURN(std::string role_name, RequireString(body, "role", "角色"));
  ASSIGN_OR_RETURN(std::string scope_text, RequireString(body, "scope", "范围"));
  auto role = ParseRole(role_name);
  if (!role)
    return InvalidArgument(
        "ROLE_INVALID", "角色无效：" + role_name +
                            "（可选 admin、coordinator、planner、approver、inspector、witness）");
  ASSIGN_OR_RETURN(Scope scope, Scope::Parse(scope_text));
  return RoleGrant{*role, scope};
}

}  // namespace

void AddAdminRoutes(Router& r, const ApiOptions&) {
  r.Add("GET", "/api/v1/org/regions", Access::Requires(Permission::kOrgRead),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(auto snap, c.platform.org().Snapshot());
          Json items = Json::array();
          for (const Region& g : snap->regions)
            items.push_back({{"code", g.code},
                             {"name", g.name},
                             {"parent_code", g.parent_code},
                             {"level", g.level}});
          return Response::Json(200, {{"items", items}});
        });
  // Scoped in the service: a witness (no 查看组织机构) lists the departments they witness for.
  r.Add("GET", "/api/v1/org/departments", Access::Authenticated(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(auto list, service::ListableDepartments(c.platform.org(), c.principal));
          Json items = Json::array();
          for (const Department& d : list) items.push_back(DepartmentJson(d));
          return Response::Json(200, {{"items", items}});
        });
  r.Add("POST", "/api/v1/org/departments", Access::Requires(Permission::kOrgAdmin),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          service::OrgService::NewDepartment nd;
          ASSIGN_OR_RETURN(nd.code, RequireString(body, "code", "部门代码"));
          ASSIGN_OR_RETURN(nd.name, RequireString(body, "name", "部门名称"));
          ASSIGN_OR_RETURN(nd.short_name, RequireString(body, "short_name", "部门简称"));
          ASSIGN_OR_RETURN(nd.region_code, RequireString(body, "region_code", "行政区划代码"));
          ASSIGN_OR_RETURN(Department d, c.platform.org().CreateDepartment(c.principal, nd));
          return Response::Json(201, DepartmentJson(d));
        });
  r.Add("GET", "/api/v1/org/units", Access::Requires(Permission::kOrgRead),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(auto snap, c.platform.org().Snapshot());
          ASSIGN_OR_RETURN(std::optional<int64_t> dept, QueryId(c.request, "department_id"));
          Json items = Json::array();
          for (const Unit& u : snap->units)
            if (!dept || u.department_id == *dept) items.push_back(UnitJson(u));
          return Response::Json(200, {{"items", items}});
        });
  r.Add("POST", "/api/v1/org/units", Access::Requires(Permission::kOrgAdmin),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          service::OrgService::NewUnit nu;
          ASSIGN_OR_RETURN(nu.department_id, RequireInt(body, "department_id", "所属部门"));
          ASSIGN_OR_RETURN(nu.parent_id, OptionalInt(body, "parent_id", "上级单位"));
          ASSIGN_OR_RETURN(nu.code, RequireString(body, "code", "单位代码"));
          ASSIGN_OR_RETURN(nu.name, RequireString(body, "name", "单位名称"));
          ASSIGN_OR_RETURN(nu.kind, RequireString(body, "kind", "单位类别"));
          ASSIGN_OR_RETURN(nu.level, RequireString(body, "level", "单位层级"));
          ASSIGN_OR_RETURN(nu.region_code, RequireString(body, "region_code", "行政区划代码"));
          ASSIGN_OR_RETURN(Unit u, c.platform.org().CreateUnit(c.principal, nu));
          return Response::Json(201, UnitJson(u));
        });

  r.Add("GET", "/api/v1/users", Access::Requires(Permission::kUserAdmin),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(auto users, c.platform.auth().ListUsers(c.principal));
          Json items = Json::array();
          for (const User& u : users) items.push_back(UserJson(u, c.platform.org()));
          return Response::Json(200, {{"items", items}});
        });
  r.Add("POST", "/api/v1/users", Access::Requires(Permission::kUserAdmin),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          service::NewUser nu;
          ASSIGN_OR_RETURN(nu.username, RequireString(body, "username", "用户名"));
          ASSIGN_OR_RETURN(nu.display_name, RequireString(body, "display_name", "姓名"));
          ASSIGN_OR_RETURN(nu.password, RequireString(body, "password", "密码"));
          if (auto it = body.find("roles"); it != body.end()) {
            if (!it->is_array()) return InvalidArgument("FIELD_INVALID", "字段“角色”应为数组");
            for (const Json& g : *it) {
              if (!g.is_object())
                return InvalidArgument("FIELD_INVALID", "角色授权应为对象 {role, scope}");
              ASSIGN_OR_RETURN(RoleGrant grant, ParseGrant(g));
              nu.grants.push_back(grant);
            }
          }
          ASSIGN_OR_RETURN(User u, c.platform.auth().CreateUser(c.principal, nu));
          return Response::Json(201, UserJson(u, c.platform.org()));
        });
  r.Add("GET", "/api/v1/users/:username", Access::Authenticated(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(User u,
                           c.platform.auth().GetUser(c.principal, c.request.Param("username")));
          return Response::Json(200, UserJson(u, c.platform.org()));
        });
  r.Add("POST", "/api/v1/users/:username/roles", Access::Requires(Permission::kUserAdmin),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(RoleGrant g, ParseGrant(body));
          ASSIGN_OR_RETURN(
              User u, c.platform.auth().GrantRole(c.principal, c.request.Param("username"), g));
          return Response::Json(200, UserJson(u, c.platform.org()));
        });
  r.Add("DELETE", "/api/v1/users/:username/roles", Access::Requires(Permission::kUserAdmin),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(RoleGrant g, ParseGrant(body));
          ASSIGN_OR_RETURN(
              User u, c.platform.auth().RevokeRole(c.principal, c.request.Param("username"), g));
          return Response::Json(200, UserJson(u, c.platform.org()));
        });
  r.Add("PUT", "/api/v1/users/:username/password", Access::Requires(Permission::kUserAdmin),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(std::string pw, RequireString(body, "password", "密码"));
          ASSIGN_OR_RETURN(
              User u, c.platform.auth().SetPassword(c.principal, c.request.Param("username"), pw));
          return Response::Json(200, UserJson(u, c.platform.org()));
        });
  r.Add("PUT", "/api/v1/users/:username/active", Access::Requires(Permission::kUserAdmin),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(bool active, RequireBool(body, "active", "启用状态"));
          ASSIGN_OR_RETURN(User u, c.platform.auth().SetActive(
                                       c.principal, c.request.Param("username"), active));
          return Response::Json(200, UserJson(u, c.platform.org()));
        });
}

}  // namespace suiji::api
