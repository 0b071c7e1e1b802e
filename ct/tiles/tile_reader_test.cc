#include "ct/tiles/tile_reader.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "ct/base/errors.h"
#include "ct/merkle/hash.h"
#include "ct/merkle/hash_source.h"
#include "ct/merkle/prove.h"
#include "ct/merkle/verify.h"
#include "ct/testing/testdata.h"
#include "ct/tiles/fetcher.h"
#include "ct/tiles/testing/navigli.h"
#include "ct/tiles/tile.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace ct {
namespace {

using ::ct::testing::ReadTestdata;

// Mth returns the reference MTH(D[lo:hi]) over `leaves` (RFC 6962 §2.1),
// straight from the definition. Unmemoized on purpose: for the one-shot
// roots of 70,000-leaf trees here, ct::internal::ReferenceTree's memo costs
// several times the hashing.
Hash Mth(const std::vector<Hash>& leaves, uint64_t lo, uint64_t hi) {
  if (hi - lo == 1) return leaves[lo];
  uint64_t k = 1;
  while (k < hi - lo - k) k <<= 1;
  return HashChildren(Mth(leaves, lo, lo + k), Mth(leaves, lo + k, hi));
}

// VerifyInclusion and VerifyConsistency check proofs with ct/merkle's RFC
// 9162 §2.1.3.2 / §2.1.4.2 verifiers.
bool VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf,
                     const std::vector<Hash>& proof, const Hash& root) {
  return ::ct::VerifyInclusion(leaf, index, size, proof, root).ok();
}

bool VerifyConsistency(uint64_t first, uint64_t second, const Hash& first_hash,
                       const Hash& second_hash, const std::vector<Hash>& proof) {
  return ::ct::VerifyConsistency(first, second, proof, first_hash, second_hash).ok();
}

std::string TileBytes(const std::vector<Hash>& level, uint64_t start, uint64_t n) {
  std::string out;
  for (uint64_t i = start; i < start + n; ++i) {
    out.append(reinterpret_cast<const char*>(level[i].data()), kHashSize);
  }
  return out;
}

// Publishes every hash tile (full and partial, every level) of a tree over
// `leaves`, as a static-ct-api log would.
void PublishTiles(const std::vector<Hash>& leaves, MemoryFetcher* f, bool partials = true) {
  std::vector<Hash> level = leaves;
  for (int l = 0; !level.empty(); ++l) {
    for (uint64_t n = 0; n * kTileWidth < level.size(); ++n) {
      uint64_t w = std::min<uint64_t>(kTileWidth, level.size() - n * kTileWidth);
      if (w < kTileWidth && !partials) continue;
      f->Put(TilePath({l, n, static_cast<uint32_t>(w)}), TileBytes(level, n * kTileWidth, w));
    }
    std::vector<Hash> up;
    for (uint64_t n = 0; (n + 1) * kTileWidth <= level.size(); ++n) {
      up.push_back(Mth(level, n * kTileWidth, (n + 1) * kTileWidth));
    }
    level = up;
  }
}

std::vector<Hash> Leaves(uint64_t n) {
  std::vector<Hash> out;
  for (uint64_t i = 0; i < n; ++i) out.push_back(HashLeaf(absl::StrCat("leaf ", i)));
  return out;
}

TEST(TileHashReaderTest, ProofsFromTilesVerifyAtManySizes) {
  for (uint64_t size : {1, 2, 3, 255, 256, 257, 511, 1000, 65536, 65537, 70000}) {
    std::vector<Hash> leaves = Leaves(size);
    MemoryFetcher f;
    PublishTiles(leaves, &f);
    Hash root = Mth(leaves, 0, size);
    TileHashReader reader(size, root, &f);
    ASSERT_TRUE(reader.Verify().ok()) << size;
    for (uint64_t index : {uint64_t{0}, size / 2, size - 1, size / 3, uint64_t{255} % size}) {
      absl::StatusOr<std::vector<Hash>> proof = reader.InclusionProof(index);
      ASSERT_TRUE(proof.ok()) << size << "/" << index << ": " << proof.status();
      EXPECT_TRUE(VerifyInclusion(index, size, leaves[index], *proof, root))
          << "size " << size << " index " << index;
      EXPECT_EQ(*reader.LeafHash(index), leaves[index]);
    }
    for (uint64_t old : {uint64_t{1}, size / 2 + 1, size - 1, size, uint64_t{256} % size + 1}) {
      if (old == 0 || old > size) continue;
      absl::StatusOr<std::vector<Hash>> proof = reader.ConsistencyProof(old);
      ASSERT_TRUE(proof.ok()) << proof.status();
      EXPECT_TRUE(VerifyConsistency(old, size, Mth(leaves, 0, old), root, *proof))
          << "size " << old << " -> " << size;
      EXPECT_EQ(*reader.RangeHash(0, old), Mth(leaves, 0, old));
    }
    EXPECT_EQ(reader.InclusionProof(size).status().code(), absl::StatusCode::kOutOfRange);
    EXPECT_EQ(reader.ConsistencyProof(0).status().code(), absl::StatusCode::kOutOfRange);
    EXPECT_EQ(reader.ConsistencyProof(size + 1).status().code(), absl::StatusCode::kOutOfRange);
  }
}

