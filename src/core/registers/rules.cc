#include "core/registers/rules.h"

#include <set>

#include "core/registers/item.h"
#include "core/registers/json_read.h"

namespace suiji::registers {
namespace {

using json_read::Json;
using json_read::PercentJson;

std::string IntervalsText(const std::map<std::string, int>& m) {
  std::vector<std::string> parts;
  for (const auto& [code, days] : m) parts.push_back(code + "=" + std::to_string(days) + "天");
  return JoinList(parts);
}

std::string TierText(bool on, const std::string& what) { return on ? what : std::string("不启用"); }

const FieldDef<DepartmentRules> kRulesFields[] = {
    {"title", "细则名称", [](const DepartmentRules& r) { return r.title; }},
    {"procedure", "抽查程序", [](const DepartmentRules& r) { return r.procedure; }},
    {"methods", "检查方式与内容", [](const DepartmentRules& r) { return r.methods; }},
    {"penalties", "处罚标准与程序", [](const DepartmentRules& r) { return r.penalties; }},
    {"publication", "结果公开程序", [](const DepartmentRules& r) { return r.publication; }},
    {"other", "其他规定", [](const DepartmentRules& r) { return r.other; }},
    {"policy.risk_ratio.A", "A类（信用风险低）抽查比例（%）",
     [](const DepartmentRules& r) { return PercentText(RatioForClass(r.policy, "A")); }},
    {"policy.risk_ratio.B", "B类（信用风险一般）抽查比例（%）",
     [](const DepartmentRules& r) { return PercentText(RatioForClass(r.policy, "B")); }},
    {"policy.risk_ratio.C", "C类（信用风险较高）抽查比例（%）",
     [](const DepartmentRules& r) { return PercentText(RatioForClass(r.policy, "C")); }},
    {"policy.risk_ratio.D", "D类（信用风险高）抽查比例（%）",
     [](const DepartmentRules& r) { return PercentText(RatioForClass(r.policy, "D")); }},
    {"policy.general_ratio", "一般对象抽查比例（%）",
     [](const DepartmentRules& r) { return PercentText(r.policy.general_ratio_bp); }},
    {"policy.per_target_yearly_cap", "同一对象每年抽查次数上限",
     [](const DepartmentRules& r) { return std::to_string(r.policy.per_target_yearly_cap); }},
    {"policy.default_min_interval_days", "同一事项最短检查间隔（天）",
     [](const DepartmentRules& r) { return std::to_string(r.policy.default_min_interval_days); }},
    {"policy.item_min_interval_days", "分事项最短检查间隔",
     [](const DepartmentRules& r) { return IntervalsText(r.policy.item_min_interval_days); }},
    {"policy.mutual_recognition_days", "互认其他部门检查结果的期限（天）",
     [](const DepartmentRules& r) { return std::to_string(r.policy.mutual_recognition_days); }},
    {"policy.inspectors_per_task", "每项任务检查人员数",
     [](const DepartmentRules& r) { return std::to_string(r.policy.inspectors_per_task); }},
    {"policy.per_inspector_task_cap", "每名人员单次抽取任务数上限",
     [](const DepartmentRules& r) { return std::to_string(r.policy.per_inspector_task_cap); }},
    {"policy.public_person_display", "公开记录中的检查人员",
     [](const DepartmentRules& r) {
       return std::string(r.policy.public_person_display == PublicPersonDisplay::kNumberOnly
                              ? "仅执法证号"
                              : "姓名＋执法证号");
     }},
    {"policy.tiers.key", "重点对象",
     [](const DepartmentRules& r) {
       const auto& t = r.policy.tiers;
       return TierText(t.key_enabled, "标签：" + JoinList(t.key_tags) + "；专项库：" +
                                          JoinList(t.key_directories));
     }},
    {"policy.tiers.problem", "问题对象",
     [](const DepartmentRules& r) {
       const auto& t = r.policy.tiers;
       return TierText(t.problem_enabled, "投诉举报≥" + std::to_string(t.problem_min_complaints) +
                                              "次或立案≥" + std::to_string(t.problem_min_cases) +
                                              "次");
     }},
    {"policy.credit_risk_moves", "检查结果调整信用风险分类",
     [](const DepartmentRules& r) {
       std::vector<std::string> parts;
       for (const auto& [result, cls] : r.policy.credit_risk_moves)
         parts.push_back(result + "→" + cls + "类");
       return JoinList(parts);
     }},
    {"policy.tiers.risk", "风险对象",
     [](const DepartmentRules& r) {
       const auto& t = r.policy.tiers;
       return TierText(t.risk_enabled, "信用风险分类：" + JoinList(t.risk_classes));
     }},
};

void CheckRatio(Problems& p, const char* key, const std::string& label, int bp) {
  if (bp < 0 || bp > 10000) p.push_back({key, label, "应在 0 至 100% 之间"});
}

}  // namespace

std::string_view PublicPersonDisplayName(PublicPersonDisplay d) {
  return d == PublicPersonDisplay::kNumberOnly ? "number_only" : "name_and_number";
}

std::optional<PublicPersonDisplay> ParsePublicPersonDisplay(std::string_view s) {
  if (s == "name_and_number") return PublicPersonDisplay::kNameAndNumber;
  if (s == "number_only") return PublicPersonDisplay::kNumberOnly;
  return std::nullopt;
}

DepartmentRules DefaultRules(int64_t department_id) {
  DepartmentRules r;
  r.department_id = department_id;
  return r;
}

int MinIntervalDays(const SamplingPolicy& p, const std::string& item_code) {
  for (std::string code = item_code; !code.empty(); code = ParentItemCode(code)) {
    auto it = p.item_min_interval_days.find(code);
    if (it != p.item_min_interval_days.end()) return it->second;
  }
  return p.default_min_interval_days;
}

int RatioForClass(const SamplingPolicy& p, const std::string& risk_class) {
  auto it = p.risk_ratio_bp.find(risk_class);
  return it == p.risk_ratio_bp.end() ? p.general_ratio_bp : it->second;
}

Problems ValidateRules(const DepartmentRules& r, const DictionarySet& dicts) {
  Problems p;
  if (r.department_id <= 0) p.push_back({"department_id", "所属部门", "必须指定所属部门"});
  CheckText(p, "title", "细则名称", r.title, true, 100);
  for (auto [key, label, text] : {std::tuple{"procedure", "抽查程序", &r.procedure},
                                  std::tuple{"methods", "检查方式与内容", &r.methods},
                                  std::tuple{"penalties", "处罚标准与程序", &r.penalties},
                                  std::tuple{"publication", "结果公开程序", &r.publication},
                                  std::tuple{"other", "其他规定", &r.other}})
    CheckText(p, key, label, *text, false, 20000, true);
  const SamplingPolicy& s = r.policy;
  const Dictionary& risk = dicts.Get(dict::kCreditRisk);
  for (const auto& [cls, bp] : s.risk_ratio_bp) {
    if (!risk.Accepts(cls))
      p.push_back({"policy.risk_ratio", "分类抽查比例", "信用风险分类“" + cls + "”无效"});
    else CheckRatio(p, "policy.risk_ratio", cls + "类抽查比例", bp);
  }
  CheckRatio(p, "policy.general_ratio", "一般对象抽查比例", s.general_ratio_bp);
  if (s.per_target_yearly_cap < 1 || s.per_target_yearly_cap > 366)
    p.push_back(
        {"policy.per_target_yearly_cap", "同一对象每年抽查次数上限", "应为 1 至 366 之间的整数"});
  if (s.default_min_interval_days < 0 || s.default_min_interval_days > 3660)
    p.push_back({"policy.default_min_interval_days", "同一事项最短检查间隔（天）",
                 "应为 0 至 3660 之间的整数"});
  for (const auto& [code, days] : s.item_min_interval_days) {
    if (!IsValidItemCode(code))
      p.push_back(
          {"policy.item_min_interval_days", "分事项最短检查间隔", "事项编码“" + code + "”无效"});
    if (days < 0 || days > 3660)
      p.push_back({"policy.item_min_interval_days", "分事项最短检查间隔",
                   "“" + code + "”的间隔应为 0 至 3660 天"});
  }
  if (s.mutual_recognition_days < 0 || s.mutual_recognition_days > 3660)
    p.push_back({"policy.mutual_recognition_days", "互认其他部门检查结果的期限（天）",
                 "应为 0 至 3660 之间的整数"});
  // Seeds 000 and 003: 检查人员不得少于两人.
  if (s.inspectors_per_task < 2 || s.inspectors_per_task > 20)
    p.push_back(
        {"policy.inspectors_per_task", "每项任务检查人员数", "不得少于 2 人（最多 20 人）"});
  if (s.per_inspector_task_cap < 1 || s.per_inspector_task_cap > 10000)
    p.push_back({"policy.per_inspector_task_cap", "每名人员单次抽取任务数上限",
                 "应为 1 至 10000 之间的整数"});
  const TierSettings& t = s.tiers;
  if (t.key_enabled && t.key_tags.empty() && t.key_directories.empty())
    p.push_back({"policy.tiers.key", "重点对象", "启用重点对象时至少指定一个标签或专项库"});
  if (t.problem_min_complaints < 0 || t.problem_min_cases < 0)
    p.push_back({"policy.tiers.problem", "问题对象", "次数阈值不能为负数"});
  if (t.problem_enabled && t.problem_min_complaints == 0 && t.problem_min_cases == 0)
    p.push_back(
        {"policy.tiers.problem", "问题对象", "启用问题对象时至少设置投诉举报或立案次数阈值之一"});
  std::set<std::string> seen;
  for (const auto& c : t.risk_classes) {
    if (!risk.Accepts(c))
      p.push_back({"policy.tiers.risk", "风险对象", "信用风险分类“" + c + "”无效"});
    else if (!seen.insert(c).second)
      p.push_back({"policy.tiers.risk", "风险对象", "信用风险分类“" + c + "”重复"});
  }
  const Dictionary& results = dicts.Get(dict::kInspectionResult);
  for (const auto& [result, cls] : s.credit_risk_moves) {
    if (!results.Accepts(result))
      p.push_back(
          {"policy.credit_risk_moves", "检查结果调整信用风险分类", "检查结果“" + result + "”无效"});
    if (!risk.Accepts(cls))
      p.push_back({"policy.credit_risk_moves", "检查结果调整信用风险分类",
                   "信用风险分类“" + cls + "”无效"});
  }
  if (t.risk_enabled && t.risk_classes.empty())
    p.push_back({"policy.tiers.risk", "风险对象", "启用风险对象时至少指定一个信用风险分类"});
  return p;
}

Changes DiffRules(const DepartmentRules& before, const DepartmentRules& after) {
  return DiffByFields(kRulesFields, before, after);
}

Json RulesToJson(const DepartmentRules& r) {
  const SamplingPolicy& s = r.policy;
  Json ratios = Json::object();
  for (const auto& [cls, bp] : s.risk_ratio_bp) ratios[cls] = PercentJson(bp);
  Json intervals = Json::object();
  for (const auto& [code, days] : s.item_min_interval_days) intervals[code] = days;
  const TierSettings& t = s.tiers;
  Json moves = Json::object();
  for (const auto& [result, cls] : s.credit_risk_moves) moves[result] = cls;
  return {{"department_id", r.department_id},
          {"title", r.title},
          {"procedure", r.procedure},
          {"methods", r.methods},
          {"penalties", r.penalties},
          {"publication", r.publication},
          {"other", r.other},
          {"policy",
           {{"risk_ratio", ratios},
            {"general_ratio", PercentJson(s.general_ratio_bp)},
            {"per_target_yearly_cap", s.per_target_yearly_cap},
            {"default_min_interval_days", s.default_min_interval_days},
            {"item_min_interval_days", intervals},
            {"mutual_recognition_days", s.mutual_recognition_days},
            {"inspectors_per_task", s.inspectors_per_task},
            {"per_inspector_task_cap", s.per_inspector_task_cap},
            {"public_person_display", PublicPersonDisplayName(s.public_person_display)},
            {"credit_risk_moves", moves},
            {"tiers",
             {{"key_enabled", t.key_enabled},
              {"key_tags", t.key_tags},
              {"key_directories", t.key_directories},
              {"problem_enabled", t.problem_enabled},
              {"problem_min_complaints", t.problem_min_complaints},
              {"problem_min_cases", t.problem_min_cases},
              {"risk_enabled", t.risk_enabled},
              {"risk_classes", t.risk_classes}}}}}};
}

StatusOr<DepartmentRules> RulesFromJson(const Json& j) {
  namespace r = json_read;
  if (!j.is_object()) return InvalidArgument("FIELD_INVALID", "细则应为 JSON 对象");
  DepartmentRules out;
  RETURN_IF_ERROR(r::Int(j, "department_id", "所属部门", out.department_id));
  RETURN_IF_ERROR(r::Text(j, "title", "细则名称", out.title));
  RETURN_IF_ERROR(r::Text(j, "procedure", "抽查程序", out.procedure));
  RETURN_IF_ERROR(r::Text(j, "methods", "检查方式与内容", out.methods));
  RETURN_IF_ERROR(r::Text(j, "penalties", "处罚标准与程序", out.penalties));
  RETURN_IF_ERROR(r::Text(j, "publication", "结果公开程序", out.publication));
  RETURN_IF_ERROR(r::Text(j, "other", "其他规定", out.other));
  auto pit = j.find("policy");
  if (pit == j.end() || pit->is_null()) return out;
  if (!pit->is_object()) return r::Invalid("抽查策略", "对象");
  const Json& p = *pit;
  SamplingPolicy& s = out.policy;
  if (auto it = p.find("risk_ratio"); it != p.end() && !it->is_null()) {
    if (!it->is_object()) return r::Invalid("分类抽查比例", "对象 {\"A\": 1, …}");
    s.risk_ratio_bp.clear();
    for (const auto& [cls, v] : it->items()) {
      int bp = 0;
      RETURN_IF_ERROR(r::Percent(Json{{"v", v}}, "v", "分类抽查比例", bp));
      s.risk_ratio_bp[cls] = bp;
    }
  }
  RETURN_IF_ERROR(r::Percent(p, "general_ratio", "一般对象抽查比例", s.general_ratio_bp));
  RETURN_IF_ERROR(
      r::Int(p, "per_target_yearly_cap", "同一对象每年抽查次数上限", s.per_target_yearly_cap));
  RETURN_IF_ERROR(
      r::Int(p, "default_min_interval_days", "同一事项最短检查间隔", s.default_min_interval_days));
  if (auto it = p.find("item_min_interval_days"); it != p.end() && !it->is_null()) {
    if (!it->is_object()) return r::Invalid("分事项最短检查间隔", "对象 {\"事项编码\": 天数}");
    s.item_min_interval_days.clear();
    for (const auto& [code, v] : it->items()) {
      if (!v.is_number_integer()) return r::Invalid("分事项最短检查间隔", "整数天数");
      s.item_min_interval_days[code] = v.get<int>();
    }
  }
  RETURN_IF_ERROR(r::Int(p, "mutual_recognition_days", "互认其他部门检查结果的期限",
                         s.mutual_recognition_days));
  RETURN_IF_ERROR(r::Int(p, "inspectors_per_task", "每项任务检查人员数", s.inspectors_per_task));
  RETURN_IF_ERROR(
      r::Int(p, "per_inspector_task_cap", "每名人员单次抽取任务数上限", s.per_inspector_task_cap));
  std::string display(PublicPersonDisplayName(s.public_person_display));
  RETURN_IF_ERROR(r::Text(p, "public_person_display", "公开记录中的检查人员", display));
  auto parsed = ParsePublicPersonDisplay(display);
  if (!parsed)
    return r::Invalid("公开记录中的检查人员",
                      "name_and_number（姓名＋执法证号）或 number_only（仅执法证号）");
  s.public_person_display = *parsed;
  if (auto it = p.find("credit_risk_moves"); it != p.end() && !it->is_null()) {
    if (!it->is_object())
      return r::Invalid("检查结果调整信用风险分类", "对象 {\"检查结果\": \"C\"}");
    s.credit_risk_moves.clear();
    for (const auto& [result, v] : it->items()) {
      if (!v.is_string()) return r::Invalid("检查结果调整信用风险分类", "信用风险分类 A–D");
      s.credit_risk_moves[result] = v.get<std::string>();
    }
  }
  if (auto it = p.find("tiers"); it != p.end() && !it->is_null()) {
    if (!it->is_object()) return r::Invalid("分层设置", "对象");
    TierSettings& t = s.tiers;
    RETURN_IF_ERROR(r::Bool(*it, "key_enabled", "重点对象", t.key_enabled));
    RETURN_IF_ERROR(r::TextList(*it, "key_tags", "重点对象标签", t.key_tags));
    RETURN_IF_ERROR(r::TextList(*it, "key_directories", "重点对象专项库", t.key_directories));
    RETURN_IF_ERROR(r::Bool(*it, "problem_enabled", "问题对象", t.problem_enabled));
    RETURN_IF_ERROR(
        r::Int(*it, "problem_min_complaints", "投诉举报次数阈值", t.problem_min_complaints));
    RETURN_IF_ERROR(r::Int(*it, "problem_min_cases", "立案次数阈值", t.problem_min_cases));
    RETURN_IF_ERROR(r::Bool(*it, "risk_enabled", "风险对象", t.risk_enabled));
    RETURN_IF_ERROR(r::TextList(*it, "risk_classes", "风险对象分类", t.risk_classes));
  }
  return out;
}

}  // namespace suiji::registers
