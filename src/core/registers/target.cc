#include "core/registers/target.h"

#include <set>

#include "core/ids.h"
#include "core/industry.h"
#include "core/region.h"
#include "core/registers/json_read.h"
#include "core/text.h"

namespace suiji::registers {

std::string_view RegistrationStatusName(RegistrationStatus s) {
  switch (s) {
    case RegistrationStatus::kOperating: return "存续";
    case RegistrationStatus::kCancelled: return "注销";
    case RegistrationStatus::kRevoked: return "吊销";
    case RegistrationStatus::kAnnulled: return "撤销";
    case RegistrationStatus::kMovedOut: return "迁出";
  }
  return "";
}

std::optional<RegistrationStatus> ParseRegistrationStatus(std::string_view text) {
  for (RegistrationStatus s :
       {RegistrationStatus::kOperating, RegistrationStatus::kCancelled,
        RegistrationStatus::kRevoked, RegistrationStatus::kAnnulled, RegistrationStatus::kMovedOut})
    if (text == RegistrationStatusName(s)) return s;
  return std::nullopt;
}

namespace {

const FieldDef<Target> kTargetFields[] = {
    {"uscc", "统一社会信用代码", [](const Target& t) { return t.uscc; }},
    {"regno", "注册号", [](const Target& t) { return t.regno; }},
    {"object_code", "对象编号", [](const Target& t) { return t.object_code; }},
    {"name", "名称", [](const Target& t) { return t.name; }},
    {"type", "对象类型", [](const Target& t) { return t.type; }},
    {"legal_rep", "法定代表人（负责人）", [](const Target& t) { return t.legal_rep; }},
    {"address", "住所（经营场所）", [](const Target& t) { return t.address; }},
    {"region_code", "行政区划代码", [](const Target& t) { return t.region_code; }},
    {"industry_code", "行业代码", [](const Target& t) { return t.industry_code; }},
    {"reg_status", "登记状态", [](const Target& t) { return t.reg_status; }},
    {"surviving", "实际经营", [](const Target& t) { return BoolText(t.surviving); }},
    {"risk_class", "信用风险分类", [](const Target& t) { return t.risk_class; }},
    {"risk_as_of", "风险分类日期", [](const Target& t) { return DateText(t.risk_as_of); }},
    {"abnormal", "列入经营异常名录", [](const Target& t) { return BoolText(t.abnormal); }},
    {"serious_violation", "列入严重违法失信名单",
     [](const Target& t) { return BoolText(t.serious_violation); }},
    {"tags", "标签", [](const Target& t) { return JoinList(t.tags); }},
    {"directories", "专项库", [](const Target& t) { return DirectoriesText(t.directories); }},
    {"complaints", "投诉举报次数", [](const Target& t) { return std::to_string(t.complaints); }},
    {"cases", "立案查处次数", [](const Target& t) { return std::to_string(t.cases); }},
    {"in_directory", "在库状态",
     [](const Target& t) { return std::string(t.in_directory ? "在库" : "已移出"); }},
    {"removed_reason", "移出原因", [](const Target& t) { return t.removed_reason; }},
    {"code_override", "保留未通过校验的代码",
     [](const Target& t) { return BoolText(t.code_override); }},
};

bool IsObjectCodeChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '/';
}

// Objects that have no registration of their own (SPEC §DIR: products, projects, behaviours) and
// other organisations whose registries we do not check.
bool MayLackRegistration(const std::string& type) {
  return type == "产品" || type == "项目" || type == "行为" || type == "其他组织";
}

constexpr char kOverrideHint[] =
    "（如经核实代码确实如此，可勾选“保留未通过校验的代码”后再提交，系统将记录该决定）";

}  // namespace

std::string Target::NaturalKey() const {
  if (!uscc.empty()) return uscc;
  if (!regno.empty()) return "REG:" + regno;
  if (!object_code.empty()) return "OBJ:" + object_code;
  return {};
}

