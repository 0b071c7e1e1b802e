// File: ct/sct/log_verifier.h
// -----------------------------------------------------------------------------
// LogVerifier is ctcore's one owner of a public key that signs CT data: it
// parses the key once (DER or PEM SubjectPublicKeyInfo, with BoringSSL's
// parsers) and verifies every digitally-signed thing ctcore meets:
//   - SCTs (RFC 6962 §3.2): VerifySct;
//   - RFC 6962 §3.5 tree head signatures, as in get-sth and in a
//     static-ct-api RFC6962NoteSignature: VerifyTreeHeadSignature;
//   - detached log-list signatures (RSA PKCS#1 v1.5 / ECDSA over SHA-256 of
//     the file): VerifySha256Signature, on a key made for KeyUse::kLogList.
// The model is Chromium's CTLogVerifier. Private keys are ct/sct/log_signer.h.
//
// Log keys (KeyUse::kLog): ECDSA P-256 with SHA-256, RSA (2048..8192 bits)
// PKCS#1 v1.5 with SHA-256 (RFC 6962 §2.1.4), and Ed25519 (RFC 9162-style
// logs; hash "intrinsic"(8), signature ed25519(7)). The log ID is SHA-256 of
// the DER SubjectPublicKeyInfo. Binary data follows ct/base/bytes.h.
//
// Errors are distinct so callers can tell them apart:
//   kInvalidArgument     malformed input (key, signature encoding, entry)
//   kUnimplemented       a key or algorithm pair ctcore does not support
//   kFailedPrecondition  a supported pair that does not match this log's key
//   kNotFound            the SCT's log ID is not this log's
//   kUnauthenticated     well-formed, but the signature does not verify
//
// Example:
//   absl::StatusOr<ct::LogVerifier> log = ct::LogVerifier::CreateFromPem(pem);
//   absl::Status ok = log->VerifySct(sct, ct::SignedEntry::X509(leaf_der));
#ifndef CT_SCT_LOG_VERIFIER_H_
#define CT_SCT_LOG_VERIFIER_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ct/base/bytes.h"
#include "ct/merkle/hash.h"
#include "ct/sct/sct.h"
#include "ct/sct/signed_data.h"

namespace ct {

namespace internal {
struct EvpPkey;  // ct/sct/internal/evp_pkey.h
}  // namespace internal

// LogVerifier verifies signatures of one key. Copyable (copies share the
// immutable parsed key) and movable; thread compatible (const methods may run
// concurrently).
class LogVerifier final {
 public:
  enum class KeyType { kEcdsaP256, kRsa, kEd25519, kEcdsaP384 };

  // KeyUse says what a key signs, and so which keys Create accepts.
  enum class KeyUse {
    // A CT log's key: ECDSA P-256, RSA 2048..8192 bits, Ed25519.
    kLog,
    // A log list's signing key: ECDSA P-256 or P-384, RSA of at least 2048
    // bits. It verifies only VerifySha256Signature.
    kLogList,
  };

  // Create parses `spki_der` (DER SubjectPublicKeyInfo, nothing trailing)
  // once. kInvalidArgument if it does not parse; kUnimplemented for key types,
  // curves or RSA sizes that `use` does not allow.
  static absl::StatusOr<LogVerifier> Create(absl::Span<const uint8_t> spki_der,
                                            KeyUse use = KeyUse::kLog);
  // CreateFromPem is Create on the first "-----BEGIN PUBLIC KEY-----" PEM
  // block of `pem` (text before it is ignored, RFC 7468 §2; anything but
  // whitespace after it, another block, or no such block is kInvalidArgument).
  static absl::StatusOr<LogVerifier> CreateFromPem(absl::string_view pem,
                                                   KeyUse use = KeyUse::kLog);
  // CreateFromPemOrDer is Create if `key` is a DER SubjectPublicKeyInfo and
  // CreateFromPem otherwise (a key file whose format is not known).
  static absl::StatusOr<LogVerifier> CreateFromPemOrDer(absl::string_view key,
                                                        KeyUse use = KeyUse::kLog);

  LogVerifier(const LogVerifier& other) = default;
  LogVerifier& operator=(const LogVerifier& other) = default;
  LogVerifier(LogVerifier&&) = default;
  LogVerifier& operator=(LogVerifier&&) = default;

  // log_id returns SHA-256 of the log's SPKI.
  const LogId& log_id() const { return log_id_; }
  // key_type returns the kind of key the log uses.
  KeyType key_type() const { return key_type_; }
  // spki returns the DER SubjectPublicKeyInfo of the key.
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
  // (`timestamp`, `tree_size`, `root_hash`), as in get-sth or the
  // digitally-signed part of a static-ct-api RFC6962NoteSignature.
  absl::Status VerifyTreeHeadSignature(uint64_t timestamp, uint64_t tree_size,
                                       const Hash& root_hash,
                                       const DigitallySigned& sig) const;

  // VerifySha256Signature checks a bare `signature` (not a DigitallySigned:
  // RSA PKCS#1 v1.5, or a DER Ecdsa-Sig-Value) over SHA-256(`message`), as a
  // detached log-list signature is. kUnauthenticated if it does not verify,
  // including a signature that is not well-formed; kFailedPrecondition for
  // Ed25519 keys.
  absl::Status VerifySha256Signature(absl::Span<const uint8_t> message,
                                     absl::Span<const uint8_t> signature) const;

 private:
  LogVerifier() = default;
  // VerifyMessage checks `sig`'s algorithms, then VerifyBare.
  absl::Status VerifyMessage(const DigitallySigned& sig, const Hash& digest,
                             absl::Span<const uint8_t> message) const;
  // VerifyBare checks `signature` over `digest` (ECDSA, RSA) or over
  // `message` (Ed25519).
  absl::Status VerifyBare(absl::Span<const uint8_t> signature, const Hash& digest,
                          absl::Span<const uint8_t> message) const;

  std::shared_ptr<const internal::EvpPkey> key_;  // immutable, shared by copies
  KeyType key_type_ = KeyType::kEcdsaP256;
  LogId log_id_{};
  std::vector<uint8_t> spki_;
  std::vector<uint8_t> ed25519_key_;  // raw 32-byte key for Ed25519
};

}  // namespace ct

#endif  // CT_SCT_LOG_VERIFIER_H_
