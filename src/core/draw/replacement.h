// Replacements after a revealed draw (DRAW-SPEC §6). A revealed draw is immutable — there is
// no 重新抽取 — but a target found out of scope (注销, 迁出, 无法联系 …) or an inspector who must
// recuse (回避) is replaced, deterministically, so anyone can check the replacement too:
//   - a target by the next unused id of its stratum's reserve list;
//   - an inspector by continuing that task's walk with current loads.
// Each replacement is its own approved, logged record; these classes compute only its result.
// Replacements apply in sequence: each one sees the state the previous ones left.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/draw/inspector_assignment.h"
#include "core/draw/target_draw.h"
#include "core/status.h"

namespace suiji::draw {

inline constexpr char kReasonReplaceNotInDraw[] = "DRAW_REPLACE_NOT_IN_DRAW";
inline constexpr char kReasonReplaceUnknownTask[] = "DRAW_REPLACE_UNKNOWN_TASK";
inline constexpr char kReasonReplaceNotInTeam[] = "DRAW_REPLACE_NOT_IN_TEAM";

class TargetReplacer {
 public:
  // `draw` and `result` (revealed with complete reserve lists) must outlive the replacer.
  TargetReplacer(const TargetDraw& draw, const TargetDrawResult& result);

  // Replaces `out` — a selected target, or one brought in by an earlier replacement, not yet
  // replaced itself — by the next unused id of its stratum's reserve list. Returns that id, or
  // nullopt when the reserve list is used up (the stratum then has one target fewer).
  // NotFound-like refusals are InvalidArgument kReasonReplaceNotInDraw.
  StatusOr<std::optional<std::string>> Replace(std::string_view out);

 private:
  const TargetDraw& draw_;
  const TargetDrawResult& result_;
  std::unordered_map<std::string, size_t> active_;  // id in the draw -> stratum position
  std::vector<size_t> used_;                        // reserve entries used, per stratum
};

class InspectorReplacer {
 public:
  // Starts from the teams and loads of `result`; `cap` is the draw's cap.
  InspectorReplacer(const AssignResult& result, uint32_t cap);

  // Removes `out` from `task`'s team and continues that task's walk from where the draw (or
  // the previous replacement) left it, taking the first inspector whose current load is below
  // cap. Returns that inspector, or nullopt when the walk is exhausted (the task is then
  // unfilled). Refuses an unknown task or an inspector not in the task's current team.
  StatusOr<std::optional<std::string>> Replace(std::string_view task, std::string_view out);

  const std::vector<TaskTeam>& teams() const { return teams_; }

 private:
  uint32_t cap_;
  std::vector<TaskTeam> teams_;
  std::unordered_map<std::string, size_t> task_index_;
  std::unordered_map<std::string, uint32_t> load_;
};

}  // namespace suiji::draw
