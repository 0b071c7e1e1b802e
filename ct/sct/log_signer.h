// File: ct/sct/log_signer.h
// -----------------------------------------------------------------------------
// LogSigner is ctcore's one owner of a log's private key: it parses the key
// once (DER or PEM, with BoringSSL's parsers) and makes the digitally-signed
// structs a log publishes: SCT signatures (RFC 6962 §3.2) and tree head
// signatures (RFC 6962 §3.5, also inside a static-ct-api
// RFC6962NoteSignature). Its verifier() is the matching ct::LogVerifier.
//
// Keys: ECDSA P-256 (ecdsa(3) over sha256(4), DER Ecdsa-Sig-Value) and
// Ed25519 (ed25519(7), hash intrinsic(8)). Signed-note Ed25519 keys written
// as "PRIVATE+KEY+..." strings are ct/tiles/note.h's.
//
// Example:
//   absl::StatusOr<ct::LogSigner> key = ct::LogSigner::CreateFromPemOrDer(file);
//   absl::StatusOr<ct::DigitallySigned> sig = key->Sign(signed_data);
//   absl::Status ok = key->verifier().VerifySignature(*sig, signed_data);
#ifndef CT_SCT_LOG_SIGNER_H_
#define CT_SCT_LOG_SIGNER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ct/base/bytes.h"
#include "ct/merkle/hash.h"
#include "ct/sct/log_verifier.h"
#include "ct/sct/sct.h"

namespace ct {

// LogSigner signs with one private key. Copyable (copies share the immutable
// parsed key) and movable; thread compatible.
class LogSigner final {
 public:
  // Create parses `private_key_der`: a PKCS#8 PrivateKeyInfo (ECDSA P-256 or
  // Ed25519) or an RFC 5915 ECPrivateKey (P-256), with nothing trailing.
  // kInvalidArgument if it does not parse or holds another kind of key.
  static absl::StatusOr<LogSigner> Create(ByteSpan private_key_der);
  // CreateFromPem is Create on the first unencrypted "PRIVATE KEY" or "EC
  // PRIVATE KEY" PEM block of `pem` (text before it is ignored; anything but
  // whitespace after it is kInvalidArgument).
  static absl::StatusOr<LogSigner> CreateFromPem(absl::string_view pem);
  // CreateFromPemOrDer is Create if `key` parses as DER, else CreateFromPem.
  static absl::StatusOr<LogSigner> CreateFromPemOrDer(absl::string_view key);

  LogSigner(const LogSigner& other) = default;
  LogSigner& operator=(const LogSigner& other) = default;
  LogSigner(LogSigner&&) = default;
  LogSigner& operator=(LogSigner&&) = default;

  // key_type returns kEcdsaP256 or kEd25519.
  LogVerifier::KeyType key_type() const { return verifier_.key_type(); }
  // log_id returns SHA-256 of the public key's SPKI (RFC 6962 §3.2).
  const LogId& log_id() const { return verifier_.log_id(); }
  // spki returns the DER SubjectPublicKeyInfo of the public key.
  ByteSpan spki() const { return verifier_.spki(); }
  // verifier returns the LogVerifier of the public key.
  const LogVerifier& verifier() const { return verifier_; }
  // PublicKeyPem returns the SPKI as a "PUBLIC KEY" PEM block.
  std::string PublicKeyPem() const;

  // Sign returns the digitally-signed struct (RFC 5246 §4.7) over `data`:
  // ecdsa/sha256 or ed25519/intrinsic. kInternal only if BoringSSL fails.
  absl::StatusOr<DigitallySigned> Sign(ByteSpan data) const;

  // SignTreeHead signs the RFC 6962 §3.5 TreeHeadSignature input for
  // (`timestamp`, `tree_size`, `root_hash`).
  absl::StatusOr<DigitallySigned> SignTreeHead(uint64_t timestamp,
                                               uint64_t tree_size,
                                               const Hash& root_hash) const;

 private:
  // FromKey checks the kind of a parsed `pkey` and derives its public half.
  static absl::StatusOr<LogSigner> FromKey(std::shared_ptr<const internal::EvpPkey> key);
  LogSigner(std::shared_ptr<const internal::EvpPkey> key, LogVerifier verifier)
      : key_(std::move(key)), verifier_(std::move(verifier)) {}

  std::shared_ptr<const internal::EvpPkey> key_;  // immutable, shared by copies
  LogVerifier verifier_;
};

}  // namespace ct

#endif  // CT_SCT_LOG_SIGNER_H_
