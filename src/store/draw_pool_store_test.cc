// A target draw's stored pool (migration 0019, docs/adr/0012-draw-pool-chunks.md): written in
// chunks, read back exactly, found by candidate, and converted from the old one-row-per-candidate
// table of an existing database. Every test runs on SQLite and on a real PostgreSQL 15.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/metrics.h"
#include "store/draw_store.h"
#include "store/migrate.h"
#include "support/test_db.h"

namespace suiji::store {
namespace {

using testing::DialectParamName;
using testing::TestDatabase;
using Entry = std::tuple<std::string, std::string, uint32_t>;  // stratum, candidate, weight

// More than one chunk in the first stratum, ids that need escaping, multibyte ids and strata,
// weights above one: sorted in byte order, as a committed pool is.
std::vector<Entry> SamplePool() {
  std::vector<Entry> out;
  for (int i = 0; i < 9000; ++i) {
    char id[32];
    std::snprintf(id, sizeof id, "91410105MA%08d", i);
    out.emplace_back("一般对象", id, 1);
  }
  out.emplace_back("一般对象", "back\\slash", 2);
  out.emplace_back("一般对象", "tab\there", 1);
  out.emplace_back("一般对象", "line\nbreak", 7);
  out.emplace_back("一般对象", "郑州甲公司", 3);
  out.emplace_back("A 重点对象", "410105-0001", 1);
  out.emplace_back("A 重点对象", "410105-0002", 4294967295u);
  std::sort(out.begin(), out.end());
  return out;
}

class DrawPoolStoreTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void Open(bool migrate) {
    tdb_ = TestDatabase::Create(GetParam(), migrate);
    ASSERT_NE(tdb_, nullptr);
  }
  void Exec(Connection& c, const std::string& sql, const Params& p = {}) {
    auto r = c.Execute(sql, p);
    ASSERT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
  }
  // A department and two draws (1 published, 2 not) to hang pools on.
  void Draws(Connection& c) {
    Exec(c, "INSERT INTO regions (code, name, level) VALUES ('410105', '金水区', 'county')");
    Exec(c,
         "INSERT INTO departments (id, code, name, short_name, region_code, created_at) VALUES "
         "(1, 'JS-SCJG', '市场监管局', '市场监管局', '410105', '2026-01-01T00:00:00.000Z')");
    for (int id : {1, 2})
      Exec(c,
           "INSERT INTO draws (id, draw_no, kind, title, department_id, status, published, "
           "source_names, spec, pool_size, root, sources_decl, commit_hash, plan_hash, "
           "committed_at) VALUES ($1, $2, 'targets', '抽取', 1, 'revealed', $3, '[]', '{}', 0, "
           "'', '', '', '', '2026-01-01T00:00:00.000Z')",
           {int64_t{id}, "D-" + std::to_string(id), int64_t{id == 1 ? 1 : 0}});
  }
  // The entries in stored order, and whether the scan found them in (stratum, candidate) order.
  std::pair<std::vector<Entry>, bool> ScanStored(Connection& c, int64_t draw_id) {
    std::vector<Entry> out;
    auto in_order = ScanDrawPool(c, draw_id, [&](const PoolEntry& e) {
      out.emplace_back(e.stratum, e.candidate, e.weight);
    });
    EXPECT_TRUE(in_order.ok()) << in_order.status().ToString();
    return {out, in_order.ok() && *in_order};
  }
  // In canonical order, as a bundle lists them: sorted when the scan says it must be.
  std::vector<Entry> Scan(Connection& c, int64_t draw_id) {
    auto [out, in_order] = ScanStored(c, draw_id);
    if (!in_order) std::sort(out.begin(), out.end());
    return out;
  }
  // `target_id(i)`, when given, names the target of the i-th entry.
  Status Insert(Connection& c, int64_t draw_id, const std::vector<Entry>& pool,
                const std::function<int64_t(size_t)>& target_id = nullptr) {
    size_t i = 0;
    return InsertDrawPool(c, draw_id, [&](PoolEntry& e) {
      if (i == pool.size()) return false;
      e.stratum = std::get<0>(pool[i]);
      e.candidate = std::get<1>(pool[i]);
      e.weight = std::get<2>(pool[i]);
      if (target_id) e.target_id = target_id(i);
      ++i;
      return true;
    });
  }
  std::vector<int64_t> Find(Connection& c, const std::string& candidate) {
    auto found = DrawsWithCandidate(c, candidate, 10, 0);
    EXPECT_TRUE(found.ok()) << found.status().ToString();
    return found.ok() ? *found : std::vector<int64_t>{};
  }
  int64_t Count(Connection& c, const std::string& sql) {
    auto rs = c.Query(sql);
    EXPECT_TRUE(rs.ok()) << rs.status().ToString();
    return rs.ok() ? rs->front().Int(0) : -1;
  }

