// File: benchmarks/vs_floor.h
// The benchmark convention: each benchmark with a physical floor (raw SHA-256,
// raw signature verify, ...) measures that floor in the same run and reports
// the user counter `vs_floor` = floor time / our time (1.0 = at the floor).
#ifndef CT_BENCHMARKS_VS_FLOOR_H_
#define CT_BENCHMARKS_VS_FLOOR_H_

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <vector>

#include "benchmark/benchmark.h"

namespace ct::bench {

// Seconds returns the wall time `fn` takes for `iterations` calls.
template <typename Fn>
double Seconds(int64_t iterations, Fn&& fn) {
  auto start = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < iterations; ++i) fn();
  std::chrono::duration<double> d = std::chrono::steady_clock::now() - start;
  return d.count();
}

// RunAgainstFloor runs the benchmark loop over `ours` and, interleaved with
// it in about 100 batches (untimed by the framework), `floor`, then sets
// counters `vs_floor` (floor time / our time) and `floor_ns` (floor time per
// call). Interleaving makes load changes on a shared machine hit both alike.
// Two statistics for a machine whose speed changes within a run (a VM):
// `vs_floor_median`, the median over batches of floor time / our time of the
// same batch, and `vs_floor_min`, the fastest floor batch / our fastest batch
// (noise only ever adds time).
template <typename Ours, typename Floor>
void RunAgainstFloor(benchmark::State& state, Ours&& ours, Floor&& floor) {
  using Clock = std::chrono::steady_clock;
  floor();  // warm up (untimed: the framework's loop has not started)
  ours();
  // The batch depends only on the iteration count, so every repetition runs
  // the same number of iterations (KeepRunningBatch may overshoot).
  const int64_t batch = state.max_iterations / 100 > 1 ? state.max_iterations / 100 : 1;
  double ours_s = 0, floor_s = 0;
  double ours_min = 0, floor_min = 0;
  std::vector<double> ratios;
  int64_t n = 0;
  while (state.KeepRunningBatch(batch)) {
    const auto a = Clock::now();
    for (int64_t i = 0; i < batch; ++i) ours();
    const auto b = Clock::now();
    state.PauseTiming();
    for (int64_t i = 0; i < batch; ++i) floor();
    const auto c = Clock::now();
    state.ResumeTiming();
    const double o = std::chrono::duration<double>(b - a).count();
    const double f = std::chrono::duration<double>(c - b).count();
    ours_s += o;
    floor_s += f;
    if (n == 0 || o < ours_min) ours_min = o;
    if (n == 0 || f < floor_min) floor_min = f;
    if (o > 0) ratios.push_back(f / o);
    n += batch;
  }
  state.counters["vs_floor"] = ours_s > 0 ? floor_s / ours_s : 0;
  if (!ratios.empty()) {
    std::sort(ratios.begin(), ratios.end());
    const size_t m = ratios.size() / 2;
    state.counters["vs_floor_median"] =
        ratios.size() % 2 == 1 ? ratios[m] : (ratios[m - 1] + ratios[m]) / 2;
  }
  state.counters["vs_floor_min"] = ours_min > 0 ? floor_min / ours_min : 0;
  state.counters["floor_ns"] = n > 0 ? floor_s * 1e9 / static_cast<double>(n) : 0;
}

}  // namespace ct::bench

#endif  // CT_BENCHMARKS_VS_FLOOR_H_
