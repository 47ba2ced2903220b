// The reveal's stored outputs read back: as positions in the committed pool (the reveals since
// session 17, draw_detail::ReadTargetOutputsPositions) the lists the engine's result gives, and
// refused when damaged; as the older JSON without a JSON parser (draw_detail::
// ReadPlainTargetOutputs): the same lists as the bundle parser holds for the text those reveals
// wrote, and no answer at all — so the caller parses — for any other text.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/draw/bundle.h"
#include "core/draw/target_draw.h"
#include "service/draw_service_internal.h"

namespace suiji::service {
namespace {

struct Lists {
  std::vector<std::string> names;
  std::vector<size_t> sizes;
  std::vector<std::string> ids;
  bool operator==(const Lists&) const = default;
};

Lists Flat(const draw::HeldIdLists& held) {
  Lists out{held.names, held.sizes, {}};
  draw::StringSequence::Reader r(held.ids);
  for (size_t i = 0; i < held.ids.size(); ++i) out.ids.emplace_back(r.Next());
  return out;
}

TEST(DrawOutputsTest, PlainOutputsGiveTheListsTheBundleParserHolds) {
  const std::string text =
      R"({"reserve":{"A 重点对象":["91410105MA00000002","91410105MA00000001"],"一般对象":[]},)"
      R"("selected":{"A 重点对象":["91410105MA00000003"],"一般对象":["郑州甲公司","x","y"]}})";
  auto plain = draw_detail::ReadPlainTargetOutputs(text);
  ASSERT_TRUE(plain.has_value());
  auto parsed = draw::ParseBundle(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_TRUE(parsed->reserve && parsed->selected);
  EXPECT_EQ(Flat(plain->reserve), Flat(*parsed->reserve));
  EXPECT_EQ(Flat(plain->selected), Flat(*parsed->selected));
  EXPECT_EQ(Flat(plain->selected).ids,
            (std::vector<std::string>{"91410105MA00000003", "郑州甲公司", "x", "y"}));
  EXPECT_EQ(Flat(plain->selected).sizes, (std::vector<size_t>{1, 3}));

  auto empty = draw_detail::ReadPlainTargetOutputs(R"({"reserve":{},"selected":{}})");
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->reserve.names.empty());
  EXPECT_TRUE(empty->selected.names.empty());
}

TEST(DrawOutputsTest, AnyOtherTextIsLeftToTheJsonParser) {
  for (const std::string& text :
       {std::string(R"({"reserve":{"S":["a\"b"]},"selected":{"S":[]}})"),         // escape
        std::string(R"({"reserve":{"S":["\u00e9"]},"selected":{"S":[]}})"),       // escape
        std::string(R"({"reserve": {"S":["a"]},"selected":{"S":[]}})"),           // a space
        std::string(R"({"reserve":{"S":["a"],"S":[]},"selected":{"S":[]}})"),     // twice
        std::string("{\"reserve\":{\"S\":[\"\xff\"]},\"selected\":{\"S\":[]}}"),  // UTF-8
        std::string("{\"reserve\":{\"S\":[\"a\tb\"]},\"selected\":{\"S\":[]}}"),  // control
        std::string(R"({"reserve":{"S":["a"]},"selected":{"S":[]}} )"),           // trailing
        std::string(R"({"reserve":{"S":["a",]},"selected":{"S":[]}})"),           // comma
        std::string(R"({"reserve":{"S":[1]},"selected":{"S":[]}})"),              // a number
        std::string(R"({"selected":{"S":[]},"reserve":{"S":[]}})"),               // order
        std::string(R"({"reserve":{"S":["a"]},"selected":{"S":["b")"),            // cut short
        std::string(R"({"teams":[]})"), std::string("{}"), std::string()}) {
    EXPECT_FALSE(draw_detail::ReadPlainTargetOutputs(text).has_value()) << text;
  }
}

