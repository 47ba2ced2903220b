#include "core/plans/staffing.h"

#include <algorithm>
#include <limits>
#include <set>
#include <unordered_map>
#include <utility>

namespace suiji::plans {
namespace {

// Dinic's maximum flow on a small layered graph (team groups and people: a few thousand nodes).
class MaxFlow {
 public:
  explicit MaxFlow(size_t nodes) : adjacent_(nodes), level_(nodes), next_(nodes) {}

  void AddEdge(size_t from, size_t to, int64_t capacity) {
    adjacent_[from].push_back(edges_.size());
    edges_.push_back({to, capacity});
    adjacent_[to].push_back(edges_.size());
    edges_.push_back({from, 0});
  }

  int64_t Run(size_t source, size_t sink) {
    int64_t total = 0;
    while (Levels(source, sink)) {
      std::fill(next_.begin(), next_.end(), 0);
      while (int64_t pushed = Push(source, sink, std::numeric_limits<int64_t>::max()))
        total += pushed;
    }
    return total;
  }

 private:
  struct Edge {
    size_t to;
    int64_t left;
  };

  bool Levels(size_t source, size_t sink) {
    std::fill(level_.begin(), level_.end(), -1);
    std::vector<size_t> queue{source};
    level_[source] = 0;
    for (size_t head = 0; head < queue.size(); ++head) {
      const size_t at = queue[head];
      for (size_t e : adjacent_[at]) {
        if (edges_[e].left <= 0 || level_[edges_[e].to] >= 0) continue;
        level_[edges_[e].to] = level_[at] + 1;
        queue.push_back(edges_[e].to);
      }
    }
    return level_[sink] >= 0;
  }

  // Iterative would be longer; the graph is four layers deep, so recursion stays shallow.
  int64_t Push(size_t at, size_t sink, int64_t limit) {
    if (at == sink) return limit;
    for (size_t& i = next_[at]; i < adjacent_[at].size(); ++i) {
      Edge& e = edges_[adjacent_[at][i]];
      if (e.left <= 0 || level_[e.to] != level_[at] + 1) continue;
      if (int64_t pushed = Push(e.to, sink, std::min(limit, e.left))) {
        e.left -= pushed;
        edges_[adjacent_[at][i] ^ 1].left += pushed;
        return pushed;
      }
    }
    return 0;
  }

  std::vector<std::vector<size_t>> adjacent_;
  std::vector<Edge> edges_;
  std::vector<int> level_;
  std::vector<size_t> next_;
};

// Teams with the same need and the same people, in the same order (the eligibility step gives
// every target of a street the same list), are one node of the flow: a group of k such teams
// takes up to k × needed places and each of its people at most k of them (one per team). Any
// flow of the grouped graph splits back into the teams (deal each person's places to the k
// teams in turn), so the maximum is the same; a 2,000-target task over a dozen streets is a
// flow over a few thousand edges instead of hundreds of thousands.
struct TeamGroup {
  const StaffingTeam* team;
  int64_t count;
};

std::vector<TeamGroup> GroupIdenticalTeams(const std::vector<StaffingTeam>& teams) {
  std::vector<TeamGroup> groups;
  std::unordered_map<uint64_t, std::vector<size_t>> by_hash;  // -> indices into groups
  const std::hash<std::string> hash_person;
  for (const auto& t : teams) {
    uint64_t h = static_cast<uint64_t>(t.needed) * 0x9e3779b97f4a7c15ULL;
    for (const auto& p : t.eligible) h = (h ^ hash_person(p)) * 0x100000001b3ULL;
    auto& candidates = by_hash[h];
    auto same = std::find_if(candidates.begin(), candidates.end(), [&](size_t g) {
      return groups[g].team->needed == t.needed && groups[g].team->eligible == t.eligible;
    });
    if (same != candidates.end()) {
      ++groups[*same].count;
    } else {
      candidates.push_back(groups.size());
      groups.push_back({&t, 1});
    }
  }
  return groups;
}

StaffingCheck CheckGroups(const std::vector<TeamGroup>& groups,
                          const std::map<std::string, int>& capacity) {
  StaffingCheck out;
  std::map<std::string, size_t> person_node;
  for (const auto& [t, count] : groups) {
    out.needed += std::max(0, t->needed) * count;
    const auto have = static_cast<int64_t>(t->eligible.size());
    if (have < t->needed) {
      out.short_teams += count;
      out.short_of_people += (t->needed - have) * count;
    }
    for (const auto& p : t->eligible) person_node.emplace(p, 0);
  }
  out.people = static_cast<int64_t>(person_node.size());
  // Nodes: 0 source, 1 sink, then team groups, then people.
  const size_t first_person = 2 + groups.size();
  size_t n = first_person;
  for (auto& [id, node] : person_node) node = n++;
  MaxFlow flow(n);
  for (size_t i = 0; i < groups.size(); ++i) {
    const auto& [t, count] = groups[i];
    if (t->needed <= 0) continue;
    flow.AddEdge(0, 2 + i, t->needed * count);
    for (const auto& p : t->eligible) flow.AddEdge(2 + i, person_node[p], count);
  }
  for (const auto& [id, node] : person_node) {
    auto c = capacity.find(id);
    if (c != capacity.end() && c->second > 0) flow.AddEdge(node, 1, c->second);
  }
  out.fillable = flow.Run(0, 1);
  return out;
}

}  // namespace

StaffingCheck CheckStaffing(const std::vector<StaffingTeam>& teams,
                            const std::map<std::string, int>& capacity) {
  return CheckGroups(GroupIdenticalTeams(teams), capacity);
}

RoundCap CapForRound(const std::vector<StaffingTeam>& teams, const std::map<std::string, int>& load,
                     int cap) {
  const std::vector<TeamGroup> groups = GroupIdenticalTeams(teams);
  std::set<std::string> people;
  for (const auto& g : groups) people.insert(g.team->eligible.begin(), g.team->eligible.end());
  RoundCap best;
  int64_t best_fillable = -1;
  for (int round = std::max(1, cap); round >= 1; --round) {
    std::map<std::string, int> capacity;
    for (const auto& p : people) {
      auto l = load.find(p);
      if ((l == load.end() ? 0 : l->second) + round <= cap) capacity[p] = round;
    }
    const int64_t fillable = CheckGroups(groups, capacity).fillable;
    if (fillable > best_fillable) {
      best_fillable = fillable;
      best = {round, std::move(capacity)};
    }
  }
  return best;
}

}  // namespace suiji::plans
