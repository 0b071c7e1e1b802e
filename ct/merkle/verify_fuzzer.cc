// Fuzz target for ct/merkle/verify.h on arbitrary bytes: verification never
// crashes, fails only with the documented codes, and a root computed by
// RootFrom*Proof verifies while a different root is a root mismatch.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "absl/status/status.h"
#include "ct/merkle/hash.h"
#include "ct/merkle/verify.h"

namespace {

uint64_t ReadU64(const uint8_t*& p, size_t& left) {
  uint64_t v = 0;
  for (int i = 0; i < 8 && left > 0; ++i, ++p, --left) v = v << 8 | *p;
  return v;
}

bool Documented(const absl::Status& s) {
  return s.code() == absl::StatusCode::kInvalidArgument ||
         s.code() == absl::StatusCode::kOutOfRange || ct::IsRootMismatch(s);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t mode = data[0];
  const uint8_t* p = data + 1;
  size_t left = size - 1;
  uint64_t a = ReadU64(p, left);
  uint64_t b = ReadU64(p, left);
  // Mode bits make small sizes likely: otherwise almost every input would be
  // a length error.
  if (mode & 1) a &= 0xffff;
  if (mode & 2) b &= 0xffff;
  ct::Hash x{}, y{};
  for (ct::Hash* h : {&x, &y}) {
    size_t n = left < ct::kHashSize ? left : ct::kHashSize;
    std::memcpy(h->data(), p, n);
    p += n;
    left -= n;
  }
  std::vector<ct::Hash> proof;
  while (left > 0 && proof.size() < 130) {
    ct::Hash h{};
    size_t n = left < ct::kHashSize ? left : ct::kHashSize;
    std::memcpy(h.data(), p, n);
    p += n;
    left -= n;
    proof.push_back(h);
  }

  if (mode & 4) {
    absl::StatusOr<ct::Hash> root = ct::RootFromInclusionProof(x, a, b, proof);
    absl::Status v = ct::VerifyInclusion(x, a, b, proof, y);
    if (!v.ok() && !Documented(v)) std::abort();
    if (!root.ok()) {
      if (!Documented(root.status()) || ct::IsRootMismatch(root.status())) std::abort();
      if (v.code() != root.status().code()) std::abort();
      return 0;
    }
    if (!ct::VerifyInclusion(x, a, b, proof, *root).ok()) std::abort();
    if (v.ok() != ct::HashesEqual(*root, y)) std::abort();
    if (!v.ok() && !ct::IsRootMismatch(v)) std::abort();
  } else {
    absl::StatusOr<ct::Hash> root2 = ct::RootFromConsistencyProof(a, b, proof, x);
    absl::Status v = ct::VerifyConsistency(a, b, proof, x, y);
    if (!v.ok() && !Documented(v)) std::abort();
    if (!root2.ok()) {
      if (!Documented(root2.status())) std::abort();
      if (v.code() != root2.status().code()) std::abort();
      return 0;
    }
    if (!ct::VerifyConsistency(a, b, proof, x, *root2).ok()) std::abort();
    if (v.ok() != ct::HashesEqual(*root2, y)) std::abort();
  }
  return 0;
}
