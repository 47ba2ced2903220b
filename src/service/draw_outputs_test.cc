// The reveal's stored outputs read back without a JSON parser (draw_detail::
// ReadPlainTargetOutputs): the same lists as the bundle parser holds for the text the reveal
// writes, and no answer at all — so the caller parses — for any other text.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/draw/bundle.h"
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

}  // namespace
}  // namespace suiji::service
