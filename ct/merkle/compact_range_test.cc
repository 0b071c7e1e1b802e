#include "ct/merkle/compact_range.h"

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "ct/merkle/hash.h"
#include "ct/merkle/node_id.h"
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

// Visits records what a NodeVisitor saw, failing on a node seen twice or a
// level reported out of order.
struct Visits {
  std::map<NodeId, Hash> nodes;
  bool duplicate = false;
  bool out_of_order = false;
  std::map<uint32_t, uint64_t> next_index;  // per level, the next index expected at least

  void operator()(const NodeId& id, const Hash& h) {
    if (!nodes.emplace(id, h).second) duplicate = true;
    auto it = next_index.find(id.level);
    if (it != next_index.end() && id.index < it->second) out_of_order = true;
    next_index[id.level] = id.index + 1;
  }
};

// WantNodes returns every perfect subtree inside [begin, end) with its
// reference hash.
std::map<NodeId, Hash> WantNodes(ReferenceTree& ref, uint64_t begin, uint64_t end) {
  std::map<NodeId, Hash> want;
  for (uint32_t level = 0; (uint64_t{1} << level) <= end - begin; ++level) {
    const uint64_t size = uint64_t{1} << level;
    for (uint64_t i = (begin + size - 1) / size; (i + 1) * size <= end; ++i) {
      want[NodeId{level, i}] = ref.Mth(i * size, (i + 1) * size);
    }
  }
  return want;
}

TEST(CompactRangeTest, AppendVisitsEachNewNodeForEverySizeTo300) {
  std::vector<Hash> leaves = Leaves(300);
  ReferenceTree ref(leaves);
  CompactRange r;
  Visits all;
  for (uint64_t n = 1; n <= 300; ++n) {
    // Appending leaf n - 1 completes node (l, (n >> l) - 1) for each l with
    // 2^l dividing n, and nothing else.
    std::vector<NodeId> seen;
    r.Append(leaves[n - 1], [&](const NodeId& id, const Hash& h) {
      seen.push_back(id);
      all(id, h);
      EXPECT_EQ(h, ref.Mth(id.index << id.level, (id.index + 1) << id.level));
    });
    std::vector<NodeId> want;
    for (uint32_t l = 0; n % (uint64_t{1} << l) == 0; ++l) {
      want.push_back(NodeId{l, (n >> l) - 1});
    }
    ASSERT_EQ(seen, want) << n;  // bottom-up
    ASSERT_EQ(all.nodes, WantNodes(ref, 0, n)) << n;
    ASSERT_EQ(r.Root(), ref.Mth(0, n));
  }
  EXPECT_FALSE(all.duplicate);
  EXPECT_FALSE(all.out_of_order);
}

TEST(CompactRangeTest, VisitorSeesEveryNodeOfRangesNotStartingAtZero) {
  std::vector<Hash> leaves = Leaves(90);
  ReferenceTree ref(leaves);
  for (uint64_t begin = 0; begin <= 90; ++begin) {
    for (uint64_t end = begin; end <= 90; ++end) {
      Visits one, batch;
      CompactRange a(begin), b(begin);
      for (uint64_t i = begin; i < end; ++i) {
        a.Append(leaves[i], [&](const NodeId& id, const Hash& h) { one(id, h); });
      }
      b.AppendLeaves(absl::MakeConstSpan(leaves).subspan(begin, end - begin),
                     [&](const NodeId& id, const Hash& h) { batch(id, h); });
      const std::map<NodeId, Hash> want = WantNodes(ref, begin, end);
      ASSERT_EQ(one.nodes, want) << begin << " " << end;
      ASSERT_EQ(batch.nodes, want) << begin << " " << end;
      ASSERT_FALSE(one.duplicate || one.out_of_order || batch.duplicate ||
                   batch.out_of_order)
          << begin << " " << end;
      ASSERT_EQ(a, b);
    }
  }
}

TEST(CompactRangeTest, BatchVisitorMatchesAppendOnLargeBatches) {
  // Past the batch size (2^10 leaves), from offsets that exercise every
  // batch level.
  std::vector<Hash> leaves = Leaves(3000);
  ReferenceTree ref(leaves);
  for (uint64_t begin : {0, 1, 5, 512, 1024, 1500}) {
    Visits batch;
    std::vector<NodeId> order;
    CompactRange r(begin);
    r.AppendLeaves(absl::MakeConstSpan(leaves).subspan(begin),
                   [&](const NodeId& id, const Hash& h) {
                     batch(id, h);
                     order.push_back(id);
                   });
    ASSERT_EQ(batch.nodes, WantNodes(ref, begin, leaves.size())) << begin;
    EXPECT_FALSE(batch.duplicate) << begin;
    EXPECT_FALSE(batch.out_of_order) << begin;
    // Every node comes after both its children.
    std::map<NodeId, size_t> position;
    for (size_t i = 0; i < order.size(); ++i) position[order[i]] = i;
    for (const auto& [id, pos] : position) {
      if (id.level == 0) continue;
      for (uint64_t c : {2 * id.index, 2 * id.index + 1}) {
        auto it = position.find(NodeId{id.level - 1, c});
        ASSERT_NE(it, position.end());
        EXPECT_LT(it->second, pos);
      }
    }
  }
}

