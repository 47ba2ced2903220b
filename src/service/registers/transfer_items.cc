// 抽查事项清单 import and export. Items are versioned: an imported row that differs from the
// current version becomes version N+1 (noted with the file), an identical row changes nothing.
#include <map>
#include <set>

#include "core/hash.h"
#include "service/audit.h"
#include "service/registers/transfer.h"
#include "service/registers/transfer_internal.h"
#include "store/registers/item_store.h"

namespace suiji::service {
namespace transfer {
namespace {

enum ItemCol : size_t {
  kDepartment,
  kCode,
  kName,
  kCategory,
  kLegalBasis,
  kTargetTypes,
  kContent,
  kMethods,
  kRatioMin,
  kRatioMax,
  kLifeSafety,
  kMaxPerYear,
  kFrequency,
  kQualifications,
  kExpertsPerTarget,
  kExpertFields,
  kLevel,
  kLead,
  kCooperating,
  kValidFrom,
  kValidTo,
  kActive,
  kInactiveReason,
  kItemColCount
};

}  // namespace

const std::vector<tabular::ColumnSpec>& ItemColumns() {
  static const std::vector<tabular::ColumnSpec> specs = {
      {"department_id", "检查主体", false, {"所属部门", "检查部门"}, "郑州市金水区市场监督管理局"},
      {"code", "事项编码", true, {"事项代码", "编码"}, "SCJG-SP-01"},
      {"name", "事项名称", true, {"抽查事项", "检查事项", "事项"}, "食品经营者监督检查"},
      {"category", "事项类别", true, {"类别", "检查事项类别"}, "重点检查事项"},
      {"legal_basis",
       "检查依据",
       true,
       {"法律依据", "抽查依据"},
       "《中华人民共和国食品安全法》第一百一十条"},
      {"target_types", "检查对象类型", true, {"检查对象", "抽查对象"}, "企业；个体工商户"},
      {"content", "检查内容", false, {"抽查内容"}, "经营资质、经营条件、食品贮存"},
      {"methods", "检查方式", true, {"抽查方式"}, "实地检查；书面检查"},
      {"ratio_min",
       "抽查比例下限（%）",
       false,
       {"抽查比例", "最低抽查比例", "抽查比例（%）"},
       "20"},
      {"ratio_max", "抽查比例上限（%）", false, {"最高抽查比例"}, "100"},
      {"life_safety", "涉及人民生命财产安全", false, {"涉及生命财产安全"}, "是"},
      {"max_per_target_per_year", "同一对象年度检查次数上限", false, {"年度检查次数上限"}, "1"},
      {"frequency_note", "抽查频次", false, {"检查频次"}, "每年不少于一次"},
      {"qualifications", "检查人员资格要求", false, {"人员资格要求", "专业资格"}, "食品安全监管"},
      {"experts_per_target", "每个检查对象抽取专家人数", false, {"专家人数", "抽取专家人数"}, "0"},
      {"expert_fields", "专家专业领域要求", false, {"专家领域", "专家专业领域"}, ""},
      {"level", "事项层级", true, {"层级"}, "区"},
      {"lead_department_id", "发起部门", false, {"牵头部门"}, ""},
      {"cooperating_department_ids", "配合部门", false, {}, ""},
      {"valid_from", "生效日期", false, {}, "2026-01-01"},
      {"valid_to", "失效日期", false, {}, ""},
      {"active", "状态", false, {}, "有效"},
      {"inactive_reason", "停用原因", false, {}, ""},
  };
  return specs;
}

}  // namespace transfer

using namespace transfer;  // NOLINT(google-build-using-namespace): the column enum

namespace {

// Rows are parsed and checked first; a clean file is then applied item by item (End).
class ItemImport : public RegisterImport {
 public:
  ItemImport(RegisterContext& ctx, const Principal& who, const ImportOptions& o,
             std::shared_ptr<const OrgSnapshot> snap,
             std::shared_ptr<const registers::DictionarySet> dicts)
      : ctx_(ctx),
        who_(who),
        o_(o),
        snap_(std::move(snap)),
        dicts_(std::move(dicts)),
        scope_(ctx, who) {}

