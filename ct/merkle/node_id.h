// File: ct/merkle/node_id.h
// -----------------------------------------------------------------------------
// NodeId, the one address of a node in a Merkle tree: node (level, index) is
// the root of the perfect subtree over the leaves
// [index * 2^level, (index + 1) * 2^level); level 0 holds the leaf hashes.
// CompactRange reports the nodes it completes by NodeId, and a HashSource
// serves hashes by NodeId.
//
// Example:
//   ct::NodeId id{/*level=*/8, /*index=*/3};   // leaves [768, 1024)
#ifndef CT_MERKLE_NODE_ID_H_
#define CT_MERKLE_NODE_ID_H_

#include <cstdint>

namespace ct {

// NodeId names the perfect subtree at `level` (0 = leaves) whose leftmost
// leaf is `index` << `level`. Copyable and movable.
struct NodeId {
  uint32_t level = 0;
  uint64_t index = 0;

  // operator== compares level and index.
  friend bool operator==(const NodeId& a, const NodeId& b) {
    return a.level == b.level && a.index == b.index;
  }
  friend bool operator!=(const NodeId& a, const NodeId& b) { return !(a == b); }
  // operator< orders by level, then index.
  friend bool operator<(const NodeId& a, const NodeId& b) {
    return a.level != b.level ? a.level < b.level : a.index < b.index;
  }
};

}  // namespace ct

#endif  // CT_MERKLE_NODE_ID_H_
