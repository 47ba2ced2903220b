// Past inspections at go-live (issue 13 "History at go-live"): `suiji import inspections FILE`
// loads the inspections a department made before the platform, so that the yearly cap and the
// minimum intervals of the next task previews count them from day one, and 互认共享 shows them to
// the region's other departments. All or nothing like every import: every bad row is reported
// (unknown object or department, an item outside the department's list, a date in the future, a
// 检查结果 the dictionary does not name, a row given twice or imported before) and nothing is
// stored; an applied import is one "register.import" audit entry naming the file and its SHA-256.
#include <map>
#include <set>
#include <tuple>

#include "core/registers/dictionary.h"
#include "core/text.h"
#include "service/credit/mutual_recognition.h"
#include "service/registers/transfer.h"
#include "service/registers/transfer_internal.h"
#include "store/credit/mutual_store.h"
#include "store/registers/item_store.h"
#include "store/registers/target_store.h"

namespace suiji::service {
namespace transfer {
namespace {

enum InspectionCol : size_t {
  kHTargetKey,
  kHTargetName,
  kHDepartment,
  kHItems,
  kHDate,
  kHResult,
  kHRemark,
  kInspectionColCount
};

// A department's current item list: codes, and names to their codes.
struct DepartmentItems {
  std::set<std::string> codes;
  std::map<std::string, std::vector<std::string>> by_name;
};

class InspectionImport : public RegisterImport {
 public:
  InspectionImport(RegisterContext& ctx, const Principal& who, const ImportOptions& o,
                   std::shared_ptr<const OrgSnapshot> snap,
                   std::shared_ptr<const registers::DictionarySet> dicts)
      : o_(o),
        snap_(std::move(snap)),
        dicts_(std::move(dicts)),
        today_(ctx.Today()),
        scope_(ctx, who) {}

  Status Begin(store::Connection&, ImportResult& result) override {
    sha256_ = result.sha256;
    seen_.clear();
    items_.clear();
    scope_.Clear();
    return OkStatus();
  }

  Status Row(store::Connection& c, RowReader& r, ImportResult& res) override {
    store::PastInspectionRow row;
    row.import_sha256 = sha256_;
    const std::string key = r.Code(kHTargetKey);
    if (key.empty()) {
      r.Error(kHTargetKey, "必须填写统一社会信用代码（或注册号）");
    } else {
      ASSIGN_OR_RETURN(auto target, store::FindTargetByKey(c, key));
      if (!target) {
        r.Error(kHTargetKey, "检查对象名录库中没有该检查对象");
      } else {
        row.target_id = target->id;
        if (r.Has(kHTargetName) && r.Raw(kHTargetName) != target->target.name)
          r.Error(kHTargetName, "名称与代码登记的检查对象（" + target->target.name + "）不符");
      }
    }
    if (r.Has(kHDepartment)) {
      auto d = ResolveDepartment(*snap_, r.Raw(kHDepartment));
      if (!d) r.Error(kHDepartment, "部门不存在或名称不唯一（可填部门代码）");
      else row.department_id = *d;
    } else if (o_.department_id) {
      row.department_id = *o_.department_id;
    } else {
      r.Error(kHDepartment, "必须填写检查部门");
    }
    if (row.department_id > 0) {
      ASSIGN_OR_RETURN(bool ok, scope_.Department(row.department_id));
      if (!ok) r.Error(kHDepartment, "无权导入该部门的检查记录");
      ASSIGN_OR_RETURN(const DepartmentItems* items, ItemsOf(c, row.department_id));
      const std::vector<std::string> given = r.List(kHItems);
      if (given.empty()) r.Error(kHItems, "必须填写检查事项（事项编码或名称，多项用“；”分隔）");
      for (const std::string& g : given) {
        const std::string code = tabular::NormalizeCode(g);
        if (items->codes.contains(code)) {
          row.item_codes.push_back(code);
          continue;
        }
        auto named = items->by_name.find(g);
        if (named == items->by_name.end()) {
          r.Error(kHItems, "“" + g + "”不在该部门的抽查事项清单中");
        } else if (named->second.size() > 1) {
          r.Error(kHItems, "事项名称“" + g + "”不唯一，请填写事项编码");
        } else {
          row.item_codes.push_back(named->second.front());
        }
      }
    } else if (!r.Has(kHItems)) {
      r.Error(kHItems, "必须填写检查事项（事项编码或名称，多项用“；”分隔）");
    }
    std::optional<Date> day;
    if (!r.Has(kHDate)) {
      r.Error(kHDate, "必须填写检查日期");
    } else if ((day = r.DateCell(kHDate))) {
      if (*day > today_) r.Error(kHDate, "检查日期不能晚于今天（" + today_.ToString() + "）");
      else if (day->year < 2000) r.Error(kHDate, "检查日期应在 2000 年以后");
      else row.inspected_on = day->ToString();
    }
    row.result = r.Text(kHResult);
    if (row.result.empty()) r.Error(kHResult, "必须填写检查结果");
    else if (!dicts_->Get(registers::dict::kInspectionResult).Accepts(row.result))
      r.Error(kHResult, "检查结果不在字典中（应为“未发现问题”“发现问题已责令改正”等）");
    row.remark = r.Text(kHRemark);
    if (Status s = text::CheckText("备注", row.remark, text::kNote); !s.ok())
      r.Error(kHRemark, s.message());
    if (row.target_id > 0 && row.department_id > 0 && !row.inspected_on.empty()) {
      auto [it, fresh] = seen_.emplace(
          std::make_tuple(row.target_id, row.department_id, row.inspected_on), r.row());
      if (!fresh)
        r.RowError("与第 " + std::to_string(it->second) +
                   " 行是同一次检查（同一检查对象、检查部门和检查日期）");
      ASSIGN_OR_RETURN(bool stored, store::PastInspectionExists(c, row.target_id, row.department_id,
                                                                row.inspected_on));
      if (stored) r.RowError("该次检查已导入过（同一检查对象、检查部门和检查日期）");
    }
    if (r.errors() > 0 || !res.report.ok()) return OkStatus();
    RETURN_IF_ERROR(store::InsertPastInspection(c, row));
    ++res.created;
    return OkStatus();
  }

