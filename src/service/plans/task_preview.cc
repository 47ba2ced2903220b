#include "service/plans/task_service.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <iterator>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <utility>

#include "core/plans/staffing.h"
#include "core/registers/people.h"
#include "core/text.h"
#include "service/audit.h"
#include "service/credit/mutual_recognition.h"
#include "service/plans/inspector_candidates.h"
#include "service/plans/task_internal.h"
#include "service/readable_scope.h"
#include "store/credit/mutual_store.h"
#include "store/draw_store.h"
#include "store/org_store.h"
#include "store/plans/plan_store.h"
#include "store/registers/item_store.h"
#include "store/registers/people_store.h"
#include "store/registers/target_store.h"

namespace suiji::service {

using Json = nlohmann::json;
using task_detail::EffectiveRules;
using task_detail::ItemsOf;
using task_detail::RiskClassOfStratum;

// --- preview and target draw -----------------------------------------------------------------

int64_t TaskPreview::excluded() const {
  int64_t n = 0;
  for (const auto& e : exclusions) n += e.count;
  return n;
}

int64_t TaskPreview::quota() const {
  int64_t n = 0;
  for (const auto& s : strata) n += s.quota;
  return n;
}

Json TaskPreviewToJson(const TaskPreview& p) {
  Json strata = Json::array();
  int64_t quota = 0;
  for (const auto& s : p.strata) {
    strata.push_back({{"name", s.name},
                      {"pool_size", s.pool_size},
                      {"ratio", registers::PercentText(s.ratio_bp)},
                      {"quota", s.quota}});
    quota += s.quota;
  }
  Json exclusions = Json::array();
  for (const auto& e : p.exclusions) {
    Json samples = Json::array();
    for (const auto& [key, name] : e.samples) samples.push_back({{"key", key}, {"name", name}});
    exclusions.push_back({{"reason", plans::ExclusionName(e.reason)},
                          {"label", plans::ExclusionLabel(e.reason)},
                          {"count", e.count},
                          {"samples", samples}});
  }
  Json recognized = Json::array();
  for (const auto& r : p.recognized.lines)
    recognized.push_back({{"target_id", r.target_id},
                          {"key", r.key},
                          {"name", r.name},
                          {"department_id", r.department_id},
                          {"department", r.department},
                          {"completed_on", r.completed_on.ToString()},
                          {"result", r.result},
                          {"source", r.source},
                          {"publication_no", r.publication_no},
                          {"excluded", r.excluded}});
  return {{"matched", p.matched},
          {"excluded", p.excluded()},
          {"mutual_recognition",
           {{"look_back_days", p.recognized.look_back_days},
            {"rule_days", p.recognized.rule_days},
            {"count", p.recognized.count},
            {"items", recognized}}},
          {"pool_size", p.pool_size()},
          {"quota", quota},
          {"strata", strata},
          {"exclusions", exclusions},
          {"floor", registers::PercentText(p.floor_bp)},
          {"ceiling", registers::PercentText(p.ceiling_bp)},
          {"filter_description", p.filter_description},
          {"staffing", [&] {
             Json out = Json::array();
             for (const auto& e : p.staffing)
               out.push_back({{"department_id", e.department_id},
                              {"department", e.department},
                              {"role", plans::AssigneeKindName(e.role)},
                              {"per_task", e.per_task},
                              {"cap", e.cap},
                              {"people", e.people},
                              {"needed", e.needed},
                              {"available", e.available},
                              {"exact", e.exact},
                              {"fillable", e.capacity()},
                              {"short_targets", e.short_targets},
                              {"max_targets", e.max_targets()},
                              {"sufficient", e.sufficient()}});
             return out;
           }()}};
}

namespace {

// The exact figure over known teams: every team needs `per_task`, eligible as given, each
// person may take `cap` teams (the first draw of a task: nobody holds any yet).
void ExactStaffing(StaffingEstimate& e, const std::vector<plans::StaffingTeam>& teams) {
  std::map<std::string, int> capacity;
  for (const auto& t : teams)
    for (const auto& person : t.eligible) capacity[person] = e.cap;
  const plans::StaffingCheck check = plans::CheckStaffing(teams, capacity);
  e.exact = true;
  e.fillable = check.fillable;
  e.short_places = check.short_of_people;
  e.short_targets = check.short_teams;
}

constexpr size_t kRecognizedLines = 200;  // the preview lists the first 200 by id
constexpr size_t kExclusionSamples = 20;  // per reason, the first by id

// Of the entries offered, in whatever order the scan meets them, the `n` of smallest id: the
// list grows to twice that and is cut back to the n smallest, and an id above the cut is turned
// away (it can no longer be among them). The scan reads the directory in no particular order
// (on PostgreSQL an index scan in id order took twice a sequential one).
template <typename T>
class SmallestIds {
 public:
  explicit SmallestIds(size_t n) : n_(n) {}
  // Room for the entry of `id` (valid until the next Offer), or nullptr.
  T* Offer(int64_t id) {
    if (id > cut_) return nullptr;
    if (items_.size() == 2 * n_) {
      Sort();
      items_.resize(n_);
      cut_ = items_.back().first;
      if (id > cut_) return nullptr;
    }
    return &items_.emplace_back(id, T{}).second;
  }
  // The kept entries by id, at most n.
  std::vector<std::pair<int64_t, T>> Take() && {
    Sort();
    if (items_.size() > n_) items_.resize(n_);
    return std::move(items_);
  }

