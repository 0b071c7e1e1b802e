// make_sample_log: writes the sample static-ct-api log that `ct monitor` runs
// on in the README (testdata/monitor/sample-log; issue 13, "Embedded default").
//
//   make_sample_log OUT_DIR [--seed S]
//
// 3,000 entries with real X.509 certificates and precertificates (ECDSA
// P-256, ct/x509/testing/cert_builder.h) from two issuing CAs, each under its
// own root, with the chains [issuing CA, root] served as static-ct-api
// issuers:
//   expected  O = "Example Trust Services", CN = "Example Trust Services TLS CA 1"
//   rogue     O = "Rogue CA Inc",           CN = "Rogue CA Inc Issuing CA 7"
// Most entries are background certificates for other names (hostN.shopM.test,
// example.org, example.net, addresses outside 192.0.2.0/24; never a name
// under example.com); the entries at the indices in kSpecials are the ones
// testdata/monitor/README.md tabulates for testdata/monitor/sample.watch.
//
// Deterministic: entry i is stamped 2026-01-01T00:00:00Z + i minutes, keys,
// serials, names and validity derive from --seed (default 2026), so every
// TBSCertificate, key and leaf order is the same on every run. ECDSA
// signatures (certificates, SCTs, checkpoint) are randomized, so the tile
// bytes differ between runs. The checkpoint (origin
// sample.ctcore.example/2026) is published once, 1 s after the last entry.
//
// Writes OUT_DIR (the monitoring prefix: checkpoint, tile/..., issuer/...),
// OUT_DIR.pubkey.pem (the log's SPKI, for RFC6962NoteSignature) and
// OUT_DIR.vkey (its Ed25519 note verifier key). OUT_DIR must not exist; a
// relative OUT_DIR is taken from the workspace root under `bazel run`.
// Prints key=value lines (origin, size, root, log_id, ed25519_vkey,
// pubkey_pem_file, vkey_file, special=INDEX:LABEL). Exit 0 on success, 2 on
// bad usage or errors.
#include <openssl/evp.h>
#include <sys/stat.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "ct/base/bytes.h"
#include "ct/merkle/hash.h"
#include "ct/sct/sct.h"
#include "ct/tiles/writer/log_writer.h"
#include "ct/x509/certificate.h"
#include "ct/x509/precert.h"
#include "ct/x509/testing/cert_builder.h"

namespace {

using ct::Bytes;
using ct::testing::CertSpec;
using ct::testing::CtExtension;
using ct::testing::NameAttribute;

constexpr uint64_t kEntries = 3000;
constexpr int64_t kBaseSeconds = 1767225600;  // 2026-01-01T00:00:00Z
constexpr int64_t kDay = 86400;
constexpr char kOrigin[] = "sample.ctcore.example/2026";

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "make_sample_log: %s\n", what.c_str());
  std::exit(2);
}

template <typename T>
T Check(absl::StatusOr<T> v) {
  if (!v.ok()) Die(std::string(v.status().message()));
  return *std::move(v);
}

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) Die("cannot write " + path);
}

// What the sample holds at each index: background, or one of kSpecials.
enum class Special {
  kNone,
  kApexAndWww,       // example.com + www.example.com, expected CA, 90 days
  kDeep,             // a.b.c.example.com
  kWildcard,         // *.example.com
  kIdn,              // xn--bcher-kva.example.com (bücher.example.com)
  kIpSan,            // iPAddress 192.0.2.7 only, empty subject
  kIpCn,             // CN 192.0.2.8, dNSName static.example.net
  kShopPrecert,      // shop.example.com, precertificate entry
  kLookalikeSuffix,  // example.com.evil.test
  kLookalikePrefix,  // notexample.com
  kLookalikeTld,     // example.co
  kRogue,            // login.example.com from the rogue CA
  kShopFinal,        // shop.example.com, the final certificate of kShopPrecert
  kLongLived,        // old.example.com, 400 days
};

struct SpecialEntry {
  uint64_t index;
  Special kind;
  const char* label;
};

