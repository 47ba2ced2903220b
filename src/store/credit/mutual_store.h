// 互认共享 and the inspection history at go-live (migration 0017; issue 13 "Mutual recognition",
// "History at go-live", "Exports"): the inspections one department may recognise from others —
// published results and imported past inspections — and the imported rows themselves.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace suiji::store {

// One inspection as another department may read it: a published result (the newest of its
// record: a corrected publication is left out) or a past inspection imported at go-live.
struct RecognizedInspectionRow {
  int64_t target_id = 0;
  int64_t department_id = 0;
  std::string completed_on;     // YYYY-MM-DD
  std::string result;           // 检查结果
  std::string remark;           // the public remark (imports: the file's 备注)
  std::string source;           // "publication" | "import"
  std::string publication_no;   // publications only
  std::string published_on;     // publications only
  std::string inspection_type;  // publications only (定向 / 不定向 …)
  std::string task_no;          // publications only
  std::string credit_code;      // as published (imports: the directory's key)
  std::string target_name;      // as published (imports: the directory's name)
  std::string risk_class;       // the target's class now
  bool abnormal = false;
  bool serious_violation = false;
};

struct RecognizedInspectionQuery {
  std::optional<std::vector<int64_t>> department_ids;  // nullopt: every department
  std::string since;                                   // completed on or after (YYYY-MM-DD)
  std::optional<int64_t> target_id;
  std::optional<std::vector<int64_t>> target_ids;  // only these targets (none: no rows)
};
// Oldest first (completion date, target, department).
StatusOr<std::vector<RecognizedInspectionRow>> ListRecognizedInspections(
    Connection& c, const RecognizedInspectionQuery& q);

// A past inspection loaded by `suiji import inspections` (target_inspections, source 'import').
struct PastInspectionRow {
  int64_t id = 0;
  int64_t target_id = 0;
  int64_t department_id = 0;
  std::vector<std::string> item_codes;
  std::string inspected_on;  // YYYY-MM-DD
  std::string result;
  std::string remark;
  std::string import_sha256;
  // Joined from targets (read only).
  std::string target_key;
  std::string target_name;
};
Status InsertPastInspection(Connection& c, const PastInspectionRow& row);
// Whether an imported inspection of `target_id` by `department_id` on `day` is stored already.
StatusOr<bool> PastInspectionExists(Connection& c, int64_t target_id, int64_t department_id,
                                    std::string_view day);
// Imported inspections of the departments (nullopt: all), by date.
StatusOr<std::vector<PastInspectionRow>> ListPastInspections(
    Connection& c, const std::optional<std::vector<int64_t>>& department_ids);

}  // namespace suiji::store
