// File: ct/tiles/writer/internal/sct_issuer.h
// -----------------------------------------------------------------------------
// The log's ECDSA P-256 signing key for v1 SCTs (RFC 6962 §3.2). The SCT and
// digitally-signed encodings are ct/sct's; the checkpoint's
// RFC6962NoteSignature is made by ct::NoteSigner::ForRfc6962Log from
// private_key_der().
//
// Example:
//   absl::StatusOr<SctIssuer> issuer = SctIssuer::Create(pem);
//   std::vector<uint8_t> sct = *issuer->IssueSct(ts, extensions, mtl);
//   ct::NoteSigner::ForRfc6962Log(origin, issuer->private_key_der());
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
#include "ct/sct/sct.h"

namespace ct::internal {

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

  // private_key_der returns the key as DER SEC1 ECPrivateKey.
  const std::string& private_key_der() const { return private_key_der_; }

  // Sign returns the ECDSA-SHA256 digitally-signed struct (RFC 5246 §4.7)
  // over `data`.
  absl::StatusOr<DigitallySigned> Sign(absl::Span<const uint8_t> data) const;

  // IssueSct returns a TLS-encoded v1 SCT (RFC 6962 §3.2) with `timestamp_ms`
  // and `extensions`, signed over `signed_data`. For static-ct-api,
  // `signed_data` is the entry's MerkleTreeLeaf, which is byte-identical to the
  // RFC 6962 signed struct (certificate_timestamp == timestamped_entry == 0).
  absl::StatusOr<std::vector<uint8_t>> IssueSct(
      uint64_t timestamp_ms, absl::Span<const uint8_t> extensions,
      absl::Span<const uint8_t> signed_data) const;

 private:
  SctIssuer(bssl::UniquePtr<EC_KEY> key, std::vector<uint8_t> spki_der,
            std::string private_key_der);

  bssl::UniquePtr<EC_KEY> key_;
  std::string private_key_der_;
  std::vector<uint8_t> spki_der_;
  Hash log_id_;
};

}  // namespace ct::internal

#endif  // CT_TILES_WRITER_INTERNAL_SCT_ISSUER_H_
