// 一公开 through the real server, on SQLite and PostgreSQL (issue 11, acceptance 1–3 and 5):
// a drawn task → records for every item with evidence → submit → 退回 → fix → confirm → approve
// → publish; the public endpoint shows the redacted record; the deadline is exactly 20 working
// days after completion across the National Day holiday; a second task left unpublished appears
// as overdue; a 无法联系 outcome updates the target and its history and the yearly cap counts
// the recorded inspection; who may not approve or publish is refused; a published record cannot
// be edited, only corrected by a new publication; evidence over the cap, of a disallowed type or
// cut off mid-upload leaves no file and no reference.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/calendar.h"
#include "core/hash.h"
#include "core/ids.h"
#include "core/registers/target.h"
#include "store/audit_store.h"
#include "store/plans/plan_store.h"
#include "store/registers/people_store.h"
#include "store/registers/target_store.h"
#include "support/api_client.h"
#include "support/demo_server_fixture.h"
#include "support/process.h"
#include "support/task_ceremony.h"
#include "support/task_pages.h"
#include "support/test_db.h"

namespace suiji::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr int64_t kMarketDept = 1;   // 金水区市场监督管理局
constexpr int64_t kHuayuanUnit = 7;  // 花园路市场监管所
constexpr char kPassword[] = "Yigongkai-2026-ceshi";
constexpr char kCompleted[] = "2026-09-29";  // the Tuesday before the National Day holiday

// A tiny but real JPEG header and a PDF: evidence is typed by content.
const std::string kJpeg =
    std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 20) +
    std::string(4000, '\x5A') + "\xFF\xD9";
const std::string kPdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

class InspectionsE2eTest : public DemoServerTest {
 protected:
  InspectionsE2eTest() : DemoServerTest("inspections") {}
  // The server refuses an oversized upload before reading it; the client's write then meets a
  // closed socket, which must fail the write, not kill the test.
  static void SetUpTestSuite() { std::signal(SIGPIPE, SIG_IGN); }

  void BeforeServe() override { InsertTargets(); }
  void SetUp() override {
    DemoServerTest::SetUp();
    if (HasFatalFailure()) return;
    planner_ = Client("planner");
    approver_ = Client("approver");
    admin_ = Client("admin");
    other_approver_ = Client("approver.sw");
    public_ = std::make_unique<ApiClient>(server_->port());
  }

  // Six 重点 enterprises of 花园路 for this test.
  void InsertTargets() {
    auto conn = tdb_->db().Acquire();
    ASSERT_TRUE(conn.ok());
    for (int i = 0; i < 6; ++i) {
      registers::Target t;
      char body[32];
      std::snprintf(body, sizeof body, "YGK%05d", i);
      auto uscc = MakeUscc("91", "410105", body);
      ASSERT_TRUE(uscc.ok()) << uscc.status().ToString();
      t.uscc = *uscc;
      t.name = "郑州公示测试" + std::to_string(i) + "号商贸有限公司";
      t.type = "企业";
      t.legal_rep = "赵公示";
      t.address = "郑州市金水区农业路" + std::to_string(10 + i) + "号";
      t.region_code = "410105002";
      t.unit_id = kHuayuanUnit;
      t.industry_code = "51";
      t.risk_class = "B";
      t.tags = {"重点监管"};  // 重点对象 are always drawn: a task over their keys takes them all
      auto id = store::InsertTarget(**conn, t, "2026-01-01T00:00:00.000+08:00");
      ASSERT_TRUE(id.ok()) << id.status().ToString();
      keys_.push_back(t.uscc);
      ids_.push_back(*id);
    }
  }

  // An ad hoc 100% task over `keys` with both annual-report items, from September (so that a
  // completion date before the National Day holiday lies in its window), drawn and dispatched.
  // Returns the task's assignments (target id → inspector ids).
  std::map<int64_t, std::vector<int64_t>> DrawTask(const std::string& title,
                                                   const std::vector<std::string>& keys,
                                                   int64_t* task_id) {
    auto t = planner_->Post("/api/v1/tasks", {{"title", title},
                                              {"department_id", kMarketDept},
                                              {"task_type", "定向"},
                                              {"window_from", "2026-09-01"},
                                              {"window_to", "2026-12-31"},
                                              {"items", {"SCJG-GS-01", "SCJG-GS-02"}},
                                              {"filter", {{"v", 1}, {"keys", keys}}},
                                              {"ratio", "100"}});
    EXPECT_EQ(t.status, 201) << t.raw;
    if (t.status != 201) return {};
    *task_id = t.body["id"];
    return DrawAndDispatch(*planner_, *task_id, kMarketDept);
  }

  // A user with `roles` (role → scope) linked to inspector `inspector_id`.
  std::unique_ptr<ApiClient> InspectorUser(const std::string& username, int64_t inspector_id,
                                           const std::vector<std::string>& roles,
                                           int64_t department_id = kMarketDept) {
    Json grants = Json::array();
    for (const auto& r : roles)
      grants.push_back({{"role", r}, {"scope", "department:" + std::to_string(department_id)}});
    auto u = admin_->Post("/api/v1/users", {{"username", username},
                                            {"display_name", username},
                                            {"password", kPassword},
                                            {"roles", grants}});
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
    return Client(username, kPassword);
  }

  static Json Item(const std::string& code, const std::string& date, const std::string& result,
                   const std::string& findings = "") {
    return {{"item_code", code},
            {"methods", {"实地检查", "书面检查"}},
            {"inspected_on", date},
            {"findings", findings},
            {"handling", findings.empty() ? "" : "当场责令限期公示"},
            {"result", result},
            {"follow_up", findings.empty() ? "无需后续处置" : "责令改正并跟踪复查"}};
  }

  Json Save(ApiClient& c, int64_t task_id, int64_t target_id, int64_t revision, const Json& items,
            const std::string& remark = "", const std::string& cannot = "",
            const std::string& cannot_on = "") {
    Json body = {{"target_id", target_id},
                 {"department_id", kMarketDept},
                 {"revision", revision},
                 {"remark", remark},
                 {"cannot_inspect", cannot}};
    body["items"] = items;
    if (!cannot_on.empty()) body["cannot_inspect_on"] = cannot_on;
    auto r = c.Put("/api/v1/tasks/" + std::to_string(task_id) + "/records", body);
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.body;
  }

  size_t EvidenceFiles() const {
    size_t n = 0;
    std::error_code ec;
    if (!fs::exists(data_ / "evidence", ec)) return 0;
    for (auto it = fs::recursive_directory_iterator(data_ / "evidence", ec);
         it != fs::recursive_directory_iterator(); ++it)
      if (it->is_regular_file()) ++n;
    return n;
  }

  // The session token of a fresh login, for a raw connection.
  std::string Token(const std::string& username, const std::string& password) {
    httplib::Client h("127.0.0.1", server_->port());
    auto r = h.Post("/api/v1/session", Json{{"username", username}, {"password", password}}.dump(),
                    "application/json");
    if (!r) return "";
    const std::string cookie = r->get_header_value("Set-Cookie");
    const auto eq = cookie.find('='), semi = cookie.find(';');
    return eq == std::string::npos ? "" : cookie.substr(eq + 1, semi - eq - 1);
  }

  // Sends a POST announcing `length` body bytes but only `part` of them, then closes after
  // reading whatever the server answered within two seconds (the answer, or "").
  std::string RawExchange(const std::string& path, const std::string& token, size_t length,
                          const std::string& part) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(server_->port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    const std::string bytes =
        "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
        "\r\nContent-Type: image/jpeg\r\nContent-Length: " + std::to_string(length) + "\r\n\r\n" +
        part;
    EXPECT_EQ(send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(bytes.size()));
    std::string answer;
    if (part.empty()) {
      timeval tv{2, 0};
      setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      char buf[4096];
      for (ssize_t n; (n = recv(fd, buf, sizeof buf, 0)) > 0;)
        answer.append(buf, static_cast<size_t>(n));
    }
    close(fd);
    return answer;
  }

  std::unique_ptr<ApiClient> planner_, approver_, admin_, other_approver_, public_;
  std::vector<std::string> keys_;
  std::vector<int64_t> ids_;
};

