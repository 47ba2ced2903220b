// The task ceremony at the demo's size: reveal the target draw of an ad hoc task whose pool is
// the demo district's ~20,000 targets, through Ceremony::RevealTargets (the path behind
// POST /tasks/{id}/reveal), beside the draw engine alone (TargetDraw::Prepare + Reveal over the
// same pool in memory) measured in the same run.
//
//   suiji_ceremony_bench --db URL [--repeat 5] [--ratio-bp 500]
//
// The database must be empty; the bench migrates it and loads the demo data. Each repetition is
// a new task over the same pool (commit, one witness, reveal); the median of each is printed.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "core/draw/target_draw.h"
#include "core/entropy.h"
#include "core/time.h"
#include "service/demo.h"
#include "service/platform.h"
#include "store/database.h"
#include "store/migrate.h"

namespace {

using namespace suiji;  // NOLINT(google-build-using-namespace)
using SteadyClock = std::chrono::steady_clock;

double Millis(SteadyClock::time_point a, SteadyClock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

int Fail(const Status& s) {
  std::fprintf(stderr, "error: %s\n", s.ToString().c_str());
  return 1;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_url;
  int repeat = 5;
  int ratio_bp = 500;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--db") db_url = argv[i + 1];
    else if (a == "--repeat") repeat = std::max(1, std::stoi(argv[i + 1]));
    else if (a == "--ratio-bp") ratio_bp = std::stoi(argv[i + 1]);
  }
  if (db_url.empty()) {
    std::fprintf(stderr, "usage: suiji_ceremony_bench --db URL [--repeat N] [--ratio-bp BP]\n");
    return 2;
  }
  auto url = store::ParseDbUrl(db_url);
  if (!url.ok()) return Fail(url.status());
  auto db = store::OpenDatabase(*url, {.pool_size = 4});
  if (!db.ok()) return Fail(db.status());
  if (auto m = store::Migrate(**db); !m.ok()) return Fail(m.status());
  const std::string dialect(store::DialectName((*db)->dialect()));

  FakeClock clock(*ParseTimestamp("2026-11-23T10:00:00.000+08:00"));
  FixedEntropy entropy(11);
  const auto keys =
      std::filesystem::temp_directory_path() / ("suiji_ceremony_bench_" + std::to_string(getpid()));
  service::PlatformOptions options;
  options.key_file = (keys / "platform.ed25519").string();
  options.secrets_key_file = (keys / "secrets.key").string();
  options.pii_key_file = (keys / "pii.key").string();
  auto platform = service::Platform::Create(std::move(*db), clock, entropy, options);
  if (!platform.ok()) return Fail(platform.status());
  service::Platform& p = **platform;
  if (auto demo = service::LoadDemoData(p); !demo.ok()) return Fail(demo.status());
  {
    // The bench measures the reveal of a big pool, not staffing: a cap the demo inspectors can
    // staff it with (the commit refuses an unstaffable task, TASK_UNSTAFFABLE).
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
  auto user = p.auth().GetUser(Principal::System(), "planner");
  if (!user.ok()) return Fail(user.status());
  const Principal planner{user->id, user->username, user->display_name, user->grants, false};

  std::vector<double> reveal_ms, engine_ms;
  size_t pool = 0, locked = 0;
  for (int r = 0; r < repeat; ++r) {
    service::NewTask t;
    t.title = "基准任务" + std::to_string(r + 1);
    t.department_id = 1;
    t.window_from = *Date::Parse("2026-12-01");
    t.window_to = *Date::Parse("2026-12-31");
    t.item_codes = {"SCJG-GS-01"};
    t.ratio_bp = ratio_bp;
    auto task = p.tasks().CreateAdhoc(planner, t);
    if (!task.ok()) return Fail(task.status());
    const int64_t id = task->row.id;
    auto preview = p.tasks().Preview(planner, id);
    if (!preview.ok()) return Fail(preview.status());
    auto committed = p.tasks().CommitTargets(planner, id, {"上证综合指数收盘价"});
    if (!committed.ok()) return Fail(committed.status());
    const std::string draw_no = *committed->target_draw_no;
    if (auto w = p.draws().AddWitness(planner, draw_no, "张见证", "金水区人大代表"); !w.ok())
      return Fail(w.status());

    const auto t0 = SteadyClock::now();
    auto revealed = p.ceremony().RevealTargets(planner, id, {"3350.12"});
    const auto t1 = SteadyClock::now();
    if (!revealed.ok()) return Fail(revealed.status());
    reveal_ms.push_back(Millis(t0, t1));
    pool = preview->pool.size();
    locked = static_cast<size_t>(revealed->summary.targets);

    // The peer: the engine alone on the same pool and strata, in memory.
    draw::TargetDrawInput in;
    in.draw_id = draw_no;
    in.source_names = {"上证综合指数收盘价"};
    for (const auto& s : preview->strata)
      in.strata.push_back({s.name, static_cast<uint32_t>(s.quota), false});
    in.pool = preview->pool;
    const auto e0 = SteadyClock::now();
    auto prepared = draw::TargetDraw::Prepare(std::move(in), std::string(32, 'k'));
    if (!prepared.ok()) return Fail(prepared.status());
    auto result = prepared->Reveal({"3350.12"});
    const auto e1 = SteadyClock::now();
    if (!result.ok()) return Fail(result.status());
    engine_ms.push_back(Millis(e0, e1));
  }
  std::filesystem::remove_all(keys);
  const double rv = Median(reveal_ms), en = Median(engine_ms);
  std::printf("| %s | %zu | %zu | %d | %.1f | %.1f | %.1f× |\n", dialect.c_str(), pool, locked,
              repeat, rv, en, en > 0 ? rv / en : 0.0);
  return 0;
}
