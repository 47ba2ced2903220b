// Online inspection through the real server, on SQLite and PostgreSQL (issue 13 "Online
// inspection", acceptance 4 and 6): an assigned inspector issues a one-time link for a task
// target; the enterprise, with no account and no cookie, reads what is asked, uploads a file,
// signs the 信用承诺书 and completes; the inspector sees the file and the signature and records
// the commitment as false. The link is refused after completion, after its last day, once a
// newer link replaced it, and a wrong or guessed token gets the very same answer; a token only
// ever reaches its own target; a file of the wrong type, or cut off mid-upload, or refused for a
// spent token leaves neither a file nor a row; every write is in the audit log.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <map>

#include "core/hash.h"
#include "core/ids.h"
#include "core/registers/target.h"
#include "core/time.h"
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
constexpr char kPassword[] = "Zaixian-2026-ceshi";

const std::string kJpeg =
    std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 20) +
    std::string(3000, '\x5A') + "\xFF\xD9";

class EnterpriseLinksE2eTest : public DemoServerTest {
 protected:
  EnterpriseLinksE2eTest() : DemoServerTest("enterprise_links") {}
  static void SetUpTestSuite() { std::signal(SIGPIPE, SIG_IGN); }

  void BeforeServe() override { InsertTargets(); }
  void SetUp() override {
    DemoServerTest::SetUp();
    if (HasFatalFailure()) return;
    planner_ = Client("planner");
    admin_ = Client("admin");
  }

  void InsertTargets() {
    auto conn = tdb_->db().Acquire();
    ASSERT_TRUE(conn.ok());
    for (int i = 0; i < 2; ++i) {
      registers::Target t = DemoEnterprise({"WXJ", "在线检查", "孙在线", "文化路", 30}, i);
      t.tags = {"重点监管"};
      auto id = store::InsertTarget(**conn, t, "2026-01-01T00:00:00.000+08:00");
      ASSERT_TRUE(id.ok()) << id.status().ToString();
      keys_.push_back(t.uscc);
      ids_.push_back(*id);
      names_.push_back(t.name);
    }
  }

  // A 100% task over the test's targets, drawn and dispatched; target id → inspector ids.
  std::map<int64_t, std::vector<int64_t>> DrawTask(int64_t* task_id) {
    auto t = planner_->Post("/api/v1/tasks", {{"title", "书面检查测试任务"},
                                              {"department_id", kMarketDept},
                                              {"task_type", "定向"},
                                              {"window_from", "2026-09-01"},
                                              {"window_to", "2026-12-31"},
                                              {"items", {"SCJG-GS-01", "SCJG-GS-02"}},
                                              {"filter", {{"v", 1}, {"keys", keys_}}},
                                              {"ratio", "100"}});
    EXPECT_EQ(t.status, 201) << t.raw;
    if (t.status != 201) return {};
    *task_id = t.body["id"];
    return DrawAndDispatch(*planner_, *task_id, kMarketDept);
  }

  std::unique_ptr<ApiClient> InspectorUser(const std::string& username, int64_t inspector_id) {
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
    return Client(username, kPassword);
  }

  std::string Links(int64_t task, int64_t target) {
    return "/api/v1/tasks/" + std::to_string(task) + "/targets/" + std::to_string(target) +
           "/enterprise-links";
  }

  size_t Count(const std::string& sql) {
    auto conn = tdb_->db().Acquire();
    EXPECT_TRUE(conn.ok());
    auto row = (*conn)->QueryOne(sql, {}, "QUERY_FAILED", "");
    EXPECT_TRUE(row.ok()) << row.status().ToString();
    return row.ok() ? static_cast<size_t>(row->Int(0)) : 0;
  }
  size_t StoredFiles() const {
    size_t n = 0;
    std::error_code ec;
    if (!fs::exists(data_ / "evidence", ec)) return 0;
    for (auto it = fs::recursive_directory_iterator(data_ / "evidence", ec);
         it != fs::recursive_directory_iterator(); ++it)
      if (it->is_regular_file()) ++n;
    return n;
  }

