// File: ct/monitor/delivery_loop.h
// -----------------------------------------------------------------------------
// DeliveryLoop delivers the monitor's outbox (ct/monitor/state.h) on its
// channels (ct/monitor/deliver.h) in the background while the monitor runs:
// one thread per channel, each with its own database connection, woken when
// a batch queued events (Wake) and otherwise every second. A channel that
// fails (a webhook that is down) is retried with backoff by DeliverPending
// and never holds up the other channels or the monitor.
//
// Example:
//   CT_ASSIGN_OR_RETURN(std::unique_ptr<ct::DeliveryLoop> loop,
//                       ct::DeliveryLoop::Start(db_path, std::move(channels), {}));
//   options.on_commit = [&] { loop->Wake(); };
//   ... monitor.Run(...) ...
//   ct::DeliveryTotals t = loop->Finish(absl::Now() + absl::Seconds(30));
#ifndef CT_MONITOR_DELIVERY_LOOP_H_
#define CT_MONITOR_DELIVERY_LOOP_H_

#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "ct/monitor/deliver.h"

namespace ct {

// DeliveryTotals counts what the first channel (the primary one, e.g.
// stdout) delivered since Start, and what is left in the outbox.
struct DeliveryTotals {
  uint64_t delivered = 0;    // events delivered on the first channel
  uint64_t unexpected = 0;   // ... of which certificates with verdict "unexpected"
  uint64_t misbehavior = 0;  // ... of which log_misbehavior events
  uint64_t pending = 0;      // events some channel has not delivered yet
};

// DeliveryLoop runs the channels' delivery threads. Not copyable.
class DeliveryLoop final {
 public:
  // Start registers the channels with the database at `state_path` and
  // starts one delivery thread per channel.
  static absl::StatusOr<std::unique_ptr<DeliveryLoop>> Start(
      const std::string& state_path, std::vector<std::unique_ptr<EventChannel>> channels,
      const DeliveryOptions& options);
  ~DeliveryLoop();  // Finish(now) if not finished
  DeliveryLoop(const DeliveryLoop&) = delete;
  DeliveryLoop& operator=(const DeliveryLoop&) = delete;

  // Wake tells the threads that new events may be queued. Thread-safe.
  void Wake();

  // Finish delivers what is pending, retrying until `deadline`, stops the
  // threads and returns the totals. Later calls return the same totals.
  DeliveryTotals Finish(absl::Time deadline);

 private:
  struct Channel;
  DeliveryLoop(std::string state_path, DeliveryOptions options);
  void Loop(Channel& channel);

  const std::string state_path_;
  const DeliveryOptions options_;
  std::vector<std::unique_ptr<Channel>> channels_;
  absl::Mutex mu_;
  uint64_t wakes_ ABSL_GUARDED_BY(mu_) = 0;
  bool finishing_ ABSL_GUARDED_BY(mu_) = false;
  absl::Time deadline_ ABSL_GUARDED_BY(mu_) = absl::InfiniteFuture();
  absl::Notification stop_;  // interrupts backoff sleeps at the deadline
  bool finished_ = false;
  DeliveryTotals totals_;
};

}  // namespace ct

#endif  // CT_MONITOR_DELIVERY_LOOP_H_
