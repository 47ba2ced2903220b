#include "core/draw/bundle.h"

#include <gtest/gtest.h>

#include <string>

namespace suiji::draw {
namespace {

const char kTargets[] = R"({
  "kind": "targets",
  "draw_id": "2026-SJ-0001",
  "comment": "平台附加字段，不参与验证",
  "secret": "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a",
  "sources": [{"name": "福彩3D 2026301期开奖号码", "value": "381"}],
  "strata": [{"name": "一般对象", "take": 2, "weighted": false},
             {"name": "风险对象", "take": 1, "weighted": true}],
  "pool": [{"stratum": "一般对象", "id": "A1", "weight": 1},
           {"stratum": "一般对象", "id": "A2", "weight": 1},
           {"stratum": "一般对象", "id": "A3", "weight": 1},
           {"stratum": "一般对象", "id": "A4"},
           {"stratum": "风险对象", "id": "R1", "weight": 3},
           {"stratum": "风险对象", "id": "R2", "weight": 1}],
  "replacements": [{"out": "R1", "reason": "注销"}]
})";

const char kAssign[] = R"({
  "kind": "assign", "draw_id": "2026-SJ-0001-人员",
  "secret": "1111111111111111111111111111111111111111111111111111111111111111",
  "sources": [{"name": "上证综指", "value": "3386.27"}],
  "per_task": 2, "cap": 1,
  "eligible": {"A1": ["张三", "李四", "王五"], "A2": ["张三", "李四", "王五"]}
})";

Json RunText(const char* text) {
  StatusOr<Json> in = ParseBundleJson(text);
  EXPECT_TRUE(in.ok()) << in.status().ToString();
  StatusOr<Json> out = RunBundle(*in);
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  return *out;
}

BundleVerdict Verify(const Json& b) {
  StatusOr<BundleVerdict> v = VerifyBundle(b);
  EXPECT_TRUE(v.ok()) << v.status().ToString();
  return v.ok() ? *v : BundleVerdict{};
}

TEST(BundleTest, RunProducesEveryOutputAndVerifiesOk) {
  const Json b = RunText(kTargets);
  for (const char* f :
       {"pool_root", "plan_hash", "randomness", "seed", "selected", "reserve", "result_hash"}) {
    EXPECT_TRUE(b.contains(f)) << f;
  }
  EXPECT_EQ(b["selected"]["一般对象"].size(), 2u);
  EXPECT_EQ(b["reserve"]["一般对象"].size(), 2u);
  EXPECT_EQ(b["selected"]["风险对象"].size(), 1u);
  EXPECT_TRUE(b["replacements"][0].contains("in"));
  const BundleVerdict v = Verify(b);
  EXPECT_TRUE(v.ok);
  EXPECT_EQ(v.result_hash, b["result_hash"]);
}

TEST(BundleTest, UnknownFieldsAreCarriedThroughInPlaceAndNotVerified) {
  Json b = RunText(kTargets);
  EXPECT_EQ(b.begin().key(), "kind");
  EXPECT_EQ(b["comment"], "平台附加字段，不参与验证");
  b["comment"] = "改过";
  b["signature"] = "ed25519:…";
  b["replacements"][0]["approver"] = "局长";
  EXPECT_TRUE(Verify(b).ok);
}

TEST(BundleTest, ReportsTheFirstMismatchingFieldByName) {
  const Json good = RunText(kTargets);
  Json b = good;
  std::swap(b["selected"]["一般对象"][0], b["selected"]["一般对象"][1]);
  BundleVerdict v = Verify(b);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.field, "selected");
  EXPECT_NE(v.detail.find("一般对象"), std::string::npos);

  b = good;
  b["strata"][0]["take"] = 1;  // an input change: params, hence plan_hash, differ first
  v = Verify(b);
  EXPECT_EQ(v.field, "plan_hash");

  b = good;
  b["pool"][0]["id"] = "A9";
  EXPECT_EQ(Verify(b).field, "pool_root");

  b = good;
  b["sources"][0]["value"] = "382";
  EXPECT_EQ(Verify(b).field, "randomness");

  b = good;
  b.erase("reserve");
  v = Verify(b);
  EXPECT_EQ(v.field, "reserve");
  EXPECT_NE(v.detail.find("缺少"), std::string::npos);

  b = good;
  b["replacements"][0]["in"] = "R9";
  EXPECT_EQ(Verify(b).field, "replacements[0].in");
}

