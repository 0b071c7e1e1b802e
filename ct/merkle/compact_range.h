// File: ct/merkle/compact_range.h
// -----------------------------------------------------------------------------
// A streaming Merkle tree ("compact range"): the leaves [begin, end) of an
// RFC 6962 / RFC 9162 §2.1.1 tree summarised by the O(log n) roots of the
// perfect subtrees that tile the range. Append leaf hashes one at a time or in
// batches, read the root, merge adjacent ranges, and persist the state.
// This is ctcore's one owner of tree growth (after transparency-dev/merkle
// compact.Range): a NodeVisitor passed to Append sees every node the range
// completes, so a tile writer emits hash tiles and an auditor checks them
// from it; nobody else folds perfect subtrees by hand.
//
// Example:
//   ct::CompactRange tree;                      // [0, 0)
//   for (const ct::Hash& h : leaf_hashes) tree.Append(h);
//   ct::Hash root = tree.Root();                // MTH(D[0:tree.end()])
//   std::string saved = tree.Serialize();       // monitors persist this
//   absl::StatusOr<ct::CompactRange> again = ct::CompactRange::Deserialize(saved);
//
//   // Every completed node, leaves included, e.g. to write hash tiles:
//   tree.Append(h, [&](const ct::NodeId& id, const ct::Hash& node) { ... });
//
//   // The root of perfect-subtree roots read from storage:
//   std::vector<ct::NodeId> ids = ct::CompactRange::NodeIds(0, size);
//   std::vector<ct::Hash> hashes = ...;         // the hashes of `ids`
//   ct::Hash root = ct::CompactRange::RootFromNodes(hashes);
//
//   // A range rebuilt from stored subtree roots (e.g. a tree's right edge):
//   ct::CompactRange edge;
//   absl::Status s = edge.AppendSubtree(/*level=*/8, hash);  // 256 leaves
//
// Shape: [begin, end) is covered left to right by the greedy decomposition
// into maximal aligned perfect subtrees (at most 2 per level, < 128 nodes).
// Sizes are uint64; a range may end at most at kMaxCompactRangeEnd (2^63),
// which appending can never reach in practice.
#ifndef CT_MERKLE_COMPACT_RANGE_H_
#define CT_MERKLE_COMPACT_RANGE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ct/merkle/hash.h"
#include "ct/merkle/node_id.h"

namespace ct {

// kMaxCompactRangeEnd is the largest `end` Create and Deserialize accept.
inline constexpr uint64_t kMaxCompactRangeEnd = uint64_t{1} << 63;

// kCompactRangeFormatVersion is the first byte of Serialize's output.
inline constexpr uint8_t kCompactRangeFormatVersion = 1;

// NodeVisitor receives a node that a CompactRange completed: its id and
// hash. It is called synchronously, never after the call that took it
// returns, and must not modify the range it is observing.
using NodeVisitor = absl::FunctionRef<void(const NodeId& id, const Hash& hash)>;

// CompactRange holds the roots of the perfect subtrees that tile the leaves
// [begin, end), leftmost first. Copyable and movable.
class CompactRange final {
 public:
  // CompactRange constructs the empty range [0, 0).
  CompactRange() = default;

  // CompactRange constructs the empty range [begin, begin). Requires
  // `begin` <= kMaxCompactRangeEnd (larger values are clamped).
  explicit CompactRange(uint64_t begin);

  // Create returns the range [begin, end) with the given perfect-subtree
  // `nodes` (leftmost first). kInvalidArgument if begin > end or the node
  // count is not the one the shape of [begin, end) needs; kOutOfRange if end
  // exceeds kMaxCompactRangeEnd.
  static absl::StatusOr<CompactRange> Create(uint64_t begin, uint64_t end,
                                             std::vector<Hash> nodes);

  // NodeCount returns how many nodes the range [begin, end) holds
  // (0 if begin >= end).
  static size_t NodeCount(uint64_t begin, uint64_t end);

  // NodeIds returns the ids of the perfect subtrees that tile [begin, end),
  // leftmost first: the shape of every range over [begin, end), whose
  // `nodes` Create takes in this order (empty if begin >= end).
  static std::vector<NodeId> NodeIds(uint64_t begin, uint64_t end);

  // begin returns the index of the first leaf in the range.
  uint64_t begin() const { return begin_; }
  // end returns one past the index of the last leaf in the range.
  uint64_t end() const { return end_; }
  // size returns end() - begin(), the number of leaves covered. For a range
  // that starts at 0 this is the tree size.
  uint64_t size() const { return end_ - begin_; }

