// File: ct/merkle/hash.h
// -----------------------------------------------------------------------------
// RFC 6962 §2.1 / RFC 9162 §2.1.1 Merkle tree hashing with SHA-256: typed
// 32-byte hashes, leaf and interior-node hashing with the domain-separation
// prefixes, and the empty-tree root. Also ctcore's one plain SHA-256 (Sha256,
// e.g. a log ID) and the text forms of a hash (hex and base64, on
// ct/base/encoding.h).
//
// Example:
//   ct::Hash leaf = ct::HashLeaf(entry_bytes);         // SHA-256(0x00 || d)
//   ct::Hash node = ct::HashChildren(left, right);     // SHA-256(0x01 || l || r)
//   absl::StatusOr<ct::Hash> h = ct::HashFromBytes(b); // exactly 32 bytes
//   ct::Hash log_id = ct::Sha256(spki_der);            // SHA-256(d)
#ifndef CT_MERKLE_HASH_H_
#define CT_MERKLE_HASH_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace ct {

// Hash is one SHA-256 Merkle tree hash. Copyable and movable.
inline constexpr size_t kHashSize = 32;
using Hash = std::array<uint8_t, kHashSize>;

// Domain-separation prefixes (RFC 6962 §2.1).
inline constexpr uint8_t kLeafHashPrefix = 0x00;
inline constexpr uint8_t kNodeHashPrefix = 0x01;

// HashLeaf returns MTH({d}) = SHA-256(0x00 || `data`), the leaf hash of one
// entry (in CT v1, `data` is the TLS-encoded MerkleTreeLeaf).
Hash HashLeaf(absl::Span<const uint8_t> data);
Hash HashLeaf(absl::string_view data);

// Sha256 returns SHA-256(`data`) with no prefix (a log ID, a key hash, a
// signed message's digest).
Hash Sha256(absl::Span<const uint8_t> data);

// HashChildren returns SHA-256(0x01 || `left` || `right`), an interior node.
Hash HashChildren(const Hash& left, const Hash& right);

// EmptyRoot returns MTH({}) = SHA-256() (e3b0c442...b855), the empty tree's root.
Hash EmptyRoot();

// HashFromBytes returns `bytes` as a Hash, or kInvalidArgument unless it is
// exactly 32 bytes long.
absl::StatusOr<Hash> HashFromBytes(absl::Span<const uint8_t> bytes);
absl::StatusOr<Hash> HashFromBytes(absl::string_view bytes);

// HashFromText parses a hash written as 64 hex digits (either case) or as
// standard base64 (44 characters with padding); kInvalidArgument otherwise.
absl::StatusOr<Hash> HashFromText(absl::string_view text);

// HashToHex returns the lowercase hex form of `hash`.
std::string HashToHex(const Hash& hash);

// HashToBase64 returns the standard (padded) base64 form of `hash`.
std::string HashToBase64(const Hash& hash);

// HashesEqual compares two hashes in constant time.
bool HashesEqual(const Hash& a, const Hash& b);

namespace internal {
// HashChildrenInto writes SHA-256(0x01 || left[0..32) || right[0..32)) to
// out[0..32); `out` may alias either input. Logically private.
void HashChildrenInto(const uint8_t* left, const uint8_t* right, uint8_t* out);
}  // namespace internal

}  // namespace ct

#endif  // CT_MERKLE_HASH_H_
