#include "ct/tiles/writer/internal/tile_path.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace ct::internal {

std::string TileIndexPath(uint64_t n) {
  // Collect 3-digit groups least significant first.
  std::vector<uint64_t> groups;
  do {
    groups.push_back(n % 1000);
    n /= 1000;
  } while (n > 0);
  std::string out;
  for (size_t i = groups.size(); i-- > 0;) {
    absl::StrAppendFormat(&out, "%s%03d%s", i > 0 ? "x" : "", groups[i],
                          i > 0 ? "/" : "");
  }
  return out;
}

namespace {

std::string WithWidth(std::string path, uint64_t width) {
  if (width < kTileWidth) absl::StrAppend(&path, ".p/", width);
  return path;
}

}  // namespace

std::string HashTilePath(int level, uint64_t n, uint64_t width) {
  return WithWidth(absl::StrCat("tile/", level, "/", TileIndexPath(n)), width);
}

std::string DataTilePath(uint64_t n, uint64_t width) {
  return WithWidth(absl::StrCat("tile/data/", TileIndexPath(n)), width);
}

std::string IssuerPath(const Hash& fingerprint) {
  return absl::StrCat("issuer/", HashToHex(fingerprint));
}

}  // namespace ct::internal