TEST(CompactRangeTest, MergeVisitsOnlyNodesSpanningBothRanges) {
  std::vector<Hash> leaves = Leaves(40);
  ReferenceTree ref(leaves);
  for (uint64_t a = 0; a <= 40; ++a) {
    for (uint64_t b = a; b <= 40; ++b) {
      for (uint64_t c = b; c <= 40; c += 3) {
        Visits all;
        auto visit = [&](const NodeId& id, const Hash& h) { all(id, h); };
        CompactRange left(a), right(b);
        left.AppendLeaves(absl::MakeConstSpan(leaves).subspan(a, b - a), visit);
        right.AppendLeaves(absl::MakeConstSpan(leaves).subspan(b, c - b), visit);
        ASSERT_TRUE(left.AppendRange(right, visit).ok());
        ASSERT_EQ(all.nodes, WantNodes(ref, a, c)) << a << " " << b << " " << c;
        ASSERT_FALSE(all.duplicate) << a << " " << b << " " << c;
      }
    }
  }
  // A failed merge reports nothing.
  CompactRange left = RangeOf(leaves, 0, 4);
  bool called = false;
  EXPECT_EQ(left.AppendRange(RangeOf(leaves, 5, 8),
                             [&](const NodeId&, const Hash&) { called = true; })
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(called);
}

TEST(CompactRangeTest, NodeIdsAreTheShapeOfTheRange) {
  std::vector<Hash> leaves = Leaves(70);
  ReferenceTree ref(leaves);
  for (uint64_t begin = 0; begin <= 70; ++begin) {
    for (uint64_t end = begin; end <= 70; ++end) {
      const std::vector<NodeId> ids = CompactRange::NodeIds(begin, end);
      CompactRange r = RangeOf(leaves, begin, end);
      ASSERT_EQ(ids.size(), r.nodes().size());
      std::vector<Hash> hashes;
      for (size_t i = 0; i < ids.size(); ++i) {
        const NodeId& id = ids[i];
        ASSERT_EQ(r.nodes()[i],
                  ref.Mth(id.index << id.level, (id.index + 1) << id.level));
        hashes.push_back(r.nodes()[i]);
      }
      ASSERT_EQ(CompactRange::RootFromNodes(hashes), r.Root());
    }
  }
  EXPECT_TRUE(CompactRange::NodeIds(5, 5).empty());
  EXPECT_TRUE(CompactRange::NodeIds(6, 5).empty());
  EXPECT_EQ(CompactRange::RootFromNodes({}), EmptyRoot());
  // Up to 2^64 - 1 (past kMaxCompactRangeEnd): one node per set bit.
  const std::vector<NodeId> big = CompactRange::NodeIds(0, ~uint64_t{0});
  ASSERT_EQ(big.size(), 64u);
  EXPECT_EQ(big.front(), (NodeId{63, 0}));
  EXPECT_EQ(big.back(), (NodeId{0, ~uint64_t{0} - 1}));
}

TEST(CompactRangeTest, RootFromNodesIsMthForRfcSubtrees) {
  // Ranges starting at a multiple of a power of two >= their size.
  std::vector<Hash> leaves = Leaves(64);
  ReferenceTree ref(leaves);
  for (uint64_t k = 1; k <= 32; k *= 2) {
    for (uint64_t begin = 0; begin + k <= 64; begin += 2 * k) {
      for (uint64_t size = 1; size <= k; ++size) {
        CompactRange r = RangeOf(leaves, begin, begin + size);
        EXPECT_EQ(r.Root(), ref.Mth(begin, begin + size)) << begin << " " << size;
      }
    }
  }
}

TEST(CompactRangeTest, AppendSubtreeRebuildsTheRightEdge) {
  std::vector<Hash> leaves = Leaves(300);
  ReferenceTree ref(leaves);
  for (uint64_t begin : {0, 4, 7}) {
    for (uint64_t end = begin; end <= 300; ++end) {
      // From the range's own nodes.
      CompactRange edge(begin);
      for (const NodeId& id : CompactRange::NodeIds(begin, end)) {
        ASSERT_TRUE(edge.AppendSubtree(id.level, ref.Mth(id.index << id.level,
                                                         (id.index + 1) << id.level))
                        .ok());
      }
      ASSERT_EQ(edge, RangeOf(leaves, begin, end)) << begin << " " << end;
    }
  }
  for (uint64_t n = 0; n <= 300; ++n) {
    // From runs of level-2 nodes then the leaves after them, as tiles of
    // height 2 would store the right edge: the nodes merge as appended.
    CompactRange edge;
    for (uint64_t i = 0; i < n / 4; ++i) {
      ASSERT_TRUE(edge.AppendSubtree(2, ref.Mth(4 * i, 4 * i + 4)).ok());
    }
    for (uint64_t i = n / 4 * 4; i < n; ++i) {
      ASSERT_TRUE(edge.AppendSubtree(0, leaves[i]).ok());
    }
    ASSERT_EQ(edge, RangeOf(leaves, 0, n)) << n;
    ASSERT_EQ(edge.Root(), ref.Mth(0, n)) << n;
  }
}

TEST(CompactRangeTest, AppendSubtreeRejectsMisplacedSubtrees) {
  const Hash h{};
  CompactRange r(6);
  const CompactRange before = r;
  EXPECT_EQ(r.AppendSubtree(2, h).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(r.AppendSubtree(64, h).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(r.AppendSubtree(4000000000u, h).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(r, before);
  EXPECT_TRUE(r.AppendSubtree(1, h).ok());
  EXPECT_EQ(r.end(), 8u);
  CompactRange top;
  EXPECT_TRUE(top.AppendSubtree(63, h).ok());  // [0, 2^63)
  EXPECT_EQ(top.end(), kMaxCompactRangeEnd);
  EXPECT_EQ(top.AppendSubtree(0, h).code(), absl::StatusCode::kOutOfRange);
  CompactRange almost(kMaxCompactRangeEnd - 4);
  EXPECT_EQ(almost.AppendSubtree(3, h).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(almost.AppendSubtree(62, h).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(almost.AppendSubtree(2, h).ok());
  EXPECT_EQ(almost.end(), kMaxCompactRangeEnd);
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
