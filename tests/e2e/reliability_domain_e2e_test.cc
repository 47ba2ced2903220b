// Issue 9 (reliability and security), the domain findings, through the real server on SQLite and
// PostgreSQL with the demo data:
//   2. a plan batch becomes at most one task, repeated or raced;
//   5. free text follows one set of rules (length in characters, no NUL, no bidi overrides);
//   6. login throttling is atomic per account and an address cannot lock out its colleagues;
//   7. 回避 relations are scoped like the inspectors they name;
//   8. lists are filtered by permission inside the query, before limit and offset.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "store/migrate.h"
#include "support/api_client.h"
#include "support/process.h"
#include "support/test_db.h"

namespace suiji::testing {
namespace {

using Json = nlohmann::json;

constexpr int64_t kMarketDept = 1;      // 金水区市场监督管理局 (planner, approver)
constexpr char kItem[] = "SCJG-GS-01";  // 企业年度报告公示信息抽查
constexpr char kDemoPassword[] = "suiji-demo-2026";

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

class ReliabilityDomainE2eTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    tdb_ = TestDatabase::Create(GetParam());
    ASSERT_NE(tdb_, nullptr);
    auto demo =
        RunCommand({SuijiBinary(), "demo", "--db", tdb_->url()}, "", std::chrono::seconds(240));
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    server_ = std::make_unique<ServerProcess>(tdb_->url());
    ASSERT_TRUE(server_->Start()) << server_->Log();
  }
  void TearDown() override {
    if (server_) {
      EXPECT_EQ(server_->Stop(), 0) << server_->Log();
    }
  }

  std::unique_ptr<ApiClient> LoggedIn(const std::string& username) {
    auto c = std::make_unique<ApiClient>(server_->port());
    EXPECT_TRUE(c->Login(username)) << username;
    return c;
  }

  // The department of a demo user's first grant ("department:N").
  int64_t DepartmentOf(ApiClient& who) {
    auto me = who.Get("/api/v1/me");
    const std::string scope = me.body["user"]["roles"][0]["scope"];
    EXPECT_TRUE(scope.starts_with("department:")) << scope;
    return std::stoll(scope.substr(scope.find(':') + 1));
  }

  Json Plan(const std::string& title, const std::string& batch_name = "第四季度",
            const std::string& note = "") {
    return {{"department_id", kMarketDept},
            {"content",
             {{"title", title},
              {"kind", "年度"},
              {"year", 2026},
              {"batches",
               {{{"seq", 1},
                 {"name", batch_name},
                 {"window_from", "2026-11-23"},
                 {"window_to", "2026-12-31"},
                 {"items", {kItem}},
                 {"filter", {{"tags", {"E2E测试"}}}},
                 {"task_type", "不定向"},
                 {"note", note}}}}}}};
  }

  // A published plan of 市场监管局 (planner writes, approver approves); returns its path.
  std::string PublishedPlan(ApiClient& planner, ApiClient& approver, const std::string& title) {
    auto plan = planner.Post("/api/v1/plans", Plan(title));
    EXPECT_EQ(plan.status, 201) << plan.raw;
    const std::string path = "/api/v1/plans/" + std::to_string(plan.body["id"].get<int64_t>());
    EXPECT_EQ(planner.Post(path + "/submit").status, 200);
    EXPECT_EQ(approver.Post(path + "/approve", {{"note", "同意"}}).status, 200);
    EXPECT_EQ(planner.Post(path + "/publish").status, 200);
    return path;
  }

  // An ad hoc target draw of `department_id` over a two-object pool.
  ApiResponse AdhocDraw(ApiClient& who, int64_t department_id, const std::string& title,
                        Json sources = Json::array({"见证人报数"})) {
    return who.Post(
        "/api/v1/draws",
        {{"kind", "targets"},
         {"title", title},
         {"department_id", department_id},
         {"sources", sources},
         {"strata", {{{"name", "全部"}, {"take", 1}}}},
         {"pool", {{{"stratum", "全部"}, {"id", "A1"}}, {{"stratum", "全部"}, {"id", "A2"}}}}});
  }

