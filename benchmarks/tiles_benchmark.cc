// `ct log verify` speed (ct::AuditLog over an in-memory static-ct-api log)
// against the floor: raw SHA-256 of the same MerkleTreeLeaf bytes, one core.
//
//   bazel run -c opt //benchmarks:tiles_benchmark -- --benchmark_format=json
//
// The log (written by ct::LogWriter into a MemorySink) has 65,536 x509
// entries of ~1.2 KB by default; set
// CT_TILES_BENCH_ENTRIES (e.g. 1048576, needs ~1.5 GB of RAM) for more.
#include <malloc.h>
#include <openssl/bytestring.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/nid.h>
#include <openssl/sha.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "benchmarks/vs_floor.h"
#include "ct/merkle/hash.h"
#include "ct/tiles/audit.h"
#include "ct/tiles/fetcher.h"
#include "ct/tiles/tile.h"
#include "ct/tiles/writer/log_writer.h"
#include "ct/tiles/writer/sink.h"

namespace {

struct Log {
  ct::MemoryFetcher fetcher;
  std::vector<std::string> leaves;  // MerkleTreeLeaf bytes, for the floor
  uint64_t size = 0;
  ct::Hash root{};
};

std::string FreshEcPrivateKeyDer() {
  bssl::UniquePtr<EC_KEY> key(EC_KEY_new_by_curve_name(NID_X9_62_prime256v1));
  bssl::ScopedCBB cbb;
  if (!key || !EC_KEY_generate_key(key.get()) || !CBB_init(cbb.get(), 128) ||
      !EC_KEY_marshal_private_key(cbb.get(), key.get(), 0)) {
    std::abort();
  }
  return std::string(reinterpret_cast<const char*>(CBB_data(cbb.get())), CBB_len(cbb.get()));
}

// GetLog writes the benchmark log once with ct::LogWriter into memory (SCT
// signing makes this setup take ~60 us per entry), then collects the
// MerkleTreeLeaf bytes of every entry from the data tiles for the floor.
const Log& GetLog() {
  static Log* log = [] {
    // As `ct log verify` does: keep freed tile buffers instead of returning
    // them to the kernel after every batch (page faults dominate otherwise).
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    auto* l = new Log;
    const char* env = std::getenv("CT_TILES_BENCH_ENTRIES");
    l->size = env ? std::strtoull(env, nullptr, 10) : 65536;
    ct::MemorySink sink(&l->fetcher);
    ct::LogWriterOptions opts;
    opts.origin = "bench.example/log";
    opts.log_private_key = FreshEcPrivateKeyDer();
    opts.sink = &sink;
    opts.clock_ms = [] { return uint64_t{1800000000000}; };
    absl::StatusOr<ct::LogWriter> w = ct::LogWriter::Create(opts);
    if (!w.ok()) std::abort();
    const std::vector<std::vector<uint8_t>> chain = {
        std::vector<uint8_t>(18, 'i')};  // one issuer certificate
    std::vector<uint8_t> cert(1200, 'c');
    for (uint64_t i = 0; i < l->size; ++i) {
      for (int k = 0; k < 8; ++k) cert[100 + k] = static_cast<uint8_t>(i >> (8 * k));
      if (!w->AddCertificate(cert, chain, 1700000000000 + i).ok()) std::abort();
    }
    if (!w->Publish().ok()) std::abort();
    l->root = w->Root();
    for (uint64_t i = 0; i < l->size; i += ct::kTileWidth) {
      const ct::TileId t = ct::TileForIndex(ct::kDataTileLevel, i, l->size);
      absl::StatusOr<std::string> body = l->fetcher.Fetch(ct::TilePath(t));
      if (!body.ok()) std::abort();
      absl::StatusOr<std::vector<ct::TileLeaf>> leaves = ct::ParseDataTile(*body, t.width);
      if (!leaves.ok()) std::abort();
      for (const ct::TileLeaf& leaf : *leaves) l->leaves.push_back(ct::MerkleTreeLeaf(leaf));
    }
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
