// Golden and hostile-input tests for ct/rfc6962 responses.h and entry.h, on
// real Google Argon responses (testdata/sct, testdata/merkle; MANIFEST answers).
#include "ct/rfc6962/responses.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "ct/base/bytes.h"
#include "ct/base/errors.h"
#include "ct/merkle/hash.h"
#include "ct/merkle/verify.h"
#include "ct/rfc6962/entry.h"
#include "ct/sct/log_verifier.h"
#include "ct/testing/certificates.h"
#include "ct/testing/testdata.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

using ::ct::testing::ReadTestdata;

constexpr char kArgon2025h2[] = "testdata/sct/real-google-com-2025/";
constexpr char kArgon2025h1[] = "testdata/merkle/argon2025h1-consistency/";

LogVerifier Argon(const std::string& dir, const std::string& pem) {
  absl::StatusOr<LogVerifier> v = LogVerifier::CreateFromPem(ReadTestdata(dir + pem));
  EXPECT_TRUE(v.ok()) << v.status();
  return std::move(*v);
}

TEST(GetSthTest, ParsesAndVerifiesRealArgon2025h2) {
  absl::StatusOr<SignedTreeHead> sth =
      ParseGetSthResponse(ReadTestdata(absl::StrCat(kArgon2025h2, "argon2025h2-get-sth-response.json")));
  ASSERT_TRUE(sth.ok()) << sth.status();
  EXPECT_EQ(sth->tree_size, 1329315675u);
  EXPECT_EQ(sth->timestamp, 1751738269891u);
  EXPECT_EQ(HashToBase64(sth->root_hash), "NEFqldTJt2+wE/aaaQuXeADdWVV8IGbwhLublI7QaMY=");
  LogVerifier log = Argon(kArgon2025h2, "log-key-google-argon2025h2-log.pem");
  EXPECT_TRUE(VerifySignedTreeHead(log, *sth).ok());

  SignedTreeHead bad = *sth;
  bad.tree_size += 1;
  absl::Status s = VerifySignedTreeHead(log, bad);
  EXPECT_EQ(ErrorKindOf(s), ErrorKind::kBadSignature) << s;

  // Encode -> parse round trip.
  absl::StatusOr<std::string> json = EncodeGetSthResponse(*sth);
  ASSERT_TRUE(json.ok());
  absl::StatusOr<SignedTreeHead> again = ParseGetSthResponse(*json);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, *sth);
}

TEST(GetSthConsistencyTest, RealArgon2025h1ProofVerifies) {
  auto sth1 = ParseGetSthResponse(ReadTestdata(absl::StrCat(kArgon2025h1, "get-sth-response-1425614114.json")));
  auto sth2 = ParseGetSthResponse(ReadTestdata(absl::StrCat(kArgon2025h1, "get-sth-response-1425633154.json")));
  auto proof = ParseGetSthConsistencyResponse(ReadTestdata(
      absl::StrCat(kArgon2025h1, "get-sth-consistency-response-1425614114-1425633154.json")));
  ASSERT_TRUE(sth1.ok() && sth2.ok() && proof.ok()) << proof.status();
  EXPECT_EQ(proof->size(), 24u);
  LogVerifier log = Argon(kArgon2025h1, "log-key-google-argon2025h1-log.pem");
  EXPECT_TRUE(VerifySignedTreeHead(log, *sth1).ok());
  EXPECT_TRUE(VerifySignedTreeHead(log, *sth2).ok());
  EXPECT_TRUE(VerifyConsistency(sth1->tree_size, sth2->tree_size, *proof, sth1->root_hash,
                                sth2->root_hash)
                  .ok());
  auto again = ParseGetSthConsistencyResponse(EncodeGetSthConsistencyResponse(*proof));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *proof);
}

