// Plans, tasks and the draw ceremony through the real server, on SQLite and PostgreSQL
// (issue: plans, tasks and the draw ceremony — acceptance 2, 3 and 5): plan → approve →
// publish → task with tiers → preview (exact counts) → commit → reveal → targets locked →
// inspector draw (every target ≥ 2 eligible, non-conflicting inspectors) → notices; both
// bundles verify with tools/verify_draw.py; the yearly cap excludes a target inspected twice;
// refusals are clear and change nothing.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

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

constexpr int64_t kMarketDept = 1;   // 金水区市场监督管理局
constexpr int64_t kHuayuanUnit = 7;  // 花园路市场监管所 (410105002)
constexpr char kItem[] = "SCJG-GS-01";  // 企业年度报告公示信息抽查: no qualification needed
constexpr char kTag[] = "E2E测试";

class PlansE2eTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    tdb_ = TestDatabase::Create(GetParam());
    ASSERT_NE(tdb_, nullptr);
    auto demo =
        RunCommand({SuijiBinary(), "demo", "--db", tdb_->url()}, "", std::chrono::seconds(240));
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    InsertTargets();
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

  // 30 enterprises of 花园路, tagged kTag: 2 重点 (tag 重点监管), 2 问题 (3 complaints), 4 risk C,
  // 3 risk D, 17 general (A/B), one 注销 and one 实际无经营.
  void InsertTargets() {
    auto conn = tdb_->db().Acquire();
    ASSERT_TRUE(conn.ok());
    for (int i = 0; i < 30; ++i) {
      registers::Target t;
      char body[16];
      std::snprintf(body, sizeof body, "E2E%05d", i);
      auto uscc = MakeUscc("91", "410105", body);
      ASSERT_TRUE(uscc.ok()) << uscc.status().ToString();
      t.uscc = *uscc;
      t.name = "郑州测试" + std::to_string(i) + "号商贸有限公司";
      t.type = "企业";
      t.legal_rep = "王测试";
      t.address = "郑州市金水区花园路" + std::to_string(100 + i) + "号";
      t.region_code = "410105002";
      t.unit_id = kHuayuanUnit;
      t.industry_code = "51";
      t.tags = {kTag};
      t.risk_class = "A";
      if (i < 2) t.tags.push_back("重点监管");
      else if (i < 4) t.complaints = 3;
      else if (i < 8) t.risk_class = "C";
      else if (i < 11) t.risk_class = "D";
      else if (i == 28) t.reg_status = "注销";
      else if (i == 29) t.surviving = false;
      else t.risk_class = i % 2 ? "A" : "B";
      auto id = store::InsertTarget(**conn, t, "2026-01-01T00:00:00.000Z");
      ASSERT_TRUE(id.ok()) << id.status().ToString();
      keys_.push_back(t.uscc);
      ids_.push_back(*id);
    }
  }

  ApiResponse CreatePlan(ApiClient& who, const Json& batch) {
    return who.Post("/api/v1/plans", {{"department_id", kMarketDept},
                                      {"content",
                                       {{"title", "2026年度企业公示信息随机抽查计划"},
                                        {"kind", "年度"},
                                        {"year", 2026},
                                        {"batches", {batch}}}}});
  }

  Json Batch(const std::string& from, const std::string& to, Json filter, Json ratio = nullptr) {
    return {{"seq", 1},         {"name", "第四季度"}, {"window_from", from},   {"window_to", to},
            {"items", {kItem}}, {"filter", filter},   {"task_type", "不定向"}, {"ratio", ratio}};
  }

  // An ad hoc 定向 task of the market department over the given enterprises, item kItem.
  ApiResponse PostTargetedTask(const std::string& title, const std::string& from,
                               const std::string& to, const std::vector<std::string>& keys) {
    return planner_->Post("/api/v1/tasks", {{"title", title},
                                            {"department_id", kMarketDept},
                                            {"task_type", "定向"},
                                            {"window_from", from},
                                            {"window_to", to},
                                            {"items", {kItem}},
                                            {"filter", {{"keys", keys}}}});
  }

  // Witness, values, reveal of one draw through the task endpoints.
  ApiResponse RevealTargets(int64_t task_id, const std::string& draw_no,
                            const std::vector<std::string>& values) {
    EXPECT_EQ(planner_
                  ->Post("/api/v1/draws/" + draw_no + "/witnesses",
                         {{"name", "陈志远"}, {"organisation", "区人大代表"}})
                  .status,
              200);
    return planner_->Post("/api/v1/tasks/" + std::to_string(task_id) + "/reveal",
                          {{"values", values}});
  }

  int64_t CountDraws() {
    return static_cast<int64_t>(planner_->Get("/api/v1/draws?limit=200").body["items"].size());
  }
  int64_t CountTasks() {
    return static_cast<int64_t>(planner_->Get("/api/v1/tasks").body["items"].size());
  }

  void ExpectBundleVerifies(const std::string& draw_no) {
    auto r = planner_->Get("/api/v1/draws/" + draw_no + "/bundle");
    ASSERT_EQ(r.status, 200) << r.raw;
    const std::string path =
        (std::filesystem::temp_directory_path() /
         ("plans_bundle_" + draw_no + "_" + std::to_string(getpid()) + ".json"))
            .string();
    std::ofstream(path) << r.raw;
    auto py = RunCommand({"python3", SourceDir() + "/tools/verify_draw.py", path});
    EXPECT_EQ(py.exit_code, 0) << draw_no << ": " << py.out << py.err;
    EXPECT_TRUE(py.out.starts_with("OK ")) << py.out;
    std::filesystem::remove(path);
  }

  std::unique_ptr<TestDatabase> tdb_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<ApiClient> planner_, approver_;
  std::vector<std::string> keys_;
  std::vector<int64_t> ids_;
};

