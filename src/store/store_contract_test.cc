// The storage contract: every test runs on SQLite and on a real PostgreSQL 15.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <string_view>
#include <thread>

#include "core/audit.h"
#include "store/audit_store.h"
#include "store/draw_store.h"
#include "store/migrate.h"
#include "store/org_store.h"
#include "store/user_store.h"
#include "support/test_db.h"

namespace suiji::store {
namespace {

using testing::TestDatabase;

class StoreContractTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    tdb_ = TestDatabase::Create(GetParam());
    ASSERT_NE(tdb_, nullptr);
  }
  Database& db() { return tdb_->db(); }
  std::unique_ptr<TestDatabase> tdb_;
};

TEST_P(StoreContractTest, MigrationsAreIdempotentAndRecorded) {
  auto again = Migrate(db());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->applied.empty());
  EXPECT_EQ(*SchemaVersion(db()), BuiltinMigrations().back().version);
}

TEST_P(StoreContractTest, FailedMigrationLeavesSchemaAsItWas) {
  auto before = SchemaVersion(db());
  std::vector<Migration> ms = BuiltinMigrations();
  ms.push_back({9998, "9998_good_part", "CREATE TABLE probe_ok (x INTEGER);"});
  ms.push_back({9999, "9999_broken", "CREATE TABLE probe_bad (x INTEGER); THIS IS NOT SQL;"});
  auto r = Migrate(db(), ms);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().reason(), "MIGRATION_FAILED");
  EXPECT_EQ(*SchemaVersion(db()), 9998);
  EXPECT_NE(*before, 9998);
  auto conn = db().Acquire();
  EXPECT_TRUE((*conn)->Query("SELECT COUNT(*) FROM probe_ok").ok());
  EXPECT_FALSE((*conn)->Query("SELECT COUNT(*) FROM probe_bad").ok());
}

TEST_P(StoreContractTest, RefusesSchemaFromNewerBinary) {
  {
    auto conn = db().Acquire();
    ASSERT_TRUE(
        (*conn)->Execute("INSERT INTO schema_migrations VALUES (9999, 'future', 'x', 'now')").ok());
  }
  auto r = Migrate(db());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().reason(), "SCHEMA_TOO_NEW");
}

TEST_P(StoreContractTest, ValuesRoundTripWithTheirTypes) {
  auto conn = db().Acquire();
  const bool pg = GetParam() == Dialect::kPostgres;
  ASSERT_TRUE((*conn)
                  ->Execute(std::string("CREATE TABLE vals (i BIGINT, r ") +
                            (pg ? "DOUBLE PRECISION" : "REAL") + ", t TEXT, b " +
                            (pg ? "BYTEA" : "BLOB") + ", n TEXT)")
                  .ok());
  std::string bin("\0\x01\xff\\x", 5);
  ASSERT_TRUE((*conn)
                  ->Execute("INSERT INTO vals VALUES ($1, $2, $3, $4, $5)",
                            {int64_t{-9007199254740993}, 2.5,
                             std::string("统一社会信用代码\t'\"$1"), Blob{bin}, Value()})
                  .ok());
  auto rs = (*conn)->Query("SELECT i, r, t, b, n, i + 1 FROM vals WHERE t = $1",
                           {std::string("统一社会信用代码\t'\"$1")});
  ASSERT_TRUE(rs.ok()) << rs.status().ToString();
  ASSERT_EQ(rs->size(), 1u);
  const Row& row = rs->front();
  EXPECT_EQ(row.Int(0), -9007199254740993);
  EXPECT_DOUBLE_EQ(row.Real(1), 2.5);
  EXPECT_EQ(row.Text(2), "统一社会信用代码\t'\"$1");
  EXPECT_EQ(row.Bytes(3), bin);
  EXPECT_TRUE(row.IsNull(4));
  EXPECT_FALSE(row.OptText(4).has_value());
  EXPECT_EQ(row.Int(5), -9007199254740992);
}

