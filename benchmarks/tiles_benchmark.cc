// `ct log verify` speed (ct::AuditLog over an in-memory static-ct-api log)
// against the floor: raw SHA-256 of the same MerkleTreeLeaf bytes, one core.
//
//   bazel run -c opt //benchmarks:tiles_benchmark -- --benchmark_format=json
//
// The log (written by ct::LogWriter into a MemorySink) has 65,536 x509
// entries of ~1.2 KB by default; set
// CT_TILES_BENCH_ENTRIES (e.g. 1048576, needs ~1.5 GB of RAM) for more.
//
// BM_AuditLog audits that log with check_precertificates off (as measured
// before the check became the default; x509 entries have nothing to check).
// BM_AuditLogPrecerts audits a log of as many precert entries, each carrying
// a real ~1 KB precertificate, with the default options: the cost of
// checking every pre_certificate against its TBS. Its floor is what any
// auditor must do for that: hash every byte it must read, that is each
// MerkleTreeLeaf (as BM_AuditLog's floor) and each entry's pre_certificate,
// plus the TBS comparison, one memcmp of each logged TBS against the TBS
// taken from the pre_certificate (poison removed; prepared per entry outside
// the timed region, as a splice-free comparison would read it in place).
// With the check off (jobs, 0) the pre_certificate is not read and the floor
// is the leaf hashing alone. Raw figures: docs/tiles.md "Benchmarks".
#include <malloc.h>
#include <openssl/bytestring.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/mem.h>
#include <openssl/nid.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "benchmarks/vs_floor.h"
#include "ct/base/bytes.h"
#include "ct/merkle/hash.h"
#include "ct/tiles/audit.h"
#include "ct/tiles/fetcher.h"
#include "ct/tiles/tile.h"
#include "ct/tiles/writer/log_writer.h"
#include "ct/tiles/writer/sink.h"
#include "ct/x509/certificate.h"
#include "ct/x509/precert.h"

namespace {

struct Log {
  ct::MemoryFetcher fetcher;
  std::vector<ct::Bytes> leaves;  // MerkleTreeLeaf bytes, for the floor
  // Precert logs, for the floor: each entry's pre_certificate as served in
  // its data tile, and the TBS taken from it (poison removed).
  std::vector<ct::Bytes> precerts;
  std::vector<std::vector<uint8_t>> precert_tbs;
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
  return ct::ToString(ct::ByteSpan(CBB_data(cbb.get()), CBB_len(cbb.get())));
}

// The logged TBS inside a precert MerkleTreeLeaf: version, leaf_type,
// timestamp, entry_type, issuer_key_hash, then TBSCertificate<1..2^24-1>.
constexpr size_t kLeafTbsLengthAt = 1 + 1 + 8 + 2 + 32;

constexpr uint8_t kSerial[8] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};

