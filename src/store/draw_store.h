// Stored draws: the draw record, its pool / eligibility snapshot, witnesses, source values
// and replacements (migration 0003). Kinds and states leave the store as core/draw/draw_state.h
// enums; the columns hold their names (CHECK constraints of 0003 keep them valid).
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/draw/draw_state.h"
#include "core/draw/records.h"
#include "core/status.h"
#include "store/database.h"

namespace suiji::store {

// The stored records are core values (core/draw/records.h); the store reads and writes them.
using DrawRow = draw::DrawRecord;
using DrawWitnessRow = draw::DrawWitnessRecord;
using DrawReplacementRow = draw::DrawReplacementRecord;

struct DrawSourceValueRow {
  int64_t position = 0;
  std::string value;
  std::string entered_at;
  std::optional<int64_t> entered_by;
};

StatusOr<int64_t> InsertDraw(Connection& c, const DrawRow& d);
StatusOr<std::optional<DrawRow>> FindDrawByNo(Connection& c, std::string_view draw_no);
StatusOr<std::optional<DrawRow>> FindDrawById(Connection& c, int64_t id);
// The draws rows above leave `outputs` unset (a revealed 1M-candidate draw's outputs are ~7 MB —
// tens of MB for draws revealed before session 17 — and only its bundle reads them): this reads
// them; nullopt before the reveal.
StatusOr<std::optional<std::string>> FindDrawOutputs(Connection& c, int64_t draw_id);
// Newest first; department filter optional. `within_departments` is the reader's scope (only
// draws of these departments; nullopt: any), applied before limit and offset.
StatusOr<std::vector<DrawRow>> ListDraws(
    Connection& c, std::optional<int64_t> department_id, int limit, int offset,
    bool published_only = false,
    const std::optional<std::vector<int64_t>>& within_departments = std::nullopt);
// Draws committed and not yet revealed (their ceremony is under way), oldest first, at most
// `limit`; `within_departments` as in ListDraws.
StatusOr<std::vector<DrawRow>> ListUnrevealedDraws(
    Connection& c, const std::optional<std::vector<int64_t>>& within_departments, int limit);
// How many draw numbers start with `prefix` (to number the next one).
StatusOr<int64_t> CountDrawNumbers(Connection& c, std::string_view prefix);
Status SetDrawCommitAuditSeq(Connection& c, int64_t draw_id, int64_t seq);
// Locks in the reveal, with its audit entry's seq (one write of the row: it holds the outputs,
// ~7 MB at 1M candidates); refuses (DRAW_ALREADY_REVEALED) when the row is no longer
// 'committed'.
Status MarkDrawRevealed(Connection& c, const DrawRow& revealed);
Status SetDrawPublished(Connection& c, int64_t draw_id);

// A target draw's committed pool (migration 0019: chunks of up to kPoolChunkEntries candidates
// of one stratum, docs/adr/0012-draw-pool-chunks.md). One entry: a candidate of a stratum, its
// weight and — for a task's draw — the id of the directory row (targets.id) the candidate was
// when the pool was committed; 0 where the pool carries none (a draw that is not a task's, or one
// committed before the ids were kept). The id is bookkeeping, not part of the commitment: the
// reveal locks the rows the draw was committed over, whatever their key has become since.
struct PoolEntry {
  std::string_view stratum;
  std::string_view candidate;
  uint32_t weight = 1;
  int64_t target_id = 0;
};
// `next` fills the entries in (stratum, candidate) byte order, each candidate once (the engine's
// canonical order: TargetDraw::canonical()); the views must stay valid until the next call.
// Internal when the order is not kept (nothing is written then: the caller's transaction rolls
// back).
inline constexpr size_t kPoolChunkEntries = 4096;
Status InsertDrawPool(Connection& c, int64_t draw_id, const std::function<bool(PoolEntry&)>& next);
// Calls `on_row` for every entry in the stored order (the views valid during the call) and
// returns whether that order was (stratum, candidate) byte order, each candidate once — as
// InsertDrawPool writes it; a pool converted by migration 0019 may not be (an engine may have
// concatenated a chunk's lines otherwise), and a caller that needs the canonical order (a
// bundle's pool) sorts then. DataLoss (DRAW_POOL_UNREADABLE) when a chunk's text is not what
// InsertDrawPool writes.
StatusOr<bool> ScanDrawPool(Connection& c, int64_t draw_id,
                            const std::function<void(const PoolEntry&)>& on_row);
// An assignment draw's eligibility lists: one row per task, its people's ids (sorted bytewise)
// joined by '#' in the `inspector` column — ids never contain '#' (DRAW-SPEC §1), so
// the text splits back unambiguously; an empty list is "". A list equal to that of a task before
// it (in byte order) is stored as "#" + that task: the objects of one street share their list, so
// a 2,000-target draw over 400 people writes kilobytes, not 11 MB. A row per (task, person), as
// draws committed before stored them, made that draw 800,000 rows to write at the commit and read
// back at the reveal. The lists are views of the caller's (hundreds of thousands of ids).
struct DrawEligibilityList {
  std::string_view task;
  const std::vector<std::string>* people = nullptr;
};
Status InsertDrawEligibility(Connection& c, int64_t draw_id,
                             const std::vector<DrawEligibilityList>& lists);
// Each task once, in bytewise task order, its people in bytewise order (both storage forms: a row
// per task, or a row per person of a task).
Status ScanDrawEligibility(
    Connection& c, int64_t draw_id,
    const std::function<void(std::string task, std::vector<std::string> people)>& on_task);
// Which published draws a candidate was in (newest first, paged): lets an enterprise find the
// draws that concern it.
StatusOr<std::vector<int64_t>> DrawsWithCandidate(Connection& c, std::string_view candidate,
                                                  int limit, int offset);

StatusOr<int64_t> InsertDrawWitness(Connection& c, int64_t draw_id, const DrawWitnessRow& w,
                                    std::optional<int64_t> recorded_by);
StatusOr<std::vector<DrawWitnessRow>> ListDrawWitnesses(Connection& c, int64_t draw_id);

// AlreadyExists (DRAW_SOURCE_VALUE_SET) when that position already has a value.
Status InsertDrawSourceValue(Connection& c, int64_t draw_id, const DrawSourceValueRow& v);
StatusOr<std::vector<DrawSourceValueRow>> ListDrawSourceValues(Connection& c, int64_t draw_id);

StatusOr<int64_t> InsertDrawReplacement(Connection& c, int64_t draw_id,
                                        const DrawReplacementRow& r);
StatusOr<std::vector<DrawReplacementRow>> ListDrawReplacements(Connection& c, int64_t draw_id);
// Refuses (DRAW_REPLACEMENT_DECIDED) a replacement that is no longer pending.
Status DecideDrawReplacement(Connection& c, int64_t draw_id, const DrawReplacementRow& decided);

}  // namespace suiji::store
