// 互认共享, the inspection history at go-live and the credit results export through the real
// server and the real `suiji` command, on SQLite and PostgreSQL (issue 13 "Mutual recognition"
// with acceptance 5, "History at go-live", "Exports", acceptance 6):
// - a department of the same region reads another department's published results of a target
//   (credit record, task preview) and cannot change them; a department of an unrelated region
//   sees none of them;
// - the preview lists the pool members another department of the region inspected recently, and
//   a department's rule (policy.mutual_recognition_days) excludes them, counted like every other
//   exclusion and kept with the committed task;
// - `suiji import inspections FILE` refuses a file with bad rows as a whole, reporting every one,
//   and stores a good file so that minimum intervals and yearly caps count it at once;
// - the credit results export (.csv / .xlsx, API and CLI) reads back with the credit platforms'
//   columns; every refusal is a Chinese error with a code that changes nothing.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "core/ids.h"
#include "core/registers/item.h"
#include "core/registers/target.h"
#include "core/time.h"
#include "store/audit_store.h"
#include "store/credit/mutual_store.h"
#include "store/org_store.h"
#include "store/registers/item_store.h"
#include "store/registers/target_store.h"
#include "support/api_client.h"
#include "support/demo_server_fixture.h"
#include "support/demo_targets.h"
#include "support/process.h"
#include "support/test_db.h"
#include "tabular/reader.h"

namespace suiji::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr int64_t kMarketDept = 1;    // 金水区市场监督管理局
constexpr int64_t kCommerceDept = 2;  // 金水区商务局 (same region 410105)
constexpr char kMarketName[] = "郑州市金水区市场监督管理局";
constexpr char kPassword[] = "Huren-2026-ceshi";

Date Today() {
  return ChinaDate(
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()));
}

class MutualE2eTest : public DemoServerTest {
 protected:
  MutualE2eTest() : DemoServerTest("mutual") { demo_args_ = {"--cycle"}; }

  // The demo cycle has published results of 金水区市场监督管理局. Added here: a department of an
  // unrelated region (中原区) with one item, and four enterprises nobody has inspected.
  void BeforeServe() override {
    auto conn = tdb_->db().Acquire();
    ASSERT_TRUE(conn.ok());
    store::Connection& c = **conn;
    const std::string now = "2026-01-01T00:00:00.000Z";
    ASSERT_TRUE(store::UpsertRegion(c, {"410102", "中原区", "410100", "county"}).ok());
    Department zy;
    zy.code = "ZY-SCJG";
    zy.name = "郑州市中原区市场监督管理局";
    zy.short_name = "中原区市场监管局";
    zy.region_code = "410102";
    auto zy_id = store::InsertDepartment(c, zy, now);
    ASSERT_TRUE(zy_id.ok()) << zy_id.status().ToString();
    zy_dept_ = *zy_id;
    // The same item as the market department's SCJG-GS-01, in 中原区's own list.
    auto items = store::CurrentItemVersions(c, {kMarketDept});
    ASSERT_TRUE(items.ok());
    for (const auto& v : *items) {
      if (v.item.code != "SCJG-GS-01") continue;
      registers::ItemVersion copy = v;
      copy.item.department_id = zy_dept_;
      auto id = store::InsertItemHead(c, copy.item, now);
      ASSERT_TRUE(id.ok()) << id.status().ToString();
      copy.item_id = *id;
      copy.version = 1;
      copy.published_at.reset();
      ASSERT_TRUE(store::InsertItemVersion(c, copy).ok());
      ASSERT_TRUE(store::MarkItemVersionPublished(c, *id, 1, now, "test").ok());
    }
    for (int i = 0; i < 4; ++i) {
      registers::Target t = DemoEnterprise({"HRJ", "互认测试", "钱互认", "经三路", 40}, i);
      auto id = store::InsertTarget(c, t, "2026-01-01T00:00:00.000+08:00");
      ASSERT_TRUE(id.ok()) << id.status().ToString();
      fresh_keys_.push_back(t.uscc);
      fresh_ids_.push_back(*id);
    }
    // What the demo cycle published: the market department's results.
    auto rows = store::ListRecognizedInspections(c, {});
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    published_ = *rows;
    ASSERT_FALSE(published_.empty());
    for (const auto& r : published_) {
      ASSERT_EQ(r.department_id, kMarketDept);
      ASSERT_EQ(r.source, "publication");
    }
  }

