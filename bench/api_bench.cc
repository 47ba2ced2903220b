// Helper of bench/run_api_bench.sh (the task ceremony through the HTTP API at 1M targets).
//
//   suiji_api_bench seed --db URL --keys DIR [--rows 1000000]
//       Migrates an empty database, loads the demo data (keys under DIR, as `suiji serve
//       --key-file DIR/platform.ed25519` reads them), raises the department's per-inspector cap
//       so the whole district can be staffed, and adds ROWS generated targets spread over the
//       demo department's units (BulkUpsert: prepared INSERT on SQLite, COPY on PostgreSQL).
//   suiji_api_bench engine --take NAME=POOL:TAKE [--take ...]
//       The peer: TargetDraw::Prepare + Reveal alone, in memory, on a pool of the same strata
//       sizes (18-character ids), printing "prepare_s reveal_s".
//   suiji_api_bench ceremony --db URL --keys DIR
//       The same ceremony as bench/api_bench_drive.py, in process through the services the
//       routes call (no HTTP, no JSON answers): preview, commit, reveal, bundle (built and
//       written to text), printing one JSON line of seconds. A seeded database, once.

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/draw/target_draw.h"
#include "core/entropy.h"
#include "core/hash.h"
#include "core/ids.h"
#include "core/registers/target.h"
#include "core/time.h"
#include "generated_targets.h"
#include "service/demo.h"
#include "service/platform.h"
#include "store/database.h"
#include "store/migrate.h"
#include "store/org_store.h"
#include "store/registers/people_store.h"
#include "store/registers/target_store.h"

