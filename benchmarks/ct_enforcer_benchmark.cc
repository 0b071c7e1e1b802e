// CT enforcement cost (ct/tls), each next to its floor in the same run
// (vs_floor = floor time / our time).
//
// BM_EnforcerVerdict: CtEnforcer::Check (Chrome policy) on the real
//   *.google.com chain, whose leaf embeds 2 SCTs (Google Argon2025h2, DigiCert
//   Yeti2025; both ECDSA P-256), against a pre-parsed snapshot of Chrome's log
//   list (a benchmark input only: see docs/tls.md on list terms). Everything
//   from the DER chain: certificate parsing, SCT list parsing, precert TBS
//   reconstruction, hashing, both verifications, the policy, the verdict.
//   Floor = the 2 signature verifications it cannot avoid, each over its
//   signed data: SHA-256 of the signed data (3.1 KB here: the TBS is in it)
//   and ECDSA_do_verify with pre-parsed keys and signatures. Goal >= 0.9.
//   vs_floor_digest_only also reports the stricter ratio against the 2
//   ECDSA_do_verify calls alone (hashing excluded), as sct_benchmark does.
// BM_Handshake: a full TLS 1.3 handshake on 127.0.0.1 against a server
//   thread in this process (test PKI: P-256 leaf, 2 embedded SCTs, a TLS SCT
//   and an OCSP staple), client with EnableCtEnforcement. Floor = the same
//   handshake without the hook (normal chain and host name verification, no
//   SCT/OCSP requested). hook_added_us = the hook's added cost per handshake.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/ec_key.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "benchmark/benchmark.h"
#include "benchmarks/vs_floor.h"
#include "ct/base/bytes.h"
#include "ct/sct/loglist/log_list.h"
#include "ct/sct/sct.h"
#include "ct/sct/signed_data.h"
#include "ct/sct/sources.h"
#include "ct/tls/boringssl.h"
#include "ct/tls/ct_enforcer.h"
#include "ct/tls/testing/tls_test_server.h"
#include "ct/x509/certificate.h"
#include "ct/x509/certificate_chain.h"
#include "ct/x509/precert.h"

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "ct_enforcer_benchmark: cannot read %s (run via bazel run)\n",
                 path.c_str());
    std::abort();
  }
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

template <typename T>
T Must(absl::StatusOr<T> v) {
  if (!v.ok()) {
    std::fprintf(stderr, "ct_enforcer_benchmark: %s\n", std::string(v.status().message()).c_str());
    std::abort();
  }
  return *std::move(v);
}

void BM_EnforcerVerdict(benchmark::State& state) {
  const std::string list_json =
      ReadFile("testdata/loglist/chrome-all_logs_list-v3-78.2-2025-12-13.json");
  const ct::CertificateChain chain =
      Must(ct::CertificateChain::FromPem(ReadFile("testdata/sct/real-google-com-2025/chain.pem")));
  std::vector<std::string> ders;
  for (const ct::Certificate& c : chain.certificates()) ders.push_back(ct::ToString(c.der()));
  std::vector<ct::ByteSpan> spans;
  for (const std::string& d : ders) spans.push_back(ct::AsBytes(d));

  std::shared_ptr<ct::LogListSource> source = Must(ct::LogListSource::FromJson(list_json));
  ct::CtEnforcerOptions options;
  options.log_list = source;
  const std::shared_ptr<const ct::CtEnforcer> enforcer = Must(ct::CtEnforcer::Create(options));
  const absl::Time at = absl::FromUnixSeconds(1751328000);  // 2025-07-01

  // Floor inputs: per SCT, the log's key, the digest of the signed data and
  // the parsed signature.
  const ct::Certificate& leaf = chain.certificates()[0];
  const ct::Certificate& issuer = chain.certificates()[1];
  const std::vector<ct::SignedCertificateTimestamp> scts =
      Must(ct::ParseSctList(Must(ct::EmbeddedSctList(leaf))));
  if (scts.size() != 2) std::abort();
  const std::vector<uint8_t> tbs = Must(ct::PrecertTbsFromCertificate(leaf));
  struct FloorInput {
    bssl::UniquePtr<EVP_PKEY> key;
    uint8_t digest[SHA256_DIGEST_LENGTH];
    bssl::UniquePtr<ECDSA_SIG> sig;
    std::vector<uint8_t> signed_data;
  };
  std::vector<FloorInput> floor(2);
  for (int i = 0; i < 2; ++i) {
    const ct::LogInfo* log = source->Snapshot()->list.FindLog(scts[i].log_id);
    if (log == nullptr) std::abort();
    CBS spki;
    CBS_init(&spki, log->key.data(), log->key.size());
    floor[i].key.reset(EVP_parse_public_key(&spki));
    const std::vector<uint8_t> signed_data = Must(ct::SerializeSignedData(
        scts[i], ct::SignedEntry::Precert(issuer.SpkiHash(), tbs)));
    SHA256(signed_data.data(), signed_data.size(), floor[i].digest);
    floor[i].signed_data = signed_data;
    floor[i].sig.reset(ECDSA_SIG_from_bytes(scts[i].signature.signature.data(),
                                            scts[i].signature.signature.size()));
    if (!floor[i].key || !floor[i].sig ||
        !ECDSA_do_verify(floor[i].digest, SHA256_DIGEST_LENGTH, floor[i].sig.get(),
                         EVP_PKEY_get0_EC_KEY(floor[i].key.get()))) {
      std::abort();
    }
  }

  ct::bench::RunAgainstFloor(
      state,
      [&] {
        ct::CtEnforcement r = enforcer->Check(spans, {}, {}, at);
        if (r.verdict != ct::CtVerdict::kCompliant) std::abort();
        benchmark::DoNotOptimize(r);
      },
      [&] {
        int ok = 1;
        for (const FloorInput& f : floor) {
          uint8_t digest[SHA256_DIGEST_LENGTH];
          SHA256(f.signed_data.data(), f.signed_data.size(), digest);
          ok &= ECDSA_do_verify(digest, SHA256_DIGEST_LENGTH, f.sig.get(),
                                EVP_PKEY_get0_EC_KEY(f.key.get()));
        }
        if (!ok) std::abort();
        benchmark::DoNotOptimize(ok);
      });
  // The hashing share of the floor, timed after the run: the digest-only ratio.
  const int64_t kRuns = 20000;
  const double hash_ns = ct::bench::Seconds(kRuns, [&] {
    for (const FloorInput& f : floor) {
      uint8_t digest[SHA256_DIGEST_LENGTH];
      SHA256(f.signed_data.data(), f.signed_data.size(), digest);
      benchmark::DoNotOptimize(digest);
    }
  }) * 1e9 / kRuns;
  const double floor_ns = state.counters["floor_ns"];
  const double vs_floor = state.counters["vs_floor"];
  state.counters["hash_ns"] = hash_ns;
  state.counters["vs_floor_digest_only"] =
      vs_floor > 0 ? (floor_ns - hash_ns) / (floor_ns / vs_floor) : 0;
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(std::to_string(ders[0].size()) + "-byte leaf, 2 embedded SCTs, chrome policy");
}
BENCHMARK(BM_EnforcerVerdict);

