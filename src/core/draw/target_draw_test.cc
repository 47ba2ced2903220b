#include "core/draw/target_draw.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/draw/ticket.h"
#include "core/hash.h"

namespace suiji::draw {
namespace {

const std::string kSecret(32, '\x5a');

TargetDrawInput SmallInput() {
  TargetDrawInput in;
  in.draw_id = "2026-SJ-0001";
  in.source_names = {"福彩3D 2026301期开奖号码", "现场见证人掷骰"};
  in.strata = {{"一般对象", 3, false}, {"重点对象", 2, false}};
  for (int i = 0; i < 20; ++i) in.pool.Add("一般对象", "91110000MA0" + std::to_string(1000 + i), 1);
  in.pool.Add("重点对象", "91110000KEY0001", 1);
  in.pool.Add("重点对象", "91110000KEY0002", 1);
  return in;
}

const std::vector<std::string> kValues = {"381", "4-2-6-1-5"};

TargetDrawResult MustDraw(TargetDrawInput in, const std::vector<std::string>& values = kValues,
                          DrawOptions options = {}) {
  StatusOr<TargetDraw> draw = TargetDraw::Prepare(std::move(in), kSecret, options);
  EXPECT_TRUE(draw.ok()) << draw.status().ToString();
  StatusOr<TargetDrawResult> r = draw->Reveal(values);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return *std::move(r);
}

std::vector<std::string> Ids(const TargetDrawInput& in, std::span<const uint32_t> idx) {
  std::vector<std::string> out;
  for (uint32_t i : idx) out.push_back(in.pool[i].id.str());
  return out;
}

// The spec's selection, written plainly: every key as text, sort by (key, id).
std::vector<std::string> ReferenceOrder(const TargetDrawInput& in, const std::string& seed,
                                        const std::string& stratum, bool weighted) {
  std::vector<std::pair<std::string, std::string>> keyed;
  for (const PoolRecord& r : in.pool) {
    if (in.pool.StratumOf(r) != stratum) continue;
    std::string key = Ticket(seed, r.id);
    for (uint32_t j = 1; weighted && j < r.weight; ++j) {
      key = std::min(key, Ticket(seed, r.id.str() + "#" + std::to_string(j)));
    }
    keyed.emplace_back(key, r.id);
  }
  std::sort(keyed.begin(), keyed.end());
  std::vector<std::string> ids;
  for (const auto& k : keyed) ids.push_back(k.second);
  return ids;
}

std::string Lp(std::string_view s) { return ByteWriter().Lp(s).Take(); }

// RFC 6962 MTH, recursively, as the spec states it.
std::string ReferenceMth(const std::vector<std::string>& leaves, size_t begin, size_t end) {
  if (end == begin) return Sha256("");
  if (end - begin == 1) return Sha256(std::string(1, '\0') + leaves[begin]);
  size_t k = 1;
  while (k * 2 < end - begin) k *= 2;
  return Sha256(std::string(1, '\1') + ReferenceMth(leaves, begin, begin + k) +
                ReferenceMth(leaves, begin + k, end));
}

TEST(TargetDrawTest, SelectsTheFirstTakeOfEachStratumInTicketOrder) {
  const TargetDrawInput in = SmallInput();
  const TargetDrawResult r = MustDraw(in);
  ASSERT_EQ(r.strata.size(), 2u);
  EXPECT_EQ(r.strata[0].name, "一般对象");  // name order, bytewise UTF-8
  const std::vector<std::string> ref = ReferenceOrder(in, r.seed.seed, "一般对象", false);
  EXPECT_EQ(Ids(in, r.strata[0].selected()),
            std::vector<std::string>(ref.begin(), ref.begin() + 3));
}

TEST(TargetDrawTest, ReserveListContinuesStratumOrder) {
  const TargetDrawInput in = SmallInput();
  const TargetDrawResult r = MustDraw(in);
  const std::vector<std::string> ref = ReferenceOrder(in, r.seed.seed, "一般对象", false);
  EXPECT_EQ(Ids(in, r.strata[0].reserve()), std::vector<std::string>(ref.begin() + 3, ref.end()));
  EXPECT_EQ(r.strata[0].order.size(), 20u);
}

TEST(TargetDrawTest, FullTakeSelectsTheWholeStratumAndLeavesAnEmptyReserve) {
  const TargetDrawResult r = MustDraw(SmallInput());
  EXPECT_EQ(r.strata[1].name, "重点对象");
  EXPECT_EQ(r.strata[1].selected().size(), 2u);
  EXPECT_TRUE(r.strata[1].reserve().empty());
}

TEST(TargetDrawTest, SelectedKeysAreTheTicketTexts) {
  const TargetDrawInput in = SmallInput();
  const TargetDrawResult r = MustDraw(in);
  for (uint32_t i = 0; i < r.strata[0].take; ++i) {
    EXPECT_EQ(r.strata[0].selected_keys[i], Ticket(r.seed.seed, in.pool[r.strata[0].order[i]].id));
  }
}

TEST(TargetDrawTest, WeightedKeyIsTheSmallestOfWeightTickets) {
  TargetDrawInput in;
  in.draw_id = "w";
  in.source_names = {"s"};
  in.strata = {{"风险对象", 4, true}};
  for (int i = 0; i < 30; ++i) {
    in.pool.Add("风险对象", "E" + std::to_string(i), static_cast<uint32_t>(1 + i % 7));
  }
  const TargetDrawResult r = MustDraw(in, {"v"});
  const std::vector<std::string> ref = ReferenceOrder(in, r.seed.seed, "风险对象", true);
  EXPECT_EQ(Ids(in, r.strata[0].order), ref);
  const PoolRecord& first = in.pool[r.strata[0].order[0]];
  std::string key = Ticket(r.seed.seed, first.id);
  for (uint32_t j = 1; j < first.weight; ++j)
    key = std::min(key, Ticket(r.seed.seed, WeightedLabel(first.id, j)));
  EXPECT_EQ(r.strata[0].selected_keys[0], key);
}

TEST(TargetDrawTest, WeightIsIgnoredInAnUnweightedStratumButStillCommitted) {
  TargetDrawInput a = SmallInput();
  TargetDrawInput b = SmallInput();
  b.pool[0].weight = 9;
  const TargetDrawResult ra = MustDraw(a);
  const TargetDrawResult rb = MustDraw(b);
  EXPECT_NE(ra.seed.seed, rb.seed.seed);  // the weight is in pool_root, so in the plan
  EXPECT_EQ(Ids(b, rb.strata[0].order), ReferenceOrder(b, rb.seed.seed, "一般对象", false));
}

TEST(TargetDrawTest, WeightedStratumWithUnitWeightsOrdersLikeUnweighted) {
  TargetDrawInput in = SmallInput();
  in.strata[0].weighted = true;
  const TargetDrawResult r = MustDraw(in);
  EXPECT_EQ(Ids(in, r.strata[0].order), ReferenceOrder(in, r.seed.seed, "一般对象", false));
}

TEST(TargetDrawTest, ResultDoesNotDependOnThreadCountOrPoolOrder) {
  TargetDrawInput in;
  in.draw_id = "big";
  in.source_names = {"s"};
  in.strata = {{"A", 100, false}, {"B", 50, true}};
  for (int i = 0; i < 30000; ++i)
    in.pool.Add(i % 3 ? "A" : "B", "ID" + std::to_string(i * 7919 % 100003),
                static_cast<uint32_t>(1 + i % 3));
  const TargetDrawResult one = MustDraw(in, {"v"}, {.threads = 1});
  const TargetDrawResult four = MustDraw(in, {"v"}, {.threads = 4});
  TargetDrawInput reversed = in;
  std::reverse(reversed.pool.begin(), reversed.pool.end());
  const TargetDrawResult rev = MustDraw(reversed, {"v"}, {.threads = 3});
  EXPECT_EQ(one.result_hash, four.result_hash);
  EXPECT_EQ(one.result_hash, rev.result_hash);
  for (size_t s = 0; s < 2; ++s) {
    EXPECT_EQ(Ids(in, one.strata[s].order), Ids(in, four.strata[s].order));
    EXPECT_EQ(Ids(in, one.strata[s].order), Ids(reversed, rev.strata[s].order));
  }
}

// A random pool: several strata (some weighted, one empty), ids of 1-64 bytes — ASCII,
// multibyte UTF-8, sharing long prefixes, weighted labels past one SHA-256 block — in random
// order. Every SHA-256 path (OpenSSL, SHA-NI with 1, 2, 4 and 8 lanes) and thread count must
// give the same pool_root, tickets, order and result_hash; the order must be the spec's.
// Odd seeds have weighted strata (the general ticket path), even seeds none (the one-ticket
// path); ids up to 64 bytes, so some need a second block.
TEST(TargetDrawTest, EverySha256PathAndThreadCountGivesTheSameDrawOnRandomPools) {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    const bool weighted = seed % 2 == 1;
    std::mt19937_64 rng(seed);
    TargetDrawInput in;
    in.draw_id = "paths-" + std::to_string(seed);
    in.source_names = {"s"};
    const size_t size = seed <= 3 ? 700 + rng() % 400 : 20000 + rng() % 5000;
    const std::vector<std::string> alphabet = {"A", "B", "7", "9", "甲", "乙", "é", "-", "Z"};
    std::map<std::string, bool> seen;
    std::vector<size_t> per_stratum(4, 0);
    // Leaves of one or two blocks, and past two (a stratum name of 90 more bytes: hashed alone).
    std::string long_name = "层2";
    for (int k = 0; k < 30; ++k) long_name += "长";
    auto name = [&](size_t s) {
      return s == 2 && seed % 3 == 0 ? long_name : "层" + std::to_string(s);
    };
    while (in.pool.size() < size) {
      std::string id = rng() % 2 ? "9111010" : "";
      const size_t len = 1 + rng() % (rng() % 5 == 0 ? 64 : 12);
      while (id.size() < len) id += alphabet[rng() % alphabet.size()];
      if (id.size() > kMaxIdBytes || !seen.emplace(id, true).second) continue;
      const size_t s = rng() % 3;
      ++per_stratum[s];
      in.pool.Add(name(s), id, static_cast<uint32_t>(1 + rng() % 5));
    }
    in.strata = {{name(0), static_cast<uint32_t>(per_stratum[0] / 10), false},
                 {name(1), static_cast<uint32_t>(per_stratum[1] / 3), weighted},
                 {name(2), static_cast<uint32_t>(per_stratum[2]), false},
                 {"层3 (空)", 0, weighted}};
    std::vector<TargetDrawResult> results;
    std::vector<std::string> roots;
    for (const Sha256Path path : {Sha256Path::kOpenSsl, Sha256Path::kShaNi1, Sha256Path::kShaNi2,
                                  Sha256Path::kShaNi4, Sha256Path::kShaNi8, Sha256Path::kAuto}) {
      for (const unsigned threads : {1u, 2u, 3u}) {
        StatusOr<TargetDraw> draw =
            TargetDraw::Prepare(in, kSecret, {.threads = threads, .sha256 = path});
        ASSERT_TRUE(draw.ok()) << draw.status().ToString();
        roots.push_back(draw->plan().root);
        StatusOr<TargetDrawResult> r = draw->Reveal({"v"});
        ASSERT_TRUE(r.ok()) << r.status().ToString();
        results.push_back(*std::move(r));
      }
    }
    for (size_t k = 1; k < results.size(); ++k) {
      EXPECT_EQ(roots[k], roots[0]) << "seed " << seed << ", run " << k;
      EXPECT_EQ(results[k].result_hash, results[0].result_hash) << "seed " << seed << ", " << k;
      for (size_t s = 0; s < results[0].strata.size(); ++s) {
        EXPECT_EQ(results[k].strata[s].order, results[0].strata[s].order) << seed << ", " << k;
        EXPECT_EQ(results[k].strata[s].selected_keys, results[0].strata[s].selected_keys);
      }
    }
    // And they are the spec's: pool_root from the recursive MTH, order from plain tickets.
    std::vector<const PoolRecord*> sorted;
    for (const PoolRecord& r : in.pool) sorted.push_back(&r);
    std::sort(sorted.begin(), sorted.end(), [&](const PoolRecord* a, const PoolRecord* b) {
      return std::pair(in.pool.StratumOf(*a), a->id.view()) <
             std::pair(in.pool.StratumOf(*b), b->id.view());
    });
    std::vector<std::string> leaves;
    for (const PoolRecord* r : sorted) {
      leaves.push_back(Lp("SJ-DRAW-1/cand") + Lp(in.pool.StratumOf(*r)) + Lp(r->id) +
                       ByteWriter().U32(r->weight).Take());
    }
    EXPECT_EQ(roots[0], ReferenceMth(leaves, 0, leaves.size())) << "seed " << seed;
    if (seed <= 3) {
      for (size_t s = 0; s < 3; ++s) {
        EXPECT_EQ(Ids(in, results[0].strata[s].order),
                  ReferenceOrder(in, results[0].seed.seed, name(s), weighted && s == 1))
            << "seed " << seed << ", stratum " << s;
      }
    }
  }
}

TEST(TargetDrawTest, ReserveLimitShortensOnlyTheReserve) {
  TargetDrawInput in;
  in.draw_id = "limit";
  in.source_names = {"s"};
  in.strata = {{"A", 10, false}};
  for (int i = 0; i < 5000; ++i) in.pool.Add("A", "X" + std::to_string(i), 1);
  StatusOr<TargetDraw> draw = TargetDraw::Prepare(in, kSecret);
  ASSERT_TRUE(draw.ok());
  const TargetDrawResult full = *draw->Reveal({"v"});
  const TargetDrawResult part = *draw->Reveal({"v"}, {.reserve_limit = 5});
  EXPECT_EQ(part.result_hash, full.result_hash);
  ASSERT_EQ(part.strata[0].order.size(), 15u);
  EXPECT_TRUE(std::equal(part.strata[0].order.begin(), part.strata[0].order.end(),
                         full.strata[0].order.begin()));
}

// The canonical sort reads 12 bytes of each id from where the pool's ids begin to differ,
// guessed from a sample and checked on every id: pools that share a long prefix, whose one
// odd id lies outside the sample, whose ids are prefixes of one another, or hold a duplicate
// past the shared prefix.
TEST(TargetDrawTest, CanonicalOrderHoldsWhateverPrefixTheIdsShare) {
  auto reference_root = [](const TargetDrawInput& in) {
    std::vector<std::pair<std::string, std::string>> keys;
    for (const PoolRecord& r : in.pool) keys.emplace_back(in.pool.StratumOf(r), r.id);
    std::sort(keys.begin(), keys.end());
    std::vector<std::string> leaves;
    for (const auto& [stratum, id] : keys)
      leaves.push_back(ByteWriter().Lp("SJ-DRAW-1/cand").Lp(stratum).Lp(id).U32(1).Take());
    return ReferenceMth(leaves, 0, leaves.size());
  };
  auto pool_of = [](const std::vector<std::string>& ids) {
    TargetDrawInput in;
    in.draw_id = "prefix";
    in.source_names = {"s"};
    for (const std::string& id : ids) in.pool.Add("一般对象", id);
    in.strata = {{"一般对象", static_cast<uint32_t>(ids.size() / 2), false}};
    return in;
  };
  std::mt19937_64 rng(7);
  auto tail = [&](size_t len) {
    std::string t;
    while (t.size() < len) t += static_cast<char>('0' + rng() % 10);
    return t;
  };
  std::vector<std::vector<std::string>> pools;
  for (const size_t shared : {0, 5, 11, 16, 24}) {
    const std::string prefix(shared, 'P');
    std::set<std::string> ids;
    while (ids.size() < 5000) ids.insert(prefix + tail(1 + rng() % 20));
    std::vector<std::string> v(ids.begin(), ids.end());
    std::shuffle(v.begin(), v.end(), rng);
    pools.push_back(v);
    // One id without the prefix, at a place the 64-id sample does not visit (guessed wrong).
    v[v.size() / 64 + 1] = "Q" + tail(10);
    pools.push_back(v);
    // The prefix itself as an id, and ids that are prefixes of one another.
    v.push_back(prefix.empty() ? "0" : prefix);
    v.push_back(prefix + "123");
    v.push_back(prefix + "1234");
    v.push_back(prefix + "12345678901234567890");
    v.push_back(prefix + "12345678901234567891");
    pools.push_back(v);
  }
  for (size_t k = 0; k < pools.size(); ++k) {
    std::set<std::string> unique(pools[k].begin(), pools[k].end());
    if (unique.size() != pools[k].size()) continue;  // a random tail repeated a pushed one
    const TargetDrawInput in = pool_of(pools[k]);
    for (const unsigned threads : {1u, 2u}) {
      StatusOr<TargetDraw> draw = TargetDraw::Prepare(in, kSecret, {.threads = threads});
      ASSERT_TRUE(draw.ok()) << k << ": " << draw.status().ToString();
      EXPECT_EQ(draw->plan().root, reference_root(in)) << "pool " << k;
    }
    // A duplicate far from its twin, sharing the prefix: refused, naming it.
    std::vector<std::string> twice = pools[k];
    twice[twice.size() - 1] = twice[twice.size() / 3];
    StatusOr<TargetDraw> dup = TargetDraw::Prepare(pool_of(twice), kSecret);
    ASSERT_FALSE(dup.ok()) << "pool " << k;
    EXPECT_EQ(dup.status().reason(), kReasonDuplicateId);
    EXPECT_NE(dup.status().message().find(twice[twice.size() / 3]), std::string::npos);
  }
}

TEST(TargetDrawTest, PlanFollowsTheSpecFormulas) {
  const TargetDrawInput in = SmallInput();
  StatusOr<TargetDraw> draw = TargetDraw::Prepare(in, kSecret);
  ASSERT_TRUE(draw.ok());
  std::vector<std::pair<std::string, std::string>> keys;
  for (const PoolRecord& r : in.pool) keys.emplace_back(in.pool.StratumOf(r), r.id);
  std::sort(keys.begin(), keys.end());
  std::vector<std::string> leaves;
  for (const auto& [stratum, id] : keys) {
    leaves.push_back(ByteWriter().Lp("SJ-DRAW-1/cand").Lp(stratum).Lp(id).U32(1).Take());
  }
  EXPECT_EQ(draw->plan().root, ReferenceMth(leaves, 0, leaves.size()));
  const std::string params = Lp("SJ-DRAW-1/strata") + std::string("\0\0\0\2", 4) + Lp("一般对象") +
                             std::string("\0\0\0\3\0\0\0\0", 8) + Lp("重点对象") +
                             std::string("\0\0\0\2\0\0\0\0", 8);
  EXPECT_EQ(draw->plan().params, params);
  const std::string sources =
      Sha256(Lp("SJ-DRAW-1/sources") + Lp(in.source_names[0]) + Lp(in.source_names[1]));
  EXPECT_EQ(draw->plan().sources_decl, sources);
  EXPECT_EQ(draw->plan().commit, Sha256(Lp("SJ-DRAW-1/secret") + kSecret));
  EXPECT_EQ(draw->plan().plan_hash,
            Sha256(Lp("SJ-DRAW-1/plan") + Lp(in.draw_id) + Lp("targets") + Lp(draw->plan().root) +
                   Lp(params) + Lp(sources) + Lp(draw->plan().commit)));
}

TEST(TargetDrawTest, SeedAndResultFollowTheSpecFormulas) {
  const TargetDrawInput in = SmallInput();
  StatusOr<TargetDraw> draw = TargetDraw::Prepare(in, kSecret);
  ASSERT_TRUE(draw.ok());
  const TargetDrawResult r = *draw->Reveal(kValues);
  const std::string randomness = Sha256(Lp("SJ-DRAW-1/reveal") + Lp(in.source_names[0]) +
                                        Lp(kValues[0]) + Lp(in.source_names[1]) + Lp(kValues[1]));
  EXPECT_EQ(r.seed.randomness, randomness);
  const std::string master =
      Sha256(Lp("SJ-DRAW-1/seed") + Lp(draw->plan().plan_hash) + Lp(randomness) + Lp(kSecret));
  EXPECT_EQ(r.seed.seed, ToHex(master));
  std::string pre = Lp("SJ-DRAW-1/result") + Lp(draw->plan().plan_hash) + Lp(randomness) +
                    Lp(kSecret) + std::string("\0\0\0\2", 4);
  for (const StratumOutcome& s : r.strata) {
    pre += Lp(s.name) + ByteWriter().U32(s.take).Take();
    for (uint32_t i = 0; i < s.take; ++i)
      pre += Lp(in.pool[s.order[i]].id) + Lp(Ticket(r.seed.seed, in.pool[s.order[i]].id));
  }
  EXPECT_EQ(r.result_hash, Sha256(pre));
}

TEST(TargetDrawTest, PreparingTwiceGivesTheSamePlanAndSourceValuesDoNotEnterIt) {
  StatusOr<TargetDraw> a = TargetDraw::Prepare(SmallInput(), kSecret);
  StatusOr<TargetDraw> b = TargetDraw::Prepare(SmallInput(), kSecret);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->plan().plan_hash, b->plan().plan_hash);
  EXPECT_NE(a->Reveal({"381", "x"})->seed.seed, a->Reveal({"382", "x"})->seed.seed);
}

