#include "store/draw_store.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <unordered_map>

#include "core/metrics.h"
#include "core/text.h"
#include "store/json_columns.h"
#include "store/number_series.h"

namespace suiji::store {
namespace {

// `outputs` (a revealed target draw's whole selection and reserve lists: tens of MB at 1M
// candidates) is read only by FindDrawOutputs.
constexpr std::string_view kDrawCols =
    "id, draw_no, kind, title, department_id, parent_draw_id, status, confidential, published, source_names, "
    "spec, pool_size, secret_sealed, secret, root, sources_decl, commit_hash, plan_hash, committed_at, "
    "committed_by, commit_audit_seq, revealed_at, revealed_by, reveal_audit_seq, randomness, seed, "
    "result_hash, NULL, signature, key_id";

DrawRow ToDraw(const Row& r) {
  DrawRow d;
  d.id = r.Int(0);
  d.draw_no = r.Text(1);
  d.kind = draw::ParseDrawKind(r.Text(2)).value_or(draw::DrawKind::kTargets);
  d.title = r.Text(3);
  d.department_id = r.Int(4);
  d.parent_draw_id = r.OptInt(5);
  d.status = draw::ParseDrawStatus(r.Text(6)).value_or(draw::DrawStatus::kCommitted);
  d.confidential = r.Bool(7);
  d.published = r.Bool(8);
  d.source_names = StringListFromJson(r.Text(9));
  d.spec = DocumentFromJson(r.Text(10));
  d.pool_size = r.Int(11);
  d.secret_sealed = r.Bytes(12);
  d.secret = r.OptText(13);
  d.root = r.Text(14);
  d.sources_decl = r.Text(15);
  d.commit_hash = r.Text(16);
  d.plan_hash = r.Text(17);
  d.committed_at = r.Text(18);
  d.committed_by = r.OptInt(19);
  d.commit_audit_seq = r.OptInt(20);
  d.revealed_at = r.OptText(21);
  d.revealed_by = r.OptInt(22);
  d.reveal_audit_seq = r.OptInt(23);
  d.randomness = r.OptText(24);
  d.seed = r.OptText(25);
  d.result_hash = r.OptText(26);
  d.outputs = r.OptText(27);
  d.signature = r.OptText(28);
  d.key_id = r.OptText(29);
  return d;
}

DrawReplacementRow ToReplacement(const Row& r) {
  return DrawReplacementRow{
      r.Int(0),
      r.OptText(1),
      r.Text(2),
      r.OptText(3),
      r.Text(4),
      r.Text(5),
      draw::ParseReplacementStatus(r.Text(6)).value_or(draw::ReplacementStatus::kPending),
      r.Text(7),
      r.OptInt(8),
      r.OptText(9),
      r.OptInt(10),
      r.OptText(11)};
}

// "$k, $k+1, …" for `ids`, appended to `p`.
std::string Placeholders(const std::vector<int64_t>& ids, Params& p) {
  std::string out;
  for (int64_t id : ids) {
    p.push_back(id);
    out += (out.empty() ? "$" : ", $") + std::to_string(p.size());
  }
  return out;
}

// One line of a pool chunk (migration 0019): the candidate with '\', TAB and LF escaped, a TAB,
// the weight in decimal, then — when the entry names its target — a TAB and the target's id in
// decimal, a LF (docs/adr/0012-draw-pool-chunks.md). A candidate's line still starts with the
// candidate and a TAB, which is what DrawsWithCandidate looks for.
void AppendPoolLine(std::string& out, const PoolEntry& e) {
  text::AppendTabEscaped(out, e.candidate);
  out.push_back('\t');
  char digits[24];
  out.append(digits, std::to_chars(digits, digits + sizeof digits, e.weight).ptr);
  if (e.target_id != 0) {
    out.push_back('\t');
    out.append(digits, std::to_chars(digits, digits + sizeof digits, e.target_id).ptr);
  }
  out.push_back('\n');
}

Status PoolUnreadable() {
  return DataLoss("DRAW_POOL_UNREADABLE", "抽取名单快照无法读取，数据可能被篡改");
}

// Calls `on_entry(candidate, weight, target_id)` for every line of a chunk, in written order; the
// candidate is a view of `data` or, when it had escapes, of a scratch string, valid during the
// call; target_id is 0 on a line without one.
template <typename OnEntry>
Status ParsePoolChunk(std::string_view data, const OnEntry& on_entry) {
  std::string unescaped;
  while (!data.empty()) {
    const size_t eol = data.find('\n');
    if (eol == std::string_view::npos) return PoolUnreadable();
    const std::string_view line = data.substr(0, eol);
    data.remove_prefix(eol + 1);
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos || tab == 0) return PoolUnreadable();
    uint32_t weight = 0;
    int64_t target_id = 0;
    const char* const end = line.data() + line.size();
    auto [ptr, ec] = std::from_chars(line.data() + tab + 1, end, weight);
    if (ec != std::errc() || ptr == line.data() + tab + 1) return PoolUnreadable();
    if (ptr != end) {  // the target's id: a TAB and a positive decimal, up to the LF
      if (*ptr != '\t') return PoolUnreadable();
      const char* const digits = ptr + 1;
      const auto id = std::from_chars(digits, end, target_id);
      if (id.ec != std::errc() || id.ptr != end || target_id <= 0 || *digits == '0')
        return PoolUnreadable();
    }
    const std::string_view escaped = line.substr(0, tab);
    if (escaped.find('\\') == std::string_view::npos) {
      on_entry(escaped, weight, target_id);
      continue;
    }
    if (!text::ReadTabEscaped(escaped, unescaped)) return PoolUnreadable();
    on_entry(std::string_view(unescaped), weight, target_id);
  }
  return OkStatus();
}

}  // namespace

