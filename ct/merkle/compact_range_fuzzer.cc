// Fuzz target: the streaming tree's root equals a naive recursive MTH
// (RFC 6962 §2.1) for leaves cut from arbitrary input bytes.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "ct/merkle/compact_range.h"
#include "ct/merkle/hash.h"

namespace {

// MTH(D[begin:end]) straight from the RFC's recursive definition.
ct::Hash NaiveRoot(const std::vector<ct::Hash>& leaves, size_t begin,
                   size_t end) {
  if (end - begin == 1) return leaves[begin];
  size_t k = 1;
  while (k * 2 < end - begin) k *= 2;
  return ct::HashChildren(NaiveRoot(leaves, begin, begin + k),
                          NaiveRoot(leaves, begin + k, end));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Each input byte b starts a leaf of (b % 8) bytes taken from what follows.
  std::vector<ct::Hash> leaves;
  ct::CompactRange range;
  size_t pos = 0;
  while (pos < size && leaves.size() < 2000) {
    size_t len = data[pos] % 8;
    ++pos;
    if (len > size - pos) len = size - pos;
    leaves.push_back(ct::HashLeaf(absl::MakeConstSpan(data + pos, len)));
    pos += len;
    range.Append(leaves.back());
    if (range.size() != leaves.size()) std::abort();
  }
  ct::Hash want = leaves.empty() ? ct::EmptyRoot()
                                 : NaiveRoot(leaves, 0, leaves.size());
  if (!ct::HashesEqual(range.Root(), want)) std::abort();
  return 0;
}
