// Oversight statistics on a small district with known counts (issue 14, acceptance 1), on SQLite
// and PostgreSQL, under a fake clock: the demo registers, six enterprises of our own, two tasks
// of 金水区市场监督管理局 drawn with witnesses, and records in every state — published on time,
// published late, approved but overdue, never entered, a draft, submitted and overdue. Every
// figure of GET /api/v1/stats/overview's service is asserted exactly, including the departments
// with no task at all and the inspectors' participation and frequency (seed 003); a department's
// planner sees only their department.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "core/entropy.h"
#include "core/ids.h"
#include "core/plans/plan.h"
#include "core/registers/target.h"
#include "core/time.h"
#include "service/demo.h"
#include "service/platform.h"
#include "service/stats/stats_report.h"
#include "store/registers/people_store.h"
#include "store/registers/target_store.h"
#include "support/demo_targets.h"
#include "support/test_db.h"
#include "tabular/reader.h"

namespace suiji::testing {
namespace {

using service::DepartmentStats;
using service::StatsOverview;
using service::StatsPeriod;

constexpr int64_t kMarketDept = 1;  // 金水区市场监督管理局
constexpr int64_t kCommerceDept = 2;

Timestamp At(Date d) { return ChinaMidnight(d) + std::chrono::hours(10); }

class StatsTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    tdb_ = TestDatabase::Create(GetParam());
    ASSERT_NE(tdb_, nullptr);
    keys_dir_ = std::filesystem::temp_directory_path() /
                ("suiji_stats_" + std::to_string(getpid()) + "_" + DialectParamName(GetParam()));
    service::PlatformOptions options;
    options.key_file = (keys_dir_ / "keys" / "platform.ed25519").string();
    options.secrets_key_file = (keys_dir_ / "keys" / "secrets.key").string();
    options.pii_key_file = (keys_dir_ / "keys" / "pii.key").string();
    options.evidence_dir = (keys_dir_ / "evidence").string();
    auto platform = service::Platform::Create(tdb_->Reopen(), clock_, entropy_, options);
    ASSERT_TRUE(platform.ok()) << platform.status().ToString();
    p_ = std::move(*platform);
    // The demo registers are dated up to late September 2026; the story starts in March.
    clock_.Set(At(Date{2026, 9, 28}));
    auto demo = service::LoadDemoData(*p_);
    ASSERT_TRUE(demo.ok()) << demo.status().ToString();
    clock_.Set(At(Date{2026, 3, 2}));
    InsertTargets();
  }
  void TearDown() override {
    p_.reset();
    std::filesystem::remove_all(keys_dir_);
  }

  // Six 重点 enterprises of 花园路 (always drawn by a task over their keys), risk A B B C C D.
  void InsertTargets() {
    auto conn = tdb_->db().Acquire();
    ASSERT_TRUE(conn.ok());
    const char* risk[] = {"A", "B", "B", "C", "C", "D"};
    for (int i = 0; i < 6; ++i) {
      registers::Target t = DemoEnterprise({"TJFX", "统计测试", "钱统计", "农业路", 20}, i);
      t.risk_class = risk[i];
      t.tags = {"重点监管"};
      auto id = store::InsertTarget(**conn, t, "2026-01-01T00:00:00.000+08:00");
      ASSERT_TRUE(id.ok()) << id.status().ToString();
      keys_.push_back(t.uscc);
      ids_.push_back(*id);
    }
  }

  // A 2026 annual plan of the market (one batch over the 重点 enterprises), taken as far as
  // published (or left a draft).
  void Plan(const std::string& title, bool publish) {
    plans::PlanContent c;
    c.title = title;
    c.year = 2026;
    plans::Batch b;
    b.seq = 1;
    b.name = "第二季度";
    b.window_from = Date{2026, 4, 1};
    b.window_to = Date{2026, 6, 30};
    b.item_codes = {"SCJG-GS-01"};
    b.filter.tags = {"重点监管"};
    c.batches = {b};
    auto plan = p_->plans().Create(sys_, kMarketDept, c);
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    if (!publish) return;
    const int64_t id = plan->row.id;
    ASSERT_TRUE(p_->plans().Submit(sys_, id).ok());
    ASSERT_TRUE(p_->plans().Approve(sys_, id, "同意").ok());
    auto published = p_->plans().Publish(sys_, id);
    ASSERT_TRUE(published.ok()) << published.status().ToString();
  }