// PrecertTemplate returns a real ~1 KB precertificate (poison, 24 DNS
// SANs) whose serial number is kSerial; entries patch its last 7 bytes.
std::vector<uint8_t> PrecertTemplate() {
  bssl::UniquePtr<EC_KEY> ec(EC_KEY_new_by_curve_name(NID_X9_62_prime256v1));
  bssl::UniquePtr<EVP_PKEY> key(EVP_PKEY_new());
  bssl::UniquePtr<X509> x(X509_new());
  bssl::UniquePtr<X509_NAME> name(X509_NAME_new());
  bssl::UniquePtr<GENERAL_NAMES> sans(GENERAL_NAMES_new());
  bssl::UniquePtr<ASN1_OBJECT> poison(OBJ_txt2obj("1.3.6.1.4.1.11129.2.4.3", 1));
  bssl::UniquePtr<ASN1_OCTET_STRING> null_value(ASN1_OCTET_STRING_new());
  const uint8_t asn1_null[] = {0x05, 0x00};
  const ct::ByteSpan cn = ct::AsBytes("bench.example");
  if (!ec || !EC_KEY_generate_key(ec.get()) || !key ||
      !EVP_PKEY_set1_EC_KEY(key.get(), ec.get()) || !x || !name || !sans || !poison ||
      !null_value || !ASN1_OCTET_STRING_set(null_value.get(), asn1_null, 2) ||
      !X509_set_version(x.get(), X509_VERSION_3) ||
      !ASN1_INTEGER_set(X509_get_serialNumber(x.get()), 0x1122334455667788) ||
      !X509_NAME_add_entry_by_txt(name.get(), "CN", MBSTRING_ASC, cn.data(),
                                  static_cast<int>(cn.size()), -1, 0) ||
      !X509_set_subject_name(x.get(), name.get()) || !X509_set_issuer_name(x.get(), name.get()) ||
      !ASN1_TIME_set(X509_getm_notBefore(x.get()), 1767225600) ||
      !ASN1_TIME_set(X509_getm_notAfter(x.get()), 1775000000) ||
      !X509_set_pubkey(x.get(), key.get())) {
    std::abort();
  }
  for (int i = 0; i < 24; ++i) {
    const std::string dns = absl::StrCat("host", i, ".subdomain.bench.example");
    GENERAL_NAME* gn = GENERAL_NAME_new();
    ASN1_IA5STRING* ia5 = ASN1_IA5STRING_new();
    if (!gn || !ia5 || !ASN1_STRING_set(ia5, dns.data(), dns.size())) std::abort();
    GENERAL_NAME_set0_value(gn, GEN_DNS, ia5);
    if (!sk_GENERAL_NAME_push(sans.get(), gn)) std::abort();
  }
  bssl::UniquePtr<X509_EXTENSION> ext(
      X509_EXTENSION_create_by_OBJ(nullptr, poison.get(), 1, null_value.get()));
  if (!X509_add1_ext_i2d(x.get(), NID_subject_alt_name, sans.get(), 0, 0) || !ext ||
      !X509_add_ext(x.get(), ext.get(), -1) || !X509_sign(x.get(), key.get(), EVP_sha256())) {
    std::abort();
  }
  uint8_t* der = nullptr;
  const int len = i2d_X509(x.get(), &der);
  if (len <= 0) std::abort();
  std::vector<uint8_t> out(der, der + len);
  OPENSSL_free(der);
  return out;
}

// GetLog writes a benchmark log once with ct::LogWriter into memory (SCT
// signing makes this setup take ~60 us per entry), then collects the
// MerkleTreeLeaf bytes of every entry from the data tiles for the floor.
// With `precerts`, every entry is a precert entry: the precertificate
// template with the entry number patched into its serial (the signature no
// longer verifies, which the audit does not check), logged with its TBS.
const Log& GetLog(bool precerts) {
  static Log* logs[2] = {nullptr, nullptr};
  Log*& slot = logs[precerts ? 1 : 0];
  if (slot == nullptr) slot = [precerts] {
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
    std::vector<uint8_t> precert;
    size_t serial_at = 0;
    if (precerts) {
      precert = PrecertTemplate();
      auto it = std::search(precert.begin(), precert.end(), kSerial, kSerial + 8);
      if (it == precert.end()) std::abort();
      serial_at = static_cast<size_t>(it - precert.begin());
    }
    const ct::Hash issuer_key_hash{};
    for (uint64_t i = 0; i < l->size; ++i) {
      if (precerts) {
        for (int k = 1; k < 8; ++k) {
          precert[serial_at + k] = static_cast<uint8_t>(i >> (8 * (7 - k)));
        }
        absl::StatusOr<ct::Certificate> parsed = ct::Certificate::Parse(precert);
        if (!parsed.ok()) std::abort();
        absl::StatusOr<std::vector<uint8_t>> tbs = ct::PrecertTbsFromPrecertificate(*parsed);
        if (!tbs.ok() ||
            !w->AddPrecertificate(precert, *tbs, issuer_key_hash, chain, 1700000000000 + i).ok()) {
          std::abort();
        }
        l->precert_tbs.push_back(*std::move(tbs));
        continue;
      }
      for (int k = 0; k < 8; ++k) cert[100 + k] = static_cast<uint8_t>(i >> (8 * k));
      if (!w->AddCertificate(cert, chain, 1700000000000 + i).ok()) std::abort();
    }
    if (!w->Publish().ok()) std::abort();
    l->root = w->Root();
    for (uint64_t i = 0; i < l->size; i += ct::kTileWidth) {
      const ct::TileId t = ct::TileForIndex(ct::kDataTileLevel, i, l->size);
      absl::StatusOr<std::string> body = l->fetcher.Fetch(ct::TilePath(t));
      if (!body.ok()) std::abort();
      absl::StatusOr<std::vector<ct::TileLeaf>> leaves = ct::ParseDataTile(ct::AsBytes(*body), t.width);
      if (!leaves.ok()) std::abort();
      for (const ct::TileLeaf& leaf : *leaves) {
        l->leaves.push_back(ct::MerkleTreeLeaf(leaf));
        if (precerts) l->precerts.push_back(ct::ToBytes(leaf.pre_certificate));
      }
    }
    // The floor's TBS comparison reads the logged TBS in place.
    if (l->precerts.size() != l->precert_tbs.size()) std::abort();
    for (size_t i = 0; i < l->precert_tbs.size(); ++i) {
      const ct::Bytes& leaf = l->leaves[i];
      const size_t at = kLeafTbsLengthAt;
      if (leaf.size() < at + 3) std::abort();
      const size_t len = static_cast<size_t>(leaf[at]) << 16 |
                         static_cast<size_t>(leaf[at + 1]) << 8 | leaf[at + 2];
      if (len != l->precert_tbs[i].size() || leaf.size() < at + 3 + len) std::abort();
    }
    return l;
  }();
  return *slot;
}

