// File: ct/tiles/internal/tree_math.h
// Small Merkle helpers shared by ct/tiles (logically private).
#ifndef CT_TILES_INTERNAL_TREE_MATH_H_
#define CT_TILES_INTERNAL_TREE_MATH_H_

#include <vector>

#include "absl/types/span.h"
#include "ct/merkle/hash.h"

namespace ct::internal {

// ReducePerfect returns the root of the perfect subtree over `hashes`, whose
// count must be a power of two (at least 1).
Hash ReducePerfect(absl::Span<const Hash> hashes);

// FoldPerfectRoots combines perfect-subtree roots `parts`, largest (leftmost)
// first, into the tree root (RFC 6962 §2.1). Requires a non-empty `parts`.
Hash FoldPerfectRoots(absl::Span<const Hash> parts);

// RootFromRightEdge returns the tree root from the rightmost partial runs of
// each tile level (`runs[l]` = the w < 256 hashes at tree level 8l that are
// not part of a full tile), each contributing one perfect subtree per set bit
// of w, combined right to left. Requires at least one non-empty run.
Hash RootFromRightEdge(const std::vector<std::vector<Hash>>& runs);

}  // namespace ct::internal

#endif  // CT_TILES_INTERNAL_TREE_MATH_H_
