#include "service/registers/transfer.h"

#include "core/text.h"

#include <filesystem>
#include <fstream>

#include "core/hash.h"
#include "service/audit.h"
#include "service/registers/transfer_internal.h"

namespace suiji::service {

namespace transfer {

Status ReadRows(std::string_view bytes, const ImportOptions& o,
                const std::vector<tabular::ColumnSpec>& specs, const RowHandler& on_row,
                tabular::ReadInfo* info) {
  tabular::ReadOptions ro;
  ro.sheet = o.sheet;
  // The reader counts the rows of the file; ImportOptions counts data rows: one more for the
  // header.
  ro.max_rows = o.max_rows + 1;
  ro.max_uncompressed_bytes = o.max_bytes;
  std::optional<tabular::HeaderMap> map;
  Status inner;
  Status s = tabular::ReadTable(
      bytes, o.format, ro,
      [&](size_t row, const std::vector<std::string_view>& cells) {
        if (!map) {
          auto built = tabular::HeaderMap::Build(specs, cells);
          if (!built.ok()) {
            inner = built.status();
            return false;
          }
          map = std::move(built).value();
          return true;
        }
        if (map->IsExampleRow(cells)) return true;
        inner = on_row(row, cells, *map);
        return inner.ok();
      },
      info);
  RETURN_IF_ERROR(s);
  RETURN_IF_ERROR(inner);
  if (!map) return InvalidArgument("FILE_EMPTY", "文件中没有表头行，请使用导入模板");
  return OkStatus();
}

std::string_view RowReader::Raw(size_t col) const {
  return tabular::TrimCell(map_.Get(cells_, col));
}

std::string RowReader::Code(size_t col) const {
  std::string out;
  CodeInto(col, out);
  return out;
}

void RowReader::CodeInto(size_t col, std::string& out) const {
  std::string_view raw = Raw(col);
  // Codes are almost always plain ASCII already; only the rest needs the full normalisation.
  bool plain = true;
  for (char c : raw) plain = plain && c > ' ' && c < 0x7F;
  if (!plain) {
    out = tabular::NormalizeCode(raw);
    return;
  }
  out.assign(raw);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
}

void RowReader::Error(size_t col, std::string_view message) {
  ++errors_;
  report_.AddError(row_, specs_[col].header, Raw(col), message);
}

void RowReader::RowError(std::string_view message) {
  ++errors_;
  report_.AddError(row_, "", "", message);
}

std::optional<Date> RowReader::DateCell(size_t col) {
  std::string_view raw = Raw(col);
  if (raw.empty()) return std::nullopt;
  if (raw.size() == 10) {
    if (auto d = Date::Parse(raw)) return d;
  }
  auto d = tabular::ParseDateCell(raw, true);
  if (!d) Error(col, "日期格式不正确，应为 YYYY-MM-DD");
  return d;
}

std::optional<bool> RowReader::Bool(size_t col, std::optional<bool> fallback) {
  std::string_view raw = Raw(col);
  if (raw.empty()) return fallback;
  if (raw == "是") return true;
  if (raw == "否") return false;
  auto b = tabular::ParseBoolCell(raw);
  if (!b) Error(col, "应填写“是”或“否”");
  return b;
}

std::optional<int> RowReader::Int(size_t col, int fallback, int min, int max) {
  std::string_view raw = Raw(col);
  if (raw.empty()) return fallback;
  if (raw.size() == 1 && raw[0] >= '0' && raw[0] <= '9' && raw[0] - '0' >= min &&
      raw[0] - '0' <= max)
    return raw[0] - '0';
  auto v = tabular::ParseIntCell(raw);
  if (!v || *v < min || *v > max) {
    Error(col, "应为 " + std::to_string(min) + " 至 " + std::to_string(max) + " 之间的整数");
    return std::nullopt;
  }
  return static_cast<int>(*v);
}

std::optional<int> RowReader::Percent(size_t col, int fallback) {
  std::string_view raw = Raw(col);
  if (raw.empty()) return fallback;
  auto v = registers::ParsePercent(tabular::ToHalfWidth(raw));
  if (!v) Error(col, "应为百分比数值（如 3 或 20.5，最多两位小数）");
  return v;
}

std::optional<bool> RowReader::State(size_t col, std::string_view yes, std::string_view no,
                                     bool fallback) {
  std::string_view raw = Raw(col);
  if (raw.empty()) return fallback;
  if (raw == yes) return true;
  if (raw == no) return false;
  Error(col, "应为“" + std::string(yes) + "”或“" + std::string(no) + "”");
  return std::nullopt;
}

void RowReader::Problems(const registers::Problems& problems) {
  for (const auto& p : problems) {
    size_t col = specs_.size();
    for (size_t i = 0; i < specs_.size(); ++i)
      if (specs_[i].key == p.field) col = i;
    if (col < specs_.size()) {
      Error(col, p.message);
    } else {
      ++errors_;
      report_.AddError(row_, p.label, "", p.message);
    }
  }
}

size_t ColumnIndex(const std::vector<tabular::ColumnSpec>& specs, std::string_view key) {
  for (size_t i = 0; i < specs.size(); ++i)
    if (specs[i].key == key) return i;
  return specs.size();
}

UnitResolver::UnitResolver(const OrgSnapshot& snap, std::optional<int64_t> department_id) {
  for (const Unit& u : snap.units) {
    by_code_[u.code] = u.id;
    if (!department_id || u.department_id == *department_id) by_name_[u.name].push_back(u.id);
  }
}

std::variant<int64_t, std::string> UnitResolver::Resolve(std::string_view code,
                                                         std::string_view name) const {
  if (!code.empty()) {
    auto it = by_code_.find(std::string(code));
    if (it == by_code_.end()) return "单位代码“" + std::string(code) + "”不存在";
    return it->second;
  }
  if (name.empty()) return std::string("必须填写单位名称或单位代码");
  auto it = by_name_.find(std::string(name));
  if (it == by_name_.end()) return "单位“" + std::string(name) + "”不存在";
  if (it->second.size() > 1) return "单位名称“" + std::string(name) + "”不唯一，请填写单位代码";
  return it->second.front();
}

std::optional<int64_t> ResolveDepartment(const OrgSnapshot& snap, std::string_view text) {
  std::optional<int64_t> hit;
  for (const Department& d : snap.departments) {
    if (std::to_string(d.id) == text || d.code == text || d.name == text || d.short_name == text) {
      if (hit && *hit != d.id) return std::nullopt;
      hit = d.id;
    }
  }
  return hit;
}

nlohmann::json ImportAuditPayload(const ImportResult& r, const ImportOptions& o) {
  return {{"register", RegisterKindName(r.kind)},
          {"file", o.file_name},
          {"format", std::string(tabular::FileExtension(o.format)).substr(1)},
          {"sha256", r.sha256},
          {"rows", r.report.rows()},
          {"created", r.created},
          {"updated", r.updated},
          {"unchanged", r.unchanged},
          {"overridden", r.overridden},
          {"department_id", o.department_id ? nlohmann::json(*o.department_id) : nlohmann::json()}};
}

std::string ImportNote(const ImportResult& r, const ImportOptions& o) {
  return "导入" + (o.file_name.empty() ? std::string() : " " + o.file_name) + "（SHA-256 " +
         r.sha256.substr(0, 16) + "…）";
}

StatusOr<bool> WriteScope::Unit(int64_t unit_id) {
  auto it = units_.find(unit_id);
  if (it != units_.end()) return it->second;
  ASSIGN_OR_RETURN(auto loc, ctx_.org.LocationOfUnit(unit_id));
  return units_.emplace(unit_id, Authorize(who_, Permission::kRegisterWrite, loc).ok())
      .first->second;
}

StatusOr<bool> WriteScope::Department(int64_t department_id) {
  auto it = departments_.find(department_id);
  if (it != departments_.end()) return it->second;
  ASSIGN_OR_RETURN(auto loc, ctx_.org.LocationOfDepartment(department_id));
  return departments_.emplace(department_id, Authorize(who_, Permission::kRegisterWrite, loc).ok())
      .first->second;
}

void WriteScope::Clear() {
  units_.clear();
  departments_.clear();
}

StatusOr<ImportResult> RunImport(RegisterContext& ctx, const Principal& who, RegisterKind kind,
                                 std::string_view bytes, const ImportOptions& o,
                                 RegisterImport& import) {
  const std::vector<tabular::ColumnSpec>& specs = RegisterTransfer::Columns(kind);
  ImportResult result;
  result.kind = kind;
  result.dry_run = o.dry_run;
  result.sha256 = ToHex(Sha256(bytes));
  // Sentinel reasons that roll the transaction back: the result is still reported.
  constexpr std::string_view kRowsInvalid = "IMPORT_ROWS_INVALID";
  constexpr std::string_view kDryRun = "IMPORT_DRY_RUN";
  auto body = [&](store::Connection& c) -> Status {
    result.report = tabular::ImportReport();
    result.created = result.updated = result.unchanged = result.overridden = 0;
    RETURN_IF_ERROR(import.Begin(c, result));
    tabular::ReadInfo info;
    Status read = ReadRows(
        bytes, o, specs,
        [&](size_t row, const std::vector<std::string_view>& cells,
            const tabular::HeaderMap& map) -> Status {
          result.report.CountRow();
          RowReader r(specs, map, row, cells, result.report);
          return import.Row(c, r, result);
        },
        &info);
    result.encoding = info.encoding;
    RETURN_IF_ERROR(read);
    if (result.report.rows() == 0)
      return InvalidArgument(
          "IMPORT_NO_ROWS",
          "文件中没有数据行（表头和模板示例行不算）：请在表头下方逐行填写后再导入");
    if (!result.report.ok())
      return InvalidArgument(std::string(kRowsInvalid), "导入文件有错误，未做任何修改");
    RETURN_IF_ERROR(import.End(c, result));
    if (o.dry_run) return Aborted(std::string(kDryRun), "试导入，未做任何修改");
    nlohmann::json payload = ImportAuditPayload(result, o);
    import.AddToAudit(payload);
    return RecordAudit(c, ctx.clock, who, "register.import", "register",
                       std::string(RegisterKindName(kind)), payload)
        .status();
  };
  Status s =
      store::WithTransaction(ctx.db, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        Status done = body(c);
        // Whatever the import still runs on `c` stops before WithTransaction rolls back.
        if (!done.ok()) import.Abandon();
        return done;
      });
  if (s.ok()) {
    result.applied = true;
    return result;
  }
  if (s.reason() == kRowsInvalid) {
    result.created = result.updated = result.unchanged = 0;
    return result;
  }
  if (s.reason() == kDryRun) return result;
  return s;
}

}  // namespace transfer

