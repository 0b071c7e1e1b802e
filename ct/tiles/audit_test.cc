#include "ct/tiles/audit.h"

#include <openssl/sha.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "ct/base/bytes.h"
#include "ct/base/errors.h"
#include "ct/merkle/compact_range.h"
#include "ct/merkle/hash.h"
#include "ct/testing/testdata.h"
#include "ct/tiles/fetcher.h"
#include "ct/tiles/testing/navigli.h"
#include "ct/tiles/tile.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace ct {
namespace {

using ::ct::testing::ReadTestdata;

std::string LeafIndexExt(uint64_t index) {
  std::string e = {0, 0, 5};
  for (int i = 4; i >= 0; --i) e.push_back(static_cast<char>(index >> (8 * i)));
  return e;
}

Hash Reduce(std::vector<Hash> v) {
  while (v.size() > 1) {
    for (size_t i = 0; i < v.size() / 2; ++i) v[i] = HashChildren(v[2 * i], v[2 * i + 1]);
    v.resize(v.size() / 2);
  }
  return v[0];
}

// OverlayFetcher serves `base` except for one replaced resource.
class OverlayFetcher final : public Fetcher {
 public:
  OverlayFetcher(Fetcher* base, std::string path, std::string body, bool missing = false)
      : base_(base), path_(std::move(path)), body_(std::move(body)), missing_(missing) {}
  absl::StatusOr<std::string> Fetch(absl::string_view path) override {
    if (path == path_ && missing_) return absl::NotFoundError("gone");
    if (path == path_) return body_;
    return base_->Fetch(path);
  }

