#include "core/draw/bundle.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/draw/inspector_assignment.h"
#include "core/draw/merkle.h"
#include "core/draw/replacement.h"
#include "core/draw/target_draw.h"
#include "core/draw/ticket.h"
#include "core/hash.h"

namespace suiji::draw {
namespace {

// One output field: its name and recomputed value, in verification order.
using Outputs = std::vector<std::pair<std::string, Json>>;

// Receives explain lines; empty when nobody asked.
using Trace = std::function<void(const std::string&)>;

struct Computed {
  Outputs outputs;
  std::vector<Json> replacement_ins;  // replacements[i].in
  // A refused replacement record. Kept apart so that verification reports a mismatching draw
  // output (the likelier story when, say, a source value was edited) before it.
  Status replacements_status;
  std::string result_hash;  // hex
  // A target draw's "selected" and "reserve" are left null in `outputs` and read from here when
  // needed: as JSON, as held id lists, or compared with held lists in place (at ten million
  // candidates their JSON values alone would take gigabytes).
  std::unique_ptr<TargetDraw> target_draw;
  TargetDrawResult target_result;
};

bool IsListOutput(const Computed& c, const std::string& name) {
  return c.target_draw != nullptr && (name == "selected" || name == "reserve");
}

std::span<const uint32_t> ListOf(const StratumOutcome& s, bool selected) {
  return selected ? s.selected() : s.reserve();
}

// "selected" or "reserve" of a computed target draw as JSON: stratum name → ids in draw order.
Json ListJson(const Computed& c, bool selected) {
  const auto& pool = c.target_draw->input().pool;
  Json out = Json::object();
  for (const StratumOutcome& s : c.target_result.strata) {
    Json ids = Json::array();
    for (const uint32_t i : ListOf(s, selected)) ids.push_back(pool[i].id);
    out[s.name] = std::move(ids);
  }
  return out;
}

HeldIdLists ListHeld(const Computed& c, bool selected) {
  const auto& pool = c.target_draw->input().pool;
  HeldIdLists out;
  for (const StratumOutcome& s : c.target_result.strata) {
    out.names.push_back(s.name);
    out.sizes.push_back(ListOf(s, selected).size());
    for (const uint32_t i : ListOf(s, selected)) out.ids.Append(pool[i].id);
  }
  return out;
}

Status FieldError(const std::string& path, const std::string& what) {
  return InvalidArgument(kReasonBundleField, "抽取文件字段 " + path + " " + what);
}

StatusOr<const Json*> Member(const Json& obj, const std::string& path, const char* key) {
  const auto it = obj.find(key);
  if (it == obj.end()) return FieldError(path.empty() ? key : path + "." + key, "缺失");
  return &*it;
}

std::string Join(const std::string& path, const char* key) {
  return path.empty() ? key : path + "." + key;
}

StatusOr<std::string> GetString(const Json& obj, const std::string& path, const char* key) {
  ASSIGN_OR_RETURN(const Json* v, Member(obj, path, key));
  if (!v->is_string()) return FieldError(Join(path, key), "必须是字符串");
  return v->get<std::string>();
}

// A u32 count. A value below zero where the engine wants >= 1 maps to 0, so the engine refuses
// it with its own reason in its own order; above 2^32-1 cannot be encoded (DRAW-SPEC u32).
// Floats (2.0, 1e3) are not integers.
StatusOr<uint32_t> ToU32(const Json& v, const std::string& path, bool negative_is_zero) {
  constexpr uint64_t kMax = std::numeric_limits<uint32_t>::max();
  if (v.is_number_unsigned()) {
    if (v.get<uint64_t>() > kMax) return FieldError(path, "超出范围（最大 4294967295）");
    return static_cast<uint32_t>(v.get<uint64_t>());
  }
  if (!v.is_number_integer()) return FieldError(path, "必须是整数");
  const int64_t x = v.get<int64_t>();
  if (x < 0) {
    if (negative_is_zero) return uint32_t{0};
    return FieldError(path, "不能为负数");
  }
  if (static_cast<uint64_t>(x) > kMax) return FieldError(path, "超出范围（最大 4294967295）");
  return static_cast<uint32_t>(x);
}

StatusOr<uint32_t> GetU32(const Json& obj, const std::string& path, const char* key,
                          bool negative_is_zero) {
  ASSIGN_OR_RETURN(const Json* v, Member(obj, path, key));
  return ToU32(*v, Join(path, key), negative_is_zero);
}

StatusOr<const Json*> GetArray(const Json& obj, const std::string& path, const char* key) {
  ASSIGN_OR_RETURN(const Json* v, Member(obj, path, key));
  if (!v->is_array()) return FieldError(Join(path, key), "必须是数组");
  return v;
}

std::string Index(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

struct Common {
  std::string kind;
  std::string draw_id;
  std::string secret;  // raw
  std::vector<std::string> names;
  std::vector<std::string> values;
};

StatusOr<Common> ParseCommon(const Json& b) {
  if (!b.is_object()) return InvalidArgument(kReasonBundleField, "抽取文件的顶层必须是 JSON 对象");
  Common c;
  ASSIGN_OR_RETURN(c.kind, GetString(b, "", "kind"));
  if (c.kind != "targets" && c.kind != "assign") {
    return InvalidArgument(kReasonBundleKind,
                           "不支持的抽取类型“" + c.kind + "”（应为 targets 或 assign）");
  }
  ASSIGN_OR_RETURN(c.draw_id, GetString(b, "", "draw_id"));
  ASSIGN_OR_RETURN(std::string secret_hex, GetString(b, "", "secret"));
  // Lowercase only: one secret, one spelling, so no edit of the file leaves it "the same".
  const bool lower_hex = secret_hex.find_first_not_of("0123456789abcdef") == std::string::npos;
  std::optional<std::string> secret = FromHex(secret_hex);
  if (!lower_hex || !secret || secret->size() != kSecretBytes) {
    return InvalidArgument(kReasonSecretInvalid,
                           "服务器密钥（secret）必须是 64 位小写十六进制（32 字节）");
  }
  c.secret = std::move(*secret);
  ASSIGN_OR_RETURN(const Json* sources, GetArray(b, "", "sources"));
  for (size_t i = 0; i < sources->size(); ++i) {
    const Json& s = (*sources)[i];
    const std::string path = Index("sources", i);
    if (!s.is_object()) return FieldError(path, "必须是对象");
    ASSIGN_OR_RETURN(std::string name, GetString(s, path, "name"));
    ASSIGN_OR_RETURN(std::string value, GetString(s, path, "value"));
    c.names.push_back(std::move(name));
    c.values.push_back(std::move(value));
  }
  return c;
}

std::string Hex(std::string_view raw) { return ToHex(raw); }

StatusOr<std::vector<std::string>> ParseReplacementOuts(const Json& b, bool with_task,
                                                        std::vector<std::string>* tasks) {
  std::vector<std::string> outs;
  const auto it = b.find("replacements");
  if (it == b.end()) return outs;
  if (!it->is_array()) return FieldError("replacements", "必须是数组");
  for (size_t i = 0; i < it->size(); ++i) {
    const Json& r = (*it)[i];
    const std::string path = Index("replacements", i);
    if (!r.is_object()) return FieldError(path, "必须是对象");
    if (with_task) {
      ASSIGN_OR_RETURN(std::string task, GetString(r, path, "task"));
      tasks->push_back(std::move(task));
    }
    ASSIGN_OR_RETURN(std::string out, GetString(r, path, "out"));
    outs.push_back(std::move(out));
  }
  return outs;
}

void TracePlan(const Trace& trace, const char* root_name, const DrawPlan& plan,
               const DrawSeed& seed) {
  trace(std::string(root_name) + ": " + Hex(plan.root));
  trace("params: " + Hex(plan.params));
  trace("sources_decl: " + Hex(plan.sources_decl));
  trace("commit: " + Hex(plan.commit));
  trace("plan_hash: " + Hex(plan.plan_hash));
  trace("randomness: " + Hex(seed.randomness));
  trace("seed: " + seed.seed);
}

void TraceTargets(const Trace& trace, const TargetDraw& draw, const TargetDrawResult& r) {
  const auto& pool = draw.input().pool;
  const std::span<const uint32_t> leaves = draw.canonical();  // (stratum, id) order
  for (size_t n = 0; n < leaves.size(); ++n) {
    const PoolRecord& rec = pool[leaves[n]];
    const Digest h = MerkleLeafHash(ByteWriter()
                                        .Lp("SJ-DRAW-1/cand")
                                        .Lp(pool.StratumOf(rec))
                                        .Lp(rec.id)
                                        .U32(rec.weight)
                                        .bytes());
    trace("leaf[" + std::to_string(n) + "]: stratum=" + std::string(pool.StratumOf(rec)) + " id=" +
          rec.id.str() + " weight=" + std::to_string(rec.weight) + " hash=" + Hex(AsBytes(h)));
  }
  TracePlan(trace, "pool_root", draw.plan(), r.seed);
  const TicketGenerator tickets(r.seed.seed);
  for (const StratumOutcome& s : r.strata) {
    trace("stratum " + s.name + " take=" + std::to_string(s.take) +
          " weighted=" + (s.weighted ? "true" : "false"));
    for (size_t pos = 0; pos < s.order.size(); ++pos) {
      const PoolRecord& rec = pool[s.order[pos]];
      std::string label = rec.id.str();
      std::string key = tickets.Text(label);
      for (uint32_t j = 1; s.weighted && j < rec.weight; ++j) {
        std::string other = WeightedLabel(rec.id, j);
        std::string t = tickets.Text(other);
        if (std::tie(t, other) < std::tie(key, label)) {
          key = std::move(t);
          label = std::move(other);
        }
      }
      trace("  " + std::to_string(pos + 1) + (pos < s.take ? " selected " : " reserve ") +
            rec.id.str() + " key=" + key + " label=" + label);
    }
  }
  trace("result_hash: " + Hex(r.result_hash));
}

void TraceAssign(const Trace& trace, const InspectorAssignment& draw, const AssignResult& r) {
  std::vector<std::pair<std::string_view, std::string_view>> pairs;
  for (const TaskEligibility& t : draw.input().tasks) {
    for (const std::string& i : t.inspectors) pairs.emplace_back(t.task, i);
  }
  std::sort(pairs.begin(), pairs.end());
  for (size_t n = 0; n < pairs.size(); ++n) {
    const Digest h = MerkleLeafHash(
        ByteWriter().Lp("SJ-DRAW-1/elig").Lp(pairs[n].first).Lp(pairs[n].second).bytes());
    trace("leaf[" + std::to_string(n) + "]: task=" + std::string(pairs[n].first) +
          " inspector=" + std::string(pairs[n].second) + " hash=" + Hex(AsBytes(h)));
  }
  TracePlan(trace, "elig_root", draw.plan(), r.seed);
  const TicketGenerator tickets(r.seed.seed);
  for (size_t k = 0; k < r.teams.size(); ++k) {
    const TaskTeam& t = r.teams[k];
    trace("task " + std::to_string(k + 1) + " " + t.task + " ticket=" + tickets.Text(t.task) +
          " task_seed=" + t.task_seed);
    const TicketGenerator walk(t.task_seed);
    for (size_t pos = 0; pos < t.walked; ++pos) {
      const bool taken =
          std::find(t.inspectors.begin(), t.inspectors.end(), t.walk[pos]) != t.inspectors.end();
      trace("  walk " + std::to_string(pos + 1) + " " + t.walk[pos] +
            " ticket=" + walk.Text(t.walk[pos]) + (taken ? " taken" : " at-cap"));
    }
  }
  trace("result_hash: " + Hex(r.result_hash));
}

// `held_pool`, when given, replaces the (placeholder) "pool" array of `b` and is moved from.
StatusOr<Computed> ComputeTargets(const Json& b, const Common& c, Pool* held_pool,
                                  const DrawOptions& options, const Trace& trace) {
  TargetDrawInput in;
  in.draw_id = c.draw_id;
  in.source_names = c.names;
  ASSIGN_OR_RETURN(const Json* strata, GetArray(b, "", "strata"));
  for (size_t i = 0; i < strata->size(); ++i) {
    const Json& s = (*strata)[i];
    const std::string path = Index("strata", i);
    if (!s.is_object()) return FieldError(path, "必须是对象");
    StratumSpec spec;
    ASSIGN_OR_RETURN(spec.name, GetString(s, path, "name"));
    ASSIGN_OR_RETURN(spec.take, GetU32(s, path, "take", /*negative_is_zero=*/false));
    if (const auto w = s.find("weighted"); w != s.end()) {
      if (!w->is_boolean()) return FieldError(path + ".weighted", "必须是 true 或 false");
      spec.weighted = w->get<bool>();
    }
    in.strata.push_back(std::move(spec));
  }
  ASSIGN_OR_RETURN(const Json* pool, GetArray(b, "", "pool"));
  if (held_pool != nullptr) in.pool = std::move(*held_pool);
  in.pool.reserve(in.pool.size() + pool->size());
  for (size_t i = 0; i < pool->size(); ++i) {
    const Json& p = (*pool)[i];
    const std::string path = Index("pool", i);
    if (!p.is_object()) return FieldError(path, "必须是对象");
    ASSIGN_OR_RETURN(const std::string stratum, GetString(p, path, "stratum"));
    ASSIGN_OR_RETURN(const std::string id, GetString(p, path, "id"));
    uint32_t weight = 1;
    if (const auto w = p.find("weight"); w != p.end()) {
      ASSIGN_OR_RETURN(weight, ToU32(*w, path + ".weight", /*negative_is_zero=*/true));
    }
    in.pool.Add(stratum, id, weight);
  }
  ASSIGN_OR_RETURN(std::vector<std::string> outs, ParseReplacementOuts(b, false, nullptr));

  ASSIGN_OR_RETURN(TargetDraw draw, TargetDraw::Prepare(std::move(in), c.secret, options));
  ASSIGN_OR_RETURN(TargetDrawResult r, draw.Reveal(c.values));
  if (trace) TraceTargets(trace, draw, r);
  Computed out;
  out.result_hash = Hex(r.result_hash);
  out.outputs = {{"pool_root", Hex(draw.plan().root)},
                 {"plan_hash", Hex(draw.plan().plan_hash)},
                 {"randomness", Hex(r.seed.randomness)},
                 {"seed", r.seed.seed},
                 {"selected", nullptr},
                 {"reserve", nullptr},
                 {"result_hash", out.result_hash}};
  out.target_draw = std::make_unique<TargetDraw>(std::move(draw));
  out.target_result = std::move(r);
  TargetReplacer replacer(*out.target_draw, out.target_result);
  for (const std::string& o : outs) {
    StatusOr<std::optional<std::string>> replacement = replacer.Replace(o);
    if (!replacement.ok()) {
      out.replacements_status = replacement.status();
      break;
    }
    out.replacement_ins.push_back(*replacement ? Json(**replacement) : Json(nullptr));
  }
  return out;
}

StatusOr<Computed> ComputeAssign(const Json& b, const Common& c, const DrawOptions& options,
                                 const Trace& trace) {
  AssignDrawInput in;
  in.draw_id = c.draw_id;
  in.source_names = c.names;
  ASSIGN_OR_RETURN(in.per_task, GetU32(b, "", "per_task", /*negative_is_zero=*/true));
  ASSIGN_OR_RETURN(in.cap, GetU32(b, "", "cap", /*negative_is_zero=*/true));
  ASSIGN_OR_RETURN(const Json* eligible, Member(b, "", "eligible"));
  if (!eligible->is_object()) return FieldError("eligible", "必须是对象（任务 → 检查人员列表）");
  for (const auto& [task, list] : eligible->items()) {
    const std::string path = "eligible[\"" + task + "\"]";
    if (!list.is_array()) return FieldError(path, "必须是字符串数组");
    TaskEligibility t;
    t.task = task;
    for (size_t i = 0; i < list.size(); ++i) {
      if (!list[i].is_string()) return FieldError(Index(path, i), "必须是字符串");
      t.inspectors.push_back(list[i].get<std::string>());
    }
    in.tasks.push_back(std::move(t));
  }
  std::vector<std::string> tasks;
  ASSIGN_OR_RETURN(std::vector<std::string> outs, ParseReplacementOuts(b, true, &tasks));

  const uint32_t cap = in.cap;
  ASSIGN_OR_RETURN(InspectorAssignment draw,
                   InspectorAssignment::Prepare(std::move(in), c.secret, options));
  ASSIGN_OR_RETURN(AssignResult r, draw.Reveal(c.values));
  if (trace) TraceAssign(trace, draw, r);
  Json teams = Json::array();
  for (const TaskTeam& t : r.teams) {
    teams.push_back(Json{{"task", t.task}, {"inspectors", t.inspectors}, {"unfilled", t.unfilled}});
  }
  Computed out;
  out.result_hash = Hex(r.result_hash);
  out.outputs = {{"elig_root", Hex(draw.plan().root)},
                 {"plan_hash", Hex(draw.plan().plan_hash)},
                 {"randomness", Hex(r.seed.randomness)},
                 {"seed", r.seed.seed},
                 {"teams", std::move(teams)},
                 {"result_hash", out.result_hash}};
  InspectorReplacer replacer(r, cap);
  for (size_t i = 0; i < outs.size(); ++i) {
    StatusOr<std::optional<std::string>> replacement = replacer.Replace(tasks[i], outs[i]);
    if (!replacement.ok()) {
      out.replacements_status = replacement.status();
      break;
    }
    out.replacement_ins.push_back(*replacement ? Json(**replacement) : Json(nullptr));
  }
  return out;
}

StatusOr<Computed> Compute(const Json& bundle, Pool* held_pool, const DrawOptions& options,
                           const Trace& trace = {}) {
  ASSIGN_OR_RETURN(Common c, ParseCommon(bundle));
  if (trace) {
    trace("kind: " + c.kind);
    trace("draw_id: " + c.draw_id);
  }
  if (c.kind == "targets") return ComputeTargets(bundle, c, held_pool, options, trace);
  return ComputeAssign(bundle, c, options, trace);
}

bool StrictEqual(const Json& a, const Json& b) {
  if (a.is_number_integer() && b.is_number_integer()) {
    // number_unsigned is a subtype of number_integer in nlohmann's predicates.
    if (a.is_number_unsigned() != b.is_number_unsigned()) {
      const Json& s = a.is_number_unsigned() ? b : a;
      if (s.get<int64_t>() < 0) return false;
      return a.get<uint64_t>() == b.get<uint64_t>();
    }
    return a == b;
  }
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (const auto& [k, v] : a.items()) {
      const auto it = b.find(k);
      if (it == b.end() || !StrictEqual(v, *it)) return false;
    }
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!StrictEqual(a[i], b[i])) return false;
    }
    return true;
  }
  return a == b;
}

