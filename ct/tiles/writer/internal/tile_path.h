// File: ct/tiles/writer/internal/tile_path.h
// -----------------------------------------------------------------------------
// Writer-side encoding of Static CT API resource paths (C2SP static-ct-api
// v1.1.0 "Merkle Tree", "Data Tiles", "Issuers"). Encode-only; the reader's
// ct/tiles path codec (which also parses) replaces this at integration.
//
// Example:
//   TileIndexPath(1234067)        == "x001/x234/067"
//   HashTilePath(0, 273, 112)     == "tile/0/273.p/112"
//   DataTilePath(5, kTileWidth)   == "tile/data/005"
#ifndef CT_TILES_WRITER_INTERNAL_TILE_PATH_H_
#define CT_TILES_WRITER_INTERNAL_TILE_PATH_H_

#include <cstdint>
#include <string>

#include "ct/merkle/hash.h"

namespace ct::internal {

// kTileWidth is the number of hashes (or entries) in a full tile.
inline constexpr uint64_t kTileWidth = 256;

// TileIndexPath encodes `n` as zero-padded 3-digit groups, all but the last
// prefixed with "x" (1234067 -> "x001/x234/067", 5 -> "005").
std::string TileIndexPath(uint64_t n);

// HashTilePath returns "tile/<level>/<N>" for a full tile (`width` ==
// kTileWidth) or "tile/<level>/<N>.p/<width>" for a partial one.
// Requires 1 <= width <= kTileWidth.
std::string HashTilePath(int level, uint64_t n, uint64_t width);

// DataTilePath returns "tile/data/<N>" or "tile/data/<N>.p/<width>" as above.
std::string DataTilePath(uint64_t n, uint64_t width);

// IssuerPath returns "issuer/<lowercase hex of fingerprint>".
std::string IssuerPath(const Hash& fingerprint);

}  // namespace ct::internal

#endif  // CT_TILES_WRITER_INTERNAL_TILE_PATH_H_
