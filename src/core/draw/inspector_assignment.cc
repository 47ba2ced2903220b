#include "core/draw/inspector_assignment.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "core/draw/merkle.h"
#include "core/draw/parallel.h"
#include "core/draw/ticket.h"
#include "core/hash.h"
#include "core/metrics.h"

namespace suiji::draw {
namespace {

std::string Quote(std::string_view s) { return "“" + std::string(s) + "”"; }

// A label and its ticket prefix; ordered by (ticket, label) with the full ticket text only
// on a prefix tie.
struct Ranked {
  uint64_t prefix;
  const std::string* label;
};

void SortByTicket(std::vector<Ranked>& items, const TicketGenerator& tickets) {
  std::sort(items.begin(), items.end(), [&](const Ranked& a, const Ranked& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    const int c = tickets.Text(*a.label).compare(tickets.Text(*b.label));
    if (c != 0) return c < 0;
    return *a.label < *b.label;
  });
}

std::vector<Ranked> Rank(const std::vector<std::string>& labels, const TicketGenerator& tickets) {
  std::vector<Ranked> out;
  out.reserve(labels.size());
  for (const std::string& l : labels) out.push_back({tickets.Prefix(l), &l});
  SortByTicket(out, tickets);
  return out;
}

}  // namespace

StatusOr<InspectorAssignment> InspectorAssignment::Prepare(AssignDrawInput input,
                                                           std::string secret,
                                                           DrawOptions options) {
  RETURN_IF_ERROR(ValidateSecret(secret));
  RETURN_IF_ERROR(ValidateText(input.draw_id, "抽取编号"));
  RETURN_IF_ERROR(ValidateSourceNames(input.source_names));
  if (input.per_task < 1) {
    return InvalidArgument(kReasonPerTaskInvalid, "每个任务的检查人员数（per_task）必须不小于 1");
  }
  if (input.cap < 1) {
    return InvalidArgument(kReasonCapInvalid, "每名检查人员的任务上限（cap）必须不小于 1");
  }
  // Each task's inspectors sorted bytewise: the leaf order, and a duplicate check by neighbours.
  std::vector<std::vector<std::string_view>> sorted(input.tasks.size());
  std::unordered_set<std::string_view> tasks_seen;
  size_t leaf_count = 0;
  for (size_t k = 0; k < input.tasks.size(); ++k) {
    const TaskEligibility& t = input.tasks[k];
    RETURN_IF_ERROR(ValidateId(t.task, IdKind::kTask));
    if (!tasks_seen.insert(t.task).second) {
      return InvalidArgument(kReasonDuplicateTask, "任务" + Quote(t.task) + "重复列出");
    }
    auto& ids = sorted[k];
    ids.assign(t.inspectors.begin(), t.inspectors.end());
    std::sort(ids.begin(), ids.end());
    bool clean = std::adjacent_find(ids.begin(), ids.end()) == ids.end();
    for (size_t i = 0; clean && i < ids.size(); ++i)
      clean = ValidateId(ids[i], IdKind::kInspector).ok();
    if (!clean) {
      // Which refusal comes first is the listed order's: walk it again.
      std::unordered_set<std::string_view> seen;
      for (const std::string& inspector : t.inspectors) {
        RETURN_IF_ERROR(ValidateId(inspector, IdKind::kInspector));
        if (!seen.insert(inspector).second) {
          return InvalidArgument(
              kReasonDuplicateEligible,
              "任务" + Quote(t.task) + "的候选检查人员" + Quote(inspector) + "重复列出");
        }
      }
    }
    leaf_count += t.inspectors.size();
  }
  if (leaf_count >= std::numeric_limits<uint32_t>::max()) {
    return InvalidArgument(kReasonTooLarge, "候选检查人员名单过大，无法在一次抽取中处理");
  }

  // elig_root over leaves lp("SJ-DRAW-1/elig") || lp(task) || lp(inspector), in (task,
  // inspector) order. A task without eligible inspectors contributes no leaf. The leaves are
  // hashed in parallel, a task at a time, into their slots (hundreds of thousands of them for a
  // large task: each is one SHA-256 of a buffer reused for the task).
  std::vector<size_t> by_task(input.tasks.size());
  std::iota(by_task.begin(), by_task.end(), size_t{0});
  std::sort(by_task.begin(), by_task.end(),
            [&](size_t a, size_t b) { return input.tasks[a].task < input.tasks[b].task; });
  std::vector<size_t> first_leaf(by_task.size() + 1, 0);
  for (size_t k = 0; k < by_task.size(); ++k)
    first_leaf[k + 1] = first_leaf[k] + sorted[by_task[k]].size();
  std::vector<Digest> leaves(leaf_count);
  const unsigned threads = ResolveThreads(options.threads);
  ParallelFor(
      by_task.size(), threads,
      [&](size_t begin, size_t end) {
        std::string buf;
        auto append_lp = [&buf](std::string_view bytes) {
          const auto n = static_cast<uint32_t>(bytes.size());
          const char len[4] = {static_cast<char>(n >> 24), static_cast<char>(n >> 16),
                               static_cast<char>(n >> 8), static_cast<char>(n)};
          buf.append(len, 4);
          buf.append(bytes);
        };
        for (size_t k = begin; k < end; ++k) {
          buf.assign(1, '\0');  // MerkleLeafHash's 0x00 prefix
          append_lp("SJ-DRAW-1/elig");
          append_lp(input.tasks[by_task[k]].task);
          const size_t prefix = buf.size();
          size_t slot = first_leaf[k];
          for (std::string_view inspector : sorted[by_task[k]]) {
            buf.resize(prefix);
            append_lp(inspector);
            leaves[slot++] = Sha256Of(buf);
          }
        }
      },
      16);

  InspectorAssignment a;
  a.plan_.root =
      std::string(AsBytes(MerkleRootFromLeafHashes(std::move(leaves), threads, options.sha256)));
  a.plan_.params = ByteWriter().Lp("SJ-DRAW-1/assign").U32(input.per_task).U32(input.cap).Take();
  a.plan_.sources_decl = SourcesDecl(input.source_names);
  a.plan_.commit = Commit(secret);
  a.plan_.plan_hash = PlanHash(input.draw_id, "assign", a.plan_);
  a.input_ = std::move(input);
  a.secret_ = std::move(secret);
  a.options_ = options;
  return a;
}

StatusOr<AssignResult> InspectorAssignment::Reveal(
    const std::vector<std::string>& source_values) const {
  RETURN_IF_ERROR(ValidateSourceValues(input_.source_names, source_values));
  metrics::Add(metrics::Counter::kDrawComputations);
  AssignResult result;
  result.seed = DeriveSeed(plan_.plan_hash, input_.source_names, source_values, secret_);
  const TicketGenerator tickets(result.seed.seed);

  // Processing order: (ticket(seed, task), task).
  std::vector<std::string> task_ids;
  task_ids.reserve(input_.tasks.size());
  std::unordered_map<std::string_view, size_t> task_index;
  for (size_t i = 0; i < input_.tasks.size(); ++i) {
    task_ids.push_back(input_.tasks[i].task);
    task_index.emplace(input_.tasks[i].task, i);
  }
  const std::vector<Ranked> order = Rank(task_ids, tickets);

  // Each task's walk depends only on its task_seed, not on loads: compute them in parallel.
  result.teams.resize(order.size());
  ParallelFor(
      order.size(), ResolveThreads(options_.threads),
      [&](size_t begin, size_t end) {
        for (size_t k = begin; k < end; ++k) {
          TaskTeam& team = result.teams[k];
          const TaskEligibility& t = input_.tasks[task_index.at(*order[k].label)];
          team.task = t.task;
          team.task_seed = ToHex(
              Sha256(ByteWriter().Lp("SJ-DRAW-1/task").Lp(result.seed.master).Lp(t.task).bytes()));
          const TicketGenerator walk_tickets(team.task_seed);
          for (const Ranked& r : Rank(t.inspectors, walk_tickets)) team.walk.push_back(*r.label);
        }
      },
      64);

  // Loads carry from task to task, so the walks themselves run in processing order.
  std::unordered_map<std::string_view, uint32_t> load;
  for (TaskTeam& team : result.teams) {
    while (team.walked < team.walk.size() && team.inspectors.size() < input_.per_task) {
      const std::string& candidate = team.walk[team.walked++];
      uint32_t& l = load[candidate];
      if (l < input_.cap) {
        ++l;
        team.inspectors.push_back(candidate);
      }
    }
    team.unfilled = team.inspectors.size() < input_.per_task;
  }

  Sha256Hasher h;
  h.UpdateLengthPrefixed("SJ-DRAW-1/result")
      .UpdateLengthPrefixed(plan_.plan_hash)
      .UpdateLengthPrefixed(result.seed.randomness)
      .UpdateLengthPrefixed(secret_)
      .UpdateU32(static_cast<uint32_t>(result.teams.size()));
  for (const TaskTeam& team : result.teams) {
    h.UpdateLengthPrefixed(team.task).UpdateU32(static_cast<uint32_t>(team.inspectors.size()));
    for (const std::string& inspector : team.inspectors) h.UpdateLengthPrefixed(inspector);
  }
  result.result_hash = h.Finish();
  return result;
}

}  // namespace suiji::draw
