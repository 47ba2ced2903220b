#include "api/router.h"

#include <spdlog/spdlog.h>

#include "core/hash.h"

namespace suiji::api {
namespace {

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  return out;
}

bool IsSafeMethod(const std::string& m) { return m == "GET" || m == "HEAD" || m == "OPTIONS"; }

}  // namespace

void Router::Add(std::string method, std::string pattern, Access access, Handler handler) {
  Route r{std::move(method), std::move(pattern), {}, access, std::move(handler)};
  for (auto s : Split(r.pattern)) r.segments.emplace_back(s);
  routes_.push_back(std::move(r));
}

std::vector<Router::RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> out;
  for (const auto& r : routes_) out.push_back({r.method, r.pattern, r.access});
  return out;
}

bool Router::Match(const Route& r, const std::vector<std::string_view>& segs,
                   std::unordered_map<std::string, std::string>& params) {
  if (r.segments.size() != segs.size()) return false;
  for (size_t i = 0; i < segs.size(); ++i) {
    const std::string& p = r.segments[i];
    if (!p.empty() && p[0] == ':') {
      if (segs[i].empty()) return false;
      params[p.substr(1)] = std::string(segs[i]);
    } else if (p != segs[i]) {
      return false;
    }
  }
  return true;
}

Response Router::Handle(Request& req) {
  if (!req.path.starts_with("/api/")) {
    if (fallback_) return fallback_(req);
    return ErrorResponse(NotFound("NOT_FOUND", "页面不存在"));
  }
  const auto segs = Split(req.path);
  const Route* route = nullptr;
  bool path_matched = false;
  for (const Route& r : routes_) {
    std::unordered_map<std::string, std::string> params;
    if (!Match(r, segs, params)) continue;
    path_matched = true;
    if (r.method == req.method || (req.method == "HEAD" && r.method == "GET")) {
      route = &r;
      req.params = std::move(params);
      break;
    }
  }
  if (!route) {
    if (path_matched) {
      Response r = ErrorResponse(
          Status(StatusCode::kInvalidArgument, "METHOD_NOT_ALLOWED", "该接口不支持 " + req.method + " 请求"));
      r.status = 405;
      return r;
    }
    return ErrorResponse(NotFound("NOT_FOUND", "接口不存在：" + req.path));
  }

  Call call{req, platform_, {}, std::nullopt, {}};
  std::string token = req.Cookie(kSessionCookie);
  bool via_cookie = !token.empty();
  if (!via_cookie) {
    std::string auth = req.Header("authorization");
    if (auth.starts_with("Bearer ")) token = auth.substr(7);
  }
  if (!token.empty()) {
    auto who = platform_.auth().Authenticate(token);
    if (who.ok()) {
      call.principal = std::move(who->first);
      call.session = std::move(who->second);
      call.session_token = token;
    } else if (route->access.kind != Access::Kind::kPublic) {
      return ErrorResponse(who.status());
    }
  }
  if (route->access.kind != Access::Kind::kPublic) {
    if (!call.session) return ErrorResponse(Unauthenticated("UNAUTHENTICATED", "请先登录"));
    // Cookies ride along on cross-site requests; a bearer token does not.
    if (via_cookie && !IsSafeMethod(req.method) &&
        !ConstantTimeEquals(req.Header("x-csrf-token"), call.session->csrf_token))
      return ErrorResponse(PermissionDenied("CSRF_TOKEN_INVALID", "请求缺少有效的安全令牌，请刷新页面后重试"));
    if (route->access.kind == Access::Kind::kPermission &&
        !HoldsPermissionSomewhere(call.principal, route->access.permission))
      return ErrorResponse(PermissionDenied(
          "PERMISSION_DENIED", "没有权限：需要“" + std::string(PermissionName(route->access.permission)) + "”权限"));
  }
  try {
    StatusOr<Response> r = route->handler(call);
    if (!r.ok()) {
      if (r.status().code() == StatusCode::kInternal || !r.status().detail().empty())
        spdlog::warn("{} {} failed: {}", req.method, req.path, r.status().ToString());
      return ErrorResponse(r.status());
    }
    return std::move(r).value();
  } catch (const std::exception& e) {
    spdlog::error("{} {} threw: {}", req.method, req.path, e.what());
    return ErrorResponse(Internal(e.what()));
  }
}

}  // namespace suiji::api
