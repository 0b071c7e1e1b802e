// Fuzz target: TileLeaf records round-trip. Every record ParseTileLeaf reads
// re-encodes with AppendTileLeaf to exactly the bytes it consumed, its
// timestamped_entry is a prefix of them, and ParseDataTile agrees with
// reading the records one by one.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "ct/base/bytes.h"
#include "ct/sct/sct.h"
#include "ct/tiles/tile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const ct::ByteSpan input(data, size);
  ct::ByteSpan rest = input;
  uint32_t count = 0;
  while (!rest.empty() && count < ct::kTileWidth) {
    const ct::ByteSpan before = rest;
    absl::StatusOr<ct::TileLeaf> leaf = ct::ParseTileLeaf(&rest);
    if (!leaf.ok()) break;
    const ct::ByteSpan consumed = before.first(before.size() - rest.size());
    ct::Bytes again;
    if (!ct::AppendTileLeaf(*leaf, &again).ok() || ct::ByteSpan(again) != consumed) abort();
    if (leaf->timestamped_entry.size() > consumed.size() ||
        consumed.first(leaf->timestamped_entry.size()) != leaf->timestamped_entry) {
      abort();
    }
    (void)ct::LeafHash(*leaf);
    (void)ct::ParseLeafIndexExtension(leaf->extensions);
    ++count;
  }
  if (count > 0) {
    absl::StatusOr<std::vector<ct::TileLeaf>> all = ct::ParseDataTile(input, count);
    if (all.ok() != rest.empty()) abort();
  }
  return 0;
}
