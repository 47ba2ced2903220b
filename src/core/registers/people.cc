#include "core/registers/people.h"

#include <algorithm>
#include <set>

#include "core/ids.h"
#include "core/registers/json_read.h"
#include "core/text.h"

namespace suiji::registers {

std::string_view InspectorStatusName(InspectorStatus s) {
  switch (s) {
    case InspectorStatus::kActive: return "有效";
    case InspectorStatus::kInactive: return "失效";
  }
  return "";
}

std::optional<InspectorStatus> ParseInspectorStatus(std::string_view text) {
  for (InspectorStatus s : {InspectorStatus::kActive, InspectorStatus::kInactive})
    if (text == InspectorStatusName(s)) return s;
  return std::nullopt;
}

namespace {

using json_read::DateJson;
using json_read::Json;
using json_read::OptJson;

const FieldDef<Inspector> kInspectorFields[] = {
    {"name", "姓名", [](const Inspector& i) { return i.name; }},
    {"gender", "性别", [](const Inspector& i) { return i.gender; }},
    {"position", "职务", [](const Inspector& i) { return i.position; }},
    {"cert_no", "执法证号", [](const Inspector& i) { return i.cert_no; }},
    {"cert_expires", "执法证有效期至", [](const Inspector& i) { return DateText(i.cert_expires); }},
    {"citizen_id", "身份证号", [](const Inspector& i) { return i.citizen_id_masked; }},
    {"specialties", "专业类别", [](const Inspector& i) { return JoinList(i.specialties); }},
    {"qualifications", "执法资格",
     [](const Inspector& i) { return QualificationsText(i.qualifications); }},
    {"item_scope", "可检查事项", [](const Inspector& i) { return JoinList(i.item_scope); }},
    {"status", "人员状态", [](const Inspector& i) { return i.status; }},
    {"status_reason", "状态说明", [](const Inspector& i) { return i.status_reason; }},
    {"absences", "请假/培训", [](const Inspector& i) { return AbsencesText(i.absences); }},
    {"phone", "联系电话", [](const Inspector& i) { return i.phone; }},
    {"user_id", "登录账号",
     [](const Inspector& i) { return i.user_id ? std::to_string(*i.user_id) : std::string(); }},
};

const FieldDef<Expert> kExpertFields[] = {
    {"expert_no", "专家编号", [](const Expert& e) { return e.expert_no; }},
    {"name", "姓名", [](const Expert& e) { return e.name; }},
    {"organisation", "所在单位", [](const Expert& e) { return e.organisation; }},
    {"external", "外部专家", [](const Expert& e) { return BoolText(e.external); }},
    {"title", "职称", [](const Expert& e) { return e.title; }},
    {"specialties", "业务专长", [](const Expert& e) { return JoinList(e.specialties); }},
    {"service_fields", "服务领域", [](const Expert& e) { return JoinList(e.service_fields); }},
    {"engaged_from", "聘用开始日期", [](const Expert& e) { return DateText(e.engaged_from); }},
    {"engaged_to", "聘用结束日期", [](const Expert& e) { return DateText(e.engaged_to); }},
    {"phone", "联系电话", [](const Expert& e) { return e.phone; }},
    {"active", "状态", [](const Expert& e) { return std::string(e.active ? "有效" : "已停用"); }},
    {"inactive_reason", "停用原因", [](const Expert& e) { return e.inactive_reason; }},
};

const FieldDef<ConflictOfInterest> kConflictFields[] = {
    {"kind", "回避类型", [](const ConflictOfInterest& c) { return c.kind; }},
    {"source", "来源", [](const ConflictOfInterest& c) { return c.source; }},
    {"note", "说明", [](const ConflictOfInterest& c) { return c.note; }},
    {"valid_from", "生效日期", [](const ConflictOfInterest& c) { return DateText(c.valid_from); }},
    {"valid_to", "截止日期", [](const ConflictOfInterest& c) { return DateText(c.valid_to); }},
    {"active", "状态",
     [](const ConflictOfInterest& c) { return std::string(c.active ? "有效" : "已撤销"); }},
    {"inactive_reason", "撤销原因", [](const ConflictOfInterest& c) { return c.inactive_reason; }},
};

void CheckPhone(Problems& p, const std::string& phone) {
  if (phone.empty()) return;
  bool ok = phone.size() >= 5 && phone.size() <= 20;
  for (char c : phone) ok = ok && ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == ' ');
  if (!ok) p.push_back({"phone", "联系电话", "应为 5 至 20 位数字（可含 - 和 +）"});
}

void CheckDistinct(Problems& p, const char* key, const char* label,
                   const std::vector<std::string>& values, size_t max_chars) {
  std::set<std::string> seen;
  for (const auto& v : values) {
    if (auto bad = text::FindTextViolation(v, {max_chars, false}))
      p.push_back({key, label, "每项" + bad->problem});
    else if (!seen.insert(v).second) p.push_back({key, label, "“" + v + "”重复"});
  }
}

bool Overlaps(std::optional<Date> from, std::optional<Date> to, Date a, Date b) {
  return (!from || *from <= b) && (!to || a <= *to);
}

}  // namespace

