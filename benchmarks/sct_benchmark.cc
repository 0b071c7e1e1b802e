// SCT verification and certificate parsing speed, each next to its floor
// measured in the same run (vs_floor = floor time / our time).
//
//   bazel run -c opt //benchmarks:sct_benchmark -- --benchmark_format=json
//
// BM_VerifyEmbeddedSct/<leaf>/<from_der>: one embedded ECDSA P-256 SCT
//   verified end to end by VerifyCertificateScts (extract the list, parse
//   every SCT, rebuild the precert TBS, hash, verify the SCT of the known log).
//   from_der=0: the certificate is already a parsed ct::Certificate (a client
//   parses it once, also for the CT policy's validity-period rule, and then
//   verifies all its SCTs): the "extract, rebuild TBS, verify".
//   from_der=1: Certificate::Parse of the DER is inside the loop too.
//   Floor = ECDSA_do_verify of a precomputed digest with the same key and a
//   pre-parsed signature. Goal vs_floor >= 0.95. Three real leaves: 910 B,
//   1.5 KB (typical) and 3.6 KB. Also reported: hash_ns, SHA-256 of the same
//   signed data, and vs_floor_with_hash = (floor + hash) / ours, the floor no
//   verifier can go below (hashing grows with the certificate).
// BM_PrecertTbs / BM_NameExtraction: a ~1.5 KB certificate; floor =
//   d2i_X509 + X509_free in the same run, so vs_floor is "times faster than
//   d2i_X509". Goal >= 3 for name extraction.
#include <openssl/bytestring.h>
#include <openssl/ec_key.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "benchmark/benchmark.h"
#include "benchmarks/vs_floor.h"
#include "ct/base/bytes.h"
#include "ct/sct/log_verifier.h"
#include "ct/sct/sct.h"
#include "ct/sct/signed_data.h"
#include "ct/sct/sources.h"
#include "ct/sct/verify.h"
#include "ct/x509/certificate.h"
#include "ct/x509/precert.h"

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "sct_benchmark: cannot read %s (run via bazel run)\n",
                 path.c_str());
    std::abort();
  }
  return std::string(std::istreambuf_iterator<char>(in),
                     std::istreambuf_iterator<char>());
}

std::string PemCert(const std::string& path, size_t index = 0) {
  absl::StatusOr<std::vector<std::string>> ders = ct::PemToDer(ReadFile(path));
  if (!ders.ok() || ders->size() <= index) std::abort();
  return (*ders)[index];
}

template <typename T>
T Must(absl::StatusOr<T> v) {
  if (!v.ok()) {
    std::fprintf(stderr, "sct_benchmark: %s\n",
                 std::string(v.status().message()).c_str());
    std::abort();
  }
  return *std::move(v);
}

struct Fixture {
  std::string leaf_der, issuer_der;
  std::string log_spki;
};

// Load reads a leaf, its issuer (certificate `issuer_index` of
// `issuer_file`) and a log's PEM public key from testdata/sct/<dir>/.
Fixture Load(const std::string& dir, const std::string& issuer_file,
             size_t issuer_index, const std::string& key_file) {
  const std::string d = "testdata/sct/" + dir + "/";
  Fixture f;
  f.leaf_der = PemCert(d + "leaf.pem");
  f.issuer_der = PemCert(d + issuer_file, issuer_index);
  const std::string key = ReadFile(d + key_file);
  // PEM body between the armour lines.
  const size_t b = key.find('\n') + 1, e = key.find("-----END");
  std::string b64;
  for (char c : key.substr(b, e - b)) if (c != '\n') b64.push_back(c);
  if (!absl::Base64Unescape(b64, &f.log_spki)) std::abort();
  return f;
}

// The real geomys.org leaf (Let's Encrypt E7) and its Elephant2026h1 SCT.
Fixture Geomys() {
  return Load("real-geomys-org-2025", "issuer-lets-encrypt-e7.pem", 0,
              "log-key-sectigo-elephant2026h1.pem");
}

// The real cryptography.io leaf (1.5 KB, Let's Encrypt X3, 2018) and its
// Google Icarus SCT: a typical certificate size.
Fixture CryptographyIo() {
  return Load("real-cryptography-io-2018", "issuer-lets-encrypt-authority-x3.pem",
              0, "log-key-google-icarus-log.pem");
}

// The real *.google.com leaf (3.6 KB, 137 SANs) and its Argon2025h2 SCT.
Fixture Google() {
  return Load("real-google-com-2025", "chain.pem", 1,
              "log-key-google-argon2025h2-log.pem");
}

