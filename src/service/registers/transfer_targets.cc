// 检查对象名录库 import (the bulk path) and export.
#include <unordered_map>

#include "core/hash.h"
#include "core/ids.h"
#include "service/audit.h"
#include "service/registers/key_set.h"
#include "service/registers/target_service.h"
#include "service/registers/transfer.h"
#include "service/registers/transfer_internal.h"
#include "store/registers/target_store.h"

namespace suiji::service {
namespace transfer {
namespace {

enum TargetCol : size_t {
  kUscc,
  kRegno,
  kObjectCode,
  kName,
  kType,
  kLegalRep,
  kAddress,
  kRegion,
  kUnit,
  kUnitCode,
  kIndustry,
  kRegStatus,
  kSurviving,
  kRisk,
  kRiskAsOf,
  kAbnormal,
  kSerious,
  kTags,
  kDirectories,
  kComplaints,
  kCases,
  kInDirectory,
  kRemovedReason,
  kCodeOverride,
  kTargetColCount
};

// The most overridden keys named in one audit entry (the count is always exact).
constexpr size_t kMaxAuditedOverrides = 1000;

}  // namespace

const std::vector<tabular::ColumnSpec>& TargetColumns() {
  static const std::vector<tabular::ColumnSpec> specs = {
      {"uscc", "统一社会信用代码", false, {"社会信用代码", "信用代码"}, "91350100M000100Y43"},
      {"regno", "注册号", false, {"工商注册号", "注册号码"}, ""},
      {"object_code", "对象编号", false, {"其他标识", "标识编号"}, ""},
      {"name",
       "名称",
       true,
       {"企业名称", "市场主体名称", "主体名称", "对象名称", "单位名称"},
       "郑州市金水区鑫源餐饮店"},
      {"type", "对象类型", true, {"主体类型", "市场主体类型", "类型"}, "个体工商户"},
      {"legal_rep",
       "法定代表人（负责人）",
       false,
       {"法定代表人", "负责人", "经营者", "法定代表人/负责人"},
       "王芳"},
      {"address",
       "住所（经营场所）",
       false,
       {"住所", "经营场所", "地址", "注册地址"},
       "郑州市金水区花园路86号"},
      {"region_code", "行政区划代码", true, {"区划代码", "所属区划"}, "410105"},
      {"unit_id", "属地单位", false, {"管辖单位", "属地监管单位"}, "花园路市场监管所"},
      {"unit_code", "属地单位代码", false, {"管辖单位代码"}, ""},
      {"industry_code", "行业代码", true, {"国民经济行业代码", "行业门类/大类代码", "行业"}, "62"},
      {"reg_status", "登记状态", false, {"经营状态", "企业状态"}, "存续"},
      {"surviving", "实际经营", false, {"是否实际经营"}, "是"},
      {"risk_class", "信用风险分类", false, {"风险分类", "信用风险等级", "风险等级"}, "B"},
      {"risk_as_of", "风险分类日期", false, {"风险评定日期"}, "2026-03-01"},
      {"abnormal", "列入经营异常名录", false, {"经营异常名录", "经营异常"}, "否"},
      {"serious_violation",
       "列入严重违法失信名单",
       false,
       {"严重违法失信名单", "严重违法失信"},
       "否"},
      {"tags", "标签", false, {}, "食品经营许可"},
      {"directories", "专项库", false, {}, "餐饮服务专项库(2026-01-01~2026-12-31)"},
      {"complaints", "投诉举报次数", false, {"投诉举报"}, "0"},
      {"cases", "立案查处次数", false, {"立案次数"}, "0"},
      {"in_directory", "在库状态", false, {}, "在库"},
      {"removed_reason", "移出原因", false, {}, ""},
      {"code_override", "保留未通过校验的代码", false, {}, "否"},
  };
  return specs;
}

}  // namespace transfer

using transfer::RowReader;
using namespace transfer;  // NOLINT(google-build-using-namespace): the column enum

namespace {

// Fills `t` from one row (reusing its strings' storage: this runs a million times per import).
// Unparsable cells are reported through `r`; dictionary and code checks are ValidateTarget's.
void ParseTarget(RowReader& r, const UnitResolver& units, const registers::Dictionary& risk,
                 bool allow_invalid_codes, registers::Target& t) {
  r.CodeInto(kUscc, t.uscc);
  r.CodeInto(kRegno, t.regno);
  r.CodeInto(kObjectCode, t.object_code);
  r.TextInto(kName, t.name);
  r.TextInto(kType, t.type);
  r.TextInto(kLegalRep, t.legal_rep);
  r.TextInto(kAddress, t.address);
  r.CodeInto(kRegion, t.region_code);
  t.unit_id = 0;
  auto unit = units.Resolve(r.Raw(kUnitCode), r.Raw(kUnit));
  if (auto* id = std::get_if<int64_t>(&unit)) t.unit_id = *id;
  else r.Error(r.Has(kUnitCode) ? kUnitCode : kUnit, std::get<std::string>(unit));
  r.CodeInto(kIndustry, t.industry_code);
  r.TextInto(kRegStatus, t.reg_status);
  if (t.reg_status.empty())
    t.reg_status = RegistrationStatusName(registers::RegistrationStatus::kOperating);
  t.surviving = r.Bool(kSurviving, true).value_or(true);
  r.CodeInto(kRisk, t.risk_class);
  if (!t.risk_class.empty() && !risk.Find(t.risk_class)) {
    // People write the label (信用风险较高) or "C类" as often as the letter.
    std::string_view raw = r.Raw(kRisk);
    for (const auto& e : risk.entries)
      if (raw == e.label || raw == e.value + "类") t.risk_class = e.value;
  }
  t.risk_as_of = r.DateCell(kRiskAsOf);
  t.abnormal = r.Bool(kAbnormal, false).value_or(false);
  t.serious_violation = r.Bool(kSerious, false).value_or(false);
  t.tags = r.List(kTags);
  auto dirs = registers::ParseDirectoriesText(r.Raw(kDirectories));
  if (dirs.ok()) {
    t.directories = std::move(dirs).value();
  } else {
    t.directories.clear();
    r.Error(kDirectories, dirs.status().message());
  }
  t.complaints = r.Int(kComplaints, 0, 0, 1'000'000).value_or(0);
  t.cases = r.Int(kCases, 0, 0, 1'000'000).value_or(0);
  t.in_directory = r.State(kInDirectory, "在库", "已移出", true).value_or(true);
  r.TextInto(kRemovedReason, t.removed_reason);
  t.code_override = r.Bool(kCodeOverride, false).value_or(false);
  const bool codes_valid = (t.uscc.empty() || CheckUscc(t.uscc).ok()) &&
                           (t.regno.empty() || CheckRegistrationNumber(t.regno).ok());
  if (codes_valid) t.code_override = false;
  else if (allow_invalid_codes) t.code_override = true;
}

// Targets take the bulk path in (at most) two passes over the file. Pass 1 parses and validates
// every row and writes the rows for new targets straight into the table (COPY on PostgreSQL);
// rows for stored targets are only counted. When the file is clean and has such rows, pass 2
// re-reads it and stages them for the set-based update. A bad row anywhere rolls everything
// back, so writing during pass 1 is safe, and a first import — the big one — reads the file once.
class TargetImport : public RegisterImport {
 public:
  TargetImport(RegisterContext& ctx, const Principal& who, std::string_view bytes,
               const ImportOptions& o, std::shared_ptr<const OrgSnapshot> snap,
               std::shared_ptr<const registers::DictionarySet> dicts)
      : who_(who),
        bytes_(bytes),
        o_(o),
        snap_(std::move(snap)),
        dicts_(std::move(dicts)),
        today_(ctx.Today()),
        now_(ctx.Now()),
        risk_(dicts_->Get(registers::dict::kCreditRisk)),
        units_(*snap_, o.department_id),
        scope_(ctx, who) {}