std::string Short(const Json& v) {
  std::string s = v.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (s.size() > 200) s = s.substr(0, 200) + "…";
  return s;
}

// Where two output values first differ, for the message.
std::string Describe(const Json& expected, const Json& found) {
  if (expected.is_object() && found.is_object()) {
    for (const auto& [k, v] : expected.items()) {
      const auto it = found.find(k);
      if (it == found.end()) return "文件中缺少“" + k + "”";
      if (!StrictEqual(v, *it)) return "“" + k + "”：" + Describe(v, *it);
    }
    for (const auto& [k, v] : found.items()) {
      if (!expected.contains(k)) return "文件中多出“" + k + "”";
    }
  }
  if (expected.is_array() && found.is_array()) {
    for (size_t i = 0; i < expected.size() && i < found.size(); ++i) {
      if (!StrictEqual(expected[i], found[i])) {
        return "第 " + std::to_string(i + 1) + " 项：" + Describe(expected[i], found[i]);
      }
    }
    return "长度不同：文件中 " + std::to_string(found.size()) + " 项，重新计算 " +
           std::to_string(expected.size()) + " 项";
  }
  return "文件中为 " + Short(found) + "，重新计算为 " + Short(expected);
}

// Keys of a held pool entry, 2 bits each in written order (0 ends the list).
enum class PoolKey : uint8_t { kNone = 0, kStratum = 1, kId = 2, kWeight = 3 };

