// make_test_log: writes a deterministic Static CT API test log.
//
//   make_test_log OUT_DIR [--entries N] [--origin ORIGIN] [--seed S]
//                         [--cert-size BYTES] [--publish-every K]
//                         [--checkpoint-at M] [--x509]
//                         [--embed-sct-entry I] [--from-tiles TILE_DIR]
//
// Writes N synthetic entries (every third a precertificate; chains of one or
// two issuers drawn from a pool of three) into OUT_DIR, laid out as a
// monitoring prefix, and publishes a checkpoint signed with an
// RFC6962NoteSignature and an Ed25519 note key. Keys, entries and timestamps
// derive from --seed, so the tree (data tiles, hash tiles, issuers, root) is
// byte-identical across runs; ECDSA signatures (SCTs, checkpoint) are
// randomized and differ. Entry i has timestamp 1767225600000 + 1000*i ms and
// the checkpoint is stamped 1000 ms after the newest entry.
//
// Besides OUT_DIR it writes OUT_DIR.pubkey.pem (the log's SPKI, for
// RFC6962NoteSignature verification with the origin) and OUT_DIR.vkey (the
// Ed25519 note verifier key), and, with --checkpoint-at M, OUT_DIR.checkpoint.M
// (the checkpoint as published at size M, for consistency tests). With
// --publish-every K it also publishes after every K entries, leaving stale
// partial tiles behind as a real log may.
//
// By default certificates are opaque DER-framed blobs (SEQUENCE of
// pseudo-random bytes), not parseable X.509. With --x509 they are real
// certificates made with BoringSSL's X509 API (ct/x509/testing/cert_builder.h)
// under a test hierarchy (root CA -> issuing CA -> leaves, ECDSA P-256 keys
// derived from --seed): x509
// entries are leaf certificates, precert entries real precertificates with
// the critical poison extension, logged with TBS = the precertificate's TBS
// minus the poison (ct/x509 PrecertTbsFromPrecertificate) and issuer_key_hash
// = SHA-256 of the issuing CA's SPKI; every chain is [issuing CA, root CA].
// X.509 signatures are randomized ECDSA, so --x509 trees differ across runs.
// With --embed-sct-entry I (requires --x509; entry I must be a precert entry,
// i.e. I % 3 == 1) it also writes OUT_DIR.cert.pem, the final certificate of
// entry I with the SCT the writer returned embedded (1.3.6.1.4.1.11129.2.4.2
// in the poison's place), and OUT_DIR.issuer.pem, its issuing CA.
//
// With --from-tiles TILE_DIR the entries are instead the records of the full
// data tiles TILE_DIR/tile/data/000, 001, ... of a real log, repeated in order
// until N entries are written: each keeps its certificate or TBS,
// precertificate and issuer_key_hash (chains are pool blobs, timestamps the
// usual ones).
//
// Prints key=value lines: origin, size, root (base64), log_id (base64),
// ed25519_vkey, pubkey_pem_file, vkey_file, and with --embed-sct-entry
// cert_pem_file, issuer_pem_file and leaf_index. Exit 0 on success, 2 on bad
// usage or errors.
#include <openssl/bytestring.h>
#include <openssl/evp.h>
#include <openssl/mem.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "ct/base/bytes.h"
#include "ct/merkle/hash.h"
#include "ct/sct/sct.h"
#include "ct/tiles/tile.h"
#include "ct/tiles/writer/log_writer.h"
#include "ct/x509/certificate.h"
#include "ct/x509/precert.h"
#include "ct/x509/testing/cert_builder.h"

namespace {

using Bytes = std::vector<uint8_t>;

constexpr uint64_t kBaseTime = 1767225600000;  // 2026-01-01T00:00:00Z

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "make_test_log: %s\n", what.c_str());
  std::exit(2);
}

std::array<uint8_t, 32> Derive(const std::string& label, uint64_t seed,
                               uint64_t i) {
  std::string in = absl::StrCat("ctcore make_test_log/", label, "/", seed, "/",
                                i);
  return ct::Sha256(ct::AsBytes(in));
}

