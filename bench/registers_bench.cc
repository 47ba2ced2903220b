// Target import throughput (SPEC §NFR: 1M targets from .csv in < 5 s, from .xlsx in < 15 s),
// printed beside the raw-insert rate of the same database measured in the same run.
//
//   suiji_registers_bench --db URL [--rows 1000000] [--format csv|xlsx] [--tmpdir DIR] [--repeat 2]
//                         [--populated 20000]
//   suiji_registers_bench --db URL --rows N --write-file PATH.csv
//
// The second form only prepares a province-scale run of the CLI (bench/run_scale.sh): it migrates
// the empty database, adds the organisations, and streams N rows of the same shape to PATH for
// `suiji import targets` — nothing held in memory, nothing timed.
//
// The database must be empty (a fresh SQLite file or PostgreSQL schema); the bench migrates it.
// Two raw rates: BulkInsert of the same rows, already as values, in one transaction with its
// commit, (1) into a bare table with the same columns and no index or constraint — the floor of
// the database — and (2) into the targets table itself, with its indexes — what
// a loader that skips all checks would get. "import" is the whole production path
// — read the file, parse and validate every cell, stage, set-based upsert with history rows,
// one audit entry, commit — through RegisterTransfer::Import, as `suiji import targets` runs it.
// A second import of the same file measures the all-unchanged update path. On a shared machine
// single runs vary; raw inserts and the first import are repeated (emptying the table between
// runs) and the best time of each is printed. Last, the same file into a populated directory
// (`--populated` other targets imported first), printed beside the import into an empty one.

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "core/entropy.h"
#include "core/ids.h"
#include "core/registers/target.h"
#include "generated_targets.h"
#include "service/platform.h"
#include "store/migrate.h"
#include "store/org_store.h"
#include "tabular/writer.h"

namespace {

using namespace suiji;  // NOLINT(google-build-using-namespace)
using SteadyClock = std::chrono::steady_clock;

double Seconds(SteadyClock::time_point a, SteadyClock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// CPU seconds of this process (all threads). On SQLite all database work is in-process, so CPU
// time compares raw and import without the noise of other work on a shared machine.
double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

int Fail(const Status& s) {
  std::fprintf(stderr, "error: %s\n", s.ToString().c_str());
  return 1;
}

using bench::kIndustries;
using bench::kKinds;
using bench::kRoads;
using bench::kTrade;
using bench::Mix;

}  // namespace

int main(int argc, char** argv) {
  std::string db_url, format = "csv", tmpdir = std::filesystem::temp_directory_path().string();
  int64_t rows = 1'000'000;
  int repeat = 2;
  int64_t populated = 20'000;
  std::string write_file_path;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--db") db_url = argv[i + 1];
    else if (a == "--rows") rows = std::stoll(argv[i + 1]);
    else if (a == "--format") format = argv[i + 1];
    else if (a == "--tmpdir") tmpdir = argv[i + 1];
    else if (a == "--repeat") repeat = std::max(1, std::stoi(argv[i + 1]));
    else if (a == "--populated") populated = std::stoll(argv[i + 1]);
    else if (a == "--write-file") write_file_path = argv[i + 1];
  }
  if (db_url.empty()) {
    std::fprintf(
        stderr,
        "usage: suiji_registers_bench --db URL [--rows N] [--format csv|xlsx] [--tmpdir DIR]\n");
    return 2;
  }
  auto url = store::ParseDbUrl(db_url);
  if (!url.ok()) return Fail(url.status());
  auto db = store::OpenDatabase(*url, {.pool_size = 4});
  if (!db.ok()) return Fail(db.status());
  if (auto m = store::Migrate(**db); !m.ok()) return Fail(m.status());
  const store::Dialect dialect = (*db)->dialect();