TEST(TargetDrawTest, EmptyStratumWithTakeZeroIsAllowed) {
  TargetDrawInput in = SmallInput();
  in.strata.push_back({"问题对象", 0, false});
  const TargetDrawResult r = MustDraw(in);
  ASSERT_EQ(r.strata.size(), 3u);
  EXPECT_EQ(r.strata[0].name, "一般对象");
  EXPECT_EQ(r.strata[1].name, "重点对象");  // U+91CD < U+95EE
  EXPECT_TRUE(r.strata[2].order.empty());
}

TEST(TargetDrawTest, AcceptsSixtyFourByteMultibyteIdsWhoseWeightedLabelsNeedTwoBlocks) {
  TargetDrawInput in;
  in.draw_id = "long";
  in.source_names = {"s"};
  in.strata = {{"甲", 2, true}};
  const std::string base(60, 'Z');
  in.pool.Add("甲", base + "企业", 3);  // 60 + 6 > 64: refused below
  StatusOr<TargetDraw> refused = TargetDraw::Prepare(in, kSecret);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().reason(), kReasonIdTooLong);
  in.pool = {};
  in.pool.Add("甲", std::string(58, 'Z') + "企业", 3);
  in.pool.Add("甲", std::string(50, 'Y'), 2);
  in.pool.Add("甲", "短", 1);
  const TargetDrawResult r = MustDraw(in, {"v"});
  EXPECT_EQ(Ids(in, r.strata[0].order), ReferenceOrder(in, r.seed.seed, "甲", true));
}

