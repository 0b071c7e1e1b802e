// File: ct/tiles/writer/internal/sct_issuer.h
// -----------------------------------------------------------------------------
// The log's ECDSA P-256 key issuing v1 SCTs (RFC 6962 §3.2). The key itself
// is a ct::LogSigner (ct/sct/log_signer.h, the one owner of private keys); the
// SCT and digitally-signed encodings are ct/sct's; the checkpoint's
// RFC6962NoteSignature is made by ct::NoteSigner::ForRfc6962Log from signer().
//
// Example:
//   absl::StatusOr<SctIssuer> issuer = SctIssuer::Create(pem);
//   std::vector<uint8_t> sct = *issuer->IssueSct(ts, extensions, mtl);
//   ct::NoteSigner::ForRfc6962Log(origin, issuer->signer());
#ifndef CT_TILES_WRITER_INTERNAL_SCT_ISSUER_H_
#define CT_TILES_WRITER_INTERNAL_SCT_ISSUER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ct/merkle/hash.h"
#include "ct/sct/log_signer.h"
#include "ct/sct/sct.h"

namespace ct::internal {

// SctIssuer holds a parsed P-256 private key. Copyable and movable.
class SctIssuer final {
 public:
  // Create parses `private_key` as PEM ("PRIVATE KEY" or "EC PRIVATE KEY") or
  // DER (PKCS#8 or SEC1 ECPrivateKey). kInvalidArgument if it does not parse
  // or is not a NIST P-256 key.
  static absl::StatusOr<SctIssuer> Create(absl::string_view private_key);

  // log_id returns SHA-256 of the DER SubjectPublicKeyInfo (RFC 6962 §3.2).
  const Hash& log_id() const { return signer_.log_id(); }
  // spki_der returns the DER SubjectPublicKeyInfo of the log key.
  const std::vector<uint8_t>& spki_der() const { return spki_der_; }
  // PublicKeyPem returns the SPKI as a "PUBLIC KEY" PEM block.
  std::string PublicKeyPem() const { return signer_.PublicKeyPem(); }
  // signer returns the log's key.
  const LogSigner& signer() const { return signer_; }

  // Sign returns the ECDSA-SHA256 digitally-signed struct (RFC 5246 §4.7)
  // over `data`.
  absl::StatusOr<DigitallySigned> Sign(absl::Span<const uint8_t> data) const {
    return signer_.Sign(data);
  }

  // IssueSct returns a TLS-encoded v1 SCT (RFC 6962 §3.2) with `timestamp_ms`
  // and `extensions`, signed over `signed_data`. For static-ct-api,
  // `signed_data` is the entry's MerkleTreeLeaf, which is byte-identical to the
  // RFC 6962 signed struct (certificate_timestamp == timestamped_entry == 0).
  absl::StatusOr<std::vector<uint8_t>> IssueSct(
      uint64_t timestamp_ms, absl::Span<const uint8_t> extensions,
      absl::Span<const uint8_t> signed_data) const;

 private:
  explicit SctIssuer(LogSigner signer)
      : signer_(std::move(signer)), spki_der_(signer_.spki().begin(), signer_.spki().end()) {}

  LogSigner signer_;
  std::vector<uint8_t> spki_der_;
};

}  // namespace ct::internal

#endif  // CT_TILES_WRITER_INTERNAL_SCT_ISSUER_H_