std::string_view RegisterKindName(RegisterKind k) {
  switch (k) {
    case RegisterKind::kItems: return "items";
    case RegisterKind::kTargets: return "targets";
    case RegisterKind::kInspectors: return "inspectors";
    case RegisterKind::kExperts: return "experts";
    case RegisterKind::kConflicts: return "conflicts";
    case RegisterKind::kInspections: return "inspections";
  }
  return "";
}

std::string_view RegisterKindTitle(RegisterKind k) {
  switch (k) {
    case RegisterKind::kItems: return "抽查事项清单";
    case RegisterKind::kTargets: return "检查对象名录库";
    case RegisterKind::kInspectors: return "执法检查人员名录库";
    case RegisterKind::kExperts: return "专家名录库";
    case RegisterKind::kConflicts: return "回避关系";
    case RegisterKind::kInspections: return "历史检查记录";
  }
  return "";
}

StatusOr<RegisterKind> ParseRegisterKind(std::string_view name) {
  for (RegisterKind k :
       {RegisterKind::kItems, RegisterKind::kTargets, RegisterKind::kInspectors,
        RegisterKind::kExperts, RegisterKind::kConflicts, RegisterKind::kInspections})
    if (RegisterKindName(k) == name) return k;
  return InvalidArgument("REGISTER_UNKNOWN",
                         "名录“" + std::string(name) +
                             "”不存在，可选：items（抽查事项清单）、targets（检查对象名录库）、"
                             "inspectors（执法检查人员名录库）、experts（专家名录库）、"
                             "conflicts（回避关系）、inspections（历史检查记录）");
}