 private:
  Fetcher* base_;
  std::string path_, body_;
  bool missing_;
};

std::string IssuerDer(uint64_t k) { return absl::StrCat("issuer certificate ", k); }
Hash Issuer(uint64_t k) {
  Hash h;
  std::string d = IssuerDer(k);
  SHA256(reinterpret_cast<const uint8_t*>(d.data()), d.size(), h.data());
  return h;
}

// Builds a static-ct-api log of `size` x509 entries into `f` (data tiles and
// every hash tile, full and partial); returns the root (from CompactRange).
Hash BuildLog(uint64_t size, MemoryFetcher* f, uint64_t bad_leaf_index_at = UINT64_MAX) {
  CompactRange range;
  std::vector<Hash> level;
  std::string data;
  std::vector<std::string> certs(size), exts(size);
  for (uint64_t i = 0; i < size; ++i) {
    certs[i] = absl::StrCat("certificate number ", i);
    exts[i] = LeafIndexExt(i == bad_leaf_index_at ? i + 1 : i);
    TileLeaf leaf;
    leaf.timestamp = 1700000000000 + i;
    leaf.certificate = AsBytes(certs[i]);
    leaf.extensions = AsBytes(exts[i]);
    leaf.chain = {Issuer(i % 3)};
    Bytes one;
    EXPECT_TRUE(AppendTileLeaf(leaf, &one).ok());
    ByteSpan v = one;
    Hash h = LeafHash(*ParseTileLeaf(&v));
    absl::StrAppend(&data, AsChars(one));
    level.push_back(h);
    range.Append(h);
    if (level.size() % kTileWidth == 0 || i + 1 == size) {
      uint64_t n = i / kTileWidth;
      uint32_t w = static_cast<uint32_t>(i % kTileWidth + 1);
      f->Put(TilePath({kDataTileLevel, n, w}), data);
      data.clear();
    }
  }
  for (uint64_t k = 0; k < 3; ++k) f->Put(IssuerPath(Issuer(k)), IssuerDer(k));
  for (int l = 0; !level.empty(); ++l) {
    std::vector<Hash> up;
    for (uint64_t n = 0; n * kTileWidth < level.size(); ++n) {
      uint64_t w = std::min<uint64_t>(kTileWidth, level.size() - n * kTileWidth);
      std::string body;
      for (uint64_t i = 0; i < w; ++i) {
        body.append(reinterpret_cast<const char*>(level[n * kTileWidth + i].data()), 32);
      }
      f->Put(TilePath({l, n, static_cast<uint32_t>(w)}), body);
      if (w == kTileWidth) {
        up.push_back(Reduce(std::vector<Hash>(level.begin() + n * kTileWidth,
                                              level.begin() + (n + 1) * kTileWidth)));
      }
    }
    level = up;
  }
  return size == 0 ? EmptyRoot() : range.Root();
}

TEST(AuditTest, AuditsLogsOfManySizes) {
  for (uint64_t size : {1, 255, 256, 257, 65536, 70000}) {
    MemoryFetcher f;
    Hash root = BuildLog(size, &f);
    for (int jobs : {1, 2}) {
      AuditOptions o;
      o.jobs = jobs;
      uint64_t last_progress = 0;
      o.progress = [&](uint64_t done, uint64_t total) {
        EXPECT_EQ(total, size);
        last_progress = done;
      };
      absl::StatusOr<AuditResult> r = AuditLog(f, size, root, o);
      ASSERT_TRUE(r.ok()) << size << ": " << r.status();
      EXPECT_EQ(r->entries, size);
      EXPECT_EQ(r->root, root);
      EXPECT_EQ(last_progress, size);
    }
  }
}

TEST(AuditTest, AuditsAnOlderTreeSizeWithFullTilesInPlaceOfPartials) {
  MemoryFetcher f;
  BuildLog(1000, &f);
  MemoryFetcher g;
  Hash root300 = BuildLog(300, &g);
  // A log at size 1000 still serves the size-300 partial tiles whose full
  // tiles do not exist yet (1/000.p/1); 0/001.p/44 and data/001.p/44 are gone
  // and fall back to the full tiles.
  f.Put("tile/1/000.p/1", *g.Fetch("tile/1/000.p/1"));
  absl::StatusOr<AuditResult> r = AuditLog(f, 300, root300);
  ASSERT_TRUE(r.ok()) << r.status();
}

TEST(AuditTest, RejectsTamperedLogs) {
  const uint64_t size = 70000;
  MemoryFetcher clean;
  Hash root = BuildLog(size, &clean);
  for (const std::string& target : std::vector<std::string>{"tile/data/000", "tile/data/150", "tile/data/273.p/112", "tile/0/000", "tile/0/273.p/112",
        "tile/1/000", "tile/1/001.p/17", "tile/2/000.p/1", IssuerPath(Issuer(1))}) {
    std::string body = *clean.Fetch(target);
    body[body.size() / 2 + 3] ^= 0x01;
    OverlayFetcher f(&clean, target, body);
    absl::StatusOr<AuditResult> r = AuditLog(f, size, root);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss) << target << ": " << r.status();
    OverlayFetcher gone(&clean, target, "", /*missing=*/true);
    r = AuditLog(gone, size, root);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss) << target << " missing";
    EXPECT_NE(r.status().message().find(target), std::string::npos) << r.status();
  }
  // Every byte of a data tile matters (for x509 entries).
  MemoryFetcher base;
  Hash r3 = BuildLog(3, &base);
  std::string tile = *base.Fetch("tile/data/000.p/3");
  for (size_t i = 0; i < tile.size(); ++i) {
    std::string bad = tile;
    bad[i] ^= 0x10;
    OverlayFetcher f(&base, "tile/data/000.p/3", bad);
    EXPECT_EQ(AuditLog(f, 3, r3).status().code(), absl::StatusCode::kDataLoss) << i;
  }
  Hash wrong = root;
  wrong[0] ^= 1;
  EXPECT_EQ(AuditLog(clean, size, wrong).status().code(), absl::StatusCode::kDataLoss);
  MemoryFetcher bad_index;
  Hash r2 = BuildLog(600, &bad_index, /*bad_leaf_index_at=*/513);
  absl::StatusOr<AuditResult> r = AuditLog(bad_index, 600, r2);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(r.status().message().find("entry 513"), std::string::npos) << r.status();
  // Callers branch on the kind, not the text.
  EXPECT_EQ(ErrorKindOf(r.status()), ErrorKind::kTampered);
  EXPECT_EQ(ErrorKindOf(AuditLog(clean, size, wrong).status()), ErrorKind::kTampered);
}

