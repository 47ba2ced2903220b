#include "service/draw_service.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <memory>
#include <optional>
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

using Json = nlohmann::json;

namespace {

// Each stratum's selected pool indexes, in draw order, as the engine gives them.
std::vector<std::pair<std::string, std::vector<uint32_t>>> SelectedIndexes(
    const draw::TargetDrawResult& result) {
  std::vector<std::pair<std::string, std::vector<uint32_t>>> out;
  for (const auto& st : result.strata)
    out.emplace_back(st.name, std::vector<uint32_t>(st.selected().begin(), st.selected().end()));
  return out;
}

// A target draw's outcome from the selected pool indexes of each stratum: their ids and, when the
// pool carries them, the target ids they were committed as.
void SelectedOf(const draw::Pool& pool, const std::vector<int64_t>& target_ids,
                const std::vector<std::pair<std::string, std::vector<uint32_t>>>& selected,
                DrawOutcome& outcome) {
  for (const auto& [name, idxs] : selected) {
    std::vector<std::string> ids;
    ids.reserve(idxs.size());
    for (uint32_t i : idxs) ids.push_back(pool[i].id.str());
    outcome.selected.emplace_back(name, std::move(ids));
    if (target_ids.empty()) continue;
    std::vector<int64_t> rows;
    rows.reserve(idxs.size());
    for (uint32_t i : idxs) rows.push_back(target_ids[i]);
    outcome.selected_target_ids.push_back(std::move(rows));
  }
}

// The JSON text reveals wrote before session 17, read back: a JSON string at `p` with no escape and
// no control character (valid UTF-8), its contents in `out` and `p` moved past it.
bool ReadPlainString(std::string_view text, size_t& p, std::string_view& out) {
  if (p >= text.size() || text[p] != '"') return false;
  const size_t start = ++p;
  bool ascii = true;
  for (; p < text.size() && text[p] != '"'; ++p) {
    const auto ch = static_cast<unsigned char>(text[p]);
    if (ch < 0x20 || ch == '\\') return false;
    ascii = ascii && ch < 0x80;
  }
  if (p == text.size()) return false;
  out = text.substr(start, p - start);
  ++p;
  return ascii || draw::IsValidUtf8(out);
}

bool ReadLiteral(std::string_view text, size_t& p, std::string_view literal) {
  if (text.substr(p, literal.size()) != literal) return false;
  p += literal.size();
  return true;
}

// {stratum: [ids], …} as those reveals wrote it, names unique.
bool ReadPlainLists(std::string_view text, size_t& p, draw::HeldIdLists& lists) {
  if (!ReadLiteral(text, p, "{")) return false;
  if (ReadLiteral(text, p, "}")) return true;
  std::set<std::string_view> names;
  for (;;) {
    std::string_view name;
    if (!ReadPlainString(text, p, name) || !names.insert(name).second ||
        !ReadLiteral(text, p, ":["))
      return false;
    lists.names.emplace_back(name);
    lists.sizes.push_back(0);
    if (!ReadLiteral(text, p, "]")) {
      for (;;) {
        std::string_view id;
        if (!ReadPlainString(text, p, id)) return false;
        lists.ids.Append(id);
        ++lists.sizes.back();
        if (ReadLiteral(text, p, ",")) continue;
        if (ReadLiteral(text, p, "]")) break;
        return false;
      }
    }
    if (!ReadLiteral(text, p, ",")) return ReadLiteral(text, p, "}");
  }
}

}  // namespace

