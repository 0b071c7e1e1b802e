// File: ct/merkle/prove.h
// -----------------------------------------------------------------------------
// Merkle proof generation (RFC 6962 §2.1.1 PATH, §2.1.2 PROOF; RFC 9162
// §2.1.3.1, §2.1.4.1) over any HashSource. Each call reads O(log n) nodes in
// a single HashSource::NodeHashes request: the proof's perfect subtrees, plus
// the perfect subtrees of the one ephemeral (non-perfect) node a proof can
// contain, which is rehashed here.
//
// Example:
//   ct::InMemoryTree tree;  // or a tile-backed ct::HashSource
//   ...
//   absl::StatusOr<std::vector<ct::Hash>> path =
//       ct::InclusionProof(tree, /*index=*/5, /*size=*/tree.size());
//
// Sizes must not exceed the source's tree size; nodes beyond it come back as
// the source's kOutOfRange.
#ifndef CT_MERKLE_PROVE_H_
#define CT_MERKLE_PROVE_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "ct/merkle/hash.h"
#include "ct/merkle/hash_source.h"

namespace ct {

// InclusionResult is an inclusion proof (the audit path, leaf-side first) and
// the leaf index it is for, as a log serves it (RFC 6962 get-proof-by-hash,
// ct::LogReader::InclusionProof). Copyable and movable.
struct InclusionResult {
  uint64_t index = 0;
  std::vector<Hash> proof;

  bool operator==(const InclusionResult& o) const { return index == o.index && proof == o.proof; }
};

// InclusionProof returns the audit path of leaf `index` in the tree of the
// first `size` leaves of `source`, leaf-side first. kOutOfRange if
// index >= size; errors of `source` pass through.
absl::StatusOr<std::vector<Hash>> InclusionProof(HashSource& source,
                                                 uint64_t index, uint64_t size);

// ConsistencyProof returns the proof that the tree of `size2` leaves extends
// the tree of `size1` leaves. Empty when size1 == size2; kInvalidArgument if
// size1 == 0 (matching VerifyConsistency); kOutOfRange if size1 > size2.
absl::StatusOr<std::vector<Hash>> ConsistencyProof(HashSource& source,
                                                   uint64_t size1,
                                                   uint64_t size2);

// RootAtSize returns MTH of the first `size` leaves of `source` (EmptyRoot()
// for 0), reading one node per set bit of `size`.
absl::StatusOr<Hash> RootAtSize(HashSource& source, uint64_t size);

}  // namespace ct

#endif  // CT_MERKLE_PROVE_H_