StatusOr<int64_t> InsertDraw(Connection& c, const DrawRow& d) {
  ASSIGN_OR_RETURN(
      auto rs,
      c.Query(
          "INSERT INTO draws (draw_no, kind, title, department_id, parent_draw_id, status, confidential, "
          "published, source_names, spec, pool_size, secret_sealed, root, sources_decl, commit_hash, plan_hash, "
          "committed_at, committed_by) VALUES ($1, $2, $3, $4, $5, 'committed', $6, 0, $7, $8, $9, $10, $11, $12, "
          "$13, $14, $15, $16) RETURNING id",
          {d.draw_no, std::string(draw::DrawKindName(d.kind)), d.title, d.department_id,
           OrNull(d.parent_draw_id), int64_t{d.confidential}, StringListToJson(d.source_names),
           d.spec.dump(), d.pool_size, Blob{d.secret_sealed}, d.root, d.sources_decl, d.commit_hash,
           d.plan_hash, d.committed_at, OrNull(d.committed_by)}));
  return rs.front().Int(0);
}

StatusOr<std::optional<DrawRow>> FindDrawByNo(Connection& c, std::string_view draw_no) {
  ASSIGN_OR_RETURN(auto row, c.QueryOptional("SELECT " + std::string(kDrawCols) +
                                                 " FROM draws WHERE draw_no = $1",
                                             {std::string(draw_no)}));
  if (!row) return std::optional<DrawRow>();
  return std::optional<DrawRow>(ToDraw(*row));
}

StatusOr<std::optional<DrawRow>> FindDrawById(Connection& c, int64_t id) {
  ASSIGN_OR_RETURN(
      auto row,
      c.QueryOptional("SELECT " + std::string(kDrawCols) + " FROM draws WHERE id = $1", {id}));
  if (!row) return std::optional<DrawRow>();
  return std::optional<DrawRow>(ToDraw(*row));
}

StatusOr<std::optional<std::string>> FindDrawOutputs(Connection& c, int64_t draw_id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOptional("SELECT outputs FROM draws WHERE id = $1", {draw_id}));
  if (!row) return std::optional<std::string>();
  return row->OptText(0);
}

