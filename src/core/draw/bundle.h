// Draw bundles (DRAW-SPEC §7): the JSON document that is both the input of an offline draw
// (`suiji draw run`) and the published record of a revealed one (`suiji draw verify`,
// tools/verify_draw.py).
//
// Input fields: kind, draw_id, secret, sources and, for "targets", strata + pool, for
// "assign", per_task + cap + eligible; optionally replacements (DRAW-SPEC §6, see
// docs/draw-spec.md). Output fields: pool_root | elig_root, plan_hash, randomness, seed,
// selected + reserve | teams, result_hash, and replacements[i].in. Any other field (comment,
// signature, committed_at, audit positions …) is carried through and never verified.
// Pure: text in, JSON out.
#pragma once

#include <cstdint>
#include <istream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/draw/commitment.h"
#include "core/draw/target_draw.h"
#include "core/status.h"

namespace suiji::draw {

// Insertion-ordered, so a bundle keeps the field order it was published with.
using Json = nlohmann::ordered_json;

inline constexpr char kReasonBundleJson[] = "DRAW_BUNDLE_JSON";
inline constexpr char kReasonBundleDuplicateKey[] = "DRAW_BUNDLE_DUPLICATE_KEY";
inline constexpr char kReasonBundleField[] = "DRAW_BUNDLE_FIELD";
inline constexpr char kReasonBundleKind[] = "DRAW_BUNDLE_KIND";

// Parses bundle text: refuses syntax errors, invalid UTF-8 and duplicate object keys (a
// bundle whose meaning depends on which duplicate a parser keeps is not verifiable). Syntax
// errors are reported before duplicates. Time linear in the text (one pass of nlohmann's SAX
// parser, each object's keys checked as they arrive).
StatusOr<Json> ParseBundleJson(std::string_view text);

// Strings appended one after another and read back in the same order, at about their own size
// in memory: each is a length (LEB128) and its bytes, in blocks of 1 MiB that are never moved or
// copied as the sequence grows (a growing std::vector would briefly hold its contents twice).
class StringSequence {
 public:
  void Append(std::string_view s);
  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }

  // Reads the strings in order; valid while the sequence is not changed.
  class Reader {
   public:
    explicit Reader(const StringSequence& seq) : seq_(seq) {}
    // The next string; only while fewer than size() have been read.
    std::string_view Next();

   private:
    const StringSequence& seq_;
    size_t block_ = 0;
    size_t offset_ = 0;
  };

 private:
  std::vector<std::vector<char>> blocks_;  // each reserved once, filled up to its capacity
  size_t count_ = 0;
};

// A top-level output field "selected" or "reserve" of a published target draw — an object of
// stratum name → array of ids — held as id lists (the ids of every list one after another)
// rather than as JSON values: ten million ids take about 200 MB instead of 1.6 GB.
struct HeldIdLists {
  std::vector<std::string> names;  // in written order
  std::vector<size_t> sizes;       // ids per list
  StringSequence ids;
};

// A pool kept only to be written (a server's bundle, sent as it is written): the entries in
// order as runs of one stratum, their ids one after another and their weights — about 25 bytes
// an entry against a PoolRecord's forty bytes and the id's own. Every entry is written with the
// keys stratum, id, weight.
class PackedPool {
 public:
  void Add(std::string_view stratum, std::string_view id, uint32_t weight);
  size_t size() const { return weights_.size(); }

  struct Entry {
    std::string_view stratum, id;
    uint32_t weight = 1;
  };
  // Reads the entries in order; valid while the pool is not changed.
  class Reader {
   public:
    explicit Reader(const PackedPool& pool) : pool_(pool), ids_(pool.ids_) {}
    // The next entry; only while fewer than size() have been read.
    Entry Next();

   private:
    const PackedPool& pool_;
    StringSequence::Reader ids_;
    size_t entry_ = 0, run_ = 0, run_left_ = 0;
  };

 private:
  std::vector<std::pair<std::string, size_t>> runs_;  // stratum, entries
  StringSequence ids_;
  std::vector<uint32_t> weights_;
};

// Bundle::pool_keys of an entry written with the keys "stratum", "id", "weight" in that order
// (2-bit codes 1, 2, 3 from the low bits): how a stored draw's pool is published.
inline constexpr uint8_t kPoolKeysStratumIdWeight = 1 | (2 << 2) | (3 << 4);

