// File: ct/merkle/verify.h
// -----------------------------------------------------------------------------
// Merkle inclusion and consistency proof verification (RFC 9162 §2.1.3.2 and
// §2.1.4.2; the same proofs as RFC 6962 §2.1.1 / §2.1.2). Computing is kept
// apart from comparing: RootFrom*Proof returns the root a proof implies, and
// Verify* compares it with the expected root in constant time.
//
// Example:
//   absl::Status s = ct::VerifyInclusion(leaf_hash, index, sth_size, proof,
//                                        sth_root);
//   if (ct::IsRootMismatch(s)) { /* well-formed proof, wrong root */ }
//   else if (!s.ok())          { /* malformed input */ }
//
// Status codes (every failure message carries the numbers involved):
//   kOutOfRange         index >= tree size, or size1 > size2.
//   kInvalidArgument    size1 == 0, a proof of the wrong length for the sizes
//                       (including a non-empty proof when size1 == size2).
//   kFailedPrecondition the proof is well formed but leads to a different root
//                       ("root mismatch"); such a status also carries the
//                       payload kRootMismatchPayloadUrl, holding the computed
//                       root, and ErrorKind::kRootMismatch (ct/base/errors.h).
//                       Test it with IsRootMismatch().
//
// Edge cases (peers disagree; see docs/merkle.md):
//   * Hashes are ct::Hash, exactly 32 bytes by type; callers turning bytes or
//     text into hashes (HashFromBytes / HashFromText) get kInvalidArgument for
//     any other length before verification starts.
//   * Inclusion in a tree of size 1: index 0 with an empty proof is valid iff
//     the leaf hash equals the root. Tree size 0 has no leaves: kOutOfRange.
//   * The proof must have exactly the length RFC 6962 §2.1.1/§2.1.2 generates;
//     a longer or shorter proof is kInvalidArgument, never a mismatch.
//   * Consistency with size1 == 0 is kInvalidArgument, even with an empty
//     proof (as transparency-dev/merkle; Chromium accepts an empty proof).
//   * Consistency with size1 == size2 requires an empty proof and root1 ==
//     root2 (the RFC algorithm only covers 0 < size1 < size2).
#ifndef CT_MERKLE_VERIFY_H_
#define CT_MERKLE_VERIFY_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ct/merkle/hash.h"

namespace ct {

// kRootMismatchPayloadUrl is the status payload type URL that marks a root
// mismatch; its value is the 32-byte root the proof leads to.
inline constexpr absl::string_view kRootMismatchPayloadUrl =
    "type.googleapis.com/ct.merkle.RootMismatch";

// InclusionProofSize returns the number of hashes in the inclusion proof of
// leaf `index` in a tree of `size` leaves; 0 if index >= size.
size_t InclusionProofSize(uint64_t index, uint64_t size);

// ConsistencyProofSize returns the number of hashes in the consistency proof
// from `size1` to `size2`; 0 unless 0 < size1 < size2.
size_t ConsistencyProofSize(uint64_t size1, uint64_t size2);

// RootFromInclusionProof returns the root of the tree of `size` leaves implied
// by `leaf_hash` at `index` and its audit path `proof` (RFC 9162 §2.1.3.2).
// kOutOfRange if index >= size; kInvalidArgument if the proof length is wrong.
absl::StatusOr<Hash> RootFromInclusionProof(const Hash& leaf_hash,
                                            uint64_t index, uint64_t size,
                                            absl::Span<const Hash> proof);

// VerifyInclusion checks that `leaf_hash` is leaf `index` of the tree of
// `size` leaves with root `root`. Errors as RootFromInclusionProof, plus a
// root mismatch (kFailedPrecondition, IsRootMismatch) if the roots differ.
absl::Status VerifyInclusion(const Hash& leaf_hash, uint64_t index,
                             uint64_t size, absl::Span<const Hash> proof,
                             const Hash& root);

// RootFromConsistencyProof checks `proof` against the tree of `size1` leaves
// with root `root1` and returns the root of the tree of `size2` leaves it
// implies (RFC 9162 §2.1.4.2). kOutOfRange if size1 > size2;
// kInvalidArgument if size1 == 0 or the proof length is wrong; a root
// mismatch if the proof does not lead to `root1`. When size1 == size2 the
// proof must be empty and the result is `root1`.
absl::StatusOr<Hash> RootFromConsistencyProof(uint64_t size1, uint64_t size2,
                                              absl::Span<const Hash> proof,
                                              const Hash& root1);

// VerifyConsistency checks that the tree of `size2` leaves with root `root2`
// extends the tree of `size1` leaves with root `root1`. Errors as
// RootFromConsistencyProof, plus a root mismatch if the second roots differ.
absl::Status VerifyConsistency(uint64_t size1, uint64_t size2,
                               absl::Span<const Hash> proof, const Hash& root1,
                               const Hash& root2);

// IsRootMismatch returns whether `status` reports a well-formed proof that
// leads to a different root (as opposed to malformed input).
bool IsRootMismatch(const absl::Status& status);

// RootMismatchError returns the status Verify* report when `computed`
// differs from `expected`: kFailedPrecondition with the mismatch payload.
absl::Status RootMismatchError(const Hash& computed, const Hash& expected);

// TreeHeadRef is what a tree head check needs of a signed tree head of any
// kind (an RFC 6962 STH, a checkpoint, a ct::TreeHead).
struct TreeHeadRef {
  uint64_t size = 0;
  Hash root{};
  uint64_t timestamp_ms = 0;  // 0: the tree head carries no timestamp
};

// ConsistencyProofFetch returns the log's consistency proof from `size1` to
// `size2` leaves (0 < size1 < size2).
using ConsistencyProofFetch =
    std::function<absl::StatusOr<std::vector<Hash>>(uint64_t size1, uint64_t size2)>;

// VerifyTreeHeadConsistency is ctcore's one check that `newer` may follow
// `older` in one log (both signatures already verified): the size does not
// shrink, the timestamp does not go back (when both have one), one root per
// size, the empty tree's root at size 0, and a larger tree comes with a
// consistency proof (from `fetch`; not asked for otherwise) that verifies.
// Returns the proof used (empty when none was needed); without `fetch` only
// the order is checked. kInconsistent naming both tree heads otherwise;
// errors of `fetch` pass through.
absl::StatusOr<std::vector<Hash>> VerifyTreeHeadConsistency(const TreeHeadRef& older,
                                                            const TreeHeadRef& newer,
                                                            const ConsistencyProofFetch& fetch);

}  // namespace ct

#endif  // CT_MERKLE_VERIFY_H_