TEST(AuditTest, AuditsTesseraTlogTilesLog) {
  const std::string dir = "testdata/tiles/tlog-tiles-tessera-testdata/";
  nlohmann::json roots = nlohmann::json::parse(ReadTestdata(dir + "expected.json"))
      ["computed_by_collector"]["roots_b64_by_size"];
  MemoryFetcher f;
  for (int n = 1; n <= 15; ++n) {
    for (const char* kind : {"0", "entries"}) {
      std::string p = absl::StrCat("tile/", kind, "/000.p/", n);
      f.Put(p, ReadTestdata(dir + p));
    }
  }
  AuditOptions o;
  o.format = AuditOptions::kTlogTiles;
  for (int n = 1; n <= 15; ++n) {
    absl::StatusOr<Hash> root = HashFromText(roots[std::to_string(n)].get<std::string>());
    ASSERT_TRUE(root.ok());
    absl::StatusOr<AuditResult> r = AuditLog(f, n, *root, o);
    EXPECT_TRUE(r.ok()) << n << ": " << r.status();
  }
  std::string bad = *f.Fetch("tile/entries/000.p/7");
  bad[4] ^= 1;
  f.Put("tile/entries/000.p/7", bad);
  EXPECT_EQ(AuditLog(f, 7, *HashFromText(roots["7"].get<std::string>()), o).status().code(),
            absl::StatusCode::kDataLoss);
}

TEST(AuditTest, AuditsRealNavigliTiles) {
  const std::string dir = ::ct::testing::kNavigliDir;
  const nlohmann::json c = ::ct::testing::NavigliCollector();
  MemoryFetcher f;
  const std::string l1 = ::ct::testing::PutNavigliTiles(&f);
  f.Put("tile/1/000.p/3", l1.substr(0, 96));
  f.Put("tile/0/003.p/10", ReadTestdata(dir + "tile/0/003.p/10"));
  f.Put("tile/data/003.p/10", ReadTestdata(dir + "tile/data/003.p/10"));
  for (auto [size, key] : {std::pair<uint64_t, const char*>{1024, "root_hash_b64_tree_size_1024"},
                           {778, "root_hash_b64_tree_size_778"},
                           {256, "root_hash_b64_tree_size_256"}}) {
    absl::StatusOr<Hash> root = HashFromText(c[key].get<std::string>());
    ASSERT_TRUE(root.ok());
    if (size == 256) f.Put("tile/1/000.p/1", l1.substr(0, 32));
    AuditOptions o;
    o.check_issuers = false;  // the issuers are not in the test vectors
    absl::StatusOr<AuditResult> r = AuditLog(f, size, *root, o);
    EXPECT_TRUE(r.ok()) << size << ": " << r.status();
  }
}

// NavigliLog loads the real Navigli2025h2 tiles (1024 entries) into `f` and
// returns the collector's root at size 1024.
Hash NavigliLog(MemoryFetcher* f) {
  ::ct::testing::PutNavigliTiles(f);
  return *HashFromText(
      ::ct::testing::NavigliCollector()["root_hash_b64_tree_size_1024"].get<std::string>());
}

