#include "ct/tiles/writer/internal/tile_leaf_encoder.h"

#include <openssl/bytestring.h>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"

namespace ct::internal {
namespace {

constexpr uint16_t kX509Entry = 0;
constexpr uint16_t kPrecertEntry = 1;

absl::Status CheckCertSize(absl::Span<const uint8_t> der, const char* what) {
  if (der.empty()) {
    return absl::InvalidArgumentError(absl::StrFormat("%s is empty", what));
  }
  if (der.size() > kMaxAsn1CertSize) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s is %d bytes, max %d", what, der.size(), kMaxAsn1CertSize));
  }
  return absl::OkStatus();
}

bool AddU24Prefixed(CBB* cbb, absl::Span<const uint8_t> data) {
  CBB child;
  return CBB_add_u24_length_prefixed(cbb, &child) &&
         CBB_add_bytes(&child, data.data(), data.size()) && CBB_flush(cbb);
}

}  // namespace

std::array<uint8_t, kLeafIndexExtensionSize> LeafIndexExtension(
    uint64_t index) {
  return {0x00,  // extension_type leaf_index(0)
          0x00, 0x05,  // extension_data length
          static_cast<uint8_t>(index >> 32), static_cast<uint8_t>(index >> 24),
          static_cast<uint8_t>(index >> 16), static_cast<uint8_t>(index >> 8),
          static_cast<uint8_t>(index)};
}

absl::StatusOr<EncodedTileLeaf> EncodeTileLeaf(const TileLeafInput& in) {
  // Step 1: validate every length against its TLS vector bound, so that the
  // CBB calls below cannot fail for a reason other than allocation.
  absl::Status s =
      CheckCertSize(in.certificate, in.is_precert ? "TBSCertificate"
                                                  : "certificate");
  if (!s.ok()) return s;
  if (in.is_precert) {
    if (in.issuer_key_hash.size() != kHashSize) {
      return absl::InvalidArgumentError(
          absl::StrFormat("issuer_key_hash is %d bytes, want %d",
                          in.issuer_key_hash.size(), kHashSize));
    }
    s = CheckCertSize(in.pre_certificate, "pre_certificate");
    if (!s.ok()) return s;
  }
  if (in.chain_fingerprints.size() > kMaxChainFingerprints) {
    return absl::InvalidArgumentError(
        absl::StrFormat("chain has %d certificates, max %d",
                        in.chain_fingerprints.size(), kMaxChainFingerprints));
  }
  if (in.leaf_index > kMaxLeafIndex) {
    return absl::OutOfRangeError(absl::StrFormat(
        "leaf index %d does not fit in uint40", in.leaf_index));
  }

  // Step 2: 00 00 || TimestampedEntry (RFC 6962 §3.4), then the TileLeaf tail.
  // The exact size is known, so encode into the output buffer directly.
  const size_t size =
      2 + 8 + 2 + (in.is_precert ? kHashSize : 0) + 3 +
      in.certificate.size() + 2 + kLeafIndexExtensionSize +
      (in.is_precert ? 3 + in.pre_certificate.size() : 0) + 2 +
      kHashSize * in.chain_fingerprints.size();
  EncodedTileLeaf out;
  out.bytes.resize(size);
  // A plain CBB (not bssl::ScopedCBB): under --config=fuzz, clang-14's
  // -fsanitize=function instruments ScopedCBB's function-pointer template
  // and needs a C++ UBSan runtime that C-driver links omit.
  CBB cbb_storage;
  CBB* const cbb = &cbb_storage;
  CBB_zero(cbb);
  const std::array<uint8_t, kLeafIndexExtensionSize> ext =
      LeafIndexExtension(in.leaf_index);
  CBB extensions, fingerprints;
  bool ok = CBB_init_fixed(cbb, out.bytes.data(), size) && CBB_add_u8(cbb, 0) &&
            CBB_add_u8(cbb, 0) &&
            CBB_add_u64(cbb, in.timestamp_ms) &&
            CBB_add_u16(cbb, in.is_precert ? kPrecertEntry : kX509Entry);
  if (ok && in.is_precert) {
    ok = CBB_add_bytes(cbb, in.issuer_key_hash.data(), kHashSize);
  }
  ok = ok && AddU24Prefixed(cbb, in.certificate) &&
       CBB_add_u16_length_prefixed(cbb, &extensions) &&
       CBB_add_bytes(&extensions, ext.data(), ext.size()) &&
       CBB_flush(cbb);
  if (ok) out.merkle_tree_leaf_size = CBB_len(cbb);
  if (ok && in.is_precert) ok = AddU24Prefixed(cbb, in.pre_certificate);
  ok = ok && CBB_add_u16_length_prefixed(cbb, &fingerprints);
  for (const Hash& fp : in.chain_fingerprints) {
    ok = ok && CBB_add_bytes(&fingerprints, fp.data(), fp.size());
  }
  uint8_t* data = nullptr;
  size_t len = 0;
  const bool finished = ok && CBB_finish(cbb, &data, &len) && len == size;
  CBB_cleanup(cbb);
  if (!finished) return absl::InternalError("encoding TileLeaf failed");
  return out;
}

}  // namespace ct::internal
