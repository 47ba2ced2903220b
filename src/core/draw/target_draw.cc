#include "core/draw/target_draw.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <limits>
#include <mutex>
#include <numeric>
#include <unordered_map>

#include "core/draw/buffer.h"
#include "core/draw/merkle.h"
#include "core/draw/parallel.h"
#include "core/draw/radix_sort.h"
#include "core/draw/ticket.h"
#include "core/hash.h"
#include "core/metrics.h"

namespace suiji::draw {
namespace {

std::string Quote(std::string_view s) { return "“" + std::string(s) + "”"; }

// Big-endian load of up to 8 bytes of `s` from `offset`, zero-filled: integer order of the
// loads equals bytewise order of the strings as far as the loaded bytes go.
uint64_t LoadPrefix(std::string_view s, size_t offset) {
  if (offset + 8 <= s.size()) {
    uint64_t v;
    std::memcpy(&v, s.data() + offset, 8);
    return __builtin_bswap64(v);
  }
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) {
    v <<= 8;
    if (offset + i < s.size()) v |= static_cast<unsigned char>(s[offset + i]);
  }
  return v;
}

// A candidate in the canonical id sort: 12 bytes of its id from the offset where the pool's ids
// begin to differ (IdKeyOffset), as big-endian integers (8 in `hi`, 4 in the top half of
// `lo`), and its pool index (the bottom half of `lo`). 16 bytes: the sort moves a third less
// than with the full 16-byte prefix, its workspace is the leaf hashes' 32 bytes per candidate,
// and ids that agree in those 12 bytes are ordered by their full text.
struct IdSortItem {
  uint64_t hi;
  uint64_t lo;

  uint32_t index() const { return static_cast<uint32_t>(lo); }
  Key128 key() const { return Key128{hi} << 64 | (lo & ~uint64_t{0xffffffff}); }
};

// The offset from which candidates' sort keys are read: the length of a prefix every id
// shares (bytes before it cannot order two ids), at most 16. `IdKeyOffset::Guess` takes the
// prefix of a sample of the pool; `Holds` tells whether an id has it (validation checks every
// id, and a wrong guess is corrected before the sort).
class IdKeyOffset {
 public:
  static constexpr size_t kMax = 16;

  IdKeyOffset(std::string_view first, size_t length) : length_(std::min(length, kMax)) {
    for (int w = 0; w < 2; ++w) {
      const size_t bytes = std::clamp<size_t>(length_, 8 * w, 8 * w + 8) - 8 * w;
      mask_[w] = bytes == 0 ? 0 : ~uint64_t{0} << (64 - 8 * bytes);
      want_[w] = LoadPrefix(first, 8 * w) & mask_[w];
    }
  }

  // The common prefix of pool[0] with up to 64 ids spread over the pool.
  static IdKeyOffset Guess(const Pool& pool) {
    const std::string_view first = pool[0].id;
    size_t length = std::min(first.size(), kMax);
    const size_t step = std::max<size_t>(1, pool.size() / 64);
    for (size_t i = step; i < pool.size() && length > 0; i += step)
      length = std::min(length, CommonPrefix(first, pool[i].id));
    return IdKeyOffset(first, length);
  }

  static size_t CommonPrefix(std::string_view a, std::string_view b) {
    return static_cast<size_t>(
        std::mismatch(a.begin(), a.begin() + std::min(a.size(), b.size()), b.begin()).first -
        a.begin());
  }

  bool Holds(std::string_view id) const {
    return id.size() >= length_ && (LoadPrefix(id, 0) & mask_[0]) == want_[0] &&
           (LoadPrefix(id, 8) & mask_[1]) == want_[1];
  }
  IdSortItem Item(std::string_view id, uint32_t index) const {
    return {LoadPrefix(id, length_), (LoadPrefix(id, length_ + 8) & ~uint64_t{0xffffffff}) | index};
  }

