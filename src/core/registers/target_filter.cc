#include "core/registers/target_filter.h"

#include <algorithm>

#include "core/authz.h"
#include "core/ids.h"
#include "core/industry.h"
#include "core/text.h"

namespace suiji::registers {
namespace {

using Json = nlohmann::json;

template <typename T>
void SortUnique(std::vector<T>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

Status FilterInvalid(const std::string& what) {
  return InvalidArgument("FILTER_INVALID", "筛选条件格式不正确：" + what);
}

Status ReadStrings(const Json& j, const char* key, std::vector<std::string>& out) {
  auto it = j.find(key);
  if (it == j.end()) return OkStatus();
  if (!it->is_array()) return FilterInvalid(std::string(key) + " 应为文本数组");
  for (const auto& e : *it) {
    if (!e.is_string()) return FilterInvalid(std::string(key) + " 应为文本数组");
    std::string s(TrimText(e.get<std::string>()));
    if (!s.empty()) out.push_back(std::move(s));
  }
  return OkStatus();
}

Status ReadBool(const Json& j, const char* key, std::optional<bool>& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return OkStatus();
  if (!it->is_boolean()) return FilterInvalid(std::string(key) + " 应为 true 或 false");
  out = it->get<bool>();
  return OkStatus();
}

std::string JoinOr(const std::vector<std::string>& v, const char* sep = "或") {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += (i + 1 == v.size()) ? sep : "、";
    out += v[i];
  }
  return out;
}

std::string Quoted(const std::vector<std::string>& v, const char* sep = "或") {
  std::vector<std::string> q;
  for (const auto& s : v) q.push_back("“" + s + "”");
  return JoinOr(q, sep);
}

bool Contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

bool IndustryMatches(const std::string& target_code, const std::string& wanted) {
  if (wanted.size() == 1) {
    auto section = SectionOf(target_code);
    return section && *section == wanted[0];
  }
  return target_code == wanted ||
         (target_code.size() > wanted.size() && target_code.starts_with(wanted));
}

constexpr const char* kKnownKeys[] = {"v",
                                      "name_contains",
                                      "keys",
                                      "types",
                                      "region_prefixes",
                                      "unit_ids",
                                      "industries",
                                      "risk_classes",
                                      "tags",
                                      "tags_all",
                                      "directories",
                                      "reg_statuses",
                                      "surviving",
                                      "abnormal",
                                      "serious_violation",
                                      "include_removed"};

}  // namespace

bool TargetFilter::empty() const {
  return name_contains.empty() && keys.empty() && types.empty() && region_prefixes.empty() &&
         unit_ids.empty() && industries.empty() && risk_classes.empty() && tags.empty() &&
         tags_all.empty() && directories.empty() && reg_statuses.empty() && !surviving &&
         !abnormal && !serious_violation && !include_removed;
}

void TargetFilter::Canonicalize() {
  name_contains = std::string(TrimText(name_contains));
  for (auto& k : keys) k = NormalizeIdInput(k);
  SortUnique(keys);
  SortUnique(types);
  SortUnique(region_prefixes);
  SortUnique(unit_ids);
  SortUnique(industries);
  SortUnique(risk_classes);
  SortUnique(tags);
  SortUnique(tags_all);
  SortUnique(directories);
  SortUnique(reg_statuses);
}

Json TargetFilterToJson(const TargetFilter& in) {
  TargetFilter f = in;
  f.Canonicalize();
  Json j = {{"v", 1}};
  if (!f.name_contains.empty()) j["name_contains"] = f.name_contains;
  auto put = [&](const char* key, const auto& v) {
    if (!v.empty()) j[key] = v;
  };
  put("keys", f.keys);
  put("types", f.types);
  put("region_prefixes", f.region_prefixes);
  put("unit_ids", f.unit_ids);
  put("industries", f.industries);
  put("risk_classes", f.risk_classes);
  put("tags", f.tags);
  put("tags_all", f.tags_all);
  put("directories", f.directories);
  put("reg_statuses", f.reg_statuses);
  if (f.surviving) j["surviving"] = *f.surviving;
  if (f.abnormal) j["abnormal"] = *f.abnormal;
  if (f.serious_violation) j["serious_violation"] = *f.serious_violation;
  if (f.include_removed) j["include_removed"] = true;
  return j;
}

StatusOr<TargetFilter> TargetFilterFromJson(const Json& j) {
  if (!j.is_object()) return FilterInvalid("应为 JSON 对象");
  for (const auto& item : j.items()) {
    // A named variable, not a structured binding: clang before 16 cannot capture those.
    const std::string& key = item.key();
    if (std::find_if(std::begin(kKnownKeys), std::end(kKnownKeys),
                     [&](const char* k) { return key == k; }) == std::end(kKnownKeys))
      return FilterInvalid("未知条件“" + key + "”");
  }
  if (auto v = j.find("v"); v != j.end() && !(v->is_number_integer() && v->get<int>() == 1))
    return FilterInvalid("不支持的版本 v（应为 1）");
  TargetFilter f;
  if (auto it = j.find("name_contains"); it != j.end() && !it->is_null()) {
    if (!it->is_string()) return FilterInvalid("name_contains 应为文本");
    f.name_contains = it->get<std::string>();
  }
  RETURN_IF_ERROR(ReadStrings(j, "keys", f.keys));
  RETURN_IF_ERROR(ReadStrings(j, "types", f.types));
  RETURN_IF_ERROR(ReadStrings(j, "region_prefixes", f.region_prefixes));
  if (auto it = j.find("unit_ids"); it != j.end()) {
    if (!it->is_array()) return FilterInvalid("unit_ids 应为整数数组");
    for (const auto& e : *it) {
      if (!e.is_number_integer()) return FilterInvalid("unit_ids 应为整数数组");
      f.unit_ids.push_back(e.get<int64_t>());
    }
  }
  RETURN_IF_ERROR(ReadStrings(j, "industries", f.industries));
  RETURN_IF_ERROR(ReadStrings(j, "risk_classes", f.risk_classes));
  RETURN_IF_ERROR(ReadStrings(j, "tags", f.tags));
  RETURN_IF_ERROR(ReadStrings(j, "tags_all", f.tags_all));
  RETURN_IF_ERROR(ReadStrings(j, "directories", f.directories));
  RETURN_IF_ERROR(ReadStrings(j, "reg_statuses", f.reg_statuses));
  RETURN_IF_ERROR(ReadBool(j, "surviving", f.surviving));
  RETURN_IF_ERROR(ReadBool(j, "abnormal", f.abnormal));
  RETURN_IF_ERROR(ReadBool(j, "serious_violation", f.serious_violation));
  std::optional<bool> removed;
  RETURN_IF_ERROR(ReadBool(j, "include_removed", removed));
  f.include_removed = removed.value_or(false);
  f.Canonicalize();
  return f;
}

Problems ValidateTargetFilter(const TargetFilter& f, const DictionarySet& dicts) {
  Problems p;
  if (text::FindTextViolation(f.name_contains, {100, false}))
    p.push_back({"name_contains", "名称包含", "不能超过 100 个字"});
  if (f.keys.size() > 10000) p.push_back({"keys", "代码", "一次最多指定 10000 个代码"});
  for (const auto& t : f.types)
    if (!dicts.Get(dict::kTargetType).Find(t))
      p.push_back({"types", "对象类型", "“" + t + "”无效"});
  for (const auto& r : f.region_prefixes) {
    bool ok = r.size() >= 2 && r.size() <= 12;
    for (char c : r) ok = ok && c >= '0' && c <= '9';
    if (!ok) p.push_back({"region_prefixes", "行政区划", "“" + r + "”不是行政区划代码"});
  }
  for (int64_t u : f.unit_ids)
    if (u <= 0) p.push_back({"unit_ids", "属地单位", "单位编号无效"});
  for (const auto& i : f.industries)
    if (!ValidateIndustryCode(i).ok())
      p.push_back({"industries", "行业", "“" + i + "”不是 GB/T 4754-2017 门类或大类代码"});
  for (const auto& c : f.risk_classes)
    if (c != kUnclassifiedRisk && !dicts.Get(dict::kCreditRisk).Find(c))
      p.push_back({"risk_classes", "信用风险分类", "“" + c + "”无效，应为 A、B、C、D 或“未分类”"});
  for (const auto& s : f.reg_statuses)
    if (!dicts.Get(dict::kRegistrationStatus).Find(s))
      p.push_back({"reg_statuses", "登记状态", "“" + s + "”无效"});
  return p;
}

std::string DescribeTargetFilter(const TargetFilter& in, const FilterNames& names) {
  TargetFilter f = in;
  f.Canonicalize();
  std::vector<std::string> parts;
  if (!f.name_contains.empty()) parts.push_back("名称包含“" + f.name_contains + "”");
  if (!f.keys.empty()) {
    std::string s = "代码为";
    for (size_t i = 0; i < f.keys.size() && i < 5; ++i) s += (i ? "、" : "") + f.keys[i];
    if (f.keys.size() > 5) s += " 等 " + std::to_string(f.keys.size()) + " 个";
    parts.push_back(std::move(s));
  }
  if (!f.types.empty()) parts.push_back("对象类型为" + JoinOr(f.types));
  if (!f.region_prefixes.empty()) {
    std::vector<std::string> rs;
    for (const auto& r : f.region_prefixes) {
      std::string n = names.region ? names.region(r) : std::string();
      rs.push_back(n.empty() ? r : n);
    }
    parts.push_back("行政区划为" + JoinOr(rs));
  }
  if (!f.unit_ids.empty()) {
    std::vector<std::string> us;
    for (int64_t u : f.unit_ids) {
      std::string n = names.unit ? names.unit(u) : std::string();
      us.push_back(n.empty() ? "单位" + std::to_string(u) : n);
    }
    parts.push_back("属地为" + JoinOr(us) + "（含下级单位）");
  }
  if (!f.industries.empty()) {
    std::vector<std::string> is;
    for (const auto& i : f.industries) {
      const Industry* ind = IndustryByCode(i);
      is.push_back(ind ? i + " " + ind->name : i);
    }
    parts.push_back("行业为" + JoinOr(is));
  }
  if (!f.risk_classes.empty()) parts.push_back("信用风险分类为" + JoinOr(f.risk_classes));
  if (!f.tags.empty()) parts.push_back("带有标签" + Quoted(f.tags));
  if (f.tags_all.size() == 1) parts.push_back("带有标签" + Quoted(f.tags_all));
  if (f.tags_all.size() > 1) parts.push_back("同时带有标签" + Quoted(f.tags_all, "和"));
  if (!f.directories.empty()) parts.push_back("在专项库" + Quoted(f.directories) + "有效期内");
  if (!f.reg_statuses.empty()) parts.push_back("登记状态为" + JoinOr(f.reg_statuses));
  if (f.surviving) parts.push_back(*f.surviving ? "实际经营" : "实际无经营");
  if (f.abnormal) parts.push_back(*f.abnormal ? "已列入经营异常名录" : "未列入经营异常名录");
  if (f.serious_violation)
    parts.push_back(*f.serious_violation ? "已列入严重违法失信名单" : "未列入严重违法失信名单");
  if (parts.empty())
    return f.include_removed ? "全部检查对象（含已移出名录的）" : "全部在库检查对象";
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "；") + p;
  if (f.include_removed) out += "；含已移出名录的对象";
  return out;
}

