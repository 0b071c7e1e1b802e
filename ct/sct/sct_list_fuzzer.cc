// Fuzzes SCT list parsing. Property: whatever parses serializes back to the
// input byte for byte (list and each item), and the leaf_index parser never
// crashes on any SCT's extensions.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "ct/sct/sct.h"

namespace {

void Check(bool ok) {
  if (!ok) abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::Span<const uint8_t> in(data, size);
  const std::vector<uint8_t> input(data, data + size);
  absl::StatusOr<std::vector<absl::Span<const uint8_t>>> items =
      ct::SplitSctList(in);
  absl::StatusOr<std::vector<ct::SignedCertificateTimestamp>> scts =
      ct::ParseSctList(in);
  Check(!scts.ok() || items.ok());
  if (items.ok()) {
    for (absl::Span<const uint8_t> item : *items) {
      absl::StatusOr<ct::SignedCertificateTimestamp> sct = ct::ParseSct(item);
      if (!sct.ok()) continue;
      absl::StatusOr<std::vector<uint8_t>> back = ct::SerializeSct(*sct);
      Check(back.ok() && *back == std::vector<uint8_t>(item.begin(), item.end()));
      (void)ct::ParseLeafIndexExtension(sct->extensions);
    }
  }
  if (scts.ok()) {
    absl::StatusOr<std::vector<uint8_t>> back = ct::SerializeSctList(*scts);
    Check(back.ok() && *back == input);
  }
  // The whole input as a single SCT, and as a digitally-signed struct.
  absl::StatusOr<ct::SignedCertificateTimestamp> one = ct::ParseSct(in);
  if (one.ok()) Check(*ct::SerializeSct(*one) == input);
  absl::StatusOr<ct::DigitallySigned> ds = ct::ParseDigitallySigned(in);
  if (ds.ok()) Check(*ct::SerializeDigitallySigned(*ds) == input);
  return 0;
}
