// File: ct/log/verify_log.h
// -----------------------------------------------------------------------------
// Checks over a LogReader that `ct log` (and any auditor) shares: a resumable
// audit of every entry (VerifyLog, with its state file), a saved tree head
// against the current one (CheckTreeHeadConsistency) and an SCT's entry in the
// tree (ProveSctInclusion). Works on both kinds of log.
//
//   absl::StatusOr<ct::LogCursor> start = ct::ReadCursorState(path);
//   ct::VerifyLogOptions o;
//   o.state_path = path;
//   absl::StatusOr<ct::VerifyLogResult> r =
//       ct::VerifyLog(reader, ct::LogApi::kRfc6962, head, *start, o);
#ifndef CT_LOG_VERIFY_LOG_H_
#define CT_LOG_VERIFY_LOG_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "ct/log/cursor.h"
#include "ct/log/log_reader.h"
#include "ct/merkle/hash.h"
#include "ct/sct/log_info.h"
#include "ct/sct/sct.h"
#include "ct/sct/signed_data.h"

namespace ct {

// WriteFileAtomically replaces `path` with `data`: written to a temporary file
// next to it, flushed to disk, then renamed over it.
absl::Status WriteFileAtomically(const std::string& path, absl::string_view data);

// ReadCursorState returns the cursor saved at `path` by VerifyLog, or a fresh
// cursor when `path` does not exist; kMalformed for other bytes.
absl::StatusOr<LogCursor> ReadCursorState(const std::string& path);

// EntryCounts counts what CheckLogEntry saw.
struct EntryCounts {
  uint64_t unparsed = 0;  // entries of an unknown type (not fatal)
  uint64_t precerts = 0;  // precert entries whose chain checked out
};

// CheckLogEntry checks what the tree does not cover in entry `e` of a log of
// kind `api`: that it parses and that its chain belongs to it (CheckEntryChain:
// RFC 6962 extra_data; for static-ct-api the pre_certificate and the issuers,
// which the reader must have resolved: OpenLogOptions::resolve_issuers).
// kTampered naming the entry otherwise.
absl::Status CheckLogEntry(const LogEntry& e, LogApi api, EntryCounts& counts);

// VerifyProgress is what a VerifyLog progress callback sees.
struct VerifyProgress {
  uint64_t first = 0;       // the batch is entries [first, end)
  uint64_t end = 0;
  uint64_t tree_size = 0;
  uint64_t checked = 0;     // entries checked this run, this batch included
};

// VerifyLogOptions tunes VerifyLog.
struct VerifyLogOptions {
  CursorOptions cursor;
  // When set, the cursor state is written here (WriteFileAtomically) after
  // each batch is authenticated and checked.
  std::optional<std::string> state_path;
  // Called once the tree head is adopted, with the position and tree size.
  std::function<void(uint64_t resumed_from, uint64_t tree_size)> on_start;
  // Called after each batch is checked, before its state is written.
  std::function<void(const VerifyProgress&)> on_batch;
  // The time tree head timestamps are bounded by (CursorOptions::max_future).
  absl::Time now = absl::InfiniteFuture();  // InfiniteFuture: absl::Now()
};

// VerifyLogResult is what a VerifyLog run established.
struct VerifyLogResult {
  TreeHead tree_head;         // the verified tree head
  uint64_t entries = 0;       // entries verified in total (resumed ones included)
  uint64_t entries_checked = 0;  // entries checked this run
  uint64_t resumed_from = 0;
  EntryCounts counts;
  TreeHeadUpdate update = TreeHeadUpdate::kAdvanced;
};

// VerifyLog advances `start` to `head` (already signature-verified by the
// reader), then authenticates and checks every entry up to it, saving the
// state per batch. Errors name the first bad entry or tree head.
absl::StatusOr<VerifyLogResult> VerifyLog(LogReader& reader, LogApi api, const TreeHead& head,
                                          LogCursor start, const VerifyLogOptions& options = {});

// CheckTreeHeadConsistency checks a tree head of (`old_size`, `old_root`)
// against `current` (ct::VerifyTreeHeadConsistency, proof from `reader`) and
// returns the consistency proof it used (empty when none is needed);
// kInconsistent when the tree shrank, forked or the proof does not verify.
absl::StatusOr<std::vector<Hash>> CheckTreeHeadConsistency(LogReader& reader, uint64_t old_size,
                                                           const Hash& old_root,
                                                           const TreeHead& current);

// SctInclusion is what ProveSctInclusion established about one SCT.
struct SctInclusion {
  std::optional<Hash> leaf_hash;
  std::optional<uint64_t> leaf_index;
  absl::Status status;  // OK: proven; kTampered when the proof fails
};

// ProveSctInclusion computes the leaf hash of `sct` over `entry` and checks
// its inclusion in `head` through `reader`, at the SCT's leaf_index when it
// has one (static-ct-api; required by tile readers).
SctInclusion ProveSctInclusion(LogReader& reader, const TreeHead& head,
                               const SignedCertificateTimestamp& sct, const SignedEntry& entry);

}  // namespace ct

#endif  // CT_LOG_VERIFY_LOG_H_
