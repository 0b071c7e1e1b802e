// `ct log verify` speed (ct::AuditLog over an in-memory static-ct-api log)
// against the floor: raw SHA-256 of the same MerkleTreeLeaf bytes, one core.
//
//   bazel run -c opt //benchmarks:tiles_benchmark -- --benchmark_format=json
//
// The log has 65,536 x509 entries of ~1.2 KB by default; set
// CT_TILES_BENCH_ENTRIES (e.g. 1048576, needs ~1.5 GB of RAM) for more.
#include <malloc.h>
#include <openssl/sha.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "benchmarks/vs_floor.h"
#include "ct/merkle/compact_range.h"
#include "ct/merkle/hash.h"
#include "ct/tiles/audit.h"
#include "ct/tiles/fetcher.h"
#include "ct/tiles/tile.h"

namespace {

struct Log {
  ct::MemoryFetcher fetcher;
  std::vector<std::string> leaves;  // MerkleTreeLeaf bytes, for the floor
  uint64_t size = 0;
  ct::Hash root{};
};

ct::Hash Reduce(std::vector<ct::Hash> v) {
  while (v.size() > 1) {
    for (size_t i = 0; i < v.size() / 2; ++i) v[i] = ct::HashChildren(v[2 * i], v[2 * i + 1]);
    v.resize(v.size() / 2);
  }
  return v[0];
}

const Log& GetLog() {
  static Log* log = [] {
    // As `ct log verify` does: keep freed tile buffers instead of returning
    // them to the kernel after every batch (page faults dominate otherwise).
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    auto* l = new Log;
    const char* env = std::getenv("CT_TILES_BENCH_ENTRIES");
    l->size = env ? std::strtoull(env, nullptr, 10) : 65536;
    std::string issuer = "issuer certificate";
    ct::Hash fp;
    SHA256(reinterpret_cast<const uint8_t*>(issuer.data()), issuer.size(), fp.data());
    l->fetcher.Put(ct::IssuerPath(fp), issuer);
    std::string cert(1200, 'c');
    std::string data;
    std::vector<ct::Hash> level;
    ct::CompactRange range;
    for (uint64_t i = 0; i < l->size; ++i) {
      for (int k = 0; k < 8; ++k) cert[100 + k] = static_cast<char>(i >> (8 * k));
      std::string ext = {0, 0, 5};
      for (int k = 4; k >= 0; --k) ext.push_back(static_cast<char>(i >> (8 * k)));
      ct::TileLeaf leaf;
      leaf.timestamp = 1700000000000 + i;
      leaf.certificate = cert;
      leaf.extensions = ext;
      leaf.chain = {fp};
      std::string one;
      (void)ct::AppendTileLeaf(leaf, &one);
      absl::string_view v = one;
      ct::TileLeaf parsed = *ct::ParseTileLeaf(&v);
      l->leaves.push_back(ct::MerkleTreeLeaf(parsed));
      ct::Hash h = ct::LeafHash(parsed);
      level.push_back(h);
      range.Append(h);
      data += one;
      if ((i + 1) % ct::kTileWidth == 0 || i + 1 == l->size) {
        l->fetcher.Put(ct::TilePath({ct::kDataTileLevel, i / ct::kTileWidth,
                                     static_cast<uint32_t>(i % ct::kTileWidth + 1)}),
                       data);
        data.clear();
      }
    }
    for (int lv = 0; !level.empty(); ++lv) {
      std::vector<ct::Hash> up;
      for (uint64_t n = 0; n * ct::kTileWidth < level.size(); ++n) {
        uint64_t w = std::min<uint64_t>(ct::kTileWidth, level.size() - n * ct::kTileWidth);
        std::string body;
        for (uint64_t i = 0; i < w; ++i) {
          body.append(reinterpret_cast<const char*>(level[n * ct::kTileWidth + i].data()), 32);
        }
        l->fetcher.Put(ct::TilePath({lv, n, static_cast<uint32_t>(w)}), body);
        if (w == ct::kTileWidth) {
          up.push_back(Reduce(std::vector<ct::Hash>(level.begin() + n * ct::kTileWidth,
                                                    level.begin() + (n + 1) * ct::kTileWidth)));
        }
      }
      level = up;
    }
    l->root = range.Root();
    return l;
  }();
  return *log;
}

// Full audit (parse every data tile, hash every leaf, compare every hash
// tile, recompute the root); floor = raw SHA-256 of the MerkleTreeLeaf bytes.
void BM_AuditLog(benchmark::State& state) {
  const Log& log = GetLog();
  ct::AuditOptions opts;
  opts.jobs = static_cast<int>(state.range(0));
  ct::bench::RunAgainstFloor(
      state,
      [&] {
        auto r = ct::AuditLog(const_cast<ct::MemoryFetcher&>(log.fetcher), log.size, log.root,
                              opts);
        if (!r.ok()) state.SkipWithError(std::string(r.status().message()).c_str());
        benchmark::DoNotOptimize(r);
      },
      [&] {
        uint8_t out[32];
        for (const std::string& leaf : log.leaves) {
          SHA256_CTX ctx;
          SHA256_Init(&ctx);
          const uint8_t prefix = 0;
          SHA256_Update(&ctx, &prefix, 1);
          SHA256_Update(&ctx, leaf.data(), leaf.size());
          SHA256_Final(out, &ctx);
          benchmark::DoNotOptimize(out);
        }
      });
  state.counters["entries_per_s"] = benchmark::Counter(
      static_cast<double>(log.size) * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_AuditLog)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
