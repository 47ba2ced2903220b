#include "core/registers/dictionary.h"

#include <set>

namespace suiji::registers {
namespace {

Dictionary Make(std::string name, std::string title, bool extensible,
                const std::vector<std::string>& values) {
  Dictionary d{std::move(name), std::move(title), 1, extensible, {}};
  for (const auto& v : values) d.entries.push_back({v, v, false});
  return d;
}

DictionarySet MakeBuiltin() {
  DictionarySet set;
  // SPEC §ENUM, in the national 公示系统's order; the four status outcomes come last.
  set.Put(Make(dict::kInspectionResult, "检查结果", false,
               {"未发现问题", "未按规定公示应当公示的信息", "公示信息隐瞒真实情况、弄虚作假",
                "通过登记的住所（经营场所）无法联系", "发现问题已责令改正", "发现问题待后续处理",
                "未发现开展本次抽查涉及的经营活动", "不配合检查情节严重",
                "已关闭停业或正在组织清算", "已注销", "已被吊销", "已被撤销", "已迁出"}));
  set.Put(Make(dict::kFollowUp, "后续处置", false,
               {"无需后续处置", "责令改正并跟踪复查", "移送办案机构立案查处", "抄告相关部门",
                "移送司法机关", "其他"}));
  set.Put(Make(dict::kTaskType, "抽查类型", false, {"定向", "不定向"}));
  set.Put(Make(dict::kItemCategory, "事项类别", false, {"一般检查事项", "重点检查事项"}));
  Dictionary risk{dict::kCreditRisk,
                  "信用风险分类",
                  1,
                  false,
                  {{"A", "信用风险低", false},
                   {"B", "信用风险一般", false},
                   {"C", "信用风险较高", false},
                   {"D", "信用风险高", false}}};
  set.Put(std::move(risk));
  set.Put(Make(dict::kTargetType, "检查对象类型", false,
               {"企业", "个体工商户", "农民专业合作社", "外国企业常驻代表机构", "其他组织", "产品",
                "项目", "行为"}));
  set.Put(
      Make(dict::kRegistrationStatus, "登记状态", false, {"存续", "注销", "吊销", "撤销", "迁出"}));
  // Seed 004 lists these methods; departments add their own (远程视频检查 …), hence extensible.
  set.Put(Make(dict::kCheckMethod, "检查方式", true,
               {"实地检查", "书面检查", "网络监测", "检验检测", "委托第三方/专业机构",
                "行政部门检查结果或专业意见", "信用承诺/自我声明"}));
  set.Put(Make(dict::kItemLevel, "事项层级", false, {"市", "区", "所"}));
  set.Put(Make(dict::kInspectorStatus, "人员状态", false, {"有效", "失效"}));
  set.Put(Make(dict::kAbsenceKind, "不在岗类型", true, {"请假", "培训"}));
  set.Put(Make(dict::kConflictKind, "回避关系类型", false,
               {"亲属", "曾任职", "持股", "曾办案", "其他"}));
  set.Put(Make(dict::kGender, "性别", false, {"男", "女"}));
  return set;
}

}  // namespace

bool Dictionary::Accepts(std::string_view value) const {
  const DictionaryEntry* e = Find(value);
  return e && !e->retired;
}

const DictionaryEntry* Dictionary::Find(std::string_view value) const {
  for (const auto& e : entries)
    if (e.value == value) return &e;
  return nullptr;
}

std::string Dictionary::LabelOf(std::string_view value) const {
  const DictionaryEntry* e = Find(value);
  return e ? e->label : std::string(value);
}

std::string Dictionary::AcceptedList() const {
  std::string out;
  for (const auto& e : entries) {
    if (e.retired) continue;
    out += "“" + e.value + "”";
  }
  return out;
}

nlohmann::json DictionaryToJson(const Dictionary& d) {
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& e : d.entries)
    entries.push_back({{"value", e.value}, {"label", e.label}, {"retired", e.retired}});
  return {{"name", d.name},
          {"title", d.title},
          {"version", d.version},
          {"extensible", d.extensible},
          {"entries", entries}};
}

