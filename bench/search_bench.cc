// Helper of bench/run_search_bench.sh: the public result search (issue 15) at 10M targets and 1M
// published results, through the store functions the service calls, against the plain scan the
// search was before (the peer, same run, same database).
//
//   suiji_search_bench --db URL [--targets 10000000] [--rows 1000000] [--repeat 3]
//                      [--queries-out FILE]
//
// Seeds an empty database with SQL, not the slow path: migrations up to the search's (0018),
// TARGETS generated targets (INSERT … SELECT from a counter), ROWS publications with generated
// Chinese enterprise names (the database's bulk insert: prepared INSERT on SQLite, COPY on
// PostgreSQL), then the search migration itself (timed: it indexes what is there), ANALYZE.
// Every publication refers to real rows (one department, task and record; targets spread over
// the generated ones). Then the query mix — credit codes, 1-, 2-, 3- and 4-character fragments
// cut out of stored names (so common fragments come up as often as they are common), whole
// names, and names nobody has — each as the service asks it (page 1 of 20 + the count capped at
// 10,000), REPEAT times; the peer (the old WHERE credit_code = q OR instr/strpos(name, q) > 0
// with an exact COUNT(*)) once for every third query of the mix (it costs seconds each), checking
// that both return the same first page and count. Prints
// one JSON line per (category, plan) with p50/p95/p99 in ms, and writes the queries (one per
// line, "category<TAB>q") to FILE for the HTTP part of the run script. `--repeat 0` stops after
// the seeding (bench/run_portal_bench.sh measures lookups on the seeded database).

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "core/ids.h"
#include "core/time.h"
#include "generated_targets.h"
#include "store/database.h"
#include "store/inspections/inspection_store.h"
#include "store/migrate.h"