bool TargetMatches(const Target& t, const TargetFilter& f, const std::set<int64_t>& units_in_scope,
                   Date as_of) {
  if (!f.include_removed && !t.in_directory) return false;
  if (!f.name_contains.empty() && t.name.find(f.name_contains) == std::string::npos) return false;
  if (!f.keys.empty()) {
    bool hit = false;
    for (const auto& k : f.keys)
      hit = hit || k == t.NaturalKey() || (!t.uscc.empty() && k == t.uscc) ||
            (!t.regno.empty() && k == t.regno) || (!t.object_code.empty() && k == t.object_code);
    if (!hit) return false;
  }
  if (!f.types.empty() && !Contains(f.types, t.type)) return false;
  if (!f.region_prefixes.empty()) {
    bool hit = false;
    for (const auto& r : f.region_prefixes) hit = hit || t.region_code.starts_with(RegionPrefix(r));
    if (!hit) return false;
  }
  if (!f.unit_ids.empty() && !units_in_scope.contains(t.unit_id)) return false;
  if (!f.industries.empty()) {
    bool hit = false;
    for (const auto& i : f.industries) hit = hit || IndustryMatches(t.industry_code, i);
    if (!hit) return false;
  }
  if (!f.risk_classes.empty() &&
      !Contains(f.risk_classes,
                t.risk_class.empty() ? std::string(kUnclassifiedRisk) : t.risk_class))
    return false;
  if (!f.tags.empty()) {
    bool hit = false;
    for (const auto& tag : t.tags) hit = hit || Contains(f.tags, tag);
    if (!hit) return false;
  }
  for (const auto& tag : f.tags_all)
    if (!Contains(t.tags, tag)) return false;
  if (!f.directories.empty()) {
    bool hit = false;
    for (const auto& d : t.directories)
      hit = hit || (Contains(f.directories, d.name) && d.CoversDate(as_of));
    if (!hit) return false;
  }
  if (!f.reg_statuses.empty() && !Contains(f.reg_statuses, t.reg_status)) return false;
  if (f.surviving && *f.surviving != t.surviving) return false;
  if (f.abnormal && *f.abnormal != t.abnormal) return false;
  if (f.serious_violation && *f.serious_violation != t.serious_violation) return false;
  return true;
}

}  // namespace suiji::registers
