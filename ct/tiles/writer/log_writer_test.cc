// Round-trip tests of ct::LogWriter. Every check recomputes from the files on
// disk with BoringSSL and a test-local CBS parser and a naive recursive MTH,
// independently of the writer's encoders and of ct/merkle's CompactRange.
#include "ct/tiles/writer/log_writer.h"

#include <dirent.h>
#include <openssl/bytestring.h>
#include <openssl/curve25519.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/mem.h>
#include <openssl/nid.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

using Bytes = std::vector<uint8_t>;
using H = std::array<uint8_t, 32>;

constexpr char kOrigin[] = "example.com/test2026h1";
constexpr uint64_t kBaseTime = 1767225600000;  // 2026-01-01T00:00:00Z

// ---------------------------------------------------------------------------
// Test-local reference code (no writer or ct/merkle code).

H Sha256(absl::Span<const uint8_t> d) {
  H out;
  SHA256(d.data(), d.size(), out.data());
  return out;
}

H RefLeafHash(absl::Span<const uint8_t> mtl) {
  Bytes b = {0x00};
  b.insert(b.end(), mtl.begin(), mtl.end());
  return Sha256(b);
}

H RefNode(const H& l, const H& r) {
  Bytes b = {0x01};
  b.insert(b.end(), l.begin(), l.end());
  b.insert(b.end(), r.begin(), r.end());
  return Sha256(b);
}

// RefMth is the naive recursive RFC 6962 §2.1 MTH.
H RefMth(absl::Span<const H> leaves) {
  if (leaves.empty()) return Sha256({});
  if (leaves.size() == 1) return leaves[0];
  size_t k = 1;
  while (k * 2 < leaves.size()) k *= 2;
  return RefNode(RefMth(leaves.subspan(0, k)), RefMth(leaves.subspan(k)));
}

std::string Hex(absl::Span<const uint8_t> b) {
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
}

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return false;
  out->resize(static_cast<size_t>(in.tellg()));
  in.seekg(0);
  return static_cast<bool>(in.read(&(*out)[0], out->size())) || out->empty();
}

// ListFiles returns every regular file under `root`/`sub`, relative to root.
void ListFiles(const std::string& root, const std::string& sub,
               std::set<std::string>* out) {
  DIR* d = opendir((root + "/" + sub).c_str());
  if (d == nullptr) return;
  while (struct dirent* e = readdir(d)) {
    const std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    const std::string rel = sub.empty() ? name : sub + "/" + name;
    struct stat st;
    ASSERT_EQ(stat((root + "/" + rel).c_str(), &st), 0);
    if (S_ISDIR(st.st_mode)) {
      ListFiles(root, rel, out);
    } else {
      out->insert(rel);
    }
  }
  closedir(d);
}

std::string RefIndexPath(uint64_t n) {
  std::string s = absl::StrFormat("%03d", n % 1000);
  for (n /= 1000; n > 0; n /= 1000) {
    s = absl::StrFormat("x%03d/", n % 1000) + s;
  }
  return s;
}

std::string RefTilePath(const std::string& level, uint64_t n, uint64_t w) {
  std::string p = absl::StrCat("tile/", level, "/", RefIndexPath(n));
  if (w < 256) absl::StrAppend(&p, ".p/", w);
  return p;
}

// ---------------------------------------------------------------------------
// Synthetic entries.

struct TestEntry {
  bool precert = false;
  uint64_t timestamp = 0;
  Bytes cert;     // x509: certificate; precert: the precertificate
  Bytes tbs;      // precert only
  Bytes ikh;      // precert only
  std::vector<Bytes> chain;
};

Bytes Pseudo(uint64_t seed, size_t len) {
  Bytes out;
  uint8_t ctr[16] = {0};
  for (int i = 0; i < 8; ++i) ctr[i] = static_cast<uint8_t>(seed >> (8 * i));
  uint64_t block = 0;
  while (out.size() < len) {
    for (int i = 0; i < 8; ++i) {
      ctr[8 + i] = static_cast<uint8_t>(block >> (8 * i));
    }
    H h;
    SHA256(ctr, sizeof(ctr), h.data());
    out.insert(out.end(), h.begin(), h.end());
    ++block;
  }
  out.resize(len);
  out[0] = 0x30;  // looks like a DER SEQUENCE; content is opaque to the log
  return out;
}

std::vector<Bytes> IssuerPool() {
  return {Pseudo(1000001, 300), Pseudo(1000002, 310), Pseudo(1000003, 290)};
}

