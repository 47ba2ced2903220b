// The draw ceremony at real size (issue 12, acceptance 1 and 2), through the real server on
// SQLite and PostgreSQL: a target draw whose teams the department could never staff is refused
// before its commitment (a smaller task goes through); an inspector draw whose caps cannot
// cover the open places is refused; supplementary rounds are one draw per commit and never
// take anyone past the per-person cap of the task, counting what earlier rounds assigned.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/ids.h"
#include "core/registers/people.h"
#include "core/registers/target.h"
#include "store/registers/people_store.h"
#include "store/registers/target_store.h"
#include "support/api_client.h"
#include "support/process.h"
#include "support/task_pages.h"
#include "support/test_db.h"

namespace suiji::testing {
namespace {

using Json = nlohmann::json;

constexpr int64_t kMarketDept = 1;      // 金水区市场监督管理局
constexpr int64_t kHuayuanUnit = 7;     // 花园路市场监管所 (410105002)
constexpr char kItem[] = "SCJG-GS-01";  // no qualification needed
constexpr char kStamp[] = "2026-01-01T00:00:00.000Z";

class StaffingE2eTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    tdb_ = TestDatabase::Create(GetParam());
    ASSERT_NE(tdb_, nullptr);
    auto demo =
        RunCommand({SuijiBinary(), "demo", "--db", tdb_->url()}, "", std::chrono::seconds(240));
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    server_ = std::make_unique<ServerProcess>(tdb_->url());
    ASSERT_TRUE(server_->Start()) << server_->Log();
    planner_ = std::make_unique<ApiClient>(server_->port());
    approver_ = std::make_unique<ApiClient>(server_->port());
    ASSERT_TRUE(planner_->Login("planner"));
    ASSERT_TRUE(approver_->Login("approver"));
  }
  void TearDown() override {
    if (server_) {
      EXPECT_EQ(server_->Stop(), 0) << server_->Log();
    }
  }

  // `count` enterprises of 花园路 (or `region`) tagged `tag` (and 重点监管, so that every one is
  // drawn).
  std::vector<int64_t> InsertTargets(const std::string& tag, int count, int first,
                                     const std::string& region = "410105002") {
    std::vector<int64_t> ids;
    auto conn = tdb_->db().Acquire();
    EXPECT_TRUE(conn.ok());
    for (int i = first; i < first + count; ++i) {
      registers::Target t;
      char body[16];
      std::snprintf(body, sizeof body, "PYT%05d", i);
      auto uscc = MakeUscc("91", "410105", body);
      EXPECT_TRUE(uscc.ok()) << uscc.status().ToString();
      t.uscc = *uscc;
      t.name = "郑州配员测试" + std::to_string(i) + "号有限公司";
      t.type = "企业";
      t.legal_rep = "王测试";
      t.address = "郑州市金水区花园路" + std::to_string(300 + i) + "号";
      t.region_code = region;
      t.unit_id = kHuayuanUnit;
      t.industry_code = "51";
      t.tags = {tag, "重点监管"};
      t.risk_class = "A";
      auto id = store::InsertTarget(**conn, t, kStamp);
      EXPECT_TRUE(id.ok()) << id.status().ToString();
      ids.push_back(*id);
    }
    return ids;
  }

  // A new published version of the market department's rules with these team sizes and caps.
  void PublishRules(int per_task, int cap) {
    Json rules = planner_->Get("/api/v1/departments/1/rules").body;
    Json body = rules["rules"];
    body["policy"]["inspectors_per_task"] = per_task;
    body["policy"]["per_inspector_task_cap"] = cap;
    auto saved = planner_->Put("/api/v1/departments/1/rules", body);
    ASSERT_EQ(saved.status, 200) << saved.raw;
    const int version = saved.body["version"];
    auto published = approver_->Post("/api/v1/departments/1/rules/versions/" +
                                     std::to_string(version) + "/publish");
    ASSERT_EQ(published.status, 200) << published.raw;
  }