// --- inspectors ----------------------------------------------------------------------------

namespace {

template <typename T, size_t N>
std::vector<FieldInfo> InfosOf(const FieldDef<T> (&fields)[N], std::vector<FieldInfo> extra) {
  std::vector<FieldInfo> out;
  for (const auto& f : fields) out.push_back({f.key, f.label});
  for (auto& e : extra) out.push_back(std::move(e));
  return out;
}

}  // namespace

const std::vector<FieldInfo>& InspectorFieldInfos() {
  static const auto infos =
      InfosOf(kInspectorFields, {{"unit_id", "所属单位"}, {"department_id", "所属部门"}});
  return infos;
}
const std::vector<FieldInfo>& ExpertFieldInfos() {
  static const auto infos = InfosOf(kExpertFields, {{"department_id", "所属部门"}});
  return infos;
}
const std::vector<FieldInfo>& ConflictFieldInfos() {
  static const auto infos =
      InfosOf(kConflictFields, {{"inspector_id", "执法检查人员"}, {"target_id", "检查对象"}});
  return infos;
}

std::string QualificationsText(const std::vector<Qualification>& q) {
  std::vector<NamedPeriod> periods;
  for (const auto& x : q) periods.push_back({x.name, std::nullopt, x.expires});
  return NamedPeriodsText(periods);
}

std::string AbsencesText(const std::vector<Absence>& a) {
  std::vector<std::string> parts;
  for (const auto& x : a) {
    std::string s = x.kind + "(" + x.from.ToString() + "~" + x.to.ToString() + ")";
    if (!x.note.empty()) s += x.note;
    parts.push_back(std::move(s));
  }
  return JoinList(parts);
}

StatusOr<std::vector<Qualification>> ParseQualificationsText(std::string_view text) {
  auto periods = ParseNamedPeriods(text);
  if (!periods.ok())
    return InvalidArgument("PERIOD_TEXT_INVALID",
                           "执法资格" + std::string(periods.status().message()));
  std::vector<Qualification> out;
  for (auto& p : *periods) {
    if (p.from)
      return InvalidArgument(
          "PERIOD_TEXT_INVALID",
          "执法资格“" + p.name + "”只需填写有效期截止日期，格式为“资格名称(~YYYY-MM-DD)”");
    out.push_back({std::move(p.name), p.to});
  }
  return out;
}

StatusOr<std::vector<Absence>> ParseAbsencesText(std::string_view text) {
  std::vector<Absence> out;
  // The note may follow the closing bracket: "请假(2026-11-20~2026-11-25)年休假".
  for (const std::string& raw : SplitList(text)) {
    std::string part = raw;
    size_t close = part.rfind(')');
    size_t close_fw = part.rfind("）");
    std::string note;
    size_t cut = std::string::npos;
    if (close != std::string::npos) cut = close + 1;
    if (close_fw != std::string::npos && (cut == std::string::npos || close_fw + 3 > cut))
      cut = close_fw + 3;
    if (cut != std::string::npos && cut < part.size()) {
      note = std::string(TrimText(std::string_view(part).substr(cut)));
      part = part.substr(0, cut);
    }
    auto periods = ParseNamedPeriods(part);
    if (!periods.ok() || periods->size() != 1 || !(*periods)[0].from || !(*periods)[0].to)
      return InvalidArgument(
          "PERIOD_TEXT_INVALID",
          "请假/培训“" + raw + "”格式不正确，应为“请假(YYYY-MM-DD~YYYY-MM-DD)说明”");
    auto& p = (*periods)[0];
    out.push_back({p.name, *p.from, *p.to, note});
  }
  return out;
}

