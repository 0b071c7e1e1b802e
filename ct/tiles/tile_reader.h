// File: ct/tiles/tile_reader.h
// -----------------------------------------------------------------------------
// Reading tiles through a Fetcher, and TileHashReader: Merkle tree hashes,
// roots and proofs served from hash tiles, every tile authenticated against a
// (verified) checkpoint root before any of its hashes is used. This follows
// golang.org/x/mod/sumdb/tlog TileHashReader: a full tile is checked against
// its entry in the parent tile, the rightmost (partial) tiles are checked by
// recomputing the tree root. Partial tiles are never hashed upward.
//
// TileHashReader is a ct::HashSource (ct/merkle/hash_source.h), so the
// ct/merkle generators (ct::InclusionProof, ct::ConsistencyProof,
// ct::RootAtSize in ct/merkle/prove.h) run over tiles unchanged; its own
// proof methods are thin wrappers around them.
//
// Example:
//   ct::TileHashReader reader(cp.size, cp.root, fetcher.get());
//   absl::StatusOr<std::vector<ct::Hash>> proof = reader.InclusionProof(42);
//   // or: ct::InclusionProof(reader, 42, cp.size)
//
// Errors: a tile that does not match the authenticated tree is kDataLoss;
// fetch errors pass through (kNotFound, kUnavailable, ...).
#ifndef CT_TILES_TILE_READER_H_
#define CT_TILES_TILE_READER_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"
#include "ct/merkle/hash.h"
#include "ct/merkle/hash_source.h"
#include "ct/tiles/fetcher.h"
#include "ct/tiles/tile.h"

namespace ct {

// FetchTileBytes fetches `tile`; for a partial tile that is not found it
// falls back to the full tile (static-ct-api: logs may delete partial tiles
// once the full one exists), returning it unmodified. Callers parse only the
// first `tile.width` hashes/entries.
absl::StatusOr<std::string> FetchTileBytes(Fetcher& fetcher, const TileId& tile);

// FetchDataTileLeaves fetches data tile `tile` (partial with fallback) into
// `*bytes` and parses exactly tile.width entries from it (the returned
// leaves alias `*bytes`).
absl::StatusOr<std::vector<TileLeaf>> FetchDataTileLeaves(Fetcher& fetcher,
                                                          const TileId& tile,
                                                          std::string* bytes);

// TileHashReader serves authenticated hashes of the tree of `tree_size`
// leaves with root `root`. Thread-safe; it caches authenticated tiles.
class TileHashReader final : public HashSource {
 public:
  // TileHashReader reads tiles through `fetcher`, which must outlive it.
  TileHashReader(uint64_t tree_size, const Hash& root, Fetcher* fetcher)
      : size_(tree_size), root_(root), fetcher_(fetcher) {}

  uint64_t tree_size() const { return size_; }

  // NodeHashes implements HashSource: the hash of each complete subtree in
  // `ids` (kOutOfRange unless (index + 1) << level <= tree_size), fetching
  // and authenticating all needed tiles in one batch.
  absl::StatusOr<std::vector<Hash>> NodeHashes(absl::Span<const NodeId> ids) override;

  // RangeHash returns the right fold of the maximal aligned complete subtrees
  // of [begin, end): MTH(D[begin:end)) when begin is 0 (= ct::RootAtSize) or
  // a multiple of a power of two >= end - begin. kOutOfRange unless
  // begin < end <= tree_size.
  absl::StatusOr<Hash> RangeHash(uint64_t begin, uint64_t end);

  // LeafHash returns the authenticated hash of leaf `index` (kOutOfRange past the end).
  absl::StatusOr<Hash> LeafHash(uint64_t index);

  // InclusionProof returns ct::InclusionProof(*this, index, tree_size) (RFC
  // 9162 §2.1.3.1); kOutOfRange unless index < tree_size. An empty proof
  // (tree size 1) still authenticates the tiles against the root.
  absl::StatusOr<std::vector<Hash>> InclusionProof(uint64_t index);

  // ConsistencyProof returns ct::ConsistencyProof(*this, old_size, tree_size)
  // (RFC 9162 §2.1.4.1; empty when equal, after authenticating the tiles);
  // kOutOfRange unless 0 < old_size <= tree_size.
  absl::StatusOr<std::vector<Hash>> ConsistencyProof(uint64_t old_size);

  // Verify authenticates the rightmost tiles against the root (fetching them
  // if needed); kDataLoss if they do not hash to it.
  absl::Status Verify();

 private:
  using TileMap = std::map<std::pair<int, uint64_t>, std::vector<Hash>>;
  absl::Status LoadTiles(std::vector<TileId> tiles) ABSL_LOCKS_EXCLUDED(mu_);
  absl::StatusOr<Hash> NodeFromCache(const NodeId& node) ABSL_LOCKS_EXCLUDED(mu_);
  // FindTile returns tile (level, index) from `fresh` or the cache, or null.
  const std::vector<Hash>* FindTile(const TileMap& fresh, int level, uint64_t index) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const uint64_t size_;
  const Hash root_;
  Fetcher* const fetcher_;
  absl::Mutex mu_;
  // Authenticated tiles by (level, index): their first `width` hashes.
  TileMap tiles_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ct

#endif  // CT_TILES_TILE_READER_H_
