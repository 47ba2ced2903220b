// Plans (SPEC §PLAN): a department's annual (or half-year) random-inspection plan, broken into
// batches with time windows, items and a target scope. Pure domain: states, transitions,
// validation, canonical JSON.
//
// States: 草稿 → 待审核 → 已批准 → 已公示 → 执行中 → 已完成. 待审核 may go back to 草稿 (退回).
// An approved, published or executing plan changes only by adjustment: a new version (草稿)
// with a reason, approved like the first; when it is approved the old version becomes 已调整
// (seed 000: 不得随意增加或减少检查次数 — every change is reasoned, approved and kept).
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/registers/fields.h"
#include "core/registers/target_filter.h"
#include "core/status.h"
#include "core/time.h"

namespace suiji::plans {

enum class PlanStatus {
  kDraft,
  kSubmitted,
  kApproved,
  kPublished,
  kExecuting,
  kCompleted,
  kSuperseded
};

std::string_view PlanStatusName(PlanStatus s);         // "draft" …
std::string_view PlanStatusDisplayName(PlanStatus s);  // "草稿" …
std::optional<PlanStatus> ParsePlanStatus(std::string_view name);

enum class PlanAction { kSubmit, kReturn, kApprove, kPublish, kStart, kComplete };
std::string_view PlanActionDisplayName(PlanAction a);  // "提交审核" …

// The state after `action`, or FailedPrecondition PLAN_STATE_INVALID naming both in Chinese.
StatusOr<PlanStatus> NextPlanStatus(PlanStatus from, PlanAction action);

inline constexpr std::string_view kTaskTypeDirected = "定向";      // a defined set of objects
inline constexpr std::string_view kTaskTypeUndirected = "不定向";  // the whole directory

// One batch (批次): a window within the plan year, the items to inspect and which targets.
struct Batch {
  int seq = 0;       // 1-based, stable within a plan version
  std::string name;  // 第一季度 / 3月 / 上半年 …
  Date window_from;
  Date window_to;
  std::vector<std::string> item_codes;  // the department's items
  registers::TargetFilter filter;       // which targets (saved predicate)
  std::string task_type = std::string(kTaskTypeUndirected);
  std::optional<int>
      ratio_bp;  // overrides the rules' general ratio (never below the items' floors)
  std::string note;
  friend bool operator==(const Batch&, const Batch&) = default;
};

struct PlanContent {
  std::string title;
  std::string kind = "年度";  // 年度 / 半年度
  int year = 0;
  std::vector<Batch> batches;
  friend bool operator==(const PlanContent&, const PlanContent&) = default;
};

// The free-text rules (core/text.h) on the title and each batch's name and note: InvalidArgument
// TEXT_TOO_LONG / TEXT_INVALID_CHAR naming the field. Checked before ValidatePlanContent, so an
// oversized or malformed text is refused before anything else is looked at.
Status CheckPlanText(const PlanContent& plan);

// Every problem: title, kind, year, batches (windows inside the year — or half-year — and in
// order, items present, task type, ratio in 0..100%).
registers::Problems ValidatePlanContent(const PlanContent& plan);

nlohmann::json PlanContentToJson(const PlanContent& plan);
StatusOr<PlanContent> PlanContentFromJson(const nlohmann::json& j);

// Field-level differences between two versions (for adjustments).
registers::Changes DiffPlanContent(const PlanContent& before, const PlanContent& after);

}  // namespace suiji::plans
