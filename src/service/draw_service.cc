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
#include "service/readable_scope.h"
#include "store/audit_store.h"
#include "store/org_store.h"

namespace suiji::service {
namespace {

using OJson = nlohmann::ordered_json;
using Json = nlohmann::json;

Status NotFoundDraw(const std::string& no) { return NotFound("DRAW_NOT_FOUND", "抽取记录不存在：" + no); }

std::vector<std::string> ParseStringArray(const std::string& text) {
  std::vector<std::string> out;
  Json j = Json::parse(text, nullptr, false);
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

// At most this many public random sources per draw: a ceremony has a handful of witnesses'
// values, and every declared source must be entered before the reveal.
constexpr size_t kMaxDrawSources = 20;

// The platform's text rules (core/text.h) on what a draw declares: its title and source names.
Status ValidateTitleAndSources(const std::string& title, const std::vector<std::string>& source_names) {
  if (title.empty()) return InvalidArgument("DRAW_TITLE_REQUIRED", "请填写抽取名称");
  RETURN_IF_ERROR(text::CheckText("抽取名称", title, text::kName));
  if (source_names.size() > kMaxDrawSources)
    return InvalidArgument("DRAW_TOO_MANY_SOURCES", "一次抽取最多声明 " + std::to_string(kMaxDrawSources) +
                                                        " 个公开随机源（当前 " +
                                                        std::to_string(source_names.size()) + " 个）");
  for (const auto& name : source_names) RETURN_IF_ERROR(text::CheckText("随机源名称", name, {100, false}));
  return OkStatus();
}

Status ValidateSourceValueText(const std::string& value) {
  if (value.empty()) return InvalidArgument("DRAW_SOURCE_VALUE_EMPTY", "随机数来源的值不能为空");
  if (value.size() > 256) return InvalidArgument("DRAW_SOURCE_VALUE_TOO_LONG", "随机数来源的值过长（最多 256 字节）");
  if (!draw::IsValidUtf8(value)) return InvalidArgument("DRAW_INVALID_UTF8", "随机数来源的值不是有效的 UTF-8 文本");
  for (unsigned char ch : value)
    if (ch < 0x20) return InvalidArgument("DRAW_SOURCE_VALUE_CONTROL", "随机数来源的值不能包含换行等控制字符");
  return OkStatus();
}

OJson StrataJson(const std::vector<draw::StratumSpec>& strata) {
  OJson a = OJson::array();
  for (const auto& s : strata) a.push_back({{"name", s.name}, {"take", s.take}, {"weighted", s.weighted}});
  return a;
}

// Everything needed to recompute a stored draw.
struct Recomputed {
  std::optional<draw::TargetDraw> targets;
  std::optional<draw::TargetDrawResult> target_result;
  std::optional<draw::InspectorAssignment> assign;
  std::optional<draw::AssignResult> assign_result;
};

}  // namespace

const std::vector<std::string>& TargetReplacementReasons() {
  static const std::vector<std::string> r = {"已注销", "已迁出", "已被吊销或撤销", "通过登记的住所（经营场所）无法联系",
                                             "已关闭停业或正在组织清算", "不属于本次抽查范围", "其他"};
  return r;
}

const std::vector<std::string>& InspectorReplacementReasons() {
  static const std::vector<std::string> r = {"回避", "因公无法参加", "病假或事假", "执法证件失效", "其他"};
  return r;
}

StatusOr<std::string> DrawService::NextDrawNo(store::Connection& c, int64_t department_id) {
  ASSIGN_OR_RETURN(auto dept, store::FindDepartment(c, department_id));
  if (!dept) return NotFound("DEPARTMENT_NOT_FOUND", "部门不存在（编号 " + std::to_string(department_id) + "）");
  const std::string prefix = dept->code + "-" + std::to_string(ChinaDate(clock_.Now()).year) + "-";
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
  v.source_names = ParseStringArray(v.row.source_names);
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

namespace {

// Loads the committed input of a stored draw.
StatusOr<draw::TargetDrawInput> LoadTargetInput(store::Connection& c, const DrawView& v) {
  draw::TargetDrawInput in;
  in.draw_id = v.row.draw_no;
  in.source_names = v.source_names;
  Json spec = Json::parse(v.row.spec, nullptr, false);
  if (!spec.is_object() || !spec.contains("strata")) return Internal("draw spec unreadable: " + v.row.draw_no);
  for (const auto& s : spec["strata"])
    in.strata.push_back({s.value("name", ""), s.value("take", 0u), s.value("weighted", false)});
  in.pool.reserve(static_cast<size_t>(v.row.pool_size));
  RETURN_IF_ERROR(store::ScanDrawPool(c, v.row.id, [&](std::string stratum, std::string id, int64_t weight) {
    in.pool.push_back({std::move(stratum), std::move(id), static_cast<uint32_t>(weight)});
  }));
  return in;
}

StatusOr<draw::AssignDrawInput> LoadAssignInput(store::Connection& c, const DrawView& v) {
  draw::AssignDrawInput in;
  in.draw_id = v.row.draw_no;
  in.source_names = v.source_names;
  Json spec = Json::parse(v.row.spec, nullptr, false);
  if (!spec.is_object()) return Internal("draw spec unreadable: " + v.row.draw_no);
  in.per_task = spec.value("per_task", 2u);
  in.cap = spec.value("cap", 1u);
  std::map<std::string, size_t> index;
  RETURN_IF_ERROR(store::ScanDrawEligibility(c, v.row.id, [&](std::string task, std::string inspector) {
    auto [it, fresh] = index.emplace(task, in.tasks.size());
    if (fresh) in.tasks.push_back({task, {}});
    if (!inspector.empty()) in.tasks[it->second].inspectors.push_back(std::move(inspector));
  }));
  return in;
}

std::vector<std::string> EnteredValues(const DrawView& v) {
  std::vector<std::string> out;
  for (const auto& x : v.source_values) out.push_back(x.value_or(""));
  return out;
}

}  // namespace

StatusOr<int64_t> DrawService::InsertCommitted(store::Connection& c, const Principal& who, store::DrawRow& row,
                                               const draw::DrawPlan& plan, const std::string& secret) {
  row.secret_sealed = box_.Seal(secret, entropy_);
  row.root = ToHex(plan.root);
  row.sources_decl = ToHex(plan.sources_decl);
  row.commit_hash = ToHex(plan.commit);
  row.plan_hash = ToHex(plan.plan_hash);
  row.committed_at = FormatTimestamp(clock_.Now());
  if (who.user_id > 0) row.committed_by = who.user_id;
  auto inserted = store::InsertDraw(c, row);
  if (!inserted.ok() && inserted.status().reason() == "DB_UNIQUE_VIOLATION")
    return Status(StatusCode::kAborted, "DB_SERIALIZATION", "并发冲突，请重试");  // numbering race: retry
  return inserted;
}

StatusOr<DrawView> DrawService::CommitAndLoad(
    const std::function<StatusOr<int64_t>(store::Connection&)>& commit) {
  int64_t id = 0;
  Status s = store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(id, commit(c));
    return OkStatus();
  });
  RETURN_IF_ERROR(s);
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  return LoadById(*conn, id);
}

StatusOr<DrawView> DrawService::CommitTargets(const Principal& who, const TargetDrawRequest& r) {
  return CommitAndLoad([&](store::Connection& c) { return CommitTargetsIn(c, who, r); });
}

StatusOr<int64_t> DrawService::CommitTargetsIn(store::Connection& c, const Principal& who, const TargetDrawRequest& r) {
  ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(r.department_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kPlanWrite, loc));
  RETURN_IF_ERROR(ValidateTitleAndSources(r.title, r.source_names));
  if (r.pool.empty()) return FailedPrecondition("DRAW_POOL_EMPTY", "抽取范围内没有任何检查对象，无法抽取");
  int64_t id = 0;
  ASSIGN_OR_RETURN(std::string no, NextDrawNo(c, r.department_id));
  const std::string secret = entropy_.Bytes(draw::kSecretBytes);
  draw::TargetDrawInput input{no, r.source_names, r.strata, r.pool};
  ASSIGN_OR_RETURN(auto prepared, draw::TargetDraw::Prepare(std::move(input), secret));
  const auto& plan = prepared.plan();
  store::DrawRow row;
  row.draw_no = no;
  row.kind = "targets";
  row.title = r.title;
  row.department_id = r.department_id;
  row.confidential = r.confidential;
  row.source_names = Json(r.source_names).dump();
  row.spec = Json{{"strata", Json::parse(StrataJson(r.strata).dump())}}.dump();
  row.pool_size = static_cast<int64_t>(r.pool.size());
  ASSIGN_OR_RETURN(id, InsertCommitted(c, who, row, plan, secret));
  size_t i = 0;
  const auto& pool = prepared.input().pool;
  RETURN_IF_ERROR(store::InsertDrawPool(c, id, [&](std::string& stratum, std::string& cand, int64_t& weight) {
    if (i >= pool.size()) return false;
    stratum = pool[i].stratum;
    cand = pool[i].id;
    weight = pool[i].weight;
    ++i;
    return true;
  }));
  ASSIGN_OR_RETURN(auto entry,
                   RecordAudit(c, clock_, who, "draw.commit", "draw", no,
                               {{"kind", "targets"}, {"title", r.title}, {"department_id", r.department_id},
                                {"plan_hash", row.plan_hash}, {"pool_root", row.root}, {"commit", row.commit_hash},
                                {"sources_decl", row.sources_decl}, {"source_names", r.source_names},
                                {"strata", Json::parse(StrataJson(r.strata).dump())},
                                {"pool_size", row.pool_size}, {"confidential", r.confidential}}));
  RETURN_IF_ERROR(store::SetDrawAuditSeq(c, id, false, entry.seq));
  return id;
}