  // An ad hoc 100% task over `keys` with both annual-report items, drawn with witnesses.
  service::TaskView DrawTask(const std::string& title, Date from,
                             const std::vector<std::string>& keys, int round) {
    service::NewTask t;
    t.title = title;
    t.department_id = kMarketDept;
    t.task_type = "定向";
    t.window_from = from;
    t.window_to = Date{2026, 6, 30};
    t.item_codes = {"SCJG-GS-01", "SCJG-GS-02"};
    t.filter.keys = keys;
    t.ratio_bp = 10000;
    auto v = p_->tasks().CreateAdhoc(sys_, t);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    const int64_t id = v->row.id;
    v = p_->tasks().CommitTargets(sys_, id, {"现场见证人掷骰"});
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    EXPECT_TRUE(p_->draws().AddWitness(sys_, *v->target_draw_no, "陈志远", "金水区人大代表").ok());
    v = p_->ceremony().RevealTargets(sys_, id, {std::to_string(300 + round)});
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    v = p_->tasks().CommitInspectors(sys_, id, kMarketDept, {"现场见证人掷骰"});
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    const auto draws = v->inspector_draws;
    for (const auto& d : draws) {
      if (d.status != draw::DrawStatus::kCommitted) continue;
      EXPECT_TRUE(p_->draws().AddWitness(sys_, d.draw_no, "陈志远", "金水区人大代表").ok());
      v = p_->ceremony().RevealAssignments(sys_, id, d.draw_no, {std::to_string(500 + round)});
      EXPECT_TRUE(v.ok()) << v.status().ToString();
    }
    EXPECT_EQ(v->summary.targets, static_cast<int64_t>(keys.size()));
    // The ceremony answers with the task counted; the test reads its teams from the whole view.
    v = p_->tasks().Get(sys_, id);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    EXPECT_EQ(v->targets.size(), keys.size());
    return *v;
  }

  static inspections::RecordEntry Entry(Date visit, bool problem_01, bool problem_02) {
    inspections::RecordEntry e;
    auto item = [&](const char* code, bool problem) {
      return inspections::ItemEntry{code,
                                    {"书面检查"},
                                    visit,
                                    problem ? "未按规定公示" : "",
                                    problem ? "当场责令限期公示" : "",
                                    problem ? "未按规定公示应当公示的信息" : "未发现问题",
                                    problem ? "责令改正并跟踪复查" : "无需后续处置",
                                    false};
    };
    e.items = {item("SCJG-GS-01", problem_01), item("SCJG-GS-02", problem_02)};
    return e;
  }

  // Saves, and then takes the record as far as `stage`: 0 draft, 1 submitted, 2 approved,
  // 3 published. Returns the record id.
  int64_t Record(int64_t task, int64_t target, const inspections::RecordEntry& e, int stage) {
    auto r = p_->inspections().Save(sys_, task, target, kMarketDept, e, 0);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (stage >= 1) {
      r = p_->inspections().Submit(sys_, r->id, r->revision);
      EXPECT_TRUE(r.ok()) << r.status().ToString();
      r = p_->inspections().Confirm(sys_, r->id, r->revision);
      EXPECT_TRUE(r.ok()) << r.status().ToString();
    }
    if (stage >= 2) {
      r = p_->inspections().Approve(sys_, r->id);
      EXPECT_TRUE(r.ok()) << r.status().ToString();
    }
    if (stage >= 3) {
      r = p_->inspections().Publish(sys_, r->id);
      EXPECT_TRUE(r.ok()) << r.status().ToString();
    }
    return r->id;
  }

  StatsOverview Overview(const Principal& who, StatsPeriod period) {
    auto o = p_->stats().Overview(who, period);
    EXPECT_TRUE(o.ok()) << o.status().ToString();
    return o.ok() ? *o : StatsOverview{};
  }
  StatusOr<service::StatsReport> Report(const Principal& who, const service::ReportRequest& r) {
    return service::BuildStatsReport(p_->stats(), p_->org(), p_->registers().items(), clock_, who,
                                     r);
  }
  static const DepartmentStats* Find(const StatsOverview& o, int64_t id) {
    for (const auto& d : o.departments)
      if (d.department_id == id) return &d;
    return nullptr;
  }

  // Certified on `on`: active, certificate not expired (read through the register, not the
  // statistics' SQL).
  std::set<int64_t> Certified(int64_t department_id, Date on) {
    std::set<int64_t> out;
    auto conn = tdb_->db().Acquire();
    EXPECT_TRUE(conn.ok());
    for (int64_t id = 1; id < 1000; ++id) {
      auto found = store::FindInspector(**conn, id);
      if (!found.ok() || !found->has_value()) continue;
      const auto& i = (*found)->inspector;
      if (i.department_id == department_id && registers::IsActive(i) && !(i.cert_expires < on))
        out.insert(id);
    }
    return out;
  }

