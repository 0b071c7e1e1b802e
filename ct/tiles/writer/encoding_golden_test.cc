// Golden tests of what the LogWriter emits, through the shared codecs it is
// built on (ct/tiles tile paths, TileLeaf and NoteSigner; ct/sct
// leaf_index, MerkleTreeLeaf and TreeHeadSignature input), against spec
// vectors and real log data.
#include <openssl/bio.h>
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

#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "ct/sct/sct.h"
#include "ct/sct/signed_data.h"
#include "ct/testing/testdata.h"
#include "ct/tiles/checkpoint.h"
#include "ct/tiles/note.h"
#include "ct/tiles/tile.h"
#include "ct/tiles/writer/internal/entry_encoder.h"
#include "ct/tiles/writer/internal/sct_issuer.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace ct::internal {
namespace {

using ::ct::testing::HexDecode;
using ::ct::testing::ReadTestdata;

std::vector<uint8_t> Bytes(absl::Span<const uint8_t> s) {
  return std::vector<uint8_t>(s.begin(), s.end());
}

TEST(TilePathTest, EncodesSpecExample) {
  nlohmann::json j = nlohmann::json::parse(
      ReadTestdata("testdata/tiles/tile-path-vectors.json"));
  const auto& v = j["static_ct_api"][0];
  EXPECT_EQ(TileIndexPath(v["index"].get<uint64_t>()),
            v["encoded_N"].get<std::string>());
}

TEST(TilePathTest, EncodesSumdbIndexes) {
  // The <N> element of golang/mod sumdb tile paths is encoded the same way.
  nlohmann::json j = nlohmann::json::parse(
      ReadTestdata("testdata/tiles/tile-path-vectors.json"));
  int checked = 0;
  for (const auto& v : j["sumdb_tlog_ParseTilePath (H, L, N, W)"]) {
    if (!v["tile"].is_array()) continue;
    const std::string path = v["path"];
    const uint64_t n = v["tile"][2].get<uint64_t>();
    std::string want = path.substr(path.find('/', path.find('/', 5) + 1) + 1);
    want = want.substr(0, want.find(".p/"));
    EXPECT_EQ(TileIndexPath(n), want) << path;
    ++checked;
  }
  EXPECT_GE(checked, 5);
}

TEST(TilePathTest, EncodesSmallAndBoundaryIndexes) {
  EXPECT_EQ(TileIndexPath(0), "000");
  EXPECT_EQ(TileIndexPath(5), "005");
  EXPECT_EQ(TileIndexPath(999), "999");
  EXPECT_EQ(TileIndexPath(1000), "x001/000");
  EXPECT_EQ(TileIndexPath(4294967295u), "x004/x294/x967/295");
}

TEST(TilePathTest, FormatsFullAndPartialTiles) {
  EXPECT_EQ(TilePath(TileId{0, 273, 112}), "tile/0/273.p/112");
  EXPECT_EQ(TilePath(TileId{1, 1, 17}), "tile/1/001.p/17");
  EXPECT_EQ(TilePath(TileId{0, 1234067, 256}), "tile/0/x001/x234/067");
  EXPECT_EQ(TilePath(TileId{0, 1234067, 8}), "tile/0/x001/x234/067.p/8");
  EXPECT_EQ(TilePath(TileId{kDataTileLevel, 1234067, 256}),
            "tile/data/x001/x234/067");
  EXPECT_EQ(TilePath(TileId{kDataTileLevel, 0, 1}), "tile/data/000.p/1");
  Hash h{};
  h[0] = 0xab;
  EXPECT_EQ(IssuerPath(h), "issuer/ab" + std::string(62, '0'));
}

std::vector<uint8_t> LeafIndexExtension(uint64_t index) {
  absl::StatusOr<std::vector<uint8_t>> ext = SerializeLeafIndexExtension(index);
  EXPECT_TRUE(ext.ok()) << ext.status();
  return ext.ok() ? *ext : std::vector<uint8_t>();
}

constexpr uint64_t kMaxLeafIndex = (uint64_t{1} << 40) - 1;

TEST(EntryEncoderTest, LeafIndexExtensionMatchesCtGoExample) {
  // ct-go PR #1645: "Extensions: 0000050000000003" is index 3.
  EXPECT_EQ(LeafIndexExtension(3), HexDecode("0000050000000003"));
  EXPECT_EQ(LeafIndexExtension(kMaxLeafIndex), HexDecode("000005ffffffffff"));
}

nlohmann::json TesseractKat() {
  return nlohmann::json::parse(ReadTestdata(
      "testdata/sct/serialization-kat-tesseract.json"));
}

absl::Span<const uint8_t> Ascii(const std::string& s) {
  return absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(s.data()),
                             s.size());
}

