// File: ct/tiles/checkpoint_consistency.h
// -----------------------------------------------------------------------------
// Checking a log's newer checkpoint against an older one: the RFC 9162
// §2.1.4 consistency proof between them, read from hash tiles authenticated
// against the newer root, must verify against the older root
// (ct::VerifyTreeHeadConsistency); it is returned for the record.
//
// Example:
//   absl::StatusOr<std::vector<ct::Hash>> proof =
//       ct::ProveCheckpointConsistency(*fetcher, old_cp.checkpoint, cur_cp.checkpoint);
//   if (ct::ErrorKindOf(proof.status()) == ct::ErrorKind::kInconsistent) ...;  // forked
#ifndef CT_TILES_CHECKPOINT_CONSISTENCY_H_
#define CT_TILES_CHECKPOINT_CONSISTENCY_H_

#include <vector>

#include "absl/status/statusor.h"
#include "ct/merkle/hash.h"
#include "ct/tiles/checkpoint.h"
#include "ct/tiles/fetcher.h"

namespace ct {

// ProveCheckpointConsistency proves from the tiles behind `fetcher` that the
// tree of `newer` extends the tree of `older` (both already verified) and
// returns the consistency proof (empty for an empty `older`). A tree that
// shrank or whose prefix differs is kDataLoss with ErrorKind kInconsistent; a
// tile that does not match `newer` is kDataLoss; fetch errors pass through.
absl::StatusOr<std::vector<Hash>> ProveCheckpointConsistency(Fetcher& fetcher,
                                                             const Checkpoint& older,
                                                             const Checkpoint& newer);

}  // namespace ct

#endif  // CT_TILES_CHECKPOINT_CONSISTENCY_H_