Problems ValidateInspector(const Inspector& i, const DictionarySet& dicts, Date today,
                           bool citizen_id_required) {
  Problems p;
  if (i.department_id <= 0) p.push_back({"department_id", "所属部门", "必须指定所属部门"});
  if (i.unit_id <= 0) p.push_back({"unit_id", "所属单位", "必须指定所属单位"});
  CheckText(p, "name", "姓名", i.name, true, 50);
  if (!i.gender.empty() && !dicts.Get(dict::kGender).Accepts(i.gender))
    p.push_back({"gender", "性别", "应为“男”或“女”"});
  CheckText(p, "position", "职务", i.position, false, 50);
  if (i.cert_no.empty()) {
    p.push_back({"cert_no", "执法证号", "不能为空（只有持有效行政执法证的人员可列入名录库）"});
  } else {
    bool ok = i.cert_no.size() >= 4 && CharCount(i.cert_no) <= 32;
    for (char c : i.cert_no) ok = ok && c != ' ' && c != '\t' && c != '\n';
    if (!ok) p.push_back({"cert_no", "执法证号", "应为 4 至 32 个字符，不含空格"});
  }
  if (!i.cert_expires) p.push_back({"cert_expires", "执法证有效期至", "不能为空"});
  if (!i.citizen_id.empty()) {
    Status s = CheckCitizenId(i.citizen_id, today);
    if (!s.ok()) p.push_back({"citizen_id", "身份证号", std::string(s.message())});
  } else if (citizen_id_required) {
    p.push_back({"citizen_id", "身份证号", "不能为空"});
  }
  CheckDistinct(p, "specialties", "专业类别", i.specialties, 40);
  std::set<std::string> quals;
  for (const auto& q : i.qualifications) {
    if (q.name.empty() || text::FindTextViolation(q.name, {60, false}))
      p.push_back({"qualifications", "执法资格", "资格名称为 1 至 60 个字"});
    else if (!quals.insert(q.name).second)
      p.push_back({"qualifications", "执法资格", "“" + q.name + "”重复"});
  }
  CheckDistinct(p, "item_scope", "可检查事项", i.item_scope, 40);
  if (!dicts.Get(dict::kInspectorStatus).Accepts(i.status))
    p.push_back({"status", "人员状态", "应为“有效”或“失效”"});
  else if (InspectorStatusOf(i) == InspectorStatus::kInactive && i.status_reason.empty())
    p.push_back(
        {"status_reason", "状态说明", "人员失效必须说明原因（调离、退休、执法证被注销等）"});
  CheckText(p, "status_reason", "状态说明", i.status_reason, false, 200);
  for (const auto& a : i.absences) {
    if (!dicts.Get(dict::kAbsenceKind).Accepts(a.kind))
      p.push_back(
          {"absences", "请假/培训",
           "类型“" + a.kind + "”无效，可选：" + dicts.Get(dict::kAbsenceKind).AcceptedList()});
    if (a.to < a.from)
      p.push_back({"absences", "请假/培训", "结束日期 " + a.to.ToString() + " 早于开始日期"});
    if (text::FindTextViolation(a.note, {100, false}))
      p.push_back({"absences", "请假/培训", "说明不能超过 100 个字"});
  }
  CheckPhone(p, i.phone);
  return p;
}

