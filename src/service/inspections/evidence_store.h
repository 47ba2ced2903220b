// Evidence files (photos, PDFs) outside the database, content-addressed: a file is named by the
// SHA-256 of its bytes under <dir>/<first two hex digits>/<hash>, written once however many
// records cite it. The type is decided by the content (magic bytes), never by the file name.
// Writes go to a temporary file that is flushed to disk and then renamed, so a crash leaves a
// whole file or none under the final name.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace suiji::service {

class EvidenceStore {
 public:
  static constexpr size_t kDefaultMaxBytes = size_t{20} << 20;  // 20 MiB: a phone photo or a scan

  explicit EvidenceStore(std::string dir, size_t max_bytes = kDefaultMaxBytes)
      : dir_(std::move(dir)), max_bytes_(max_bytes) {}

  // image/jpeg, image/png, image/webp, image/heic or application/pdf from the content;
  // nullopt for anything else.
  static std::optional<std::string> SniffMediaType(std::string_view bytes);

  // Checks size and type (EVIDENCE_EMPTY, EVIDENCE_TOO_LARGE, EVIDENCE_TYPE_NOT_ALLOWED) and
  // returns the media type.
  StatusOr<std::string> Check(std::string_view bytes) const;
  // Stores `bytes` (if not there yet) and returns the hex SHA-256. `created` says whether this
  // call wrote the file (so a refused reference can take it away again).
  StatusOr<std::string> Put(std::string_view bytes, bool* created) const;
  // Where the file of `sha256` lives.
  std::string PathOf(std::string_view sha256) const;
  // Removes the file of `sha256` (no error when it is already gone).
  void Remove(std::string_view sha256) const;

  const std::string& dir() const { return dir_; }
  size_t max_bytes() const { return max_bytes_; }

 private:
  std::string dir_;
  size_t max_bytes_;
};

}  // namespace suiji::service