  // The known district of KnownDistrictFiguresExactly, built up to 15 June 2026 (the clock is
  // left there). Returns the two tasks.
  std::pair<service::TaskView, service::TaskView> BuildKnownDistrict() {
    // Plans of 2026: one published by 31 January (seed 000), one published in February, a draft.
    clock_.Set(At(Date{2026, 1, 20}));
    Plan("2026年度随机抽查计划", true);
    clock_.Set(At(Date{2026, 2, 10}));
    Plan("2026年度重点领域抽查计划", true);
    Plan("2026年度补充抽查计划（草稿）", false);
    clock_.Set(At(Date{2026, 3, 2}));
    // Task A (March): k0 published on time, k1 published late, k2 approved and left unpublished,
    // k3 never entered. Task B (April): k4 a draft, k5 submitted and left in review.
    auto a =
        DrawTask("统计测试任务A", Date{2026, 3, 2}, {keys_[0], keys_[1], keys_[2], keys_[3]}, 1);
    clock_.Set(At(Date{2026, 3, 20}));
    const Date visit_a{2026, 3, 16};
    Record(a.row.id, ids_[0], Entry(visit_a, false, false), 3);
    const int64_t late = Record(a.row.id, ids_[1], Entry(visit_a, false, true), 2);
    Record(a.row.id, ids_[2], Entry(Date{2026, 3, 17}, false, false), 2);
    clock_.Set(At(Date{2026, 4, 1}));
    auto b = DrawTask("统计测试任务B", Date{2026, 4, 1}, {keys_[4], keys_[5]}, 2);
    clock_.Set(At(Date{2026, 4, 10}));
    Record(b.row.id, ids_[4], Entry(Date{2026, 4, 8}, false, false), 0);
    Record(b.row.id, ids_[5], Entry(Date{2026, 4, 8}, true, false), 1);
    // k1's deadline (20 working days after 16 March, past Qingming) has passed on 20 May.
    clock_.Set(At(Date{2026, 5, 20}));
    EXPECT_TRUE(p_->inspections().Publish(sys_, late).ok());
    clock_.Set(At(Date{2026, 6, 15}));
    return {a, b};
  }

  FakeClock clock_{At(Date{2026, 3, 2})};
  FixedEntropy entropy_{7};
  std::unique_ptr<TestDatabase> tdb_;
  std::filesystem::path keys_dir_;
  std::unique_ptr<service::Platform> p_;
  const Principal sys_ = Principal::System("test");
  std::vector<std::string> keys_;
  std::vector<int64_t> ids_;
};

