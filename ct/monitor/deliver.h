// File: ct/monitor/deliver.h
// -----------------------------------------------------------------------------
// Delivery of monitor events from the outbox (ct/monitor/state.h) to the
// user: printed lines, an --exec command per event, or an HTTP POST to a
// --webhook URL. Each EventChannel has a name; the outbox remembers, per
// channel name, which events were delivered.
//
// Semantics (docs/monitor.md, "Delivery"): at least once, in outbox order,
// with stable event ids. DeliverPending delivers, then marks (the events of one
// outbox read, at most DeliveryOptions::batch, in one transaction); a crash between
// the two delivers that event again, with the same id. A retryable failure
// (RetryLaterError: HTTP 429/5xx, a transport error, a failed or timed-out
// command) is retried with exponential backoff and jitter, honouring
// Retry-After; when attempts or time run out the event and all after it stay
// in the outbox for the next call. A permanent failure (any other error, e.g.
// HTTP 404 or 401 from a webhook) also stops the call and leaves the event
// in the outbox: it is reported in DeliveryStats, never skipped, because a
// rejected webhook is almost always a configuration error that every later
// event would hit too.
//
// Example:
//   std::unique_ptr<ct::EventChannel> out = ct::StdoutChannel(stdout, /*json=*/true);
//   CT_RETURN_IF_ERROR(db.RegisterChannel(out->name()).status());  // at start-up
//   ...
//   absl::StatusOr<ct::DeliveryStats> s = ct::DeliverPending(db, *out, {});
//   if (s.ok() && !s->last_error.ok()) { /* report; events stay pending */ }
#ifndef CT_MONITOR_DELIVER_H_
#define CT_MONITOR_DELIVER_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "ct/monitor/event.h"
#include "ct/monitor/state.h"
#include "ct/tiles/http_fetcher.h"

namespace ct {

// EventChannel is one destination for events. Implementations need not be
// thread-safe; DeliverPending calls one at a time.
class EventChannel {
 public:
  virtual ~EventChannel() = default;
  // name identifies the channel in the outbox: "stdout", "exec:" + command,
  // "webhook:" + URL. Renaming a channel makes it a new one.
  virtual std::string name() const = 0;
  // display_name is name() safe to print: a webhook URL only up to its host
  // (its path often holds a token).
  virtual std::string display_name() const { return name(); }
  // Deliver delivers `e`, whose outbox JSON line is `json`. OK once delivered;
  // RetryLaterError if it may succeed later; any other error is permanent.
  virtual absl::Status Deliver(const MonitorEvent& e, absl::string_view json) = 0;
};

// StdoutChannel writes each event to `out` (not owned; must outlive the
// channel) as one line, EventText or (`json`) the outbox JSON, and flushes.
// Named "stdout" either way.
std::unique_ptr<EventChannel> StdoutChannel(std::FILE* out, bool json);

// ExecOptions configures ExecChannel.
struct ExecOptions {
  // timeout bounds one run; the command's process group is then killed and
  // the delivery is retried later.
  absl::Duration timeout = absl::Minutes(1);
};

// ExecChannel runs `/bin/sh -c command` per event (posix_spawn, in its own
// process group) with the current environment plus EventEnvironment, the
// JSON and "\n" on stdin, and stdout sent to our stderr (so it cannot mix
// with --json output). Exit status 0 is delivered; 126 or 127 (the shell's
// "not executable", "not found") is permanent (kFailedPrecondition); another
// non-zero exit or a signal is RetryLaterError, the timeout kDeadlineExceeded.
std::unique_ptr<EventChannel> ExecChannel(std::string command, ExecOptions options = {});

// WebhookChannel POSTs each event's JSON, with a "text" key (EventText) added
// for Slack-style incoming webhooks, as application/json to `url` through
// HttpFetcher::Post (`options` for timeouts and ca_file; its prefix is set to
// `url`). 2xx is delivered; 408, 429, 5xx and transport errors are
// RetryLaterError (with the response's Retry-After); other statuses,
// redirects included, are permanent (kFailedPrecondition). kInvalidArgument
// if `url` is not an http(s) URL.
absl::StatusOr<std::unique_ptr<EventChannel>> WebhookChannel(std::string url,
                                                             HttpFetcherOptions options = {});

// RetryLaterError returns kUnavailable with `message` and, if given, how long
// the receiver asked us to wait (RetryAfterOf).
absl::Status RetryLaterError(absl::string_view message,
                             std::optional<absl::Duration> retry_after = std::nullopt);
// IsRetryableDelivery reports whether a Deliver error may succeed if tried
// again: kUnavailable or kDeadlineExceeded.
bool IsRetryableDelivery(const absl::Status& s);
// RetryAfterOf returns the wait carried by a RetryLaterError, if any.
std::optional<absl::Duration> RetryAfterOf(const absl::Status& s);

// DeliveryOptions bounds one DeliverPending call.
struct DeliveryOptions {
  int max_attempts = 5;  // per event, first try included
  // deadline bounds the whole call: no new attempt starts, and no backoff
  // sleeps, past start + deadline.
  absl::Duration deadline = absl::InfiniteDuration();
  absl::Duration initial_backoff = absl::Seconds(1);  // doubled per retry, ±50% jitter
  absl::Duration max_backoff = absl::Minutes(5);      // also caps Retry-After
  int batch = 100;                                    // outbox rows read at a time
  // stop, if set and notified, ends the call at once (a backoff sleep wakes
  // up); events not yet delivered stay pending.
  absl::Notification* stop = nullptr;
};

// DeliveryStats is what one DeliverPending call did.
struct DeliveryStats {
  int64_t delivered = 0;  // events delivered and marked
  int64_t attempts = 0;   // Deliver calls, retries included
  int64_t pending = 0;    // events still owed to the channel after the call
  absl::Duration waited = absl::ZeroDuration();  // total backoff slept
  // last_error is the failure that ended the call early (OK if none);
  // `permanent` tells whether retrying later can help.
  absl::Status last_error;
  bool permanent = false;
};

// DeliverPending delivers `channel`'s pending events from `db` in order,
// marking each after delivery, until none is left, a failure ends the call
// (see the file comment), the deadline passes or `stop` is notified. Errors
// are only database errors; delivery failures are in DeliveryStats. No lock
// is held while delivering or sleeping; `db` is used from this thread only.
absl::StatusOr<DeliveryStats> DeliverPending(MonitorState& db, EventChannel& channel,
                                             const DeliveryOptions& options = {});

}  // namespace ct

#endif  // CT_MONITOR_DELIVER_H_