StatusOr<DrawView> DrawService::CommitAssign(const Principal& who, const AssignDrawRequest& r) {
  return CommitAndLoad([&](store::Connection& c) { return CommitAssignIn(c, who, r); });
}

StatusOr<int64_t> DrawService::CommitAssignIn(store::Connection& c, const Principal& who, const AssignDrawRequest& r) {
  ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(r.department_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kPlanWrite, loc));
  RETURN_IF_ERROR(ValidateTitleAndSources(r.title, r.source_names));
  if (r.tasks.empty())
    return FailedPrecondition("DRAW_NO_TASKS", r.experts ? "没有需要抽取专家的检查对象" : "没有需要选派检查人员的检查对象");
  if (r.per_task < (r.supplementary || r.experts ? 1u : 2u))
    return InvalidArgument("DRAW_PER_TASK_TOO_FEW", "每个检查对象至少应选派 2 名执法检查人员");
  int64_t id = 0;
  if (r.parent_draw_id) {
    ASSIGN_OR_RETURN(auto parent, store::FindDrawById(c, *r.parent_draw_id));
    // A joint task's cooperating departments draw their inspectors for the lead's targets.
    if (!parent || parent->kind != "targets")
      return InvalidArgument("DRAW_PARENT_INVALID", "关联的检查对象抽取不存在");
    if (parent->status != "revealed")
      return FailedPrecondition("DRAW_PARENT_NOT_REVEALED", "检查对象抽取尚未揭晓，不能选派检查人员");
  }
  ASSIGN_OR_RETURN(std::string no, NextDrawNo(c, r.department_id));
  const std::string secret = entropy_.Bytes(draw::kSecretBytes);
  draw::AssignDrawInput input{no, r.source_names, r.per_task, r.cap, r.tasks};
  ASSIGN_OR_RETURN(auto prepared, draw::InspectorAssignment::Prepare(std::move(input), secret));
  const auto& plan = prepared.plan();
  store::DrawRow row;
  row.draw_no = no;
  row.kind = "assign";
  row.title = r.title;
  row.department_id = r.department_id;
  row.parent_draw_id = r.parent_draw_id;
  row.confidential = r.confidential;
  row.source_names = Json(r.source_names).dump();
  row.spec = Json{{"per_task", r.per_task}, {"cap", r.cap}}.dump();
  row.pool_size = static_cast<int64_t>(r.tasks.size());
  ASSIGN_OR_RETURN(id, InsertCommitted(c, who, row, plan, secret));
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& t : prepared.input().tasks) {
    if (t.inspectors.empty()) rows.emplace_back(t.task, "");
    for (const auto& i : t.inspectors) rows.emplace_back(t.task, i);
  }
  RETURN_IF_ERROR(store::InsertDrawEligibility(c, id, rows));
  size_t eligible_pairs = 0;
  for (const auto& t : r.tasks) eligible_pairs += t.inspectors.size();
  ASSIGN_OR_RETURN(auto entry,
                   RecordAudit(c, clock_, who, "draw.commit", "draw", no,
                               {{"kind", "assign"}, {"title", r.title}, {"department_id", r.department_id},
                                {"plan_hash", row.plan_hash}, {"elig_root", row.root}, {"commit", row.commit_hash},
                                {"sources_decl", row.sources_decl}, {"source_names", r.source_names},
                                {"per_task", r.per_task}, {"cap", r.cap}, {"tasks", r.tasks.size()},
                                {"eligible_pairs", eligible_pairs}, {"confidential", r.confidential}}));
  RETURN_IF_ERROR(store::SetDrawAuditSeq(c, id, false, entry.seq));
  return id;
}