  void SetUp() override {
    DemoServerTest::SetUp();
    if (HasFatalFailure()) return;
    planner_ = Client("planner");
    planner_sw_ = Client("planner.sw");
    approver_sw_ = Client("approver.sw");
    admin_ = Client("admin");
    auto u = admin_->Post(
        "/api/v1/users",
        {{"username", "zy.planner"},
         {"display_name", "周中原"},
         {"password", kPassword},
         {"roles", {{{"role", "planner"}, {"scope", "department:" + std::to_string(zy_dept_)}}}}});
    ASSERT_EQ(u.status, 201) << u.raw;
    planner_zy_ = Client("zy.planner", kPassword);
  }

  std::vector<std::string> PublishedKeys() const {
    std::vector<std::string> out;
    for (const auto& r : published_) out.push_back(r.credit_code);
    return out;
  }

  int64_t NewTask(ApiClient& who, int64_t department, const std::vector<std::string>& items,
                  const std::vector<std::string>& keys) {
    auto t = who.Post("/api/v1/tasks", {{"title", "互认共享测试任务"},
                                        {"department_id", department},
                                        {"task_type", "定向"},
                                        {"window_from", Today().AddDays(1).ToString()},
                                        {"window_to", Today().AddDays(60).ToString()},
                                        {"items", items},
                                        {"filter", {{"v", 1}, {"keys", keys}}},
                                        {"ratio", "100"}});
    EXPECT_EQ(t.status, 201) << t.raw;
    return t.body.value("id", int64_t{0});
  }

  Json Preview(ApiClient& who, int64_t task) {
    auto p = who.Get("/api/v1/tasks/" + std::to_string(task) + "/preview");
    EXPECT_EQ(p.status, 200) << p.raw;
    return p.body;
  }

  static int64_t Excluded(const Json& preview, const std::string& reason) {
    for (const auto& e : preview["exclusions"])
      if (e["reason"] == reason) return e["count"];
    return -1;
  }

  int64_t AuditSeq() {
    auto conn = tdb_->db().Acquire();
    EXPECT_TRUE(conn.ok());
    auto head = store::ReadAuditHead(**conn);
    EXPECT_TRUE(head.ok());
    return head.ok() ? head->seq : -1;
  }

  int64_t ImportedRows() {
    auto conn = tdb_->db().Acquire();
    EXPECT_TRUE(conn.ok());
    auto rows = store::ListPastInspections(**conn, std::nullopt);
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? static_cast<int64_t>(rows->size()) : -1;
  }

  // Publishes new rules for the department with `days` of mutual recognition.
  void SetRecognitionDays(ApiClient& planner, ApiClient& approver, int64_t dept, int days) {
    const std::string path = "/api/v1/departments/" + std::to_string(dept) + "/rules";
    auto rules = planner.Get(path);
    ASSERT_EQ(rules.status, 200) << rules.raw;
    Json body = rules.body["rules"];
    body["policy"]["mutual_recognition_days"] = days;
    auto saved = planner.Put(path, body);
    ASSERT_EQ(saved.status, 200) << saved.raw;
    auto pub =
        approver.Post(path + "/versions/" + saved.body["version"].dump() + "/publish", Json{});
    ASSERT_EQ(pub.status, 200) << pub.raw;
  }

