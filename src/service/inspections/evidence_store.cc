#include "service/inspections/evidence_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/hash.h"

namespace suiji::service {
namespace fs = std::filesystem;
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string MiB(size_t n) { return std::to_string(n >> 20) + " MB"; }

Status WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Internal(std::string("evidence write: ") + std::strerror(errno));
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return OkStatus();
}

void SyncDirectory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

std::optional<std::string> EvidenceStore::SniffMediaType(std::string_view b) {
  if (StartsWith(b, "\xFF\xD8\xFF")) return "image/jpeg";
  if (StartsWith(b, "\x89PNG\r\n\x1A\n")) return "image/png";
  if (StartsWith(b, "%PDF-")) return "application/pdf";
  if (b.size() >= 12 && StartsWith(b, "RIFF") && b.substr(8, 4) == "WEBP") return "image/webp";
  // ISO base media: "....ftyp" then a HEIF brand (iPhone photos).
  if (b.size() >= 12 && b.substr(4, 4) == "ftyp") {
    const std::string_view brand = b.substr(8, 4);
    for (std::string_view heif : {"heic", "heix", "mif1", "msf1", "heim", "heis"})
      if (brand == heif) return "image/heic";
  }
  return std::nullopt;
}

StatusOr<std::string> EvidenceStore::Check(std::string_view bytes) const {
  if (bytes.empty()) return InvalidArgument("EVIDENCE_EMPTY", "证据文件为空");
  if (bytes.size() > max_bytes_)
    return InvalidArgument("EVIDENCE_TOO_LARGE", "证据文件过大：每个文件最多 " + MiB(max_bytes_));
  auto type = SniffMediaType(bytes);
  if (!type)
    return InvalidArgument(
        "EVIDENCE_TYPE_NOT_ALLOWED",
        "证据文件类型不允许：只接受 JPEG、PNG、WebP、HEIC 图片和 PDF 文件（按文件内容判断，与文件名无关）");
  return *type;
}

std::string EvidenceStore::PathOf(std::string_view sha256) const {
  return (fs::path(dir_) / std::string(sha256.substr(0, 2)) / std::string(sha256)).string();
}

StatusOr<std::string> EvidenceStore::Put(std::string_view bytes, bool* created) const {
  *created = false;
  std::string sha = ToHex(Sha256(bytes));
  const fs::path final_path = PathOf(sha);
  std::error_code ec;
  if (fs::exists(final_path, ec) && fs::file_size(final_path, ec) == bytes.size()) return sha;
  fs::create_directories(final_path.parent_path(), ec);
  if (ec) return Internal(std::string("evidence write: ") + ec.message());
  static std::atomic<uint64_t> counter{0};
  const fs::path tmp =
      final_path.parent_path() / ("." + sha + ".tmp." + std::to_string(::getpid()) + "." +
                                  std::to_string(counter.fetch_add(1)));
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) return Internal(std::string("evidence write: ") + std::strerror(errno));
  Status s = WriteAll(fd, bytes);
  if (s.ok() && ::fsync(fd) != 0)
    s = Internal(std::string("evidence write: ") + std::strerror(errno));
  ::close(fd);
  if (s.ok()) {
    fs::rename(tmp, final_path, ec);
    if (ec) s = Internal(std::string("evidence write: ") + ec.message());
  }
  if (!s.ok()) {
    fs::remove(tmp, ec);
    return s;
  }
  SyncDirectory(final_path.parent_path());
  *created = true;
  return sha;
}

void EvidenceStore::Remove(std::string_view sha256) const {
  std::error_code ec;
  fs::remove(PathOf(sha256), ec);
}

}  // namespace suiji::service