TEST_P(PlansE2eTest, PlanToDispatchedTaskWithVerifiableDraws) {
  // One inspector of 花园路 declares a relation with one 重点 object (always drawn).
  int64_t conflicted_inspector = 0;
  {
    auto conn = tdb_->db().Acquire();
    store::InspectorQuery q;
    q.unit_ids = {kHuayuanUnit};
    q.status = "有效";
    auto list = store::ListInspectors(**conn, q);
    ASSERT_TRUE(list.ok() && !list->first.empty());
    conflicted_inspector = list->first.front().id;
    registers::ConflictOfInterest x;
    x.inspector_id = conflicted_inspector;
    x.target_id = ids_[0];
    x.kind = "亲属";
    x.source = "本人申报";
    ASSERT_TRUE(store::InsertConflict(**conn, x, "2026-01-01T00:00:00.000Z").ok());
  }

  auto plan = CreatePlan(*planner_, Batch("2026-11-23", "2026-12-31", {{"tags", {kTag}}}, "10"));
  ASSERT_EQ(plan.status, 201) << plan.raw;
  const std::string plan_path = "/api/v1/plans/" + std::to_string(plan.body["id"].get<int64_t>());
  EXPECT_EQ(planner_->Post(plan_path + "/submit").body["status"], "submitted");
  EXPECT_EQ(planner_->Post(plan_path + "/approve").status, 403);  // planners do not approve
  EXPECT_EQ(approver_->Post(plan_path + "/approve", {{"note", "同意"}}).body["status"], "approved");
  EXPECT_EQ(planner_->Post(plan_path + "/publish").body["status"], "published");

  auto task = planner_->Post(plan_path + "/batches/1/tasks");
  ASSERT_EQ(task.status, 201) << task.raw;
  const int64_t task_id = task.body["id"];
  const std::string task_path = "/api/v1/tasks/" + std::to_string(task_id);
  EXPECT_EQ(planner_->Get(plan_path).body["status"], "executing");

  auto preview = planner_->Get(task_path + "/preview");
  ASSERT_EQ(preview.status, 200) << preview.raw;
  const Json& p = preview.body;
  EXPECT_EQ(p["matched"], 30);
  EXPECT_EQ(p["excluded"], 2);
  EXPECT_EQ(p["pool_size"], 28);
  std::map<std::string, int64_t> excluded;
  for (const auto& e : p["exclusions"]) excluded[e["reason"]] = e["count"];
  EXPECT_EQ(excluded["not_operating"], 1);
  EXPECT_EQ(excluded["not_surviving"], 1);
  EXPECT_EQ(excluded["yearly_cap"], 0);
  std::map<std::string, std::pair<int64_t, int64_t>> strata;  // name -> (size, quota)
  int64_t quota_total = 0;
  for (const auto& s : p["strata"]) {
    const int64_t size = s["pool_size"], quota = s["quota"];
    strata[s["name"]] = {size, quota};
    quota_total += quota;
    // quota = ceil(ratio × size), never above the size.
    const double ratio = std::stod(s["ratio"].get<std::string>());
    EXPECT_EQ(quota,
              std::min<int64_t>(size, static_cast<int64_t>(std::ceil(size * ratio / 100 - 1e-9))))
        << s;
  }
  EXPECT_EQ(strata["重点对象"], std::make_pair(int64_t{2}, int64_t{2}));
  EXPECT_EQ(strata["问题对象"], std::make_pair(int64_t{2}, int64_t{2}));
  EXPECT_EQ(strata["风险对象（C类）"].first, 4);
  EXPECT_EQ(strata["风险对象（D类）"].first, 3);
  EXPECT_EQ(strata["一般对象"].first, 17);
  EXPECT_EQ(strata["一般对象"].second, 2);  // the batch's 10%: ceil(1.7)

  auto committed = planner_->Post(task_path + "/commit",
                                  {{"sources", {"福彩3D 2026330期开奖号码", "现场见证人掷骰"}}});
  ASSERT_EQ(committed.status, 200) << committed.raw;
  EXPECT_EQ(committed.body["status"], "targets_committed");
  const std::string target_draw = committed.body["target_draw_no"];
  EXPECT_EQ(planner_->Post(task_path + "/commit", {{"sources", {"x"}}}).code(),
            "TASK_ALREADY_COMMITTED");

  auto locked = RevealTargets(task_id, target_draw, {"518", "3 1 6"});
  ASSERT_EQ(locked.status, 200) << locked.raw;
  EXPECT_EQ(locked.body["status"], "targets_locked");
  ASSERT_EQ(locked.body["target_count"].get<int64_t>(), quota_total);
  std::set<std::string> drawn;
  for (const auto& t : TaskTargets(*planner_, task_id)) drawn.insert(t["key"]);
  ASSERT_EQ(static_cast<int64_t>(drawn.size()), quota_total);
  EXPECT_TRUE(drawn.count(keys_[0]) && drawn.count(keys_[1]) && drawn.count(keys_[2]) &&
              drawn.count(keys_[3]));
  EXPECT_FALSE(drawn.count(keys_[28]) || drawn.count(keys_[29]));
  EXPECT_FALSE(locked.body["announced_at"].is_null());
  auto announced = planner_->Get("/api/v1/public/tasks");
  EXPECT_EQ(announced.body["items"][0]["target_count"].get<size_t>(), drawn.size());
  EXPECT_EQ(
      AllPages(*planner_, "/api/v1/public/tasks/" + std::to_string(task_id) + "/targets").size(),
      drawn.size());

  auto elig = planner_->Get(task_path + "/eligibility?department_id=1");
  ASSERT_EQ(elig.status, 200) << elig.raw;
  for (const auto& t : elig.body["targets"]) {
    EXPECT_GE(t["eligible"].get<int>(), 2) << t;
    if (t["target_id"] == ids_[0]) {
      EXPECT_GE(t["excluded"].value("回避", 0), 1) << t;
    }
  }
  auto staffed = planner_->Post(task_path + "/inspectors/commit",
                                {{"department_id", 1}, {"sources", {"现场见证人掷骰"}}});
  ASSERT_EQ(staffed.status, 200) << staffed.raw;
  ASSERT_EQ(staffed.body["inspector_draws"].size(), 1u);
  const std::string assign_draw = staffed.body["inspector_draws"][0]["draw_no"];
  ASSERT_EQ(planner_
                ->Post("/api/v1/draws/" + assign_draw + "/witnesses",
                       {{"name", "王丽"}, {"organisation", "金水区公证处"}})
                .status,
            200);
  auto dispatched = planner_->Post(task_path + "/inspectors/reveal",
                                   {{"draw_no", assign_draw}, {"values", {"2 5 5"}}});
  ASSERT_EQ(dispatched.status, 200) << dispatched.raw;
  EXPECT_EQ(dispatched.body["status"], "dispatched") << dispatched.body["problems"];
  EXPECT_TRUE(dispatched.body["problems"].empty());
  std::map<int64_t, std::set<int64_t>> teams;
  const Json assignments = TaskAssignments(*planner_, task_id);
  EXPECT_EQ(dispatched.body["inspector_places"].get<size_t>(), assignments.size());
  for (const auto& a : assignments) teams[a["target_id"]].insert(a["inspector_id"].get<int64_t>());
  ASSERT_EQ(teams.size(), drawn.size());
  for (const auto& [target, team] : teams) EXPECT_GE(team.size(), 2u) << target;
  EXPECT_EQ(teams[ids_[0]].count(conflicted_inspector), 0u) << "a 回避 pair was assigned";

  // The locked list a page at a time (issue 15): pages in lock order add up, the search and
  // the filters run on the server.
  const std::string a_cert = assignments[0]["cert_no"];
  auto encode = [](const std::string& text) {  // percent-encodes every byte (UTF-8 included)
    std::string out;
    for (unsigned char ch : text) {
      static const char kHex[] = "0123456789ABCDEF";
      out += {'%', kHex[ch >> 4], kHex[ch & 15]};
    }
    return out;
  };
  const std::string pages = task_path + "/targets";
  auto first = planner_->Get(pages + "?page=1&page_size=2");
  ASSERT_EQ(first.status, 200) << first.raw;
  EXPECT_EQ(first.body["total"].get<int64_t>(), quota_total);
  ASSERT_EQ(first.body["items"].size(), 2u);
  EXPECT_EQ(first.body["items"][0]["no"], 1);
  EXPECT_EQ(first.body["items"][1]["no"], 2);
  auto second = planner_->Get(pages + "?page=2&page_size=2");
  ASSERT_EQ(second.status, 200) << second.raw;
  EXPECT_EQ(second.body["items"][0]["no"], 3);
  auto by_key = planner_->Get(pages + "?q=" + keys_[0].substr(6));
  ASSERT_EQ(by_key.body["total"], 1) << by_key.raw;
  EXPECT_EQ(by_key.body["items"][0]["key"], keys_[0]);
  EXPECT_TRUE(by_key.body["items"][0]["dispatchable"].get<bool>());
  EXPECT_GE(by_key.body["items"][0]["inspectors"].size(), 2u);
  auto by_person = planner_->Get(pages + "?page_size=500&q=" + encode(a_cert));
  ASSERT_EQ(by_person.status, 200) << by_person.raw;
  ASSERT_GE(by_person.body["total"].get<int64_t>(), 1);
  for (const auto& line : by_person.body["items"]) {
    bool has = false;
    for (const auto& m : line["inspectors"]) has = has || m["cert_no"] == a_cert;
    EXPECT_TRUE(has) << line;
  }
  EXPECT_EQ(planner_->Get(pages + "?stratum=" + encode("问题对象")).body["total"], 2);
  EXPECT_EQ(planner_->Get(pages + "?teams=ready").body["total"].get<int64_t>(), quota_total);
  EXPECT_EQ(planner_->Get(pages + "?teams=blocked").body["total"], 0);
  EXPECT_EQ(planner_->Get(pages + "?teams=short&department_id=1").body["total"], 0);
  EXPECT_EQ(planner_->Get(pages + "?teams=maybe").code(), "QUERY_INVALID");
  EXPECT_EQ(planner_->Get(pages + "?page_size=501").code(), "PAGE_INVALID");
  auto summary = planner_->Get(task_path);
  ASSERT_EQ(summary.status, 200) << summary.raw;
  EXPECT_EQ(summary.body["target_count"].get<int64_t>(), quota_total);
  EXPECT_EQ(summary.body["problem_count"], 0);
  EXPECT_EQ(summary.body["inspector_places"], dispatched.body["inspector_places"]);
  EXPECT_EQ(summary.body["strata"], dispatched.body["strata"]);
  EXPECT_FALSE(summary.body.contains("targets"));

  auto notice = planner_->Get(task_path + "/notices/" + std::to_string(ids_[0]));
  ASSERT_EQ(notice.status, 200) << notice.raw;
  EXPECT_NE(notice.raw.find("检查通知书"), std::string::npos);
  EXPECT_NE(notice.raw.find("郑州测试0号商贸有限公司"), std::string::npos);
  EXPECT_NE(
      planner_->Get(task_path + "/notices/" + assignments[0]["target_id"].dump()).raw.find(a_cert),
      std::string::npos);

  ExpectBundleVerifies(target_draw);
  ExpectBundleVerifies(assign_draw);
  auto audit = RunCommand({SuijiBinary(), "audit", "verify", "--db", tdb_->url()});
  EXPECT_EQ(audit.exit_code, 0) << audit.out << audit.err;
}