StatusOr<Dictionary> DictionaryFromJson(const nlohmann::json& j) {
  auto bad = [](const std::string& what) {
    return InvalidArgument("DICTIONARY_INVALID", "字典格式不正确：" + what);
  };
  if (!j.is_object()) return bad("应为对象");
  Dictionary d;
  auto text = [&](const char* key, std::string& out) -> bool {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return false;
    out = it->get<std::string>();
    return true;
  };
  if (!text("name", d.name)) return bad("缺少 name");
  if (!text("title", d.title)) return bad("缺少 title");
  auto v = j.find("version");
  if (v == j.end() || !v->is_number_integer()) return bad("缺少 version");
  d.version = v->get<int>();
  auto ext = j.find("extensible");
  d.extensible = ext != j.end() && ext->is_boolean() && ext->get<bool>();
  auto es = j.find("entries");
  if (es == j.end() || !es->is_array()) return bad("缺少 entries");
  for (const auto& e : *es) {
    if (!e.is_object() || !e.contains("value") || !e["value"].is_string())
      return bad("条目缺少 value");
    DictionaryEntry entry;
    entry.value = e["value"].get<std::string>();
    entry.label =
        e.contains("label") && e["label"].is_string() ? e["label"].get<std::string>() : entry.value;
    entry.retired = e.contains("retired") && e["retired"].is_boolean() && e["retired"].get<bool>();
    d.entries.push_back(std::move(entry));
  }
  return d;
}

const DictionarySet& DictionarySet::Builtin() {
  static const DictionarySet set = MakeBuiltin();
  return set;
}

const Dictionary& DictionarySet::Get(std::string_view name) const {
  const Dictionary* d = Find(name);
  if (d) return *d;
  // Every dict::k… name is built in; an unknown name is a programming error. Answer with an
  // empty dictionary (accepts nothing) rather than crash a server.
  static const Dictionary empty;
  return empty;
}

const Dictionary* DictionarySet::Find(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &it->second;
}

std::vector<const Dictionary*> DictionarySet::All() const {
  std::vector<const Dictionary*> out;
  for (const auto& [_, d] : by_name_) out.push_back(&d);
  return out;
}

Status DictionarySet::CheckSuccessor(const Dictionary& next) const {
  const Dictionary* cur = Find(next.name);
  if (!cur) return NotFound("DICTIONARY_NOT_FOUND", "字典不存在：" + next.name);
  if (!cur->extensible)
    return FailedPrecondition(
        "DICTIONARY_NOT_EXTENSIBLE",
        "“" + cur->title + "”是固定字典，取值由国家规范确定，只能随软件版本更新");
  if (next.version != cur->version + 1)
    return InvalidArgument("DICTIONARY_VERSION_INVALID", "“" + cur->title + "”的新版本号应为 " +
                                                             std::to_string(cur->version + 1));
  std::set<std::string> seen;
  for (const auto& e : next.entries) {
    if (e.value.empty() || e.label.empty())
      return InvalidArgument("DICTIONARY_INVALID", "字典条目的取值和名称不能为空");
    if (!seen.insert(e.value).second)
      return InvalidArgument("DICTIONARY_INVALID", "字典条目重复：“" + e.value + "”");
  }
  for (const auto& e : cur->entries) {
    if (!seen.contains(e.value))
      return InvalidArgument("DICTIONARY_INVALID", "不能删除已有条目“" + e.value +
                                                       "”（已保存的记录仍在使用），可将其停用");
  }
  if (next.title.empty()) return InvalidArgument("DICTIONARY_INVALID", "字典名称不能为空");
  if (!next.extensible) return InvalidArgument("DICTIONARY_INVALID", "可扩展字典不能改为固定字典");
  return OkStatus();
}

void DictionarySet::Put(Dictionary d) {
  std::string name = d.name;
  by_name_.insert_or_assign(std::move(name), std::move(d));
}

}  // namespace suiji::registers
