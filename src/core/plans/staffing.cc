#include "core/plans/staffing.h"

#include <algorithm>
#include <limits>
#include <set>
#include <utility>

namespace suiji::plans {
namespace {

// Dinic's maximum flow on a small layered graph (teams and people: a few thousand nodes).
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

}  // namespace

StaffingCheck CheckStaffing(const std::vector<StaffingTeam>& teams,
                            const std::map<std::string, int>& capacity) {
  StaffingCheck out;
  std::map<std::string, size_t> person_node;
  for (const auto& t : teams) {
    out.needed += std::max(0, t.needed);
    const auto have = static_cast<int64_t>(t.eligible.size());
    if (have < t.needed) {
      ++out.short_teams;
      out.short_of_people += t.needed - have;
    }
    for (const auto& p : t.eligible) person_node.emplace(p, 0);
  }
  out.people = static_cast<int64_t>(person_node.size());
  // Nodes: 0 source, 1 sink, then teams, then people.
  const size_t first_person = 2 + teams.size();
  size_t n = first_person;
  for (auto& [id, node] : person_node) node = n++;
  MaxFlow flow(n);
  for (size_t i = 0; i < teams.size(); ++i) {
    if (teams[i].needed <= 0) continue;
    flow.AddEdge(0, 2 + i, teams[i].needed);
    for (const auto& p : teams[i].eligible) flow.AddEdge(2 + i, person_node[p], 1);
  }
  for (const auto& [id, node] : person_node) {
    auto c = capacity.find(id);
    if (c != capacity.end() && c->second > 0) flow.AddEdge(node, 1, c->second);
  }
  out.fillable = flow.Run(0, 1);
  return out;
}

RoundCap CapForRound(const std::vector<StaffingTeam>& teams, const std::map<std::string, int>& load,
                     int cap) {
  std::set<std::string> people;
  for (const auto& t : teams) people.insert(t.eligible.begin(), t.eligible.end());
  RoundCap best;
  int64_t best_fillable = -1;
  for (int round = std::max(1, cap); round >= 1; --round) {
    std::map<std::string, int> capacity;
    for (const auto& p : people) {
      auto l = load.find(p);
      if ((l == load.end() ? 0 : l->second) + round <= cap) capacity[p] = round;
    }
    const int64_t fillable = CheckStaffing(teams, capacity).fillable;
    if (fillable > best_fillable) {
      best_fillable = fillable;
      best = {round, std::move(capacity)};
    }
  }
  return best;
}

}  // namespace suiji::plans