TEST(BundleTest, ADrawMismatchIsReportedBeforeAReplacementThatNoLongerApplies) {
  Json b = RunText(kTargets);
  // With another source value the draw changes and R1 may no longer be selected; the auditor
  // must hear about the changed randomness, not about the replacement record.
  for (const char* value : {"382", "383", "384", "385", "386", "387", "388", "389"}) {
    b["sources"][0]["value"] = value;
    StatusOr<BundleVerdict> v = VerifyBundle(b);
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    EXPECT_EQ(v->field, "randomness");
  }
}

TEST(BundleTest, OutputsCompareAsDataNotText) {
  Json b = RunText(kAssign);
  Json reordered = b;
  Json team = Json::object();
  team["unfilled"] = b["teams"][0]["unfilled"];
  team["inspectors"] = b["teams"][0]["inspectors"];
  team["task"] = b["teams"][0]["task"];
  reordered["teams"][0] = team;
  EXPECT_TRUE(Verify(reordered).ok);
  Json retyped = b;
  retyped["teams"][0]["unfilled"] = b["teams"][0]["unfilled"].get<bool>() ? 1 : 0;
  EXPECT_EQ(Verify(retyped).field, "teams");
}

TEST(BundleTest, AssignReportsUnfilledTasksWhenCapBinds) {
  const Json b = RunText(kAssign);
  ASSERT_EQ(b["teams"].size(), 2u);
  EXPECT_FALSE(b["teams"][0]["unfilled"].get<bool>());
  EXPECT_TRUE(b["teams"][1]["unfilled"].get<bool>());
  EXPECT_EQ(b["teams"][1]["inspectors"].size(), 1u);
}

Status RefusalOf(const std::string& text) {
  StatusOr<Json> in = ParseBundleJson(text);
  if (!in.ok()) return in.status();
  return RunBundle(*in).status();
}

// Found by fuzz/bundle_fuzzer.cc: a number beyond double's range escaped as an exception
// (`suiji draw verify` answered 系统内部错误) instead of a refusal of the file.
TEST(BundleTest, NumbersOutOfRangeAreARefusalNotAnException) {
  for (const char* text :
       {R"({"kind": "targets", "x": 1e309})", R"({"kind": "targets", "x": -1e400})"}) {
    StatusOr<Json> in = ParseBundleJson(text);
    ASSERT_FALSE(in.ok()) << text;
    EXPECT_EQ(in.status().reason(), kReasonBundleJson);
    EXPECT_NE(in.status().message().find("超出范围"), std::string::npos) << in.status().message();
  }
}

TEST(BundleTest, RefusesMalformedDocumentsWithReasonAndFieldName) {
  EXPECT_EQ(RefusalOf("{").reason(), kReasonBundleJson);
  EXPECT_EQ(RefusalOf(R"({"kind": "targets", "kind": "assign"})").reason(),
            kReasonBundleDuplicateKey);
  EXPECT_EQ(RefusalOf("[]").reason(), kReasonBundleField);
  EXPECT_EQ(RefusalOf(R"({"kind": "lottery"})").reason(), kReasonBundleKind);

  std::string t = kTargets;
  Status s = RefusalOf(std::string(t).replace(t.find("\"take\": 2"), 9, "\"take\": 2.0"));
  EXPECT_EQ(s.reason(), kReasonBundleField);
  EXPECT_NE(s.message().find("strata[0].take"), std::string_view::npos);

  s = RefusalOf(std::string(t).replace(t.find("\"draw_id\""), 9, "\"draw_no\""));
  EXPECT_EQ(s.reason(), kReasonBundleField);
  EXPECT_NE(s.message().find("draw_id"), std::string_view::npos);

  s = RefusalOf(std::string(t).replace(t.find("5a5a"), 2, "5A"));
  EXPECT_EQ(s.reason(), kReasonSecretInvalid);

  s = RefusalOf(std::string(t).replace(t.find("\"weight\": 3"), 11, "\"weight\": 0"));
  EXPECT_EQ(s.reason(), "DRAW_WEIGHT_INVALID");
  EXPECT_NE(s.message().find("R1"), std::string_view::npos);

  s = RefusalOf(std::string(t).replace(t.find("\"out\": \"R1\""), 11, "\"out\": \"A4\""));
  EXPECT_EQ(s.reason(), "DRAW_REPLACE_NOT_IN_DRAW");
}

TEST(BundleTest, DumpKeepsChineseReadable) {
  const std::string text = DumpBundle(RunText(kTargets));
  EXPECT_NE(text.find("一般对象"), std::string::npos);
  EXPECT_EQ(text.back(), '\n');
}

}  // namespace
}  // namespace suiji::draw