  // A published plan with one batch over targets tagged `tag`; returns the batch's task path.
  std::string CreateTask(const std::string& tag) {
    auto plan = planner_->Post(
        "/api/v1/plans", {{"department_id", kMarketDept},
                          {"content",
                           {{"title", "2026年度配员测试抽查计划（" + tag + "）"},
                            {"kind", "年度"},
                            {"year", 2026},
                            {"batches", Json::array({{{"seq", 1},
                                                      {"name", "第四季度"},
                                                      {"window_from", "2026-12-07"},
                                                      {"window_to", "2026-12-31"},
                                                      {"items", Json::array({kItem})},
                                                      {"filter", {{"tags", Json::array({tag})}}},
                                                      {"task_type", "不定向"},
                                                      {"ratio", nullptr}}})}}}});
    EXPECT_EQ(plan.status, 201) << plan.raw;
    const std::string plan_path = "/api/v1/plans/" + std::to_string(plan.body["id"].get<int64_t>());
    EXPECT_EQ(planner_->Post(plan_path + "/submit").status, 200);
    EXPECT_EQ(approver_->Post(plan_path + "/approve", {{"note", "同意"}}).status, 200);
    EXPECT_EQ(planner_->Post(plan_path + "/publish").status, 200);
    auto task = planner_->Post(plan_path + "/batches/1/tasks");
    EXPECT_EQ(task.status, 201) << task.raw;
    return "/api/v1/tasks/" + std::to_string(task.body["id"].get<int64_t>());
  }

  Json LockTargets(const std::string& task_path) {
    auto committed = planner_->Post(task_path + "/commit", {{"sources", {"现场见证人掷骰"}}});
    EXPECT_EQ(committed.status, 200) << committed.raw;
    const std::string draw_no = committed.body["target_draw_no"];
    Witness(draw_no);
    auto locked = planner_->Post(task_path + "/reveal", {{"values", {"4 2"}}});
    EXPECT_EQ(locked.status, 200) << locked.raw;
    return locked.body;
  }

  void Witness(const std::string& draw_no) {
    auto w = planner_->Post("/api/v1/draws/" + draw_no + "/witnesses",
                            {{"name", "陈志远"}, {"organisation", "区人大代表"}});
    EXPECT_EQ(w.status, 200) << w.raw;
  }

  int64_t CountDraws() {
    return static_cast<int64_t>(planner_->Get("/api/v1/draws?limit=200").body["items"].size());
  }

  std::unique_ptr<TestDatabase> tdb_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<ApiClient> planner_, approver_;
};

// Acceptance 1 (the server's part): refused with numbers before anything irreversible; a task
// the department can staff goes through.
TEST_P(StaffingE2eTest, UnstaffableTargetDrawIsRefusedBeforeItsCommitment) {
  PublishRules(2, 1);  // teams of two, one team per person
  InsertTargets("配员大任务", 1, 0);
  const std::string probe = CreateTask("配员大任务");
  auto preview = planner_->Get(probe + "/preview");
  ASSERT_EQ(preview.status, 200) << preview.raw;
  ASSERT_EQ(preview.body["staffing"].size(), 1u) << preview.body["staffing"];
  const Json staffing = preview.body["staffing"][0];
  const int64_t people = staffing["people"];
  ASSERT_GT(people, 4);
  EXPECT_EQ(staffing["cap"], 1);
  EXPECT_EQ(staffing["available"], people);
  EXPECT_EQ(staffing["sufficient"], true);

  // One more target than the department's people can staff two at a time.
  const int64_t most = people / 2;
  InsertTargets("配员大任务", static_cast<int>(most), 1);
  preview = planner_->Get(probe + "/preview");
  EXPECT_EQ(preview.body["quota"], most + 1);
  EXPECT_EQ(preview.body["staffing"][0]["sufficient"], false);
  EXPECT_EQ(preview.body["staffing"][0]["needed"], 2 * (most + 1));
  // Every object is drawn, so the figure is exact (per-target jurisdiction: 花园路's 所 and the
  // district's units), at most the headcount's.
  EXPECT_EQ(preview.body["staffing"][0]["exact"], true);
  const int64_t fits = preview.body["staffing"][0]["max_targets"];
  EXPECT_LE(fits, most);
  EXPECT_EQ(fits, preview.body["staffing"][0]["fillable"].get<int64_t>() / 2);
  ASSERT_GT(fits, 0);
  const int64_t draws = CountDraws();
  auto refused = planner_->Post(probe + "/commit", {{"sources", {"现场见证人掷骰"}}});
  EXPECT_EQ(refused.code(), "TASK_UNSTAFFABLE") << refused.raw;
  const std::string message = refused.body["message"];
  EXPECT_NE(message.find(std::to_string(2 * (most + 1)) + " 人次"), std::string::npos) << message;
  EXPECT_NE(message.find("不超过 " + std::to_string(fits) + " 个检查对象"), std::string::npos)
      << message;
  EXPECT_EQ(CountDraws(), draws);
  EXPECT_EQ(planner_->Get(probe).body["status"], "draft");

  // A smaller task goes through.
  InsertTargets("配员小任务", static_cast<int>(fits), 1000);
  Json locked = LockTargets(CreateTask("配员小任务"));
  EXPECT_EQ(locked["status"], "targets_locked");
  EXPECT_EQ(locked["target_count"].get<int64_t>(), fits);
}

