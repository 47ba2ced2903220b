// Past one machine, on PostgreSQL's own replication (issue 15, acceptance 2), with real
// `suiji serve` processes on a PostgreSQL 15 cluster of the test's own (it changes nothing in
// the shared fixture's cluster) and a real streaming hot standby made from it with
// `pg_basebackup -R` (scripts/pgtmp.sh replica):
//   MultiServerTest.TwoServersAndAReadOnlyReplica
//     - two servers on one key directory (as every process of a deployment) sign alike;
//     - a planner's session from server A works on server B (sessions live in the database);
//     - two tasks created and drawn at once, one through each server, interleaved: both reach
//       已派发, task and draw numbers are unique and consecutive, the audit chain verifies;
//     - `suiji serve --read-only` on the standby serves the portal with what was written on
//       the primary (after replay), marks every answer X-Suiji-Read-Only, shows the primary's
//       session read-only, and refuses a login, a write and a logout with 503 READ_ONLY; a
//       normal `serve` on the standby and a read-only one without the key files refuse to start.
#include <gtest/gtest.h>
#include <unistd.h>

#include <barrier>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/ids.h"
#include "core/registers/target.h"
#include "store/registers/target_store.h"
#include "support/api_client.h"
#include "support/demo_targets.h"
#include "support/process.h"
#include "support/task_ceremony.h"

namespace suiji::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

constexpr int64_t kMarketDept = 1;  // 金水区市场监督管理局

double SecondsSince(SteadyClock::time_point t) {
  return std::chrono::duration<double>(SteadyClock::now() - t).count();
}

class MultiServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("suiji_multi_server_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "keys");
    const auto t0 = SteadyClock::now();
    auto primary =
        RunCommand({Script(), "start", (dir_ / "primary").string(), std::to_string(FreePort())}, "",
                   std::chrono::seconds(180));
    ASSERT_EQ(primary.exit_code, 0) << primary.err;
    primary_url_ = Trim(primary.out);
    primary_started_ = true;
    // The standby is made before anything is loaded: the demo and the ceremonies reach it by
    // streaming replication only.
    const std::string primary_port = primary_url_.substr(
        primary_url_.rfind(':') + 1, primary_url_.rfind('/') - primary_url_.rfind(':') - 1);
    auto replica = RunCommand({Script(), "replica", primary_port, (dir_ / "replica").string(),
                               std::to_string(FreePort())},
                              "", std::chrono::seconds(180));
    replica_started_ = true;
    ASSERT_EQ(replica.exit_code, 0) << replica.err;
    replica_url_ = Trim(replica.out);
    std::cout << "[timing] primary + streaming replica: " << SecondsSince(t0) << " s\n";
    const auto t1 = SteadyClock::now();
    std::vector<std::string> demo = {SuijiBinary(), "demo", "--db", primary_url_};
    for (const auto& a : KeyArgs(dir_ / "keys")) demo.push_back(a);
    auto loaded = RunCommand(demo, "", std::chrono::seconds(240));
    ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
    std::cout << "[timing] suiji demo: " << SecondsSince(t1) << " s\n";
    ASSERT_NO_FATAL_FAILURE(InsertTargets());
  }

  void TearDown() override {
    for (auto* s : {&a_, &b_, &r_})
      if (*s) {
        EXPECT_EQ((*s)->Stop(), 0) << (*s)->Log();
      }
    // By the pids in their directories, also after a failure above.
    if (replica_started_) RunCommand({Script(), "stop", (dir_ / "replica").string()});
    if (primary_started_) RunCommand({Script(), "stop", (dir_ / "primary").string()});
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  static std::string Script() { return SourceDir() + "/scripts/pgtmp.sh"; }
  static std::string Trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
  }

  std::vector<std::string> KeyArgs(const fs::path& keys) const {
    return {"--key-file", (keys / "platform.ed25519").string(), "--pii-key-file",
            (keys / "pii.key").string()};
  }

  // A one-connection store handle on `url` (the primary or the standby); null after a failure.
  static std::unique_ptr<store::Database> Open(const std::string& url) {
    auto parsed = store::ParseDbUrl(url);
    EXPECT_TRUE(parsed.ok()) << url;
    if (!parsed.ok()) return nullptr;
    auto db = store::OpenDatabase(*parsed, {.pool_size = 1});
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    return db.ok() ? std::move(*db) : nullptr;
  }

  // Twelve enterprises of 花园路 (the demo's inspectors there can inspect them): two tasks of
  // six, so the two ceremonies draw from disjoint pools.
  void InsertTargets() {
    auto db = Open(primary_url_);
    ASSERT_NE(db, nullptr);
    auto conn = db->Acquire();
    ASSERT_TRUE(conn.ok());
    for (int i = 0; i < 12; ++i) {
      registers::Target t = DemoEnterprise({"DJQ", "多机测试", "孙多机", "经三路", 40}, i);
      auto id = store::InsertTarget(**conn, t, "2026-01-01T00:00:00.000+08:00");
      ASSERT_TRUE(id.ok()) << id.status().ToString();
      keys_.push_back(t.uscc);
    }
  }

  fs::path dir_;
  std::string primary_url_, replica_url_;
  bool primary_started_ = false, replica_started_ = false;
  std::vector<std::string> keys_;
  std::unique_ptr<ServerProcess> a_, b_, r_;
};