StatusOr<std::vector<DrawRow>> ListDraws(
    Connection& c, std::optional<int64_t> department_id, int limit, int offset, bool published_only,
    const std::optional<std::vector<int64_t>>& within_departments) {
  std::string sql = "SELECT " + std::string(kDrawCols) + " FROM draws WHERE 1 = 1";
  Params p;
  if (department_id) {
    p.push_back(*department_id);
    sql += " AND department_id = $" + std::to_string(p.size());
  }
  if (within_departments) {
    if (within_departments->empty()) return std::vector<DrawRow>();
    sql += " AND department_id IN (" + Placeholders(*within_departments, p) + ")";
  }
  if (published_only) sql += " AND published = 1";
  p.push_back(int64_t{limit});
  sql += " ORDER BY id DESC LIMIT $" + std::to_string(p.size());
  p.push_back(int64_t{offset});
  sql += " OFFSET $" + std::to_string(p.size());
  ASSIGN_OR_RETURN(auto rs, c.Query(sql, p));
  std::vector<DrawRow> out;
  for (const Row& r : rs.rows) out.push_back(ToDraw(r));
  return out;
}

StatusOr<std::vector<DrawRow>> ListUnrevealedDraws(
    Connection& c, const std::optional<std::vector<int64_t>>& within_departments, int limit) {
  std::string sql = "SELECT " + std::string(kDrawCols) + " FROM draws WHERE status = 'committed'";
  Params p;
  if (within_departments) {
    if (within_departments->empty()) return std::vector<DrawRow>();
    sql += " AND department_id IN (" + Placeholders(*within_departments, p) + ")";
  }
  p.push_back(int64_t{limit});
  sql += " ORDER BY id LIMIT $" + std::to_string(p.size());
  ASSIGN_OR_RETURN(auto rs, c.Query(sql, p));
  std::vector<DrawRow> out;
  for (const Row& r : rs.rows) out.push_back(ToDraw(r));
  return out;
}

StatusOr<int64_t> CountDrawNumbers(Connection& c, std::string_view prefix) {
  // The prefix is ours (department code and year), free of LIKE wildcards except '_' and '%',
  // which department codes never contain; substr comparison avoids LIKE escaping entirely.
  RETURN_IF_ERROR(LockNumberSeries(c, prefix));
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT COUNT(*) FROM draws WHERE substr(draw_no, 1, $2) = $1",
                                    {std::string(prefix), static_cast<int64_t>(prefix.size())}));
  return rs.front().Int(0);
}

Status SetDrawCommitAuditSeq(Connection& c, int64_t draw_id, int64_t seq) {
  return c.Execute("UPDATE draws SET commit_audit_seq = $2 WHERE id = $1", {draw_id, seq}).status();
}

Status MarkDrawRevealed(Connection& c, const DrawRow& d) {
  ASSIGN_OR_RETURN(
      int64_t n,
      c.Execute(
          "UPDATE draws SET status = 'revealed', secret_sealed = NULL, secret = $2, revealed_at = $3, "
          "revealed_by = $4, randomness = $5, seed = $6, result_hash = $7, outputs = $8, "
          "signature = $9, key_id = $10, published = $11, reveal_audit_seq = $12 "
          "WHERE id = $1 AND status = 'committed'",
          {d.id, OrNull(d.secret), OrNull(d.revealed_at), OrNull(d.revealed_by),
           OrNull(d.randomness), OrNull(d.seed), OrNull(d.result_hash), OrNull(d.outputs),
           OrNull(d.signature), OrNull(d.key_id), int64_t{d.published},
           OrNull(d.reveal_audit_seq)}));
  if (n != 1)
    return FailedPrecondition("DRAW_ALREADY_REVEALED", "该抽取已经揭晓，结果已锁定，不能再次揭晓");
  return OkStatus();
}

Status SetDrawPublished(Connection& c, int64_t draw_id) {
  return c.Execute("UPDATE draws SET published = 1 WHERE id = $1", {draw_id}).status();
}