  // Organisations: one district, one department, eight stations.
  std::vector<int64_t> units;
  {
    auto conn = (*db)->Acquire();
    if (!conn.ok()) return Fail(conn.status());
    for (const Region& r :
         {Region{"410000", "河南省", "", "province"}, Region{"410100", "郑州市", "410000", "city"},
          Region{"410105", "金水区", "410100", "county"}})
      if (Status s = store::UpsertRegion(**conn, r); !s.ok()) return Fail(s);
    auto dept = store::InsertDepartment(
        **conn, {0, "B-SCJG", "金水区市场监督管理局", "区市场监管局", "410105", true}, "x");
    if (!dept.ok()) return Fail(dept.status());
    for (int u = 0; u < 8; ++u) {
      auto id =
          store::InsertUnit(**conn,
                            {0, *dept, std::nullopt, "B-S0" + std::to_string(u),
                             "监管所" + std::to_string(u), "市场监管所", "所", "410105", true},
                            "x");
      if (!id.ok()) return Fail(id.status());
      units.push_back(*id);
    }
  }

  // Demo-like row `i` (distinct i, distinct codes).
  auto make_target = [&](int64_t i) {
    const uint64_t h = Mix(i);
    registers::Target t;
    const int kind = h % 6;
    const bool individual = kind == 0 || kind == 1 || kind == 5;
    t.uscc = *MakeUscc(individual ? "92" : "91", "410105", bench::OrgBody("MA", i));
    const char* road = kRoads[(h >> 8) % 8];
    t.name = individual ? std::string("郑州市金水区") + road + kTrade[(h >> 12) % 10] + kKinds[kind]
                        : std::string("河南") + kTrade[(h >> 12) % 10] + kTrade[(h >> 16) % 10] +
                              kKinds[kind];
    t.type = individual ? "个体工商户" : "企业";
    t.legal_rep = std::string("王") + std::to_string(h % 1000);
    t.address = std::string("郑州市金水区") + road + std::to_string(1 + (h >> 20) % 260) + "号";
    t.region_code = "410105";
    t.unit_id = units[(h >> 8) % 8];
    t.industry_code = kIndustries[kind];
    const int risk = (h >> 24) % 100;
    t.risk_class = risk < 45 ? "A" : risk < 85 ? "B" : risk < 95 ? "C" : "D";
    t.risk_as_of = Date{2026, 3, 1};
    t.abnormal = (h >> 32) % 40 == 0;
    if (kind == 0 || kind == 1) t.tags = {"食品经营许可"};
    if ((h >> 40) % 50 == 0)
      t.directories = {{"特种设备专项库", Date{2026, 1, 1}, Date{2026, 12, 31}}};
    t.complaints = (h >> 44) % 20 == 0 ? 1 : 0;
    return t;
  };
  // One row of the file, with the columns an export writes.
  std::vector<std::string> cells;
  auto cells_of = [&](const registers::Target& t) -> const std::vector<std::string>& {
    const int u =
        static_cast<int>(std::find(units.begin(), units.end(), t.unit_id) - units.begin());
    cells = {t.uscc,
             "",
             "",
             t.name,
             t.type,
             t.legal_rep,
             t.address,
             t.region_code,
             "",
             "B-S0" + std::to_string(u),
             t.industry_code,
             t.reg_status,
             "是",
             t.risk_class,
             registers::DateText(t.risk_as_of),
             registers::BoolText(t.abnormal),
             "否",
             registers::JoinList(t.tags),
             registers::DirectoriesText(t.directories),
             std::to_string(t.complaints),
             "0",
             "在库",
             "",
             "否"};
    return cells;
  };
  const std::vector<std::string> header =
      tabular::HeaderRow(service::RegisterTransfer::Columns(service::RegisterKind::kTargets));
  if (!write_file_path.empty()) {
    const tabular::Format f = format == "xlsx" ? tabular::Format::kXlsx : tabular::Format::kCsv;
    auto w = tabular::TableWriter::Create(f, write_file_path, "检查对象名录库");
    if (!w.ok()) return Fail(w.status());
    Status s = (*w)->AddRow(header);
    for (int64_t i = 0; i < rows && s.ok(); ++i) s = (*w)->AddRow(cells_of(make_target(i)));
    if (s.ok()) s = (*w)->Finish();
    return s.ok() ? 0 : Fail(s);
  }