TEST(TileHashReaderTest, RejectsWrongRoot) {
  std::vector<Hash> leaves = Leaves(1000);
  MemoryFetcher f;
  PublishTiles(leaves, &f);
  Hash root = Mth(leaves, 0, 1000);
  root[5] ^= 1;
  TileHashReader reader(1000, root, &f);
  EXPECT_EQ(reader.Verify().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(reader.InclusionProof(3).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(ErrorKindOf(reader.Verify()), ErrorKind::kTampered);
}

TEST(TileHashReaderTest, RejectsFlippedByteInAnyTile) {
  const uint64_t size = 70000;
  std::vector<Hash> leaves = Leaves(size);
  Hash root = Mth(leaves, 0, size);
  std::vector<std::string> targets = {"tile/0/000", "tile/0/100", "tile/0/272", "tile/0/273.p/112",
                                      "tile/1/000", "tile/1/001.p/17", "tile/2/000.p/1"};
  for (const std::string& target : targets) {
    MemoryFetcher f;
    PublishTiles(leaves, &f);
    std::string body = *f.Fetch(target);
    body[body.size() / 2] ^= 0x40;
    f.Put(target, body);
    TileHashReader reader(size, root, &f);
    absl::StatusOr<TileId> t = ParseTilePath(target);
    ASSERT_TRUE(t.ok());
    // Ask for a leaf under the damaged tile (or any leaf for higher levels).
    uint64_t leaf = t->level == 0 ? t->index * 256 + 100 % t->width : 5;
    EXPECT_EQ(reader.InclusionProof(leaf).status().code(), absl::StatusCode::kDataLoss) << target;
  }
}

TEST(TileHashReaderTest, FallsBackToFullTilesWhenPartialsAreGone) {
  // A log at size 140000 that deleted the partial tiles of an older size
  // (65836) whose full tiles exist now: 0/257.p/44 and 1/001.p/1.
  std::vector<Hash> leaves = Leaves(140000);
  const uint64_t size = 65836;
  MemoryFetcher f;
  PublishTiles(std::vector<Hash>(leaves.begin(), leaves.begin() + size), &f);
  PublishTiles(leaves, &f);
  f.Remove("tile/0/257.p/44");
  f.Remove("tile/1/001.p/1");
  Hash root = Mth(leaves, 0, size);
  TileHashReader reader(size, root, &f);
  ASSERT_TRUE(reader.Verify().ok());
  absl::StatusOr<std::vector<Hash>> proof = reader.InclusionProof(size - 1);
  ASSERT_TRUE(proof.ok()) << proof.status();
  EXPECT_TRUE(VerifyInclusion(size - 1, size, leaves[size - 1], *proof, root));
}

TEST(TileHashReaderTest, ReportsMissingTilesAsNotFound) {
  std::vector<Hash> leaves = Leaves(300);
  MemoryFetcher f;
  PublishTiles(leaves, &f);
  f.Remove("tile/0/001.p/44");
  TileHashReader reader(300, Mth(leaves, 0, 300), &f);
  EXPECT_EQ(reader.Verify().code(), absl::StatusCode::kNotFound);
}

TEST(TileHashReaderTest, CachesAuthenticatedTiles) {
  std::vector<Hash> leaves = Leaves(5000);
  MemoryFetcher f;
  PublishTiles(leaves, &f);
  TileHashReader reader(5000, Mth(leaves, 0, 5000), &f);
  ASSERT_TRUE(reader.InclusionProof(10).ok());
  uint64_t fetches = f.fetch_count();
  ASSERT_TRUE(reader.InclusionProof(11).ok());
  EXPECT_EQ(f.fetch_count(), fetches);
}

TEST(TileHashReaderTest, ReadsRealNavigliTiles) {
  // Real level-0 tiles; the level-1 tile is the collector's level-1 hashes.
  const std::string dir = ::ct::testing::kNavigliDir;
  const nlohmann::json c = ::ct::testing::NavigliCollector();
  MemoryFetcher f;
  const std::string l1 = ::ct::testing::PutNavigliTiles(&f);
  ASSERT_EQ(l1.size(), 128u);
  f.Put("tile/1/000.p/3", l1.substr(0, 96));
  f.Put("tile/0/003.p/10", ReadTestdata(dir + "tile/0/003.p/10"));
  for (auto [size, key] : {std::pair<uint64_t, const char*>{1024, "root_hash_b64_tree_size_1024"},
                           {778, "root_hash_b64_tree_size_778"}}) {
    absl::StatusOr<Hash> root = HashFromText(c[key].get<std::string>());
    ASSERT_TRUE(root.ok());
    TileHashReader reader(size, *root, &f);
    EXPECT_TRUE(reader.Verify().ok()) << size;
    absl::StatusOr<std::vector<Hash>> proof = reader.InclusionProof(777);
    ASSERT_TRUE(proof.ok()) << proof.status();
    EXPECT_TRUE(VerifyInclusion(777, size, *reader.LeafHash(777), *proof, *root));
  }
}

TEST(TileHashReaderTest, IsAHashSourceAgreeingWithInMemoryTree) {
  for (uint64_t size : {1, 2, 255, 256, 257, 1000, 65536, 65537, 70000}) {
    std::vector<Hash> leaves = Leaves(size);
    MemoryFetcher f;
    PublishTiles(leaves, &f);
    InMemoryTree tree;
    tree.AppendLeaves(leaves);
    const Hash root = tree.Root();
    TileHashReader reader(size, root, &f);
    HashSource& source = reader;
    for (uint64_t index : {uint64_t{0}, size / 2, size - 1, uint64_t{256} % size}) {
      absl::StatusOr<std::vector<Hash>> from_tiles = InclusionProof(source, index, size);
      ASSERT_TRUE(from_tiles.ok()) << size << "/" << index << ": " << from_tiles.status();
      EXPECT_EQ(*from_tiles, *InclusionProof(tree, index, size)) << size << "/" << index;
      EXPECT_TRUE(::ct::VerifyInclusion(leaves[index], index, size, *from_tiles, root).ok());
    }
    for (uint64_t old : {uint64_t{1}, size / 2 + 1, size - 1, size, uint64_t{256} % size + 1}) {
      if (old == 0 || old > size) continue;
      absl::StatusOr<std::vector<Hash>> from_tiles = ConsistencyProof(source, old, size);
      ASSERT_TRUE(from_tiles.ok()) << from_tiles.status();
      EXPECT_EQ(*from_tiles, *ConsistencyProof(tree, old, size)) << old << " -> " << size;
      absl::StatusOr<Hash> old_root = RootAtSize(source, old);
      ASSERT_TRUE(old_root.ok()) << old_root.status();
      EXPECT_EQ(*old_root, *RootAtSize(tree, old));
      EXPECT_TRUE(::ct::VerifyConsistency(old, size, *from_tiles, *old_root, root).ok());
    }
    EXPECT_EQ(*RootAtSize(source, size), root);
    // Nodes that are not complete in the tree, including hostile ids.
    for (NodeId bad : {NodeId{0, size}, NodeId{64, 0}, NodeId{4000000000u, 1},
                       NodeId{1, ~uint64_t{0}}}) {
      EXPECT_EQ(reader.NodeHashes({bad}).status().code(), absl::StatusCode::kOutOfRange);
    }
  }
}

TEST(TileHashReaderTest, HashSourceRejectsTamperedTiles) {
  const uint64_t size = 70000;
  std::vector<Hash> leaves = Leaves(size);
  InMemoryTree tree;
  tree.AppendLeaves(leaves);
  for (const std::string target : {"tile/0/005", "tile/0/273.p/112", "tile/1/000",
                                   "tile/1/001.p/17", "tile/2/000.p/1"}) {
    MemoryFetcher f;
    PublishTiles(leaves, &f);
    std::string body = *f.Fetch(target);
    body[3] ^= 0x01;
    f.Put(target, body);
    TileHashReader reader(size, tree.Root(), &f);
    absl::StatusOr<TileId> t = ParseTilePath(target);
    ASSERT_TRUE(t.ok());
    uint64_t leaf = t->level == 0 ? t->index * 256 : 5;
    EXPECT_EQ(InclusionProof(reader, leaf, size).status().code(), absl::StatusCode::kDataLoss)
        << target;
    EXPECT_EQ(ConsistencyProof(reader, leaf + 1, size).status().code(),
              absl::StatusCode::kDataLoss)
        << target;
  }
  // A wrong root under untouched tiles: nothing is served.
  Hash bad_root = tree.Root();
  bad_root[0] ^= 0x80;
  MemoryFetcher f;
  PublishTiles(leaves, &f);
  TileHashReader liar(size, bad_root, &f);
  EXPECT_EQ(RootAtSize(liar, 1000).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(liar.NodeHash(0, 7).status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace ct
