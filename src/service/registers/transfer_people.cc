// 执法检查人员名录库, 专家名录库 and 回避关系 import and export. These registers are small
// (hundreds of rows): rows are validated against the stored state and applied record by record
// inside one transaction, with field-level history naming the file.
#include <map>
#include <set>

#include "core/hash.h"
#include "core/ids.h"
#include "service/audit.h"
#include "service/registers/people_service.h"
#include "service/registers/transfer.h"
#include "service/registers/transfer_internal.h"
#include "store/registers/people_store.h"
#include "store/registers/target_store.h"
#include "store/user_store.h"

namespace suiji::service {
namespace transfer {
namespace {

enum InspectorCol : size_t {
  kIName,
  kIGender,
  kIDepartment,
  kIUnit,
  kIUnitCode,
  kIPosition,
  kICertNo,
  kICertExpires,
  kICitizenId,
  kISpecialties,
  kIQualifications,
  kIItemScope,
  kIStatus,
  kIStatusReason,
  kIAbsences,
  kIPhone,
  kIUser,
  kInspectorColCount
};

enum ExpertCol : size_t {
  kEDepartment,
  kENo,
  kEName,
  kEOrganisation,
  kEExternal,
  kETitle,
  kESpecialties,
  kEServiceFields,
  kEFrom,
  kETo,
  kEPhone,
  kEActive,
  kEInactiveReason,
  kExpertColCount
};

enum ConflictCol : size_t {
  kCCertNo,
  kCInspectorName,
  kCTargetKey,
  kCTargetName,
  kCKind,
  kCSource,
  kCNote,
  kCFrom,
  kCTo,
  kCActive,
  kCInactiveReason,
  kConflictColCount
};

// A masked number ("410105********1234") as exported: it stands for the stored number.
bool IsMasked(std::string_view id) { return id.find('*') != std::string_view::npos; }

}  // namespace

const std::vector<tabular::ColumnSpec>& InspectorColumns() {
  static const std::vector<tabular::ColumnSpec> specs = {
      {"name", "姓名", true, {}, "刘洋"},
      {"gender", "性别", false, {}, "男"},
      {"department_id", "所属部门", false, {"部门"}, "郑州市金水区市场监督管理局"},
      {"unit_id", "所属单位", false, {"单位", "人员归属"}, "花园路市场监管所"},
      {"unit_code", "单位代码", false, {}, ""},
      {"position", "职务", false, {"岗位"}, "科员"},
      {"cert_no", "执法证号", true, {"执法证编号", "行政执法证号"}, "豫A0105001"},
      {"cert_expires",
       "执法证有效期至",
       true,
       {"执法证有效期", "有效期至", "证件有效期"},
       "2028-06-30"},
      {"citizen_id", "身份证号", false, {"身份证号码", "公民身份号码"}, "11010519491231002X"},
      {"specialties", "专业类别", false, {"业务专长", "专业"}, "食品安全"},
      {"qualifications", "执法资格", false, {"资格"}, "食品安全监管(~2027-12-31)"},
      {"item_scope", "可检查事项", false, {"检查事项范围"}, ""},
      {"status", "人员状态", false, {"状态"}, "有效"},
      {"status_reason", "状态说明", false, {"失效原因"}, ""},
      {"absences", "请假/培训", false, {"不在岗"}, ""},
      {"phone", "联系电话", false, {"电话", "手机"}, "13800000000"},
      {"user_id", "登录账号", false, {"用户名"}, ""},
  };
  return specs;
}

const std::vector<tabular::ColumnSpec>& ExpertColumns() {
  static const std::vector<tabular::ColumnSpec> specs = {
      {"department_id", "所属部门", false, {"部门"}, "郑州市金水区市场监督管理局"},
      {"expert_no", "专家编号", true, {"编号"}, "ZJ-001"},
      {"name", "姓名", true, {}, "周文"},
      {"organisation", "所在单位", true, {"工作单位"}, "郑州大学食品科学与工程学院"},
      {"external", "外部专家", false, {"是否外部专家"}, "是"},
      {"title", "职称", false, {}, "教授"},
      {"specialties", "业务专长", true, {"专长"}, "食品检验"},
      {"service_fields", "服务领域", false, {}, "食品安全"},
      {"engaged_from", "聘用开始日期", false, {}, "2026-01-01"},
      {"engaged_to", "聘用结束日期", false, {}, "2028-12-31"},
      {"phone", "联系电话", false, {"电话"}, ""},
      {"active", "状态", false, {}, "有效"},
      {"inactive_reason", "停用原因", false, {}, ""},
  };
  return specs;
}

const std::vector<tabular::ColumnSpec>& ConflictColumns() {
  static const std::vector<tabular::ColumnSpec> specs = {
      {"inspector_id", "执法证号", true, {"执法检查人员执法证号"}, "豫A0105001"},
      {"inspector_name", "姓名", false, {"执法检查人员"}, "刘洋"},
      {"target_id", "检查对象代码", true, {"统一社会信用代码", "对象代码"}, "91350100M000100Y43"},
      {"target_name", "检查对象名称", false, {"检查对象"}, "郑州市金水区鑫源餐饮店"},
      {"kind", "回避类型", true, {"关系类型"}, "亲属"},
      {"source", "来源", true, {"信息来源"}, "本人申报"},
      {"note", "说明", false, {"备注"}, ""},
      {"valid_from", "生效日期", false, {}, "2026-01-01"},
      {"valid_to", "截止日期", false, {}, ""},
      {"active", "状态", false, {}, "有效"},
      {"inactive_reason", "撤销原因", false, {}, ""},
  };
  return specs;
}

}  // namespace transfer

using namespace transfer;  // NOLINT(google-build-using-namespace): the column enums

namespace {

// Registers small enough (hundreds of rows) to be checked against the stored state and written
// record by record, with field-level history naming the file.
class SmallImport : public RegisterImport {
 public:
  SmallImport(RegisterContext& ctx, const Principal& who, const ImportOptions& o)
      : ctx_(ctx), who_(who), o_(o), now_(ctx.Now()), scope_(ctx, who) {}
  Status Begin(store::Connection&, ImportResult& result) override {
    note_ = ImportNote(result, o_);
    scope_.Clear();
    return OkStatus();
  }

