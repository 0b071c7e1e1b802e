// Exhaustive agreement of proof generation and verification with the
// brute-force RFC 6962 reference (reference_tree.h) for every tree size up to
// 300, every leaf index and every pair size1 <= size2, plus the mutation
// family of each valid proof.
#include "ct/merkle/prove.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "ct/merkle/hash.h"
#include "ct/merkle/hash_source.h"
#include "ct/merkle/reference_tree.h"
#include "ct/merkle/verify.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

using ::ct::internal::ReferenceTree;

constexpr uint64_t kMaxSize = 300;

std::vector<Hash> Leaves(uint64_t n) {
  std::vector<Hash> out;
  for (uint64_t i = 0; i < n; ++i) {
    std::string entry = "leaf " + std::to_string(i);
    out.push_back(HashLeaf(entry));
  }
  return out;
}

// Distinct pseudo-random hashes for mutations and probing.
Hash Junk(uint64_t seed) {
  return HashLeaf("junk " + std::to_string(seed));
}

// A mutated claim may verify only if the verifier cannot tell it from the
// original one: both compute the same roots from every proof. (Example:
// leaf 0 of size 3 and of size 4 chain the same two hashes the same way.)
// Checked on a fresh pseudo-random proof of the same length.
bool SameInclusionFunction(uint64_t i1, uint64_t n1, uint64_t i2, uint64_t n2,
                           size_t proof_size) {
  std::vector<Hash> probe;
  for (size_t j = 0; j < proof_size; ++j) probe.push_back(Junk(1000 + j));
  const Hash leaf = Junk(999);
  absl::StatusOr<Hash> a = RootFromInclusionProof(leaf, i1, n1, probe);
  absl::StatusOr<Hash> b = RootFromInclusionProof(leaf, i2, n2, probe);
  return a.ok() && b.ok() && *a == *b;
}

// ConsistencyFunction returns (root1, root2) that `proof` ties together for
// the sizes, using the mismatch payload to learn the implied first root.
std::optional<std::pair<Hash, Hash>> ConsistencyFunction(
    uint64_t size1, uint64_t size2, const std::vector<Hash>& proof,
    const Hash& root1_guess) {
  absl::StatusOr<Hash> r = RootFromConsistencyProof(size1, size2, proof, root1_guess);
  if (r.ok()) return std::make_pair(root1_guess, *r);
  if (!IsRootMismatch(r.status())) return std::nullopt;
  auto payload = r.status().GetPayload(kRootMismatchPayloadUrl);
  absl::StatusOr<Hash> implied1 = HashFromBytes(std::string(*payload));
  if (!implied1.ok()) return std::nullopt;
  r = RootFromConsistencyProof(size1, size2, proof, *implied1);
  if (!r.ok()) return std::nullopt;
  return std::make_pair(*implied1, *r);
}

bool SameConsistencyFunction(uint64_t a1, uint64_t a2, uint64_t b1,
                             uint64_t b2, size_t proof_size) {
  std::vector<Hash> probe;
  for (size_t j = 0; j < proof_size; ++j) probe.push_back(Junk(2000 + j));
  auto a = ConsistencyFunction(a1, a2, probe, Junk(1999));
  auto b = ConsistencyFunction(b1, b2, probe, Junk(1999));
  return a.has_value() && b.has_value() && *a == *b;
}

// Node-level mutations of `proof`: each node flipped, a node appended or
// prepended, the first or last node dropped.
std::vector<std::vector<Hash>> MutatedProofs(const std::vector<Hash>& proof) {
  std::vector<std::vector<Hash>> out;
  for (size_t j = 0; j < proof.size(); ++j) {
    std::vector<Hash> p = proof;
    p[j][j % kHashSize] ^= 0x01;
    out.push_back(p);
  }
  std::vector<Hash> appended = proof;
  appended.push_back(Junk(1));
  out.push_back(appended);
  std::vector<Hash> prepended = proof;
  prepended.insert(prepended.begin(), Junk(2));
  out.push_back(prepended);
  if (!proof.empty()) {
    out.emplace_back(proof.begin() + 1, proof.end());
    out.emplace_back(proof.begin(), proof.end() - 1);
  }
  return out;
}

class ExhaustiveTest : public ::testing::TestWithParam<int> {
 protected:
  ExhaustiveTest() : reference_(Leaves(kMaxSize)) {
    tree_.AppendLeaves(reference_.leaves());
  }
  // This shard's sizes: n with n % kShards == GetParam().
  static constexpr int kShards = 6;