  // POST /session without a client session; the status and error code.
  std::pair<int, std::string> TryLogin(const std::string& username, const std::string& password) {
    httplib::Client http("127.0.0.1", server_->port());
    http.set_read_timeout(120);
    auto r =
        http.Post("/api/v1/session", Json{{"username", username}, {"password", password}}.dump(),
                  "application/json");
    if (!r) return {0, ""};
    Json body = Json::parse(r->body, nullptr, false);
    return {r->status, body.is_object() ? body.value("code", "") : ""};
  }

  std::unique_ptr<TestDatabase> tdb_;
  std::unique_ptr<ServerProcess> server_;
};

// --- finding 2: one task per plan batch ------------------------------------------------------

TEST_P(ReliabilityDomainE2eTest, BatchBecomesOneTaskWhenRepeated) {
  auto planner = LoggedIn("planner");
  auto approver = LoggedIn("approver");
  const std::string plan = PublishedPlan(*planner, *approver, "2026年度一批一任务计划");
  auto first = planner->Post(plan + "/batches/1/tasks");
  ASSERT_EQ(first.status, 201) << first.raw;
  const std::string task_no = first.body["task_no"];
  for (int i = 0; i < 2; ++i) {
    auto again = planner->Post(plan + "/batches/1/tasks", {{"title", "再来一次"}});
    EXPECT_EQ(again.status, 409) << again.raw;
    EXPECT_EQ(again.code(), "BATCH_TASK_EXISTS");
    EXPECT_NE(again.body.value("message", "").find(task_no), std::string::npos) << again.raw;
  }
  const int64_t plan_id = std::stoll(plan.substr(plan.rfind('/') + 1));
  auto tasks = planner->Get("/api/v1/tasks?plan_id=" + std::to_string(plan_id));
  ASSERT_EQ(tasks.status, 200) << tasks.raw;
  EXPECT_EQ(tasks.body["items"].size(), 1u) << tasks.raw;
}

TEST_P(ReliabilityDomainE2eTest, BatchBecomesOneTaskUnderSixConcurrentRequests) {
  auto planner = LoggedIn("planner");
  auto approver = LoggedIn("approver");
  const std::string plan = PublishedPlan(*planner, *approver, "2026年度并发一批一任务计划");
  std::vector<std::unique_ptr<ApiClient>> clients;
  for (int i = 0; i < 6; ++i) clients.push_back(LoggedIn("planner"));
  std::vector<ApiResponse> answers(6);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i)
    threads.emplace_back([&, i] {
      ++ready;
      while (ready.load() < 6) std::this_thread::yield();
      answers[i] = clients[i]->Post(plan + "/batches/1/tasks");
    });
  for (auto& t : threads) t.join();
  int created = 0, refused = 0;
  for (const auto& a : answers) {
    if (a.status == 201) ++created;
    else if (a.status == 409 && a.code() == "BATCH_TASK_EXISTS") ++refused;
    else ADD_FAILURE() << a.status << " " << a.raw;
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(refused, 5);
  const int64_t plan_id = std::stoll(plan.substr(plan.rfind('/') + 1));
  EXPECT_EQ(planner->Get("/api/v1/tasks?plan_id=" + std::to_string(plan_id)).body["items"].size(),
            1u);
}

// An older database that already holds two tasks for one batch migrates: the earliest stays the
// batch's task, the later one is marked as its duplicate (kept, not deleted), and from then on the
// database itself refuses another task for that batch.
class BatchMigrationTest : public ::testing::TestWithParam<store::Dialect> {};