std::vector<TestEntry> MakeEntries(uint64_t first, uint64_t n,
                                   size_t cert_size) {
  const std::vector<Bytes> pool = IssuerPool();
  std::vector<TestEntry> out(n);
  for (uint64_t k = 0; k < n; ++k) {
    const uint64_t i = first + k;
    TestEntry& e = out[k];
    e.precert = i % 3 == 1;
    e.timestamp = kBaseTime + i * 7;
    e.cert = Pseudo(i, cert_size + i % 17);
    if (e.precert) {
      e.tbs = Pseudo(i + (uint64_t{1} << 40), cert_size / 2 + i % 5);
      e.ikh = Pseudo(i + (uint64_t{1} << 41), 32);
    }
    e.chain.push_back(pool[i % 2]);
    if (i % 4 != 3) e.chain.push_back(pool[2]);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Keys.

struct Keys {
  bssl::UniquePtr<EC_KEY> log_key;
  std::string log_key_der;  // SEC1
  std::string log_key_pem;  // PKCS#8
  H log_id;
  std::array<uint8_t, 32> ed_seed;
  std::array<uint8_t, 32> ed_pub;
};

Keys MakeKeys() {
  Keys k;
  k.log_key.reset(EC_KEY_new_by_curve_name(NID_X9_62_prime256v1));
  EXPECT_TRUE(EC_KEY_generate_key(k.log_key.get()));
  bssl::ScopedCBB cbb;
  uint8_t* der;
  size_t len;
  EXPECT_TRUE(CBB_init(cbb.get(), 0) &&
              EC_KEY_marshal_private_key(cbb.get(), k.log_key.get(), 0) &&
              CBB_finish(cbb.get(), &der, &len));
  k.log_key_der.assign(reinterpret_cast<char*>(der), len);
  OPENSSL_free(der);
  bssl::UniquePtr<EVP_PKEY> pkey(EVP_PKEY_new());
  EVP_PKEY_set1_EC_KEY(pkey.get(), k.log_key.get());
  bssl::UniquePtr<BIO> bio(BIO_new(BIO_s_mem()));
  EXPECT_TRUE(PEM_write_bio_PKCS8PrivateKey(bio.get(), pkey.get(), nullptr,
                                            nullptr, 0, nullptr, nullptr));
  const uint8_t* pem;
  size_t pem_len;
  BIO_mem_contents(bio.get(), &pem, &pem_len);
  k.log_key_pem.assign(reinterpret_cast<const char*>(pem), pem_len);
  uint8_t* spki;
  size_t spki_len;
  bssl::ScopedCBB cbb2;
  EXPECT_TRUE(CBB_init(cbb2.get(), 0) &&
              EVP_marshal_public_key(cbb2.get(), pkey.get()) &&
              CBB_finish(cbb2.get(), &spki, &spki_len));
  SHA256(spki, spki_len, k.log_id.data());
  OPENSSL_free(spki);
  for (int i = 0; i < 32; ++i) k.ed_seed[i] = static_cast<uint8_t>(i * 7 + 1);
  uint8_t priv[64];
  ED25519_keypair_from_seed(k.ed_pub.data(), priv, k.ed_seed.data());
  return k;
}

uint32_t RefKeyId(absl::string_view name, uint8_t type,
                  absl::Span<const uint8_t> key) {
  Bytes b(name.begin(), name.end());
  b.push_back(0x0a);
  b.push_back(type);
  b.insert(b.end(), key.begin(), key.end());
  H h = Sha256(b);
  return (uint32_t{h[0]} << 24) | (uint32_t{h[1]} << 16) |
         (uint32_t{h[2]} << 8) | h[3];
}

bool VerifyEcdsa(EC_KEY* key, absl::Span<const uint8_t> msg,
                 absl::Span<const uint8_t> sig) {
  H digest = Sha256(msg);
  return ECDSA_verify(0, digest.data(), digest.size(), sig.data(), sig.size(),
                      key) == 1;
}

// ---------------------------------------------------------------------------
// Verification from disk.

struct Checkpoint {
  uint64_t size = 0;
  H root{};
  uint64_t timestamp = 0;
};

// VerifyCheckpoint parses `dir`/checkpoint and checks both signatures.
void VerifyCheckpointInto(const std::string& dir, const Keys& keys,
                          Checkpoint* out) {
  Checkpoint& cp = *out;
  std::string note;
  EXPECT_TRUE(ReadFile(dir + "/checkpoint", &note));
  const size_t split = note.rfind("\n\n");
  EXPECT_NE(split, std::string::npos);
  if (split == std::string::npos) return;
  const std::string text = note.substr(0, split + 1);
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  EXPECT_EQ(lines.size(), 4u);  // origin, size, root, "" after final \n
  if (lines.size() != 4) return;
  EXPECT_EQ(lines[0], kOrigin);
  EXPECT_TRUE(absl::SimpleAtoi(lines[1], &cp.size));
  EXPECT_EQ(absl::StrCat(cp.size), lines[1]);  // no leading zeros
  std::string root;
  EXPECT_TRUE(absl::Base64Unescape(lines[2], &root));
  EXPECT_EQ(root.size(), 32u);
  std::copy(root.begin(), root.end(), cp.root.begin());

  std::vector<std::string> sigs =
      absl::StrSplit(note.substr(split + 2), '\n', absl::SkipEmpty());
  EXPECT_EQ(sigs.size(), 2u);
  bool saw_rfc6962 = false, saw_ed25519 = false;
  for (const std::string& line : sigs) {
    std::vector<std::string> f = absl::StrSplit(line, ' ');
    ASSERT_EQ(f.size(), 3u) << line;
    EXPECT_EQ(f[0], "\xe2\x80\x94");
    std::string blob;
    ASSERT_TRUE(absl::Base64Unescape(f[2], &blob));
    CBS cbs;
    CBS_init(&cbs, reinterpret_cast<const uint8_t*>(blob.data()), blob.size());
    uint32_t key_id;
    ASSERT_TRUE(CBS_get_u32(&cbs, &key_id));
    if (f[1] == kOrigin &&
        key_id == RefKeyId(kOrigin, 0x05, keys.log_id)) {
      // RFC6962NoteSignature: u64 timestamp || digitally-signed.
      uint8_t hash_alg, sig_alg;
      CBS sig;
      ASSERT_TRUE(CBS_get_u64(&cbs, &cp.timestamp) &&
                  CBS_get_u8(&cbs, &hash_alg) && CBS_get_u8(&cbs, &sig_alg) &&
                  CBS_get_u16_length_prefixed(&cbs, &sig));
      EXPECT_EQ(CBS_len(&cbs), 0u);
      EXPECT_EQ(hash_alg, 4);
      EXPECT_EQ(sig_alg, 3);
      Bytes input = {0x00, 0x01};
      for (int i = 7; i >= 0; --i) input.push_back(cp.timestamp >> (8 * i));
      for (int i = 7; i >= 0; --i) input.push_back(cp.size >> (8 * i));
      input.insert(input.end(), cp.root.begin(), cp.root.end());
      EXPECT_EQ(input.size(), 50u);
      EXPECT_TRUE(VerifyEcdsa(keys.log_key.get(), input,
                              absl::MakeConstSpan(CBS_data(&sig),
                                                  CBS_len(&sig))));
      saw_rfc6962 = true;
    } else if (f[1] == "witness.example/ed" &&
               key_id == RefKeyId("witness.example/ed", 0x01, keys.ed_pub)) {
      ASSERT_EQ(CBS_len(&cbs), 64u);
      EXPECT_TRUE(ED25519_verify(
          reinterpret_cast<const uint8_t*>(text.data()), text.size(),
          CBS_data(&cbs), keys.ed_pub.data()));
      saw_ed25519 = true;
    } else {
      ADD_FAILURE() << "unknown signature line " << line;
    }
  }
  EXPECT_TRUE(saw_rfc6962);
  EXPECT_TRUE(saw_ed25519);
}

Checkpoint VerifyCheckpoint(const std::string& dir, const Keys& keys) {
  Checkpoint cp;
  VerifyCheckpointInto(dir, keys, &cp);
  return cp;
}

// ExpectedTiles returns every tile path (data and hash) of a tree of size s.
std::set<std::string> ExpectedTiles(uint64_t s) {
  std::set<std::string> out;
  for (uint64_t n = 0; n * 256 < s; ++n) {
    out.insert(RefTilePath("data", n, std::min<uint64_t>(256, s - n * 256)));
  }
  for (int level = 0; (s >> (8 * level)) > 0; ++level) {
    const uint64_t count = s >> (8 * level);
    for (uint64_t n = 0; n * 256 < count; ++n) {
      out.insert(RefTilePath(absl::StrCat(level), n,
                             std::min<uint64_t>(256, count - n * 256)));
    }
  }
  return out;
}

// ParsedLeaf is one TileLeaf read back from a data tile.
struct ParsedLeaf {
  Bytes merkle_tree_leaf;  // 00 00 || TimestampedEntry
  uint64_t timestamp = 0;
  uint16_t entry_type = 0;
  Bytes cert, ikh, precert;
  Bytes extensions;
  std::vector<H> fingerprints;
};

bool ParseTileLeaf(CBS* cbs, ParsedLeaf* out) {
  const uint8_t* start = CBS_data(cbs);
  CBS cert, ext, precert, fps;
  if (!CBS_get_u64(cbs, &out->timestamp) ||
      !CBS_get_u16(cbs, &out->entry_type)) {
    return false;
  }
  if (out->entry_type == 1) {
    out->ikh.resize(32);
    if (!CBS_copy_bytes(cbs, out->ikh.data(), 32)) return false;
  } else if (out->entry_type != 0) {
    return false;
  }
  if (!CBS_get_u24_length_prefixed(cbs, &cert) ||
      !CBS_get_u16_length_prefixed(cbs, &ext)) {
    return false;
  }
  out->merkle_tree_leaf = {0x00, 0x00};
  out->merkle_tree_leaf.insert(out->merkle_tree_leaf.end(), start,
                               CBS_data(cbs));
  out->cert.assign(CBS_data(&cert), CBS_data(&cert) + CBS_len(&cert));
  out->extensions.assign(CBS_data(&ext), CBS_data(&ext) + CBS_len(&ext));
  if (out->entry_type == 1) {
    if (!CBS_get_u24_length_prefixed(cbs, &precert)) return false;
    out->precert.assign(CBS_data(&precert),
                        CBS_data(&precert) + CBS_len(&precert));
  }
  if (!CBS_get_u16_length_prefixed(cbs, &fps) || CBS_len(&fps) % 32 != 0) {
    return false;
  }
  while (CBS_len(&fps) > 0) {
    H h;
    CBS_copy_bytes(&fps, h.data(), 32);
    out->fingerprints.push_back(h);
  }
  return true;
}

Bytes LeafIndexExt(uint64_t i) {
  return {0x00, 0x00, 0x05, static_cast<uint8_t>(i >> 32),
          static_cast<uint8_t>(i >> 24), static_cast<uint8_t>(i >> 16),
          static_cast<uint8_t>(i >> 8), static_cast<uint8_t>(i)};
}

struct VerifyOptions {
  bool exact_tile_set = true;  // false after incremental publishes
  size_t sct_signature_stride = 1;
};

// VerifyLog checks everything under `dir` against `entries` and `scts`.
void VerifyLog(const std::string& dir, const Keys& keys,
               const std::vector<TestEntry>& entries,
               const std::vector<AddedEntry>& added,
               const VerifyOptions& opts) {
  const uint64_t s = entries.size();
  const Checkpoint cp = VerifyCheckpoint(dir, keys);
  ASSERT_EQ(cp.size, s);

  // Tile set.
  std::set<std::string> files;
  ListFiles(dir, "tile", &files);
  const std::set<std::string> want = ExpectedTiles(s);
  for (const std::string& w : want) {
    EXPECT_TRUE(files.count(w)) << "missing " << w;
  }
  if (opts.exact_tile_set) {
    EXPECT_EQ(files, want);
  } else {
    for (const std::string& f : files) {
      EXPECT_TRUE(want.count(f) || absl::StrContains(f, ".p/")) << f;
    }
  }

  // Data tiles -> leaf hashes, entry by entry.
  std::vector<H> leaves;
  leaves.reserve(s);
  std::set<std::string> issuers_needed;
  for (uint64_t n = 0; n * 256 < s; ++n) {
    const uint64_t w = std::min<uint64_t>(256, s - n * 256);
    std::string tile;
    ASSERT_TRUE(ReadFile(dir + "/" + RefTilePath("data", n, w), &tile)) << n;
    CBS cbs;
    CBS_init(&cbs, reinterpret_cast<const uint8_t*>(tile.data()), tile.size());
    for (uint64_t k = 0; k < w; ++k) {
      const uint64_t i = n * 256 + k;
      const TestEntry& e = entries[i];
      ParsedLeaf p;
      ASSERT_TRUE(ParseTileLeaf(&cbs, &p)) << "entry " << i;
      EXPECT_EQ(p.timestamp, e.timestamp);
      EXPECT_EQ(p.entry_type, e.precert ? 1 : 0);
      EXPECT_EQ(p.extensions, LeafIndexExt(i));
      if (e.precert) {
        EXPECT_EQ(p.cert, e.tbs);
        EXPECT_EQ(p.ikh, e.ikh);
        EXPECT_EQ(p.precert, e.cert);
      } else {
        EXPECT_EQ(p.cert, e.cert);
      }
      ASSERT_EQ(p.fingerprints.size(), e.chain.size());
      for (size_t c = 0; c < e.chain.size(); ++c) {
        EXPECT_EQ(p.fingerprints[c], Sha256(e.chain[c]));
        issuers_needed.insert(Hex(p.fingerprints[c]));
      }
      leaves.push_back(RefLeafHash(p.merkle_tree_leaf));
      EXPECT_EQ(leaves.back(), added[i].leaf_hash) << i;

      // The SCT: RFC 6962 §3.2 over the MerkleTreeLeaf read from disk.
      const AddedEntry& a = added[i];
      EXPECT_EQ(a.leaf_index, i);
      CBS sct, ext, sig;
      CBS_init(&sct, a.sct.data(), a.sct.size());
      uint8_t version, hash_alg, sig_alg;
      H id;
      uint64_t ts;
      ASSERT_TRUE(CBS_get_u8(&sct, &version) &&
                  CBS_copy_bytes(&sct, id.data(), 32) &&
                  CBS_get_u64(&sct, &ts) &&
                  CBS_get_u16_length_prefixed(&sct, &ext) &&
                  CBS_get_u8(&sct, &hash_alg) && CBS_get_u8(&sct, &sig_alg) &&
                  CBS_get_u16_length_prefixed(&sct, &sig));
      EXPECT_EQ(CBS_len(&sct), 0u);
      EXPECT_EQ(version, 0);
      EXPECT_EQ(id, keys.log_id);
      EXPECT_EQ(ts, e.timestamp);
      EXPECT_EQ(Bytes(CBS_data(&ext), CBS_data(&ext) + CBS_len(&ext)),
                LeafIndexExt(i));
      EXPECT_EQ(hash_alg, 4);
      EXPECT_EQ(sig_alg, 3);
      if (i % opts.sct_signature_stride == 0 || i + 1 == s) {
        EXPECT_TRUE(VerifyEcdsa(
            keys.log_key.get(), p.merkle_tree_leaf,
            absl::MakeConstSpan(CBS_data(&sig), CBS_len(&sig))))
            << "SCT " << i;
      }
    }
    EXPECT_EQ(CBS_len(&cbs), 0u) << "trailing bytes in data tile " << n;
  }
  ASSERT_EQ(leaves.size(), s);

  // Issuers: every fingerprint resolves to a file hashing to its name.
  std::set<std::string> issuer_files;
  ListFiles(dir, "issuer", &issuer_files);
  for (const std::string& fp : issuers_needed) {
    std::string der;
    ASSERT_TRUE(ReadFile(dir + "/issuer/" + fp, &der)) << fp;
    EXPECT_EQ(Hex(Sha256(absl::MakeConstSpan(
                  reinterpret_cast<const uint8_t*>(der.data()), der.size()))),
              fp);
  }
  EXPECT_EQ(issuer_files.size(), issuers_needed.size());

  // Hash tiles: tile n at level L holds MTH of 256^L-leaf subtrees.
  for (int level = 0; (s >> (8 * level)) > 0; ++level) {
    const uint64_t count = s >> (8 * level);
    const uint64_t span = uint64_t{1} << (8 * level);
    for (uint64_t n = 0; n * 256 < count; ++n) {
      const uint64_t w = std::min<uint64_t>(256, count - n * 256);
      std::string tile;
      ASSERT_TRUE(ReadFile(
          dir + "/" + RefTilePath(absl::StrCat(level), n, w), &tile));
      ASSERT_EQ(tile.size(), w * 32) << level << "/" << n;
      for (uint64_t i = 0; i < w; ++i) {
        const H want_hash = RefMth(absl::MakeConstSpan(leaves).subspan(
            (n * 256 + i) * span, span));
        EXPECT_EQ(tile.substr(i * 32, 32),
                  std::string(want_hash.begin(), want_hash.end()))
            << "tile " << level << "/" << n << " hash " << i;
      }
    }
  }

  // Root.
  EXPECT_EQ(cp.root, RefMth(leaves));
}

// ---------------------------------------------------------------------------

std::string TempDir(const std::string& name) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::string dir = absl::StrCat(tmp ? tmp : "/tmp", "/", name);
  std::string cmd = "rm -rf '" + dir + "'";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  return dir;
}

class LogWriterTest : public ::testing::Test {
 protected:
  void SetUp() override { keys_ = MakeKeys(); }

  LogWriterOptions Options(const std::string& dir) {
    LogWriterOptions o;
    o.origin = kOrigin;
    o.log_private_key = keys_.log_key_der;
    o.ed25519_note_keys.push_back({"witness.example/ed", keys_.ed_seed});
    o.directory = dir;
    o.clock_ms = [this] { return now_; };
    return o;
  }

  void Append(LogWriter& log, const std::vector<TestEntry>& entries) {
    for (const TestEntry& e : entries) {
      absl::StatusOr<AddedEntry> a =
          e.precert ? log.AddPrecertificate(e.cert, e.tbs, e.ikh, e.chain,
                                            e.timestamp)
                    : log.AddCertificate(e.cert, e.chain, e.timestamp);
      ASSERT_TRUE(a.ok()) << a.status();
      added_.push_back(*std::move(a));
      if (e.timestamp > now_) now_ = e.timestamp + 1;
    }
  }

  // RoundTrip writes n entries, publishes, verifies; returns the directory.
  std::string RoundTrip(uint64_t n, size_t cert_size, size_t stride) {
    const std::string dir = TempDir(absl::StrCat("log", n));
    absl::StatusOr<LogWriter> log = LogWriter::Create(Options(dir));
    EXPECT_TRUE(log.ok()) << log.status();
    if (!log.ok()) return dir;
    const std::vector<TestEntry> entries = MakeEntries(0, n, cert_size);
    Append(*log, entries);
    absl::StatusOr<std::string> cp = log->Publish();
    EXPECT_TRUE(cp.ok()) << cp.status();
    VerifyOptions opts;
    opts.sct_signature_stride = stride;
    VerifyLog(dir, keys_, entries, added_, opts);
    EXPECT_EQ(VerifyCheckpoint(dir, keys_).root, log->Root());
    return dir;
  }

  Keys keys_;
  uint64_t now_ = kBaseTime;
  std::vector<AddedEntry> added_;
};

TEST_F(LogWriterTest, PublishesEmptyTree) {
  const std::string dir = TempDir("empty");
  absl::StatusOr<LogWriter> log = LogWriter::Create(Options(dir));
  ASSERT_TRUE(log.ok()) << log.status();
  ASSERT_TRUE(log->Publish().ok());
  const Checkpoint cp = VerifyCheckpoint(dir, keys_);
  EXPECT_EQ(cp.size, 0u);
  EXPECT_EQ(cp.root, Sha256({}));
  EXPECT_EQ(cp.timestamp, now_);
  std::set<std::string> files;
  ListFiles(dir, "", &files);
  EXPECT_EQ(files, std::set<std::string>{"checkpoint"});
}

TEST_F(LogWriterTest, RoundTripsOneEntry) { RoundTrip(1, 200, 1); }
TEST_F(LogWriterTest, RoundTrips255Entries) { RoundTrip(255, 200, 1); }
TEST_F(LogWriterTest, RoundTrips256Entries) { RoundTrip(256, 200, 1); }
TEST_F(LogWriterTest, RoundTrips257Entries) { RoundTrip(257, 200, 1); }

TEST_F(LogWriterTest, AcceptsPemKeyAndReportsKeys) {
  LogWriterOptions o = Options(TempDir("pem"));
  o.log_private_key = keys_.log_key_pem;
  absl::StatusOr<LogWriter> log = LogWriter::Create(o);
  ASSERT_TRUE(log.ok()) << log.status();
  EXPECT_EQ(log->log_id(), keys_.log_id);
  EXPECT_EQ(Sha256(log->LogPublicKeyDer()), keys_.log_id);
  EXPECT_TRUE(absl::StartsWith(log->LogPublicKeyPem(),
                               "-----BEGIN PUBLIC KEY-----\n"));
  // The PEM parses back to the same SPKI.
  const std::string pem = log->LogPublicKeyPem();
  bssl::UniquePtr<BIO> bio(BIO_new_mem_buf(pem.data(), pem.size()));
  bssl::UniquePtr<EVP_PKEY> pub(
      PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  ASSERT_TRUE(pub);
  EXPECT_EQ(EC_POINT_cmp(EC_KEY_get0_group(keys_.log_key.get()),
                         EC_KEY_get0_public_key(EVP_PKEY_get0_EC_KEY(pub.get())),
                         EC_KEY_get0_public_key(keys_.log_key.get()), nullptr),
            0);
  // Verifier key string: name+hexid+base64(0x01||pub).
  ASSERT_EQ(log->NoteVerifierKeys().size(), 1u);
  Bytes blob = {0x01};
  blob.insert(blob.end(), keys_.ed_pub.begin(), keys_.ed_pub.end());
  const std::string want = absl::StrFormat(
      "witness.example/ed+%08x+%s",
      RefKeyId("witness.example/ed", 0x01, keys_.ed_pub),
      absl::Base64Escape(std::string(blob.begin(), blob.end())));
  EXPECT_EQ(log->NoteVerifierKeys()[0], want);
  absl::StatusOr<std::string> vkey =
      Ed25519NoteVerifierKey("witness.example/ed", keys_.ed_seed);
  ASSERT_TRUE(vkey.ok());
  EXPECT_EQ(*vkey, want);
}

TEST_F(LogWriterTest, PublishesIncrementally) {
  const std::string dir = TempDir("incremental");
  absl::StatusOr<LogWriter> log = LogWriter::Create(Options(dir));
  ASSERT_TRUE(log.ok()) << log.status();
  std::vector<TestEntry> all;
  for (uint64_t target : {100, 256, 300, 600, 601}) {
    std::vector<TestEntry> more = MakeEntries(all.size(), target - all.size(),
                                              60);
    Append(*log, more);
    all.insert(all.end(), more.begin(), more.end());
    ASSERT_TRUE(log->Publish().ok());
    VerifyOptions opts;
    opts.exact_tile_set = false;
    VerifyLog(dir, keys_, all, added_, opts);
  }
  // Old partial tiles stay; their replacements are the full tiles.
  struct stat st;
  EXPECT_EQ(stat((dir + "/tile/data/000.p/100").c_str(), &st), 0);
  EXPECT_EQ(stat((dir + "/tile/0/001.p/44").c_str(), &st), 0);
  EXPECT_EQ(stat((dir + "/tile/0/002.p/89").c_str(), &st), 0);
}

TEST_F(LogWriterTest, RejectsHostileEntries) {
  const std::string dir = TempDir("hostile");
  absl::StatusOr<LogWriter> log = LogWriter::Create(Options(dir));
  ASSERT_TRUE(log.ok()) << log.status();
  const Bytes ok_cert = Pseudo(1, 50);
  const Bytes empty;
  const Bytes huge(size_t{1} << 24, 0x30);  // 2^24 > 2^24-1
  const std::vector<Bytes> chain = {Pseudo(2, 40)};
  const Bytes ikh(32, 1), ikh31(31, 1);

  auto code = [](const absl::StatusOr<AddedEntry>& r) {
    return r.status().code();
  };
  EXPECT_EQ(code(log->AddCertificate(empty, chain, kBaseTime)),
            absl::StatusCode::kInvalidArgument);
  absl::StatusOr<AddedEntry> r = log->AddCertificate(huge, chain, kBaseTime);
  EXPECT_EQ(code(r), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(r.status().message(), "16777216 bytes"))
      << r.status();
  const std::vector<Bytes> long_chain(2048, Pseudo(3, 40));
  r = log->AddCertificate(ok_cert, long_chain, kBaseTime);
  EXPECT_EQ(code(r), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(r.status().message(), "2048")) << r.status();
  EXPECT_EQ(code(log->AddCertificate(ok_cert, {empty}, kBaseTime)),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code(log->AddCertificate(ok_cert, {huge}, kBaseTime)),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code(log->AddPrecertificate(ok_cert, ok_cert, ikh31, chain,
                                        kBaseTime)),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code(log->AddPrecertificate(ok_cert, empty, ikh, chain,
                                        kBaseTime)),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code(log->AddPrecertificate(empty, ok_cert, ikh, chain,
                                        kBaseTime)),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code(log->AddPrecertificate(huge, ok_cert, ikh, chain,
                                        kBaseTime)),
            absl::StatusCode::kInvalidArgument);
  // Nothing was sequenced and nothing written for rejected entries.
  EXPECT_EQ(log->size(), 0u);
  std::set<std::string> files;
  ListFiles(dir, "", &files);
  EXPECT_TRUE(files.empty());
  // A chain of the maximum length (2047) is accepted.
  const std::vector<Bytes> max_chain(2047, Pseudo(3, 40));
  EXPECT_TRUE(log->AddCertificate(ok_cert, max_chain, kBaseTime).ok());
  EXPECT_EQ(log->size(), 1u);
}

TEST_F(LogWriterTest, RejectsBadOptions) {
  LogWriterOptions o = Options(TempDir("opts"));
  o.origin = "has space";
  EXPECT_EQ(LogWriter::Create(o).status().code(),
            absl::StatusCode::kInvalidArgument);
  o.origin = "";
  EXPECT_EQ(LogWriter::Create(o).status().code(),
            absl::StatusCode::kInvalidArgument);
  o = Options(TempDir("opts"));
  o.log_private_key = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
  EXPECT_EQ(LogWriter::Create(o).status().code(),
            absl::StatusCode::kInvalidArgument);
  o = Options(TempDir("opts"));
  o.ed25519_note_keys[0].name = "bad+name";
  EXPECT_EQ(LogWriter::Create(o).status().code(),
            absl::StatusCode::kInvalidArgument);
  o = Options("");
  EXPECT_EQ(LogWriter::Create(o).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(LogWriterTest, RefusesCheckpointOlderThanEntries) {
  absl::StatusOr<LogWriter> log = LogWriter::Create(Options(TempDir("clock")));
  ASSERT_TRUE(log.ok());
  ASSERT_TRUE(log->AddCertificate(Pseudo(1, 50), {}, now_ + 1000).ok());
  EXPECT_EQ(log->Publish().status().code(),
            absl::StatusCode::kFailedPrecondition);
  now_ += 1000;
  ASSERT_TRUE(log->Publish().ok());
  now_ -= 1;
  EXPECT_EQ(log->Publish().status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(LogWriterTest, TileWriteFailureIsSticky) {
  const std::string dir = TempDir("sticky");
  absl::StatusOr<LogWriter> log = LogWriter::Create(Options(dir));
  ASSERT_TRUE(log.ok());
  // A regular file where the tile/ directory should go.
  std::ofstream(dir + "/tile") << "in the way";
  const std::vector<TestEntry> entries = MakeEntries(0, 256, 40);
  for (size_t i = 0; i < 255; ++i) {
    ASSERT_TRUE(log->AddCertificate(entries[i].cert, {}, kBaseTime).ok());
  }
  absl::StatusOr<AddedEntry> r =
      log->AddCertificate(entries[255].cert, {}, kBaseTime);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition)
      << r.status();
  EXPECT_EQ(log->AddCertificate(entries[0].cert, {}, kBaseTime).status(),
            r.status());
  EXPECT_EQ(log->Publish().status(), r.status());
}

// Large trees: run by the medium-size test target (see BUILD.bazel). Every
// SCT's encoding, log ID, timestamp and leaf_index is checked. The 70,000
// case verifies every SCT's ECDSA signature; the 65,536 case verifies every
// kLargeSctStride-th (and the last), since ECDSA verification dominates the
// run time and the signing path is the same for every entry.
constexpr size_t kLargeSctStride = 16;

TEST_F(LogWriterTest, Large_RoundTrips65536Entries) {
  RoundTrip(65536, 24, kLargeSctStride);
}

TEST_F(LogWriterTest, Large_RoundTrips70000EntriesWithSpecTileSet) {
  const std::string dir = RoundTrip(70000, 24, 1);
  // SPECS.md §2c / static-ct-api: s = 70,000 gives 273 full level-0 tiles,
  // 0/273.p/112, one full level-1 tile, 1/001.p/17 and 2/000.p/1.
  std::set<std::string> files;
  ListFiles(dir, "tile", &files);
  std::set<std::string> hash_tiles;
  int full0 = 0;
  for (const std::string& f : files) {
    if (absl::StartsWith(f, "tile/data/")) continue;
    if (absl::StartsWith(f, "tile/0/") && !absl::StrContains(f, ".p/")) {
      ++full0;
      continue;
    }
    hash_tiles.insert(f);
  }
  EXPECT_EQ(full0, 273);
  EXPECT_EQ(hash_tiles, (std::set<std::string>{"tile/0/273.p/112",
                                                "tile/1/000", "tile/1/001.p/17",
                                                "tile/2/000.p/1"}));
}

}  // namespace
}  // namespace ct