TEST(GetEntriesTest, RealArgon2025h2PrecertEntry) {
  absl::StatusOr<std::vector<RawLogEntry>> entries = ParseGetEntriesResponse(
      ReadTestdata(absl::StrCat(kArgon2025h2, "argon2025h2-get-entries-response.json")));
  ASSERT_TRUE(entries.ok()) << entries.status();
  ASSERT_EQ(entries->size(), 1u);
  const RawLogEntry& e = (*entries)[0];
  Hash leaf_hash = HashLeaf(e.leaf_input);
  EXPECT_EQ(HashToHex(leaf_hash), "cc30b9d8dabd878ec718aa302d7a79cd83a0fe0a1f5c683d0b13bab63eb22ad6");

  absl::StatusOr<LeafInput> leaf = ParseLeafInput(e.leaf_input);
  ASSERT_TRUE(leaf.ok()) << leaf.status();
  EXPECT_EQ(leaf->timestamp, 1748856933195u);
  EXPECT_EQ(leaf->entry.type, LogEntryType::kPrecert);
  EXPECT_EQ(HashToHex(leaf->entry.issuer_key_hash),
            "60fb4769fb4bc3aff4be773606734a185e78c62080dbc58571c723900e32a423");
  EXPECT_EQ(leaf->entry.certificate.size(), 3089u);
  EXPECT_TRUE(leaf->extensions.empty());
  // The existing MerkleTreeLeaf encoder gives back leaf_input byte for byte.
  absl::StatusOr<Bytes> reencoded =
      SerializeMerkleTreeLeaf(leaf->timestamp, leaf->entry, leaf->extensions);
  ASSERT_TRUE(reencoded.ok());
  EXPECT_EQ(*reencoded, e.leaf_input);

  absl::StatusOr<ExtraData> extra = ParseExtraData(leaf->entry.type, e.extra_data);
  ASSERT_TRUE(extra.ok()) << extra.status();
  testing::PemCertificate precert =
      testing::LoadPemCertificate(absl::StrCat(kArgon2025h2, "precert.pem"));
  EXPECT_EQ(AsChars(extra->pre_certificate), precert.der);
  EXPECT_FALSE(extra->chain.empty());
  EXPECT_TRUE(CheckEntryChain(*leaf, *extra).ok()) << CheckEntryChain(*leaf, *extra);
  absl::StatusOr<Bytes> extra_again = SerializeExtraData(leaf->entry.type, *extra);
  ASSERT_TRUE(extra_again.ok());
  EXPECT_EQ(*extra_again, e.extra_data);

  // An extra_data from another entry does not chain: a different TBS.
  LeafInput other = *leaf;
  Bytes tbs(leaf->entry.certificate.begin(), leaf->entry.certificate.end());
  tbs[tbs.size() / 2] ^= 1;
  other.entry.certificate = tbs;
  EXPECT_EQ(ErrorKindOf(CheckEntryChain(other, *extra)), ErrorKind::kTampered);
  other = *leaf;
  other.entry.issuer_key_hash[0] ^= 1;
  EXPECT_EQ(ErrorKindOf(CheckEntryChain(other, *extra)), ErrorKind::kTampered);

  auto again = ParseGetEntriesResponse(EncodeGetEntriesResponse(*entries));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *entries);
}

TEST(GetProofByHashTest, RealArgon2025h2InclusionProofVerifies) {
  auto proof = ParseGetProofByHashResponse(
      ReadTestdata(absl::StrCat(kArgon2025h2, "argon2025h2-get-proof-by-hash-response.json")));
  auto sth = ParseGetSthResponse(ReadTestdata(absl::StrCat(kArgon2025h2, "argon2025h2-get-sth-response.json")));
  auto entries = ParseGetEntriesResponse(
      ReadTestdata(absl::StrCat(kArgon2025h2, "argon2025h2-get-entries-response.json")));
  ASSERT_TRUE(proof.ok() && sth.ok() && entries.ok()) << proof.status();
  EXPECT_EQ(proof->index, 912557348u);
  EXPECT_EQ(proof->proof.size(), 31u);
  EXPECT_TRUE(VerifyInclusion(HashLeaf((*entries)[0].leaf_input), proof->index,
                              sth->tree_size, proof->proof, sth->root_hash)
                  .ok());
  auto again = ParseGetProofByHashResponse(EncodeGetProofByHashResponse(*proof));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->index, proof->index);
  EXPECT_EQ(again->proof, proof->proof);

  EntryAndProof ep{(*entries)[0], proof->proof};
  auto ep_again = ParseGetEntryAndProofResponse(EncodeGetEntryAndProofResponse(ep));
  ASSERT_TRUE(ep_again.ok()) << ep_again.status();
  EXPECT_EQ(ep_again->entry, ep.entry);
  EXPECT_EQ(ep_again->audit_path, ep.audit_path);
}

