// Serving the built web UI (web/dist): MIME types, no path traversal, SPA fallback to
// index.html for client-side routes, long-lived caching for Vite's hashed assets.
//
// Files are read once and kept in memory (re-read when their size or modification time
// changes). Text files are encoded once, on the first request that accepts it, as gzip and
// brotli; each request then picks a representation by Accept-Encoding (q=0 respected) and
// gets `Vary: Accept-Encoding`, the representation's length and a strong ETag per encoding,
// and 304 when If-None-Match names it. Thread-safe: Serve runs on every io thread.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "api/http_types.h"

namespace suiji::api {

class StaticFiles {
 public:
  // `root` need not exist (then "/" explains how to build the UI).
  explicit StaticFiles(const std::string& root);
  ~StaticFiles();
  StaticFiles(const StaticFiles&) = delete;
  StaticFiles& operator=(const StaticFiles&) = delete;

  Response Serve(const Request& req) const;

  static std::string MimeType(std::string_view path);

  // Files above this size are sent from disk on every request, neither cached nor encoded.
  static constexpr size_t kMaxCachedBytes = 32u << 20;
  // Text files from this size up to this size are offered as gzip and brotli.
  static constexpr size_t kMinEncodedBytes = 256;
  static constexpr size_t kMaxEncodedBytes = 8u << 20;

 private:
  struct Asset;
  // The cached asset for the canonical `path` under the root (loading or reloading it), or
  // null when it cannot be read or is too large to cache.
  std::shared_ptr<Asset> Load(const std::string& path) const;
  Response Send(const Request& req, Asset& asset, bool immutable) const;

  std::string root_;  // canonical, no trailing slash
  mutable std::mutex mu_;
  // By request path relative to the root ("index.html", "assets/x.js"): only files that exist,
  // so the map is bounded by the web root's contents, not by what clients ask for.
  mutable std::unordered_map<std::string, std::shared_ptr<Asset>> cache_;
};

}  // namespace suiji::api