namespace {

using namespace suiji;  // NOLINT(google-build-using-namespace)
using SteadyClock = std::chrono::steady_clock;
using bench::Mix;

int Fail(const Status& s) {
  std::fprintf(stderr, "error: %s\n", s.ToString().c_str());
  return 1;
}

double Seconds(SteadyClock::time_point a, SteadyClock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// --- generated names
// --------------------------------------------------------------------------

constexpr const char* kCities[] = {"郑州市", "开封市", "洛阳市", "平顶山市", "安阳市",   "鹤壁市",
                                   "新乡市", "焦作市", "濮阳市", "许昌市",   "漯河市",   "三门峡市",
                                   "南阳市", "商丘市", "信阳市", "周口市",   "驻马店市", "济源市"};
constexpr const char* kDistricts[] = {"金水区", "二七区", "中原区",   "管城回族区", "惠济区",
                                      "上街区", "高新区", "郑东新区", "经开区",     "航空港区"};
// 字号 characters: the first of two is drawn skewed (a few are everywhere, most are rare).
constexpr const char* kBrand[] = {
    "鑫", "源", "恒", "达", "华", "美", "佳", "福", "瑞", "祥", "宏", "兴", "隆", "昌", "泰",
    "丰", "茂", "百", "顺", "金", "银", "玉", "龙", "凤", "天", "地", "和", "平", "安", "康",
    "乐", "新", "盛", "荣", "发", "旺", "永", "春", "秋", "明", "亮", "光", "辉", "伟", "业",
    "诚", "信", "德", "义", "仁", "智", "宝", "富", "贵", "吉", "利", "豪", "杰", "鸿", "运",
    "通", "广", "聚", "汇", "嘉", "锦", "骏", "麟", "翔", "鹏", "淼", "焱", "垚", "犇", "鑫"};
constexpr const char* kTrades[] = {
    "超市",     "餐饮", "商贸", "大药房", "五金", "建材", "服装", "科技",     "食品", "烟酒",
    "汽车维修", "家电", "酒店", "火锅",   "烧烤", "水果", "粮油", "母婴用品", "眼镜", "美容美发",
    "印刷",     "物流", "农资", "电子",   "文具", "茶叶", "蛋糕", "面馆",     "诊所", "网络"};
constexpr const char* kKinds[] = {"有限公司", "有限公司", "有限公司", "有限公司",     "店",
                                  "店",       "店",       "经营部",   "有限责任公司", "商行"};
constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"};

template <size_t N>
const char* Skewed(const char* const (&table)[N], uint64_t h) {
  // u² skews towards the start: the first entries are common, the last rare.
  const double u = static_cast<double>(h % 1000003) / 1000003.0;
  return table[std::min<size_t>(N - 1, static_cast<size_t>(u * u * N))];
}

std::string NameOf(int64_t i) {
  const uint64_t h = Mix(static_cast<uint64_t>(i) * 2 + 1);
  const uint64_t g = Mix(h);
  std::string brand = std::string(Skewed(kBrand, h)) + kBrand[(h >> 20) % std::size(kBrand)];
  const char* trade = Skewed(kTrades, g);
  if (h % 10 < 3)  // 个体工商户: district + person + trade + 店
    return std::string(kDistricts[(g >> 20) % std::size(kDistricts)]) +
           kSurnames[(g >> 28) % std::size(kSurnames)] + kBrand[(g >> 32) % std::size(kBrand)] +
           trade + "店";
  std::string name =
      std::string(Skewed(kCities, g >> 8)) + brand + trade + kKinds[(g >> 36) % std::size(kKinds)];
  if ((g >> 44) % 20 == 0)
    name += std::string("（") + kDistricts[(g >> 48) % std::size(kDistricts)] + "分店）";
  return name;
}

std::string CodeOf(int64_t i) {
  auto code = MakeUscc("91", "410105", bench::OrgBody("MB", i));
  return code.ok() ? *code : std::string();
}

std::vector<std::string> CodePointsOf(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    size_t n = 1;
    while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80) ++n;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

// --- seeding
// ----------------------------------------------------------------------------------

Status Exec(store::Connection& c, const std::string& sql, const store::Params& p = {}) {
  return c.Execute(sql, p).status();
}

Status SeedReferences(store::Connection& c) {
  const std::string now = "2026-01-01T00:00:00.000+08:00";
  RETURN_IF_ERROR(Exec(c,
                       "INSERT INTO regions (code, name, parent_code, level) VALUES ('410105', "
                       "'金水区', NULL, 'county')"));
  RETURN_IF_ERROR(Exec(c,
                       "INSERT INTO departments (id, code, name, short_name, region_code, "
                       "created_at) VALUES (1, 'D1', '金水区市场监督管理局', '金水区市场监管局', "
                       "'410105', $1)",
                       {now}));
  RETURN_IF_ERROR(Exec(c,
                       "INSERT INTO tasks (id, task_no, title, department_id, task_type, origin, "
                       "window_from, window_to, target_filter, filter_description, status, "
                       "created_at) VALUES (1, 'T1', '基准任务', 1, '定向', 'adhoc', "
                       "'2026-01-01', '2026-02-01', '{}', '', 'done', $1)",
                       {now}));
  return OkStatus();
}

Status SeedTargets(store::Connection& c, int64_t n) {
  const std::string cols =
      "INSERT INTO targets (id, natural_key, uscc, regno, object_code, name, type, legal_rep, "
      "address, region_code, unit_id, industry_code, industry_section, reg_status, surviving, "
      "risk_class, risk_as_of, abnormal, serious_violation, tags, directories, complaints, cases, "
      "in_directory, removed_reason, code_override, created_at, updated_at) ";
  const std::string select =
      "SELECT i, 'B' || i, 'B' || i, '', '', '基准企业' || i, '企业', '', '', '410105', 1, "
      "'F', 'F', '存续', 1, 'A', '2026-01-01', 0, 0, '[]', '[]', 0, 0, 1, '', 0, "
      "'2026-01-01T00:00:00.000+08:00', '2026-01-01T00:00:00.000+08:00'";
  if (c.dialect() == store::Dialect::kSqlite)
    return Exec(c, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
                       std::to_string(n) + ") " + cols + select + " FROM n");
  return Exec(c, cols + select + " FROM generate_series(1, " + std::to_string(n) + ") AS i");
}

Status SeedPublications(store::Connection& c, int64_t rows, int64_t targets) {
  RETURN_IF_ERROR(Exec(c,
                       "INSERT INTO inspection_records (id, task_id, target_id, department_id, "
                       "status, cannot_inspect, remark, result_dict_version, revision, "
                       "return_reason, created_at, updated_at) VALUES (1, 1, 1, 1, 'published', "
                       "'', '', 1, 1, '', '2026-01-01T00:00:00.000+08:00', "
                       "'2026-01-01T00:00:00.000+08:00')"));
  ASSIGN_OR_RETURN(auto ins, c.BulkInsert("result_publications", {"id",
                                                                  "publication_no",
                                                                  "record_id",
                                                                  "task_id",
                                                                  "target_id",
                                                                  "department_id",
                                                                  "credit_code",
                                                                  "name",
                                                                  "plan_no",
                                                                  "plan_name",
                                                                  "task_no",
                                                                  "task_name",
                                                                  "inspection_type",
                                                                  "authority",
                                                                  "completed_on",
                                                                  "result",
                                                                  "remark",
                                                                  "published_on",
                                                                  "deadline",
                                                                  "published_at"}));
  // One publication every ~90 s from 2024 on: newest last, as they were written.
  const Timestamp start = *ParseTimestamp("2024-01-01T09:00:00.000+08:00");
  for (int64_t i = 0; i < rows; ++i) {
    const Timestamp at = start + std::chrono::milliseconds(i * 90'000 + (Mix(i) % 60'000));
    const std::string day = FormatTimestamp(at).substr(0, 10);
    char no[40];
    std::snprintf(no, sizeof no, "JG-BENCH-%08lld", static_cast<long long>(i + 1));
    RETURN_IF_ERROR(ins->Add({int64_t{i + 1},
                              std::string(no),
                              int64_t{1},
                              int64_t{1},
                              int64_t{2 + (i * 7) % std::max<int64_t>(1, targets - 1)},
                              int64_t{1},
                              CodeOf(i),
                              NameOf(i),
                              std::string("JH-2024-01"),
                              std::string("2024年度双随机抽查计划"),
                              std::string("T1"),
                              std::string("基准任务"),
                              std::string("定向"),
                              std::string("金水区市场监督管理局"),
                              day,
                              std::string(i % 7 == 0 ? "发现问题已责令整改" : "未发现问题"),
                              std::string(),
                              day,
                              day,
                              FormatTimestamp(at)}));
  }
  RETURN_IF_ERROR(ins->Finish());
  if (c.dialect() == store::Dialect::kPostgres)
    RETURN_IF_ERROR(Exec(c,
                         "SELECT setval(pg_get_serial_sequence('result_publications', 'id'), "
                         "(SELECT MAX(id) FROM result_publications))"));
  return OkStatus();
}

// --- queries
// ----------------------------------------------------------------------------------

struct Query {
  std::string category;
  std::string q;
};

std::vector<Query> QueryMix(int64_t rows) {
  std::vector<Query> out;
  uint64_t k = 1;
  auto row = [&] { return static_cast<int64_t>(Mix(k++ * 7777) % static_cast<uint64_t>(rows)); };
  for (int i = 0; i < 15; ++i) out.push_back({"credit code", CodeOf(row())});
  for (int len : {1, 2, 3, 4}) {
    for (int i = 0; i < (len == 1 ? 6 : 30); ++i) {
      const auto cps = CodePointsOf(NameOf(row()));
      const size_t from = Mix(k++) % (cps.size() - len + 1);
      std::string q;
      for (int j = 0; j < len; ++j) q += cps[from + j];
      out.push_back({std::to_string(len) + " characters", q});
    }
  }
  for (int i = 0; i < 6; ++i) out.push_back({"whole name", NameOf(row())});
  for (const char* q : {"瑞幸", "蜜雪", "星巴克", "蜜雪冰城", "喜茶奶茶", "胖东来超市",
                        "丹尼斯百货", "91410105MA0000000X", "锅圈", "巴奴毛肚火锅"})
    out.push_back({"nobody's name", q});
  return out;
}

constexpr char kCols[] =
    "p.id, p.publication_no, p.record_id, p.task_id, p.target_id, p.department_id, p.credit_code, "
    "p.name, p.plan_no, p.plan_name, p.task_no, p.task_name, p.inspection_type, p.authority, "
    "p.completed_on, p.result, p.remark, p.published_on, p.deadline, p.corrects, (SELECT "
    "o.publication_no FROM result_publications o WHERE o.id = p.corrects), p.published_at, "
    "p.published_by";

struct Answer {
  std::vector<std::string> page;
  int64_t total = 0;
};

// The search as it was before issue 15: a scan with the substring test, and an exact count.
StatusOr<Answer> PlainScan(store::Connection& c, const std::string& q) {
  const std::string where =
      std::string(" FROM result_publications p WHERE (p.credit_code = $1 OR ") +
      (c.dialect() == store::Dialect::kSqlite ? "instr" : "strpos") + "(p.name, $1) > 0)";
  ASSIGN_OR_RETURN(auto rs, c.Query(std::string("SELECT ") + kCols + where +
                                        " ORDER BY p.published_at DESC, p.id DESC LIMIT 20 "
                                        "OFFSET 0",
                                    {q}));
  Answer a;
  for (const auto& r : rs.rows) a.page.push_back(r.Text(1));
  ASSIGN_OR_RETURN(auto n, c.QueryOne("SELECT COUNT(*)" + where, {q}, "Q", "q"));
  a.total = n.Int(0);
  return a;
}

// The search as the service asks it now (InspectionService::PublicResults).
StatusOr<Answer> Indexed(store::Connection& c, const std::string& q) {
  store::PublicResultQuery query;
  query.q = q;
  query.limit = 20;
  ASSIGN_OR_RETURN(auto found, store::SearchAndCountPublications(c, query, 10000));
  Answer a;
  for (const auto& r : found.rows) a.page.push_back(r.publication_no);
  a.total = found.count;
  return a;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t i = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())));
  return v[i];
}

