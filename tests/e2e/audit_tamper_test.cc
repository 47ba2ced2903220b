// Tampering with a stored audit entry directly in the database makes `suiji audit verify`
// fail and name the entry — on SQLite and on PostgreSQL.
#include <gtest/gtest.h>

#include "core/audit.h"
#include "store/database.h"
#include "support/process.h"
#include "support/test_db.h"

namespace suiji::testing {
namespace {

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

TEST_P(AuditTamperTest, ChangedDeletedOrTruncatedEntriesAreNamed) {
  auto tdb = TestDatabase::Create(GetParam());
  ASSERT_NE(tdb, nullptr);
  auto demo = RunCommand({SuijiBinary(), "demo", "--db", tdb->url()}, "", std::chrono::seconds(120));
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  auto ok = RunCommand({SuijiBinary(), "audit", "verify", "--db", tdb->url()});
  ASSERT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_TRUE(ok.out.starts_with("OK ")) << ok.out;

  auto conn = tdb->db().Acquire();
  ASSERT_TRUE(conn.ok());
  DropAppendOnlyGuard(**conn);

  auto target = (*conn)->Query("SELECT seq FROM audit_log WHERE action = 'user.create' AND payload LIKE $1",
                               {std::string("%\"username\":\"planner\"%")});
  ASSERT_TRUE(target.ok() && target->size() == 1);
  const int64_t seq = target->front().Int(0);
  const std::string name = "第 " + std::to_string(seq) + " 条";

  // One character of one payload.
  ASSERT_TRUE((*conn)->Execute("UPDATE audit_log SET payload = REPLACE(payload, '张明', '张朋') WHERE seq = $1", {seq}).ok());
  auto changed = RunCommand({SuijiBinary(), "audit", "verify", "--db", tdb->url()});
  EXPECT_EQ(changed.exit_code, 1);
  EXPECT_NE(changed.out.find(name), std::string::npos) << changed.out;
  EXPECT_NE(changed.out.find("篡改"), std::string::npos) << changed.out;

  // Restore by re-hashing that entry (a clever attacker) — the next entry's link breaks instead.
  auto row = (*conn)->Query("SELECT seq, at, actor, actor_id, action, entity, entity_id, payload, prev_hash FROM audit_log WHERE seq = $1", {seq});
  ASSERT_TRUE(row.ok());
  AuditEntry e{row->front().Int(0), row->front().Text(1), row->front().Text(2), row->front().OptInt(3),
               row->front().Text(4), row->front().Text(5), row->front().Text(6), row->front().Text(7),
               row->front().Text(8), ""};
  ASSERT_TRUE((*conn)->Execute("UPDATE audit_log SET hash = $1 WHERE seq = $2", {ComputeAuditHash(e), seq}).ok());
  auto relinked = RunCommand({SuijiBinary(), "audit", "verify", "--db", tdb->url()});
  EXPECT_EQ(relinked.exit_code, 1);
  EXPECT_NE(relinked.out.find("第 " + std::to_string(seq + 1) + " 条"), std::string::npos) << relinked.out;
}

TEST_P(AuditTamperTest, DeletingTheNewestEntryIsDetected) {
  auto tdb = TestDatabase::Create(GetParam());
  ASSERT_NE(tdb, nullptr);
  ASSERT_EQ(RunCommand({SuijiBinary(), "demo", "--db", tdb->url()}, "", std::chrono::seconds(120)).exit_code, 0);
  auto conn = tdb->db().Acquire();
  DropAppendOnlyGuard(**conn);
  ASSERT_TRUE((*conn)->Execute("DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)").ok());
  auto r = RunCommand({SuijiBinary(), "audit", "verify", "--db", tdb->url()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("头记录"), std::string::npos) << r.out;
}

TEST_P(AuditTamperTest, RewritingTheWholeChainIsCaughtBySignedCheckpoints) {
  auto tdb = TestDatabase::Create(GetParam());
  ASSERT_NE(tdb, nullptr);
  ASSERT_EQ(RunCommand({SuijiBinary(), "demo", "--db", tdb->url()}, "", std::chrono::seconds(120)).exit_code, 0);
  auto cp = RunCommand({SuijiBinary(), "audit", "checkpoint", "--db", tdb->url()});
  ASSERT_EQ(cp.exit_code, 0) << cp.err;
  auto conn = tdb->db().Acquire();
  DropAppendOnlyGuard(**conn);
  // A thorough forger edits entry 5 and re-hashes every later entry and the head row: the chain
  // is consistent again, but no longer matches the signed checkpoint.
  ASSERT_TRUE((*conn)->Execute("UPDATE audit_log SET actor = 'forger' WHERE seq = 5").ok());
  auto rows = (*conn)->Query("SELECT seq, at, actor, actor_id, action, entity, entity_id, payload FROM audit_log "
                             "WHERE seq >= 5 ORDER BY seq");
  ASSERT_TRUE(rows.ok());
  std::string prev = (*conn)->Query("SELECT hash FROM audit_log WHERE seq = 4")->front().Text(0);
  for (const auto& r : rows->rows) {
    AuditEntry e{r.Int(0), r.Text(1), r.Text(2), r.OptInt(3), r.Text(4), r.Text(5), r.Text(6), r.Text(7), prev, ""};
    e.hash = ComputeAuditHash(e);
    ASSERT_TRUE((*conn)->Execute("UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE seq = $3", {e.prev_hash, e.hash, e.seq}).ok());
    prev = e.hash;
  }
  ASSERT_TRUE((*conn)->Execute("UPDATE audit_head SET hash = $1 WHERE id = 1", {prev}).ok());
  auto r = RunCommand({SuijiBinary(), "audit", "verify", "--db", tdb->url()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("签名检查点"), std::string::npos) << r.out;
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditTamperTest, ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::testing
