// Draw engine benchmark (SJ-DRAW-1). Prints one Markdown section for docs/performance.md with
// absolute times and, measured in the same run on the same pool, ratios against the peers:
// the independent Python verifier, SQLite `ORDER BY random() LIMIT k` and PostgreSQL's.
//
//   suiji_draw_bench [--pg-url URL] [--python PATH] [--verifier tools/verify_draw.py]
//                    [--skip-10m] [--part 10m]
//
// The 10M-candidate draw runs in a child process (this binary with --part 10m) so its peak
// memory is measured alone. Absolute numbers depend on the machine; the ratios are the point.
#include <libpq-fe.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/draw/bundle.h"
#include "core/draw/parallel.h"
#include "core/draw/target_draw.h"
#include "core/draw/ticket.h"

namespace {

using suiji::draw::DrawOptions;
using suiji::draw::Sha256Path;
using suiji::draw::TargetDraw;
using suiji::draw::TargetDrawInput;
using suiji::draw::TargetDrawResult;

const std::string kSecret(32, '\x42');
const std::vector<std::string> kValues = {"381"};

double CpuNow() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

// Wall-clock seconds of fn(); `cpu` (if given) receives the process CPU seconds it used. On a
// machine shared with other builds, CPU time of a single-threaded run is the steadier figure.
double Seconds(const std::function<void()>& fn, double* cpu = nullptr) {
  const double cpu_start = CpuNow();
  const auto start = std::chrono::steady_clock::now();
  fn();
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (cpu != nullptr) *cpu = CpuNow() - cpu_start;
  return wall;
}

// Best of `reps` runs: the machine is shared, the minimum is the least disturbed.
double Best(int reps, const std::function<void()>& fn) {
  double best = 1e300;
  for (int i = 0; i < reps; ++i) best = std::min(best, Seconds(fn));
  return best;
}

// n distinct 18-character 统一社会信用代码-shaped ids over five districts. The ten trailing
// characters encode (i * K + seed) mod 31^10, K coprime to 31: distinct without a set, and in no
// useful order, so the pool arrives unsorted as it would from a query without ORDER BY.
std::vector<std::string> MakeIds(size_t n, uint64_t seed) {
  static const char kChars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static const char* kRegions[] = {"110101", "110102", "110105", "110106", "110108"};
  constexpr uint64_t kSpace = 819'628'286'980'801ull;              // 31^10
  constexpr uint64_t kMultiplier = 387'420'489ull * 1'000'003ull;  // 3^18 * a prime, coprime to 31
  std::vector<std::string> ids;
  ids.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    uint64_t v =
        static_cast<uint64_t>((static_cast<unsigned __int128>(i) * kMultiplier + seed) % kSpace);
    std::string id = "91";
    id += kRegions[i % 5];
    char tail[10];
    for (char& c : tail) {
      c = kChars[v % 31];
      v /= 31;
    }
    id.append(tail, 10);
    ids.push_back(std::move(id));
  }
  return ids;
}

// One stratum, 3% drawn: the common 一般对象 draw.
TargetDrawInput UniformInput(std::vector<std::string> ids) {
  TargetDrawInput in;
  in.draw_id = "bench-uniform";
  in.source_names = {"福彩3D"};
  in.strata = {{"一般对象", static_cast<uint32_t>(ids.size() * 3 / 100), false}};
  in.pool.reserve(ids.size());
  for (std::string& id : ids) in.pool.Add("一般对象", std::move(id), 1);
  return in;
}

