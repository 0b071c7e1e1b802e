#include "ct/merkle/compact_range.h"

namespace ct {

void CompactRange::Append(const Hash& leaf_hash) {
  nodes_.push_back(leaf_hash);
  // Each trailing one bit of the old size is a perfect subtree of the same
  // height as the new node's: merge them right to left.
  for (uint64_t s = size_; s & 1; s >>= 1) {
    Hash right = nodes_.back();
    nodes_.pop_back();
    nodes_.back() = HashChildren(nodes_.back(), right);
  }
  ++size_;
}

Hash CompactRange::Root() const {
  if (nodes_.empty()) return EmptyRoot();
  Hash root = nodes_.back();
  for (size_t i = nodes_.size() - 1; i-- > 0;) {
    root = HashChildren(nodes_[i], root);
  }
  return root;
}

}  // namespace ct