namespace {

using namespace suiji;  // NOLINT(google-build-using-namespace)
using SteadyClock = std::chrono::steady_clock;

int Fail(const Status& s) {
  std::fprintf(stderr, "error: %s\n", s.ToString().c_str());
  return 1;
}

double Seconds(SteadyClock::time_point a, SteadyClock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// This process's CPU seconds so far (all threads): on a machine shared with other work, the
// step's own cost where wall time is mostly waiting for a core.
double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

using bench::kIndustries;
using bench::kKinds;
using bench::kRoads;
using bench::kTrade;
using bench::Mix;

// The platform over DB_URL with its keys under KEYS (as `suiji serve --key-file
// KEYS/platform.ed25519` reads them), at the bench's fixed time; the clock and entropy it
// keeps references to live beside it.
struct BenchPlatform {
  FakeClock clock{*ParseTimestamp("2026-11-23T10:00:00.000+08:00")};
  FixedEntropy entropy;
  std::unique_ptr<service::Platform> platform;

  explicit BenchPlatform(uint8_t entropy_seed) : entropy(entropy_seed) {}

  Status Open(const std::string& db_url, const std::string& keys, bool migrate) {
    ASSIGN_OR_RETURN(store::DbUrl url, store::ParseDbUrl(db_url));
    ASSIGN_OR_RETURN(std::unique_ptr<store::Database> db,
                     store::OpenDatabase(url, {.pool_size = 4}));
    if (migrate) RETURN_IF_ERROR(store::Migrate(*db));
    service::PlatformOptions options;
    options.key_file = keys + "/platform.ed25519";
    options.secrets_key_file = keys + "/secrets.key";
    options.pii_key_file = keys + "/pii.key";
    ASSIGN_OR_RETURN(platform, service::Platform::Create(std::move(db), clock, entropy, options));
    return OkStatus();
  }
};

Status AddInspectorsFor(service::Platform& p, int64_t rows) {
  constexpr int64_t kCap = 10000;
  std::optional<registers::Inspector> model;
  int64_t active = 0;
  RETURN_IF_ERROR(
      store::WithTransaction(p.db(), store::TxMode::kRead, [&](store::Connection& c) -> Status {
        for (int64_t id = 1; id <= 1000; ++id) {
          ASSIGN_OR_RETURN(auto found, store::FindInspector(c, id));
          if (!found) break;
          const registers::Inspector& i = found->inspector;
          if (i.department_id != 1 || !registers::IsActive(i) || !i.item_scope.empty()) continue;
          ++active;
          if (!model) model = i;
        }
        return OkStatus();
      }));
  const int64_t wanted = rows / 10 * 2 / kCap + 1;
  if (!model || active >= wanted) return OkStatus();
  if (wanted - active > 1000)  // MakeCitizenId's sequence runs to 999 for one birth date
    return InvalidArgument("BENCH", "too many generated inspectors");
  for (int64_t n = 0; n < wanted - active; ++n) {
    registers::Inspector i = *model;
    i.name = "基准检查员" + std::to_string(n);
    char cert[32];
    std::snprintf(cert, sizeof cert, "41010599%06lld", static_cast<long long>(n));
    i.cert_no = cert;
    ASSIGN_OR_RETURN(i.citizen_id,
                     MakeCitizenId("410105", *Date::Parse("1985-06-01"), static_cast<int>(n)));
    i.user_id.reset();
    i.phone.clear();
    i.absences.clear();
    RETURN_IF_ERROR(
        p.registers().inspectors().Create(Principal::System(), i, "基准测试：扩充人员").status());
  }
  return OkStatus();
}

int Seed(const std::string& db_url, const std::string& keys, int64_t rows) {
  BenchPlatform bench(11);
  if (auto opened = bench.Open(db_url, keys, /*migrate=*/true); !opened.ok()) return Fail(opened);
  service::Platform& p = *bench.platform;
  if (auto demo = service::LoadDemoData(p); !demo.ok()) return Fail(demo.status());
  {
    auto& rules = p.registers().rules();
    auto current = rules.Get(Principal::System(), 1);
    if (!current.ok()) return Fail(current.status());
    registers::DepartmentRules wider = current->current.rules;
    wider.policy.per_inspector_task_cap = 10000;
    auto saved = rules.Save(Principal::System(), 1, wider, "基准测试：每人上限 10000");
    if (!saved.ok()) return Fail(saved.status());
    if (auto pub = rules.Publish(Principal::System(), 1, saved->current.version); !pub.ok())
      return Fail(pub.status());
  }
  // The capacity check refuses a draw its inspectors cannot staff (issue 12): at 10M targets the
  // department's demo inspectors, 10,000 teams each at most, cannot cover a 7% quota. Generated
  // inspectors of the department (copies of an active demo inspector, each with its own
  // 执法证号 and 身份证号) bring the capacity to 10% of the rows, two per team.
  if (auto added = AddInspectorsFor(p, rows); !added.ok()) return Fail(added);
  const auto t0 = SteadyClock::now();
  Status s =
      store::WithTransaction(p.db(), store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(auto all_units, store::ListUnits(c, 1));
        std::vector<Unit> units;
        for (const auto& u : all_units)
          if (u.region_code != "410105") units.push_back(u);
        if (units.empty()) units = all_units;
        const std::string now = FormatTimestamp(bench.clock.Now());
        ASSIGN_OR_RETURN(auto up, store::TargetBulkUpsert::Start(c, now));
        for (int64_t i = 0; i < rows; ++i) {
          const uint64_t h = Mix(i);
          registers::Target t;
          const int kind = static_cast<int>(h % 6);
          const bool individual = kind == 0 || kind == 1 || kind == 5;
          ASSIGN_OR_RETURN(t.uscc,
                           MakeUscc(individual ? "92" : "91", "410105", bench::OrgBody("MB", i)));
          const char* road = kRoads[(h >> 8) % 8];
          t.name = individual
                       ? std::string("郑州市金水区") + road + kTrade[(h >> 12) % 10] + kKinds[kind]
                       : std::string("河南") + kTrade[(h >> 12) % 10] + kTrade[(h >> 16) % 10] +
                             kKinds[kind] + std::to_string(i);
          t.type = individual ? "个体工商户" : "企业";
          t.legal_rep = std::string("王") + std::to_string(h % 1000);
          t.address =
              std::string("郑州市金水区") + road + std::to_string(1 + (h >> 20) % 260) + "号";
          const Unit& u = units[(h >> 28) % units.size()];
          t.region_code = u.region_code;
          t.unit_id = u.id;
          t.industry_code = kIndustries[kind];
          const int risk = static_cast<int>((h >> 24) % 100);
          t.risk_class = risk < 45 ? "A" : risk < 85 ? "B" : risk < 95 ? "C" : "D";
          t.risk_as_of = Date{2026, 3, 1};
          t.abnormal = (h >> 32) % 40 == 0;
          if (kind == 0 || kind == 1) t.tags = {"食品经营许可"};
          if ((h >> 40) % 50 == 0)
            t.directories = {{"特种设备专项库", Date{2026, 1, 1}, Date{2026, 12, 31}}};
          t.complaints = (h >> 44) % 20 == 0 ? 1 : 0;
          RETURN_IF_ERROR(up->AddNew(t));
        }
        store::HistoryContext history{now, "基准测试", std::nullopt, "生成的检查对象"};
        RETURN_IF_ERROR(up->EndNew(history));
        return up->Finish(history).status();
      });
  if (!s.ok()) return Fail(s);
  const double seeded_s = Seconds(t0, SteadyClock::now());
  if (p.db().dialect() == store::Dialect::kPostgres) {
    // As autovacuum would after an import, before anyone runs a ceremony on it: statistics and
    // the visibility map (the reveal's key lookups are then index-only scans, migration 0021).
    auto conn = p.db().Acquire();
    if (!conn.ok()) return Fail(conn.status());
    if (auto a = (*conn)->Execute("VACUUM (ANALYZE) targets"); !a.ok()) return Fail(a.status());
  }
  std::printf("seeded %lld targets in %.2f s", static_cast<long long>(rows), seeded_s);
  if (p.db().dialect() == store::Dialect::kPostgres)
    std::printf(" (then %.2f s to vacuum)", Seconds(t0, SteadyClock::now()) - seeded_s);
  std::printf("\n");
  return 0;
}

int Engine(const std::vector<std::string>& takes) {
  draw::TargetDrawInput in;
  in.draw_id = "BENCH-2026-0001";
  in.source_names = {"上证综合指数收盘价"};
  std::vector<std::pair<std::string, int64_t>> ends;  // each stratum's name and end in 0..N
  int64_t n = 0;
  for (const auto& spec : takes) {
    const size_t eq = spec.rfind('='), colon = spec.rfind(':');
    if (eq == std::string::npos || colon == std::string::npos || colon < eq) {
      std::fprintf(stderr, "bad --take %s (NAME=POOL:TAKE)\n", spec.c_str());
      return 2;
    }
    const std::string name = spec.substr(0, eq);
    n += std::stoll(spec.substr(eq + 1, colon - eq - 1));
    const auto take = static_cast<uint32_t>(std::stoul(spec.substr(colon + 1)));
    in.strata.push_back({name, take, false});
    ends.emplace_back(name, n);
  }
  // Pool order as a database hands it over: no useful order for the engine. The records are
  // made in that order, as the server makes them from the rows it reads, so that the ids'
  // strings (18 characters, each on the heap) lie in memory in pool order there too.
  std::vector<size_t> order(static_cast<size_t>(n));
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [](size_t a, size_t b) { return Mix(a) < Mix(b); });
  in.pool.reserve(order.size());
  for (size_t i : order) {
    const auto k = static_cast<int64_t>(i);
    auto stratum = std::upper_bound(ends.begin(), ends.end(), k,
                                    [](int64_t v, const auto& e) { return v < e.second; });
    auto id = MakeUscc("91", "410105", bench::OrgBody("MB", k));
    if (!id.ok()) return Fail(id.status());
    in.pool.Add(stratum->first, *id, 1);
  }
  const auto t0 = SteadyClock::now();
  auto prepared = draw::TargetDraw::Prepare(std::move(in), std::string(32, 'k'));
  if (!prepared.ok()) return Fail(prepared.status());
  const auto t1 = SteadyClock::now();
  auto result = prepared->Reveal({"3350.12"});
  const auto t2 = SteadyClock::now();
  if (!result.ok()) return Fail(result.status());
  std::printf("%.3f %.3f\n", Seconds(t0, t1), Seconds(t1, t2));
  return 0;
}

