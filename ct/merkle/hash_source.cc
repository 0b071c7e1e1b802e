#include "ct/merkle/hash_source.h"

#include "absl/status/status.h"
#include "absl/strings/str_format.h"

namespace ct {

absl::StatusOr<Hash> HashSource::NodeHash(uint32_t level, uint64_t index) {
  const NodeId id{level, index};
  absl::StatusOr<std::vector<Hash>> hashes = NodeHashes(absl::MakeConstSpan(&id, 1));
  if (!hashes.ok()) return hashes.status();
  if (hashes->size() != 1) {
    return absl::InternalError(absl::StrFormat(
        "hash source returned %d hashes for 1 node", hashes->size()));
  }
  return (*hashes)[0];
}

void InMemoryTree::Append(const Hash& leaf_hash) {
  range_.Append(leaf_hash, [this](const NodeId& id, const Hash& h) { Keep(id, h); });
}

void InMemoryTree::AppendLeaves(absl::Span<const Hash> leaf_hashes) {
  range_.AppendLeaves(leaf_hashes,
                      [this](const NodeId& id, const Hash& h) { Keep(id, h); });
}

void InMemoryTree::Keep(const NodeId& id, const Hash& hash) {
  // CompactRange reports each level left to right, so node (l, i) is the
  // i-th hash kept at level l.
  if (levels_.size() <= id.level) levels_.resize(id.level + 1);
  levels_[id.level].push_back(hash);
}

absl::StatusOr<std::vector<Hash>> InMemoryTree::NodeHashes(
    absl::Span<const NodeId> ids) {
  std::vector<Hash> out;
  out.reserve(ids.size());
  for (const NodeId& id : ids) {
    if (id.level >= levels_.size() || id.index >= levels_[id.level].size()) {
      return absl::OutOfRangeError(absl::StrFormat(
          "node (level %d, index %d) is not complete in a tree of %d leaves",
          id.level, id.index, size()));
    }
    out.push_back(levels_[id.level][id.index]);
  }
  return out;
}

}  // namespace ct