TEST_P(StatsTest, KnownDistrictFiguresExactly) {
  const auto [a, b] = BuildKnownDistrict();
  const Date today{2026, 6, 15};

  const auto o = Overview(sys_, {2026, std::nullopt, std::nullopt});
  EXPECT_EQ(o.from, (Date{2026, 1, 1}));
  EXPECT_EQ(o.to, (Date{2026, 12, 31}));
  EXPECT_EQ(o.today, today);
  // Every department of the demo district is listed, also those with nothing to count.
  auto snap = p_->org().Snapshot();
  ASSERT_TRUE(snap.ok());
  ASSERT_EQ(o.departments.size(), (*snap)->departments.size());
  ASSERT_GE(o.departments.size(), 3u);

  const DepartmentStats* m = Find(o, kMarketDept);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->department_name, "郑州市金水区市场监督管理局");
  EXPECT_EQ(m->tasks, 2);
  EXPECT_EQ(m->joint_tasks, 0);
  EXPECT_EQ(m->joint_share_bp, 0);
  EXPECT_EQ(m->due, 6);
  EXPECT_EQ(m->not_entered, 1);  // k3
  EXPECT_EQ(m->in_progress, 2);  // k4 (draft), k5 (submitted)
  EXPECT_EQ(m->approved, 1);     // k2
  EXPECT_EQ(m->published, 2);    // k0, k1
  EXPECT_EQ(m->entered, 4);      // k0, k1, k2, k5
  EXPECT_EQ(m->published_on_time, 1);
  EXPECT_EQ(m->overdue, 2);  // k2 (completed 17 March), k5 (8 April)
  EXPECT_EQ(m->completion_rate_bp, 6666);
  EXPECT_EQ(m->publication_rate_bp, 3333);
  EXPECT_EQ(m->on_time_rate_bp, 5000);
  // Items: four entered records, one problem each in SCJG-GS-01 (k5) and SCJG-GS-02 (k1).
  ASSERT_EQ(m->problems_by_item.size(), 2u);
  EXPECT_EQ(m->problems_by_item[0].key, "SCJG-GS-01");
  EXPECT_EQ(m->problems_by_item[0].entered, 4);
  EXPECT_EQ(m->problems_by_item[0].problems, 1);
  EXPECT_EQ(m->problems_by_item[0].rate_bp, 2500);
  EXPECT_EQ(m->problems_by_item[1].key, "SCJG-GS-02");
  EXPECT_EQ(m->problems_by_item[1].entered, 4);
  EXPECT_EQ(m->problems_by_item[1].problems, 1);
  EXPECT_EQ(m->problems_by_item[1].rate_bp, 2500);
  // Risk: A k0 (no problem), B k1 (problem) and k2, D k5 (problem); C was never entered. k1's
  // published problem moved it to C (credit linkage, the rules' credit_risk_moves): it still
  // counts under B, the class it was drawn in (task_targets.locked_risk_class).
  ASSERT_EQ(m->problems_by_risk.size(), 3u);
  EXPECT_EQ(m->problems_by_risk[0].key, "A");
  EXPECT_EQ(m->problems_by_risk[0].entered, 1);
  EXPECT_EQ(m->problems_by_risk[0].problems, 0);
  EXPECT_EQ(m->problems_by_risk[0].rate_bp, 0);
  EXPECT_EQ(m->problems_by_risk[1].key, "B");
  EXPECT_EQ(m->problems_by_risk[1].entered, 2);
  EXPECT_EQ(m->problems_by_risk[1].problems, 1);
  EXPECT_EQ(m->problems_by_risk[1].rate_bp, 5000);
  EXPECT_EQ(m->problems_by_risk[2].key, "D");
  EXPECT_EQ(m->problems_by_risk[2].entered, 1);
  EXPECT_EQ(m->problems_by_risk[2].problems, 1);
  EXPECT_EQ(m->problems_by_risk[2].rate_bp, 10000);

  // Participation: the certified inspectors (on 15 June) on the teams of the inspected targets
  // k0, k1, k2 (task A) and k5 (task B); k3 and k4 were not inspected.
  const std::set<int64_t> certified = Certified(kMarketDept, today);
  // The demo's 63 inspectors of the department less the one who left (the certificates it
  // issued run at least to August).
  EXPECT_EQ(certified.size(), 62u);
  std::map<int64_t, int> tasks_of;
  auto took_part = [&](const service::TaskView& v, const std::set<int64_t>& inspected) {
    std::set<int64_t> people;
    for (const auto& x : v.assignments)
      if (inspected.contains(x.target_id) && certified.contains(x.inspector_id))
        people.insert(x.inspector_id);
    for (int64_t i : people) ++tasks_of[i];
  };
  took_part(a, {ids_[0], ids_[1], ids_[2]});
  took_part(b, {ids_[5]});
  ASSERT_GE(tasks_of.size(), 2u);  // two to a team at least
  EXPECT_EQ(m->certified_inspectors, static_cast<int64_t>(certified.size()));
  EXPECT_EQ(m->participating_inspectors, static_cast<int64_t>(tasks_of.size()));
  EXPECT_EQ(m->participation_bp, static_cast<int64_t>(tasks_of.size() * 10000 / certified.size()));
  EXPECT_LT(*m->participation_bp, service::kParticipationGoalBp);
  // Frequency: two tasks, so one task is 50% and none is below 20%: exactly the certified
  // inspectors who took part in neither are named, in id order.
  std::vector<int64_t> expected_below;
  for (int64_t i : certified)
    if (!tasks_of.contains(i)) expected_below.push_back(i);
  std::vector<int64_t> below;
  for (const auto& f : m->below_frequency) {
    below.push_back(f.inspector_id);
    EXPECT_EQ(f.tasks, 0);
    EXPECT_EQ(f.frequency_bp, 0);
    EXPECT_FALSE(f.name.empty());
  }
  EXPECT_EQ(below, expected_below);
  EXPECT_EQ(m->yearly_cap, 2);
  EXPECT_EQ(m->targets_over_cap, 0);
  EXPECT_EQ(m->plans, 3);
  EXPECT_EQ(m->plans_published, 2);
  EXPECT_EQ(m->plans_published_on_time, 1);

  // 商务局: no task — listed with zeros, its inspectors certified and none taking part.
  const DepartmentStats* c = Find(o, kCommerceDept);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->tasks, 0);
  EXPECT_EQ(c->due, 0);
  EXPECT_EQ(c->entered, 0);
  EXPECT_EQ(c->overdue, 0);
  EXPECT_EQ(c->completion_rate_bp, std::nullopt);
  EXPECT_EQ(c->on_time_rate_bp, std::nullopt);
  EXPECT_EQ(c->joint_share_bp, std::nullopt);
  EXPECT_TRUE(c->problems_by_item.empty());
  EXPECT_EQ(c->plans, 0);
  EXPECT_EQ(c->certified_inspectors, static_cast<int64_t>(Certified(kCommerceDept, today).size()));
  EXPECT_GT(c->certified_inspectors, 0);
  EXPECT_EQ(c->participating_inspectors, 0);
  EXPECT_EQ(c->participation_bp, 0);
  EXPECT_TRUE(c->below_frequency.empty());  // no task: no frequency to fall short of

  // The monthly trend: tasks by the start of their window, records by completion, results by
  // their first publication.
  ASSERT_EQ(o.trend.size(), 12u);
  EXPECT_EQ(o.trend[0].month, "2026-01");
  EXPECT_EQ(o.trend[2].month, "2026-03");
  EXPECT_EQ(o.trend[2].tasks, 1);
  EXPECT_EQ(o.trend[3].tasks, 1);
  EXPECT_EQ(o.trend[2].entered, 3);
  EXPECT_EQ(o.trend[3].entered, 1);
  EXPECT_EQ(o.trend[2].published, 1);
  EXPECT_EQ(o.trend[4].published, 1);
  int64_t tasks = 0, entered = 0, published = 0;
  for (const auto& t : o.trend) tasks += t.tasks, entered += t.entered, published += t.published;
  EXPECT_EQ(tasks, 2);
  EXPECT_EQ(entered, 4);
  EXPECT_EQ(published, 2);

  // Halves: everything lies in the first; the second has nothing, with six months of trend.
  const auto h1 = Overview(sys_, {2026, 1, std::nullopt});
  EXPECT_EQ(Find(h1, kMarketDept)->due, 6);
  EXPECT_EQ(Find(h1, kMarketDept)->overdue, 2);
  EXPECT_EQ(h1.trend.size(), 6u);
  const auto h2 = Overview(sys_, {2026, 2, std::nullopt});
  EXPECT_EQ(Find(h2, kMarketDept)->tasks, 0);
  EXPECT_EQ(Find(h2, kMarketDept)->due, 0);
  EXPECT_EQ(Find(h2, kMarketDept)->participating_inspectors, 0);
  ASSERT_EQ(h2.trend.size(), 6u);
  EXPECT_EQ(h2.trend[0].month, "2026-07");
  // Another year has nothing either; another region has no department.
  EXPECT_EQ(Find(Overview(sys_, {2025, std::nullopt, std::nullopt}), kMarketDept)->due, 0);
  EXPECT_TRUE(Overview(sys_, {2026, std::nullopt, "410106"}).departments.empty());
  EXPECT_EQ(Overview(sys_, {2026, std::nullopt, "410105"}).departments.size(),
            o.departments.size());
  // A bad period is refused.
  EXPECT_EQ(p_->stats().Overview(sys_, {2026, 3, std::nullopt}).status().reason(),
            "STATS_PERIOD_INVALID");
}

