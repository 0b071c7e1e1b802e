// File: ct/monitor/state.h
// -----------------------------------------------------------------------------
// MonitorState: the monitor's crash-safe state in one SQLite database (WAL
// mode): per log the serialized LogCursor (verified tree head + compact
// range); per certificate (keyed by tbs_sha256) its first sighting, verdict
// and event, and every later sighting; an outbox of events with their
// delivery per channel and each channel's starting point; authorized
// certificates.
//
// Crash safety: CommitBatch writes a log's new cursor and everything the
// batch produced in ONE transaction, so after a kill -9 the database holds
// either the batch and the position after it, or neither (the batch is then
// read again and yields the same event ids). Delivery reads the outbox and
// marks each event delivered per channel after delivering it, so an event
// delivered just before a crash may be delivered again, with the same id.
//
// Example:
//   CT_ASSIGN_OR_RETURN(std::unique_ptr<ct::MonitorState> db,
//                       ct::MonitorState::Open(path, ct::MonitorState::kMonitor));
//   CT_RETURN_IF_ERROR(db->CommitBatch(log_key, cursor.Serialize(), records));
//   for (const ct::PendingEvent& e : *db->Pending("stdout", 100)) { ...; db->MarkDelivered(e.seq, "stdout"); }
#ifndef CT_MONITOR_STATE_H_
#define CT_MONITOR_STATE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ct/merkle/hash.h"

struct sqlite3;
struct sqlite3_stmt;

namespace ct {

// kMonitorStateSchemaVersion is the database's PRAGMA user_version.
inline constexpr int kMonitorStateSchemaVersion = 1;

// Record is one thing a batch produced, stored with the batch.
struct Record {
  enum Kind { kCertificate, kEvent };
  Kind kind = kCertificate;
  // kCertificate: a matched certificate or precertificate seen at (log, index).
  // The first sighting of a tbs_sha256 stores `event_json` (and queues it for
  // delivery when `alert`); later sightings are only recorded.
  Hash tbs_sha256{};
  uint64_t index = 0;
  bool precertificate = false;
  std::string verdict;  // "expected", "unexpected", "authorized"
  bool alert = true;
  // The event to deliver: its stable id (repeats carry the same id) and JSON.
  // kEvent records (malformed_entry, log_misbehavior) are queued once per id.
  std::string event_id;
  std::string event_json;
};

// PendingEvent is an outbox event not yet delivered on some channel.
struct PendingEvent {
  int64_t seq = 0;
  std::string id;
  std::string json;
};

// CertificateReport is one certificate as `ct monitor report` shows it.
struct CertificateReport {
  Hash tbs_sha256{};
  std::string verdict;
  bool authorized = false;
  std::string event_json;  // the first sighting's event
  std::vector<std::pair<std::string, uint64_t>> sightings;  // (log, index)
};

// MonitorState is an open monitor database. Not copyable; one thread at a time.
class MonitorState final {
 public:
  enum Mode {
    kMonitor,  // the one writer: takes an exclusive lock (path + ".lock")
    kShared,   // report / authorize: no lock, waits for the writer's transactions
  };

  // Open opens (creating, with the schema) the database at `path`. kMonitor
  // fails with kFailedPrecondition while another process holds the lock;
  // kFailedPrecondition too for a database of another schema version.
  static absl::StatusOr<std::unique_ptr<MonitorState>> Open(const std::string& path, Mode mode);
  ~MonitorState();
  MonitorState(const MonitorState&) = delete;
  MonitorState& operator=(const MonitorState&) = delete;

  // LoadCursor returns the stored cursor of `log`, or nullopt if none.
  absl::StatusOr<std::optional<std::string>> LoadCursor(absl::string_view log);

  // CommitBatch stores `log`'s new `cursor` and `records` in one transaction.
  absl::Status CommitBatch(absl::string_view log, absl::string_view cursor,
                           absl::Span<const Record> records);

  // StopLog records that `log` stopped (misbehaviour) with `reason`; a stopped
  // log is reported by StoppedReason and skipped by the monitor.
  absl::Status StopLog(absl::string_view log, absl::string_view reason);
  // StoppedReason returns why `log` stopped, or nullopt.
  absl::StatusOr<std::optional<std::string>> StoppedReason(absl::string_view log);

  // RegisterChannel records the outbox position (the last seq, 0 if empty)
  // when `channel` is first registered and returns the recorded position; a
  // registered channel is owed only the events queued after it. Call it for
  // each channel at start-up, before the run's first CommitBatch.
  absl::StatusOr<int64_t> RegisterChannel(absl::string_view channel);

  // Pending returns up to `limit` events not yet delivered on `channel`,
  // oldest first (for a registered channel, only those queued after it).
  absl::StatusOr<std::vector<PendingEvent>> Pending(absl::string_view channel, int limit);
  // CountPending returns how many events Pending would return without a limit.
  absl::StatusOr<int64_t> CountPending(absl::string_view channel);
  // MarkDelivered records that event `seq` was delivered on `channel`;
  // the span form marks several in one transaction.
  absl::Status MarkDelivered(int64_t seq, absl::string_view channel);
  absl::Status MarkDelivered(absl::Span<const int64_t> seqs, absl::string_view channel);

  // Authorize marks `tbs_sha256` as known good; IsAuthorized reads it.
  absl::Status Authorize(const Hash& tbs_sha256, absl::string_view note);
  absl::StatusOr<bool> IsAuthorized(const Hash& tbs_sha256);

  // Report returns every certificate recorded, oldest first, with sightings.
  absl::StatusOr<std::vector<CertificateReport>> Report();

 private:
  struct Closer {
    void operator()(sqlite3* db) const;
  };
  struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const;
  };
  MonitorState(std::unique_ptr<sqlite3, Closer> db, int lock_fd)
      : db_(std::move(db)), lock_fd_(lock_fd) {}
  absl::Status Exec(const char* sql);

  std::unique_ptr<sqlite3, Closer> db_;
  int lock_fd_;  // the kMonitor lock file, or -1; closed (unlocked) on destruction
  // IsAuthorized's query, prepared once (it runs for every matching entry);
  // finalized before db_ closes.
  std::unique_ptr<sqlite3_stmt, Finalizer> is_authorized_;
};

// DefaultMonitorStatePath returns $XDG_STATE_HOME/ctcore/monitor.db, else
// $HOME/.local/state/ctcore/monitor.db; kFailedPrecondition if neither is set.
absl::StatusOr<std::string> DefaultMonitorStatePath();

}  // namespace ct

#endif  // CT_MONITOR_STATE_H_
