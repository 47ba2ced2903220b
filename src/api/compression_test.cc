#include "api/compression.h"

#include <gtest/gtest.h>

#include <string>

#include "support/decompress.h"

namespace suiji::api {
namespace {

using suiji::testing::Gunzip;
using suiji::testing::Unbrotli;

TEST(CompressionTest, GzipAndBrotliRoundTripAndShrinkText) {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "export const 抽查" + std::to_string(i % 37) + " = 1;\n";
  auto gz = GzipEncode(text);
  auto br = BrotliEncode(text, 11);
  ASSERT_TRUE(gz && br);
  EXPECT_EQ(Gunzip(*gz), text);
  EXPECT_EQ(Unbrotli(*br), text);
  EXPECT_LT(gz->size(), text.size() / 4);
  EXPECT_LT(br->size(), gz->size());
  EXPECT_EQ(Gunzip(*GzipEncode("")), "");
}

TEST(CompressionTest, AcceptEncodingPicksTheHighestAcceptableCoding) {
  using C = ContentCoding;
  EXPECT_EQ(ChooseContentCoding("", true, true), C::kIdentity);
  EXPECT_EQ(ChooseContentCoding("gzip, deflate, br", true, true), C::kBrotli);
  EXPECT_EQ(ChooseContentCoding("gzip, deflate", true, true), C::kGzip);
  EXPECT_EQ(ChooseContentCoding("GZIP", true, true), C::kGzip);
  EXPECT_EQ(ChooseContentCoding("x-gzip", true, true), C::kGzip);
  EXPECT_EQ(ChooseContentCoding("br;q=0.5, gzip", true, true), C::kGzip);
  EXPECT_EQ(ChooseContentCoding("br, gzip", true, false), C::kGzip);
  EXPECT_EQ(ChooseContentCoding("br", false, false), C::kIdentity);
  EXPECT_EQ(ChooseContentCoding("deflate, identity", true, true), C::kIdentity);
  EXPECT_EQ(ChooseContentCoding("*", true, true), C::kBrotli);
}

TEST(CompressionTest, QZeroIsNeverChosen) {
  using C = ContentCoding;
  EXPECT_EQ(ChooseContentCoding("br;q=0, gzip", true, true), C::kGzip);
  EXPECT_EQ(ChooseContentCoding("br; q=0.000, gzip;q=0", true, true), C::kIdentity);
  EXPECT_EQ(ChooseContentCoding("*;q=0", true, true), C::kIdentity);
  EXPECT_EQ(ChooseContentCoding("*, br;q=0", true, true), C::kGzip);
  EXPECT_EQ(ChooseContentCoding("gzip;q=0, *", true, false), C::kIdentity);
  // A malformed weight never selects a coding.
  EXPECT_EQ(ChooseContentCoding("br;q=abc, gzip;q=2", true, true), C::kIdentity);
}

}  // namespace
}  // namespace suiji::api
