#include "ct/merkle/compact_range.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "ct/merkle/hash.h"
#include "ct/merkle/reference_tree.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

using ::ct::internal::ReferenceTree;

std::vector<Hash> Leaves(uint64_t n) {
  std::vector<Hash> out;
  for (uint64_t i = 0; i < n; ++i) out.push_back(HashLeaf(std::to_string(i)));
  return out;
}

CompactRange RangeOf(const std::vector<Hash>& leaves, uint64_t begin,
                     uint64_t end) {
  CompactRange r(begin);
  for (uint64_t i = begin; i < end; ++i) r.Append(leaves[i]);
  return r;
}

TEST(CompactRangeTest, RootMatchesReferenceForEverySizeTo300) {
  std::vector<Hash> leaves = Leaves(300);
  ReferenceTree ref(leaves);
  CompactRange r;
  EXPECT_EQ(r.Root(), EmptyRoot());
  for (uint64_t n = 1; n <= 300; ++n) {
    r.Append(leaves[n - 1]);
    ASSERT_EQ(r.end(), n);
    ASSERT_EQ(r.nodes().size(), static_cast<size_t>(__builtin_popcountll(n)));
    ASSERT_EQ(r.Root(), ref.Mth(0, n)) << n;
  }
}

TEST(CompactRangeTest, NodesAreThePerfectSubtreesOfTheRange) {
  std::vector<Hash> leaves = Leaves(70);
  ReferenceTree ref(leaves);
  for (uint64_t begin = 0; begin <= 70; ++begin) {
    for (uint64_t end = begin; end <= 70; ++end) {
      CompactRange r = RangeOf(leaves, begin, end);
      ASSERT_EQ(r.nodes().size(), CompactRange::NodeCount(begin, end));
      // Greedy maximal aligned subtrees, left to right.
      uint64_t pos = begin;
      for (const Hash& node : r.nodes()) {
        uint64_t size = 1;
        while (pos % (2 * size) == 0 && pos + 2 * size <= end) size *= 2;
        ASSERT_EQ(node, ref.Mth(pos, pos + size)) << begin << " " << end;
        pos += size;
      }
      ASSERT_EQ(pos, end);
    }
  }
}

TEST(CompactRangeTest, AppendLeavesEqualsAppendingOneByOne) {
  std::vector<Hash> leaves = Leaves(3000);
  for (uint64_t begin : {0, 1, 5, 1024, 1500}) {
    for (size_t first : {size_t{0}, size_t{1}, size_t{3}, size_t{700}}) {
      CompactRange want = RangeOf(leaves, begin, leaves.size());
      CompactRange got(begin);
      const size_t split = std::min(begin + first, uint64_t{leaves.size()});
      got.AppendLeaves(absl::MakeConstSpan(leaves).subspan(begin, split - begin));
      got.AppendLeaves(absl::MakeConstSpan(leaves).subspan(split));
      EXPECT_EQ(got, want) << begin << " " << first;
    }
  }
}

TEST(CompactRangeTest, MergeEqualsSequentialAppend) {
  std::vector<Hash> leaves = Leaves(40);
  for (uint64_t a = 0; a <= 40; ++a) {
    for (uint64_t b = a; b <= 40; ++b) {
      for (uint64_t c = b; c <= 40; c += 3) {
        CompactRange left = RangeOf(leaves, a, b);
        ASSERT_TRUE(left.AppendRange(RangeOf(leaves, b, c)).ok());
        ASSERT_EQ(left, RangeOf(leaves, a, c)) << a << " " << b << " " << c;
      }
    }
  }
}

