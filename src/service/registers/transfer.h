// Import and export of the registers as .xlsx / .csv with the Chinese column headers users know
// (SPEC §IO), shared by the HTTP API and the CLI.
//
// Imports are all-or-nothing: the whole file is read and validated inside one write
// transaction; every bad row is reported (row number as Excel shows it, column, value, Chinese
// reason) and then nothing is changed. Rows are upserted by natural key — 统一社会信用代码 /
// 注册号 / 对象编号 for targets, 执法证号 for inspectors, 事项编码 (within the department) for
// items, 专家编号 for experts, (执法证号, 对象代码, 回避类型) for 回避 records. A dry run does
// everything, reports the exact counts, and rolls back. Each applied import writes one audit
// entry (counts, file name, file SHA-256); every changed target or person also gets history rows
// naming the import.
//
// Targets take the bulk path (BulkInserter staging — COPY on PostgreSQL — then set-based SQL);
// the other registers are small and go record by record through the same checks as the API.
//
// Exports write every column the import reads, so export → import changes nothing (the
// 身份证号 is exported masked; a masked number that matches the stored one is "unchanged").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/registers/target_filter.h"
#include "service/registers/context.h"
#include "tabular/columns.h"
#include "tabular/format.h"
#include "tabular/import_report.h"
#include "tabular/writer.h"

namespace suiji::service {

// kInspections: past inspections loaded at go-live (issue 13 "History at go-live").
enum class RegisterKind { kItems, kTargets, kInspectors, kExperts, kConflicts, kInspections };

// "items", "targets", "inspectors", "experts", "conflicts", "inspections".
std::string_view RegisterKindName(RegisterKind k);
// 抽查事项清单, 检查对象名录库, 执法检查人员名录库, 专家名录库, 回避关系, 历史检查记录.
std::string_view RegisterKindTitle(RegisterKind k);
// InvalidArgument REGISTER_UNKNOWN listing the names.
StatusOr<RegisterKind> ParseRegisterKind(std::string_view name);

struct ImportOptions {
  tabular::Format format = tabular::Format::kCsv;
  bool dry_run = false;
  // Items, inspectors, experts: the owning department, when the file has no 检查主体 /
  // 所属部门 column (or to check that every row belongs to it).
  std::optional<int64_t> department_id;
  // Targets: keep 统一社会信用代码 / 注册号 that fail their check (recorded per target).
  bool allow_invalid_codes = false;
  std::string file_name;  // for the audit entry and history notes
  std::string sheet;      // .xlsx sheet; empty = the first
  // The most data rows a file may hold (FILE_TOO_LARGE beyond). Uploads keep the reader's
  // default; the CLI allows a province's directory (10M targets and more) in one file.
  size_t max_rows = 5'000'000;
  size_t max_bytes = 2ull << 30;  // of CSV text or decompressed .xlsx parts
};

struct ImportResult {
  RegisterKind kind = RegisterKind::kTargets;
  bool dry_run = false;
  bool applied = false;  // committed (not a dry run, no bad rows)
  tabular::ImportReport report;
  int64_t created = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  int64_t overridden = 0;  // targets kept with a code that fails its check
  std::string sha256;      // hex of the file bytes
  std::string encoding;    // as read ("UTF-8", "GB18030", "XLSX")
};

struct ExportOptions {
  std::optional<int64_t> department_id;           // items, inspectors, experts
  std::optional<registers::TargetFilter> filter;  // targets (default: the whole directory)
};

class RegisterTransfer {
 public:
  explicit RegisterTransfer(RegisterContext& ctx) : ctx_(ctx) {}

  // File-level problems (unreadable file, missing required headers, permission) are a Status;
  // row problems are in result.report, with nothing changed.
  StatusOr<ImportResult> Import(const Principal& who, RegisterKind kind, std::string_view bytes,
                                const ImportOptions& options);
  // Streams the register into `out` (header row first). Reads need kRegisterRead; inspectors
  // are limited to the reader's scope.
  Status Export(const Principal& who, RegisterKind kind, const ExportOptions& options,
                tabular::TableWriter& out);
  StatusOr<std::string> ExportToBytes(const Principal& who, RegisterKind kind,
                                      tabular::Format format, const ExportOptions& options);
  Status ExportToFile(const Principal& who, RegisterKind kind, tabular::Format format,
                      const ExportOptions& options, const std::string& path);
  // The import template: header row (required columns marked "*") and one example row.
  StatusOr<std::string> Template(RegisterKind kind, tabular::Format format);

  // A department named by id, code, name or short name (for --department and ?department=).
  // NotFound DEPARTMENT_NOT_FOUND when unknown or ambiguous.
  StatusOr<int64_t> FindDepartment(std::string_view text);

  // The columns of each register, in export order.
  static const std::vector<tabular::ColumnSpec>& Columns(RegisterKind kind);

 private:
  StatusOr<ImportResult> ImportTargets(const Principal& who, std::string_view bytes,
                                       const ImportOptions& o);
  StatusOr<ImportResult> ImportItems(const Principal& who, std::string_view bytes,
                                     const ImportOptions& o);
  StatusOr<ImportResult> ImportInspectors(const Principal& who, std::string_view bytes,
                                          const ImportOptions& o);
  StatusOr<ImportResult> ImportExperts(const Principal& who, std::string_view bytes,
                                       const ImportOptions& o);
  StatusOr<ImportResult> ImportConflicts(const Principal& who, std::string_view bytes,
                                         const ImportOptions& o);
  StatusOr<ImportResult> ImportInspections(const Principal& who, std::string_view bytes,
                                           const ImportOptions& o);
  Status ExportInspections(const Principal& who, const ExportOptions& o, tabular::TableWriter& out);
  Status ExportTargets(const Principal& who, const ExportOptions& o, tabular::TableWriter& out);
  Status ExportItems(const Principal& who, const ExportOptions& o, tabular::TableWriter& out);
  Status ExportInspectors(const Principal& who, const ExportOptions& o, tabular::TableWriter& out);
  Status ExportExperts(const Principal& who, const ExportOptions& o, tabular::TableWriter& out);
  Status ExportConflicts(const Principal& who, const ExportOptions& o, tabular::TableWriter& out);

  RegisterContext& ctx_;
};

}  // namespace suiji::service
