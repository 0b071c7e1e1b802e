#include "ct/tiles/tile.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "ct/base/bytes.h"
#include "ct/base/encoding.h"
#include "ct/merkle/compact_range.h"
#include "ct/merkle/hash.h"
#include "ct/sct/sct.h"
#include "ct/testing/testdata.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace ct {
namespace {

using ::ct::testing::ReadTestdata;
using json = nlohmann::json;

const char kNavigli[] = "testdata/tiles/static-ct-navigli2025h2/";

TEST(TilePathTest, EncodesSpecExample) {
  json v = json::parse(ReadTestdata("testdata/tiles/tile-path-vectors.json"));
  EXPECT_EQ(TileIndexPath(v["static_ct_api"][0]["index"].get<uint64_t>()),
            v["static_ct_api"][0]["encoded_N"].get<std::string>());
  EXPECT_EQ(TilePath({0, 1234067, 256}), "tile/0/x001/x234/067");
  EXPECT_EQ(TilePath({0, 1234067, 8}), "tile/0/x001/x234/067.p/8");
  EXPECT_EQ(TilePath({kDataTileLevel, 1234067, 256}), "tile/data/x001/x234/067");
  EXPECT_EQ(TileIndexPath(5), "005");
  EXPECT_EQ(TileIndexPath(1000), "x001/000");
  EXPECT_EQ(TileIndexPath(UINT64_MAX), "x018/x446/x744/x073/x709/x551/615");
}

TEST(TilePathTest, ParsesSumdbVectorsWithoutHeight) {
  // x/mod paths carry a tile height element ("tile/<H>/<L>/<N>"); static-ct-api
  // paths do not, so the vectors are used with the height removed.
  struct Case { std::string path; TileId want; };
  std::vector<Case> ok = {
      {"tile/0/001", {0, 1, 256}},
      {"tile/0/001.p/5", {0, 1, 5}},
      {"tile/5/x123/x456/078", {5, 123456078, 256}},
      {"tile/5/x123/x456/078.p/2", {5, 123456078, 2}},
      {"tile/0/x003/x057/500", {0, 3057500, 256}},
      {"tile/data/x003/x057/500.p/2", {kDataTileLevel, 3057500, 2}},
      {"tile/63/000", {63, 0, 256}},
      {"tile/entries/x001/000.p/7", {kEntriesTileLevel, 1000, 7}},
      {"tile/0/x018/x446/x744/x073/x709/x551/615", {0, UINT64_MAX, 256}},
  };
  for (const Case& c : ok) {
    absl::StatusOr<TileId> t = ParseTilePath(c.path);
    ASSERT_TRUE(t.ok()) << c.path << ": " << t.status();
    EXPECT_EQ(*t, c.want) << c.path;
    EXPECT_EQ(TilePath(*t), c.path);
  }
}

TEST(TilePathTest, RejectsMalformedPaths) {
  std::vector<std::string> bad = {
      "tile/5/123/456/078", "tile/-1/123", "tile/0/x000/005", "tile/0/005.p/0",
      "tile/0/005.p/256", "tile/0/005.p/05", "tile/0/005.p/", "tile/64/000", "tile/00/000",
      "tile/0/5", "tile/0/0005", "tile/0/x1/005", "tile/0/005/", "tile/0/", "tile/",
      "tile/data/", "tile/0/x018/x446/x744/x073/x709/x551/616", "tiles/0/000",
      "/tile/0/000", "tile/0/00a", "tile/0/x001/x002", "tile/0/000.p/1.p/1",
      "tile/entry/000", "tile/0/x001000", "",
  };
  for (const std::string& p : bad) {
    EXPECT_EQ(ParseTilePath(p).status().code(), absl::StatusCode::kInvalidArgument) << p;
  }
}

TEST(TilePathTest, IssuerPathRoundTrips) {
  Hash h = HashLeaf(absl::string_view("x"));
  absl::StatusOr<Hash> back = ParseIssuerPath(IssuerPath(h));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, h);
  std::string upper = IssuerPath(h);
  for (char& c : upper) c = static_cast<char>(toupper(c));
  EXPECT_FALSE(ParseIssuerPath(upper).ok());
  EXPECT_FALSE(ParseIssuerPath(IssuerPath(h) + "0").ok());
}

TEST(TileForIndexTest, MatchesSpecExampleAt70000) {
  EXPECT_EQ(TileForIndex(0, 69999, 70000), (TileId{0, 273, 112}));
  EXPECT_EQ(TileForIndex(0, 0, 70000), (TileId{0, 0, 256}));
  EXPECT_EQ(TileForIndex(1, 272, 70000), (TileId{1, 1, 17}));
  EXPECT_EQ(TileForIndex(1, 255, 70000), (TileId{1, 0, 256}));
  EXPECT_EQ(TileForIndex(2, 0, 70000), (TileId{2, 0, 1}));
  EXPECT_EQ(TileForIndex(kDataTileLevel, 69999, 70000), (TileId{kDataTileLevel, 273, 112}));
}