TEST(EntryEncoderTest, LeafIndexExtensionMatchesRealGeomysSct) {
  EXPECT_EQ(LeafIndexExtension(728884327), HexDecode("000005002b71e467"));
}

// The Tesseract KATs have empty extensions; ours always carry leaf_index, so
// compare everything before the extensions and then the extensions field.
void ExpectSignatureInput(const EncodedEntry& e, const std::string& want_hex,
                          uint64_t index) {
  std::vector<uint8_t> want = HexDecode(want_hex);
  ASSERT_GE(want.size(), 2u);
  ASSERT_EQ(want[want.size() - 2], 0);  // empty extensions in the KAT
  ASSERT_EQ(want[want.size() - 1], 0);
  want.resize(want.size() - 2);
  want.push_back(0x00);
  want.push_back(0x08);
  const auto ext = LeafIndexExtension(index);
  want.insert(want.end(), ext.begin(), ext.end());
  EXPECT_EQ(e.merkle_tree_leaf, want);
}

TEST(EntryEncoderTest, MatchesTesseractCertSignatureInput) {
  const nlohmann::json kat = TesseractKat()["cert_sct_signature_input"];
  const std::string cert = kat["inputs"]["certificate_ascii"];
  absl::StatusOr<EncodedEntry> e =
      EncodeEntry(kat["inputs"]["timestamp"], 7, SignedEntry::X509(Ascii(cert)),
                  {}, {});
  ASSERT_TRUE(e.ok()) << e.status();
  ExpectSignatureInput(*e, kat["expected_hex"], 7);
}

TEST(EntryEncoderTest, MatchesTesseractPrecertSignatureInput) {
  const nlohmann::json kat = TesseractKat()["precert_sct_signature_input"];
  const std::string ikh = kat["inputs"]["issuer_key_hash_ascii"];
  const std::string tbs = kat["inputs"]["tbs_ascii"];
  const std::string precert = "precert";
  ASSERT_EQ(ikh.size(), kHashSize);
  Hash ikh_hash;
  std::copy(ikh.begin(), ikh.end(), ikh_hash.begin());
  absl::StatusOr<EncodedEntry> e =
      EncodeEntry(kat["inputs"]["timestamp"], 9,
                  SignedEntry::Precert(ikh_hash, Ascii(tbs)), Ascii(precert), {});
  ASSERT_TRUE(e.ok()) << e.status();
  ExpectSignatureInput(*e, kat["expected_hex"], 9);
}

TEST(TreeHeadTest, MatchesTesseractTreeHeadSignatureInput) {
  const nlohmann::json kat = TesseractKat()["sth_signature_input"];
  const std::string root_ascii = kat["inputs"]["root_hash_ascii"];
  Hash root;
  ASSERT_EQ(root_ascii.size(), root.size());
  std::copy(root_ascii.begin(), root_ascii.end(), root.begin());
  EXPECT_EQ(Bytes(SerializeTreeHeadSignatureInput(kat["inputs"]["timestamp"],
                                         kat["inputs"]["tree_size"], root)),
            HexDecode(kat["expected_hex"].get<std::string>()));
}