namespace draw_detail {

std::optional<PlainTargetOutputs> ReadPlainTargetOutputs(std::string_view text) {
  PlainTargetOutputs out;
  size_t p = 0;
  if (!ReadLiteral(text, p, "{\"reserve\":") || !ReadPlainLists(text, p, out.reserve) ||
      !ReadLiteral(text, p, ",\"selected\":") || !ReadPlainLists(text, p, out.selected) ||
      !ReadLiteral(text, p, "}") || p != text.size())
    return std::nullopt;
  return out;
}

std::string TargetOutputsPositionsText(const draw::TargetDrawResult& result,
                                       std::span<const uint32_t> canonical) {
  std::vector<uint32_t> canonical_of(canonical.size());  // pool index -> position
  for (uint32_t k = 0; k < canonical.size(); ++k) canonical_of[canonical[k]] = k;
  std::vector<const draw::StratumOutcome*> strata;
  size_t entries = 0;
  for (const auto& st : result.strata) {
    strata.push_back(&st);
    entries += st.order.size();
  }
  std::sort(strata.begin(), strata.end(),
            [](const auto* a, const auto* b) { return a->name < b->name; });
  std::string out(kTargetOutputsPositions);
  out.reserve(out.size() + entries * 8 + strata.size() * 32);
  char digits[16];
  for (const auto* st : strata) {
    text::AppendTabEscaped(out, st->name);
    out.push_back('\t');
    out.append(digits, std::to_chars(digits, digits + sizeof digits, st->take).ptr);
    out.push_back('\t');
    // canonical_of is read at random (40 MB at 10M): each read asked for 16 ahead.
    const std::vector<uint32_t>& order = st->order;
    for (size_t i = 0; i < order.size(); ++i) {
      if (i + 16 < order.size()) __builtin_prefetch(&canonical_of[order[i + 16]]);
      if (i) out.push_back(',');
      out.append(digits, std::to_chars(digits, digits + sizeof digits, canonical_of[order[i]]).ptr);
    }
    out.push_back('\n');
  }
  return out;
}

StatusOr<std::optional<PlainTargetOutputs>> ReadTargetOutputsPositions(
    std::string_view text, std::span<const std::string_view> pool_ids) {
  const size_t pool_size = pool_ids.size();
  if (!text.starts_with(kTargetOutputsPositions)) return std::optional<PlainTargetOutputs>();
  auto unreadable = [] { return Internal("draw outputs (positions) unreadable"); };
  text.remove_prefix(kTargetOutputsPositions.size());
  struct Stratum {
    std::string name;
    uint32_t take = 0;
    std::vector<uint32_t> order;
  };
  std::vector<Stratum> strata;
  std::vector<bool> seen(pool_size, false);  // each position once across the draw
  while (!text.empty()) {
    const size_t eol = text.find('\n');
    if (eol == std::string_view::npos) return unreadable();
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol + 1);
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos) return unreadable();
    Stratum st;
    if (!text::ReadTabEscaped(line.substr(0, tab), st.name)) return unreadable();
    if (!strata.empty() && !(strata.back().name < st.name)) return unreadable();
    line.remove_prefix(tab + 1);
    const char* p = line.data();
    const char* const end = line.data() + line.size();
    auto take = std::from_chars(p, end, st.take);
    if (take.ec != std::errc() || take.ptr == end || *take.ptr != '\t') return unreadable();
    p = take.ptr + 1;
    while (p != end) {
      uint32_t position = 0;
      auto r = std::from_chars(p, end, position);
      if (r.ec != std::errc() || position >= pool_size || seen[position]) return unreadable();
      seen[position] = true;
      st.order.push_back(position);
      p = r.ptr;
      if (p != end && (*p != ',' || ++p == end)) return unreadable();
    }
    if (st.take > st.order.size()) return unreadable();
    strata.push_back(std::move(st));
  }
  PlainTargetOutputs out;
  for (const auto& st : strata) {
    out.reserve.names.push_back(st.name);
    out.reserve.sizes.push_back(st.order.size() - st.take);
    for (size_t i = st.take; i < st.order.size(); ++i)
      out.reserve.ids.Append(pool_ids[st.order[i]]);
  }
  for (const auto& st : strata) {
    out.selected.names.push_back(st.name);
    out.selected.sizes.push_back(st.take);
    for (size_t i = 0; i < st.take; ++i) out.selected.ids.Append(pool_ids[st.order[i]]);
  }
  return std::optional<PlainTargetOutputs>(std::move(out));
}