const std::vector<tabular::ColumnSpec>& RegisterTransfer::Columns(RegisterKind kind) {
  switch (kind) {
    case RegisterKind::kItems: return transfer::ItemColumns();
    case RegisterKind::kTargets: return transfer::TargetColumns();
    case RegisterKind::kInspectors: return transfer::InspectorColumns();
    case RegisterKind::kExperts: return transfer::ExpertColumns();
    case RegisterKind::kConflicts: return transfer::ConflictColumns();
    case RegisterKind::kInspections: return transfer::InspectionColumns();
  }
  return transfer::TargetColumns();
}

StatusOr<ImportResult> RegisterTransfer::Import(const Principal& who, RegisterKind kind,
                                                std::string_view bytes,
                                                const ImportOptions& options) {
  if (!HoldsPermissionSomewhere(who, Permission::kRegisterWrite))
    return PermissionDenied("PERMISSION_DENIED", "没有权限：需要“维护事项清单与名录库”权限");
  // The file name is only a label, but it lands in the audit log and in messages.
  RETURN_IF_ERROR(text::CheckText("文件名", options.file_name, text::kName));
  StatusOr<ImportResult> r = InvalidArgument("REGISTER_UNKNOWN", "名录不存在");
  switch (kind) {
    case RegisterKind::kItems: r = ImportItems(who, bytes, options); break;
    case RegisterKind::kTargets: r = ImportTargets(who, bytes, options); break;
    case RegisterKind::kInspectors: r = ImportInspectors(who, bytes, options); break;
    case RegisterKind::kExperts: r = ImportExperts(who, bytes, options); break;
    case RegisterKind::kConflicts: r = ImportConflicts(who, bytes, options); break;
    case RegisterKind::kInspections: r = ImportInspections(who, bytes, options); break;
  }
  return r;
}