StatusOr<DrawView> DrawService::AddWitness(const Principal& who, const std::string& draw_no, const std::string& name,
                                           const std::string& organisation) {
  DrawView out;
  Status s = store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(DrawView v, Load(c, draw_no));
    ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(v.row.department_id));
    store::DrawWitnessRow w;
    const bool planner = Authorize(who, Permission::kPlanWrite, loc).ok();
    if (!planner) {
      // A witness may sign in to a draw as themselves; they do not register others.
      RETURN_IF_ERROR(Authorize(who, Permission::kDrawWitness, loc));
      w.name = who.display_name;
      w.user_id = who.user_id;
    } else {
      w.name = name;
    }
    w.organisation = organisation;
    if (w.name.empty() || w.name.size() > 120) return InvalidArgument("WITNESS_NAME_INVALID", "请填写见证人姓名（最多 40 个汉字）");
    if (w.organisation.empty() || w.organisation.size() > 300)
      return InvalidArgument("WITNESS_ORGANISATION_INVALID", "请填写见证人身份或单位，如“区人大代表”“公证处”");
    RETURN_IF_ERROR(text::CheckText("见证人姓名", w.name, {40, false}));
    RETURN_IF_ERROR(text::CheckText("见证人身份或单位", w.organisation, {100, false}));
    if (v.row.status != "committed")
      return FailedPrecondition("DRAW_ALREADY_REVEALED", "抽取已经揭晓，不能再登记见证人");
    w.recorded_at = FormatTimestamp(clock_.Now());
    for (const auto& existing : v.witnesses)
      if (existing.name == w.name && existing.organisation == w.organisation)
        return AlreadyExists("WITNESS_DUPLICATE", "该见证人已经登记");
    ASSIGN_OR_RETURN(int64_t seq, store::InsertDrawWitness(c, v.row.id, w, who.user_id > 0 ? std::optional(who.user_id) : std::nullopt));
    RETURN_IF_ERROR(RecordAudit(c, clock_, who, "draw.witness", "draw", draw_no,
                                {{"seq", seq}, {"name", w.name}, {"organisation", w.organisation},
                                 {"user_id", w.user_id ? Json(*w.user_id) : Json()}}));
    ASSIGN_OR_RETURN(out, Load(c, draw_no));
    return OkStatus();
  });
  RETURN_IF_ERROR(s);
  return out;
}

StatusOr<DrawView> DrawService::EnterSourceValue(const Principal& who, const std::string& draw_no, int position,
                                                 const std::string& value) {
  DrawView out;
  Status s = store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(DrawView v, Load(c, draw_no));
    ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(v.row.department_id));
    if (!Authorize(who, Permission::kPlanWrite, loc).ok()) RETURN_IF_ERROR(Authorize(who, Permission::kDrawWitness, loc));
    if (v.row.status != "committed")
      return FailedPrecondition("DRAW_ALREADY_REVEALED", "抽取已经揭晓，随机数来源的值已锁定");
    if (position < 0 || static_cast<size_t>(position) >= v.source_names.size())
      return InvalidArgument("DRAW_SOURCE_POSITION_INVALID", "随机数来源序号无效");
    RETURN_IF_ERROR(ValidateSourceValueText(value));
    RETURN_IF_ERROR(store::InsertDrawSourceValue(
        c, v.row.id, {position, value, FormatTimestamp(clock_.Now()), who.user_id > 0 ? std::optional(who.user_id) : std::nullopt}));
    RETURN_IF_ERROR(RecordAudit(c, clock_, who, "draw.source_value", "draw", draw_no,
                                {{"position", position}, {"name", v.source_names[position]}, {"value", value}}));
    ASSIGN_OR_RETURN(out, Load(c, draw_no));
    return OkStatus();
  });
  RETURN_IF_ERROR(s);
  return out;
}

StatusOr<DrawChange> DrawService::RevealIn(store::Connection& c, const Principal& who, const std::string& draw_no,
                                       const std::vector<std::string>& values) {
  ASSIGN_OR_RETURN(DrawView v, Load(c, draw_no));
  ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(v.row.department_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kPlanWrite, loc));
  if (v.row.status != "committed")
    return FailedPrecondition("DRAW_ALREADY_REVEALED", "该抽取已经揭晓，结果已锁定，不能再次揭晓");
  if (values.size() > v.source_names.size())
    return InvalidArgument("DRAW_SOURCE_VALUE_COUNT", "随机数来源的值多于声明的来源个数");
  // Values given with the reveal are entered first, with the same rules as one by one.
  const std::string now = FormatTimestamp(clock_.Now());
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i].empty()) continue;
    if (v.source_values[i]) {
      if (*v.source_values[i] != values[i])
        return AlreadyExists("DRAW_SOURCE_VALUE_SET", "“" + v.source_names[i] + "”的值已经录入为“" +
                                                          *v.source_values[i] + "”，录入后不能修改");
      continue;
    }
    RETURN_IF_ERROR(ValidateSourceValueText(values[i]));
    RETURN_IF_ERROR(store::InsertDrawSourceValue(
        c, v.row.id, {static_cast<int64_t>(i), values[i], now, who.user_id > 0 ? std::optional(who.user_id) : std::nullopt}));
    RETURN_IF_ERROR(RecordAudit(c, clock_, who, "draw.source_value", "draw", draw_no,
                                {{"position", i}, {"name", v.source_names[i]}, {"value", values[i]}}));
    v.source_values[i] = values[i];
  }
  std::vector<std::string> missing;
  for (size_t i = 0; i < v.source_names.size(); ++i)
    if (!v.source_values[i]) missing.push_back("“" + v.source_names[i] + "”");
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : "、") + m;
    return FailedPrecondition("DRAW_SOURCE_VALUE_MISSING", "尚未录入随机数来源的值：" + list);
  }
  if (v.witnesses.empty())
    return FailedPrecondition("DRAW_NO_WITNESS", "揭晓前须至少登记一名见证人");
  ASSIGN_OR_RETURN(std::string secret, box_.Open(v.row.secret_sealed));
  const std::vector<std::string> vals = EnteredValues(v);
  store::DrawRow row = v.row;
  Json outputs;
  std::string plan_hash, result_hash;
  draw::DrawSeed seed;
  // The outcome computed here is the draw's result (no replacement exists before the reveal):
  // it is handed to the caller, which locks what depends on it without computing it again.
  DrawOutcome outcome;
  outcome.kind = v.row.kind;
  if (v.row.kind == "targets") {
    ASSIGN_OR_RETURN(auto input, LoadTargetInput(c, v));
    ASSIGN_OR_RETURN(auto prepared, draw::TargetDraw::Prepare(std::move(input), secret));
    plan_hash = ToHex(prepared.plan().plan_hash);
    if (plan_hash != v.row.plan_hash)
      return DataLoss("DRAW_SNAPSHOT_MISMATCH", "抽取快照与承诺值不符，数据可能被篡改，已拒绝揭晓");
    ASSIGN_OR_RETURN(auto result, prepared.Reveal(vals));
    Json selected = Json::object(), reserve = Json::object();
    const auto& pool = prepared.input().pool;
    for (const auto& st : result.strata) {
      Json sel = Json::array(), res = Json::array();
      for (uint32_t idx : st.selected()) sel.push_back(pool[idx].id);
      for (uint32_t idx : st.reserve()) res.push_back(pool[idx].id);
      outcome.selected.emplace_back(st.name, sel.get<std::vector<std::string>>());
      selected[st.name] = std::move(sel);
      reserve[st.name] = std::move(res);
    }
    outputs = {{"selected", std::move(selected)}, {"reserve", std::move(reserve)}};
    seed = result.seed;
    result_hash = ToHex(result.result_hash);
  } else {
    ASSIGN_OR_RETURN(auto input, LoadAssignInput(c, v));
    ASSIGN_OR_RETURN(auto prepared, draw::InspectorAssignment::Prepare(std::move(input), secret));
    plan_hash = ToHex(prepared.plan().plan_hash);
    if (plan_hash != v.row.plan_hash)
      return DataLoss("DRAW_SNAPSHOT_MISMATCH", "抽取快照与承诺值不符，数据可能被篡改，已拒绝揭晓");
    ASSIGN_OR_RETURN(auto result, prepared.Reveal(vals));
    Json teams = Json::array();
    for (const auto& t : result.teams) {
      teams.push_back({{"task", t.task}, {"inspectors", t.inspectors}, {"unfilled", t.unfilled}});
      outcome.teams.push_back({t.task, t.inspectors, t.unfilled});
    }
    outputs = {{"teams", std::move(teams)}};
    seed = result.seed;
    result_hash = ToHex(result.result_hash);
  }
  row.secret = ToHex(secret);
  row.revealed_at = FormatTimestamp(clock_.Now());
  if (who.user_id > 0) row.revealed_by = who.user_id;
  row.randomness = ToHex(seed.randomness);
  row.seed = seed.seed;
  row.result_hash = result_hash;
  row.outputs = outputs.dump();
  row.signature = ToHex(key_.Sign(*FromHex(result_hash)));
  row.key_id = key_.key_id();
  row.published = !v.row.confidential;
  RETURN_IF_ERROR(store::MarkDrawRevealed(c, row));
  Json witnesses = Json::array();
  for (const auto& w : v.witnesses) witnesses.push_back({{"name", w.name}, {"organisation", w.organisation}});
  ASSIGN_OR_RETURN(auto entry, RecordAudit(c, clock_, who, "draw.reveal", "draw", draw_no,
                                           {{"plan_hash", plan_hash}, {"result_hash", result_hash},
                                            {"randomness", *row.randomness}, {"secret", *row.secret},
                                            {"source_values", vals}, {"witnesses", witnesses},
                                            {"signature", *row.signature}, {"key_id", *row.key_id},
                                            {"published", row.published}}));
  RETURN_IF_ERROR(store::SetDrawAuditSeq(c, v.row.id, true, entry.seq));
  DrawChange change;
  ASSIGN_OR_RETURN(change.view, Load(c, draw_no));
  change.outcome = std::move(outcome);
  return change;
}