  // Announces `length` body bytes, sends `part` of them and hangs up; returns what the server
  // answered within two seconds when nothing was sent (the early refusal), "" otherwise.
  std::string RawUpload(const std::string& path, size_t length, const std::string& part) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(server_->port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    const std::string bytes = "POST " + path +
                              " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/jpeg\r\n"
                              "Content-Length: " +
                              std::to_string(length) + "\r\n\r\n" + part;
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

  std::vector<std::string> AuditActions(int64_t link_id) {
    auto conn = tdb_->db().Acquire();
    EXPECT_TRUE(conn.ok());
    auto entries = store::ListAuditFor(**conn, "enterprise_link", std::to_string(link_id), 100);
    EXPECT_TRUE(entries.ok());
    std::vector<std::string> out;
    if (entries.ok())
      for (const auto& e : *entries) out.push_back(e.action);
    std::sort(out.begin(), out.end());
    return out;
  }

  std::unique_ptr<ApiClient> planner_, admin_;
  std::vector<std::string> keys_, names_;
  std::vector<int64_t> ids_;
};

TEST_P(EnterpriseLinksE2eTest, EnterpriseUploadsSignsAndCompletesWithNothingButTheLink) {
  int64_t task = 0;
  auto teams = DrawTask(&task);
  ASSERT_EQ(teams.size(), 2u);
  const int64_t a = ids_[0], b = ids_[1];
  auto inspector = InspectorUser("zx.a", teams[a][0]);

  // A planner of another department (金水区商务局) may not issue a link for this task target.
  auto refused =
      Client("planner.sw")
          ->Post(Links(task, b), {{"department_id", kMarketDept}, {"materials", {"营业执照副本"}}});
  EXPECT_EQ(refused.status, 403) << refused.raw;
  EXPECT_EQ(refused.body["code"], "PERMISSION_DENIED");
  // Asking for nothing is refused.
  auto nothing = inspector->Post(
      Links(task, a),
      {{"department_id", kMarketDept}, {"materials", Json::array()}, {"commitment", false}});
  EXPECT_EQ(nothing.status, 400);
  EXPECT_EQ(nothing.body["code"], "LINK_ASKS_NOTHING");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM enterprise_links"), 0u);

  auto issued = inspector->Post(
      Links(task, a), {{"department_id", kMarketDept}, {"materials", {"年度报告纸质件"}}});
  ASSERT_EQ(issued.status, 201) << issued.raw;
  const std::string token = issued.body["token"];
  EXPECT_EQ(token.size(), 64u);  // 256 bits, hex
  EXPECT_EQ(issued.body["path"], "/e/" + token);
  const int64_t link_id = issued.body["id"];
  {
    // Only the hash is stored.
    EXPECT_EQ(Count("SELECT COUNT(*) FROM enterprise_links WHERE token_hash = '" +
                    ToHex(Sha256(token)) + "'"),
              1u);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM enterprise_links WHERE token_hash = '" + token + "'"),
              0u);
  }
  // A planner of the department issues B's link.
  auto issued_b = planner_->Post(Links(task, b), {{"department_id", kMarketDept}});
  ASSERT_EQ(issued_b.status, 201) << issued_b.raw;
  const std::string token_b = issued_b.body["token"];

  // The enterprise: no session, no cookie.
  ApiClient enterprise(server_->port());
  const std::string lp = "/api/v1/enterprise-links/" + token;
  auto page = enterprise.Get(lp);
  ASSERT_EQ(page.status, 200) << page.raw;
  EXPECT_EQ(page.body["target_name"], names_[0]);
  EXPECT_EQ(page.body["materials"], Json({"年度报告纸质件"}));
  EXPECT_EQ(page.body["commitment"]["version"], "XYCN-2026-1");
  EXPECT_FALSE(page.body["commitment"]["text"].get<std::string>().empty());
  EXPECT_EQ(page.body["items"].size(), 2u);
  for (const char* hidden : {"id", "target_id", "target_key", "department_id", "task_id"})
    EXPECT_FALSE(page.body.contains(hidden)) << hidden;
  // The other token reaches only the other target.
  auto page_b = enterprise.Get("/api/v1/enterprise-links/" + token_b);
  ASSERT_EQ(page_b.status, 200);
  EXPECT_EQ(page_b.body["target_name"], names_[1]);

