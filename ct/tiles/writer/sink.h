// File: ct/tiles/writer/sink.h
// -----------------------------------------------------------------------------
// Where a LogWriter publishes: a TileSink stores each resource (tile, issuer,
// checkpoint) under its path relative to the monitoring prefix, as a Fetcher
// later reads it. DirectorySink writes files atomically (temporary file and
// rename, so a concurrent reader never sees half a tile); MemorySink fills a
// MemoryFetcher, for tests that read the log back without touching disk.
//
// Example:
//   ct::MemoryFetcher log;
//   ct::MemorySink sink(&log);
//   opts.sink = &sink;  // ct::LogWriterOptions
#ifndef CT_TILES_WRITER_SINK_H_
#define CT_TILES_WRITER_SINK_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ct/tiles/fetcher.h"

namespace ct {

// TileSink stores published resources by path. Implementations need not be
// thread-safe.
class TileSink {
 public:
  virtual ~TileSink() = default;
  // Put stores `body` at resource `path` (e.g. "tile/data/000.p/7"),
  // replacing any previous body. kInvalidArgument for a path that is not a
  // plain relative path (IsValidResourcePath); storage errors otherwise.
  virtual absl::Status Put(absl::string_view path, absl::string_view body) = 0;
};

// DirectorySink writes resources as files under a root directory, creating
// parent directories. Movable, not copyable.
class DirectorySink final : public TileSink {
 public:
  // Create returns a sink for `root`, creating it and its parents (0755).
  // kInvalidArgument for an empty root; kFailedPrecondition if it is not a
  // directory; kPermissionDenied / kUnavailable for other filesystem errors.
  static absl::StatusOr<std::unique_ptr<DirectorySink>> Create(std::string root);

  // Put writes `body` to root/`path` via a temporary file and rename(2).
  // kFailedPrecondition if a file stands where a directory must go,
  // kPermissionDenied, kResourceExhausted (disk full) or kUnavailable
  // otherwise, each with the path and errno text.
  absl::Status Put(absl::string_view path, absl::string_view body) override;

  // root returns the directory the sink writes under.
  const std::string& root() const { return root_; }

 private:
  explicit DirectorySink(std::string root) : root_(std::move(root)) {}
  std::string root_;
};

// MemorySink writes into a MemoryFetcher, which must outlive it.
class MemorySink final : public TileSink {
 public:
  explicit MemorySink(MemoryFetcher* fetcher) : fetcher_(fetcher) {}
  // Put stores `body` in the fetcher; kInvalidArgument for a bad path.
  absl::Status Put(absl::string_view path, absl::string_view body) override;

 private:
  MemoryFetcher* fetcher_;
};

}  // namespace ct

#endif  // CT_TILES_WRITER_SINK_H_
