#include "core/draw/target_draw.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <mutex>
#include <numeric>
#include <unordered_map>

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
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) {
    v <<= 8;
    if (offset + i < s.size()) v |= static_cast<unsigned char>(s[offset + i]);
  }
  return v;
}

// A candidate's place in the canonical id sort.
struct IdSortItem {
  uint64_t hi;
  uint64_t lo;
  uint32_t index;
};

// A candidate's place in its stratum's draw order: its key is the ticket of label
// WeightedLabel(id, j), of which `prefix` holds the first 19 digits.
struct KeyItem {
  uint64_t prefix;
  uint32_t index;
  uint32_t j;
};

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

// 0x00 || lp("SJ-DRAW-1/cand") || lp(stratum) || lp(id) || u32(weight): the RFC 6962 leaf
// prefix and the DRAW-SPEC §4 leaf, without temporary strings.
void AppendLeaf(std::string& buf, const PoolRecord& rec) {
  auto u32 = [&](uint32_t v) {
    const char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                       static_cast<char>(v >> 8), static_cast<char>(v)};
    buf.append(b, 4);
  };
  static constexpr std::string_view kTag = "SJ-DRAW-1/cand";
  buf.push_back('\0');
  u32(kTag.size());
  buf.append(kTag);
  u32(static_cast<uint32_t>(rec.stratum.size()));
  buf.append(rec.stratum);
  u32(static_cast<uint32_t>(rec.id.size()));
  buf.append(rec.id);
  u32(rec.weight);
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

  // Pool records, in listed order. Checked in parallel chunks; the error reported is the one
  // of the earliest record, as a sequential scan would find it.
  const size_t n = input.pool.size();
  std::vector<uint32_t> rank(n);
  std::vector<std::pair<size_t, Status>> chunk_errors;
  std::mutex errors_mu;
  ParallelFor(n, threads, [&](size_t begin, size_t end) {
    std::string_view last_name;
    uint32_t last_rank = 0;
    bool have_last = false;
    for (size_t i = begin; i < end; ++i) {
      const PoolRecord& rec = input.pool[i];
      Status s = ValidateId(rec.id, IdKind::kTarget);
      if (s.ok() && rec.weight < 1) {
        s = InvalidArgument(kReasonWeightInvalid,
                            "检查对象" + Quote(rec.id) + "的权重必须是不小于 1 的整数");
      }
      if (s.ok() && !(have_last && rec.stratum == last_name)) {
        // Pools usually arrive grouped by stratum: the cache avoids most map lookups.
        const auto it = spec_by_name.find(rec.stratum);
        if (it == spec_by_name.end()) {
          s = IsValidUtf8(rec.stratum)
                  ? InvalidArgument(
                        kReasonStratumUndeclared,
                        "检查对象" + Quote(rec.id) + "所属的分层" + Quote(rec.stratum) + "未声明")
                  : InvalidArgument(kReasonInvalidUtf8, "分层名称不是有效的 UTF-8 文本");
        } else {
          last_name = rec.stratum;
          last_rank = rank_of_spec[it->second];
          have_last = true;
        }
      }
      if (!s.ok()) {
        std::lock_guard lock(errors_mu);
        chunk_errors.emplace_back(i, std::move(s));
        return;
      }
      rank[i] = last_rank;
    }
  });
  if (!chunk_errors.empty()) {
    return std::min_element(chunk_errors.begin(), chunk_errors.end(),
                            [](const auto& a, const auto& b) { return a.first < b.first; })
        ->second;
  }

  // Canonical order. Sort every id once (16-byte big-endian prefixes, radix, exact tie-break):
  // duplicates become neighbours wherever their strata are, and a stable pass by stratum
  // then yields the (stratum, id) order of the Merkle leaves.
  std::vector<IdSortItem> ids(n);
  ParallelFor(n, threads, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      const std::string& id = input.pool[i].id;
      ids[i] = {LoadPrefix(id, 0), LoadPrefix(id, 8), static_cast<uint32_t>(i)};
    }
  });
  {
    std::vector<IdSortItem> scratch;
    RadixSortBy64(ids.data(), n, scratch, [](const IdSortItem& x) { return x.lo; });
    RadixSortBy64(ids.data(), n, scratch, [](const IdSortItem& x) { return x.hi; });
  }
  // Only ids whose first 16 bytes agree need their full text compared, for order and for
  // duplicates; scanning runs in sorted order finds the smallest duplicated id first.
  for (size_t a = 0; a < n;) {
    size_t b = a + 1;
    while (b < n && ids[b].hi == ids[a].hi && ids[b].lo == ids[a].lo) ++b;
    if (b - a > 1) {
      auto id_of = [&](const IdSortItem& x) -> const std::string& {
        return input.pool[x.index].id;
      };
      std::sort(ids.begin() + a, ids.begin() + b,
                [&](const IdSortItem& x, const IdSortItem& y) { return id_of(x) < id_of(y); });
      for (size_t i = a + 1; i < b; ++i) {
        if (id_of(ids[i]) == id_of(ids[i - 1])) {
          return InvalidArgument(kReasonDuplicateId,
                                 "检查对象标识" + Quote(id_of(ids[i])) + "重复");
        }
      }
    }
    a = b;
  }

  TargetDraw draw;
  draw.groups_.resize(by_name.size());
  {
    std::vector<size_t> count(by_name.size() + 1, 0);
    for (size_t i = 0; i < n; ++i) ++count[rank[i] + 1];
    for (size_t r = 0; r < by_name.size(); ++r) {
      count[r + 1] += count[r];
      draw.groups_[r] = {by_name[r], count[r], count[r + 1]};
    }
    draw.canonical_.resize(n);
    for (const IdSortItem& item : ids) draw.canonical_[count[rank[item.index]]++] = item.index;
  }
  ids = {};

  for (const Group& g : draw.groups_) {
    const StratumSpec& spec = input.strata[g.spec];
    if (spec.take > g.end - g.begin) {
      return InvalidArgument(kReasonTakeExceedsStratum,
                             "分层" + Quote(spec.name) + "的抽取数（" + std::to_string(spec.take) +
                                 "）大于该层检查对象数（" + std::to_string(g.end - g.begin) + "）");
    }
  }

  // pool_root over leaves lp("SJ-DRAW-1/cand") || lp(stratum) || lp(id) || u32(weight), hashed
  // in pool order — sequential memory; the canonical order visits the records at random — and
  // each written straight to its canonical place (one array of digests, not a second one to
  // gather from: at 10M candidates that is 320 MB less at the peak).
  std::vector<uint32_t> place(n);
  for (size_t p = 0; p < n; ++p) place[draw.canonical_[p]] = static_cast<uint32_t>(p);
  std::vector<Digest> leaves(n);
  ParallelFor(n, threads, [&](size_t begin, size_t end) {
    std::string buf;
    for (size_t i = begin; i < end; ++i) {
      const PoolRecord& rec = input.pool[i];
      buf.clear();
      AppendLeaf(buf, rec);
      leaves[place[i]] = Sha256Of(buf);
    }
  });
  place = {};
  const Digest root = MerkleRootFromLeafHashes(std::move(leaves), threads);

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
  draw.rank_ = std::move(rank);
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

  auto key_text = [&](const KeyItem& item) {
    char buf[kLabelBuffer];
    return tickets.Text(LabelInto(buf, input_.pool[item.index].id, item.j));
  };
  // (key, id): prefixes first; the full ticket text only when the prefixes tie.
  auto draw_order = [&](const KeyItem& a, const KeyItem& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    const int c = key_text(a).compare(key_text(b));
    if (c != 0) return c < 0;
    return input_.pool[a.index].id < input_.pool[b.index].id;
  };

  // Keys for every candidate, in pool order (sequential memory), then grouped by stratum with
  // a stable counting pass.
  const size_t n = canonical_.size();
  std::vector<KeyItem> keyed(n);
  ParallelFor(n, threads, [&](size_t begin, size_t end) {
    char buf[kLabelBuffer];
    for (size_t i = begin; i < end; ++i) {
      const PoolRecord& rec = input_.pool[i];
      KeyItem best{tickets.Prefix(rec.id), static_cast<uint32_t>(i), 0};
      if (input_.strata[groups_[rank_[i]].spec].weighted) {
        // key = the smallest of `weight` independent tickets (exact successive sampling
        // proportional to weight).
        for (uint32_t j = 1; j < rec.weight; ++j) {
          const KeyItem cand{tickets.Prefix(LabelInto(buf, rec.id, j)), best.index, j};
          if (cand.prefix < best.prefix ||
              (cand.prefix == best.prefix && key_text(cand) < key_text(best))) {
            best = cand;
          }
        }
      }
      keyed[i] = best;
    }
  });
  std::vector<KeyItem> items(n);
  {
    std::vector<size_t> next(groups_.size());
    for (size_t g = 0; g < groups_.size(); ++g) next[g] = groups_[g].begin;
    for (size_t i = 0; i < n; ++i) items[next[rank_[i]]++] = keyed[i];
  }
  keyed = {};

  std::vector<KeyItem> scratch;
  result.strata.reserve(groups_.size());
  for (const Group& g : groups_) {
    const StratumSpec& spec = input_.strata[g.spec];
    KeyItem* first = items.data() + g.begin;
    const size_t size = g.end - g.begin;
    const size_t rest = size - spec.take;
    const size_t wanted = spec.take + std::min(rest, reveal_options.reserve_limit);
    if (wanted < size / 8) {
      // Partial: only the first `wanted` need an order.
      std::nth_element(first, first + wanted, first + size, draw_order);
      std::sort(first, first + wanted, draw_order);
    } else {
      RadixSortBy64(first, size, scratch, [](const KeyItem& x) { return x.prefix; });
      for (size_t a = 0; a < size;) {
        size_t b = a + 1;
        while (b < size && first[b].prefix == first[a].prefix) ++b;
        if (b - a > 1) std::sort(first + a, first + b, draw_order);
        a = b;
      }
    }
    StratumOutcome out;
    out.name = spec.name;
    out.take = spec.take;
    out.weighted = spec.weighted;
    out.order.resize(wanted);
    for (size_t i = 0; i < wanted; ++i) out.order[i] = first[i].index;
    out.selected_keys.resize(spec.take);
    ParallelFor(
        spec.take, threads,
        [&](size_t begin, size_t end) {
          for (size_t i = begin; i < end; ++i) out.selected_keys[i] = key_text(first[i]);
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
      h.UpdateLengthPrefixed(input_.pool[s.order[i]].id).UpdateLengthPrefixed(s.selected_keys[i]);
    }
  }
  result.result_hash = h.Finish();
  return result;
}

}  // namespace suiji::draw
