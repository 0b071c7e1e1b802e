// File: ct/merkle/compact_range.h
// -----------------------------------------------------------------------------
// A streaming Merkle tree ("compact range"): the leaves [begin, end) of an
// RFC 6962 / RFC 9162 §2.1.1 tree summarised by the O(log n) roots of the
// perfect subtrees that tile the range. Append leaf hashes one at a time or in
// batches, read the root, merge adjacent ranges, and persist the state.
//
// Example:
//   ct::CompactRange tree;                      // [0, 0)
//   for (const ct::Hash& h : leaf_hashes) tree.Append(h);
//   ct::Hash root = tree.Root();                // MTH(D[0:tree.end()])
//   std::string saved = tree.Serialize();       // monitors persist this
//   absl::StatusOr<ct::CompactRange> again = ct::CompactRange::Deserialize(saved);
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

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ct/merkle/hash.h"

namespace ct {

// kMaxCompactRangeEnd is the largest `end` Create and Deserialize accept.
inline constexpr uint64_t kMaxCompactRangeEnd = uint64_t{1} << 63;

// kCompactRangeFormatVersion is the first byte of Serialize's output.
inline constexpr uint8_t kCompactRangeFormatVersion = 1;

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

  // begin returns the index of the first leaf in the range.
  uint64_t begin() const { return begin_; }
  // end returns one past the index of the last leaf in the range.
  uint64_t end() const { return end_; }
  // size returns end() - begin(), the number of leaves covered. For a range
  // that starts at 0 this is the tree size.
  uint64_t size() const { return end_ - begin_; }

  // Append adds one leaf hash at index end().
  void Append(const Hash& leaf_hash);

  // AppendLeaves adds `leaf_hashes` at indices end(), end()+1, ...; the
  // result equals calling Append for each, but hashes level by level.
  void AppendLeaves(absl::Span<const Hash> leaf_hashes);

  // AppendRange merges the adjacent range `other` into this one, giving
  // [begin(), other.end()). kInvalidArgument (and no change) unless
  // other.begin() == end().
  absl::Status AppendRange(const CompactRange& other);

  // Root returns the nodes hashed together right to left. When begin() is 0
  // this is MTH(D[0:end()]), and EmptyRoot() for the empty range; for other
  // ranges it is only a tree hash if the range is one perfect subtree.
  Hash Root() const;

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

  // AppendNode appends the perfect subtree (level, end() >> level); requires
  // end() to be a multiple of 2^level.
  void AppendNode(unsigned level, const Hash& hash);

  uint64_t begin_ = 0;
  uint64_t end_ = 0;
  std::vector<Hash> nodes_;
};

}  // namespace ct

#endif  // CT_MERKLE_COMPACT_RANGE_H_