TEST(AuditTest, ChecksRealPrecertificatesAgainstTheirTbsByDefault) {
  MemoryFetcher f;
  const Hash root = NavigliLog(&f);
  AuditOptions o;
  EXPECT_TRUE(o.check_precertificates);
  o.check_issuers = false;  // the issuers are not in the test vectors
  for (int jobs : {1, 2}) {
    o.jobs = jobs;
    absl::StatusOr<AuditResult> r = AuditLog(f, 1024, root, o);
    ASSERT_TRUE(r.ok()) << r.status();
    // Every Navigli entry in the vectors is a precert entry, each matching
    // directly (no PSC, so no issuer is needed).
    EXPECT_EQ(r->precertificates, 1024u);
    EXPECT_EQ(r->psc_precertificates, 0u);
  }
  o.check_precertificates = false;
  absl::StatusOr<AuditResult> r = AuditLog(f, 1024, root, o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->precertificates, 0u);
  // Count the precert entries, so the check above is known to have run.
  const std::string tile1 = *f.Fetch("tile/data/001");
  ByteSpan rest = AsBytes(tile1);
  int precerts = 0;
  for (uint64_t i = 256; i < 512; ++i) {
    absl::StatusOr<TileLeaf> leaf = ParseTileLeaf(&rest);
    ASSERT_TRUE(leaf.ok());
    if (leaf->entry_type == TileLeaf::kPrecertEntry) ++precerts;
  }
  ASSERT_GT(precerts, 10);
}

TEST(AuditTest, ReportsTheFirstPrecertificateThatDoesNotMatchItsTbs) {
  MemoryFetcher f;
  const Hash root = NavigliLog(&f);
  const std::string tile1 = *f.Fetch("tile/data/001");
  // The first two precert entries of tile 1; damage both, expect the first.
  ByteSpan rest = AsBytes(tile1);
  std::vector<uint64_t> index;
  std::vector<size_t> where;
  for (uint64_t i = 256; i < 512 && index.size() < 2; ++i) {
    absl::StatusOr<TileLeaf> leaf = ParseTileLeaf(&rest);
    ASSERT_TRUE(leaf.ok());
    if (leaf->entry_type != TileLeaf::kPrecertEntry) continue;
    index.push_back(i);
    // The middle of the precertificate's TBSCertificate (8 bytes of headers).
    where.push_back(leaf->pre_certificate.data() - AsBytes(tile1).data() + 8 +
                    leaf->certificate.size() / 2);
  }
  ASSERT_EQ(index.size(), 2u);
  std::string bad = tile1;
  bad[where[0]] ^= 0x01;
  bad[where[1]] ^= 0x01;
  OverlayFetcher tampered(&f, "tile/data/001", bad);
  AuditOptions o;
  o.check_issuers = false;
  // The Merkle tree does not cover pre_certificate: only the precertificate
  // check (on by default) sees it.
  AuditOptions unchecked = o;
  unchecked.check_precertificates = false;
  EXPECT_TRUE(AuditLog(tampered, 1024, root, unchecked).ok());
  for (int jobs : {1, 2}) {
    o.jobs = jobs;
    absl::StatusOr<AuditResult> r = AuditLog(tampered, 1024, root, o);
    ASSERT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
    EXPECT_NE(r.status().message().find(absl::StrCat("tile/data/001: entry ", index[0], ":")),
              std::string::npos)
        << r.status();
  }
}

TEST(AuditTest, RejectsPlaceholderPrecertificates) {
  // A precert entry whose pre_certificate is not a certificate.
  const std::string tbs_text = "not a TBS", pre = "not a precertificate";
  std::string ext = LeafIndexExt(0);
  TileLeaf leaf;
  leaf.timestamp = 1700000000000;
  leaf.entry_type = TileLeaf::kPrecertEntry;
  leaf.certificate = AsBytes(tbs_text);
  leaf.pre_certificate = AsBytes(pre);
  leaf.extensions = AsBytes(ext);
  Bytes body;
  ASSERT_TRUE(AppendTileLeaf(leaf, &body).ok());
  ByteSpan v = body;
  Hash h = LeafHash(*ParseTileLeaf(&v));
  MemoryFetcher f;
  f.Put("tile/data/000.p/1", ToString(body));
  f.Put("tile/0/000.p/1", std::string(reinterpret_cast<const char*>(h.data()), 32));
  AuditOptions o;
  absl::StatusOr<AuditResult> r = AuditLog(f, 1, h, o);  // checked by default
  ASSERT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(r.status().message().find("entry 0: pre_certificate"), std::string::npos)
      << r.status();
  o.check_precertificates = false;
  EXPECT_TRUE(AuditLog(f, 1, h, o).ok());
}

}  // namespace
}  // namespace ct