TEST_P(BatchMigrationTest, ExistingDuplicatesAreMarkedAndNewOnesRefused) {
  auto tdb = TestDatabase::Create(GetParam(), /*migrate=*/false);
  ASSERT_NE(tdb, nullptr);
  store::Database& db = tdb->db();
  std::vector<store::Migration> before;
  for (const auto& m : store::BuiltinMigrations())
    if (m.version <= 5) before.push_back(m);
  ASSERT_TRUE(store::Migrate(db, before).ok());
  auto conn = db.Acquire();
  ASSERT_TRUE(conn.ok());
  store::Connection& c = **conn;
  auto exec = [&](const std::string& sql) {
    auto r = c.Execute(sql);
    ASSERT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
  };
  exec("INSERT INTO regions (code, name, level) VALUES ('410105', '金水区', 'county')");
  exec(
      "INSERT INTO departments (id, code, name, short_name, region_code, created_at) VALUES "
      "(1, 'JS-SCJG', '市场监管局', '市场监管局', '410105', '2026-01-01T00:00:00.000Z')");
  exec(
      "INSERT INTO plans (id, plan_no, version, department_id, year, title, status, content, adjustment_reason, "
      "created_at) VALUES (1, 'JS-SCJG-2026-JH1', 1, 1, 2026, '计划', 'executing', '{}', '', "
      "'2026-01-01T00:00:00.000Z')");
  auto task = [&](int id, const std::string& origin, const std::string& plan,
                  const std::string& seq) {
    exec(
        "INSERT INTO tasks (id, task_no, title, department_id, task_type, origin, plan_id, batch_seq, window_from, "
        "window_to, target_filter, filter_description, status, created_at) VALUES (" +
        std::to_string(id) + ", 'T" + std::to_string(id) + "', '任务', 1, '不定向', '" + origin +
        "', " + plan + ", " + seq +
        ", '2026-11-01', '2026-12-31', '{}', '', 'draft', '2026-01-01T00:00:00.000Z')");
  };
  task(1, "plan", "1", "1");
  task(2, "plan", "1", "1");  // the back-door second task of batch 1
  task(3, "plan", "1", "2");
  task(4, "adhoc", "NULL", "NULL");
  task(5, "plan", "1", "1");  // and a third
  ASSERT_TRUE(store::Migrate(db).ok());

  auto rs = c.Query("SELECT id, batch_duplicate_of FROM tasks ORDER BY id");
  ASSERT_TRUE(rs.ok()) << rs.status().ToString();
  std::map<int64_t, std::optional<int64_t>> marks;
  for (const auto& r : rs->rows) marks[r.Int(0)] = r.OptInt(1);
  EXPECT_EQ(marks.size(), 5u);
  EXPECT_EQ(marks[1], std::nullopt);
  EXPECT_EQ(marks[2], std::optional<int64_t>(1));
  EXPECT_EQ(marks[3], std::nullopt);
  EXPECT_EQ(marks[4], std::nullopt);
  EXPECT_EQ(marks[5], std::optional<int64_t>(1));
  auto dup = c.Execute(
      "INSERT INTO tasks (id, task_no, title, department_id, task_type, origin, plan_id, batch_seq, window_from, "
      "window_to, target_filter, filter_description, status, created_at) VALUES (9, 'T9', '任务', 1, '不定向', 'plan', 1, "
      "2, '2026-11-01', '2026-12-31', '{}', '', 'draft', '2026-01-01T00:00:00.000Z')");
  EXPECT_EQ(dup.status().reason(), "DB_UNIQUE_VIOLATION") << dup.status().ToString();
  const std::string detail(dup.status().detail());
  EXPECT_TRUE(detail.find("batch_seq") != std::string::npos ||
              detail.find("tasks_one_per_batch") != std::string::npos)
      << detail;
}

INSTANTIATE_TEST_SUITE_P(Backends, BatchMigrationTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return DialectParamName(info.param); });

// --- finding 5: free-text rules --------------------------------------------------------------

