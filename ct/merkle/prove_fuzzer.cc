// Fuzz target: proofs generated over an InMemoryTree equal the naive
// recursive RFC 6962 PATH / PROOF (reference_tree.h), verify against the
// naive MTH roots, and RootAtSize equals the naive MTH.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "ct/merkle/hash.h"
#include "ct/merkle/hash_source.h"
#include "ct/merkle/prove.h"
#include "ct/merkle/reference_tree.h"
#include "ct/merkle/verify.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 6) return 0;
  // Bytes 0-1: leaf count (1..1024); 2-3: index / size1; 4-5: size2.
  const uint64_t n = (uint64_t{data[0]} << 8 | data[1]) % 1024 + 1;
  const uint64_t x = uint64_t{data[2]} << 8 | data[3];
  const uint64_t y = uint64_t{data[4]} << 8 | data[5];
  std::vector<ct::Hash> leaves;
  for (uint64_t i = 0; i < n; ++i) {
    const uint8_t b = size > 6 ? data[6 + i % (size - 6)] : 0;
    std::string entry = std::to_string(i) + ":" + std::to_string(b);
    leaves.push_back(ct::HashLeaf(entry));
  }
  ct::internal::ReferenceTree ref(leaves);
  ct::InMemoryTree tree;
  tree.AppendLeaves(leaves);
  if (!ct::HashesEqual(tree.Root(), ref.Mth(0, n))) std::abort();

  const uint64_t size2 = y % n + 1;
  absl::StatusOr<ct::Hash> root2 = ct::RootAtSize(tree, size2);
  if (!root2.ok() || *root2 != ref.Mth(0, size2)) std::abort();

  const uint64_t index = x % size2;
  absl::StatusOr<std::vector<ct::Hash>> path = ct::InclusionProof(tree, index, size2);
  if (!path.ok() || *path != ref.Path(index, size2)) std::abort();
  if (!ct::VerifyInclusion(leaves[index], index, size2, *path, *root2).ok()) {
    std::abort();
  }

  const uint64_t size1 = x % size2 + 1;
  absl::StatusOr<std::vector<ct::Hash>> proof =
      ct::ConsistencyProof(tree, size1, size2);
  if (!proof.ok() || *proof != ref.Proof(size1, size2)) std::abort();
  if (!ct::VerifyConsistency(size1, size2, *proof, ref.Mth(0, size1), *root2)
           .ok()) {
    std::abort();
  }
  // Past the tree: the source's kOutOfRange, never a crash.
  if (ct::InclusionProof(tree, index, n + 1 + y).ok()) std::abort();
  return 0;
}