Changes DiffInspectors(const Inspector& before, const Inspector& after,
                       const std::function<std::string(int64_t)>& unit_name) {
  Changes out = DiffByFields(kInspectorFields, before, after);
  if (before.unit_id != after.unit_id)
    out.push_back({"unit_id", "所属单位",
                   unit_name ? unit_name(before.unit_id) : std::to_string(before.unit_id),
                   unit_name ? unit_name(after.unit_id) : std::to_string(after.unit_id)});
  if (before.department_id != after.department_id)
    out.push_back({"department_id", "所属部门", std::to_string(before.department_id),
                   std::to_string(after.department_id)});
  return out;
}

Json InspectorToJson(const Inspector& i) {
  Json quals = Json::array();
  for (const auto& q : i.qualifications)
    quals.push_back({{"name", q.name}, {"expires", DateJson(q.expires)}});
  Json absences = Json::array();
  for (const auto& a : i.absences)
    absences.push_back(
        {{"kind", a.kind}, {"from", a.from.ToString()}, {"to", a.to.ToString()}, {"note", a.note}});
  return {{"department_id", i.department_id},
          {"unit_id", i.unit_id},
          {"name", i.name},
          {"gender", i.gender},
          {"position", i.position},
          {"cert_no", i.cert_no},
          {"cert_expires", DateJson(i.cert_expires)},
          {"citizen_id_masked", i.citizen_id_masked},
          {"specialties", i.specialties},
          {"qualifications", quals},
          {"item_scope", i.item_scope},
          {"status", i.status},
          {"status_reason", i.status_reason},
          {"absences", absences},
          {"phone", i.phone},
          {"user_id", OptJson(i.user_id)}};
}

StatusOr<Inspector> InspectorFromJson(const Json& j) {
  namespace r = json_read;
  if (!j.is_object()) return InvalidArgument("FIELD_INVALID", "执法检查人员应为 JSON 对象");
  Inspector i;
  RETURN_IF_ERROR(r::Int(j, "department_id", "所属部门", i.department_id));
  RETURN_IF_ERROR(r::Int(j, "unit_id", "所属单位", i.unit_id));
  RETURN_IF_ERROR(r::Text(j, "name", "姓名", i.name));
  RETURN_IF_ERROR(r::Text(j, "gender", "性别", i.gender));
  RETURN_IF_ERROR(r::Text(j, "position", "职务", i.position));
  RETURN_IF_ERROR(r::Text(j, "cert_no", "执法证号", i.cert_no));
  RETURN_IF_ERROR(r::OptDate(j, "cert_expires", "执法证有效期至", i.cert_expires));
  RETURN_IF_ERROR(r::Text(j, "citizen_id", "身份证号", i.citizen_id));
  i.citizen_id = NormalizeIdInput(i.citizen_id);
  RETURN_IF_ERROR(r::TextList(j, "specialties", "专业类别", i.specialties));
  if (auto it = j.find("qualifications"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) return r::Invalid("执法资格", "对象数组 {name, expires}");
    for (const auto& e : *it) {
      if (!e.is_object()) return r::Invalid("执法资格", "对象数组 {name, expires}");
      Qualification q;
      RETURN_IF_ERROR(r::Text(e, "name", "资格名称", q.name));
      RETURN_IF_ERROR(r::OptDate(e, "expires", "资格有效期", q.expires));
      i.qualifications.push_back(std::move(q));
    }
  }
  RETURN_IF_ERROR(r::TextList(j, "item_scope", "可检查事项", i.item_scope));
  RETURN_IF_ERROR(r::Text(j, "status", "人员状态", i.status));
  if (i.status.empty()) i.status = InspectorStatusName(InspectorStatus::kActive);
  RETURN_IF_ERROR(r::Text(j, "status_reason", "状态说明", i.status_reason));
  if (auto it = j.find("absences"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) return r::Invalid("请假/培训", "对象数组 {kind, from, to, note}");
    for (const auto& e : *it) {
      if (!e.is_object()) return r::Invalid("请假/培训", "对象数组 {kind, from, to, note}");
      Absence a;
      std::optional<Date> from, to;
      RETURN_IF_ERROR(r::Text(e, "kind", "不在岗类型", a.kind));
      RETURN_IF_ERROR(r::OptDate(e, "from", "开始日期", from));
      RETURN_IF_ERROR(r::OptDate(e, "to", "结束日期", to));
      RETURN_IF_ERROR(r::Text(e, "note", "说明", a.note));
      if (!from || !to) return r::Invalid("请假/培训", "含开始和结束日期的对象");
      a.from = *from;
      a.to = *to;
      i.absences.push_back(std::move(a));
    }
  }
  RETURN_IF_ERROR(r::Text(j, "phone", "联系电话", i.phone));
  RETURN_IF_ERROR(r::OptInt(j, "user_id", "登录账号", i.user_id));
  return i;
}

