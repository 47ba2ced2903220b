#include "core/hash.h"

#include <gtest/gtest.h>

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