  // Evidence rules: type by content; a material not asked for; a cut-off upload. Nothing stays.
  const size_t files_before = StoredFiles();
  auto text_file = enterprise.PostRaw(lp + "/files?material=%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A"
                                           "%E7%BA%B8%E8%B4%A8%E4%BB%B6&file_name=a.jpg",
                                      "just text, named .jpg", "image/jpeg");
  EXPECT_EQ(text_file.status, 400) << text_file.raw;
  EXPECT_EQ(text_file.body["code"], "EVIDENCE_TYPE_NOT_ALLOWED");
  auto wrong_material =
      enterprise.PostRaw(lp + "/files?material=other&file_name=a.jpg", kJpeg, "image/jpeg");
  EXPECT_EQ(wrong_material.status, 400);
  EXPECT_EQ(wrong_material.body["code"], "LINK_MATERIAL_INVALID");
  RawUpload(lp + "/files?file_name=cut.jpg", 100000, kJpeg.substr(0, 500));
  EXPECT_EQ(StoredFiles(), files_before);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM enterprise_link_files"), 0u);
  // A body over the cap is refused before it is read (413).
  const std::string too_big =
      RawUpload(lp + "/files?file_name=big.jpg", (size_t{20} << 20) + 1, "");
  EXPECT_NE(too_big.find(" 413 "), std::string::npos) << too_big.substr(0, 200);

  // Not complete before the file and the signature.
  auto early = enterprise.Post(lp + "/complete");
  EXPECT_EQ(early.status, 409) << early.raw;
  EXPECT_EQ(early.body["code"], "LINK_INCOMPLETE");

  auto up = enterprise.PostRaw(lp + "/files?material=%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A%E7%BA%B8"
                                    "%E8%B4%A8%E4%BB%B6&file_name=report.jpg",
                               kJpeg, "image/jpeg");
  ASSERT_EQ(up.status, 201) << up.raw;
  EXPECT_EQ(up.body["media_type"], "image/jpeg");
  EXPECT_EQ(StoredFiles(), files_before + 1);

  auto stale = enterprise.Post(lp + "/commitment", {{"signer_name", "孙在线"}, {"version", "OLD"}});
  EXPECT_EQ(stale.status, 400);
  EXPECT_EQ(stale.body["code"], "COMMITMENT_VERSION_MISMATCH");
  auto signed_ =
      enterprise.Post(lp + "/commitment", {{"signer_name", "孙在线"}, {"version", "XYCN-2026-1"}});
  ASSERT_EQ(signed_.status, 200) << signed_.raw;
  EXPECT_EQ(signed_.body["commitment"]["signer_name"], "孙在线");
  auto done = enterprise.Post(lp + "/complete");
  ASSERT_EQ(done.status, 200) << done.raw;
  EXPECT_EQ(done.body["status"], "completed");

