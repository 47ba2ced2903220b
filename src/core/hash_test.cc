#include "core/hash.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>

namespace suiji {
namespace {

TEST(HashTest, Sha256OfEmptyAndAbcMatchFips180Vectors) {
  EXPECT_EQ(ToHex(Sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(ToHex(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(HashTest, IncrementalEqualsOneShotAndResets) {
  Sha256Hasher h;
  h.Update("a").Update("bc");
  EXPECT_EQ(h.Finish(), Sha256("abc"));
  h.Update("abc");
  EXPECT_EQ(h.Finish(), Sha256("abc"));
}

// The hasher gathers small updates in a buffer: pieces smaller than it, exactly its size, larger
// than it and empty ones, in any mix, give the FIPS 180-2 digest of one million 'a'.
TEST(HashTest, UpdatesOfEverySizeAroundTheBufferGiveTheSameDigest) {
  constexpr std::string_view kMillionA =
      "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
  const std::string a(1'000'000, 'a');
  Sha256Hasher h;
  for (const size_t piece : {size_t{1}, size_t{7}, size_t{63}, size_t{4095}, size_t{4096},
                             size_t{4097}, size_t{10'000}, size_t{1'000'000}}) {
    size_t fed = 0;
    for (size_t k = 0; fed < a.size(); ++k) {
      // Alternate the piece with a one-byte and an empty update, to land at every offset.
      const size_t n = std::min(k % 3 == 0   ? piece
                                : k % 3 == 1 ? size_t{1}
                                             : size_t{0},
                                a.size() - fed);
      h.Update(std::string_view(a).substr(fed, n));
      fed += n;
    }
    EXPECT_EQ(ToHex(h.Finish()), kMillionA) << "pieces of " << piece;
  }
  EXPECT_EQ(ToHex(Sha256(a)), kMillionA);
}

TEST(HashTest, LengthPrefixIsFourByteBigEndian) {
  Sha256Hasher h;
  h.UpdateLengthPrefixed("xy");
  EXPECT_EQ(h.Finish(), Sha256(std::string("\0\0\0\2xy", 6)));
}

TEST(HashTest, HexRoundTripAndRejectsGarbage) {
  EXPECT_EQ(ToHex("\x01\xab"), "01ab");
  EXPECT_EQ(*FromHex("01AB"), "\x01\xab");
  EXPECT_FALSE(FromHex("abc").has_value());
  EXPECT_FALSE(FromHex("zz").has_value());
}

TEST(HashTest, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
}

}  // namespace
}  // namespace suiji
