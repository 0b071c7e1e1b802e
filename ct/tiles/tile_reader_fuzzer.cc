// Fuzz target: proofs and range hashes served by TileHashReader from the
// published tiles of a tree agree with the RFC 6962 definition. The input
// picks a tree size (1..5000), a leaf index and an older size; inclusion and
// consistency proofs must verify with ct/merkle's RFC 9162 verifiers, and
// RangeHash(0, old) must equal the reference MTH.
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "ct/merkle/hash.h"
#include "ct/merkle/reference_tree.h"
#include "ct/merkle/verify.h"
#include "ct/tiles/fetcher.h"
#include "ct/tiles/tile.h"
#include "ct/tiles/tile_reader.h"

namespace {

using ct::Hash;

Hash Mth(const std::vector<Hash>& l, uint64_t lo, uint64_t hi) {
  return ct::internal::ReferenceTree(l).Mth(lo, hi);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 6) return 0;
  uint64_t n = 1 + ((uint64_t{data[0]} << 8 | data[1]) % 5000);
  uint64_t index = (uint64_t{data[2]} << 8 | data[3]) % n;
  uint64_t old = 1 + (uint64_t{data[4]} << 8 | data[5]) % n;
  std::vector<Hash> leaves;
  for (uint64_t i = 0; i < n; ++i) {
    leaves.push_back(ct::HashLeaf(std::string(1, static_cast<char>(i)) + std::to_string(i)));
  }
  ct::MemoryFetcher f;
  std::vector<Hash> level = leaves;
  for (int l = 0; !level.empty(); ++l) {
    std::vector<Hash> up;
    for (uint64_t t = 0; t * ct::kTileWidth < level.size(); ++t) {
      uint64_t w = std::min<uint64_t>(ct::kTileWidth, level.size() - t * ct::kTileWidth);
      std::string body;
      for (uint64_t i = 0; i < w; ++i) {
        body.append(reinterpret_cast<const char*>(level[t * ct::kTileWidth + i].data()), 32);
      }
      f.Put(ct::TilePath({l, t, static_cast<uint32_t>(w)}), body);
      if (w == ct::kTileWidth) up.push_back(Mth(level, t * ct::kTileWidth, (t + 1) * ct::kTileWidth));
    }
    level = up;
  }
  const Hash root = Mth(leaves, 0, n);
  ct::TileHashReader reader(n, root, &f);
  auto inc = reader.InclusionProof(index);
  if (!inc.ok() || !ct::VerifyInclusion(leaves[index], index, n, *inc, root).ok()) abort();
  auto con = reader.ConsistencyProof(old);
  Hash old_root = Mth(leaves, 0, old);
  if (!con.ok() || !ct::VerifyConsistency(old, n, *con, old_root, root).ok()) abort();
  auto range = reader.RangeHash(0, old);
  if (!range.ok() || *range != old_root) abort();
  // A wrong root must never verify.
  Hash bad = root;
  bad[data[5] % 32] ^= 1;
  ct::TileHashReader liar(n, bad, &f);
  if (liar.InclusionProof(index).ok()) abort();
  return 0;
}
