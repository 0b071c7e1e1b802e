// Fuzz target for ct::CompactRange:
//  * the streaming root equals a naive recursive MTH (RFC 6962 §2.1) for
//    leaves cut from the input;
//  * merging [0, k) with [k, n) equals appending all n leaves, and so does
//    AppendLeaves;
//  * Serialize/Deserialize round-trips, and any bytes Deserialize accepts
//    re-serialize to exactly the same bytes.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "ct/merkle/compact_range.h"
#include "ct/merkle/hash.h"
#include "ct/merkle/reference_tree.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The raw input as a serialized state.
  absl::StatusOr<ct::CompactRange> parsed =
      ct::CompactRange::Deserialize(absl::MakeConstSpan(data, size));
  if (parsed.ok()) {
    const std::string again = parsed->Serialize();
    if (again != std::string(reinterpret_cast<const char*>(data), size)) {
      std::abort();
    }
  }
  if (size == 0) return 0;

  // Each input byte b after the first starts a leaf of (b % 8) bytes taken
  // from what follows; the first byte picks the merge split.
  const uint8_t split_byte = data[0];
  std::vector<ct::Hash> leaves;
  ct::CompactRange range;
  size_t pos = 1;
  while (pos < size && leaves.size() < 2000) {
    size_t len = data[pos] % 8;
    ++pos;
    if (len > size - pos) len = size - pos;
    leaves.push_back(ct::HashLeaf(absl::MakeConstSpan(data + pos, len)));
    pos += len;
    range.Append(leaves.back());
    if (range.size() != leaves.size()) std::abort();
  }
  ct::internal::ReferenceTree ref(leaves);
  if (!ct::HashesEqual(range.Root(), ref.Mth(0, leaves.size()))) std::abort();

  // Merge agrees with sequential append.
  const size_t k = leaves.empty() ? 0 : split_byte % (leaves.size() + 1);
  ct::CompactRange left, right(k);
  for (size_t i = 0; i < k; ++i) left.Append(leaves[i]);
  right.AppendLeaves(absl::MakeConstSpan(leaves).subspan(k));
  if (!left.AppendRange(right).ok() || left != range) std::abort();

  // Batch append agrees with sequential append.
  ct::CompactRange batch;
  batch.AppendLeaves(leaves);
  if (batch != range) std::abort();

  // State round trip, for a range that does not start at 0 too.
  for (const ct::CompactRange* r : {&range, &right}) {
    absl::StatusOr<ct::CompactRange> back =
        ct::CompactRange::Deserialize(r->Serialize());
    if (!back.ok() || *back != *r) std::abort();
  }
  return 0;
}