 protected:
  store::HistoryContext History() const { return HistoryFor(who_, now_, note_); }

  RegisterContext& ctx_;
  const Principal& who_;
  const ImportOptions& o_;
  const std::string now_;
  std::string note_;
  WriteScope scope_;
};

class InspectorImport : public SmallImport {
 public:
  InspectorImport(RegisterContext& ctx, const Principal& who, const ImportOptions& o,
                  std::shared_ptr<const OrgSnapshot> snap,
                  std::shared_ptr<const registers::DictionarySet> dicts)
      : SmallImport(ctx, who, o),
        snap_(std::move(snap)),
        dicts_(std::move(dicts)),
        today_(ctx.Today()),
        units_(*snap_, o.department_id),
        unit_name_(UnitNamer(snap_)) {}

  Status Begin(store::Connection& c, ImportResult& result) override {
    seen_cert_.clear();
    seen_id_.clear();
    return SmallImport::Begin(c, result);
  }

  Status Row(store::Connection& c, RowReader& r, ImportResult& res) override {
    registers::Inspector i;
    i.name = r.Text(kIName);
    i.gender = r.Text(kIGender);
    auto unit = units_.Resolve(r.Raw(kIUnitCode), r.Raw(kIUnit));
    if (auto* id = std::get_if<int64_t>(&unit)) i.unit_id = *id;
    else r.Error(r.Has(kIUnitCode) ? kIUnitCode : kIUnit, std::get<std::string>(unit));
    if (const Unit* u = snap_->FindUnit(i.unit_id)) i.department_id = u->department_id;
    if (r.Has(kIDepartment) && i.department_id > 0) {
      auto d = ResolveDepartment(*snap_, r.Raw(kIDepartment));
      if (!d || *d != i.department_id) r.Error(kIDepartment, "所属单位不属于该部门");
    }
    i.position = r.Text(kIPosition);
    i.cert_no = r.Code(kICertNo);
    i.cert_expires = r.DateCell(kICertExpires);
    std::string citizen = r.Code(kICitizenId);
    i.specialties = r.List(kISpecialties);
    auto quals = registers::ParseQualificationsText(r.Raw(kIQualifications));
    if (quals.ok()) i.qualifications = std::move(quals).value();
    else r.Error(kIQualifications, quals.status().message());
    i.item_scope = r.List(kIItemScope);
    for (auto& code : i.item_scope) code = tabular::NormalizeCode(code);
    i.status = r.Text(kIStatus);
    if (i.status.empty())
      i.status = registers::InspectorStatusName(registers::InspectorStatus::kActive);
    i.status_reason = r.Text(kIStatusReason);
    auto absences = registers::ParseAbsencesText(r.Raw(kIAbsences));
    if (absences.ok()) i.absences = std::move(absences).value();
    else r.Error(kIAbsences, absences.status().message());
    i.phone = r.Text(kIPhone);
    if (r.Has(kIUser)) {
      ASSIGN_OR_RETURN(auto user, store::FindUserByName(c, r.Raw(kIUser)));
      if (!user) r.Error(kIUser, "登录账号不存在");
      else i.user_id = user->user.id;
    }
    std::optional<store::StoredInspector> existing;
    if (!i.cert_no.empty()) {
      ASSIGN_OR_RETURN(existing, store::FindInspectorByCertNo(c, i.cert_no));
      auto [it, fresh] = seen_cert_.emplace(i.cert_no, r.row());
      if (!fresh) r.Error(kICertNo, "与第 " + std::to_string(it->second) + " 行的执法证号重复");
    }
    std::optional<store::SealedCitizenId> sealed;
    bool masked_refused = false;
    if (IsMasked(citizen)) {
      masked_refused = !existing || existing->inspector.citizen_id_masked != citizen;
      if (masked_refused)
        r.Error(kICitizenId, "身份证号为脱敏形式，新增人员或更换号码时须填写完整号码");
    } else if (!citizen.empty()) {
      i.citizen_id = citizen;
    }
    r.Problems(registers::ValidateInspector(i, *dicts_, today_, !existing && !masked_refused));
    if (!i.citizen_id.empty() && r.errors() == 0) {
      sealed = ctx_.pii.SealCitizenId(i.citizen_id, ctx_.entropy);
      ASSIGN_OR_RETURN(auto holder, store::FindInspectorIdByCitizenHash(c, sealed->hash));
      if (holder && (!existing || *holder != existing->id))
        r.Error(kICitizenId, "该身份证号已登记在名录库中（编号 " + std::to_string(*holder) + "）");
      if (existing && holder && *holder == existing->id) sealed.reset();
      auto [it, fresh] = seen_id_.emplace(i.citizen_id, r.row());
      if (!fresh) r.Error(kICitizenId, "与第 " + std::to_string(it->second) + " 行的身份证号重复");
    }
    if (i.user_id) {
      ASSIGN_OR_RETURN(auto linked, store::FindInspectorByUser(c, *i.user_id));
      if (linked && (!existing || linked->id != existing->id))
        r.Error(kIUser, "该登录账号已关联执法检查人员“" + linked->inspector.name + "”");
    }
    if (i.unit_id > 0) {
      ASSIGN_OR_RETURN(bool ok, scope_.Unit(i.unit_id));
      if (!ok) r.Error(kIUnit, "无权维护该单位的执法检查人员");
      if (existing && existing->inspector.unit_id != i.unit_id) {
        ASSIGN_OR_RETURN(bool old_ok, scope_.Unit(existing->inspector.unit_id));
        if (!old_ok) r.Error(kIUnit, "该人员原所属单位不在您的管辖范围内，不能调动");
      }
    }
    if (r.errors() > 0 || !res.report.ok()) return OkStatus();
    if (!existing) {
      if (!sealed) sealed = ctx_.pii.SealCitizenId(i.citizen_id, ctx_.entropy);
      i.citizen_id_masked = sealed->masked;
      ASSIGN_OR_RETURN(int64_t id, store::InsertInspector(c, i, *sealed, now_));
      RETURN_IF_ERROR(
          store::AppendHistoryEvent(c, store::kHistoryInspector, id, "create", History()));
      ++res.created;
      return OkStatus();
    }
    i.citizen_id_masked = sealed ? sealed->masked : existing->inspector.citizen_id_masked;
    registers::Inspector compare = i;
    compare.citizen_id.clear();
    if (sealed && compare.citizen_id_masked == existing->inspector.citizen_id_masked)
      compare.citizen_id_masked += " ";
    registers::Changes changes =
        registers::DiffInspectors(existing->inspector, compare, unit_name_);
    for (auto& ch : changes)
      if (ch.field == "citizen_id") ch.new_value = i.citizen_id_masked;
    if (changes.empty()) {
      ++res.unchanged;
      return OkStatus();
    }
    RETURN_IF_ERROR(store::UpdateInspector(c, existing->id, i, sealed, now_));
    RETURN_IF_ERROR(store::AppendHistoryChanges(c, store::kHistoryInspector, existing->id, "update",
                                                changes, History()));
    ++res.updated;
    return OkStatus();
  }

