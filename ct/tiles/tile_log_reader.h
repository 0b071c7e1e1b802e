// File: ct/tiles/tile_log_reader.h
// -----------------------------------------------------------------------------
// TileLogReader: ct::LogReader (ct/log/log_reader.h) over a C2SP static-ct-api
// log. Tree heads are signed checkpoints opened with the log's note
// verifiers; proofs come from hash tiles (TileHashReader, which authenticates
// every tile it uses against the tree head); entries come from data tiles,
// fetched `parallel_tiles` at a time through Fetcher::FetchAll and delivered
// in order. Inclusion proofs need the leaf index (static-ct-api has no lookup
// by hash; an SCT's leaf_index extension gives it).
//
// Example:
//   ct::TileLogReader reader(fetcher.get(), {*verifier}, "log.example/2026h1");
//   ct::LogCursor cursor;
//   cursor.Update(reader, *reader.LatestTreeHead(), absl::Now());
#ifndef CT_TILES_TILE_LOG_READER_H_
#define CT_TILES_TILE_LOG_READER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "ct/log/log_reader.h"
#include "ct/tiles/fetcher.h"
#include "ct/tiles/note.h"
#include "ct/tiles/tile.h"
#include "ct/tiles/tile_reader.h"

namespace ct {

// TileLogReader reads one static-ct-api log. Not copyable; thread-compatible.
class TileLogReader final : public LogReader {
 public:
  // TileLogReader reads through `fetcher` (which must outlive it), opening
  // checkpoints with `verifiers`; a non-empty `origin` must match the
  // checkpoint's. `parallel_tiles` data tiles are requested per FetchAll.
  // With `resolve_issuers`, every entry's `chain` is filled with the DER of
  // its issuers (issuer/<fingerprint>, hash checked, fetched once), as an
  // RFC 6962 entry's: an issuer the log does not serve, or whose bytes do not
  // hash to the fingerprint, goes to the entry's parse_status.
  TileLogReader(Fetcher* fetcher, std::vector<NoteVerifier> verifiers, std::string origin,
                int parallel_tiles = 16, bool resolve_issuers = false);

  // LatestTreeHead fetches and opens "checkpoint". timestamp_ms is the
  // RFC6962NoteSignature's timestamp (0 without one); evidence is the note.
  absl::StatusOr<TreeHead> LatestTreeHead() override;

  // OpenTreeHead opens a checkpoint note saved earlier (LatestTreeHead's
  // evidence) with the reader's verifiers and origin: kBadSignature if no
  // verifier accepts it, OpenCheckpoint's error if it does not parse.
  absl::StatusOr<TreeHead> OpenTreeHead(absl::string_view note) override;

  // ConsistencyProof answers from authenticated hash tiles.
  absl::StatusOr<std::vector<Hash>> ConsistencyProof(uint64_t size1,
                                                     const TreeHead& head) override;

  // InclusionProof answers for `index` (kFailedPrecondition without one) from
  // authenticated hash tiles; `leaf_hash` is not looked up.
  absl::StatusOr<InclusionResult> InclusionProof(const Hash& leaf_hash,
                                                 std::optional<uint64_t> index,
                                                 const TreeHead& head) override;

  // Entries parses data tiles (partial tiles fall back to the full tile).
  // A data tile that does not parse is kMalformed naming the tile.
  absl::Status Entries(uint64_t begin, uint64_t end, const TreeHead& head,
                       const EntrySink& sink) override;

 private:
  // HashReader returns the tile hash reader for `head`, reusing the last one.
  TileHashReader& HashReader(const TreeHead& head) ABSL_LOCKS_EXCLUDED(mu_);
  // ResolveChains fills the chains of `entries` (resolve_issuers); fetch
  // errors other than a missing or wrong issuer are returned.
  absl::Status ResolveChains(std::vector<LogEntry>& entries) ABSL_LOCKS_EXCLUDED(mu_);

  Fetcher* const fetcher_;
  const std::vector<NoteVerifier> verifiers_;
  const std::string origin_;
  const int parallel_tiles_;
  const bool resolve_issuers_;
  absl::Mutex mu_;
  // Issuers by fingerprint: the DER, or why the log does not give it.
  std::map<Hash, absl::StatusOr<Bytes>> issuers_ ABSL_GUARDED_BY(mu_);
  std::unique_ptr<TileHashReader> hashes_ ABSL_GUARDED_BY(mu_);
  Hash hashes_root_ ABSL_GUARDED_BY(mu_){};
};

// LogEntryFromTileLeaf converts one data tile record at `index` to a LogEntry
// (copying its bytes), with its leaf hash.
LogEntry LogEntryFromTileLeaf(const TileLeaf& leaf, uint64_t index);

// AssignFromTileLeaf is LogEntryFromTileLeaf into `*out`, reusing the
// capacity of its buffers.
void AssignFromTileLeaf(const TileLeaf& leaf, uint64_t index, LogEntry* out);

}  // namespace ct

#endif  // CT_TILES_TILE_LOG_READER_H_
