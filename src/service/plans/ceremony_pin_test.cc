// The target ceremony of one fixed task over the whole demo district, on SQLite and PostgreSQL,
// pinned byte for byte: the preview's answer, the published draw bundle and the locked list.
// The clock, the entropy (hence the platform key and the draw secret) and the demo data are
// fixed, so any change to how the pool is read, filtered, tiered, committed, revealed or
// locked that changes a single byte of what the public can check fails here (issue 15: the
// API path was rewritten for speed and must give the same draw). The reveal reads the drawn
// targets' facts on a second connection (LockFactsPrefetch): its own tests are here too.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/draw/bundle.h"
#include "core/entropy.h"
#include "core/hash.h"
#include "core/metrics.h"
#include "service/demo.h"
#include "service/plans/lock_facts_prefetch.h"
#include "service/platform.h"
#include "store/database.h"
#include "store/plans/plan_store.h"
#include "store/registers/target_store.h"
#include "support/test_db.h"

namespace suiji::service {
namespace {

using testing::TestDatabase;

std::string Sha256Hex(std::string_view data) { return ToHex(Sha256(data)); }

class CeremonyPinTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    tdb_ = TestDatabase::Create(GetParam());
    ASSERT_NE(tdb_, nullptr);
    keys_ = std::filesystem::temp_directory_path() /
            ("suiji_pin_keys_" + std::to_string(getpid()) + "_" +
             std::to_string(reinterpret_cast<uintptr_t>(this)));
    options_.key_file = (keys_ / "platform.ed25519").string();
    options_.secrets_key_file = (keys_ / "secrets.key").string();
    options_.pii_key_file = (keys_ / "pii.key").string();
    Restart();
    auto demo = LoadDemoData(*platform_);
    ASSERT_TRUE(demo.ok()) << demo.status().ToString();
    // As bench/ceremony_bench.cc: a cap the demo inspectors can staff a whole-district task with.
    auto& rules = platform_->registers().rules();
    auto current = rules.Get(Principal::System(), 1);
    ASSERT_TRUE(current.ok()) << current.status().ToString();
    registers::DepartmentRules wider = current->current.rules;
    wider.policy.per_inspector_task_cap = 10000;
    auto saved = rules.Save(Principal::System(), 1, wider, "每人上限 10000");
    ASSERT_TRUE(saved.ok()) << saved.status().ToString();
    ASSERT_TRUE(rules.Publish(Principal::System(), 1, saved->current.version).ok());
  }
  void TearDown() override {
    platform_.reset();
    std::filesystem::remove_all(keys_);
  }

  // A new platform on the same database and keys, as after a server restart.
  void Restart() {
    platform_.reset();
    auto p = Platform::Create(tdb_->Reopen(), clock_, entropy_, options_);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    platform_ = std::move(p).value();
  }

  // The pinned task from its preview to its bundle; with `restart`, the platform restarts
  // between the commit and the reveal, so that the reveal reads the stored pool instead of the
  // prepared draw the commit kept (ADR 0019). Both ways must give the same bytes.
  void RunPinnedCeremony(bool restart);

  Principal As(const std::string& username) {
    auto u = platform_->auth().GetUser(Principal::System(), username);
    EXPECT_TRUE(u.ok()) << username;
    return Principal{u->id, u->username, u->display_name, u->grants, false};
  }

  FakeClock clock_{*ParseTimestamp("2026-11-23T10:00:00.000+08:00")};
  FixedEntropy entropy_{11};
  std::unique_ptr<TestDatabase> tdb_;
  std::filesystem::path keys_;
  PlatformOptions options_;
  std::unique_ptr<Platform> platform_;
};

TEST_P(CeremonyPinTest, WholeDistrictTaskGivesThePinnedPreviewBundleAndLockedList) {
  RunPinnedCeremony(/*restart=*/false);
}

TEST_P(CeremonyPinTest, RevealedAfterARestartFromTheStoredPoolGivesTheSamePins) {
  RunPinnedCeremony(/*restart=*/true);
}