// Four tiers: 2% 重点 (all), 3% 问题 (all), 15% 风险 weighted 1..4 (10%), 80% 一般 (3%).
TargetDrawInput TieredInput(const std::vector<std::string>& ids) {
  TargetDrawInput in;
  in.draw_id = "bench-tiered";
  in.source_names = {"福彩3D"};
  size_t counts[4] = {0, 0, 0, 0};
  const char* names[4] = {"重点对象", "问题对象", "风险对象", "一般对象"};
  in.pool.reserve(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    const size_t r = i % 100;
    const int tier = r < 2 ? 0 : r < 5 ? 1 : r < 20 ? 2 : 3;
    ++counts[tier];
    in.pool.Add(names[tier], ids[i], tier == 2 ? static_cast<uint32_t>(1 + i % 4) : 1u);
  }
  in.strata = {{names[0], static_cast<uint32_t>(counts[0]), false},
               {names[1], static_cast<uint32_t>(counts[1]), false},
               {names[2], static_cast<uint32_t>(counts[2] / 10), true},
               {names[3], static_cast<uint32_t>(counts[3] * 3 / 100), false}};
  return in;
}

struct DrawTimes {
  double prepare = 1e300;  // wall, best of the repetitions
  double reveal = 1e300;
  double prepare_cpu = 1e300;
  double reveal_cpu = 1e300;
  double total() const { return prepare + reveal; }
  double total_cpu() const { return prepare_cpu + reveal_cpu; }
};

// Times Prepare and Reveal of `in`; consumes it on the last repetition (no copy then, which
// matters at 10M candidates).
DrawTimes TimeDraw(TargetDrawInput& in, unsigned threads, int reps,
                   Sha256Path path = Sha256Path::kAuto) {
  DrawTimes t;
  for (int i = 0; i < reps; ++i) {
    TargetDrawInput copy = i + 1 < reps ? in : std::move(in);
    std::optional<TargetDraw> draw;
    double cpu = 0;
    t.prepare = std::min(t.prepare, Seconds(
                                        [&] {
                                          auto d = TargetDraw::Prepare(
                                              std::move(copy), kSecret,
                                              {.threads = threads, .sha256 = path});
                                          if (!d.ok()) {
                                            std::cerr << d.status().ToString() << "\n";
                                            std::exit(1);
                                          }
                                          draw.emplace(*std::move(d));
                                        },
                                        &cpu));
    t.prepare_cpu = std::min(t.prepare_cpu, cpu);
    std::optional<TargetDrawResult> result;
    t.reveal = std::min(t.reveal, Seconds(
                                      [&] {
                                        auto r = draw->Reveal(kValues);
                                        if (!r.ok()) std::exit(1);
                                        result.emplace(*std::move(r));
                                      },
                                      &cpu));
    t.reveal_cpu = std::min(t.reveal_cpu, cpu);
    // Every candidate must have been ordered: selection plus complete reserve lists.
    size_t ordered = 0;
    for (const auto& s : result->strata) ordered += s.order.size();
    if (ordered != draw->input().pool.size()) {
      std::cerr << "incomplete order\n";
      std::exit(1);
    }
  }
  return t;
}

// Sha256Stream sources of the ticket and block measurements below.
struct TicketSource {
  using Tag = size_t;
  const std::vector<std::string>& labels;
  std::vector<uint64_t>& out;
  size_t i, end;
  bool Next(std::string_view& m, size_t& tag) {
    if (i == end) return false;
    m = labels[i];
    tag = i++;
    return true;
  }
  void Emit(const size_t& tag, const uint32_t h[8]) {
    suiji::draw::TicketValue v;
    std::copy(h, h + 8, v.begin());
    out[tag] = suiji::draw::TicketPrefix(v);
  }
};

struct BlockSource {
  using Tag = size_t;
  size_t i = 0, n;
  char buf[24] = {};
  uint32_t sink = 0;
  bool Next(std::string_view& m, size_t& tag) {
    if (i == n) return false;
    std::snprintf(buf, sizeof buf, "9111%014zu", i);
    m = std::string_view(buf, 18);
    tag = i++;
    return true;
  }
  void Emit(const size_t&, const uint32_t h[8]) { sink ^= h[0]; }
};