 private:
  std::shared_ptr<const OrgSnapshot> snap_;
  std::shared_ptr<const registers::DictionarySet> dicts_;
  const Date today_;
  UnitResolver units_;
  std::function<std::string(int64_t)> unit_name_;
  std::map<std::string, size_t> seen_cert_, seen_id_;
};

class ExpertImport : public SmallImport {
 public:
  ExpertImport(RegisterContext& ctx, const Principal& who, const ImportOptions& o,
               std::shared_ptr<const OrgSnapshot> snap)
      : SmallImport(ctx, who, o), snap_(std::move(snap)) {}

  Status Begin(store::Connection& c, ImportResult& result) override {
    seen_.clear();
    return SmallImport::Begin(c, result);
  }

  Status Row(store::Connection& c, RowReader& r, ImportResult& res) override {
    registers::Expert e;
    if (r.Has(kEDepartment)) {
      auto d = ResolveDepartment(*snap_, r.Raw(kEDepartment));
      if (!d) r.Error(kEDepartment, "部门不存在或名称不唯一");
      else if (o_.department_id && *d != *o_.department_id)
        r.Error(kEDepartment, "与导入时指定的部门不一致");
      else e.department_id = *d;
    } else if (o_.department_id) {
      e.department_id = *o_.department_id;
    } else {
      r.Error(kEDepartment, "请填写所属部门，或导入时指定部门");
    }
    e.expert_no = r.Code(kENo);
    e.name = r.Text(kEName);
    e.organisation = r.Text(kEOrganisation);
    e.external = r.Bool(kEExternal, true).value_or(true);
    e.title = r.Text(kETitle);
    e.specialties = r.List(kESpecialties);
    e.service_fields = r.List(kEServiceFields);
    e.engaged_from = r.DateCell(kEFrom);
    e.engaged_to = r.DateCell(kETo);
    e.phone = r.Text(kEPhone);
    e.active = r.State(kEActive, "有效", "已停用", true).value_or(true);
    e.inactive_reason = r.Text(kEInactiveReason);
    r.Problems(registers::ValidateExpert(e));
    if (!e.expert_no.empty()) {
      auto [it, fresh] = seen_.emplace(e.expert_no, r.row());
      if (!fresh) r.Error(kENo, "与第 " + std::to_string(it->second) + " 行的专家编号重复");
    }
    ASSIGN_OR_RETURN(auto existing, store::FindExpertByNo(c, e.expert_no));
    for (int64_t d : {e.department_id, existing ? existing->expert.department_id : int64_t{0}}) {
      if (d <= 0) continue;
      ASSIGN_OR_RETURN(bool ok, scope_.Department(d));
      if (!ok) r.Error(kEDepartment, "无权维护该部门的专家名录");
    }
    if (r.errors() > 0 || !res.report.ok()) return OkStatus();
    if (!existing) {
      ASSIGN_OR_RETURN(int64_t id, store::InsertExpert(c, e, now_));
      RETURN_IF_ERROR(store::AppendHistoryEvent(c, store::kHistoryExpert, id, "create", History()));
      ++res.created;
      return OkStatus();
    }
    registers::Changes changes = registers::DiffExperts(existing->expert, e);
    if (changes.empty()) {
      ++res.unchanged;
      return OkStatus();
    }
    RETURN_IF_ERROR(store::UpdateExpert(c, existing->id, e, now_));
    RETURN_IF_ERROR(store::AppendHistoryChanges(c, store::kHistoryExpert, existing->id, "update",
                                                changes, History()));
    ++res.updated;
    return OkStatus();
  }

