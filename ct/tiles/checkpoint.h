// File: ct/tiles/checkpoint.h
// -----------------------------------------------------------------------------
// C2SP tlog-checkpoint: the note text "<origin>\n<size>\n<base64 root>\n"
// followed by optional extension lines, and opening a signed checkpoint.
//
// Checkpoints and notes are text (absl::string_view in, std::string out; see
// ct/base/bytes.h). Errors carry an ErrorKind (ct/base/errors.h): kMalformed
// for text that does not parse, kBadSignature for a checkpoint that does not
// verify; a caller mistake (e.g. ambiguous verifiers) has no kind.
//
// Example:
//   absl::StatusOr<ct::NoteVerifier> log = ct::NoteVerifier::ForRfc6962Log(
//       "log.example/2026h1", spki_der);
//   absl::StatusOr<ct::VerifiedCheckpoint> cp = ct::OpenCheckpoint(note, {*log});
//   if (cp.ok()) tree_size = cp->checkpoint.size;
#ifndef CT_TILES_CHECKPOINT_H_
#define CT_TILES_CHECKPOINT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ct/merkle/hash.h"
#include "ct/tiles/note.h"

namespace ct {

// Checkpoint is the body of a checkpoint note. Copyable and movable.
struct Checkpoint {
  std::string origin;  // non-empty, no newline
  uint64_t size = 0;   // tree size
  Hash root{};         // RFC 6962 root hash of the first `size` entries
  std::vector<std::string> extensions;  // optional non-empty extension lines
};

// ParseCheckpoint parses checkpoint note `text` (which ends in a newline):
// non-empty origin, decimal size without leading zeros that fits in uint64,
// canonical base64 of exactly 32 bytes, then non-empty extension lines.
// kInvalidArgument (kind kMalformed) otherwise.
absl::StatusOr<Checkpoint> ParseCheckpoint(absl::string_view text);

// FormatCheckpoint returns the note text of `checkpoint`.
std::string FormatCheckpoint(const Checkpoint& checkpoint);

// VerifiedCheckpoint is a checkpoint whose note verified. Copyable and movable.
struct VerifiedCheckpoint {
  Checkpoint checkpoint;
  VerifiedNote note;
};

// OpenCheckpoint verifies signed note `msg` with `verifiers` (see OpenNote)
// and parses its text as a checkpoint. A verified key must be named after the
// checkpoint origin; when `want_origin` is non-empty the origin must equal it.
// Errors: a signature that fails, no known or origin-named key, or another
// origin is kUnauthenticated with kind kBadSignature; a malformed note or
// checkpoint is kInvalidArgument with kind kMalformed; ambiguous `verifiers`
// is kInvalidArgument without a kind.
absl::StatusOr<VerifiedCheckpoint> OpenCheckpoint(
    absl::string_view msg, absl::Span<const NoteVerifier> verifiers,
    absl::string_view want_origin = "");

}  // namespace ct

#endif  // CT_TILES_CHECKPOINT_H_
