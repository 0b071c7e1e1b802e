// File: ct/tiles/writer/internal/tile_leaf_encoder.h
// -----------------------------------------------------------------------------
// Writer-side encoders for one Static CT API log entry: the SCT `leaf_index`
// extension, the RFC 6962 §3.4 MerkleTreeLeaf and the static-ct-api TileLeaf
// record of a data tile. Encode-only, small on purpose: the shared ct/sct and
// ct/tiles codecs replace it at integration.
//
// Byte layouts (static-ct-api v1.1.0 "Data Tiles"; RFC 6962 §3.4):
//   MerkleTreeLeaf  = 00 (v1) || 00 (timestamped_entry) || TimestampedEntry
//   TimestampedEntry= u64 timestamp || u16 entry_type || signed_entry
//                     || u16-prefixed extensions
//     x509_entry:    signed_entry = u24-prefixed certificate DER
//     precert_entry: signed_entry = issuer_key_hash[32] || u24-prefixed TBS
//   TileLeaf        = TimestampedEntry
//                     || (precert only) u24-prefixed pre_certificate DER
//                     || u16-prefixed concatenation of 32-byte fingerprints
//
// Example:
//   ct::internal::TileLeafInput in;  in.timestamp_ms = ...; in.certificate = der;
//   absl::StatusOr<EncodedTileLeaf> e = EncodeTileLeaf(in);
//   ct::Hash leaf_hash = ct::HashLeaf(e->merkle_tree_leaf());
#ifndef CT_TILES_WRITER_INTERNAL_TILE_LEAF_ENCODER_H_
#define CT_TILES_WRITER_INTERNAL_TILE_LEAF_ENCODER_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "ct/merkle/hash.h"

namespace ct::internal {

// kMaxAsn1CertSize is the largest ASN.1Cert / TBSCertificate (opaque<1..2^24-1>).
inline constexpr size_t kMaxAsn1CertSize = (size_t{1} << 24) - 1;
// kMaxChainFingerprints is how many 32-byte fingerprints fit in
// Fingerprint certificate_chain<0..2^16-1> (2047).
inline constexpr size_t kMaxChainFingerprints = 0xffff / kHashSize;
// kMaxLeafIndex is the largest leaf index a uint40 leaf_index extension holds.
inline constexpr uint64_t kMaxLeafIndex = (uint64_t{1} << 40) - 1;
// kLeafIndexExtensionSize is the size of the extensions field holding only a
// leaf_index extension: 00 0005 <uint40>.
inline constexpr size_t kLeafIndexExtensionSize = 8;

// LeafIndexExtension returns the static-ct-api CtExtensions bytes holding only
// the leaf_index extension: extension_type 0, u16 length 5, uint40 `index`.
// Requires index <= kMaxLeafIndex.
std::array<uint8_t, kLeafIndexExtensionSize> LeafIndexExtension(uint64_t index);

// TileLeafInput names the parts of one entry. Spans alias caller memory.
struct TileLeafInput {
  uint64_t timestamp_ms = 0;
  uint64_t leaf_index = 0;
  bool is_precert = false;
  // x509_entry: the certificate DER. precert_entry: the TBSCertificate DER.
  absl::Span<const uint8_t> certificate;
  // precert_entry only: SHA-256 of the issuer's SubjectPublicKeyInfo (32 bytes).
  absl::Span<const uint8_t> issuer_key_hash;
  // precert_entry only: the submitted precertificate DER.
  absl::Span<const uint8_t> pre_certificate;
  // SHA-256 of each chain certificate, in chain order.
  absl::Span<const Hash> chain_fingerprints;
};

// EncodedTileLeaf holds 00 00 || TileLeaf, so that both the MerkleTreeLeaf
// and the TileLeaf are views into one buffer. Copyable and movable.
struct EncodedTileLeaf {
  std::vector<uint8_t> bytes;
  size_t merkle_tree_leaf_size = 0;

  // merkle_tree_leaf returns the RFC 6962 §3.4 MerkleTreeLeaf bytes, which are
  // also exactly the bytes a v1 SCT signs (RFC 6962 §3.2).
  absl::Span<const uint8_t> merkle_tree_leaf() const {
    return absl::MakeConstSpan(bytes.data(), merkle_tree_leaf_size);
  }
  // tile_leaf returns the TileLeaf record as it appears in a data tile.
  absl::Span<const uint8_t> tile_leaf() const {
    return absl::MakeConstSpan(bytes).subspan(2);
  }
};

// EncodeTileLeaf encodes `in`. Returns kInvalidArgument for an empty or
// oversized certificate/TBS/pre_certificate, an issuer_key_hash that is not 32
// bytes, or more than kMaxChainFingerprints fingerprints; kOutOfRange if
// leaf_index > kMaxLeafIndex.
absl::StatusOr<EncodedTileLeaf> EncodeTileLeaf(const TileLeafInput& in);

}  // namespace ct::internal

#endif  // CT_TILES_WRITER_INTERNAL_TILE_LEAF_ENCODER_H_
