#include "core/draw/buffer.h"

#include <gtest/gtest.h>

#include <cstring>

namespace suiji::draw {
namespace {

constexpr size_t kMiB = size_t{1} << 20;

// Every byte of the buffer written and read back.
bool WritesAndReadsBack(const HugeBuffer& b, uint8_t value) {
  std::memset(b.As<uint8_t>(), value, b.size());
  for (size_t i = 0; i < b.size(); i += 4093) {
    if (b.As<uint8_t>()[i] != value) return false;
  }
  return b.As<uint8_t>()[b.size() - 1] == value;
}

TEST(HugeBufferTest, AReleasedMappingServesTheNextBufferOfASimilarSizeOnly) {
  HugeBuffer a(100 * kMiB);
  ASSERT_TRUE(WritesAndReadsBack(a, 0x5a));
  const uint8_t* const first = a.As<uint8_t>();
  const size_t kept_before = HugeBuffer::RetainedBytes();
  a = HugeBuffer();
  EXPECT_GT(HugeBuffer::RetainedBytes(), kept_before);

  HugeBuffer b(90 * kMiB);  // fits, and the kept mapping is less than twice its size
  EXPECT_EQ(b.As<uint8_t>(), first);
  EXPECT_EQ(HugeBuffer::RetainedBytes(), kept_before);
  EXPECT_TRUE(WritesAndReadsBack(b, 0xa5));
  b = HugeBuffer();

  HugeBuffer small(40 * kMiB);  // the kept mapping is more than twice this: not taken
  EXPECT_NE(small.As<uint8_t>(), first);
  HugeBuffer large(300 * kMiB);  // does not fit
  EXPECT_NE(large.As<uint8_t>(), first);
  EXPECT_TRUE(WritesAndReadsBack(small, 1));
  EXPECT_TRUE(WritesAndReadsBack(large, 2));
}

TEST(HugeBufferTest, AtMostOneGibibyteIsKept) {
  {
    HugeBuffer x(400 * kMiB), y(400 * kMiB), z(400 * kMiB);  // mapped, never touched
  }
  EXPECT_LE(HugeBuffer::RetainedBytes(), size_t{1} << 30);
  EXPECT_GE(HugeBuffer::RetainedBytes(), 800 * kMiB);
  // Small buffers come from malloc and are never kept.
  const size_t kept = HugeBuffer::RetainedBytes();
  { HugeBuffer tiny(1000); }
  EXPECT_EQ(HugeBuffer::RetainedBytes(), kept);
}

}  // namespace
}  // namespace suiji::draw
