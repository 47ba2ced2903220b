// Commit first, reveal after (DRAW-SPEC §3): the parts shared by target draws and inspector
// assignment — source declaration, secret commitment, plan hash, reveal randomness, master
// seed — and the input rules common to both (ids, secret, sources).
//
// All hashes are raw 32-byte strings; callers hex-encode for display. Pure functions.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "core/draw/fast_sha256.h"
#include "core/status.h"

namespace suiji::draw {

inline constexpr size_t kSecretBytes = 32;
inline constexpr size_t kMaxIdBytes = 64;

// Stable reasons of refused draw inputs (Status::reason()).
inline constexpr char kReasonSecretInvalid[] = "DRAW_SECRET_INVALID";
inline constexpr char kReasonNoSource[] = "DRAW_NO_SOURCE";
inline constexpr char kReasonSourceNameEmpty[] = "DRAW_SOURCE_NAME_EMPTY";
inline constexpr char kReasonSourceValueEmpty[] = "DRAW_SOURCE_VALUE_EMPTY";
inline constexpr char kReasonSourceValueCount[] = "DRAW_SOURCE_VALUE_COUNT";
inline constexpr char kReasonIdEmpty[] = "DRAW_ID_EMPTY";
inline constexpr char kReasonIdTooLong[] = "DRAW_ID_TOO_LONG";
inline constexpr char kReasonIdHasHash[] = "DRAW_ID_HAS_HASH";
inline constexpr char kReasonInvalidUtf8[] = "DRAW_INVALID_UTF8";
inline constexpr char kReasonTooLarge[] = "DRAW_TOO_LARGE";
inline constexpr char kReasonSecretMismatch[] = "DRAW_SECRET_MISMATCH";

struct DrawOptions {
  // Worker threads for ticket generation and hashing; 0 = all hardware threads. Results never
  // depend on it.
  unsigned threads = 0;
  // Which SHA-256 code hashes leaves, nodes and tickets (fast_sha256.h); results never depend
  // on it. Tests and benches compare the paths; everyone else leaves kAuto.
  Sha256Path sha256 = Sha256Path::kAuto;
};

// What is fixed — and announced — at commitment time. Hashes are raw 32 bytes.
struct DrawPlan {
  std::string root;    // pool_root (targets) or elig_root (assign)
  std::string params;  // the params byte string itself (it enters plan_hash length-prefixed)
  std::string sources_decl;
  std::string commit;
  std::string plan_hash;
};

// What the reveal derives from the source values and the secret.
struct DrawSeed {
  std::string randomness;  // raw 32 bytes
  std::string master;      // raw 32 bytes
  std::string seed;        // hex(master): the seed string of every ticket of the draw
};

// What kind of id a message talks about.
enum class IdKind { kTarget, kTask, kInspector };

// Appends DRAW-SPEC §1 encodings to a byte string.
class ByteWriter {
 public:
  ByteWriter& U32(uint32_t v);
  ByteWriter& Lp(std::string_view bytes);  // u32(len) || bytes
  ByteWriter& Raw(std::string_view bytes);
  const std::string& bytes() const { return bytes_; }
  std::string Take() { return std::move(bytes_); }

 private:
  std::string bytes_;
};

bool IsValidUtf8(std::string_view s);

// The secret must be exactly 32 bytes.
Status ValidateSecret(std::string_view secret);
// At least one source; names non-empty UTF-8.
Status ValidateSourceNames(const std::vector<std::string>& names);
// One non-empty value per declared name, in order.
Status ValidateSourceValues(const std::vector<std::string>& names,
                            const std::vector<std::string>& values);
// The common id: 1-64 ASCII bytes without '#' (valid by ValidateId's rules), checked eight
// bytes at a time — the draw engine asks this of every candidate.
inline bool IsPlainId(std::string_view id) {
  constexpr uint64_t kOnes = 0x0101010101010101, kHigh = 0x8080808080808080;
  constexpr uint64_t kHashes = 0x2323232323232323;  // '#' in every byte
  const size_t n = id.size();
  if (n == 0 || n > kMaxIdBytes) return false;
  const char* const p = id.data();
  uint64_t bad = 0;
  // A byte of `w` is bad if its high bit is set or it is '#' (a zero byte of w ^ kHashes).
  auto check = [&bad](uint64_t w) {
    const uint64_t x = w ^ kHashes;
    bad |= w | ((x - kOnes) & ~x);
  };
  if (n < 8) {
    uint64_t w = 0;
    std::memcpy(&w, p, n);  // the zero bytes beyond the id are neither
    check(w);
  } else {
    uint64_t w;
    for (size_t i = 0; i + 8 <= n; i += 8) {
      std::memcpy(&w, p + i, 8);
      check(w);
    }
    std::memcpy(&w, p + n - 8, 8);  // the last eight bytes, overlapping the loop's
    check(w);
  }
  return (bad & kHigh) == 0;
}

namespace commitment_detail {
// ValidateId past the plain case: what is wrong with the id, or OK (a valid non-ASCII id).
Status ValidateUnusualId(std::string_view id, IdKind kind);
}  // namespace commitment_detail

// Non-empty, at most 64 bytes, no '#', valid UTF-8. Inline: the plain case, every candidate of
// a draw, costs no call and builds no message.
inline Status ValidateId(std::string_view id, IdKind kind) {
  return IsPlainId(id) ? OkStatus() : commitment_detail::ValidateUnusualId(id, kind);
}
// Any string may name a stratum or a draw, as long as it is valid UTF-8.
Status ValidateText(std::string_view s, std::string_view what);

// sources_decl = H(lp("SJ-DRAW-1/sources") || lp(name1) || …).
std::string SourcesDecl(const std::vector<std::string>& names);
// commit = H(lp("SJ-DRAW-1/secret") || secret).
std::string Commit(std::string_view secret);
// plan_hash = H(lp("SJ-DRAW-1/plan") || lp(draw_id) || lp(kind) || lp(root) || lp(params) ||
//               lp(sources_decl) || lp(commit)).
std::string PlanHash(std::string_view draw_id, std::string_view kind, const DrawPlan& plan);
// randomness, master and seed from validated values (DRAW-SPEC §3).
DrawSeed DeriveSeed(std::string_view plan_hash, const std::vector<std::string>& names,
                    const std::vector<std::string>& values, std::string_view secret);

}  // namespace suiji::draw