constexpr const char* PoolKeyName(PoolKey k) {
  switch (k) {
    case PoolKey::kStratum: return "stratum";
    case PoolKey::kId: return "id";
    case PoolKey::kWeight: return "weight";
    case PoolKey::kNone: break;
  }
  return "";
}

PoolKey PoolKeyOf(std::string_view key) {
  if (key == "stratum") return PoolKey::kStratum;
  if (key == "id") return PoolKey::kId;
  if (key == "weight") return PoolKey::kWeight;
  return PoolKey::kNone;
}

template <typename Fn>
void ForEachPoolKey(uint8_t keys, Fn fn) {
  for (; keys != 0; keys >>= 2) fn(static_cast<PoolKey>(keys & 3));
}

Json PoolEntryJson(const Pool& pool, const PoolRecord& rec, uint8_t keys) {
  Json entry = Json::object();
  ForEachPoolKey(keys, [&](PoolKey k) {
    Json& v = entry[PoolKeyName(k)];
    if (k == PoolKey::kStratum) v = pool.StratumOf(rec);
    if (k == PoolKey::kId) v = rec.id;
    if (k == PoolKey::kWeight) v = rec.weight;
  });
  return entry;
}

// Pool records as they are read, in chunks that never move: a growing vector would, on its
// last doubling, hold most of a ten-million pool twice. Take() moves them into one vector of
// exactly their number, freeing each chunk as it goes.
class ChunkedRecords {
 public:
  void push_back(PoolRecord&& rec) {
    if (chunks_.empty() || chunks_.back().size() == chunks_.back().capacity()) {
      // Doubling up to kChunk: a bundle of a few candidates should not map 37.7 MB (under
      // ASan that map is poisoned and unpoisoned in full, ~25 ms a file).
      chunks_.emplace_back().reserve(std::clamp(size_, kFirstChunk, kChunk));
    }
    chunks_.back().push_back(std::move(rec));
    ++size_;
  }
  size_t size() const { return size_; }
  template <typename Fn>
  void ForEach(Fn fn) const {
    for (const auto& chunk : chunks_) {
      for (const PoolRecord& rec : chunk) fn(rec);
    }
  }
  std::vector<PoolRecord> Take() {
    std::vector<PoolRecord> all;
    all.reserve(size_);
    for (auto& chunk : chunks_) {
      std::move(chunk.begin(), chunk.end(), std::back_inserter(all));
      chunk = {};
    }
    chunks_ = {};
    size_ = 0;
    return all;
  }