StatusOr<ReplayResult> Replay(
    store::Connection& c, const DrawView& v, const std::string& secret,
    const std::vector<store::DrawReplacementRow>& approved,
    const std::optional<std::pair<std::optional<std::string>, std::string>>& extra) {
  ReplayResult rr;
  rr.outcome.kind = v.row.kind;
  const std::vector<std::string> vals = EnteredValues(v);
  if (v.row.kind == draw::DrawKind::kTargets) {
    std::vector<int64_t> target_ids;
    ASSIGN_OR_RETURN(auto input, LoadTargetInput(c, v, /*canonical=*/false, &target_ids));
    ASSIGN_OR_RETURN(auto prepared, draw::TargetDraw::Prepare(std::move(input), secret));
    ASSIGN_OR_RETURN(auto result, prepared.Reveal(vals));
    draw::TargetReplacer replacer(prepared, result);
    const auto& pool = prepared.input().pool;
    // Selected pool indexes per stratum, in draw order, then replacements in order.
    auto selected = SelectedIndexes(result);
    auto index_of = [&](const std::string& id) -> StatusOr<uint32_t> {
      for (uint32_t i = 0; i < pool.size(); ++i)
        if (pool[i].id == id) return i;
      return Internal("replacement " + id + " is not in the pool of " + v.row.draw_no);
    };
    auto apply = [&](const std::string& out) -> Status {
      ASSIGN_OR_RETURN(auto in, replacer.Replace(out));
      rr.last_in = in;
      for (auto& [name, idxs] : selected) {
        auto it =
            std::find_if(idxs.begin(), idxs.end(), [&](uint32_t i) { return pool[i].id == out; });
        if (it == idxs.end()) continue;
        idxs.erase(it);
        if (in) {
          ASSIGN_OR_RETURN(const uint32_t at, index_of(*in));
          idxs.push_back(at);
        }
      }
      return OkStatus();
    };
    for (const auto& a : approved) RETURN_IF_ERROR(apply(a.out_id));
    if (extra) RETURN_IF_ERROR(apply(extra->second));
    SelectedOf(pool, target_ids, selected, rr.outcome);
  } else {
    ASSIGN_OR_RETURN(auto input, LoadAssignInput(c, v));
    const uint32_t cap = input.cap;
    ASSIGN_OR_RETURN(auto prepared, draw::InspectorAssignment::Prepare(std::move(input), secret));
    ASSIGN_OR_RETURN(auto result, prepared.Reveal(vals));
    draw::InspectorReplacer replacer(result, cap);
    auto apply = [&](const std::optional<std::string>& task, const std::string& out) -> Status {
      if (!task)
        return InvalidArgument("DRAW_REPLACE_TASK_REQUIRED", "替换检查人员时须指明检查对象");
      ASSIGN_OR_RETURN(auto in, replacer.Replace(*task, out));
      rr.last_in = in;
      return OkStatus();
    };
    for (const auto& a : approved) RETURN_IF_ERROR(apply(a.task, a.out_id));
    if (extra) RETURN_IF_ERROR(apply(extra->first, extra->second));
    for (const auto& t : replacer.teams())
      rr.outcome.teams.push_back({t.task, t.inspectors, t.unfilled});
  }
  return rr;
}

std::vector<store::DrawReplacementRow> Approved(const DrawView& v) {
  std::vector<store::DrawReplacementRow> out;
  for (const auto& r : v.replacements)
    if (r.status == draw::ReplacementStatus::kApproved) out.push_back(r);
  return out;
}

}  // namespace draw_detail

using draw_detail::EnteredValues;
using draw_detail::LoadAssignInput;
using draw_detail::LoadTargetInput;
using draw_detail::ValidateSourceValueText;