void CeremonyPinTest::RunPinnedCeremony(bool restart) {
  const Principal planner = As("planner");
  NewTask t;
  t.title = "全区随机抽查（固定样例）";
  t.department_id = 1;
  t.window_from = *Date::Parse("2026-12-01");
  t.window_to = *Date::Parse("2026-12-31");
  t.item_codes = {"SCJG-GS-01"};
  t.ratio_bp = 500;
  auto task = platform_->tasks().CreateAdhoc(planner, t);
  ASSERT_TRUE(task.ok()) << task.status().ToString();
  const int64_t id = task->row.id;

  auto preview = platform_->tasks().Preview(planner, id);
  ASSERT_TRUE(preview.ok()) << preview.status().ToString();
  EXPECT_EQ(preview->matched, 20412);
  EXPECT_EQ(preview->pool_size(), 19693);
  // The pool is scanned in no particular order and the samples kept are the 20 of smallest id
  // per reason (a list cut back each time it reaches 40): a reason with more than 40 puts the
  // cut under the pin below.
  int64_t most_excluded = 0;
  for (const auto& e : preview->exclusions) most_excluded = std::max(most_excluded, e.count);
  EXPECT_GT(most_excluded, 40);
  // Re-pinned when the preview gained its mutual_recognition block (issue 13, 互认共享); the
  // locked list and the bundle below kept their pins.
  EXPECT_EQ(Sha256Hex(TaskPreviewToJson(*preview).dump()),
            "b7364c8267470d3b2aae684cea17e665d3efbf96cd2ae7a25b70fe1e4c40eb01");

  auto committed = platform_->tasks().CommitTargets(planner, id, {"上证综合指数收盘价"});
  ASSERT_TRUE(committed.ok()) << committed.status().ToString();
  const std::string draw_no = *committed->target_draw_no;
  ASSERT_TRUE(platform_->draws().AddWitness(planner, draw_no, "张见证", "金水区人大代表").ok());
  if (restart) Restart();
  const metrics::Snapshot before_reveal;
  auto answered = platform_->ceremony().RevealTargets(planner, id, {"3350.12"});
  ASSERT_TRUE(answered.ok()) << answered.status().ToString();
  EXPECT_EQ(before_reveal.Since(metrics::Counter::kDrawPoolScans), restart ? 1 : 0);
  EXPECT_EQ(answered->summary.targets, 3556);
  // The reveal answers with the task counted; the locked list is read from the whole view.
  auto revealed = platform_->tasks().Get(planner, id);
  ASSERT_TRUE(revealed.ok()) << revealed.status().ToString();
  // The summary counted in SQL is the one counted from the whole view's lists.
  EXPECT_EQ(answered->summary.strata, revealed->summary.strata);
  EXPECT_EQ(answered->summary.problem_count, revealed->summary.problem_count);
  EXPECT_EQ(answered->summary.problem_count, static_cast<int64_t>(revealed->problems.size()));
  EXPECT_EQ(answered->row.status, revealed->row.status);

  std::string locked;
  for (const auto& line : revealed->targets)
    locked += std::to_string(line.target_id) + " " + line.key + " " + line.stratum + " " +
              line.name + " " + line.unit_name + "\n";
  EXPECT_EQ(revealed->targets.size(), 3556u);
  EXPECT_EQ(Sha256Hex(locked), "dc0fc31117545998f689d8cc0bb043a1a93ed924cfe565aa8e615f4bf4aa5f0f");

  auto bundle = platform_->draws().Bundle(&planner, draw_no);
  ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
  EXPECT_EQ(Sha256Hex(draw::DumpBundle(*bundle)),
            "8256cde7d399d7bac302220df8594012931defd4936c837d8a7013abfcccde09");
}

// The outcome of a target draw that selected `strata` (target ids per stratum).
DrawOutcome TargetOutcome(std::vector<std::vector<int64_t>> strata) {
  DrawOutcome o;
  o.kind = draw::DrawKind::kTargets;
  for (size_t i = 0; i < strata.size(); ++i) {
    std::vector<std::string> keys;
    for (int64_t id : strata[i]) keys.push_back("key" + std::to_string(id));
    o.selected.emplace_back("层" + std::to_string(i), std::move(keys));
  }
  o.selected_target_ids = std::move(strata);
  return o;
}

// The demo's first targets (ids ascending), `n` of them.
std::vector<int64_t> FirstTargets(store::Database& db, int n) {
  std::vector<int64_t> ids;
  auto conn = db.Acquire();
  EXPECT_TRUE(conn.ok());
  store::TargetQuery q;
  q.as_of = {2026, 11, 23};
  q.limit = n;
  auto page = store::SearchTargets(**conn, q);
  EXPECT_TRUE(page.ok()) << page.status().ToString();
  for (const auto& t : page->targets) ids.push_back(t.id);
  return ids;
}

