// File: ct/sct/signed_data.h
// -----------------------------------------------------------------------------
// The bytes a CT v1 log signs (RFC 6962 §3.2, §3.5) and the Merkle leaf
// (§3.4). Because certificate_timestamp(0) and timestamped_entry(0) are both a
// single zero byte, the SCT signature input and the MerkleTreeLeaf are the
// same bytes:
//   0x00 || 0x00 || timestamp(8) || entry_type(2) || signed_entry ||
//   uint16 len || extensions
// x509_entry:    signed_entry = uint24 len || leaf certificate DER
// precert_entry: signed_entry = issuer_key_hash(32) || uint24 len || TBS DER
//
// Bytes convention: see ct/base/bytes.h (binary in as ct::ByteSpan, out as
// ct::Bytes or ct::Hash).
//
// Example:
//   ct::SignedEntry e = ct::SignedEntry::Precert(issuer.SpkiHash(), tbs);
//   absl::StatusOr<ct::Hash> leaf = ct::LeafHash(sct, e);
#ifndef CT_SCT_SIGNED_DATA_H_
#define CT_SCT_SIGNED_DATA_H_

#include <array>
#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "ct/merkle/hash.h"
#include "ct/sct/sct.h"

namespace ct {

// LogEntryType (RFC 6962 §3.1).
enum class LogEntryType : uint16_t { kX509 = 0, kPrecert = 1 };

// SignedEntry is the entry an SCT covers. `certificate` aliases the caller's
// bytes: the leaf certificate DER (x509_entry) or the precertificate
// TBSCertificate DER (precert_entry). Copyable and movable.
struct SignedEntry {
  LogEntryType type = LogEntryType::kX509;
  Hash issuer_key_hash{};  // precert_entry only
  absl::Span<const uint8_t> certificate;

  // X509 returns an x509_entry for leaf certificate `cert_der`.
  static SignedEntry X509(absl::Span<const uint8_t> cert_der) {
    return {LogEntryType::kX509, Hash{}, cert_der};
  }
  // Precert returns a precert_entry for `tbs_der` issued under the key whose
  // SPKI hashes to `issuer_key_hash`.
  static SignedEntry Precert(const Hash& issuer_key_hash,
                             absl::Span<const uint8_t> tbs_der) {
    return {LogEntryType::kPrecert, issuer_key_hash, tbs_der};
  }
};

// SerializeMerkleTreeLeaf returns the TLS-encoded MerkleTreeLeaf (v1,
// timestamped_entry) for `entry` at `timestamp` with SCT `extensions`.
// kInvalidArgument if the certificate is empty or over 2^24-1 bytes, or the
// extensions are over 2^16-1 bytes.
absl::StatusOr<std::vector<uint8_t>> SerializeMerkleTreeLeaf(
    uint64_t timestamp, const SignedEntry& entry,
    absl::Span<const uint8_t> extensions);

// SerializeSignedData returns the bytes `sct` signs over `entry` (identical to
// the MerkleTreeLeaf for the SCT's timestamp and extensions).
absl::StatusOr<std::vector<uint8_t>> SerializeSignedData(
    const SignedCertificateTimestamp& sct, const SignedEntry& entry);

// LeafHash returns SHA-256(0x00 || MerkleTreeLeaf) for `sct` over `entry`.
absl::StatusOr<Hash> LeafHash(const SignedCertificateTimestamp& sct,
                              const SignedEntry& entry);

// kTreeHeadSignatureInputSize is the size of the RFC 6962 §3.5 input.
inline constexpr size_t kTreeHeadSignatureInputSize = 50;

// SerializeTreeHeadSignatureInput returns the 50-byte TreeHeadSignature input:
// version(0) || signature_type tree_hash(1) || timestamp || tree_size || root.
std::array<uint8_t, kTreeHeadSignatureInputSize> SerializeTreeHeadSignatureInput(
    uint64_t timestamp, uint64_t tree_size, const Hash& root_hash);

}  // namespace ct

#endif  // CT_SCT_SIGNED_DATA_H_
