// File: ct/tiles/note.h
// -----------------------------------------------------------------------------
// C2SP signed notes (c2sp.org/signed-note): parsing, formatting, verifier
// keys and verification with Ed25519 (0x01), Ed25519 cosignature/v1 (0x04,
// c2sp.org/tlog-cosignature) and RFC 6962 TreeHeadSignature (0x05,
// c2sp.org/static-ct-api) keys. RFC 6962 keys are ct::LogVerifier's (public)
// and ct::LogSigner's (private); Ed25519 note keys are read here.
//
// Example:
//   absl::StatusOr<ct::NoteVerifier> v = ct::NoteVerifier::FromVerifierKey(
//       "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k");
//   absl::StatusOr<ct::VerifiedNote> n = ct::OpenNote(msg, {*v});
//   if (n.ok()) use(n->text);  // only ever trust the text of an opened note
//
// Errors: malformed notes and keys are kInvalidArgument; a signature by a
// known key that does not verify, or a note with no verified known signature,
// is kUnauthenticated.
#ifndef CT_TILES_NOTE_H_
#define CT_TILES_NOTE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ct/base/bytes.h"
#include "ct/sct/log_signer.h"
#include "ct/sct/log_verifier.h"

namespace ct {

// kMaxNoteSignatures caps the signature lines accepted in one note (the spec
// requires at least 16; x/mod uses 100).
inline constexpr size_t kMaxNoteSignatures = 100;

// NoteSignatureType is the signature type byte of a key (signed-note §Signature types).
enum class NoteSignatureType : uint8_t {
  kEd25519 = 0x01,           // Ed25519 over the note text
  kCosignatureV1 = 0x04,     // timestamped Ed25519 witness cosignature
  kRfc6962TreeHead = 0x05,   // RFC 6962 TreeHeadSignature (static-ct-api)
};

// NoteSignature is one signature line: `— <name> base64(key_id || signature)`.
struct NoteSignature {
  std::string name;
  uint32_t key_id = 0;
  std::string signature;  // the bytes after the 4-byte key ID
};

// Note is a parsed, UNVERIFIED signed note.
struct Note {
  std::string text;  // the note text, including its final newline
  std::vector<NoteSignature> signatures;  // in input order, duplicates kept
};

// ParseNote splits `msg` into text and signature lines without verifying
// anything. kInvalidArgument if `msg` is not well-formed (see docs/tiles.md).
absl::StatusOr<Note> ParseNote(absl::string_view msg);

// FormatNote returns the wire form of `note`: text, blank line, signature
// lines. kInvalidArgument if the text or a key name is not valid.
absl::StatusOr<std::string> FormatNote(const Note& note);

// IsValidKeyName reports whether `name` is a valid key name: non-empty UTF-8
// without Unicode spaces, '+' or control characters.
bool IsValidKeyName(absl::string_view name);

// NoteKeyId returns SHA-256(`name` || 0x0A || `type` || `public_key`)[:4] as
// a big-endian uint32 (for 0x05, `public_key` is the 32-byte log ID).
uint32_t NoteKeyId(absl::string_view name, NoteSignatureType type,
                   absl::string_view public_key);

// NoteVerifier is one known key: a name, a key ID and a public key. Copyable
// and movable.
class NoteVerifier final {
 public:
  // FromVerifierKey parses `<name>+<hex key ID>+<base64(type || key)>` for
  // types 0x01 and 0x04 (32-byte Ed25519 keys); the key ID must match.
  static absl::StatusOr<NoteVerifier> FromVerifierKey(absl::string_view vkey);

  // ForRfc6962Log returns the 0x05 verifier of a static-ct-api log named
  // `origin` with DER SubjectPublicKeyInfo `spki_der` (ECDSA P-256 or RSA);
  // kInvalidArgument for any other key or a bad origin.
  static absl::StatusOr<NoteVerifier> ForRfc6962Log(absl::string_view origin,
                                                    ByteSpan spki_der);
  // ForRfc6962Log is the same for an already parsed log key.
  static absl::StatusOr<NoteVerifier> ForRfc6962Log(absl::string_view origin,
                                                    LogVerifier log);

  const std::string& name() const { return name_; }
  uint32_t key_id() const { return key_id_; }
  NoteSignatureType type() const { return type_; }

  // Verify checks `signature` (the bytes after the key ID) over note `text`.
  // It returns the signature's timestamp (milliseconds for 0x05, seconds for
  // 0x04) or nullopt (0x01); kUnauthenticated if it does not verify.
  absl::StatusOr<std::optional<uint64_t>> Verify(absl::string_view text,
                                                 absl::string_view signature) const;