char Target::IndustrySection() const {
  auto s = SectionOf(industry_code);
  return s ? *s : '\0';
}

Problems ValidateTarget(const Target& t, const DictionarySet& dicts, Date today) {
  Problems p;
  if (t.uscc.empty() && t.regno.empty() && t.object_code.empty()) {
    p.push_back({"uscc", "统一社会信用代码",
                 MayLackRegistration(t.type) ? "统一社会信用代码、注册号、对象编号至少填写一项"
                                             : "统一社会信用代码和注册号至少填写一项"});
  } else if (t.uscc.empty() && t.regno.empty() && !MayLackRegistration(t.type) && !t.type.empty()) {
    p.push_back({"uscc", "统一社会信用代码", "“" + t.type + "”必须填写统一社会信用代码或注册号"});
  }
  if (!t.uscc.empty()) {
    Status s = CheckUscc(t.uscc);
    if (!s.ok() && !t.code_override)
      p.push_back({"uscc", "统一社会信用代码", std::string(s.message()) + kOverrideHint});
  }
  if (!t.regno.empty()) {
    Status s = CheckRegistrationNumber(t.regno);
    if (!s.ok() && !t.code_override)
      p.push_back({"regno", "注册号", std::string(s.message()) + kOverrideHint});
  }
  if (!t.object_code.empty()) {
    bool ok = t.object_code.size() <= 40;
    for (char c : t.object_code) ok = ok && IsObjectCodeChar(c);
    if (!ok)
      p.push_back({"object_code", "对象编号", "只能包含字母、数字和 - _ . /，不超过 40 个字符"});
  }
  CheckText(p, "name", "名称", t.name, true, 200);
  if (t.type.empty()) p.push_back({"type", "对象类型", "不能为空"});
  else if (!dicts.Get(dict::kTargetType).Accepts(t.type))
    p.push_back({"type", "对象类型", "应为" + dicts.Get(dict::kTargetType).AcceptedList()});
  CheckText(p, "legal_rep", "法定代表人（负责人）", t.legal_rep, false, 100);
  CheckText(p, "address", "住所（经营场所）", t.address, false, 300);
  if (t.region_code.empty()) {
    p.push_back({"region_code", "行政区划代码", "不能为空"});
  } else {
    // Township codes extend the county code (9 or 12 digits); the county must be in GB/T 2260.
    bool digits =
        t.region_code.size() == 6 || t.region_code.size() == 9 || t.region_code.size() == 12;
    for (char c : t.region_code) digits = digits && c >= '0' && c <= '9';
    if (!digits || !RegionTable::Gbt2260().Find(std::string_view(t.region_code).substr(0, 6)))
      p.push_back({"region_code", "行政区划代码",
                   "“" + t.region_code + "”不是有效的 GB/T 2260 行政区划代码"});
  }
  if (t.unit_id <= 0) p.push_back({"unit_id", "属地单位", "必须指定属地单位"});
  if (t.industry_code.empty()) {
    p.push_back({"industry_code", "行业代码", "不能为空（GB/T 4754-2017 门类字母或大类代码）"});
  } else if (Status s = ValidateIndustryCode(t.industry_code); !s.ok()) {
    p.push_back({"industry_code", "行业代码", std::string(s.message())});
  }
  if (!dicts.Get(dict::kRegistrationStatus).Accepts(t.reg_status))
    p.push_back(
        {"reg_status", "登记状态", "应为" + dicts.Get(dict::kRegistrationStatus).AcceptedList()});
  if (!t.risk_class.empty() && !dicts.Get(dict::kCreditRisk).Accepts(t.risk_class))
    p.push_back({"risk_class", "信用风险分类", "应为 A、B、C、D 之一或留空"});
  if (t.risk_as_of && *t.risk_as_of > today)
    p.push_back({"risk_as_of", "风险分类日期", "不能晚于今天"});
  if (t.risk_as_of && t.risk_class.empty())
    p.push_back({"risk_class", "信用风险分类", "填写了风险分类日期时必须填写风险分类"});
  if (static_cast<int>(t.tags.size()) > kMaxTags) p.push_back({"tags", "标签", "不能超过 50 个"});
  std::set<std::string> seen;
  for (const auto& tag : t.tags) {
    if (tag.empty() || text::FindTextViolation(tag, {40, false}))
      p.push_back({"tags", "标签", "每个标签为 1 至 40 个字"});
    else if (!seen.insert(tag).second) p.push_back({"tags", "标签", "“" + tag + "”重复"});
  }
  if (static_cast<int>(t.directories.size()) > kMaxDirectories)
    p.push_back({"directories", "专项库", "不能超过 50 个"});
  seen.clear();
  for (const auto& d : t.directories) {
    if (d.name.empty() || text::FindTextViolation(d.name, {60, false}))
      p.push_back({"directories", "专项库", "专项库名称为 1 至 60 个字"});
    else if (!seen.insert(d.name).second)
      p.push_back({"directories", "专项库", "“" + d.name + "”重复"});
    if (d.valid_from && d.valid_to && *d.valid_to < *d.valid_from)
      p.push_back({"directories", "专项库", "“" + d.name + "”的有效期结束日期早于开始日期"});
  }
  if (t.complaints < 0) p.push_back({"complaints", "投诉举报次数", "不能为负数"});
  if (t.cases < 0) p.push_back({"cases", "立案查处次数", "不能为负数"});
  if (!t.in_directory && t.removed_reason.empty())
    p.push_back({"removed_reason", "移出原因", "移出名录必须说明原因"});
  CheckText(p, "removed_reason", "移出原因", t.removed_reason, false, 500, true);
  return p;
}

