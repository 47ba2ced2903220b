// Helpers shared by the register importers and exporters (internal to src/service/registers).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "core/registers/fields.h"
#include "service/registers/transfer.h"
#include "tabular/cells.h"
#include "tabular/reader.h"

namespace suiji::service::transfer {

using RowHandler = std::function<Status(size_t row, const std::vector<std::string_view>& cells,
                                        const tabular::HeaderMap& map)>;

// Reads the file: the first non-blank row is the header (HEADER_MISSING etc. as a Status), the
// template's example row is skipped, every other row goes to `on_row`. A Status from `on_row`
// stops reading and is returned (row problems belong in the report instead).
Status ReadRows(std::string_view bytes, const ImportOptions& o,
                const std::vector<tabular::ColumnSpec>& specs, const RowHandler& on_row,
                tabular::ReadInfo* info);

// Typed access to one row's cells, reporting unparsable cells to the import report.
class RowReader {
 public:
  RowReader(const std::vector<tabular::ColumnSpec>& specs, const tabular::HeaderMap& map,
            size_t row, const std::vector<std::string_view>& cells, tabular::ImportReport& report)
      : specs_(specs), map_(map), row_(row), cells_(cells), report_(report) {}

  size_t row() const { return row_; }
  bool Has(size_t col) const { return !Raw(col).empty(); }
  // Trimmed cell text ("" when the column is absent).
  std::string_view Raw(size_t col) const;
  std::string Text(size_t col) const { return std::string(Raw(col)); }
  void TextInto(size_t col, std::string& out) const { out.assign(Raw(col)); }
  // Codes: half-width, upper case, no spaces.
  std::string Code(size_t col) const;
  void CodeInto(size_t col, std::string& out) const;
  std::vector<std::string> List(size_t col) const { return registers::SplitList(Raw(col)); }
  // Empty cells give `fallback`; unparsable ones are reported and give nullopt.
  std::optional<Date> DateCell(size_t col);
  std::optional<bool> Bool(size_t col, std::optional<bool> fallback);
  std::optional<int> Int(size_t col, int fallback, int min, int max);
  std::optional<int> Percent(size_t col, int fallback);
  // "有效"/"已停用"-style state columns: `yes`/`no` words, empty = fallback.
  std::optional<bool> State(size_t col, std::string_view yes, std::string_view no, bool fallback);

  void Error(size_t col, std::string_view message);
  // Whole-row problem (duplicate key, no permission …).
  void RowError(std::string_view message);
  // Maps validation problems to columns by field key; unknown keys are row-level.
  void Problems(const registers::Problems& problems);
  int errors() const { return errors_; }

 private:
  const std::vector<tabular::ColumnSpec>& specs_;
  const tabular::HeaderMap& map_;
  size_t row_;
  const std::vector<std::string_view>& cells_;
  tabular::ImportReport& report_;
  int errors_ = 0;
};

// The spec index of `key` (an internal error when missing: the tables are static).
size_t ColumnIndex(const std::vector<tabular::ColumnSpec>& specs, std::string_view key);

// Unit lookup for the 属地单位 / 所属单位 columns: by unit code first, then by name (within the
// department when given). Ambiguous names are an error asking for the code.
class UnitResolver {
 public:
  UnitResolver(const OrgSnapshot& snap, std::optional<int64_t> department_id);
  // The unit id, or a Chinese problem description.
  std::variant<int64_t, std::string> Resolve(std::string_view code, std::string_view name) const;

 private:
  std::unordered_map<std::string, int64_t> by_code_;
  std::unordered_map<std::string, std::vector<int64_t>> by_name_;
};

// Department by id text, code or name/short name; nullopt when unknown or ambiguous.
std::optional<int64_t> ResolveDepartment(const OrgSnapshot& snap, std::string_view text);

// The column tables, in export order (transfer_<register>.cc).
const std::vector<tabular::ColumnSpec>& TargetColumns();
const std::vector<tabular::ColumnSpec>& ItemColumns();
const std::vector<tabular::ColumnSpec>& InspectorColumns();
const std::vector<tabular::ColumnSpec>& ExpertColumns();
const std::vector<tabular::ColumnSpec>& ConflictColumns();
const std::vector<tabular::ColumnSpec>& InspectionColumns();

// Whether `who` holds kRegisterWrite over a unit (or a department), looked up once per import.
class WriteScope {
 public:
  WriteScope(RegisterContext& ctx, const Principal& who) : ctx_(ctx), who_(who) {}
  StatusOr<bool> Unit(int64_t unit_id);
  StatusOr<bool> Department(int64_t department_id);
  void Clear();

 private:
  RegisterContext& ctx_;
  const Principal& who_;
  std::unordered_map<int64_t, bool> units_;
  std::unordered_map<int64_t, bool> departments_;
};

// One register's part of an import; RunImport is the rest. All hooks run inside the import's one
// write transaction on `c`, in this order: Begin; Row for every data row (its cells already
// counted in the report); End, only when no row was bad. Row reports problems through `r` and
// writes (or stages) the row only while the report is clean — a bad row anywhere refuses the file.
class RegisterImport {
 public:
  virtual ~RegisterImport() = default;
  virtual Status Begin(store::Connection& c, ImportResult& result) = 0;
  virtual Status Row(store::Connection& c, RowReader& r, ImportResult& result) = 0;
  virtual Status End(store::Connection&, ImportResult&) { return OkStatus(); }
  // The transaction is about to be rolled back (any failure, a refused file, a dry run): stop
  // whatever still uses `c` — a writer thread must not outlive the transaction it writes in.
  virtual void Abandon() {}
  // Fields the register adds to the "register.import" audit payload.
  virtual void AddToAudit(nlohmann::json&) const {}
};

// The one import skeleton: the result's identity (kind, dry run, file SHA-256), one write
// transaction, the rows, then — for a clean file — the audit entry "register.import", or the
// roll-back of a dry run. A file with bad rows rolls back too and yields the result with its
// report and zero counts; file-level problems (unreadable, headers missing) are a Status.
StatusOr<ImportResult> RunImport(RegisterContext& ctx, const Principal& who, RegisterKind kind,
                                 std::string_view bytes, const ImportOptions& o,
                                 RegisterImport& import);

// The audit entry of an applied import.
nlohmann::json ImportAuditPayload(const ImportResult& r, const ImportOptions& o);
// "导入 targets.xlsx（SHA-256 1a2b3c4d…）" for history notes and versions.
std::string ImportNote(const ImportResult& r, const ImportOptions& o);

}  // namespace suiji::service::transfer