  // The rows, as the file will hold them and as values for the raw insert.
  std::vector<registers::Target> targets;
  targets.reserve(rows);
  for (int64_t i = 0; i < rows; ++i) targets.push_back(make_target(i));

  // The file, with the columns an export writes.
  const tabular::Format fmt = format == "xlsx" ? tabular::Format::kXlsx : tabular::Format::kCsv;
  tabular::WriteOptions wo;
  wo.tmpdir = tmpdir;
  auto write_file = [&](const std::vector<registers::Target>& file_rows) {
    return tabular::WriteTableToBytes(
        fmt, "检查对象名录库",
        [&](tabular::TableWriter& w) -> Status {
          RETURN_IF_ERROR(w.AddRow(header));
          for (const auto& t : file_rows) RETURN_IF_ERROR(w.AddRow(cells_of(t)));
          return OkStatus();
        },
        wo);
  };
  auto file = write_file(targets);
  if (!file.ok()) return Fail(file.status());
  // The directory that is already there for the populated run: `populated` other targets
  // (20,000 by default, the demo district's size), imported before the timed import.
  std::vector<registers::Target> others;
  others.reserve(populated);
  for (int64_t i = 0; i < populated; ++i) others.push_back(make_target(rows + i));
  auto others_file = write_file(others);
  if (!others_file.ok()) return Fail(others_file.status());
  others.clear();