  ReferenceTree reference_;
  InMemoryTree tree_;
};

TEST_P(ExhaustiveTest, RootsMatchReference) {
  for (uint64_t n = GetParam(); n <= kMaxSize; n += kShards) {
    absl::StatusOr<Hash> root = RootAtSize(tree_, n);
    ASSERT_TRUE(root.ok()) << root.status();
    EXPECT_EQ(*root, reference_.Mth(0, n)) << "size " << n;
  }
}

TEST_P(ExhaustiveTest, InclusionProofsMatchReferenceAndMutationsFail) {
  for (uint64_t n = std::max(GetParam(), 1); n <= kMaxSize; n += kShards) {
    const Hash root = reference_.Mth(0, n);
    for (uint64_t i = 0; i < n; ++i) {
      const Hash& leaf = reference_.leaves()[i];
      absl::StatusOr<std::vector<Hash>> proof = InclusionProof(tree_, i, n);
      ASSERT_TRUE(proof.ok()) << proof.status();
      ASSERT_EQ(*proof, reference_.Path(i, n)) << i << " in " << n;
      ASSERT_EQ(proof->size(), InclusionProofSize(i, n));
      ASSERT_TRUE(VerifyInclusion(leaf, i, n, *proof, root).ok())
          << i << " in " << n;

      // Index and size mutations.
      std::vector<std::pair<uint64_t, uint64_t>> claims = {
          {i + 1, n}, {i, n + 1}, {i, n - 1}, {i, 2 * n}};
      if (i > 0) claims.push_back({i - 1, n});
      for (auto [i2, n2] : claims) {
        absl::Status s = VerifyInclusion(leaf, i2, n2, *proof, root);
        if (s.ok()) {
          EXPECT_TRUE(SameInclusionFunction(i, n, i2, n2, proof->size()))
              << "leaf " << i << " of " << n << " accepted as " << i2
              << " of " << n2;
        }
      }
      // Node mutations, wrong leaf and wrong root.
      for (const std::vector<Hash>& bad : MutatedProofs(*proof)) {
        EXPECT_FALSE(VerifyInclusion(leaf, i, n, bad, root).ok())
            << i << " in " << n;
      }
      EXPECT_TRUE(IsRootMismatch(VerifyInclusion(Junk(3), i, n, *proof, root)));
      Hash bad_root = root;
      bad_root[31] ^= 0x80;
      EXPECT_TRUE(IsRootMismatch(VerifyInclusion(leaf, i, n, *proof, bad_root)));
    }
  }
}