void VerifyEmbedded(benchmark::State& state, const Fixture& f) {
  const bool from_der = state.range(0) != 0;
  ct::LogVerifierSet logs;
  ct::LogVerifier log = Must(ct::LogVerifier::Create(
      ct::AsBytes(f.log_spki)));
  const ct::LogId log_id = log.log_id();
  if (!logs.Add(std::move(log)).ok()) std::abort();
  const ct::Certificate issuer = Must(ct::Certificate::Parse(f.issuer_der));

  // Floor inputs: the same key, the digest of the same signed data, and the
  // signature already parsed.
  const ct::Certificate leaf0 = Must(ct::Certificate::Parse(f.leaf_der));
  std::vector<ct::SignedCertificateTimestamp> scts =
      Must(ct::ParseSctList(Must(ct::EmbeddedSctList(leaf0))));
  const ct::SignedCertificateTimestamp* sct = nullptr;
  for (const auto& s : scts) if (s.log_id == log_id) sct = &s;
  if (sct == nullptr) std::abort();
  std::vector<uint8_t> tbs = Must(ct::PrecertTbsFromCertificate(leaf0));
  std::vector<uint8_t> signed_data = Must(ct::SerializeSignedData(
      *sct, ct::SignedEntry::Precert(issuer.SpkiHash(), tbs)));
  uint8_t digest[SHA256_DIGEST_LENGTH];
  SHA256(signed_data.data(), signed_data.size(), digest);
  CBS spki;
  CBS_init(&spki, ct::AsBytes(f.log_spki).data(), f.log_spki.size());
  bssl::UniquePtr<EVP_PKEY> pkey(EVP_parse_public_key(&spki));
  const EC_KEY* ec = EVP_PKEY_get0_EC_KEY(pkey.get());
  bssl::UniquePtr<ECDSA_SIG> sig(ECDSA_SIG_from_bytes(
      sct->signature.signature.data(), sct->signature.signature.size()));
  if (!ECDSA_do_verify(digest, sizeof(digest), sig.get(), ec)) std::abort();

  const absl::Time now = absl::FromUnixSeconds(1800000000);
  ct::bench::RunAgainstFloor(
      state,
      [&] {
        std::vector<ct::SctVerification> r;
        if (from_der) {
          absl::StatusOr<ct::Certificate> leaf = ct::Certificate::Parse(f.leaf_der);
          r = ct::VerifyCertificateScts(*leaf, issuer, logs, now);
        } else {
          r = ct::VerifyCertificateScts(leaf0, issuer, logs, now);
        }
        bool ok = false;
        for (const auto& v : r) ok |= v.status == ct::SctStatus::kValid;
        if (!ok) std::abort();
        benchmark::DoNotOptimize(r);
      },
      [&] {
        int ok = ECDSA_do_verify(digest, sizeof(digest), sig.get(), ec);
        benchmark::DoNotOptimize(ok);
      });
  // The physical floor also includes hashing the signed data (no verifier
  // can skip it): SHA-256 of the same bytes, timed after the run.
  const int64_t kHashRuns = 20000;
  const double hash_s = ct::bench::Seconds(kHashRuns, [&] {
    uint8_t d[SHA256_DIGEST_LENGTH];
    SHA256(signed_data.data(), signed_data.size(), d);
    benchmark::DoNotOptimize(d);
  });
  const double hash_ns = hash_s * 1e9 / kHashRuns;
  const double floor_ns = state.counters["floor_ns"];
  const double vs_floor = state.counters["vs_floor"];
  state.counters["hash_ns"] = hash_ns;
  state.counters["vs_floor_with_hash"] =
      vs_floor > 0 ? (floor_ns + hash_ns) / (floor_ns / vs_floor) : 0;
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(std::to_string(f.leaf_der.size()) + "-byte leaf, " +
                 std::to_string(signed_data.size()) + " bytes signed");
}

void BM_VerifyEmbeddedSct_Geomys(benchmark::State& state) {
  static const Fixture f = Geomys();
  VerifyEmbedded(state, f);
}
BENCHMARK(BM_VerifyEmbeddedSct_Geomys)->ArgName("from_der")->Arg(0)->Arg(1);

void BM_VerifyEmbeddedSct_CryptographyIo(benchmark::State& state) {
  static const Fixture f = CryptographyIo();
  VerifyEmbedded(state, f);
}
BENCHMARK(BM_VerifyEmbeddedSct_CryptographyIo)->ArgName("from_der")->Arg(0)->Arg(1);

void BM_VerifyEmbeddedSct_Google(benchmark::State& state) {
  static const Fixture f = Google();
  VerifyEmbedded(state, f);
}
BENCHMARK(BM_VerifyEmbeddedSct_Google)->ArgName("from_der")->Arg(0)->Arg(1);

