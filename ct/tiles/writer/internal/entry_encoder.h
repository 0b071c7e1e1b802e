// File: ct/tiles/writer/internal/entry_encoder.h
// -----------------------------------------------------------------------------
// The LogWriter's encoding of one entry, composed from the shared codecs: the
// static-ct-api leaf_index extension and the RFC 6962 §3.4 MerkleTreeLeaf
// (which is also what the entry's v1 SCT signs) from ct/sct, and the TileLeaf
// record of a data tile from ct/tiles (AppendTileLeaf). Internal to
// ct/tiles/writer; separate so the fuzzer can drive it. Binary data follows
// ct/base/bytes.h (ByteSpan in, Bytes out).
//
// Example:
//   absl::StatusOr<EncodedEntry> e = EncodeEntry(ts, index,
//       ct::SignedEntry::X509(der), {}, fingerprints);
//   ct::Hash leaf_hash = ct::HashLeaf(e->merkle_tree_leaf);
#ifndef CT_TILES_WRITER_INTERNAL_ENTRY_ENCODER_H_
#define CT_TILES_WRITER_INTERNAL_ENTRY_ENCODER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "ct/merkle/hash.h"
#include "ct/sct/signed_data.h"

namespace ct::internal {

// kMaxAsn1CertSize is the largest ASN.1Cert / TBSCertificate / pre_certificate
// (opaque<1..2^24-1>).
inline constexpr size_t kMaxAsn1CertSize = (size_t{1} << 24) - 1;
// kMaxChainFingerprints is how many 32-byte fingerprints fit in
// Fingerprint certificate_chain<0..2^16-1> (2047).
inline constexpr size_t kMaxChainFingerprints = 0xffff / kHashSize;

// EncodedEntry is one entry in its three encodings. Copyable and movable.
struct EncodedEntry {
  std::vector<uint8_t> extensions;        // 00 0005 <uint40 leaf_index>
  std::vector<uint8_t> merkle_tree_leaf;  // 00 00 || TimestampedEntry
  std::vector<uint8_t> tile_leaf;         // the data tile record
};

// EncodeEntry encodes `entry` at `timestamp_ms` and `leaf_index`, with
// `pre_certificate` (precert entries only) and issuer `chain_fingerprints`.
// kInvalidArgument for an empty or oversized certificate/TBS/pre_certificate
// or more than kMaxChainFingerprints fingerprints; kInvalidArgument if
// leaf_index >= 2^40 (ct/sct).
absl::StatusOr<EncodedEntry> EncodeEntry(
    uint64_t timestamp_ms, uint64_t leaf_index, const SignedEntry& entry,
    absl::Span<const uint8_t> pre_certificate,
    absl::Span<const Hash> chain_fingerprints);

}  // namespace ct::internal

#endif  // CT_TILES_WRITER_INTERNAL_ENTRY_ENCODER_H_