TEST(GetRootsTest, RoundTrips) {
  std::vector<Bytes> roots = {{0x30, 0x03, 0x02, 0x01, 0x01}, {0x30, 0x00}};
  auto parsed = ParseGetRootsResponse(EncodeGetRootsResponse(roots));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, roots);
  auto empty = ParseGetRootsResponse("{\"certificates\":[]}");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

struct HostileCase {
  const char* desc;
  std::string json;
};

constexpr char kRoot[] = "NEFqldTJt2+wE/aaaQuXeADdWVV8IGbwhLublI7QaMY=";
constexpr char kSig[] =
    "BAMARjBEAiA9rna9/avaKTald7hHrldq8FfB4FDAaNyB44pplv71agIgeD0jj2AhLnvlaWavfFZ3BdUglauz36rFpGLYuLBs/O8=";

std::string Sth(const std::string& size, const std::string& root = kRoot,
                const std::string& sig = kSig, const std::string& extra = "") {
  return absl::StrCat("{\"tree_size\":", size, ",\"timestamp\":1751738269891,",
                      "\"sha256_root_hash\":\"", root, "\",\"tree_head_signature\":\"", sig,
                      "\"", extra, "}");
}

TEST(GetSthTest, RejectsHostileInput) {
  ASSERT_TRUE(ParseGetSthResponse(Sth("1329315675")).ok());
  ASSERT_TRUE(ParseGetSthResponse(Sth("1", kRoot, kSig, ",\"unknown\":[1,{}]")).ok());
  ASSERT_TRUE(ParseGetSthResponse(Sth("18446744073709551615")).ok());
  const HostileCase cases[] = {
      {"empty", ""},
      {"html error page", "<html><body>502 Bad Gateway</body></html>"},
      {"truncated", Sth("1").substr(0, 40)},
      {"trailing garbage", Sth("1") + "x"},
      {"two documents", Sth("1") + Sth("1")},
      {"array", "[" + Sth("1") + "]"},
      {"negative size", Sth("-1")},
      {"float size", Sth("1.0")},
      {"exponent size", Sth("1e3")},
      {"size over uint64", Sth("18446744073709551616")},
      {"string size", Sth("\"1\"")},
      {"duplicate member", Sth("1", kRoot, kSig, ",\"tree_size\":2")},
      {"missing member", "{\"tree_size\":1,\"timestamp\":1,\"sha256_root_hash\":\"" +
                             std::string(kRoot) + "\"}"},
      {"31-byte root", Sth("1", "NEFqldTJt2+wE/aaaQuXeADdWVV8IGbwhLublI7QaA==")},
      {"33-byte root", Sth("1", "NEFqldTJt2+wE/aaaQuXeADdWVV8IGbwhLublI7QaMYA")},
      {"unpadded base64", Sth("1", "NEFqldTJt2+wE/aaaQuXeADdWVV8IGbwhLublI7QaMY")},
      {"url-safe base64", Sth("1", "NEFqldTJt2-wE_aaaQuXeADdWVV8IGbwhLublI7QaMY=")},
      {"base64 with newline", Sth("1", "NEFqldTJt2+wE/aaaQuXeADd\\nWVV8IGbwhLublI7QaMY=")},
      {"empty signature", Sth("1", kRoot, "")},
      {"signature trailing bytes", Sth("1", kRoot, std::string(kSig).substr(0, 96) + "AAAA")},
      {"invalid utf8", Sth("1") .substr(0, 10) + "\xff\xfe"},
      {"deep nesting", std::string(2000, '[') + std::string(2000, ']')},
  };
  for (const HostileCase& c : cases) {
    absl::StatusOr<SignedTreeHead> sth = ParseGetSthResponse(c.json);
    EXPECT_FALSE(sth.ok()) << c.desc;
    EXPECT_EQ(ErrorKindOf(sth.status()), ErrorKind::kMalformed) << c.desc << ": " << sth.status();
  }
}