// The entries testdata/monitor/README.md lists (keep the two in step).
constexpr SpecialEntry kSpecials[] = {
    {211, Special::kApexAndWww, "example.com,www.example.com"},
    {523, Special::kDeep, "a.b.c.example.com"},
    {877, Special::kWildcard, "*.example.com"},
    {1204, Special::kIdn, "xn--bcher-kva.example.com"},
    {1388, Special::kIpSan, "ip:192.0.2.7"},
    {1519, Special::kIpCn, "cn:192.0.2.8,static.example.net"},
    {1650, Special::kShopPrecert, "precert:shop.example.com"},
    {1700, Special::kLookalikeSuffix, "example.com.evil.test"},
    {1830, Special::kLookalikePrefix, "notexample.com"},
    {1960, Special::kLookalikeTld, "example.co"},
    {2105, Special::kRogue, "rogue:login.example.com"},
    {2350, Special::kShopFinal, "final:shop.example.com"},
    {2671, Special::kLongLived, "400d:old.example.com"},
};

// Ca is one issuing CA under its own root.
struct Ca {
  bssl::UniquePtr<EVP_PKEY> key;
  std::vector<NameAttribute> name;
  std::vector<Bytes> chain;  // [issuing CA, root], DER
  ct::Hash key_hash{};       // SHA-256 of the issuing CA's SPKI
};

class SampleLog {
 public:
  explicit SampleLog(uint64_t seed) : seed_(seed) {
    expected_ = MakeCa("Example Trust Services", "Example Trust Services Root R1",
                       "Example Trust Services TLS CA 1");
    rogue_ = MakeCa("Rogue CA Inc", "Rogue CA Inc Root", "Rogue CA Inc Issuing CA 7");
  }

  void Write(const std::string& dir) {
    uint64_t now_ms = 0;
    ct::LogWriterOptions opts;
    opts.origin = kOrigin;
    opts.log_private_key = ct::testing::P256PrivateKeyDer(Key("log key").get());
    opts.ed25519_note_keys.push_back({kOrigin, ct::Sha256(ct::AsBytes(Label("ed25519 note key")))});
    opts.directory = dir;
    opts.clock_ms = [&now_ms] { return now_ms; };
    ct::LogWriter log = Check(ct::LogWriter::Create(opts));

    std::map<uint64_t, Special> specials;
    for (const SpecialEntry& s : kSpecials) specials[s.index] = s.kind;
    Bytes shop_sct_list;
    for (uint64_t i = 0; i < kEntries; ++i) {
      const uint64_t ts = static_cast<uint64_t>(kBaseSeconds + 60 * static_cast<int64_t>(i)) * 1000;
      now_ms = ts;
      const auto it = specials.find(i);
      const Special kind = it == specials.end() ? Special::kNone : it->second;
      // The final certificate repeats the precertificate's spec and key.
      const uint64_t spec_index =
          kind == Special::kShopFinal ? SpecialIndex(Special::kShopPrecert) : i;
      const Ca& ca = Issuer(spec_index, specials);
      const CertSpec spec =
          Spec(spec_index, kind == Special::kShopFinal ? Special::kShopPrecert : kind, ca);
      bssl::UniquePtr<EVP_PKEY> leaf_key = Key(absl::StrCat("leaf/", spec_index));
      if (kind == Special::kShopFinal) {
        if (shop_sct_list.empty()) Die("the final certificate precedes its precertificate");
        Check(log.AddCertificate(
            Check(ct::testing::MakeCertificate(spec, leaf_key.get(), ca.key.get(),
                                               CtExtension::kSctList, shop_sct_list)),
            ca.chain, ts));
      } else if (kind == Special::kShopPrecert || (kind == Special::kNone && i % 7 == 3)) {
        const Bytes precert = Check(
            ct::testing::MakeCertificate(spec, leaf_key.get(), ca.key.get(), CtExtension::kPoison));
        const ct::Certificate parsed = Check(ct::Certificate::Parse(precert));
        const Bytes tbs = Check(ct::PrecertTbsFromPrecertificate(parsed));
        const ct::AddedEntry added =
            Check(log.AddPrecertificate(precert, tbs, ca.key_hash, ca.chain, ts));
        if (kind == Special::kShopPrecert) {
          shop_sct_list = Check(ct::SerializeSctList({Check(ct::ParseSct(added.sct))}));
        }
      } else {
        Check(log.AddCertificate(
            Check(ct::testing::MakeCertificate(spec, leaf_key.get(), ca.key.get())), ca.chain, ts));
      }
    }
    now_ms += 1000;
    Check(log.Publish());

    const std::string pem_file = dir + ".pubkey.pem";
    WriteText(pem_file, log.LogPublicKeyPem());
    const std::string vkey_file = dir + ".vkey";
    WriteText(vkey_file, log.NoteVerifierKeys()[0] + "\n");
    std::printf(
        "origin=%s\nsize=%llu\nroot=%s\nlog_id=%s\ned25519_vkey=%s\n"
        "pubkey_pem_file=%s\nvkey_file=%s\n",
        kOrigin, static_cast<unsigned long long>(log.size()), ct::HashToBase64(log.Root()).c_str(),
        ct::HashToBase64(log.log_id()).c_str(), log.NoteVerifierKeys()[0].c_str(), pem_file.c_str(),
        vkey_file.c_str());
    for (const SpecialEntry& s : kSpecials) {
      std::printf("special=%llu:%s\n", static_cast<unsigned long long>(s.index), s.label);
    }
  }