 private:
  StatusOr<const DepartmentItems*> ItemsOf(store::Connection& c, int64_t department_id) {
    auto it = items_.find(department_id);
    if (it != items_.end()) return &it->second;
    DepartmentItems out;
    ASSIGN_OR_RETURN(auto versions, store::CurrentItemVersions(c, {department_id}));
    for (const auto& v : versions) {
      out.codes.insert(v.item.code);
      out.by_name[v.item.name].push_back(v.item.code);
    }
    return &items_.emplace(department_id, std::move(out)).first->second;
  }

  const ImportOptions& o_;
  std::shared_ptr<const OrgSnapshot> snap_;
  std::shared_ptr<const registers::DictionarySet> dicts_;
  Date today_;
  WriteScope scope_;
  std::string sha256_;
  std::map<std::tuple<int64_t, int64_t, std::string>, size_t> seen_;
  std::map<int64_t, DepartmentItems> items_;
};

}  // namespace

const std::vector<tabular::ColumnSpec>& InspectionColumns() {
  static const std::vector<tabular::ColumnSpec> specs = {
      {"target_key",
       "统一社会信用代码",
       true,
       {"检查对象代码", "对象代码", "注册号", "社会信用代码"},
       "91350100M000100Y43"},
      {"target_name", "市场主体名称", false, {"检查对象名称", "名称", "企业名称"}, ""},
      {"department_id",
       "检查部门",
       false,
       {"检查机关", "检查实施机关", "实施检查部门"},
       "郑州市金水区市场监督管理局"},
      {"items", "检查事项", true, {"抽查事项", "检查事项编码", "事项编码"}, "SCJG-GS-01"},
      {"inspected_on", "检查日期", true, {"检查完成日期", "检查时间"}, "2026-10-15"},
      {"result", "检查结果", true, {}, "未发现问题"},
      {"remark", "备注", false, {"说明"}, ""},
  };
  return specs;
}

}  // namespace transfer

StatusOr<ImportResult> RegisterTransfer::ImportInspections(const Principal& who,
                                                           std::string_view bytes,
                                                           const ImportOptions& o) {
  ASSIGN_OR_RETURN(auto snap, ctx_.org.Snapshot());
  ASSIGN_OR_RETURN(auto dicts, ctx_.dictionaries.Current());
  transfer::InspectionImport import(ctx_, who, o, std::move(snap), std::move(dicts));
  return transfer::RunImport(ctx_, who, RegisterKind::kInspections, bytes, o, import);
}

Status RegisterTransfer::ExportInspections(const Principal& who, const ExportOptions& o,
                                           tabular::TableWriter& out) {
  ASSIGN_OR_RETURN(auto within, RecognizedDepartments(ctx_.org, who));
  if (o.department_id) {
    if (within && std::find(within->begin(), within->end(), *o.department_id) == within->end())
      return PermissionDenied("PERMISSION_DENIED", "没有权限查看该部门的检查记录");
    within = std::vector<int64_t>{*o.department_id};
  }
  ASSIGN_OR_RETURN(auto snap, ctx_.org.Snapshot());
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  ASSIGN_OR_RETURN(auto rows, store::ListPastInspections(*conn, within));
  std::vector<std::string> cells(transfer::kInspectionColCount);
  for (const auto& x : rows) {
    const std::string& key = x.target_key;
    cells[transfer::kHTargetKey] =
        key.starts_with("REG:") || key.starts_with("OBJ:") ? key.substr(4) : key;
    cells[transfer::kHTargetName] = x.target_name;
    const Department* d = snap->FindDepartment(x.department_id);
    cells[transfer::kHDepartment] = d ? d->name : std::to_string(x.department_id);
    cells[transfer::kHItems] = registers::JoinList(x.item_codes);
    cells[transfer::kHDate] = x.inspected_on;
    cells[transfer::kHResult] = x.result;
    cells[transfer::kHRemark] = x.remark;
    RETURN_IF_ERROR(out.AddRow(cells));
  }
  return OkStatus();
}

}  // namespace suiji::service
