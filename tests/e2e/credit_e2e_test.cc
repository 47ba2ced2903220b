// Credit linkage through the real server, on SQLite and PostgreSQL (issue 13 "Credit linkage",
// acceptance 2, 3 and 6): a published 无法联系 result raises a 经营异常名录 proposal due exactly
// 10 working days after the inspection (across the National Day holiday); approving it sets the
// target's flag and history; a proposal left undecided past its due date is listed as overdue;
// a 不配合检查情节严重 result raises a 严重违法失信名单 proposal; a 免罚清单 item is published as
// such and counts as no violation; the department's rule moves the risk class so that the next
// task's preview puts the target in another stratum; every refusal is a stable code with a
// Chinese message and changes nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "core/calendar.h"
#include "core/ids.h"
#include "core/registers/target.h"
#include "store/audit_store.h"
#include "store/registers/people_store.h"
#include "store/registers/target_store.h"
#include "support/api_client.h"
#include "support/demo_server_fixture.h"
#include "support/demo_targets.h"
#include "support/process.h"
#include "support/task_ceremony.h"
#include "support/test_db.h"

namespace suiji::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr int64_t kMarketDept = 1;  // 金水区市场监督管理局
constexpr char kPassword[] = "Xinyong-2026-ceshi";
constexpr char kFound[] = "2026-09-29";  // the Tuesday before the National Day holiday
constexpr char kUnreachable[] = "通过登记的住所（经营场所）无法联系";

class CreditE2eTest : public DemoServerTest {
 protected:
  CreditE2eTest() : DemoServerTest("credit") {}
  void BeforeServe() override { InsertTargets(); }
  void SetUp() override {
    DemoServerTest::SetUp();
    if (HasFatalFailure()) return;
    planner_ = Client("planner");
    approver_ = Client("approver");
    admin_ = Client("admin");
    other_approver_ = Client("approver.sw");
  }

  // Seven enterprises of 花园路 in credit-risk class B: the first five 重点监管 (a task over
  // their keys takes them all), the last two untagged (一般对象 in every preview).
  void InsertTargets() {
    auto conn = tdb_->db().Acquire();
    ASSERT_TRUE(conn.ok());
    for (int i = 0; i < 7; ++i) {
      registers::Target t = DemoEnterprise({"XYJ", "信用测试", "钱信用", "经三路", 20}, i);
      if (i < 5) t.tags = {"重点监管"};
      auto id = store::InsertTarget(**conn, t, "2026-01-01T00:00:00.000+08:00");
      ASSERT_TRUE(id.ok()) << id.status().ToString();
      keys_.push_back(t.uscc);
      ids_.push_back(*id);
    }
  }

  Json NewTask(const std::string& title, const std::vector<std::string>& keys,
               const std::string& from, const std::string& to) {
    auto t = planner_->Post("/api/v1/tasks", {{"title", title},
                                              {"department_id", kMarketDept},
                                              {"task_type", "定向"},
                                              {"window_from", from},
                                              {"window_to", to},
                                              {"items", {"SCJG-GS-01", "SCJG-GS-02"}},
                                              {"filter", {{"v", 1}, {"keys", keys}}},
                                              {"ratio", "100"}});
    EXPECT_EQ(t.status, 201) << t.raw;
    return t.body;
  }

  // Stratum name → pool size in the preview of task `id`.
  std::map<std::string, int64_t> Strata(int64_t id) {
    auto p = planner_->Get("/api/v1/tasks/" + std::to_string(id) + "/preview");
    EXPECT_EQ(p.status, 200) << p.raw;
    std::map<std::string, int64_t> out;
    for (const auto& s : p.body["strata"])
      if (s["pool_size"].get<int64_t>() > 0) out[s["name"]] = s["pool_size"];
    return out;
  }

  // A 100% task over `keys` from September, drawn and dispatched; target id → inspector ids.
  std::map<int64_t, std::vector<int64_t>> DrawTask(const std::vector<std::string>& keys,
                                                   int64_t* task_id) {
    Json t = NewTask("信用联动测试任务", keys, "2026-09-01", "2026-12-31");
    if (!t.contains("id")) return {};
    *task_id = t["id"];
    return DrawAndDispatch(*planner_, *task_id, kMarketDept);
  }

