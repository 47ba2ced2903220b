// The routing table and the request pipeline every API call passes through:
//   match route → authenticate (session cookie or bearer token) → CSRF check for cookie
//   sessions on unsafe methods → coarse permission check → handler → error mapping.
// Handlers then call services, which make the scope-specific check (core/authz.h).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "api/http_types.h"
#include "core/authz.h"
#include "core/user.h"
#include "service/platform.h"

namespace suiji::api {

inline constexpr const char* kSessionCookie = "suiji_session";

struct Access {
  enum class Kind { kPublic, kAuthenticated, kPermission };
  Kind kind = Kind::kAuthenticated;
  Permission permission = Permission::kOrgRead;

  static Access Public() { return {Kind::kPublic, {}}; }
  static Access Authenticated() { return {Kind::kAuthenticated, {}}; }
  static Access Requires(Permission p) { return {Kind::kPermission, p}; }
};

struct Call {
  const Request& request;
  service::Platform& platform;
  Principal principal;              // empty for public routes without a session
  std::optional<Session> session;
  std::string session_token;        // the raw token (logout needs it)
};

using Handler = std::function<StatusOr<Response>(Call&)>;

class Router {
 public:
  explicit Router(service::Platform& platform) : platform_(platform) {}

  // Pattern segments starting with ':' capture, e.g. "/api/v1/users/:username".
  void Add(std::string method, std::string pattern, Access access, Handler handler);
  // Requests outside /api/ (the web UI) go here; defaults to 404.
  void SetFallback(std::function<Response(const Request&)> fallback) { fallback_ = std::move(fallback); }

  Response Handle(Request& request);

  struct RouteInfo {
    std::string method, pattern;
    Access access;
  };
  std::vector<RouteInfo> Routes() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Access access;
    Handler handler;
  };
  static bool Match(const Route& r, const std::vector<std::string_view>& segs,
                    std::unordered_map<std::string, std::string>& params);

  service::Platform& platform_;
  std::vector<Route> routes_;
  std::function<Response(const Request&)> fallback_;
};

}  // namespace suiji::api
