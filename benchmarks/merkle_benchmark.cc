// Merkle hashing speed against raw SHA-256 measured in the same run.
//
//   bazel run -c opt //benchmarks:merkle_benchmark -- --benchmark_format=json
#include <openssl/sha.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "benchmarks/vs_floor.h"
#include "ct/merkle/compact_range.h"
#include "ct/merkle/hash.h"
#include "ct/merkle/verify.h"

namespace {

// RunInterleaved is ct::bench::RunAgainstFloor with the floor timed inside
// the same iterations: each iteration runs `ours` then `floor`, and the
// benchmark reports `ours` as manual time. On a shared machine, load that
// comes and goes then hits both sides alike instead of skewing vs_floor.
// Counters as RunAgainstFloor: vs_floor = floor time / our time, plus
// ns_per_op and floor_ns per operation when an iteration runs `ops`
// operations. Returns our total seconds. Register with ->UseManualTime().
// (Rate counters would divide by CPU time, which includes the floor here,
// so rates are computed from the returned time instead.)
template <typename Ours, typename Floor>
double RunInterleaved(benchmark::State& state, Ours&& ours, Floor&& floor,
                      int ops = 1) {
  double ours_s = 0, floor_s = 0;
  for (auto _ : state) {
    auto t0 = std::chrono::steady_clock::now();
    ours();
    auto t1 = std::chrono::steady_clock::now();
    floor();
    auto t2 = std::chrono::steady_clock::now();
    const double ours_iter = std::chrono::duration<double>(t1 - t0).count();
    ours_s += ours_iter;
    floor_s += std::chrono::duration<double>(t2 - t1).count();
    state.SetIterationTime(ours_iter);
  }
  const double n = static_cast<double>(state.iterations()) * ops;
  state.counters["vs_floor"] = ours_s > 0 ? floor_s / ours_s : 0;
  state.counters["floor_ns"] = n > 0 ? floor_s * 1e9 / n : 0;
  state.counters["ns_per_op"] = n > 0 ? ours_s * 1e9 / n : 0;
  return ours_s;
}

// Repeat `fn` `times` times: keeps per-iteration clock reads (~20 ns) small
// against the nanosecond-scale verification benchmarks.
template <typename Fn>
void Repeat(int times, Fn&& fn) {
  for (int i = 0; i < times; ++i) fn();
}
constexpr int kVerifyRepeat = 16;

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
  RunInterleaved(
      state,
      [&] { benchmark::DoNotOptimize(ct::HashLeaf(entry)); },
      [&] {
        uint8_t out[32];
        SHA256(entry.data(), entry.size(), out);
        benchmark::DoNotOptimize(out);
      });
  state.SetBytesProcessed(state.iterations() * entry.size());
}
BENCHMARK(BM_HashLeaf)->Arg(1536)->UseManualTime();

// Floor for a tree of n = 2^k leaves: n - 1 raw 65-byte node hashes done
// level by level (SHA256() on a buffer built with memcpy): the first level
// reads the leaves, the others work in place in `scratch` (n / 2 hashes,
// allocated once), so no copying is timed.
void LevelByLevelFloor(const std::vector<ct::Hash>& leaves,
                       std::vector<ct::Hash>& scratch) {
  uint8_t buf[65];
  buf[0] = 0x01;
  const size_t n = leaves.size();
  scratch.resize(n / 2);
  for (size_t i = 0; i < n / 2; ++i) {
    std::memcpy(buf + 1, leaves[2 * i].data(), 32);
    std::memcpy(buf + 33, leaves[2 * i + 1].data(), 32);
    SHA256(buf, sizeof(buf), scratch[i].data());
  }
  for (size_t width = n / 2; width > 1; width /= 2) {
    for (size_t i = 0; i < width / 2; ++i) {
      std::memcpy(buf + 1, scratch[2 * i].data(), 32);
      std::memcpy(buf + 33, scratch[2 * i + 1].data(), 32);
      SHA256(buf, sizeof(buf), scratch[i].data());
    }
  }
  benchmark::DoNotOptimize(scratch[0]);
}

std::vector<ct::Hash> LeafHashes(size_t n) {
  std::vector<ct::Hash> leaves(n);
  for (size_t i = 0; i < n; ++i) leaves[i] = ct::HashLeaf(Entry(i % 64 + 1));
  return leaves;
}

// Root of 2^k leaf hashes with the streaming tree, one Append per leaf;
// goal >= 0.9 of the floor above.
void BM_CompactRangeRoot(benchmark::State& state) {
  const size_t n = size_t{1} << state.range(0);
  const std::vector<ct::Hash> leaves = LeafHashes(n);
  std::vector<ct::Hash> scratch;
  const double seconds = RunInterleaved(
      state,
      [&] {
        ct::CompactRange range;
        for (const ct::Hash& h : leaves) range.Append(h);
        benchmark::DoNotOptimize(range.Root());
      },
      [&] { LevelByLevelFloor(leaves, scratch); });
  state.counters["leaves_per_s"] =
      seconds > 0 ? static_cast<double>(n) * state.iterations() / seconds : 0;
}
BENCHMARK(BM_CompactRangeRoot)->Arg(20)->Unit(benchmark::kMillisecond)->UseManualTime();