TEST(GetEntriesTest, RejectsHostileInput) {
  const HostileCase cases[] = {
      {"entries not array", "{\"entries\":{}}"},
      {"entry not object", "{\"entries\":[1]}"},
      {"entry missing extra_data", "{\"entries\":[{\"leaf_input\":\"AA==\"}]}"},
      {"bad base64", "{\"entries\":[{\"leaf_input\":\"A\",\"extra_data\":\"\"}]}"},
      {"number leaf_input", "{\"entries\":[{\"leaf_input\":1,\"extra_data\":\"\"}]}"},
      {"missing entries", "{}"},
  };
  for (const HostileCase& c : cases) {
    auto r = ParseGetEntriesResponse(c.json);
    EXPECT_EQ(ErrorKindOf(r.status()), ErrorKind::kMalformed) << c.desc << ": " << r.status();
  }
  auto empty = ParseGetEntriesResponse("{\"entries\":[]}");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
  EXPECT_EQ(ErrorKindOf(ParseGetProofByHashResponse("{\"leaf_index\":1,\"audit_path\":[\"AA==\"]}").status()),
            ErrorKind::kMalformed);
  EXPECT_EQ(ErrorKindOf(ParseGetSthConsistencyResponse("{\"consistency\":null}").status()),
            ErrorKind::kMalformed);
}

TEST(LeafInputTest, RejectsHostileInputAndReportsUnknownTypes) {
  // x509_entry: v1, timestamped_entry, ts, type 0, u24 cert "\x30\x00", u16 ext.
  Bytes good = {0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 2, 0x30, 0x00, 0, 0};
  absl::StatusOr<LeafInput> leaf = ParseLeafInput(good);
  ASSERT_TRUE(leaf.ok()) << leaf.status();
  EXPECT_EQ(leaf->timestamp, 7u);
  EXPECT_EQ(leaf->entry.type, LogEntryType::kX509);

  Bytes unknown = good;
  unknown[11] = 5;  // entry_type 5
  EXPECT_TRUE(absl::IsUnimplemented(ParseLeafInput(unknown).status()));

  Bytes trailing = good;
  trailing.push_back(0);
  Bytes version = good;
  version[0] = 1;
  Bytes leaf_type = good;
  leaf_type[1] = 1;
  Bytes empty_cert = {0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0};
  for (const Bytes& b : {trailing, version, leaf_type, empty_cert, Bytes(good.begin(), good.end() - 1),
                         Bytes{}}) {
    EXPECT_EQ(ErrorKindOf(ParseLeafInput(b).status()), ErrorKind::kMalformed);
  }
}

TEST(ExtraDataTest, ParsesAndRejects) {
  Bytes x509 = {0, 0, 8, 0, 0, 2, 0x30, 0x00, 0, 0, 0};  // missing last cert byte
  EXPECT_EQ(ErrorKindOf(ParseExtraData(LogEntryType::kX509, x509).status()), ErrorKind::kMalformed);
  x509 = {0, 0, 5, 0, 0, 2, 0x30, 0x00};
  auto e = ParseExtraData(LogEntryType::kX509, x509);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->chain.size(), 1u);
  Bytes with_trailing = x509;
  with_trailing.push_back(0);
  EXPECT_EQ(ErrorKindOf(ParseExtraData(LogEntryType::kX509, with_trailing).status()),
            ErrorKind::kMalformed);
  EXPECT_EQ(ErrorKindOf(ParseExtraData(LogEntryType::kPrecert, x509).status()),
            ErrorKind::kMalformed);
  auto empty_chain = ParseExtraData(LogEntryType::kX509, Bytes{0, 0, 0});
  ASSERT_TRUE(empty_chain.ok());
  EXPECT_TRUE(empty_chain->chain.empty());
  EXPECT_EQ(ErrorKindOf(ParseExtraData(LogEntryType::kX509, Bytes{}).status()), ErrorKind::kMalformed);
}

}  // namespace
}  // namespace ct