 private:
  std::shared_ptr<const OrgSnapshot> snap_;
  std::map<std::string, size_t> seen_;
};

class ConflictImport : public SmallImport {
 public:
  ConflictImport(RegisterContext& ctx, const Principal& who, const ImportOptions& o,
                 std::shared_ptr<const registers::DictionarySet> dicts)
      : SmallImport(ctx, who, o), dicts_(std::move(dicts)) {}

  Status Begin(store::Connection& c, ImportResult& result) override {
    seen_.clear();
    return SmallImport::Begin(c, result);
  }

  Status Row(store::Connection& c, RowReader& r, ImportResult& res) override {
    registers::ConflictOfInterest x;
    const std::string cert = r.Code(kCCertNo);
    ASSIGN_OR_RETURN(auto inspector, store::FindInspectorByCertNo(c, cert));
    if (!inspector) {
      r.Error(kCCertNo, "名录库中没有该执法证号");
    } else {
      x.inspector_id = inspector->id;
      if (r.Has(kCInspectorName) && r.Raw(kCInspectorName) != inspector->inspector.name)
        r.Error(kCInspectorName,
                "姓名与执法证号登记的人员（" + inspector->inspector.name + "）不符");
      ASSIGN_OR_RETURN(bool ok, scope_.Unit(inspector->inspector.unit_id));
      if (!ok) r.Error(kCCertNo, "无权维护该人员的回避关系");
    }
    const std::string key = r.Code(kCTargetKey);
    ASSIGN_OR_RETURN(auto target, store::FindTargetByKey(c, key));
    if (!target) {
      r.Error(kCTargetKey, "名录库中没有该检查对象");
    } else {
      x.target_id = target->id;
      if (r.Has(kCTargetName) && r.Raw(kCTargetName) != target->target.name)
        r.Error(kCTargetName, "名称与代码登记的检查对象（" + target->target.name + "）不符");
    }
    x.kind = r.Text(kCKind);
    x.source = r.Text(kCSource);
    x.note = r.Text(kCNote);
    x.valid_from = r.DateCell(kCFrom);
    x.valid_to = r.DateCell(kCTo);
    x.active = r.State(kCActive, "有效", "已撤销", true).value_or(true);
    x.inactive_reason = r.Text(kCInactiveReason);
    registers::Problems problems = registers::ValidateConflict(x, *dicts_);
    std::erase_if(problems, [](const registers::FieldProblem& p) {
      return p.field == "inspector_id" || p.field == "target_id";  // reported above
    });
    r.Problems(problems);
    auto [it, fresh] = seen_.emplace(std::make_tuple(x.inspector_id, x.target_id, x.kind), r.row());
    if (!fresh && x.inspector_id > 0 && x.target_id > 0)
      r.RowError("与第 " + std::to_string(it->second) + " 行是同一回避关系");
    if (r.errors() > 0 || !res.report.ok()) return OkStatus();
    ASSIGN_OR_RETURN(auto existing,
                     store::FindConflictByKey(c, x.inspector_id, x.target_id, x.kind));
    if (!existing) {
      ASSIGN_OR_RETURN(int64_t id, store::InsertConflict(c, x, now_));
      RETURN_IF_ERROR(
          store::AppendHistoryEvent(c, store::kHistoryConflict, id, "create", History()));
      ++res.created;
      return OkStatus();
    }
    registers::Changes changes = registers::DiffConflicts(existing->conflict, x);
    if (changes.empty()) {
      ++res.unchanged;
      return OkStatus();
    }
    RETURN_IF_ERROR(store::UpdateConflict(c, existing->id, x, now_));
    RETURN_IF_ERROR(store::AppendHistoryChanges(c, store::kHistoryConflict, existing->id, "update",
                                                changes, History()));
    ++res.updated;
    return OkStatus();
  }

