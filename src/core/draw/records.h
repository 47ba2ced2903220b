// The stored records of a draw, as plain values: what the store reads and writes
// (store/draw_store.h names them DrawRow, DrawWitnessRow, DrawReplacementRow) and what
// DrawService hands up in a DrawView. Kinds and states are core/draw/draw_state.h enums; the spec
// is parsed JSON and the source names a vector (store/json_columns.h does the encoding).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/draw/draw_state.h"

namespace suiji::draw {

struct DrawRecord {
  int64_t id = 0;
  std::string draw_no;
  draw::DrawKind kind = draw::DrawKind::kTargets;
  std::string title;
  int64_t department_id = 0;
  std::optional<int64_t> parent_draw_id;
  draw::DrawStatus status = draw::DrawStatus::kCommitted;
  bool confidential = false;
  bool published = false;
  std::vector<std::string> source_names;  // by position (stored as a JSON array)
  nlohmann::json spec;  // {strata} of a target draw; {per_task, cap} of an assignment draw
  int64_t pool_size = 0;
  std::string secret_sealed;  // bytes
  std::optional<std::string> secret;
  std::string root, sources_decl, commit_hash, plan_hash;
  std::string committed_at;
  std::optional<int64_t> committed_by;
  std::optional<int64_t> commit_audit_seq;
  std::optional<std::string> revealed_at;
  std::optional<int64_t> revealed_by;
  std::optional<int64_t> reveal_audit_seq;
  std::optional<std::string> randomness, seed, result_hash, outputs, signature, key_id;
};

struct DrawWitnessRecord {
  int64_t seq = 0;
  std::string name;
  std::string organisation;
  std::optional<int64_t> user_id;
  std::string recorded_at;
};

struct DrawReplacementRecord {
  int64_t seq = 0;
  std::optional<std::string> task;
  std::string out_id;
  std::optional<std::string> in_id;
  std::string reason;
  std::string note;
  draw::ReplacementStatus status = draw::ReplacementStatus::kPending;
  std::string requested_at;
  std::optional<int64_t> requested_by;
  std::optional<std::string> decided_at;
  std::optional<int64_t> decided_by;
  std::optional<std::string> decision_note;
};

}  // namespace suiji::draw
