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
  if (levels_.empty()) levels_.emplace_back();
  levels_[0].push_back(leaf_hash);
  // A level that now has an even number of nodes completes one parent.
  for (size_t l = 0; levels_[l].size() % 2 == 0; ++l) {
    if (l + 1 == levels_.size()) levels_.emplace_back();
    const std::vector<Hash>& below = levels_[l];
    levels_[l + 1].push_back(
        HashChildren(below[below.size() - 2], below[below.size() - 1]));
  }
}

void InMemoryTree::AppendLeaves(absl::Span<const Hash> leaf_hashes) {
  for (const Hash& h : leaf_hashes) Append(h);
}

Hash InMemoryTree::Root() const {
  const uint64_t n = size();
  if (n == 0) return EmptyRoot();
  // Fold the perfect subtrees of the set bits of n, smallest (rightmost)
  // first.
  bool have = false;
  Hash root{};
  for (size_t l = 0; l < levels_.size(); ++l) {
    if (((n >> l) & 1) == 0) continue;
    const Hash& node = levels_[l][(n >> l) - 1];
    root = have ? HashChildren(node, root) : node;
    have = true;
  }
  return root;
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
