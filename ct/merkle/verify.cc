#include "ct/merkle/verify.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/cord.h"
#include "absl/strings/str_format.h"
#include "ct/base/bytes.h"
#include "ct/base/errors.h"

namespace ct {
namespace {

// BitLength returns the number of significant bits of `x` (0 for 0).
unsigned BitLength(uint64_t x) {
  return x == 0 ? 0 : 64 - static_cast<unsigned>(__builtin_clzll(x));
}

unsigned PopCount(uint64_t x) {
  return static_cast<unsigned>(__builtin_popcountll(x));
}

// HashInto sets `acc` to HASH(0x01 || left || right) where one of the
// children is `acc` itself.
inline void HashLeftInto(const Hash& left, Hash& acc) {
  internal::HashChildrenInto(left.data(), acc.data(), acc.data());
}
inline void HashRightInto(Hash& acc, const Hash& right) {
  internal::HashChildrenInto(acc.data(), right.data(), acc.data());
}

absl::Status WrongProofSize(size_t got, size_t want, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrFormat(
      "wrong %s proof size %d, want %d", what, got, want));
}

}  // namespace

// An audit path has one hash per level below the point where the paths to
// leaves `index` and `size - 1` split ("inner" nodes), plus one per left
// sibling above it on the right border of the tree.
size_t InclusionProofSize(uint64_t index, uint64_t size) {
  if (index >= size) return 0;
  const unsigned inner = BitLength(index ^ (size - 1));
  return inner + PopCount(inner == 64 ? 0 : index >> inner);
}

size_t ConsistencyProofSize(uint64_t size1, uint64_t size2) {
  if (size1 == 0 || size1 >= size2) return 0;
  // The consistency proof is the audit path of leaf size1 - 1 in the tree of
  // size2, minus the levels below the largest perfect subtree ending at
  // size1, plus that subtree's root unless it is the whole tree of size1.
  const unsigned shift = static_cast<unsigned>(__builtin_ctzll(size1));
  const size_t path = InclusionProofSize(size1 - 1, size2) - shift;
  const bool size1_is_perfect = (size1 >> shift) == 1;
  return path + (size1_is_perfect ? 0 : 1);
}

absl::Status RootMismatchError(const Hash& computed, const Hash& expected) {
  // ErrorKind::kRootMismatch (code kFailedPrecondition), plus the computed
  // root in its own payload.
  absl::Status status =
      MakeError(ErrorKind::kRootMismatch,
                absl::StrFormat("root mismatch: proof leads to %s, want %s",
                                HashToHex(computed), HashToHex(expected)));
  status.SetPayload(kRootMismatchPayloadUrl, absl::Cord(AsChars(computed)));
  return status;
}

bool IsRootMismatch(const absl::Status& status) {
  return ErrorKindOf(status) == ErrorKind::kRootMismatch &&
         status.code() == absl::StatusCode::kFailedPrecondition &&
         status.GetPayload(kRootMismatchPayloadUrl).has_value();
}

absl::StatusOr<Hash> RootFromInclusionProof(const Hash& leaf_hash,
                                            uint64_t index, uint64_t size,
                                            absl::Span<const Hash> proof) {
  // Step 1: If leaf_index is greater than or equal to tree_size, fail.
  if (index >= size) {
    return absl::OutOfRangeError(absl::StrFormat(
        "leaf index %d is not below tree size %d", index, size));
  }
  // The RFC loop rejects a proof of the wrong length through its final
  // sn == 0 check; checking the exact length first gives a clear error and
  // keeps a wrong length apart from a root mismatch.
  const size_t want = InclusionProofSize(index, size);
  if (proof.size() != want) return WrongProofSize(proof.size(), want, "inclusion");

  // Step 2: Set fn to leaf_index and sn to tree_size - 1.
  uint64_t fn = index;
  uint64_t sn = size - 1;
  // Step 3: Set r to hash.
  Hash r = leaf_hash;
  // Step 4: For each value p in the inclusion_path array:
  for (const Hash& p : proof) {
    // a. If sn is 0, then stop the iteration and fail the proof verification.
    if (sn == 0) return WrongProofSize(proof.size(), want, "inclusion");
    // b. If LSB(fn) is set, or if fn is equal to sn, then:
    if ((fn & 1) != 0 || fn == sn) {
      // 1. Set r to HASH(0x01 || p || r).
      HashLeftInto(p, r);
      // 2. If LSB(fn) is not set, then right-shift both fn and sn equally
      //    until either LSB(fn) is set or fn is 0.
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      // Otherwise: Set r to HASH(0x01 || r || p).
      HashRightInto(r, p);
    }
    // c. Finally, right-shift both fn and sn one time.
    fn >>= 1;
    sn >>= 1;
  }
  // Step 5: sn must be 0 (the root comparison is VerifyInclusion's).
  if (sn != 0) return WrongProofSize(proof.size(), want, "inclusion");
  return r;
}

absl::Status VerifyInclusion(const Hash& leaf_hash, uint64_t index,
                             uint64_t size, absl::Span<const Hash> proof,
                             const Hash& root) {
  absl::StatusOr<Hash> computed =
      RootFromInclusionProof(leaf_hash, index, size, proof);
  if (!computed.ok()) return computed.status();
  if (!HashesEqual(*computed, root)) return RootMismatchError(*computed, root);
  return absl::OkStatus();
}

