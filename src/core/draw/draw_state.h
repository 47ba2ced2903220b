// A stored draw's kind and state, and a replacement's state, as typed values with the one
// mapping to the text the store, the bundle and the API use (DRAW-SPEC §6, §7). Pure domain.
#pragma once

#include <optional>
#include <string_view>

namespace suiji::draw {

// A target draw (检查对象, SJ-DRAW-1 targets) or an assignment draw (检查人员 / 专家, assign).
enum class DrawKind { kTargets, kAssign };
std::string_view DrawKindName(DrawKind k);  // "targets" | "assign"
std::optional<DrawKind> ParseDrawKind(std::string_view name);

// Committed (snapshot and commitment fixed, nothing drawn) → revealed (exactly once).
enum class DrawStatus { kCommitted, kRevealed };
std::string_view DrawStatusName(DrawStatus s);  // "committed" | "revealed"
std::optional<DrawStatus> ParseDrawStatus(std::string_view name);

// A replacement request: pending until an approver other than the requester decides.
enum class ReplacementStatus { kPending, kApproved, kRejected };
std::string_view ReplacementStatusName(ReplacementStatus s);  // "pending" | "approved" | "rejected"
std::optional<ReplacementStatus> ParseReplacementStatus(std::string_view name);

}  // namespace suiji::draw