  // Append adds one leaf hash at index end(). With `visit`, it first
  // reports the leaf as node (0, index), then each parent the leaf
  // completes, bottom-up: every node whose last leaf is this one.
  void Append(const Hash& leaf_hash);
  void Append(const Hash& leaf_hash, NodeVisitor visit);

  // AppendLeaves adds `leaf_hashes` at indices end(), end()+1, ...; the
  // result equals calling Append for each, but hashes level by level. With
  // `visit`, it reports the same nodes as those Append calls, each once,
  // every node after its children and, within a level, left to right (but
  // levels may interleave differently).
  void AppendLeaves(absl::Span<const Hash> leaf_hashes);
  void AppendLeaves(absl::Span<const Hash> leaf_hashes, NodeVisitor visit);

  // AppendSubtree adds the perfect subtree (`level`, end() >> `level`) with
  // root `hash`, i.e. 2^level leaves at once: how a range is rebuilt from
  // stored subtree roots, e.g. a tree's right edge read from hash tiles.
  // kInvalidArgument (and no change) unless end() is a multiple of
  // 2^level and level < 64; kOutOfRange if the new end would exceed
  // kMaxCompactRangeEnd.
  absl::Status AppendSubtree(uint32_t level, const Hash& hash);

  // AppendRange merges the adjacent range `other` into this one, giving
  // [begin(), other.end()). kInvalidArgument (and no change) unless
  // other.begin() == end(). With `visit`, it reports each parent the merge
  // completes (those that span both ranges), bottom-up; the nodes of `other`
  // are not reported again, so building two ranges and merging them with
  // the same visitor reports every node once, as appending would.
  absl::Status AppendRange(const CompactRange& other);
  absl::Status AppendRange(const CompactRange& other, NodeVisitor visit);

  // Root returns the nodes hashed together right to left. This is
  // MTH(D[begin():end()]) when begin() is 0 or a multiple of a power of two
  // no smaller than size() (every subtree RFC 6962 §2.1 recursion visits),
  // and EmptyRoot() for the empty range; for other ranges it is only a
  // digest of the nodes.
  Hash Root() const;

  // RootFromNodes returns what Root() returns for a range whose nodes are
  // `nodes` (leftmost first): them hashed together right to left, or
  // EmptyRoot() for none. For the nodes of NodeIds(begin, end) read from
  // storage this is MTH(D[begin:end]) under the conditions of Root(), for
  // any end (no kMaxCompactRangeEnd limit).
  static Hash RootFromNodes(absl::Span<const Hash> nodes);

  // nodes returns the perfect-subtree roots, leftmost first.
  absl::Span<const Hash> nodes() const { return nodes_; }

  // Serialize returns the versioned binary state: uint8 version (1),
  // uint64 begin, uint64 end, uint8 node count, then 32 bytes per node
  // (big-endian integers, TLS presentation style). Written with CBB; on
  // allocation failure it returns "", which Deserialize rejects.
  std::string Serialize() const;

  // Deserialize parses Serialize's output. kInvalidArgument on any other
  // bytes (unknown version, truncation, trailing data, begin > end, a node
  // count that does not match the shape); kOutOfRange if end is too large.
  static absl::StatusOr<CompactRange> Deserialize(absl::Span<const uint8_t> bytes);
  static absl::StatusOr<CompactRange> Deserialize(absl::string_view bytes);

  // operator== compares begin, end and every node (not in constant time).
  friend bool operator==(const CompactRange& a, const CompactRange& b) {
    return a.begin_ == b.begin_ && a.end_ == b.end_ && a.nodes_ == b.nodes_;
  }
  friend bool operator!=(const CompactRange& a, const CompactRange& b) {
    return !(a == b);
  }

 private:
  CompactRange(uint64_t begin, uint64_t end, std::vector<Hash> nodes)
      : begin_(begin), end_(end), nodes_(std::move(nodes)) {}

  // AppendNode appends the perfect subtree (level, end() >> level) and
  // merges it with its left siblings, reporting each parent to `visit` if
  // that is not null (the node itself is not reported). Requires end() to
  // be a multiple of 2^level.
  void AppendNode(unsigned level, const Hash& hash, const NodeVisitor* visit);
  void AppendLeavesImpl(absl::Span<const Hash> leaf_hashes, const NodeVisitor* visit);
  absl::Status AppendRangeImpl(const CompactRange& other, const NodeVisitor* visit);

  uint64_t begin_ = 0;
  uint64_t end_ = 0;
  std::vector<Hash> nodes_;
};

}  // namespace ct

#endif  // CT_MERKLE_COMPACT_RANGE_H_