 private:
  // 37.7 MB: above glibc's largest mmap threshold (32 MiB), so a freed full-size chunk goes back
  // to the system rather than to the heap, where it would stay resident. (The first, smaller
  // chunks, 1024 records doubling, may stay on the heap: 37.7 MB in all at most.)
  static constexpr size_t kChunk = size_t{1} << 19;
  static constexpr size_t kFirstChunk = size_t{1} << 10;
  std::vector<std::vector<PoolRecord>> chunks_;
  size_t size_ = 0;
};

// Builds a bundle from nlohmann's SAX events in one pass: a DOM whose objects' keys are
// checked for duplicates as they arrive (a scan of the few keys an object has so far, or a
// hash set once it has many), and — when asked — the top-level pool as records (see Bundle).
// nlohmann's callback parser, used before, rescanned the parent array at every object end:
// quadratic in the pool.
class BundleBuilder : public nlohmann::json_sax<Json> {
 public:
  explicit BundleBuilder(bool hold_pool) : hold_pool_(hold_pool) {}

  // The first duplicate key in document order, if any.
  const std::optional<std::string>& duplicate() const { return duplicate_; }
  // Set when the parser refused the text.
  const std::optional<Status>& error() const { return error_; }

  Bundle Take() {
    Bundle b;
    b.doc = std::move(root_);
    b.pool_held = pool_state_ == PoolState::kDone;
    if (b.pool_held) {
      b.pool = std::move(strata_);
      b.pool.records() = records_.Take();
      b.pool_keys = std::move(record_keys_);
    }
    b.selected = std::move(selected_);
    b.reserve = std::move(reserve_);
    return b;
  }

