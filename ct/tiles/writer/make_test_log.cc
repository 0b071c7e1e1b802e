// make_test_log: writes a deterministic Static CT API test log.
//
//   make_test_log OUT_DIR [--entries N] [--origin ORIGIN] [--seed S]
//                         [--cert-size BYTES] [--publish-every K]
//                         [--checkpoint-at M]
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
// partial tiles behind as a real log may. Certificates are opaque DER-framed
// blobs (SEQUENCE of pseudo-random bytes), not parseable X.509.
//
// Prints key=value lines: origin, size, root (base64), log_id (base64),
// ed25519_vkey, pubkey_pem_file. Exit 0 on success, 2 on bad usage or errors.
#include <openssl/bn.h>
#include <openssl/bytestring.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/mem.h>
#include <openssl/nid.h>
#include <openssl/sha.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "ct/merkle/hash.h"
#include "ct/tiles/writer/log_writer.h"

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
  std::array<uint8_t, 32> out;
  SHA256(reinterpret_cast<const uint8_t*>(in.data()), in.size(), out.data());
  return out;
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

// LogKeyDer derives a P-256 private key from `seed` (SEC1 DER).
std::string LogKeyDer(uint64_t seed) {
  bssl::UniquePtr<EC_KEY> key(EC_KEY_new_by_curve_name(NID_X9_62_prime256v1));
  const EC_GROUP* group = EC_KEY_get0_group(key.get());
  for (uint64_t attempt = 0;; ++attempt) {
    std::array<uint8_t, 32> d = Derive("ecdsa", seed, attempt);
    bssl::UniquePtr<BIGNUM> bn(BN_bin2bn(d.data(), d.size(), nullptr));
    if (BN_is_zero(bn.get()) ||
        BN_cmp(bn.get(), EC_GROUP_get0_order(group)) >= 0) {
      continue;
    }
    bssl::UniquePtr<EC_POINT> pub(EC_POINT_new(group));
    if (!EC_KEY_set_private_key(key.get(), bn.get()) ||
        !EC_POINT_mul(group, pub.get(), bn.get(), nullptr, nullptr, nullptr) ||
        !EC_KEY_set_public_key(key.get(), pub.get())) {
      Die("deriving the log key failed");
    }
    break;
  }
  bssl::ScopedCBB cbb;
  uint8_t* der;
  size_t len;
  if (!CBB_init(cbb.get(), 128) ||
      !EC_KEY_marshal_private_key(cbb.get(), key.get(), 0) ||
      !CBB_finish(cbb.get(), &der, &len)) {
    Die("encoding the log key failed");
  }
  std::string out(reinterpret_cast<char*>(der), len);
  OPENSSL_free(der);
  return out;
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

}  // namespace

int main(int argc, char** argv) {
  std::string dir;
  std::string origin = "example.com/test2026h1";
  uint64_t entries = 1000, seed = 1, cert_size = 200, publish_every = 0;
  uint64_t checkpoint_at = UINT64_MAX;
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
    } else if (!a.empty() && a[0] == '-') {
      Die("unknown option " + a);
    } else if (dir.empty()) {
      dir = a;
    } else {
      Die("usage: make_test_log OUT_DIR [--entries N] [--origin O] [--seed S] "
          "[--cert-size B] [--publish-every K] [--checkpoint-at M]");
    }
  }
  if (dir.empty()) Die("missing OUT_DIR");
  if (cert_size < 1 || cert_size > 100000) Die("--cert-size out of range");

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
    if (i % 3 == 1) {
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
  WriteText(dir + ".vkey", log->NoteVerifierKeys()[0] + "\n");
  std::printf("origin=%s\nsize=%llu\nroot=%s\nlog_id=%s\ned25519_vkey=%s\n"
              "pubkey_pem_file=%s\n",
              origin.c_str(), static_cast<unsigned long long>(log->size()),
              ct::HashToBase64(log->Root()).c_str(),
              ct::HashToBase64(log->log_id()).c_str(),
              log->NoteVerifierKeys()[0].c_str(), pem_file.c_str());
  return 0;
}