TEST_P(StatsTest, ADepartmentsPlannerSeesOnlyTheirDepartment) {
  DrawTask("统计测试任务A", Date{2026, 3, 2}, {keys_[0], keys_[1]}, 1);
  Principal commerce_planner;
  commerce_planner.user_id = 9001;
  commerce_planner.username = "planner.sw";
  commerce_planner.grants = {{Role::kPlanner, Scope::Department(kCommerceDept)}};
  const auto o = Overview(commerce_planner, {2026, std::nullopt, std::nullopt});
  ASSERT_EQ(o.departments.size(), 1u);
  EXPECT_EQ(o.departments[0].department_id, kCommerceDept);
  EXPECT_EQ(o.departments[0].due, 0);
  for (const auto& t : o.trend) EXPECT_EQ(t.tasks, 0) << t.month;  // not the market's task
  // The market's planner sees the market's task and nothing of 商务局.
  Principal market_planner = commerce_planner;
  market_planner.grants = {{Role::kPlanner, Scope::Department(kMarketDept)}};
  const auto m = Overview(market_planner, {2026, std::nullopt, std::nullopt});
  ASSERT_EQ(m.departments.size(), 1u);
  EXPECT_EQ(m.departments[0].department_id, kMarketDept);
  EXPECT_EQ(m.departments[0].due, 2);
  // A coordinator of the district sees every department; an inspector none.
  Principal coordinator = commerce_planner;
  coordinator.grants = {{Role::kCoordinator, Scope::Region("410105")}};
  auto snap = p_->org().Snapshot();
  ASSERT_TRUE(snap.ok());
  EXPECT_EQ(Overview(coordinator, {2026, std::nullopt, std::nullopt}).departments.size(),
            (*snap)->departments.size());
  Principal inspector = commerce_planner;
  inspector.grants = {{Role::kInspector, Scope::Department(kMarketDept)}};
  EXPECT_EQ(p_->stats().Overview(inspector, {2026, std::nullopt, std::nullopt}).status().code(),
            StatusCode::kPermissionDenied);
}

