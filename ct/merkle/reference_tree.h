// File: ct/merkle/reference_tree.h
// -----------------------------------------------------------------------------
// Test-only brute-force reference: MTH, PATH and PROOF written straight from
// the recursive definitions of RFC 6962 §2.1, §2.1.1 and §2.1.2, with no
// bit tricks. MTH results are memoised per leaf range, so sweeping every
// size, index and size pair over one leaf list stays cheap.
#ifndef CT_MERKLE_REFERENCE_TREE_H_
#define CT_MERKLE_REFERENCE_TREE_H_

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "ct/merkle/hash.h"

namespace ct::internal {

class ReferenceTree {
 public:
  explicit ReferenceTree(std::vector<Hash> leaves) : leaves_(std::move(leaves)) {}

  const std::vector<Hash>& leaves() const { return leaves_; }

  // Mth returns MTH(D[begin:end]).
  Hash Mth(uint64_t begin, uint64_t end) {
    if (end == begin) return EmptyRoot();
    if (end - begin == 1) return leaves_[begin];
    auto it = cache_.find({begin, end});
    if (it != cache_.end()) return it->second;
    const uint64_t k = Split(end - begin);
    Hash h = HashChildren(Mth(begin, begin + k), Mth(begin + k, end));
    cache_.emplace(std::make_pair(begin, end), h);
    return h;
  }

  // Path returns PATH(m, D[0:n]).
  std::vector<Hash> Path(uint64_t m, uint64_t n) { return PathIn(m, 0, n); }

  // Proof returns PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true).
  std::vector<Hash> Proof(uint64_t m, uint64_t n) {
    return SubProof(m, 0, n, true);
  }

  // Split returns k, the largest power of two smaller than n (n >= 2).
  static uint64_t Split(uint64_t n) {
    uint64_t k = 1;
    while (k * 2 < n) k *= 2;
    return k;
  }

 private:
  // PATH(m, D[begin:end]) with m relative to begin.
  std::vector<Hash> PathIn(uint64_t m, uint64_t begin, uint64_t end) {
    if (end - begin == 1) return {};
    const uint64_t k = Split(end - begin);
    std::vector<Hash> out;
    if (m < k) {
      out = PathIn(m, begin, begin + k);
      out.push_back(Mth(begin + k, end));
    } else {
      out = PathIn(m - k, begin + k, end);
      out.push_back(Mth(begin, begin + k));
    }
    return out;
  }

  // SUBPROOF(m, D[begin:end], b) with m relative to begin.
  std::vector<Hash> SubProof(uint64_t m, uint64_t begin, uint64_t end, bool b) {
    if (m == end - begin) {
      if (b) return {};
      return {Mth(begin, end)};
    }
    const uint64_t k = Split(end - begin);
    std::vector<Hash> out;
    if (m <= k) {
      out = SubProof(m, begin, begin + k, b);
      out.push_back(Mth(begin + k, end));
    } else {
      out = SubProof(m - k, begin + k, end, false);
      out.push_back(Mth(begin, begin + k));
    }
    return out;
  }

  std::vector<Hash> leaves_;
  std::map<std::pair<uint64_t, uint64_t>, Hash> cache_;
};

}  // namespace ct::internal

#endif  // CT_MERKLE_REFERENCE_TREE_H_