Status InsertDrawPool(Connection& c, int64_t draw_id, const std::function<bool(PoolEntry&)>& next) {
  ASSIGN_OR_RETURN(auto ins,
                   c.BulkInsert("draw_pool_chunks", {"draw_id", "seq", "stratum", "first_candidate",
                                                     "last_candidate", "entries", "data"}));
  std::string stratum, first, last, data;
  int64_t seq = 0, entries = 0;
  auto flush = [&]() -> Status {
    if (entries == 0) return OkStatus();
    RETURN_IF_ERROR(ins->Add({draw_id, seq++, stratum, first, last, entries, data}));
    entries = 0;
    data.clear();
    return OkStatus();
  };
  PoolEntry e;
  while (next(e)) {
    if (seq + entries > 0) {
      // Byte order across the whole pool: a later candidate of this stratum, or a later stratum.
      const bool ordered = e.stratum == stratum ? std::string_view(last) < e.candidate
                                                : std::string_view(stratum) < e.stratum;
      if (!ordered)
        return Internal("draw pool not in (stratum, candidate) order at " +
                        std::string(e.candidate));
    }
    if (e.target_id < 0) return Internal("draw pool entry with a negative target id");
    const bool same_stratum = entries > 0 && e.stratum == stratum;
    if (!same_stratum || entries == static_cast<int64_t>(kPoolChunkEntries)) {
      RETURN_IF_ERROR(flush());
      if (!same_stratum) stratum.assign(e.stratum);
      first.assign(e.candidate);
    }
    AppendPoolLine(data, e);
    last.assign(e.candidate);
    ++entries;
    e = PoolEntry{};
  }
  RETURN_IF_ERROR(flush());
  return ins->Finish();
}

StatusOr<bool> ScanDrawPool(Connection& c, int64_t draw_id,
                            const std::function<void(const PoolEntry&)>& on_row) {
  metrics::Add(metrics::Counter::kDrawPoolScans);
  // Streamed: a bundle's million entries were held here once more as strings, then handed on.
  bool in_order = true;
  bool have_stratum = false;
  bool have_candidate = false;
  std::string prev_stratum, prev_candidate, text;
  Status bad = OkStatus();
  RETURN_IF_ERROR(c.QueryEach(
      "SELECT stratum, data FROM draw_pool_chunks WHERE draw_id = $1 ORDER BY seq", {draw_id},
      [&](const Row& r) {
        const std::string stratum = r.Text(0);
        // The chunk's text read in place (a copy of every chunk otherwise).
        const auto* held = std::get_if<std::string>(&r[1]);
        if (held == nullptr) text = r.Text(1);
        const std::string_view data = held != nullptr ? *held : text;
        if (in_order && have_stratum && prev_stratum != stratum) {
          in_order = prev_stratum < stratum;
          have_candidate = false;
        }
        prev_stratum = stratum;
        have_stratum = true;
        bad = ParsePoolChunk(
            data, [&](std::string_view candidate, uint32_t weight, int64_t target_id) {
              if (in_order) {
                in_order = !have_candidate || std::string_view(prev_candidate) < candidate;
                prev_candidate.assign(candidate);
                have_candidate = true;
              }
              on_row(PoolEntry{stratum, candidate, weight, target_id});
            });
        return bad.ok();
      }));
  RETURN_IF_ERROR(bad);
  return in_order;
}

Status InsertDrawEligibility(Connection& c, int64_t draw_id,
                             const std::vector<DrawEligibilityList>& lists) {
  ASSIGN_OR_RETURN(auto ins, c.BulkInsert("draw_eligibility", {"draw_id", "task", "inspector"}));
  // In task order, so that a list repeated refers to the first task that has it, which the scan
  // (in the same order) has read by then.
  std::vector<const DrawEligibilityList*> in_order;
  in_order.reserve(lists.size());
  for (const auto& l : lists) in_order.push_back(&l);
  std::sort(in_order.begin(), in_order.end(),
            [](const auto* a, const auto* b) { return a->task < b->task; });
  std::unordered_map<std::string, std::string_view> first_with;  // joined list -> its first task
  std::string joined;
  std::vector<std::string_view> people;
  for (const DrawEligibilityList* l : in_order) {
    people.assign(l->people->begin(), l->people->end());
    std::sort(people.begin(), people.end());
    joined.clear();
    for (std::string_view p : people) {
      if (p.empty() || p.find('#') != std::string::npos)
        return Internal("eligibility id not storable: '" + std::string(p) + "'");
      if (!joined.empty()) joined += '#';
      joined += p;
    }
    std::string stored;
    if (joined.empty()) {
      // "" is the empty list.
    } else if (auto [it, first] = first_with.try_emplace(joined, l->task); first) {
      stored = joined;
    } else {
      stored = "#" + std::string(it->second);
    }
    RETURN_IF_ERROR(ins->Add({draw_id, std::string(l->task), std::move(stored)}));
  }
  return ins->Finish();
}