Status DrawService::Redraw(const Principal& who, const std::string& draw_no) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(DrawView v, Load(*conn, draw_no));
  RETURN_IF_ERROR(RequireReadable(who, v));
  return FailedPrecondition("DRAW_NO_REDRAW",
                            "随机抽取不能重新抽取：结果由承诺时锁定的名单、公开随机数和平台密钥唯一确定。"
                            "抽中对象确实无法检查时，请提出替换申请，按备选顺序替换并经负责人审批");
}

StatusOr<DrawView> DrawService::Publish(const Principal& who, const std::string& draw_no) {
  DrawView out;
  Status s = store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(DrawView v, Load(c, draw_no));
    ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(v.row.department_id));
    RETURN_IF_ERROR(Authorize(who, Permission::kPlanWrite, loc));
    if (v.row.status != "revealed") return FailedPrecondition("DRAW_NOT_REVEALED", "抽取尚未揭晓，不能公开");
    if (v.row.published) return OkStatus();
    RETURN_IF_ERROR(store::SetDrawPublished(c, v.row.id));
    RETURN_IF_ERROR(RecordAudit(c, clock_, who, "draw.publish", "draw", draw_no, {{"result_hash", *v.row.result_hash}}));
    ASSIGN_OR_RETURN(out, Load(c, draw_no));
    return OkStatus();
  });
  RETURN_IF_ERROR(s);
  return out;
}

namespace {

// Replays approved replacements (plus an optional new one) with the engine; returns the `in`
// of the last one applied.
struct ReplayResult {
  std::optional<std::string> last_in;
  DrawOutcome outcome;
};

StatusOr<ReplayResult> Replay(store::Connection& c, const DrawView& v, const std::string& secret,
                              const std::vector<store::DrawReplacementRow>& approved,
                              const std::optional<std::pair<std::optional<std::string>, std::string>>& extra) {
  ReplayResult rr;
  rr.outcome.kind = v.row.kind;
  const std::vector<std::string> vals = EnteredValues(v);
  if (v.row.kind == "targets") {
    ASSIGN_OR_RETURN(auto input, LoadTargetInput(c, v));
    ASSIGN_OR_RETURN(auto prepared, draw::TargetDraw::Prepare(std::move(input), secret));
    ASSIGN_OR_RETURN(auto result, prepared.Reveal(vals));
    draw::TargetReplacer replacer(prepared, result);
    const auto& pool = prepared.input().pool;
    std::vector<std::pair<std::string, std::vector<std::string>>> selected;
    std::map<std::string, std::string> stratum_of;
    for (const auto& st : result.strata) {
      std::vector<std::string> ids;
      for (uint32_t idx : st.selected()) ids.push_back(pool[idx].id);
      selected.emplace_back(st.name, ids);
    }
    for (const auto& rec : pool) stratum_of[rec.id] = rec.stratum;
    auto apply = [&](const std::string& out) -> Status {
      ASSIGN_OR_RETURN(auto in, replacer.Replace(out));
      rr.last_in = in;
      for (auto& [name, ids] : selected) {
        auto it = std::find(ids.begin(), ids.end(), out);
        if (it == ids.end()) continue;
        ids.erase(it);
        if (in) ids.push_back(*in);
      }
      return OkStatus();
    };
    for (const auto& a : approved) RETURN_IF_ERROR(apply(a.out_id));
    if (extra) RETURN_IF_ERROR(apply(extra->second));
    rr.outcome.selected = std::move(selected);
  } else {
    ASSIGN_OR_RETURN(auto input, LoadAssignInput(c, v));
    const uint32_t cap = input.cap;
    ASSIGN_OR_RETURN(auto prepared, draw::InspectorAssignment::Prepare(std::move(input), secret));
    ASSIGN_OR_RETURN(auto result, prepared.Reveal(vals));
    draw::InspectorReplacer replacer(result, cap);
    auto apply = [&](const std::optional<std::string>& task, const std::string& out) -> Status {
      if (!task) return InvalidArgument("DRAW_REPLACE_TASK_REQUIRED", "替换检查人员时须指明检查对象");
      ASSIGN_OR_RETURN(auto in, replacer.Replace(*task, out));
      rr.last_in = in;
      return OkStatus();
    };
    for (const auto& a : approved) RETURN_IF_ERROR(apply(a.task, a.out_id));
    if (extra) RETURN_IF_ERROR(apply(extra->first, extra->second));
    for (const auto& t : replacer.teams()) rr.outcome.teams.push_back({t.task, t.inspectors, t.unfilled});
  }
  return rr;
}

std::vector<store::DrawReplacementRow> Approved(const DrawView& v) {
  std::vector<store::DrawReplacementRow> out;
  for (const auto& r : v.replacements)
    if (r.status == "approved") out.push_back(r);
  return out;
}

}  // namespace