// The rows of one sheet of a workbook as src/tabular's reader returns them.
std::vector<std::vector<std::string>> ReadSheet(const std::string& xlsx, const std::string& sheet) {
  std::vector<std::vector<std::string>> rows;
  tabular::ReadOptions o;
  o.sheet = sheet;
  const Status s = tabular::ReadTable(xlsx, tabular::Format::kXlsx, o,
                                      [&](size_t, const std::vector<std::string_view>& cells) {
                                        rows.emplace_back(cells.begin(), cells.end());
                                        return true;
                                      });
  EXPECT_TRUE(s.ok()) << sheet << ": " << s.ToString();
  return rows;
}

// The cell of `row` under the header `name`.
std::string Cell(const std::vector<std::string>& header, const std::vector<std::string>& row,
                 const std::string& name) {
  const auto it = std::find(header.begin(), header.end(), name);
  EXPECT_NE(it, header.end()) << name;
  const auto i = static_cast<size_t>(it - header.begin());
  return it == header.end() || i >= row.size() ? "" : row[i];
}

TEST_P(StatsTest, HalfYearReportReadsBackWithEveryDepartmentAndTheTotals) {
  BuildKnownDistrict();
  auto snap = p_->org().Snapshot();
  ASSERT_TRUE(snap.ok());
  // No half given on 15 June: the first half, the 统计表 due by the end of June (seed 001).
  auto report = Report(sys_, {service::ReportKind::kHalfYear, 2026, std::nullopt, std::nullopt});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->half, 1);
  EXPECT_EQ(service::StatsReportFileName(*report), "2026年上半年双随机一公开监管工作统计表");
  auto xlsx = service::StatsReportXlsx(*report);
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().ToString();
  auto sheets = tabular::ListSheets(*xlsx);
  ASSERT_TRUE(sheets.ok());
  EXPECT_EQ(*sheets, (std::vector<std::string>{"封面", "统计表"}));

  // The cover: region, period, issuing body, date and when it is due.
  std::map<std::string, std::string> cover;
  for (const auto& row : ReadSheet(*xlsx, "封面"))
    if (row.size() >= 2) cover[row[0]] = row[1];
  EXPECT_EQ(cover["报表名称"], "2026年上半年“双随机、一公开”监管工作统计表");
  EXPECT_EQ(cover["行政区划"], "河南省郑州市金水区");
  EXPECT_EQ(cover["统计期间"], "2026-01-01 至 2026-06-30");
  EXPECT_EQ(cover["填报单位"], "河南省郑州市金水区“双随机、一公开”监管工作联席会议办公室");
  EXPECT_EQ(cover["填报日期"], "2026年6月15日");
  EXPECT_EQ(cover["报送时限"], "2026年6月30日前");
  EXPECT_EQ(cover["应检查对象数"], "6");
  EXPECT_EQ(cover["检查结果录入率（目标 100%）"], "66.66%（未达到目标 100.00%）");

  // The table: title, subtitle, header, one row per department (also with zero), 合计.
  const auto rows = ReadSheet(*xlsx, "统计表");
  const size_t departments = (*snap)->departments.size();
  ASSERT_EQ(rows.size(), 3 + departments + 1);
  EXPECT_EQ(rows[0][0], "2026年上半年“双随机、一公开”监管工作统计表");
  EXPECT_NE(rows[1][0].find("统计期间：2026-01-01 至 2026-06-30"), std::string::npos) << rows[1][0];
  const auto& header = rows[2];
  for (const char* column :
       {"部门", "抽查事项数", "计划数", "任务数", "抽查对象数（应检查数）", "已录入", "已公示",
        "公示率", "按时公示率", "发现问题数", "问题发现率", "执法人员参与率", "联合抽查占比"})
    EXPECT_NE(std::find(header.begin(), header.end(), column), header.end()) << column;
  std::map<std::string, std::vector<std::string>> by_name;
  for (size_t i = 3; i < 3 + departments; ++i) {
    EXPECT_EQ(rows[i][0], std::to_string(i - 2));
    by_name[rows[i][1]] = rows[i];
  }
  for (const auto& d : (*snap)->departments) EXPECT_TRUE(by_name.contains(d.name)) << d.name;

  // The market: the figures of KnownDistrictFiguresExactly's first half.
  const auto& m = by_name["郑州市金水区市场监督管理局"];
  // Its 一单: the published, active items (read through the register, not the report).
  service::ItemSearch search;
  search.department_ids = {kMarketDept};
  search.active = true;
  search.published = true;
  auto items = p_->registers().items().List(sys_, search);
  ASSERT_TRUE(items.ok());
  ASSERT_GT(items->second, 0);
  EXPECT_EQ(Cell(header, m, "抽查事项数"), std::to_string(items->second));
  EXPECT_EQ(Cell(header, m, "已抽查事项数"), "2");
  EXPECT_EQ(Cell(header, m, "计划数"), "3");
  EXPECT_EQ(Cell(header, m, "任务数"), "2");
  EXPECT_EQ(Cell(header, m, "联合抽查占比"), "0.00%");
  EXPECT_EQ(Cell(header, m, "抽查对象数（应检查数）"), "6");
  EXPECT_EQ(Cell(header, m, "已录入"), "4");
  EXPECT_EQ(Cell(header, m, "未录入"), "1");
  EXPECT_EQ(Cell(header, m, "录入率"), "66.66%");
  EXPECT_EQ(Cell(header, m, "已公示"), "2");
  EXPECT_EQ(Cell(header, m, "公示率"), "33.33%");
  EXPECT_EQ(Cell(header, m, "按时公示率"), "50.00%");
  EXPECT_EQ(Cell(header, m, "逾期未公示"), "2");
  EXPECT_EQ(Cell(header, m, "发现问题数"), "2");  // k1, k5
  EXPECT_EQ(Cell(header, m, "问题发现率"), "50.00%");
  const auto o = Overview(sys_, {2026, 1, std::nullopt});
  const DepartmentStats* market = Find(o, kMarketDept);
  ASSERT_NE(market, nullptr);
  EXPECT_EQ(Cell(header, m, "持证执法人员数"), std::to_string(market->certified_inspectors));
  EXPECT_EQ(Cell(header, m, "参加检查人员数"), std::to_string(market->participating_inspectors));
  // 商务局 had no task: listed with zeros, rates with nothing to divide shown as —.
  const auto& c = by_name["郑州市金水区商务局"];
  EXPECT_EQ(Cell(header, c, "任务数"), "0");
  EXPECT_EQ(Cell(header, c, "抽查对象数（应检查数）"), "0");
  EXPECT_EQ(Cell(header, c, "录入率"), "—");
  EXPECT_EQ(Cell(header, c, "执法人员参与率"), "0.00%");

  // 合计: every count column is the sum of the department rows; its rates are those of the sums.
  const auto& total = rows.back();
  EXPECT_EQ(total[1], "合计");
  for (size_t col = 2; col < header.size(); ++col) {
    if (header[col].find("率") != std::string::npos ||
        header[col].find("占比") != std::string::npos)
      continue;
    int64_t sum = 0;
    for (size_t i = 3; i < 3 + departments; ++i) sum += std::stoll(rows[i][col]);
    EXPECT_EQ(total[col], std::to_string(sum)) << header[col];
  }
  EXPECT_EQ(Cell(header, total, "任务数"), "2");
  EXPECT_EQ(Cell(header, total, "抽查对象数（应检查数）"), "6");
  EXPECT_EQ(Cell(header, total, "录入率"), "66.66%");
  EXPECT_EQ(Cell(header, total, "问题发现率"), "50.00%");
  int64_t certified = 0, participating = 0;
  for (const auto& d : o.departments)
    certified += d.certified_inspectors, participating += d.participating_inspectors;
  EXPECT_EQ(Cell(header, total, "执法人员参与率"),
            std::to_string(participating * 10000 / certified / 100) + "." +
                (participating * 10000 / certified % 100 < 10 ? "0" : "") +
                std::to_string(participating * 10000 / certified % 100) + "%");

  // The second half has the same departments, all with nothing to count.
  auto second = Report(sys_, {service::ReportKind::kHalfYear, 2026, 2, std::nullopt});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->departments.size(), departments);
  EXPECT_EQ(second->total.due, 0);
  EXPECT_EQ(second->due_by, (Date{2026, 12, 31}));
}

