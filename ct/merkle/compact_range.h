// File: ct/merkle/compact_range.h
// -----------------------------------------------------------------------------
// A streaming Merkle tree: append leaf hashes one at a time with O(log n)
// state and read the RFC 6962 root at the current size.
//
// Example:
//   ct::CompactRange tree;
//   for (const ct::Hash& h : leaf_hashes) tree.Append(h);
//   ct::Hash root = tree.Root();
#ifndef CT_MERKLE_COMPACT_RANGE_H_
#define CT_MERKLE_COMPACT_RANGE_H_

#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "ct/merkle/hash.h"

namespace ct {

// CompactRange holds the roots of the perfect subtrees that make up the
// leaves [0, size), largest first. Copyable and movable.
class CompactRange final {
 public:
  // CompactRange constructs the empty range (size 0).
  CompactRange() = default;

  // size returns the number of leaves appended so far.
  uint64_t size() const { return size_; }

  // Append adds one leaf hash at index size().
  void Append(const Hash& leaf_hash);

  // Root returns MTH of the leaves [0, size()); EmptyRoot() when size() is 0.
  Hash Root() const;

  // nodes returns the perfect-subtree roots, largest (leftmost) first.
  absl::Span<const Hash> nodes() const { return nodes_; }

 private:
  uint64_t size_ = 0;
  std::vector<Hash> nodes_;
};

}  // namespace ct

#endif  // CT_MERKLE_COMPACT_RANGE_H_