  // Spent, unknown, guessed, malformed: one answer, word for word.
  auto unknown = enterprise.Get("/api/v1/enterprise-links/" + std::string(64, 'a'));
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.body["code"], "LINK_INVALID");
  for (const std::string& path :
       {lp, "/api/v1/enterprise-links/" + token.substr(0, 63) + (token[63] == '0' ? "1" : "0"),
        std::string("/api/v1/enterprise-links/not-a-token")}) {
    auto r = enterprise.Get(path);
    EXPECT_EQ(r.status, unknown.status) << path;
    EXPECT_EQ(r.raw, unknown.raw) << path;
  }
  auto after_sign =
      enterprise.Post(lp + "/commitment", {{"signer_name", "别人"}, {"version", "XYCN-2026-1"}});
  EXPECT_EQ(after_sign.raw, unknown.raw);
  auto after_upload = enterprise.PostRaw(lp + "/files?file_name=x.jpg", kJpeg + "x", "image/jpeg");
  EXPECT_EQ(after_upload.raw, unknown.raw);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM enterprise_link_files"), 1u);
  EXPECT_EQ(StoredFiles(), files_before + 1);

  // The inspector sees what came in; the other target's link has none of it.
  auto seen = inspector->Get(Links(task, a) + "?department_id=1");
  ASSERT_EQ(seen.status, 200) << seen.raw;
  ASSERT_EQ(seen.body["items"].size(), 1u);
  const Json& link = seen.body["items"][0];
  EXPECT_EQ(link["status"], "completed");
  EXPECT_EQ(link["commitment"]["signer_name"], "孙在线");
  ASSERT_EQ(link["files"].size(), 1u);
  auto file = inspector->Get("/api/v1/enterprise-link-files/" +
                             std::to_string(link["files"][0]["id"].get<int64_t>()));
  EXPECT_EQ(file.status, 200);
  EXPECT_EQ(file.raw, kJpeg);
  auto seen_b = planner_->Get(Links(task, b) + "?department_id=1");
  ASSERT_EQ(seen_b.status, 200);
  EXPECT_EQ(seen_b.body["items"][0]["files"].size(), 0u);
  EXPECT_EQ(seen_b.body["items"][0]["commitment"]["signer_name"], nullptr);

  // A commitment found false later is recorded.
  auto marked =
      inspector->Post(Links(task, a) + "/" + std::to_string(link_id) + "/false-commitment",
                      {{"note", "现场核查发现年报所填从业人数与社保记录不符"}});
  ASSERT_EQ(marked.status, 200) << marked.raw;
  EXPECT_TRUE(marked.body["commitment_false"].get<bool>());

  // The inspectors record the result (书面检查, 弄虚作假) and the department publishes it: the
  // public record says the commitment was found false.
  const std::string today = ChinaDate(std::chrono::time_point_cast<std::chrono::milliseconds>(
                                          std::chrono::system_clock::now()))
                                .ToString();
  auto co = InspectorUser("zx.b", teams[a][1]);
  Json item1 = {{"item_code", "SCJG-GS-01"},      {"methods", {"书面检查"}},
                {"inspected_on", today},          {"findings", "企业提交的年报材料与社保记录不符"},
                {"handling", "责令更正公示信息"}, {"result", "公示信息隐瞒真实情况、弄虚作假"},
                {"follow_up", "无需后续处置"}};
  Json item2 = {{"item_code", "SCJG-GS-02"},
                {"methods", {"书面检查"}},
                {"inspected_on", today},
                {"findings", ""},
                {"handling", ""},
                {"result", "未发现问题"},
                {"follow_up", "无需后续处置"}};
  auto saved = inspector->Put("/api/v1/tasks/" + std::to_string(task) + "/records",
                              {{"target_id", a},
                               {"department_id", kMarketDept},
                               {"revision", 0},
                               {"remark", ""},
                               {"cannot_inspect", ""},
                               {"items", {item1, item2}}});
  ASSERT_EQ(saved.status, 200) << saved.raw;
  const std::string rec = "/api/v1/records/" + saved.body["id"].dump();
  auto sub = inspector->Post(rec + "/submit", {{"revision", saved.body["revision"]}});
  ASSERT_EQ(sub.status, 200) << sub.raw;
  ASSERT_EQ(co->Post(rec + "/confirm", {{"revision", sub.body["revision"]}}).status, 200);
  auto approver = Client("approver");
  ASSERT_EQ(approver->Post(rec + "/approve").status, 200);
  auto pub = approver->Post(rec + "/publish");
  ASSERT_EQ(pub.status, 200) << pub.raw;
  const Json& published = pub.body["publications"].back();
  EXPECT_NE(published["remark"].get<std::string>().find("信用承诺书经核查不实"), std::string::npos)
      << published;
  auto shown =
      enterprise.Get("/api/v1/public/results/" + published["publication_no"].get<std::string>());
  ASSERT_EQ(shown.status, 200) << shown.raw;
  EXPECT_NE(shown.body["remark"].get<std::string>().find("信用承诺书经核查不实"),
            std::string::npos);
  // No new link once the result is published.
  auto late = inspector->Post(Links(task, a), {{"department_id", kMarketDept}});
  EXPECT_EQ(late.status, 409) << late.raw;
  EXPECT_EQ(late.body["code"], "RECORD_CLOSED");

  EXPECT_EQ(AuditActions(link_id),
            (std::vector<std::string>{"enterprise_link.commitment_false",
                                      "enterprise_link.complete", "enterprise_link.issue",
                                      "enterprise_link.sign", "enterprise_link.upload"}));
  auto audit = RunCommand({SuijiBinary(), "audit", "verify", "--db", tdb_->url(), "--key-file",
                           (data_ / "keys" / "platform.ed25519").string()});
  EXPECT_EQ(audit.exit_code, 0) << audit.out << audit.err;
}

