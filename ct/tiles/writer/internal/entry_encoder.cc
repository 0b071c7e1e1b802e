#include "ct/tiles/writer/internal/entry_encoder.h"

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "ct/sct/sct.h"
#include "ct/tiles/tile.h"

namespace ct::internal {
absl::StatusOr<EncodedEntry> EncodeEntry(
    uint64_t timestamp_ms, uint64_t leaf_index, const SignedEntry& entry,
    absl::Span<const uint8_t> pre_certificate,
    absl::Span<const Hash> chain_fingerprints) {
  if (chain_fingerprints.size() > kMaxChainFingerprints) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "chain has %d certificates, max %d", chain_fingerprints.size(),
        kMaxChainFingerprints));
  }
  const bool precert = entry.type == LogEntryType::kPrecert;
  if (precert &&
      (pre_certificate.empty() || pre_certificate.size() > kMaxAsn1CertSize)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "pre_certificate is %d bytes, want 1..%d", pre_certificate.size(),
        kMaxAsn1CertSize));
  }
  EncodedEntry out;
  absl::StatusOr<std::vector<uint8_t>> ext =
      SerializeLeafIndexExtension(leaf_index);
  if (!ext.ok()) return ext.status();
  out.extensions = *std::move(ext);
  absl::StatusOr<std::vector<uint8_t>> mtl =
      SerializeMerkleTreeLeaf(timestamp_ms, entry, out.extensions);
  if (!mtl.ok()) return mtl.status();
  out.merkle_tree_leaf = *std::move(mtl);

  TileLeaf leaf;
  leaf.timestamp = timestamp_ms;
  leaf.entry_type = precert ? TileLeaf::kPrecertEntry : TileLeaf::kX509Entry;
  leaf.issuer_key_hash = entry.issuer_key_hash;
  leaf.certificate = entry.certificate;
  leaf.extensions = out.extensions;
  if (precert) leaf.pre_certificate = pre_certificate;
  leaf.chain.assign(chain_fingerprints.begin(), chain_fingerprints.end());
  absl::Status s = AppendTileLeaf(leaf, &out.tile_leaf);
  if (!s.ok()) return s;
  return out;
}

}  // namespace ct::internal
