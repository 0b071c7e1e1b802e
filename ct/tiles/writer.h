// File: ct/tiles/writer.h
// -----------------------------------------------------------------------------
// TileWriter: builds a static-ct-api log. Entries are appended with their
// leaf_index extension; completed data and hash tiles and new issuers are
// written as they fill; Publish writes the partial tiles of the current size
// and a signed checkpoint. Producing SCTs for the entries is left to ct/sct
// (each entry's leaf_index and TimestampedEntry are what it signs).
//
// Example:
//   ct::MemoryFetcher log;
//   ct::MemorySink sink(&log);
//   ct::TileWriter w("log.example/2026", &sink);
//   absl::StatusOr<uint64_t> index = w.Append(entry);
//   absl::StatusOr<std::string> checkpoint = w.Publish({signer}, now_ms);
#ifndef CT_TILES_WRITER_H_
#define CT_TILES_WRITER_H_

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ct/merkle/hash.h"
#include "ct/tiles/fetcher.h"
#include "ct/tiles/note.h"
#include "ct/tiles/tile.h"

namespace ct {

// TileSink stores published resources by path (as read by a Fetcher).
class TileSink {
 public:
  virtual ~TileSink() = default;
  // Put stores `body` at resource `path`, replacing any previous body.
  virtual absl::Status Put(absl::string_view path, absl::string_view body) = 0;
};

// DirectorySink writes resources as files under a root directory (parents
// created, each file written to a temporary name and renamed into place).
class DirectorySink final : public TileSink {
 public:
  // Create returns a sink for `root`, creating the directory if needed.
  static absl::StatusOr<std::unique_ptr<DirectorySink>> Create(std::string root);
  absl::Status Put(absl::string_view path, absl::string_view body) override;

 private:
  explicit DirectorySink(std::string root) : root_(std::move(root)) {}
  std::string root_;
};

// MemorySink writes into a MemoryFetcher, which must outlive it.
class MemorySink final : public TileSink {
 public:
  explicit MemorySink(MemoryFetcher* fetcher) : fetcher_(fetcher) {}
  absl::Status Put(absl::string_view path, absl::string_view body) override;

 private:
  MemoryFetcher* fetcher_;
};

// LogEntry is one submission to log.
struct LogEntry {
  uint64_t timestamp = 0;  // ms since the epoch (the SCT timestamp)
  TileLeaf::EntryType entry_type = TileLeaf::kX509Entry;
  std::string certificate;      // x509: the leaf DER; precert: the TBSCertificate
  Hash issuer_key_hash{};       // precert only: SHA-256 of the issuer's SPKI
  std::string pre_certificate;  // precert only: the precertificate DER
  std::vector<std::string> chain;  // issuer certificates (DER), nearest first
};

// TileWriter appends entries to a log and publishes it through a TileSink,
// which must outlive it. Not thread-safe.
class TileWriter final {
 public:
  TileWriter(std::string origin, TileSink* sink) : origin_(std::move(origin)), sink_(sink) {}

  // size returns the number of entries appended.
  uint64_t size() const { return size_; }

  // Append adds `entry` at index size() with its leaf_index extension,
  // writing its new issuers and every tile it completes; returns the index.
  // kInvalidArgument for an entry that cannot be encoded; sink errors pass through.
  absl::StatusOr<uint64_t> Append(const LogEntry& entry);

  // Root returns the root hash of the entries appended so far.
  Hash Root() const;

  // Publish writes the partial tiles of the current size and the checkpoint
  // signed by every signer in `signers` (0x05 signatures carry
  // `timestamp_ms`), and returns the signed checkpoint.
  absl::StatusOr<std::string> Publish(absl::Span<const NoteSigner> signers,
                                      uint64_t timestamp_ms);

 private:
  std::string origin_;
  TileSink* sink_;
  uint64_t size_ = 0;
  std::string data_;                     // the current partial data tile
  std::vector<std::vector<Hash>> levels_ = std::vector<std::vector<Hash>>(9);
  std::set<Hash> issuers_;               // issuer fingerprints already written
};

}  // namespace ct

#endif  // CT_TILES_WRITER_H_