 private:
  void Sort() {
    std::sort(items_.begin(), items_.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  size_t n_;
  int64_t cut_ = std::numeric_limits<int64_t>::max();
  std::vector<std::pair<int64_t, T>> items_;
};

// What the pool's scan found in one id range. The parts of consecutive ranges, merged in order,
// are what one scan of the whole directory finds: the counts add up, the lists keep the entries
// of smallest id.
struct PoolScanPart {
  int64_t matched = 0;
  int64_t recognized = 0;
  SmallestIds<RecognizedInspectionLine> lines{kRecognizedLines};
  std::map<plans::Exclusion, int64_t> excluded;  // per reason, how many
  // Per reason, the samples' natural keys by target id (named after the scan).
  std::map<plans::Exclusion, SmallestIds<std::string>> samples;
  std::map<std::string, int64_t, std::less<>> sizes;  // per stratum
  std::vector<int64_t> pool_ids;
  draw::Pool pool;  // with_pool only; its own table of stratum names
  // The ids in the part's range, as ScanInRanges cut them (0: not known): room for its pool
  // is reserved up front. Growing a 10M pool's parts by doubling faulted in about twice their
  // memory, fresh, and copied it; room reserved but never filled is never touched.
  int64_t range_ids = 0;
};

using ScanRange =
    std::function<Status(store::Connection&, const store::TargetQuery&, PoolScanPart&)>;

// The pool of a scan cut into ranges, built while the ranges are still being scanned: a part's
// records and ids are appended as soon as every range before it is in (so the pool is in id
// order, as one scan would find it), and its storage, emptied but still mapped, goes to a range
// not yet started. Before, every part kept its own storage until the end and was then copied
// into the pool: at 10M candidates 720 MB of records twice, and on the 2-core test machine each
// first touch of fresh memory costs about 1.8 ns per byte (docs/performance.md). Thread-safe.
class PoolMerger {
 public:
  // `room`: the ids the directory spans, an upper bound of the pool (address space only:
  // reserved room is never touched unless filled).
  PoolMerger(draw::Pool& pool, std::vector<int64_t>& ids, size_t parts, size_t room, bool with_pool)
      : pool_(pool), ids_(ids), done_(parts, nullptr) {
    ids_.reserve(room);
    if (with_pool) pool_.reserve(room);
  }

  // Storage emptied by earlier parts, for the part about to be scanned.
  void Lend(PoolScanPart& part) {
    std::lock_guard lock(mu_);
    if (spare_pools_.empty() || spare_ids_.empty()) return;
    part.pool.records() = std::move(spare_pools_.back());
    part.pool_ids = std::move(spare_ids_.back());
    spare_pools_.pop_back();
    spare_ids_.pop_back();
  }

  // Part `i` is scanned: appended with every part after it that waited for it.
  void Done(size_t i, PoolScanPart& part) {
    std::lock_guard lock(mu_);
    done_[i] = &part;
    for (; next_ < done_.size() && done_[next_] != nullptr; ++next_) {
      PoolScanPart& in = *done_[next_];
      ids_.insert(ids_.end(), in.pool_ids.begin(), in.pool_ids.end());
      // The part's stratum indices, as the pool's.
      std::vector<uint32_t> to;
      for (const std::string& name : in.pool.strata()) to.push_back(pool_.StratumIndex(name));
      std::vector<draw::PoolRecord>& records = in.pool.records();
      for (draw::PoolRecord& rec : records) {
        rec.stratum = to[rec.stratum];
        pool_.records().push_back(std::move(rec));
      }
      records.clear();
      in.pool_ids.clear();
      spare_pools_.push_back(std::move(records));
      spare_ids_.push_back(std::move(in.pool_ids));
    }
  }

 private:
  std::mutex mu_;
  draw::Pool& pool_;
  std::vector<int64_t>& ids_;
  std::vector<PoolScanPart*> done_;  // by range: scanned, not yet appended
  size_t next_ = 0;                  // the first range not yet appended
  std::vector<std::vector<draw::PoolRecord>> spare_pools_;
  std::vector<std::vector<int64_t>> spare_ids_;
};

// A range of fewer ids is not worth a thread (a scan of 4096 rows takes a few milliseconds);
// a large directory is cut into several ranges per thread, so that a filter matching more of
// one end of the ids still keeps every thread busy. (The demo's 20k targets are four ranges on
// SQLite, so every test of a preview or commit on it, the pinned ceremony first, checks the
// merge.)
constexpr int64_t kMinIdsPerRange = 4096;
constexpr int64_t kRangesPerThread = 8;
constexpr unsigned kMaxScanThreads = 4;

// The pool's scan, cut into id ranges and run on `first` and on as many more connections (up to
// one per core, on PostgreSQL one per two) as the pool has free right now — never waiting for one,
// since this request already holds two. Parts come back in id order whatever thread scanned them;
// the first failing range's error, if any. A small directory, or a machine with a core too few, is
// one range on `first`.
StatusOr<std::vector<PoolScanPart>> ScanInRanges(
    store::Database& db, store::Connection& first, const store::TargetQuery& query,
    const ScanRange& scan_range,
    const std::function<std::unique_ptr<PoolMerger>(size_t parts, size_t room)>& merger_for) {
  // A PostgreSQL scan keeps two processes busy, the server's backend writing rows as text and
  // this thread reading them, yet one range per core still pays: at 10M on 2 cores, the server's
  // side is the larger (6.4 s for the whole directory, the reading 3.5 CPU s), and two ranges
  // at a time took the preview from 6.2 to 5.3-5.6 s. (With single-row mode's heavier reading,
  // two at a time had been slower, 8.4 -> 11.3 s.)
  const unsigned cores = std::thread::hardware_concurrency();
  const auto threads = static_cast<int64_t>(std::min(kMaxScanThreads, cores));
  // The span also sizes each part's room (PoolScanPart::range_ids).
  ASSIGN_OR_RETURN(auto span, store::TargetIdSpan(first));
  const int64_t ids = span ? span->second - span->first + 1 : 0;
  const int64_t count =
      threads >= 2 ? std::min(threads * kRangesPerThread, ids / kMinIdsPerRange) : 1;
  std::vector<PoolScanPart> parts(std::max<int64_t>(count, 1));
  // The ranges cut below hold ids / count ids rounded up or down: room for the larger. (Rounded
  // down, as it was, most parts of a 10M pool outgrew their room by one candidate and were
  // copied into twice the room, fresh.)
  const auto n_parts = static_cast<int64_t>(parts.size());
  for (auto& part : parts) part.range_ids = (ids + n_parts - 1) / n_parts;
  if (count <= 1) {
    RETURN_IF_ERROR(scan_range(first, query, parts[0]));
    return parts;
  }
  // The first range has no lower bound and the last no upper one: a target added since the
  // span was read is found as one scan would find it.
  std::vector<store::TargetQuery> ranges(count, query);
  for (int64_t i = 1; i < count; ++i) {
    const int64_t cut = span->first + ids * i / count;
    ranges[i - 1].id_to = cut;
    ranges[i].id_from = cut;
  }
  const std::unique_ptr<PoolMerger> merger = merger_for(parts.size(), static_cast<size_t>(ids));
  std::vector<Status> status(count);
  std::atomic<int64_t> next{0};
  std::atomic<bool> failed{false};
  auto work = [&](store::Connection& c) {
    for (int64_t i = next++; i < count && !failed; i = next++) {
      try {
        merger->Lend(parts[i]);
        status[i] = scan_range(c, ranges[i], parts[i]);
        if (status[i].ok()) merger->Done(static_cast<size_t>(i), parts[i]);
      } catch (const std::exception& e) {
        status[i] = Internal(std::string("pool scan: ") + e.what());
      }
      if (!status[i].ok()) failed = true;
    }
  };
  std::vector<store::PooledConnection> more;
  for (int64_t t = 1; t < threads; ++t) {
    ASSIGN_OR_RETURN(auto conn, db.TryAcquire());
    if (!conn) break;
    more.push_back(std::move(*conn));
  }
  {
    std::vector<std::jthread> workers;  // joined when the block ends, also on a throw
    workers.reserve(more.size());
    for (auto& conn : more) workers.emplace_back([&work, &conn] { work(*conn); });
    work(first);
  }
  for (const Status& s : status) RETURN_IF_ERROR(s);
  return parts;
}

}  // namespace

Status TaskService::EstimateStaffing(store::Connection& c, const TaskView& v, TaskPreview& p) {
  auto from = Date::Parse(v.row.window_from);
  auto to = Date::Parse(v.row.window_to);
  if (!from || !to) return Internal("task window unreadable");
  const int64_t quota = p.quota();
  // Every object of the pool is drawn: the teams are known, the figure can be exact.
  // (An empty pool has nothing to staff: the bound, 0 needed, is sufficient.)
  const bool takes_all = quota > 0 && quota == p.pool_size();
  // Every object's region and name, for the exact figure only.
  std::vector<store::TargetPlace> places;
  if (takes_all) {
    ASSIGN_OR_RETURN(places, store::ListTargetPlaces(c, p.pool_ids));
  }
  ASSIGN_OR_RETURN(auto snap, org_.Snapshot());
  for (size_t i = 0; i < v.departments.size(); ++i) {
    const int64_t department_id = v.departments[i].department_id;
    ASSIGN_OR_RETURN(auto rules, EffectiveRules(c, department_id));
    const std::vector<std::string>& codes = v.departments[i].item_codes;
    ASSIGN_OR_RETURN(auto items, ItemsOf(c, department_id, codes));
    StaffingEstimate e;
    e.department_id = department_id;
    e.department = v.DepartmentName(department_id);
    e.per_task = std::max(2, rules.policy.inspectors_per_task);
    e.cap = std::max(1, rules.policy.per_inspector_task_cap);
    const registers::EligibilityRequest req =
        task_detail::InspectorRequest(*from, *to, codes, items);
    store::InspectorQuery iq;
    iq.department_ids = {department_id};
    iq.limit = 0;
    ASSIGN_OR_RETURN(auto inspectors, store::ListInspectors(c, iq));
    for (const auto& i : inspectors.first)
      if (registers::CheckEligibility(i.inspector, req, {}).eligible()) ++e.people;
    e.needed = quota * e.per_task;
    e.available = e.people * e.cap;
    if (takes_all) {
      ASSIGN_OR_RETURN(auto candidates, task_detail::InspectorCandidates::Load(
                                            c, *snap, department_id, req,
                                            v.row.origin == plans::TaskOrigin::kJoint));
      std::vector<plans::StaffingTeam> teams;
      teams.reserve(places.size());
      for (const auto& t : places)
        teams.push_back({e.per_task, candidates.For(t.id, t.region_code, {}).eligible});
      ExactStaffing(e, teams);
    }
    p.staffing.push_back(e);
    auto need = std::find_if(v.expert_needs.begin(), v.expert_needs.end(),
                             [&](auto& n) { return n.department_id == department_id; });
    if (need == v.expert_needs.end()) continue;
    StaffingEstimate x;
    x.department_id = department_id;
    x.department = e.department;
    x.role = plans::AssigneeKind::kExpert;
    x.per_task = need->per_target;
    x.cap = e.cap;
    store::ExpertQuery xq;
    xq.department_ids = {department_id};
    xq.limit = 0;
    ASSIGN_OR_RETURN(auto experts, store::ListExperts(c, xq));
    std::vector<const registers::Expert*> open;
    for (const auto& stored : experts.first)
      if (!task_detail::ExpertExcludedForTask(stored.expert, *from, *to, need->fields))
        open.push_back(&stored.expert);
    x.people = static_cast<int64_t>(open.size());
    x.needed = quota * x.per_task;
    x.available = x.people * x.cap;
    if (takes_all) {
      // As the expert step: nobody serves on a target that is their own organisation.
      std::vector<plans::StaffingTeam> teams;
      teams.reserve(places.size());
      for (const auto& t : places) {
        plans::StaffingTeam team{x.per_task, {}};
        for (const registers::Expert* expert : open)
          if (expert->organisation.empty() || expert->organisation != t.name)
            team.eligible.push_back(expert->expert_no);
        teams.push_back(std::move(team));
      }
      ExactStaffing(x, teams);
    }
    p.staffing.push_back(x);
  }
  return OkStatus();
}

StatusOr<TaskPreview> TaskService::BuildPreview(const TaskView& v, bool with_pool) {
  TaskPreview p;
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  auto from = Date::Parse(v.row.window_from);
  auto to = Date::Parse(v.row.window_to);
  if (!from || !to) return Internal("task window unreadable");
  ASSIGN_OR_RETURN(auto lead_rules, EffectiveRules(*conn, v.row.department_id));
  // Everything each department knows about the pool: items, rules, history, other tasks.
  struct DeptFacts {
    int64_t id;
    std::vector<std::string> items;
    registers::DepartmentRules rules;
    std::map<int64_t, int> counts;
    std::map<int64_t, std::vector<std::pair<std::string, Date>>> last;
    std::set<int64_t> other;
  };
  std::vector<DeptFacts> depts;
  int floor = plans::RatioInputs{}.floor_bp, ceiling = 10000;
  for (const auto& d : v.departments) {
    DeptFacts f{d.department_id, d.item_codes, {}, {}, {}, {}};
    ASSIGN_OR_RETURN(f.rules, EffectiveRules(*conn, d.department_id));
    ASSIGN_OR_RETURN(auto items, ItemsOf(*conn, d.department_id, f.items));
    for (const auto& i : items) {
      floor = std::max(floor, i.ratio_min_bp);
      ceiling = std::min(ceiling, i.ratio_max_bp);
    }
    const std::string year = std::to_string(from->year);
    ASSIGN_OR_RETURN(f.counts, store::CountInspections(*conn, d.department_id, year + "-01-01",
                                                       year + "-12-31"));
    int max_interval = 0;
    for (const auto& code : f.items)
      max_interval = std::max(max_interval, registers::MinIntervalDays(f.rules.policy, code));
    if (max_interval > 0) {
      ASSIGN_OR_RETURN(
          auto history,
          store::InspectionsSince(*conn, d.department_id, from->AddDays(-max_interval).ToString()));
      for (const auto& h : history) {
        auto day = Date::Parse(h.inspected_on);
        if (!day) continue;
        for (const auto& code : h.item_codes)
          if (std::find(f.items.begin(), f.items.end(), code) != f.items.end())
            f.last[h.target_id].push_back({code, *day});
      }
    }
    ASSIGN_OR_RETURN(f.other, store::TargetsInOverlappingTasks(*conn, d.department_id, v.row.id,
                                                               v.row.window_from, v.row.window_to));
    depts.push_back(std::move(f));
  }
  // 互认共享: what the other departments of the lead's region (not the task's own) found in the
  // look-back period, the latest inspection per object.
  std::vector<int64_t> task_departments;
  int recognition_days = 0;
  for (const auto& f : depts) {
    task_departments.push_back(f.id);
    recognition_days = std::max(recognition_days, f.rules.policy.mutual_recognition_days);
  }
  p.recognized.rule_days = lead_rules.policy.mutual_recognition_days;
  p.recognized.look_back_days =
      recognition_days > 0 ? recognition_days : kMutualRecognitionLookbackDays;
  std::map<int64_t, store::RecognizedInspectionRow> recognized;
  {
    ASSIGN_OR_RETURN(auto others,
                     OtherDepartmentsOfRegion(org_, v.row.department_id, task_departments));
    store::RecognizedInspectionQuery rq;
    rq.department_ids = std::move(others);
    rq.since = from->AddDays(-p.recognized.look_back_days).ToString();
    ASSIGN_OR_RETURN(auto rows, store::ListRecognizedInspections(*conn, rq));
    for (auto& r : rows) recognized[r.target_id] = std::move(r);  // oldest first: latest wins
  }
  ASSIGN_OR_RETURN(auto org_snap, org_.Snapshot());
  p.floor_bp = floor;
  p.ceiling_bp = std::max(floor, ceiling);
  RETURN_IF_ERROR(plans::CheckOverrideAgainstFloor(v.row.ratio_bp, floor));
  ASSIGN_OR_RETURN(auto filter, registers::TargetFilterFromJson(v.row.target_filter));
  ASSIGN_OR_RETURN(p.filter_description, registers_.targets().Describe(filter));
  ASSIGN_OR_RETURN(auto query, registers_.targets().PrepareQuery(filter, *from));
  // The rules are per department, not per target: built once, outside the scan.
  std::vector<plans::ExclusionRules> dept_rules;
  dept_rules.reserve(depts.size());
  for (const auto& f : depts) {
    plans::ExclusionRules rules;
    rules.yearly_cap = f.rules.policy.per_target_yearly_cap;
    rules.window_from = *from;
    rules.mutual_recognition_days = f.rules.policy.mutual_recognition_days;
    const auto* policy = &f.rules.policy;
    rules.min_interval_days = [policy](const std::string& code) {
      return registers::MinIntervalDays(*policy, code);
    };
    dept_rules.push_back(std::move(rules));
  }
  // One id range of the scan into its part. Reads only what is shared and not written while
  // the scan runs (the facts above), so ranges can run on several threads at once.
  auto scan_range = [&](store::Connection& c, const store::TargetQuery& q, PoolScanPart& part) {
    plans::ExclusionFacts facts;
    plans::TierFacts tier;
    part.pool_ids.reserve(static_cast<size_t>(part.range_ids));
    if (with_pool) part.pool.reserve(static_cast<size_t>(part.range_ids));
    // Only the columns the exclusions and tiers read, filtered in SQL (ScanPoolTargets).
    return store::ScanPoolTargets(c, q, [&](const store::StoredTarget& st) {
      ++part.matched;
      const registers::Target& t = st.target;
      std::optional<Date> other_day;
      RecognizedInspectionLine* line = nullptr;
      if (auto r = recognized.find(st.id); r != recognized.end()) {
        other_day = Date::Parse(r->second.completed_on);
        ++part.recognized;
        if ((line = part.lines.Offer(st.id))) {
          RecognizedInspectionLine& l = *line;
          l.target_id = st.id;
          l.key = t.NaturalKey();  // named after the scan
          l.department_id = r->second.department_id;
          if (const auto* d = org_snap->FindDepartment(l.department_id)) l.department = d->name;
          l.completed_on = other_day.value_or(Date{});
          l.result = r->second.result;
          l.source = r->second.source;
          l.publication_no = r->second.publication_no;
        }
      }
      for (size_t d = 0; d < depts.size(); ++d) {
        const DeptFacts& f = depts[d];
        facts.reg_status = registers::ParseRegistrationStatus(t.reg_status);
        facts.surviving = t.surviving;
        auto c = f.counts.find(st.id);
        facts.inspections_this_year = c == f.counts.end() ? 0 : c->second;
        facts.last_inspection_by_item.clear();
        auto l = f.last.find(st.id);
        if (l != f.last.end()) facts.last_inspection_by_item = l->second;
        facts.in_other_task = f.other.contains(st.id);
        facts.last_by_other_department = other_day;
        if (auto e = plans::ExclusionFor(facts, dept_rules[d])) {
          ++part.excluded[*e];
          if (std::string* key =
                  part.samples.try_emplace(*e, kExclusionSamples).first->second.Offer(st.id))
            *key = t.NaturalKey();
          if (line && *e == plans::Exclusion::kMutualRecognition) line->excluded = true;
          return true;
        }
      }
      tier.tags = t.tags;
      tier.complaints = t.complaints;
      tier.cases = t.cases;
      tier.risk_class = t.risk_class;
      tier.directories.clear();
      for (const auto& d : t.directories)
        if (d.CoversDate(*from)) tier.directories.push_back(d.name);
      const std::string_view stratum = plans::StratumFor(tier, lead_rules.policy.tiers);
      auto size = part.sizes.find(stratum);
      if (size == part.sizes.end()) size = part.sizes.emplace(std::string(stratum), 0).first;
      ++size->second;
      if (with_pool) {
        // The code read in place when it is the key (no std::string made per candidate).
        part.pool.Add(stratum,
                      t.WithNaturalKey([](std::string_view key) { return draw::PoolId(key); }));
      }
      part.pool_ids.push_back(st.id);
      return true;
    });
  };
  ASSIGN_OR_RETURN(auto scan_conn, db_.Acquire());
  ASSIGN_OR_RETURN(std::vector<PoolScanPart> parts,
                   ScanInRanges(db_, *scan_conn, query, scan_range, [&](size_t n, size_t room) {
                     return std::make_unique<PoolMerger>(p.pool, p.pool_ids, n, room, with_pool);
                   }));
  // The parts in id order: what one scan of the directory would have found.
  std::map<plans::Exclusion, ExclusionPreview> excluded;
  std::map<plans::Exclusion, std::vector<int64_t>> sample_ids;
  std::map<std::string, int64_t> sizes;
  if (parts.size() == 1) {
    // One range (a small directory): its pool is the pool, not copied.
    p.pool_ids = std::move(parts[0].pool_ids);
    p.pool = std::move(parts[0].pool);
  }
  // Room was reserved for every id of the directory (range_ids, or PoolMerger's room); a pool
  // that filled less than half of it is copied into its own size (a small copy), so that the
  // commit and the draw kept for the reveal do not hold address space never used.
  if (p.pool_ids.size() < p.pool_ids.capacity() / 2) p.pool_ids.shrink_to_fit();
  if (p.pool.size() < p.pool.capacity() / 2) p.pool.shrink_to_fit();
  for (auto& part : parts) {
    p.matched += part.matched;
    p.recognized.count += part.recognized;
    for (auto& [id, l] : std::move(part.lines).Take())
      if (p.recognized.lines.size() < kRecognizedLines) p.recognized.lines.push_back(std::move(l));
    for (const auto& [reason, count] : part.excluded) {
      auto& slot = excluded[reason];
      slot.reason = reason;
      slot.count += count;
    }
    for (auto& [reason, kept] : part.samples) {
      auto& slot = excluded[reason];
      auto& ids = sample_ids[reason];
      for (auto& [id, key] : std::move(kept).Take()) {
        if (slot.samples.size() == kExclusionSamples) break;
        slot.samples.push_back({std::move(key), std::string()});
        ids.push_back(id);
      }
    }
    for (const auto& [name, size] : part.sizes) sizes[name] += size;
  }
  // The scan reads no names (1M of them were ~5 % of its CPU on PostgreSQL); the few hundred
  // targets the preview shows are named now.
  {
    std::vector<int64_t> shown;
    for (const auto& [reason, ids] : sample_ids) shown.insert(shown.end(), ids.begin(), ids.end());
    for (const auto& l : p.recognized.lines) shown.push_back(l.target_id);
    std::sort(shown.begin(), shown.end());
    shown.erase(std::unique(shown.begin(), shown.end()), shown.end());
    std::vector<store::TargetPlace> places;
    if (!shown.empty()) {
      ASSIGN_OR_RETURN(places, store::ListTargetPlaces(*scan_conn, shown));
    }
    auto name_of = [&](int64_t id) {
      const auto at = std::lower_bound(shown.begin(), shown.end(), id);
      return places[static_cast<size_t>(at - shown.begin())].name;
    };
    for (auto& [reason, ids] : sample_ids)
      for (size_t i = 0; i < ids.size(); ++i) excluded[reason].samples[i].second = name_of(ids[i]);
    for (auto& l : p.recognized.lines) l.name = name_of(l.target_id);
  }
  for (plans::Exclusion e : plans::kAllExclusions)
    p.exclusions.push_back(excluded.contains(e) ? excluded[e] : ExclusionPreview{e, 0, {}});
  plans::RatioInputs inputs{&lead_rules.policy, v.row.ratio_bp, p.floor_bp, p.ceiling_bp};
  for (const auto& [name, size] : sizes) {
    const int ratio = plans::StratumRatio(name, RiskClassOfStratum(name), inputs);
    p.strata.push_back(
        {name, size, ratio, plans::TakesAll(name) ? size : plans::Quota(size, ratio)});
  }
  RETURN_IF_ERROR(EstimateStaffing(*conn, v, p));
  return p;
}

StatusOr<TaskPreview> TaskService::Preview(const Principal& who, int64_t task_id) {
  ASSIGN_OR_RETURN(TaskView v, Get(who, task_id));
  return BuildPreview(v, /*with_pool=*/false);
}

StatusOr<TaskView> TaskService::CommitTargets(const Principal& who, int64_t task_id,
                                              const std::vector<std::string>& sources) {
  ASSIGN_OR_RETURN(TaskView v, Get(who, task_id));
  ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(v.row.department_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kPlanWrite, loc));
  if (v.row.status != plans::TaskStatus::kDraft)
    return FailedPrecondition("TASK_ALREADY_COMMITTED",
                              "该任务的检查对象抽取已经承诺（" +
                                  std::string(plans::TaskStatusDisplayName(v.row.status)) +
                                  "），不能重新抽取");
  // The draw kept from an earlier commit for its reveal is let go before this pool is read:
  // a process holds one large pool at a time (ADR 0019).
  draws_.DropPrepared();
  ASSIGN_OR_RETURN(TaskPreview preview, BuildPreview(v, /*with_pool=*/true));
  if (preview.pool.empty())
    return FailedPrecondition("TASK_POOL_EMPTY",
                              "按当前条件没有可抽取的检查对象（符合条件 " +
                                  std::to_string(preview.matched) + " 个，排除 " +
                                  std::to_string(preview.excluded()) + " 个），不能抽取");
  for (const auto& e : preview.staffing) {
    if (e.sufficient()) continue;
    const std::string people = e.role == plans::AssigneeKind::kExpert ? "专家" : "执法检查人员";
    const std::string most = e.exact ? "在每人每个任务最多 " + std::to_string(e.cap) +
                                           " 组的上限内，按各对象的管辖和回避最多能承担 "
                                     : "每人每个任务最多 " + std::to_string(e.cap) + " 组，最多 ";
    return FailedPrecondition(
        "TASK_UNSTAFFABLE",
        e.department + "：将抽取 " + std::to_string(preview.quota()) + " 个检查对象，每个需" +
            people + " " + std::to_string(e.per_task) + " 人，共 " + std::to_string(e.needed) +
            " 人次；本部门符合条件的" + people + "只有 " + std::to_string(e.people) + " 人，" +
            most + std::to_string(e.capacity()) + " 人次（约 " + std::to_string(e.max_targets()) +
            " 个检查对象）。未进行抽取。请降低抽取比例、缩小抽取范围，或按检查时间分批建立任务"
            "（每个任务不超过 " +
            std::to_string(e.max_targets()) + " 个检查对象）。");
  }
  TargetDrawRequest request;
  request.title = v.row.title + "（检查对象）";
  request.department_id = v.row.department_id;
  if (auto from = Date::Parse(v.row.window_from)) request.year = from->year;
  request.source_names = sources;
  request.confidential = v.row.confidential;
  for (const auto& s : preview.strata)
    request.strata.push_back({s.name, static_cast<uint32_t>(s.quota), false});
  // The commit records counts, not samples (samples change); computed before the pool moves.
  Json summary = TaskPreviewToJson(preview);
  for (auto& e : summary["exclusions"]) e.erase("samples");
  summary["mutual_recognition"].erase("items");
  request.pool = std::move(preview.pool);
  request.target_ids = std::move(preview.pool_ids);  // kept with the pool: what the reveal locks
  int64_t draw_id = 0;
  Status s =
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(auto row, store::FindTask(c, task_id));
        if (!row || row->status != plans::TaskStatus::kDraft)
          return FailedPrecondition("TASK_ALREADY_COMMITTED",
                                    "该任务的检查对象抽取已经承诺，不能重新抽取");
        ASSIGN_OR_RETURN(draw_id, draws_.CommitTargetsIn(c, who, request));
        store::TaskRow next = *row;
        next.status = plans::TaskStatus::kTargetsCommitted;
        next.target_draw_id = draw_id;
        next.preview = summary;  // also recorded in the audit entry below
        RETURN_IF_ERROR(store::UpdateTask(c, next, plans::TaskStatus::kDraft));
        ASSIGN_OR_RETURN(auto draw, store::FindDrawById(c, draw_id));
        return RecordAudit(c, clock_, who, "task.commit_targets", "task", row->task_no,
                           {{"id", task_id},
                            {"draw_no", draw->draw_no},
                            {"plan_hash", draw->plan_hash},
                            {"preview", summary}})
            .status();
      });
  RETURN_IF_ERROR(s);
  draws_.KeepPrepared(draw_id, request);
  return GetSummary(who, task_id);
}

}  // namespace suiji::service
