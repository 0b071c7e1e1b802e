#include "ct/tiles/internal/ordered_work.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"

namespace ct::internal {
namespace {

TEST(RunInOrderTest, ConsumesEveryItemInOrder) {
  for (int jobs : {1, 2, 4}) {
    std::vector<uint64_t> seen;
    absl::Status s = RunInOrder<uint64_t>(
        100, jobs, 3, [](uint64_t i) { return i * i; },
        [&](uint64_t& v) {
          seen.push_back(v);
          return absl::OkStatus();
        });
    ASSERT_TRUE(s.ok()) << s;
    ASSERT_EQ(seen.size(), 100u) << jobs;
    for (uint64_t i = 0; i < 100; ++i) EXPECT_EQ(seen[i], i * i);
  }
}

TEST(RunInOrderTest, StaysWithinTheWindow) {
  constexpr uint64_t kWindow = 2;
  absl::Mutex mu;
  uint64_t consumed = 0;  // guarded by mu
  uint64_t max_ahead = 0;
  absl::Status s = RunInOrder<uint64_t>(
      50, 4, kWindow,
      [&](uint64_t i) {
        absl::MutexLock lock(&mu);
        max_ahead = std::max(max_ahead, i + 1 - consumed);
        return i;
      },
      [&](uint64_t&) {
        absl::MutexLock lock(&mu);
        ++consumed;
        return absl::OkStatus();
      });
  ASSERT_TRUE(s.ok()) << s;
  // The queue counts an item consumed when it is handed over, just before
  // `consume` runs, so a worker may see one more than this test counts.
  EXPECT_LE(max_ahead, kWindow + 1);
}

TEST(RunInOrderTest, StopsAtTheFirstError) {
  for (int jobs : {1, 3}) {
    std::atomic<uint64_t> produced{0};
    uint64_t consumed = 0;
    absl::Status s = RunInOrder<uint64_t>(
        1000, jobs, 4,
        [&](uint64_t i) {
          ++produced;
          return i;
        },
        [&](uint64_t& v) {
          ++consumed;
          return v == 7 ? absl::DataLossError("item 7") : absl::OkStatus();
        });
    EXPECT_EQ(s, absl::DataLossError("item 7"));
    EXPECT_EQ(consumed, 8u);
    EXPECT_LE(produced.load(), 8u + 4u);  // at most the window past the failure
  }
}

TEST(RunInOrderTest, HandlesNoItems) {
  EXPECT_TRUE(RunInOrder<int>(0, 4, 1, [](uint64_t) { return 0; },
                              [](int&) { return absl::DataLossError("never"); })
                  .ok());
}

}  // namespace
}  // namespace ct::internal
