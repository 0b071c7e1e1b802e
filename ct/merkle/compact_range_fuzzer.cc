// Fuzz target for ct::CompactRange:
//  * the streaming root equals a naive recursive MTH (RFC 6962 §2.1) for
//    leaves cut from the input;
//  * merging [0, k) with [k, n) equals appending all n leaves, and so does
//    AppendLeaves;
//  * the visitors of Append, AppendLeaves and AppendRange report every
//    perfect subtree of the range exactly once, with its reference MTH, and
//    nothing else (also for [k, n), which does not start at 0);
//  * Serialize/Deserialize round-trips, and any bytes Deserialize accepts
//    re-serialize to exactly the same bytes.
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "ct/merkle/compact_range.h"
#include "ct/merkle/hash.h"
#include "ct/merkle/node_id.h"
#include "ct/merkle/reference_tree.h"

namespace {

// Seen collects visited nodes; a node reported twice aborts.
struct Seen {
  std::map<ct::NodeId, ct::Hash> nodes;
  void operator()(const ct::NodeId& id, const ct::Hash& h) {
    if (!nodes.emplace(id, h).second) std::abort();
  }
};

// CheckNodes aborts unless `seen` holds exactly the perfect subtrees inside
// [begin, end), each with its reference MTH.
void CheckNodes(const Seen& seen, ct::internal::ReferenceTree& ref, uint64_t begin,
                uint64_t end) {
  size_t want = 0;
  for (uint32_t level = 0; (uint64_t{1} << level) <= end - begin; ++level) {
    const uint64_t size = uint64_t{1} << level;
    for (uint64_t i = (begin + size - 1) / size; (i + 1) * size <= end; ++i, ++want) {
      auto it = seen.nodes.find(ct::NodeId{level, i});
      if (it == seen.nodes.end() ||
          !ct::HashesEqual(it->second, ref.Mth(i * size, (i + 1) * size))) {
        std::abort();
      }
    }
  }
  if (seen.nodes.size() != want) std::abort();
}

}  // namespace

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
  Seen seen;
  size_t pos = 1;
  while (pos < size && leaves.size() < 2000) {
    size_t len = data[pos] % 8;
    ++pos;
    if (len > size - pos) len = size - pos;
    leaves.push_back(ct::HashLeaf(absl::MakeConstSpan(data + pos, len)));
    pos += len;
    range.Append(leaves.back(), [&](const ct::NodeId& id, const ct::Hash& h) { seen(id, h); });
    if (range.size() != leaves.size()) std::abort();
  }
  ct::internal::ReferenceTree ref(leaves);
  if (!ct::HashesEqual(range.Root(), ref.Mth(0, leaves.size()))) std::abort();
  CheckNodes(seen, ref, 0, leaves.size());

  // Merge agrees with sequential append.
  const size_t k = leaves.empty() ? 0 : split_byte % (leaves.size() + 1);
  ct::CompactRange left, right(k);
  Seen split_seen, right_seen;
  for (size_t i = 0; i < k; ++i) {
    left.Append(leaves[i], [&](const ct::NodeId& id, const ct::Hash& h) { split_seen(id, h); });
  }
  right.AppendLeaves(absl::MakeConstSpan(leaves).subspan(k),
                     [&](const ct::NodeId& id, const ct::Hash& h) {
                       right_seen(id, h);
                       split_seen(id, h);
                     });
  CheckNodes(right_seen, ref, k, leaves.size());
  if (!left.AppendRange(right, [&](const ct::NodeId& id, const ct::Hash& h) {
        split_seen(id, h);
      }).ok() ||
      left != range) {
    std::abort();
  }
  CheckNodes(split_seen, ref, 0, leaves.size());

  // Batch append agrees with sequential append.
  ct::CompactRange batch;
  Seen batch_seen;
  batch.AppendLeaves(leaves, [&](const ct::NodeId& id, const ct::Hash& h) { batch_seen(id, h); });
  if (batch != range) std::abort();
  CheckNodes(batch_seen, ref, 0, leaves.size());

  // State round trip, for a range that does not start at 0 too.
  for (const ct::CompactRange* r : {&range, &right}) {
    absl::StatusOr<ct::CompactRange> back =
        ct::CompactRange::Deserialize(r->Serialize());
    if (!back.ok() || *back != *r) std::abort();
  }
  return 0;
}
