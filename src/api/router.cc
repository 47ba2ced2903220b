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

void Router::Add(std::string method, std::string pattern, Access access, Handler handler,
                 RouteOptions options) {
  Route r{std::move(method),  std::move(pattern), {}, access,
          std::move(handler), std::move(options)};
  for (auto s : Split(r.pattern)) r.segments.emplace_back(s);
  routes_.push_back(std::move(r));
}

std::vector<Router::RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> out;
  for (const auto& r : routes_) out.push_back({r.method, r.pattern, r.access, r.options});
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

const Router::Route* Router::Find(const Request& req,
                                  std::unordered_map<std::string, std::string>* out,
                                  std::optional<Response>* miss) const {
  const auto segs = Split(req.path);
  bool path_matched = false;
  for (const Route& r : routes_) {
    std::unordered_map<std::string, std::string> params;
    if (!Match(r, segs, params)) continue;
    path_matched = true;
    if (r.method == req.method || (req.method == "HEAD" && r.method == "GET")) {
      if (out) *out = std::move(params);
      return &r;
    }
  }
  if (path_matched) {
    Response r = ErrorResponse(Status(StatusCode::kInvalidArgument, "METHOD_NOT_ALLOWED",
                                      "该接口不支持 " + req.method + " 请求"));
    r.status = 405;
    *miss = std::move(r);
  } else {
    *miss = ErrorResponse(NotFound("NOT_FOUND", "接口不存在：" + req.path));
  }
  return nullptr;
}

std::optional<Response> Router::Authorize(const Route& route, const Request& req,
                                          Call& call) const {
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
    } else if (route.access.kind != Access::Kind::kPublic) {
      return ErrorResponse(who.status());
    }
  }
  if (route.access.kind == Access::Kind::kPublic) return std::nullopt;
  if (!call.session) return ErrorResponse(Unauthenticated("UNAUTHENTICATED", "请先登录"));
  // Cookies ride along on cross-site requests; a bearer token does not.
  if (via_cookie && !IsSafeMethod(req.method) &&
      !ConstantTimeEquals(req.Header("x-csrf-token"), call.session->csrf_token))
    return ErrorResponse(
        PermissionDenied("CSRF_TOKEN_INVALID", "请求缺少有效的安全令牌，请刷新页面后重试"));
  if (route.access.kind == Access::Kind::kPermission &&
      !HoldsPermissionSomewhere(call.principal, route.access.permission))
    return ErrorResponse(PermissionDenied(
        "PERMISSION_DENIED",
        "没有权限：需要“" + std::string(PermissionName(route.access.permission)) + "”权限"));
  return std::nullopt;
}

namespace {

// A JSON route takes JSON only: a form or text/plain body is what a cross-site <form> can send
// without a preflight (login CSRF), and is never what our clients send.
std::optional<Response> CheckBodyType(const RouteOptions& options, const Request& req,
                                      bool has_body) {
  if (options.raw_body || !has_body) return std::nullopt;
  std::string type = req.Header("content-type");
  for (auto& ch : type) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const auto semi = type.find(';');
  std::string_view media = std::string_view(type).substr(0, semi);
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  if (media == "application/json") return std::nullopt;
  Response r = ErrorResponse(InvalidArgument(
      "UNSUPPORTED_MEDIA_TYPE", "请求内容应为 JSON（Content-Type: application/json）"));
  r.status = 415;
  return r;
}

bool DeclaresBody(const Request& req) {
  const std::string length = req.Header("content-length");
  return (!length.empty() && length != "0") || !req.Header("transfer-encoding").empty();
}

}  // namespace

Admission Router::Admit(const Request& head) const {
  constexpr size_t kNoRouteBody = 64 * 1024;  // the answer will be 400/404/405 anyway
  if (!head.bad_target.empty() || !head.path.starts_with("/api/"))
    return {std::nullopt, kNoRouteBody};
  std::optional<Response> miss;
  const Route* route = Find(head, nullptr, &miss);
  if (!route) return {std::nullopt, kNoRouteBody};
  if (auto wrong_type = CheckBodyType(route->options, head, DeclaresBody(head)))
    return {std::move(wrong_type), 0};
  if (route->options.max_body > RouteOptions::kDefaultMaxBody) {
    Call call{head, platform_, {}, std::nullopt, {}};
    if (auto refused = Authorize(*route, head, call)) return {std::move(refused), 0};
    if (route->options.admit) {
      Request probe = head;
      Find(probe, &probe.params, &miss);
      Status admitted = route->options.admit(probe, platform_);
      if (!admitted.ok()) return {ErrorResponse(admitted), 0};
    }
  }
  return {std::nullopt, route->options.max_body};
}

Response Router::Handle(Request& req) const {
  if (!req.bad_target.empty())
    return ErrorResponse(InvalidArgument("BAD_REQUEST_TARGET", req.bad_target));
  if (!req.path.starts_with("/api/")) {
    if (fallback_) return fallback_(req);
    return ErrorResponse(NotFound("NOT_FOUND", "页面不存在"));
  }
  std::optional<Response> miss;
  const Route* route = Find(req, &req.params, &miss);
  if (!route) return std::move(*miss);
  if (auto wrong_type = CheckBodyType(route->options, req, !req.body.empty()))
    return std::move(*wrong_type);

  Call call{req, platform_, {}, std::nullopt, {}};
  if (auto refused = Authorize(*route, req, call)) return std::move(*refused);
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