// The preview's staffing figure is the inspector step's (issue 12): objects on 黄河路
// (410105005), a street no 市场监管所 covers, can be staffed only by the district's units. The
// department's headcount × cap says half as many objects as it has people fit; the inspector
// step's flow over per-target jurisdiction says far fewer. The preview must say the latter
// (exact: every object is drawn), refuse the commit with it, and agree with the inspector step
// on a task that fits.
TEST_P(StaffingE2eTest, PreviewStaffingIsTheInspectorStepsFigure) {
  constexpr char kNoStation[] = "410105005";
  PublishRules(2, 1);  // teams of two, one team per person
  InsertTargets("配员黄河路", 1, 3000, kNoStation);
  const std::string probe = CreateTask("配员黄河路");
  auto preview = planner_->Get(probe + "/preview");
  ASSERT_EQ(preview.status, 200) << preview.raw;
  Json staffing = preview.body["staffing"][0];
  EXPECT_EQ(staffing["exact"], true) << staffing;
  EXPECT_EQ(staffing["fillable"], 2) << staffing;
  const int64_t people = staffing["people"];  // the department's, any street
  ASSERT_GT(people, 8);

  // As many objects as the headcount × cap covers: the upper bound would let them through.
  InsertTargets("配员黄河路", static_cast<int>(people / 2 - 1), 3001, kNoStation);
  preview = planner_->Get(probe + "/preview");
  staffing = preview.body["staffing"][0];
  ASSERT_EQ(preview.body["quota"], people / 2);
  EXPECT_EQ(staffing["available"], people) << staffing;  // the upper bound, still shown
  EXPECT_EQ(staffing["exact"], true);
  EXPECT_EQ(staffing["sufficient"], false) << staffing;
  const int64_t fillable = staffing["fillable"];
  EXPECT_GT(fillable, 1);
  EXPECT_LT(fillable, people / 2 * 2);
  const int64_t most = staffing["max_targets"];
  EXPECT_EQ(most, fillable / 2);
  const int64_t draws = CountDraws();
  auto refused = planner_->Post(probe + "/commit", {{"sources", {"现场见证人掷骰"}}});
  EXPECT_EQ(refused.code(), "TASK_UNSTAFFABLE") << refused.raw;
  const std::string message = refused.body["message"];
  EXPECT_NE(message.find("最多能承担 " + std::to_string(fillable) + " 人次"), std::string::npos)
      << message;
  EXPECT_EQ(CountDraws(), draws);

  // A task of the size the preview proposes: the preview and the inspector step agree, and the
  // inspector draw is committed.
  InsertTargets("配员黄河路小", static_cast<int>(most), 3500, kNoStation);
  const std::string task_path = CreateTask("配员黄河路小");
  preview = planner_->Get(task_path + "/preview");
  staffing = preview.body["staffing"][0];
  EXPECT_EQ(staffing["sufficient"], true) << staffing;
  EXPECT_EQ(staffing["fillable"], 2 * most) << staffing;
  LockTargets(task_path);
  auto elig = planner_->Get(task_path + "/eligibility?department_id=1");
  ASSERT_EQ(elig.status, 200) << elig.raw;
  EXPECT_EQ(elig.body["staffing"]["needed"], staffing["needed"]) << elig.body["staffing"];
  EXPECT_EQ(elig.body["staffing"]["fillable"], staffing["fillable"]) << elig.body["staffing"];
  auto committed = planner_->Post(task_path + "/inspectors/commit",
                                  {{"department_id", 1}, {"sources", {"现场见证人掷骰"}}});
  EXPECT_EQ(committed.status, 200) << committed.raw;
}