// SPEC §DRAW: experts are drawn the same way as inspectors when an item needs them. Until they
// are, the task is not dispatched; the notice names them; the expert draw's bundle verifies.
TEST_P(PlansE2eTest, ExpertsAreDrawnWhenAnItemNeedsThem) {
  auto found = planner_->Get(std::string("/api/v1/items?department_id=1&q=") + kItem);
  ASSERT_EQ(found.status, 200) << found.raw;
  ASSERT_FALSE(found.body["items"].empty());
  const std::string item_path = "/api/v1/items/" + found.body["items"][0]["id"].dump();
  Json item = planner_->Get(item_path).body["item"];
  const int version = planner_->Get(item_path).body["current_version"];
  Json bad = item;
  bad["experts_per_target"] = 9;
  bad["note"] = "超出范围";
  auto refused = planner_->Put(item_path, bad);
  EXPECT_EQ(refused.code(), "ITEM_INVALID") << refused.raw;
  EXPECT_NE(refused.raw.find("每个检查对象抽取专家人数"), std::string::npos) << refused.raw;
  EXPECT_EQ(planner_->Get(item_path).body["current_version"], version);
  item["experts_per_target"] = 1;
  item["expert_fields"] = {"产品质量"};
  item["note"] = "公示信息涉及产品质量的，请专家随同检查";
  auto updated = planner_->Put(item_path, item);
  ASSERT_EQ(updated.status, 200) << updated.raw;
  EXPECT_EQ(updated.body["current_version"], version + 1);

  auto created = PostTargetedTask("专家随同检查", "2026-12-01", "2026-12-10",
                                  {keys_[12], keys_[13], keys_[14]});
  ASSERT_EQ(created.status, 201) << created.raw;
  const int64_t task_id = created.body["id"];
  const std::string task_path = "/api/v1/tasks/" + std::to_string(task_id);
  ASSERT_EQ(created.body["expert_needs"].size(), 1u) << created.body["expert_needs"];
  EXPECT_EQ(created.body["expert_needs"][0]["per_target"], 1);
  EXPECT_EQ(planner_->Get(task_path + "/expert-eligibility?department_id=1").code(),
            "TASK_TARGETS_NOT_LOCKED");
  auto committed = planner_->Post(task_path + "/commit", {{"sources", {"现场见证人掷骰"}}});
  ASSERT_EQ(committed.status, 200) << committed.raw;
  auto locked = RevealTargets(task_id, committed.body["target_draw_no"], {"4 4 1"});
  ASSERT_EQ(locked.status, 200) << locked.raw;
  const size_t n = locked.body["target_count"].get<size_t>();
  ASSERT_GE(n, 1u);

  // The demo's two 产品质量 experts of the department are eligible; the others are counted out.
  auto elig = planner_->Get(task_path + "/expert-eligibility?department_id=1");
  ASSERT_EQ(elig.status, 200) << elig.raw;
  ASSERT_EQ(elig.body["targets"].size(), n);
  for (const auto& t : elig.body["targets"]) {
    EXPECT_EQ(t["eligible"], 2) << t;
    EXPECT_GE(t["excluded"].value("专业领域不符", 0), 1) << t;
  }

  // Inspectors alone do not dispatch the task.
  auto staffed = planner_->Post(task_path + "/inspectors/commit",
                                {{"department_id", 1}, {"sources", {"现场见证人掷骰"}}});
  ASSERT_EQ(staffed.status, 200) << staffed.raw;
  const std::string inspector_draw = staffed.body["inspector_draws"][0]["draw_no"];
  EXPECT_EQ(staffed.body["inspector_draws"][0]["role"], "inspector");
  ASSERT_EQ(planner_
                ->Post("/api/v1/draws/" + inspector_draw + "/witnesses",
                       {{"name", "王丽"}, {"organisation", "金水区公证处"}})
                .status,
            200);
  auto teams = planner_->Post(task_path + "/inspectors/reveal",
                              {{"draw_no", inspector_draw}, {"values", {"3 6 2"}}});
  ASSERT_EQ(teams.status, 200) << teams.raw;
  EXPECT_EQ(teams.body["status"], "targets_locked");
  ASSERT_EQ(teams.body["problems"].size(), 1u) << teams.body["problems"];
  EXPECT_NE(teams.body["problems"][0].get<std::string>().find("尚未抽取专家"), std::string::npos);

  auto expert_commit = planner_->Post(task_path + "/experts/commit",
                                      {{"department_id", 1}, {"sources", {"现场见证人掷骰"}}});
  ASSERT_EQ(expert_commit.status, 200) << expert_commit.raw;
  std::string expert_draw;
  for (const auto& d : expert_commit.body["inspector_draws"])
    if (d["role"] == "expert") expert_draw = d["draw_no"];
  ASSERT_FALSE(expert_draw.empty()) << expert_commit.body["inspector_draws"];
  EXPECT_EQ(
      planner_->Post(task_path + "/experts/commit", {{"department_id", 1}, {"sources", {"x"}}})
          .code(),
      "TASK_INSPECTOR_DRAW_PENDING");
  ASSERT_EQ(planner_
                ->Post("/api/v1/draws/" + expert_draw + "/witnesses",
                       {{"name", "王丽"}, {"organisation", "金水区公证处"}})
                .status,
            200);
  auto dispatched = planner_->Post(task_path + "/experts/reveal",
                                   {{"draw_no", expert_draw}, {"values", {"5 1 2"}}});
  ASSERT_EQ(dispatched.status, 200) << dispatched.raw;
  EXPECT_EQ(dispatched.body["status"], "dispatched") << dispatched.body["problems"];
  const Json experts = TaskExperts(*planner_, task_id);
  ASSERT_EQ(experts.size(), n);
  EXPECT_EQ(dispatched.body["expert_places"].get<size_t>(), n);
  for (const auto& e : experts) {
    const std::string name = e["name"];
    EXPECT_TRUE(name == "吴海涛" || name == "蒋丽") << e;
    EXPECT_EQ(e["draw_no"], expert_draw);
  }
  const Json& first = experts[0];
  auto notice = planner_->Get(task_path + "/notices/" + first["target_id"].dump());
  ASSERT_EQ(notice.status, 200) << notice.raw;
  EXPECT_NE(notice.raw.find("随同检查的专家"), std::string::npos);
  EXPECT_NE(notice.raw.find(first["name"].get<std::string>()), std::string::npos);
  EXPECT_EQ(
      planner_->Post(task_path + "/experts/commit", {{"department_id", 1}, {"sources", {"x"}}})
          .code(),
      "TASK_TEAMS_FULL");
  // Public announcements do not say who goes where.
  for (const auto& t : planner_->Get("/api/v1/public/tasks").body["items"]) {
    EXPECT_FALSE(t.contains("experts")) << t;
    EXPECT_EQ(t["expert_places"], 0) << t;
  }

  ExpectBundleVerifies(expert_draw);

  // The same task from the command line: list, show, notice.
  auto list = RunCommand({SuijiBinary(), "task", "list", "--db", tdb_->url()});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find(dispatched.body["task_no"].get<std::string>() + "  已派发"),
            std::string::npos)
      << list.out;
  auto show =
      RunCommand({SuijiBinary(), "task", "show", std::to_string(task_id), "--db", tdb_->url()});
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("专家抽取：" + expert_draw), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("随同专家：" + first["name"].get<std::string>()), std::string::npos)
      << show.out;
  const std::string html =
      (std::filesystem::temp_directory_path() / ("notice_" + std::to_string(getpid()) + ".html"))
          .string();
  auto cli_notice = RunCommand({SuijiBinary(), "task", "notice", std::to_string(task_id),
                                first["target_id"].dump(), "--out", html, "--db", tdb_->url()});
  EXPECT_EQ(cli_notice.exit_code, 0) << cli_notice.err;
  std::ifstream in(html);
  const std::string written((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(written, notice.raw);
  std::filesystem::remove(html);
  auto missing = RunCommand({SuijiBinary(), "task", "show", "999999", "--db", tdb_->url()});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("抽查任务不存在"), std::string::npos) << missing.err;

  auto audit = RunCommand({SuijiBinary(), "audit", "verify", "--db", tdb_->url()});
  EXPECT_EQ(audit.exit_code, 0) << audit.out << audit.err;
}