void PrintStats(const std::string& dialect, const std::string& category, const std::string& plan,
                const std::vector<double>& ms) {
  std::printf(
      "{\"dialect\": \"%s\", \"category\": \"%s\", \"plan\": \"%s\", \"n\": %zu, \"p50\": %.2f, "
      "\"p95\": %.2f, \"p99\": %.2f, \"max\": %.2f}\n",
      dialect.c_str(), category.c_str(), plan.c_str(), ms.size(), Percentile(ms, 0.50),
      Percentile(ms, 0.95), Percentile(ms, 0.99), Percentile(ms, 1.0));
  std::fflush(stdout);
}

int Queries(store::Database& db, const std::string& dialect, int64_t rows, int repeat,
            const std::string& queries_out);

int Run(const std::string& db_url, int64_t targets, int64_t rows, int repeat,
        const std::string& queries_out) {
  auto url = store::ParseDbUrl(db_url);
  if (!url.ok()) return Fail(url.status());
  auto opened = store::OpenDatabase(*url, {.pool_size = 2});
  if (!opened.ok()) return Fail(opened.status());
  store::Database& db = **opened;
  const std::string dialect(store::DialectName(db.dialect()));
  std::vector<store::Migration> before, all = store::BuiltinMigrations();
  for (const auto& m : all)
    if (m.name.find("result_search") == std::string::npos) before.push_back(m);
    else break;
  auto version = store::SchemaVersion(db);
  if (!version.ok()) return Fail(version.status());
  if (*version == all.back().version) {  // seeded by an earlier run: the queries only
    std::fprintf(stderr, "reusing the seeded database\n");
    return Queries(db, dialect, rows, repeat, queries_out);
  }
  if (auto m = store::Migrate(db, before); !m.ok()) return Fail(m.status());

  auto t0 = SteadyClock::now();
  Status s = store::WithTransaction(db, store::TxMode::kWrite, [&](store::Connection& c) {
    RETURN_IF_ERROR(SeedReferences(c));
    return SeedTargets(c, targets);
  });
  if (!s.ok()) return Fail(s);
  auto t1 = SteadyClock::now();
  s = store::WithTransaction(db, store::TxMode::kWrite, [&](store::Connection& c) {
    return SeedPublications(c, rows, targets);
  });
  if (!s.ok()) return Fail(s);
  auto t2 = SteadyClock::now();
  if (auto m = store::Migrate(db, all); !m.ok()) return Fail(m.status());
  auto t3 = SteadyClock::now();
  {
    auto conn = db.Acquire();
    if (!conn.ok()) return Fail(conn.status());
    // PostgreSQL: VACUUM too, as autovacuum would have by then (the visibility map lets the
    // count's index-only scans skip the heap).
    const char* analyze =
        db.dialect() == store::Dialect::kPostgres ? "VACUUM (ANALYZE)" : "ANALYZE";
    if (auto a = (*conn)->Execute(analyze); !a.ok()) return Fail(a.status());
  }
  auto t4 = SteadyClock::now();
  std::printf(
      "{\"dialect\": \"%s\", \"seed\": {\"targets\": %lld, \"targets_s\": %.1f, "
      "\"publications\": %lld, \"publications_s\": %.1f, \"migration_s\": %.1f, \"analyze_s\": "
      "%.1f}}\n",
      dialect.c_str(), static_cast<long long>(targets), Seconds(t0, t1),
      static_cast<long long>(rows), Seconds(t1, t2), Seconds(t2, t3), Seconds(t3, t4));
  std::fflush(stdout);
  if (repeat == 0) return 0;  // only the seeded database (bench/run_portal_bench.sh)
  return Queries(db, dialect, rows, repeat, queries_out);
}