// Acceptance 2: supplementary rounds are one draw each and never pass the cap. Which inspector
// may go where is steered with 回避 records: S = valid inspectors of 花园路; round r opens
// S[(k + r - 1) % |S|] to target k; the last round opens every member of S to every target.
TEST_P(StaffingE2eTest, SupplementaryRoundsAreOneDrawEachAndKeepTheCap) {
  constexpr int kTeam = 4, kCap = 4;
  PublishRules(kTeam, kCap);
  // Every inspector of the department will be in 回避 with every target; rounds lift some.
  std::vector<int64_t> everyone, s;
  {
    auto conn = tdb_->db().Acquire();
    ASSERT_TRUE(conn.ok());
    store::InspectorQuery q;
    q.department_ids = {kMarketDept};
    q.limit = 0;
    auto all = store::ListInspectors(**conn, q);
    ASSERT_TRUE(all.ok());
    for (const auto& i : all->first) everyone.push_back(i.id);
    q.unit_ids = {kHuayuanUnit};
    q.status = "有效";
    auto local = store::ListInspectors(**conn, q);
    ASSERT_TRUE(local.ok());
    // Those of them who may go apart from 回避 (certificate, availability over the window).
    registers::EligibilityRequest req;
    req.from = *Date::Parse("2026-12-07");
    req.to = *Date::Parse("2026-12-31");
    req.item_codes = {kItem};
    for (const auto& i : local->first)
      if (registers::CheckEligibility(i.inspector, req, {}).eligible()) s.push_back(i.id);
  }
  // As many targets as S has people (at most 6): each round gives each person one team.
  ASSERT_GE(s.size(), 4u);
  const std::vector<int64_t> targets =
      InsertTargets("配员补充", static_cast<int>(std::min<size_t>(s.size(), 6)), 2000);
  const std::string task_path = CreateTask("配员补充");
  Json locked = LockTargets(task_path);
  ASSERT_EQ(locked["target_count"].get<size_t>(), targets.size());

  std::map<std::pair<int64_t, int64_t>, int64_t> conflict;  // (inspector, target) -> id
  {
    auto conn = tdb_->db().Acquire();
    ASSERT_TRUE(conn.ok());
    for (int64_t inspector : everyone)
      for (int64_t target : targets) {
        registers::ConflictOfInterest x;
        x.inspector_id = inspector;
        x.target_id = target;
        x.kind = "其他";
        x.source = "组织核查";
        auto id = store::InsertConflict(**conn, x, kStamp);
        ASSERT_TRUE(id.ok()) << id.status().ToString();
        conflict[{inspector, target}] = *id;
      }
  }
  auto set_conflict = [&](int64_t inspector, int64_t target, bool active) {
    auto conn = tdb_->db().Acquire();
    ASSERT_TRUE(conn.ok());
    auto stored = store::FindConflict(**conn, conflict.at({inspector, target}));
    ASSERT_TRUE(stored.ok() && stored->has_value());
    registers::ConflictOfInterest x = (*stored)->conflict;
    if (x.active == active) return;
    x.active = active;
    x.inactive_reason = active ? "" : "核查后解除";
    ASSERT_TRUE(store::UpdateConflict(**conn, (*stored)->id, x, kStamp).ok());
  };
  auto lift = [&](int64_t inspector, int64_t target) { set_conflict(inspector, target, false); };

  // Nobody eligible: nothing to draw.
  const int64_t draws_before = CountDraws();
  auto nobody = planner_->Post(task_path + "/inspectors/commit",
                               {{"department_id", 1}, {"sources", {"现场见证人掷骰"}}});
  EXPECT_EQ(nobody.code(), "TASK_UNSTAFFABLE") << nobody.raw;
  // One person open to every target: the cap, not the people, stands in the way of 6 places.
  for (int64_t target : targets) lift(s[0], target);
  auto capped = planner_->Post(task_path + "/inspectors/commit",
                               {{"department_id", 1}, {"sources", {"现场见证人掷骰"}}});
  EXPECT_EQ(capped.code(), "TASK_UNSTAFFABLE") << capped.raw;
  EXPECT_EQ(CountDraws(), draws_before);
  auto elig = planner_->Get(task_path + "/eligibility?department_id=1");
  EXPECT_EQ(elig.body["staffing"]["needed"], kTeam * static_cast<int64_t>(targets.size()));
  EXPECT_EQ(elig.body["staffing"]["fillable"], kCap);
  for (size_t k = 1; k < targets.size(); ++k) set_conflict(s[0], targets[k], true);

  std::map<int64_t, std::set<int64_t>> teams;  // target -> inspectors
  int supplementary = 0;
  for (int round = 1; round <= 6; ++round) {
    if (round == 1) {
      // Round 1 opens S[k % |S|] to target k.
      for (size_t k = 0; k < targets.size(); ++k)
        if (s[k % s.size()] != s[0]) lift(s[k % s.size()], targets[k]);
    } else if (round < 4) {
      for (size_t k = 0; k < targets.size(); ++k) lift(s[(k + round - 1) % s.size()], targets[k]);
    } else {
      for (int64_t inspector : s)
        for (int64_t target : targets) lift(inspector, target);
    }
    const int64_t before = CountDraws();
    const size_t task_draws = planner_->Get(task_path).body["inspector_draws"].size();
    auto committed = planner_->Post(task_path + "/inspectors/commit",
                                    {{"department_id", 1}, {"sources", {"现场见证人掷骰"}}});
    if (committed.status != 200) {
      // After round 4 the walk may have left a team whose candidates are all at the cap.
      EXPECT_GT(round, 4) << committed.raw;
      EXPECT_TRUE(committed.code() == "TASK_TEAMS_FULL" || committed.code() == "TASK_UNSTAFFABLE")
          << committed.raw;
      break;
    }
    if (round > 1) ++supplementary;
    EXPECT_EQ(CountDraws(), before + 1) << "round " << round << ": one commit, one draw";
    ASSERT_EQ(committed.body["inspector_draws"].size(), task_draws + 1);
    const Json draw = committed.body["inspector_draws"].back();
    const std::string draw_no = draw["draw_no"];
    if (round > 1) {
      auto record = planner_->Get("/api/v1/draws/" + draw_no);
      EXPECT_NE(record.body["title"].get<std::string>().find("补充"), std::string::npos)
          << record.body["title"];
    }
    Witness(draw_no);
    auto revealed = planner_->Post(task_path + "/inspectors/reveal",
                                   {{"draw_no", draw_no}, {"values", {std::to_string(round)}}});
    ASSERT_EQ(revealed.status, 200) << revealed.raw;
    teams.clear();
    std::map<int64_t, int> load;
    const Json pages = AllPages(*planner_, task_path + "/targets");
    ASSERT_EQ(pages.size(), targets.size());
    for (const auto& t : pages)
      for (const auto& a : t["inspectors"]) {
        teams[a["target_id"]].insert(a["inspector_id"].get<int64_t>());
        ++load[a["inspector_id"].get<int64_t>()];
      }
    for (const auto& [inspector, n] : load)
      EXPECT_LE(n, kCap) << "round " << round << ": inspector " << inspector;
    for (const auto& [target, team] : teams) EXPECT_LE(team.size(), size_t{kTeam});
  }
  EXPECT_GE(supplementary, 3);
  auto audit = RunCommand({SuijiBinary(), "audit", "verify", "--db", tdb_->url()});
  EXPECT_EQ(audit.exit_code, 0) << audit.out << audit.err;
}

