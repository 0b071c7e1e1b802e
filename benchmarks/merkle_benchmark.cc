// Merkle hashing speed against raw SHA-256 measured in the same run.
//
//   bazel run -c opt //benchmarks:merkle_benchmark -- --benchmark_format=json
#include <openssl/sha.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "benchmark/benchmark.h"
#include "benchmarks/vs_floor.h"
#include "ct/merkle/compact_range.h"
#include "ct/merkle/hash.h"

namespace {

std::vector<uint8_t> Entry(size_t n) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(i * 131 + 7);
  return v;
}

// Floor: raw SHA-256 of the entry bytes.
void BM_RawSha256(benchmark::State& state) {
  std::vector<uint8_t> entry = Entry(state.range(0));
  uint8_t out[32];
  for (auto _ : state) {
    SHA256(entry.data(), entry.size(), out);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(state.iterations() * entry.size());
}
BENCHMARK(BM_RawSha256)->Arg(1536);

// HashLeaf = SHA-256(0x00 || entry); goal >= 0.95 of raw SHA-256.
void BM_HashLeaf(benchmark::State& state) {
  std::vector<uint8_t> entry = Entry(state.range(0));
  ct::bench::RunAgainstFloor(
      state,
      [&] { benchmark::DoNotOptimize(ct::HashLeaf(entry)); },
      [&] {
        uint8_t out[32];
        SHA256(entry.data(), entry.size(), out);
        benchmark::DoNotOptimize(out);
      });
  state.SetBytesProcessed(state.iterations() * entry.size());
}
BENCHMARK(BM_HashLeaf)->Arg(1536);

// Root of 2^k leaf hashes with the streaming tree; floor = 2^k - 1 raw 65-byte
// node hashes done level by level.
void BM_CompactRangeRoot(benchmark::State& state) {
  const size_t n = size_t{1} << state.range(0);
  std::vector<ct::Hash> leaves(n);
  for (size_t i = 0; i < n; ++i) leaves[i] = ct::HashLeaf(Entry(i % 64 + 1));
  std::vector<ct::Hash> scratch(leaves);
  ct::bench::RunAgainstFloor(
      state,
      [&] {
        ct::CompactRange range;
        for (const ct::Hash& h : leaves) range.Append(h);
        benchmark::DoNotOptimize(range.Root());
      },
      [&] {
        uint8_t buf[65];
        buf[0] = 0x01;
        scratch = leaves;
        for (size_t width = n; width > 1; width /= 2) {
          for (size_t i = 0; i < width / 2; ++i) {
            std::memcpy(buf + 1, scratch[2 * i].data(), 32);
            std::memcpy(buf + 33, scratch[2 * i + 1].data(), 32);
            SHA256(buf, sizeof(buf), scratch[i].data());
          }
        }
        benchmark::DoNotOptimize(scratch[0]);
      });
  state.counters["leaves_per_s"] = benchmark::Counter(
      static_cast<double>(n) * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CompactRangeRoot)->Arg(20)->Unit(benchmark::kMillisecond);

}  // namespace
