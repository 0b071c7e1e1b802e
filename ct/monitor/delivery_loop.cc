#include "ct/monitor/delivery_loop.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ct/monitor/event.h"
#include "ct/monitor/state.h"

namespace ct {

// Channel is one channel with its thread and counters.
struct DeliveryLoop::Channel {
  std::unique_ptr<EventChannel> channel;
  bool primary = false;
  std::thread thread;
  // Written by the channel's thread, read by Finish after join.
  uint64_t delivered = 0, unexpected = 0, misbehavior = 0;
  int64_t pending = 0;
  bool done = false;  // guarded by DeliveryLoop::mu_
};

namespace {

// Counting forwards to a channel and counts what it delivered.
class Counting final : public EventChannel {
 public:
  Counting(EventChannel& inner, uint64_t& delivered, uint64_t& unexpected, uint64_t& misbehavior)
      : inner_(inner), delivered_(delivered), unexpected_(unexpected), misbehavior_(misbehavior) {}
  std::string name() const override { return inner_.name(); }
  std::string display_name() const override { return inner_.display_name(); }
  absl::Status Deliver(const MonitorEvent& e, absl::string_view json) override {
    absl::Status s = inner_.Deliver(e, json);
    if (s.ok()) {
      ++delivered_;
      if (e.kind == EventKind::kCertificate && e.verdict == "unexpected") ++unexpected_;
      if (e.kind == EventKind::kLogMisbehavior) ++misbehavior_;
    }
    return s;
  }

 private:
  EventChannel& inner_;
  uint64_t& delivered_;
  uint64_t& unexpected_;
  uint64_t& misbehavior_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<DeliveryLoop>> DeliveryLoop::Start(
    const std::string& state_path, std::vector<std::unique_ptr<EventChannel>> channels,
    const DeliveryOptions& options) {
  absl::StatusOr<std::unique_ptr<MonitorState>> db =
      MonitorState::Open(state_path, MonitorState::kShared);
  if (!db.ok()) return db.status();
  std::unique_ptr<DeliveryLoop> loop(new DeliveryLoop(state_path, options));
  for (size_t i = 0; i < channels.size(); ++i) {
    absl::StatusOr<int64_t> r = (*db)->RegisterChannel(channels[i]->name());
    if (!r.ok()) return r.status();
    auto c = std::make_unique<Channel>();
    c->channel = std::move(channels[i]);
    c->primary = i == 0;
    loop->channels_.push_back(std::move(c));
  }
  for (auto& c : loop->channels_) {
    Channel* raw = c.get();
    DeliveryLoop* self = loop.get();
    c->thread = std::thread([self, raw] { self->Loop(*raw); });
  }
  return loop;
}

DeliveryLoop::DeliveryLoop(std::string state_path, DeliveryOptions options)
    : state_path_(std::move(state_path)), options_(std::move(options)) {}

DeliveryLoop::~DeliveryLoop() { Finish(absl::Now()); }

void DeliveryLoop::Wake() {
  absl::MutexLock l(&mu_);
  ++wakes_;
}

void DeliveryLoop::Loop(Channel& c) {
  absl::StatusOr<std::unique_ptr<MonitorState>> db =
      MonitorState::Open(state_path_, MonitorState::kShared);
  Counting counting(*c.channel, c.delivered, c.unexpected, c.misbehavior);
  uint64_t seen_wakes = 0;
  while (db.ok()) {
    DeliveryOptions o = options_;
    o.stop = &stop_;
    bool finishing;
    {
      absl::MutexLock l(&mu_);
      finishing = finishing_;
      seen_wakes = wakes_;
      if (finishing) o.deadline = std::max(absl::ZeroDuration(), deadline_ - absl::Now());
    }
    absl::StatusOr<DeliveryStats> s = DeliverPending(**db, counting, o);
    if (s.ok()) {
      c.pending = s->pending;
      if (!s->last_error.ok() && !finishing) {
        // Reported once per failed call; the events stay in the outbox.
        std::fprintf(stderr, "ct monitor: delivery on %s failed (%s): %s\n",
                     c.channel->display_name().c_str(), s->permanent ? "permanent; retried next run or poll" : "will retry",
                     std::string(s->last_error.message()).c_str());
      }
    }
    if (finishing || stop_.HasBeenNotified()) break;
    // Wait for new events (Wake), Finish, or a second (retries of a failed
    // channel are paced by DeliverPending's backoff).
    absl::MutexLock l(&mu_);
    auto changed = [this, seen_wakes]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
      return wakes_ != seen_wakes || finishing_;
    };
    mu_.AwaitWithTimeout(absl::Condition(&changed), absl::Seconds(1));
  }
  if (db.ok()) {
    absl::StatusOr<int64_t> n = (*db)->CountPending(c.channel->name());
    if (n.ok()) c.pending = *n;
  }
  absl::MutexLock l(&mu_);
  c.done = true;
}

DeliveryTotals DeliveryLoop::Finish(absl::Time deadline) {
  if (finished_) return totals_;
  {
    absl::MutexLock l(&mu_);
    finishing_ = true;
    deadline_ = deadline;
    auto all_done = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
      for (const auto& c : channels_) {
        if (!c->done) return false;
      }
      return true;
    };
    mu_.AwaitWithDeadline(absl::Condition(&all_done), deadline);
  }
  stop_.Notify();  // ends backoff sleeps of channels still retrying
  for (auto& c : channels_) {
    if (c->thread.joinable()) c->thread.join();
    if (c->primary) {
      totals_.delivered = c->delivered;
      totals_.unexpected = c->unexpected;
      totals_.misbehavior = c->misbehavior;
    }
    totals_.pending = std::max<uint64_t>(totals_.pending, static_cast<uint64_t>(c->pending));
  }
  finished_ = true;
  return totals_;
}

}  // namespace ct