StatusOr<DrawView> DrawService::RequestReplacement(const Principal& who, const std::string& draw_no,
                                                   const std::optional<std::string>& task, const std::string& out_id,
                                                   const std::string& reason, const std::string& note) {
  DrawView out;
  Status s = store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(DrawView v, Load(c, draw_no));
    ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(v.row.department_id));
    RETURN_IF_ERROR(Authorize(who, Permission::kPlanWrite, loc));
    if (v.row.status != "revealed")
      return FailedPrecondition("DRAW_NOT_REVEALED", "抽取尚未揭晓，不能申请替换");
    const auto& reasons = v.row.kind == "targets" ? TargetReplacementReasons() : InspectorReplacementReasons();
    if (std::find(reasons.begin(), reasons.end(), reason) == reasons.end()) {
      std::string list;
      for (const auto& r : reasons) list += (list.empty() ? "" : "、") + r;
      return InvalidArgument("DRAW_REPLACEMENT_REASON_INVALID", "替换原因须从规定范围中选择：" + list);
    }
    if (reason == "其他" && note.empty())
      return InvalidArgument("DRAW_REPLACEMENT_NOTE_REQUIRED", "替换原因为“其他”时须填写具体说明");
    RETURN_IF_ERROR(text::CheckText("替换说明", note, {500, true}));
    for (const auto& r : v.replacements)
      if (r.status == "pending" && r.out_id == out_id && r.task == task)
        return AlreadyExists("DRAW_REPLACEMENT_PENDING", "该对象已有待审批的替换申请");
    // Refuse now what the engine would refuse at approval (not in the draw / not in the team).
    auto secret = FromHex(v.row.secret.value_or(""));
    if (!secret) return Internal("stored secret unreadable: " + draw_no);
    RETURN_IF_ERROR(Replay(c, v, *secret, Approved(v), std::make_pair(task, out_id)));
    store::DrawReplacementRow r;
    r.task = task;
    r.out_id = out_id;
    r.reason = reason;
    r.note = note;
    r.requested_at = FormatTimestamp(clock_.Now());
    if (who.user_id > 0) r.requested_by = who.user_id;
    ASSIGN_OR_RETURN(int64_t seq, store::InsertDrawReplacement(c, v.row.id, r));
    RETURN_IF_ERROR(RecordAudit(c, clock_, who, "draw.replacement.request", "draw", draw_no,
                                {{"seq", seq}, {"task", task ? Json(*task) : Json()}, {"out", out_id},
                                 {"reason", reason}, {"note", note}}));
    ASSIGN_OR_RETURN(out, Load(c, draw_no));
    return OkStatus();
  });
  RETURN_IF_ERROR(s);
  return out;
}

StatusOr<DrawChange> DrawService::DecideReplacementIn(store::Connection& c, const Principal& who, const std::string& draw_no, int64_t seq,
                                                  bool approve, const std::string& note) {
  ASSIGN_OR_RETURN(DrawView v, Load(c, draw_no));
  ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(v.row.department_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kPlanApprove, loc));
  auto it = std::find_if(v.replacements.begin(), v.replacements.end(), [&](const auto& r) { return r.seq == seq; });
  if (it == v.replacements.end()) return NotFound("DRAW_REPLACEMENT_NOT_FOUND", "替换申请不存在");
  if (it->status != "pending") return FailedPrecondition("DRAW_REPLACEMENT_DECIDED", "该替换申请已经处理，不能重复审批");
  RETURN_IF_ERROR(text::CheckText("审批意见", note, text::kNote));
  if (it->requested_by && *it->requested_by == who.user_id)
    return PermissionDenied("DRAW_REPLACEMENT_SELF_APPROVAL", "不能审批自己提出的替换申请");
  store::DrawReplacementRow d = *it;
  d.status = approve ? "approved" : "rejected";
  d.decided_at = FormatTimestamp(clock_.Now());
  if (who.user_id > 0) d.decided_by = who.user_id;
  d.decision_note = note;
  DrawChange change;
  if (approve) {
    auto secret = FromHex(v.row.secret.value_or(""));
    if (!secret) return Internal("stored secret unreadable: " + draw_no);
    ASSIGN_OR_RETURN(auto rr, Replay(c, v, *secret, Approved(v), std::make_pair(d.task, d.out_id)));
    d.in_id = rr.last_in;
    change.outcome = std::move(rr.outcome);  // the result with this replacement applied
  }
  RETURN_IF_ERROR(store::DecideDrawReplacement(c, v.row.id, d));
  RETURN_IF_ERROR(RecordAudit(c, clock_, who, approve ? "draw.replacement.approve" : "draw.replacement.reject",
                              "draw", draw_no,
                              {{"seq", seq}, {"task", d.task ? Json(*d.task) : Json()}, {"out", d.out_id},
                               {"in", d.in_id ? Json(*d.in_id) : Json()}, {"reason", d.reason}, {"note", note}}));
  ASSIGN_OR_RETURN(change.view, Load(c, draw_no));
  return change;
}

StatusOr<DrawView> DrawService::Get(const Principal& who, const std::string& draw_no) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(DrawView v, Load(*conn, draw_no));
  RETURN_IF_ERROR(RequireReadable(who, v));
  return v;
}

StatusOr<std::vector<DrawView>> DrawService::List(const Principal& who, std::optional<int64_t> department_id, int limit,
                                                  int offset) {
  // The reader's scope is part of the query, so that limit and offset page visible draws only.
  ASSIGN_OR_RETURN(auto readable, ReadableDepartments(org_, who, kDepartmentRecordReaders));
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto rows, store::ListDraws(*conn, department_id, std::clamp(limit, 1, 200), std::max(offset, 0),
                                               false, readable));
  std::vector<DrawView> out;
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(DrawView v, Load(*conn, r.draw_no));
    out.push_back(std::move(v));
  }
  return out;
}

PublicAccess PublicAccessOf(const store::DrawRow& row) {
  if (row.published) return PublicAccess::kFull;
  return row.confidential ? PublicAccess::kConfidential : PublicAccess::kCommitment;
}

