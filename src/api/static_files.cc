#include "api/static_files.h"

#include <filesystem>

namespace suiji::api {
namespace fs = std::filesystem;

StaticFiles::StaticFiles(const std::string& root) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(root, ec), ec);
  root_ = p.string();
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
}

std::string StaticFiles::MimeType(std::string_view path) {
  auto dot = path.rfind('.');
  std::string_view ext = dot == std::string_view::npos ? "" : path.substr(dot + 1);
  if (ext == "html") return "text/html; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "json" || ext == "map") return "application/json; charset=utf-8";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "gif") return "image/gif";
  if (ext == "webp") return "image/webp";
  if (ext == "ico") return "image/x-icon";
  if (ext == "woff2") return "font/woff2";
  if (ext == "woff") return "font/woff";
  if (ext == "ttf") return "font/ttf";
  if (ext == "txt") return "text/plain; charset=utf-8";
  if (ext == "xml") return "application/xml; charset=utf-8";
  if (ext == "py") return "text/x-python; charset=utf-8";
  if (ext == "yaml" || ext == "yml") return "application/yaml; charset=utf-8";
  if (ext == "pdf") return "application/pdf";
  if (ext == "wasm") return "application/wasm";
  return "application/octet-stream";
}

namespace {

Response TextResponse(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.SetHeader("Content-Type", "text/plain; charset=utf-8");
  return r;
}

}  // namespace

Response StaticFiles::Serve(const Request& req) const {
  if (req.method != "GET" && req.method != "HEAD") return TextResponse(405, "不支持的请求方法");
  const std::string& path = req.path;
  // Refuse anything that could climb out of the web root, before touching the filesystem.
  if (path.empty() || path[0] != '/' || path.find('\\') != std::string::npos ||
      path.find('\0') != std::string::npos)
    return TextResponse(400, "请求路径无效");
  for (size_t start = 1; start <= path.size();) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string_view seg(path.data() + start, end - start);
    if (seg == ".." || seg == ".") return TextResponse(400, "请求路径无效");
    start = end + 1;
  }
  std::error_code ec;
  const fs::path index = fs::path(root_) / "index.html";
  if (!fs::is_regular_file(index, ec)) {
    Response r = TextResponse(
        503,
        "网页界面尚未构建。请在项目目录运行 make demo（或 make web）后刷新本页；API 位于 /api/v1。\n");
    return r;
  }
  std::string rel = path == "/" ? "index.html" : path.substr(1);
  fs::path candidate = fs::weakly_canonical(fs::path(root_) / rel, ec);
  const std::string cand = candidate.string();
  if (ec || !(cand == root_ || cand.starts_with(root_ + "/")))
    return TextResponse(404, "文件不存在");
  Response r;
  if (fs::is_regular_file(candidate, ec)) {
    r.file = cand;
    r.SetHeader("Content-Type", MimeType(cand));
    // Vite puts content hashes in /assets/ file names: those never change.
    if (path.starts_with("/assets/"))
      r.SetHeader("Cache-Control", "public, max-age=31536000, immutable");
    else r.SetHeader("Cache-Control", "no-cache");
    return r;
  }
  const std::string last = path.substr(path.rfind('/') + 1);
  if (last.find('.') != std::string::npos) return TextResponse(404, "文件不存在");
  // A client-side route (/console, /login?redirect=…): the SPA decides.
  r.file = index.string();
  r.SetHeader("Content-Type", "text/html; charset=utf-8");
  r.SetHeader("Cache-Control", "no-cache");
  return r;
}

}  // namespace suiji::api