  // Raw inserts of the same rows, already as values: into a bare table (no index, no
  // constraint), and into the targets table itself (its indexes and foreign key), each in one
  // transaction with its commit. The second is emptied again before the import.
  std::vector<std::vector<store::Value>> values;
  values.reserve(targets.size());
  {
    int64_t id = 0;
    for (const auto& t : targets) {
      const char section = t.IndustrySection();
      values.push_back({++id,
                        t.NaturalKey(),
                        t.uscc,
                        t.regno,
                        t.object_code,
                        t.name,
                        t.type,
                        t.legal_rep,
                        t.address,
                        t.region_code,
                        t.unit_id,
                        t.industry_code,
                        std::string(1, section),
                        t.reg_status,
                        int64_t{t.surviving},
                        t.risk_class,
                        registers::DateText(t.risk_as_of),
                        int64_t{t.abnormal},
                        int64_t{t.serious_violation},
                        registers::JoinList(t.tags),
                        registers::DirectoriesText(t.directories),
                        int64_t{t.complaints},
                        int64_t{t.cases},
                        int64_t{1},
                        std::string(),
                        int64_t{0},
                        std::string("2026-11-21T00:00:00.000Z"),
                        std::string("2026-11-21T00:00:00.000Z")});
    }
  }
  const std::vector<std::string> cols = {"id",
                                         "natural_key",
                                         "uscc",
                                         "regno",
                                         "object_code",
                                         "name",
                                         "type",
                                         "legal_rep",
                                         "address",
                                         "region_code",
                                         "unit_id",
                                         "industry_code",
                                         "industry_section",
                                         "reg_status",
                                         "surviving",
                                         "risk_class",
                                         "risk_as_of",
                                         "abnormal",
                                         "serious_violation",
                                         "tags",
                                         "directories",
                                         "complaints",
                                         "cases",
                                         "in_directory",
                                         "removed_reason",
                                         "code_override",
                                         "created_at",
                                         "updated_at"};
  double raw_bare_cpu = 1e30;
  auto time_insert = [&](const std::string& table) -> StatusOr<double> {
    ASSIGN_OR_RETURN(auto conn, (*db)->Acquire());
    const auto t0 = SteadyClock::now();
    const double c0 = CpuSeconds();
    RETURN_IF_ERROR(conn->Begin(store::TxMode::kWrite));
    ASSIGN_OR_RETURN(auto bulk, conn->BulkInsert(table, cols));
    for (const auto& v : values) RETURN_IF_ERROR(bulk->Add(v));
    RETURN_IF_ERROR(bulk->Finish());
    bulk.reset();
    RETURN_IF_ERROR(conn->Commit());
    if (table == "bench_raw_targets") raw_bare_cpu = std::min(raw_bare_cpu, CpuSeconds() - c0);
    return Seconds(t0, SteadyClock::now());
  };
  double raw_bare_s = 0, raw_table_s = 0;
  {
    auto conn = (*db)->Acquire();
    if (!conn.ok()) return Fail(conn.status());
    const char* i64 = dialect == store::Dialect::kPostgres ? "BIGINT" : "INTEGER";
    std::string ddl = "CREATE TABLE bench_raw_targets (";
    for (const auto& c : cols) {
      const bool integer = c == "id" || c == "unit_id" || c == "surviving" || c == "abnormal" ||
                           c == "serious_violation" || c == "complaints" || c == "cases" ||
                           c == "in_directory" || c == "code_override";
      ddl +=
          (c == "id" ? "" : ", ") + c + (integer ? std::string(" ") + i64 : std::string(" TEXT"));
    }
    if (Status s = (*conn)->ExecuteScript(ddl + ")"); !s.ok()) return Fail(s);
  }
  const bool pg = dialect == store::Dialect::kPostgres;
  auto empty_targets = [&](store::Database& database) -> Status {
    ASSIGN_OR_RETURN(auto conn, database.Acquire());
    // The bench's own scratch database: targets are never deleted in the product (migration
    // 0022's trigger; TRUNCATE fires no row trigger on PostgreSQL).
    for (const char* sql :
         {pg ? "TRUNCATE targets, target_tags, target_directories CASCADE"
             : "DROP TRIGGER IF EXISTS targets_never_deleted; DELETE FROM targets",
          pg ? "SELECT 1" : "DELETE FROM target_tags",
          pg ? "SELECT 1" : "DELETE FROM target_directories", "DELETE FROM register_history",
          pg ? "VACUUM ANALYZE targets" : "VACUUM"})
      RETURN_IF_ERROR(conn->ExecuteScript(sql));
    return OkStatus();
  };
  raw_bare_s = raw_table_s = 1e30;
  for (int k = 0; k < repeat; ++k) {
    auto bare = time_insert("bench_raw_targets");
    if (!bare.ok()) return Fail(bare.status());
    raw_bare_s = std::min(raw_bare_s, *bare);
    auto table = time_insert("targets");
    if (!table.ok()) return Fail(table.status());
    raw_table_s = std::min(raw_table_s, *table);
    auto conn = (*db)->Acquire();
    if (!conn.ok()) return Fail(conn.status());
    if (Status s = (*conn)->ExecuteScript("DELETE FROM bench_raw_targets"); !s.ok()) return Fail(s);
    if (Status s = empty_targets(**db); !s.ok()) return Fail(s);
  }
  {
    auto conn = (*db)->Acquire();
    if (!conn.ok()) return Fail(conn.status());
    if (Status s = (*conn)->ExecuteScript("DROP TABLE bench_raw_targets"); !s.ok()) return Fail(s);
  }
  values.clear();
  values.shrink_to_fit();