// RunAudit times a full audit of `log` (parse every data tile, hash every
// leaf, compare every hash tile, recompute the root); floor = raw SHA-256 of
// the MerkleTreeLeaf bytes, plus, for a precert log checked with
// check_precertificates, SHA-256 of each pre_certificate and one memcmp per
// entry of the logged TBS against the pre_certificate's.
void RunAudit(benchmark::State& state, const Log& log, const ct::AuditOptions& opts) {
  const bool compare_tbs = opts.check_precertificates && !log.precert_tbs.empty();
  uint64_t data_bytes = 0;
  ct::bench::RunAgainstFloor(
      state,
      [&] {
        auto r = ct::AuditLog(const_cast<ct::MemoryFetcher&>(log.fetcher), log.size, log.root,
                              opts);
        if (!r.ok()) state.SkipWithError(std::string(r.status().message()).c_str());
        if (r.ok()) data_bytes = r->bytes;
        benchmark::DoNotOptimize(r);
      },
      [&] {
        uint8_t out[32];
        for (size_t i = 0; i < log.leaves.size(); ++i) {
          const ct::Bytes& leaf = log.leaves[i];
          SHA256_CTX ctx;
          SHA256_Init(&ctx);
          const uint8_t prefix = 0;
          SHA256_Update(&ctx, &prefix, 1);
          SHA256_Update(&ctx, leaf.data(), leaf.size());
          SHA256_Final(out, &ctx);
          benchmark::DoNotOptimize(out);
          if (compare_tbs) {
            const ct::Bytes& precert = log.precerts[i];
            SHA256(precert.data(), precert.size(), out);
            benchmark::DoNotOptimize(out);
            const std::vector<uint8_t>& tbs = log.precert_tbs[i];
            const int diff = std::memcmp(leaf.data() + kLeafTbsLengthAt + 3, tbs.data(),
                                         tbs.size());
            if (diff != 0) std::abort();  // the log was built from these TBSs
            benchmark::DoNotOptimize(diff);
          }
        }
      });
  state.counters["entries_per_s"] = benchmark::Counter(
      static_cast<double>(log.size) * state.iterations(), benchmark::Counter::kIsRate);
  state.counters["data_bytes_per_entry"] =
      log.size ? static_cast<double>(data_bytes) / static_cast<double>(log.size) : 0;
}


// Full audit of the x509 log.
void BM_AuditLog(benchmark::State& state) {
  const Log& log = GetLog(/*precerts=*/false);
  ct::AuditOptions opts;
  opts.jobs = static_cast<int>(state.range(0));
  // Explicit since check_precertificates became the default: this log has
  // x509 entries only, so the check has nothing to do here either way; off
  // keeps the numbers comparable with those measured before (docs/tiles.md).
  // BM_AuditLogPrecerts measures the check.
  opts.check_precertificates = false;
  RunAudit(state, log, opts);
}
BENCHMARK(BM_AuditLog)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same audit of an all-precert log, arguments (jobs, check): check 1 is
// the default options (check_precertificates on: every pre_certificate
// parsed and compared with its TBS), check 0 the tree alone, for the cost
// of the check.
void BM_AuditLogPrecerts(benchmark::State& state) {
  const Log& log = GetLog(/*precerts=*/true);
  ct::AuditOptions opts;
  opts.jobs = static_cast<int>(state.range(0));
  opts.check_precertificates = state.range(1) != 0;
  RunAudit(state, log, opts);
}
BENCHMARK(BM_AuditLogPrecerts)
    ->Args({1, 1})
    ->Args({2, 1})
    ->Args({1, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
