#include "ct/merkle/prove.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "absl/types/span.h"
#include "ct/merkle/compact_range.h"

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
// subtree they decompose into (CompactRange::NodeIds) with one NodeHashes
// call. Each range starts at a multiple of a power of two at least its size
// (true for every subtree the RFC recursion visits), so the root of its
// nodes (CompactRange::RootFromNodes) is its MTH.
absl::StatusOr<std::vector<Hash>> Hashes(HashSource& source,
                                         const std::vector<Range>& ranges) {
  std::vector<NodeId> ids;
  for (const Range& r : ranges) {
    std::vector<NodeId> more = CompactRange::NodeIds(r.begin, r.end);
    ids.insert(ids.end(), more.begin(), more.end());
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
  absl::Span<const Hash> rest = *nodes;
  for (const Range& r : ranges) {
    const size_t count = CompactRange::NodeCount(r.begin, r.end);
    out.push_back(CompactRange::RootFromNodes(rest.subspan(0, count)));
    rest.remove_prefix(count);
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