// --- experts -------------------------------------------------------------------------------

Problems ValidateExpert(const Expert& e) {
  Problems p;
  if (e.department_id <= 0) p.push_back({"department_id", "所属部门", "必须指定所属部门"});
  CheckText(p, "expert_no", "专家编号", e.expert_no, true, 32);
  CheckText(p, "name", "姓名", e.name, true, 50);
  CheckText(p, "organisation", "所在单位", e.organisation, true, 100);
  CheckText(p, "title", "职称", e.title, false, 50);
  if (e.specialties.empty()) p.push_back({"specialties", "业务专长", "至少填写一项"});
  CheckDistinct(p, "specialties", "业务专长", e.specialties, 40);
  CheckDistinct(p, "service_fields", "服务领域", e.service_fields, 40);
  if (e.engaged_from && e.engaged_to && *e.engaged_to < *e.engaged_from)
    p.push_back({"engaged_to", "聘用结束日期", "不能早于聘用开始日期"});
  CheckPhone(p, e.phone);
  if (!e.active && e.inactive_reason.empty())
    p.push_back({"inactive_reason", "停用原因", "停用必须说明原因"});
  return p;
}

Changes DiffExperts(const Expert& before, const Expert& after) {
  Changes out = DiffByFields(kExpertFields, before, after);
  if (before.department_id != after.department_id)
    out.push_back({"department_id", "所属部门", std::to_string(before.department_id),
                   std::to_string(after.department_id)});
  return out;
}

Json ExpertToJson(const Expert& e) {
  return {{"department_id", e.department_id},
          {"expert_no", e.expert_no},
          {"name", e.name},
          {"organisation", e.organisation},
          {"external", e.external},
          {"title", e.title},
          {"specialties", e.specialties},
          {"service_fields", e.service_fields},
          {"engaged_from", DateJson(e.engaged_from)},
          {"engaged_to", DateJson(e.engaged_to)},
          {"phone", e.phone},
          {"active", e.active},
          {"inactive_reason", e.inactive_reason}};
}

StatusOr<Expert> ExpertFromJson(const Json& j) {
  namespace r = json_read;
  if (!j.is_object()) return InvalidArgument("FIELD_INVALID", "专家应为 JSON 对象");
  Expert e;
  RETURN_IF_ERROR(r::Int(j, "department_id", "所属部门", e.department_id));
  RETURN_IF_ERROR(r::Text(j, "expert_no", "专家编号", e.expert_no));
  RETURN_IF_ERROR(r::Text(j, "name", "姓名", e.name));
  RETURN_IF_ERROR(r::Text(j, "organisation", "所在单位", e.organisation));
  RETURN_IF_ERROR(r::Bool(j, "external", "外部专家", e.external));
  RETURN_IF_ERROR(r::Text(j, "title", "职称", e.title));
  RETURN_IF_ERROR(r::TextList(j, "specialties", "业务专长", e.specialties));
  RETURN_IF_ERROR(r::TextList(j, "service_fields", "服务领域", e.service_fields));
  RETURN_IF_ERROR(r::OptDate(j, "engaged_from", "聘用开始日期", e.engaged_from));
  RETURN_IF_ERROR(r::OptDate(j, "engaged_to", "聘用结束日期", e.engaged_to));
  RETURN_IF_ERROR(r::Text(j, "phone", "联系电话", e.phone));
  RETURN_IF_ERROR(r::Bool(j, "active", "状态", e.active));
  RETURN_IF_ERROR(r::Text(j, "inactive_reason", "停用原因", e.inactive_reason));
  return e;
}

// --- 回避 -----------------------------------------------------------------------------------