// Everything BM_VerifyEmbeddedSct does except the signature check: parse the
// certificate, extract and parse the list, rebuild the TBS and hash the signed
// data (materialised here, so a slight over-estimate). vs_floor = raw verify
// time / this time: at X, end to end is at most 1/(1 + 1/X) of the raw verify
// rate, a figure that is stable on a noisy machine.
void BM_EmbeddedSctPreparation(benchmark::State& state) {
  static const Fixture f = Geomys();
  const ct::Certificate issuer = Must(ct::Certificate::Parse(f.issuer_der));
  const ct::Hash ikh = issuer.SpkiHash();
  CBS spki;
  CBS_init(&spki, ct::AsBytes(f.log_spki).data(), f.log_spki.size());
  bssl::UniquePtr<EVP_PKEY> pkey(EVP_parse_public_key(&spki));
  const EC_KEY* ec = EVP_PKEY_get0_EC_KEY(pkey.get());
  const ct::Certificate leaf0 = Must(ct::Certificate::Parse(f.leaf_der));
  std::vector<ct::SignedCertificateTimestamp> scts =
      Must(ct::ParseSctList(Must(ct::EmbeddedSctList(leaf0))));
  std::vector<uint8_t> tbs0 = Must(ct::PrecertTbsFromCertificate(leaf0));
  std::vector<uint8_t> data0 =
      Must(ct::SerializeSignedData(scts[0], ct::SignedEntry::Precert(ikh, tbs0)));
  uint8_t digest0[SHA256_DIGEST_LENGTH];
  SHA256(data0.data(), data0.size(), digest0);
  bssl::UniquePtr<ECDSA_SIG> sig0(ECDSA_SIG_from_bytes(
      scts[0].signature.signature.data(), scts[0].signature.signature.size()));
  ct::bench::RunAgainstFloor(
      state,
      [&] {
        absl::StatusOr<ct::Certificate> leaf = ct::Certificate::Parse(f.leaf_der);
        absl::StatusOr<std::vector<ct::SignedCertificateTimestamp>> list =
            ct::ParseSctList(*ct::EmbeddedSctList(*leaf));
        absl::StatusOr<std::vector<uint8_t>> tbs =
            ct::PrecertTbsFromCertificate(*leaf);
        absl::StatusOr<std::vector<uint8_t>> data = ct::SerializeSignedData(
            (*list)[0], ct::SignedEntry::Precert(ikh, *tbs));
        uint8_t digest[SHA256_DIGEST_LENGTH];
        SHA256(data->data(), data->size(), digest);
        bssl::UniquePtr<ECDSA_SIG> sig(
            ECDSA_SIG_from_bytes((*list)[0].signature.signature.data(),
                                 (*list)[0].signature.signature.size()));
        benchmark::DoNotOptimize(digest);
        benchmark::DoNotOptimize(sig);
      },
      [&] {
        int ok = ECDSA_do_verify(digest0, sizeof(digest0), sig0.get(), ec);
        benchmark::DoNotOptimize(ok);
      });
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EmbeddedSctPreparation);

// The ~1.5 KB cryptography.io leaf (Let's Encrypt X3, 2 embedded SCTs).
const std::string& MidCert() {
  static const std::string* der = new std::string(
      PemCert("testdata/sct/real-cryptography-io-2018/leaf.pem"));
  return *der;
}

void D2iFloor(const std::string& der) {
  const uint8_t* p = ct::AsBytes(der).data();
  X509* x = d2i_X509(nullptr, &p, der.size());
  if (x == nullptr) std::abort();
  X509_free(x);
}

void BM_PrecertTbs(benchmark::State& state) {
  const std::string& der = MidCert();
  ct::bench::RunAgainstFloor(
      state,
      [&] {
        absl::StatusOr<ct::Certificate> c = ct::Certificate::Parse(der);
        absl::StatusOr<std::vector<uint8_t>> tbs = ct::PrecertTbsFromCertificate(*c);
        benchmark::DoNotOptimize(tbs);
      },
      [&] { D2iFloor(der); });
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(std::to_string(der.size()) + "-byte cert; floor=d2i_X509");
}
BENCHMARK(BM_PrecertTbs);

void BM_NameExtraction(benchmark::State& state) {
  const std::string& der = MidCert();
  ct::bench::RunAgainstFloor(
      state,
      [&] {
        absl::StatusOr<ct::Certificate> c = ct::Certificate::Parse(der);
        absl::StatusOr<absl::string_view> cn = c->SubjectCommonName();
        absl::StatusOr<std::vector<absl::string_view>> dns = c->DnsNames();
        benchmark::DoNotOptimize(cn);
        benchmark::DoNotOptimize(dns);
        benchmark::DoNotOptimize(c->issuer());
      },
      [&] { D2iFloor(der); });
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(std::to_string(der.size()) + "-byte cert; floor=d2i_X509");
}
BENCHMARK(BM_NameExtraction);

// Plain certificate parse (structure + duplicate-extension check), for scale.
void BM_CertificateParse(benchmark::State& state) {
  const std::string& der = MidCert();
  ct::bench::RunAgainstFloor(
      state,
      [&] { benchmark::DoNotOptimize(ct::Certificate::Parse(der)); },
      [&] { D2iFloor(der); });
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CertificateParse);

}  // namespace
