// Tampering with a stored audit entry directly in the database makes `suiji audit verify`
// fail and name the entry — on SQLite and on PostgreSQL. Tampering with what the public sees
// of a ceremony (witnesses, the locked inspection list, the commitment, the teams) or with the
// checkpoints (deleted, then the chain rewritten) fails too, naming the table, row and field
// (issue 9, finding 3; docs/adr/0007-audit-coverage.md).
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <set>

#include "core/audit.h"
#include "core/ids.h"
#include "core/registers/target.h"
#include "store/database.h"
#include "store/registers/target_store.h"
#include "support/api_client.h"
#include "support/process.h"
#include "support/task_pages.h"
#include "support/test_db.h"

namespace suiji::testing {
namespace {

using Json = nlohmann::json;

class AuditTamperTest : public ::testing::TestWithParam<store::Dialect> {};

void DropAppendOnlyGuard(store::Connection& c) {
  // An attacker with database access can remove the trigger; the hash chain still catches it.
  if (c.dialect() == store::Dialect::kSqlite) {
    ASSERT_TRUE(c.Execute("DROP TRIGGER audit_log_no_update").ok());
    ASSERT_TRUE(c.Execute("DROP TRIGGER audit_log_no_delete").ok());
  } else {
    ASSERT_TRUE(c.Execute("DROP TRIGGER audit_log_no_change ON audit_log").ok());
  }
}

// What a thorough forger does: edits entry `from` and re-hashes every later entry and the head
// row, so the chain is consistent again.
void RewriteChainFrom(store::Connection& c, int64_t from) {
  ASSERT_TRUE(c.Execute("UPDATE audit_log SET actor = 'forger' WHERE seq = $1", {from}).ok());
  auto rows = c.Query(
      "SELECT seq, at, actor, actor_id, action, entity, entity_id, payload FROM audit_log "
      "WHERE seq >= $1 ORDER BY seq",
      {from});
  ASSERT_TRUE(rows.ok());
  std::string prev =
      c.Query("SELECT hash FROM audit_log WHERE seq = $1", {from - 1})->front().Text(0);
  for (const auto& r : rows->rows) {
    AuditEntry e{r.Int(0),  r.Text(1), r.Text(2), r.OptInt(3), r.Text(4),
                 r.Text(5), r.Text(6), r.Text(7), prev,        ""};
    e.hash = ComputeAuditHash(e);
    ASSERT_TRUE(c.Execute("UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE seq = $3",
                          {e.prev_hash, e.hash, e.seq})
                    .ok());
    prev = e.hash;
  }
  ASSERT_TRUE(c.Execute("UPDATE audit_head SET hash = $1 WHERE id = 1", {prev}).ok());
}

TEST_P(AuditTamperTest, ChangedDeletedOrTruncatedEntriesAreNamed) {
  auto tdb = TestDatabase::Create(GetParam());
  ASSERT_NE(tdb, nullptr);
  auto demo =
      RunCommand({SuijiBinary(), "demo", "--db", tdb->url()}, "", std::chrono::seconds(120));
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  auto ok = RunCommand({SuijiBinary(), "audit", "verify", "--db", tdb->url()});
  ASSERT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_TRUE(ok.out.starts_with("OK ")) << ok.out;

  auto conn = tdb->db().Acquire();
  ASSERT_TRUE(conn.ok());
  DropAppendOnlyGuard(**conn);

  auto target =
      (*conn)->Query("SELECT seq FROM audit_log WHERE action = 'user.create' AND payload LIKE $1",
                     {std::string("%\"username\":\"planner\"%")});
  ASSERT_TRUE(target.ok() && target->size() == 1);
  const int64_t seq = target->front().Int(0);
  const std::string name = "第 " + std::to_string(seq) + " 条";

  // One character of one payload.
  ASSERT_TRUE(
      (*conn)
          ->Execute(
              "UPDATE audit_log SET payload = REPLACE(payload, '张明', '张朋') WHERE seq = $1",
              {seq})
          .ok());
  auto changed = RunCommand({SuijiBinary(), "audit", "verify", "--db", tdb->url()});
  EXPECT_EQ(changed.exit_code, 1);
  EXPECT_NE(changed.out.find(name), std::string::npos) << changed.out;
  EXPECT_NE(changed.out.find("篡改"), std::string::npos) << changed.out;

  // Restore by re-hashing that entry (a clever attacker) — the next entry's link breaks instead.
  auto row = (*conn)->Query(
      "SELECT seq, at, actor, actor_id, action, entity, entity_id, payload, prev_hash FROM audit_log WHERE seq = $1",
      {seq});
  ASSERT_TRUE(row.ok());
  AuditEntry e{row->front().Int(0),  row->front().Text(1),
               row->front().Text(2), row->front().OptInt(3),
               row->front().Text(4), row->front().Text(5),
               row->front().Text(6), row->front().Text(7),
               row->front().Text(8), ""};
  ASSERT_TRUE(
      (*conn)
          ->Execute("UPDATE audit_log SET hash = $1 WHERE seq = $2", {ComputeAuditHash(e), seq})
          .ok());
  auto relinked = RunCommand({SuijiBinary(), "audit", "verify", "--db", tdb->url()});
  EXPECT_EQ(relinked.exit_code, 1);
  EXPECT_NE(relinked.out.find("第 " + std::to_string(seq + 1) + " 条"), std::string::npos)
      << relinked.out;
}

TEST_P(AuditTamperTest, DeletingTheNewestEntryIsDetected) {
  auto tdb = TestDatabase::Create(GetParam());
  ASSERT_NE(tdb, nullptr);
  ASSERT_EQ(RunCommand({SuijiBinary(), "demo", "--db", tdb->url()}, "", std::chrono::seconds(120))
                .exit_code,
            0);
  auto conn = tdb->db().Acquire();
  DropAppendOnlyGuard(**conn);
  ASSERT_TRUE(
      (*conn)->Execute("DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)").ok());
  auto r = RunCommand({SuijiBinary(), "audit", "verify", "--db", tdb->url()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("头记录"), std::string::npos) << r.out;
}

TEST_P(AuditTamperTest, RewritingTheWholeChainIsCaughtBySignedCheckpoints) {
  auto tdb = TestDatabase::Create(GetParam());
  ASSERT_NE(tdb, nullptr);
  ASSERT_EQ(RunCommand({SuijiBinary(), "demo", "--db", tdb->url()}, "", std::chrono::seconds(120))
                .exit_code,
            0);
  auto cp = RunCommand({SuijiBinary(), "audit", "checkpoint", "--db", tdb->url()});
  ASSERT_EQ(cp.exit_code, 0) << cp.err;
  auto conn = tdb->db().Acquire();
  DropAppendOnlyGuard(**conn);
  // The rewritten chain is consistent again, but no longer matches the signed checkpoint.
  RewriteChainFrom(**conn, 5);
  auto r = RunCommand({SuijiBinary(), "audit", "verify", "--db", tdb->url()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("签名检查点"), std::string::npos) << r.out;
}

// A ceremony through the real server on a demo database with keys of its own: an ad hoc task of
// six enterprises → target draw committed, two witnesses, revealed (targets locked) → an
// inspector draw committed, witnessed, revealed (teams written); the server is stopped and
// `suiji audit verify` says OK. Each test then tampers with one thing the public relies on.
class AuditCoverageTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    tdb_ = TestDatabase::Create(GetParam());
    ASSERT_NE(tdb_, nullptr);
    keys_ =
        std::filesystem::temp_directory_path() / ("suiji_audit_keys_" + std::to_string(getpid()) +
                                                  "_" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(keys_);
    key_args_ = {"--key-file", (keys_ / "platform.ed25519").string()};
    auto demo = Suiji({"demo"}, std::chrono::seconds(240));
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    InsertTargets();
    server_ = std::make_unique<ServerProcess>(tdb_->url(), key_args_);
    ASSERT_TRUE(server_->Start()) << server_->Log();
    ApiClient planner(server_->port());
    ASSERT_TRUE(planner.Login("planner"));
    auto created = planner.Post("/api/v1/tasks", {{"title", "审计覆盖测试"},
                                                  {"department_id", 1},
                                                  {"task_type", "定向"},
                                                  {"window_from", "2026-12-01"},
                                                  {"window_to", "2026-12-10"},
                                                  {"items", {"SCJG-GS-01"}},
                                                  {"filter", {{"keys", task_keys_}}},
                                                  {"ratio", "50"}});
    ASSERT_EQ(created.status, 201) << created.raw;
    task_no_ = created.body["task_no"].get<std::string>();
    const std::string task_path = "/api/v1/tasks/" + created.body["id"].dump();
    auto committed = planner.Post(task_path + "/commit", {{"sources", {"现场见证人掷骰"}}});
    ASSERT_EQ(committed.status, 200) << committed.raw;
    draw_no_ = committed.body["target_draw_no"].get<std::string>();
    for (auto [name, organisation] :
         {std::pair("陈志远", "区人大代表"), std::pair("王丽", "金水区公证处")})
      ASSERT_EQ(planner
                    .Post("/api/v1/draws/" + draw_no_ + "/witnesses",
                          {{"name", name}, {"organisation", organisation}})
                    .status,
                200);
    auto locked = planner.Post(task_path + "/reveal", {{"values", {"4 4 1"}}});
    ASSERT_EQ(locked.status, 200) << locked.raw;
    ASSERT_EQ(locked.body["status"], "targets_locked");
    ASSERT_GE(locked.body["target_count"].get<int64_t>(), 2);
    const Json locked_targets = TaskTargets(planner, created.body["id"].get<int64_t>());
    ASSERT_EQ(locked_targets.size(), locked.body["target_count"].get<size_t>());
    for (const auto& t : locked_targets) locked_.insert(t["key"].get<std::string>());
    auto staffed = planner.Post(task_path + "/inspectors/commit",
                                {{"department_id", 1}, {"sources", {"现场见证人掷骰"}}});
    ASSERT_EQ(staffed.status, 200) << staffed.raw;
    assign_no_ = staffed.body["inspector_draws"][0]["draw_no"].get<std::string>();
    ASSERT_EQ(planner
                  .Post("/api/v1/draws/" + assign_no_ + "/witnesses",
                        {{"name", "王丽"}, {"organisation", "金水区公证处"}})
                  .status,
              200);
    auto teams = planner.Post(task_path + "/inspectors/reveal",
                              {{"draw_no", assign_no_}, {"values", {"3 6 2"}}});
    ASSERT_EQ(teams.status, 200) << teams.raw;
    ASSERT_GT(teams.body["inspector_places"].get<int64_t>(), 0);
    ASSERT_FALSE(TaskAssignments(planner, created.body["id"].get<int64_t>()).empty());
    ASSERT_EQ(server_->Stop(), 0) << server_->Log();
    server_.reset();

    auto ok = Verify();
    ASSERT_EQ(ok.exit_code, 0) << ok.out << ok.err;
    ASSERT_TRUE(ok.out.starts_with("OK ")) << ok.out;
    auto conn = tdb_->db().Acquire();
    ASSERT_TRUE(conn.ok());
    conn_.emplace(std::move(*conn));
  }
  void TearDown() override {
    if (server_) server_->Stop();
    std::error_code ec;
    std::filesystem::remove_all(keys_, ec);
  }

  CommandResult Suiji(std::vector<std::string> args,
                      std::chrono::seconds timeout = std::chrono::seconds(120)) {
    args.insert(args.begin(), SuijiBinary());
    args.insert(args.end(), {"--db", tdb_->url()});
    args.insert(args.end(), key_args_.begin(), key_args_.end());
    return RunCommand(args, "", timeout);
  }
  CommandResult Verify(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"audit", "verify"};
    args.insert(args.end(), extra.begin(), extra.end());
    return Suiji(args);
  }
  // Expects verification to fail (exit 1) with every piece of `wanted` in its message.
  void ExpectTamperingNamed(const std::vector<std::string>& wanted,
                            std::vector<std::string> extra = {}) {
    auto r = Verify(std::move(extra));
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_TRUE(r.out.starts_with("FAILED ")) << r.out;
    for (const auto& w : wanted)
      EXPECT_NE(r.out.find(w), std::string::npos) << "missing “" << w << "” in " << r.out;
  }
  void Exec(const std::string& sql, const store::Params& params = {}) {
    auto r = (*conn_)->Execute(sql, params);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  int64_t DrawId(const std::string& no) {
    return (*conn_)->Query("SELECT id FROM draws WHERE draw_no = $1", {no})->front().Int(0);
  }
  int64_t TaskId() {
    return (*conn_)->Query("SELECT id FROM tasks WHERE task_no = $1", {task_no_})->front().Int(0);
  }

  // Six enterprises of 花园路 (unit 7, 410105002) for the ad hoc task; two more not in it.
  void InsertTargets() {
    auto conn = tdb_->db().Acquire();
    ASSERT_TRUE(conn.ok());
    for (int i = 0; i < 8; ++i) {
      registers::Target t;
      char body[16];
      std::snprintf(body, sizeof body, "AUD%05d", i);
      auto uscc = MakeUscc("91", "410105", body);
      ASSERT_TRUE(uscc.ok()) << uscc.status().ToString();
      t.uscc = *uscc;
      t.name = "郑州审计" + std::to_string(i) + "号商贸有限公司";
      t.type = "企业";
      t.legal_rep = "李审计";
      t.address = "郑州市金水区花园路" + std::to_string(200 + i) + "号";
      t.region_code = "410105002";
      t.unit_id = 7;
      t.industry_code = "51";
      t.risk_class = "A";
      auto id = store::InsertTarget(**conn, t, "2026-01-01T00:00:00.000Z");
      ASSERT_TRUE(id.ok()) << id.status().ToString();
      if (i < 6) task_keys_.push_back(t.uscc);
      else outsiders_.emplace_back(t.uscc, *id);
    }
  }

  std::unique_ptr<TestDatabase> tdb_;
  std::filesystem::path keys_;
  std::vector<std::string> key_args_;
  std::unique_ptr<ServerProcess> server_;
  std::optional<store::PooledConnection> conn_;
  std::vector<std::string> task_keys_;
  std::vector<std::pair<std::string, int64_t>> outsiders_;  // (key, id) of targets not in the task
  std::set<std::string> locked_;
  std::string task_no_, draw_no_, assign_no_;
};

TEST_P(AuditCoverageTest, RenamedWitnessOfARevealedDrawIsNamed) {
  Exec("UPDATE draw_witnesses SET name = '张三' WHERE draw_id = $1 AND seq = 1",
       {DrawId(draw_no_)});
  ExpectTamperingNamed({"draw_witnesses 第 1 行（抽取 " + draw_no_ + "）字段 name 与审计记录不符"});
}

TEST_P(AuditCoverageTest, DeletedWitnessOfARevealedDrawIsNamed) {
  Exec("DELETE FROM draw_witnesses WHERE draw_id = $1 AND seq = 2", {DrawId(draw_no_)});
  ExpectTamperingNamed({"draw_witnesses 第 2 行（抽取 " + draw_no_ + "）已被删除", "王丽"});
}

TEST_P(AuditCoverageTest, SwappedTaskTargetIsNamed) {
  // Another enterprise is put on the inspection list in place of a drawn one.
  const auto& [key, id] = outsiders_.front();
  ASSERT_FALSE(locked_.count(key));
  Exec("UPDATE task_targets SET target_id = $1, draw_key = $2 WHERE task_id = $3 AND position = 1",
       {id, key, TaskId()});
  ExpectTamperingNamed({"task_targets 第 1 行（任务 " + task_no_ + "，抽取 " + draw_no_ +
                        "）字段 draw_key 与抽取结果不符"});
}

TEST_P(AuditCoverageTest, TaskTargetPointedAtAnotherEnterpriseIsNamed) {
  // Subtler: the drawn key stays, the row names another enterprise (whom the notice goes to).
  Exec("UPDATE task_targets SET target_id = $1 WHERE task_id = $2 AND position = 1",
       {outsiders_.front().second, TaskId()});
  ExpectTamperingNamed({"task_targets 第 1 行（任务 " + task_no_ + "，抽取 " + draw_no_ +
                        "）字段 target_id 与审计记录不符"});
}

TEST_P(AuditCoverageTest, TargetIdInTheCommittedPoolRedirectedIsNamed) {
  // The pool a task's draw committed names the directory row of every candidate (not part of the
  // commitment, so the draw itself still verifies): one pointed at another enterprise is named.
  auto first = (*conn_)->Query(
      "SELECT draw_key, target_id FROM task_targets WHERE task_id = $1 AND position = 1",
      {TaskId()});
  ASSERT_TRUE(first.ok() && !first->rows.empty());
  const std::string key = first->front().Text(0);
  const int64_t id = first->front().Int(1);
  const int64_t other = outsiders_.front().second;
  auto line = [&](int64_t target) { return key + "\t1\t" + std::to_string(target) + "\n"; };
  auto changed = (*conn_)->Execute(
      "UPDATE draw_pool_chunks SET data = replace(data, $1, $2) WHERE draw_id = $3",
      {line(id), line(other), DrawId(draw_no_)});
  ASSERT_TRUE(changed.ok()) << changed.status().ToString();
  ASSERT_EQ(*changed, 1);
  ExpectTamperingNamed({"task_targets 第 1 行（任务 " + task_no_ + "，抽取 " + draw_no_ +
                        "）字段 target_id 与抽取承诺时名单中的检查对象（编号 " +
                        std::to_string(other) + "）不符"});
}

TEST_P(AuditCoverageTest, SwappedPositionsOfTaskTargetsAreNamed) {
  Exec("UPDATE task_targets SET position = 100 WHERE task_id = $1 AND position = 1", {TaskId()});
  Exec("UPDATE task_targets SET position = 1 WHERE task_id = $1 AND position = 2", {TaskId()});
  Exec("UPDATE task_targets SET position = 2 WHERE task_id = $1 AND position = 100", {TaskId()});
  ExpectTamperingNamed(
      {"task_targets 第 1 行（任务 " + task_no_ + "，抽取 " + draw_no_ + "）字段 "});
}

TEST_P(AuditCoverageTest, DeletedTaskTargetIsNamed) {
  Exec("DELETE FROM task_targets WHERE task_id = $1 AND position = 2", {TaskId()});
  ExpectTamperingNamed(
      {"task_targets 第 2 行（任务 " + task_no_ + "，抽取 " + draw_no_ + "）已被删除"});
}

TEST_P(AuditCoverageTest, ChangedCommitHashIsNamed) {
  Exec("UPDATE draws SET commit_hash = $1 WHERE draw_no = $2", {std::string(64, 'a'), draw_no_});
  ExpectTamperingNamed({"draws 行（抽取 " + draw_no_ + "）字段 commit_hash 与审计记录不符"});
}

TEST_P(AuditCoverageTest, ChangedSourcesDeclarationIsNamed) {
  Exec("UPDATE draws SET sources_decl = $1 WHERE draw_no = $2", {std::string(64, 'b'), assign_no_});
  ExpectTamperingNamed({"draws 行（抽取 " + assign_no_ + "）字段 sources_decl 与审计记录不符"});
}

TEST_P(AuditCoverageTest, ChangedTeamMemberIsNamed) {
  auto row = (*conn_)->Query(
      "SELECT target_id, inspector_id, position FROM task_assignments WHERE task_id = $1 "
      "ORDER BY target_id, position",
      {TaskId()});
  ASSERT_TRUE(row.ok() && !row->empty());
  const int64_t target = row->front().Int(0), position = row->front().Int(2);
  auto other = (*conn_)->Query(
      "SELECT id FROM inspectors WHERE id NOT IN (SELECT inspector_id FROM task_assignments "
      "WHERE task_id = $1) ORDER BY id LIMIT 1",
      {TaskId()});
  ASSERT_TRUE(other.ok() && other->size() == 1);
  Exec(
      "UPDATE task_assignments SET inspector_id = $1 WHERE task_id = $2 AND target_id = $3 AND position = $4",
      {other->front().Int(0), TaskId(), target, position});
  ExpectTamperingNamed({"task_assignments 中检查对象 " + std::to_string(target) + " 的第 " +
                        std::to_string(position) + " 位（任务 " + task_no_ + "，抽取 " +
                        assign_no_ + "）字段 inspector_id 与审计记录不符"});
}

TEST_P(AuditCoverageTest, DeletedCheckpointsAndARewrittenChainAreCaughtByCopiesOutsideTheDatabase) {
  auto cp = Suiji({"audit", "checkpoint"});
  ASSERT_EQ(cp.exit_code, 0) << cp.err;
  // An outsider saves the public list of signed checkpoints.
  server_ = std::make_unique<ServerProcess>(tdb_->url(), key_args_);
  ASSERT_TRUE(server_->Start()) << server_->Log();
  ApiClient anyone(server_->port());
  auto list = anyone.Get("/api/v1/audit/checkpoints");
  ASSERT_EQ(list.status, 200) << list.raw;
  ASSERT_FALSE(list.body["items"].empty()) << list.raw;
  EXPECT_EQ(anyone.Get("/api/v1/audit/checkpoints?limit=abc").status, 400);
  ASSERT_EQ(server_->Stop(), 0);
  server_.reset();
  const std::string saved = (keys_ / "saved-checkpoints.json").string();
  std::ofstream(saved) << list.raw;
  const std::string exported = (keys_ / "audit-checkpoints.jsonl").string();
  ASSERT_TRUE(std::filesystem::exists(exported));
  auto both = Verify({"--checkpoints", saved});
  ASSERT_EQ(both.exit_code, 0) << both.out << both.err;

  // The forger deletes every checkpoint row, edits entry 5 and re-hashes the rest of the chain.
  DropAppendOnlyGuard(**conn_);
  Exec("DELETE FROM audit_checkpoints");
  ExpectTamperingNamed({"audit_checkpoints 中缺少第 ", "检查点被删除"});
  RewriteChainFrom(**conn_, 5);
  ExpectTamperingNamed(
      {"审计记录与检查点文件 " + exported, "签名检查点不符（日志被改写并重新计算了哈希）"});
  // Without the export (removed as well, or verifying elsewhere), the outsider's copy still catches
  // it.
  std::filesystem::remove(exported);
  ExpectTamperingNamed(
      {"审计记录与检查点文件 " + saved, "签名检查点不符（日志被改写并重新计算了哈希）"},
      {"--checkpoints", saved});
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditCoverageTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return DialectParamName(info.param); });

INSTANTIATE_TEST_SUITE_P(Backends, AuditTamperTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::testing