  Status Begin(store::Connection&, ImportResult&) override {
    rows_.clear();
    seen_.clear();
    scope_.Clear();
    return OkStatus();
  }

  Status Row(store::Connection&, RowReader& r, ImportResult&) override {
    registers::InspectionItem i;
    if (r.Has(kDepartment)) {
      auto d = ResolveDepartment(*snap_, r.Raw(kDepartment));
      if (!d) r.Error(kDepartment, "部门不存在或名称不唯一");
      else if (o_.department_id && *d != *o_.department_id)
        r.Error(kDepartment, "与导入时指定的部门不一致");
      else i.department_id = *d;
    } else if (o_.department_id) {
      i.department_id = *o_.department_id;
    } else {
      r.Error(kDepartment, "请填写检查主体，或导入时指定部门");
    }
    i.code = r.Code(kCode);
    i.name = r.Text(kName);
    i.category = r.Text(kCategory);
    i.legal_basis = r.List(kLegalBasis);
    i.target_types = r.List(kTargetTypes);
    i.content = r.Text(kContent);
    i.methods = r.List(kMethods);
    i.ratio_min_bp =
        r.Percent(kRatioMin, registers::kRatioFloorBp).value_or(registers::kRatioFloorBp);
    i.ratio_max_bp =
        r.Percent(kRatioMax, registers::kRatioCeilingBp).value_or(registers::kRatioCeilingBp);
    i.life_safety = r.Bool(kLifeSafety, false).value_or(false);
    i.max_per_target_per_year = r.Int(kMaxPerYear, 0, 0, 366).value_or(0);
    i.frequency_note = r.Text(kFrequency);
    i.qualifications = r.List(kQualifications);
    i.experts_per_target =
        r.Int(kExpertsPerTarget, 0, 0, registers::kMaxExpertsPerTarget).value_or(0);
    i.expert_fields = r.List(kExpertFields);
    i.level = r.Text(kLevel);
    if (r.Has(kLead)) {
      auto d = ResolveDepartment(*snap_, r.Raw(kLead));
      if (!d) r.Error(kLead, "部门不存在或名称不唯一");
      else i.lead_department_id = *d;
    }
    for (const std::string& name : r.List(kCooperating)) {
      auto d = ResolveDepartment(*snap_, name);
      if (!d) r.Error(kCooperating, "部门“" + name + "”不存在或名称不唯一");
      else i.cooperating_department_ids.push_back(*d);
    }
    i.valid_from = r.DateCell(kValidFrom);
    i.valid_to = r.DateCell(kValidTo);
    i.active = r.State(kActive, "有效", "已停用", true).value_or(true);
    i.inactive_reason = r.Text(kInactiveReason);
    r.Problems(registers::ValidateItem(i, *dicts_));
    if (i.department_id > 0) {
      ASSIGN_OR_RETURN(bool ok, scope_.Department(i.department_id));
      if (!ok) r.Error(kDepartment, "无权维护该部门的抽查事项清单");
      auto [s, fresh] = seen_.emplace(std::make_pair(i.department_id, i.code), r.row());
      if (!fresh && !i.code.empty())
        r.Error(kCode, "与第 " + std::to_string(s->second) + " 行的事项编码重复");
    }
    if (r.errors() == 0) rows_.push_back(std::move(i));
    return OkStatus();
  }

  Status End(store::Connection& c, ImportResult& result) override {
    const std::string now = ctx_.Now();
    const std::string note = ImportNote(result, o_);
    const auto names = DepartmentNamer(snap_);
    for (const registers::InspectionItem& item : rows_) {
      ASSIGN_OR_RETURN(auto head, store::FindItemHeadByCode(c, item.department_id, item.code));
      if (!head) {
        ASSIGN_OR_RETURN(int64_t id, store::InsertItemHead(c, item, now));
        RETURN_IF_ERROR(store::InsertItemVersion(
            c, {id, 1, item, note, now, ActorName(who_), std::nullopt, ""}));
        ++result.created;
        continue;
      }
      ASSIGN_OR_RETURN(auto cur, store::FindItemVersion(c, head->id, head->current_version));
      if (cur && registers::DiffItems(cur->item, item, names).empty()) {
        ++result.unchanged;
        continue;
      }
      const int version = head->current_version + 1;
      RETURN_IF_ERROR(store::InsertItemVersion(
          c, {head->id, version, item, note, now, ActorName(who_), std::nullopt, ""}));
      RETURN_IF_ERROR(store::UpdateItemHead(c, head->id, item, version, now));
      ++result.updated;
    }
    return OkStatus();
  }