Status RegisterTransfer::Export(const Principal& who, RegisterKind kind,
                                const ExportOptions& options, tabular::TableWriter& out) {
  RETURN_IF_ERROR(RequireRegisterRead(who));
  RETURN_IF_ERROR(out.AddRow(tabular::HeaderRow(Columns(kind))));
  switch (kind) {
    case RegisterKind::kItems: return ExportItems(who, options, out);
    case RegisterKind::kTargets: return ExportTargets(who, options, out);
    case RegisterKind::kInspectors: return ExportInspectors(who, options, out);
    case RegisterKind::kExperts: return ExportExperts(who, options, out);
    case RegisterKind::kConflicts: return ExportConflicts(who, options, out);
    case RegisterKind::kInspections: return ExportInspections(who, options, out);
  }
  return OkStatus();
}

StatusOr<std::string> RegisterTransfer::ExportToBytes(const Principal& who, RegisterKind kind,
                                                      tabular::Format format,
                                                      const ExportOptions& options) {
  return tabular::WriteTableToBytes(
      format, std::string(RegisterKindTitle(kind)),
      [&](tabular::TableWriter& w) { return Export(who, kind, options, w); });
}

Status RegisterTransfer::ExportToFile(const Principal& who, RegisterKind kind,
                                      tabular::Format format, const ExportOptions& options,
                                      const std::string& path) {
  // Write beside the target and rename, so a failed export never leaves a half file behind.
  const std::string tmp = path + ".part";
  ASSIGN_OR_RETURN(auto writer,
                   tabular::TableWriter::Create(format, tmp, std::string(RegisterKindTitle(kind))));
  Status s = Export(who, kind, options, *writer);
  if (s.ok()) s = writer->Finish();
  std::error_code ec;
  if (!s.ok()) {
    writer.reset();
    std::filesystem::remove(tmp, ec);
    return s;
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Unavailable("FILE_UNWRITABLE", "无法写入文件：" + path);
  return OkStatus();
}

StatusOr<int64_t> RegisterTransfer::FindDepartment(std::string_view text) {
  ASSIGN_OR_RETURN(auto snap, ctx_.org.Snapshot());
  auto id = transfer::ResolveDepartment(*snap, text);
  if (!id)
    return NotFound("DEPARTMENT_NOT_FOUND",
                    "部门“" + std::string(text) + "”不存在或名称不唯一（可用部门编号或代码）");
  return *id;
}

StatusOr<std::string> RegisterTransfer::Template(RegisterKind kind, tabular::Format format) {
  return tabular::BuildTemplate(format, Columns(kind), std::string(RegisterKindTitle(kind)));
}

}  // namespace suiji::service