TEST_P(StatsTest, AnnualSummaryHasItemAndRiskClassSheets) {
  BuildKnownDistrict();
  auto report = Report(sys_, {service::ReportKind::kAnnual, 2026, std::nullopt, "410105"});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->due_by, (Date{2026, 12, 5}));  // seed 004
  EXPECT_EQ(service::StatsReportFileName(*report), "2026年度双随机一公开监管工作总结");
  auto xlsx = service::StatsReportXlsx(*report);
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().ToString();
  auto sheets = tabular::ListSheets(*xlsx);
  ASSERT_TRUE(sheets.ok());
  EXPECT_EQ(*sheets, (std::vector<std::string>{"封面", "统计表", "按抽查事项", "按风险等级"}));
  const auto table = ReadSheet(*xlsx, "统计表");
  EXPECT_EQ(table[0][0], "2026年度“双随机、一公开”监管工作总结统计表");
  EXPECT_NE(table[1][0].find("2026-01-01 至 2026-12-31"), std::string::npos);

  // Per item: the market's two items, four entered results each, one problem each.
  const auto items = ReadSheet(*xlsx, "按抽查事项");
  ASSERT_EQ(items.size(), 3u + 2 + 1);
  EXPECT_EQ(items[2], (std::vector<std::string>{"部门", "事项编码", "抽查事项", "已录入",
                                                "发现问题数", "问题发现率"}));
  EXPECT_EQ(items[3][0], "郑州市金水区市场监督管理局");
  EXPECT_EQ(items[3][1], "SCJG-GS-01");
  EXPECT_FALSE(items[3][2].empty());
  EXPECT_EQ((std::vector<std::string>(items[3].begin() + 3, items[3].end())),
            (std::vector<std::string>{"4", "1", "25.00%"}));
  EXPECT_EQ(items[4][1], "SCJG-GS-02");
  EXPECT_EQ(items[5], (std::vector<std::string>{"合计", "", "", "8", "2", "25.00%"}));

  // Per risk class (the class drawn in): every class, also C with nothing entered.
  const auto risk = ReadSheet(*xlsx, "按风险等级");
  ASSERT_EQ(risk.size(), 3u + 4 + 1);
  EXPECT_EQ(risk[3], (std::vector<std::string>{"A", "信用风险低", "1", "0", "0.00%"}));
  EXPECT_EQ(risk[4], (std::vector<std::string>{"B", "信用风险一般", "2", "1", "50.00%"}));
  EXPECT_EQ(risk[5], (std::vector<std::string>{"C", "信用风险较高", "0", "0", "—"}));
  EXPECT_EQ(risk[6], (std::vector<std::string>{"D", "信用风险高", "1", "1", "100.00%"}));
  EXPECT_EQ(risk[7], (std::vector<std::string>{"合计", "", "4", "2", "50.00%"}));
}

