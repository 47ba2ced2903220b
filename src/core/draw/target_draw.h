// The target draw (DRAW-SPEC §4, kind "targets"): which enterprises get inspected.
//
// Two steps, as the platform runs them:
//   1. TargetDraw::Prepare(input, secret) validates the pool and computes the plan (pool_root,
//      params, sources_decl, commit, plan_hash). The plan is stored and announced; nothing is
//      drawn yet. Preparing again from the same input and secret yields the same plan, so the
//      reveal step may re-prepare from storage and compare plan_hash with the stored one.
//   2. TargetDraw::Reveal(values) takes the public source values (unknowable at commit time)
//      and draws: per stratum, candidates in (key, id) order; the first `take` are selected,
//      the rest is the stratum's reserve list (备选顺序).
//
// Pure computation (no I/O, clock or OS randomness); uses DrawOptions::threads worker threads
// and returns the same result for any thread count.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "core/draw/buffer.h"
#include "core/draw/commitment.h"
#include "core/draw/pool.h"
#include "core/status.h"

namespace suiji::draw {

inline constexpr char kReasonStratumDuplicate[] = "DRAW_STRATUM_DUPLICATE";
inline constexpr char kReasonStratumUndeclared[] = "DRAW_STRATUM_UNDECLARED";
inline constexpr char kReasonTakeExceedsStratum[] = "DRAW_TAKE_EXCEEDS_STRATUM";
inline constexpr char kReasonDuplicateId[] = "DRAW_DUPLICATE_ID";
inline constexpr char kReasonWeightInvalid[] = "DRAW_WEIGHT_INVALID";

struct StratumSpec {
  std::string name;
  uint32_t take = 0;  // may equal the stratum size (重点对象/问题对象: 100%)
  bool weighted = false;
};

struct TargetDrawInput {
  std::string draw_id;
  std::vector<std::string> source_names;  // declared order; values come at reveal
  std::vector<StratumSpec> strata;
  Pool pool;  // each record's stratum names one of `strata` (pool.h)
};

// One stratum's outcome, in the draw's (key, id) order.
struct StratumOutcome {
  std::string name;
  uint32_t take = 0;
  bool weighted = false;
  // Indices into TargetDrawInput::pool. [0, take) are selected; the rest is the reserve list,
  // complete unless RevealOptions::reserve_limit cut it short.
  std::vector<uint32_t> order;
  // The keys (ticket text, DRAW-SPEC §4) of the selected candidates; they enter result_hash.
  std::vector<std::string> selected_keys;

  std::span<const uint32_t> selected() const { return {order.data(), take}; }
  std::span<const uint32_t> reserve() const { return {order.data() + take, order.size() - take}; }
};

struct TargetDrawResult {
  DrawSeed seed;
  std::vector<StratumOutcome> strata;  // in name order
  std::string result_hash;             // raw 32 bytes
};

struct RevealOptions {
  // How many reserve ids to put in order per stratum. The published bundle needs all of them;
  // a caller that only needs the selection (or the first few replacements) can skip ordering
  // the tail of a large stratum. Never changes the selection or result_hash.
  size_t reserve_limit = std::numeric_limits<size_t>::max();
};

class TargetDraw {
 public:
  // Validates and computes the plan. Refuses (InvalidArgument, reasons above and in
  // commitment.h, Chinese message naming the id or stratum) in this order: secret not 32
  // bytes; draw_id not UTF-8; no source or an empty source name; a stratum declared twice
  // (its second listing); pool records in listed order — id empty / over 64 bytes / with '#',
  // weight < 1, undeclared stratum; a duplicate id (the bytewise smallest); a take larger
  // than its stratum (strata in name order).
  static StatusOr<TargetDraw> Prepare(TargetDrawInput input, std::string secret,
                                      DrawOptions options = {});

  const TargetDrawInput& input() const { return input_; }
  // The input back, pool and all, without a copy (a caller that moved a large pool in and may
  // need it again, e.g. for a retried transaction). The draw is spent: use nothing else after.
  TargetDrawInput TakeInput() && { return std::move(input_); }
  const DrawPlan& plan() const { return plan_; }
  // Indices into input().pool in (stratum, id) byte order: the order of the Merkle leaves, and
  // of a stored or published pool.
  std::span<const uint32_t> canonical() const {
    return {canonical_->As<uint32_t>(), input_.pool.size()};
  }

  // Draws with the source values, in declared order. Refuses a count that differs from the
  // declaration or an empty value. Thread-safe.
  StatusOr<TargetDrawResult> Reveal(const std::vector<std::string>& source_values,
                                    const RevealOptions& reveal_options = {}) const;

 private:
  struct Group {
    uint32_t spec;  // index into input_.strata
    size_t begin;
    size_t end;
  };

  TargetDraw() = default;

  TargetDrawInput input_;
  std::string secret_;
  DrawOptions options_;
  DrawPlan plan_;
  // Prepare's scratch memory, mapped already, handed to the first Reveal (buffer.h).
  struct Spare {
    std::mutex mu;
    HugeBuffer workspace;
  };

  // Strata in name order; [begin, end) is the stratum's range in the canonical (stratum, id)
  // order of the Merkle leaves, and in Reveal's array of keys.
  std::vector<Group> groups_;
  // Pool indices (uint32_t) in (stratum, id) order: the Merkle leaves (canonical()). Shared
  // by copies.
  std::shared_ptr<const HugeBuffer> canonical_;
  // Per pool record (uint32_t): its stratum's position in groups_. Shared by copies.
  std::shared_ptr<const HugeBuffer> rank_;
  std::shared_ptr<Spare> spare_;
};

// "id" for j == 0, "id#j" otherwise: the ticket labels of a weighted candidate (DRAW-SPEC §4).
std::string WeightedLabel(std::string_view id, uint32_t j);

}  // namespace suiji::draw