TEST_P(EnterpriseLinksE2eTest, ExpiredAndReplacedLinksAreRefusedLikeUnknownOnes) {
  int64_t task = 0;
  auto teams = DrawTask(&task);
  ASSERT_EQ(teams.size(), 2u);
  const int64_t a = ids_[0];
  auto first = planner_->Post(Links(task, a), {{"department_id", kMarketDept}});
  ASSERT_EQ(first.status, 201) << first.raw;
  auto second = planner_->Post(Links(task, a), {{"department_id", kMarketDept}});
  ASSERT_EQ(second.status, 201) << second.raw;
  ApiClient enterprise(server_->port());
  auto unknown = enterprise.Get("/api/v1/enterprise-links/" + std::string(64, 'b'));
  ASSERT_EQ(unknown.status, 404);
  // The newer link replaced the first one.
  auto replaced =
      enterprise.Get("/api/v1/enterprise-links/" + first.body["token"].get<std::string>());
  EXPECT_EQ(replaced.raw, unknown.raw);
  const std::string lp = "/api/v1/enterprise-links/" + second.body["token"].get<std::string>();
  ASSERT_EQ(enterprise.Get(lp).status, 200);
  // Its last day passes (the server reads the China date of its clock).
  {
    auto conn = tdb_->db().Acquire();
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE((*conn)
                    ->Execute("UPDATE enterprise_links SET expires_on = '2026-01-01' WHERE id = $1",
                              {second.body["id"].get<int64_t>()})
                    .ok());
  }
  EXPECT_EQ(enterprise.Get(lp).raw, unknown.raw);
  const size_t files_before = StoredFiles();
  auto upload = enterprise.PostRaw(lp + "/files?file_name=late.jpg", kJpeg, "image/jpeg");
  EXPECT_EQ(upload.raw, unknown.raw);
  EXPECT_EQ(StoredFiles(), files_before);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM enterprise_link_files"), 0u);
  auto list = planner_->Get(Links(task, a) + "?department_id=1");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body["items"].size(), 2u);
  EXPECT_EQ(list.body["items"][0]["status"], "expired");
  EXPECT_EQ(list.body["items"][1]["status"], "revoked");
}

TEST_P(EnterpriseLinksE2eTest, GuessingIsThrottledPerAddressLikeLogin) {
  ApiClient enterprise(server_->port());
  for (int i = 0; i < 30; ++i) {
    auto r = enterprise.Get("/api/v1/enterprise-links/" + std::string(63, 'c') +
                            std::string(1, static_cast<char>('a' + i % 6)));
    ASSERT_EQ(r.status, 404) << i;
  }
  auto throttled = enterprise.Get("/api/v1/enterprise-links/" + std::string(64, 'd'));
  EXPECT_EQ(throttled.status, 429) << throttled.raw;
  EXPECT_EQ(throttled.body["code"], "LINK_THROTTLED");
}

INSTANTIATE_TEST_SUITE_P(Dialects, EnterpriseLinksE2eTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::testing