int Ceremony(const std::string& db_url, const std::string& keys) {
  BenchPlatform bench(12);
  if (auto opened = bench.Open(db_url, keys, /*migrate=*/false); !opened.ok()) return Fail(opened);
  service::Platform& p = *bench.platform;
  auto user = p.auth().GetUser(Principal::System(), "planner");
  if (!user.ok()) return Fail(user.status());
  const Principal planner{user->id, user->username, user->display_name, user->grants, false};
  service::NewTask t;
  t.title = "基准任务：全区（进程内）";
  t.department_id = 1;
  t.window_from = *Date::Parse("2026-12-01");
  t.window_to = *Date::Parse("2026-12-31");
  t.item_codes = {"SCJG-GS-01"};
  auto task = p.tasks().CreateAdhoc(planner, t);
  if (!task.ok()) return Fail(task.status());
  const int64_t id = task->row.id;
  std::vector<double> wall, cpu;
  auto mark = [&, at = SteadyClock::now(), at_cpu = CpuSeconds()]() mutable {
    const auto now = SteadyClock::now();
    const double now_cpu = CpuSeconds();
    wall.push_back(Seconds(at, now));
    cpu.push_back(now_cpu - at_cpu);
    at = now;
    at_cpu = now_cpu;
  };
  auto preview = p.tasks().Preview(planner, id);
  if (!preview.ok()) return Fail(preview.status());
  mark();
  auto committed = p.tasks().CommitTargets(planner, id, {"上证综合指数收盘价"});
  if (!committed.ok()) return Fail(committed.status());
  mark();
  const std::string no = committed->target_draw_no.value_or("");
  if (auto w = p.draws().AddWitness(planner, no, "张见证", "金水区人大代表"); !w.ok())
    return Fail(w.status());
  mark();
  auto revealed = p.ceremony().RevealTargets(planner, id, {"3350.12"});
  if (!revealed.ok()) return Fail(revealed.status());
  mark();
  auto bundle = p.draws().Bundle(&planner, no);
  if (!bundle.ok()) return Fail(bundle.status());
  const std::string text = draw::DumpBundle(*bundle);
  mark();
  std::printf(
      "{\"pool\": %zu, \"locked\": %zu, \"preview_s\": %.3f, \"commit_s\": %.3f, "
      "\"reveal_s\": %.3f, \"bundle_s\": %.3f, \"preview_cpu_s\": %.3f, \"commit_cpu_s\": "
      "%.3f, \"reveal_cpu_s\": %.3f, \"bundle_cpu_s\": %.3f, \"bundle_bytes\": %zu, "
      "\"bundle_sha256\": \"%s\", \"draw_no\": \"%s\"}\n",
      preview->pool.size(), static_cast<size_t>(revealed->summary.targets), wall[0], wall[1],
      wall[3], wall[4], cpu[0], cpu[1], cpu[3], cpu[4], text.size(), ToHex(Sha256(text)).c_str(),
      no.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: suiji_api_bench seed --db URL --keys DIR [--rows N]\n"
                 "       suiji_api_bench engine --take NAME=POOL:TAKE ...\n"
                 "       suiji_api_bench ceremony --db URL --keys DIR\n");
    return 2;
  }
  const std::string mode = argv[1];
  std::string db_url, keys;
  int64_t rows = 1'000'000;
  std::vector<std::string> takes;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--db") db_url = argv[i + 1];
    else if (a == "--keys") keys = argv[i + 1];
    else if (a == "--rows") rows = std::stoll(argv[i + 1]);
    else if (a == "--take") takes.emplace_back(argv[i + 1]);
  }
  if (mode == "seed" && !db_url.empty() && !keys.empty()) return Seed(db_url, keys, rows);
  if (mode == "engine" && !takes.empty()) return Engine(takes);
  if (mode == "ceremony" && !db_url.empty() && !keys.empty()) return Ceremony(db_url, keys);
  std::fprintf(stderr, "suiji_api_bench: missing arguments\n");
  return 2;
}
