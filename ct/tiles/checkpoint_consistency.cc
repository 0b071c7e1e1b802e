#include "ct/tiles/checkpoint_consistency.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "ct/base/errors.h"
#include "ct/tiles/tile_reader.h"

namespace ct {

absl::StatusOr<std::vector<Hash>> ProveCheckpointConsistency(Fetcher& fetcher,
                                                             const Checkpoint& older,
                                                             const Checkpoint& newer) {
  const uint64_t m = older.size, n = newer.size;
  if (m > n) {
    return MakeError(ErrorKind::kInconsistent,
                     absl::StrCat("the log shrank from ", m, " to ", n, " entries"));
  }
  if (m == 0) {
    if (!HashesEqual(older.root, EmptyRoot())) {
      return MakeError(ErrorKind::kInconsistent,
                       "old checkpoint of size 0 has a non-empty root");
    }
    return std::vector<Hash>();
  }
  TileHashReader reader(n, newer.root, &fetcher);
  CT_ASSIGN_OR_RETURN(const Hash prefix, reader.RangeHash(0, m));
  if (!HashesEqual(prefix, older.root)) {
    return MakeError(ErrorKind::kInconsistent,
                     absl::StrCat("the first ", m, " entries of the current tree hash to ",
                                  HashToBase64(prefix), ", not the old root ",
                                  HashToBase64(older.root)));
  }
  return reader.ConsistencyProof(m);
}

}  // namespace ct