const std::vector<FieldInfo>& TargetFieldInfos() {
  static const std::vector<FieldInfo> infos = [] {
    std::vector<FieldInfo> out;
    for (const auto& f : kTargetFields) out.push_back({f.key, f.label});
    out.push_back({"unit_id", "属地单位"});
    return out;
  }();
  return infos;
}

Changes DiffTargets(const Target& before, const Target& after,
                    const std::function<std::string(int64_t)>& unit_name) {
  Changes out = DiffByFields(kTargetFields, before, after);
  if (before.unit_id != after.unit_id)
    out.push_back({"unit_id", "属地单位",
                   unit_name ? unit_name(before.unit_id) : std::to_string(before.unit_id),
                   unit_name ? unit_name(after.unit_id) : std::to_string(after.unit_id)});
  return out;
}

std::string DirectoriesText(const std::vector<SpecialDirectory>& dirs) {
  std::vector<NamedPeriod> periods;
  for (const auto& d : dirs) periods.push_back({d.name, d.valid_from, d.valid_to});
  return NamedPeriodsText(periods);
}

StatusOr<std::vector<SpecialDirectory>> ParseDirectoriesText(std::string_view text) {
  auto periods = ParseNamedPeriods(text);
  if (!periods.ok())
    return InvalidArgument("DIRECTORY_TEXT_INVALID",
                           "专项库" + std::string(periods.status().message()));
  std::vector<SpecialDirectory> out;
  for (auto& p : *periods) out.push_back({std::move(p.name), p.from, p.to});
  return out;
}

nlohmann::json TargetToJson(const Target& t) {
  using json_read::DateJson;
  nlohmann::json dirs = nlohmann::json::array();
  for (const auto& d : t.directories)
    dirs.push_back({{"name", d.name},
                    {"valid_from", DateJson(d.valid_from)},
                    {"valid_to", DateJson(d.valid_to)}});
  return {{"uscc", t.uscc},
          {"regno", t.regno},
          {"object_code", t.object_code},
          {"key", t.NaturalKey()},
          {"name", t.name},
          {"type", t.type},
          {"legal_rep", t.legal_rep},
          {"address", t.address},
          {"region_code", t.region_code},
          {"unit_id", t.unit_id},
          {"industry_code", t.industry_code},
          {"reg_status", t.reg_status},
          {"surviving", t.surviving},
          {"risk_class", t.risk_class},
          {"risk_as_of", DateJson(t.risk_as_of)},
          {"abnormal", t.abnormal},
          {"serious_violation", t.serious_violation},
          {"tags", t.tags},
          {"directories", dirs},
          {"complaints", t.complaints},
          {"cases", t.cases},
          {"in_directory", t.in_directory},
          {"removed_reason", t.removed_reason},
          {"code_override", t.code_override}};
}