TEST_P(StatsTest, ReportRefusesABadRequestClearly) {
  using service::ReportKind;
  auto reason = [&](const service::ReportRequest& r) {
    return std::string(Report(sys_, r).status().reason());
  };
  EXPECT_EQ(reason({ReportKind::kHalfYear, 1999, 1, std::nullopt}), "REPORT_YEAR_INVALID");
  EXPECT_EQ(reason({ReportKind::kHalfYear, 2026, 3, std::nullopt}), "REPORT_HALF_INVALID");
  EXPECT_EQ(reason({ReportKind::kAnnual, 2026, 1, std::nullopt}), "REPORT_HALF_NOT_ALLOWED");
  const auto unknown = Report(sys_, {ReportKind::kAnnual, 2026, std::nullopt, "999999"});
  EXPECT_EQ(unknown.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(unknown.status().reason(), "REGION_NOT_FOUND");
  EXPECT_NE(unknown.status().message().find("999999"), std::string::npos);
  EXPECT_EQ(service::ParseReportKind("quarterly").status().reason(), "REPORT_KIND_INVALID");
  // An inspector reads no statistics, so no report either.
  Principal inspector;
  inspector.user_id = 9002;
  inspector.username = "inspector.x";
  inspector.grants = {{Role::kInspector, Scope::Department(kMarketDept)}};
  EXPECT_EQ(
      Report(inspector, {ReportKind::kAnnual, 2026, std::nullopt, std::nullopt}).status().code(),
      StatusCode::kPermissionDenied);
}

INSTANTIATE_TEST_SUITE_P(Db, StatsTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::testing
