#include "core/registers/item.h"

#include <algorithm>
#include <set>

#include "core/registers/json_read.h"
#include "core/text.h"

namespace suiji::registers {
namespace {

using json_read::Json;

std::string IdsText(const std::vector<int64_t>& ids, const DepartmentNamer& names) {
  std::vector<std::string> parts;
  for (int64_t id : ids) parts.push_back(names ? names(id) : std::to_string(id));
  return JoinList(parts);
}

const FieldDef<InspectionItem> kItemFields[] = {
    {"code", "事项编码", [](const InspectionItem& i) { return i.code; }},
    {"name", "事项名称", [](const InspectionItem& i) { return i.name; }},
    {"category", "事项类别", [](const InspectionItem& i) { return i.category; }},
    {"legal_basis", "检查依据", [](const InspectionItem& i) { return JoinList(i.legal_basis); }},
    {"target_types", "检查对象类型",
     [](const InspectionItem& i) { return JoinList(i.target_types); }},
    {"content", "检查内容", [](const InspectionItem& i) { return i.content; }},
    {"methods", "检查方式", [](const InspectionItem& i) { return JoinList(i.methods); }},
    {"ratio_min", "抽查比例下限（%）",
     [](const InspectionItem& i) { return PercentText(i.ratio_min_bp); }},
    {"ratio_max", "抽查比例上限（%）",
     [](const InspectionItem& i) { return PercentText(i.ratio_max_bp); }},
    {"life_safety", "涉及人民生命财产安全",
     [](const InspectionItem& i) { return BoolText(i.life_safety); }},
    {"max_per_target_per_year", "同一对象年度检查次数上限",
     [](const InspectionItem& i) {
       return i.max_per_target_per_year ? std::to_string(i.max_per_target_per_year)
                                        : std::string("不限");
     }},
    {"frequency_note", "抽查频次", [](const InspectionItem& i) { return i.frequency_note; }},
    {"qualifications", "检查人员资格要求",
     [](const InspectionItem& i) { return JoinList(i.qualifications); }},
    {"experts_per_target", "每个检查对象抽取专家人数",
     [](const InspectionItem& i) {
       return i.experts_per_target ? std::to_string(i.experts_per_target) : std::string("不需要");
     }},
    {"expert_fields", "专家专业领域要求",
     [](const InspectionItem& i) { return JoinList(i.expert_fields); }},
    {"level", "事项层级", [](const InspectionItem& i) { return i.level; }},
    {"valid_from", "生效日期", [](const InspectionItem& i) { return DateText(i.valid_from); }},
    {"valid_to", "失效日期", [](const InspectionItem& i) { return DateText(i.valid_to); }},
    {"active", "状态",
     [](const InspectionItem& i) { return std::string(i.active ? "有效" : "已停用"); }},
    {"inactive_reason", "停用原因", [](const InspectionItem& i) { return i.inactive_reason; }},
};

bool IsCodeChar(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

void CheckListAgainst(Problems& p, const char* key, const char* label,
                      const std::vector<std::string>& values, const Dictionary& d, bool required) {
  if (values.empty()) {
    if (required) p.push_back({key, label, "至少填写一项"});
    return;
  }
  std::set<std::string> seen;
  for (const auto& v : values) {
    if (!d.Accepts(v))
      p.push_back({key, label, "“" + v + "”不是有效取值，可选：" + d.AcceptedList()});
    else if (!seen.insert(v).second) p.push_back({key, label, "“" + v + "”重复"});
  }
}

}  // namespace

bool IsValidItemCode(std::string_view code) {
  if (code.empty() || code.size() > 40) return false;
  int segments = 1;
  bool in_segment = false;
  for (char c : code) {
    if (c == '-') {
      if (!in_segment) return false;
      in_segment = false;
      ++segments;
    } else if (IsCodeChar(c)) {
      in_segment = true;
    } else {
      return false;
    }
  }
  return in_segment && segments <= 3;
}

std::string ParentItemCode(std::string_view code) {
  auto dash = code.rfind('-');
  return dash == std::string_view::npos ? std::string() : std::string(code.substr(0, dash));
}

int ItemCodeLevel(std::string_view code) {
  return 1 + static_cast<int>(std::count(code.begin(), code.end(), '-'));
}

Problems ValidateItem(const InspectionItem& i, const DictionarySet& dicts) {
  Problems p;
  if (i.department_id <= 0) p.push_back({"department_id", "检查主体", "必须指定所属部门"});
  if (i.code.empty()) p.push_back({"code", "事项编码", "不能为空"});
  else if (!IsValidItemCode(i.code))
    p.push_back(
        {"code", "事项编码",
         "格式应为“类别-事项-子项”：1 至 3 段大写字母或数字，以“-”连接，不超过 40 个字符，如 SCJG-SP-01"});
  CheckText(p, "name", "事项名称", i.name, true, 200);
  if (i.category.empty()) p.push_back({"category", "事项类别", "不能为空"});
  else if (!dicts.Get(dict::kItemCategory).Accepts(i.category))
    p.push_back({"category", "事项类别", "应为" + dicts.Get(dict::kItemCategory).AcceptedList()});
  if (i.legal_basis.empty()) p.push_back({"legal_basis", "检查依据", "至少填写一条法律法规依据"});
  for (const auto& b : i.legal_basis)
    if (text::FindTextViolation(b, {500, false}))
      p.push_back({"legal_basis", "检查依据", "每条依据不能超过 500 个字"});
  CheckListAgainst(p, "target_types", "检查对象类型", i.target_types, dicts.Get(dict::kTargetType),
                   true);
  CheckText(p, "content", "检查内容", i.content, false, 4000, true);
  CheckListAgainst(p, "methods", "检查方式", i.methods, dicts.Get(dict::kCheckMethod), true);
  // Seed 000 §(六): 不得低于 3%，涉及人民生命财产安全的不低于 20%，最高 100%.
  const int floor = i.life_safety ? kRatioFloorLifeSafetyBp : kRatioFloorBp;
  if (i.ratio_min_bp < floor)
    p.push_back({"ratio_min", "抽查比例下限（%）",
                 std::string(i.life_safety ? "涉及人民生命财产安全的事项" : "随机抽查比例") +
                     "不得低于 " + PercentText(floor) + "%，当前为 " + PercentText(i.ratio_min_bp) +
                     "%"});
  if (i.ratio_max_bp > kRatioCeilingBp)
    p.push_back({"ratio_max", "抽查比例上限（%）",
                 "不能超过 100%，当前为 " + PercentText(i.ratio_max_bp) + "%"});
  if (i.ratio_min_bp > i.ratio_max_bp)
    p.push_back({"ratio_max", "抽查比例上限（%）",
                 "不能低于下限（下限 " + PercentText(i.ratio_min_bp) + "%，上限 " +
                     PercentText(i.ratio_max_bp) + "%）"});
  if (i.max_per_target_per_year < 0 || i.max_per_target_per_year > 366)
    p.push_back(
        {"max_per_target_per_year", "同一对象年度检查次数上限", "应为 0（不限）至 366 之间的整数"});
  CheckText(p, "frequency_note", "抽查频次", i.frequency_note, false, 200);
  for (const auto& q : i.qualifications)
    if (text::FindTextViolation(q, {60, false}))
      p.push_back({"qualifications", "检查人员资格要求", "每项资格名称不能超过 60 个字"});
  if (i.experts_per_target < 0 || i.experts_per_target > kMaxExpertsPerTarget)
    p.push_back({"experts_per_target", "每个检查对象抽取专家人数",
                 "应为 0（不需要专家）至 " + std::to_string(kMaxExpertsPerTarget) + " 之间的整数"});
  for (const auto& f : i.expert_fields)
    if (text::FindTextViolation(f, {60, false}))
      p.push_back({"expert_fields", "专家专业领域要求", "每个领域名称不能超过 60 个字"});
  if (!i.expert_fields.empty() && i.experts_per_target == 0)
    p.push_back({"expert_fields", "专家专业领域要求",
                 "填写了专家专业领域，但每个检查对象抽取专家人数为 0"});
  if (i.level.empty()) p.push_back({"level", "事项层级", "不能为空"});
  else if (!dicts.Get(dict::kItemLevel).Accepts(i.level))
    p.push_back({"level", "事项层级", "应为" + dicts.Get(dict::kItemLevel).AcceptedList()});
  if (i.joint()) {
    if (!i.lead_department_id)
      p.push_back({"lead_department_id", "发起部门", "联合抽查事项必须指定发起部门"});
    std::set<int64_t> seen;
    for (int64_t id : i.cooperating_department_ids) {
      if (id <= 0) p.push_back({"cooperating_department_ids", "配合部门", "部门编号无效"});
      else if (!seen.insert(id).second)
        p.push_back({"cooperating_department_ids", "配合部门", "部门重复"});
      else if (i.lead_department_id && id == *i.lead_department_id)
        p.push_back({"cooperating_department_ids", "配合部门", "发起部门不能同时是配合部门"});
    }
  } else if (i.lead_department_id) {
    p.push_back({"cooperating_department_ids", "配合部门",
                 "指定了发起部门的联合抽查事项至少需要一个配合部门"});
  }
  if (i.valid_from && i.valid_to && *i.valid_to < *i.valid_from)
    p.push_back({"valid_to", "失效日期", "不能早于生效日期"});
  if (!i.active && i.inactive_reason.empty())
    p.push_back({"inactive_reason", "停用原因", "停用事项必须说明原因"});
  CheckText(p, "inactive_reason", "停用原因", i.inactive_reason, false, 500, true);
  return p;
}

Changes DiffItems(const InspectionItem& before, const InspectionItem& after,
                  const DepartmentNamer& names) {
  Changes out = DiffByFields(kItemFields, before, after);
  auto lead = [&](const InspectionItem& i) {
    return i.lead_department_id
               ? (names ? names(*i.lead_department_id) : std::to_string(*i.lead_department_id))
               : std::string();
  };
  if (lead(before) != lead(after))
    out.push_back({"lead_department_id", "发起部门", lead(before), lead(after)});
  std::string ca = IdsText(before.cooperating_department_ids, names),
              cb = IdsText(after.cooperating_department_ids, names);
  if (ca != cb) out.push_back({"cooperating_department_ids", "配合部门", ca, cb});
  if (before.department_id != after.department_id)
    out.push_back({"department_id", "检查主体",
                   names ? names(before.department_id) : std::to_string(before.department_id),
                   names ? names(after.department_id) : std::to_string(after.department_id)});
  return out;
}

nlohmann::json ItemToJson(const InspectionItem& i) {
  using json_read::DateJson;
  using json_read::OptJson;
  using json_read::PercentJson;
  return {{"department_id", i.department_id},
          {"code", i.code},
          {"name", i.name},
          {"category", i.category},
          {"legal_basis", i.legal_basis},
          {"target_types", i.target_types},
          {"content", i.content},
          {"methods", i.methods},
          {"ratio_min", PercentJson(i.ratio_min_bp)},
          {"ratio_max", PercentJson(i.ratio_max_bp)},
          {"life_safety", i.life_safety},
          {"max_per_target_per_year", i.max_per_target_per_year},
          {"frequency_note", i.frequency_note},
          {"qualifications", i.qualifications},
          {"experts_per_target", i.experts_per_target},
          {"expert_fields", i.expert_fields},
          {"level", i.level},
          {"lead_department_id", OptJson(i.lead_department_id)},
          {"cooperating_department_ids", i.cooperating_department_ids},
          {"valid_from", DateJson(i.valid_from)},
          {"valid_to", DateJson(i.valid_to)},
          {"active", i.active},
          {"inactive_reason", i.inactive_reason}};
}

StatusOr<InspectionItem> ItemFromJson(const nlohmann::json& j) {
  namespace r = json_read;
  if (!j.is_object()) return InvalidArgument("FIELD_INVALID", "事项应为 JSON 对象");
  InspectionItem i;
  RETURN_IF_ERROR(r::Int(j, "department_id", "检查主体", i.department_id));
  RETURN_IF_ERROR(r::Text(j, "code", "事项编码", i.code));
  RETURN_IF_ERROR(r::Text(j, "name", "事项名称", i.name));
  RETURN_IF_ERROR(r::Text(j, "category", "事项类别", i.category));
  RETURN_IF_ERROR(r::TextList(j, "legal_basis", "检查依据", i.legal_basis));
  RETURN_IF_ERROR(r::TextList(j, "target_types", "检查对象类型", i.target_types));
  RETURN_IF_ERROR(r::Text(j, "content", "检查内容", i.content));
  RETURN_IF_ERROR(r::TextList(j, "methods", "检查方式", i.methods));
  RETURN_IF_ERROR(r::Percent(j, "ratio_min", "抽查比例下限", i.ratio_min_bp));
  RETURN_IF_ERROR(r::Percent(j, "ratio_max", "抽查比例上限", i.ratio_max_bp));
  RETURN_IF_ERROR(r::Bool(j, "life_safety", "涉及人民生命财产安全", i.life_safety));
  RETURN_IF_ERROR(
      r::Int(j, "max_per_target_per_year", "同一对象年度检查次数上限", i.max_per_target_per_year));
  RETURN_IF_ERROR(r::Text(j, "frequency_note", "抽查频次", i.frequency_note));
  RETURN_IF_ERROR(r::TextList(j, "qualifications", "检查人员资格要求", i.qualifications));
  RETURN_IF_ERROR(
      r::Int(j, "experts_per_target", "每个检查对象抽取专家人数", i.experts_per_target));
  RETURN_IF_ERROR(r::TextList(j, "expert_fields", "专家专业领域要求", i.expert_fields));
  RETURN_IF_ERROR(r::Text(j, "level", "事项层级", i.level));
  RETURN_IF_ERROR(r::OptInt(j, "lead_department_id", "发起部门", i.lead_department_id));
  RETURN_IF_ERROR(
      r::IntList(j, "cooperating_department_ids", "配合部门", i.cooperating_department_ids));
  RETURN_IF_ERROR(r::OptDate(j, "valid_from", "生效日期", i.valid_from));
  RETURN_IF_ERROR(r::OptDate(j, "valid_to", "失效日期", i.valid_to));
  RETURN_IF_ERROR(r::Bool(j, "active", "状态", i.active));
  RETURN_IF_ERROR(r::Text(j, "inactive_reason", "停用原因", i.inactive_reason));
  return i;
}

}  // namespace suiji::registers