  // The account of drawn inspector `inspector_id` (created on first use).
  ApiClient& Inspector(int64_t inspector_id) {
    auto& slot = inspectors_[inspector_id];
    if (slot) return *slot;
    const std::string username = "xy.jc" + std::to_string(inspector_id);
    auto u = admin_->Post(
        "/api/v1/users",
        {{"username", username},
         {"display_name", username},
         {"password", kPassword},
         {"roles",
          {{{"role", "inspector"}, {"scope", "department:" + std::to_string(kMarketDept)}}}}});
    EXPECT_EQ(u.status, 201) << u.raw;
    auto conn = tdb_->db().Acquire();
    EXPECT_TRUE(conn.ok());
    auto found = store::FindInspector(**conn, inspector_id);
    EXPECT_TRUE(found.ok() && found->has_value());
    registers::Inspector next = (*found)->inspector;
    next.user_id = u.body["id"].get<int64_t>();
    EXPECT_TRUE(store::UpdateInspector(**conn, inspector_id, next, std::nullopt,
                                       "2026-01-01T00:00:00.000+08:00")
                    .ok());
    slot = Client(username, kPassword);
    return *slot;
  }

  static Json Item(const std::string& code, const std::string& result, bool lenient = false) {
    const bool problem = result != "未发现问题";
    return {{"item_code", code},
            {"methods", {"实地检查"}},
            {"inspected_on", kFound},
            {"findings", problem ? "检查发现问题" : ""},
            {"handling", problem ? "当场告知" : ""},
            {"result", result},
            {"follow_up", problem ? "责令改正并跟踪复查" : "无需后续处置"},
            {"lenient", lenient}};
  }

  // Records, submits, approves and publishes the result of `target` in `task`; returns the
  // published record.
  Json Publish(int64_t task, int64_t target, const std::vector<int64_t>& team, const Json& items,
               const std::string& cannot = "") {
    EXPECT_FALSE(team.empty());
    if (team.empty()) return Json();
    ApiClient& a = Inspector(team[0]);
    Json body = {{"target_id", target}, {"department_id", kMarketDept}, {"revision", 0},
                 {"remark", ""},        {"cannot_inspect", cannot},     {"items", items}};
    if (!cannot.empty()) body["cannot_inspect_on"] = kFound;
    auto saved = a.Put("/api/v1/tasks/" + std::to_string(task) + "/records", body);
    EXPECT_EQ(saved.status, 200) << saved.raw;
    const std::string rec = "/api/v1/records/" + saved.body["id"].dump();
    auto sub = a.Post(rec + "/submit", {{"revision", saved.body["revision"]}});
    EXPECT_EQ(sub.status, 200) << sub.raw;
    if (team.size() > 1) {  // a team member with an account confirms (two signatures)
      auto confirmed =
          Inspector(team[1]).Post(rec + "/confirm", {{"revision", sub.body["revision"]}});
      EXPECT_EQ(confirmed.status, 200) << confirmed.raw;
    }
    auto app = approver_->Post(rec + "/approve");
    EXPECT_EQ(app.status, 200) << app.raw;
    auto pub = approver_->Post(rec + "/publish");
    EXPECT_EQ(pub.status, 200) << pub.raw;
    return pub.body;
  }

  Json Credit(int64_t target) {
    auto r = planner_->Get("/api/v1/targets/" + std::to_string(target) + "/credit");
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.body;
  }

  // The department's proposals by target id.
  std::map<int64_t, Json> Proposals(const std::string& query = "") {
    auto r = approver_->Get("/api/v1/credit/proposals?department_id=1" + query);
    EXPECT_EQ(r.status, 200) << r.raw;
    std::map<int64_t, Json> out;
    for (const auto& p : r.body["items"]) out[p["target_id"]] = p;
    return out;
  }

  int64_t AuditSeq() {
    auto conn = tdb_->db().Acquire();
    EXPECT_TRUE(conn.ok());
    auto head = store::ReadAuditHead(**conn);
    EXPECT_TRUE(head.ok());
    return head.ok() ? head->seq : -1;
  }

