// File: ct/tiles/writer/internal/sct_issuer.h
// -----------------------------------------------------------------------------
// The log's ECDSA P-256 signing key, used for v1 SCTs (RFC 6962 §3.2) and for
// tree head signatures (RFC 6962 §3.5) inside RFC6962NoteSignature
// checkpoints (static-ct-api v1.1.0 "Checkpoints"). Signing only; the shared
// ct/sct codec replaces the encoding at integration.
//
// Example:
//   absl::StatusOr<SctIssuer> issuer = SctIssuer::Create(pem);
//   std::vector<uint8_t> sct = *issuer->IssueSct(ts, extensions, mtl);
#ifndef CT_TILES_WRITER_INTERNAL_SCT_ISSUER_H_
#define CT_TILES_WRITER_INTERNAL_SCT_ISSUER_H_

#include <openssl/base.h>
#include <openssl/ec_key.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ct/merkle/hash.h"

namespace ct::internal {

// kTreeHeadSignatureInputSize is the size of the RFC 6962 §3.5 signed input.
inline constexpr size_t kTreeHeadSignatureInputSize = 50;

// TreeHeadSignatureInput returns the 50 bytes a log signs for a tree head:
// version 0 || signature_type tree_hash(1) || u64 timestamp || u64 tree_size
// || root (RFC 6962 §3.5).
std::array<uint8_t, kTreeHeadSignatureInputSize> TreeHeadSignatureInput(
    uint64_t timestamp_ms, uint64_t tree_size, const Hash& root);

// SctIssuer holds a parsed P-256 private key. Movable, not copyable.
class SctIssuer final {
 public:
  // Create parses `private_key` as PEM ("PRIVATE KEY" or "EC PRIVATE KEY") or
  // DER (PKCS#8 or SEC1 ECPrivateKey). kInvalidArgument if it does not parse
  // or is not a NIST P-256 key.
  static absl::StatusOr<SctIssuer> Create(absl::string_view private_key);

  SctIssuer(SctIssuer&&) = default;
  SctIssuer& operator=(SctIssuer&&) = default;

  // log_id returns SHA-256 of the DER SubjectPublicKeyInfo (RFC 6962 §3.2).
  const Hash& log_id() const { return log_id_; }
  // spki_der returns the DER SubjectPublicKeyInfo of the log key.
  const std::vector<uint8_t>& spki_der() const { return spki_der_; }
  // PublicKeyPem returns the SPKI as a "PUBLIC KEY" PEM block.
  std::string PublicKeyPem() const;

  // DigitallySign returns the RFC 5246 §4.7 digitally-signed struct over
  // `data`: hash sha256(4) || sig ecdsa(3) || u16-prefixed DER ECDSA-Sig-Value.
  absl::StatusOr<std::vector<uint8_t>> DigitallySign(
      absl::Span<const uint8_t> data) const;

  // IssueSct returns a TLS-encoded v1 SCT (RFC 6962 §3.2) with `timestamp_ms`
  // and `extensions`, signed over `signed_data`. For static-ct-api,
  // `signed_data` is the entry's MerkleTreeLeaf, which is byte-identical to the
  // RFC 6962 signed struct (certificate_timestamp == timestamped_entry == 0).
  absl::StatusOr<std::vector<uint8_t>> IssueSct(
      uint64_t timestamp_ms, absl::Span<const uint8_t> extensions,
      absl::Span<const uint8_t> signed_data) const;

  // SignTreeHead returns the digitally-signed TreeHeadSignature (RFC 6962
  // §3.5) of (`timestamp_ms`, `tree_size`, `root`).
  absl::StatusOr<std::vector<uint8_t>> SignTreeHead(uint64_t timestamp_ms,
                                                    uint64_t tree_size,
                                                    const Hash& root) const;

 private:
  SctIssuer(bssl::UniquePtr<EC_KEY> key, std::vector<uint8_t> spki_der);

  bssl::UniquePtr<EC_KEY> key_;
  std::vector<uint8_t> spki_der_;
  Hash log_id_;
};

}  // namespace ct::internal

#endif  // CT_TILES_WRITER_INTERNAL_SCT_ISSUER_H_