Status PublicRecordStatus(const store::DrawRow& row) {
  switch (PublicAccessOf(row)) {
    case PublicAccess::kFull:
      return OkStatus();
    case PublicAccess::kConfidential:
      return PermissionDenied("DRAW_CONFIDENTIAL",
                              "该抽取属于保密任务，检查结束公开前不公布抽取名单和抽取包；承诺值已公开");
    case PublicAccess::kCommitment:
      break;
  }
  return FailedPrecondition("DRAW_NOT_REVEALED", "抽取尚未揭晓，只公开承诺值，完整记录在揭晓后提供");
}

StatusOr<PublicDraw> DrawService::GetPublic(const std::string& draw_no) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(DrawView v, Load(*conn, draw_no));
  const PublicAccess access = PublicAccessOf(v.row);
  return PublicDraw{std::move(v), access};
}

StatusOr<std::vector<PublicDraw>> DrawService::ListPublic(int limit, int offset, const std::string& candidate) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  limit = std::clamp(limit, 1, 200);
  offset = std::max(offset, 0);
  std::vector<PublicDraw> out;
  if (!candidate.empty()) {
    // Only published draws, paged in the query (not the newest 1,000 filtered afterwards).
    ASSIGN_OR_RETURN(auto ids, store::DrawsWithCandidate(*conn, candidate, limit, offset));
    for (int64_t id : ids) {
      ASSIGN_OR_RETURN(DrawView v, LoadById(*conn, id));
      out.push_back({std::move(v), PublicAccess::kFull});
    }
    return out;
  }
  ASSIGN_OR_RETURN(auto rows, store::ListDraws(*conn, std::nullopt, limit, offset, false));
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(DrawView v, Load(*conn, r.draw_no));
    const PublicAccess access = PublicAccessOf(v.row);
    out.push_back({std::move(v), access});
  }
  return out;
}

StatusOr<DrawOutcome> DrawService::Outcome(const Principal& who, const std::string& draw_no) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(DrawView v, Load(*conn, draw_no));
  RETURN_IF_ERROR(RequireReadable(who, v));
  return OutcomeIn(*conn, v);
}

StatusOr<DrawOutcome> DrawService::OutcomeIn(store::Connection& c, const DrawView& v) {
  if (v.row.status != "revealed") return FailedPrecondition("DRAW_NOT_REVEALED", "抽取尚未揭晓");
  auto secret = FromHex(v.row.secret.value_or(""));
  if (!secret) return Internal("stored secret unreadable: " + v.row.draw_no);
  ASSIGN_OR_RETURN(auto rr, Replay(c, v, *secret, Approved(v), std::nullopt));
  return rr.outcome;
}

StatusOr<nlohmann::ordered_json> DrawService::BuildBundle(store::Connection& c, const DrawView& v) {
  const store::DrawRow& d = v.row;
  OJson b;
  b["kind"] = d.kind;
  b["draw_id"] = d.draw_no;
  b["title"] = d.title;
  b["department"] = v.department_name;
  b["committed_at"] = d.committed_at;
  b["revealed_at"] = d.revealed_at ? OJson(*d.revealed_at) : OJson();
  OJson witnesses = OJson::array();
  for (const auto& w : v.witnesses) witnesses.push_back({{"name", w.name}, {"organisation", w.organisation}});
  b["witnesses"] = witnesses;
  b["secret"] = d.secret.value_or("");
  OJson sources = OJson::array();
  for (size_t i = 0; i < v.source_names.size(); ++i)
    sources.push_back({{"name", v.source_names[i]}, {"value", v.source_values[i].value_or("")}});
  b["sources"] = sources;
  if (d.kind == "targets") {
    ASSIGN_OR_RETURN(auto input, LoadTargetInput(c, v));
    b["strata"] = StrataJson(input.strata);
    OJson pool = OJson::array();
    for (const auto& p : input.pool) pool.push_back({{"stratum", p.stratum}, {"id", p.id}, {"weight", p.weight}});
    b["pool"] = std::move(pool);
  } else {
    ASSIGN_OR_RETURN(auto input, LoadAssignInput(c, v));
    b["per_task"] = input.per_task;
    b["cap"] = input.cap;
    OJson eligible = OJson::object();
    for (const auto& t : input.tasks) eligible[t.task] = t.inspectors;
    b["eligible"] = std::move(eligible);
  }
  OJson replacements = OJson::array();
  for (const auto& r : v.replacements) {
    if (r.status != "approved") continue;
    OJson rec;
    if (r.task) rec["task"] = *r.task;
    rec["out"] = r.out_id;
    rec["reason"] = r.reason;
    rec["note"] = r.note;
    rec["approved_at"] = r.decided_at.value_or("");
    rec["in"] = r.in_id ? OJson(*r.in_id) : OJson();
    replacements.push_back(std::move(rec));
  }
  b["replacements"] = std::move(replacements);
  b[d.kind == "targets" ? "pool_root" : "elig_root"] = d.root;
  b["plan_hash"] = d.plan_hash;
  if (d.status == "revealed") {
    b["randomness"] = d.randomness.value_or("");
    b["seed"] = d.seed.value_or("");
    OJson outputs = OJson::parse(d.outputs.value_or("{}"), nullptr, false);
    if (outputs.is_discarded() || !outputs.is_object()) return Internal("draw outputs unreadable: " + d.draw_no);
    for (auto& [k, val] : outputs.items()) b[k] = val;
    b["result_hash"] = d.result_hash.value_or("");
    b["signature"] = {{"algorithm", "Ed25519"},
                      {"key_id", d.key_id.value_or("")},
                      {"public_key", ToHex(key_.public_key())},
                      {"signed", "result_hash 的 32 字节原始值"},
                      {"value", d.signature.value_or("")}};
  }
  b["audit"] = {{"commit_seq", d.commit_audit_seq ? OJson(*d.commit_audit_seq) : OJson()},
                {"reveal_seq", d.reveal_audit_seq ? OJson(*d.reveal_audit_seq) : OJson()}};
  return b;
}

StatusOr<nlohmann::ordered_json> DrawService::Bundle(const Principal* who, const std::string& draw_no) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(DrawView v, Load(*conn, draw_no));
  // The department's own readers see a confidential bundle from the reveal; the public (and
  // other departments) once it is published, and are told why not before: never a 404.
  const bool reader = who != nullptr && RequireReadable(*who, v).ok();
  if (!reader) RETURN_IF_ERROR(PublicRecordStatus(v.row));
  if (v.row.status != "revealed")
    return FailedPrecondition("DRAW_NOT_REVEALED", "抽取尚未揭晓，只公开承诺值，完整记录在揭晓后提供");
  return BuildBundle(*conn, v);
}

// What the audit entries of each draw recorded, gathered while the chain is walked (AuditChecks).
struct DrawService::AuditLog {
  struct Logged {
    int64_t seq = 0;
    std::string action;
    Json payload;
    std::optional<int64_t> actor_id;
  };
  struct Draw {
    std::optional<Logged> commit, reveal, publish;
    std::map<int64_t, Logged> witnesses;  // by draw_witnesses.seq
    std::map<int64_t, Logged> values;     // by draw_source_values.position
    std::map<int64_t, Logged> requests;   // by draw_replacements.seq
    std::map<int64_t, Logged> decisions;  // by draw_replacements.seq
  };
  std::map<std::string, Draw> draws;  // by draw_no
};