  // Pass 1 begins: the stored keys are loaded.
  Status Begin(store::Connection& c, ImportResult& result) override {
    history_ = HistoryFor(who_, now_, ImportNote(result, o_));
    scope_.Clear();
    seen_keys_ = KeySet(bytes_.size() / 64 + 16);  // rows are rarely shorter than 64 bytes
    seen_regno_ = KeySet();
    overridden_keys_.clear();
    existing_rows_ = 0;
    ASSIGN_OR_RETURN(up_, store::TargetBulkUpsert::Start(c, now_));
    return OkStatus();
  }

  Status Row(store::Connection&, RowReader& r, ImportResult& result) override {
    const tabular::ImportReport& report = result.report;
    ParseTarget(r, units_, risk_, o_.allow_invalid_codes, t_);
    r.Problems(registers::ValidateTarget(t_, *dicts_, today_));
    std::string key = t_.NaturalKey();
    if (!key.empty()) {
      if (size_t first = seen_keys_.FirstRow(key, r.row()))
        r.RowError("与第 " + std::to_string(first) + " 行的代码重复（" + key + "）");
    }
    if (!t_.regno.empty()) {
      if (size_t first = seen_regno_.FirstRow(t_.regno, r.row()))
        r.Error(kRegno, "与第 " + std::to_string(first) + " 行的注册号重复");
    }
    std::optional<store::TargetBulkUpsert::Existing> prev;
    if (t_.unit_id > 0 && r.errors() == 0) {
      prev = up_->Resolve(key, t_);
      ASSIGN_OR_RETURN(bool ok, scope_.Unit(t_.unit_id));
      if (!ok) r.Error(r.Has(kUnitCode) ? kUnitCode : kUnit, "无权维护该属地单位的检查对象");
      if (ok && prev && prev->unit_id != t_.unit_id) {
        ASSIGN_OR_RETURN(bool prev_ok, scope_.Unit(prev->unit_id));
        if (!prev_ok) r.Error(kUnit, "该检查对象原属地单位不在您的管辖范围内，不能迁移");
      }
    }
    // After the first bad row nothing more is written: the import will be refused, and the
    // rest of the file is only validated, so that every bad row is still reported.
    if (!report.ok()) return OkStatus();
    if (t_.code_override) {
      ++result.overridden;
      if (overridden_keys_.size() < kMaxAuditedOverrides)
        overridden_keys_.push_back(std::move(key));
    }
    if (prev) {
      ++existing_rows_;
      return OkStatus();
    }
    return up_->AddNew(t_);
  }