bool ConflictOfInterest::InForce(Date from, Date to) const {
  return active && Overlaps(valid_from, valid_to, from, to);
}

Problems ValidateConflict(const ConflictOfInterest& c, const DictionarySet& dicts) {
  Problems p;
  if (c.inspector_id <= 0) p.push_back({"inspector_id", "执法检查人员", "必须指定执法检查人员"});
  if (c.target_id <= 0) p.push_back({"target_id", "检查对象", "必须指定检查对象"});
  if (c.kind.empty()) p.push_back({"kind", "回避类型", "不能为空"});
  else if (!dicts.Get(dict::kConflictKind).Accepts(c.kind))
    p.push_back({"kind", "回避类型", "应为" + dicts.Get(dict::kConflictKind).AcceptedList()});
  CheckText(p, "source", "来源", c.source, true, 100);
  CheckText(p, "note", "说明", c.note, false, 500, true);
  if (c.valid_from && c.valid_to && *c.valid_to < *c.valid_from)
    p.push_back({"valid_to", "截止日期", "不能早于生效日期"});
  if (!c.active && c.inactive_reason.empty())
    p.push_back({"inactive_reason", "撤销原因", "撤销回避关系必须说明原因"});
  return p;
}

Changes DiffConflicts(const ConflictOfInterest& before, const ConflictOfInterest& after) {
  Changes out = DiffByFields(kConflictFields, before, after);
  if (before.inspector_id != after.inspector_id)
    out.push_back({"inspector_id", "执法检查人员", std::to_string(before.inspector_id),
                   std::to_string(after.inspector_id)});
  if (before.target_id != after.target_id)
    out.push_back({"target_id", "检查对象", std::to_string(before.target_id),
                   std::to_string(after.target_id)});
  return out;
}

Json ConflictToJson(const ConflictOfInterest& c) {
  return {{"inspector_id", c.inspector_id},
          {"target_id", c.target_id},
          {"kind", c.kind},
          {"source", c.source},
          {"note", c.note},
          {"valid_from", DateJson(c.valid_from)},
          {"valid_to", DateJson(c.valid_to)},
          {"active", c.active},
          {"inactive_reason", c.inactive_reason}};
}

StatusOr<ConflictOfInterest> ConflictFromJson(const Json& j) {
  namespace r = json_read;
  if (!j.is_object()) return InvalidArgument("FIELD_INVALID", "回避关系应为 JSON 对象");
  ConflictOfInterest c;
  RETURN_IF_ERROR(r::Int(j, "inspector_id", "执法检查人员", c.inspector_id));
  RETURN_IF_ERROR(r::Int(j, "target_id", "检查对象", c.target_id));
  RETURN_IF_ERROR(r::Text(j, "kind", "回避类型", c.kind));
  RETURN_IF_ERROR(r::Text(j, "source", "来源", c.source));
  RETURN_IF_ERROR(r::Text(j, "note", "说明", c.note));
  RETURN_IF_ERROR(r::OptDate(j, "valid_from", "生效日期", c.valid_from));
  RETURN_IF_ERROR(r::OptDate(j, "valid_to", "截止日期", c.valid_to));
  RETURN_IF_ERROR(r::Bool(j, "active", "状态", c.active));
  RETURN_IF_ERROR(r::Text(j, "inactive_reason", "撤销原因", c.inactive_reason));
  return c;
}

// --- eligibility ---------------------------------------------------------------------------

std::string_view IneligibilityReasonName(IneligibilityReason r) {
  switch (r) {
    case IneligibilityReason::kInactive: return "已失效";
    case IneligibilityReason::kCertificateExpired: return "证件过期";
    case IneligibilityReason::kMissingQualification: return "缺少资格";
    case IneligibilityReason::kOutsideJurisdiction: return "不在辖区";
    case IneligibilityReason::kUnavailable: return "请假/培训中";
    case IneligibilityReason::kConflict: return "回避";
  }
  return "";
}