TEST(HashTileTest, AcceptsFullTileForPartialAndRejectsBadSizes) {
  const Bytes full(8192, 'a');
  const ByteSpan view = full;
  absl::StatusOr<std::vector<Hash>> h = ParseHashTile(full, 10);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->size(), 10u);
  EXPECT_EQ(ParseHashTile(view.first(8191), 10).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseHashTile(view.first(9 * 32), 10).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseHashTile(view.first(11 * 32), 10).status().code(),
            absl::StatusCode::kInvalidArgument);
  const Bytes longer(8192 + 32, 'a');
  EXPECT_EQ(ParseHashTile(longer, 256).status().code(), absl::StatusCode::kInvalidArgument);
}

std::vector<Hash> Level0(const std::string& name, uint32_t width) {
  absl::StatusOr<std::vector<Hash>> h =
      ParseHashTile(AsBytes(ReadTestdata(absl::StrCat(kNavigli, "tile/0/", name))), width);
  EXPECT_TRUE(h.ok()) << h.status();
  return h.ok() ? *h : std::vector<Hash>();
}

TEST(DataTileTest, NavigliEntriesHashToLevel0Tiles) {
  json e = json::parse(ReadTestdata(absl::StrCat(kNavigli, "expected.json")));
  json c;
  for (auto it = e.begin(); it != e.end(); ++it) {
    if (it.key().rfind("computed_by_collector", 0) == 0) c = it.value();
  }
  ASSERT_TRUE(c.is_object());
  json level1_hex;
  for (auto it = c.begin(); it != c.end(); ++it) {
    if (it.key().rfind("level1_hashes_hex", 0) == 0) level1_hex = it.value();
  }
  ASSERT_EQ(level1_hex.size(), 4u);
  CompactRange tree;
  std::vector<Hash> level1;
  for (int t = 0; t < 4; ++t) {
    std::string name = absl::StrCat("00", t);
    std::string data = ReadTestdata(absl::StrCat(kNavigli, "tile/data/", name));
    absl::StatusOr<std::vector<TileLeaf>> leaves = ParseDataTile(AsBytes(data), 256);
    ASSERT_TRUE(leaves.ok()) << name << ": " << leaves.status();
    std::vector<Hash> want = Level0(name, 256);
    CompactRange tile_tree;
    Bytes reencoded;
    for (int i = 0; i < 256; ++i) {
      const TileLeaf& leaf = (*leaves)[i];
      EXPECT_EQ(leaf.entry_type, TileLeaf::kPrecertEntry);
      EXPECT_EQ(leaf.chain.size(), 2u);
      EXPECT_EQ(LeafHash(leaf), want[i]) << "entry " << t * 256 + i;
      EXPECT_EQ(HashLeaf(MerkleTreeLeaf(leaf)), want[i]);
      absl::StatusOr<std::optional<uint64_t>> idx =
          ParseLeafIndexExtension(leaf.extensions);
      ASSERT_TRUE(idx.ok()) << idx.status();
      EXPECT_EQ(*idx, static_cast<uint64_t>(t * 256 + i));
      ASSERT_TRUE(AppendTileLeaf(leaf, &reencoded).ok());
      tree.Append(LeafHash(leaf));
      tile_tree.Append(LeafHash(leaf));
      if (tree.size() == 256) {
        EXPECT_EQ(HashToBase64(tree.Root()), c["root_hash_b64_tree_size_256"].get<std::string>());
      }
      if (tree.size() == 778) {
        EXPECT_EQ(HashToBase64(tree.Root()), c["root_hash_b64_tree_size_778"].get<std::string>());
      }
    }
    EXPECT_TRUE(AsChars(reencoded) == data) << "re-encoding differs for tile " << name;
    EXPECT_EQ(HashToHex(tile_tree.Root()), level1_hex[t].get<std::string>());
  }
  EXPECT_EQ(HashToBase64(tree.Root()), c["root_hash_b64_tree_size_1024"].get<std::string>());
  // First entry details.
  std::string d0 = ReadTestdata(absl::StrCat(kNavigli, "tile/data/000"));
  ByteSpan view = AsBytes(d0);
  absl::StatusOr<TileLeaf> first = ParseTileLeaf(&view);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->timestamp, c["first_entry"]["timestamp_ms"].get<uint64_t>());
  EXPECT_EQ(HexEncode(first->extensions),
            c["first_entry"]["extensions_hex"].get<std::string>());
}

