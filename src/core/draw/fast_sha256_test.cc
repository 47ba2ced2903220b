#include "core/draw/fast_sha256.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "core/hash.h"

namespace suiji::draw {
namespace {

constexpr Sha256Path kPaths[] = {Sha256Path::kAuto,   Sha256Path::kOpenSsl, Sha256Path::kShaNi1,
                                 Sha256Path::kShaNi2, Sha256Path::kShaNi4,  Sha256Path::kShaNi8};

std::string PathName(Sha256Path p) {
  const Sha256Kernel& k = Sha256KernelFor(p);
  return "path " + std::to_string(static_cast<int>(p)) + " (runs as " +
         std::to_string(static_cast<int>(k.path)) + ", " + std::to_string(k.lanes) + " lanes)";
}

std::string Words(const uint32_t h[8]) {
  Digest d;
  StoreDigest(h, d.data());
  return std::string(AsBytes(d));
}

// Hashes `messages` through Sha256Stream from `start`; results by message index.
struct Collect {
  using Tag = size_t;
  const std::vector<std::string>& messages;
  std::vector<std::string> out;
  std::vector<int> emitted;
  size_t next = 0;

  bool Next(std::string_view& m, size_t& tag) {
    if (next == messages.size()) return false;
    m = messages[next];
    tag = next++;
    return true;
  }
  void Emit(const size_t& tag, const uint32_t h[8]) {
    out[tag] = Words(h);
    ++emitted[tag];
  }
};

std::vector<std::string> Stream(Sha256Path path, const Sha256Start& start,
                                const std::vector<std::string>& messages) {
  Collect c{messages, std::vector<std::string>(messages.size()),
            std::vector<int>(messages.size(), 0)};
  Sha256Stream(Sha256KernelFor(path), start, c);
  for (size_t i = 0; i < messages.size(); ++i) EXPECT_EQ(c.emitted[i], 1) << "message " << i;
  return c.out;
}

std::string RandomBytes(std::mt19937_64& rng, size_t n) {
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

TEST(FastSha256Test, CpuCheckAgreesWithProcCpuinfoWhereThereIsOne) {
  // The kernels exist on every x86-64 build; which one runs depends on CPUID alone.
  const Sha256Kernel& k = Sha256KernelFor(Sha256Path::kAuto);
  EXPECT_EQ(k.path, CpuHasShaNi() ? Sha256Path::kShaNi4 : Sha256Path::kOpenSsl);
  EXPECT_EQ(Sha256KernelFor(Sha256Path::kOpenSsl).path, Sha256Path::kOpenSsl);
  std::cout << "SHA-NI " << (CpuHasShaNi() ? "present" : "absent: every path runs OpenSSL") << "\n";
}

TEST(FastSha256Test, Fips180Vectors) {
  const std::vector<std::string> messages = {
      "", "abc", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlm"
      "nopqrsmnopqrstnopqrstu"};
  const std::vector<std::string> expected = {
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"};
  for (const Sha256Path p : kPaths) {
    const std::vector<std::string> got = Stream(p, Sha256Iv(), messages);
    for (size_t i = 0; i < messages.size(); ++i) {
      EXPECT_EQ(ToHex(got[i]), expected[i]) << PathName(p) << ", vector " << i;
    }
  }
  EXPECT_EQ(ToHex(AsBytes(Sha256Of("abc"))), expected[1]);
}

TEST(FastSha256Test, EveryPathEqualsOpenSslOnEveryLengthUpTo300) {
  std::mt19937_64 rng(15);
  std::vector<std::string> messages;
  for (size_t len = 0; len <= 300; ++len) messages.push_back(RandomBytes(rng, len));
  std::vector<std::string> expected;
  for (const std::string& m : messages) expected.push_back(Sha256(m));
  for (const Sha256Path p : kPaths) {
    EXPECT_EQ(Stream(p, Sha256Iv(), messages), expected) << PathName(p);
    for (size_t i = 0; i < messages.size(); ++i) {
      uint32_t h[8];
      Sha256Single(Sha256KernelFor(p), Sha256Iv(), messages[i], h);
      EXPECT_EQ(Words(h), expected[i]) << PathName(p) << ", length " << i;
    }
  }
}

TEST(FastSha256Test, StreamsOfMixedLengthsFromAMidstateEqualOpenSslForEveryCount) {
  // Lanes finish out of order when one- and two-block messages mix, and the stream's tail runs
  // lane by lane: every count from 0 to 40, lengths drawn around the one/two-block boundary
  // (55/56 bytes after a 64-byte prefix) and past the lane limit (119).
  std::mt19937_64 rng(7);
  const std::string prefix = RandomBytes(rng, 64);
  const Sha256Midstate mid(prefix);
  const size_t lengths[] = {0, 1, 18, 54, 55, 56, 63, 64, 65, 100, 118, 119, 120, 200};
  for (size_t count = 0; count <= 40; ++count) {
    std::vector<std::string> messages;
    std::vector<std::string> expected;
    for (size_t i = 0; i < count; ++i) {
      messages.push_back(RandomBytes(rng, lengths[rng() % std::size(lengths)]));
      expected.push_back(Sha256(prefix + messages.back()));
    }
    for (const Sha256Path p : kPaths) {
      EXPECT_EQ(Stream(p, mid.start(), messages), expected) << PathName(p) << ", " << count;
    }
  }
  for (const size_t len : lengths) {
    const std::string tail = RandomBytes(rng, len);
    const std::array<uint32_t, 8> w = mid.FinishWords(tail);
    EXPECT_EQ(Words(w.data()), Sha256(prefix + tail)) << len;
  }
}

// Fixed-size lanes: messages written straight into each lane's zeroed slot, one or two blocks
// each, from the IV or a midstate; every count from 0 to 20 (full sets of lanes, a partial last
// set, none), every path; digests handed back in commit order, once each.
template <int Blocks>
void ExpectFixedLanesEqualOpenSsl(const size_t* lengths, size_t count_of_lengths) {
  std::mt19937_64 rng(35 + Blocks);
  const std::string prefix = RandomBytes(rng, 64);
  const Sha256Midstate mid(prefix);
  for (const bool from_mid : {false, true}) {
    const Sha256Start& start = from_mid ? mid.start() : Sha256Iv();
    for (size_t count = 0; count <= 20; ++count) {
      std::vector<std::string> messages;
      std::vector<std::string> expected;
      for (size_t i = 0; i < count; ++i) {
        messages.push_back(RandomBytes(rng, lengths[rng() % count_of_lengths]));
        expected.push_back(Sha256((from_mid ? prefix : "") + messages.back()));
      }
      for (const Sha256Path p : kPaths) {
        std::vector<std::string> out;
        std::vector<size_t> order;
        auto emit = [&](const size_t& tag, const uint32_t h[8]) {
          order.push_back(tag);
          out.push_back(Words(h));
        };
        Sha256FixedLanes<Blocks, size_t, decltype(emit)> lanes(Sha256KernelFor(p), start, emit);
        for (size_t i = 0; i < count; ++i) {
          uint8_t* slot = lanes.Slot();
          std::copy(messages[i].begin(), messages[i].end(), slot);
          Sha256PadAt(slot, Blocks, start, messages[i].size());
          lanes.Commit(i);
        }
        lanes.Finish();
        std::vector<size_t> in_order(count);
        for (size_t i = 0; i < count; ++i) in_order[i] = i;
        EXPECT_EQ(order, in_order) << PathName(p) << ", " << count;
        EXPECT_EQ(out, expected) << PathName(p) << ", " << count << (from_mid ? ", midstate" : "");
      }
    }
  }
}

TEST(FastSha256Test, FixedLanesOfOneAndTwoBlocksEqualOpenSsl) {
  const size_t one[] = {0, 1, 18, 33, 54, 55};
  ExpectFixedLanesEqualOpenSsl<1>(one, std::size(one));
  const size_t two[] = {56, 61, 64, 65, 100, 118, 119};
  ExpectFixedLanesEqualOpenSsl<2>(two, std::size(two));
}

TEST(FastSha256Test, ManyRandomMessagesAgreeAcrossPaths) {
  std::mt19937_64 rng(2026);
  std::vector<std::string> messages;
  for (int i = 0; i < 20000; ++i) messages.push_back(RandomBytes(rng, rng() % 130));
  const std::vector<std::string> reference = Stream(Sha256Path::kOpenSsl, Sha256Iv(), messages);
  for (size_t i = 0; i < messages.size(); i += 997) EXPECT_EQ(reference[i], Sha256(messages[i]));
  for (const Sha256Path p : kPaths) {
    EXPECT_EQ(Stream(p, Sha256Iv(), messages), reference) << PathName(p);
  }
}

}  // namespace
}  // namespace suiji::draw