 private:
  RegisterContext& ctx_;
  const Principal& who_;
  const ImportOptions& o_;
  std::shared_ptr<const OrgSnapshot> snap_;
  std::shared_ptr<const registers::DictionarySet> dicts_;
  WriteScope scope_;
  std::vector<registers::InspectionItem> rows_;
  std::map<std::pair<int64_t, std::string>, size_t> seen_;
};

}  // namespace

StatusOr<ImportResult> RegisterTransfer::ImportItems(const Principal& who, std::string_view bytes,
                                                     const ImportOptions& o) {
  ASSIGN_OR_RETURN(auto snap, ctx_.org.Snapshot());
  ASSIGN_OR_RETURN(auto dicts, ctx_.dictionaries.Current());
  if (o.department_id && !snap->FindDepartment(*o.department_id))
    return NotFound("DEPARTMENT_NOT_FOUND",
                    "部门不存在（编号 " + std::to_string(*o.department_id) + "）");
  ItemImport import(ctx_, who, o, std::move(snap), std::move(dicts));
  return RunImport(ctx_, who, RegisterKind::kItems, bytes, o, import);
}

Status RegisterTransfer::ExportItems(const Principal&, const ExportOptions& o,
                                     tabular::TableWriter& out) {
  ASSIGN_OR_RETURN(auto snap, ctx_.org.Snapshot());
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  std::vector<int64_t> depts;
  if (o.department_id) depts.push_back(*o.department_id);
  ASSIGN_OR_RETURN(auto items, store::CurrentItemVersions(*conn, depts));
  const auto dept_name = DepartmentNamer(snap);
  std::vector<std::string> cells(kItemColCount);
  for (const auto& v : items) {
    const registers::InspectionItem& i = v.item;
    cells[kDepartment] = dept_name(i.department_id);
    cells[kCode] = i.code;
    cells[kName] = i.name;
    cells[kCategory] = i.category;
    cells[kLegalBasis] = registers::JoinList(i.legal_basis);
    cells[kTargetTypes] = registers::JoinList(i.target_types);
    cells[kContent] = i.content;
    cells[kMethods] = registers::JoinList(i.methods);
    cells[kRatioMin] = registers::PercentText(i.ratio_min_bp);
    cells[kRatioMax] = registers::PercentText(i.ratio_max_bp);
    cells[kLifeSafety] = registers::BoolText(i.life_safety);
    cells[kMaxPerYear] = std::to_string(i.max_per_target_per_year);
    cells[kFrequency] = i.frequency_note;
    cells[kQualifications] = registers::JoinList(i.qualifications);
    cells[kExpertsPerTarget] = std::to_string(i.experts_per_target);
    cells[kExpertFields] = registers::JoinList(i.expert_fields);
    cells[kLevel] = i.level;
    cells[kLead] = i.lead_department_id ? dept_name(*i.lead_department_id) : "";
    std::vector<std::string> coop;
    for (int64_t d : i.cooperating_department_ids) coop.push_back(dept_name(d));
    cells[kCooperating] = registers::JoinList(coop);
    cells[kValidFrom] = registers::DateText(i.valid_from);
    cells[kValidTo] = registers::DateText(i.valid_to);
    cells[kActive] = i.active ? "有效" : "已停用";
    cells[kInactiveReason] = i.inactive_reason;
    RETURN_IF_ERROR(out.AddRow(cells));
  }
  return OkStatus();
}

}  // namespace suiji::service
