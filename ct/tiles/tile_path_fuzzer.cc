// Fuzz target: tile and issuer paths round-trip: a path parses exactly when
// formatting the result gives the same path back.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "ct/tiles/tile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string path(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<ct::TileId> tile = ct::ParseTilePath(path);
  if (tile.ok()) {
    if (ct::TilePath(*tile) != path) abort();
    if (tile->width < 1 || tile->width > ct::kTileWidth) abort();
    if (tile->level < ct::kEntriesTileLevel || tile->level > ct::kMaxTileLevel) abort();
  }
  absl::StatusOr<ct::Hash> issuer = ct::ParseIssuerPath(path);
  if (issuer.ok() && ct::IssuerPath(*issuer) != path) abort();
  return 0;
}