// Blob returns a DER SEQUENCE of `len` pseudo-random content bytes.
Bytes Blob(const std::string& label, uint64_t seed, uint64_t i, size_t len) {
  Bytes content;
  for (uint64_t block = 0; content.size() < len; ++block) {
    std::array<uint8_t, 32> h =
        Derive(absl::StrCat(label, "/", i), seed, block);
    content.insert(content.end(), h.begin(), h.end());
  }
  content.resize(len);
  bssl::ScopedCBB cbb;
  CBB seq;
  uint8_t* der;
  size_t der_len;
  if (!CBB_init(cbb.get(), len + 8) ||
      !CBB_add_asn1(cbb.get(), &seq, CBS_ASN1_SEQUENCE) ||
      !CBB_add_bytes(&seq, content.data(), content.size()) ||
      !CBB_finish(cbb.get(), &der, &der_len)) {
    Die("DER encoding failed");
  }
  Bytes out(der, der + der_len);
  OPENSSL_free(der);
  return out;
}

// Pkey derives a P-256 key pair from (`label`, `seed`).
bssl::UniquePtr<EVP_PKEY> Pkey(const std::string& label, uint64_t seed) {
  bssl::UniquePtr<EVP_PKEY> key = ct::testing::DerivedP256Key(
      absl::StrCat("ctcore make_test_log/", label, "/", seed));
  if (!key) Die("deriving an ECDSA key failed");
  return key;
}

// LogKeyDer derives the log's P-256 private key from `seed` (SEC1 DER).
std::string LogKeyDer(uint64_t seed) {
  bssl::UniquePtr<EVP_PKEY> key = Pkey("ecdsa", seed);
  std::string der = key ? ct::testing::P256PrivateKeyDer(key.get()) : "";
  if (der.empty()) Die("encoding the log key failed");
  return der;
}

uint64_t ParseU64(const std::string& flag, const std::string& v) {
  uint64_t out;
  if (!absl::SimpleAtoi(v, &out)) Die(absl::StrCat("bad value for ", flag));
  return out;
}

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) Die("cannot write " + path);
}

// ---------------------------------------------------------------------------
// --x509: a test PKI built with BoringSSL's X509 API.

using ct::testing::CertSpec;
using ct::testing::CtExtension;

Bytes Serial(uint64_t v) {
  Bytes out;
  for (; v != 0; v >>= 8) out.insert(out.begin(), static_cast<uint8_t>(v));
  return out.empty() ? Bytes{0} : out;
}

std::vector<ct::testing::NameAttribute> Name(const std::string& cn) {
  return {{"O", "ctcore test"}, {"CN", cn}};
}

// CaSpec and the leaves of LeafSpec are the shapes --x509 has always made:
// Name O="ctcore test", CN; a leaf's one dNSName is its CN.
CertSpec CaSpec(const std::string& subject_cn, const std::string& issuer_cn,
                uint64_t serial) {
  CertSpec s;
  s.subject = Name(subject_cn);
  s.issuer = Name(issuer_cn);
  s.serial = Serial(serial);
  s.ca = true;
  s.not_before = 1735689600;  // 2025-01-01
  s.not_after = 2082758400;   // 2036-01-01
  return s;
}

Bytes MakeCert(const CertSpec& spec, EVP_PKEY* subject_key,
               EVP_PKEY* issuer_key, CtExtension ct,
               const Bytes& sct_list = {}) {
  absl::StatusOr<Bytes> der =
      ct::testing::MakeCertificate(spec, subject_key, issuer_key, ct, sct_list);
  if (!der.ok()) Die(std::string(der.status().message()));
  return *std::move(der);
}

// TestPki is the --x509 hierarchy: root CA -> issuing CA -> leaves.
struct TestPki {
  bssl::UniquePtr<EVP_PKEY> root_key, issuer_key, leaf_key;
  Bytes root, issuer;
  ct::Hash issuer_key_hash{};

  explicit TestPki(uint64_t seed)
      : root_key(Pkey("x509 root", seed)),
        issuer_key(Pkey("x509 issuer", seed)),
        leaf_key(Pkey("x509 leaf", seed)) {
    root = MakeCert(CaSpec("ctcore test root CA", "ctcore test root CA", 1),
                    root_key.get(), root_key.get(), CtExtension::kNone);
    issuer =
        MakeCert(CaSpec("ctcore test issuing CA", "ctcore test root CA", 2),
                 issuer_key.get(), root_key.get(), CtExtension::kNone);
    absl::StatusOr<ct::Certificate> parsed = ct::Certificate::Parse(issuer);
    if (!parsed.ok()) Die("issuing CA does not parse");
    issuer_key_hash = parsed->SpkiHash();
  }