TEST_P(PlansE2eTest, TargetInspectedTwiceThisYearIsExcludedWithTheReason) {
  const std::vector<std::string> only_first = {keys_[5]};  // a risk-C object
  auto run_task = [&](const std::string& from, const std::string& to) -> int64_t {
    auto t = PostTargetedTask("专项检查 " + from, from, to, only_first);
    EXPECT_EQ(t.status, 201) << t.raw;
    const int64_t id = t.body["id"];
    auto c = planner_->Post("/api/v1/tasks/" + std::to_string(id) + "/commit",
                            {{"sources", {"现场见证人掷骰"}}});
    EXPECT_EQ(c.status, 200) << c.raw;
    auto r = RevealTargets(id, c.body["target_draw_no"], {"1 2 3"});
    EXPECT_EQ(r.status, 200) << r.raw;
    EXPECT_EQ(r.body["target_count"], 1);
    return id;
  };
  run_task("2026-03-02", "2026-03-06");
  run_task("2026-06-01", "2026-06-05");
  auto third = PostTargetedTask("专项检查 12月", "2026-12-01", "2026-12-04", only_first);
  ASSERT_EQ(third.status, 201);
  const std::string path = "/api/v1/tasks/" + third.body["id"].dump();
  auto preview = planner_->Get(path + "/preview");
  ASSERT_EQ(preview.status, 200);
  EXPECT_EQ(preview.body["matched"], 1);
  EXPECT_EQ(preview.body["pool_size"], 0);
  bool found = false;
  for (const auto& e : preview.body["exclusions"]) {
    if (e["reason"] != "yearly_cap") continue;
    found = true;
    EXPECT_EQ(e["count"], 1);
    EXPECT_EQ(e["label"], "本年度已达本部门抽查次数上限");
    EXPECT_EQ(e["samples"][0]["key"], keys_[5]);
  }
  EXPECT_TRUE(found);
  // A draw with an empty pool is refused and leaves no draw behind.
  const int64_t draws = CountDraws();
  auto refused = planner_->Post(path + "/commit", {{"sources", {"现场见证人掷骰"}}});
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(refused.code(), "TASK_POOL_EMPTY");
  EXPECT_NE(refused.body["message"].get<std::string>().find("没有可抽取的检查对象"),
            std::string::npos);
  EXPECT_EQ(CountDraws(), draws);
  EXPECT_EQ(planner_->Get(path).body["status"], "draft");
}