TEST(EntryEncoderTest, ReproducesRealSunlightDataTile) {
  const std::string tile =
      ReadTestdata("testdata/tiles/static-ct-navigli2025h2/tile/data/000");
  const std::string level0 =
      ReadTestdata("testdata/tiles/static-ct-navigli2025h2/tile/0/000");
  ASSERT_EQ(level0.size(), 256u * 32);
  CBS cbs;
  CBS_init(&cbs, reinterpret_cast<const uint8_t*>(tile.data()), tile.size());
  std::vector<Hash> leaves;
  for (uint64_t i = 0; i < 256; ++i) {
    // Parse one TileLeaf (static-ct-api "Data Tiles") with CBS.
    const uint8_t* start = CBS_data(&cbs);
    uint64_t ts;
    uint16_t type;
    CBS ikh, cert, ext, precert, fps;
    uint64_t index;
    ASSERT_TRUE(CBS_get_u64(&cbs, &ts) && CBS_get_u16(&cbs, &type) &&
                type == 1 && CBS_get_bytes(&cbs, &ikh, 32) &&
                CBS_get_u24_length_prefixed(&cbs, &cert) &&
                CBS_get_u16_length_prefixed(&cbs, &ext) && CBS_len(&ext) == 8 &&
                CBS_get_u24_length_prefixed(&cbs, &precert) &&
                CBS_get_u16_length_prefixed(&cbs, &fps) &&
                CBS_len(&fps) % 32 == 0)
        << "entry " << i;
    CBS ext_copy = ext;
    uint8_t ext_type;
    uint16_t ext_len;
    uint8_t hi;
    uint32_t lo;
    ASSERT_TRUE(CBS_get_u8(&ext_copy, &ext_type) &&
                CBS_get_u16(&ext_copy, &ext_len) &&
                CBS_get_u8(&ext_copy, &hi) && CBS_get_u32(&ext_copy, &lo));
    index = (uint64_t{hi} << 32) | lo;
    EXPECT_EQ(index, i);
    std::vector<Hash> fingerprints;
    while (CBS_len(&fps) > 0) {
      Hash h;
      CBS_copy_bytes(&fps, h.data(), 32);
      fingerprints.push_back(h);
    }
    const std::vector<uint8_t> record(start, CBS_data(&cbs));

    // Re-encode and compare byte for byte.
    Hash ikh_hash;
    std::copy(CBS_data(&ikh), CBS_data(&ikh) + 32, ikh_hash.begin());
    absl::StatusOr<EncodedEntry> e = EncodeEntry(
        ts, index,
        SignedEntry::Precert(ikh_hash, absl::MakeConstSpan(CBS_data(&cert),
                                                            CBS_len(&cert))),
        absl::MakeConstSpan(CBS_data(&precert), CBS_len(&precert)),
        fingerprints);
    ASSERT_TRUE(e.ok()) << e.status();
    ASSERT_EQ(e->tile_leaf, record) << "entry " << i;
    const Hash leaf = HashLeaf(e->merkle_tree_leaf);
    EXPECT_EQ(std::string(leaf.begin(), leaf.end()), level0.substr(i * 32, 32))
        << "entry " << i;
    leaves.push_back(leaf);
  }
  EXPECT_EQ(CBS_len(&cbs), 0u);
  // Root of the first 256 entries, from expected.json (collector-computed).
  while (leaves.size() > 1) {
    std::vector<Hash> up;
    for (size_t k = 0; k < leaves.size(); k += 2) {
      up.push_back(HashChildren(leaves[k], leaves[k + 1]));
    }
    leaves = up;
  }
  nlohmann::json j = nlohmann::json::parse(
      ReadTestdata("testdata/tiles/static-ct-navigli2025h2/expected.json"));
  const auto& c =
      j["computed_by_collector (python3; NO signed checkpoint for these sizes "
        "exists in the sources)"];
  EXPECT_EQ(HashToBase64(leaves[0]),
            c["root_hash_b64_tree_size_256"].get<std::string>());
}