TEST_P(ReliabilityDomainE2eTest, PlanTextIsBoundedAndFreeOfControlAndBidiCharacters) {
  auto planner = LoggedIn("planner");
  auto too_long = planner->Post("/api/v1/plans", Plan(Repeat("计", 101)));
  EXPECT_EQ(too_long.status, 400) << too_long.raw;
  EXPECT_EQ(too_long.code(), "TEXT_TOO_LONG");
  EXPECT_EQ(too_long.body.value("message", ""), "“计划名称”不能超过 100 个字符");

  auto nul = planner->Post("/api/v1/plans", Plan(std::string("年度计划\0附加", 19)));
  EXPECT_EQ(nul.status, 400) << nul.raw;
  EXPECT_EQ(nul.code(), "TEXT_INVALID_CHAR");

  auto bidi = planner->Post("/api/v1/plans", Plan("年度计划\u202Efdp.exe"));
  EXPECT_EQ(bidi.status, 400) << bidi.raw;
  EXPECT_EQ(bidi.code(), "TEXT_INVALID_CHAR");
  EXPECT_EQ(bidi.body.value("message", ""), "“计划名称”含有不允许的字符 U+202E（双向文字控制符）");

  auto batch_name = planner->Post("/api/v1/plans", Plan("年度计划", Repeat("批", 51)));
  EXPECT_EQ(batch_name.code(), "TEXT_TOO_LONG") << batch_name.raw;
  auto batch_note =
      planner->Post("/api/v1/plans", Plan("年度计划", "第四季度", Repeat("注", 2001)));
  EXPECT_EQ(batch_note.code(), "TEXT_TOO_LONG") << batch_note.raw;
  EXPECT_EQ(batch_note.body.value("message", ""), "“批次说明”不能超过 2000 个字符");
  // Half a megabyte (under the HTTP layer's body limit) is refused as quickly and as clearly.
  auto huge = planner->Post("/api/v1/plans", Plan(std::string(1 << 19, 'x')));
  EXPECT_EQ(huge.status, 400);
  EXPECT_EQ(huge.code(), "TEXT_TOO_LONG");
  // At the limits, with line breaks in the note, all is well.
  auto ok = planner->Post("/api/v1/plans",
                          Plan(Repeat("计", 100), Repeat("批", 50), Repeat("注", 1999) + "\n"));
  EXPECT_EQ(ok.status, 201) << ok.raw;
  EXPECT_EQ(planner->Get("/api/v1/plans").body["items"].size(), 1u);

  // Approval notes and adjustment reasons follow the note rule.
  auto approver = LoggedIn("approver");
  const std::string path = "/api/v1/plans/" + std::to_string(ok.body["id"].get<int64_t>());
  ASSERT_EQ(planner->Post(path + "/submit").status, 200);
  auto long_note = approver->Post(path + "/approve", {{"note", Repeat("同", 2001)}});
  EXPECT_EQ(long_note.status, 400) << long_note.raw;
  EXPECT_EQ(long_note.body.value("message", ""), "“审核意见”不能超过 2000 个字符");
  auto bidi_note = approver->Post(path + "/return", {{"note", "请修改\u2066"}});
  EXPECT_EQ(bidi_note.code(), "TEXT_INVALID_CHAR") << bidi_note.raw;
  EXPECT_EQ(planner->Get(path).body["status"], "submitted");
}

TEST_P(ReliabilityDomainE2eTest, DrawsDeclareFewSourcesAndCleanTitles) {
  auto planner = LoggedIn("planner");
  Json many = Json::array();
  for (int i = 0; i < 21; ++i) many.push_back("随机源" + std::to_string(i));
  auto too_many = AdhocDraw(*planner, kMarketDept, "临时抽取", many);
  EXPECT_EQ(too_many.status, 400) << too_many.raw;
  EXPECT_EQ(too_many.code(), "DRAW_TOO_MANY_SOURCES");
  many.erase(many.size() - 1);
  EXPECT_EQ(AdhocDraw(*planner, kMarketDept, "临时抽取", many).status, 201);

  auto bidi = AdhocDraw(*planner, kMarketDept, "临时抽取\u202E");
  EXPECT_EQ(bidi.code(), "TEXT_INVALID_CHAR") << bidi.raw;
  auto nul = AdhocDraw(*planner, kMarketDept, std::string("临时\0抽取", 13));
  EXPECT_EQ(nul.code(), "TEXT_INVALID_CHAR") << nul.raw;
  auto long_title = AdhocDraw(*planner, kMarketDept, Repeat("抽", 201));
  EXPECT_EQ(long_title.code(), "TEXT_TOO_LONG") << long_title.raw;
  auto long_source = AdhocDraw(*planner, kMarketDept, "临时抽取", Json::array({Repeat("源", 101)}));
  EXPECT_EQ(long_source.code(), "TEXT_TOO_LONG") << long_source.raw;
}

