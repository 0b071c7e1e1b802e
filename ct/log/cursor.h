// File: ct/log/cursor.h
// -----------------------------------------------------------------------------
// LogCursor: a verified, resumable position in one log. Its state is the
// latest verified tree head plus the CompactRange of the entries released so
// far ([0, position)). It never releases (Advance) or reports (Scan) an entry
// that has not been authenticated against a signed tree head:
//   - Update(head) checks a new tree head against the stored one (a
//     consistency proof when the tree grew) before adopting it;
//   - Advance() reads the entries between the position and the tree head in
//     batches (at most `batch_size` entries, default 4,096), appends their
//     leaf hashes to a copy of the compact range, and authenticates the batch
//     before handing it out: at the tree head by comparing roots, earlier by a
//     consistency proof from the batch's end to the tree head (the compact
//     range's root is the root of that prefix). Tiles and RFC 6962 logs are
//     handled alike; a tile reader answers the proofs from hash tiles.
//   - Scan() is Advance for a consumer that keeps only some entries (a
//     monitor keeps its matches): it passes each entry on as it arrives and
//     then reports each batch once authenticated, so memory holds a batch's
//     leaf hashes, not its entries (a 4,096-entry batch of real certificates
//     is ~12 MB, which no longer fits a CPU cache).
// A batch that does not authenticate is narrowed down by bisection (more
// consistency proofs) so the error names the first entry that is wrong.
// The state serialises (Serialize/Deserialize, versioned; the compact range
// in its own versioned format), so a later run resumes where the last stopped.
//
// Errors (ct/base/errors.h kinds):
//   kInconsistent  the log contradicts itself: a fork, a rollback that is not
//                  a prefix, a timestamp going backwards or far in the future,
//                  a malformed proof. The message names both tree heads.
//   kTampered      an entry does not match the tree head; names its index.
//   anything else  passed through from the reader (I/O, bad signature...).
//
// Example:
//   ct::LogCursor cursor;                                  // backfill from 0
//   CT_ASSIGN_OR_RETURN(ct::TreeHead head, reader.LatestTreeHead());
//   CT_ASSIGN_OR_RETURN(ct::TreeHeadUpdate u, cursor.Update(reader, head, absl::Now()));
//   CT_RETURN_IF_ERROR(cursor.Advance(reader, [&](const ct::EntryBatch& batch) {
//     store(batch.entries, batch.state);   // persist entries and state together
//     return absl::OkStatus();
//   }));
#ifndef CT_LOG_CURSOR_H_
#define CT_LOG_CURSOR_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "ct/base/bytes.h"
#include "ct/log/log_reader.h"
#include "ct/merkle/compact_range.h"

namespace ct {

// kCursorStateVersion is the first byte of LogCursor::Serialize's output.
inline constexpr uint8_t kCursorStateVersion = 1;

// TreeHeadUpdate says what Update did with a tree head that checked out.
enum class TreeHeadUpdate {
  kAdvanced,  // a larger tree, consistent with the stored one: adopted
  kSame,      // the same tree (a newer timestamp is adopted)
  kStale,     // a smaller tree that is a prefix of the stored one: ignored
};

// TreeHeadUpdateName returns "advanced", "same" or "stale".
const char* TreeHeadUpdateName(TreeHeadUpdate update);

class LogCursor;

// EntryBatch is one authenticated batch: entries [first, first + size) in
// order, and the cursor state once they are consumed (persist both together).
struct EntryBatch {
  const std::vector<LogEntry>& entries;
  const LogCursor& state;
};

// BatchSink consumes a batch; a non-OK status stops Advance and the cursor
// stays before the batch.
using BatchSink = std::function<absl::Status(const EntryBatch& batch)>;

// ScanSink is told that the entries LogCursor::Scan passed to its EntrySink
// since the last call, [begin, state.position()), are authenticated; `state`
// is the cursor after them (persist it with what was derived from them). A
// non-OK status stops Scan and the cursor stays before them. When Scan fails
// (a sink's error, a tampered batch, a read error), the entries passed since
// the last call were not authenticated and come again on the next Scan: drop
// whatever was derived from them.
using ScanSink = std::function<absl::Status(uint64_t begin, const LogCursor& state)>;

// CursorOptions tunes Update, Advance and Scan.
struct CursorOptions {
  // Entries authenticated per batch (held in memory by Advance; Scan holds
  // only their leaf hashes); 1..65,536.
  uint64_t batch_size = 4096;
  // A tree head timestamp later than now + max_future is misbehaviour.
  absl::Duration max_future = absl::Minutes(10);
  // inspect, when set, sees each entry of Advance (Scan does not use it) as
  // it arrives, in order, before its batch is authenticated, while its bytes
  // are still in cache: for work that is safe on unauthenticated bytes
  // (parsing, matching) whose results the sink then uses. Nothing may be
  // reported or stored from it.
  std::function<void(const LogEntry&)> inspect;
};

// LogCursor is a verified position in one log. Copyable and movable.
class LogCursor final {
 public:
  // LogCursor constructs a cursor at position 0 with no tree head (a backfill).
  LogCursor() = default;