TEST(EntryEncoderTest, EncodesX509EntryLayout) {
  const std::vector<uint8_t> cert = {0x30, 0x03, 0x01, 0x02, 0x03};
  Hash fp;
  fp.fill(0xee);
  const Hash fps[] = {fp};
  absl::StatusOr<EncodedEntry> e = EncodeEntry(
      0x0102030405060708, 0x0a0b0c0d0e, SignedEntry::X509(cert), {}, fps);
  ASSERT_TRUE(e.ok()) << e.status();
  const std::string te = "0102030405060708" "0000" "000005" "3003010203"
                         "0008" "00" "0005" "0a0b0c0d0e";
  EXPECT_EQ(e->merkle_tree_leaf, HexDecode("0000" + te));
  EXPECT_EQ(e->tile_leaf,
            HexDecode(te + "0020" + std::string(64, 'e')));
}

TEST(EntryEncoderTest, EncodesPrecertEntryLayout) {
  const std::vector<uint8_t> tbs = {0x30, 0x00};
  const std::vector<uint8_t> precert = {0x30, 0x01, 0x00};
  Hash ikh;
  ikh.fill(0x11);
  absl::StatusOr<EncodedEntry> e =
      EncodeEntry(1, 2, SignedEntry::Precert(ikh, tbs), precert, {});
  ASSERT_TRUE(e.ok()) << e.status();
  const std::string te = "0000000000000001" "0001" + std::string(64, '1') +
                         "000002" "3000" "0008" "000005" "0000000002";
  EXPECT_EQ(e->merkle_tree_leaf, HexDecode("0000" + te));
  EXPECT_EQ(e->tile_leaf, HexDecode(te + "000003" "300100" "0000"));
}