  std::unique_ptr<ApiClient> planner_, approver_, admin_, other_approver_;
  std::map<int64_t, std::unique_ptr<ApiClient>> inspectors_;
  std::vector<std::string> keys_;
  std::vector<int64_t> ids_;
};

TEST_P(CreditE2eTest, ListProposalsDueInTenWorkingDaysDecidedOrOverdue) {
  int64_t task = 0;
  auto teams = DrawTask({keys_[0], keys_[1], keys_[2], keys_[3], keys_[4]}, &task);
  ASSERT_EQ(teams.size(), 5u);
  const int64_t unreachable = ids_[0], clean = ids_[1], lenient = ids_[2], obstructed = ids_[3],
                falsified = ids_[4];

  Publish(task, unreachable, teams[unreachable], Json::array(), kUnreachable);
  Publish(task, clean, teams[clean],
          {Item("SCJG-GS-01", "未发现问题"), Item("SCJG-GS-02", "未发现问题")});
  Json lenient_rec = Publish(task, lenient, teams[lenient],
                             {Item("SCJG-GS-01", "未发现问题"),
                              Item("SCJG-GS-02", "未按规定公示应当公示的信息", /*lenient=*/true)});
  Publish(task, obstructed, teams[obstructed],
          {Item("SCJG-GS-01", "不配合检查情节严重"), Item("SCJG-GS-02", "未发现问题")});
  Publish(task, falsified, teams[falsified],
          {Item("SCJG-GS-01", "公示信息隐瞒真实情况、弄虚作假"), Item("SCJG-GS-02", "未发现问题")});

  // Every published result is in its target's credit history.
  for (int64_t id : {unreachable, clean, lenient, obstructed, falsified}) {
    Json c = Credit(id);
    ASSERT_FALSE(c["events"].empty()) << c;
    EXPECT_EQ(c["events"][0]["kind"], "publication") << c;
    EXPECT_EQ(c["events"][0]["date"].get<std::string>().size(), 10u);
  }

  // 无法联系: an abnormal-list proposal due on exactly the 10th working day after the inspection;
  // the National Day holiday lies in between, so it is more than two calendar weeks.
  auto proposals = Proposals();
  ASSERT_EQ(proposals.size(), 3u) << approver_->Get("/api/v1/credit/proposals").raw;
  const Json& p0 = proposals[unreachable];
  EXPECT_EQ(p0["list"], "abnormal");
  EXPECT_EQ(p0["list_name"], "经营异常名录");
  EXPECT_EQ(p0["reason"], kUnreachable);
  EXPECT_EQ(p0["found_on"], kFound);
  EXPECT_EQ(p0["status"], "pending");
  const auto& cal = WorkingCalendar::Official();
  const Date found = *Date::Parse(kFound);
  const Date due = *Date::Parse(p0["due_on"].get<std::string>());
  EXPECT_EQ(due, cal.AddWorkingDays(found, 10).value);
  EXPECT_EQ(cal.WorkingDaysBetween(found, due).value, 10);
  EXPECT_GT(due, found.AddDays(14));
  EXPECT_TRUE(p0["due_exact"].get<bool>());
  // 不配合检查情节严重 → 严重违法失信名单; 弄虚作假 → 经营异常名录.
  EXPECT_EQ(proposals[obstructed]["list"], "serious");
  EXPECT_EQ(proposals[falsified]["list"], "abnormal");
  // 免罚清单 and a clean result raise nothing.
  EXPECT_FALSE(proposals.contains(lenient));
  EXPECT_FALSE(proposals.contains(clean));
  // The 免罚清单 item is published as such, and recorded as such in the history.
  ASSERT_FALSE(lenient_rec["publications"].empty());
  EXPECT_NE(lenient_rec["publications"][0]["remark"].get<std::string>().find("免罚清单"),
            std::string::npos)
      << lenient_rec["publications"][0];
  EXPECT_NE(Credit(lenient)["events"][0]["summary"].get<std::string>().find("免罚清单"),
            std::string::npos);
  EXPECT_EQ(Credit(lenient)["risk_class"], "B");
  EXPECT_EQ(Credit(clean)["risk_class"], "B");

  // The inspection was in September: today every pending proposal is past its due date.
  auto today = approver_->Get("/api/v1/credit/proposals").body["today"].get<std::string>();
  ASSERT_GT(*Date::Parse(today), due);
  EXPECT_TRUE(p0["overdue"].get<bool>());
  EXPECT_LT(p0["working_days_left"].get<int64_t>(), 0);
  EXPECT_EQ(Proposals("&overdue=true").size(), 3u);

  // Refusals: each with its code and a Chinese message, none changing anything.
  const std::string decide = "/api/v1/credit/proposals/" + p0["id"].dump() + "/decide";
  const int64_t seq = AuditSeq();
  const size_t events = Credit(unreachable)["events"].size();
  auto wrong_dept = other_approver_->Post(decide, {{"decision", "approve"}, {"reason", "同意"}});
  EXPECT_EQ(wrong_dept.status, 403) << wrong_dept.raw;
  EXPECT_EQ(wrong_dept.code(), "PROPOSAL_WRONG_DEPARTMENT");
  EXPECT_NE(wrong_dept.body["message"].get<std::string>().find("审核人员"), std::string::npos);
  auto no_reason = approver_->Post(decide, {{"decision", "approve"}, {"reason", "  "}});
  EXPECT_EQ(no_reason.status, 400) << no_reason.raw;
  EXPECT_EQ(no_reason.code(), "DECISION_REASON_REQUIRED");
  EXPECT_EQ(planner_->Post(decide, {{"decision", "approve"}, {"reason", "同意"}}).status, 403);
  EXPECT_EQ(approver_->Post(decide, {{"decision", "maybe"}, {"reason", "同意"}}).code(),
            "FIELD_INVALID");
  EXPECT_EQ(approver_
                ->Post("/api/v1/credit/proposals/999999/decide",
                       {{"decision", "approve"}, {"reason", "同意"}})
                .code(),
            "PROPOSAL_NOT_FOUND");
  EXPECT_EQ(AuditSeq(), seq);
  EXPECT_EQ(Proposals()[unreachable]["status"], "pending");
  EXPECT_FALSE(Credit(unreachable)["abnormal"].get<bool>());
  EXPECT_EQ(Credit(unreachable)["events"].size(), events);

  // Approval: the flag, the directory history, the credit history, the audit log.
  auto approved = approver_->Post(
      decide, {{"decision", "approve"}, {"reason", "经实地核查，通过登记的住所无法联系"}});
  ASSERT_EQ(approved.status, 200) << approved.raw;
  EXPECT_EQ(approved.body["status"], "approved");
  EXPECT_EQ(approved.body["status_name"], "已列入");
  EXPECT_FALSE(approved.body["overdue"].get<bool>());
  Json c0 = Credit(unreachable);
  EXPECT_TRUE(c0["abnormal"].get<bool>());
  EXPECT_FALSE(c0["serious_violation"].get<bool>());
  EXPECT_EQ(c0["events"].back()["kind"], "decision");
  EXPECT_NE(c0["events"].back()["summary"].get<std::string>().find("决定列入经营异常名录"),
            std::string::npos);
  auto target = planner_->Get("/api/v1/targets/" + std::to_string(unreachable));
  ASSERT_EQ(target.status, 200) << target.raw;
  EXPECT_TRUE(target.body["abnormal"].get<bool>()) << target.raw;
  auto history = planner_->Get("/api/v1/targets/" + std::to_string(unreachable) + "/history");
  ASSERT_EQ(history.status, 200) << history.raw;
  EXPECT_NE(history.raw.find("决定列入经营异常名录"), std::string::npos) << history.raw;
  {
    auto conn = tdb_->db().Acquire();
    ASSERT_TRUE(conn.ok());
    auto audit = store::ListAuditFor(**conn, "credit_proposal", p0["id"].dump(), 10);
    ASSERT_TRUE(audit.ok());
    std::set<std::string> actions;
    for (const auto& e : *audit) actions.insert(e.action);
    EXPECT_TRUE(actions.contains("credit.propose"));
    EXPECT_TRUE(actions.contains("credit.approve"));
  }

  // Deciding twice is refused, and changes nothing.
  const int64_t seq2 = AuditSeq();
  auto twice = approver_->Post(decide, {{"decision", "reject"}, {"reason", "重复"}});
  EXPECT_EQ(twice.status, 409) << twice.raw;
  EXPECT_EQ(twice.code(), "PROPOSAL_ALREADY_DECIDED");
  EXPECT_EQ(AuditSeq(), seq2);
  EXPECT_EQ(Proposals()[unreachable]["status"], "approved");

  // A rejection with its reason sets no flag.
  auto rejected =
      approver_->Post("/api/v1/credit/proposals/" + proposals[falsified]["id"].dump() + "/decide",
                      {{"decision", "reject"}, {"reason", "已补正公示信息，情节轻微"}});
  ASSERT_EQ(rejected.status, 200) << rejected.raw;
  EXPECT_EQ(rejected.body["status_name"], "不予列入");
  EXPECT_FALSE(Credit(falsified)["abnormal"].get<bool>());

  // The one left undecided lapses: it alone is listed as overdue.
  auto overdue = Proposals("&overdue=true");
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_TRUE(overdue.contains(obstructed));
  EXPECT_EQ(overdue[obstructed]["list_name"], "严重违法失信名单");
  EXPECT_TRUE(overdue[obstructed]["overdue"].get<bool>());
  EXPECT_FALSE(Credit(obstructed)["serious_violation"].get<bool>());

  // The decisions export in the credit platforms' columns.
  auto csv = approver_->Get("/api/v1/credit/decisions.csv?list=abnormal");
  ASSERT_EQ(csv.status, 200) << csv.raw;
  EXPECT_NE(csv.raw.find("统一社会信用代码"), std::string::npos);
  EXPECT_NE(csv.raw.find(keys_[0]), std::string::npos);
  EXPECT_NE(csv.raw.find("不予列入"), std::string::npos);
  EXPECT_EQ(csv.raw.find(keys_[3]), std::string::npos);  // pending: not a decision
  // Another department's approver (商务局, same region) may not list the market bureau's proposals:
  // 互认共享 lets it read published results on a target's 信用记录, not work the proposals queue.
  EXPECT_EQ(other_approver_->Get("/api/v1/credit/proposals?department_id=1").status, 403);
}