TEST_P(ReliabilityDomainE2eTest, RegisterReasonsFollowTheNoteRule) {
  auto admin = LoggedIn("admin");
  auto inspectors = admin->Get("/api/v1/inspectors?page_size=1");
  ASSERT_EQ(inspectors.status, 200) << inspectors.raw;
  const int64_t id = inspectors.body["items"][0]["id"];
  auto reveal = admin->Post("/api/v1/inspectors/" + std::to_string(id) + "/citizen-id",
                            {{"reason", Repeat("查", 2001)}});
  EXPECT_EQ(reveal.status, 400) << reveal.raw;
  EXPECT_EQ(reveal.body.value("message", ""), "“查看原因”不能超过 2000 个字符");
  auto nul = admin->Post("/api/v1/inspectors/" + std::to_string(id) + "/citizen-id",
                         {{"reason", std::string("核查\0", 7)}});
  EXPECT_EQ(nul.code(), "TEXT_INVALID_CHAR") << nul.raw;
  EXPECT_EQ(admin
                ->Post("/api/v1/inspectors/" + std::to_string(id) + "/citizen-id",
                       {{"reason", "核对身份"}})
                .status,
            200);
}

// --- finding 6: throttling -------------------------------------------------------------------

TEST_P(ReliabilityDomainE2eTest, ConcurrentWrongPasswordsGetAtMostFiveFailures) {
  constexpr int kAttempts = 40;
  std::vector<std::pair<int, std::string>> answers(kAttempts);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kAttempts; ++i)
    threads.emplace_back([&, i] {
      ++ready;
      while (ready.load() < kAttempts) std::this_thread::yield();
      answers[i] = TryLogin("approver.sw", "wrong-password-" + std::to_string(i));
    });
  for (auto& t : threads) t.join();
  int failed = 0, throttled = 0;
  for (const auto& [status, code] : answers) {
    if (status == 401 && code == "LOGIN_FAILED") ++failed;
    else if (status == 429 && code == "LOGIN_THROTTLED") ++throttled;
    else ADD_FAILURE() << status << " " << code;
  }
  EXPECT_EQ(failed, 5);
  EXPECT_EQ(throttled, kAttempts - 5);
  EXPECT_EQ(TryLogin("approver.sw", kDemoPassword).second, "LOGIN_THROTTLED");
}

TEST_P(ReliabilityDomainE2eTest, FailuresFromOneAddressDoNotLockOutOtherAccounts) {
  // 35 failures from 127.0.0.1 on many usernames (over the address's 30).
  for (int i = 0; i < 35; ++i) {
    auto [status, code] = TryLogin("ghost" + std::to_string(i), "wrong-password-1");
    EXPECT_EQ(code, "LOGIN_FAILED") << i;
  }
  // Colleagues behind the same address who have not mistyped still get in.
  EXPECT_EQ(TryLogin("planner", kDemoPassword).first, 200);
  EXPECT_EQ(TryLogin("approver", kDemoPassword).first, 200);
  // The usernames that already failed from this address are held back there.
  EXPECT_EQ(TryLogin("ghost0", "wrong-password-2").second, "LOGIN_THROTTLED");
  // One wrong attempt for a new username is a failure like any other, the next is held back.
  EXPECT_EQ(TryLogin("witness", "wrong-password-1").second, "LOGIN_FAILED");
  EXPECT_EQ(TryLogin("witness", kDemoPassword).second, "LOGIN_THROTTLED");
}

// --- finding 7: 回避 relations are scoped like their inspectors -----------------------------

