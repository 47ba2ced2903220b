// Serving the built web UI (web/dist): MIME types, no path traversal, SPA fallback to
// index.html for client-side routes, long-lived caching for Vite's hashed assets.
#pragma once

#include <string>

#include "api/http_types.h"

namespace suiji::api {

class StaticFiles {
 public:
  // `root` need not exist (then "/" explains how to build the UI).
  explicit StaticFiles(const std::string& root);
  Response Serve(const Request& req) const;

  static std::string MimeType(std::string_view path);

 private:
  std::string root_;  // canonical, no trailing slash
};

}  // namespace suiji::api