int Queries(store::Database& db, const std::string& dialect, int64_t rows, int repeat,
            const std::string& queries_out) {
  const std::vector<Query> mix = QueryMix(rows);
  if (!queries_out.empty()) {
    std::ofstream f(queries_out);
    for (const auto& q : mix) f << q.category << '\t' << q.q << '\n';
  }
  auto conn = db.Acquire();
  if (!conn.ok()) return Fail(conn.status());
  std::map<std::string, std::vector<double>> indexed, plain;
  std::vector<double> indexed_all, plain_all;
  int mismatches = 0;
  FILE* detail = std::getenv("SEARCH_BENCH_DETAIL")
                     ? std::fopen(std::getenv("SEARCH_BENCH_DETAIL"), "w")
                     : nullptr;
  for (int r = 0; r < repeat; ++r) {
    for (const auto& q : mix) {
      const auto a = SteadyClock::now();
      auto got = Indexed(**conn, q.q);
      const double ms = Seconds(a, SteadyClock::now()) * 1000;
      if (!got.ok()) return Fail(got.status());
      indexed[q.category].push_back(ms);
      indexed_all.push_back(ms);
      // The scan costs seconds per query at 1M rows: every third query of the mix.
      if (r > 0 || (&q - mix.data()) % 3 != 0) continue;
      const auto b = SteadyClock::now();
      auto want = PlainScan(**conn, q.q);
      const double pms = Seconds(b, SteadyClock::now()) * 1000;
      if (!want.ok()) return Fail(want.status());
      plain[q.category].push_back(pms);
      plain_all.push_back(pms);
      if (detail) {
        std::fprintf(detail, "%s\t%s\t%lld\t%.2f\t%.2f\n", q.category.c_str(), q.q.c_str(),
                     static_cast<long long>(want->total), ms, pms);
      }
      if (got->page != want->page || got->total != std::min<int64_t>(want->total, 10001)) {
        ++mismatches;
        std::fprintf(stderr, "MISMATCH q=%s: %zu rows / %lld vs %zu rows / %lld\n", q.q.c_str(),
                     got->page.size(), static_cast<long long>(got->total), want->page.size(),
                     static_cast<long long>(want->total));
      }
    }
  }
  for (const auto& [category, ms] : indexed) {
    PrintStats(dialect, category, "indexed", ms);
    PrintStats(dialect, category, "scan", plain[category]);
  }
  PrintStats(dialect, "all", "indexed", indexed_all);
  PrintStats(dialect, "all", "scan", plain_all);
  std::printf("{\"dialect\": \"%s\", \"mismatches\": %d}\n", dialect.c_str(), mismatches);
  if (detail) std::fclose(detail);
  return mismatches == 0 ? 0 : 3;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_url, queries_out;
  int64_t targets = 10'000'000, rows = 1'000'000;
  int repeat = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--db") db_url = argv[i + 1];
    else if (a == "--targets") targets = std::stoll(argv[i + 1]);
    else if (a == "--rows") rows = std::stoll(argv[i + 1]);
    else if (a == "--repeat") repeat = std::stoi(argv[i + 1]);
    else if (a == "--queries-out") queries_out = argv[i + 1];
  }
  if (db_url.empty() || targets < 1 || rows < 1 || repeat < 0) {
    std::fprintf(stderr,
                 "usage: suiji_search_bench --db URL [--targets N] [--rows N] [--repeat R] "
                 "[--queries-out FILE]\n  (--repeat 0: seed the database, run no query)\n");
    return 2;
  }
  return Run(db_url, targets, rows, repeat, queries_out);
}
