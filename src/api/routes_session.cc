// Login, logout, the current user.
#include <chrono>

#include "api/json_util.h"
#include "api/routes.h"

namespace suiji::api {

nlohmann::json UserJson(const User& u, service::OrgService& org) {
  nlohmann::json roles = nlohmann::json::array();
  for (const RoleGrant& g : u.grants)
    roles.push_back({{"role", RoleName(g.role)},
                     {"role_name", RoleDisplayName(g.role)},
                     {"scope", g.scope.ToString()},
                     {"scope_name", org.ScopeDisplayName(g.scope)}});
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"active", u.active},
          {"roles", roles}};
}

namespace {

std::string SessionCookie(const std::string& token, int64_t max_age, bool secure) {
  return std::string(kSessionCookie) + "=" + token +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age) +
         (secure ? "; Secure" : "");
}

}  // namespace

void AddSessionRoutes(Router& r, const ApiOptions& options) {
  r.Add("POST", "/api/v1/session", Access::Public(), [options](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
    ASSIGN_OR_RETURN(std::string username, RequireString(body, "username", "用户名"));
    ASSIGN_OR_RETURN(std::string password, RequireString(body, "password", "密码"));
    ASSIGN_OR_RETURN(auto login, c.platform.auth().Login(username, password, c.request.remote));
    auto max_age = std::chrono::duration_cast<std::chrono::seconds>(login.session.expires_at -
                                                                    login.session.created_at);
    Response resp = Response::Json(200, {{"user", UserJson(login.user, c.platform.org())},
                                         {"csrf_token", login.session.csrf_token}});
    resp.SetHeader("Set-Cookie",
                   SessionCookie(login.token, max_age.count(), options.secure_cookies));
    return resp;
  });
  r.Add("DELETE", "/api/v1/session", Access::Authenticated(),
        [options](Call& c) -> StatusOr<Response> {
          RETURN_IF_ERROR(c.platform.auth().Logout(c.session_token));
          Response resp = Response::NoContent();
          resp.SetHeader("Set-Cookie", SessionCookie("", 0, options.secure_cookies));
          return resp;
        });
  r.Add("GET", "/api/v1/me", Access::Authenticated(), [](Call& c) -> StatusOr<Response> {
    User u{c.principal.user_id, c.principal.username, c.principal.display_name, true,
           c.principal.grants};
    return Response::Json(
        200, {{"user", UserJson(u, c.platform.org())}, {"csrf_token", c.session->csrf_token}});
  });
}

}  // namespace suiji::api