 private:
  size_t length_;
  uint64_t mask_[2];
  uint64_t want_[2];
};

// A candidate's place in its stratum's draw order: its key is the ticket of label
// WeightedLabel(id, j), of which `prefix` holds the first 19 digits.
struct KeyItem {
  uint64_t prefix;
  uint32_t index;
  uint32_t j;
};

// Splits [0, n) into contiguous chunks for up to `threads` threads, as ParallelFor would, but
// with the chunk number known to the callback: fn(chunk, begin, end).
template <class Fn>
size_t ForChunks(size_t n, unsigned threads, Fn fn) {
  const size_t chunks = std::max<size_t>(1, std::min<size_t>(threads, n / 8192));
  ParallelFor(
      chunks, threads,
      [&](size_t first, size_t last) {
        for (size_t c = first; c < last; ++c) fn(c, n * c / chunks, n * (c + 1) / chunks);
      },
      1);
  return chunks;
}

// Writes WeightedLabel(id, j) into `buf` (room for 64 + 1 + 10 bytes) and returns it.
std::string_view LabelInto(char* buf, std::string_view id, uint32_t j) {
  if (j == 0) return id;
  std::memcpy(buf, id.data(), id.size());
  size_t n = id.size();
  buf[n++] = '#';
  char digits[10];
  int d = 0;
  for (; j != 0; j /= 10) digits[d++] = static_cast<char>('0' + j % 10);
  while (d > 0) buf[n++] = digits[--d];
  return std::string_view(buf, n);
}

constexpr size_t kLabelBuffer = kMaxIdBytes + 1 + 10;

void AppendU32(std::string& buf, uint32_t v) {
  const char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                     static_cast<char>(v >> 8), static_cast<char>(v)};
  buf.append(b, 4);
}

// 0x00 || lp("SJ-DRAW-1/cand") || lp(stratum): what every leaf message of a stratum begins with
// (the RFC 6962 leaf prefix and the start of the DRAW-SPEC §4 leaf).
std::string LeafHead(std::string_view stratum) {
  static constexpr std::string_view kTag = "SJ-DRAW-1/cand";
  std::string head(1, '\0');
  AppendU32(head, static_cast<uint32_t>(kTag.size()));
  head.append(kTag);
  AppendU32(head, static_cast<uint32_t>(stratum.size()));
  head.append(stratum);
  return head;
}

// Reads of pool records in draw order are a cache miss each (the pool is hundreds of
// megabytes): the loops that read the selected ids ask for them this many records ahead.
constexpr size_t kRecordsAhead = 16;
void PrefetchId(const PoolRecord& rec) {
  const auto* p = reinterpret_cast<const char*>(&rec.id);
  __builtin_prefetch(p);
  __builtin_prefetch(p + sizeof(PoolId) - 1);
}

// Prepare's workspace: the sort items and their scratch (2 × 16 bytes per candidate); later
// the leaf hashes (32); Reveal's keys and their scratch (2 × 16).
size_t WorkspaceBytes(size_t n) { return n * sizeof(Digest); }
static_assert(sizeof(IdSortItem) == 16 && sizeof(KeyItem) == 16 && sizeof(Digest) == 32);

// The keys of the candidates of pool[begin, end) in unweighted strata: each has one ticket,
// whose label is its id (DRAW-SPEC §2, j = 0). Each id is padded straight into its lane's one
// block, `kernel.lanes` compressions at a time, and its key is written to the next place of its
// stratum (`next`), in pool order. The same keys in the same places as Sha256Stream with the
// weighted strata's ticket source, without its message source, tags and comparisons.
void UnweightedKeys(const Sha256Kernel& kernel, const Sha256Start& start, const Pool& pool,
                    const uint32_t* rank, const std::vector<char>& weighted,
                    std::vector<size_t>& next, KeyItem* items, size_t begin, size_t end) {
  struct Placed {
    uint32_t index;
    size_t pos;
  };
  auto emit = [items](const Placed& t, const uint32_t h[8]) {
    items[t.pos] = {TicketPrefixOfWords(h), t.index, 0};
  };
  Sha256FixedLanes<1, Placed, decltype(emit)> lanes(kernel, start, emit);
  for (size_t i = begin; i < end; ++i) {
    if (weighted[rank[i]]) continue;  // the weighted strata's source hashes these
    const std::string_view id = pool[i].id;
    const size_t pos = next[rank[i]]++;
    if (id.size() > Sha256Midstate::kOneBlockTail) {  // two blocks: hashed on its own
      uint32_t h[8];
      Sha256Single(kernel, start, id, h);
      items[pos] = {TicketPrefixOfWords(h), static_cast<uint32_t>(i), 0};
      continue;
    }
    uint8_t* const slot = lanes.Slot();
    std::memcpy(slot, id.data(), id.size());
    Sha256PadAt(slot, 1, start, id.size());
    lanes.Commit({static_cast<uint32_t>(i), pos});
  }
  lanes.Finish();
}