// Tickets per second (one compression from the midstate, then the 19-digit prefix), through
// Sha256Stream as Reveal computes them, on `threads` threads with the given SHA-256 path.
double TicketsPerSecond(unsigned threads, Sha256Path path) {
  const suiji::draw::TicketGenerator gen("bench-seed");
  const suiji::draw::Sha256Kernel& kernel = suiji::draw::Sha256KernelFor(path);
  const size_t n = 4'000'000;
  std::vector<std::string> labels(n);
  for (size_t i = 0; i < n; ++i) labels[i] = "91110108" + std::to_string(1000000000 + i);
  std::vector<uint64_t> out(n);
  const double s = Best(3, [&] {
    suiji::draw::ParallelFor(n, threads, [&](size_t b, size_t e) {
      TicketSource src{labels, out, b, e};
      suiji::draw::Sha256Stream(kernel, gen.stream_start(), src);
    });
  });
  if (out[12345] != gen.Prefix(labels[12345])) std::exit(1);
  return n / s;
}

// CPU nanoseconds per 64-byte block of each SHA-256 path, on one thread: 2M one-block messages.
double NsPerBlock(Sha256Path path) {
  const suiji::draw::Sha256Kernel& kernel = suiji::draw::Sha256KernelFor(path);
  const size_t n = 2'000'000;
  double best = 1e300;
  for (int r = 0; r < 3; ++r) {
    BlockSource src{0, n};
    double cpu = 0;
    Seconds([&] { suiji::draw::Sha256Stream(kernel, suiji::draw::Sha256Iv(), src); }, &cpu);
    best = std::min(best, cpu);
  }
  return best / n * 1e9;
}

long PeakRssKb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

// --- peers -------------------------------------------------------------------------------------

double SqliteOrderByRandom(const std::vector<std::string>& ids, size_t k) {
  sqlite3* db = nullptr;
  sqlite3_open(":memory:", &db);
  sqlite3_exec(db, "CREATE TABLE pool(stratum TEXT, id TEXT PRIMARY KEY, weight INT)", nullptr,
               nullptr, nullptr);
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_stmt* ins = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO pool VALUES('一般对象', ?, 1)", -1, &ins, nullptr);
  for (const std::string& id : ids) {
    sqlite3_bind_text(ins, 1, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
    sqlite3_step(ins);
    sqlite3_reset(ins);
  }
  sqlite3_finalize(ins);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  const std::string sql =
      "SELECT id FROM pool WHERE stratum = '一般对象' ORDER BY random() LIMIT " + std::to_string(k);
  const double s = Best(3, [&] {
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &q, nullptr);
    size_t rows = 0;
    while (sqlite3_step(q) == SQLITE_ROW) ++rows;
    sqlite3_finalize(q);
    if (rows != k) std::exit(1);
  });
  sqlite3_close(db);
  return s;
}

double PostgresOrderByRandom(const std::string& url, const std::vector<std::string>& ids, size_t k,
                             int reps = 3) {
  PGconn* c = PQconnectdb(url.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::cerr << "PostgreSQL: " << PQerrorMessage(c);
    PQfinish(c);
    return -1;
  }
  auto exec = [&](const std::string& sql) { PQclear(PQexec(c, sql.c_str())); };
  exec("DROP TABLE IF EXISTS pool");
  exec("CREATE TABLE pool(stratum TEXT, id TEXT PRIMARY KEY, weight INT)");
  PQclear(PQexec(c, "COPY pool FROM STDIN"));
  std::string buf;
  for (const std::string& id : ids) {
    buf += "一般对象\t" + id + "\t1\n";
    if (buf.size() > (1 << 20)) {
      PQputCopyData(c, buf.data(), static_cast<int>(buf.size()));
      buf.clear();
    }
  }
  PQputCopyData(c, buf.data(), static_cast<int>(buf.size()));
  PQputCopyEnd(c, nullptr);
  PQclear(PQgetResult(c));
  exec("ANALYZE pool");
  const std::string sql =
      "SELECT id FROM pool WHERE stratum = '一般对象' ORDER BY random() LIMIT " + std::to_string(k);
  const double s = Best(reps, [&] {
    PGresult* r = PQexec(c, sql.c_str());
    if (PQntuples(r) != static_cast<int>(k)) std::exit(1);
    PQclear(r);
  });
  exec("DROP TABLE pool");
  PQfinish(c);
  return s;
}