// Issue 12 (notices only for dispatchable teams): a target whose team stays short after the draw
// gets no 检查通知书 (a stable code and a Chinese message); a full team's target gets one.
TEST_P(StaffingE2eTest, NoticeOnlyForATeamThatMayGo) {
  // The demo's rules: teams of two, at most ten teams per person.
  const std::vector<int64_t> targets = InsertTargets("配员通知书", 2, 4000);
  const std::string task_path = CreateTask("配员通知书");
  Json locked = LockTargets(task_path);
  ASSERT_EQ(locked["target_count"], 2);
  const std::string full = task_path + "/notices/" + std::to_string(targets[0]);
  const std::string short_team = task_path + "/notices/" + std::to_string(targets[1]);
  EXPECT_EQ(planner_->Get(full).code(), "TASK_NOT_DISPATCHED");

  // Everyone of the department but one is in 回避 with the second target: its team stays at one.
  {
    auto conn = tdb_->db().Acquire();
    ASSERT_TRUE(conn.ok());
    store::InspectorQuery q;
    q.department_ids = {kMarketDept};
    q.limit = 0;
    auto all = store::ListInspectors(**conn, q);
    ASSERT_TRUE(all.ok());
    auto elig = planner_->Get(task_path + "/eligibility?department_id=1");
    ASSERT_EQ(elig.status, 200) << elig.raw;
    ASSERT_GE(elig.body["staffing"]["people"].get<int64_t>(), 3);
    bool spared = false;
    for (const auto& i : all->first) {
      if (!spared && i.inspector.unit_id == kHuayuanUnit) {
        registers::EligibilityRequest req;
        req.from = *Date::Parse("2026-12-07");
        req.to = *Date::Parse("2026-12-31");
        req.item_codes = {kItem};
        if (registers::CheckEligibility(i.inspector, req, {}).eligible()) {
          spared = true;
          continue;
        }
      }
      registers::ConflictOfInterest x;
      x.inspector_id = i.id;
      x.target_id = targets[1];
      x.kind = "其他";
      x.source = "组织核查";
      ASSERT_TRUE(store::InsertConflict(**conn, x, kStamp).ok());
    }
    ASSERT_TRUE(spared);
  }
  auto committed = planner_->Post(task_path + "/inspectors/commit",
                                  {{"department_id", 1}, {"sources", {"现场见证人掷骰"}}});
  ASSERT_EQ(committed.status, 200) << committed.raw;
  const std::string draw_no = committed.body["inspector_draws"].back()["draw_no"];
  Witness(draw_no);
  auto revealed =
      planner_->Post(task_path + "/inspectors/reveal", {{"draw_no", draw_no}, {"values", {"6"}}});
  ASSERT_EQ(revealed.status, 200) << revealed.raw;
  EXPECT_EQ(revealed.body["status"], "targets_locked");
  ASSERT_EQ(revealed.body["blocking"].size(), 1u) << revealed.body["blocking"];
  const Json problem = revealed.body["blocking"][0];
  EXPECT_EQ(problem["role"], "inspector");
  EXPECT_EQ(problem["department_id"], kMarketDept);
  EXPECT_EQ(problem["targets"], 1);
  EXPECT_EQ(problem["missing"], 1);
  EXPECT_EQ(problem["text"], revealed.body["problems"][0]);
  EXPECT_EQ(revealed.body["problem_count"], 1);
  // The paged list says which target: the short team is blocked, the full one ready.
  const Json blocked = AllPages(*planner_, task_path + "/targets", "teams=blocked");
  ASSERT_EQ(blocked.size(), 1u) << blocked;
  EXPECT_EQ(blocked[0]["target_id"], targets[1]);
  EXPECT_EQ(blocked[0]["inspectors"].size(), 1u);
  EXPECT_FALSE(blocked[0]["dispatchable"].get<bool>());
  const Json ready = AllPages(*planner_, task_path + "/targets", "teams=ready");
  ASSERT_EQ(ready.size(), 1u) << ready;
  EXPECT_EQ(ready[0]["target_id"], targets[0]);
  EXPECT_TRUE(ready[0]["dispatchable"].get<bool>());
  EXPECT_EQ(AllPages(*planner_, task_path + "/targets", "teams=short&department_id=1").size(), 1u);

  auto ok = planner_->Get(full);
  EXPECT_EQ(ok.status, 200) << ok.raw;
  EXPECT_NE(ok.raw.find("检查通知书"), std::string::npos);
  auto refused = planner_->Get(short_team);
  EXPECT_EQ(refused.status, 409) << refused.raw;
  EXPECT_EQ(refused.code(), "TASK_TEAM_INCOMPLETE") << refused.raw;
  const std::string message = refused.body.is_object() ? refused.body.value("message", "") : "";
  EXPECT_NE(message.find("尚未满员"), std::string::npos) << message;
  EXPECT_NE(message.find("尚缺 1 名执法检查人员"), std::string::npos) << message;
}

// Issue 12 (consistency): a draw of next year's task carries next year in its number.
TEST_P(StaffingE2eTest, DrawNumberCarriesTheTasksYear) {
  InsertTargets("配员明年", 3, 3000);
  auto task = planner_->Post("/api/v1/tasks", {{"title", "2027年第一批配员测试任务"},
                                               {"department_id", kMarketDept},
                                               {"task_type", "定向"},
                                               {"window_from", "2027-01-04"},
                                               {"window_to", "2027-01-29"},
                                               {"items", Json::array({kItem})},
                                               {"filter", {{"tags", Json::array({"配员明年"})}}},
                                               {"ratio", "100"}});
  ASSERT_EQ(task.status, 201) << task.raw;
  const std::string path = "/api/v1/tasks/" + std::to_string(task.body["id"].get<int64_t>());
  auto committed = planner_->Post(path + "/commit", {{"sources", {"现场见证人掷骰"}}});
  ASSERT_EQ(committed.status, 200) << committed.raw;
  const std::string draw_no = committed.body["target_draw_no"];
  EXPECT_NE(draw_no.find("-2027-"), std::string::npos) << draw_no;
}

INSTANTIATE_TEST_SUITE_P(Backends, StaffingE2eTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::testing