 private:
  NoteVerifier(std::string name, uint32_t key_id, NoteSignatureType type,
               std::string key, std::optional<LogVerifier> log)
      : name_(std::move(name)), key_id_(key_id), type_(type), key_(std::move(key)),
        log_(std::move(log)) {}

  std::string name_;
  uint32_t key_id_;
  NoteSignatureType type_;
  std::string key_;                 // Ed25519 (0x01, 0x04): the 32-byte key
  std::optional<LogVerifier> log_;  // RFC 6962 (0x05): the log's key
};

// NoteVerifierFromKey turns the content of a key argument into a verifier:
// a note verifier key string (NAME+HEXID+BASE64, surrounding whitespace
// ignored), or a PEM or DER public key of a static-ct-api log, whose
// RFC6962NoteSignature verifier is named `origin`. kInvalidArgument if `key`
// is neither or does not parse.
absl::StatusOr<NoteVerifier> NoteVerifierFromKey(absl::string_view key,
                                                 absl::string_view origin);

// NoteSigner signs notes with one private key. Copyable and movable.
class NoteSigner final {
 public:
  // FromPrivateKey parses an x/mod note private key
  // "PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 || 32-byte seed)>" (Ed25519).
  static absl::StatusOr<NoteSigner> FromPrivateKey(absl::string_view skey);

  // Ed25519 returns an Ed25519 (0x01) signer named `name` from a 32-byte `seed`.
  static absl::StatusOr<NoteSigner> Ed25519(absl::string_view name, absl::string_view seed);

  // ForRfc6962Log returns the 0x05 signer of static-ct-api log `origin` with
  // the log's ECDSA P-256 `key`; kInvalidArgument for an Ed25519 key.
  static absl::StatusOr<NoteSigner> ForRfc6962Log(absl::string_view origin, LogSigner key);

  const std::string& name() const { return name_; }
  uint32_t key_id() const { return key_id_; }
  NoteSignatureType type() const { return type_; }

  // public_key returns the verifier key string (Ed25519 signers) or, for
  // 0x05 signers, the DER SubjectPublicKeyInfo of the log key.
  const std::string& public_key() const { return public_; }

  // Verifier returns the NoteVerifier for this key.
  NoteVerifier Verifier() const;

  // Sign signs note `text` (a checkpoint without extension lines for 0x05,
  // whose TreeHeadSignature carries `timestamp_ms`). kInvalidArgument if the
  // text does not suit the key type.
  absl::StatusOr<NoteSignature> Sign(absl::string_view text, uint64_t timestamp_ms = 0) const;

 private:
  NoteSigner(std::string name, uint32_t key_id, NoteSignatureType type, std::string priv,
             std::string pub, std::optional<LogSigner> log)
      : name_(std::move(name)), key_id_(key_id), type_(type), private_(std::move(priv)),
        public_(std::move(pub)), log_(std::move(log)) {}

  std::string name_;
  uint32_t key_id_;
  NoteSignatureType type_;
  std::string private_;           // Ed25519: 32-byte seed
  std::string public_;            // Ed25519: verifier key string; 0x05: SPKI DER
  std::optional<LogSigner> log_;  // 0x05: the log's key
};

// VerifiedSignature is a signature that verified with a known key.
struct VerifiedSignature {
  std::string name;
  uint32_t key_id = 0;
  NoteSignatureType type = NoteSignatureType::kEd25519;
  std::optional<uint64_t> timestamp;  // ms (0x05), seconds (0x04), none (0x01)
};

// VerifiedNote is a note whose text is signed by at least one known key.
struct VerifiedNote {
  std::string text;
  std::vector<VerifiedSignature> verified;
  std::vector<NoteSignature> unverified;  // unknown keys, deduplicated
};

// OpenNote parses `msg` and verifies it with `verifiers`: unknown (name, key
// ID) pairs are ignored, repeated signatures by one key are ignored, a known
// key whose signature fails rejects the note (kUnauthenticated), and at least
// one known key must verify (kUnauthenticated). Two verifiers with the same
// name and key ID are kInvalidArgument.
absl::StatusOr<VerifiedNote> OpenNote(absl::string_view msg,
                                      absl::Span<const NoteVerifier> verifiers);

}  // namespace ct

#endif  // CT_TILES_NOTE_H_