StatusOr<DrawChange> DrawService::RevealIn(
    store::Connection& c, const Principal& who, const std::string& draw_no,
    const std::vector<std::string>& values,
    const std::function<void(const DrawOutcome&)>& on_outcome) {
  ASSIGN_OR_RETURN(DrawView v, Load(c, draw_no));
  ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(v.row.department_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kPlanWrite, loc));
  if (v.row.status != draw::DrawStatus::kCommitted)
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
                                                          *v.source_values[i] +
                                                          "”，录入后不能修改");
      continue;
    }
    RETURN_IF_ERROR(ValidateSourceValueText(values[i]));
    RETURN_IF_ERROR(store::InsertDrawSourceValue(
        c, v.row.id,
        {static_cast<int64_t>(i), values[i], now,
         who.user_id > 0 ? std::optional(who.user_id) : std::nullopt}));
    RETURN_IF_ERROR(
        RecordAudit(c, clock_, who, "draw.source_value", "draw", draw_no,
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
  std::string outputs_text;
  std::string plan_hash, result_hash;
  draw::DrawSeed seed;
  // The outcome computed here is the draw's result (no replacement exists before the reveal):
  // it is handed to the caller, which locks what depends on it without computing it again.
  DrawOutcome outcome;
  outcome.kind = v.row.kind;
  if (v.row.kind == draw::DrawKind::kTargets) {
    // The draw this process prepared at the commit (ADR 0019) when it still holds it and it is
    // the committed one — plan_hash binds the pool_root, the parameters and the secret's
    // commitment —, else the stored pool, prepared again.
    std::unique_ptr<KeptDraw> kept = TakePrepared(v.row.id);
    if (kept && ToHex(kept->prepared->plan().plan_hash) != v.row.plan_hash) kept.reset();
    std::optional<draw::TargetDraw> read;
    std::vector<int64_t> read_ids;
    if (!kept) {
      ASSIGN_OR_RETURN(auto input, LoadTargetInput(c, v, /*canonical=*/false, &read_ids));
      ASSIGN_OR_RETURN(read, draw::TargetDraw::Prepare(std::move(input), secret));
    }
    const draw::TargetDraw& prepared = kept ? *kept->prepared : *read;
    const std::vector<int64_t>& target_ids = kept ? kept->target_ids : read_ids;
    plan_hash = ToHex(prepared.plan().plan_hash);
    if (plan_hash != v.row.plan_hash)
      return DataLoss("DRAW_SNAPSHOT_MISMATCH", "抽取快照与承诺值不符，数据可能被篡改，已拒绝揭晓");
    ASSIGN_OR_RETURN(auto result, prepared.Reveal(vals));
    const auto& pool = prepared.input().pool;
    SelectedOf(pool, target_ids, SelectedIndexes(result), outcome);
    if (on_outcome) on_outcome(outcome);
    // Positions in the committed pool's canonical order, not the ids (ADR 0012, amended).
    outputs_text = draw_detail::TargetOutputsPositionsText(result, prepared.canonical());
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
    outputs_text = Json{{"teams", std::move(teams)}}.dump();
    seed = result.seed;
    result_hash = ToHex(result.result_hash);
  }
  row.secret = ToHex(secret);
  row.revealed_at = FormatTimestamp(clock_.Now());
  if (who.user_id > 0) row.revealed_by = who.user_id;
  row.randomness = ToHex(seed.randomness);
  row.seed = seed.seed;
  row.result_hash = result_hash;
  row.outputs = std::move(outputs_text);
  row.signature = ToHex(key_.Sign(*FromHex(result_hash)));
  row.key_id = key_.key_id();
  row.published = !v.row.confidential;
  Json witnesses = Json::array();
  for (const auto& w : v.witnesses)
    witnesses.push_back({{"name", w.name}, {"organisation", w.organisation}});
  ASSIGN_OR_RETURN(auto entry, RecordAudit(c, clock_, who, "draw.reveal", "draw", draw_no,
                                           {{"plan_hash", plan_hash},
                                            {"result_hash", result_hash},
                                            {"randomness", *row.randomness},
                                            {"secret", *row.secret},
                                            {"source_values", vals},
                                            {"witnesses", witnesses},
                                            {"signature", *row.signature},
                                            {"key_id", *row.key_id},
                                            {"published", row.published}}));
  // The entry first, so the row (outputs and all) is written once, with its seq; a refusal
  // below rolls the entry back with the transaction.
  row.reveal_audit_seq = entry.seq;
  RETURN_IF_ERROR(store::MarkDrawRevealed(c, row));
  DrawChange change;
  ASSIGN_OR_RETURN(change.view, Load(c, draw_no));
  change.outcome = std::move(outcome);
  return change;
}

Status DrawService::Redraw(const Principal& who, const std::string& draw_no) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(DrawView v, Load(*conn, draw_no));
  RETURN_IF_ERROR(RequireReadable(who, v));
  return FailedPrecondition(
      "DRAW_NO_REDRAW",
      "随机抽取不能重新抽取：结果由承诺时锁定的名单、公开随机数和平台密钥唯一确定。"
      "抽中对象确实无法检查时，请提出替换申请，按备选顺序替换并经负责人审批");
}

StatusOr<DrawView> DrawService::Publish(const Principal& who, const std::string& draw_no) {
  DrawView out;
  Status s =
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(DrawView v, Load(c, draw_no));
        ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(v.row.department_id));
        RETURN_IF_ERROR(Authorize(who, Permission::kPlanWrite, loc));
        if (v.row.status != draw::DrawStatus::kRevealed)
          return FailedPrecondition("DRAW_NOT_REVEALED", "抽取尚未揭晓，不能公开");
        if (v.row.published) return OkStatus();
        RETURN_IF_ERROR(store::SetDrawPublished(c, v.row.id));
        RETURN_IF_ERROR(RecordAudit(c, clock_, who, "draw.publish", "draw", draw_no,
                                    {{"result_hash", *v.row.result_hash}}));
        ASSIGN_OR_RETURN(out, Load(c, draw_no));
        return OkStatus();
      });
  RETURN_IF_ERROR(s);
  return out;
}

}  // namespace suiji::service