// A parsed bundle for the command line, where pools run to millions. The top-level "pool",
// when every entry is an object of "stratum" and "id" (strings) and optionally "weight" (an
// integer 0..4294967295), keys in any order and nothing else, is held as records, about a
// quarter of the memory of JSON values: `doc` then keeps an empty array in its place and
// `pool_keys` the keys of each entry in written order, so DumpBundle gives the text the
// document would. Likewise a top-level "selected" / "reserve" whose value is an object of
// arrays of strings is held in `selected` / `reserve`, `doc` keeping an empty object in its
// place. Anything else stays in `doc`, judged exactly as ParseBundleJson's.
struct Bundle {
  Json doc;
  bool pool_held = false;
  Pool pool;                       // when pool_held
  std::vector<uint8_t> pool_keys;  // when pool_held: one per record, 2 bits per key
  std::optional<HeldIdLists> selected;
  std::optional<HeldIdLists> reserve;
  // When set (with pool_held, `pool` and `pool_keys` empty): the pool, for DumpBundle and
  // BundleTextWriter only — RunBundle, VerifyBundle and ExplainBundle refuse such a bundle.
  std::optional<PackedPool> packed_pool;
};

// Same checks, errors and linear time as ParseBundleJson. The stream form reads `in` through
// its buffer to the end without holding the text; a read error ends the text there, so it is
// refused as invalid JSON.
StatusOr<Bundle> ParseBundle(std::string_view text);
StatusOr<Bundle> ParseBundle(std::istream& in);

// Serialises a bundle: two-space indent, UTF-8 kept as is, trailing newline. Both forms give
// the same text for the same document.
std::string DumpBundle(const Json& bundle);
std::string DumpBundle(const Bundle& bundle);

// DumpBundle's text of a bundle, written a piece at a time — for a server to send while it
// writes: a million-candidate bundle is 130 MB of text, which DumpBundle holds whole. Each
// call appends the next piece of about `piece_bytes` (ending at an entry's end, so a piece can
// be a little longer; a bundle without a held pool or lists comes in one piece) to `out`;
// false once the text is complete. The bundle must outlive the writer and stay unchanged.
class BundleTextWriter {
 public:
  explicit BundleTextWriter(const Bundle& bundle, size_t piece_bytes = size_t{1} << 20);
  bool Next(std::string& out);

 private:
  enum class Phase { kStart, kMembers, kPool, kLists, kDone };
  void Step(std::string& out);

  const Bundle& b_;
  size_t piece_bytes_;
  Phase phase_ = Phase::kStart;
  size_t member_ = 0;  // the next top-level member
  size_t entry_ = 0;   // the next pool entry, or id of the current list
  std::optional<PackedPool::Reader> packed_;
  const HeldIdLists* lists_ = nullptr;
  size_t list_ = 0;
  bool list_open_ = false;
  std::optional<StringSequence::Reader> ids_;
};

// Runs the draw the bundle's input fields describe and returns the bundle with every output
// field set: replaced in place when present, appended otherwise. Input errors (missing or
// mistyped fields, and every refusal of TargetDraw/InspectorAssignment/replacers) come back
// as the Status, with a reason and a Chinese message naming the field, id or stratum.
StatusOr<Json> RunBundle(const Json& bundle, const DrawOptions& options = {});
// The same for a held pool; the pool is copied once into the draw and kept for the output.
StatusOr<Bundle> RunBundle(Bundle bundle, const DrawOptions& options = {});

struct BundleVerdict {
  bool ok = false;
  std::string result_hash;  // recomputed, lowercase hex
  std::string field;        // first mismatching output field: "plan_hash", "replacements[1].in" …
  std::string detail;       // what differs, in Chinese
};

// Recomputes the outputs and compares them with the bundle's, field by field in the order
// listed in the header comment; reports the first that differs (or is missing). Output values
// compare as JSON data: object key order is irrelevant, types are not (true is not 1).
// Replacement records are judged last: one that cannot apply (its `out` is not in the draw)
// refuses the bundle only once every draw output has matched.
StatusOr<BundleVerdict> VerifyBundle(const Json& bundle, const DrawOptions& options = {});
// The same for a held pool, which moves into the draw (pass the bundle with std::move).
StatusOr<BundleVerdict> VerifyBundle(Bundle bundle, const DrawOptions& options = {});

// Every intermediate value of the draw, one per line, in the format of
// `tools/verify_draw.py explain` (leaf hashes, pool_root/elig_root, params, sources_decl,
// commit, plan_hash, randomness, seed, each stratum's order with keys or each task's walk,
// result_hash), so an auditor can follow — and the two implementations compare — step by step.
StatusOr<std::string> ExplainBundle(const Json& bundle, const DrawOptions& options = {});
StatusOr<std::string> ExplainBundle(Bundle bundle, const DrawOptions& options = {});

}  // namespace suiji::draw
