#include "api/static_files.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "api/compression.h"
#include "core/hash.h"

namespace suiji::api {
namespace fs = std::filesystem;

struct StaticFiles::Asset {
  std::string path;  // canonical
  std::string mime;
  struct timespec mtime {};
  off_t size = 0;
  std::shared_ptr<const std::string> identity;
  std::string etag;  // quoted, of the identity representation
  bool encodable = false;
  std::once_flag encode_once;
  // Written once under encode_once; null when encoding did not make the file smaller.
  std::shared_ptr<const std::string> gzip, brotli;

  void Encode() {
    std::call_once(encode_once, [this] {
      // Quality 11 is brotli's smallest output; beyond a megabyte it costs seconds, so larger
      // files (not the web UI's) get a quicker level.
      const int quality = identity->size() <= (1u << 20) ? 11 : 5;
      if (auto gz = GzipEncode(*identity); gz && gz->size() < identity->size())
        gzip = std::make_shared<const std::string>(std::move(*gz));
      if (auto br = BrotliEncode(*identity, quality); br && br->size() < identity->size())
        brotli = std::make_shared<const std::string>(std::move(*br));
    });
  }
};

StaticFiles::~StaticFiles() = default;

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

bool Compressible(std::string_view mime) {
  return mime.starts_with("text/") || mime.starts_with("application/json") ||
         mime.starts_with("application/xml") || mime.starts_with("application/yaml") ||
         mime == "image/svg+xml" || mime == "application/wasm" || mime == "image/x-icon";
}

bool SameStat(const struct stat& st, off_t size, const struct timespec& mtime) {
  return st.st_size == size && st.st_mtim.tv_sec == mtime.tv_sec &&
         st.st_mtim.tv_nsec == mtime.tv_nsec;
}

// If-None-Match (RFC 9110 §13.1.2): "*" or a list of entity tags, compared weakly.
bool NoneMatchHits(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    const size_t comma = header.find(',');
    std::string_view tag = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
  }
  return false;
}

std::string WithSuffix(const std::string& etag, std::string_view suffix) {
  std::string out = etag.substr(0, etag.size() - 1);
  out += suffix;
  out += '"';
  return out;
}

}  // namespace

std::shared_ptr<StaticFiles::Asset> StaticFiles::Load(const std::string& path) const {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return nullptr;
  if (static_cast<uintmax_t>(st.st_size) > kMaxCachedBytes) return nullptr;
  std::ifstream in(path, std::ios::binary);
  if (!in) return nullptr;
  std::string content((std::istreambuf_iterator<char>(in)), {});
  auto asset = std::make_shared<Asset>();
  asset->path = path;
  asset->mime = MimeType(path);
  asset->size = static_cast<off_t>(content.size());
  asset->mtime = st.st_mtim;
  // Strong validator of the content (not of the time stamp): a rebuilt but identical file keeps
  // its ETag, and each encoding gets its own (suffix -gz / -br), as RFC 9110 §8.8.3 requires.
  asset->etag = "\"" + ToHex(Sha256(content)).substr(0, 20) + "\"";
  asset->encodable = Compressible(asset->mime) && content.size() >= kMinEncodedBytes &&
                     content.size() <= kMaxEncodedBytes;
  asset->identity = std::make_shared<const std::string>(std::move(content));
  return asset;
}

Response StaticFiles::Send(const Request& req, Asset& asset, bool immutable) const {
  ContentCoding coding = ContentCoding::kIdentity;
  const std::string accept = asset.encodable ? req.Header("accept-encoding") : std::string();
  if (!accept.empty() && ChooseContentCoding(accept, true, true) != ContentCoding::kIdentity) {
    asset.Encode();
    coding = ChooseContentCoding(accept, asset.gzip != nullptr, asset.brotli != nullptr);
  }
  std::shared_ptr<const std::string> body = asset.identity;
  std::string etag = asset.etag;
  if (coding == ContentCoding::kGzip) {
    body = asset.gzip;
    etag = WithSuffix(asset.etag, "-gz");
  } else if (coding == ContentCoding::kBrotli) {
    body = asset.brotli;
    etag = WithSuffix(asset.etag, "-br");
  }
  Response r;
  // Vite puts content hashes in /assets/ file names: those never change. Everything else
  // (index.html above all) is revalidated on every use, which the ETag makes a 304.
  r.SetHeader("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  r.SetHeader("ETag", etag);
  // The representation depends on Accept-Encoding whenever the file is offered encoded.
  if (asset.encodable) r.SetHeader("Vary", "Accept-Encoding");
  if (NoneMatchHits(req.Header("if-none-match"), etag)) {
    r.status = 304;
    return r;
  }
  r.SetHeader("Content-Type", asset.mime);
  if (coding != ContentCoding::kIdentity)
    r.SetHeader("Content-Encoding", std::string(ContentCodingName(coding)));
  r.shared_body = std::move(body);
  return r;
}

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
  const std::string rel = path == "/" ? "index.html" : path.substr(1);
  const bool immutable = path.starts_with("/assets/");
  // The common case: a file served before, unchanged since (one stat, no path resolution).
  std::shared_ptr<Asset> cached;
  {
    std::lock_guard lock(mu_);
    if (auto it = cache_.find(rel); it != cache_.end()) cached = it->second;
  }
  if (cached) {
    struct stat st {};
    if (::stat(cached->path.c_str(), &st) == 0 && SameStat(st, cached->size, cached->mtime))
      return Send(req, *cached, immutable);
  }

  std::error_code ec;
  const fs::path index = fs::path(root_) / "index.html";
  if (!fs::is_regular_file(index, ec)) {
    Response r = TextResponse(
        503,
        "网页界面尚未构建。请在项目目录运行 make demo（或 make web）后刷新本页；API 位于 /api/v1。\n");
    return r;
  }
  fs::path candidate = fs::weakly_canonical(fs::path(root_) / rel, ec);
  const std::string cand = candidate.string();
  if (ec || !(cand == root_ || cand.starts_with(root_ + "/")))
    return TextResponse(404, "文件不存在");
  std::string key = rel;
  std::string file = cand;
  bool spa = false;
  if (!fs::is_regular_file(candidate, ec)) {
    const std::string last = path.substr(path.rfind('/') + 1);
    if (last.find('.') != std::string::npos) return TextResponse(404, "文件不存在");
    // A client-side route (/console, /login?redirect=…): the SPA decides.
    key = "index.html";
    file = index.string();
    spa = true;
  }
  std::shared_ptr<Asset> asset;
  {
    std::lock_guard lock(mu_);
    if (auto it = cache_.find(key); it != cache_.end()) asset = it->second;
  }
  struct stat st {};
  if (!asset || asset->path != file || ::stat(file.c_str(), &st) != 0 ||
      !SameStat(st, asset->size, asset->mtime)) {
    asset = Load(file);
    if (!asset) {
      // Too large to keep in memory (or unreadable: the transport answers 404): from disk.
      Response r;
      r.file = file;
      r.SetHeader("Content-Type", MimeType(file));
      r.SetHeader("Cache-Control",
                  immutable && !spa ? "public, max-age=31536000, immutable" : "no-cache");
      return r;
    }
    std::lock_guard lock(mu_);
    cache_[key] = asset;
  }
  return Send(req, *asset, immutable && !spa);
}

}  // namespace suiji::api