TEST_F(MultiServerTest, TwoServersAndAReadOnlyReplica) {
  // --- two servers on one database and one key directory, started together ----------------
  for (auto* s : {&a_, &b_}) {
    std::vector<std::string> args = KeyArgs(dir_ / "keys");
    args.insert(args.end(), {"--deadline-check-seconds", "1"});
    *s = std::make_unique<ServerProcess>(primary_url_, args);
  }
  {
    bool started[2] = {false, false};
    std::thread ta([&] { started[0] = a_->Start(std::chrono::seconds(90)); });
    std::thread tb([&] { started[1] = b_->Start(std::chrono::seconds(90)); });
    ta.join();
    tb.join();
    ASSERT_TRUE(started[0]) << a_->Log();
    ASSERT_TRUE(started[1]) << b_->Log();
  }
  ApiClient anon_a(a_->port()), anon_b(b_->port());
  auto keys_a = anon_a.Get("/api/v1/keys");
  auto keys_b = anon_b.Get("/api/v1/keys");
  ASSERT_EQ(keys_a.status, 200) << keys_a.raw;
  EXPECT_EQ(keys_a.body, keys_b.body) << "two servers, two signing keys";

  // --- one session, both servers ----------------------------------------------------------
  ApiClient planner_a(a_->port());
  ASSERT_TRUE(planner_a.Login("planner"));
  auto planner_b = planner_a.SessionOn(b_->port());
  auto me_b = planner_b->Get("/api/v1/me");
  ASSERT_EQ(me_b.status, 200) << me_b.raw;
  EXPECT_EQ(me_b.body["user"]["username"], "planner") << me_b.raw;

  // --- two ceremonies at once, one per server --------------------------------------------
  ApiClient* planners[2] = {&planner_a, planner_b.get()};
  int64_t task_ids[2] = {0, 0};
  std::map<int64_t, std::vector<int64_t>> teams[2];
  std::barrier start(2);
  const auto t0 = SteadyClock::now();
  auto ceremony = [&](int k) {
    std::vector<std::string> keys(keys_.begin() + 6 * k, keys_.begin() + 6 * (k + 1));
    start.arrive_and_wait();
    auto t =
        planners[k]->Post("/api/v1/tasks", {{"title", "多机并发抽查任务" + std::to_string(k + 1)},
                                            {"department_id", kMarketDept},
                                            {"task_type", "定向"},
                                            {"window_from", "2026-09-01"},
                                            {"window_to", "2026-12-31"},
                                            {"items", {"SCJG-GS-01", "SCJG-GS-02"}},
                                            {"filter", {{"v", 1}, {"keys", keys}}},
                                            {"ratio", "100"}});
    EXPECT_EQ(t.status, 201) << t.raw;
    if (t.status != 201) {
      start.arrive_and_drop();  // the other side does not wait for this one
      return;
    }
    task_ids[k] = t.body["id"];
    start.arrive_and_wait();  // both tasks exist: now draw them side by side
    teams[k] = DrawAndDispatch(*planners[k], task_ids[k], kMarketDept);
  };
  std::thread c1(ceremony, 0), c2(ceremony, 1);
  c1.join();
  c2.join();
  ASSERT_FALSE(HasFailure());
  std::cout << "[timing] two ceremonies at once on two servers: " << SecondsSince(t0) << " s\n";

  std::set<std::string> task_nos, draw_nos;
  std::vector<std::string> target_draws;
  for (int k = 0; k < 2; ++k) {
    // The department's rules draw a share of the six (一般对象 at the general ratio); every drawn
    // target has its team.
    EXPECT_FALSE(teams[k].empty()) << "task " << k + 1;
    for (const auto& [target, team] : teams[k]) EXPECT_GE(team.size(), 2u) << target;
    auto v = planner_a.Get("/api/v1/tasks/" + std::to_string(task_ids[k]));
    ASSERT_EQ(v.status, 200) << v.raw;
    EXPECT_EQ(v.body["status"], "dispatched");
    task_nos.insert(v.body["task_no"].get<std::string>());
    target_draws.push_back(v.body["target_draw_no"]);
    draw_nos.insert(v.body["target_draw_no"].get<std::string>());
    for (const auto& d : v.body["inspector_draws"])
      draw_nos.insert(d["draw_no"].get<std::string>());
  }
  EXPECT_EQ(task_nos.size(), 2u);
  // Both tasks' numbers are the department's series: consecutive, none skipped or doubled.
  ASSERT_GE(draw_nos.size(), 4u);
  std::set<int> seqs;
  for (const auto& no : draw_nos) seqs.insert(std::stoi(no.substr(no.rfind('-') + 1)));
  EXPECT_EQ(seqs.size(), draw_nos.size());
  EXPECT_EQ(*seqs.rbegin() - *seqs.begin() + 1, static_cast<int>(seqs.size()))
      << "draw numbers are not consecutive";

  // --- the read-only server on the streaming standby ------------------------------------
  fs::copy(dir_ / "keys", dir_ / "replica-keys",
           fs::copy_options::recursive);  // "copied to the portal machine"
  // A normal server refuses a standby (it would migrate); a read-only one without the keys.
  auto writer = RunCommand(
      {SuijiBinary(), "serve", "--db", replica_url_, "--port", std::to_string(FreePort()),
       "--key-file", (dir_ / "replica-keys" / "platform.ed25519").string(), "--pii-key-file",
       (dir_ / "replica-keys" / "pii.key").string()},
      "", std::chrono::seconds(60));
  EXPECT_NE(writer.exit_code, 0);
  EXPECT_NE(writer.err.find("READ_ONLY"), std::string::npos) << writer.err;
  fs::create_directories(dir_ / "no-keys");
  std::vector<std::string> keyless = {SuijiBinary(),
                                      "serve",
                                      "--read-only",
                                      "--db",
                                      replica_url_,
                                      "--port",
                                      std::to_string(FreePort())};
  for (const auto& a : KeyArgs(dir_ / "no-keys")) keyless.push_back(a);
  auto no_keys = RunCommand(keyless, "", std::chrono::seconds(60));
  EXPECT_NE(no_keys.exit_code, 0);
  EXPECT_NE(no_keys.err.find("KEY_FILE_MISSING"), std::string::npos) << no_keys.err;
  EXPECT_FALSE(fs::exists(dir_ / "no-keys" / "platform.ed25519"))
      << "a read-only server made a key";

  std::vector<std::string> ro_args = KeyArgs(dir_ / "replica-keys");
  ro_args.insert(ro_args.begin(), "--read-only");
  r_ = std::make_unique<ServerProcess>(replica_url_, ro_args);
  ASSERT_TRUE(r_->Start(std::chrono::seconds(90))) << r_->Log();
  ApiClient anon_r(r_->port());
  auto health = anon_r.Get("/api/v1/health");
  ASSERT_EQ(health.status, 200) << health.raw;
  {
    httplib::Client raw_r("127.0.0.1", r_->port()), raw_a("127.0.0.1", a_->port());
    auto marked = raw_r.Get("/api/v1/public/tasks");
    ASSERT_TRUE(marked);
    EXPECT_EQ(marked->get_header_value("X-Suiji-Read-Only"), "1");
    auto unmarked = raw_a.Get("/api/v1/public/tasks");
    ASSERT_TRUE(unmarked);
    EXPECT_FALSE(unmarked->has_header("X-Suiji-Read-Only"));
  }
  EXPECT_EQ(anon_r.Get("/api/v1/keys").body, keys_a.body);

  // Wait for the standby to replay everything the primary had written once both ceremonies were
  // over (its WAL insert position now: the test cluster commits asynchronously), then the portal
  // agrees with the primary. (Waiting for one draw to appear was not enough: a later write of the
  // same ceremonies, such as an inspector draw's reveal, could still be on its way.)
  const auto t1 = SteadyClock::now();
  const std::string last_draw = "/api/v1/public/draws/" + target_draws[1];
  auto primary_db = Open(primary_url_), replica_db = Open(replica_url_);
  ASSERT_TRUE(primary_db && replica_db);
  std::string written;
  {
    auto conn = primary_db->Acquire();
    ASSERT_TRUE(conn.ok());
    auto lsn =
        (*conn)->QueryOne("SELECT pg_current_wal_insert_lsn()::text", {}, "QUERY_FAILED", "");
    ASSERT_TRUE(lsn.ok()) << lsn.status().ToString();
    written = lsn->Text(0);
  }
  bool replayed = false;
  do {
    auto conn = replica_db->Acquire();
    ASSERT_TRUE(conn.ok());
    auto caught_up = (*conn)->QueryOne(
        "SELECT CASE WHEN pg_last_wal_replay_lsn() >= $1::pg_lsn THEN 1 ELSE 0 END", {written},
        "QUERY_FAILED", "");
    ASSERT_TRUE(caught_up.ok()) << caught_up.status().ToString();
    if ((replayed = caught_up->Bool(0))) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  } while (SecondsSince(t1) < 60);
  ASSERT_TRUE(replayed) << "the standby did not replay up to " << written << " in 60 s";
  std::cout << "[timing] replay wait on the standby: " << SecondsSince(t1) << " s\n";
  for (const std::string& path :
       {last_draw, "/api/v1/public/draws/" + target_draws[0], std::string("/api/v1/public/tasks"),
        std::string("/api/v1/public/draws"), std::string("/api/v1/public/plans"),
        std::string("/api/v1/public/items")}) {
    auto primary = anon_a.Get(path);
    auto replica = anon_r.Get(path);
    ASSERT_EQ(primary.status, 200) << path << " " << primary.raw;
    EXPECT_EQ(replica.status, 200) << path << " " << replica.raw;
    EXPECT_EQ(replica.body, primary.body) << path;
  }
  auto public_tasks = anon_r.Get("/api/v1/public/tasks").raw;
  for (const auto& no : task_nos) EXPECT_NE(public_tasks.find(no), std::string::npos) << no;

  // Writes are refused, logins included, with one code; the primary's session reads.
  const int64_t before = anon_a.Get("/api/v1/public/tasks").body.value("total", int64_t{-1});
  auto login = anon_r.Post("/api/v1/session", {{"username", "planner"}, {"password", "x"}});
  EXPECT_EQ(login.status, 503) << login.raw;
  EXPECT_EQ(login.code(), "READ_ONLY");
  EXPECT_NE(login.body.value("message", "").find("只读"), std::string::npos) << login.raw;
  auto planner_r = planner_a.SessionOn(r_->port());
  auto me_r = planner_r->Get("/api/v1/me");
  EXPECT_EQ(me_r.status, 200) << me_r.raw;
  auto task_on_r = planner_r->Get("/api/v1/tasks/" + std::to_string(task_ids[0]));
  EXPECT_EQ(task_on_r.status, 200) << task_on_r.raw;
  auto write = planner_r->Post("/api/v1/tasks", {{"title", "只读副本上的任务"}});
  EXPECT_EQ(write.status, 503) << write.raw;
  EXPECT_EQ(write.code(), "READ_ONLY");
  auto logout = planner_r->Delete("/api/v1/session");
  EXPECT_EQ(logout.status, 503) << logout.raw;
  EXPECT_EQ(planner_a.Get("/api/v1/me").status, 200) << "the refused logout ended the session";
  EXPECT_EQ(anon_a.Get("/api/v1/public/tasks").body.value("total", int64_t{-1}), before);

  // The chain the two servers appended to at once is one chain.
  auto verify = RunCommand({SuijiBinary(), "audit", "verify", "--db", primary_url_, "--key-file",
                            (dir_ / "keys" / "platform.ed25519").string(), "--pii-key-file",
                            (dir_ / "keys" / "pii.key").string()},
                           "", std::chrono::seconds(120));
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

}  // namespace
}  // namespace suiji::testing