// The same root with one AppendLeaves call (level-by-level batches).
void BM_CompactRangeRootBatch(benchmark::State& state) {
  const size_t n = size_t{1} << state.range(0);
  const std::vector<ct::Hash> leaves = LeafHashes(n);
  std::vector<ct::Hash> scratch;
  const double seconds = RunInterleaved(
      state,
      [&] {
        ct::CompactRange range;
        range.AppendLeaves(leaves);
        benchmark::DoNotOptimize(range.Root());
      },
      [&] { LevelByLevelFloor(leaves, scratch); });
  state.counters["leaves_per_s"] =
      seconds > 0 ? static_cast<double>(n) * state.iterations() / seconds : 0;
}
BENCHMARK(BM_CompactRangeRootBatch)->Arg(20)->Unit(benchmark::kMillisecond)->UseManualTime();

// Floor for verifying a proof: `count` raw 65-byte SHA-256 calls chained
// over the proof hashes.
void ChainFloor(const std::vector<ct::Hash>& proof, size_t count,
                const ct::Hash& start) {
  uint8_t buf[65];
  buf[0] = 0x01;
  ct::Hash acc = start;
  for (size_t i = 0; i < count; ++i) {
    std::memcpy(buf + 1, acc.data(), 32);
    std::memcpy(buf + 33, proof[i % proof.size()].data(), 32);
    SHA256(buf, sizeof(buf), acc.data());
  }
  benchmark::DoNotOptimize(acc);
}

std::vector<ct::Hash> RandomProof(size_t n) {
  std::vector<ct::Hash> proof;
  for (size_t i = 0; i < n; ++i) {
    proof.push_back(ct::HashLeaf("proof node " + std::to_string(i)));
  }
  return proof;
}

// Inclusion verification of leaf `index` at tree size `size` (args); the
// floor is one raw node hash per proof hash. Goal: ns/op <= 1.2x the floor.
void BM_VerifyInclusion(benchmark::State& state) {
  const uint64_t size = static_cast<uint64_t>(state.range(0));
  const uint64_t index = size / 3 + 7;
  const ct::Hash leaf = ct::HashLeaf(std::string("leaf"));
  const std::vector<ct::Hash> proof =
      RandomProof(ct::InclusionProofSize(index, size));
  const ct::Hash root = *ct::RootFromInclusionProof(leaf, index, size, proof);
  RunInterleaved(
      state,
      [&] {
        Repeat(kVerifyRepeat, [&] {
          absl::Status s = ct::VerifyInclusion(leaf, index, size, proof, root);
          benchmark::DoNotOptimize(s);
        });
      },
      [&] {
        Repeat(kVerifyRepeat, [&] { ChainFloor(proof, proof.size(), leaf); });
      },
      kVerifyRepeat);
  state.counters["hashes"] = static_cast<double>(proof.size());

}
BENCHMARK(BM_VerifyInclusion)
    ->Arg(1000000)
    ->Arg((int64_t{1} << 40) + 12345)
    ->Unit(benchmark::kNanosecond)
    ->UseManualTime();

// HashesInConsistency counts the node hashes RFC 9162 §2.1.4.2 computes.
size_t HashesInConsistency(uint64_t size1, uint64_t size2, size_t proof_size) {
  const bool pow2 = (size1 & (size1 - 1)) == 0;
  size_t rest = pow2 ? proof_size : proof_size - 1;
  uint64_t fn = size1 - 1, sn = size2 - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  size_t hashes = 0;
  for (size_t i = 0; i < rest; ++i) {
    if ((fn & 1) || fn == sn) {
      hashes += 2;
      while (!(fn & 1) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      hashes += 1;
    }
    fn >>= 1;
    sn >>= 1;
  }
  return hashes;
}

// Consistency verification from size1 to size2 (args); the floor is one raw
// node hash per hash the algorithm computes (first and second root chains).
void BM_VerifyConsistency(benchmark::State& state) {
  const uint64_t size1 = static_cast<uint64_t>(state.range(0));
  const uint64_t size2 = static_cast<uint64_t>(state.range(1));
  const std::vector<ct::Hash> proof =
      RandomProof(ct::ConsistencyProofSize(size1, size2));
  // Learn the first root this proof implies from the mismatch payload.
  const ct::Hash guess{};
  absl::StatusOr<ct::Hash> r =
      ct::RootFromConsistencyProof(size1, size2, proof, guess);
  ct::Hash root1 = guess;
  if (!r.ok()) {
    std::string p(*r.status().GetPayload(ct::kRootMismatchPayloadUrl));
    root1 = *ct::HashFromBytes(p);
  }
  const ct::Hash root2 = *ct::RootFromConsistencyProof(size1, size2, proof, root1);
  const size_t hashes = HashesInConsistency(size1, size2, proof.size());
  RunInterleaved(
      state,
      [&] {
        Repeat(kVerifyRepeat, [&] {
          absl::Status s =
              ct::VerifyConsistency(size1, size2, proof, root1, root2);
          benchmark::DoNotOptimize(s);
        });
      },
      [&] { Repeat(kVerifyRepeat, [&] { ChainFloor(proof, hashes, root1); }); },
      kVerifyRepeat);
  state.counters["hashes"] = static_cast<double>(hashes);

}
BENCHMARK(BM_VerifyConsistency)
    ->Args({765432, 1000000})
    ->Args({(int64_t{1} << 40) - 1000001, (int64_t{1} << 40) + 12345})
    ->Unit(benchmark::kNanosecond)
    ->UseManualTime();

}  // namespace
