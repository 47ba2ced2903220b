// Collects the per-row problems of one import so the user sees every bad row with its reason
// (imports are all-or-nothing, SPEC §IO).
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace suiji::tabular {

struct RowError {
  // Row number as Excel shows it; 0 = concerns the whole file.
  size_t row = 0;
  // Chinese header of the column; empty = concerns the whole row.
  std::string column;
  // The offending cell text (shown truncated).
  std::string value;
  // Chinese, e.g. "校验位错误".
  std::string reason;
};

// Not thread-safe.
class ImportReport {
 public:
  explicit ImportReport(size_t max_stored_errors = 10'000) : max_stored_(max_stored_errors) {}

  // Counts one data row (call once per row read, valid or not).
  void CountRow() { ++rows_; }
  void AddError(RowError e);
  void AddError(size_t row, std::string_view column, std::string_view value,
                std::string_view reason);

  size_t rows() const { return rows_; }
  // Exact number of errors, also beyond the stored cap.
  size_t error_count() const { return error_count_; }
  // Distinct rows with at least one error (errors are expected in row order).
  size_t rows_with_errors() const { return rows_with_errors_; }
  bool ok() const { return error_count_ == 0; }
  // The first max_stored_errors errors.
  const std::vector<RowError>& errors() const { return errors_; }
  bool truncated() const { return error_count_ > errors_.size(); }

  // One line per stored error: "第 12 行，列“统一社会信用代码”：校验位错误（值：9135…）",
  // plus a final "……另有 N 条错误未列出" when truncated.
  std::vector<std::string> ToTextLines() const;
  // The same joined with "\n".
  std::string ToText() const;
  // {"rows": N, "error_count": N, "rows_with_errors": N, "truncated": bool,
  //  "errors": [{"row": 12, "column": "…", "value": "…", "reason": "…"}, …]}
  nlohmann::json ToJson() const;
  // OK, or INVALID_ARGUMENT / IMPORT_ROWS_INVALID: "导入失败：共 N 行存在 M 处错误，第一处：…".
  Status ToStatus() const;

  // One error rendered as a text line (as ToTextLines does).
  static std::string FormatError(const RowError& e);

 private:
  size_t max_stored_;
  size_t rows_ = 0;
  size_t error_count_ = 0;
  size_t rows_with_errors_ = 0;
  size_t last_error_row_ = static_cast<size_t>(-1);
  std::vector<RowError> errors_;
};

}  // namespace suiji::tabular