// Times verify_draw.py's draw (its compute(), JSON parsing excluded) on `n` candidates.
double PythonSeconds(const std::string& python, const std::string& verifier, size_t n) {
  const std::vector<std::string> ids = MakeIds(n, 7);
  suiji::draw::Json b;
  b["kind"] = "targets";
  b["draw_id"] = "bench-python";
  b["secret"] = std::string(64, '4');
  b["sources"] = suiji::draw::Json::array({{{"name", "福彩3D"}, {"value", "381"}}});
  b["strata"] = suiji::draw::Json::array(
      {{{"name", "一般对象"}, {"take", n * 3 / 100}, {"weighted", false}}});
  b["pool"] = suiji::draw::Json::array();
  for (const std::string& id : ids)
    b["pool"].push_back({{"stratum", "一般对象"}, {"id", id}, {"weight", 1}});
  char path[] = "/tmp/suiji-draw-bench-XXXXXX";
  const int fd = mkstemp(path);
  close(fd);
  std::ofstream(path) << b.dump();
  const std::string script =
      "import sys, json, time; sys.path.insert(0, sys.argv[1].rsplit('/', 1)[0]); import "
      "verify_draw as v; "
      "b = json.load(open(sys.argv[2])); t = time.perf_counter(); v.compute(b); "
      "print(time.perf_counter() - t)";
  const std::string cmd = python + " -c \"" + script + "\" " + verifier + " " + path;
  FILE* p = popen(cmd.c_str(), "r");
  double s = -1;
  if (p == nullptr || fscanf(p, "%lf", &s) != 1) s = -1;
  if (p != nullptr) pclose(p);
  unlink(path);
  return s;
}