struct Refusal {
  const char* name;
  void (*mutate)(TargetDrawInput&, std::string&);
  const char* reason;
  const char* mentions;
};

void PrintTo(const Refusal& r, std::ostream* os) { *os << r.name; }

class TargetDrawRefusalTest : public ::testing::TestWithParam<Refusal> {};

TEST_P(TargetDrawRefusalTest, RefusesWithReasonAndNamesTheCulprit) {
  TargetDrawInput in = SmallInput();
  std::string secret = kSecret;
  GetParam().mutate(in, secret);
  StatusOr<TargetDraw> draw = TargetDraw::Prepare(in, secret);
  ASSERT_FALSE(draw.ok());
  EXPECT_EQ(draw.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(draw.status().reason(), GetParam().reason);
  EXPECT_NE(draw.status().message().find(GetParam().mentions), std::string_view::npos)
      << draw.status().message();
}

INSTANTIATE_TEST_SUITE_P(
    Inputs, TargetDrawRefusalTest,
    ::testing::Values(
        Refusal{"DuplicateId",
                [](TargetDrawInput& in, std::string&) { in.pool[21].id = in.pool[3].id; },
                kReasonDuplicateId, "91110000MA01003"},
        Refusal{"DuplicateIdAcrossStrata",
                [](TargetDrawInput& in, std::string&) {
                  in.pool.Add("重点对象", "91110000MA01007", 1);
                },
                kReasonDuplicateId, "91110000MA01007"},
        Refusal{"WeightBelowOne", [](TargetDrawInput& in, std::string&) { in.pool[5].weight = 0; },
                kReasonWeightInvalid, "91110000MA01005"},
        Refusal{"UndeclaredStratum",
                [](TargetDrawInput& in, std::string&) {
                  in.pool[2].stratum = in.pool.StratumIndex("风险对象");
                },
                kReasonStratumUndeclared, "风险对象"},
        Refusal{"StratumIndexOutsideTheTable",
                [](TargetDrawInput& in, std::string&) { in.pool[2].stratum = 9; },
                kReasonStratumUndeclared, "91110000MA01002"},
        Refusal{"StratumDeclaredTwice",
                [](TargetDrawInput& in, std::string&) {
                  in.strata.push_back({"一般对象", 1, false});
                },
                kReasonStratumDuplicate, "一般对象"},
        Refusal{"TakeLargerThanStratum",
                [](TargetDrawInput& in, std::string&) { in.strata[1].take = 3; },
                kReasonTakeExceedsStratum, "重点对象"},
        Refusal{"SecretNot32Bytes", [](TargetDrawInput&, std::string& s) { s.resize(31); },
                kReasonSecretInvalid, "32"},
        Refusal{"NoSource", [](TargetDrawInput& in, std::string&) { in.source_names.clear(); },
                kReasonNoSource, "随机源"},
        Refusal{"EmptySourceName",
                [](TargetDrawInput& in, std::string&) { in.source_names[1].clear(); },
                kReasonSourceNameEmpty, "第 2 个"},
        Refusal{"EmptyId", [](TargetDrawInput& in, std::string&) { in.pool[0].id.clear(); },
                kReasonIdEmpty, "标识"},
        Refusal{"IdWithHash", [](TargetDrawInput& in, std::string&) { in.pool[0].id = "A#1"; },
                kReasonIdHasHash, "A#1"},
        Refusal{"IdOver64Bytes",
                [](TargetDrawInput& in, std::string&) { in.pool[0].id = std::string(65, 'x'); },
                kReasonIdTooLong, "64"},
        Refusal{"IdNotUtf8", [](TargetDrawInput& in, std::string&) { in.pool[0].id = "\xff"; },
                kReasonInvalidUtf8, "UTF-8"}),
    [](const ::testing::TestParamInfo<Refusal>& info) { return std::string(info.param.name); });

TEST(TargetDrawTest, ReportsTheEarliestPoolRecordErrorEvenWhenCheckedInParallel) {
  TargetDrawInput in;
  in.draw_id = "x";
  in.source_names = {"s"};
  in.strata = {{"A", 0, false}};
  for (int i = 0; i < 100000; ++i) in.pool.Add("A", "id" + std::to_string(i), 1);
  in.pool[70000].weight = 0;
  in.pool[40000].stratum = in.pool.StratumIndex("B");
  StatusOr<TargetDraw> draw = TargetDraw::Prepare(in, kSecret, {.threads = 4});
  ASSERT_FALSE(draw.ok());
  EXPECT_EQ(draw.status().reason(), kReasonStratumUndeclared);
  EXPECT_NE(draw.status().message().find("id40000"), std::string_view::npos);
}

TEST(TargetDrawTest, RevealRefusesMissingOrEmptySourceValues) {
  StatusOr<TargetDraw> draw = TargetDraw::Prepare(SmallInput(), kSecret);
  ASSERT_TRUE(draw.ok());
  EXPECT_EQ(draw->Reveal({"381"}).status().reason(), kReasonSourceValueCount);
  const Status empty = draw->Reveal({"381", ""}).status();
  EXPECT_EQ(empty.reason(), kReasonSourceValueEmpty);
  EXPECT_NE(empty.message().find("现场见证人掷骰"), std::string_view::npos);
}

}  // namespace
}  // namespace suiji::draw