Status ScanDrawEligibility(
    Connection& c, int64_t draw_id,
    const std::function<void(std::string task, std::vector<std::string> people)>& on_task) {
  const std::string order = c.dialect() == Dialect::kPostgres
                                ? " ORDER BY task COLLATE \"C\", inspector COLLATE \"C\""
                                : " ORDER BY task, inspector";
  std::optional<std::string> task;
  std::vector<std::string> people;
  std::unordered_map<std::string, std::string> written;  // task -> its list as stored in full
  Status broken;
  RETURN_IF_ERROR(c.QueryEach(
      "SELECT task, inspector FROM draw_eligibility WHERE draw_id = $1" + order, {draw_id},
      [&](const Row& r) {
        std::string t = r.Text(0);
        if (task && *task != t) {
          on_task(std::move(*task), std::move(people));
          people.clear();
        }
        task = std::move(t);
        std::string text = r.Text(1);
        const std::string* joined = &text;
        if (text.starts_with('#')) {
          auto it = written.find(text.substr(1));
          if (it == written.end()) {
            broken = DataLoss("DRAW_ELIGIBILITY_UNREADABLE",
                              "检查人员候选名单（" + *task + "）无法读取，数据可能被篡改");
            return false;
          }
          joined = &it->second;
        }
        for (size_t from = 0; from < joined->size();) {
          const size_t end = std::min(joined->find('#', from), joined->size());
          people.emplace_back(*joined, from, end - from);
          from = end + 1;
        }
        if (joined == &text && !text.empty()) written[*task] = std::move(text);
        return true;
      }));
  RETURN_IF_ERROR(broken);
  // Rows of one person each come in order; a joined row was sorted when written.
  if (task) on_task(std::move(*task), std::move(people));
  return OkStatus();
}

StatusOr<std::vector<int64_t>> DrawsWithCandidate(Connection& c, std::string_view candidate,
                                                  int limit, int offset) {
  // Only the chunks whose bounds enclose the candidate are searched, for its whole line.
  std::string line = "\n";
  text::AppendTabEscaped(line, candidate);
  line.push_back('\t');
  const bool pg = c.dialect() == Dialect::kPostgres;
  ASSIGN_OR_RETURN(
      auto rs,
      c.Query(std::string("SELECT DISTINCT p.draw_id FROM draw_pool_chunks p JOIN draws d ON "
                          "d.id = p.draw_id WHERE d.published = 1 AND p.first_candidate <= $1 AND "
                          "p.last_candidate >= $1 AND ") +
                  (pg ? "strpos(chr(10) || p.data, $2) > 0" : "instr(char(10) || p.data, $2) > 0") +
                  " ORDER BY p.draw_id DESC LIMIT $3 OFFSET $4",
              {std::string(candidate), line, int64_t{limit}, int64_t{offset}}));
  std::vector<int64_t> out;
  for (const Row& r : rs.rows) out.push_back(r.Int(0));
  return out;
}

StatusOr<int64_t> InsertDrawWitness(Connection& c, int64_t draw_id, const DrawWitnessRow& w,
                                    std::optional<int64_t> recorded_by) {
  ASSIGN_OR_RETURN(
      auto rs, c.Query("SELECT COALESCE(MAX(seq), 0) + 1 FROM draw_witnesses WHERE draw_id = $1",
                       {draw_id}));
  const int64_t seq = rs.front().Int(0);
  RETURN_IF_ERROR(c.Execute(
      "INSERT INTO draw_witnesses (draw_id, seq, name, organisation, user_id, recorded_at, "
      "recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {draw_id, seq, w.name, w.organisation, OrNull(w.user_id), w.recorded_at,
       OrNull(recorded_by)}));
  return seq;
}

