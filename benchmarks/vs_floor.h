// File: benchmarks/vs_floor.h
// The benchmark convention: each benchmark with a physical floor (raw SHA-256,
// raw signature verify, ...) measures that floor in the same run and reports
// the user counter `vs_floor` = floor time / our time (1.0 = at the floor).
#ifndef CT_BENCHMARKS_VS_FLOOR_H_
#define CT_BENCHMARKS_VS_FLOOR_H_

#include <chrono>
#include <cstdint>

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

// RunAgainstFloor times `ours` as the benchmark loop, then times `floor` for
// the same number of iterations and sets counters `vs_floor` (floor time /
// our time) and `floor_ns` (floor time per iteration).
template <typename Ours, typename Floor>
void RunAgainstFloor(benchmark::State& state, Ours&& ours, Floor&& floor) {
  auto start = std::chrono::steady_clock::now();
  for (auto _ : state) ours();
  std::chrono::duration<double> ours_s =
      std::chrono::steady_clock::now() - start;
  const int64_t n = state.iterations();
  // Warm and measure the floor over the same iteration count.
  double floor_s = Seconds(n, floor);
  state.counters["vs_floor"] = ours_s.count() > 0 ? floor_s / ours_s.count() : 0;
  state.counters["floor_ns"] = n > 0 ? floor_s * 1e9 / n : 0;
}

}  // namespace ct::bench

#endif  // CT_BENCHMARKS_VS_FLOOR_H_
