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
  Principal principal;  // empty for public routes without a session
  std::optional<Session> session;
  std::string session_token;  // the raw token (logout needs it)
};

using Handler = std::function<StatusOr<Response>(Call&)>;

// How much body a route takes, and of what kind. Every JSON route gets kDefaultMaxBody; a
// route that takes more (uploads, ad hoc pools) says so, and then reads its body only after the
// caller is authenticated and permitted (Router::Admit) — an anonymous client can never make
// the server hold more than kDefaultMaxBody for it (a public upload route checks its token in
// `admit` first).
struct RouteOptions {
  static constexpr size_t kDefaultMaxBody = 1u << 20;
  size_t max_body = kDefaultMaxBody;
  bool raw_body = false;  // the body is a file, not JSON: no Content-Type check
  // A public route taking more than kDefaultMaxBody names its credential check here (the
  // enterprise link's token in the path): Admit runs it, with the path parameters, before the
  // body is read, and answers its error at once.
  std::function<Status(const Request& head, service::Platform& platform)> admit;

  static RouteOptions Json(size_t max_body) { return With(max_body, false); }
  static RouteOptions Upload(size_t max_body) { return With(max_body, true); }

 private:
  static RouteOptions With(size_t max_body, bool raw_body) {
    RouteOptions o;
    o.max_body = max_body;
    o.raw_body = raw_body;
    return o;
  }
};

// The transport asks this once a request's headers are in, before reading its body.
struct Admission {
  std::optional<Response> reject;  // answer with this at once; the body is not read
  size_t max_body = 0;             // 413 beyond
};

class Router {
 public:
  explicit Router(service::Platform& platform) : platform_(platform) {}

  // Pattern segments starting with ':' capture, e.g. "/api/v1/users/:username".
  void Add(std::string method, std::string pattern, Access access, Handler handler,
           RouteOptions options = {});
  // Requests outside /api/ (the web UI) go here; defaults to 404.
  void SetFallback(std::function<Response(const Request&)> fallback) {
    fallback_ = std::move(fallback);
  }

  // `head` carries everything but the body. Routes with a larger body limit than the default
  // are authenticated, CSRF- and permission-checked here, so their body is read only for a
  // caller who may send it; a non-JSON body on a JSON route is refused (415).
  Admission Admit(const Request& head) const;
  // The whole pipeline for a complete request; every failure becomes a JSON error response.
  Response Handle(Request& request) const;

  struct RouteInfo {
    std::string method, pattern;
    Access access;
    RouteOptions options;
  };
  std::vector<RouteInfo> Routes() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Access access;
    Handler handler;
    RouteOptions options;
  };
  static bool Match(const Route& r, const std::vector<std::string_view>& segs,
                    std::unordered_map<std::string, std::string>& params);
  // The route for a request, or the 404/405 answer (in *miss). Fills *out with the path
  // parameters when given.
  const Route* Find(const Request& req, std::unordered_map<std::string, std::string>* out,
                    std::optional<Response>* miss) const;
  // Authentication, CSRF and the coarse permission check; an answer when the caller may not.
  std::optional<Response> Authorize(const Route& route, const Request& request, Call& call) const;

  service::Platform& platform_;
  std::vector<Route> routes_;
  std::function<Response(const Request&)> fallback_;
};

}  // namespace suiji::api