// The leaf hashes of pool[begin, end) into leaves[begin, end): H(head(stratum) || lp(id) ||
// u32(weight)), written straight into lanes of one or two blocks by their size (a stratum
// name long enough to need more is hashed on its own).
void LeafHashes(const Sha256Kernel& kernel, const PoolRecord* pool, const uint32_t* rank,
                const std::vector<std::string>& heads, Digest* leaves, size_t begin, size_t end) {
  auto emit = [leaves](const uint32_t& i, const uint32_t h[8]) {
    StoreDigest(h, leaves[i].data());
  };
  const Sha256Start& iv = Sha256Iv();
  Sha256FixedLanes<1, uint32_t, decltype(emit)> one(kernel, iv, emit);
  Sha256FixedLanes<2, uint32_t, decltype(emit)> two(kernel, iv, emit);
  auto write = [](uint8_t* out, std::string_view head, const PoolRecord& rec) {
    std::memcpy(out, head.data(), head.size());
    out += head.size();
    const std::string_view id = rec.id;
    const uint32_t size = __builtin_bswap32(static_cast<uint32_t>(id.size()));
    const uint32_t weight = __builtin_bswap32(rec.weight);
    std::memcpy(out, &size, 4);
    std::memcpy(out + 4, id.data(), id.size());
    std::memcpy(out + 4 + id.size(), &weight, 4);
    return head.size() + 8 + id.size();
  };
  for (size_t i = begin; i < end; ++i) {
    const PoolRecord& rec = pool[i];
    const std::string_view head = heads[rank[i]];
    const size_t size = head.size() + 8 + rec.id.size();
    const auto tag = static_cast<uint32_t>(i);
    if (size <= Sha256Midstate::kOneBlockTail) {
      uint8_t* const slot = one.Slot();
      Sha256PadAt(slot, 1, iv, write(slot, head, rec));
      one.Commit(tag);
    } else if (size <= kLaneMessage) {
      uint8_t* const slot = two.Slot();
      Sha256PadAt(slot, 2, iv, write(slot, head, rec));
      two.Commit(tag);
    } else {
      std::string msg(size, '\0');
      write(reinterpret_cast<uint8_t*>(msg.data()), head, rec);
      uint32_t h[8];
      Sha256Single(kernel, iv, msg, h);
      emit(tag, h);
    }
  }
  one.Finish();
  two.Finish();
}

}  // namespace

std::string WeightedLabel(std::string_view id, uint32_t j) {
  return j == 0 ? std::string(id) : std::string(id) + "#" + std::to_string(j);
}