  bool null() override {
    if (InPool()) PoolFallback();
    if (InLists()) ListsFallback();
    Place(nullptr);
    return true;
  }
  bool boolean(bool v) override {
    if (InPool()) PoolFallback();
    if (InLists()) ListsFallback();
    Place(v);
    return true;
  }
  bool number_integer(number_integer_t v) override {
    if (InPool()) PoolFallback();
    if (InLists()) ListsFallback();
    Place(v);
    return true;
  }
  bool number_unsigned(number_unsigned_t v) override {
    if (pool_state_ == PoolState::kEntry && pending_ == PoolKey::kWeight &&
        v <= std::numeric_limits<uint32_t>::max()) {
      entry_.weight = static_cast<uint32_t>(v);
      pending_ = PoolKey::kNone;
      return true;
    }
    if (InPool()) PoolFallback();
    if (InLists()) ListsFallback();
    Place(v);
    return true;
  }
  bool number_float(number_float_t v, const string_t& /*text*/) override {
    if (InPool()) PoolFallback();
    if (InLists()) ListsFallback();
    Place(v);
    return true;
  }
  bool string(string_t& v) override {
    if (pool_state_ == PoolState::kEntry &&
        (pending_ == PoolKey::kStratum || pending_ == PoolKey::kId)) {
      // The stratum's name goes to the table of names (once each), the id into the record: a
      // copy, not the lexer's buffer, which has grown by doubling.
      if (pending_ == PoolKey::kStratum) entry_.stratum = strata_.StratumIndex(v);
      else entry_.id = v;
      pending_ = PoolKey::kNone;
      return true;
    }
    if (list_state_ == ListState::kArray) {
      (*lists_)->ids.Append(v);
      ++(*lists_)->sizes.back();
      return true;
    }
    if (InPool()) PoolFallback();
    if (InLists()) ListsFallback();
    Place(std::move(v));
    return true;
  }
  bool binary(binary_t& v) override {  // not produced by JSON text
    if (InPool()) PoolFallback();
    if (InLists()) ListsFallback();
    Place(Json::binary(std::move(v)));
    return true;
  }
  bool start_object(std::size_t /*elements*/) override {
    if (pool_state_ == PoolState::kArray) {
      pool_state_ = PoolState::kEntry;
      entry_ = PoolRecord{};
      entry_keys_ = 0;
      entry_key_count_ = 0;
      pending_ = PoolKey::kNone;
      return true;
    }
    if (list_state_ == ListState::kExpectObject) {
      *slot_ = Json::object();
      lists_slot_ = slot_;
      lists_->emplace();
      list_names_.clear();
      list_state_ = ListState::kObject;
      return true;
    }
    if (InPool()) PoolFallback();
    if (InLists()) ListsFallback();
    stack_.push_back(Frame{Place(Json::object()), nullptr});
    return true;
  }
  bool key(string_t& k) override {
    if (pool_state_ == PoolState::kEntry) {
      const PoolKey pk = PoolKeyOf(k);
      bool seen = false;
      ForEachPoolKey(entry_keys_, [&](PoolKey e) { seen = seen || e == pk; });
      if (pk != PoolKey::kNone && !seen) {
        entry_keys_ |= static_cast<uint8_t>(static_cast<uint8_t>(pk) << (2 * entry_key_count_++));
        pending_ = pk;
        return true;
      }
      PoolFallback();
    }
    if (list_state_ == ListState::kObject) {
      if (!list_names_.insert(k).second && !duplicate_) duplicate_ = k;
      (*lists_)->names.push_back(std::move(k));
      (*lists_)->sizes.push_back(0);
      list_state_ = ListState::kExpectArray;
      return true;
    }
    Frame& top = stack_.back();
    auto& members = top.value->get_ref<Json::object_t&>();
    if (!duplicate_ && IsDuplicate(top, members, k)) duplicate_ = k;
    const bool pool =
        hold_pool_ && stack_.size() == 1 && pool_state_ == PoolState::kNone && k == "pool";
    std::optional<HeldIdLists>* lists = nullptr;
    if (hold_pool_ && stack_.size() == 1 && list_state_ == ListState::kNone) {
      if (k == "selected" && !selected_) lists = &selected_;
      if (k == "reserve" && !reserve_) lists = &reserve_;
    }
    members.Container::emplace_back(std::move(k), nullptr);
    slot_ = &members.back().second;
    if (pool) pool_state_ = PoolState::kExpectArray;
    if (lists != nullptr) {
      lists_ = lists;
      list_state_ = ListState::kExpectObject;
    }
    return true;
  }
  bool end_object() override {
    if (pool_state_ == PoolState::kEntry) {
      bool stratum = false;
      bool id = false;
      ForEachPoolKey(entry_keys_, [&](PoolKey k) {
        stratum = stratum || k == PoolKey::kStratum;
        id = id || k == PoolKey::kId;
      });
      if (stratum && id) {
        records_.push_back(std::move(entry_));
        record_keys_.push_back(entry_keys_);
        pool_state_ = PoolState::kArray;
        return true;
      }
      PoolFallback();
    }
    if (list_state_ == ListState::kObject) {
      list_state_ = ListState::kNone;
      lists_ = nullptr;
      return true;
    }
    stack_.pop_back();
    return true;
  }
  bool start_array(std::size_t /*elements*/) override {
    if (pool_state_ == PoolState::kExpectArray) {
      *slot_ = Json::array();
      pool_ = slot_;
      pool_state_ = PoolState::kArray;
      return true;
    }
    if (list_state_ == ListState::kExpectArray) {
      list_state_ = ListState::kArray;
      return true;
    }
    if (InPool()) PoolFallback();
    if (InLists()) ListsFallback();
    stack_.push_back(Frame{Place(Json::array()), nullptr});
    return true;
  }
  bool end_array() override {
    if (pool_state_ == PoolState::kArray) {
      pool_state_ = PoolState::kDone;
      return true;
    }
    if (list_state_ == ListState::kArray) {
      list_state_ = ListState::kObject;
      return true;
    }
    stack_.pop_back();
    return true;
  }
  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& e) override {
    if (dynamic_cast<const Json::out_of_range*>(&e) != nullptr) {
      // A number beyond the range of double (1e309): the document is unusable, not a crash.
      error_ = Status(StatusCode::kInvalidArgument, kReasonBundleJson, "抽取文件中的数值超出范围",
                      e.what());
    } else {
      error_ = Status(StatusCode::kInvalidArgument, kReasonBundleJson,
                      "抽取文件不是有效的 JSON（第 " + std::to_string(position) + " 字节附近）",
                      e.what());
    }
    return false;
  }

 private:
  // An open object or array of the DOM. `keys` indexes an object's keys once it has many.
  struct Frame {
    Json* value;
    std::unique_ptr<std::unordered_set<std::string>> keys;
  };
  // Where the parse is relative to the top-level "pool" (only while it is held as records).
  // kInDom: the pool turned out not to be plain and is read into the DOM.
  enum class PoolState { kNone, kExpectArray, kArray, kEntry, kDone, kInDom };
  // Where the parse is relative to a top-level "selected" / "reserve" being held as id lists:
  // its key came (kExpectObject), inside its object (kObject), a stratum's key came
  // (kExpectArray), inside that stratum's array (kArray).
  enum class ListState { kNone, kExpectObject, kObject, kExpectArray, kArray };
  static constexpr size_t kScanKeys = 16;

  static bool IsDuplicate(Frame& frame, const Json::object_t& members, const std::string& k) {
    if (members.size() < kScanKeys) {
      return std::any_of(members.begin(), members.end(),
                         [&](const auto& member) { return member.first == k; });
    }
    if (!frame.keys) {
      frame.keys = std::make_unique<std::unordered_set<std::string>>();
      for (const auto& member : members) frame.keys->insert(member.first);
    }
    return !frame.keys->insert(k).second;
  }

  bool InPool() const {
    return pool_state_ == PoolState::kArray || pool_state_ == PoolState::kEntry;
  }
  bool InLists() const {
    return list_state_ == ListState::kObject || list_state_ == ListState::kExpectArray ||
           list_state_ == ListState::kArray;
  }

  // Stores a value where the DOM expects the next one: the root, the end of the open array, or
  // the member whose key came last. Returns where it went (stable until its parent grows,
  // which is after it is closed).
  Json* Place(Json&& v) {
    if (pool_state_ == PoolState::kExpectArray) pool_state_ = PoolState::kNone;  // not an array
    if (list_state_ == ListState::kExpectObject) {                               // not an object
      list_state_ = ListState::kNone;
      lists_ = nullptr;
    }
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    Json& parent = *stack_.back().value;
    if (parent.is_array()) {
      auto& items = parent.get_ref<Json::array_t&>();
      items.push_back(std::move(v));
      return &items.back();
    }
    *slot_ = std::move(v);
    return slot_;
  }

  // The pool holds something other than a plain entry: turns the records so far into JSON
  // values and continues as a DOM from the current position (inside the pool array, or inside
  // a half-read entry, with its key awaiting a value if one came last).
  void PoolFallback() {
    auto& items = pool_->get_ref<Json::array_t&>();
    items.reserve(records_.size() + 1);
    size_t i = 0;
    records_.ForEach([&](const PoolRecord& rec) {
      items.push_back(PoolEntryJson(strata_, rec, record_keys_[i++]));
    });
    records_ = {};
    record_keys_ = {};
    stack_.push_back(Frame{pool_, nullptr});
    if (pool_state_ == PoolState::kEntry) {
      items.push_back(Json::object());
      auto& members = items.back().get_ref<Json::object_t&>();
      ForEachPoolKey(entry_keys_, [&](PoolKey k) {
        Json v;  // null: the value of a pending key, placed next
        if (k == PoolKey::kStratum && pending_ != k) v = strata_.StratumOf(entry_);
        if (k == PoolKey::kId && pending_ != k) v = entry_.id;
        if (k == PoolKey::kWeight && pending_ != k) v = entry_.weight;
        members.Container::emplace_back(PoolKeyName(k), std::move(v));
      });
      if (pending_ != PoolKey::kNone) slot_ = &members.back().second;
      stack_.push_back(Frame{&items.back(), nullptr});
    }
    pool_state_ = PoolState::kInDom;
  }

  // The "selected" / "reserve" being held has something other than arrays of strings: turns
  // the lists so far into JSON values and continues as a DOM from the current position (inside
  // the object, with a stratum's key awaiting its value, or inside that stratum's array).
  void ListsFallback() {
    HeldIdLists& held = **lists_;
    auto& members = lists_slot_->get_ref<Json::object_t&>();
    StringSequence::Reader ids(held.ids);
    for (size_t i = 0; i < held.names.size(); ++i) {
      Json v;  // null: the value of a pending key, placed next
      if (!(list_state_ == ListState::kExpectArray && i + 1 == held.names.size())) {
        v = Json::array();
        for (size_t j = 0; j < held.sizes[i]; ++j) v.push_back(std::string(ids.Next()));
      }
      members.Container::emplace_back(std::move(held.names[i]), std::move(v));
    }
    stack_.push_back(Frame{lists_slot_, nullptr});
    if (list_state_ == ListState::kExpectArray) slot_ = &members.back().second;
    if (list_state_ == ListState::kArray) stack_.push_back(Frame{&members.back().second, nullptr});
    lists_->reset();
    lists_ = nullptr;
    list_state_ = ListState::kNone;
  }

  const bool hold_pool_;
  Json root_;
  std::vector<Frame> stack_;
  Json* slot_ = nullptr;  // the value of the member whose key came last
  std::optional<std::string> duplicate_;
  std::optional<Status> error_;

  PoolState pool_state_ = PoolState::kNone;
  Json* pool_ = nullptr;  // the top-level "pool" member's value
  ChunkedRecords records_;
  std::vector<uint8_t> record_keys_;
  PoolRecord entry_;  // the entry being read
  Pool strata_;       // the stratum names of the records read (none of them in it)
  uint8_t entry_keys_ = 0;
  int entry_key_count_ = 0;
  PoolKey pending_ = PoolKey::kNone;  // its key that came last, awaiting a value

  ListState list_state_ = ListState::kNone;
  std::optional<HeldIdLists> selected_;
  std::optional<HeldIdLists> reserve_;
  std::optional<HeldIdLists>* lists_ = nullptr;  // the one being read
  Json* lists_slot_ = nullptr;                   // its member's value in the DOM
  std::unordered_set<std::string> list_names_;   // its stratum names so far
};