// The pool a task commits names the directory row of every candidate: a drawn enterprise whose
// code was corrected between the commit and the reveal is still the one locked (under the key
// that was drawn, with its facts as the directory holds them at the reveal), and the record
// verifies.
TEST_P(PlansE2eTest, DrawnTargetWhoseKeyChangedBeforeTheRevealIsLockedAsCommitted) {
  auto t = PostTargetedTask("专项检查 代码更正", "2026-12-01", "2026-12-04", {keys_[5]});
  ASSERT_EQ(t.status, 201) << t.raw;
  const int64_t task_id = t.body["id"];
  auto c = planner_->Post("/api/v1/tasks/" + std::to_string(task_id) + "/commit",
                          {{"sources", {"现场见证人掷骰"}}});
  ASSERT_EQ(c.status, 200) << c.raw;
  auto corrected = MakeUscc("91", "410105", "E2E99999");
  ASSERT_TRUE(corrected.ok());
  {
    auto conn = tdb_->db().Acquire();
    ASSERT_TRUE(conn.ok());
    auto changed = (*conn)->Execute(
        "UPDATE targets SET uscc = $1, natural_key = $1, name = '郑州更正后商贸有限公司' WHERE "
        "id = $2",
        {*corrected, ids_[5]});
    ASSERT_TRUE(changed.ok()) << changed.status().ToString();
  }
  auto r = RevealTargets(task_id, c.body["target_draw_no"], {"4 4 1"});
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["target_count"], 1);
  {
    auto conn = tdb_->db().Acquire();
    ASSERT_TRUE(conn.ok());
    auto rows = (*conn)->Query(
        "SELECT draw_key, target_id, locked_name FROM task_targets WHERE task_id = $1", {task_id});
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    ASSERT_EQ(rows->rows.size(), 1u);
    EXPECT_EQ(rows->front().Text(0), keys_[5]);
    EXPECT_EQ(rows->front().Int(1), ids_[5]);
    EXPECT_EQ(rows->front().Text(2), "郑州更正后商贸有限公司");
  }
  ExpectBundleVerifies(c.body["target_draw_no"]);
  auto audit = RunCommand({SuijiBinary(), "audit", "verify", "--db", tdb_->url()});
  EXPECT_EQ(audit.exit_code, 0) << audit.out << audit.err;
}