StatusOr<TargetDraw> TargetDraw::Prepare(TargetDrawInput input, std::string secret,
                                         DrawOptions options) {
  RETURN_IF_ERROR(ValidateSecret(secret));
  RETURN_IF_ERROR(ValidateText(input.draw_id, "抽取编号"));
  RETURN_IF_ERROR(ValidateSourceNames(input.source_names));
  if (input.pool.size() >= std::numeric_limits<uint32_t>::max() ||
      input.strata.size() >= std::numeric_limits<uint32_t>::max()) {
    return InvalidArgument(kReasonTooLarge, "检查对象名录过大，无法在一次抽取中处理");
  }
  const unsigned threads = ResolveThreads(options.threads);

  // Strata, in listed order: a second listing of a name is refused.
  std::unordered_map<std::string_view, uint32_t> spec_by_name;
  for (uint32_t i = 0; i < input.strata.size(); ++i) {
    RETURN_IF_ERROR(ValidateText(input.strata[i].name, "分层名称"));
    if (!spec_by_name.emplace(input.strata[i].name, i).second) {
      return InvalidArgument(kReasonStratumDuplicate,
                             "分层" + Quote(input.strata[i].name) + "重复声明");
    }
  }
  std::vector<uint32_t> by_name(input.strata.size());
  std::iota(by_name.begin(), by_name.end(), 0u);
  std::sort(by_name.begin(), by_name.end(),
            [&](uint32_t a, uint32_t b) { return input.strata[a].name < input.strata[b].name; });
  std::vector<uint32_t> rank_of_spec(input.strata.size());
  for (uint32_t r = 0; r < by_name.size(); ++r) rank_of_spec[by_name[r]] = r;
  // The pool's stratum names: each one's rank, or kUndeclared.
  constexpr uint32_t kUndeclared = std::numeric_limits<uint32_t>::max();
  const std::vector<std::string>& names = input.pool.strata();
  std::vector<uint32_t> rank_of_name(names.size(), kUndeclared);
  for (size_t k = 0; k < names.size(); ++k) {
    if (const auto it = spec_by_name.find(names[k]); it != spec_by_name.end())
      rank_of_name[k] = rank_of_spec[it->second];
  }

  // Pool records, in listed order: checked in parallel chunks (the error reported is the one
  // of the earliest record, as a sequential scan would find it), and each one's sort item
  // written on the way.
  // One workspace for what follows, in huge pages (buffer.h): sort items and their scratch,
  // then the leaf hashes; Reveal reuses it for its keys.
  const size_t n = input.pool.size();
  auto rank_buf = std::make_shared<HugeBuffer>(n * sizeof(uint32_t));
  uint32_t* const rank = rank_buf->As<uint32_t>();
  HugeBuffer workspace(WorkspaceBytes(n));
  IdSortItem* const ids = workspace.As<IdSortItem>();
  std::vector<std::pair<size_t, Status>> chunk_errors;
  std::mutex errors_mu;
  const PoolRecord* const records = input.pool.data();
  IdKeyOffset key_offset = n == 0 ? IdKeyOffset("", 0) : IdKeyOffset::Guess(input.pool);
  std::atomic<bool> offset_holds{true};
  ParallelFor(n, threads, [&](size_t begin, size_t end) {
    bool holds = true;
    for (size_t i = begin; i < end; ++i) {
      const PoolRecord& rec = records[i];
      Status s = ValidateId(rec.id, IdKind::kTarget);
      if (s.ok() && rec.weight < 1) {
        s = InvalidArgument(kReasonWeightInvalid,
                            "检查对象" + Quote(rec.id) + "的权重必须是不小于 1 的整数");
      }
      const bool in_table = rec.stratum < names.size();
      const uint32_t r = in_table ? rank_of_name[rec.stratum] : kUndeclared;
      if (s.ok() && r == kUndeclared) {
        const std::string_view name = input.pool.StratumOf(rec);  // empty if not in_table
        const std::string which = in_table ? Quote(name) : "";
        s = IsValidUtf8(name)
                ? InvalidArgument(kReasonStratumUndeclared,
                                  "检查对象" + Quote(rec.id) + "所属的分层" + which + "未声明")
                : InvalidArgument(kReasonInvalidUtf8, "分层名称不是有效的 UTF-8 文本");
      }
      if (!s.ok()) {
        std::lock_guard lock(errors_mu);
        chunk_errors.emplace_back(i, std::move(s));
        return;
      }
      rank[i] = r;
      holds = holds && key_offset.Holds(rec.id);
      ids[i] = key_offset.Item(rec.id, static_cast<uint32_t>(i));
    }
    if (!holds) offset_holds = false;
  });
  if (!chunk_errors.empty()) {
    return std::min_element(chunk_errors.begin(), chunk_errors.end(),
                            [](const auto& a, const auto& b) { return a.first < b.first; })
        ->second;
  }

  // The sample's prefix is not every id's: the keys again, from the prefix all ids share.
  if (!offset_holds) {
    std::vector<size_t> lengths(threads, IdKeyOffset::kMax);
    const std::string_view first = input.pool[0].id;
    const size_t chunks = ForChunks(n, threads, [&](size_t c, size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i)
        lengths[c] = std::min(lengths[c], IdKeyOffset::CommonPrefix(first, records[i].id));
    });
    key_offset = IdKeyOffset(first, *std::min_element(lengths.begin(), lengths.begin() + chunks));
    ParallelFor(n, threads, [&](size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i)
        ids[i] = key_offset.Item(records[i].id, static_cast<uint32_t>(i));
    });
  }

  // Canonical order. Sort every id once (12-byte big-endian keys, radix, the full text where
  // those tie): duplicates become neighbours wherever their strata are, and a stable pass by
  // stratum then yields the (stratum, id) order of the Merkle leaves.
  auto id_of = [&](const IdSortItem& x) -> const PoolId& { return input.pool[x.index()].id; };
  ParallelSortByKey(
      ids, n, ids + n, threads, [](const IdSortItem& x) { return x.key(); },
      [&](const IdSortItem& x, const IdSortItem& y) { return id_of(x) < id_of(y); },
      KeySpread::kSparse);
  // Only ids whose keys agree can be equal; the first duplicate in sorted order is the
  // bytewise smallest.
  {
    std::vector<size_t> first_duplicate(threads, n);
    const size_t chunks = ForChunks(n, threads, [&](size_t c, size_t begin, size_t end) {
      for (size_t i = std::max<size_t>(begin, 1); i < end; ++i) {
        if (ids[i].key() == ids[i - 1].key() && id_of(ids[i]) == id_of(ids[i - 1])) {
          first_duplicate[c] = i;
          return;
        }
      }
    });
    for (size_t c = 0; c < chunks; ++c) {
      if (first_duplicate[c] != n) {
        return InvalidArgument(kReasonDuplicateId,
                               "检查对象标识" + Quote(id_of(ids[first_duplicate[c]])) + "重复");
      }
    }
  }

  // Strata in name order, members in id order: per chunk of the sorted ids, how many of each
  // stratum; then the pool indices in that canonical order, each chunk writing its members of
  // a stratum in sequence.
  const size_t strata = by_name.size();
  TargetDraw draw;
  draw.groups_.resize(strata);
  auto canonical_buf = std::make_shared<HugeBuffer>(n * sizeof(uint32_t));
  uint32_t* const canonical = canonical_buf->As<uint32_t>();
  {
    std::vector<std::vector<size_t>> counts(threads, std::vector<size_t>(strata, 0));
    const size_t chunks = ForChunks(n, threads, [&](size_t c, size_t begin, size_t end) {
      if (strata == 1) {
        counts[c][0] = end - begin;
        return;
      }
      for (size_t i = begin; i < end; ++i) ++counts[c][rank[ids[i].index()]];
    });
    size_t pos = 0;
    for (size_t r = 0; r < strata; ++r) {
      const size_t begin = pos;
      for (size_t c = 0; c < chunks; ++c) {
        const size_t count = counts[c][r];
        counts[c][r] = pos;
        pos += count;
      }
      draw.groups_[r] = {by_name[r], begin, pos};
    }
    ForChunks(n, threads, [&](size_t c, size_t begin, size_t end) {
      std::vector<size_t>& next = counts[c];
      if (strata == 1) {
        for (size_t i = begin; i < end; ++i) canonical[i] = ids[i].index();
        return;
      }
      for (size_t i = begin; i < end; ++i) {
        const uint32_t index = ids[i].index();
        canonical[next[rank[index]]++] = index;
      }
    });
  }

  for (const Group& g : draw.groups_) {
    const StratumSpec& spec = input.strata[g.spec];
    if (spec.take > g.end - g.begin) {
      return InvalidArgument(kReasonTakeExceedsStratum,
                             "分层" + Quote(spec.name) + "的抽取数（" + std::to_string(spec.take) +
                                 "）大于该层检查对象数（" + std::to_string(g.end - g.begin) + "）");
    }
  }

  // pool_root over leaves lp("SJ-DRAW-1/cand") || lp(stratum) || lp(id) || u32(weight): hashed
  // in pool order, the records' memory in sequence, several at a time (LeafHashes), into the
  // workspace in the same order (the sorted items are dead by now); the Merkle reduction then
  // gathers them in canonical order. Visiting the records in canonical order is a cache and
  // TLB miss per record; scattering each hash to its canonical place is a cache miss per write
  // that the CPU cannot overlap well — gathered reads it can (docs/performance.md).
  Digest* const leaves = workspace.As<Digest>();
  {
    std::vector<std::string> heads(strata);
    for (size_t r = 0; r < strata; ++r) heads[r] = LeafHead(input.strata[by_name[r]].name);
    const Sha256Kernel& kernel = Sha256KernelFor(options.sha256);
    ParallelFor(n, threads, [&](size_t begin, size_t end) {
      LeafHashes(kernel, input.pool.data(), rank, heads, leaves, begin, end);
    });
  }
  const Digest root = MerkleRootOfGathered(leaves, canonical, n, threads, options.sha256);

  ByteWriter params;
  params.Lp("SJ-DRAW-1/strata").U32(static_cast<uint32_t>(by_name.size()));
  for (const uint32_t spec : by_name) {
    const StratumSpec& s = input.strata[spec];
    params.Lp(s.name).U32(s.take).U32(s.weighted ? 1 : 0);
  }

  draw.plan_.root = std::string(AsBytes(root));
  draw.plan_.params = params.Take();
  draw.plan_.sources_decl = SourcesDecl(input.source_names);
  draw.plan_.commit = Commit(secret);
  draw.plan_.plan_hash = PlanHash(input.draw_id, "targets", draw.plan_);
  draw.input_ = std::move(input);
  draw.secret_ = std::move(secret);
  draw.options_ = options;
  draw.rank_ = std::move(rank_buf);
  draw.canonical_ = std::move(canonical_buf);
  draw.spare_ = std::make_shared<Spare>();
  draw.spare_->workspace = std::move(workspace);
  return draw;
}