// Handshake runs one full handshake with `ctx` to 127.0.0.1:`port`.
void Handshake(SSL_CTX* ctx, int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) std::abort();
  bssl::UniquePtr<SSL> ssl(SSL_new(ctx));
  SSL_set_fd(ssl.get(), fd);
  SSL_set_tlsext_host_name(ssl.get(), "localhost");
  SSL_set1_host(ssl.get(), "localhost");
  if (SSL_connect(ssl.get()) != 1) std::abort();
  char byte;
  SSL_read(ssl.get(), &byte, 1);
  close(fd);
}

void BM_Handshake(benchmark::State& state) {
  static const std::string* dir = new std::string(Must(ct::testing::MakeTestPki("bench_pki")));
  ct::testing::TlsServerConfig config;
  config.chain_pem_path = *dir + "/chain.pem";
  config.key_pem_path = *dir + "/leaf-key.pem";
  config.sct_list = ReadFile(*dir + "/tls-scts.bin");
  config.ocsp = ReadFile(*dir + "/ocsp.der");
  std::unique_ptr<ct::testing::TlsTestServer> server =
      Must(ct::testing::TlsTestServer::Start(std::move(config)));
  const std::string ca = *dir + "/ca.pem";

  bssl::UniquePtr<SSL_CTX> plain(SSL_CTX_new(TLS_method()));
  SSL_CTX_load_verify_locations(plain.get(), ca.c_str(), nullptr);
  SSL_CTX_set_verify(plain.get(), SSL_VERIFY_PEER, nullptr);
  SSL_CTX_set_session_cache_mode(plain.get(), SSL_SESS_CACHE_OFF);

  bssl::UniquePtr<SSL_CTX> hooked(SSL_CTX_new(TLS_method()));
  SSL_CTX_load_verify_locations(hooked.get(), ca.c_str(), nullptr);
  SSL_CTX_set_session_cache_mode(hooked.get(), SSL_SESS_CACHE_OFF);
  ct::CtEnforcerOptions options;
  ct::LogListFile list;
  list.json_path = *dir + "/log-list.json";
  options.log_list = Must(ct::LogListSource::Load(list));
  if (!ct::EnableCtEnforcement(hooked.get(), Must(ct::CtEnforcer::Create(options))).ok()) {
    std::abort();
  }
  ct::bench::RunAgainstFloor(
      state, [&] { Handshake(hooked.get(), server->port()); },
      [&] { Handshake(plain.get(), server->port()); });
  const double floor_ns = state.counters["floor_ns"];
  const double vs_floor = state.counters["vs_floor"];
  state.counters["hook_added_us"] = vs_floor > 0 ? (floor_ns / vs_floor - floor_ns) / 1000 : 0;
  state.SetLabel("TLS 1.3 full handshake, 4 SCTs on 3 channels; floor = no hook");
}
BENCHMARK(BM_Handshake)->UseRealTime();

}  // namespace

