// File: ct/tiles/fetcher.h
// -----------------------------------------------------------------------------
// Fetching static-ct-api / tlog-tiles resources by path relative to a log's
// monitoring prefix ("checkpoint", "tile/0/005", "issuer/<hex>"), from a
// directory or from memory. The HTTP implementation is in http_fetcher.h,
// with OpenFetcher, which opens a URL or a directory by its location string.
//
// Example:
//   absl::StatusOr<std::unique_ptr<ct::Fetcher>> f =
//       ct::DirectoryFetcher::Create("/srv/log");
//   absl::StatusOr<std::string> cp = (*f)->Fetch("checkpoint");
//   if (absl::IsNotFound(cp.status())) ...;  // a missing resource
#ifndef CT_TILES_FETCHER_H_
#define CT_TILES_FETCHER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"

namespace ct {

// kDefaultMaxResponseBytes bounds one resource (a data tile of 256 large
// entries stays far below it).
inline constexpr size_t kDefaultMaxResponseBytes = 64 << 20;

// Fetcher reads resources of one log. Implementations are thread-safe.
class Fetcher {
 public:
  virtual ~Fetcher() = default;

  // Fetch returns the body of `path`: kNotFound if the resource does not
  // exist, kInvalidArgument for a path that is not a plain relative path
  // (IsValidResourcePath; HTTP fetchers also take a query,
  // IsValidRequestPath), kResourceExhausted if it is too large, kUnavailable
  // for transport errors.
  virtual absl::StatusOr<std::string> Fetch(absl::string_view path) = 0;

  // FetchAll fetches every path in `paths` (in parallel where the
  // implementation can) and returns one result per path, in order.
  virtual std::vector<absl::StatusOr<std::string>> FetchAll(
      absl::Span<const std::string> paths);
};

// IsValidResourcePath reports whether `path` is a plain relative path: non-
// empty, no leading '/', no empty, "." or ".." elements, no '\\' or NUL, and
// only printable ASCII.
bool IsValidResourcePath(absl::string_view path);

// IsValidRequestPath reports whether `path` is a valid resource path,
// optionally followed by '?' and a non-empty URL query (RFC 3986 §3.4: ASCII
// letters, digits, "-._~!$&'()*+,;=:@/?" and %XX escapes; see QueryEscape in
// http_fetcher.h), e.g. "ct/v1/get-entries?start=0&end=9".
bool IsValidRequestPath(absl::string_view path);

// DirectoryFetcher serves resources from files under a root directory.
class DirectoryFetcher final : public Fetcher {
 public:
  // Create returns a fetcher for directory `root`; kNotFound if it is not a
  // directory.
  static absl::StatusOr<std::unique_ptr<DirectoryFetcher>> Create(
      std::string root, size_t max_bytes = kDefaultMaxResponseBytes);

  absl::StatusOr<std::string> Fetch(absl::string_view path) override;

 private:
  DirectoryFetcher(std::string root, size_t max_bytes)
      : root_(std::move(root)), max_bytes_(max_bytes) {}
  std::string root_;
  size_t max_bytes_;
};

// MemoryFetcher serves resources from an in-memory map (tests, writers).
class MemoryFetcher final : public Fetcher {
 public:
  // Put stores `body` at `path`, replacing any previous body.
  void Put(std::string path, std::string body) ABSL_LOCKS_EXCLUDED(mu_);
  // Remove deletes `path` if present.
  void Remove(absl::string_view path) ABSL_LOCKS_EXCLUDED(mu_);
  // fetch_count returns how many Fetch calls (including via FetchAll) were made.
  uint64_t fetch_count() const ABSL_LOCKS_EXCLUDED(mu_);

  absl::StatusOr<std::string> Fetch(absl::string_view path) override
      ABSL_LOCKS_EXCLUDED(mu_);

 private:
  mutable absl::Mutex mu_;
  std::map<std::string, std::string, std::less<>> files_ ABSL_GUARDED_BY(mu_);
  uint64_t fetches_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace ct

#endif  // CT_TILES_FETCHER_H_
