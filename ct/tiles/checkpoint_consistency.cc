#include "ct/tiles/checkpoint_consistency.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "ct/base/errors.h"
#include "ct/merkle/verify.h"
#include "ct/tiles/tile_reader.h"

namespace ct {

absl::StatusOr<std::vector<Hash>> ProveCheckpointConsistency(Fetcher& fetcher,
                                                             const Checkpoint& older,
                                                             const Checkpoint& newer) {
  // The proof comes from hash tiles authenticated against `newer`; the one
  // owner of the tree head check verifies it against `older`.
  return VerifyTreeHeadConsistency(
      TreeHeadRef{older.size, older.root, 0}, TreeHeadRef{newer.size, newer.root, 0},
      [&](uint64_t m, uint64_t n) {
        TileHashReader reader(n, newer.root, &fetcher);
        return reader.ConsistencyProof(m);
      });
}

}  // namespace ct