namespace {

// The first draws column whose stored value differs from what draw.commit recorded ("" when
// none). Only fields the entry carries are compared (entries of older binaries carry fewer).
std::string MismatchedCommitColumn(const store::DrawRow& d, const Json& p) {
  auto differs = [&](const char* key, const Json& stored) { return p.contains(key) && p[key] != stored; };
  if (differs("commit", d.commit_hash)) return "commit_hash";
  if (differs("sources_decl", d.sources_decl)) return "sources_decl";
  if (differs("plan_hash", d.plan_hash)) return "plan_hash";
  if (differs("pool_root", d.root) || differs("elig_root", d.root)) return "root";
  if (differs("kind", d.kind)) return "kind";
  if (differs("title", d.title)) return "title";
  if (differs("department_id", d.department_id)) return "department_id";
  if (differs("confidential", d.confidential)) return "confidential";
  if (differs("source_names", Json::parse(d.source_names, nullptr, false))) return "source_names";
  if (differs(d.kind == "targets" ? "pool_size" : "tasks", d.pool_size)) return "pool_size";
  const Json spec = Json::parse(d.spec, nullptr, false);
  if (!spec.is_object()) return "spec";
  for (const char* key : {"strata", "per_task", "cap"})
    if (p.contains(key) && (!spec.contains(key) || spec[key] != p[key])) return "spec";
  return "";
}

// The first revealed column that differs from what draw.reveal recorded ("" when none).
std::string MismatchedRevealColumn(const store::DrawRow& d, const Json& p) {
  auto differs = [&](const char* key, const std::optional<std::string>& stored) {
    return p.contains(key) && p[key] != stored.value_or("");
  };
  if (differs("plan_hash", d.plan_hash)) return "plan_hash";
  if (differs("result_hash", d.result_hash)) return "result_hash";
  if (differs("randomness", d.randomness)) return "randomness";
  if (differs("secret", d.secret)) return "secret";
  if (differs("signature", d.signature)) return "signature";
  if (differs("key_id", d.key_id)) return "key_id";
  return "";
}

Json OptionalJson(const std::optional<std::string>& v) { return v ? Json(*v) : Json(); }
Json Field(const Json& p, const char* key) { return p.contains(key) ? p[key] : Json(); }
Json OptionalJson(const std::optional<int64_t>& v) { return v ? Json(*v) : Json(); }

std::string EntryName(const DrawService::AuditLog::Logged& l) {
  return "第 " + std::to_string(l.seq) + " 条审计记录（" + l.action + "）";
}

}  // namespace

StatusOr<std::optional<std::string>> DrawService::CheckAuditEntry(store::Connection& c, const AuditEntry& e,
                                                                  AuditLog& log) {
  using Problem = std::optional<std::string>;
  if (e.entity != "draw") return Problem();
  Json payload = Json::parse(e.payload, nullptr, false);
  AuditLog::Logged logged{e.seq, e.action, payload, e.actor_id};
  AuditLog::Draw& logged_draw = log.draws[e.entity_id];
  if (e.action == "draw.witness") {
    logged_draw.witnesses[payload.value("seq", int64_t{0})] = std::move(logged);
    return Problem();
  }
  if (e.action == "draw.source_value") {
    logged_draw.values[payload.value("position", int64_t{-1})] = std::move(logged);
    return Problem();
  }
  if (e.action == "draw.replacement.request") {
    logged_draw.requests[payload.value("seq", int64_t{0})] = std::move(logged);
    return Problem();
  }
  if (e.action == "draw.replacement.approve" || e.action == "draw.replacement.reject") {
    logged_draw.decisions[payload.value("seq", int64_t{0})] = std::move(logged);
    return Problem();
  }
  if (e.action == "draw.publish") {
    logged_draw.publish = std::move(logged);
    return Problem();
  }
  const std::string where = "第 " + std::to_string(e.seq) + " 条审计记录（" + e.action + " " + e.entity_id + "）";
  auto v = Load(c, e.entity_id);
  if (!v.ok()) return Problem("draws 中缺少抽取 " + e.entity_id + "（" + where + "记录了它），抽取记录被删除");
  const store::DrawRow& d = v->row;
  const std::string row = "draws 行（抽取 " + d.draw_no + "）";
  if (e.action == "draw.commit") {
    logged_draw.commit = std::move(logged);
    if (std::string column = MismatchedCommitColumn(d, payload); !column.empty())
      return Problem(row + "字段 " + column + " 与审计记录不符（" + where + "），抽取的承诺被篡改");
    if (d.status == "committed") {
      auto secret = box_.Open(d.secret_sealed);
      if (!secret.ok()) return Problem(row + "字段 secret_sealed 无法解开（" + where + "），抽取记录被篡改");
      StatusOr<std::string> recomputed = Internal("unset");
      if (d.kind == "targets") {
        ASSIGN_OR_RETURN(auto input, LoadTargetInput(c, *v));
        auto prepared = draw::TargetDraw::Prepare(std::move(input), *secret);
        if (!prepared.ok()) return Problem(where + "：抽取快照无效（" + std::string(prepared.status().message()) + "）");
        recomputed = ToHex(prepared->plan().plan_hash);
      } else {
        ASSIGN_OR_RETURN(auto input, LoadAssignInput(c, *v));
        auto prepared = draw::InspectorAssignment::Prepare(std::move(input), *secret);
        if (!prepared.ok()) return Problem(where + "：抽取快照无效（" + std::string(prepared.status().message()) + "）");
        recomputed = ToHex(prepared->plan().plan_hash);
      }
      if (*recomputed != d.plan_hash)
        return Problem(where + "：抽取名单快照（" + std::string(d.kind == "targets" ? "draw_pool" : "draw_eligibility") +
                       "）与承诺值不符，抽取记录被篡改");
    }
  } else if (e.action == "draw.reveal") {
    logged_draw.reveal = std::move(logged);
    if (d.status != "revealed")
      return Problem(row + "字段 status 与审计记录不符（" + where + "显示已揭晓，抽取记录未处于已揭晓状态）");
    if (std::string column = MismatchedRevealColumn(d, payload); !column.empty())
      return Problem(row + "字段 " + column + " 与审计记录不符（" + where + "），抽取结果被篡改");
    ASSIGN_OR_RETURN(auto bundle, BuildBundle(c, *v));
    auto verdict = draw::VerifyBundle(bundle);
    if (!verdict.ok())
      return Problem(where + "：无法重新计算抽取（" + std::string(verdict.status().message()) + "），抽取记录被篡改");
    if (!verdict->ok)
      return Problem(where + "：重新计算的抽取结果与存储不符（字段 " + verdict->field + "），抽取记录被篡改");
    auto sig = FromHex(d.signature.value_or(""));
    auto msg = FromHex(d.result_hash.value_or(""));
    if (!sig || !msg || !VerifySignature(key_.public_key(), *msg, *sig))
      return Problem(row + "字段 signature 无效（" + where + "），平台签名被篡改");
  }
  return Problem();
}