template <typename Input>
StatusOr<Bundle> Parse(Input&& input, bool hold_pool) {
  BundleBuilder builder(hold_pool);
  Json::sax_parse(std::forward<Input>(input), &builder);
  if (builder.error()) return *builder.error();
  if (builder.duplicate()) {
    return InvalidArgument(kReasonBundleDuplicateKey,
                           "抽取文件中同一对象内的键“" + *builder.duplicate() + "”重复出现");
  }
  return builder.Take();
}

// A string as nlohmann's dump writes it (ensure_ascii off): most need no escape at all.
void AppendQuoted(std::string& out, std::string_view s) {
  const bool plain = std::none_of(s.begin(), s.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\';
  });
  if (plain) {
    out += '"';
    out += s;
    out += '"';
  } else {
    out += Json(std::string(s)).dump(-1, ' ', false);
  }
}

// `v.dump(2)` as it reads `depth` levels down: every line after the first indented further.
void AppendIndented(std::string& out, const Json& v, int depth) {
  const std::string text = v.dump(2, ' ', false);
  const std::string indent(2 * depth, ' ');
  size_t start = 0;
  for (size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', start)) {
    out.append(text, start, nl + 1 - start);
    out += indent;
    start = nl + 1;
  }
  out.append(text, start);
}

// One held pool entry's members and closing brace as `dump(2)` writes them two levels down,
// its keys in the order `keys` gives.
void AppendPoolEntry(std::string& out, uint8_t keys, std::string_view stratum, std::string_view id,
                     uint32_t weight) {
  bool first = true;
  ForEachPoolKey(keys, [&](PoolKey k) {
    out += first ? "      \"" : ",\n      \"";
    first = false;
    out += PoolKeyName(k);
    out += "\": ";
    if (k == PoolKey::kStratum) AppendQuoted(out, stratum);
    if (k == PoolKey::kId) AppendQuoted(out, id);
    if (k == PoolKey::kWeight) out += std::to_string(weight);
  });
  out += "\n    }";
}

size_t HeldPoolSize(const Bundle& b) {
  return b.packed_pool ? b.packed_pool->size() : b.pool.size();
}

constexpr size_t kBlockBytes = size_t{1} << 20;

}  // namespace

