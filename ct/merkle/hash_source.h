// File: ct/merkle/hash_source.h
// -----------------------------------------------------------------------------
// The seam between proof generation and storage: a HashSource returns the
// hashes of complete (perfect) subtrees of a Merkle tree, addressed by
// (level, index). InMemoryTree keeps every such hash in memory; a tile-backed
// source (ct/tiles) maps the same addresses onto C2SP tlog-tiles.
//
// Nodes are addressed by ct::NodeId (ct/merkle/node_id.h).
//
// Example:
//   ct::InMemoryTree tree;
//   for (const ct::Hash& h : leaf_hashes) tree.Append(h);
//   absl::StatusOr<ct::Hash> h = tree.NodeHash(/*level=*/3, /*index=*/1);
#ifndef CT_MERKLE_HASH_SOURCE_H_
#define CT_MERKLE_HASH_SOURCE_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "ct/merkle/compact_range.h"
#include "ct/merkle/hash.h"
#include "ct/merkle/node_id.h"

namespace ct {

// HashSource returns hashes of complete subtrees. Implementations must be
// safe to call with hostile ids (level >= 64, huge indices) and return
// kOutOfRange for a node that is not complete in their tree; any other error
// (e.g. a failed tile fetch) is passed through to the caller unchanged.
class HashSource {
 public:
  virtual ~HashSource() = default;

  // NodeHashes returns the hashes of `ids`, in the same order. Proof
  // generation asks for all the nodes of one proof in a single call, so
  // that a remote source can fetch them together.
  virtual absl::StatusOr<std::vector<Hash>> NodeHashes(
      absl::Span<const NodeId> ids) = 0;

  // NodeHash returns the hash of node (`level`, `index`) via NodeHashes.
  absl::StatusOr<Hash> NodeHash(uint32_t level, uint64_t index);
};

// InMemoryTree is a HashSource that keeps every complete subtree hash
// (about 2 hashes per leaf), as reported by a CompactRange. Copyable and
// movable.
class InMemoryTree final : public HashSource {
 public:
  // InMemoryTree constructs the empty tree.
  InMemoryTree() = default;

  // Append adds one leaf hash at index size().
  void Append(const Hash& leaf_hash);

  // AppendLeaves adds each of `leaf_hashes` in order.
  void AppendLeaves(absl::Span<const Hash> leaf_hashes);

  // size returns the number of leaves.
  uint64_t size() const { return range_.end(); }

  // Root returns MTH of all leaves (EmptyRoot() when empty).
  Hash Root() const { return range_.Root(); }

  // NodeHashes implements HashSource; kOutOfRange for an incomplete node.
  absl::StatusOr<std::vector<Hash>> NodeHashes(
      absl::Span<const NodeId> ids) override;

 private:
  // Keep stores node `id`, which CompactRange just completed.
  void Keep(const NodeId& id, const Hash& hash);

  // range_ grows the tree; levels_[l][i] is node (l, i).
  CompactRange range_;
  std::vector<std::vector<Hash>> levels_;
};

}  // namespace ct

#endif  // CT_MERKLE_HASH_SOURCE_H_