TEST_P(ReliabilityDomainE2eTest, ConflictsAreScopedLikeTheirInspectors) {
  auto admin = LoggedIn("admin");
  auto commerce = LoggedIn("planner.sw");
  auto all = admin->Get("/api/v1/conflicts?page_size=500");
  ASSERT_EQ(all.status, 200) << all.raw;
  ASSERT_GT(all.body["total"].get<int64_t>(), 0);
  // What 商务局 may see: relations whose inspector it may read.
  std::set<int64_t> visible, hidden;
  for (const auto& x : all.body["items"]) {
    const int64_t inspector = x["inspector_id"];
    const int status = commerce->Get("/api/v1/inspectors/" + std::to_string(inspector)).status;
    ASSERT_TRUE(status == 200 || status == 403) << status;
    (status == 200 ? visible : hidden).insert(x["id"].get<int64_t>());
  }
  ASSERT_FALSE(hidden.empty())
      << "the demo data should hold relations of other departments' inspectors";

  auto mine = commerce->Get("/api/v1/conflicts?page_size=500");
  ASSERT_EQ(mine.status, 200) << mine.raw;
  EXPECT_EQ(mine.body["total"].get<int64_t>(), static_cast<int64_t>(visible.size()));
  std::set<int64_t> got;
  for (const auto& x : mine.body["items"]) got.insert(x["id"].get<int64_t>());
  EXPECT_EQ(got, visible);
  // A page of one is a page of a visible relation (or empty when there is none).
  auto one = commerce->Get("/api/v1/conflicts?page_size=1");
  EXPECT_EQ(one.body["items"].size(), visible.empty() ? 0u : 1u);
  for (int64_t id : hidden)
    EXPECT_EQ(commerce->Get("/api/v1/conflicts/" + std::to_string(id)).status, 403) << id;

  // The export holds the same rows as the list (the admin's export tells the header lines).
  auto lines_of = [](const std::string& csv) {
    size_t n = 0;
    for (char ch : csv) n += ch == '\n';
    return static_cast<int64_t>(n);
  };
  auto full = admin->Get("/api/v1/registers/conflicts/export?format=csv");
  ASSERT_EQ(full.status, 200) << full.raw;
  const int64_t header_lines = lines_of(full.raw) - all.body["total"].get<int64_t>();
  auto csv = commerce->Get("/api/v1/registers/conflicts/export?format=csv");
  ASSERT_EQ(csv.status, 200) << csv.raw;
  EXPECT_EQ(lines_of(csv.raw), header_lines + static_cast<int64_t>(visible.size())) << csv.raw;
  // 市场监管局 sees none of 商务局's.
  auto market = LoggedIn("planner");
  auto theirs = market->Get("/api/v1/conflicts?page_size=500");
  for (const auto& x : theirs.body["items"])
    EXPECT_FALSE(visible.count(x["id"].get<int64_t>())) << x.dump();
  EXPECT_LE(theirs.body["total"].get<int64_t>(), static_cast<int64_t>(hidden.size()));
}

// --- finding 8: permission filtering inside the query ----------------------------------------

TEST_P(ReliabilityDomainE2eTest, DrawListPagesOnlyVisibleDraws) {
  auto planner = LoggedIn("planner");
  auto commerce = LoggedIn("planner.sw");
  const int64_t commerce_dept = DepartmentOf(*commerce);
  ASSERT_NE(commerce_dept, kMarketDept);
  auto own = AdhocDraw(*planner, kMarketDept, "市场监管局临时抽取");
  ASSERT_EQ(own.status, 201) << own.raw;
  const std::string own_no = own.body["draw_no"];
  // The newest 55 draws are 商务局's.
  for (int i = 0; i < 55; ++i)
    ASSERT_EQ(AdhocDraw(*commerce, commerce_dept, "商务局临时抽取" + std::to_string(i)).status,
              201);

  auto first = planner->Get("/api/v1/draws?limit=1");
  ASSERT_EQ(first.status, 200) << first.raw;
  ASSERT_EQ(first.body["items"].size(), 1u) << first.raw;
  EXPECT_EQ(first.body["items"][0]["draw_no"], own_no);
  auto page = planner->Get("/api/v1/draws");
  ASSERT_EQ(page.status, 200);
  std::set<std::string> nos;
  for (const auto& d : page.body["items"]) {
    nos.insert(d["draw_no"].get<std::string>());
    EXPECT_EQ(d["department_id"], kMarketDept) << d.dump();
  }
  EXPECT_TRUE(nos.count(own_no));
  // 商务局 pages through its own 55 only.
  EXPECT_EQ(commerce->Get("/api/v1/draws?limit=200").body["items"].size(), 55u);
  EXPECT_EQ(commerce->Get("/api/v1/draws?limit=10&offset=50").body["items"].size(), 5u);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReliabilityDomainE2eTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::testing
