// Fuzz target: signed notes and checkpoints round-trip. ParseNote accepts a
// message exactly when FormatNote reproduces it byte for byte, and the same
// holds for ParseCheckpoint/FormatCheckpoint on the note text. OpenNote with
// a fixed key must agree with ParseNote on malformed input.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "ct/tiles/checkpoint.h"
#include "ct/tiles/note.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string msg(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<ct::Note> note = ct::ParseNote(msg);
  static const ct::NoteVerifier* verifier = [] {
    auto v = ct::NoteVerifier::FromVerifierKey(
        "example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx");
    if (!v.ok()) abort();
    return new ct::NoteVerifier(*v);
  }();
  absl::StatusOr<ct::VerifiedNote> opened = ct::OpenNote(msg, {*verifier});
  if (!note.ok()) {
    if (opened.ok()) abort();  // OpenNote accepted what ParseNote rejected
  } else {
    absl::StatusOr<std::string> again = ct::FormatNote(*note);
    if (!again.ok() || *again != msg) abort();
    if (note->signatures.size() > ct::kMaxNoteSignatures) abort();
  }
  // The checkpoint body parser on the raw input (as note text).
  absl::StatusOr<ct::Checkpoint> cp = ct::ParseCheckpoint(msg);
  if (cp.ok() && ct::FormatCheckpoint(*cp) != msg) abort();
  return 0;
}