TEST(EntryEncoderTest, FailsOnBadSizes) {
  const std::vector<uint8_t> empty;
  const std::vector<uint8_t> big(kMaxAsn1CertSize + 1, 0x30);
  const std::vector<uint8_t> ok = {0x30, 0x00};
  const std::vector<Hash> too_many(kMaxChainFingerprints + 1);
  const Hash ikh{};
  EXPECT_EQ(EncodeEntry(0, 0, SignedEntry::X509(empty), {}, {}).status().code(),
            absl::StatusCode::kInvalidArgument);
  absl::Status s = EncodeEntry(0, 0, SignedEntry::X509(big), {}, {}).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(s.message(), "16777216")) << s;
  EXPECT_EQ(
      EncodeEntry(0, 0, SignedEntry::X509(ok), {}, too_many).status().code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(EncodeEntry(0, kMaxLeafIndex + 1, SignedEntry::X509(ok), {}, {})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(EncodeEntry(0, 0, SignedEntry::Precert(ikh, ok), empty, {})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(EncodeEntry(0, 0, SignedEntry::Precert(ikh, ok), big, {})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(NoteSignerTest, MatchesGolangModSignature) {
  nlohmann::json j = nlohmann::json::parse(ReadTestdata(
      "testdata/note/golang-mod-sumdb-note-vectors.json"));
  // PRIVATE+KEY+<name>+<hash>+base64(0x01 || seed32)
  const std::string skey = j["keys"]["PeterNeumann_skey"];
  std::vector<std::string> parts =
      absl::StrSplit(skey, absl::MaxSplits('+', 4));
  ASSERT_EQ(parts.size(), 5u);
  std::string raw;
  ASSERT_TRUE(absl::Base64Unescape(parts[4], &raw));
  ASSERT_EQ(raw.size(), 33u);
  ASSERT_EQ(raw[0], 1);
  absl::StatusOr<NoteSigner> signer = NoteSigner::Ed25519(parts[2], raw.substr(1));
  ASSERT_TRUE(signer.ok()) << signer.status();
  EXPECT_EQ(signer->public_key(),
            j["keys"]["PeterNeumann_vkey"].get<std::string>());
  Note note;
  note.text = j["text"].get<std::string>();
  absl::StatusOr<NoteSignature> sig = signer->Sign(note.text);
  ASSERT_TRUE(sig.ok());
  note.signatures.push_back(*sig);
  absl::StatusOr<std::string> signed_note = FormatNote(note);
  ASSERT_TRUE(signed_note.ok());
  EXPECT_EQ(*signed_note,
            note.text + "\n" + j["peter_sig_line"].get<std::string>());
}

TEST(NoteSignerTest, RejectsBadKeyNames) {
  EXPECT_TRUE(IsValidKeyName("example.com/test2026h1"));
  EXPECT_TRUE(IsValidKeyName("caf\xc3\xa9"));
  // C2SP signed-note: "ASCII control characters (those below U+0020)"; DEL
  // (U+007F) is not one of them, as in golang.org/x/mod/sumdb/note.
  EXPECT_TRUE(IsValidKeyName("a\x7f"));
  for (absl::string_view bad :
       {absl::string_view(""), absl::string_view("a b"),
        absl::string_view("a+b"), absl::string_view("a\nb"),
        absl::string_view("a\tb"), absl::string_view("a\xc2\xa0" "b"),
        absl::string_view("a\xe3\x80\x80" "b"), absl::string_view("\xff"),
        absl::string_view("\xc0\xaf")}) {
    EXPECT_FALSE(IsValidKeyName(bad)) << absl::CEscape(bad);
  }
}

TEST(TreeHeadTest, TreeHeadSignatureInputLayout) {
  Hash root;
  root.fill(0xab);
  const auto in = SerializeTreeHeadSignatureInput(0x0102030405060708, 70000, root);
  std::string root_hex;
  for (int i = 0; i < 32; ++i) root_hex += "ab";
  // 70000 = 0x11170.
  EXPECT_EQ(Bytes(in), HexDecode("0001" "0102030405060708" "0000000000011170" +
                                 root_hex));
}

// The writer's checkpoint pieces reproduce real static-ct-api checkpoints:
// the note text, the key ID, the signature line and the signed input.
struct RealCheckpoint {
  const char* file;
  const char* key_file;
  const char* expected_key;  // key in expected.json computed_by_collector
};

class RealCheckpointTest : public ::testing::TestWithParam<RealCheckpoint> {};

TEST_P(RealCheckpointTest, SharedNoteCodecReproducesRealCheckpoint) {
  const RealCheckpoint& c = GetParam();
  const std::string dir = "testdata/tiles/checkpoints/";
  const std::string note = ReadTestdata(dir + c.file);
  const std::string pem = ReadTestdata(dir + c.key_file);
  const nlohmann::json want = nlohmann::json::parse(ReadTestdata(
      dir + "expected.json"))["computed_by_collector"][c.expected_key];

  bssl::UniquePtr<BIO> bio(BIO_new_mem_buf(pem.data(), pem.size()));
  bssl::UniquePtr<EVP_PKEY> key(
      PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  ASSERT_TRUE(key);
  bssl::ScopedCBB cbb;
  uint8_t* spki;
  size_t spki_len;
  ASSERT_TRUE(CBB_init(cbb.get(), 0) &&
              EVP_marshal_public_key(cbb.get(), key.get()) &&
              CBB_finish(cbb.get(), &spki, &spki_len));
  Hash log_id;
  SHA256(spki, spki_len, log_id.data());
  OPENSSL_free(spki);

  const size_t split = note.rfind("\n\n");
  ASSERT_NE(split, std::string::npos);
  const std::string text = note.substr(0, split + 1);
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  ASSERT_EQ(lines.size(), 4u);
  const std::string origin = lines[0];
  uint64_t size = std::stoull(lines[1]);
  absl::StatusOr<Hash> root = HashFromText(lines[2]);
  ASSERT_TRUE(root.ok());
  Checkpoint cp;
  cp.origin = origin;
  cp.size = size;
  cp.root = *root;
  EXPECT_EQ(FormatCheckpoint(cp), text);
  EXPECT_EQ(HashToBase64(*root), want["root_hash_b64"].get<std::string>());

  const uint32_t key_id =
      NoteKeyId(origin, NoteSignatureType::kRfc6962TreeHead,
                absl::string_view(reinterpret_cast<const char*>(log_id.data()),
                                  log_id.size()));
  EXPECT_EQ(absl::StrFormat("%08x", key_id),
            want["rfc6962_key_id_hex"].get<std::string>());

  // Find our key's line and rebuild it from its signature bytes.
  bool found = false;
  for (absl::string_view line :
       absl::StrSplit(absl::string_view(note).substr(split + 2), '\n',
                      absl::SkipEmpty())) {
    std::vector<std::string> f = absl::StrSplit(line, ' ');
    ASSERT_EQ(f.size(), 3u);
    std::string blob;
    ASSERT_TRUE(absl::Base64Unescape(f[2], &blob));
    if (f[1] != origin || blob.size() < 4 ||
        HexDecode(absl::StrFormat("%08x", key_id)) !=
            std::vector<uint8_t>(blob.begin(), blob.begin() + 4)) {
      continue;
    }
    found = true;
    const std::vector<uint8_t> sig(blob.begin() + 4, blob.end());
    Note rebuilt;
    rebuilt.text = text;
    rebuilt.signatures.push_back(
        NoteSignature{origin, key_id, std::string(sig.begin(), sig.end())});
    absl::StatusOr<std::string> formatted = FormatNote(rebuilt);
    ASSERT_TRUE(formatted.ok());
    EXPECT_EQ(*formatted, absl::StrCat(text, "\n", line, "\n"));
    CBS cbs, der;
    CBS_init(&cbs, sig.data(), sig.size());
    uint64_t ts;
    uint8_t hash_alg, sig_alg;
    ASSERT_TRUE(CBS_get_u64(&cbs, &ts) && CBS_get_u8(&cbs, &hash_alg) &&
                CBS_get_u8(&cbs, &sig_alg) &&
                CBS_get_u16_length_prefixed(&cbs, &der) && CBS_len(&cbs) == 0);
    EXPECT_EQ(ts, want["sth_timestamp_ms"].get<uint64_t>());
    EXPECT_EQ(hash_alg, 4);
    EXPECT_EQ(sig_alg, 3);
    const auto input = SerializeTreeHeadSignatureInput(ts, size, *root);
    uint8_t digest[32];
    SHA256(input.data(), input.size(), digest);
    EXPECT_EQ(ECDSA_verify(0, digest, sizeof(digest), CBS_data(&der),
                           CBS_len(&der), EVP_PKEY_get0_EC_KEY(key.get())),
              1);
  }
  EXPECT_TRUE(found);
}

INSTANTIATE_TEST_SUITE_P(
    RealLogs, RealCheckpointTest,
    ::testing::Values(
        RealCheckpoint{"arche2026h1.staging.ct.transparency.dev-checkpoint.txt",
                       "log-key-google-arche2026h1-log.pem", "arche2026h1"},
        RealCheckpoint{"log.sycamore.ct.letsencrypt.org-2026h1-checkpoint.txt",
                       "log-key-lets-encrypt-sycamore2026h1.pem",
                       "sycamore2026h1"}));

TEST(SctIssuerTest, RejectsNonP256Keys) {
  EXPECT_EQ(SctIssuer::Create("not a key").status().code(),
            absl::StatusCode::kInvalidArgument);
  bssl::UniquePtr<EC_KEY> p384(EC_KEY_new_by_curve_name(NID_secp384r1));
  ASSERT_TRUE(EC_KEY_generate_key(p384.get()));
  bssl::ScopedCBB cbb;
  uint8_t* der;
  size_t len;
  ASSERT_TRUE(CBB_init(cbb.get(), 0) &&
              EC_KEY_marshal_private_key(cbb.get(), p384.get(), 0) &&
              CBB_finish(cbb.get(), &der, &len));
  const std::string key(reinterpret_cast<const char*>(der), len);
  OPENSSL_free(der);
  EXPECT_EQ(SctIssuer::Create(key).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ct::internal