void StringSequence::Append(std::string_view s) {
  uint8_t prefix[10];
  size_t prefix_size = 0;
  for (uint64_t n = s.size();; n >>= 7) {
    prefix[prefix_size++] = static_cast<uint8_t>((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
    if (n < 0x80) break;
  }
  const size_t need = prefix_size + s.size();
  if (blocks_.empty() || blocks_.back().capacity() - blocks_.back().size() < need) {
    blocks_.emplace_back().reserve(std::max(kBlockBytes, need));
  }
  std::vector<char>& b = blocks_.back();
  b.insert(b.end(), prefix, prefix + prefix_size);
  b.insert(b.end(), s.begin(), s.end());
  ++count_;
}

void PackedPool::Add(std::string_view stratum, std::string_view id, uint32_t weight) {
  if (runs_.empty() || runs_.back().first != stratum) runs_.emplace_back(stratum, 0);
  ++runs_.back().second;
  ids_.Append(id);
  weights_.push_back(weight);
}

PackedPool::Entry PackedPool::Reader::Next() {
  while (run_left_ == 0) run_left_ = pool_.runs_[run_++].second;
  --run_left_;
  return {pool_.runs_[run_ - 1].first, ids_.Next(), pool_.weights_[entry_++]};
}

std::string_view StringSequence::Reader::Next() {
  while (offset_ == seq_.blocks_[block_].size()) {
    ++block_;
    offset_ = 0;
  }
  const char* p = seq_.blocks_[block_].data() + offset_;
  uint64_t n = 0;
  int shift = 0;
  size_t i = 0;
  for (;; shift += 7) {
    const auto byte = static_cast<uint8_t>(p[i++]);
    n |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) break;
  }
  offset_ += i + n;
  return {p + i, n};
}

StatusOr<Json> ParseBundleJson(std::string_view text) {
  ASSIGN_OR_RETURN(Bundle b, Parse(text, /*hold_pool=*/false));
  return std::move(b.doc);
}

StatusOr<Bundle> ParseBundle(std::string_view text) { return Parse(text, /*hold_pool=*/true); }

StatusOr<Bundle> ParseBundle(std::istream& in) { return Parse(in, /*hold_pool=*/true); }

std::string DumpBundle(const Json& bundle) { return bundle.dump(2, ' ', false) + "\n"; }

std::string DumpBundle(const Bundle& bundle) {
  if (!bundle.pool_held && !bundle.selected && !bundle.reserve) return DumpBundle(bundle.doc);
  std::string out;
  out.reserve(HeldPoolSize(bundle) * 100 +
              (bundle.selected ? bundle.selected->ids.size() * 30 : 0) +
              (bundle.reserve ? bundle.reserve->ids.size() * 30 : 0));
  BundleTextWriter writer(bundle, std::numeric_limits<size_t>::max());
  while (writer.Next(out)) {
  }
  return out;
}

BundleTextWriter::BundleTextWriter(const Bundle& bundle, size_t piece_bytes)
    : b_(bundle), piece_bytes_(std::max<size_t>(piece_bytes, 1)) {}

bool BundleTextWriter::Next(std::string& out) {
  if (phase_ == Phase::kDone) return false;
  if (!b_.pool_held && !b_.selected && !b_.reserve) {
    out += DumpBundle(b_.doc);
    phase_ = Phase::kDone;
    return true;
  }
  const size_t start = out.size();
  while (phase_ != Phase::kDone && out.size() - start < piece_bytes_) Step(out);
  return true;
}

// One unit of the text: the opening, a top-level member (or the start of a held one), one
// pool entry, one id of a held list, or the closing. The layout is `dump(2)`'s.
void BundleTextWriter::Step(std::string& out) {
  // A held pool or held lists exist only in a top-level object.
  const auto& members = b_.doc.get_ref<const Json::object_t&>();
  switch (phase_) {
    case Phase::kStart:
      out += "{\n";
      phase_ = Phase::kMembers;
      return;
    case Phase::kMembers: {
      if (member_ == members.size()) {
        out += "\n}\n";
        phase_ = Phase::kDone;
        return;
      }
      const auto& [key, value] = *std::next(members.begin(), static_cast<std::ptrdiff_t>(member_));
      out += member_ == 0 ? "  " : ",\n  ";
      AppendQuoted(out, key);
      out += ": ";
      lists_ = key == "selected" && b_.selected ? &*b_.selected
               : key == "reserve" && b_.reserve ? &*b_.reserve
                                                : nullptr;
      if (key == "pool" && b_.pool_held && HeldPoolSize(b_) != 0) {
        out += "[\n";
        entry_ = 0;
        if (b_.packed_pool) packed_.emplace(*b_.packed_pool);
        phase_ = Phase::kPool;
      } else if (key == "pool" && b_.pool_held) {
        out += "[]";
        ++member_;
      } else if (lists_ != nullptr && !lists_->names.empty()) {
        out += "{\n";
        list_ = 0;
        entry_ = 0;
        ids_.emplace(lists_->ids);
        phase_ = Phase::kLists;
      } else if (lists_ != nullptr) {
        out += "{}";
        ++member_;
      } else {
        AppendIndented(out, value, 1);
        ++member_;
      }
      return;
    }
    case Phase::kPool: {
      out += entry_ == 0 ? "    {\n" : ",\n    {\n";
      if (packed_) {
        const PackedPool::Entry e = packed_->Next();
        AppendPoolEntry(out, kPoolKeysStratumIdWeight, e.stratum, e.id, e.weight);
      } else {
        const PoolRecord& rec = b_.pool[entry_];
        AppendPoolEntry(out, b_.pool_keys[entry_], b_.pool.StratumOf(rec), rec.id, rec.weight);
      }
      if (++entry_ == HeldPoolSize(b_)) {
        out += "\n  ]";
        packed_.reset();
        ++member_;
        phase_ = Phase::kMembers;
      }
      return;
    }
    case Phase::kLists: {
      // entry_ counts the ids of list list_ written so far; a list's name goes before its
      // first id (or with its empty brackets).
      const size_t size = lists_->sizes[list_];
      if (entry_ == 0 && !list_open_) {
        out += list_ == 0 ? "    " : ",\n    ";
        AppendQuoted(out, lists_->names[list_]);
        out += size == 0 ? ": []" : ": [\n";
        list_open_ = size != 0;
      } else {
        out += entry_ == 0 ? "      " : ",\n      ";
        AppendQuoted(out, ids_->Next());
        if (++entry_ == size) {
          out += "\n    ]";
          list_open_ = false;
        }
      }
      if (!list_open_) {
        entry_ = 0;
        if (++list_ == lists_->names.size()) {
          out += "\n  }";
          ids_.reset();
          ++member_;
          phase_ = Phase::kMembers;
        }
      }
      return;
    }
    case Phase::kDone: return;
  }
}

StatusOr<Json> RunBundle(const Json& bundle, const DrawOptions& options) {
  ASSIGN_OR_RETURN(Computed c, Compute(bundle, nullptr, options));
  RETURN_IF_ERROR(c.replacements_status);
  Json out = bundle;
  for (auto& [name, value] : c.outputs) {
    out[name] = IsListOutput(c, name) ? ListJson(c, name == "selected") : std::move(value);
  }
  for (size_t i = 0; i < c.replacement_ins.size(); ++i)
    out["replacements"][i]["in"] = c.replacement_ins[i];
  return out;
}

namespace {
Status RefusePacked(const Bundle& bundle) {
  if (bundle.packed_pool)
    return FailedPrecondition(kReasonBundleField, "内部错误：此名单只用于输出，不能用于计算");
  return OkStatus();
}
}  // namespace

StatusOr<Bundle> RunBundle(Bundle bundle, const DrawOptions& options) {
  RETURN_IF_ERROR(RefusePacked(bundle));
  // A held pool moves into the draw, which keeps it as given; the output copies it back.
  ASSIGN_OR_RETURN(Computed c,
                   Compute(bundle.doc, bundle.pool_held ? &bundle.pool : nullptr, options));
  RETURN_IF_ERROR(c.replacements_status);
  for (auto& [name, value] : c.outputs) {
    if (IsListOutput(c, name)) {
      bundle.doc[name] = Json::object();
      (name == "selected" ? bundle.selected : bundle.reserve) = ListHeld(c, name == "selected");
    } else {
      bundle.doc[name] = std::move(value);
    }
  }
  if (bundle.pool_held && c.target_draw) bundle.pool = c.target_draw->input().pool;
  for (size_t i = 0; i < c.replacement_ins.size(); ++i)
    bundle.doc["replacements"][i]["in"] = c.replacement_ins[i];
  return bundle;
}

namespace {

StatusOr<std::string> Explain(const Json& bundle, Pool* held_pool, const DrawOptions& options) {
  std::string text;
  ASSIGN_OR_RETURN(Computed c, Compute(bundle, held_pool, options,
                                       [&](const std::string& line) { text += line + "\n"; }));
  RETURN_IF_ERROR(c.replacements_status);
  return text;
}

// Held id lists against a target draw's "selected" or "reserve", read once in written order;
// the detail Describe would give for the same values as JSON, or nullopt when they are equal.
std::optional<std::string> CompareHeld(const Computed& c, bool selected, const HeldIdLists& held) {
  const auto& pool = c.target_draw->input().pool;
  const auto& strata = c.target_result.strata;
  std::unordered_map<std::string_view, size_t> stratum_of;
  for (size_t k = 0; k < strata.size(); ++k) stratum_of.emplace(strata[k].name, k);
  std::vector<bool> present(strata.size(), false);
  std::vector<std::optional<std::string>> differs(strata.size());
  std::optional<std::string> extra;
  StringSequence::Reader ids(held.ids);
  for (size_t i = 0; i < held.names.size(); ++i) {
    const auto it = stratum_of.find(held.names[i]);
    if (it == stratum_of.end()) {
      if (!extra) extra = held.names[i];
      for (size_t j = 0; j < held.sizes[i]; ++j) ids.Next();
      continue;
    }
    const size_t k = it->second;
    present[k] = true;
    const std::span<const uint32_t> expected = ListOf(strata[k], selected);
    std::optional<std::string>& differ = differs[k];
    for (size_t j = 0; j < held.sizes[i]; ++j) {
      const std::string_view found = ids.Next();
      if (!differ && j < expected.size() && found != pool[expected[j]].id) {
        differ = "第 " + std::to_string(j + 1) + " 项：文件中为 " +
                 Short(Json(std::string(found))) + "，重新计算为 " +
                 Short(Json(pool[expected[j]].id));
      }
    }
    if (!differ && held.sizes[i] != expected.size()) {
      differ = "长度不同：文件中 " + std::to_string(held.sizes[i]) + " 项，重新计算 " +
               std::to_string(expected.size()) + " 项";
    }
  }
  for (size_t k = 0; k < strata.size(); ++k) {
    if (!present[k]) return "文件中缺少“" + strata[k].name + "”";
    if (differs[k]) return "“" + strata[k].name + "”：" + *differs[k];
  }
  if (extra) return "文件中多出“" + *extra + "”";
  return std::nullopt;
}

// `selected` / `reserve`: the bundle's held lists, when it has them (the document then holds
// an empty object in their place).
StatusOr<BundleVerdict> Verify(const Json& bundle, Pool* held_pool, const HeldIdLists* selected,
                               const HeldIdLists* reserve, const DrawOptions& options) {
  ASSIGN_OR_RETURN(Computed c, Compute(bundle, held_pool, options));
  BundleVerdict v;
  v.result_hash = c.result_hash;
  auto mismatch = [&](std::string field, const Json& expected, const Json* found) {
    v.field = std::move(field);
    v.detail = found == nullptr ? "文件中缺少该字段" : Describe(expected, *found);
    return v;
  };
  for (const auto& [name, expected] : c.outputs) {
    const auto it = bundle.find(name);
    if (it == bundle.end()) return mismatch(name, expected, nullptr);
    if (IsListOutput(c, name)) {
      const bool is_selected = name == "selected";
      if (const HeldIdLists* held = is_selected ? selected : reserve; held != nullptr) {
        if (std::optional<std::string> detail = CompareHeld(c, is_selected, *held)) {
          v.field = name;
          v.detail = std::move(*detail);
          return v;
        }
        continue;
      }
      const Json list = ListJson(c, is_selected);
      if (!StrictEqual(list, *it)) return mismatch(name, list, &*it);
      continue;
    }
    if (!StrictEqual(expected, *it)) return mismatch(name, expected, &*it);
  }
  RETURN_IF_ERROR(c.replacements_status);
  for (size_t i = 0; i < c.replacement_ins.size(); ++i) {
    const Json& r = bundle.at("replacements").at(i);
    const std::string field = "replacements[" + std::to_string(i) + "].in";
    const auto it = r.find("in");
    if (it == r.end()) return mismatch(field, c.replacement_ins[i], nullptr);
    if (!StrictEqual(c.replacement_ins[i], *it)) return mismatch(field, c.replacement_ins[i], &*it);
  }
  v.ok = true;
  return v;
}

}  // namespace

StatusOr<std::string> ExplainBundle(const Json& bundle, const DrawOptions& options) {
  return Explain(bundle, nullptr, options);
}

StatusOr<std::string> ExplainBundle(Bundle bundle, const DrawOptions& options) {
  RETURN_IF_ERROR(RefusePacked(bundle));
  return Explain(bundle.doc, bundle.pool_held ? &bundle.pool : nullptr, options);
}

StatusOr<BundleVerdict> VerifyBundle(const Json& bundle, const DrawOptions& options) {
  return Verify(bundle, nullptr, nullptr, nullptr, options);
}

StatusOr<BundleVerdict> VerifyBundle(Bundle bundle, const DrawOptions& options) {
  RETURN_IF_ERROR(RefusePacked(bundle));
  return Verify(bundle.doc, bundle.pool_held ? &bundle.pool : nullptr,
                bundle.selected ? &*bundle.selected : nullptr,
                bundle.reserve ? &*bundle.reserve : nullptr, options);
}

}  // namespace suiji::draw