TEST_P(CeremonyPinTest, PrefetchedFactsAreTheOnesTheTransactionReads) {
  auto db = tdb_->Reopen();
  const std::vector<int64_t> first = FirstTargets(*db, 6);
  ASSERT_EQ(first.size(), 6u);
  // Two strata, out of id order, one target drawn in both (a replacement can do that).
  const std::vector<int64_t> ids = {first[4], first[0], first[2], first[5], first[0]};
  LockFactsPrefetch prefetch;
  prefetch.Start(*db, TargetOutcome({{first[4], first[0]}, {first[2], first[5], first[0]}}));
  auto got = prefetch.Take(ids);
  ASSERT_TRUE(got.has_value());
  auto conn = db->Acquire();
  ASSERT_TRUE(conn.ok());
  auto want = store::FindTargetsToLockByIds(**conn, ids);
  ASSERT_TRUE(want.ok()) << want.status().ToString();
  ASSERT_EQ(got->size(), ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ((*got)[i].id, ids[i]);
    EXPECT_EQ((*got)[i].facts.name, (*want)[i].facts.name);
    EXPECT_EQ((*got)[i].facts.address, (*want)[i].facts.address);
    EXPECT_EQ((*got)[i].facts.unit_name, (*want)[i].facts.unit_name);
    EXPECT_EQ((*got)[i].risk_class, (*want)[i].risk_class);
  }
  auto stored = store::FindTarget(**conn, first[2]);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*got)[2].facts.name, (*stored)->target.name);
  EXPECT_EQ((*got)[2].facts.address, (*stored)->target.address);
  EXPECT_FALSE((*got)[2].facts.unit_name.empty());
  // Taken once: another lock in the same step reads for itself.
  EXPECT_FALSE(prefetch.Take(ids).has_value());
}

TEST_P(CeremonyPinTest, PrefetchHasNothingForOtherTargetsOrOtherDraws) {
  auto db = tdb_->Reopen();
  const std::vector<int64_t> first = FirstTargets(*db, 2);
  ASSERT_EQ(first.size(), 2u);
  LockFactsPrefetch other;
  other.Start(*db, TargetOutcome({{first[0], first[1]}}));
  EXPECT_FALSE(other.Take({first[1], first[0]}).has_value());  // the same targets, reordered

  DrawOutcome teams = TargetOutcome({{first[0]}});
  teams.kind = draw::DrawKind::kAssign;
  LockFactsPrefetch assign;
  assign.Start(*db, teams);
  EXPECT_FALSE(assign.Take({first[0]}).has_value());

  DrawOutcome by_key = TargetOutcome({{first[0]}});
  by_key.selected_target_ids.clear();  // a pool stored before pools carried target ids
  LockFactsPrefetch keys;
  keys.Start(*db, by_key);
  EXPECT_FALSE(keys.Take({first[0]}).has_value());

  // A target that is not stored: nothing prefetched; the lock's own read reports it.
  LockFactsPrefetch missing;
  missing.Start(*db, TargetOutcome({{first[0], 987654321}}));
  EXPECT_FALSE(missing.Take({first[0], 987654321}).has_value());
  auto conn = db->Acquire();
  ASSERT_TRUE(conn.ok());
  EXPECT_FALSE(store::FindTargetsToLockByIds(**conn, {first[0], 987654321}).ok());
}

TEST_P(CeremonyPinTest, PrefetchStartsNothingWhenEveryConnectionIsBorrowed) {
  auto db = tdb_->Reopen();
  const std::vector<int64_t> first = FirstTargets(*db, 1);
  ASSERT_EQ(first.size(), 1u);
  std::vector<store::PooledConnection> held;
  for (int i = 0; i < 64; ++i) {
    auto c = db->TryAcquire();
    ASSERT_TRUE(c.ok());
    if (!c->has_value()) break;
    held.push_back(std::move(**c));
  }
  ASSERT_FALSE(held.empty());
  LockFactsPrefetch none;
  none.Start(*db, TargetOutcome({{first[0]}}));
  EXPECT_FALSE(none.Take({first[0]}).has_value());
  held.pop_back();  // one free again: the next reveal reads ahead
  LockFactsPrefetch next;
  next.Start(*db, TargetOutcome({{first[0]}}));
  auto got = next.Take({first[0]});
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ((*got)[0].id, first[0]);
}

INSTANTIATE_TEST_SUITE_P(Backends, CeremonyPinTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return testing::DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::service