 private:
  std::shared_ptr<const registers::DictionarySet> dicts_;
  std::map<std::tuple<int64_t, int64_t, std::string>, size_t> seen_;
};

}  // namespace

StatusOr<ImportResult> RegisterTransfer::ImportInspectors(const Principal& who,
                                                          std::string_view bytes,
                                                          const ImportOptions& o) {
  ASSIGN_OR_RETURN(auto snap, ctx_.org.Snapshot());
  ASSIGN_OR_RETURN(auto dicts, ctx_.dictionaries.Current());
  InspectorImport import(ctx_, who, o, std::move(snap), std::move(dicts));
  return RunImport(ctx_, who, RegisterKind::kInspectors, bytes, o, import);
}

StatusOr<ImportResult> RegisterTransfer::ImportExperts(const Principal& who, std::string_view bytes,
                                                       const ImportOptions& o) {
  ASSIGN_OR_RETURN(auto snap, ctx_.org.Snapshot());
  ExpertImport import(ctx_, who, o, std::move(snap));
  return RunImport(ctx_, who, RegisterKind::kExperts, bytes, o, import);
}

StatusOr<ImportResult> RegisterTransfer::ImportConflicts(const Principal& who,
                                                         std::string_view bytes,
                                                         const ImportOptions& o) {
  ASSIGN_OR_RETURN(auto dicts, ctx_.dictionaries.Current());
  ConflictImport import(ctx_, who, o, std::move(dicts));
  return RunImport(ctx_, who, RegisterKind::kConflicts, bytes, o, import);
}

Status RegisterTransfer::ExportInspectors(const Principal& who, const ExportOptions& o,
                                          tabular::TableWriter& out) {
  ASSIGN_OR_RETURN(auto snap, ctx_.org.Snapshot());
  InspectorSearch q;
  q.limit = 0;
  if (o.department_id) q.department_ids = {*o.department_id};
  ASSIGN_OR_RETURN(auto list, InspectorService(ctx_).List(who, q));
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  std::vector<std::string> cells(kInspectorColCount);
  for (const auto& s : list.first) {
    const registers::Inspector& i = s.inspector;
    const Unit* unit = snap->FindUnit(i.unit_id);
    const Department* dept = snap->FindDepartment(i.department_id);
    cells[kIName] = i.name;
    cells[kIGender] = i.gender;
    cells[kIDepartment] = dept ? dept->name : "";
    cells[kIUnit] = unit ? unit->name : "";
    cells[kIUnitCode] = unit ? unit->code : "";
    cells[kIPosition] = i.position;
    cells[kICertNo] = i.cert_no;
    cells[kICertExpires] = registers::DateText(i.cert_expires);
    cells[kICitizenId] = i.citizen_id_masked;
    cells[kISpecialties] = registers::JoinList(i.specialties);
    cells[kIQualifications] = registers::QualificationsText(i.qualifications);
    cells[kIItemScope] = registers::JoinList(i.item_scope);
    cells[kIStatus] = i.status;
    cells[kIStatusReason] = i.status_reason;
    cells[kIAbsences] = registers::AbsencesText(i.absences);
    cells[kIPhone] = i.phone;
    cells[kIUser].clear();
    if (i.user_id) {
      ASSIGN_OR_RETURN(auto user, store::FindUserById(*conn, *i.user_id));
      if (user) cells[kIUser] = user->user.username;
    }
    RETURN_IF_ERROR(out.AddRow(cells));
  }
  return OkStatus();
}

Status RegisterTransfer::ExportExperts(const Principal& who, const ExportOptions& o,
                                       tabular::TableWriter& out) {
  ASSIGN_OR_RETURN(auto snap, ctx_.org.Snapshot());
  ExpertSearch q;
  q.limit = 0;
  if (o.department_id) q.department_ids = {*o.department_id};
  ASSIGN_OR_RETURN(auto list, ExpertService(ctx_).List(who, q));
  const auto dept_name = DepartmentNamer(snap);
  std::vector<std::string> cells(kExpertColCount);
  for (const auto& s : list.first) {
    const registers::Expert& e = s.expert;
    cells[kEDepartment] = dept_name(e.department_id);
    cells[kENo] = e.expert_no;
    cells[kEName] = e.name;
    cells[kEOrganisation] = e.organisation;
    cells[kEExternal] = registers::BoolText(e.external);
    cells[kETitle] = e.title;
    cells[kESpecialties] = registers::JoinList(e.specialties);
    cells[kEServiceFields] = registers::JoinList(e.service_fields);
    cells[kEFrom] = registers::DateText(e.engaged_from);
    cells[kETo] = registers::DateText(e.engaged_to);
    cells[kEPhone] = e.phone;
    cells[kEActive] = e.active ? "有效" : "已停用";
    cells[kEInactiveReason] = e.inactive_reason;
    RETURN_IF_ERROR(out.AddRow(cells));
  }
  return OkStatus();
}

Status RegisterTransfer::ExportConflicts(const Principal& who, const ExportOptions&,
                                         tabular::TableWriter& out) {
  ConflictSearch q;
  q.limit = 0;
  ASSIGN_OR_RETURN(auto list, ConflictService(ctx_).List(who, q));
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  std::vector<std::string> cells(kConflictColCount);
  for (const auto& s : list.first) {
    const registers::ConflictOfInterest& x = s.conflict;
    ASSIGN_OR_RETURN(auto inspector, store::FindInspector(*conn, x.inspector_id));
    ASSIGN_OR_RETURN(auto target, store::FindTarget(*conn, x.target_id));
    if (!inspector || !target) return Internal("conflict references a missing record");
    cells[kCCertNo] = inspector->inspector.cert_no;
    cells[kCInspectorName] = inspector->inspector.name;
    const std::string key = target->target.NaturalKey();
    cells[kCTargetKey] = key.starts_with("REG:") || key.starts_with("OBJ:") ? key.substr(4) : key;
    cells[kCTargetName] = target->target.name;
    cells[kCKind] = x.kind;
    cells[kCSource] = x.source;
    cells[kCNote] = x.note;
    cells[kCFrom] = registers::DateText(x.valid_from);
    cells[kCTo] = registers::DateText(x.valid_to);
    cells[kCActive] = x.active ? "有效" : "已撤销";
    cells[kCInactiveReason] = x.inactive_reason;
    RETURN_IF_ERROR(out.AddRow(cells));
  }
  return OkStatus();
}

}  // namespace suiji::service