  // AtTreeHead returns a cursor positioned at `head` without reading history:
  // the compact range of [0, head.size) comes from the last entry and its
  // inclusion proof (every node of that proof is a left sibling, i.e. a node
  // of the range), and is checked against head.root.
  static absl::StatusOr<LogCursor> AtTreeHead(LogReader& reader, const TreeHead& head);

  // Deserialize restores a cursor from Serialize's output; kMalformed on any
  // other bytes (unknown version, truncation, trailing data, a range that does
  // not start at 0 or ends past the tree head).
  static absl::StatusOr<LogCursor> Deserialize(ByteSpan state);

  // Serialize returns the versioned state: uint8 version, uint8 has_head, then
  // (if set) uint64 size, 32-byte root, uint64 timestamp_ms, uint24-prefixed
  // evidence; then the uint16-prefixed CompactRange::Serialize bytes.
  std::string Serialize() const;

  // tree_head returns the latest verified tree head (nullopt before the first).
  const std::optional<TreeHead>& tree_head() const { return head_; }
  // position returns the number of entries released so far.
  uint64_t position() const { return range_.end(); }
  // range returns the compact range of the entries released so far.
  const CompactRange& range() const { return range_; }
  // caught_up reports whether every entry up to the tree head was released.
  bool caught_up() const { return head_.has_value() && range_.end() == head_->size; }

  // Update checks `head` (already signature-verified by the reader) against
  // the stored tree head, fetching a consistency proof when needed, and adopts
  // it unless it is stale. `now` bounds the timestamp (options.max_future).
  absl::StatusOr<TreeHeadUpdate> Update(LogReader& reader, const TreeHead& head, absl::Time now,
                                        const CursorOptions& options = {});

  // Advance releases the entries [position, tree_head.size) to `sink`, batch by
  // batch, each authenticated first; stops after `max_entries` entries (whole
  // batches). The entries are read as one range, so a reader that fetches
  // ahead keeps fetching while `sink` runs. kFailedPrecondition without a tree head.
  absl::Status Advance(LogReader& reader, const BatchSink& sink,
                       const CursorOptions& options = {},
                       uint64_t max_entries = UINT64_MAX);

  // Scan is Advance for a consumer that looks at each entry once and keeps
  // only what it needs, so no batch of entries is held: `entry` sees every
  // entry as it arrives, in order, before it is authenticated (as `inspect`:
  // it may keep copies or take the contents, but nothing may be reported or
  // stored until `done` says the batch is authenticated).
  absl::Status Scan(LogReader& reader, const EntrySink& entry, const ScanSink& done,
                    const CursorOptions& options = {}, uint64_t max_entries = UINT64_MAX);

 private:
  LogCursor(std::optional<TreeHead> head, CompactRange range)
      : head_(std::move(head)), range_(std::move(range)) {}

  std::optional<TreeHead> head_;
  CompactRange range_;
};

}  // namespace ct

#endif  // CT_LOG_CURSOR_H_