TEST_P(CreditE2eTest, RiskClassMovedByAResultShowsInTheNextPreview) {
  // Before: both targets are 一般对象 (class B is not a risk stratum).
  Json before = NewTask("下一年度任务（之前）", {keys_[5], keys_[6]}, "2027-01-04", "2027-03-31");
  ASSERT_TRUE(before.contains("id"));
  EXPECT_EQ(Strata(before["id"]), (std::map<std::string, int64_t>{{"一般对象", 2}}));

  int64_t task = 0;
  auto teams = DrawTask({keys_[5]}, &task);
  ASSERT_EQ(teams.size(), 1u);
  Publish(task, ids_[5], teams[ids_[5]],
          {Item("SCJG-GS-01", "公示信息隐瞒真实情况、弄虚作假"), Item("SCJG-GS-02", "未发现问题")});
  // The department's default rule: 弄虚作假 moves the target to D.
  Json c = Credit(ids_[5]);
  EXPECT_EQ(c["risk_class"], "D");
  bool moved = false;
  for (const auto& e : c["events"])
    moved = moved || (e["kind"] == "risk_class" &&
                      e["summary"].get<std::string>().find("由B类调整为D类") != std::string::npos);
  EXPECT_TRUE(moved) << c;

  // The next task's preview: the moved target is in 风险对象（D类）, the other stays 一般对象.
  Json next = NewTask("下一年度任务", {keys_[5], keys_[6]}, "2027-01-04", "2027-03-31");
  ASSERT_TRUE(next.contains("id"));
  EXPECT_EQ(Strata(next["id"]),
            (std::map<std::string, int64_t>{{"风险对象（D类）", 1}, {"一般对象", 1}}));
}

INSTANTIATE_TEST_SUITE_P(Dialects, CreditE2eTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::testing
