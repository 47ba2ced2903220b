// The stored records of plans, joint proposals and tasks, as plain values: what the store reads
// and writes (store/plans/plan_store.h names them PlanRow, TaskRow …) and what services hand up
// in their views. States and kinds are the enums of core/plans; JSON documents are parsed
// nlohmann::json, lists are vectors (store/json_columns.h does the encoding).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/plans/plan.h"
#include "core/plans/task.h"

namespace suiji::plans {

struct PlanRecord {
  int64_t id = 0;
  std::string plan_no;
  int version = 1;
  int64_t department_id = 0;
  int year = 0;
  std::string title;
  plans::PlanStatus status = plans::PlanStatus::kDraft;
  std::string content;  // JSON
  std::string adjustment_reason;
  std::string created_at;
  std::optional<int64_t> created_by;
  std::optional<std::string> submitted_at;
  std::optional<int64_t> submitted_by;
  std::optional<std::string> decided_at;
  std::optional<int64_t> decided_by;
  std::optional<std::string> decision_note;
  std::optional<std::string> published_at;
};

struct ProposalRecord {
  int64_t id = 0;
  std::string proposal_no;
  int64_t lead_department_id = 0;
  std::string window_from, window_to;
  int64_t overlap_count = 0;
  nlohmann::json overlap_sample;  // [{target_id, name}], at most 10
  plans::ProposalStatus status = plans::ProposalStatus::kOpen;
  std::string deadline;  // YYYY-MM-DD
  std::string created_at;
  std::optional<int64_t> created_by;
  std::optional<std::string> resolved_at;
  std::optional<int64_t> joint_task_id;
};

struct ProposalMemberRecord {
  int64_t department_id = 0;
  int64_t plan_id = 0;
  int batch_seq = 0;
  plans::ProposalResponse response = plans::ProposalResponse::kPending;
  std::optional<std::string> responded_at;
  std::optional<int64_t> responded_by;
  std::string note;
};

struct TaskRecord {
  int64_t id = 0;
  std::string task_no;
  std::string title;
  int64_t department_id = 0;
  std::string task_type;
  plans::TaskOrigin origin = plans::TaskOrigin::kAdhoc;
  std::optional<int64_t> plan_id;
  std::optional<int> batch_seq;
  std::optional<int64_t> proposal_id;
  std::string window_from, window_to;
  nlohmann::json target_filter;  // registers::TargetFilterToJson
  std::string filter_description;
  std::optional<int> ratio_bp;
  bool confidential = false;
  plans::TaskStatus status = plans::TaskStatus::kDraft;
  std::optional<nlohmann::json> preview;  // TaskPreviewToJson without samples, once committed
  std::optional<int64_t> target_draw_id;
  std::optional<std::string> announced_at;
  std::string created_at;
  std::optional<int64_t> created_by;
};

struct TaskDepartmentRecord {
  int64_t department_id = 0;
  plans::TaskDepartmentRole role = plans::TaskDepartmentRole::kLead;
  std::vector<std::string> item_codes;  // the department's items (stored as a JSON array)
};

}  // namespace suiji::plans