TEST(DataTileTest, NavigliPartialTileMatchesFullTilePrefix) {
  std::string data = ReadTestdata(absl::StrCat(kNavigli, "tile/data/003.p/10"));
  absl::StatusOr<std::vector<TileLeaf>> leaves = ParseDataTile(AsBytes(data), 10);
  ASSERT_TRUE(leaves.ok()) << leaves.status();
  std::vector<Hash> partial = Level0("003.p/10", 10);
  std::vector<Hash> full = Level0("003", 10);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(LeafHash((*leaves)[i]), partial[i]);
    EXPECT_EQ(partial[i], full[i]);
  }
  EXPECT_EQ(ParseDataTile(AsBytes(data), 9).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseDataTile(AsBytes(data), 11).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(DataTileTest, RejectsTruncatedAndTrailingBytes) {
  std::string data = ReadTestdata(absl::StrCat(kNavigli, "tile/data/003.p/10"));
  for (size_t cut : {size_t{0}, size_t{1}, size_t{9}, size_t{10}, size_t{50}, size_t{500},
                     data.size() / 2, data.size() - 33, data.size() - 1}) {
    EXPECT_EQ(ParseDataTile(AsBytes(data).first(cut), 10).status().code(),
              absl::StatusCode::kInvalidArgument)
        << cut;
  }
  const std::string trailing = data + "x";
  EXPECT_EQ(ParseDataTile(AsBytes(trailing), 10).status().code(),
            absl::StatusCode::kInvalidArgument);
  std::string bad_type = data;
  bad_type[9] = 2;  // entry_type 2
  EXPECT_EQ(ParseDataTile(AsBytes(bad_type), 10).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(DataTileTest, ParsesX509EntryRoundTrip) {
  TileLeaf leaf;
  leaf.timestamp = 1234;
  leaf.entry_type = TileLeaf::kX509Entry;
  leaf.certificate = AsBytes("cert-der");
  const Bytes ext = *HexDecode("0000050000000003");
  leaf.extensions = ext;
  leaf.chain = {HashLeaf(absl::string_view("a"))};
  Bytes bytes;
  ASSERT_TRUE(AppendTileLeaf(leaf, &bytes).ok());
  absl::StatusOr<std::vector<TileLeaf>> got = ParseDataTile(bytes, 1);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(AsChars((*got)[0].certificate), "cert-der");
  EXPECT_TRUE((*got)[0].pre_certificate.empty());
  EXPECT_EQ((*got)[0].chain, leaf.chain);
  EXPECT_EQ(*ParseLeafIndexExtension((*got)[0].extensions), 3u);
  // TimestampedEntry = u64 ts | u16 type | u24 cert | u16 ext.
  EXPECT_EQ((*got)[0].timestamped_entry.size(), 8u + 2 + 3 + 8 + 2 + 8);
}

TEST(EntryBundleTest, TesseraBundlesHashToLevel0Tiles) {
  // tlog-tiles entry bundles of the tessera test log (entries "one".."fivten").
  const std::string dir = "testdata/tiles/tlog-tiles-tessera-testdata/";
  json roots = json::parse(ReadTestdata(dir + "expected.json"))["computed_by_collector"]
                              ["roots_b64_by_size"];
  for (uint32_t size = 1; size <= 15; ++size) {
    std::string bundle = ReadTestdata(absl::StrCat(dir, "tile/entries/000.p/", size));
    absl::StatusOr<std::vector<ByteSpan>> entries = ParseEntryBundle(AsBytes(bundle), size);
    ASSERT_TRUE(entries.ok()) << entries.status();
    std::vector<Hash> want =
        *ParseHashTile(AsBytes(ReadTestdata(absl::StrCat(dir, "tile/0/000.p/", size))), size);
    CompactRange tree;
    for (uint32_t i = 0; i < size; ++i) {
      EXPECT_EQ(HashLeaf((*entries)[i]), want[i]);
      tree.Append(HashLeaf((*entries)[i]));
    }
    EXPECT_EQ(HashToBase64(tree.Root()), roots[std::to_string(size)].get<std::string>());
    EXPECT_EQ(ParseEntryBundle(AsBytes(bundle), size + 1).status().code(),
              absl::StatusCode::kInvalidArgument);
    if (size > 1) {
      EXPECT_EQ(ParseEntryBundle(AsBytes(bundle), size - 1).status().code(),
                absl::StatusCode::kInvalidArgument);
    }
  }
  const std::string three = ReadTestdata(dir + "tile/entries/000.p/3");
  EXPECT_EQ(AsChars((*ParseEntryBundle(AsBytes(three), 3))[2]), "three");
}

// The leaf_index of a TileLeaf's extensions, read by ctcore's one parser.
absl::StatusOr<std::optional<uint64_t>> LeafIndex(absl::string_view extensions) {
  return ParseLeafIndexExtension(AsBytes(extensions));
}

TEST(LeafIndexTest, ParsesAndRejects) {
  EXPECT_EQ(*LeafIndex(absl::HexStringToBytes("0000050000000003")), 3u);
  EXPECT_EQ(*LeafIndex(absl::HexStringToBytes("010001ff000005ffffffffff")), 0xffffffffffu);
  // Absent is "no value", not an error.
  ASSERT_TRUE(LeafIndex("").ok());
  EXPECT_EQ(*LeafIndex(""), std::nullopt);
  EXPECT_EQ(LeafIndex(absl::HexStringToBytes("00000400000003")).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(LeafIndex(absl::HexStringToBytes("00000500000000030000050000000003")).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(LeafIndex(absl::HexStringToBytes("000005000000")).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ct
