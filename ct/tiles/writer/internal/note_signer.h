// File: ct/tiles/writer/internal/note_signer.h
// -----------------------------------------------------------------------------
// Writer-side C2SP signed-note pieces: checkpoint text (tlog-checkpoint), key
// IDs, signature lines, Ed25519 note signing (type 0x01) and verifier key
// strings, and the static-ct-api RFC6962NoteSignature (type 0x05). Sign-only;
// the reader's ct/tiles note code replaces the shared parts at integration.
//
// Example:
//   std::string text = CheckpointText("example.com/log", size, root);
//   auto ed = Ed25519NoteSigner::Create("example.com/log", seed);
//   std::string note = text + "\n" + *ed->SignatureLine(text);
#ifndef CT_TILES_WRITER_INTERNAL_NOTE_SIGNER_H_
#define CT_TILES_WRITER_INTERNAL_NOTE_SIGNER_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ct/merkle/hash.h"
#include "ct/tiles/writer/internal/sct_issuer.h"

namespace ct::internal {

// Signature type bytes (C2SP signed-note, static-ct-api).
inline constexpr uint8_t kNoteSigEd25519 = 0x01;
inline constexpr uint8_t kNoteSigRfc6962 = 0x05;

// ValidateNoteKeyName returns kInvalidArgument unless `name` is a valid
// signed-note key name: non-empty valid UTF-8 without "+", Unicode spaces or
// control characters.
absl::Status ValidateNoteKeyName(absl::string_view name);

// NoteKeyId returns SHA-256(`name` || 0x0A || `sig_type` || `key`)[:4] as a
// big-endian uint32 (C2SP signed-note key ID; for type 0x05 `key` is the
// 32-byte log ID).
uint32_t NoteKeyId(absl::string_view name, uint8_t sig_type,
                   absl::Span<const uint8_t> key);

// NoteSignatureLine returns "— <name> <base64(key_id || signature)>\n".
std::string NoteSignatureLine(absl::string_view name, uint32_t key_id,
                              absl::Span<const uint8_t> signature);

// CheckpointText returns "<origin>\n<size>\n<base64 root>\n" (tlog-checkpoint).
std::string CheckpointText(absl::string_view origin, uint64_t size,
                           const Hash& root);

// Ed25519VerifierKey returns "<name>+<hex key ID>+<base64(0x01 || key)>".
std::string Ed25519VerifierKey(absl::string_view name,
                               const std::array<uint8_t, 32>& public_key);

// Ed25519NoteSigner signs note text with one Ed25519 key. Copyable and movable.
class Ed25519NoteSigner final {
 public:
  // Create derives the key pair from the 32-byte `seed` (RFC 8032 private
  // key). kInvalidArgument for an invalid key `name`.
  static absl::StatusOr<Ed25519NoteSigner> Create(
      absl::string_view name, const std::array<uint8_t, 32>& seed);

  const std::string& name() const { return name_; }
  const std::array<uint8_t, 32>& public_key() const { return public_key_; }
  uint32_t key_id() const { return key_id_; }
  // VerifierKey returns the C2SP verifier key string for this key.
  std::string VerifierKey() const;
  // SignatureLine returns this key's signature line over note `text`.
  absl::StatusOr<std::string> SignatureLine(absl::string_view text) const;

 private:
  Ed25519NoteSigner() = default;
  std::string name_;
  std::array<uint8_t, 32> public_key_;
  std::array<uint8_t, 64> private_key_;
  uint32_t key_id_ = 0;
};

// Rfc6962NoteSignatureLine returns the static-ct-api checkpoint signature line
// for `origin`: key ID from (origin, 0x05, log ID), signature bytes
// u64 `timestamp_ms` || digitally-signed TreeHeadSignature(timestamp_ms,
// `tree_size`, `root`) made with `issuer`.
absl::StatusOr<std::string> Rfc6962NoteSignatureLine(
    const SctIssuer& issuer, absl::string_view origin, uint64_t timestamp_ms,
    uint64_t tree_size, const Hash& root);

}  // namespace ct::internal

#endif  // CT_TILES_WRITER_INTERNAL_NOTE_SIGNER_H_