TEST_P(InspectionsE2eTest, RecordReviewPublishAndTheDeadlineAcrossTheHoliday) {
  int64_t task = 0;
  auto teams = DrawTask("一公开测试任务", {keys_[0], keys_[1]}, &task);
  ASSERT_EQ(teams.size(), 2u) << planner_->Get("/api/v1/tasks/" + std::to_string(task)).raw;
  const int64_t target = ids_[0];
  ASSERT_GE(teams[target].size(), 2u);
  auto a = InspectorUser("jc.a", teams[target][0], {"inspector"});
  // The co-inspector is also an approver of the department: they may not approve what they
  // inspected.
  auto b = InspectorUser("jc.b", teams[target][1], {"inspector", "approver"});
  const std::string records = "/api/v1/tasks/" + std::to_string(task) + "/records";

  // 未录入 before anything is saved.
  auto empty = a->Get(records + "?target_id=" + std::to_string(target) + "&department_id=1");
  ASSERT_EQ(empty.status, 200) << empty.raw;
  ASSERT_EQ(empty.body["items"].size(), 1u);
  EXPECT_TRUE(empty.body["items"][0]["id"].is_null());
  EXPECT_EQ(empty.body["items"][0]["status_name"], "未录入");
  EXPECT_EQ(empty.body["items"][0]["item_codes"], Json({"SCJG-GS-01", "SCJG-GS-02"}));

  // A planner is not an assigned inspector; an inspector of the team is.
  EXPECT_EQ(
      planner_->Put(records, {{"target_id", target}, {"department_id", 1}, {"revision", 0}}).status,
      403);
  Json r = Save(*a, task, target, 0, Json::array({Item("SCJG-GS-01", "2026-09-28", "未发现问题")}));
  const int64_t id = r["id"];
  EXPECT_EQ(r["revision"], 1);
  const std::string rec = "/api/v1/records/" + std::to_string(id);

  // Evidence: stored by SHA-256, read back byte for byte.
  auto ev = a->PostRaw(rec + "/evidence?item_code=SCJG-GS-01&file_name=%E7%8E%B0%E5%9C%BA.jpg",
                       kJpeg, "application/octet-stream");
  ASSERT_EQ(ev.status, 201) << ev.raw;
  EXPECT_EQ(ev.body["sha256"], ToHex(Sha256(kJpeg)));
  EXPECT_EQ(ev.body["media_type"], "image/jpeg");
  EXPECT_EQ(ev.body["file_name"], "现场.jpg");
  EXPECT_TRUE(
      fs::exists(data_ / "evidence" / ToHex(Sha256(kJpeg)).substr(0, 2) / ToHex(Sha256(kJpeg))));
  httplib::Client raw_get("127.0.0.1", server_->port());
  const std::string token_a = Token("jc.a", kPassword);
  auto file = raw_get.Get("/api/v1/evidence/" + ev.body["id"].dump(),
                          {{"Authorization", "Bearer " + token_a}});
  ASSERT_TRUE(file);
  EXPECT_EQ(file->status, 200);
  EXPECT_EQ(file->body, kJpeg);
  EXPECT_EQ(file->get_header_value("Content-Type"), "image/jpeg");
  ASSERT_EQ(a->PostRaw(rec + "/evidence?item_code=SCJG-GS-02&file_name=notice.pdf", kPdf,
                       "application/pdf")
                .status,
            201);

  // Incomplete: refused, nothing changes.
  auto incomplete = a->Post(rec + "/submit", {{"revision", 1}});
  EXPECT_EQ(incomplete.status, 400) << incomplete.raw;
  EXPECT_EQ(incomplete.code(), "RECORD_INCOMPLETE");
  EXPECT_NE(incomplete.body["message"].get<std::string>().find("SCJG-GS-02"), std::string::npos);
  EXPECT_EQ(a->Get(rec).body["revision"], 1);

  // Both items; the remark carries a phone number that must not reach the public.
  r = Save(*a, task, target, 1,
           {Item("SCJG-GS-01", "2026-09-28", "未发现问题"),
            Item("SCJG-GS-02", kCompleted, "未按规定公示应当公示的信息",
                 "股东变更信息未在20个工作日内公示")},
           "已当场告知负责人，联系电话13812345678");
  EXPECT_EQ(r["revision"], 2);
  // A stale revision is refused.
  auto stale = a->Put(records, {{"target_id", target}, {"department_id", 1}, {"revision", 1}});
  EXPECT_EQ(stale.code(), "RECORD_CHANGED");
  EXPECT_EQ(approver_->Post(rec + "/approve").code(), "RECORD_STATE_INVALID");

  auto submitted = a->Post(rec + "/submit", {{"revision", 2}});
  ASSERT_EQ(submitted.status, 200) << submitted.raw;
  EXPECT_EQ(submitted.body["status_name"], "待审核");
  EXPECT_EQ(submitted.body["completed_on"], kCompleted);
  // Exactly the 20th working day after completion in the official calendar; across the National
  // Day holiday (1–7 October) it lies well beyond four calendar weeks.
  const auto& cal = WorkingCalendar::Official();
  const Date deadline = cal.AddWorkingDays(*Date::Parse(kCompleted), 20).value;
  EXPECT_EQ(submitted.body["deadline"], deadline.ToString());
  EXPECT_EQ(cal.WorkingDaysBetween(*Date::Parse(kCompleted), deadline).value, 20);
  EXPECT_GT(deadline, Date::Parse(kCompleted)->AddDays(28));
  EXPECT_TRUE(submitted.body["deadline_exact"].get<bool>());
  // It waits in the department's review queue, and in the inspector's own list.
  auto queue = approver_->Get("/api/v1/records?status=submitted&department_id=1");
  ASSERT_EQ(queue.status, 200) << queue.raw;
  ASSERT_EQ(queue.body["items"].size(), 1u) << queue.raw;
  EXPECT_EQ(queue.body["items"][0]["id"], id);
  auto own = a->Get("/api/v1/records?mine=true");
  ASSERT_EQ(own.status, 200) << own.raw;
  // jc.a's list holds every target of this task their inspector was drawn for (one or both).
  size_t sent = 0;
  for (const auto& [t, team] : teams)
    sent += std::count(team.begin(), team.end(), teams[target][0]);
  EXPECT_EQ(own.body["items"].size(), sent) << own.raw;
  EXPECT_EQ(other_approver_->Get("/api/v1/records?department_id=1").status, 403);
  // The total counts every line of the filter, whatever the page: task 1's two targets, each
  // 未录入 or further, one page of one line at a time.
  auto page1 = approver_->Get("/api/v1/records?task_id=" + std::to_string(task) + "&limit=1");
  ASSERT_EQ(page1.status, 200) << page1.raw;
  EXPECT_EQ(page1.body["items"].size(), 1u);
  EXPECT_EQ(page1.body["total"], 2);
  auto page2 =
      approver_->Get("/api/v1/records?task_id=" + std::to_string(task) + "&limit=1&offset=1");
  ASSERT_EQ(page2.status, 200) << page2.raw;
  ASSERT_EQ(page2.body["items"].size(), 1u);
  EXPECT_EQ(page2.body["total"], 2);
  EXPECT_NE(page2.body["items"][0]["target_id"], page1.body["items"][0]["target_id"]);
  EXPECT_EQ(queue.body["total"], 1);

  // Who may not review: the recorder (no approver role), a co-inspector who is an approver, an
  // approver of another department. Each refusal changes nothing.
  EXPECT_EQ(a->Post(rec + "/approve").status, 403);
  EXPECT_EQ(b->Post(rec + "/approve").code(), "REVIEWER_TOOK_PART");
  EXPECT_EQ(other_approver_->Post(rec + "/approve").status, 403);
  EXPECT_EQ(other_approver_->Post(rec + "/publish").status, 403);
  EXPECT_EQ(approver_->Get(rec).body["status"], "submitted");

  // 退回 with a reason; the inspector fixes and resubmits.
  EXPECT_EQ(approver_->Post(rec + "/return", {{"reason", "  "}}).code(), "RETURN_REASON_REQUIRED");
  auto returned = approver_->Post(rec + "/return", {{"reason", "处置情况不完整，请补充整改期限"}});
  ASSERT_EQ(returned.status, 200) << returned.raw;
  EXPECT_EQ(returned.body["status_name"], "退回");
  EXPECT_EQ(returned.body["return_reason"], "处置情况不完整，请补充整改期限");
  const int64_t rev = returned.body["revision"];
  Json fixed_items = {Item("SCJG-GS-01", "2026-09-28", "未发现问题"),
                      Item("SCJG-GS-02", kCompleted, "未按规定公示应当公示的信息",
                           "股东变更信息未在20个工作日内公示")};
  fixed_items[1]["handling"] = "当场责令10日内补充公示";
  r = Save(*a, task, target, rev, fixed_items, "已当场告知负责人，联系电话13812345678");
  ASSERT_EQ(a->Post(rec + "/submit", {{"revision", r["revision"]}}).status, 200);

  // Two signatures: the co-inspector confirms before approval.
  EXPECT_EQ(approver_->Post(rec + "/approve").code(), "RECORD_NOT_CONFIRMED");
  EXPECT_EQ(a->Post(rec + "/confirm", {{"revision", approver_->Get(rec).body["revision"]}}).code(),
            "CONFIRM_OWN_RECORD");
  auto confirmed = b->Post(rec + "/confirm", {{"revision", approver_->Get(rec).body["revision"]}});
  ASSERT_EQ(confirmed.status, 200) << confirmed.raw;
  EXPECT_EQ(confirmed.body["confirmed_by"]["name"], "jc.b");
  auto approved = approver_->Post(rec + "/approve");
  ASSERT_EQ(approved.status, 200) << approved.raw;
  EXPECT_EQ(approved.body["status_name"], "已审核");

  // Publish: immutable, redacted, in the national record's shape.
  auto published = approver_->Post(rec + "/publish");
  ASSERT_EQ(published.status, 200) << published.raw;
  EXPECT_EQ(published.body["status_name"], "已公示");
  ASSERT_EQ(published.body["publications"].size(), 1u);
  const std::string first_no = published.body["publications"][0]["publication_no"];

  auto found = public_->Get("/api/v1/public/results?q=" + keys_[0]);
  ASSERT_EQ(found.status, 200) << found.raw;
  ASSERT_EQ(found.body["total"], 1);
  EXPECT_EQ(found.body["total_capped"], false);
  const Json& pub = found.body["items"][0];
  EXPECT_EQ(pub["credit_code"], keys_[0]);
  EXPECT_EQ(pub["name"], "郑州公示测试0号商贸有限公司");
  EXPECT_EQ(pub["task_name"], "一公开测试任务");
  EXPECT_EQ(pub["inspection_type"], "定向");
  EXPECT_EQ(pub["authority"], "郑州市金水区市场监督管理局");
  EXPECT_EQ(pub["completed_on"], kCompleted);
  EXPECT_EQ(pub["deadline"], deadline.ToString());
  EXPECT_EQ(pub["result"], "未按规定公示应当公示的信息");
  EXPECT_EQ(pub["remark"], "已当场告知负责人，联系电话＊＊＊");
  EXPECT_TRUE(pub["corrects"].is_null());
  EXPECT_EQ(found.raw.find("13812345678"), std::string::npos);
  EXPECT_EQ(found.raw.find("股东变更"), std::string::npos);  // findings are not public
  // By part of the name, and the newest first without q.
  auto by_name = public_->Get("/api/v1/public/results?q=" +
                              std::string("%E5%85%AC%E7%A4%BA%E6%B5%8B%E8%AF%950"));
  ASSERT_EQ(by_name.status, 200) << by_name.raw;
  EXPECT_EQ(by_name.body["total"], 1);
  EXPECT_EQ(public_->Get("/api/v1/public/results?limit=1").body["items"][0]["publication_no"],
            first_no);

  // Open data and the feed, without login.
  httplib::Client anon("127.0.0.1", server_->port());
  auto csv_data = anon.Get("/api/v1/public/results.csv");
  ASSERT_TRUE(csv_data);
  EXPECT_EQ(csv_data->status, 200);
  EXPECT_NE(csv_data->body.find("统一社会信用代码,名称,公示编号,公示日期,公示期限,更正的公示编号"),
            std::string::npos);
  EXPECT_NE(csv_data->body.find(first_no), std::string::npos);
  EXPECT_EQ(csv_data->body.find("13812345678"), std::string::npos);
  auto json_data = public_->Get("/api/v1/public/results.json?since=2026-01-01");
  ASSERT_EQ(json_data.status, 200) << json_data.raw;
  EXPECT_EQ(json_data.body["total"], 1);
  EXPECT_EQ(public_->Get("/api/v1/public/results.json?since=2026-02-30").status, 400);
  auto feed = anon.Get("/api/v1/public/results.atom");
  ASSERT_TRUE(feed);
  EXPECT_EQ(feed->status, 200);
  EXPECT_NE(feed->get_header_value("Content-Type").find("application/atom+xml"), std::string::npos);
  EXPECT_NE(feed->body.find("<id>urn:suiji:result:" + first_no + "</id>"), std::string::npos)
      << feed->body;
  EXPECT_NE(feed->body.find("郑州公示测试0号商贸有限公司：未按规定公示应当公示的信息"),
            std::string::npos);

  // A published record cannot be edited; a correction is a new publication beside the old one.
  auto edit = a->Put(records, {{"target_id", target},
                               {"department_id", 1},
                               {"revision", published.body["revision"]},
                               {"items", fixed_items}});
  EXPECT_EQ(edit.code(), "RECORD_PUBLISHED");
  auto reopened = approver_->Post(rec + "/reopen", {{"reason", "检查结果类别录入有误"}});
  ASSERT_EQ(reopened.status, 200) << reopened.raw;
  fixed_items[1]["result"] = "发现问题已责令改正";
  r = Save(*a, task, target, reopened.body["revision"], fixed_items, "已责令改正");
  ASSERT_EQ(a->Post(rec + "/submit", {{"revision", r["revision"]}}).status, 200);
  ASSERT_EQ(b->Post(rec + "/confirm", {{"revision", approver_->Get(rec).body["revision"]}}).status,
            200);
  ASSERT_EQ(approver_->Post(rec + "/approve").status, 200);
  ASSERT_EQ(approver_->Post(rec + "/publish").status, 200);
  auto both = public_->Get("/api/v1/public/results?q=" + keys_[0]);
  ASSERT_EQ(both.body["total"], 2);
  EXPECT_EQ(both.body["items"][0]["result"], "发现问题已责令改正");
  EXPECT_EQ(both.body["items"][0]["corrects"], first_no);
  EXPECT_EQ(both.body["items"][1]["publication_no"], first_no);
  EXPECT_EQ(both.body["items"][1]["result"], "未按规定公示应当公示的信息");
  // The name indexes (issue 15) find both too: 3+ characters by trigram ("公示测试0号"), 2 by the
  // bigram table ("商贸"), 1 by the walk ("贸"); a name it does not contain finds nothing.
  for (const char* part :
       {"%E5%85%AC%E7%A4%BA%E6%B5%8B%E8%AF%950%E5%8F%B7", "%E5%95%86%E8%B4%B8", "%E8%B4%B8"}) {
    auto by_part = public_->Get(std::string("/api/v1/public/results?limit=100&q=") + part);
    ASSERT_EQ(by_part.status, 200) << by_part.raw;
    int mine = 0;
    for (const auto& it : by_part.body["items"]) mine += it["credit_code"] == keys_[0];
    EXPECT_EQ(mine, 2) << part;
  }
  EXPECT_EQ(
      public_
          ->Get("/api/v1/public/results?q=%E5%85%AC%E7%A4%BA%E6%B5%8B%E8%AF%950%E5%8F%B7%E8%B6%"
                "85%E5%B8%82")  // 公示测试0号超市
          .body["total"],
      0);
  // Each publication by its number, without login: the correction names what it corrects, the
  // corrected one names its correction; an unknown number is a 404 with a Chinese message.
  const std::string second_no = both.body["items"][0]["publication_no"];
  auto first_pub = public_->Get("/api/v1/public/results/" + first_no);
  ASSERT_EQ(first_pub.status, 200) << first_pub.raw;
  EXPECT_EQ(first_pub.body["publication_no"], first_no);
  EXPECT_EQ(first_pub.body["result"], "未按规定公示应当公示的信息");
  EXPECT_TRUE(first_pub.body["corrects"].is_null());
  EXPECT_EQ(first_pub.body["corrected_by"], Json({second_no}));
  EXPECT_EQ(first_pub.raw.find("13812345678"), std::string::npos);
  auto second_pub = public_->Get("/api/v1/public/results/" + second_no);
  ASSERT_EQ(second_pub.status, 200) << second_pub.raw;
  EXPECT_EQ(second_pub.body["corrects"], first_no);
  EXPECT_EQ(second_pub.body["corrected_by"], Json::array());
  auto unknown = public_->Get("/api/v1/public/results/JG-NO-SUCH-2026-000001");
  EXPECT_EQ(unknown.status, 404) << unknown.raw;
  EXPECT_EQ(unknown.code(), "PUBLICATION_NOT_FOUND");
  EXPECT_NE(unknown.body["message"].get<std::string>().find("没有公示编号为"), std::string::npos);

  // A second task, recorded and approved but left unpublished, is overdue (its 20 working days
  // after 29 September have passed).
  int64_t task2 = 0;
  auto teams2 = DrawTask("一公开逾期测试任务", {keys_[2]}, &task2);
  ASSERT_EQ(teams2.size(), 1u);
  auto c = InspectorUser("jc.c", teams2[ids_[2]][0], {"inspector"});
  Json r2 = Save(
      *c, task2, ids_[2], 0,
      {Item("SCJG-GS-01", kCompleted, "未发现问题"), Item("SCJG-GS-02", kCompleted, "未发现问题")});
  ASSERT_EQ(
      c->Post("/api/v1/records/" + r2["id"].dump() + "/submit", {{"revision", r2["revision"]}})
          .status,
      200);
  auto deadlines = approver_->Get("/api/v1/results/deadlines?department_id=1");
  ASSERT_EQ(deadlines.status, 200) << deadlines.raw;
  bool overdue = false;
  for (const auto& d : deadlines.body["overdue"])
    if (d["record_id"] == r2["id"]) {
      overdue = true;
      EXPECT_EQ(d["deadline"], deadline.ToString());
      EXPECT_LT(d["working_days_left"].get<int>(), 0);
    }
  EXPECT_TRUE(overdue) << deadlines.raw;
  for (const auto& d : deadlines.body["overdue"])
    EXPECT_NE(d["record_id"], id) << "a published record is not overdue";

  // Rates per department: every department appears; 金水区市场监督管理局 has one target of task 1
  // published (late: after its deadline), one entered but unpublished, and unrecorded ones.
  auto rates = approver_->Get("/api/v1/results/rates");
  ASSERT_EQ(rates.status, 200) << rates.raw;
  const Json* mine = nullptr;
  for (const auto& x : rates.body["items"])
    if (x["department_id"] == kMarketDept) mine = &x;
  ASSERT_NE(mine, nullptr) << rates.raw;
  EXPECT_EQ((*mine)["published"], 1);
  EXPECT_GE((*mine)["entered"], 2);
  EXPECT_GE((*mine)["due"], 3);
  EXPECT_EQ((*mine)["published_on_time"], 0);
  EXPECT_EQ((*mine)["on_time_rate_bp"], 0);
  EXPECT_EQ((*mine)["publication_rate_bp"], 10000 / (*mine)["due"].get<int>());
  EXPECT_GE((*mine)["overdue"], 1);

  // The export for the national 公示系统: its Chinese headers, one row per publication (the
  // correction says what it corrects); a bad date is refused and writes nothing.
  const std::string csv = (data_ / "results.csv").string();
  auto bad_export = RunCommand({SuijiBinary(), "export", "results", "--since", "2026-13-01",
                                "--format", "csv", "--out", csv, "--db", tdb_->url()});
  EXPECT_NE(bad_export.exit_code, 0);
  EXPECT_NE((bad_export.out + bad_export.err).find("DATE_INVALID"), std::string::npos)
      << bad_export.out << bad_export.err;
  EXPECT_FALSE(fs::exists(csv));
  auto exported = RunCommand({SuijiBinary(), "export", "results", "--since", "2026-01-01",
                              "--format", "csv", "--out", csv, "--db", tdb_->url(), "--key-file",
                              (data_ / "keys" / "platform.ed25519").string(), "--pii-key-file",
                              (data_ / "keys" / "pii.key").string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.out << exported.err;
  std::ifstream in(csv);
  const std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(
      text.find(
          "抽查计划编号,抽查计划名称,抽查任务编号,抽查任务名称,抽查类型,检查机关,检查完成日期,检查结果,备注,"
          "统一社会信用代码,名称"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("更正公示 " + first_no), std::string::npos) << text;
  EXPECT_NE(text.find(keys_[0]), std::string::npos);
  EXPECT_EQ(text.find("13812345678"), std::string::npos);

  auto audit = RunCommand({SuijiBinary(), "audit", "verify", "--db", tdb_->url(), "--key-file",
                           (data_ / "keys" / "platform.ed25519").string()});
  EXPECT_EQ(audit.exit_code, 0) << audit.out << audit.err;
}

TEST_P(InspectionsE2eTest, UnreachableOutcomeUpdatesTheTargetAndTheYearlyCapCountsIt) {
  int64_t task = 0;
  auto teams = DrawTask("无法联系测试任务", {keys_[3]}, &task);
  ASSERT_EQ(teams.size(), 1u);
  auto a = InspectorUser("jc.d", teams[ids_[3]][0], {"inspector"});
  auto b = InspectorUser("jc.e", teams[ids_[3]][1], {"inspector"});
  // A cannot-inspect outcome that is not on the closed list is refused.
  auto bad = a->Put("/api/v1/tasks/" + std::to_string(task) + "/records",
                    {{"target_id", ids_[3]},
                     {"department_id", 1},
                     {"revision", 0},
                     {"cannot_inspect", "老板不在"}});
  EXPECT_EQ(bad.code(), "RECORD_INVALID");
  Json r = Save(*a, task, ids_[3], 0, Json::array(), "", "通过登记的住所（经营场所）无法联系",
                "2026-09-30");
  const std::string rec = "/api/v1/records/" + r["id"].dump();
  ASSERT_EQ(a->Post(rec + "/submit", {{"revision", r["revision"]}}).status, 200);
  ASSERT_EQ(b->Post(rec + "/confirm", {{"revision", approver_->Get(rec).body["revision"]}}).status,
            200);
  auto approved = approver_->Post(rec + "/approve");
  ASSERT_EQ(approved.status, 200) << approved.raw;
  EXPECT_EQ(approved.body["summary_result"], "通过登记的住所（经营场所）无法联系");
  // The task's only target published: the task is 已完成; a reopened record takes it back.
  const std::string tp = "/api/v1/tasks/" + std::to_string(task);
  EXPECT_EQ(planner_->Get(tp).body["status"], "dispatched");
  ASSERT_EQ(approver_->Post(rec + "/publish").status, 200);
  EXPECT_EQ(planner_->Get(tp).body["status"], "completed");
  EXPECT_EQ(planner_->Get(tp).body["status_name"], "已完成");
  ASSERT_EQ(approver_->Post(rec + "/reopen", {{"reason", "核查日期有误"}}).status, 200);
  EXPECT_EQ(planner_->Get(tp).body["status"], "dispatched");

  auto target = planner_->Get("/api/v1/targets/" + std::to_string(ids_[3]));
  ASSERT_EQ(target.status, 200) << target.raw;
  EXPECT_NE(target.raw.find("住所无法联系"), std::string::npos) << target.raw;
  auto history = planner_->Get("/api/v1/targets/" + std::to_string(ids_[3]) + "/history");
  ASSERT_EQ(history.status, 200) << history.raw;
  EXPECT_NE(history.raw.find("无法联系测试任务"), std::string::npos) << history.raw;

  // The yearly cap counts the inspection on the day it happened.
  auto conn = tdb_->db().Acquire();
  ASSERT_TRUE(conn.ok());
  auto since = store::InspectionsSince(**conn, kMarketDept, "2026-01-01");
  ASSERT_TRUE(since.ok());
  bool counted = false;
  for (const auto& x : *since)
    if (x.target_id == ids_[3]) counted = x.inspected_on == "2026-09-30";
  EXPECT_TRUE(counted);
  auto counts = store::CountInspections(**conn, kMarketDept, "2026-01-01", "2026-12-31");
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ((*counts)[ids_[3]], 1);
}

TEST_P(InspectionsE2eTest, RefusedEvidenceLeavesNoFileAndNoReference) {
  int64_t task = 0;
  auto teams = DrawTask("证据材料测试任务", {keys_[4]}, &task);
  ASSERT_EQ(teams.size(), 1u);
  auto a = InspectorUser("jc.f", teams[ids_[4]][0], {"inspector"});
  Json r =
      Save(*a, task, ids_[4], 0, Json::array({Item("SCJG-GS-01", "2026-10-09", "未发现问题")}));
  const std::string rec = "/api/v1/records/" + r["id"].dump();
  const size_t files_before = EvidenceFiles();

  // A text file named like a photo.
  auto fake = a->PostRaw(rec + "/evidence?file_name=photo.jpg", "这不是图片", "image/jpeg");
  EXPECT_EQ(fake.status, 400) << fake.raw;
  EXPECT_EQ(fake.code(), "EVIDENCE_TYPE_NOT_ALLOWED");
  // Over the 20 MB cap: refused with 413 as soon as the headers announce it, before the body.
  const std::string token = Token("jc.f", kPassword);
  ASSERT_FALSE(token.empty());
  const std::string big = RawExchange(rec + "/evidence?file_name=big.jpg", token, 21u << 20, "");
  EXPECT_EQ(big.substr(0, 12), "HTTP/1.1 413") << big.substr(0, 300);
  EXPECT_NE(big.find("BODY_TOO_LARGE"), std::string::npos) << big.substr(0, 300);
  // An item the department does not inspect in this task.
  EXPECT_EQ(a->PostRaw(rec + "/evidence?item_code=SCJG-SP-01&file_name=a.jpg", kJpeg, "image/jpeg")
                .code(),
            "EVIDENCE_ITEM_INVALID");
  // Cut off mid-upload: the connection closes after half of the announced body.
  const std::string body = kJpeg + std::string(100000, 'y');
  RawExchange(rec + "/evidence?file_name=cut.jpg", token, body.size(),
              body.substr(0, body.size() / 2));
  // Nothing arrived: no file, no reference — and the server still answers.
  auto after = a->Get(rec);
  ASSERT_EQ(after.status, 200) << after.raw;
  EXPECT_TRUE(after.body["evidence"].empty()) << after.raw;
  EXPECT_EQ(EvidenceFiles(), files_before);

  // The same photo twice is one file; removing one reference keeps it, removing both deletes it.
  auto e1 = a->PostRaw(rec + "/evidence?file_name=1.jpg", kJpeg, "image/jpeg");
  auto e2 = a->PostRaw(rec + "/evidence?file_name=2.jpg", kJpeg, "image/jpeg");
  ASSERT_EQ(e1.status, 201);
  ASSERT_EQ(e2.status, 201);
  EXPECT_EQ(EvidenceFiles(), files_before + 1);
  EXPECT_EQ(a->Delete(rec + "/evidence/" + e1.body["id"].dump()).status, 204);
  EXPECT_EQ(EvidenceFiles(), files_before + 1);
  EXPECT_EQ(a->Delete(rec + "/evidence/" + e2.body["id"].dump()).status, 204);
  EXPECT_EQ(EvidenceFiles(), files_before);
}

// Seed 002: a joint task is one visit where each department records its own items; the lead
// department's 联合检查总表 gathers both departments' records for each target. A cooperating
// department may not read the 总表 and an inspector may not write another department's record
// or an item of another department.
TEST_P(InspectionsE2eTest, JointTaskEachDepartmentItsOwnItemsAndTheLeadsSummary) {
  constexpr int64_t kCommerceDept = 2;  // 金水区商务局
  auto commerce_planner = Client("planner.sw");
  // The department with the smaller pool leads: 市场监管 plans two objects, 商务 three.
  auto plan = [&](ApiClient& planner, ApiClient& approver, int64_t dept, const std::string& item,
                  const std::vector<std::string>& keys) {
    auto p = planner.Post("/api/v1/plans", {{"department_id", dept},
                                            {"content",
                                             {{"title", "2026年度联合抽查测试计划"},
                                              {"kind", "年度"},
                                              {"year", 2026},
                                              {"batches",
                                               {{{"seq", 1},
                                                 {"name", "第四季度"},
                                                 {"window_from", "2026-11-01"},
                                                 {"window_to", "2026-12-31"},
                                                 {"items", {item}},
                                                 {"filter", {{"v", 1}, {"keys", keys}}},
                                                 {"task_type", "定向"},
                                                 {"ratio", nullptr}}}}}}});
    EXPECT_EQ(p.status, 201) << p.raw;
    const std::string path = "/api/v1/plans/" + p.body["id"].dump();
    EXPECT_EQ(planner.Post(path + "/submit").status, 200);
    EXPECT_EQ(approver.Post(path + "/approve", {{"note", "同意"}}).status, 200);
    EXPECT_EQ(planner.Post(path + "/publish").status, 200);
    return p.body["id"].get<int64_t>();
  };
  const int64_t market_plan =
      plan(*planner_, *approver_, kMarketDept, "SCJG-GS-01", {keys_[0], keys_[1]});
  const int64_t commerce_plan = plan(*commerce_planner, *other_approver_, kCommerceDept, "SW-04",
                                     {keys_[0], keys_[1], keys_[2]});
  auto detect = planner_->Post("/api/v1/joint/detect", {{"year", 2026}});
  ASSERT_EQ(detect.status, 200) << detect.raw;
  Json proposal;
  for (const auto& p : detect.body["created"]) {
    std::set<int64_t> plans;
    for (const auto& m : p["members"]) plans.insert(m["plan_id"].get<int64_t>());
    if (plans.count(market_plan) && plans.count(commerce_plan)) proposal = p;
  }
  ASSERT_FALSE(proposal.is_null()) << detect.raw;
  ASSERT_EQ(proposal["lead_department_id"], kMarketDept) << proposal;
  const std::string pp = "/api/v1/joint/proposals/" + proposal["id"].dump();
  ASSERT_EQ(other_approver_
                ->Post(pp + "/respond",
                       {{"department_id", kCommerceDept}, {"accept", true}, {"note", "参加"}})
                .status,
            200);
  auto formed = approver_->Post(
      pp + "/respond", {{"department_id", kMarketDept}, {"accept", true}, {"note", "参加"}});
  ASSERT_EQ(formed.status, 200) << formed.raw;
  ASSERT_EQ(formed.body["status"], "formed") << formed.raw;
  const int64_t task = formed.body["joint_task_id"];
  const std::string tp = "/api/v1/tasks/" + std::to_string(task);

  // The draw: targets once, then each department's inspectors.
  auto c = planner_->Post(tp + "/commit", {{"sources", {"现场见证人掷骰"}}});
  ASSERT_EQ(c.status, 200) << c.raw;
  const std::string draw_no = c.body["target_draw_no"];
  ASSERT_EQ(planner_
                ->Post("/api/v1/draws/" + draw_no + "/witnesses",
                       {{"name", "王丽"}, {"organisation", "金水区公证处"}})
                .status,
            200);
  auto revealed = planner_->Post(tp + "/reveal", {{"values", {"4 2 6"}}});
  ASSERT_EQ(revealed.status, 200) << revealed.raw;
  std::map<int64_t, std::map<int64_t, std::vector<int64_t>>> teams;  // dept → target → inspectors
  Json last;
  for (auto [dept, who] : {std::pair<int64_t, ApiClient*>{kMarketDept, planner_.get()},
                           {kCommerceDept, commerce_planner.get()}}) {
    auto s = who->Post(tp + "/inspectors/commit",
                       {{"department_id", dept}, {"sources", {"现场见证人掷骰"}}});
    ASSERT_EQ(s.status, 200) << s.raw;
    for (const auto& d : s.body["inspector_draws"]) {
      if (d["status"] != "committed") continue;
      const std::string no = d["draw_no"];
      ASSERT_EQ(who->Post("/api/v1/draws/" + no + "/witnesses",
                          {{"name", "王丽"}, {"organisation", "金水区公证处"}})
                    .status,
                200);
      auto r = who->Post(tp + "/inspectors/reveal", {{"draw_no", no}, {"values", {"3 1 5"}}});
      ASSERT_EQ(r.status, 200) << r.raw;
      last = r.body;
    }
  }
  ASSERT_EQ(last["status"], "dispatched") << last["problems"];
  for (const auto& a : testing::TaskAssignments(*planner_, task))
    teams[a["department_id"]][a["target_id"]].push_back(a["inspector_id"]);
  const int64_t target = ids_[0];
  ASSERT_FALSE(teams[kMarketDept][target].empty()) << last;
  ASSERT_FALSE(teams[kCommerceDept][target].empty()) << last;
  auto market = InspectorUser("jc.lh.sc", teams[kMarketDept][target][0], {"inspector"});
  auto commerce =
      InspectorUser("jc.lh.sw", teams[kCommerceDept][target][0], {"inspector"}, kCommerceDept);

  // Each department records its own item of the same visit.
  const std::string records = tp + "/records";
  Json mine = {{"target_id", target},
               {"department_id", kMarketDept},
               {"revision", 0},
               {"items", {Item("SCJG-GS-01", "2026-12-01", "未发现问题")}}};
  auto m = market->Put(records, mine);
  ASSERT_EQ(m.status, 200) << m.raw;
  Json theirs = mine;
  theirs["department_id"] = kCommerceDept;
  theirs["items"] = {Item("SW-04", "2026-12-01", "发现问题已责令改正", "特许经营备案未更新")};
  auto sw = commerce->Put(records, theirs);
  ASSERT_EQ(sw.status, 200) << sw.raw;
  // Nobody writes the other department's record, nor the other department's item in their own.
  EXPECT_EQ(market->Put(records, theirs).status, 403);
  EXPECT_EQ(commerce->Put(records, mine).status, 403);
  Json foreign_item = mine;
  foreign_item["revision"] = m.body["revision"];
  foreign_item["items"] = {Item("SW-04", "2026-12-01", "未发现问题")};
  auto refused = market->Put(records, foreign_item);
  EXPECT_EQ(refused.status, 400) << refused.raw;
  EXPECT_EQ(market->Get("/api/v1/records/" + m.body["id"].dump()).body["revision"], 1);

  // The lead's 联合检查总表: both departments' records for the target, lead first.
  auto summary = approver_->Get(tp + "/joint-summary");
  ASSERT_EQ(summary.status, 200) << summary.raw;
  ASSERT_EQ(summary.body["departments"].size(), 2u) << summary.raw;
  EXPECT_EQ(summary.body["departments"][0]["id"], kMarketDept);
  EXPECT_TRUE(summary.body["departments"][0]["lead"].get<bool>());
  EXPECT_EQ(summary.body["departments"][1]["item_codes"], Json({"SW-04"}));
  const Json* row = nullptr;
  for (const auto& t : summary.body["targets"])
    if (t["target_id"] == target) row = &t;
  ASSERT_NE(row, nullptr) << summary.raw;
  ASSERT_EQ((*row)["records"].size(), 2u);
  EXPECT_EQ((*row)["records"][0]["department_id"], kMarketDept);
  EXPECT_EQ((*row)["records"][0]["items"][0]["item_code"], "SCJG-GS-01");
  EXPECT_EQ((*row)["records"][1]["department_id"], kCommerceDept);
  EXPECT_EQ((*row)["records"][1]["items"][0]["item_code"], "SW-04");
  EXPECT_EQ((*row)["records"][1]["items"][0]["findings"], "特许经营备案未更新");
  // The cooperating department and an anonymous caller may not read it; a one-department task
  // has none.
  auto cooperating = other_approver_->Get(tp + "/joint-summary");
  EXPECT_EQ(cooperating.status, 403) << cooperating.raw;
  EXPECT_EQ(cooperating.code(), "JOINT_SUMMARY_LEAD_ONLY");
  EXPECT_EQ(commerce->Get(tp + "/joint-summary").status, 403);
  EXPECT_EQ(public_->Get(tp + "/joint-summary").status, 401);
  int64_t single = 0;
  DrawTask("单部门任务", {keys_[5]}, &single);
  EXPECT_EQ(approver_->Get("/api/v1/tasks/" + std::to_string(single) + "/joint-summary").code(),
            "TASK_NOT_JOINT");
}

// A crash between writing an evidence file and committing its row leaves an orphan file; the
// sweep (`suiji evidence sweep`, and at server start) removes orphans older than the grace period
// and keeps cited files and fresh files (an upload in flight).
TEST_P(InspectionsE2eTest, OrphanEvidenceIsSweptAfterTheGracePeriod) {
  int64_t task = 0;
  auto teams = DrawTask("孤立证据测试任务", {keys_[4]}, &task);
  ASSERT_EQ(teams.size(), 1u);
  auto a = InspectorUser("jc.g", teams[ids_[4]][0], {"inspector"});
  Json r =
      Save(*a, task, ids_[4], 0, Json::array({Item("SCJG-GS-01", "2026-10-09", "未发现问题")}));
  const std::string rec = "/api/v1/records/" + r["id"].dump();
  ASSERT_EQ(a->PostRaw(rec + "/evidence?file_name=1.jpg", kJpeg, "image/jpeg").status, 201);
  const fs::path cited =
      data_ / "evidence" / ToHex(Sha256(kJpeg)).substr(0, 2) / ToHex(Sha256(kJpeg));
  // What a crash leaves: a whole file without a row, and a temporary file; both two hours old.
  const std::string lost = kPdf + "lost";
  const fs::path orphan =
      data_ / "evidence" / ToHex(Sha256(lost)).substr(0, 2) / ToHex(Sha256(lost));
  const fs::path temp = orphan.parent_path() / ("." + ToHex(Sha256(lost)) + ".tmp.1.0");
  const std::string fresh_bytes = kPdf + "fresh";
  const fs::path fresh =
      data_ / "evidence" / ToHex(Sha256(fresh_bytes)).substr(0, 2) / ToHex(Sha256(fresh_bytes));
  for (const auto& [path, bytes] :
       {std::pair{orphan, lost}, {temp, lost.substr(0, 5)}, {fresh, fresh_bytes}}) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
  }
  const auto old = fs::file_time_type::clock::now() - std::chrono::hours(2);
  for (const auto& path : {orphan, temp, cited}) fs::last_write_time(path, old);

  auto swept = RunCommand({SuijiBinary(), "evidence", "sweep", "--db", tdb_->url(), "--key-file",
                           (data_ / "keys" / "platform.ed25519").string(), "--pii-key-file",
                           (data_ / "keys" / "pii.key").string()});
  ASSERT_EQ(swept.exit_code, 0) << swept.out << swept.err;
  EXPECT_NE(swept.out.find("删除孤立文件 2 个"), std::string::npos) << swept.out;
  EXPECT_FALSE(fs::exists(orphan));
  EXPECT_FALSE(fs::exists(temp));
  EXPECT_TRUE(fs::exists(cited));  // cited by a row, however old
  EXPECT_TRUE(fs::exists(fresh));  // within the grace period
  auto file = a->Get(rec);
  ASSERT_EQ(file.body["evidence"].size(), 1u);

  // With no grace period the fresh orphan goes too; the removal is in the audit log, which
  // still verifies.
  swept = RunCommand({SuijiBinary(), "evidence", "sweep", "--grace-minutes", "0", "--db",
                      tdb_->url(), "--key-file", (data_ / "keys" / "platform.ed25519").string(),
                      "--pii-key-file", (data_ / "keys" / "pii.key").string()});
  ASSERT_EQ(swept.exit_code, 0) << swept.out << swept.err;
  EXPECT_FALSE(fs::exists(fresh));
  EXPECT_TRUE(fs::exists(cited));
  {
    auto conn = tdb_->db().Acquire();
    ASSERT_TRUE(conn.ok());
    auto entries = store::ListAuditFor(**conn, "evidence", "", 10);
    ASSERT_TRUE(entries.ok());
    ASSERT_EQ(entries->size(), 2u);
    EXPECT_EQ(entries->back().action, "evidence.sweep");
    EXPECT_NE(entries->back().payload.find(ToHex(Sha256(lost))), std::string::npos);
  }
  auto verify = RunCommand({SuijiBinary(), "audit", "verify", "--db", tdb_->url(), "--key-file",
                            (data_ / "keys" / "platform.ed25519").string()});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;

  // At server start: an old orphan is gone once the server answers again.
  std::ofstream(orphan, std::ios::binary) << lost;
  fs::last_write_time(orphan, old);
  ASSERT_EQ(server_->Stop(), 0) << server_->Log();
  ASSERT_TRUE(server_->Start()) << server_->Log();
  EXPECT_FALSE(fs::exists(orphan));
  EXPECT_TRUE(fs::exists(cited));
}

// 后续处置 (issue 13, acceptance 1 and 6): a published 责令整改 opens a case with a 复查 task
// for the same target — the 整改期限 the publisher set, the original team, no draw; recording the
// 复查 closes the case; each refusal is a Chinese error that changes nothing.
class FollowUpE2eTest : public InspectionsE2eTest {
 protected:
  // Today in China on the server's clock (the real one in these tests).
  static Date Today() {
    return ChinaDate(
        std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()));
  }

  // A drawn task over `key`, its record saved by the team's first inspector with `items`,
  // confirmed by the second, approved; returns the record path and sets the team's clients.
  std::string ApprovedRecord(const std::string& title, size_t key, const Json& items,
                             const std::string& user_prefix, int64_t* task,
                             std::vector<int64_t>* team, std::unique_ptr<ApiClient>* a,
                             std::unique_ptr<ApiClient>* b) {
    auto teams = DrawTask(title, {keys_[key]}, task);
    EXPECT_EQ(teams.size(), 1u);
    *team = teams[ids_[key]];
    EXPECT_GE(team->size(), 2u);
    if (team->size() < 2) return "";
    *a = InspectorUser(user_prefix + ".a", (*team)[0], {"inspector"});
    *b = InspectorUser(user_prefix + ".b", (*team)[1], {"inspector"});
    Json r = Save(**a, *task, ids_[key], 0, items);
    const std::string rec = "/api/v1/records/" + r["id"].dump();
    EXPECT_EQ((*a)->Post(rec + "/submit", {{"revision", r["revision"]}}).status, 200);
    EXPECT_EQ(
        (*b)->Post(rec + "/confirm", {{"revision", approver_->Get(rec).body["revision"]}}).status,
        200);
    EXPECT_EQ(approver_->Post(rec + "/approve").status, 200);
    return rec;
  }

  std::vector<std::string> AuditActions(const std::string& case_no) {
    std::vector<std::string> out;
    auto conn = tdb_->db().Acquire();
    EXPECT_TRUE(conn.ok());
    auto entries = store::ListAuditFor(**conn, "follow_up_case", case_no, 100);
    EXPECT_TRUE(entries.ok());
    for (auto it = entries->rbegin(); it != entries->rend(); ++it) out.push_back(it->action);
    return out;
  }
};

TEST_P(FollowUpE2eTest, RectificationOpensAnUndrawnRecheckWhoseResultClosesTheCase) {
  int64_t task = 0;
  std::vector<int64_t> team;
  std::unique_ptr<ApiClient> a, b;
  const std::string rec =
      ApprovedRecord("责令整改测试任务", 5,
                     {Item("SCJG-GS-01", "2026-09-28", "未发现问题"),
                      Item("SCJG-GS-02", kCompleted, "发现问题已责令改正", "年报未公示从业人数")},
                     "fu", &task, &team, &a, &b);
  ASSERT_FALSE(rec.empty());
  const int64_t record_id = approver_->Get(rec).body["id"];
  const std::string of_record = "/api/v1/follow-ups?record_id=" + std::to_string(record_id);
  const size_t tasks_before = planner_->Get("/api/v1/tasks").body["items"].size();

  // The 整改期限 is checked before anything is published: each refusal leaves the record
  // approved, unpublished, and no case.
  const Date today = Today();
  EXPECT_EQ(approver_->Post(rec + "/publish", {{"rectify_by", "2026-13-01"}}).code(),
            "DATE_INVALID");
  auto past = approver_->Post(rec + "/publish", {{"rectify_by", today.ToString()}});
  EXPECT_EQ(past.status, 400) << past.raw;
  EXPECT_EQ(past.code(), "RECTIFICATION_DEADLINE_INVALID");
  EXPECT_NE(past.body["message"].get<std::string>().find("整改期限"), std::string::npos);
  EXPECT_EQ(
      approver_->Post(rec + "/publish", {{"rectify_by", today.AddDays(400).ToString()}}).code(),
      "RECTIFICATION_DEADLINE_INVALID");
  EXPECT_EQ(approver_->Get(rec).body["status"], "approved");
  EXPECT_EQ(approver_->Get(rec).body["publications"].size(), 0u);
  EXPECT_EQ(approver_->Get(of_record).body["total"], 0);

  const std::string deadline = today.AddDays(20).ToString();
  auto published = approver_->Post(rec + "/publish", {{"rectify_by", deadline}});
  ASSERT_EQ(published.status, 200) << published.raw;
  auto cases = approver_->Get(of_record);
  ASSERT_EQ(cases.status, 200) << cases.raw;
  ASSERT_EQ(cases.body["total"], 1) << cases.raw;
  Json fc = cases.body["items"][0];
  EXPECT_EQ(fc["status"], "open");
  EXPECT_EQ(fc["status_name"], "处置中");
  EXPECT_EQ(fc["publication_no"], published.body["publications"][0]["publication_no"]);
  EXPECT_EQ(fc["target_id"], ids_[5]);
  EXPECT_EQ(fc["follow_ups"],
            Json::array({{{"item_code", "SCJG-GS-02"}, {"follow_up", "责令改正并跟踪复查"}}}));
  ASSERT_EQ(fc["rechecks"].size(), 1u);
  const Json recheck = fc["rechecks"][0];
  EXPECT_EQ(recheck["deadline"], deadline);
  EXPECT_EQ(recheck["kind"], "复查");
  EXPECT_FALSE(recheck["drawn"].get<bool>());
  EXPECT_EQ(recheck["status_name"], "待复查");
  EXPECT_FALSE(recheck["overdue"].get<bool>());
  // The original team, and no draw: no task was added to the drawn tasks.
  std::vector<int64_t> case_team;
  for (const auto& m : fc["team"]) case_team.push_back(m["id"]);
  EXPECT_EQ(case_team, team);
  EXPECT_EQ(planner_->Get("/api/v1/tasks").body["items"].size(), tasks_before);
  EXPECT_EQ(cases.body["summary"]["rechecks_open"], 1);
  EXPECT_EQ(cases.body["summary"]["open"], 1);

  // The team sees its 复查 task; another department sees nothing and may not read the case.
  const std::string fp = "/api/v1/follow-ups/" + fc["id"].dump();
  auto mine = a->Get("/api/v1/follow-ups?scope=mine");
  ASSERT_EQ(mine.status, 200) << mine.raw;
  ASSERT_EQ(mine.body["total"], 1);
  EXPECT_TRUE(mine.body["items"][0]["can_recheck"].get<bool>());
  EXPECT_EQ(other_approver_->Get("/api/v1/follow-ups").body["total"], 0);
  EXPECT_EQ(other_approver_->Get(fp).status, 403);
  EXPECT_EQ(approver_->Get("/api/v1/follow-ups/999999").code(), "FOLLOW_UP_NOT_FOUND");

  // Refusals of the 复查 result, each changing nothing.
  const std::string result = fp + "/rechecks/" + recheck["id"].dump() + "/result";
  EXPECT_EQ(
      approver_->Post(result, {{"rectified", true}, {"rechecked_on", today.ToString()}}).status,
      403);
  auto future =
      a->Post(result, {{"rectified", true}, {"rechecked_on", today.AddDays(1).ToString()}});
  EXPECT_EQ(future.code(), "RECHECK_DATE_INVALID") << future.raw;
  auto no_findings = a->Post(result, {{"rectified", false}, {"rechecked_on", today.ToString()}});
  EXPECT_EQ(no_findings.code(), "RECHECK_FINDINGS_REQUIRED") << no_findings.raw;
  EXPECT_NE(no_findings.body["message"].get<std::string>().find("复查情况"), std::string::npos);
  EXPECT_EQ(a->Post(result, {{"rectified", "yes"}, {"rechecked_on", today.ToString()}}).status,
            400);
  auto unchanged = approver_->Get(fp);
  EXPECT_EQ(unchanged.body["status"], "open");
  EXPECT_EQ(unchanged.body["rechecks"][0]["status"], "open");
  EXPECT_EQ(unchanged.body["steps"].size(), fc["steps"].size());
  // The owner may move the 整改期限 (validated); a second 复查 is refused while one is open.
  const std::string moved = today.AddDays(25).ToString();
  EXPECT_EQ(approver_
                ->Post(fp + "/rechecks/" + recheck["id"].dump() + "/deadline",
                       {{"deadline", "2020-01-01"}})
                .code(),
            "RECTIFICATION_DEADLINE_INVALID");
  auto move = approver_->Post(fp + "/rechecks/" + recheck["id"].dump() + "/deadline",
                              {{"deadline", moved}});
  ASSERT_EQ(move.status, 200) << move.raw;
  EXPECT_EQ(move.body["rechecks"][0]["deadline"], moved);
  EXPECT_EQ(approver_->Post(fp + "/rechecks", {{"deadline", moved}}).code(), "RECHECK_OPEN");

  // The revisit: rectified, so the case is 已完结.
  auto done = b->Post(
      result, {{"rectified", true}, {"rechecked_on", today.ToString()}, {"findings", "已补报"}});
  ASSERT_EQ(done.status, 200) << done.raw;
  EXPECT_EQ(done.body["status"], "closed");
  EXPECT_EQ(done.body["status_name"], "已完结");
  EXPECT_FALSE(done.body["closed_at"].is_null());
  EXPECT_EQ(done.body["rechecks"][0]["status_name"], "已整改");
  EXPECT_EQ(done.body["rechecks"][0]["recorded_by"]["name"], "fu.b");
  EXPECT_EQ(done.body["rechecks"][0]["rechecked_on"], today.ToString());
  EXPECT_EQ(b->Post(result, {{"rectified", true}, {"rechecked_on", today.ToString()}}).code(),
            "CASE_CLOSED");
  EXPECT_EQ(approver_->Post(fp + "/filing", {{"reference", "金市监立字〔2026〕1号"}}).code(),
            "CASE_CLOSED");
  auto closed = approver_->Get("/api/v1/follow-ups?status=closed");
  EXPECT_EQ(closed.body["total"], 1);
  EXPECT_EQ(closed.body["summary"]["rechecks_done"], 1);
  EXPECT_EQ(approver_->Get("/api/v1/follow-ups?status=open").body["total"], 0);
  // Every step in the audit chain, in order.
  EXPECT_EQ(AuditActions(fc["case_no"]),
            (std::vector<std::string>{"followup.open", "followup.deadline", "followup.recheck",
                                      "followup.close"}));
}

TEST_P(FollowUpE2eTest, TransferWaitsForTheReceivingDepartmentsConfirmation) {
  int64_t task = 0;
  std::vector<int64_t> team;
  std::unique_ptr<ApiClient> a, b;
  Json items = {Item("SCJG-GS-01", "2026-09-28", "未发现问题"),
                Item("SCJG-GS-02", kCompleted, "发现问题待后续处理", "涉嫌无证经营")};
  items[1]["follow_up"] = "移送办案机构立案查处";
  const std::string rec = ApprovedRecord("移送测试任务", 2, items, "ys", &task, &team, &a, &b);
  ASSERT_FALSE(rec.empty());
  // No item orders a rectification: a 整改期限 is refused, and nothing is published.
  auto unordered =
      approver_->Post(rec + "/publish", {{"rectify_by", Today().AddDays(10).ToString()}});
  EXPECT_EQ(unordered.code(), "RECTIFICATION_NOT_ORDERED") << unordered.raw;
  EXPECT_EQ(approver_->Get(rec).body["status"], "approved");
  ASSERT_EQ(approver_->Post(rec + "/publish").status, 200);
  auto cases =
      approver_->Get("/api/v1/follow-ups?record_id=" + approver_->Get(rec).body["id"].dump());
  ASSERT_EQ(cases.body["total"], 1) << cases.raw;
  const Json fc = cases.body["items"][0];
  EXPECT_EQ(fc["rechecks"].size(), 0u);
  EXPECT_TRUE(fc["can_manage"].get<bool>());
  const std::string fp = "/api/v1/follow-ups/" + fc["id"].dump();
  const size_t steps = fc["steps"].size();

  // Refused: to the sender itself, to a department that does not exist, by another department,
  // by someone without the approver's role. Nothing changes.
  auto self = approver_->Post(fp + "/transfers", {{"department_id", kMarketDept}});
  EXPECT_EQ(self.code(), "TRANSFER_TO_SELF") << self.raw;
  EXPECT_EQ(approver_->Post(fp + "/transfers", {{"department_id", 99999}}).code(),
            "DEPARTMENT_NOT_FOUND");
  EXPECT_EQ(approver_->Post(fp + "/transfers", {{"department_id", 2}, {"kind", "mail"}}).status,
            400);
  EXPECT_EQ(other_approver_->Post(fp + "/transfers", {{"department_id", 3}}).status, 403);
  EXPECT_EQ(planner_->Post(fp + "/transfers", {{"department_id", 2}}).status, 403);
  auto same = approver_->Get(fp);
  EXPECT_EQ(same.body["transfers"].size(), 0u);
  EXPECT_EQ(same.body["steps"].size(), steps);

  auto sent = approver_->Post(fp + "/transfers",
                              {{"department_id", 2}, {"note", "涉嫌无证经营，移送商务局查处"}});
  ASSERT_EQ(sent.status, 200) << sent.raw;
  EXPECT_EQ(sent.body["status"], "open");
  EXPECT_EQ(sent.body["status_name"], "处置中（待接收）");
  EXPECT_TRUE(sent.body["awaiting_receipt"].get<bool>());
  ASSERT_EQ(sent.body["transfers"].size(), 1u);
  EXPECT_EQ(sent.body["transfers"][0]["to_department_name"], "郑州市金水区商务局");
  EXPECT_FALSE(sent.body["transfers"][0]["received"].get<bool>());
  EXPECT_EQ(approver_->Post(fp + "/transfers", {{"department_id", 2}}).code(), "TRANSFER_PENDING");
  const std::string receipt =
      fp + "/transfers/" + sent.body["transfers"][0]["id"].dump() + "/receipt";

  // The receiving department sees it in its incoming list and may confirm; the sender may not,
  // nor close the case while the receipt is open.
  auto incoming = other_approver_->Get("/api/v1/follow-ups?scope=incoming");
  ASSERT_EQ(incoming.status, 200) << incoming.raw;
  ASSERT_EQ(incoming.body["total"], 1);
  EXPECT_TRUE(incoming.body["items"][0]["can_receive"].get<bool>());
  EXPECT_FALSE(incoming.body["items"][0]["can_manage"].get<bool>());
  EXPECT_EQ(incoming.body["summary"]["awaiting_receipt"], 1);
  EXPECT_EQ(approver_->Get("/api/v1/follow-ups?scope=incoming").body["total"], 0);
  EXPECT_EQ(approver_->Post(receipt).code(), "NOT_RECEIVING_DEPARTMENT");
  EXPECT_EQ(approver_->Post(fp + "/close", {{"note", "办结"}}).code(), "CASE_PENDING_STEPS");
  EXPECT_EQ(approver_->Get(fp).body["status_name"], "处置中（待接收）");

  auto received = other_approver_->Post(receipt);
  ASSERT_EQ(received.status, 200) << received.raw;
  EXPECT_TRUE(received.body["transfers"][0]["received"].get<bool>());
  EXPECT_EQ(received.body["transfers"][0]["received_by"]["name"], "孙立（商务局）");
  EXPECT_FALSE(received.body["transfers"][0]["received_at"].is_null());
  EXPECT_EQ(received.body["status"], "closed");
  EXPECT_EQ(received.body["status_name"], "已完结");
  EXPECT_EQ(other_approver_->Post(receipt).code(), "TRANSFER_ALREADY_RECEIVED");
  EXPECT_EQ(AuditActions(fc["case_no"]),
            (std::vector<std::string>{"followup.open", "followup.transfer", "followup.receipt",
                                      "followup.close"}));
}

TEST_P(FollowUpE2eTest, RecheckFindingThePersistingProblemLeadsToFilingAndJudicialTransfer) {
  int64_t task = 0;
  std::vector<int64_t> team;
  std::unique_ptr<ApiClient> a, b;
  const std::string rec =
      ApprovedRecord("复查未整改测试任务", 1,
                     {Item("SCJG-GS-01", "2026-09-28", "未发现问题"),
                      Item("SCJG-GS-02", kCompleted, "发现问题已责令改正", "虚报注册资本")},
                     "wz", &task, &team, &a, &b);
  ASSERT_FALSE(rec.empty());
  // Without a 整改期限 the default applies: kDefaultRectifyWorkingDays working days.
  ASSERT_EQ(approver_->Post(rec + "/publish").status, 200);
  auto cases = approver_->Get("/api/v1/follow-ups?status=open");
  ASSERT_EQ(cases.body["total"], 1) << cases.raw;
  const Json fc = cases.body["items"][0];
  const Date today = Today();
  EXPECT_EQ(fc["rechecks"][0]["deadline"],
            WorkingCalendar::Official().AddWorkingDays(today, 15).value.ToString());
  const std::string fp = "/api/v1/follow-ups/" + fc["id"].dump();
  auto persists =
      a->Post(fp + "/rechecks/" + fc["rechecks"][0]["id"].dump() + "/result",
              {{"rectified", false}, {"rechecked_on", today.ToString()}, {"findings", "仍未改正"}});
  ASSERT_EQ(persists.status, 200) << persists.raw;
  EXPECT_EQ(persists.body["status"], "open");
  EXPECT_EQ(persists.body["rechecks"][0]["status_name"], "未整改");
  EXPECT_FALSE(persists.body["can_recheck"].get<bool>());
  // A further step: the references are required; 立案 closes the case.
  EXPECT_EQ(approver_->Post(fp + "/filing", {{"reference", " "}}).code(), "TEXT_REQUIRED");
  EXPECT_EQ(approver_->Post(fp + "/judicial", {{"organ", "金水分局"}}).status, 400);
  EXPECT_EQ(other_approver_->Post(fp + "/filing", {{"reference", "X"}}).status, 403);
  EXPECT_EQ(approver_->Get(fp).body["status"], "open");
  auto filed = approver_->Post(fp + "/judicial", {{"organ", "郑州市公安局金水分局"},
                                                  {"reference", "金市监移〔2026〕3号"},
                                                  {"note", "涉嫌犯罪"}});
  ASSERT_EQ(filed.status, 200) << filed.raw;
  EXPECT_EQ(filed.body["status"], "closed");
  bool judicial = false;
  for (const auto& s : filed.body["steps"])
    judicial = judicial || (s["kind"] == "judicial" && s["reference"] == "金市监移〔2026〕3号" &&
                            s["organ"] == "郑州市公安局金水分局");
  EXPECT_TRUE(judicial) << filed.raw;
}

INSTANTIATE_TEST_SUITE_P(Dialects, FollowUpE2eTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return DialectParamName(info.param); });

// Issue 10's contract findings on the plan routes: mistyped fields are refused with 400, not
// ignored (a non-integer year) or turned into a 500 (a non-string note).
TEST_P(InspectionsE2eTest, PlanRoutesRefuseMistypedFields) {
  auto detect = planner_->Post("/api/v1/joint/detect", {{"year", "2026"}});
  EXPECT_EQ(detect.status, 400) << detect.raw;
  EXPECT_EQ(planner_->Post("/api/v1/joint/detect", {{"year", 1999}}).code(), "FIELD_INVALID");
  auto note = planner_->Post("/api/v1/plans/1/submit", {{"note", 5}});
  EXPECT_EQ(note.status, 400) << note.raw;
  auto respond = approver_->Post("/api/v1/joint/proposals/1/respond",
                                 {{"department_id", 1}, {"accept", true}, {"note", Json::array()}});
  EXPECT_EQ(respond.status, 400) << respond.raw;
}

INSTANTIATE_TEST_SUITE_P(Dialects, InspectionsE2eTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::testing
