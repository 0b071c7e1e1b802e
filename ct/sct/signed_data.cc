#include "ct/sct/signed_data.h"

#include <openssl/bytestring.h>
#include <openssl/mem.h>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "ct/sct/internal/signed_data_hash.h"

namespace ct {
namespace {

absl::Status CheckSizes(const SignedEntry& entry, size_t extensions_len) {
  // ASN.1Cert / TBSCertificate are opaque<1..2^24-1> (RFC 6962 §3.1-3.2).
  if (entry.certificate.empty() || entry.certificate.size() > 0xffffff) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "sct: entry certificate is %d bytes, want 1..16777215",
        entry.certificate.size()));
  }
  if (extensions_len > 0xffff) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "sct: extensions are %d bytes, want at most 65535", extensions_len));
  }
  if (entry.type != LogEntryType::kX509 &&
      entry.type != LogEntryType::kPrecert) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "sct: unknown entry type %d", static_cast<int>(entry.type)));
  }
  return absl::OkStatus();
}

}  // namespace

// struct {                                      (RFC 6962 §3.4)
//   Version version;  MerkleLeafType leaf_type;
//   TimestampedEntry { uint64 timestamp; LogEntryType entry_type;
//     select(entry_type) { case x509_entry: ASN1Cert;
//                          case precert_entry: PreCert; } signed_entry;
//     CtExtensions extensions; }
// } MerkleTreeLeaf;
absl::StatusOr<std::vector<uint8_t>> SerializeMerkleTreeLeaf(
    uint64_t timestamp, const SignedEntry& entry,
    absl::Span<const uint8_t> extensions) {
  absl::Status s = CheckSizes(entry, extensions.size());
  if (!s.ok()) return s;
  bssl::ScopedCBB cbb;
  CBB cert, ext;
  if (!CBB_init(cbb.get(), 64 + entry.certificate.size() + extensions.size()) ||
      !CBB_add_u8(cbb.get(), 0) || !CBB_add_u8(cbb.get(), 0) ||
      !CBB_add_u64(cbb.get(), timestamp) ||
      !CBB_add_u16(cbb.get(), static_cast<uint16_t>(entry.type)) ||
      (entry.type == LogEntryType::kPrecert &&
       !CBB_add_bytes(cbb.get(), entry.issuer_key_hash.data(), kHashSize)) ||
      !CBB_add_u24_length_prefixed(cbb.get(), &cert) ||
      !CBB_add_bytes(&cert, entry.certificate.data(), entry.certificate.size()) ||
      !CBB_add_u16_length_prefixed(cbb.get(), &ext) ||
      !CBB_add_bytes(&ext, extensions.data(), extensions.size())) {
    return absl::InternalError("sct: cannot encode MerkleTreeLeaf");
  }
  uint8_t* data;
  size_t len;
  if (!CBB_finish(cbb.get(), &data, &len)) {
    return absl::InternalError("sct: cannot encode MerkleTreeLeaf");
  }
  std::vector<uint8_t> out(data, data + len);
  OPENSSL_free(data);
  return out;
}

absl::StatusOr<std::vector<uint8_t>> SerializeSignedData(
    const SignedCertificateTimestamp& sct, const SignedEntry& entry) {
  return SerializeMerkleTreeLeaf(sct.timestamp, entry, sct.extensions);
}

absl::StatusOr<Hash> LeafHash(const SignedCertificateTimestamp& sct,
                              const SignedEntry& entry) {
  absl::Status s = CheckSizes(entry, sct.extensions.size());
  if (!s.ok()) return s;
  return internal::HashSignedData(
      sct, entry.type, entry.issuer_key_hash, entry.certificate.size(),
      [&](auto&& fn) { fn(entry.certificate); }, /*leaf_prefix=*/true);
}

std::array<uint8_t, kTreeHeadSignatureInputSize> SerializeTreeHeadSignatureInput(
    uint64_t timestamp, uint64_t tree_size, const Hash& root_hash) {
  std::array<uint8_t, kTreeHeadSignatureInputSize> out{};
  CBB cbb;
  // A fixed 50-byte buffer always fits: 1 + 1 + 8 + 8 + 32.
  CBB_init_fixed(&cbb, out.data(), out.size());
  CBB_add_u8(&cbb, 0);  // version v1
  CBB_add_u8(&cbb, 1);  // signature_type tree_hash
  CBB_add_u64(&cbb, timestamp);
  CBB_add_u64(&cbb, tree_size);
  CBB_add_bytes(&cbb, root_hash.data(), root_hash.size());
  uint8_t* unused;
  size_t len;
  CBB_finish(&cbb, &unused, &len);
  return out;
}

}  // namespace ct