TEST_P(ExhaustiveTest, ConsistencyProofsMatchReferenceAndMutationsFail) {
  for (uint64_t n = std::max(GetParam(), 1); n <= kMaxSize; n += kShards) {
    const Hash root2 = reference_.Mth(0, n);
    for (uint64_t m = 1; m <= n; ++m) {
      const Hash root1 = reference_.Mth(0, m);
      absl::StatusOr<std::vector<Hash>> proof = ConsistencyProof(tree_, m, n);
      ASSERT_TRUE(proof.ok()) << proof.status();
      ASSERT_EQ(*proof, reference_.Proof(m, n)) << m << " -> " << n;
      ASSERT_EQ(proof->size(), ConsistencyProofSize(m, n));
      ASSERT_TRUE(VerifyConsistency(m, n, *proof, root1, root2).ok())
          << m << " -> " << n;

      // Size mutations.
      std::vector<std::pair<uint64_t, uint64_t>> claims = {
          {m + 1, n}, {m - 1, n}, {m, n + 1}, {m, n - 1}, {m, 2 * n}};
      for (auto [m2, n2] : claims) {
        absl::Status s = VerifyConsistency(m2, n2, *proof, root1, root2);
        if (s.ok()) {
          EXPECT_TRUE(SameConsistencyFunction(m, n, m2, n2, proof->size()))
              << m << " -> " << n << " accepted as " << m2 << " -> " << n2;
        }
      }
      // Node mutations and swapped roots.
      for (const std::vector<Hash>& bad : MutatedProofs(*proof)) {
        EXPECT_FALSE(VerifyConsistency(m, n, bad, root1, root2).ok())
            << m << " -> " << n;
      }
      if (m != n) {
        EXPECT_FALSE(VerifyConsistency(m, n, *proof, root2, root1).ok())
            << m << " -> " << n;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Shards, ExhaustiveTest, ::testing::Range(0, 6));

TEST(ProveTest, RejectsBadSizes) {
  InMemoryTree tree;
  tree.AppendLeaves(Leaves(10));
  EXPECT_EQ(InclusionProof(tree, 10, 10).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(InclusionProof(tree, 0, 0).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(ConsistencyProof(tree, 0, 5).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ConsistencyProof(tree, 6, 5).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_TRUE(ConsistencyProof(tree, 5, 5)->empty());
  // Sizes beyond the source's tree surface the source's kOutOfRange.
  EXPECT_EQ(InclusionProof(tree, 3, 11).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(ConsistencyProof(tree, 3, 12).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(RootAtSize(tree, 11).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(*RootAtSize(tree, 0), EmptyRoot());
}

TEST(InMemoryTreeTest, RejectsHostileNodeIds) {
  InMemoryTree tree;
  tree.AppendLeaves(Leaves(5));
  EXPECT_EQ(tree.NodeHash(64, 0).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(tree.NodeHash(0xffffffff, ~uint64_t{0}).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(tree.NodeHash(1, 2).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(tree.NodeHash(2, 1).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_TRUE(tree.NodeHash(2, 0).ok());
  EXPECT_EQ(*tree.NodeHash(0, 4), tree.NodeHashes({{0, 4}})->at(0));
}

// A source that counts reads, to check the O(log n) bound.
class CountingSource final : public HashSource {
 public:
  absl::StatusOr<std::vector<Hash>> NodeHashes(
      absl::Span<const NodeId> ids) override {
    reads += ids.size();
    ++calls;
    std::vector<Hash> out;
    for (const NodeId& id : ids) {
      if (id.level >= 64) return absl::OutOfRangeError("level");
      out.push_back(Junk(id.level * 1000003 + id.index));
    }
    return out;
  }
  size_t reads = 0;
  size_t calls = 0;
};

// A source whose storage is down, and one that returns too few hashes.
class BrokenSource final : public HashSource {
 public:
  explicit BrokenSource(bool short_answer) : short_answer_(short_answer) {}
  absl::StatusOr<std::vector<Hash>> NodeHashes(
      absl::Span<const NodeId> ids) override {
    if (short_answer_) return std::vector<Hash>(ids.empty() ? 0 : ids.size() - 1);
    return absl::UnavailableError("tile fetch failed");
  }

 private:
  bool short_answer_;
};

TEST(ProveTest, PassesSourceErrorsThrough) {
  BrokenSource down(false);
  EXPECT_EQ(InclusionProof(down, 3, 10).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(ConsistencyProof(down, 3, 10).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(RootAtSize(down, 10).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(down.NodeHash(0, 0).status().code(), absl::StatusCode::kUnavailable);
  BrokenSource short_answer(true);
  EXPECT_EQ(InclusionProof(short_answer, 3, 10).status().code(),
            absl::StatusCode::kInternal);
  EXPECT_EQ(RootAtSize(short_answer, 10).status().code(),
            absl::StatusCode::kInternal);
  EXPECT_EQ(short_answer.NodeHash(0, 0).status().code(),
            absl::StatusCode::kInternal);
}

TEST(ProveTest, ReadsLogarithmicallyManyNodesInOneCall) {
  const uint64_t size = (uint64_t{1} << 40) + 123456789;  // no tree needed
  CountingSource source;
  ASSERT_TRUE(InclusionProof(source, 987654321, size).ok());
  EXPECT_EQ(source.calls, 1u);
  EXPECT_LE(source.reads, 2u * 41);
  source.reads = source.calls = 0;
  ASSERT_TRUE(ConsistencyProof(source, 3000000001, size).ok());
  EXPECT_EQ(source.calls, 1u);
  EXPECT_LE(source.reads, 2u * 41);
  source.reads = source.calls = 0;
  ASSERT_TRUE(RootAtSize(source, size).ok());
  EXPECT_EQ(source.reads, static_cast<size_t>(__builtin_popcountll(size)));
  // Near 2^64.
  source.reads = 0;
  ASSERT_TRUE(InclusionProof(source, 5, ~uint64_t{0}).ok());
  ASSERT_TRUE(ConsistencyProof(source, ~uint64_t{0} - 1, ~uint64_t{0}).ok());
  ASSERT_TRUE(RootAtSize(source, ~uint64_t{0}).ok());
}

}  // namespace
}  // namespace ct