// A real draw of two strata (one drawn whole), its outputs written as positions and read back
// through the pool in canonical order: the engine's selection and reserve lists, stratum by
// stratum in name order, exactly.
TEST(DrawOutputsTest, PositionsGiveBackTheEnginesListsThroughThePool) {
  draw::TargetDrawInput in;
  in.draw_id = "JS-SCJG-2026-0001";
  in.source_names = {"现场见证人掷骰"};
  in.strata = {{"一般对象", 4, false}, {"A 重点对象", 3, false}};
  for (int i = 0; i < 40; ++i) {
    char id[32];
    std::snprintf(id, sizeof id, "91410105MA%08d", (i * 17) % 40);  // not in canonical order
    in.pool.Add(i < 3 ? "A 重点对象" : "一般对象", id, 1);
  }
  auto prepared = draw::TargetDraw::Prepare(in, std::string(32, '\x5a'));
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  auto result = prepared->Reveal({"3 1 6"});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const std::string text = draw_detail::TargetOutputsPositionsText(*result, prepared->canonical());
  ASSERT_TRUE(text.starts_with(draw_detail::kTargetOutputsPositions));
  std::vector<std::string_view> canonical_ids;  // the pool as stored and published
  for (uint32_t k : prepared->canonical()) canonical_ids.push_back(in.pool[k].id);
  auto read = draw_detail::ReadTargetOutputsPositions(text, canonical_ids);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ASSERT_TRUE(read->has_value());
  Lists selected, reserve;                 // from the engine's result, strata in name order
  for (const auto& st : result->strata) {  // already in name order
    selected.names.push_back(st.name);
    reserve.names.push_back(st.name);
    selected.sizes.push_back(st.selected().size());
    reserve.sizes.push_back(st.reserve().size());
    for (uint32_t i : st.selected()) selected.ids.push_back(in.pool[i].id.str());
    for (uint32_t i : st.reserve()) reserve.ids.push_back(in.pool[i].id.str());
  }
  EXPECT_EQ(Flat((*read)->selected), selected);
  EXPECT_EQ(Flat((*read)->reserve), reserve);
  EXPECT_EQ(selected.sizes, (std::vector<size_t>{3, 4}));
  EXPECT_EQ(reserve.sizes, (std::vector<size_t>{0, 33}));

  // Not this form: left to the JSON readers.
  auto json =
      draw_detail::ReadTargetOutputsPositions(R"({"reserve":{},"selected":{}})", canonical_ids);
  ASSERT_TRUE(json.ok());
  EXPECT_FALSE(json->has_value());
  // Damaged: refused, never half read.
  const std::string head(draw_detail::kTargetOutputsPositions);
  for (const std::string& bad :
       {head + "S\t1\t0,1", head + "S\t1\t0,40\n", head + "S\t1\t0,0\n", head + "S\t3\t0,1\n",
        head + "S\t1\t0,,1\n", head + "S\t1\t0,1,\n", head + "S\t1\t-1\n", head + "S\tx\t0\n",
        head + "S\t1\n", head + "T\t1\t0\nS\t1\t1\n", head + "S\t1\t0\nS\t1\t1\n",
        head + "S\\x\t1\t0\n", head + "S\t1\t0 \n"}) {
    auto r = draw_detail::ReadTargetOutputsPositions(bad, canonical_ids);
    EXPECT_EQ(r.status().code(), StatusCode::kInternal) << bad;
  }
  // An escaped name reads back.
  auto escaped =
      draw_detail::ReadTargetOutputsPositions(head + "a\\tb\\\\\t1\t5,6\n", canonical_ids);
  ASSERT_TRUE(escaped.ok() && escaped->has_value()) << escaped.status().ToString();
  EXPECT_EQ((*escaped)->selected.names, std::vector<std::string>{"a\tb\\"});
  EXPECT_EQ(Flat((*escaped)->reserve).ids, std::vector<std::string>{std::string(canonical_ids[6])});
}

}  // namespace
}  // namespace suiji::service
