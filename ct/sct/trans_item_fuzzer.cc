// Fuzzes the RFC 9162 TransItem codec. Property: whatever parses (as an item
// or as a TransItemList) serializes back to the input byte for byte.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "ct/sct/trans_item.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::Span<const uint8_t> in(data, size);
  const std::vector<uint8_t> input(data, data + size);
  absl::StatusOr<ct::TransItem> item = ct::ParseTransItem(in);
  if (item.ok()) {
    absl::StatusOr<std::vector<uint8_t>> back = ct::SerializeTransItem(*item);
    if (!back.ok() || *back != input) abort();
  }
  absl::StatusOr<std::vector<ct::TransItem>> list = ct::ParseTransItemList(in);
  if (list.ok()) {
    absl::StatusOr<std::vector<uint8_t>> back = ct::SerializeTransItemList(*list);
    if (!back.ok() || *back != input) abort();
  }
  return 0;
}
