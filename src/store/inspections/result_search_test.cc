// The public result search (issue 15) on SQLite and PostgreSQL: served from the trigram index
// (3+ characters), the bigram table (2) or the newest-first walk (1, or many matches), it answers
// exactly what the plain scan answered — credit code equality or a case-sensitive substring of
// the name, newest first — including for publications written before migration 0018 and for
// corrections.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "store/inspections/inspection_store.h"
#include "store/migrate.h"
#include "support/test_db.h"

namespace suiji::store {
namespace {

using testing::TestDatabase;

constexpr int kSearchMigration = 18;

// What the search meant before the indexes: the reference every plan must agree with.
std::vector<std::string> Expected(const std::vector<PublicationRow>& all, const std::string& q) {
  std::vector<const PublicationRow*> hits;
  for (const auto& p : all)
    if (q.empty() || p.credit_code == q || p.name.find(q) != std::string::npos) hits.push_back(&p);
  std::sort(hits.begin(), hits.end(), [](const PublicationRow* a, const PublicationRow* b) {
    return a->published_at != b->published_at ? a->published_at > b->published_at : a->id > b->id;
  });
  std::vector<std::string> out;
  for (const auto* p : hits) out.push_back(p->publication_no);
  return out;
}

class ResultSearchTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    tdb_ = TestDatabase::Create(GetParam(), /*migrate=*/false);
    ASSERT_NE(tdb_, nullptr);
  }