StatusOr<std::optional<std::string>> DrawService::CheckAuditedRows(store::Connection& c, const AuditLog& log) {
  using Problem = std::optional<std::string>;
  ASSIGN_OR_RETURN(auto records, store::ListDrawsForAudit(c));
  std::set<std::string> present;
  for (const auto& record : records) {
    present.insert(record.number);
    ASSIGN_OR_RETURN(DrawView v, Load(c, record.number));
    const std::string of = "（抽取 " + record.number + "）";
    auto it = log.draws.find(record.number);
    if (it == log.draws.end() || !it->second.commit)
      return Problem("draws 行" + of + "没有对应的审计记录（draw.commit），该抽取不是经平台承诺产生的");
    const AuditLog::Draw& logged = it->second;
    if (v.row.status == "revealed" && !logged.reveal)
      return Problem("draws 行" + of + "字段 status 为已揭晓，但没有对应的审计记录（draw.reveal）");
    // Whether the public sees the bundle: at the reveal unless confidential, or after draw.publish.
    std::optional<bool> published;
    if (logged.publish) published = true;
    else if (!logged.reveal) published = false;
    else if (logged.reveal->payload.contains("published")) published = logged.reveal->payload["published"].get<bool>();
    else if (logged.commit->payload.contains("confidential"))
      published = !logged.commit->payload["confidential"].get<bool>();
    if (published && *published != v.row.published)
      return Problem("draws 行" + of + "字段 published 与审计记录不符，公开状态被篡改");

    std::set<int64_t> seen;
    for (const auto& w : v.witnesses) {
      seen.insert(w.seq);
      const std::string row = "draw_witnesses 第 " + std::to_string(w.seq) + " 行" + of;
      auto l = logged.witnesses.find(w.seq);
      if (l == logged.witnesses.end())
        return Problem(row + "没有对应的审计记录（draw.witness），见证人“" + w.name + "”未经登记");
      const Json& p = l->second.payload;
      std::string field;
      if (p.value("name", "") != w.name) field = "name";
      else if (p.value("organisation", "") != w.organisation) field = "organisation";
      else if (p.contains("user_id") && p["user_id"] != OptionalJson(w.user_id)) field = "user_id";
      if (!field.empty())
        return Problem(row + "字段 " + field + " 与审计记录不符（" + EntryName(l->second) + "），见证人记录被篡改");
    }
    for (const auto& [seq, l] : logged.witnesses)
      if (!seen.count(seq))
        return Problem("draw_witnesses 第 " + std::to_string(seq) + " 行" + of + "已被删除（" + EntryName(l) +
                       "登记了见证人“" + l.payload.value("name", "") + "”）");

    ASSIGN_OR_RETURN(auto values, store::ListDrawSourceValues(c, v.row.id));
    seen.clear();
    for (const auto& sv : values) {
      seen.insert(sv.position);
      const std::string row = "draw_source_values 第 " + std::to_string(sv.position + 1) + " 行" + of;
      auto l = logged.values.find(sv.position);
      if (l == logged.values.end())
        return Problem(row + "没有对应的审计记录（draw.source_value），随机数来源的值未经录入");
      std::string field;
      if (l->second.payload.value("value", "") != sv.value) field = "value";
      else if (l->second.actor_id != sv.entered_by) field = "entered_by";
      if (!field.empty())
        return Problem(row + "字段 " + field + " 与审计记录不符（" + EntryName(l->second) + "），随机数来源的值被篡改");
    }
    for (const auto& [position, l] : logged.values)
      if (!seen.count(position))
        return Problem("draw_source_values 第 " + std::to_string(position + 1) + " 行" + of + "已被删除（" +
                       EntryName(l) + "录入了“" + l.payload.value("name", "") + "”的值）");

    seen.clear();
    for (const auto& r : v.replacements) {
      seen.insert(r.seq);
      const std::string row = "draw_replacements 第 " + std::to_string(r.seq) + " 行" + of;
      auto req = logged.requests.find(r.seq);
      if (req == logged.requests.end())
        return Problem(row + "没有对应的审计记录（draw.replacement.request），替换未经申请");
      const Json& p = req->second.payload;
      std::string field;
      if (Field(p, "task") != OptionalJson(r.task)) field = "task";
      else if (p.value("out", "") != r.out_id) field = "out_id";
      else if (p.value("reason", "") != r.reason) field = "reason";
      else if (p.value("note", "") != r.note) field = "note";
      else if (req->second.actor_id != r.requested_by) field = "requested_by";
      if (!field.empty())
        return Problem(row + "字段 " + field + " 与审计记录不符（" + EntryName(req->second) + "），替换记录被篡改");
      auto dec = logged.decisions.find(r.seq);
      if (dec == logged.decisions.end()) {
        if (r.status != "pending")
          return Problem(row + "字段 status 与审计记录不符（没有审批的审计记录），替换记录被篡改");
        continue;
      }
      const Json& q = dec->second.payload;
      const bool approved = dec->second.action == "draw.replacement.approve";
      if (r.status != (approved ? "approved" : "rejected")) field = "status";
      else if (approved && Field(q, "in") != OptionalJson(r.in_id)) field = "in_id";
      else if (q.value("note", "") != r.decision_note.value_or("")) field = "decision_note";
      else if (dec->second.actor_id != r.decided_by) field = "decided_by";
      if (!field.empty())
        return Problem(row + "字段 " + field + " 与审计记录不符（" + EntryName(dec->second) + "），替换记录被篡改");
    }
    for (const auto& [seq, l] : logged.requests)
      if (!seen.count(seq))
        return Problem("draw_replacements 第 " + std::to_string(seq) + " 行" + of + "已被删除（" + EntryName(l) + "）");
  }
  for (const auto& [no, logged] : log.draws) {
    if (present.count(no)) continue;
    const auto& first = logged.commit ? *logged.commit
                        : !logged.witnesses.empty() ? logged.witnesses.begin()->second
                        : !logged.values.empty()    ? logged.values.begin()->second
                                                    : AuditLog::Logged{};
    return Problem("draws 中缺少抽取 " + no + "（" + EntryName(first) + "记录了它），抽取记录被删除");
  }
  return Problem();
}

std::vector<AuditContentCheck> DrawService::AuditChecks() {
  auto log = std::make_shared<AuditLog>();
  return {{[this, log](store::Connection& c, const AuditEntry& e) { return CheckAuditEntry(c, e, *log); },
           [this, log](store::Connection& c) { return CheckAuditedRows(c, *log); }}};
}

}  // namespace suiji::service