std::string_view IneligibilityReasonCode(IneligibilityReason r) {
  switch (r) {
    case IneligibilityReason::kInactive: return "INACTIVE";
    case IneligibilityReason::kCertificateExpired: return "CERTIFICATE_EXPIRED";
    case IneligibilityReason::kMissingQualification: return "MISSING_QUALIFICATION";
    case IneligibilityReason::kOutsideJurisdiction: return "OUTSIDE_JURISDICTION";
    case IneligibilityReason::kUnavailable: return "UNAVAILABLE";
    case IneligibilityReason::kConflict: return "CONFLICT_OF_INTEREST";
  }
  return "";
}

EligibilityResult CheckEligibility(const Inspector& i, const EligibilityRequest& req,
                                   std::span<const ConflictOfInterest> conflicts) {
  using R = IneligibilityReason;
  EligibilityResult out;
  auto add = [&](R r, std::string detail) { out.reasons.push_back({r, std::move(detail)}); };
  const Date from = req.from, to = std::max(req.from, req.to);

  if (!IsActive(i))
    add(R::kInactive,
        "人员状态为“" + i.status + "”" + (i.status_reason.empty() ? "" : "：" + i.status_reason));

  // Seed 003: only holders of a valid 行政执法证 may be drawn; it must hold on every day of the
  // window, so an expiry inside the window is as disqualifying as one before it.
  if (!i.cert_expires) add(R::kCertificateExpired, "未登记执法证有效期");
  else if (*i.cert_expires < from)
    add(R::kCertificateExpired, "执法证已于 " + i.cert_expires->ToString() + " 过期");
  else if (*i.cert_expires < to)
    add(R::kCertificateExpired,
        "执法证于 " + i.cert_expires->ToString() + " 到期，早于检查结束日期 " + to.ToString());

  for (const auto& need : req.required_qualifications) {
    auto it = std::find_if(i.qualifications.begin(), i.qualifications.end(),
                           [&](const Qualification& q) { return q.name == need; });
    if (it == i.qualifications.end()) add(R::kMissingQualification, "缺少资格“" + need + "”");
    else if (it->expires && *it->expires < to)
      add(R::kMissingQualification,
          "资格“" + need + "”有效期至 " + it->expires->ToString() + "，不能覆盖检查期间");
  }
  if (!i.item_scope.empty()) {
    for (const auto& code : req.item_codes) {
      bool covered =
          std::any_of(i.item_scope.begin(), i.item_scope.end(), [&](const std::string& s) {
            // A scope entry covers its sub-items: "SCJG-SP" covers "SCJG-SP-01".
            return code == s ||
                   (code.size() > s.size() && code.starts_with(s) && code[s.size()] == '-');
          });
      if (!covered) add(R::kMissingQualification, "检查事项“" + code + "”不在本人可检查事项范围内");
    }
  }

  if (req.allowed_units && std::find(req.allowed_units->begin(), req.allowed_units->end(),
                                     i.unit_id) == req.allowed_units->end())
    add(R::kOutsideJurisdiction, "所属单位不在本次任务的辖区范围内");

  for (const auto& a : i.absences) {
    if (a.from <= to && from <= a.to)
      add(R::kUnavailable, a.kind + "（" + a.from.ToString() + " 至 " + a.to.ToString() + "）" +
                               (a.note.empty() ? "" : "：" + a.note));
  }

  for (const auto& c : conflicts) {
    if (!c.InForce(from, to)) continue;
    if (std::find(req.target_ids.begin(), req.target_ids.end(), c.target_id) ==
        req.target_ids.end())
      continue;
    add(R::kConflict,
        "与检查对象（编号 " + std::to_string(c.target_id) + "）存在回避关系：" + c.kind);
  }
  std::stable_sort(
      out.reasons.begin(), out.reasons.end(),
      [](const Ineligibility& a, const Ineligibility& b) { return a.reason < b.reason; });
  return out;
}

Json EligibilityToJson(const EligibilityResult& r) {
  Json reasons = Json::array();
  for (const auto& x : r.reasons)
    reasons.push_back({{"code", IneligibilityReasonCode(x.reason)},
                       {"reason", IneligibilityReasonName(x.reason)},
                       {"detail", x.detail}});
  return {{"eligible", r.eligible()}, {"reasons", reasons}};
}

}  // namespace suiji::registers