  // Migrates up to (not including) `before`, or everything.
  void MigrateTo(int before = 1 << 30) {
    std::vector<Migration> ms;
    for (const auto& m : BuiltinMigrations())
      if (m.version < before) ms.push_back(m);
    auto r = Migrate(tdb_->db(), ms);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  // The rows a publication refers to: one region, department, target, task and record.
  void SeedReferences() {
    auto conn = tdb_->db().Acquire();
    ASSERT_TRUE(conn.ok());
    const char* now = "2026-01-01T00:00:00.000+08:00";
    for (const char* sql :
         {"INSERT INTO regions (code, name, parent_code, level) VALUES ('410105', '金水区', "
          "NULL, 'county')",
          "INSERT INTO departments (id, code, name, short_name, region_code, created_at) VALUES "
          "(1, 'D1', '金水区市场监督管理局', '金水区市场监管局', '410105', $1)",
          "INSERT INTO targets (id, natural_key, uscc, regno, object_code, name, type, "
          "legal_rep, address, region_code, unit_id, industry_code, industry_section, "
          "reg_status, surviving, risk_class, risk_as_of, abnormal, serious_violation, tags, "
          "directories, complaints, cases, in_directory, removed_reason, code_override, "
          "created_at, updated_at) VALUES (1, 'K1', 'U', '', '', '甲', '企业', '', '', "
          "'410105', 1, 'F', 'F', '存续', 1, 'A', '2026-01-01', 0, 0, '[]', '[]', 0, 0, 1, "
          "'', 0, $1, $1)",
          "INSERT INTO tasks (id, task_no, title, department_id, task_type, origin, "
          "window_from, window_to, target_filter, filter_description, status, created_at) "
          "VALUES (1, 'T1', '任务', 1, '定向', 'adhoc', '2026-01-01', '2026-02-01', '{}', '', "
          "'done', $1)",
          "INSERT INTO inspection_records (id, task_id, target_id, department_id, status, "
          "cannot_inspect, remark, result_dict_version, revision, return_reason, created_at, "
          "updated_at) VALUES (1, 1, 1, 1, 'published', '', '', 1, 1, '', $1, $1)"}) {
      const bool dated = std::string_view(sql).find("$1") != std::string_view::npos;
      auto r = (*conn)->Execute(sql, dated ? Params{std::string(now)} : Params{});
      ASSERT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
    }
  }

  PublicationRow Make(int n, const std::string& code, const std::string& name,
                      const std::string& published_at) {
    PublicationRow p;
    p.publication_no = "JG-" + std::to_string(n);
    p.record_id = 1;
    p.task_id = 1;
    p.target_id = 1;
    p.department_id = 1;
    p.credit_code = code;
    p.name = name;
    p.inspection_type = "定向";
    p.authority = "金水区市场监督管理局";
    p.completed_on = "2026-01-10";
    p.result = "未发现问题";
    p.published_on = "2026-01-12";
    p.deadline = "2026-07-12";
    p.published_at = published_at;
    return p;
  }

  // Inserts through the store (the bigram rows with it), or as raw rows (a database written
  // before 0018: no bigram table yet).
  void Add(PublicationRow p, bool raw = false) {
    auto conn = tdb_->db().Acquire();
    ASSERT_TRUE(conn.ok());
    if (raw) {
      auto r = (*conn)->QueryOne(
          "INSERT INTO result_publications (publication_no, record_id, task_id, target_id, "
          "department_id, credit_code, name, plan_no, plan_name, task_no, task_name, "
          "inspection_type, authority, completed_on, result, remark, published_on, deadline, "
          "published_at) VALUES ($1, 1, 1, 1, 1, $2, $3, '', '', '', '', '定向', '局', "
          "'2026-01-10', '合格', '', '2026-01-12', '2026-07-12', $4) RETURNING id",
          {p.publication_no, p.credit_code, p.name, p.published_at}, "X", "x");
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      p.id = r->Int(0);
    } else {
      auto id = InsertPublication(**conn, p);
      ASSERT_TRUE(id.ok()) << id.status().ToString();
      p.id = *id;
    }
    all_.push_back(std::move(p));
  }

  static PublicResultQuery Query(const std::string& q, int64_t sortable, int limit, int offset) {
    PublicResultQuery query;
    query.q = q;
    query.limit = limit;
    query.offset = offset;
    query.sortable = sortable;
    return query;
  }

  // Every page of the search for `q`, with `sortable` forcing the plan.
  std::vector<std::string> Search(const std::string& q, int64_t sortable, int limit = 3) {
    auto conn = tdb_->db().Acquire();
    std::vector<std::string> out;
    for (int offset = 0;; offset += limit) {
      auto rows = SearchPublications(**conn, Query(q, sortable, limit, offset));
      EXPECT_TRUE(rows.ok()) << rows.status().ToString();
      if (!rows.ok() || rows->empty()) break;
      for (const auto& r : *rows) out.push_back(r.publication_no);
    }
    return out;
  }

  // Every page of SearchAndCountPublications (what the portal calls), each page's count checked
  // against `count`; also the page just past the end, which must be empty with the same count.
  std::vector<std::string> SearchCounted(const std::string& q, int64_t sortable, int64_t cap,
                                         int64_t count) {
    auto conn = tdb_->db().Acquire();
    std::vector<std::string> out;
    const int limit = 2;
    for (int offset = 0;; offset += limit) {
      auto page = SearchAndCountPublications(**conn, Query(q, sortable, limit, offset), cap);
      EXPECT_TRUE(page.ok()) << page.status().ToString();
      if (!page.ok()) break;
      EXPECT_EQ(page->count, count) << "q=" << q << " offset=" << offset;
      if (page->rows.empty()) break;
      for (const auto& r : page->rows) out.push_back(r.publication_no);
    }
    return out;
  }

  int64_t Count(const std::string& q, int64_t sortable, int64_t cap) {
    auto conn = tdb_->db().Acquire();
    auto n = CountPublications(**conn, Query(q, sortable, 20, 0), cap);
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    return n.ok() ? *n : -1;
  }

  // Every query on both plans (sorted candidates, and the walk forced by sortable = 0) and the
  // counts, against the reference.
  void ExpectSameAsScan(const std::vector<std::string>& queries) {
    for (const auto& q : queries) {
      const auto want = Expected(all_, q);
      EXPECT_EQ(Search(q, 10000), want) << "q=" << q << " (candidates)";
      EXPECT_EQ(Search(q, 0), want) << "q=" << q << " (walk)";
      const auto n = static_cast<int64_t>(want.size());
      EXPECT_EQ(Count(q, 10000, 100), n) << "q=" << q;
      EXPECT_EQ(Count(q, 10000, 2), std::min<int64_t>(n, 3)) << "q=" << q << " (capped)";
      // Counted first, planned from the count: sorted candidates, the walk (sortable 0), and a
      // cap below the matches (the count then stops at max(cap, sortable) + 1).
      EXPECT_EQ(SearchCounted(q, 10000, 100, n), want) << "q=" << q << " (counted)";
      EXPECT_EQ(SearchCounted(q, 0, 100, n), want) << "q=" << q << " (counted, walk)";
      EXPECT_EQ(SearchCounted(q, 1, 0, std::min<int64_t>(n, 2)), want)
          << "q=" << q << " (counted, capped)";
      if (n > 0) {
        EXPECT_EQ(Count(q, 0, 0), 1) << "q=" << q << " (walk, more than 0)";
      }
    }
  }

  std::unique_ptr<TestDatabase> tdb_;
  std::vector<PublicationRow> all_;
};

const std::vector<std::string> kQueries = {
    "",                        // newest first
    "华联",                    // 2 characters: bigram table
    "超市",                    // 2, in several names
    "联超市",                  // 3: trigram
    "华联超市",                // 4
    "郑州市华联超市有限公司",  // a whole name
    "有限公司",                // in most names
    "店",                      // 1 character: the walk
    "Abc",                     // case-sensitive: not "ABC" or "abc"
    "abc",
    "BC",
    "91410105MA0000001X",  // a credit code (exact), also inside no name
    "91410105MA0000003X",  // a credit code, also inside another publication's name
    "91410105MA0000099X",  // shaped like a code, matching nothing
    "91410105MA7777777X",  // a code of several publications
    "a_b",                 // not "axb"
    "a\\b",
    "MA0000001",  // part of a code is not a code match
    "100%",       // LIKE's wildcards are literal
    "_纯",
    "a\"b",  // FTS5's quote is literal
    "不存在的名称",
    "不存",
    "鑫",
};

TEST_P(ResultSearchTest, IndexedSearchFindsWhatTheScanFound) {
  ASSERT_NO_FATAL_FAILURE(MigrateTo());
  ASSERT_NO_FATAL_FAILURE(SeedReferences());
  const std::vector<std::string> names = {
      "郑州市华联超市有限公司", "河南华联商贸有限公司", "金水区老王超市", "Abc便利店",
      "ABC Trading 有限公司", "abc 小吃店", "100%纯果汁店", "1000纯净水有限公司", "a\"b 咖啡馆",
      "郑州市华联超市有限公司", "鑫鑫鑫鑫鑫超市", "联超", "超", "华联超市华联超市分店",
      // A code in a name: found by it beside the code's own
      // publication (PostgreSQL's code-shaped lookup).
      "代号91410105MA0000003X商店",
      // LIKE's _ and \ are literal (3 characters: PostgreSQL's LIKE, SQLite's FTS5).
      "axb 小店", "a\\b 工作室"};
  for (size_t i = 0; i < names.size(); ++i) {
    char code[32];
    std::snprintf(code, sizeof code, "91410105MA%07zuX", i + 1);
    // Two share a timestamp: the id breaks the tie.
    const std::string at = "2026-01-" + std::string(i < 9 ? "0" : "") + std::to_string(1 + i) +
                           (i == 5 ? "T08:00:00.000+08:00" : "T09:00:00.000+08:00");
    ASSERT_NO_FATAL_FAILURE(
        Add(Make(static_cast<int>(i), code, names[i], i == 6 ? all_[5].published_at : at)));
  }
  // Three publications of one enterprise: a lookup by its code pages past the first page.
  for (int k = 0; k < 3; ++k)
    ASSERT_NO_FATAL_FAILURE(Add(Make(100 + k, "91410105MA7777777X", "七号店",
                                     "2026-01-2" + std::to_string(k) + "T09:00:00.000+08:00")));
  ExpectSameAsScan(kQueries);

  auto conn = tdb_->db().Acquire();
  ASSERT_TRUE(conn.ok());
  // A page of no rows still counts (the service asks for at least 1; the store does not rely on
  // it).
  auto empty = SearchAndCountPublications(**conn, Query("91410105MA7777777X", 10000, 0, 0), 100);
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_TRUE(empty->rows.empty());
  EXPECT_EQ(empty->count, 3);
  // A search since a date (the exports' filter) together with q, on every path.
  const std::string since = "2026-01-05T00:00:00.000+08:00";
  std::vector<PublicationRow> recent;
  for (const auto& p : all_)
    if (p.published_at >= since) recent.push_back(p);
  for (const std::string q : {"华联", "华联超市", "91410105MA7777777X", "超", "a\\b"}) {
    const auto want = Expected(recent, q);
    for (const int64_t sortable : {int64_t{10000}, int64_t{0}}) {
      PublicResultQuery query = Query(q, sortable, 100, 0);
      query.since = since;
      auto rows = SearchPublications(**conn, query);
      ASSERT_TRUE(rows.ok()) << rows.status().ToString();
      std::vector<std::string> got;
      for (const auto& r : *rows) got.push_back(r.publication_no);
      EXPECT_EQ(got, want) << "q=" << q << " sortable=" << sortable;
      auto n = CountPublications(**conn, query, 100);
      ASSERT_TRUE(n.ok()) << n.status().ToString();
      EXPECT_EQ(*n, static_cast<int64_t>(want.size())) << "q=" << q;
      auto page = SearchAndCountPublications(**conn, query, 100);
      ASSERT_TRUE(page.ok()) << page.status().ToString();
      EXPECT_EQ(page->count, static_cast<int64_t>(want.size())) << "q=" << q;
      got.clear();
      for (const auto& r : page->rows) got.push_back(r.publication_no);
      EXPECT_EQ(got, want) << "q=" << q << " sortable=" << sortable << " (counted)";
    }
  }
}

// A lookup by 统一社会信用代码 finds the code's own publications and a name holding the code. On
// PostgreSQL the name half is answered from the partial index of the names holding 18 code
// characters in a row (0024), not from the trigram index: the transaction's own scan counts of
// both indexes say which one the executor read.
TEST_P(ResultSearchTest, CodeLookupReadsTheCodeInNameIndex) {
  ASSERT_NO_FATAL_FAILURE(MigrateTo());
  ASSERT_NO_FATAL_FAILURE(SeedReferences());
  ASSERT_NO_FATAL_FAILURE(Add(
      Make(1, "91410105MA0000001X", "郑州市华联超市有限公司", "2026-01-01T09:00:00.000+08:00")));
  ASSERT_NO_FATAL_FAILURE(Add(Make(2, "91410105MA0000002X", "代号91410105MA0000001X商店",
                                   "2026-01-02T09:00:00.000+08:00")));
  ASSERT_NO_FATAL_FAILURE(Add(
      Make(3, "91410105MA0000003X", "代号91410105MA000000商店", "2026-01-03T09:00:00.000+08:00")));
  auto conn = tdb_->db().Acquire();
  ASSERT_TRUE(conn.ok());
  const bool pg = GetParam() == Dialect::kPostgres;
  ASSERT_TRUE((*conn)->Begin(TxMode::kRead).ok());
  if (pg) {
    // A table this small would be scanned; with scans priced out the plan shows the index.
    ASSERT_TRUE((*conn)->ExecuteScript("SET LOCAL enable_seqscan = off").ok());
  }
  auto page = SearchAndCountPublications(**conn, Query("91410105MA0000001X", 10000, 20, 0), 100);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  std::vector<std::string> got;
  for (const auto& r : page->rows) got.push_back(r.publication_no);
  EXPECT_EQ(got, (std::vector<std::string>{"JG-2", "JG-1"}));
  EXPECT_EQ(page->count, 2);
  if (pg) {
    auto scans = (*conn)->QueryOne(
        "SELECT pg_stat_get_xact_numscans('result_publications_code_in_name'::regclass), "
        "pg_stat_get_xact_numscans('result_publications_name_trgm'::regclass)",
        {}, "X", "x");
    ASSERT_TRUE(scans.ok()) << scans.status().ToString();
    EXPECT_GE(scans->Int(0), 1);
    EXPECT_EQ(scans->Int(1), 0);
  }
  ASSERT_TRUE((*conn)->Rollback().ok());
  ExpectSameAsScan({"91410105MA0000001X", "91410105MA0000003X", "91410105MA000000"});
}

// Publications written before 0018 are indexed by the migration itself; later ones by the store.
TEST_P(ResultSearchTest, MigrationIndexesExistingPublications) {
  ASSERT_NO_FATAL_FAILURE(MigrateTo(kSearchMigration));
  ASSERT_NO_FATAL_FAILURE(SeedReferences());
  ASSERT_NO_FATAL_FAILURE(
      Add(Make(1, "91410105MA0000001X", "郑州市华联超市有限公司", "2026-01-01T09:00:00.000+08:00"),
          /*raw=*/true));
  ASSERT_NO_FATAL_FAILURE(
      Add(Make(2, "91410105MA0000002X", "Abc 鑫鑫超市", "2026-01-02T09:00:00.000+08:00"),
          /*raw=*/true));
  ASSERT_NO_FATAL_FAILURE(MigrateTo());
  ASSERT_NO_FATAL_FAILURE(
      Add(Make(3, "91410105MA0000003X", "华联便利店", "2026-01-03T09:00:00.000+08:00")));
  EXPECT_EQ(Search("华联", 10000), (std::vector<std::string>{"JG-3", "JG-1"}));
  EXPECT_EQ(Search("鑫鑫", 10000), (std::vector<std::string>{"JG-2"}));
  ExpectSameAsScan(kQueries);
}

// A correction is a new publication (the corrected one stays public): both are found, each by its
// own name.
TEST_P(ResultSearchTest, CorrectionIsFoundBesideTheCorrected) {
  ASSERT_NO_FATAL_FAILURE(MigrateTo());
  ASSERT_NO_FATAL_FAILURE(SeedReferences());
  ASSERT_NO_FATAL_FAILURE(Add(
      Make(1, "91410105MA0000001X", "郑州市华联超市有限公司", "2026-01-01T09:00:00.000+08:00")));
  PublicationRow fix = Make(2, "91410105MA0000001X", "郑州市华联超市（金水店）有限公司",
                            "2026-01-05T09:00:00.000+08:00");
  fix.corrects = all_.front().id;
  fix.result = "发现问题已责令整改";
  ASSERT_NO_FATAL_FAILURE(Add(fix));
  EXPECT_EQ(Search("91410105MA0000001X", 10000), (std::vector<std::string>{"JG-2", "JG-1"}));
  EXPECT_EQ(Search("金水店", 10000), (std::vector<std::string>{"JG-2"}));
  EXPECT_EQ(Search("华联超市", 10000), (std::vector<std::string>{"JG-2", "JG-1"}));
  ExpectSameAsScan(kQueries);

  // A lookup by number lists the corrections (GET /public/results/{no}) from an index (0023),
  // not a scan of every publication: 157 lookups/s at 100k publications before it. A second
  // correction of the same publication comes after the first.
  PublicationRow again =
      Make(3, "91410105MA0000001X", "郑州市华联超市有限公司", "2026-01-06T09:00:00.000+08:00");
  again.corrects = all_.front().id;
  ASSERT_NO_FATAL_FAILURE(Add(again));
  auto conn = tdb_->db().Acquire();
  ASSERT_TRUE(conn.ok());
  auto corrected = FindPublicationWithCorrections(**conn, "JG-1");
  ASSERT_TRUE(corrected.ok()) << corrected.status().ToString();
  ASSERT_TRUE(corrected->has_value());
  EXPECT_EQ((*corrected)->publication.name, "郑州市华联超市有限公司");
  EXPECT_EQ((*corrected)->corrected_by, (std::vector<std::string>{"JG-2", "JG-3"}));
  auto fixed = FindPublicationWithCorrections(**conn, "JG-2");
  ASSERT_TRUE(fixed.ok() && fixed->has_value());
  EXPECT_EQ((*fixed)->publication.corrects_no, std::optional<std::string>("JG-1"));
  EXPECT_TRUE((*fixed)->corrected_by.empty());
  EXPECT_FALSE(FindPublicationWithCorrections(**conn, "JG-9")->has_value());
  const bool pg = GetParam() == Dialect::kPostgres;
  // PostgreSQL would scan a table this small anyway; with scans priced out, the plan shows
  // whether the index serves the query.
  if (pg) {
    ASSERT_TRUE((*conn)->ExecuteScript("SET enable_seqscan = off").ok());
  }
  std::string plan;
  ASSERT_TRUE((*conn)
                  ->QueryEach(std::string(pg ? "EXPLAIN" : "EXPLAIN QUERY PLAN") +
                                  " SELECT p.id, x.publication_no FROM result_publications p "
                                  "LEFT JOIN result_publications x ON x.corrects = p.id WHERE "
                                  "p.publication_no = $1 ORDER BY x.id",
                              {std::string("JG-1")},
                              [&](const Row& r) {
                                plan += r.Text(r.size() - 1) + "\n";
                                return true;
                              })
                  .ok());
  if (pg) {
    ASSERT_TRUE((*conn)->ExecuteScript("RESET enable_seqscan").ok());
  }
  EXPECT_NE(plan.find("result_publications_corrects"), std::string::npos) << plan;
}

INSTANTIATE_TEST_SUITE_P(Dialects, ResultSearchTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         [](const auto& info) { return testing::DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::store
