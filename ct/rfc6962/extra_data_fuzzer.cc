// Fuzz target: get-entries extra_data and leaf_input. The first byte picks
// the entry type (x509 / precert) or the leaf_input parser. Properties: an
// error is kMalformed (or kUnimplemented for an unknown entry_type), and
// accepted bytes re-serialize byte for byte (ct/sct SerializeMerkleTreeLeaf
// for leaf_input, SerializeExtraData for extra_data).
#include <cstdint>
#include <cstdlib>

#include "absl/status/status.h"
#include "ct/base/bytes.h"
#include "ct/base/errors.h"
#include "ct/rfc6962/entry.h"
#include "ct/sct/signed_data.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  ct::ByteSpan in(data + 1, size - 1);
  if (data[0] % 3 == 2) {
    absl::StatusOr<ct::LeafInput> leaf = ct::ParseLeafInput(in);
    if (!leaf.ok()) {
      if (ct::ErrorKindOf(leaf.status()) != ct::ErrorKind::kMalformed &&
          !absl::IsUnimplemented(leaf.status())) {
        abort();
      }
      return 0;
    }
    absl::StatusOr<ct::Bytes> again =
        ct::SerializeMerkleTreeLeaf(leaf->timestamp, leaf->entry, leaf->extensions);
    if (!again.ok() || ct::ByteSpan(*again) != in) abort();
    return 0;
  }
  ct::LogEntryType type = data[0] % 3 == 0 ? ct::LogEntryType::kX509 : ct::LogEntryType::kPrecert;
  absl::StatusOr<ct::ExtraData> extra = ct::ParseExtraData(type, in);
  if (!extra.ok()) {
    if (ct::ErrorKindOf(extra.status()) != ct::ErrorKind::kMalformed) abort();
    return 0;
  }
  absl::StatusOr<ct::Bytes> again = ct::SerializeExtraData(type, *extra);
  if (!again.ok() || ct::ByteSpan(*again) != in) abort();
  return 0;
}