absl::StatusOr<Hash> RootFromConsistencyProof(uint64_t size1, uint64_t size2,
                                              absl::Span<const Hash> proof,
                                              const Hash& root1) {
  if (size1 > size2) {
    return absl::OutOfRangeError(absl::StrFormat(
        "first tree size %d is larger than second tree size %d", size1, size2));
  }
  if (size1 == 0) {
    // Every tree extends the empty tree; a proof from size 0 proves nothing,
    // and RFC 9162 §2.1.4.2 requires 0 < first.
    return absl::InvalidArgumentError(absl::StrFormat(
        "consistency proof from tree size 0 (to %d) is not defined", size2));
  }
  if (size1 == size2) {
    if (!proof.empty()) return WrongProofSize(proof.size(), 0, "consistency");
    return root1;
  }
  // Step 1 (consistency_path empty ⇒ fail) is part of the exact length check.
  const size_t want = ConsistencyProofSize(size1, size2);
  if (proof.size() != want) {
    return WrongProofSize(proof.size(), want, "consistency");
  }

  // Step 2: If first is an exact power of 2, then prepend first_hash to the
  // consistency_path array. (Done without copying: `seed` is path[0].)
  const bool size1_is_power_of_2 = (size1 & (size1 - 1)) == 0;
  const Hash& seed = size1_is_power_of_2 ? root1 : proof[0];
  absl::Span<const Hash> rest = size1_is_power_of_2 ? proof : proof.subspan(1);

  // Step 3: Set fn to first - 1 and sn to second - 1.
  uint64_t fn = size1 - 1;
  uint64_t sn = size2 - 1;
  // Step 4: If LSB(fn) is set, then right-shift both fn and sn equally until
  // LSB(fn) is not set.
  while ((fn & 1) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  // Step 5: Set both fr and sr to the first value in the consistency_path.
  Hash fr = seed;
  Hash sr = seed;
  // Step 6: For each subsequent value c in the consistency_path array:
  for (const Hash& c : rest) {
    // a. If sn is 0, then stop the iteration and fail the proof verification.
    if (sn == 0) return WrongProofSize(proof.size(), want, "consistency");
    // b. If LSB(fn) is set, or if fn is equal to sn, then:
    if ((fn & 1) != 0 || fn == sn) {
      // 1. Set fr to HASH(0x01 || c || fr). Set sr to HASH(0x01 || c || sr).
      HashLeftInto(c, fr);
      HashLeftInto(c, sr);
      // 2. If LSB(fn) is not set, then right-shift both fn and sn equally
      //    until either LSB(fn) is set or fn is 0.
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      // Otherwise: Set sr to HASH(0x01 || sr || c).
      HashRightInto(sr, c);
    }
    // c. Finally, right-shift both fn and sn one time.
    fn >>= 1;
    sn >>= 1;
  }
  // Step 7: fr must equal first_hash and sn must be 0; sr is the computed
  // second root (compared by VerifyConsistency).
  if (sn != 0) return WrongProofSize(proof.size(), want, "consistency");
  if (!HashesEqual(fr, root1)) return RootMismatchError(fr, root1);
  return sr;
}

absl::Status VerifyConsistency(uint64_t size1, uint64_t size2,
                               absl::Span<const Hash> proof, const Hash& root1,
                               const Hash& root2) {
  absl::StatusOr<Hash> computed =
      RootFromConsistencyProof(size1, size2, proof, root1);
  if (!computed.ok()) return computed.status();
  if (!HashesEqual(*computed, root2)) return RootMismatchError(*computed, root2);
  return absl::OkStatus();
}

namespace {

std::string DescribeTreeHead(const TreeHeadRef& h) {
  std::string s = absl::StrFormat("tree head (size %d, root %s", h.size, HashToBase64(h.root));
  if (h.timestamp_ms != 0) absl::StrAppendFormat(&s, ", timestamp %d", h.timestamp_ms);
  return s + ")";
}

}  // namespace

absl::StatusOr<std::vector<Hash>> VerifyTreeHeadConsistency(const TreeHeadRef& older,
                                                            const TreeHeadRef& newer,
                                                            const ConsistencyProofFetch& fetch) {
  auto inconsistent = [&](const std::string& why) {
    return MakeError(ErrorKind::kInconsistent,
                     absl::StrFormat("%s: older %s, newer %s", why, DescribeTreeHead(older),
                                     DescribeTreeHead(newer)));
  };
  if (newer.size < older.size) {
    return inconsistent(absl::StrFormat("the tree shrank from %d to %d entries", older.size,
                                        newer.size));
  }
  if (older.timestamp_ms != 0 && newer.timestamp_ms != 0 &&
      newer.timestamp_ms < older.timestamp_ms) {
    return inconsistent("tree head timestamp goes backwards");
  }
  for (const TreeHeadRef* h : {&older, &newer}) {
    if (h->size == 0 && !HashesEqual(h->root, EmptyRoot())) {
      return inconsistent("a tree of size 0 has a non-empty root");
    }
  }
  std::vector<Hash> proof;
  if (older.size == newer.size) {
    if (!HashesEqual(older.root, newer.root)) {
      return inconsistent(absl::StrFormat("two roots for tree size %d", newer.size));
    }
    return proof;
  }
  if (older.size == 0 || !fetch) return proof;
  absl::StatusOr<std::vector<Hash>> fetched = fetch(older.size, newer.size);
  if (!fetched.ok()) return fetched.status();
  absl::Status v = VerifyConsistency(older.size, newer.size, *fetched, older.root, newer.root);
  if (!v.ok()) {
    return inconsistent(absl::StrFormat("tree head %d is not consistent with %d (%s)",
                                        newer.size, older.size, v.message()));
  }
  return fetched;
}

}  // namespace ct