// The 10M draw, alone in this process (for its peak RSS), then PostgreSQL's ORDER BY random()
// on the same pool. Prints: n, prepare and reveal (wall, best of 2), their CPU seconds (all
// threads), peak RSS before the draw and after it (KiB), PostgreSQL seconds (-1 if not run).
int Run10M(const std::string& pg_url) {
  const size_t n = 10'000'000;
  long before = 0;
  DrawTimes t;
  for (int rep = 0; rep < 2; ++rep) {  // a fresh input each time: no copy of 10M records
    TargetDrawInput in = UniformInput(MakeIds(n, 10));
    if (rep == 0) before = PeakRssKb();
    const DrawTimes r = TimeDraw(in, 0, 1);
    t.prepare = std::min(t.prepare, r.prepare);
    t.reveal = std::min(t.reveal, r.reveal);
    t.prepare_cpu = std::min(t.prepare_cpu, r.prepare_cpu);
    t.reveal_cpu = std::min(t.reveal_cpu, r.reveal_cpu);
  }
  const long rss = PeakRssKb();
  double pg = -1;
  if (!pg_url.empty()) pg = PostgresOrderByRandom(pg_url, MakeIds(n, 10), n * 3 / 100, 2);
  std::printf("%zu %.3f %.3f %.3f %.3f %ld %ld %.3f\n", n, t.prepare, t.reveal, t.prepare_cpu,
              t.reveal_cpu, before, rss, pg);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string pg_url, python = "python3", verifier = "tools/verify_draw.py", part;
  bool skip_10m = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--pg-url") pg_url = next();
    else if (a == "--python") python = next();
    else if (a == "--verifier") verifier = next();
    else if (a == "--skip-10m") skip_10m = true;
    else if (a == "--part") part = next();
  }
  if (part == "10m") return Run10M(pg_url);

  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const std::vector<std::string> ids = MakeIds(1'000'000, 1);
  TargetDrawInput uniform = UniformInput(ids);
  TargetDrawInput tiered = TieredInput(ids);
  const size_t k = uniform.strata[0].take;

  TargetDrawInput uniform_copy = uniform;
  TargetDrawInput tiered_copy = tiered;
  const DrawTimes u1 = TimeDraw(uniform, 1, 5);
  const DrawTimes un = TimeDraw(uniform_copy, 0, 5);
  const DrawTimes t1 = TimeDraw(tiered, 1, 5);
  const DrawTimes tn = TimeDraw(tiered_copy, 0, 5);
  // The same 1M draw on OpenSSL's one-block-at-a-time SHA-256, measured in this run: what the
  // multi-lane SHA-NI path is compared with.
  TargetDrawInput uniform_openssl = UniformInput(ids);
  const DrawTimes u_openssl = TimeDraw(uniform_openssl, 0, 5, Sha256Path::kOpenSsl);
  const double tps1 = TicketsPerSecond(1, Sha256Path::kAuto);
  const double tpsn = TicketsPerSecond(0, Sha256Path::kAuto);
  const double tps_openssl = TicketsPerSecond(1, Sha256Path::kOpenSsl);
  const Sha256Path block_paths[] = {Sha256Path::kOpenSsl, Sha256Path::kShaNi1, Sha256Path::kShaNi2,
                                    Sha256Path::kShaNi4, Sha256Path::kShaNi8};
  double ns_per_block[5];
  for (int i = 0; i < 5; ++i) ns_per_block[i] = NsPerBlock(block_paths[i]);

  std::string ten = "| 10M candidates | not measured (--skip-10m) | | | |\n";
  std::string ten_peer;
  if (!skip_10m) {
    std::string cmd = std::string(argv[0]) + " --part 10m";
    if (!pg_url.empty()) cmd += " --pg-url '" + pg_url + "'";
    FILE* p = popen(cmd.c_str(), "r");
    size_t n = 0;
    double prep = 0, rev = 0, prep_cpu = 0, rev_cpu = 0, pg10 = -1;
    long rss_before = 0, rss = 0;
    if (p != nullptr && fscanf(p, "%zu %lf %lf %lf %lf %ld %ld %lf", &n, &prep, &rev, &prep_cpu,
                               &rev_cpu, &rss_before, &rss, &pg10) == 8) {
      char line[600];
      std::snprintf(line, sizeof line,
                    "| 10M candidates, 1 stratum, 3%%, %u threads | %.3f [%.2f] | %.3f [%.2f] | "
                    "%.3f [%.2f] | peak RSS %ld MiB, of which the input %ld MiB |\n",
                    cores, prep, prep_cpu, rev, rev_cpu, prep + rev, prep_cpu + rev_cpu, rss / 1024,
                    rss_before / 1024);
      ten = line;
      if (pg10 > 0) {
        std::snprintf(line, sizeof line,
                      "\nAt 10M, in the same run: PostgreSQL 15 `ORDER BY random() LIMIT %zu` on "
                      "the same pool took %.2f s, i.e. **%.1f×** the engine's prepare + reveal "
                      "(%.2f s) and %.1f× its reveal.\n",
                      n * 3 / 100, pg10, pg10 / (prep + rev), prep + rev, pg10 / rev);
        ten_peer = line;
      }
    }
    if (p != nullptr) pclose(p);
  }

  const size_t py_n = 20'000;
  const double py = PythonSeconds(python, verifier, py_n);
  const double sqlite = SqliteOrderByRandom(ids, k);
  const double pg = pg_url.empty() ? -1 : PostgresOrderByRandom(pg_url, ids, k);
  double load[3] = {0, 0, 0};
  getloadavg(load, 3);

  std::printf("## Draw engine\n\n");
  std::printf(
      "Measured by `bench/run_draw_bench.sh` (bench/draw_bench.cc), one run, %u cores shared with "
      "other\n"
      "work (load average %.1f at the end of the run). Pools of 18-character "
      "统一社会信用代码-shaped ids\n"
      "in random order. *Prepare* = validate, canonical sort, pool_root, plan (commit time); "
      "*reveal* =\n"
      "randomness, seed, every ticket, the full order of every stratum (selection and complete "
      "reserve\n"
      "lists), the selected keys, result_hash. Wall-clock seconds, best of 5 (10M: best of 2); in\n"
      "round brackets the CPU seconds of single-threaded runs, in square brackets the CPU seconds\n"
      "of all threads (10M), the steadier figures on a busy machine.\n\n",
      cores, load[0]);
  std::printf("| Draw | prepare (s) | reveal (s) | total (s) | |\n|---|---|---|---|---|\n");
  auto row = [&](const char* what, unsigned threads, const DrawTimes& t) {
    if (threads == 1) {
      std::printf("| %s, 1 thread | %.3f (%.3f) | %.3f (%.3f) | %.3f (%.3f) | |\n", what, t.prepare,
                  t.prepare_cpu, t.reveal, t.reveal_cpu, t.total(), t.total_cpu());
    } else {
      std::printf("| %s, %u threads | %.3f | %.3f | %.3f | |\n", what, threads, t.prepare, t.reveal,
                  t.total());
    }
  };
  row("1M candidates, 1 stratum, 3%", 1, u1);
  row("1M candidates, 1 stratum, 3%", cores, un);
  row("1M candidates, 4 tiers (2% + 3% all, 15% weighted 1–4, 80% at 3%)", 1, t1);
  row("1M candidates, 4 tiers", cores, tn);
  std::printf(
      "| 1M candidates, 1 stratum, 3%%, %u threads, OpenSSL SHA-256 (the fallback path) | "
      "%.3f | %.3f | %.3f | %.1f× the time of SHA-NI |\n",
      cores, u_openssl.prepare, u_openssl.reveal, u_openssl.total(),
      u_openssl.total() / un.total());
  std::printf("%s", ten.c_str());
  std::printf("%s", ten_peer.c_str());
  std::printf(
      "\nTickets (one SHA-256 compression from the cached midstate, plus the 19-digit sort "
      "prefix):\n"
      "%.1f M/s on one core, %.1f M/s on %u threads (OpenSSL path: %.1f M/s on one core).\n"
      "SHA-256 CPU ns per 64-byte block, one thread, one-block messages: OpenSSL %.1f; SHA-NI "
      "1 lane %.1f, 2 lanes %.1f, 4 lanes %.1f, 8 lanes %.1f (the engine uses 4).\n\n",
      tps1 / 1e6, tpsn / 1e6, cores, tps_openssl / 1e6, ns_per_block[0], ns_per_block[1],
      ns_per_block[2], ns_per_block[3], ns_per_block[4]);
  std::printf(
      "Peers, measured in the same run on the same 1M pool, k = %zu (3%%). Ratio = peer time / "
      "Suiji time\n"
      "(1 thread): against the reveal alone (the selection), and against prepare + reveal.\n\n",
      k);
  std::printf("| Peer | time (s) | vs reveal | vs prepare + reveal |\n|---|---|---|---|\n");
  std::printf("| Suiji engine, 1 thread | %.3f / %.3f | 1 | 1 |\n", u1.reveal, u1.total());
  if (py > 0) {
    const double scaled = py * (1e6 / py_n);
    std::printf(
        "| tools/verify_draw.py, whole draw on %zuk candidates, ×%.0f to 1M | %.1f | %.0f× | %.0f× "
        "|\n",
        py_n / 1000, 1e6 / py_n, scaled, scaled / u1.reveal, scaled / u1.total());
  }
  std::printf("| SQLite 3 (in-memory) `ORDER BY random() LIMIT k` | %.3f | %.2f× | %.2f× |\n",
              sqlite, sqlite / u1.reveal, sqlite / u1.total());
  if (pg > 0) {
    std::printf("| PostgreSQL 15 (loopback) `ORDER BY random() LIMIT k` | %.3f | %.2f× | %.2f× |\n",
                pg, pg / u1.reveal, pg / u1.total());
  } else {
    std::printf("| PostgreSQL 15 | not measured (no --pg-url) | | |\n");
  }
  std::printf(
      "\n`ORDER BY random()` draws with an unrecorded seed, cannot be re-run or checked by anyone "
      "and gives\n"
      "no reserve order: it is the speed a database offers, not an alternative. The Python "
      "verifier is\n"
      "what anyone can run; its time above excludes JSON parsing.\n");
  return 0;
}
