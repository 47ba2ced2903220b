#include "service/draw_service.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "core/draw/bundle.h"
#include "core/draw/commitment.h"
#include "core/draw/replacement.h"
#include "core/hash.h"
#include "core/text.h"
#include "service/draw_service_internal.h"
#include "service/readable_scope.h"
#include "store/audit_store.h"
#include "store/draw_store.h"
#include "store/org_store.h"

namespace suiji::service {
namespace draw_detail {

using OJson = nlohmann::ordered_json;
using Json = nlohmann::json;

Status NotFoundDraw(const std::string& no) {
  return NotFound("DRAW_NOT_FOUND", "抽取记录不存在：" + no);
}

Status ValidateTitleAndSources(const std::string& title,
                               const std::vector<std::string>& source_names) {
  if (title.empty()) return InvalidArgument("DRAW_TITLE_REQUIRED", "请填写抽取名称");
  RETURN_IF_ERROR(text::CheckText("抽取名称", title, text::kName));
  if (source_names.size() > kMaxDrawSources)
    return InvalidArgument("DRAW_TOO_MANY_SOURCES",
                           "一次抽取最多声明 " + std::to_string(kMaxDrawSources) +
                               " 个公开随机源（当前 " + std::to_string(source_names.size()) +
                               " 个）");
  for (const auto& name : source_names)
    RETURN_IF_ERROR(text::CheckText("随机源名称", name, {100, false}));
  return OkStatus();
}

Status ValidateSourceValueText(const std::string& value) {
  if (value.empty()) return InvalidArgument("DRAW_SOURCE_VALUE_EMPTY", "随机数来源的值不能为空");
  if (value.size() > 256)
    return InvalidArgument("DRAW_SOURCE_VALUE_TOO_LONG", "随机数来源的值过长（最多 256 字节）");
  if (!draw::IsValidUtf8(value))
    return InvalidArgument("DRAW_INVALID_UTF8", "随机数来源的值不是有效的 UTF-8 文本");
  for (unsigned char ch : value)
    if (ch < 0x20)
      return InvalidArgument("DRAW_SOURCE_VALUE_CONTROL", "随机数来源的值不能包含换行等控制字符");
  return OkStatus();
}

OJson StrataJson(const std::vector<draw::StratumSpec>& strata) {
  OJson a = OJson::array();
  for (const auto& s : strata)
    a.push_back({{"name", s.name}, {"take", s.take}, {"weighted", s.weighted}});
  return a;
}

StatusOr<std::vector<draw::StratumSpec>> SpecStrata(const DrawView& v) {
  const Json& spec = v.row.spec;
  if (!spec.is_object() || !spec.contains("strata"))
    return Internal("draw spec unreadable: " + v.row.draw_no);
  std::vector<draw::StratumSpec> out;
  for (const auto& s : spec["strata"])
    out.push_back({s.value("name", ""), s.value("take", 0u), s.value("weighted", false)});
  return out;
}

StatusOr<draw::TargetDrawInput> LoadTargetInput(store::Connection& c, const DrawView& v,
                                                bool canonical, std::vector<int64_t>* target_ids) {
  draw::TargetDrawInput in;
  in.draw_id = v.row.draw_no;
  in.source_names = v.source_names;
  ASSIGN_OR_RETURN(in.strata, SpecStrata(v));
  in.pool.reserve(static_cast<size_t>(v.row.pool_size));
  bool all_ids = true;
  if (target_ids != nullptr) {
    target_ids->clear();
    target_ids->reserve(static_cast<size_t>(v.row.pool_size));
  }
  ASSIGN_OR_RETURN(const bool in_order,
                   store::ScanDrawPool(c, v.row.id, [&](const store::PoolEntry& e) {
                     in.pool.Add(e.stratum, e.candidate, e.weight);
                     all_ids = all_ids && e.target_id != 0;
                     if (target_ids != nullptr) target_ids->push_back(e.target_id);
                   }));
  // A pool carries an id for every entry or none (TargetDrawRequest::target_ids).
  if (target_ids != nullptr && (!all_ids || (canonical && !in_order))) target_ids->clear();
  if (canonical && !in_order)
    std::sort(in.pool.begin(), in.pool.end(), [&pool = in.pool](const auto& a, const auto& b) {
      const std::string_view sa = pool.StratumOf(a), sb = pool.StratumOf(b);
      return sa != sb ? sa < sb : a.id < b.id;
    });
  return in;
}

StatusOr<draw::AssignDrawInput> LoadAssignInput(store::Connection& c, const DrawView& v) {
  draw::AssignDrawInput in;
  in.draw_id = v.row.draw_no;
  in.source_names = v.source_names;
  const Json& spec = v.row.spec;
  if (!spec.is_object()) return Internal("draw spec unreadable: " + v.row.draw_no);
  in.per_task = spec.value("per_task", 2u);
  in.cap = spec.value("cap", 1u);
  RETURN_IF_ERROR(store::ScanDrawEligibility(
      c, v.row.id, [&](std::string task, std::vector<std::string> people) {
        in.tasks.push_back({std::move(task), std::move(people)});
      }));
  return in;
}

std::vector<std::string> EnteredValues(const DrawView& v) {
  std::vector<std::string> out;
  for (const auto& x : v.source_values) out.push_back(x.value_or(""));
  return out;
}

}  // namespace draw_detail

using draw_detail::NotFoundDraw;

const std::vector<std::string>& TargetReplacementReasons() {
  static const std::vector<std::string> r = {"已注销",
                                             "已迁出",
                                             "已被吊销或撤销",
                                             "通过登记的住所（经营场所）无法联系",
                                             "已关闭停业或正在组织清算",
                                             "不属于本次抽查范围",
                                             "其他"};
  return r;
}

const std::vector<std::string>& InspectorReplacementReasons() {
  static const std::vector<std::string> r = {"回避", "因公无法参加", "病假或事假", "执法证件失效",
                                             "其他"};
  return r;
}

StatusOr<std::string> DrawService::NextDrawNo(store::Connection& c, int64_t department_id,
                                              std::optional<int> year) {
  ASSIGN_OR_RETURN(auto dept, store::FindDepartment(c, department_id));
  if (!dept)
    return NotFound("DEPARTMENT_NOT_FOUND",
                    "部门不存在（编号 " + std::to_string(department_id) + "）");
  const std::string prefix =
      dept->code + "-" + std::to_string(year.value_or(ChinaDate(clock_.Now()).year)) + "-";
  ASSIGN_OR_RETURN(int64_t n, store::CountDrawNumbers(c, prefix));
  std::string seq = std::to_string(n + 1);
  if (seq.size() < 4) seq = std::string(4 - seq.size(), '0') + seq;
  return prefix + seq;
}

StatusOr<DrawView> DrawService::LoadById(store::Connection& c, int64_t id) {
  ASSIGN_OR_RETURN(auto row, store::FindDrawById(c, id));
  if (!row) return NotFoundDraw(std::to_string(id));
  return Load(c, row->draw_no);
}

StatusOr<DrawView> DrawService::Load(store::Connection& c, const std::string& draw_no) {
  ASSIGN_OR_RETURN(auto row, store::FindDrawByNo(c, draw_no));
  if (!row) return NotFoundDraw(draw_no);
  DrawView v;
  v.row = std::move(*row);
  v.source_names = v.row.source_names;
  v.source_values.assign(v.source_names.size(), std::nullopt);
  ASSIGN_OR_RETURN(auto values, store::ListDrawSourceValues(c, v.row.id));
  for (const auto& sv : values)
    if (sv.position >= 0 && static_cast<size_t>(sv.position) < v.source_values.size())
      v.source_values[sv.position] = sv.value;
  ASSIGN_OR_RETURN(v.witnesses, store::ListDrawWitnesses(c, v.row.id));
  ASSIGN_OR_RETURN(v.replacements, store::ListDrawReplacements(c, v.row.id));
  ASSIGN_OR_RETURN(auto dept, store::FindDepartment(c, v.row.department_id));
  if (dept) v.department_name = dept->name;
  return v;
}

Status DrawService::RequireReadable(const Principal& who, const DrawView& v) {
  ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(v.row.department_id));
  for (Permission p : kDepartmentRecordReaders)
    if (Authorize(who, p, loc).ok()) return OkStatus();
  return PermissionDenied("PERMISSION_DENIED", "没有权限查看该部门的抽取记录");
}

PublicAccess PublicAccessOf(const store::DrawRow& row) {
  if (row.published) return PublicAccess::kFull;
  return row.confidential ? PublicAccess::kConfidential : PublicAccess::kCommitment;
}

Status PublicRecordStatus(const store::DrawRow& row) {
  switch (PublicAccessOf(row)) {
    case PublicAccess::kFull: return OkStatus();
    case PublicAccess::kConfidential:
      return PermissionDenied(
          "DRAW_CONFIDENTIAL",
          "该抽取属于保密任务，检查结束公开前不公布抽取名单和抽取包；承诺值已公开");
    case PublicAccess::kCommitment: break;
  }
  return FailedPrecondition("DRAW_NOT_REVEALED",
                            "抽取尚未揭晓，只公开承诺值，完整记录在揭晓后提供");
}

}  // namespace suiji::service