 private:
  std::string Label(absl::string_view what) const {
    return absl::StrCat("ctcore make_sample_log/", seed_, "/", what);
  }

  bssl::UniquePtr<EVP_PKEY> Key(absl::string_view what) const {
    bssl::UniquePtr<EVP_PKEY> key = ct::testing::DerivedP256Key(Label(what));
    if (!key) Die("deriving a key failed");
    return key;
  }

  // Serial returns 16 derived bytes with the top bit clear (a positive
  // INTEGER), as CAs choose serials with at least 64 random bits.
  Bytes Serial(absl::string_view what) const {
    const ct::Hash h = ct::Sha256(ct::AsBytes(Label(absl::StrCat("serial/", what))));
    Bytes out(h.begin(), h.begin() + 16);
    out[0] = (out[0] & 0x7f) | 0x01;
    return out;
  }

  Ca MakeCa(const std::string& org, const std::string& root_cn, const std::string& issuing_cn) {
    Ca ca;
    bssl::UniquePtr<EVP_PKEY> root_key = Key(absl::StrCat("root/", org));
    ca.key = Key(absl::StrCat("issuing/", org));
    CertSpec root;
    root.subject = {{"C", "US"}, {"O", org}, {"CN", root_cn}};
    root.issuer = root.subject;
    root.serial = Serial(root_cn);
    root.ca = true;
    root.tls_profile = true;
    root.not_before = 1704067200;  // 2024-01-01
    root.not_after = 2208988800;   // 2040-01-01
    CertSpec issuing = root;
    issuing.subject = {{"C", "US"}, {"O", org}, {"CN", issuing_cn}};
    issuing.serial = Serial(issuing_cn);
    issuing.not_before = 1735689600;  // 2025-01-01
    issuing.not_after = 2082758400;   // 2036-01-01
    const Bytes root_der =
        Check(ct::testing::MakeCertificate(root, root_key.get(), root_key.get()));
    const Bytes issuing_der =
        Check(ct::testing::MakeCertificate(issuing, ca.key.get(), root_key.get()));
    ca.key_hash = Check(ct::Certificate::Parse(issuing_der)).SpkiHash();
    ca.name = issuing.subject;
    ca.chain = {issuing_der, root_der};
    return ca;
  }

  static uint64_t SpecialIndex(Special kind) {
    for (const SpecialEntry& s : kSpecials) {
      if (s.kind == kind) return s.index;
    }
    Die("no such special entry");
  }

  const Ca& Issuer(uint64_t i, const std::map<uint64_t, Special>& specials) const {
    const auto it = specials.find(i);
    if (it != specials.end()) return it->second == Special::kRogue ? rogue_ : expected_;
    return i % 11 == 5 ? rogue_ : expected_;  // the rogue CA issues for others too
  }

