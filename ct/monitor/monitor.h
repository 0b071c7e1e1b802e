// File: ct/monitor/monitor.h
// -----------------------------------------------------------------------------
// Monitor: watches many CT logs (RFC 6962 and static-ct-api alike, through
// ct::LogReader) for certificates matching a watch list, and records what it
// finds in the crash-safe MonitorState (ct/monitor/state.h).
//
// Per log, a pass is: open the log, fetch and verify its latest tree head,
// check it against the stored cursor (ct/log/cursor.h: a consistency proof),
// then read the new entries in authenticated batches. For every batch, the
// matched certificates (one per tbs_sha256, so a precertificate and its
// final certificate raise one alert), malformed entries and the log's new
// cursor are committed in ONE transaction; nothing is recorded before it is
// authenticated against a signed tree head. A fork, rollback, bad signature
// or tampered entry records a `log_misbehavior` event and stops that log;
// other logs go on. Network errors are reported per log and retried on the
// next pass.
//
// Logs run in parallel on `options.parallel_logs` threads; each thread uses
// its own database connection, so no lock is held across I/O. A log seen
// for the first time starts at its current tree head (default) or at 0
// (`backfill`). Delivery of the recorded events (stdout, --exec, webhooks)
// reads the outbox separately (ct/monitor/deliver.h).
//
// Example:
//   ct::Monitor monitor(db_path, watch_list, options);
//   ct::PassSummary s = monitor.Run(logs, /*follow=*/false, &stop);
//   for (const ct::LogResult& r : s.logs) if (!r.status.ok()) ...
#ifndef CT_MONITOR_MONITOR_H_
#define CT_MONITOR_MONITOR_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "ct/log/cursor.h"
#include "ct/log/log_reader.h"
#include "ct/log/open_log.h"
#include "ct/merkle/hash.h"
#include "ct/monitor/event.h"
#include "ct/monitor/state.h"
#include "ct/monitor/watch_list.h"
#include "ct/sct/log_info.h"

namespace ct {

// LogProgress is reported after every committed batch and at the end of a
// log's pass (done = true, with its status).
struct LogProgress {
  std::string log;           // the log's name (MonitorLogName)
  uint64_t position = 0;     // entries read so far
  uint64_t tree_size = 0;    // the verified tree head's size
  uint64_t entries = 0;      // entries read in this pass
  absl::Duration elapsed;    // time spent in this pass
  bool done = false;
  absl::Status status;       // done: the pass's outcome
};

// MonitorOptions configures a Monitor.
struct MonitorOptions {
  // A log without stored state starts at 0 (true) or at its current tree
  // head (false: only new entries are reported).
  bool backfill = false;
  // Logs read at the same time.
  int parallel_logs = 4;
  // Batch size and clock skew bound of the cursor.
  CursorOptions cursor;
  // Record and deliver certificates whose verdict is `authorized` too.
  bool all = false;
  // SHA-256 of SubjectPublicKeyInfos whose certificates are authorized.
  absl::flat_hash_set<Hash> known_keys;
  // How logs are opened (transport, parallel requests per log...).
  OpenLogOptions open;
  // With follow: the pause between two passes over one log.
  absl::Duration interval = absl::Seconds(60);
  // At most this many entries per log per turn, so that a long backfill of
  // one log does not delay others in follow mode (whole batches).
  uint64_t max_entries_per_turn = UINT64_MAX;
  // The clock (tree head timestamps are checked against it).
  std::function<absl::Time()> now = [] { return absl::Now(); };
  // Called (from worker threads, serialised) with progress.
  std::function<void(const LogProgress&)> progress;
  // Called (from worker threads) after each commit that queued events, so
  // that delivery can start at once.
  std::function<void()> on_commit;
};

// LogResult is one log's outcome in a Run.
struct LogResult {
  std::string log;
  absl::Status status;     // OK, an I/O error, or why the log stopped
  bool stopped = false;    // the log is stopped (misbehaviour, now or before)
  bool misbehaved = false; // misbehaviour was found in this run
  uint64_t position = 0;
  uint64_t tree_size = 0;
  uint64_t entries = 0;    // entries read in this run
  uint64_t matches = 0;    // matched certificate entries in this run
  uint64_t malformed = 0;  // malformed entries in this run
};

// PassSummary is what Run did, one LogResult per log in input order.
struct PassSummary {
  std::vector<LogResult> logs;
  uint64_t entries = 0;
  uint64_t matches = 0;
  uint64_t malformed = 0;
  uint64_t misbehaving = 0;  // logs that misbehaved in this run
};

// MonitorLogName returns the name a log is shown and stored under: its
// description, else its URL.
std::string MonitorLogName(const LogInfo& log);

// Monitor watches logs; see the file comment. Thread-safe methods say so.
class Monitor final {
 public:
  // Monitor opens worker connections to the database at `state_path` (the
  // caller keeps a MonitorState open in kMonitor mode: the writer lock).
  Monitor(std::string state_path, std::shared_ptr<const WatchList> watch_list,
          MonitorOptions options);
  Monitor(const Monitor&) = delete;
  Monitor& operator=(const Monitor&) = delete;

  // SetWatchList replaces the watch list for batches read from now on.
  // Thread-safe.
  void SetWatchList(std::shared_ptr<const WatchList> watch_list);

  // SetLogs replaces the set of logs while Run(follow) runs: new logs start,
  // logs no longer listed stop after their current turn. Thread-safe.
  void SetLogs(std::vector<LogInfo> logs);

  // Run reads `logs` up to their current tree heads. With `follow`, it keeps
  // polling each log every options.interval until `stop` is notified;
  // without, it returns after one pass over every log (or on `stop`).
  PassSummary Run(std::vector<LogInfo> logs, bool follow, absl::Notification* stop);

 private:
  struct LogTask;
  class Worker;
  std::shared_ptr<const WatchList> watch_list() const;

  const std::string state_path_;
  const MonitorOptions options_;
  mutable absl::Mutex mu_;
  std::shared_ptr<const WatchList> watch_list_ ABSL_GUARDED_BY(mu_);
  std::vector<LogInfo> pending_logs_ ABSL_GUARDED_BY(mu_);
  bool logs_changed_ ABSL_GUARDED_BY(mu_) = false;
  absl::Mutex progress_mu_;  // serialises options_.progress
};

// AnalyzeForWatchList is the monitor's per-entry step: the event for
// `entry` of `log` if it matches `list` (kCertificate) or is malformed
// (kMalformedEntry; ct/monitor/entry_facts.h says what that covers), else
// nullopt. Only the names are read unless the entry matches. `authorized` says whether the TBS or
// key is known good (the verdict is then `authorized`).
std::optional<MonitorEvent> AnalyzeForWatchList(
    const LogInfo& log, const LogEntry& entry, const WatchList& list,
    const std::function<bool(const Hash& tbs_sha256, const Hash& pubkey_sha256)>& authorized);

// ParseKnownKeys parses a --known-keys file: one SPKI SHA-256 in hex a line;
// blank lines and '#' comments skipped. kMalformed names the bad line.
absl::StatusOr<absl::flat_hash_set<Hash>> ParseKnownKeys(absl::string_view text);

}  // namespace ct

#endif  // CT_MONITOR_MONITOR_H_