  // A migrated database with draws 1 and 2 and no pool yet; the connection stays open for the
  // test.
  Connection& TwoDraws() {
    Open(true);
    auto conn = tdb_->db().Acquire();
    EXPECT_TRUE(conn.ok()) << conn.status().ToString();
    conn_.emplace(std::move(conn).value());
    Draws(**conn_);
    return **conn_;
  }
  // The same, both draws holding SamplePool().
  Connection& TwoDrawsWithTheSamplePool() {
    Connection& c = TwoDraws();
    for (int64_t draw : {1, 2}) EXPECT_TRUE(Insert(c, draw, SamplePool()).ok()) << draw;
    return c;
  }

  std::unique_ptr<TestDatabase> tdb_;
  std::optional<PooledConnection> conn_;
};

TEST_P(DrawPoolStoreTest, PoolIsStoredInChunksAndReadBackExactlyWithOneScan) {
  Open(true);
  auto conn = tdb_->db().Acquire();
  ASSERT_TRUE(conn.ok());
  Connection& c = **conn;
  Draws(c);
  const std::vector<Entry> pool = SamplePool();
  ASSERT_TRUE(Insert(c, 1, pool).ok());
  // 2 + 9,004 candidates in two strata: 1 + ceil(9004 / 4096) = 4 rows, not 9,006.
  EXPECT_EQ(Count(c, "SELECT COUNT(*) FROM draw_pool_chunks WHERE draw_id = 1"), 4);
  EXPECT_EQ(Count(c, "SELECT MAX(entries) FROM draw_pool_chunks"),
            static_cast<int64_t>(kPoolChunkEntries));
  const metrics::Snapshot at;
  // Written in canonical order, read back in it and known to be.
  EXPECT_EQ(ScanStored(c, 1), std::make_pair(pool, true));
  EXPECT_EQ(at.Since(metrics::Counter::kDrawPoolScans), 1);
  EXPECT_EQ(ScanStored(c, 2), std::make_pair(std::vector<Entry>{}, true));
}

// Chunks whose order was changed (as a pool converted by migration 0019 could be): the scan
// gives every entry and says that they are not in canonical order, within a stratum or across.
TEST_P(DrawPoolStoreTest, ScanSaysWhenTheStoredOrderIsNotCanonical) {
  Connection& c = TwoDrawsWithTheSamplePool();
  const std::vector<Entry> pool = SamplePool();
  auto swap = [&](int64_t draw, int64_t a, int64_t b) {
    Exec(c, "UPDATE draw_pool_chunks SET seq = 100 WHERE draw_id = $1 AND seq = $2", {draw, a});
    Exec(c, "UPDATE draw_pool_chunks SET seq = $2 WHERE draw_id = $1 AND seq = $3", {draw, a, b});
    Exec(c, "UPDATE draw_pool_chunks SET seq = $2 WHERE draw_id = $1 AND seq = 100", {draw, b});
  };
  swap(1, 1, 2);  // two chunks of 一般对象
  swap(2, 0, 3);  // the stratum A 重点对象 after the other
  for (int64_t draw : {1, 2}) {
    auto [stored, in_order] = ScanStored(c, draw);
    EXPECT_FALSE(in_order) << draw;
    EXPECT_NE(stored, pool) << draw;
    std::sort(stored.begin(), stored.end());
    EXPECT_EQ(stored, pool) << draw;
  }
}

TEST_P(DrawPoolStoreTest, PoolOutOfOrderIsRefusedAndNothingIsReadAsValid) {
  Open(true);
  auto conn = tdb_->db().Acquire();
  ASSERT_TRUE(conn.ok());
  Draws(**conn);
  std::vector<Entry> pool = SamplePool();
  std::swap(pool[10], pool[11]);
  EXPECT_EQ(Insert(**conn, 1, pool).code(), StatusCode::kInternal);
  std::vector<Entry> twice = {{"S", "a", 1}, {"S", "a", 1}};
  EXPECT_EQ(Insert(**conn, 2, twice).code(), StatusCode::kInternal);
  // A chunk whose text was damaged is refused, not half read.
  ASSERT_TRUE(Insert(**conn, 2, {{"S", "a", 1}, {"S", "b", 1}}).ok());
  Exec(**conn, "UPDATE draw_pool_chunks SET data = 'a' WHERE draw_id = 2");
  auto s = ScanDrawPool(**conn, 2, [](const PoolEntry&) {});
  EXPECT_EQ(s.status().reason(), "DRAW_POOL_UNREADABLE") << s.status().ToString();
}

TEST_P(DrawPoolStoreTest, PublishedDrawsAreFoundByAnyCandidateOfTheirPool) {
  Connection& c = TwoDrawsWithTheSamplePool();
  for (const std::string id :
       {"91410105MA00000000", "91410105MA00004096", "91410105MA00008999", "tab\there",
        "line\nbreak", "back\\slash", "郑州甲公司", "410105-0002"})
    EXPECT_EQ(Find(c, id), std::vector<int64_t>{1}) << id;  // draw 2 is not published
  for (const std::string id :
       {"91410105MA0000000", "91410105MA00009000", "tab", "back\\", "", "410105-000", "1"})
    EXPECT_TRUE(Find(c, id).empty()) << id;
  Exec(c, "UPDATE draws SET published = 1 WHERE id = 2");
  EXPECT_EQ(Find(c, "91410105MA00004096"), (std::vector<int64_t>{2, 1}));
}

// An existing database: its pools in the old draw_pool table (0003) are converted by 0019 into
// the same records, in the same order, and stay findable by candidate.
TEST_P(DrawPoolStoreTest, MigrationConvertsTheStoredPoolsOfExistingDraws) {
  Open(false);
  std::vector<Migration> before;
  for (const auto& m : BuiltinMigrations())
    if (m.version < 19) before.push_back(m);
  ASSERT_TRUE(Migrate(tdb_->db(), before).ok());
  const std::vector<Entry> pool = SamplePool();
  {
    auto conn = tdb_->db().Acquire();
    ASSERT_TRUE(conn.ok());
    Connection& c = **conn;
    Draws(c);
    // Written in reverse, as an old database could hold them, in one transaction.
    ASSERT_TRUE(c.Begin(TxMode::kWrite).ok());
    for (int64_t draw : {1, 2}) {
      auto ins = c.BulkInsert("draw_pool", {"draw_id", "stratum", "candidate", "weight"});
      ASSERT_TRUE(ins.ok());
      for (auto it = pool.rbegin(); it != pool.rend(); ++it)
        ASSERT_TRUE((*ins)
                        ->Add({draw, std::get<0>(*it), std::get<1>(*it),
                               static_cast<int64_t>(std::get<2>(*it))})
                        .ok());
      ASSERT_TRUE((*ins)->Finish().ok());
    }
    ASSERT_TRUE(c.Commit().ok());
  }
  auto migrated = Migrate(tdb_->db());
  ASSERT_TRUE(migrated.ok()) << migrated.status().ToString();
  auto conn = tdb_->db().Acquire();
  ASSERT_TRUE(conn.ok());
  Connection& c = **conn;
  EXPECT_FALSE(c.Query("SELECT COUNT(*) FROM draw_pool").ok());
  EXPECT_EQ(Count(c, "SELECT COUNT(*) FROM draw_pool_chunks WHERE draw_id = 1"), 4);
  EXPECT_EQ(Count(c, "SELECT SUM(entries) FROM draw_pool_chunks WHERE draw_id = 2"),
            static_cast<int64_t>(pool.size()));
  for (int64_t draw : {1, 2}) EXPECT_EQ(Scan(c, draw), pool) << draw;
  EXPECT_EQ(Find(c, "line\nbreak"), std::vector<int64_t>{1});
  EXPECT_EQ(Find(c, "91410105MA00004095"), std::vector<int64_t>{1});
  // A draw committed after the migration is stored the new way beside the converted ones.
  Exec(c,
       "INSERT INTO draws (id, draw_no, kind, title, department_id, status, published, "
       "source_names, spec, pool_size, root, sources_decl, commit_hash, plan_hash, committed_at) "
       "VALUES (3, 'D-3', 'targets', '抽取', 1, 'committed', 0, '[]', '{}', 0, '', '', '', '', "
       "'2026-01-02T00:00:00.000Z')");
  ASSERT_TRUE(Insert(c, 3, pool).ok());
  EXPECT_EQ(Scan(c, 3), pool);
}

// A task's pool carries the directory row of each candidate: read back with each entry, beside
// the lines of a pool that carries none, and a damaged id is refused like a damaged weight.
TEST_P(DrawPoolStoreTest, TargetIdsAreStoredWithTheirCandidatesAndReadBack) {
  Connection& c = TwoDraws();
  const std::vector<Entry> pool = SamplePool();
  auto id_of = [](size_t i) { return static_cast<int64_t>(i * 7919 % 1000003 + 1); };
  ASSERT_TRUE(Insert(c, 1, pool, id_of).ok());
  ASSERT_TRUE(Insert(c, 2, pool).ok());  // no ids
  std::vector<std::pair<Entry, int64_t>> read;
  auto in_order = ScanDrawPool(c, 1, [&](const PoolEntry& e) {
    read.push_back({{std::string(e.stratum), std::string(e.candidate), e.weight}, e.target_id});
  });
  ASSERT_TRUE(in_order.ok()) << in_order.status().ToString();
  EXPECT_TRUE(*in_order);
  ASSERT_EQ(read.size(), pool.size());
  for (size_t k = 0; k < pool.size(); ++k) {
    EXPECT_EQ(read[k].first, pool[k]) << k;
    EXPECT_EQ(read[k].second, id_of(k)) << k;
  }
  int64_t with_ids = 0;
  ASSERT_TRUE(ScanDrawPool(c, 2, [&](const PoolEntry& e) { with_ids += e.target_id != 0; }).ok());
  EXPECT_EQ(with_ids, 0);
  // The ids are not part of a candidate's line prefix: the candidate is still found.
  Exec(c, "UPDATE draws SET published = 1 WHERE id = 2");
  EXPECT_EQ(Find(c, "410105-0002"), (std::vector<int64_t>{2, 1}));
  EXPECT_TRUE(Find(c, "1").empty());
  // Damaged ids: not a number, zero, negative, a leading zero, a fourth field.
  for (const std::string line :
       {"a\t1\tx\n", "a\t1\t0\n", "a\t1\t-3\n", "a\t1\t07\n", "a\t1\t7\t8\n", "a\t1\t\n"}) {
    Exec(c, "UPDATE draw_pool_chunks SET data = $1 WHERE draw_id = 2", {line});
    auto s = ScanDrawPool(c, 2, [](const PoolEntry&) {});
    EXPECT_EQ(s.status().reason(), "DRAW_POOL_UNREADABLE") << line;
  }
  EXPECT_EQ(InsertDrawPool(c, 3,
                           [n = 0](PoolEntry& e) mutable {
                             e.stratum = "S";
                             e.candidate = "a";
                             e.target_id = -1;
                             return n++ == 0;
                           })
                .code(),
            StatusCode::kInternal);
}

INSTANTIATE_TEST_SUITE_P(Dialects, DrawPoolStoreTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         [](const auto& info) { return DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::store