TEST_P(StoreContractTest, BulkInsertHandlesEscapesAndNulls) {
  Status s = WithTransaction(db(), TxMode::kWrite, [](Connection& c) -> Status {
    RETURN_IF_ERROR(c.Execute("CREATE TABLE bulk (id BIGINT, name TEXT, note TEXT)"));
    ASSIGN_OR_RETURN(auto ins, c.BulkInsert("bulk", {"id", "name", "note"}));
    for (int64_t i = 0; i < 5000; ++i)
      RETURN_IF_ERROR(
          ins->Add({i, "名称\t" + std::to_string(i) + "\\\n", i % 2 ? Value() : Value("备注")}));
    return ins->Finish();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  auto conn = db().Acquire();
  auto rs = (*conn)->Query("SELECT COUNT(*), COUNT(note), MAX(id) FROM bulk");
  EXPECT_EQ(rs->front().Int(0), 5000);
  EXPECT_EQ(rs->front().Int(1), 2500);
  EXPECT_EQ(rs->front().Int(2), 4999);
  auto one = (*conn)->Query("SELECT name FROM bulk WHERE id = 7");
  EXPECT_EQ(one->front().Text(0), "名称\t7\\\n");
}

TEST_P(StoreContractTest, BulkInsertKeepsEveryCharacterWhereverItFalls) {
  // Each character COPY escapes, alone and in pairs, at every offset up to 32 bytes, between
  // ASCII and between UTF-8 characters (the PostgreSQL adapter checks eight bytes at a time).
  std::vector<std::string> texts = {"", "\\\\\\\\\\\\\\\\\\", "\t\n\r\\"};
  auto repeat = [](std::string_view unit, size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) out += unit;
    return out;
  };
  for (const char* special : {"\\", "\t", "\n", "\r", "\\\\", "\r\n"}) {
    for (size_t before = 0; before <= 32; ++before)
      for (size_t after : {0, 1, 7, 8, 9})
        texts.push_back(std::string(before, 'x') + special + std::string(after, 'y'));
    for (size_t before = 0; before <= 11; ++before)
      for (size_t after : {0, 1, 3})
        texts.push_back(repeat("统", before) + special + repeat("码", after));
  }
  Status s = WithTransaction(db(), TxMode::kWrite, [&](Connection& c) -> Status {
    RETURN_IF_ERROR(c.Execute("CREATE TABLE bulk_text (id BIGINT, t TEXT)"));
    ASSIGN_OR_RETURN(auto ins, c.BulkInsert("bulk_text", {"id", "t"}));
    for (size_t i = 0; i < texts.size(); ++i)
      RETURN_IF_ERROR(ins->Add({static_cast<int64_t>(i), texts[i]}));
    return ins->Finish();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  auto conn = db().Acquire();
  auto rs = (*conn)->Query("SELECT id, t FROM bulk_text ORDER BY id");
  ASSERT_TRUE(rs.ok()) << rs.status().ToString();
  ASSERT_EQ(rs->rows.size(), texts.size());
  for (const Row& r : rs->rows) EXPECT_EQ(r.Text(1), texts[static_cast<size_t>(r.Int(0))]);
  // And read back by ScanEach (PostgreSQL: COPY's text format, its fields found eight bytes at
  // a time, then unescaped), each text twice in its row, around a NULL and an empty cell.
  size_t scanned = 0;
  Status scan =
      (*conn)->ScanEach("SELECT id, t, NULL, '', t FROM bulk_text WHERE id >= $1 ORDER BY id",
                        {int64_t{0}}, [&](const Row& r) {
                          const std::string& want = texts[static_cast<size_t>(r.Int(0))];
                          EXPECT_EQ(r.Text(1), want);
                          EXPECT_TRUE(r.IsNull(2));
                          EXPECT_EQ(r.Text(3), "");
                          EXPECT_EQ(r.Text(4), want);
                          ++scanned;
                          return true;
                        });
  ASSERT_TRUE(scan.ok()) << scan.ToString();
  EXPECT_EQ(scanned, texts.size());
}

TEST_P(StoreContractTest, TransactionRollsBackOnError) {
  Status s = WithTransaction(db(), TxMode::kWrite, [](Connection& c) -> Status {
    RETURN_IF_ERROR(c.Execute("INSERT INTO settings (key, value) VALUES ('a', '1')"));
    return InvalidArgument("STOP", "停止");
  });
  EXPECT_EQ(s.reason(), "STOP");
  auto conn = db().Acquire();
  EXPECT_EQ((*conn)->Query("SELECT COUNT(*) FROM settings")->front().Int(0), 0);
}

TEST_P(StoreContractTest, ConstraintViolationsMapToStableReasons) {
  auto conn = db().Acquire();
  ASSERT_TRUE(UpsertRegion(**conn, {"410000", "河南省", "", "province"}).ok());
  ASSERT_TRUE(UpsertRegion(**conn, {"410100", "郑州市", "410000", "city"}).ok());
  Department d{0, "SCJG", "市场监督管理局", "市场监管局", "410100", true};
  ASSERT_TRUE(InsertDepartment(**conn, d, "2026-01-01T00:00:00.000Z").ok());
  auto dup = InsertDepartment(**conn, d, "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(dup.status().reason(), "DB_UNIQUE_VIOLATION");
  d.code = "OTHER";
  d.region_code = "999999";
  auto fk = InsertDepartment(**conn, d, "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(fk.status().reason(), "DB_FOREIGN_KEY");
}

TEST_P(StoreContractTest, OrganisationTreeRoundTrip) {
  auto conn = db().Acquire();
  ASSERT_TRUE(UpsertRegion(**conn, {"410000", "河南省", "", "province"}).ok());
  ASSERT_TRUE(UpsertRegion(**conn, {"410100", "郑州市", "410000", "city"}).ok());
  ASSERT_TRUE(UpsertRegion(**conn, {"410105", "金水区", "410100", "county"}).ok());
  ASSERT_TRUE(UpsertRegion(**conn, {"410105", "金水区（改）", "410100", "county"}).ok());
  EXPECT_EQ((*FindRegion(**conn, "410105"))->name, "金水区（改）");
  auto dept = InsertDepartment(
      **conn, {0, "JS-SCJG", "金水区市场监督管理局", "区市场监管局", "410105", true}, "t");
  ASSERT_TRUE(dept.ok());
  auto parent = InsertUnit(
      **conn, {0, *dept, std::nullopt, "JS-SCJG-ZF", "执法大队", "执法大队", "区", "410105", true},
      "t");
  ASSERT_TRUE(parent.ok());
  auto child = InsertUnit(
      **conn, {0, *dept, *parent, "JS-SCJG-ZF1", "一中队", "执法中队", "区", "410105", true}, "t");
  ASSERT_TRUE(child.ok());
  auto units = ListUnits(**conn, *dept);
  ASSERT_EQ(units->size(), 2u);
  EXPECT_EQ((*units)[1].parent_id, *parent);
  EXPECT_EQ((*FindDepartmentByCode(**conn, "JS-SCJG"))->id, *dept);
  EXPECT_FALSE((*FindUnit(**conn, 999)));
}

// Migration 0022 (ADR 0015): the parents of the rows a reveal writes in bulk are never deleted,
// and those rows carry no foreign keys, on both databases.
TEST_P(StoreContractTest, RecordParentsAreNeverDeleted) {
  auto conn = db().Acquire();
  ASSERT_TRUE(UpsertRegion(**conn, {"410105", "金水区", "", "county"}).ok());
  auto dept = InsertDepartment(
      **conn, {0, "JS-SCJG", "金水区市场监督管理局", "区市场监管局", "410105", true}, "t");
  ASSERT_TRUE(dept.ok());
  EXPECT_FALSE((*conn)->Execute("DELETE FROM departments").ok());
  EXPECT_EQ((*FindDepartmentByCode(**conn, "JS-SCJG"))->id, *dept);

  const bool pg = GetParam() == Dialect::kPostgres;
  std::set<std::string> triggers;
  ASSERT_TRUE((*conn)
                  ->QueryEach(pg ? "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
                                 : "SELECT name FROM sqlite_master WHERE type = 'trigger'",
                              {},
                              [&](const Row& r) {
                                triggers.insert(r.Text(0));
                                return true;
                              })
                  .ok());
  for (const char* table : {"targets", "tasks", "departments", "inspectors", "draws"})
    EXPECT_TRUE(triggers.count(std::string(table) + "_never_deleted")) << table;
  auto fks = (*conn)->QueryOne(
      pg ? "SELECT COUNT(*) FROM pg_constraint WHERE contype = 'f' AND conrelid IN "
           "('task_targets'::regclass, 'target_inspections'::regclass, "
           "'task_assignments'::regclass)"
         : "SELECT (SELECT COUNT(*) FROM pragma_foreign_key_list('task_targets')) + (SELECT "
           "COUNT(*) FROM pragma_foreign_key_list('target_inspections')) + (SELECT COUNT(*) FROM "
           "pragma_foreign_key_list('task_assignments'))",
      {}, "QUERY_FAILED", "查询失败");
  ASSERT_TRUE(fks.ok()) << fks.status().ToString();
  EXPECT_EQ(fks->Int(0), 0);
}

// Migration 0022 on a database that already holds drawn rows: SQLite rebuilds the three tables
// without their foreign keys, PostgreSQL drops them; every row and id is kept.
TEST_P(StoreContractTest, DroppingTheDrawnRowsForeignKeysKeepsTheirRows) {
  auto tdb = TestDatabase::Create(GetParam(), /*migrate=*/false);
  ASSERT_NE(tdb, nullptr);
  std::vector<Migration> before;
  for (const auto& m : BuiltinMigrations())
    if (m.version < 22) before.push_back(m);
  ASSERT_TRUE(Migrate(tdb->db(), before).ok());
  const bool pg = GetParam() == Dialect::kPostgres;
  auto dump = [&](Connection& c) {
    std::string out;
    for (const char* sql : {"SELECT * FROM task_targets ORDER BY task_id, target_id",
                            "SELECT * FROM target_inspections ORDER BY id",
                            "SELECT * FROM task_assignments ORDER BY task_id, target_id"}) {
      auto rs = c.Query(sql);
      EXPECT_TRUE(rs.ok()) << sql << ": " << rs.status().ToString();
      if (!rs.ok()) continue;
      for (const Row& r : rs->rows) {
        for (size_t i = 0; i < r.size(); ++i) out += (r.IsNull(i) ? "NULL" : r.Text(i)) + "|";
        out += "\n";
      }
    }
    return out;
  };
  std::string rows;
  {
    auto conn = tdb->db().Acquire();
    ASSERT_TRUE(conn.ok());
    Connection& c = **conn;
    // Rows whose parents this test does not bother to create: the checks are off meanwhile.
    ASSERT_TRUE(
        c.ExecuteScript(pg ? "SET session_replication_role = replica" : "PRAGMA foreign_keys = OFF")
            .ok());
    for (
        const char* sql :
        {"INSERT INTO task_targets (task_id, target_id, draw_key, stratum, position, locked_name, "
         "locked_address, locked_unit_name, locked_risk_class) VALUES (7, 11, '91410105MA0001', "
         "'一般对象', 1, '郑州甲公司', '金水路 1 号', '执法大队', 'A'), (7, 12, 'K2', '一般对象', 2, "
         "NULL, NULL, NULL, NULL)",
         "INSERT INTO target_inspections (id, target_id, department_id, task_id, item_codes, "
         "inspected_on, source, result, remark, import_sha256) VALUES (5, 11, 1, 7, "
         "'[\"SCJG-GS-01\"]', '2026-12-01', 'task', '', '', ''), (9, 12, 1, NULL, '[]', "
         "'2026-01-02', 'import', '未发现问题', '备注', 'ab12')",
         "INSERT INTO task_assignments (task_id, target_id, department_id, inspector_id, draw_id, "
         "position) VALUES (7, 11, 1, 3, 2, 1), (7, 12, 1, 4, 2, 2)"}) {
      auto r = c.Execute(sql);
      ASSERT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
    }
    rows = dump(c);
    ASSERT_TRUE(
        c.ExecuteScript(pg ? "SET session_replication_role = origin" : "PRAGMA foreign_keys = ON")
            .ok());
  }
  auto migrated = Migrate(tdb->db());
  ASSERT_TRUE(migrated.ok()) << migrated.status().ToString();
  auto conn = tdb->db().Acquire();
  ASSERT_TRUE(conn.ok());
  EXPECT_EQ(dump(**conn), rows);
  EXPECT_NE(rows.find("郑州甲公司"), std::string::npos);
  // The rebuilt tables still refuse a second row for the same key.
  EXPECT_EQ((*conn)
                ->Execute("INSERT INTO task_targets (task_id, target_id, draw_key, stratum, "
                          "position) VALUES (7, 11, 'x', 'y', 3)")
                .status()
                .reason(),
            "DB_UNIQUE_VIOLATION");
}

TEST_P(StoreContractTest, UsersGrantsAndSessions) {
  auto conn = db().Acquire();
  auto id = InsertUser(**conn, "zhangming", "张明", "$argon2id$x", "2026-01-01T00:00:00.000Z");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(InsertUser(**conn, "zhangming", "张明", "h", "t").status().reason(),
            "DB_UNIQUE_VIOLATION");
  RoleGrant g{Role::kPlanner, Scope::Department(3)};
  EXPECT_TRUE(*GrantRole(**conn, *id, g, "t"));
  EXPECT_FALSE(*GrantRole(**conn, *id, g, "t"));
  ASSERT_TRUE(GrantRole(**conn, *id, {Role::kInspector, Scope::Unit(9)}, "t").ok());
  auto u = FindUserByName(**conn, "zhangming");
  ASSERT_TRUE(u.ok() && u->has_value());
  EXPECT_EQ((*u)->user.display_name, "张明");
  EXPECT_EQ((*u)->user.grants.size(), 2u);
  EXPECT_TRUE(*RevokeRole(**conn, *id, g));

  auto t0 = *ParseTimestamp("2026-11-21T00:00:00.000Z");
  Session s{"abc", *id, "csrf", t0, t0 + std::chrono::hours(8), "127.0.0.1"};
  ASSERT_TRUE(InsertSession(**conn, s).ok());
  auto found = FindSession(**conn, "abc");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->expires_at, s.expires_at);
  ASSERT_TRUE(DeleteExpiredSessions(**conn, "2026-11-21T09:00:00.000Z").ok());
  EXPECT_FALSE(FindSession(**conn, "abc")->has_value());

  ASSERT_TRUE(RecordLoginFailure(**conn, "user:zhangming", "2026-11-21T00:00:01.000Z").ok());
  ASSERT_TRUE(RecordLoginFailure(**conn, "user:zhangming", "2026-11-21T00:10:01.000Z").ok());
  EXPECT_EQ(*CountLoginFailuresSince(**conn, "user:zhangming", "2026-11-21T00:05:00.000Z"), 1);
  ASSERT_TRUE(ClearLoginFailures(**conn, "user:zhangming").ok());
  EXPECT_EQ(*CountLoginFailuresSince(**conn, "user:zhangming", ""), 0);
}

AuditEntry Event(int i) {
  AuditEntry e;
  e.at = "2026-11-21T00:00:00.000Z";
  e.actor = "tester";
  e.action = "test.event";
  e.entity = "thing";
  e.entity_id = std::to_string(i);
  e.payload = "{\"i\":" + std::to_string(i) + "}";
  return e;
}

TEST_P(StoreContractTest, AuditChainLinksEveryEntry) {
  for (int i = 0; i < 5; ++i) {
    Status s = WithTransaction(db(), TxMode::kWrite,
                               [&](Connection& c) { return AppendAudit(c, Event(i)).status(); });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  auto conn = db().Acquire();
  std::string prev(kAuditGenesisHash);
  int64_t n = 0;
  ASSERT_TRUE(ScanAudit(**conn, 1, [&](const AuditEntry& e) {
                EXPECT_EQ(e.seq, ++n);
                EXPECT_EQ(e.prev_hash, prev);
                EXPECT_EQ(e.hash, ComputeAuditHash(e));
                prev = e.hash;
                return true;
              }).ok());
  EXPECT_EQ(n, 5);
  auto head = ReadAuditHead(**conn);
  EXPECT_EQ(head->seq, 5);
  EXPECT_EQ(head->hash, prev);
}

TEST_P(StoreContractTest, AuditLogIsAppendOnly) {
  ASSERT_TRUE(WithTransaction(db(), TxMode::kWrite, [&](Connection& c) {
                return AppendAudit(c, Event(1)).status();
              }).ok());
  auto conn = db().Acquire();
  EXPECT_FALSE((*conn)->Execute("UPDATE audit_log SET actor = 'mallory'").ok());
  EXPECT_FALSE((*conn)->Execute("DELETE FROM audit_log").ok());
}

TEST_P(StoreContractTest, ConcurrentAppendersNeverForkTheChain) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        Status s = WithTransaction(db(), TxMode::kWrite, [&](Connection& c) {
          return AppendAudit(c, Event(t * 100 + i)).status();
        });
        if (!s.ok()) ++failures;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures, 0);
  auto conn = db().Acquire();
  std::string prev(kAuditGenesisHash);
  int64_t n = 0;
  ASSERT_TRUE(ScanAudit(**conn, 1, [&](const AuditEntry& e) {
                EXPECT_EQ(e.prev_hash, prev);
                prev = e.hash;
                ++n;
                return true;
              }).ok());
  EXPECT_EQ(n, 40);
}

TEST_P(StoreContractTest, DrawEligibilityListsRoundTripInBothStorageForms) {
  auto conn = db().Acquire();
  ASSERT_TRUE(UpsertRegion(**conn, {"410000", "河南省", "", "province"}).ok());
  ASSERT_TRUE(UpsertRegion(**conn, {"410100", "郑州市", "410000", "city"}).ok());
  ASSERT_TRUE(UpsertRegion(**conn, {"410105", "金水区", "410100", "county"}).ok());
  auto dept = InsertDepartment(
      **conn, {0, "JS-SCJG", "金水区市场监督管理局", "区市场监管局", "410105", true}, "t");
  ASSERT_TRUE(dept.ok()) << dept.status().ToString();
  auto add_draw = [&](const std::string& no) {
    DrawRow d;
    d.draw_no = no;
    d.kind = draw::DrawKind::kAssign;
    d.title = no;
    d.department_id = *dept;
    d.source_names = {"现场见证人掷骰"};
    d.spec = nlohmann::json{{"per_task", 2}, {"cap", 10}};
    d.root = d.sources_decl = d.commit_hash = d.plan_hash = std::string(64, '0');
    d.committed_at = "2026-12-03T10:00:00Z";
    auto id = InsertDraw(**conn, d);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  };
  using Lists = std::vector<std::pair<std::string, std::vector<std::string>>>;
  auto scan = [&](int64_t draw_id) {
    Lists out;
    EXPECT_TRUE(ScanDrawEligibility(**conn, draw_id,
                                    [&](std::string task, std::vector<std::string> people) {
                                      out.emplace_back(std::move(task), std::move(people));
                                    })
                    .ok());
    return out;
  };
  // A row per task: the lists come back sorted, tasks in byte order, an empty list empty.
  const int64_t joined = add_draw("JS-SCJG-2026-0001");
  const std::vector<std::string> t2{"豫B2", "豫A1", "Z"}, t1{"豫A1"}, t0;
  ASSERT_TRUE(InsertDrawEligibility(**conn, joined, {{"T2", &t2}, {"T1", &t1}, {"T0", &t0}}).ok());
  EXPECT_EQ(scan(joined), (Lists{{"T0", {}}, {"T1", {"豫A1"}}, {"T2", {"Z", "豫A1", "豫B2"}}}));
  // A row per (task, person), as draws committed before stored them, reads the same.
  const int64_t rows = add_draw("JS-SCJG-2026-0002");
  for (const auto& [task, person] : std::vector<std::pair<std::string, std::string>>{
           {"T2", "豫B2"}, {"T1", "豫A1"}, {"T2", "Z"}, {"T0", ""}, {"T2", "豫A1"}})
    ASSERT_TRUE((*conn)
                    ->Execute("INSERT INTO draw_eligibility (draw_id, task, inspector) "
                              "VALUES ($1, $2, $3)",
                              {rows, task, person})
                    .ok());
  EXPECT_EQ(scan(rows), scan(joined));
  // An id that could not be split back is refused.
  const std::vector<std::string> hashed{"A#B"};
  EXPECT_FALSE(InsertDrawEligibility(**conn, add_draw("JS-SCJG-2026-0003"), {{"T", &hashed}}).ok());
  // A list equal to an earlier task's is written once (the others refer to it) and reads back
  // whole, whatever order the caller gave the tasks in.
  const int64_t shared = add_draw("JS-SCJG-2026-0004");
  const std::vector<std::string> street{"豫B2", "豫A1"}, same_street{"豫A1", "豫B2"};
  ASSERT_TRUE(InsertDrawEligibility(**conn, shared,
                                    {{"T9", &street},
                                     {"T3", &same_street},
                                     {"T5", &t1},
                                     {"T1", &t1},
                                     {"T4", &street},
                                     {"T0", &t0},
                                     {"T6", &t0}})
                  .ok());
  EXPECT_EQ(scan(shared), (Lists{{"T0", {}},
                                 {"T1", {"豫A1"}},
                                 {"T3", {"豫A1", "豫B2"}},
                                 {"T4", {"豫A1", "豫B2"}},
                                 {"T5", {"豫A1"}},
                                 {"T6", {}},
                                 {"T9", {"豫A1", "豫B2"}}}));
  int64_t written_in_full = -1;
  ASSERT_TRUE((*conn)
                  ->QueryEach("SELECT COUNT(*) FROM draw_eligibility WHERE draw_id = $1 AND "
                              "inspector <> '' AND inspector NOT LIKE '#%'",
                              {shared},
                              [&](const Row& r) {
                                written_in_full = r.Int(0);
                                return true;
                              })
                  .ok());
  EXPECT_EQ(written_in_full, 2);
  // A reference to a list that is not there is data loss, not an empty list.
  const int64_t dangling = add_draw("JS-SCJG-2026-0005");
  ASSERT_TRUE((*conn)
                  ->Execute("INSERT INTO draw_eligibility (draw_id, task, inspector) "
                            "VALUES ($1, 'T1', '#T0')",
                            {dangling})
                  .ok());
  Status unreadable = ScanDrawEligibility(
      **conn, dangling, [](const std::string&, const std::vector<std::string>&) {});
  EXPECT_EQ(unreadable.reason(), "DRAW_ELIGIBILITY_UNREADABLE") << unreadable.ToString();
}

TEST_P(StoreContractTest, QueryEachStreamsAndStopsEarly) {
  auto conn = db().Acquire();
  for (int i = 0; i < 10; ++i)
    ASSERT_TRUE((*conn)
                    ->Execute("INSERT INTO settings (key, value) VALUES ($1, $2)",
                              {"k" + std::to_string(i), std::to_string(i)})
                    .ok());
  int seen = 0;
  ASSERT_TRUE((*conn)
                  ->QueryEach("SELECT key FROM settings ORDER BY key", {},
                              [&](const Row&) { return ++seen < 3; })
                  .ok());
  EXPECT_EQ(seen, 3);
  // The connection is still usable after an early stop.
  EXPECT_EQ((*conn)->Query("SELECT COUNT(*) FROM settings")->front().Int(0), 10);
}

// ScanEach: on PostgreSQL a COPY (...) TO STDOUT with the parameters inlined as literals. Text
// that COPY escapes and quoting would break must come back as stored, and a parameter's text
// (here "$1" and a quote) must stay data, never become SQL.
TEST_P(StoreContractTest, ScanEachReadsEveryCellAsStoredWithInlinedParameters) {
  auto conn = db().Acquire();
  ASSERT_TRUE((*conn)->Execute("CREATE TABLE scanned (id BIGINT, t TEXT, n TEXT)").ok());
  const std::vector<std::string> texts = {"统一社会信用代码",
                                          "tab\there",
                                          "line\nbreak\r\n",
                                          "back\\slash\\N",
                                          "\\N",
                                          "quote ' and \" and $1",
                                          "",
                                          "\\x41\\101",
                                          std::string("nul-free \x01\x7f end")};
  for (size_t i = 0; i < texts.size(); ++i)
    ASSERT_TRUE((*conn)
                    ->Execute("INSERT INTO scanned VALUES ($1, $2, $3)",
                              {static_cast<int64_t>(i), texts[i],
                               i % 2 ? Value() : Value(std::string("有"))})
                    .ok());
  // Every parameter kind that can be inlined, $10 besides $1 (no prefix confusion), a "$1"
  // inside a quoted literal of the statement left alone.
  const std::string sql =
      "SELECT id, t, n, '$1' AS lit FROM scanned WHERE id >= $1 AND t <> $2 AND "
      "(n IS NULL OR n <> $3) AND $4 > 0.5 AND COALESCE($5, 'x') = 'x' AND id <> $6 AND "
      "id <> $7 AND t <> $8 AND t <> $9 AND id < $10";
  const Params params = {int64_t{0},
                         std::string("quote ' and \" and $1x"),
                         std::string("没有"),
                         2.5,
                         Value(),
                         int64_t{-6},
                         int64_t{-7},
                         std::string("E'\\'"),
                         std::string("'); DROP TABLE scanned; --"),
                         int64_t{100}};
  std::vector<std::string> seen;
  std::vector<bool> null_n;
  auto scan = (*conn)->ScanEach(sql, params, [&](const Row& r) {
    EXPECT_EQ(r.size(), 4u);
    EXPECT_EQ(r.Text(3), "$1");
    const int64_t id = r.Int(0);
    if (id < 0 || id >= static_cast<int64_t>(texts.size())) return false;
    if (seen.size() <= static_cast<size_t>(id)) {
      seen.resize(id + 1);
      null_n.resize(id + 1);
    }
    seen[id] = r.Text(1);
    null_n[id] = r.IsNull(2);
    return true;
  });
  ASSERT_TRUE(scan.ok()) << scan.ToString();
  ASSERT_EQ(seen.size(), texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ(seen[i], texts[i]) << i;
    EXPECT_EQ(null_n[i], i % 2 == 1) << i;
  }
  // Stops early, and the connection is ready for the next statement.
  int rows = 0;
  ASSERT_TRUE((*conn)
                  ->ScanEach("SELECT id FROM scanned WHERE id >= $1", {int64_t{0}},
                             [&](const Row&) { return ++rows < 2; })
                  .ok());
  EXPECT_EQ(rows, 2);
  EXPECT_EQ((*conn)->Query("SELECT COUNT(*) FROM scanned")->front().Int(0),
            static_cast<int64_t>(texts.size()));
  // A failing statement is an error, and the connection goes on.
  EXPECT_FALSE(
      (*conn)
          ->ScanEach("SELECT no_such_column FROM scanned", {}, [](const Row&) { return true; })
          .ok());
  EXPECT_TRUE((*conn)->Query("SELECT 1").ok());
  // Using the connection from inside the callback is refused, as in QueryEach.
  Status nested;
  ASSERT_TRUE((*conn)
                  ->ScanEach("SELECT id FROM scanned", {},
                             [&](const Row&) {
                               if (nested.ok()) nested = (*conn)->Query("SELECT 1").status();
                               return true;
                             })
                  .ok());
  EXPECT_EQ(nested.code(), StatusCode::kInternal);
}

TEST_P(StoreContractTest, UsingTheConnectionInsideQueryEachFailsLoudly) {
  auto conn = db().Acquire();
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE((*conn)
                    ->Execute("INSERT INTO settings (key, value) VALUES ($1, 'v')",
                              {"k" + std::to_string(i)})
                    .ok());
  int rows = 0;
  Status nested;
  ASSERT_TRUE((*conn)
                  ->QueryEach("SELECT key FROM settings ORDER BY key", {},
                              [&](const Row&) {
                                ++rows;
                                if (nested.ok()) nested = (*conn)->Query("SELECT 1").status();
                                return true;
                              })
                  .ok());
  // libpq would silently drop the rest of the stream; the adapters refuse instead, and the
  // scan still sees every row.
  EXPECT_EQ(nested.code(), StatusCode::kInternal);
  EXPECT_EQ(rows, 3);
  EXPECT_TRUE((*conn)->Query("SELECT 1").ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContractTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         [](const auto& info) { return testing::DialectParamName(info.param); });

TEST(DbUrlTest, ParsesBothSchemesAndRejectsGarbage) {
  auto s = ParseDbUrl("sqlite://./data/suiji.db");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->path, "./data/suiji.db");
  EXPECT_EQ(ParseDbUrl("sqlite:///var/lib/suiji.db")->path, "/var/lib/suiji.db");
  auto p = ParseDbUrl("postgresql://suiji:secret@db.example:5432/suiji");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->dialect, Dialect::kPostgres);
  EXPECT_EQ(p->display.find("secret"), std::string::npos);
  for (const char* bad : {"", "mysql://x/y", "sqlite://", "postgresql://host:99x/db",
                          "postgresql://host:5432/", "postgresql:///db"}) {
    auto r = ParseDbUrl(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().reason(), "DB_URL_INVALID");
  }
}

TEST(SqliteOpenTest, CorruptFileIsDataLossNotACrash) {
  auto dir = std::filesystem::temp_directory_path() / ("suiji_corrupt_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto path = (dir / "bad.db").string();
  {
    std::ofstream f(path);
    f << std::string(8192, 'x');
  }
  auto db = OpenDatabase(*ParseDbUrl("sqlite://" + path));
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().reason(), "DB_CORRUPT");
  std::filesystem::remove_all(dir);
}

// A transaction that writes a lot may raise SQLite's page cache (a 10M-row import's index
// pages then stay in memory instead of spilling to the WAL), up to 1 GiB; the connection goes
// back to the usual cache when the transaction ends, committed or rolled back.
TEST(SqliteOpenTest, ATransactionsRaisedCacheLastsUntilItEnds) {
  auto tdb = TestDatabase::Create(Dialect::kSqlite);
  auto conn = tdb->db().Acquire();
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  Connection& c = **conn;
  auto cache = [&] { return c.Query("PRAGMA cache_size")->front().Int(0); };
  const int64_t usual = cache();
  EXPECT_EQ(usual, -65536);
  EXPECT_EQ(c.GrowCacheForTransaction(300000).reason(), "INTERNAL") << "outside a transaction";
  EXPECT_EQ(cache(), usual);
  ASSERT_TRUE(c.Execute("CREATE TABLE bulk (id BIGINT)").ok());
  for (bool commit : {true, false}) {
    ASSERT_TRUE(c.Begin(TxMode::kWrite).ok());
    ASSERT_TRUE(c.GrowCacheForTransaction(1000).ok());
    EXPECT_EQ(cache(), usual) << "never lowered";
    ASSERT_TRUE(c.GrowCacheForTransaction(300000).ok());
    EXPECT_EQ(cache(), -300000);
    ASSERT_TRUE(c.GrowCacheForTransaction(200000).ok());
    EXPECT_EQ(cache(), -300000) << "never lowered";
    ASSERT_TRUE(c.GrowCacheForTransaction(int64_t{1} << 40).ok());
    EXPECT_EQ(cache(), -1048576) << "at most 1 GiB";
    ASSERT_TRUE(c.Execute("INSERT INTO bulk (id) VALUES (1)").ok());
    ASSERT_TRUE((commit ? c.Commit() : c.Rollback()).ok());
    EXPECT_EQ(cache(), usual) << (commit ? "after commit" : "after rollback");
  }
  EXPECT_EQ(c.Query("SELECT COUNT(*) FROM bulk")->front().Int(0), 1);
}

// TryAcquire never waits: work that would go faster on another connection (a pool scan in id
// ranges) takes one only when one is free, so a request already holding two cannot wait
// forever on a pool that other such requests have emptied.
TEST(ConnectionPoolTest, TryAcquireTakesOnlyAFreeConnection) {
  auto tdb = TestDatabase::Create(Dialect::kSqlite);
  auto db = OpenDatabase(*ParseDbUrl(tdb->url()), {.pool_size = 2});
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  auto a = (*db)->Acquire();
  ASSERT_TRUE(a.ok());
  std::optional<PooledConnection> b;
  {
    auto second = (*db)->TryAcquire();
    ASSERT_TRUE(second.ok() && second->has_value()) << "one may still be opened";
    b = std::move(**second);
  }
  auto none = (*db)->TryAcquire();
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value()) << "both borrowed";
  b.reset();
  auto again = (*db)->TryAcquire();
  ASSERT_TRUE(again.ok() && again->has_value()) << "the returned one";
  EXPECT_EQ((**again)->Query("SELECT 1")->front().Int(0), 1);
}

// SQLite's WAL is copied back into the database file on a thread of its own, not inside the
// COMMIT that crosses the threshold (a 1M-row task commit waited 0.4 s for it): the copy still
// happens after a large commit, without another commit or the last connection closing.
TEST(SqliteOpenTest, ALargeCommitIsCheckpointedInTheBackground) {
  auto tdb = TestDatabase::Create(Dialect::kSqlite);
  const std::string path = ParseDbUrl(tdb->url())->path;
  auto db = OpenDatabase(*ParseDbUrl(tdb->url()));
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  auto conn = (*db)->Acquire();
  ASSERT_TRUE(conn.ok());
  Connection& c = **conn;
  ASSERT_TRUE(c.Execute("CREATE TABLE big (b BLOB)").ok());
  const auto before = std::filesystem::file_size(path);
  // About 2000 pages, twice the threshold: a 4000-byte row per 4 KiB of page.
  const int64_t page = c.Query("PRAGMA page_size")->front().Int(0);
  const int rows = static_cast<int>(2048 * page / 4096);
  const auto written = static_cast<uintmax_t>(rows) * 4000;
  ASSERT_TRUE(c.Begin(TxMode::kWrite).ok());
  for (int i = 0; i < rows; ++i)
    ASSERT_TRUE(c.Execute("INSERT INTO big (b) VALUES (randomblob(4000))").ok());
  ASSERT_TRUE(c.Commit().ok());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::filesystem::file_size(path) < before + written &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_GE(std::filesystem::file_size(path), before + written) << "never checkpointed";
  EXPECT_EQ(c.Query("SELECT COUNT(*) FROM big")->front().Int(0), rows);
}

// A file this binary creates has 16 KiB pages; a file created before (4 KiB pages) keeps its
// own and is read and written as before.
TEST(SqliteOpenTest, NewFilesGet16KiBPagesOlderFilesKeepTheirs) {
  auto dir = std::filesystem::temp_directory_path() / ("suiji_pages_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto page_size = [](Database& db) {
    auto conn = db.Acquire();
    return conn.ok() ? (**conn).Query("PRAGMA page_size")->front().Int(0) : -1;
  };
  {
    auto db = OpenDatabase(*ParseDbUrl("sqlite://" + (dir / "new.db").string()));
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    EXPECT_EQ(page_size(**db), 16384);
  }
  const std::string old_path = (dir / "old.db").string();
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(old_path.c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw,
                           "PRAGMA page_size=4096; PRAGMA journal_mode=WAL; "
                           "CREATE TABLE kept (v TEXT); INSERT INTO kept VALUES ('旧数据');",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(raw);
  }
  {
    auto db = OpenDatabase(*ParseDbUrl("sqlite://" + old_path));
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    EXPECT_EQ(page_size(**db), 4096);
    auto conn = (*db)->Acquire();
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE((**conn).Execute("INSERT INTO kept VALUES ('新数据')").ok());
    auto rows = (**conn).Query("SELECT v FROM kept ORDER BY rowid");
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ(rows->rows[0].Text(0), "旧数据");
    EXPECT_EQ(rows->rows[1].Text(0), "新数据");
  }
  std::filesystem::remove_all(dir);
}

TEST(PostgresOpenTest, UnreachableServerFailsFastWithUnavailable) {
  auto db = OpenDatabase(*ParseDbUrl("postgresql://suiji@127.0.0.1:1/suiji"));
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().reason(), "DB_UNAVAILABLE");
}

}  // namespace
}  // namespace suiji::store