  // Pass 2, for the rows of stored targets, and the set-based update.
  Status End(store::Connection&, ImportResult& result) override {
    RETURN_IF_ERROR(up_->EndNew(history_));
    if (existing_rows_ > 0) {
      const auto& specs = TargetColumns();
      tabular::ImportReport pass2;
      RETURN_IF_ERROR(ReadRows(
          bytes_, o_, specs,
          [&](size_t row, const std::vector<std::string_view>& cells,
              const tabular::HeaderMap& map) -> Status {
            RowReader r(specs, map, row, cells, pass2);
            ParseTarget(r, units_, risk_, o_.allow_invalid_codes, t_);
            if (r.errors() > 0 || !up_->Resolve(t_.NaturalKey(), t_)) return OkStatus();
            return up_->AddExisting(t_);
          },
          nullptr));
    }
    ASSIGN_OR_RETURN(auto stats, up_->Finish(history_));
    result.created = stats.created;
    result.updated = stats.updated;
    result.unchanged = stats.unchanged;
    return OkStatus();
  }

  // Stops the bulk writer's thread (it may still be inserting batches of pass 1 on the
  // connection) before the transaction is rolled back.
  void Abandon() override { up_.reset(); }

  void AddToAudit(nlohmann::json& payload) const override {
    if (!overridden_keys_.empty()) payload["overridden_keys"] = overridden_keys_;
  }

 private:
  const Principal& who_;
  std::string_view bytes_;
  const ImportOptions& o_;
  std::shared_ptr<const OrgSnapshot> snap_;
  std::shared_ptr<const registers::DictionarySet> dicts_;
  const Date today_;
  const std::string now_;
  const registers::Dictionary& risk_;
  const UnitResolver units_;
  WriteScope scope_;
  store::HistoryContext history_;
  KeySet seen_keys_, seen_regno_;
  std::vector<std::string> overridden_keys_;
  int64_t existing_rows_ = 0;
  std::unique_ptr<store::TargetBulkUpsert> up_;
  registers::Target t_;  // reused row by row
};

}  // namespace

StatusOr<ImportResult> RegisterTransfer::ImportTargets(const Principal& who, std::string_view bytes,
                                                       const ImportOptions& o) {
  ASSIGN_OR_RETURN(auto snap, ctx_.org.Snapshot());
  ASSIGN_OR_RETURN(auto dicts, ctx_.dictionaries.Current());
  TargetImport import(ctx_, who, bytes, o, std::move(snap), std::move(dicts));
  return RunImport(ctx_, who, RegisterKind::kTargets, bytes, o, import);
}

Status RegisterTransfer::ExportTargets(const Principal&, const ExportOptions& o,
                                       tabular::TableWriter& out) {
  ASSIGN_OR_RETURN(auto snap, ctx_.org.Snapshot());
  registers::TargetFilter filter;
  if (o.filter) filter = *o.filter;
  else filter.include_removed = true;  // the whole directory, as an import would restore it
  ASSIGN_OR_RETURN(store::TargetQuery q, TargetService(ctx_).PrepareQuery(filter, std::nullopt));
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  std::vector<std::string> cells(kTargetColCount);
  Status write;
  Status scan = store::ScanTargets(*conn, q, [&](const store::StoredTarget& s) {
    const registers::Target& t = s.target;
    const Unit* unit = snap->FindUnit(t.unit_id);
    cells[kUscc] = t.uscc;
    cells[kRegno] = t.regno;
    cells[kObjectCode] = t.object_code;
    cells[kName] = t.name;
    cells[kType] = t.type;
    cells[kLegalRep] = t.legal_rep;
    cells[kAddress] = t.address;
    cells[kRegion] = t.region_code;
    cells[kUnit] = unit ? unit->name : "";
    cells[kUnitCode] = unit ? unit->code : "";
    cells[kIndustry] = t.industry_code;
    cells[kRegStatus] = t.reg_status;
    cells[kSurviving] = registers::BoolText(t.surviving);
    cells[kRisk] = t.risk_class;
    cells[kRiskAsOf] = registers::DateText(t.risk_as_of);
    cells[kAbnormal] = registers::BoolText(t.abnormal);
    cells[kSerious] = registers::BoolText(t.serious_violation);
    cells[kTags] = registers::JoinList(t.tags);
    cells[kDirectories] = registers::DirectoriesText(t.directories);
    cells[kComplaints] = std::to_string(t.complaints);
    cells[kCases] = std::to_string(t.cases);
    cells[kInDirectory] = t.in_directory ? "在库" : "已移出";
    cells[kRemovedReason] = t.removed_reason;
    cells[kCodeOverride] = registers::BoolText(t.code_override);
    write = out.AddRow(cells);
    return write.ok();
  });
  RETURN_IF_ERROR(scan);
  return write;
}

}  // namespace suiji::service
