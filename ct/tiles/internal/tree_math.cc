#include "ct/tiles/internal/tree_math.h"

namespace ct::internal {

Hash ReducePerfect(absl::Span<const Hash> hashes) {
  std::vector<Hash> level(hashes.begin(), hashes.end());
  while (level.size() > 1) {
    for (size_t i = 0; i < level.size() / 2; ++i) {
      level[i] = HashChildren(level[2 * i], level[2 * i + 1]);
    }
    level.resize(level.size() / 2);
  }
  return level[0];
}

Hash RootFromRightEdge(const std::vector<std::vector<Hash>>& runs) {
  std::vector<Hash> parts;
  for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
    size_t off = 0;
    for (int r = 7; r >= 0; --r) {
      if ((it->size() >> r) & 1) {
        parts.push_back(ReducePerfect(absl::MakeConstSpan(*it).subspan(off, size_t{1} << r)));
        off += size_t{1} << r;
      }
    }
  }
  return FoldPerfectRoots(parts);
}

Hash FoldPerfectRoots(absl::Span<const Hash> parts) {
  Hash acc = parts.back();
  for (size_t i = parts.size() - 1; i-- > 0;) acc = HashChildren(parts[i], acc);
  return acc;
}

}  // namespace ct::internal
