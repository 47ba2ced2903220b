#include "core/draw/commitment.h"

#include <gtest/gtest.h>

#include "core/hash.h"

namespace suiji::draw {
namespace {

TEST(CommitmentTest, LengthPrefixIsBigEndianByteCount) {
  EXPECT_EQ(ByteWriter().Lp("甲").Take(), std::string("\0\0\0\3", 4) + "甲");
  EXPECT_EQ(ByteWriter().U32(0x01020304).Take(), "\x01\x02\x03\x04");
}

TEST(CommitmentTest, CommitHashesTheRawSecretNotItsHex) {
  const std::string secret(32, '\x01');
  EXPECT_EQ(Commit(secret), Sha256(std::string("\0\0\0\x10", 4) + "SJ-DRAW-1/secret" + secret));
}

TEST(CommitmentTest, SeedIsHexOfMasterAndDependsOnEveryValue) {
  const std::vector<std::string> names = {"甲", "乙"};
  const std::string secret(32, '\x02');
  const DrawSeed a = DeriveSeed(std::string(32, 'p'), names, {"1", "2"}, secret);
  EXPECT_EQ(a.seed, ToHex(a.master));
  EXPECT_NE(a.seed, DeriveSeed(std::string(32, 'p'), names, {"1", "3"}, secret).seed);
  EXPECT_NE(a.seed, DeriveSeed(std::string(32, 'q'), names, {"1", "2"}, secret).seed);
  // Length prefixes keep ("12", "") and ("1", "2") apart.
  EXPECT_NE(DeriveSeed("p", {"a", "b"}, {"12", "x"}, secret).randomness,
            DeriveSeed("p", {"a", "b"}, {"1", "2x"}, secret).randomness);
}

TEST(CommitmentTest, Utf8ValidationRejectsMalformedOverlongAndSurrogates) {
  EXPECT_TRUE(IsValidUtf8("统一社会信用代码 😀 abc"));
  EXPECT_FALSE(IsValidUtf8("\xe7\xbb"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // U+D800
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
}

TEST(CommitmentTest, IdsAreNonEmptyAtMost64BytesWithoutHash) {
  EXPECT_TRUE(ValidateId(std::string(64, 'a'), IdKind::kTarget).ok());
  EXPECT_TRUE(
      ValidateId("统一社会信用代码统一社会信用代码统一社会信", IdKind::kTarget).ok());  // 63 bytes
  EXPECT_EQ(ValidateId(std::string(65, 'a'), IdKind::kTarget).reason(), kReasonIdTooLong);
  EXPECT_EQ(ValidateId("", IdKind::kTask).reason(), kReasonIdEmpty);
  EXPECT_EQ(ValidateId("a#b", IdKind::kInspector).reason(), kReasonIdHasHash);
}

// IsPlainId against the byte-by-byte rule, for every length around its 8-byte words and every
// position of a '#', a byte with its high bit set, and bytes next to '#' in value.
TEST(CommitmentTest, PlainIdCheckAgreesWithTheByteRule) {
  auto plain = [](std::string_view id) {
    if (id.empty() || id.size() > kMaxIdBytes) return false;
    for (const char c : id)
      if (static_cast<unsigned char>(c) >= 0x80 || c == '#') return false;
    return true;
  };
  for (size_t n = 0; n <= kMaxIdBytes + 2; ++n) {
    const std::string base(n, 'A');
    ASSERT_EQ(IsPlainId(base), plain(base)) << n;
    for (size_t at = 0; at < n; ++at) {
      for (const char c : {'#', '\x80', '\xff', '\x22', '\x24', '\x03', '\x7f'}) {
        std::string id = base;
        id[at] = c;
        ASSERT_EQ(IsPlainId(id), plain(id)) << n << " " << at << " " << int(c);
      }
    }
  }
}

TEST(CommitmentTest, SourceRulesNameTheOffendingSource) {
  EXPECT_EQ(ValidateSourceNames({}).reason(), kReasonNoSource);
  EXPECT_EQ(ValidateSourceNames({"a", ""}).reason(), kReasonSourceNameEmpty);
  const Status s = ValidateSourceValues({"福彩3D"}, {""});
  EXPECT_EQ(s.reason(), kReasonSourceValueEmpty);
  EXPECT_NE(s.message().find("福彩3D"), std::string_view::npos);
}

}  // namespace
}  // namespace suiji::draw
