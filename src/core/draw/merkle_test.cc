#include "core/draw/merkle.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/hash.h"

namespace suiji::draw {
namespace {

// RFC 6962 §2.1 as written: recursive split at the largest power of two below n.
std::string ReferenceMth(const std::vector<std::string>& leaves, size_t begin, size_t end) {
  const size_t n = end - begin;
  if (n == 0) return Sha256("");
  if (n == 1) return Sha256(std::string(1, '\0') + leaves[begin]);
  size_t k = 1;
  while (k * 2 < n) k *= 2;
  return Sha256(std::string(1, '\1') + ReferenceMth(leaves, begin, begin + k) +
                ReferenceMth(leaves, begin + k, end));
}

std::string Root(const std::vector<std::string>& leaves, unsigned threads) {
  std::vector<Digest> hashes;
  for (const std::string& l : leaves) hashes.push_back(MerkleLeafHash(l));
  return ToHex(AsBytes(MerkleRootFromLeafHashes(std::move(hashes), threads)));
}

TEST(MerkleTest, EmptyTreeIsHashOfEmptyString) {
  EXPECT_EQ(Root({}, 1), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(MerkleTest, MatchesCertificateTransparencyReferenceRoots) {
  // certificate-transparency merkle_tree_test: roots over the first n reference leaves.
  const std::vector<std::string> leaves = {"",
                                           "00",
                                           "10",
                                           "2021",
                                           "3031",
                                           "40414243",
                                           "5051525354555657",
                                           "606162636465666768696a6b6c6d6e6f"};
  const std::vector<std::string> roots = {
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
  std::vector<std::string> raw;
  for (size_t n = 1; n <= leaves.size(); ++n) {
    raw.push_back(*FromHex(leaves[n - 1]));
    EXPECT_EQ(Root(raw, 1), roots[n - 1]) << n << " leaves";
  }
}

TEST(MerkleTest, BottomUpEqualsRecursiveDefinitionForEverySizeUpToTwoHundred) {
  std::vector<std::string> leaves;
  for (size_t n = 0; n <= 200; ++n) {
    EXPECT_EQ(Root(leaves, 1), ToHex(ReferenceMth(leaves, 0, leaves.size()))) << n << " leaves";
    leaves.push_back("leaf-" + std::to_string(n));
  }
}

TEST(MerkleTest, RootDoesNotDependOnThreadCount) {
  std::vector<std::string> leaves;
  for (int i = 0; i < 50001; ++i) leaves.push_back(std::to_string(i));
  EXPECT_EQ(Root(leaves, 1), Root(leaves, 2));
  EXPECT_EQ(Root(leaves, 1), Root(leaves, 7));
}

// Blocks of kMerkleBatch reduced in place on several threads, then their roots: sizes around
// the block boundaries, every SHA-256 path and several thread counts.
TEST(MerkleTest, BlockwiseRootEqualsRecursiveDefinitionAroundBlockBoundaries) {
  std::vector<std::string> all;
  for (size_t i = 0; i < 3 * kMerkleBatch + 2; ++i) all.push_back("leaf " + std::to_string(i));
  for (const size_t n : {size_t{0}, size_t{1}, size_t{2}, size_t{3}, kMerkleBatch - 1, kMerkleBatch,
                         kMerkleBatch + 1, 2 * kMerkleBatch + 3, all.size()}) {
    const std::vector<std::string> leaves(all.begin(), all.begin() + n);
    const std::string expected = ToHex(ReferenceMth(leaves, 0, n));
    std::vector<Digest> hashes;
    for (const std::string& l : leaves) hashes.push_back(MerkleLeafHash(l));
    for (const Sha256Path path :
         {Sha256Path::kOpenSsl, Sha256Path::kShaNi1, Sha256Path::kShaNi4, Sha256Path::kShaNi8}) {
      for (const unsigned threads : {1u, 2u, 5u}) {
        EXPECT_EQ(ToHex(AsBytes(MerkleRootFromLeafHashes(hashes, threads, path))), expected)
            << n << " leaves, " << threads << " threads";
      }
    }
  }
}

// The leaf hashes stored in another order and gathered through `order`: the root of the
// leaves in the gathered order, the stored hashes untouched.
TEST(MerkleTest, GatheredRootEqualsRootOfTheLeavesInGatherOrder) {
  const size_t total = 2 * kMerkleBatch + 5;
  std::vector<std::string> leaves;
  for (size_t i = 0; i < total; ++i) leaves.push_back("leaf " + std::to_string(i));
  // Stored shuffled: stored[i] holds leaf perm[i]; order[k] says where leaf k is stored.
  std::vector<uint32_t> perm(total);
  for (size_t i = 0; i < total; ++i) perm[i] = static_cast<uint32_t>((i * 7919) % total);
  std::vector<uint32_t> order(total);
  std::vector<Digest> stored(total);
  for (size_t i = 0; i < total; ++i) {
    stored[i] = MerkleLeafHash(leaves[perm[i]]);
    order[perm[i]] = static_cast<uint32_t>(i);
  }
  const std::vector<Digest> before = stored;
  for (const size_t n : {size_t{0}, size_t{1}, size_t{5}, kMerkleBatch, kMerkleBatch + 1, total}) {
    const std::vector<std::string> first(leaves.begin(), leaves.begin() + n);
    const std::string expected = ToHex(ReferenceMth(first, 0, n));
    for (const unsigned threads : {1u, 2u, 3u}) {
      EXPECT_EQ(ToHex(AsBytes(MerkleRootOfGathered(stored.data(), order.data(), n, threads))),
                expected)
          << n << " leaves, " << threads << " threads";
    }
  }
  EXPECT_EQ(stored, before);
}

}  // namespace
}  // namespace suiji::draw
