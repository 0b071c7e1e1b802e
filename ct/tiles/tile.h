// File: ct/tiles/tile.h
// -----------------------------------------------------------------------------
// C2SP static-ct-api / tlog-tiles resources: tile coordinates and their paths
// (`tile/<L>/<N>[.p/<W>]`, `tile/data/<N>[.p/<W>]`, `issuer/<hex>`), hash
// tiles, and data tiles (sequences of TileLeaf records) with leaf hashes.
//
// A TileLeaf's leaf_index is read with ct::ParseLeafIndexExtension
// (ct/sct/sct.h): ParseLeafIndexExtension(leaf.extensions).
//
// Binary data follows ct/base/bytes.h: tile bodies are ByteSpan in (a fetched
// std::string body is viewed with ct::AsBytes), TileLeaf fields are ByteSpan
// views of that body, encodings are Bytes out.
//
// Example:
//   ct::TileId t{0, 1234067, 8};             // level 0, index 1234067, 8 wide
//   ct::TilePath(t) == "tile/0/x001/x234/067.p/8";
//   absl::StatusOr<std::vector<ct::TileLeaf>> leaves =
//       ct::ParseDataTile(ct::AsBytes(body), 256);
//   ct::Hash h = ct::LeafHash((*leaves)[0]);  // SHA-256(0x00 || 0x00 0x00 || entry)
#ifndef CT_TILES_TILE_H_
#define CT_TILES_TILE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ct/base/bytes.h"
#include "ct/merkle/hash.h"

namespace ct {

// A tile is 2^8 = 256 hashes (or entries) wide.
inline constexpr int kTileHeight = 8;
inline constexpr uint32_t kTileWidth = 256;
// Hash tile levels are 0..kMaxTileLevel (tlog-tiles; static-ct-api uses 0..5).
inline constexpr int kMaxTileLevel = 63;
// TileId::level of a static-ct-api data tile ("tile/data/...").
inline constexpr int kDataTileLevel = -1;
// TileId::level of a tlog-tiles entry bundle ("tile/entries/...").
inline constexpr int kEntriesTileLevel = -2;

// TileId names one tile: a hash tile at `level` >= 0, a data tile
// (kDataTileLevel) or an entry bundle (kEntriesTileLevel), its `index` N among tiles of that level, and its `width`
// W in 1..256 (256 = full tile; less = partial tile ".p/W").
struct TileId {
  int level = 0;
  uint64_t index = 0;
  uint32_t width = kTileWidth;

  bool is_partial() const { return width < kTileWidth; }
  bool operator==(const TileId& o) const {
    return level == o.level && index == o.index && width == o.width;
  }
  bool operator!=(const TileId& o) const { return !(*this == o); }
  bool operator<(const TileId& o) const {
    if (level != o.level) return level < o.level;
    if (index != o.index) return index < o.index;
    return width < o.width;
  }
};

// TileIndexPath returns the path element form of tile index `n`: 3-digit
// groups, all but the last prefixed with 'x' (1234067 -> "x001/x234/067").
std::string TileIndexPath(uint64_t n);

// TilePath returns the path of `tile` relative to the monitoring prefix,
// e.g. "tile/0/x001/x234/067.p/8" or "tile/data/005". Requires a valid TileId.
std::string TilePath(const TileId& tile);

// ParseTilePath parses a canonical tile path (hash tile levels 0..63, data
// tiles, entry bundles, optional ".p/W" with W in 1..255); kInvalidArgument otherwise.
absl::StatusOr<TileId> ParseTilePath(absl::string_view path);

// IssuerPath returns "issuer/<lowercase hex of fingerprint>".
std::string IssuerPath(const Hash& fingerprint);

// ParseIssuerPath parses "issuer/<64 lowercase hex digits>"; kInvalidArgument otherwise.
absl::StatusOr<Hash> ParseIssuerPath(absl::string_view path);

// TileForIndex returns the tile at `level` (>= 0, kDataTileLevel or kEntriesTileLevel)
// that holds node/entry `index` of that level in a tree of `tree_size`
// leaves, with the width it has at that size. Requires the node to exist.
TileId TileForIndex(int level, uint64_t index, uint64_t tree_size);

// ParseHashTile returns the first `width` hashes of a hash tile body, which
// must hold exactly `width` hashes or be a full tile (256 hashes, standing in
// for a partial one). kInvalidArgument otherwise.
absl::StatusOr<std::vector<Hash>> ParseHashTile(ByteSpan data, uint32_t width);

// TileLeaf is one record of a static-ct-api data tile. Its ByteSpans alias
// the tile bytes passed to ParseDataTile, which must outlive it.
struct TileLeaf {
  enum EntryType : uint16_t { kX509Entry = 0, kPrecertEntry = 1 };

  uint64_t timestamp = 0;            // ms since the epoch
  EntryType entry_type = kX509Entry;
  Hash issuer_key_hash{};            // precert entries only
  ByteSpan certificate;               // x509: the leaf DER; precert: the TBSCertificate
  ByteSpan extensions;                // CtExtensions bytes
  ByteSpan pre_certificate;           // precert entries only: the precertificate DER
  std::vector<Hash> chain;            // SHA-256 fingerprints of the issuers
  ByteSpan timestamped_entry;         // the RFC 6962 TimestampedEntry bytes
};

// ParseTileLeaf parses one TileLeaf from the front of `*data` and advances
// it. kInvalidArgument (with the offset) on malformed bytes.
absl::StatusOr<TileLeaf> ParseTileLeaf(ByteSpan* data);

// ParseTileLeafInto is ParseTileLeaf into an existing `*leaf`, reusing its
// storage (for tight loops). On error `*leaf` is unspecified.
absl::Status ParseTileLeafInto(ByteSpan* data, TileLeaf* leaf);

// ParseDataTile parses exactly `count` TileLeaf records filling `data`;
// kInvalidArgument on malformed bytes, a wrong count or trailing bytes.
absl::StatusOr<std::vector<TileLeaf>> ParseDataTile(ByteSpan data, uint32_t count);

// AppendTileLeaf appends the encoding of `leaf` to `out` (the inverse of
// ParseTileLeaf; `timestamped_entry` is ignored). kInvalidArgument if a field
// is too long for its length prefix.
absl::Status AppendTileLeaf(const TileLeaf& leaf, Bytes* out);

// ParseEntryBundle splits a tlog-tiles entry bundle (uint16-length-prefixed
// entries) into exactly `count` entries that alias `data`; kInvalidArgument
// on malformed bytes, a wrong count or trailing bytes.
absl::StatusOr<std::vector<ByteSpan>> ParseEntryBundle(ByteSpan data, uint32_t count);

// MerkleTreeLeaf returns the RFC 6962 §3.4 MerkleTreeLeaf of `leaf`:
// version v1 (0), leaf_type timestamped_entry (0), then the TimestampedEntry.
Bytes MerkleTreeLeaf(const TileLeaf& leaf);

// LeafHash returns SHA-256(0x00 || MerkleTreeLeaf(`leaf`)).
Hash LeafHash(const TileLeaf& leaf);

}  // namespace ct

#endif  // CT_TILES_TILE_H_
