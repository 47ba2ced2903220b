// Helpers shared by the draw service's files (draw_service*.cc): not part of its interface.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/draw/bundle.h"
#include "core/draw/inspector_assignment.h"
#include "core/draw/target_draw.h"
#include "service/draw_service.h"

namespace suiji::service::draw_detail {

Status NotFoundDraw(const std::string& no);

// At most this many public random sources per draw: a ceremony has a handful of witnesses'
// values, and every declared source must be entered before the reveal.
inline constexpr size_t kMaxDrawSources = 20;

// The platform's text rules (core/text.h) on what a draw declares: its title and source names.
Status ValidateTitleAndSources(const std::string& title,
                               const std::vector<std::string>& source_names);
Status ValidateSourceValueText(const std::string& value);
nlohmann::ordered_json StrataJson(const std::vector<draw::StratumSpec>& strata);

// Walking a large pool in an order other than its own (canonical or draw order) misses the cache
// twice per record: the record, then its id text. Call with each position `i` of `ids` before
// using pool[ids[i]]: prefetches the record a few ids ahead and its text half as far.
// always_inline: GCC 12 judges a function whose only effect is __builtin_prefetch to have none
// and drops the call before it would inline it (no prefetch instruction was left at all).
[[gnu::always_inline]] inline void PrefetchPoolRecord(const draw::Pool& pool,
                                                      std::span<const uint32_t> ids, size_t i) {
  constexpr size_t kAhead = 16;
  if (i + 2 * kAhead < ids.size()) __builtin_prefetch(&pool[ids[i + 2 * kAhead]]);
  if (i + kAhead < ids.size()) __builtin_prefetch(pool[ids[i + kAhead]].id.data());
}

// A target draw's strata as its stored spec declares them.
StatusOr<std::vector<draw::StratumSpec>> SpecStrata(const DrawView& v);
// Loads the committed input of a stored draw.
// The stored pool, in stored order; `canonical`: in (stratum, id) byte order, as a bundle lists
// it — what InsertDrawPool writes, so sorted here only for a pool converted by migration 0019
// out of that order (the engine needs no order). `target_ids`, when given: the target id stored
// with each record, by the pool's index — left empty when the pool does not carry one for every
// record, and not to be asked for together with `canonical` (a sort would not move them).
StatusOr<draw::TargetDrawInput> LoadTargetInput(store::Connection& c, const DrawView& v,
                                                bool canonical = false,
                                                std::vector<int64_t>* target_ids = nullptr);
StatusOr<draw::AssignDrawInput> LoadAssignInput(store::Connection& c, const DrawView& v);
std::vector<std::string> EnteredValues(const DrawView& v);

// A target draw's stored outputs read back into the lists a bundle holds, when the text is
// exactly the JSON reveals wrote before session 17 ({"reserve":{stratum:[ids]},"selected":{…}},
// no escape in any string: every draw whose ids and strata have none) — without a JSON parser,
// which took 0.4 s of a 1M-candidate bundle. nullopt for any other text, which the caller parses
// as JSON.
struct PlainTargetOutputs {
  draw::HeldIdLists reserve, selected;
};
std::optional<PlainTargetOutputs> ReadPlainTargetOutputs(std::string_view text);

// A target draw's outputs as the reveal stores them since session 17: not the ids (~21 bytes
// each, 21 MB at 1M candidates) but their positions in the committed pool's canonical order — the
// order the stored pool and the bundle list it in. After the header, one line per stratum in
// byte order of the names: the name (`\`, TAB and LF escaped as in the pool chunks), TAB, how
// many are selected, TAB, the positions of the stratum's whole order (selected first, then the
// reserve list) in decimal separated by ',', LF. `canonical`: the draw's pool indexes in
// canonical order (TargetDraw::canonical()).
inline constexpr std::string_view kTargetOutputsPositions = "positions 1\n";
std::string TargetOutputsPositionsText(const draw::TargetDrawResult& result,
                                       std::span<const uint32_t> canonical);
// That text read back into the lists a bundle holds, the ids taken from the pool's ids in
// canonical order (`pool_ids`). nullopt when `text` is not in this form (older draws: JSON);
// Internal when it is and does not read.
StatusOr<std::optional<PlainTargetOutputs>> ReadTargetOutputsPositions(
    std::string_view text, std::span<const std::string_view> pool_ids);

// Replays approved replacements (plus an optional new one) with the engine; returns the `in`
// of the last one applied.
struct ReplayResult {
  std::optional<std::string> last_in;
  DrawOutcome outcome;
};
StatusOr<ReplayResult> Replay(
    store::Connection& c, const DrawView& v, const std::string& secret,
    const std::vector<draw::DrawReplacementRecord>& approved,
    const std::optional<std::pair<std::optional<std::string>, std::string>>& extra);
std::vector<draw::DrawReplacementRecord> Approved(const DrawView& v);

}  // namespace suiji::service::draw_detail