TEST(CompactRangeTest, MergeRejectsNonAdjacentRanges) {
  std::vector<Hash> leaves = Leaves(10);
  CompactRange left = RangeOf(leaves, 0, 4);
  const CompactRange before = left;
  EXPECT_EQ(left.AppendRange(RangeOf(leaves, 5, 8)).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(left.AppendRange(RangeOf(leaves, 3, 8)).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(left, before);
}

TEST(CompactRangeTest, SerializeRoundTrips) {
  std::vector<Hash> leaves = Leaves(100);
  for (uint64_t begin : {0, 3, 64}) {
    for (uint64_t end = begin; end <= 100; end += 7) {
      CompactRange r = RangeOf(leaves, begin, end);
      std::string bytes = r.Serialize();
      EXPECT_EQ(bytes.size(), 18 + 32 * r.nodes().size());
      EXPECT_EQ(bytes[0], 1);
      absl::StatusOr<CompactRange> back = CompactRange::Deserialize(bytes);
      ASSERT_TRUE(back.ok()) << back.status();
      EXPECT_EQ(*back, r);
      EXPECT_EQ(back->Serialize(), bytes);
    }
  }
}

TEST(CompactRangeTest, RestoredStateKeepsAppending) {
  std::vector<Hash> leaves = Leaves(50);
  ReferenceTree ref(leaves);
  CompactRange r = RangeOf(leaves, 0, 21);
  absl::StatusOr<CompactRange> back = CompactRange::Deserialize(r.Serialize());
  ASSERT_TRUE(back.ok());
  for (uint64_t i = 21; i < 50; ++i) back->Append(leaves[i]);
  EXPECT_EQ(back->Root(), ref.Mth(0, 50));
}

std::string Header(uint8_t version, uint64_t begin, uint64_t end,
                   uint8_t count) {
  std::string s(1, static_cast<char>(version));
  for (uint64_t v : {begin, end}) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      s.push_back(static_cast<char>(v >> shift));
    }
  }
  s.push_back(static_cast<char>(count));
  return s;
}

TEST(CompactRangeTest, DeserializeRejectsHostileBytes) {
  const std::string node(32, 'x');
  struct Case {
    std::string desc;
    std::string bytes;
    absl::StatusCode code;
  };
  const std::vector<Case> cases = {
      {"empty", "", absl::StatusCode::kInvalidArgument},
      {"version 0", Header(0, 0, 1, 1) + node, absl::StatusCode::kInvalidArgument},
      {"version 2", Header(2, 0, 1, 1) + node, absl::StatusCode::kInvalidArgument},
      {"truncated header", Header(1, 0, 1, 1).substr(0, 10),
       absl::StatusCode::kInvalidArgument},
      {"missing node", Header(1, 0, 1, 1), absl::StatusCode::kInvalidArgument},
      {"short node", Header(1, 0, 1, 1) + node.substr(1),
       absl::StatusCode::kInvalidArgument},
      {"trailing byte", Header(1, 0, 1, 1) + node + "!",
       absl::StatusCode::kInvalidArgument},
      {"count disagrees with bytes", Header(1, 0, 3, 2) + node,
       absl::StatusCode::kInvalidArgument},
      {"too few nodes for shape", Header(1, 0, 3, 1) + node,
       absl::StatusCode::kInvalidArgument},
      {"too many nodes for shape", Header(1, 0, 4, 2) + node + node,
       absl::StatusCode::kInvalidArgument},
      {"nodes in empty range", Header(1, 5, 5, 1) + node,
       absl::StatusCode::kInvalidArgument},
      {"begin after end", Header(1, 6, 5, 0), absl::StatusCode::kInvalidArgument},
      {"end past 2^63", Header(1, 0, ~uint64_t{0}, 64) + std::string(64 * 32, 'x'),
       absl::StatusCode::kOutOfRange},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(CompactRange::Deserialize(c.bytes).status().code(), c.code)
        << c.desc;
  }
  // The largest allowed end.
  const uint64_t max = kMaxCompactRangeEnd;
  EXPECT_TRUE(CompactRange::Deserialize(Header(1, 0, max, 1) + node).ok());
  EXPECT_TRUE(CompactRange::Deserialize(Header(1, max, max, 0)).ok());
}

TEST(CompactRangeTest, CreateValidatesShape) {
  const Hash h{};
  EXPECT_TRUE(CompactRange::Create(0, 0, {}).ok());
  EXPECT_TRUE(CompactRange::Create(1, 4, {h, h}).ok());
  EXPECT_EQ(CompactRange::Create(1, 4, {h}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CompactRange::Create(4, 1, {}).status().code(),
            absl::StatusCode::kInvalidArgument);
  // [2^40 + 3, 2^41 - 1): 2 nodes per level on both sides.
  const uint64_t b = (uint64_t{1} << 40) + 3, e = (uint64_t{1} << 41) - 1;
  std::vector<Hash> nodes(CompactRange::NodeCount(b, e), h);
  absl::StatusOr<CompactRange> r = CompactRange::Create(b, e, nodes);
  ASSERT_TRUE(r.ok());
  r->Append(h);
  EXPECT_EQ(r->end(), e + 1);
  EXPECT_EQ(r->nodes().size(), CompactRange::NodeCount(b, e + 1));
}

}  // namespace
}  // namespace ct
