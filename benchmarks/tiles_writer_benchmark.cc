// Static CT API writer throughput against the work no writer can avoid.
//
//   bazel run -c opt //benchmarks:tiles_writer_benchmark -- --benchmark_format=json
//
// BM_AppendAndPublish appends x509 entries with 1.5 KB certificates and a
// two-certificate chain, and publishes (partial tiles + signed checkpoint)
// every 256 entries, into a fresh directory under $TMPDIR. One iteration is
// one entry: TileLeaf encoding, the SCT's ECDSA P-256 signature, the leaf
// hash, tile hashing and tile/checkpoint writes.
//
// The floor (measured interleaved, benchmarks/vs_floor.h) is what any
// static-ct-api writer must compute per entry, with the same BoringSSL calls:
//   - the SCT: SHA-256 of its signed data (RFC 6962 §3.2, 14 header bytes +
//     the certificate) and one ECDSA P-256 signature of that digest;
//   - the leaf hash: SHA-256 of 0x00 || MerkleTreeLeaf;
//   - one interior node, SHA-256 of 0x01 || left || right (a tree of n
//     leaves has n - 1);
//   - every 256th entry, the checkpoint's RFC6962NoteSignature: SHA-256 of
//     the 50-byte TreeHeadSignature and one ECDSA signature.
// Not in the floor: file writes, encoding, and hashing the chain for the
// fingerprints (a writer may cache them per chain). BM_EcdsaSignOnly is the
// SCT signature alone. Raw figures: docs/tiles.md "Benchmarks".
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/ecdsa.h>
#include <openssl/mem.h>
#include <openssl/nid.h>
#include <openssl/bytestring.h>
#include <openssl/sha.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "benchmarks/vs_floor.h"
#include "ct/base/bytes.h"
#include "ct/tiles/writer/log_writer.h"

namespace {

constexpr size_t kCertSize = 1536;

std::vector<uint8_t> Blob(uint32_t seed, size_t n) {
  std::vector<uint8_t> v(n);
  uint32_t x = seed * 2654435761u + 1;
  for (size_t i = 0; i < n; ++i) {
    x = x * 1103515245u + 12345u;
    v[i] = static_cast<uint8_t>(x >> 24);
  }
  v[0] = 0x30;
  return v;
}

std::string KeyDer(EC_KEY* key) {
  bssl::ScopedCBB cbb;
  uint8_t* der;
  size_t len;
  if (!CBB_init(cbb.get(), 128) ||
      !EC_KEY_marshal_private_key(cbb.get(), key, 0) ||
      !CBB_finish(cbb.get(), &der, &len)) {
    std::abort();
  }
  std::string out = ct::ToString(ct::ByteSpan(der, len));
  OPENSSL_free(der);
  return out;
}

std::string MakeTempDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string templ = std::string(tmp ? tmp : "/tmp") + "/tiles_writer_bench.XXXXXX";
  if (mkdtemp(&templ[0]) == nullptr) std::abort();
  return templ;
}

void RemoveDir(const std::string& dir) {
  std::string cmd = "rm -rf '" + dir + "'";
  if (std::system(cmd.c_str()) != 0) std::abort();
}

void BM_AppendAndPublish(benchmark::State& state) {
  bssl::UniquePtr<EC_KEY> key(EC_KEY_new_by_curve_name(NID_X9_62_prime256v1));
  if (!EC_KEY_generate_key(key.get())) std::abort();
  const std::string dir = MakeTempDir();
  ct::LogWriterOptions opts;
  opts.origin = "bench.example/log";
  opts.log_private_key = KeyDer(key.get());
  opts.directory = dir + "/log";
  uint64_t now = 1767225600000;
  opts.clock_ms = [&now] { return now; };
  absl::StatusOr<ct::LogWriter> log = ct::LogWriter::Create(opts);
  if (!log.ok()) {
    state.SkipWithError("LogWriter::Create failed");
    return;
  }
  std::vector<std::vector<uint8_t>> certs;
  for (uint32_t i = 0; i < 64; ++i) certs.push_back(Blob(i, kCertSize));
  const std::vector<std::vector<uint8_t>> chain = {Blob(1000, 1200),
                                                   Blob(1001, 1400)};
  // The floor's inputs, sized as the writer's:
  // SCT signed data: 00 00 || u64 || u16 || u24 cert || u16 ext = 15 + cert;
  // MerkleTreeLeaf: 00 00 || u64 || u16 || u24 cert || u16 ext(8) = 25 + cert,
  // hashed after a 0x00 prefix; an interior node: 0x01 || 64 bytes;
  // TreeHeadSignature: 00 01 || u64 || u64 || 32 = 50 bytes.
  const std::vector<uint8_t> signed_bytes = Blob(6, 15 + kCertSize);
  const std::vector<uint8_t> leaf_bytes = Blob(7, 26 + kCertSize);
  const std::vector<uint8_t> node_bytes = Blob(8, 65);
  const std::vector<uint8_t> sth_bytes = Blob(9, 50);
  EC_KEY* const sign_key = key.get();
  auto sign = [sign_key](const std::vector<uint8_t>& data) {
    uint8_t digest[32];
    SHA256(data.data(), data.size(), digest);
    uint8_t sig[80];  // ECDSA_size is 72 for P-256
    unsigned int sig_len;
    if (!ECDSA_sign(0, digest, sizeof(digest), sig, &sig_len, sign_key)) std::abort();
    benchmark::DoNotOptimize(sig);
  };
  uint64_t floor_entries = 0;
  uint64_t i = 0;
  bool failed = false;
  ct::bench::RunAgainstFloor(
      state,
      [&] {
        ++now;
        absl::StatusOr<ct::AddedEntry> e =
            log->AddCertificate(certs[i % certs.size()], chain, now);
        if (!e.ok()) failed = true;
        benchmark::DoNotOptimize(e);
        if (++i % 256 == 0 && !log->Publish().ok()) failed = true;
      },
      [&] {
        sign(signed_bytes);
        uint8_t out[32];
        SHA256(leaf_bytes.data(), leaf_bytes.size(), out);
        benchmark::DoNotOptimize(out);
        SHA256(node_bytes.data(), node_bytes.size(), out);
        benchmark::DoNotOptimize(out);
        if (++floor_entries % 256 == 0) sign(sth_bytes);
      });
  if (!log->Publish().ok()) failed = true;
  if (failed) state.SkipWithError("append or publish failed");
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * kCertSize);
  RemoveDir(dir);
}
BENCHMARK(BM_AppendAndPublish)->Unit(benchmark::kMicrosecond);

// The SCT signature alone: SHA-256 + ECDSA P-256 sign of the leaf bytes.
void BM_EcdsaSignOnly(benchmark::State& state) {
  bssl::UniquePtr<EC_KEY> key(EC_KEY_new_by_curve_name(NID_X9_62_prime256v1));
  if (!EC_KEY_generate_key(key.get())) std::abort();
  const std::vector<uint8_t> leaf_bytes = Blob(7, 25 + kCertSize);
  for (auto _ : state) {
    uint8_t digest[32];
    SHA256(leaf_bytes.data(), leaf_bytes.size(), digest);
    uint8_t sig[80];  // ECDSA_size is 72 for P-256
    unsigned int sig_len;
    if (!ECDSA_sign(0, digest, sizeof(digest), sig, &sig_len, key.get())) {
      std::abort();
    }
    benchmark::DoNotOptimize(sig);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EcdsaSignOnly)->Unit(benchmark::kMicrosecond);

}  // namespace