StatusOr<Target> TargetFromJson(const nlohmann::json& j) {
  namespace r = json_read;
  if (!j.is_object()) return InvalidArgument("FIELD_INVALID", "检查对象应为 JSON 对象");
  Target t;
  RETURN_IF_ERROR(r::Text(j, "uscc", "统一社会信用代码", t.uscc));
  t.uscc = NormalizeIdInput(t.uscc);
  RETURN_IF_ERROR(r::Text(j, "regno", "注册号", t.regno));
  t.regno = NormalizeIdInput(t.regno);
  RETURN_IF_ERROR(r::Text(j, "object_code", "对象编号", t.object_code));
  RETURN_IF_ERROR(r::Text(j, "name", "名称", t.name));
  RETURN_IF_ERROR(r::Text(j, "type", "对象类型", t.type));
  RETURN_IF_ERROR(r::Text(j, "legal_rep", "法定代表人（负责人）", t.legal_rep));
  RETURN_IF_ERROR(r::Text(j, "address", "住所（经营场所）", t.address));
  RETURN_IF_ERROR(r::Text(j, "region_code", "行政区划代码", t.region_code));
  RETURN_IF_ERROR(r::Int(j, "unit_id", "属地单位", t.unit_id));
  RETURN_IF_ERROR(r::Text(j, "industry_code", "行业代码", t.industry_code));
  RETURN_IF_ERROR(r::Text(j, "reg_status", "登记状态", t.reg_status));
  RETURN_IF_ERROR(r::Bool(j, "surviving", "实际经营", t.surviving));
  RETURN_IF_ERROR(r::Text(j, "risk_class", "信用风险分类", t.risk_class));
  RETURN_IF_ERROR(r::OptDate(j, "risk_as_of", "风险分类日期", t.risk_as_of));
  RETURN_IF_ERROR(r::Bool(j, "abnormal", "列入经营异常名录", t.abnormal));
  RETURN_IF_ERROR(r::Bool(j, "serious_violation", "列入严重违法失信名单", t.serious_violation));
  RETURN_IF_ERROR(r::TextList(j, "tags", "标签", t.tags));
  if (auto it = j.find("directories"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) return r::Invalid("专项库", "数组");
    for (const auto& e : *it) {
      if (!e.is_object()) return r::Invalid("专项库", "对象数组 {name, valid_from, valid_to}");
      SpecialDirectory d;
      RETURN_IF_ERROR(r::Text(e, "name", "专项库名称", d.name));
      RETURN_IF_ERROR(r::OptDate(e, "valid_from", "专项库有效期开始", d.valid_from));
      RETURN_IF_ERROR(r::OptDate(e, "valid_to", "专项库有效期结束", d.valid_to));
      t.directories.push_back(std::move(d));
    }
  }
  RETURN_IF_ERROR(r::Int(j, "complaints", "投诉举报次数", t.complaints));
  RETURN_IF_ERROR(r::Int(j, "cases", "立案查处次数", t.cases));
  RETURN_IF_ERROR(r::Bool(j, "in_directory", "在库状态", t.in_directory));
  RETURN_IF_ERROR(r::Text(j, "removed_reason", "移出原因", t.removed_reason));
  RETURN_IF_ERROR(r::Bool(j, "code_override", "保留未通过校验的代码", t.code_override));
  return t;
}

}  // namespace suiji::registers
