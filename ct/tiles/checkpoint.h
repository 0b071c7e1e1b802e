// File: ct/tiles/checkpoint.h
// -----------------------------------------------------------------------------
// C2SP tlog-checkpoint: the note text "<origin>\n<size>\n<base64 root>\n"
// followed by optional extension lines, and opening a signed checkpoint.
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
// kInvalidArgument otherwise.
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
// checkpoint origin (kUnauthenticated otherwise); when `want_origin` is
// non-empty the origin must equal it (kUnauthenticated).
absl::StatusOr<VerifiedCheckpoint> OpenCheckpoint(
    absl::string_view msg, absl::Span<const NoteVerifier> verifiers,
    absl::string_view want_origin = "");

}  // namespace ct

#endif  // CT_TILES_CHECKPOINT_H_