StatusOr<std::vector<DrawWitnessRow>> ListDrawWitnesses(Connection& c, int64_t draw_id) {
  ASSIGN_OR_RETURN(
      auto rs, c.Query("SELECT seq, name, organisation, user_id, recorded_at FROM draw_witnesses "
                       "WHERE draw_id = $1 ORDER BY seq",
                       {draw_id}));
  std::vector<DrawWitnessRow> out;
  for (const Row& r : rs.rows)
    out.push_back({r.Int(0), r.Text(1), r.Text(2), r.OptInt(3), r.Text(4)});
  return out;
}

Status InsertDrawSourceValue(Connection& c, int64_t draw_id, const DrawSourceValueRow& v) {
  auto r = c.Execute(
      "INSERT INTO draw_source_values (draw_id, position, value, entered_at, entered_by) "
      "VALUES ($1, $2, $3, $4, $5)",
      {draw_id, v.position, v.value, v.entered_at, OrNull(v.entered_by)});
  if (!r.ok() && r.status().reason() == "DB_UNIQUE_VIOLATION")
    return AlreadyExists("DRAW_SOURCE_VALUE_SET", "该随机数来源的值已经录入，录入后不能修改");
  return r.status();
}

StatusOr<std::vector<DrawSourceValueRow>> ListDrawSourceValues(Connection& c, int64_t draw_id) {
  ASSIGN_OR_RETURN(auto rs,
                   c.Query("SELECT position, value, entered_at, entered_by FROM draw_source_values "
                           "WHERE draw_id = $1 ORDER BY position",
                           {draw_id}));
  std::vector<DrawSourceValueRow> out;
  for (const Row& r : rs.rows) out.push_back({r.Int(0), r.Text(1), r.Text(2), r.OptInt(3)});
  return out;
}

StatusOr<int64_t> InsertDrawReplacement(Connection& c, int64_t draw_id,
                                        const DrawReplacementRow& r) {
  ASSIGN_OR_RETURN(
      auto rs, c.Query("SELECT COALESCE(MAX(seq), 0) + 1 FROM draw_replacements WHERE draw_id = $1",
                       {draw_id}));
  const int64_t seq = rs.front().Int(0);
  RETURN_IF_ERROR(
      c.Execute("INSERT INTO draw_replacements (draw_id, seq, task, out_id, reason, note, status, "
                "requested_at, requested_by) VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8)",
                {draw_id, seq, OrNull(r.task), r.out_id, r.reason, r.note, r.requested_at,
                 OrNull(r.requested_by)}));
  return seq;
}

StatusOr<std::vector<DrawReplacementRow>> ListDrawReplacements(Connection& c, int64_t draw_id) {
  ASSIGN_OR_RETURN(
      auto rs,
      c.Query("SELECT seq, task, out_id, in_id, reason, note, status, requested_at, requested_by, "
              "decided_at, decided_by, decision_note FROM draw_replacements WHERE draw_id = $1 "
              "ORDER BY seq",
              {draw_id}));
  std::vector<DrawReplacementRow> out;
  for (const Row& r : rs.rows) out.push_back(ToReplacement(r));
  return out;
}

Status DecideDrawReplacement(Connection& c, int64_t draw_id, const DrawReplacementRow& d) {
  ASSIGN_OR_RETURN(
      int64_t n,
      c.Execute(
          "UPDATE draw_replacements SET status = $3, in_id = $4, decided_at = $5, "
          "decided_by = $6, decision_note = $7 WHERE draw_id = $1 AND seq = $2 AND "
          "status = 'pending'",
          {draw_id, d.seq, std::string(draw::ReplacementStatusName(d.status)), OrNull(d.in_id),
           OrNull(d.decided_at), OrNull(d.decided_by), OrNull(d.decision_note)}));
  if (n != 1)
    return FailedPrecondition("DRAW_REPLACEMENT_DECIDED", "该替换申请已经处理，不能重复审批");
  return OkStatus();
}

}  // namespace suiji::store
