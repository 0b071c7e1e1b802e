// File: ct/tiles/writer/internal/file_writer.h
// -----------------------------------------------------------------------------
// Atomic file publication for the tile writer: write to a temporary file in
// the same directory, then rename over the target, so a concurrent reader of
// the directory never sees a half-written tile or checkpoint.
#ifndef CT_TILES_WRITER_INTERNAL_FILE_WRITER_H_
#define CT_TILES_WRITER_INTERNAL_FILE_WRITER_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace ct::internal {

// MakeDirectories creates `dir` and its missing parents (mode 0755).
// kUnavailable/kPermissionDenied-style errors carry the path and errno text.
absl::Status MakeDirectories(const std::string& dir);

// WriteFileAtomically writes `data` to `root`/`relative_path`, creating
// parent directories, via a temporary file and rename(2).
absl::Status WriteFileAtomically(const std::string& root,
                                 absl::string_view relative_path,
                                 absl::Span<const uint8_t> data);

}  // namespace ct::internal

#endif  // CT_TILES_WRITER_INTERNAL_FILE_WRITER_H_
