// File: ct/monitor/log_source.h
// -----------------------------------------------------------------------------
// Which logs a monitor watches. LoadLogList reads a v3 log list (Chrome's,
// Apple's) from a file or an http(s) URL, checks its detached signature when
// given a key, and keeps a cached copy of fetched lists for when the URL is
// unreachable. SelectMonitoredLogs turns one or more lists into the logs to
// monitor: by state and temporal interval, deduplicated by log ID.
//
// Selection (default): states usable, qualified, readonly, and none (logs a
// list gives no state, e.g. test logs in all_logs_list.json); retired logs
// only while they can still hold unexpired certificates (a temporal interval
// whose end_exclusive is after `now`); pending and rejected logs are skipped.
// Monitoring is an allowed use of Chrome's list (its terms forbid only
// enforcement in other clients).
//
// Example:
//   ct::LogListSourceOptions o;
//   o.signature_key = key_pem;  // optional: the list's signing key
//   CT_ASSIGN_OR_RETURN(ct::LoadedLogList loaded,
//       ct::LoadLogList("https://www.gstatic.com/ct/log_list/v3/log_list.json", o));
//   ct::SelectedLogs sel = ct::SelectMonitoredLogs({loaded.list}, absl::Now(), {});
//   for (const ct::LogInfo& log : sel.logs) { /* ct::OpenLog(log, ...) */ }
#ifndef CT_MONITOR_LOG_SOURCE_H_
#define CT_MONITOR_LOG_SOURCE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "ct/sct/log_info.h"
#include "ct/sct/loglist/log_list.h"
#include "ct/tiles/http_fetcher.h"

namespace ct {

// LogSelection widens SelectMonitoredLogs beyond the default states.
struct LogSelection {
  bool include_pending = false;
  bool include_rejected = false;
  // all_states: every log of every list, whatever its state and interval.
  bool all_states = false;
};

// SelectedLogs is the result of SelectMonitoredLogs.
struct SelectedLogs {
  std::vector<LogInfo> logs;          // by list, then in list order
  std::vector<std::string> warnings;  // conflicts and skipped logs, for people
};

// SelectMonitoredLogs returns the logs of `lists` (`logs` and `tiled_logs`)
// that `sel` and the state rules above select at `now`, the first of each log
// ID only. A later list that describes the same log ID with other URLs or
// API, and a selected log OpenLog could not open (a key LogVerifier rejects, a
// URL that is not http(s)), are skipped with a warning.
SelectedLogs SelectMonitoredLogs(absl::Span<const LogList> lists, absl::Time now,
                                 const LogSelection& sel = {});

// LogListSourceOptions configures LoadLogList.
struct LogListSourceOptions {
  // signature_key: the list's signing key (PEM or DER SubjectPublicKeyInfo
  // bytes, LogVerifier::KeyUse::kLogList). Empty = no signature check.
  std::string signature_key;
  // signature_path (file lists): default `path`.sig, else (when that does not
  // exist and `path` ends in .json) the path with .json replaced by .sig.
  std::string signature_path;
  // signature_url (URL lists): default the URL with its final ".json"
  // replaced by ".sig" (Chrome publishes log_list.json and log_list.sig).
  std::string signature_url;
  // cache_dir: where fetched lists are kept; "" = DefaultLogListCacheDir().
  std::string cache_dir;
  bool use_cache = true;
  // max_cache_age: the oldest cached copy used when a fetch fails.
  absl::Duration max_cache_age = absl::Hours(7 * 24);
  // http: transport options (ca_file, timeouts, max_attempts); `prefix` is
  // ignored.
  HttpFetcherOptions http;
  // now: the current time (fetched_at, cache age); InfiniteFuture = absl::Now().
  absl::Time now = absl::InfiniteFuture();
};

// LoadedLogList is a log list as loaded, with where and when it came from.
struct LoadedLogList {
  LogList list;
  std::string json;        // the exact bytes parsed (and signature-checked)
  std::string source;      // the path or URL given
  absl::Time fetched_at;   // when it was read or fetched (cached: the fetch)
  bool from_cache = false;          // the fetch failed; a cached copy was used
  bool signature_verified = false;  // a signature_key was given and verified
  std::vector<std::string> warnings;  // why the cache was used; cache write errors
};

// LoadLogList reads `file_or_url` (an http:// or https:// URL is fetched, and
// cached; anything else is a file path), verifies its signature if
// `o.signature_key` is set, and parses it. If fetching the list or its
// signature fails (transport or HTTP error), a cached copy no older than
// max_cache_age that verifies is used (from_cache), else the fetch error is
// returned. Errors: kBadSignature
// (kUnauthenticated) if the signature does not verify (never masked by the
// cache); kInvalidArgument for a malformed list or key; I/O errors passed on.
absl::StatusOr<LoadedLogList> LoadLogList(const std::string& file_or_url,
                                          const LogListSourceOptions& o = {});

// DefaultLogListCacheDir returns $XDG_CACHE_HOME/ctcore/loglists (an
// absolute XDG_CACHE_HOME), else $HOME/.cache/ctcore/loglists;
// kFailedPrecondition if neither is set.
absl::StatusOr<std::string> DefaultLogListCacheDir();

}  // namespace ct

#endif  // CT_MONITOR_LOG_SOURCE_H_