  // The production import, twice (all new, then all unchanged).
  FakeClock clock(*ParseTimestamp("2026-11-21T02:00:00Z"));
  FixedEntropy entropy(7);
  const std::string keys = tmpdir + "/suiji-bench-keys-" + std::to_string(::getpid());
  service::PlatformOptions po;
  po.key_file = keys + "/platform.ed25519";
  po.pii_key_file = keys + "/pii.key";
  po.secrets_key_file = keys + "/secrets.key";
  auto platform = service::Platform::Create(std::move(db).value(), clock, entropy, po);
  std::filesystem::remove_all(keys);
  if (!platform.ok()) return Fail(platform.status());
  service::ImportOptions io;
  io.format = fmt;
  io.file_name = "bench." + format;
  double import_s[2] = {1e30, 0};
  double import_cpu = 1e30;
  for (int run = 0; run <= repeat; ++run) {
    const int pass = run < repeat ? 0 : 1;  // `repeat` first imports, then one unchanged re-import
    if (pass == 0 && run > 0) {
      if (Status s = empty_targets((*platform)->db()); !s.ok()) return Fail(s);
    }
    const auto t0 = SteadyClock::now();
    const double c0 = CpuSeconds();
    auto r = (*platform)->registers().transfer().Import(Principal::System("bench"),
                                                        service::RegisterKind::kTargets, *file, io);
    const double took = Seconds(t0, SteadyClock::now());
    import_s[pass] = pass == 0 ? std::min(import_s[0], took) : took;
    if (pass == 0) import_cpu = std::min(import_cpu, CpuSeconds() - c0);
    if (!r.ok()) return Fail(r.status());
    if (!r->report.ok()) {
      std::fprintf(stderr, "import refused: %s\n", r->report.ToText().c_str());
      return 1;
    }
    if ((pass == 0 && r->created != rows) || (pass == 1 && r->unchanged != rows)) {
      std::fprintf(stderr, "unexpected counts: created %lld updated %lld unchanged %lld\n",
                   static_cast<long long>(r->created), static_cast<long long>(r->updated),
                   static_cast<long long>(r->unchanged));
      return 1;
    }
  }
  // The same file, all new rows, into a directory that already holds `populated` other targets
  // (imported first, untimed), best of `repeat`; beside the best import into an empty one.
  double populated_s = 1e30, populated_cpu = 1e30;
  for (int run = 0; run < repeat && populated > 0; ++run) {
    if (Status s = empty_targets((*platform)->db()); !s.ok()) return Fail(s);
    auto pre = (*platform)->registers().transfer().Import(
        Principal::System("bench"), service::RegisterKind::kTargets, *others_file, io);
    if (!pre.ok()) return Fail(pre.status());
    if (pre->created != populated) {
      std::fprintf(stderr, "populating: %s\n", pre->report.ToText().c_str());
      return 1;
    }
    const auto t0 = SteadyClock::now();
    const double c0 = CpuSeconds();
    auto r = (*platform)->registers().transfer().Import(Principal::System("bench"),
                                                        service::RegisterKind::kTargets, *file, io);
    populated_s = std::min(populated_s, Seconds(t0, SteadyClock::now()));
    populated_cpu = std::min(populated_cpu, CpuSeconds() - c0);
    if (!r.ok()) return Fail(r.status());
    if (r->created != rows) {
      std::fprintf(stderr, "populated import: created %lld: %s\n",
                   static_cast<long long>(r->created), r->report.ToText().c_str());
      return 1;
    }
  }
  const double n = static_cast<double>(rows);
  // `--populated 0` skips the populated run: its two cells say so instead of printing 1e30.
  char populated_cells[160] = "— | —";
  if (populated > 0)
    std::snprintf(populated_cells, sizeof populated_cells,
                  "%lld: %.2f s (CPU %.2f s) | %.2f× (CPU %.2f×)",
                  static_cast<long long>(populated), populated_s, populated_cpu,
                  populated_s / import_s[0], populated_cpu / import_cpu);
  // | database | format | rows | raw, bare table | raw, targets table | import | % of bare | % of
  // table | CPU | unchanged re-import | into populated | populated ÷ empty | file |
  std::printf(
      "| %s | %s | %lld | %.2f s (%.0f/s) | %.2f s (%.0f/s) | %.2f s (%.0f/s) | %.0f%% | %.0f%% | %.2f / %.2f s (%.0f%%) | %.2f s | %s | %.0f MB |\n",
      std::string(store::DialectName(dialect)).c_str(), format.c_str(),
      static_cast<long long>(rows), raw_bare_s, n / raw_bare_s, raw_table_s, n / raw_table_s,
      import_s[0], n / import_s[0], 100.0 * raw_bare_s / import_s[0],
      100.0 * raw_table_s / import_s[0], raw_bare_cpu, import_cpu,
      100.0 * raw_bare_cpu / import_cpu, import_s[1], populated_cells,
      static_cast<double>(file->size()) / 1e6);
  return 0;
}