  CertSpec LeafSpec(uint64_t i) const {
    const std::string cn = absl::StrCat("entry", i, ".test.example");
    CertSpec s;
    s.subject = Name(cn);
    s.issuer = Name("ctcore test issuing CA");
    s.serial = Serial(1000 + i);
    s.dns_names = {cn};
    return s;
  }
};

}  // namespace

int main(int argc, char** argv) {
  std::string dir;
  std::string origin = "example.com/test2026h1";
  uint64_t entries = 1000, seed = 1, cert_size = 200, publish_every = 0;
  uint64_t checkpoint_at = UINT64_MAX;
  bool x509 = false;
  std::string from_tiles;
  uint64_t embed_entry = UINT64_MAX;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Die("missing value for " + a);
      return argv[++i];
    };
    if (a == "--entries") {
      entries = ParseU64(a, value());
    } else if (a == "--origin") {
      origin = value();
    } else if (a == "--seed") {
      seed = ParseU64(a, value());
    } else if (a == "--cert-size") {
      cert_size = ParseU64(a, value());
    } else if (a == "--publish-every") {
      publish_every = ParseU64(a, value());
    } else if (a == "--checkpoint-at") {
      checkpoint_at = ParseU64(a, value());
    } else if (a == "--x509") {
      x509 = true;
    } else if (a == "--from-tiles") {
      from_tiles = value();
    } else if (a == "--embed-sct-entry") {
      embed_entry = ParseU64(a, value());
    } else if (!a.empty() && a[0] == '-') {
      Die("unknown option " + a);
    } else if (dir.empty()) {
      dir = a;
    } else {
      Die("usage: make_test_log OUT_DIR [--entries N] [--origin O] [--seed S] "
          "[--cert-size B] [--publish-every K] [--checkpoint-at M] [--x509] "
          "[--embed-sct-entry I] [--from-tiles TILE_DIR]");
    }
  }
  if (dir.empty()) Die("missing OUT_DIR");
  if (!from_tiles.empty() && (x509 || embed_entry != UINT64_MAX)) {
    Die("--from-tiles excludes --x509 and --embed-sct-entry");
  }
  if (cert_size < 1 || cert_size > 100000) Die("--cert-size out of range");
  if (embed_entry != UINT64_MAX) {
    if (!x509) Die("--embed-sct-entry needs --x509");
    if (embed_entry >= entries || embed_entry % 3 != 1) {
      Die("--embed-sct-entry I needs a precert entry: I < --entries and "
          "I % 3 == 1");
    }
  }

  uint64_t now = kBaseTime;
  ct::LogWriterOptions opts;
  opts.origin = origin;
  opts.log_private_key = LogKeyDer(seed);
  opts.ed25519_note_keys.push_back(
      {origin, Derive("ed25519", seed, 0)});
  opts.directory = dir;
  opts.clock_ms = [&now] { return now; };
  absl::StatusOr<ct::LogWriter> log = ct::LogWriter::Create(opts);
  if (!log.ok()) Die(std::string(log.status().message()));

  std::vector<Bytes> pool;
  for (int k = 0; k < 3; ++k) pool.push_back(Blob("issuer", seed, k, 300 + k));
  // --from-tiles: the real records, and the tile bodies they view.
  std::vector<std::string> tile_bodies;
  std::vector<ct::TileLeaf> real;
  for (int t = 0; !from_tiles.empty(); ++t) {
    std::ifstream f(absl::StrFormat("%s/tile/data/%03d", from_tiles, t), std::ios::binary);
    if (!f) break;
    tile_bodies.emplace_back(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  }
  for (const std::string& body : tile_bodies) {
    absl::StatusOr<std::vector<ct::TileLeaf>> leaves = ct::ParseDataTile(ct::AsBytes(body), 256);
    if (!leaves.ok()) Die(std::string(leaves.status().message()));
    real.insert(real.end(), leaves->begin(), leaves->end());
  }
  if (!from_tiles.empty() && real.empty()) Die("--from-tiles: no full data tile in " + from_tiles);
  std::unique_ptr<TestPki> pki;
  if (x509) pki = std::make_unique<TestPki>(seed);
  Bytes embedded_cert;

  auto publish = [&] {
    now += 1000;
    absl::StatusOr<std::string> cp = log->Publish();
    if (!cp.ok()) Die(std::string(cp.status().message()));
    if (log->size() == checkpoint_at) {
      WriteText(absl::StrCat(dir, ".checkpoint.", checkpoint_at), *cp);
    }
  };
  if (checkpoint_at == 0) publish();
  for (uint64_t i = 0; i < entries; ++i) {
    const uint64_t ts = kBaseTime + 1000 * i;
    now = ts;
    std::vector<Bytes> chain = {pool[i % 2]};
    if (i % 4 != 3) chain.push_back(pool[2]);
    const size_t size = cert_size + i % 23;
    absl::StatusOr<ct::AddedEntry> added;
    if (!real.empty()) {
      const ct::TileLeaf& r = real[i % real.size()];
      if (r.entry_type == ct::TileLeaf::kPrecertEntry) {
        added = log->AddPrecertificate(r.pre_certificate, r.certificate, r.issuer_key_hash,
                                       chain, ts);
      } else {
        added = log->AddCertificate(r.certificate, chain, ts);
      }
    } else if (pki != nullptr) {
      const std::vector<Bytes> x509_chain = {pki->issuer, pki->root};
      const CertSpec spec = pki->LeafSpec(i);
      if (i % 3 == 1) {
        const Bytes precert =
            MakeCert(spec, pki->leaf_key.get(), pki->issuer_key.get(),
                     CtExtension::kPoison);
        absl::StatusOr<ct::Certificate> parsed = ct::Certificate::Parse(precert);
        if (!parsed.ok()) Die(std::string(parsed.status().message()));
        absl::StatusOr<std::vector<uint8_t>> tbs =
            ct::PrecertTbsFromPrecertificate(*parsed);
        if (!tbs.ok()) Die(std::string(tbs.status().message()));
        added = log->AddPrecertificate(precert, *tbs, pki->issuer_key_hash,
                                       x509_chain, ts);
        if (added.ok() && i == embed_entry) {
          absl::StatusOr<ct::SignedCertificateTimestamp> sct =
              ct::ParseSct(added->sct);
          if (!sct.ok()) Die(std::string(sct.status().message()));
          absl::StatusOr<std::vector<uint8_t>> list =
              ct::SerializeSctList({*sct});
          if (!list.ok()) Die(std::string(list.status().message()));
          embedded_cert = MakeCert(spec, pki->leaf_key.get(),
                                   pki->issuer_key.get(), CtExtension::kSctList,
                                   *list);
        }
      } else {
        added = log->AddCertificate(
            MakeCert(spec, pki->leaf_key.get(), pki->issuer_key.get(),
                     CtExtension::kNone),
            x509_chain, ts);
      }
    } else if (i % 3 == 1) {
      const Bytes precert = Blob("precert", seed, i, size);
      const Bytes tbs = Blob("tbs", seed, i, size > 40 ? size - 40 : size);
      const std::array<uint8_t, 32> ikh = Derive("ikh", seed, i % 2);
      added = log->AddPrecertificate(precert, tbs, ikh, chain, ts);
    } else {
      added = log->AddCertificate(Blob("cert", seed, i, size), chain, ts);
    }
    if (!added.ok()) Die(std::string(added.status().message()));
    if ((publish_every > 0 && (i + 1) % publish_every == 0) ||
        i + 1 == checkpoint_at) {
      publish();
    }
  }
  publish();

  const std::string pem_file = dir + ".pubkey.pem";
  WriteText(pem_file, log->LogPublicKeyPem());
  const std::string vkey_file = dir + ".vkey";
  WriteText(vkey_file, log->NoteVerifierKeys()[0] + "\n");
  std::printf("origin=%s\nsize=%llu\nroot=%s\nlog_id=%s\ned25519_vkey=%s\n"
              "pubkey_pem_file=%s\nvkey_file=%s\n",
              origin.c_str(), static_cast<unsigned long long>(log->size()),
              ct::HashToBase64(log->Root()).c_str(),
              ct::HashToBase64(log->log_id()).c_str(),
              log->NoteVerifierKeys()[0].c_str(), pem_file.c_str(),
              vkey_file.c_str());
  if (!embedded_cert.empty()) {
    const std::string cert_file = dir + ".cert.pem";
    const std::string issuer_file = dir + ".issuer.pem";
    WriteText(cert_file, ct::testing::CertificatePem(embedded_cert));
    WriteText(issuer_file, ct::testing::CertificatePem(pki->issuer));
    std::printf("cert_pem_file=%s\nissuer_pem_file=%s\nleaf_index=%llu\n",
                cert_file.c_str(), issuer_file.c_str(),
                static_cast<unsigned long long>(embed_entry));
  }
  return 0;
}
