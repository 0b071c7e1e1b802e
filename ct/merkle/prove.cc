#include "ct/merkle/prove.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"

namespace ct {
namespace {

// A leaf range [begin, end) whose MTH is one hash of a proof.
struct Range {
  uint64_t begin;
  uint64_t end;
};

// LargestPowerOfTwoBelow returns k, the largest power of two with k < n
// (requires n >= 2): the split point of RFC 6962 §2.1.
uint64_t LargestPowerOfTwoBelow(uint64_t n) {
  return uint64_t{1} << (63 - __builtin_clzll(n - 1));
}

// Hashes returns MTH(D[begin:end]) for each range, reading every perfect
// subtree they decompose into with one NodeHashes call. Each range starts at
// a multiple of a power of two at least its size (true for every subtree the
// RFC recursion visits), so its greedy decomposition has strictly falling
// levels and folding it right to left gives its MTH.
absl::StatusOr<std::vector<Hash>> Hashes(HashSource& source,
                                         const std::vector<Range>& ranges) {
  std::vector<NodeId> ids;
  std::vector<size_t> counts;
  for (const Range& r : ranges) {
    size_t count = 0;
    for (uint64_t pos = r.begin; pos < r.end; ++count) {
      unsigned level = pos == 0 ? 63 : __builtin_ctzll(pos);
      while ((uint64_t{1} << level) > r.end - pos) --level;
      ids.push_back(NodeId{level, pos >> level});
      pos += uint64_t{1} << level;
    }
    counts.push_back(count);
  }
  absl::StatusOr<std::vector<Hash>> nodes = source.NodeHashes(ids);
  if (!nodes.ok()) return nodes.status();
  if (nodes->size() != ids.size()) {
    return absl::InternalError(absl::StrFormat(
        "hash source returned %d hashes for %d nodes", nodes->size(),
        ids.size()));
  }
  std::vector<Hash> out;
  out.reserve(ranges.size());
  size_t next = 0;
  for (size_t count : counts) {
    Hash h = (*nodes)[next + count - 1];
    for (size_t i = count - 1; i-- > 0;) h = HashChildren((*nodes)[next + i], h);
    out.push_back(h);
    next += count;
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<Hash>> InclusionProof(HashSource& source,
                                                 uint64_t index,
                                                 uint64_t size) {
  if (index >= size) {
    return absl::OutOfRangeError(absl::StrFormat(
        "leaf index %d is not below tree size %d", index, size));
  }
  // PATH(m, D[n]) (RFC 6962 §2.1.1), unrolled from the root down: with k the
  // largest power of two below n, if m < k the path continues in D[0:k] and
  // MTH(D[k:n]) is appended; otherwise it continues in D[k:n] and MTH(D[0:k])
  // is appended. The recursion appends on the way back up, so the ranges
  // collected top-down are reversed at the end.
  std::vector<Range> ranges;
  uint64_t begin = 0, end = size;
  while (end - begin > 1) {
    const uint64_t k = LargestPowerOfTwoBelow(end - begin);
    if (index - begin < k) {
      ranges.push_back({begin + k, end});
      end = begin + k;
    } else {
      ranges.push_back({begin, begin + k});
      begin += k;
    }
  }
  std::reverse(ranges.begin(), ranges.end());
  return Hashes(source, ranges);
}

absl::StatusOr<std::vector<Hash>> ConsistencyProof(HashSource& source,
                                                   uint64_t size1,
                                                   uint64_t size2) {
  if (size1 > size2) {
    return absl::OutOfRangeError(absl::StrFormat(
        "first tree size %d is larger than second tree size %d", size1, size2));
  }
  if (size1 == 0) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "consistency proof from tree size 0 (to %d) is not defined", size2));
  }
  // SUBPROOF(m, D[n], b) (RFC 6962 §2.1.2), unrolled like PATH above:
  //   m == n: {} if b, else {MTH(D[n])};
  //   m <= k: SUBPROOF(m, D[0:k], b) : MTH(D[k:n]);
  //   m > k:  SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k]).
  std::vector<Range> ranges;
  uint64_t begin = 0, end = size2;
  bool whole_first_tree = true;  // b
  while (size1 != end) {
    const uint64_t k = LargestPowerOfTwoBelow(end - begin);
    if (size1 - begin <= k) {
      ranges.push_back({begin + k, end});
      end = begin + k;
    } else {
      ranges.push_back({begin, begin + k});
      begin += k;
      whole_first_tree = false;
    }
  }
  if (!whole_first_tree) ranges.push_back({begin, end});
  std::reverse(ranges.begin(), ranges.end());
  return Hashes(source, ranges);
}

absl::StatusOr<Hash> RootAtSize(HashSource& source, uint64_t size) {
  if (size == 0) return EmptyRoot();
  absl::StatusOr<std::vector<Hash>> root = Hashes(source, {Range{0, size}});
  if (!root.ok()) return root.status();
  return (*root)[0];
}

}  // namespace ct
