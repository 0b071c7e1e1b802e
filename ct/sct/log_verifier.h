// File: ct/sct/log_verifier.h
// -----------------------------------------------------------------------------
// LogVerifier holds one CT log's parsed public key and verifies its SCT and
// tree-head signatures (RFC 6962 §2.1.4, §3.2, §3.5).
//
// Keys: ECDSA P-256 with SHA-256, RSA (2048..8192 bits) PKCS#1 v1.5 with
// SHA-256, and Ed25519 (RFC 9162-style logs; hash "intrinsic"(8), signature
// ed25519(7)). The log ID is SHA-256 of the DER SubjectPublicKeyInfo.
//
// Errors are distinct so callers can tell them apart:
//   kInvalidArgument     malformed input (key, signature encoding, entry)
//   kUnimplemented       an algorithm pair ctcore does not support
//   kFailedPrecondition  a supported pair that does not match this log's key
//   kNotFound            the SCT's log ID is not this log's
//   kUnauthenticated     well-formed, but the signature does not verify
//
// Example:
//   absl::StatusOr<ct::LogVerifier> log = ct::LogVerifier::Create(spki_der);
//   absl::Status ok = log->VerifySct(sct, ct::SignedEntry::X509(leaf_der));
#ifndef CT_SCT_LOG_VERIFIER_H_
#define CT_SCT_LOG_VERIFIER_H_

#include <openssl/base.h>
#include <openssl/evp.h>

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ct/merkle/hash.h"
#include "ct/sct/sct.h"
#include "ct/sct/signed_data.h"

namespace ct {

// LogVerifier verifies signatures of one log. Movable, not copyable; thread
// compatible (const methods may run concurrently).
class LogVerifier final {
 public:
  enum class KeyType { kEcdsaP256, kRsa, kEd25519 };

  // Create parses `spki_der` (DER SubjectPublicKeyInfo) once. kInvalidArgument
  // if it does not parse; kUnimplemented for other key types or curves, or
  // RSA keys outside 2048..8192 bits.
  static absl::StatusOr<LogVerifier> Create(absl::Span<const uint8_t> spki_der);
  // CreateFromPem is Create on a "-----BEGIN PUBLIC KEY-----" PEM block.
  static absl::StatusOr<LogVerifier> CreateFromPem(absl::string_view pem);

  LogVerifier(LogVerifier&&) = default;
  LogVerifier& operator=(LogVerifier&&) = default;

  // log_id returns SHA-256 of the log's SPKI.
  const LogId& log_id() const { return log_id_; }
  // key_type returns the kind of key the log uses.
  KeyType key_type() const { return key_type_; }
  // spki returns the DER SubjectPublicKeyInfo given to Create.
  absl::Span<const uint8_t> spki() const { return spki_; }

  // CheckAlgorithms returns OK iff `hash`/`signature` is a pair this key
  // verifies; kUnimplemented or kFailedPrecondition otherwise (see above).
  absl::Status CheckAlgorithms(HashAlgorithm hash,
                               SignatureAlgorithm signature) const;

  // VerifySignature checks `sig` over `data`.
  absl::Status VerifySignature(const DigitallySigned& sig,
                               absl::Span<const uint8_t> data) const;

  // VerifySha256Digest checks `sig` over a message whose SHA-256 is `digest`
  // (ECDSA and RSA only; kFailedPrecondition for Ed25519, which signs the
  // message itself).
  absl::Status VerifySha256Digest(const DigitallySigned& sig,
                                  const Hash& digest) const;

  // VerifySct checks that `sct` is from this log (kNotFound otherwise) and
  // that its signature covers `entry` (RFC 6962 §3.2).
  absl::Status VerifySct(const SignedCertificateTimestamp& sct,
                         const SignedEntry& entry) const;

  // VerifyTreeHeadSignature checks an RFC 6962 §3.5 STH signature over
  // (`timestamp`, `tree_size`, `root_hash`).
  absl::Status VerifyTreeHeadSignature(uint64_t timestamp, uint64_t tree_size,
                                       const Hash& root_hash,
                                       const DigitallySigned& sig) const;

 private:
  LogVerifier() = default;
  absl::Status VerifyMessage(const DigitallySigned& sig, const Hash& digest,
                             absl::Span<const uint8_t> message) const;

  bssl::UniquePtr<EVP_PKEY> pkey_;
  KeyType key_type_ = KeyType::kEcdsaP256;
  LogId log_id_{};
  std::vector<uint8_t> spki_;
  std::vector<uint8_t> ed25519_key_;  // raw 32-byte key for Ed25519
};

}  // namespace ct

#endif  // CT_SCT_LOG_VERIFIER_H_