TEST_P(PlansE2eTest, RefusalsAreClearAndChangeNothing) {
  // Reveal before commit.
  auto draft = planner_->Post("/api/v1/tasks", {{"title", "未承诺的任务"},
                                                {"department_id", kMarketDept},
                                                {"window_from", "2026-12-01"},
                                                {"window_to", "2026-12-10"},
                                                {"items", {kItem}},
                                                {"filter", {{"tags", {kTag}}}}});
  ASSERT_EQ(draft.status, 201) << draft.raw;
  auto early =
      planner_->Post("/api/v1/tasks/" + draft.body["id"].dump() + "/reveal", {{"values", {"1"}}});
  EXPECT_EQ(early.code(), "TASK_NOT_COMMITTED");
  EXPECT_EQ(planner_->Get("/api/v1/tasks/" + draft.body["id"].dump()).body["status"], "draft");

  // A ratio below the item's floor (3%): neither the task nor the plan is created.
  const int64_t tasks = CountTasks();
  auto low = planner_->Post("/api/v1/tasks", {{"title", "比例过低"},
                                              {"department_id", kMarketDept},
                                              {"window_from", "2026-12-01"},
                                              {"window_to", "2026-12-10"},
                                              {"items", {kItem}},
                                              {"filter", {{"tags", {kTag}}}},
                                              {"ratio", "1"}});
  EXPECT_EQ(low.status, 400);
  EXPECT_EQ(low.code(), "QUOTA_BELOW_FLOOR");
  EXPECT_NE(low.body["message"].get<std::string>().find("低于所选事项的最低抽查比例"),
            std::string::npos);
  EXPECT_EQ(CountTasks(), tasks);
  auto low_plan = CreatePlan(*planner_, Batch("2026-11-23", "2026-12-31", {{"tags", {kTag}}}, "2"));
  EXPECT_EQ(low_plan.code(), "PLAN_INVALID");
  EXPECT_NE(low_plan.body["message"].get<std::string>().find("最低抽查比例"), std::string::npos);

  // Approving one's own plan: a user who is both planner and approver of the department.
  ApiClient admin(server_->port());
  ASSERT_TRUE(admin.Login("admin"));
  ASSERT_EQ(admin
                .Post("/api/v1/users", {{"username", "both"},
                                        {"display_name", "赵兼"},
                                        {"password", "long-enough-2026"},
                                        {"roles",
                                         {{{"role", "planner"}, {"scope", "department:1"}},
                                          {{"role", "approver"}, {"scope", "department:1"}}}}})
                .status,
            201);
  ApiClient both(server_->port());
  ASSERT_TRUE(both.Login("both", "long-enough-2026"));
  auto own = CreatePlan(both, Batch("2026-11-23", "2026-12-31", {{"tags", {kTag}}}));
  ASSERT_EQ(own.status, 201) << own.raw;
  const std::string own_path = "/api/v1/plans/" + own.body["id"].dump();
  ASSERT_EQ(both.Post(own_path + "/submit").status, 200);
  auto self = both.Post(own_path + "/approve", {{"note", "自批"}});
  EXPECT_EQ(self.status, 403);
  EXPECT_EQ(self.code(), "PLAN_SELF_APPROVAL");
  EXPECT_EQ(both.Get(own_path).body["status"], "submitted");
  // Another approver may, and an approved plan changes only by a reasoned adjustment.
  EXPECT_EQ(approver_->Post(own_path + "/approve").body["status"], "approved");
  EXPECT_EQ(both.Put(own_path, {{"content", own.body["content"]}}).code(), "PLAN_NOT_DRAFT");
  Json content = own.body["content"];
  content["batches"][0]["window_to"] = "2026-12-20";
  EXPECT_EQ(both.Post(own_path + "/adjust", {{"reason", "  "}, {"content", content}}).code(),
            "PLAN_ADJUST_REASON_REQUIRED");
  auto adjusted = both.Post(own_path + "/adjust",
                            {{"reason", "第四季度检查力量不足，缩短窗口"}, {"content", content}});
  ASSERT_EQ(adjusted.status, 201) << adjusted.raw;
  EXPECT_EQ(adjusted.body["version"], 2);
  auto diff = both.Get(own_path + "/diff?from=1&to=2");
  ASSERT_EQ(diff.body["changes"].size(), 1u);
  EXPECT_NE(diff.body["changes"][0]["new"].get<std::string>().find("2026-12-20"),
            std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, PlansE2eTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::testing
