#include "core/draw/draw_state.h"

namespace suiji::draw {

std::string_view DrawKindName(DrawKind k) {
  switch (k) {
    case DrawKind::kTargets: return "targets";
    case DrawKind::kAssign: return "assign";
  }
  return "";
}

std::optional<DrawKind> ParseDrawKind(std::string_view name) {
  for (DrawKind k : {DrawKind::kTargets, DrawKind::kAssign})
    if (DrawKindName(k) == name) return k;
  return std::nullopt;
}

std::string_view DrawStatusName(DrawStatus s) {
  switch (s) {
    case DrawStatus::kCommitted: return "committed";
    case DrawStatus::kRevealed: return "revealed";
  }
  return "";
}

std::optional<DrawStatus> ParseDrawStatus(std::string_view name) {
  for (DrawStatus s : {DrawStatus::kCommitted, DrawStatus::kRevealed})
    if (DrawStatusName(s) == name) return s;
  return std::nullopt;
}

std::string_view ReplacementStatusName(ReplacementStatus s) {
  switch (s) {
    case ReplacementStatus::kPending: return "pending";
    case ReplacementStatus::kApproved: return "approved";
    case ReplacementStatus::kRejected: return "rejected";
  }
  return "";
}

std::optional<ReplacementStatus> ParseReplacementStatus(std::string_view name) {
  for (ReplacementStatus s :
       {ReplacementStatus::kPending, ReplacementStatus::kApproved, ReplacementStatus::kRejected})
    if (ReplacementStatusName(s) == name) return s;
  return std::nullopt;
}

}  // namespace suiji::draw