  // Spec returns the certificate of entry `i` (of kind `kind`) issued by `ca`.
  CertSpec Spec(uint64_t i, Special kind, const Ca& ca) const {
    CertSpec s;
    s.issuer = ca.name;
    s.serial = Serial(absl::StrCat("leaf/", i));
    s.tls_profile = true;
    // Issued an hour before it was logged, as CAs backdate.
    s.not_before = kBaseSeconds + 60 * static_cast<int64_t>(i) - 3600;
    int64_t days = i % 3 == 0 ? 397 : 90;
    switch (kind) {
      case Special::kNone:
        Background(i, s);
        break;
      case Special::kApexAndWww:
        s.dns_names = {"example.com", "www.example.com"};
        days = 90;
        break;
      case Special::kDeep:
        s.dns_names = {"a.b.c.example.com"};
        days = 90;
        break;
      case Special::kWildcard:
        s.dns_names = {"*.example.com"};
        days = 90;
        break;
      case Special::kIdn:
        s.dns_names = {"xn--bcher-kva.example.com"};
        days = 90;
        break;
      case Special::kIpSan:
        s.ip_addresses = {{192, 0, 2, 7}};
        days = 90;
        break;
      case Special::kIpCn:
        s.subject = {{"CN", "192.0.2.8"}};
        s.dns_names = {"static.example.net"};
        days = 90;
        break;
      case Special::kShopPrecert:
      case Special::kShopFinal:
        s.dns_names = {"shop.example.com"};
        days = 90;
        break;
      case Special::kLookalikeSuffix:
        s.dns_names = {"example.com.evil.test"};
        days = 90;
        break;
      case Special::kLookalikePrefix:
        s.dns_names = {"notexample.com", "www.notexample.com"};
        days = 90;
        break;
      case Special::kLookalikeTld:
        s.dns_names = {"example.co", "www.example.co"};
        days = 90;
        break;
      case Special::kRogue:
        s.dns_names = {"login.example.com"};
        days = 90;
        break;
      case Special::kLongLived:
        s.dns_names = {"old.example.com"};
        days = 400;
        break;
    }
    // notAfter = notBefore + days - 1 s: `days` days counting both ends.
    s.not_after = s.not_before + days * kDay - 1;
    if (s.subject.empty() && !s.dns_names.empty()) s.subject = {{"CN", s.dns_names[0]}};
    return s;
  }

  // Background gives entry `i` names that no item of sample.watch matches.
  static void Background(uint64_t i, CertSpec& s) {
    const std::string shop = absl::StrCat("shop", i % 97, ".test");
    if (i % 13 == 0) {
      s.dns_names = {"example.org", "www.example.org"};
    } else if (i % 17 == 0) {
      s.dns_names = {"example.net", "mail.example.net"};
    } else if (i % 5 == 0) {
      s.dns_names = {shop, absl::StrCat("www.", shop)};
    } else if (i % 31 == 0) {
      s.dns_names = {absl::StrCat("*.", shop), shop};
    } else {
      s.dns_names = {absl::StrCat("host", i, ".", shop)};
    }
    if (i % 19 == 0) {
      s.ip_addresses.push_back({198, 51, 100, static_cast<uint8_t>(1 + i % 250)});
    } else if (i % 23 == 0) {
      s.ip_addresses.push_back({192, 0, 3, static_cast<uint8_t>(1 + i % 250)});  // next /24
    } else if (i % 29 == 0) {
      Bytes v6 = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
                  0,    0,    0,    0,    0, 0, 0, static_cast<uint8_t>(1 + i % 250)};
      s.ip_addresses.push_back(v6);
    }
  }

  uint64_t seed_;
  Ca expected_, rogue_;
};

}  // namespace

int main(int argc, char** argv) {
  std::string dir;
  uint64_t seed = 2026;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--seed" && i + 1 < argc) {
      if (!absl::SimpleAtoi(argv[++i], &seed)) Die("bad value for --seed");
    } else if (!a.empty() && a[0] != '-' && dir.empty()) {
      dir = a;
    } else {
      Die("usage: make_sample_log OUT_DIR [--seed S]");
    }
  }
  if (dir.empty()) Die("usage: make_sample_log OUT_DIR [--seed S]");
  const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY");
  if (dir[0] != '/' && workspace != nullptr) dir = absl::StrCat(workspace, "/", dir);
  struct stat st;
  if (stat(dir.c_str(), &st) == 0) Die(dir + " exists; remove it first");
  SampleLog(seed).Write(dir);
  return 0;
}