  fs::path WriteCsv(const std::string& name, const std::string& text) {
    fs::path p = data_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

  CommandResult Suiji(std::vector<std::string> args) {
    args.insert(args.begin(), SuijiBinary());
    args.push_back("--db");
    args.push_back(tdb_->url());
    return RunCommand(args, "", std::chrono::seconds(120));
  }

  int64_t zy_dept_ = 0;
  std::vector<std::string> fresh_keys_;
  std::vector<int64_t> fresh_ids_;
  std::vector<store::RecognizedInspectionRow> published_;
  std::unique_ptr<ApiClient> planner_, planner_sw_, approver_sw_, admin_, planner_zy_;
};

TEST_P(MutualE2eTest, SameRegionReadsPublishedResultsAndExcludesByRuleUnrelatedRegionDoesNot) {
  const store::RecognizedInspectionRow& first = published_.front();
  const std::string credit = "/api/v1/targets/" + std::to_string(first.target_id) + "/credit";

  // 商务局 (same region) reads the market department's published result of the target.
  auto same = planner_sw_->Get(credit);
  ASSERT_EQ(same.status, 200) << same.raw;
  ASSERT_EQ(same.body["results"].size(), 1u) << same.raw;
  const Json& result = same.body["results"][0];
  EXPECT_EQ(result["department_id"], kMarketDept);
  EXPECT_EQ(result["department_name"], kMarketName);
  EXPECT_EQ(result["source"], "publication");
  EXPECT_EQ(result["result"], first.result);
  EXPECT_EQ(result["publication_no"], first.publication_no);
  EXPECT_EQ(result["completed_on"], first.completed_on);
  bool history = false;
  for (const auto& e : same.body["events"])
    history = history || (e["kind"] == "publication" && e["department_id"] == kMarketDept);
  EXPECT_TRUE(history) << same.raw;

  // 中原区 (an unrelated region) sees the target, but none of 金水区's results or history.
  auto other = planner_zy_->Get(credit);
  ASSERT_EQ(other.status, 200) << other.raw;
  EXPECT_TRUE(other.body["results"].empty()) << other.raw;
  EXPECT_TRUE(other.body["events"].empty()) << other.raw;
  EXPECT_TRUE(other.body["proposals"].empty()) << other.raw;

  // Reading is all: 商务局's approver cannot decide the market department's proposal.
  std::string proposal;
  for (const auto& r : published_) {
    auto c = approver_sw_->Get("/api/v1/targets/" + std::to_string(r.target_id) + "/credit");
    for (const auto& p : c.body["proposals"]) proposal = p["id"].dump();
  }
  ASSERT_FALSE(proposal.empty()) << "the demo cycle publishes a 未按规定公示 result";
  const int64_t seq = AuditSeq();
  auto decide = approver_sw_->Post("/api/v1/credit/proposals/" + proposal + "/decide",
                                   {{"decision", "approve"}, {"reason", "同意"}});
  EXPECT_EQ(decide.status, 403) << decide.raw;
  EXPECT_EQ(decide.code(), "PROPOSAL_WRONG_DEPARTMENT");
  EXPECT_EQ(AuditSeq(), seq);

  // 商务局's preview over the published targets and two nobody inspected: the market
  // department's results are listed; its rule is off, so nothing is excluded for them.
  std::vector<std::string> keys = PublishedKeys();
  keys.push_back(fresh_keys_[0]);
  keys.push_back(fresh_keys_[1]);
  const int64_t task = NewTask(*planner_sw_, kCommerceDept, {"SW-01"}, keys);
  ASSERT_GT(task, 0);
  Json p = Preview(*planner_sw_, task);
  const auto n = static_cast<int64_t>(published_.size());
  EXPECT_EQ(p["mutual_recognition"]["count"], n) << p["mutual_recognition"];
  EXPECT_EQ(p["mutual_recognition"]["rule_days"], 0);
  ASSERT_EQ(p["mutual_recognition"]["items"].size(), published_.size());
  std::set<int64_t> listed;
  for (const auto& line : p["mutual_recognition"]["items"]) {
    listed.insert(line["target_id"].get<int64_t>());
    EXPECT_EQ(line["department"], kMarketName);
    EXPECT_EQ(line["source"], "publication");
    EXPECT_FALSE(line["result"].get<std::string>().empty());
    EXPECT_FALSE(line["excluded"].get<bool>());
  }
  for (const auto& r : published_) EXPECT_TRUE(listed.contains(r.target_id));
  EXPECT_EQ(Excluded(p, "mutual_recognition"), 0);
  EXPECT_EQ(p["pool_size"], n + 2);

  // A refused rule changes nothing.
  const std::string rules = "/api/v1/departments/2/rules";
  auto before = planner_sw_->Get(rules);
  Json bad = before.body["rules"];
  bad["policy"]["mutual_recognition_days"] = -1;
  auto refused = planner_sw_->Put(rules, bad);
  EXPECT_EQ(refused.status, 400) << refused.raw;
  EXPECT_FALSE(refused.code().empty());
  EXPECT_NE(refused.raw.find("互认"), std::string::npos) << refused.raw;
  EXPECT_EQ(planner_sw_->Get(rules).body["version"], before.body["version"]);

  // With a 90-day recognition period, the department leaves them out: counted like any other
  // exclusion, and marked in the list.
  SetRecognitionDays(*planner_sw_, *approver_sw_, kCommerceDept, 90);
  p = Preview(*planner_sw_, task);
  EXPECT_EQ(Excluded(p, "mutual_recognition"), n);
  EXPECT_EQ(p["excluded"], n);
  EXPECT_EQ(p["pool_size"], 2);
  EXPECT_EQ(p["mutual_recognition"]["rule_days"], 90);
  EXPECT_EQ(p["mutual_recognition"]["look_back_days"], 90);
  for (const auto& line : p["mutual_recognition"]["items"])
    EXPECT_TRUE(line["excluded"].get<bool>());
  for (const auto& e : p["exclusions"]) {
    if (e["reason"] == "mutual_recognition") {
      EXPECT_EQ(e["label"], "同区域其他部门近期已检查（结果互认）");
    }
  }

  // The commitment keeps the counts with the task, as for the other exclusions.
  auto commit = planner_sw_->Post("/api/v1/tasks/" + std::to_string(task) + "/commit",
                                  {{"sources", {"现场见证人掷骰"}}});
  ASSERT_EQ(commit.status, 200) << commit.raw;
  auto kept = planner_sw_->Get("/api/v1/tasks/" + std::to_string(task));
  ASSERT_EQ(kept.status, 200) << kept.raw;
  EXPECT_EQ(Excluded(kept.body["preview"], "mutual_recognition"), n) << kept.body["preview"];
  EXPECT_EQ(kept.body["preview"]["pool_size"], 2);
  EXPECT_EQ(kept.body["preview"]["mutual_recognition"]["count"], n);

  // 中原区's preview over the same targets lists none of 金水区's results.
  const int64_t zy_task = NewTask(*planner_zy_, zy_dept_, {"SCJG-GS-01"}, keys);
  ASSERT_GT(zy_task, 0);
  Json zp = Preview(*planner_zy_, zy_task);
  EXPECT_EQ(zp["mutual_recognition"]["count"], 0) << zp["mutual_recognition"];
  EXPECT_TRUE(zp["mutual_recognition"]["items"].empty());
  EXPECT_EQ(Excluded(zp, "mutual_recognition"), 0);
  EXPECT_EQ(zp["pool_size"], n + 2);

  // The credit results export: the region's, not the unrelated one's.
  auto csv = planner_sw_->Get("/api/v1/credit/results.csv");
  ASSERT_EQ(csv.status, 200) << csv.raw;
  EXPECT_NE(csv.raw.find(first.publication_no), std::string::npos);
  EXPECT_NE(csv.raw.find("抽查检查结果公示"), std::string::npos);
  auto zy_csv = planner_zy_->Get("/api/v1/credit/results.csv");
  ASSERT_EQ(zy_csv.status, 200) << zy_csv.raw;
  EXPECT_NE(zy_csv.raw.find("统一社会信用代码"), std::string::npos);
  EXPECT_EQ(zy_csv.raw.find(first.publication_no), std::string::npos);
}

TEST_P(MutualE2eTest, ImportedInspectionsAreAllOrNothingAndCountFromDayOne) {
  const std::string header =
      "统一社会信用代码,市场主体名称,检查部门,检查事项,检查日期,检查结果,备注\n";
  const Date today = Today();
  const std::string last_month = today.AddDays(-30).ToString();
  auto unknown_code = MakeUscc("91", "410105", "HRJ99999");
  ASSERT_TRUE(unknown_code.ok());
  const std::string good_row =
      fresh_keys_[0] + ",,郑州市金水区市场监督管理局,SCJG-SP-01," + last_month + ",未发现问题,\n";

  // A file with bad rows: every one is reported, nothing is stored, nothing is audited.
  const int64_t seq = AuditSeq();
  fs::path bad = WriteCsv(
      "bad.csv", header + *unknown_code + ",,郑州市金水区市场监督管理局,SCJG-SP-01," + last_month +
                     ",未发现问题,\n" +  // row 2
                     fresh_keys_[1] + ",,不存在的局,SCJG-SP-01," + last_month +
                     ",未发现问题,\n" +  // 3
                     fresh_keys_[1] + ",,郑州市金水区市场监督管理局,不存在的事项," + last_month +
                     ",未发现问题,\n" +  // row 4
                     fresh_keys_[1] + ",,郑州市金水区市场监督管理局,SCJG-SP-01," +
                     today.AddDays(5).ToString() + ",未发现问题,\n" +  // row 5
                     fresh_keys_[2] + ",,郑州市金水区市场监督管理局,SCJG-SP-01," + last_month +
                     ",还行吧,\n" +  // row 6
                     fresh_keys_[2] + ",错误的名称,郑州市金水区市场监督管理局,SCJG-SP-01," +
                     last_month + ",未发现问题,\n" +  // row 7
                     good_row +                       // row 8
                     good_row);                       // row 9: the same inspection again
  auto refused = Suiji({"import", "inspections", bad.string()});
  EXPECT_EQ(refused.exit_code, 2) << refused.out << refused.err;
  EXPECT_NE(refused.out.find("导入失败，未做任何修改"), std::string::npos) << refused.out;
  for (const char* expected :
       {"第 2 行", "检查对象名录库中没有该检查对象", "第 3 行", "部门不存在", "第 4 行",
        "不在该部门的抽查事项清单中", "第 5 行", "不能晚于今天", "第 6 行", "检查结果不在字典中",
        "第 7 行", "名称与代码登记的检查对象", "第 9 行", "与第 8 行是同一次检查"})
    EXPECT_NE(refused.out.find(expected), std::string::npos) << expected << "\n" << refused.out;
  EXPECT_EQ(refused.out.find("第 8 行，"), std::string::npos) << refused.out;
  EXPECT_EQ(ImportedRows(), 0);
  EXPECT_EQ(AuditSeq(), seq);

  // The good file: one object inspected last month for a food item (180-day interval), one
  // inspected twice this year (the yearly cap is 2).
  const std::string cap1 = today.AddDays(-1).ToString(), cap2 = today.AddDays(-2).ToString();
  fs::path good =
      WriteCsv("good.csv", header + good_row + fresh_keys_[1] + ",,JS-SCJG,SCJG-GS-01," + cap1 +
                               ",未发现问题,上线前纸质记录\n" + fresh_keys_[1] +
                               ",,郑州市金水区市场监督管理局,企业年度报告公示信息抽查," + cap2 +
                               ",发现问题已责令改正,\n");
  auto stored = Suiji({"import", "inspections", good.string()});
  ASSERT_EQ(stored.exit_code, 0) << stored.out << stored.err;
  EXPECT_NE(stored.out.find("已导入历史检查记录：共 3 行，新增 3"), std::string::npos)
      << stored.out;
  EXPECT_EQ(ImportedRows(), 3);
  {
    auto conn = tdb_->db().Acquire();
    ASSERT_TRUE(conn.ok());
    auto audit = store::ListAuditFor(**conn, "register", "inspections", 10);
    ASSERT_TRUE(audit.ok());
    ASSERT_EQ(audit->size(), 1u);
    EXPECT_EQ(audit->front().action, "register.import");
  }

  // The next previews count them at once.
  const int64_t food = NewTask(*planner_, kMarketDept, {"SCJG-SP-01"},
                               {fresh_keys_[0], fresh_keys_[2], fresh_keys_[3]});
  ASSERT_GT(food, 0);
  Json fp = Preview(*planner_, food);
  EXPECT_EQ(Excluded(fp, "min_interval"), 1) << fp["exclusions"];
  EXPECT_EQ(fp["pool_size"], 2);
  const int64_t general = NewTask(*planner_, kMarketDept, {"SCJG-GS-01"},
                                  {fresh_keys_[1], fresh_keys_[2], fresh_keys_[3]});
  ASSERT_GT(general, 0);
  Json gp = Preview(*planner_, general);
  EXPECT_EQ(Excluded(gp, "yearly_cap"), 1) << gp["exclusions"];
  EXPECT_EQ(gp["pool_size"], 2);

  // 互认共享: the region's other departments see the imported inspections too.
  const int64_t sw =
      NewTask(*planner_sw_, kCommerceDept, {"SW-01"}, {fresh_keys_[0], fresh_keys_[3]});
  ASSERT_GT(sw, 0);
  Json sp = Preview(*planner_sw_, sw);
  ASSERT_EQ(sp["mutual_recognition"]["count"], 1) << sp["mutual_recognition"];
  EXPECT_EQ(sp["mutual_recognition"]["items"][0]["key"], fresh_keys_[0]);
  EXPECT_EQ(sp["mutual_recognition"]["items"][0]["source"], "import");
  EXPECT_EQ(sp["mutual_recognition"]["items"][0]["completed_on"], last_month);
  auto rec = planner_sw_->Get("/api/v1/targets/" + std::to_string(fresh_ids_[1]) + "/credit");
  ASSERT_EQ(rec.status, 200);
  ASSERT_EQ(rec.body["results"].size(), 2u) << rec.raw;
  EXPECT_EQ(rec.body["results"][1]["remark"], "上线前纸质记录");

  // Importing the same file again refuses every row, and stores nothing more.
  auto again = Suiji({"import", "inspections", good.string()});
  EXPECT_EQ(again.exit_code, 2) << again.out;
  EXPECT_NE(again.out.find("该次检查已导入过"), std::string::npos) << again.out;
  EXPECT_EQ(ImportedRows(), 3);

  // The export reads back: the history in the import's own columns (re-importing it finds
  // every row imported already), and the credit results with the credit platforms' columns.
  const fs::path history = data_ / "history.xlsx";
  auto exported = Suiji({"export", "inspections", "--format", "xlsx", "--out", history.string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.out << exported.err;
  auto reimport = Suiji({"import", "inspections", history.string()});
  EXPECT_EQ(reimport.exit_code, 2) << reimport.out;
  EXPECT_NE(reimport.out.find("共 3 行，其中 3 行"), std::string::npos) << reimport.out;

  const fs::path results = data_ / "credit.xlsx";
  auto cli = Suiji({"export", "credit-results", "--format", "xlsx", "--out", results.string(),
                    "--since", today.AddDays(-60).ToString()});
  ASSERT_EQ(cli.exit_code, 0) << cli.out << cli.err;
  auto http = planner_->Get("/api/v1/credit/results.xlsx?since=" + today.AddDays(-60).ToString());
  ASSERT_EQ(http.status, 200);
  for (const std::string& bytes : {http.raw, [&] {
                                     std::ifstream in(results, std::ios::binary);
                                     return std::string(std::istreambuf_iterator<char>(in), {});
                                   }()}) {
    std::vector<std::vector<std::string>> rows;
    Status s = tabular::ReadTable(bytes, tabular::Format::kXlsx, {},
                                  [&](size_t, const std::vector<std::string_view>& cells) {
                                    rows.emplace_back(cells.begin(), cells.end());
                                    return true;
                                  });
    ASSERT_TRUE(s.ok()) << s.ToString();
    ASSERT_GE(rows.size(), 4u);
    EXPECT_EQ(rows[0][0], "统一社会信用代码");
    EXPECT_EQ(rows[0][2], "检查实施机关");
    EXPECT_EQ(rows[0][4], "检查结果");
    EXPECT_EQ(rows[0][13], "数据来源");
    int imported = 0, publications = 0;
    for (size_t i = 1; i < rows.size(); ++i) {
      if (rows[i][13] == "历史检查记录导入") {
        ++imported;
        EXPECT_EQ(rows[i][2], kMarketName);
      }
      if (rows[i][13] == "抽查检查结果公示") ++publications;
    }
    EXPECT_EQ(imported, 3);
    EXPECT_EQ(publications, static_cast<int>(published_.size()));
  }
  auto bad_since = planner_->Get("/api/v1/credit/results.csv?since=yesterday");
  EXPECT_EQ(bad_since.status, 400);
  EXPECT_FALSE(bad_since.code().empty());
}

INSTANTIATE_TEST_SUITE_P(Dialects, MutualE2eTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::testing
