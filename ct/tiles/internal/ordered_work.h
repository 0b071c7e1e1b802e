// File: ct/tiles/internal/ordered_work.h
// -----------------------------------------------------------------------------
// RunInOrder: items 0..count-1 produced on worker threads, consumed on the
// calling thread in order, with a bounded number in flight. The audit uses it
// to fetch and check data tiles in parallel while it folds them into the
// tree in log order.
//
// Example:
//   absl::Status s = ct::internal::RunInOrder<Chunk>(
//       n, /*jobs=*/4, /*window=*/8,
//       [&](uint64_t i) { return FetchAndCheck(i); },       // any thread
//       [&](Chunk& c) { return Fold(c); });                 // this thread, in order
#ifndef CT_TILES_INTERNAL_ORDERED_WORK_H_
#define CT_TILES_INTERNAL_ORDERED_WORK_H_

#include <cstdint>
#include <map>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace ct::internal {

// OrderedQueue hands items 0..count-1 to workers (Claim), collects their
// results (Deliver) and gives them back in index order (TakeNext). Workers
// run at most `window` items ahead of the consumer. Thread-safe.
template <typename T>
class OrderedQueue {
 public:
  // Requires window >= 1.
  OrderedQueue(uint64_t count, uint64_t window) : count_(count), window_(window) {}

  // Claim returns the next item to produce, waiting while `window` items
  // are ahead of the consumer; nullopt once every item is claimed or Stop
  // was called.
  std::optional<uint64_t> Claim() ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(this, &OrderedQueue::ClaimableOrDone));
    if (stopped_ || next_ >= count_) return std::nullopt;
    return next_++;
  }

  // Deliver stores the result of item `i`.
  void Deliver(uint64_t i, T result) ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    ready_.emplace(i, std::move(result));
  }

  // TakeNext waits for the result of the next item in order and returns it.
  // Requires fewer than `count` calls so far.
  T TakeNext() ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(this, &OrderedQueue::NextReady));
    auto it = ready_.begin();
    T result = std::move(it->second);
    ready_.erase(it);
    ++consumed_;
    return result;
  }

  // Stop makes every later Claim return nullopt.
  void Stop() ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    stopped_ = true;
  }

 private:
  bool ClaimableOrDone() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stopped_ || next_ >= count_ || next_ < consumed_ + window_;
  }
  bool NextReady() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return !ready_.empty() && ready_.begin()->first == consumed_;
  }

  const uint64_t count_;
  const uint64_t window_;
  absl::Mutex mu_;
  uint64_t next_ ABSL_GUARDED_BY(mu_) = 0;      // next item to claim
  uint64_t consumed_ ABSL_GUARDED_BY(mu_) = 0;  // items taken by the consumer
  bool stopped_ ABSL_GUARDED_BY(mu_) = false;
  std::map<uint64_t, T> ready_ ABSL_GUARDED_BY(mu_);  // delivered, not yet taken
};

// RunInOrder calls `produce(i)` for i in 0..count-1 on `jobs` worker threads
// (on this thread if jobs <= 1), at most `window` items ahead of `consume`,
// which runs on this thread in index order. Returns the first non-OK status
// of `consume` (workers stop after their current item), else OK. `produce`
// must be safe to call concurrently. Requires window >= 1.
template <typename T>
absl::Status RunInOrder(uint64_t count, int jobs, uint64_t window,
                        absl::FunctionRef<T(uint64_t)> produce,
                        absl::FunctionRef<absl::Status(T&)> consume) {
  if (jobs <= 1 || count <= 1) {
    for (uint64_t i = 0; i < count; ++i) {
      T item = produce(i);
      absl::Status s = consume(item);
      if (!s.ok()) return s;
    }
    return absl::OkStatus();
  }
  OrderedQueue<T> queue(count, window);
  std::vector<std::thread> workers;
  workers.reserve(static_cast<size_t>(jobs));
  for (int j = 0; j < jobs; ++j) {
    workers.emplace_back([&] {
      while (std::optional<uint64_t> i = queue.Claim()) queue.Deliver(*i, produce(*i));
    });
  }
  absl::Status status;
  for (uint64_t i = 0; i < count && status.ok(); ++i) {
    T item = queue.TakeNext();
    status = consume(item);
  }
  queue.Stop();
  for (std::thread& w : workers) w.join();
  return status;
}

}  // namespace ct::internal

#endif  // CT_TILES_INTERNAL_ORDERED_WORK_H_