StatusOr<TargetDrawResult> TargetDraw::Reveal(const std::vector<std::string>& source_values,
                                              const RevealOptions& reveal_options) const {
  RETURN_IF_ERROR(ValidateSourceValues(input_.source_names, source_values));
  metrics::Add(metrics::Counter::kDrawComputations);
  const unsigned threads = ResolveThreads(options_.threads);
  TargetDrawResult result;
  result.seed = DeriveSeed(plan_.plan_hash, input_.source_names, source_values, secret_);
  const TicketGenerator tickets(result.seed.seed);
  const Sha256Kernel& kernel = Sha256KernelFor(options_.sha256);

  auto key_text = [&](const KeyItem& item) {
    char buf[kLabelBuffer];
    return tickets.Text(LabelInto(buf, input_.pool[item.index].id, item.j));
  };
  // (key, id) among equal prefixes: the full ticket text, then the id.
  auto tie_order = [&](const KeyItem& a, const KeyItem& b) {
    const int c = key_text(a).compare(key_text(b));
    if (c != 0) return c < 0;
    return input_.pool[a.index].id < input_.pool[b.index].id;
  };
  auto draw_order = [&](const KeyItem& a, const KeyItem& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    return tie_order(a, b);
  };
  // One candidate's tickets (j > 0 in weighted strata): the smallest (prefix, text, j) is its
  // key (exact successive sampling proportional to weight). Order-independent, as the stream
  // finishes tickets in no particular order.
  auto better = [&](const KeyItem& a, const KeyItem& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    const int c = key_text(a).compare(key_text(b));
    return c != 0 ? c < 0 : a.j < b.j;
  };

  // Every candidate's key, hashed in pool order (sequential memory) and written straight to
  // its stratum's range: per chunk of the pool, how many of each stratum first.
  const size_t n = input_.pool.size();
  const size_t strata = groups_.size();
  const uint32_t* const rank = rank_->As<uint32_t>();
  // Keys and sort scratch: Prepare's workspace if this is the first Reveal (its pages are
  // mapped already), else fresh.
  HugeBuffer workspace;
  {
    std::lock_guard lock(spare_->mu);
    workspace = std::move(spare_->workspace);
  }
  if (workspace.size() < 2 * n * sizeof(KeyItem)) workspace = HugeBuffer(WorkspaceBytes(n));
  KeyItem* const items = workspace.As<KeyItem>();
  KeyItem* const scratch = items + n;
  {
    std::vector<std::vector<size_t>> counts(threads, std::vector<size_t>(strata, 0));
    const size_t chunks = ForChunks(n, threads, [&](size_t c, size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) ++counts[c][rank[i]];
    });
    for (size_t r = 0; r < strata; ++r) {
      size_t pos = groups_[r].begin;
      for (size_t c = 0; c < chunks; ++c) {
        const size_t count = counts[c][r];
        counts[c][r] = pos;
        pos += count;
      }
    }
    std::vector<char> weighted(strata);
    for (size_t r = 0; r < strata; ++r) weighted[r] = input_.strata[groups_[r].spec].weighted;
    struct TicketTag {
      uint32_t index;
      uint32_t j;
      size_t pos;  // the candidate's place in items
    };
    struct TicketSource {
      using Tag = TicketTag;
      const Pool& pool;
      const uint32_t* rank;
      const std::vector<char>& weighted;
      std::vector<size_t>& next;  // next free place per stratum
      KeyItem* items;
      const decltype(better)& is_better;
      size_t i, end;
      uint32_t j = 0;
      size_t pos = 0;
      char buf[kLabelBuffer] = {};

      // The tickets of candidates in weighted strata (UnweightedKeys does the others).
      bool Next(std::string_view& m, Tag& tag) {
        if (j == 0)
          while (i < end && !weighted[rank[i]]) ++i;
        if (i == end) return false;
        const PoolRecord& rec = pool[i];
        if (j == 0) {
          pos = next[rank[i]]++;
          items[pos] = {std::numeric_limits<uint64_t>::max(), static_cast<uint32_t>(i),
                        std::numeric_limits<uint32_t>::max()};
        }
        m = LabelInto(buf, rec.id, j);
        tag = {static_cast<uint32_t>(i), j, pos};
        if (j + 1 < rec.weight) {
          ++j;
        } else {
          j = 0;
          ++i;
        }
        return true;
      }
      void Emit(const Tag& t, const uint32_t h[8]) {
        const KeyItem cand{TicketPrefixOfWords(h), t.index, t.j};
        KeyItem& best = items[t.pos];
        if (best.j == std::numeric_limits<uint32_t>::max() || is_better(cand, best)) best = cand;
      }
    };
    const bool any_weighted =
        std::any_of(weighted.begin(), weighted.end(), [](char w) { return w; });
    ForChunks(n, threads, [&](size_t c, size_t begin, size_t end) {
      UnweightedKeys(kernel, tickets.stream_start(), input_.pool, rank, weighted, counts[c], items,
                     begin, end);
      if (!any_weighted) return;
      TicketSource source{input_.pool, rank, weighted, counts[c], items, better,
                          begin,       end,  0,        0,         {}};
      Sha256Stream(kernel, tickets.stream_start(), source);
    });
  }

  result.strata.reserve(groups_.size());
  for (const Group& g : groups_) {
    const StratumSpec& spec = input_.strata[g.spec];
    KeyItem* first = items + g.begin;
    const size_t size = g.end - g.begin;
    const size_t rest = size - spec.take;
    const size_t wanted = spec.take + std::min(rest, reveal_options.reserve_limit);
    if (wanted < size / 8) {
      // Partial: only the first `wanted` need an order.
      std::nth_element(first, first + wanted, first + size, draw_order);
      std::sort(first, first + wanted, draw_order);
    } else {
      ParallelSortByKey(
          first, size, scratch, threads, [](const KeyItem& x) { return Key128{x.prefix}; },
          tie_order, KeySpread::kDense);
    }
    StratumOutcome out;
    out.name = spec.name;
    out.take = spec.take;
    out.weighted = spec.weighted;
    out.order.resize(wanted);
    ParallelFor(wanted, threads, [&](size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) out.order[i] = first[i].index;
    });
    out.selected_keys.resize(spec.take);
    ParallelFor(
        spec.take, threads,
        [&](size_t begin, size_t end) {
          for (size_t i = begin; i < end; ++i) {
            if (i + kRecordsAhead < end) PrefetchId(input_.pool[first[i + kRecordsAhead].index]);
            out.selected_keys[i] = key_text(first[i]);
          }
        },
        4096);
    result.strata.push_back(std::move(out));
  }

  Sha256Hasher h;
  h.UpdateLengthPrefixed("SJ-DRAW-1/result")
      .UpdateLengthPrefixed(plan_.plan_hash)
      .UpdateLengthPrefixed(result.seed.randomness)
      .UpdateLengthPrefixed(secret_)
      .UpdateU32(static_cast<uint32_t>(result.strata.size()));
  for (const StratumOutcome& s : result.strata) {
    h.UpdateLengthPrefixed(s.name).UpdateU32(s.take);
    for (uint32_t i = 0; i < s.take; ++i) {
      if (i + kRecordsAhead < s.take) PrefetchId(input_.pool[s.order[i + kRecordsAhead]]);
      h.UpdateLengthPrefixed(input_.pool[s.order[i]].id).UpdateLengthPrefixed(s.selected_keys[i]);
    }
  }
  result.result_hash = h.Finish();
  return result;
}

}  // namespace suiji::draw
