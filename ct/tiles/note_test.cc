#include "ct/tiles/note.h"

#include <openssl/bn.h>
#include <openssl/bytestring.h>
#include <openssl/curve25519.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/nid.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ct/base/bytes.h"
#include "ct/base/encoding.h"
#include "ct/base/errors.h"
#include "ct/merkle/hash.h"
#include "ct/sct/log_signer.h"
#include "ct/testing/testdata.h"
#include "ct/tiles/checkpoint.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace ct {
namespace {

using ::ct::testing::ReadTestdata;
using json = nlohmann::json;

json C2spVectors() {
  return json::parse(ReadTestdata("testdata/note/c2sp-signed-note-examples.json"));
}
json GoVectors() {
  return json::parse(ReadTestdata("testdata/note/golang-mod-sumdb-note-vectors.json"));
}

NoteVerifier MustVerifier(const std::string& vkey) {
  absl::StatusOr<NoteVerifier> v = NoteVerifier::FromVerifierKey(vkey);
  EXPECT_TRUE(v.ok()) << v.status();
  return *v;
}

NoteVerifier Rfc6962Verifier(const std::string& origin, const std::string& pem_path) {
  absl::StatusOr<NoteVerifier> v = NoteVerifierFromKey(ReadTestdata(pem_path), origin);
  EXPECT_TRUE(v.ok()) << v.status();
  return *v;
}

TEST(NoteTest, VerifiesC2spVerifierKeyExample) {
  json v = C2spVectors()["vectors"][0];
  NoteVerifier key = MustVerifier(v["vkey"]);
  EXPECT_EQ(key.key_id(), 0x530d903au);
  absl::StatusOr<VerifiedNote> n = OpenNote(v["note"].get<std::string>(), {key});
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(n->text, "This is an example message.\n");
  ASSERT_EQ(n->verified.size(), 1u);
  EXPECT_EQ(n->verified[0].name, "example.com/foo");
  EXPECT_FALSE(n->verified[0].timestamp.has_value());
}

TEST(NoteTest, SplitsAtLastBlankLine) {
  json v = C2spVectors()["vectors"][1];
  absl::StatusOr<Note> n = ParseNote(v["note"].get<std::string>());
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(n->text, v["expected"]["text"].get<std::string>());
  ASSERT_EQ(n->signatures.size(), 1u);
  EXPECT_EQ(n->signatures[0].name, "quasimodo.example/salvatore");
  EXPECT_EQ(n->signatures[0].key_id, 0x367ba04bu);
  EXPECT_EQ(n->signatures[0].signature.size(), 64u);
  absl::StatusOr<std::string> again = FormatNote(*n);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, v["note"].get<std::string>());
}

TEST(NoteTest, ParsesCosignedCheckpointExample) {
  json v = C2spVectors()["vectors"][3];
  absl::StatusOr<Note> n = ParseNote(v["note"].get<std::string>());
  ASSERT_TRUE(n.ok()) << n.status();
  ASSERT_EQ(n->signatures.size(), 2u);
  EXPECT_EQ(n->signatures[1].key_id, 0x8d66cf3fu);
  const std::string& sig = n->signatures[1].signature;
  ASSERT_EQ(sig.size(), 72u);
  uint64_t ts = 0;
  for (int i = 0; i < 8; ++i) ts = (ts << 8) | static_cast<uint8_t>(sig[i]);
  EXPECT_EQ(ts, 1679315147u);
  absl::StatusOr<Checkpoint> cp = ParseCheckpoint(n->text);
  ASSERT_TRUE(cp.ok()) << cp.status();
  EXPECT_EQ(cp->origin, "example.com/behind-the-sofa");
  EXPECT_EQ(cp->size, 20852163u);
  EXPECT_EQ(HashToBase64(cp->root), "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
  EXPECT_EQ(FormatCheckpoint(*cp), n->text);
}

TEST(NoteTest, GoVectorsVerifyAndReportUnknownSigners) {
  json g = GoVectors();
  std::string msg = g["text"].get<std::string>() + "\n" +
                    g["peter_sig_line"].get<std::string>() +
                    g["enoch_sig_line"].get<std::string>();
  NoteVerifier peter = MustVerifier(g["keys"]["PeterNeumann_vkey"]);
  NoteVerifier enoch = MustVerifier(g["keys"]["EnochRoot_vkey"]);
  absl::StatusOr<VerifiedNote> one = OpenNote(msg, {peter});
  ASSERT_TRUE(one.ok()) << one.status();
  ASSERT_EQ(one->verified.size(), 1u);
  EXPECT_EQ(one->verified[0].name, "PeterNeumann");
  ASSERT_EQ(one->unverified.size(), 1u);
  EXPECT_EQ(one->unverified[0].name, "EnochRoot");
  absl::StatusOr<VerifiedNote> both = OpenNote(msg, {peter, enoch});
  ASSERT_TRUE(both.ok()) << both.status();
  EXPECT_EQ(both->verified.size(), 2u);
  EXPECT_TRUE(both->unverified.empty());
}

TEST(NoteTest, IgnoresDuplicateSignatures) {
  json g = GoVectors();
  std::string line = g["peter_sig_line"];
  std::string msg = g["text"].get<std::string>() + "\n" + line + line;
  absl::StatusOr<VerifiedNote> n = OpenNote(msg, {MustVerifier(g["keys"]["PeterNeumann_vkey"])});
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(n->verified.size(), 1u);
}

TEST(NoteTest, RejectsOnlyUnknownSigners) {
  json g = GoVectors();
  std::string msg = g["text"].get<std::string>() + "\n" + g["enoch_sig_line"].get<std::string>();
  EXPECT_EQ(OpenNote(msg, {MustVerifier(g["keys"]["PeterNeumann_vkey"])}).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(NoteTest, RejectsBadSignatureFromKnownKey) {
  json g = GoVectors();
  std::string line = g["peter_sig_line"];
  line.insert(60, "ABCD");
  std::string msg = g["text"].get<std::string>() + "\n" + line;
  absl::Status s = OpenNote(msg, {MustVerifier(g["keys"]["PeterNeumann_vkey"])}).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(s.message().find("PeterNeumann+c74f20a3"), std::string::npos) << s;
}

TEST(NoteTest, RejectsAmbiguousVerifiers) {
  json g = GoVectors();
  std::string msg = g["text"].get<std::string>() + "\n" + g["enoch_sig_line"].get<std::string>();
  NoteVerifier enoch = MustVerifier(g["keys"]["EnochRoot_vkey"]);
  EXPECT_EQ(OpenNote(msg, {enoch, enoch}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(NoteTest, RejectsGoMalformedNotes) {
  json g = GoVectors();
  std::string text = g["text"];
  std::string peter = g["peter_sig_line"];
  std::vector<std::string> bad = {
      text,
      text + "\n",
      text + "\n" + peter.substr(0, peter.size() - 1),
      "\x01" + text + "\n" + peter,
      "\xff" + text + "\n" + peter,
      text + "\n" + "\xE2\x80\x94 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
      text + "\n" + peter + "Hello, world\n",
      text + "\n" + peter + "\n",
  };
  NoteVerifier v = MustVerifier(g["keys"]["PeterNeumann_vkey"]);
  for (const std::string& msg : bad) {
    EXPECT_EQ(OpenNote(msg, {v}).status().code(), absl::StatusCode::kInvalidArgument)
        << absl::CHexEscape(msg);
  }
}

TEST(NoteTest, RejectsInvalidVerifierKeys) {
  json g = GoVectors();
  std::string vkey = g["keys"]["PeterNeumann_vkey"];
  for (size_t i = 0; i < vkey.size(); ++i) {
    for (size_t j = i; j <= vkey.size(); ++j) {
      if (i == 0 && j == vkey.size()) continue;
      EXPECT_FALSE(NoteVerifier::FromVerifierKey(vkey.substr(i, j - i)).ok())
          << vkey.substr(i, j - i);
    }
  }
  for (size_t i = 0; i < vkey.size(); ++i) {
    std::string k = vkey;
    ++k[i];
    EXPECT_FALSE(NoteVerifier::FromVerifierKey(k).ok()) << k;
  }
  EXPECT_EQ(NoteVerifier::FromVerifierKey(
                "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==")
                .status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(NoteVerifier::FromVerifierKey(
                "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
                .status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(NoteTest, RejectsBadKeyNamesAndControlCharacters) {
  EXPECT_FALSE(IsValidKeyName(""));
  EXPECT_FALSE(IsValidKeyName("a+b"));
  EXPECT_FALSE(IsValidKeyName("a b"));
  EXPECT_FALSE(IsValidKeyName("a\xC2\xA0" "b"));      // U+00A0
  EXPECT_FALSE(IsValidKeyName("a\xE3\x80\x80" "b"));  // U+3000
  EXPECT_FALSE(IsValidKeyName("a\xC0\xAF"));          // overlong
  EXPECT_TRUE(IsValidKeyName("example.com/log"));
  EXPECT_TRUE(IsValidKeyName("caf\xC3\xA9"));
  std::string msg = "text\twith tab\n\n\xE2\x80\x94 a AAAAAAA=\n";
  EXPECT_EQ(ParseNote(msg).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseNote("text\r\n\n\xE2\x80\x94 a AAAAAAA=\n").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(ParseNote("text\n\n\xE2\x80\x94 a AAAAAAA=\n").ok());
  EXPECT_EQ(ParseNote("text\n\n\xE2\x80\x94 a AAAAAA==\n").status().code(),  // 4 bytes
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseNote("text\n\n\xE2\x80\x94 a AAAAAAB=\n").status().code(),  // non-canonical
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseNote("text\n\n- a AAAAAAA=\n").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(NoteTest, CapsSignatureCount) {
  std::string base = "text\n\n";
  std::string sixteen = base, many = base;
  for (int i = 0; i < 16; ++i) absl::StrAppend(&sixteen, "\xE2\x80\x94 k", i, " AAAAAAA=\n");
  for (size_t i = 0; i <= kMaxNoteSignatures; ++i) {
    absl::StrAppend(&many, "\xE2\x80\x94 k", i, " AAAAAAA=\n");
  }
  absl::StatusOr<Note> n = ParseNote(sixteen);
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(n->signatures.size(), 16u);
  EXPECT_EQ(ParseNote(many).status().code(), absl::StatusCode::kInvalidArgument);
}

// Builds a random Ed25519 key pair, returns its verifier key string.
std::string NewKey(const std::string& name, uint8_t type, uint8_t priv[64]) {
  uint8_t pub[32];
  ED25519_keypair(pub, priv);
  std::string pubs(reinterpret_cast<char*>(pub), 32);
  uint32_t id = NoteKeyId(name, static_cast<NoteSignatureType>(type), pubs);
  std::string raw(1, static_cast<char>(type));
  raw += pubs;
  return absl::StrFormat("%s+%08x+%s", name, id, Base64Encode(AsBytes(raw)));
}

TEST(NoteTest, VerifiesCosignatureV1WithTimestamp) {
  const std::string text = "example.com/log\n5\ngy5gl3aksFyiCO95a/1vLXz88A3dRq+0l9Sxte8ZqZQ=\n";
  uint8_t priv[64];
  NoteVerifier w = MustVerifier(NewKey("witness.example/w1", 0x04, priv));
  const uint64_t ts = 1679315147;
  std::string msg = absl::StrCat("cosignature/v1\ntime ", ts, "\n", text);
  uint8_t sig[64];
  ASSERT_EQ(ED25519_sign(sig, reinterpret_cast<const uint8_t*>(msg.data()), msg.size(), priv), 1);
  std::string body;
  for (int i = 7; i >= 0; --i) body.push_back(static_cast<char>(ts >> (8 * i)));
  body.append(reinterpret_cast<char*>(sig), 64);
  Note note{text, {{w.name(), w.key_id(), body}}};
  absl::StatusOr<std::string> wire = FormatNote(note);
  ASSERT_TRUE(wire.ok());
  absl::StatusOr<VerifiedNote> n = OpenNote(*wire, {w});
  ASSERT_TRUE(n.ok()) << n.status();
  ASSERT_EQ(n->verified.size(), 1u);
  EXPECT_EQ(n->verified[0].type, NoteSignatureType::kCosignatureV1);
  EXPECT_EQ(n->verified[0].timestamp, ts);
  // The same signature with another timestamp fails.
  body[7] ^= 1;
  note.signatures[0].signature = body;
  EXPECT_EQ(OpenNote(*FormatNote(note), {w}).status().code(), absl::StatusCode::kUnauthenticated);
}

// A static-ct-api log key made in the test, signing RFC6962NoteSignatures.
class TestLogKey {
 public:
  explicit TestLogKey(bool rsa, int bits_or_nid = 0) : rsa_(rsa) {
    pkey_ = EVP_PKEY_new();
    if (rsa) {
      RSA* r = RSA_new();
      BIGNUM* e = BN_new();
      BN_set_word(e, 65537);
      EXPECT_EQ(RSA_generate_key_ex(r, bits_or_nid ? bits_or_nid : 2048, e, nullptr), 1);
      BN_free(e);
      EVP_PKEY_assign_RSA(pkey_, r);
    } else {
      EC_KEY* k = EC_KEY_new_by_curve_name(bits_or_nid ? bits_or_nid : NID_X9_62_prime256v1);
      EXPECT_EQ(EC_KEY_generate_key(k), 1);
      EVP_PKEY_assign_EC_KEY(pkey_, k);
    }
  }
  ~TestLogKey() { EVP_PKEY_free(pkey_); }

  std::string Spki() const {
    bssl::ScopedCBB cbb;
    CBB_init(cbb.get(), 512);
    EXPECT_EQ(EVP_marshal_public_key(cbb.get(), pkey_), 1);
    return std::string(reinterpret_cast<const char*>(CBB_data(cbb.get())), CBB_len(cbb.get()));
  }

  // Body of an RFC6962NoteSignature over (ts, size, root).
  std::string Sign(uint64_t ts, uint64_t size, const Hash& root, uint8_t hash_alg = 4,
                   int sig_alg = -1) const {
    bssl::ScopedCBB in;
    CBB_init(in.get(), 50);
    CBB_add_u8(in.get(), 0);
    CBB_add_u8(in.get(), 1);
    CBB_add_u64(in.get(), ts);
    CBB_add_u64(in.get(), size);
    CBB_add_bytes(in.get(), root.data(), root.size());
    uint8_t digest[32];
    SHA256(CBB_data(in.get()), CBB_len(in.get()), digest);
    std::vector<uint8_t> sig(1024);
    size_t sig_len = 0;
    if (rsa_) {
      unsigned len = 0;
      EXPECT_EQ(RSA_sign(NID_sha256, digest, 32, sig.data(), &len, EVP_PKEY_get0_RSA(pkey_)), 1);
      sig_len = len;
    } else {
      unsigned len = 0;
      EXPECT_EQ(ECDSA_sign(0, digest, 32, sig.data(), &len, EVP_PKEY_get0_EC_KEY(pkey_)), 1);
      sig_len = len;
    }
    bssl::ScopedCBB out;
    CBB body;
    CBB_init(out.get(), 600);
    CBB_add_u64(out.get(), ts);
    CBB_add_u8(out.get(), hash_alg);
    CBB_add_u8(out.get(), sig_alg >= 0 ? sig_alg : (rsa_ ? 1 : 3));
    CBB_add_u16_length_prefixed(out.get(), &body);
    CBB_add_bytes(&body, sig.data(), sig_len);
    CBB_flush(out.get());
    return std::string(reinterpret_cast<const char*>(CBB_data(out.get())), CBB_len(out.get()));
  }

 private:
  bool rsa_;
  EVP_PKEY* pkey_ = nullptr;
};

std::string SignedCheckpoint(const NoteVerifier& v, const Checkpoint& cp, const std::string& body) {
  Note n{FormatCheckpoint(cp), {{v.name(), v.key_id(), body}}};
  absl::StatusOr<std::string> s = FormatNote(n);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? *s : "";
}

TEST(Rfc6962NoteSignatureTest, VerifiesEcdsaAndRsaAndRejectsVariants) {
  Checkpoint cp{"log.example/2026", 12345, HashLeaf(absl::string_view("root")), {}};
  for (bool rsa : {false, true}) {
    TestLogKey key(rsa);
    absl::StatusOr<NoteVerifier> v = NoteVerifier::ForRfc6962Log(cp.origin, AsBytes(key.Spki()));
    ASSERT_TRUE(v.ok()) << v.status();
    const uint64_t ts = 1769279856830;
    absl::StatusOr<VerifiedCheckpoint> ok =
        OpenCheckpoint(SignedCheckpoint(*v, cp, key.Sign(ts, cp.size, cp.root)), {*v});
    ASSERT_TRUE(ok.ok()) << ok.status();
    EXPECT_EQ(ok->note.verified[0].timestamp, ts);
    EXPECT_EQ(ok->note.verified[0].type, NoteSignatureType::kRfc6962TreeHead);
    std::vector<std::pair<std::string, std::string>> bad = {
        {"wrong hash alg", key.Sign(ts, cp.size, cp.root, 5)},
        {"wrong sig alg", key.Sign(ts, cp.size, cp.root, 4, rsa ? 3 : 1)},
        {"anonymous sig alg", key.Sign(ts, cp.size, cp.root, 4, 0)},
        {"other timestamp", key.Sign(ts + 1, cp.size, cp.root).replace(0, 8, key.Sign(ts, cp.size, cp.root).substr(0, 8))},
        {"other size", key.Sign(ts, cp.size + 1, cp.root)},
        {"trailing byte", key.Sign(ts, cp.size, cp.root) + "x"},
        {"truncated", key.Sign(ts, cp.size, cp.root).substr(0, 20)},
        {"timestamp only", key.Sign(ts, cp.size, cp.root).substr(0, 8)},
    };
    for (const auto& [what, body] : bad) {
      EXPECT_EQ(OpenCheckpoint(SignedCheckpoint(*v, cp, body), {*v}).status().code(),
                absl::StatusCode::kUnauthenticated)
          << (rsa ? "RSA " : "ECDSA ") << what;
    }
    Checkpoint ext = cp;
    ext.extensions = {"extension"};
    EXPECT_EQ(OpenCheckpoint(SignedCheckpoint(*v, ext, key.Sign(ts, cp.size, cp.root)), {*v})
                  .status().code(),
              absl::StatusCode::kUnauthenticated);
  }
}

TEST(Rfc6962NoteSignatureTest, RejectsUnsupportedLogKeys) {
  TestLogKey small_rsa(true, 1024);
  EXPECT_EQ(NoteVerifier::ForRfc6962Log("o", AsBytes(small_rsa.Spki())).status().code(),
            absl::StatusCode::kInvalidArgument);
  TestLogKey p384(false, NID_secp384r1);
  EXPECT_EQ(NoteVerifier::ForRfc6962Log("o", AsBytes(p384.Spki())).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(NoteVerifier::ForRfc6962Log("o", AsBytes("not der")).status().code(),
            absl::StatusCode::kInvalidArgument);
  TestLogKey ok(false);
  EXPECT_EQ(NoteVerifier::ForRfc6962Log("bad name", AsBytes(ok.Spki())).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(NoteVerifier::ForRfc6962Log("o", AsBytes(ok.Spki() + "x")).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(CheckpointTest, TesseraCheckpointsVerifyWithVkey) {
  const std::string dir = "testdata/tiles/tlog-tiles-tessera-testdata/";
  std::string vkey = ReadTestdata(dir + "vkey.txt");
  while (!vkey.empty() && vkey.back() == '\n') vkey.pop_back();
  NoteVerifier v = MustVerifier(vkey);
  json expected = json::parse(ReadTestdata(dir + "expected.json"));
  for (int size = 0; size <= 15; ++size) {
    absl::StatusOr<VerifiedCheckpoint> cp =
        OpenCheckpoint(ReadTestdata(absl::StrCat(dir, "checkpoint.", size)), {v});
    ASSERT_TRUE(cp.ok()) << size << ": " << cp.status();
    EXPECT_EQ(cp->checkpoint.origin, "example.com/log/testdata");
    EXPECT_EQ(cp->checkpoint.size, static_cast<uint64_t>(size));
    EXPECT_EQ(HashToBase64(cp->checkpoint.root),
              expected["computed_by_collector"]["roots_b64_by_size"][std::to_string(size)]
                  .get<std::string>());
  }
}

TEST(CheckpointTest, RealRfc6962CheckpointsVerifyAndIgnoreWitnesses) {
  struct Case {
    std::string file, origin, pem, key_id;
    uint64_t size, ts;
  };
  const std::string dir = "testdata/tiles/checkpoints/";
  json e = json::parse(ReadTestdata(dir + "expected.json"))["computed_by_collector"];
  std::vector<Case> cases = {
      {"arche2026h1.staging.ct.transparency.dev-checkpoint.txt",
       "arche2026h1.staging.ct.transparency.dev", "log-key-google-arche2026h1-log.pem",
       e["arche2026h1"]["rfc6962_key_id_hex"], 1822167730,
       e["arche2026h1"]["sth_timestamp_ms"]},
      {"log.sycamore.ct.letsencrypt.org-2026h1-checkpoint.txt",
       "log.sycamore.ct.letsencrypt.org/2026h1", "log-key-lets-encrypt-sycamore2026h1.pem",
       e["sycamore2026h1"]["rfc6962_key_id_hex"], 804475391,
       e["sycamore2026h1"]["sth_timestamp_ms"]},
  };
  for (const Case& c : cases) {
    NoteVerifier v = Rfc6962Verifier(c.origin, dir + c.pem);
    EXPECT_EQ(absl::StrFormat("%08x", v.key_id()), c.key_id);
    std::string msg = ReadTestdata(dir + c.file);
    absl::StatusOr<VerifiedCheckpoint> cp = OpenCheckpoint(msg, {v}, c.origin);
    ASSERT_TRUE(cp.ok()) << c.file << ": " << cp.status();
    EXPECT_EQ(cp->checkpoint.size, c.size);
    ASSERT_EQ(cp->note.verified.size(), 1u);
    EXPECT_EQ(cp->note.verified[0].timestamp, c.ts);
    EXPECT_FALSE(cp->note.unverified.empty());
    // Wrong origin, and a flipped root under the valid signature.
    EXPECT_EQ(OpenCheckpoint(msg, {v}, "other.example").status().code(),
              absl::StatusCode::kUnauthenticated);
    Checkpoint bad = cp->checkpoint;
    bad.root[0] ^= 1;
    absl::StatusOr<Note> parsed = ParseNote(msg);
    ASSERT_TRUE(parsed.ok());
    parsed->text = FormatCheckpoint(bad);
    EXPECT_EQ(OpenCheckpoint(*FormatNote(*parsed), {v}).status().code(),
              absl::StatusCode::kUnauthenticated);
    // RFC6962NoteSignature forbids extension lines.
    Checkpoint ext = cp->checkpoint;
    ext.extensions.push_back("ext");
    parsed->text = FormatCheckpoint(ext);
    EXPECT_EQ(OpenCheckpoint(*FormatNote(*parsed), {v}).status().code(),
              absl::StatusCode::kUnauthenticated);
  }
}

TEST(CheckpointTest, RejectsMalformedBodies) {
  const std::string root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
  std::vector<std::string> bad = {
      "",
      "origin\n5\n" + root,  // no final newline
      "origin\n5\n",
      "\n5\n" + root + "\n",
      "origin\n05\n" + root + "\n",
      "origin\n+5\n" + root + "\n",
      "origin\n0x5\n" + root + "\n",
      "origin\n18446744073709551616\n" + root + "\n",
      "origin\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n",
      "origin\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2=\n",
      "origin\n5\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBTOOBIG=\n",
      "origin\n5\n" + root + "\n\n",
  };
  for (const std::string& t : bad) {
    EXPECT_EQ(ParseCheckpoint(t).status().code(), absl::StatusCode::kInvalidArgument)
        << absl::CHexEscape(t);
  }
  absl::StatusOr<Checkpoint> max = ParseCheckpoint("o\n18446744073709551615\n" + root + "\n");
  ASSERT_TRUE(max.ok());
  EXPECT_EQ(max->size, UINT64_MAX);
  absl::StatusOr<Checkpoint> zero = ParseCheckpoint("o\n0\n" + root + "\next1\next2\n");
  ASSERT_TRUE(zero.ok());
  EXPECT_EQ(zero->extensions.size(), 2u);
}

TEST(CheckpointTest, ClassifiesErrorsByKind) {
  const std::string dir = "testdata/tiles/checkpoints/";
  const std::string origin = "log.sycamore.ct.letsencrypt.org/2026h1";
  NoteVerifier v = Rfc6962Verifier(origin, dir + "log-key-lets-encrypt-sycamore2026h1.pem");
  const std::string msg =
      ReadTestdata(dir + "log.sycamore.ct.letsencrypt.org-2026h1-checkpoint.txt");
  ASSERT_TRUE(OpenCheckpoint(msg, {v}, origin).ok());
  // Verification failures: another origin, a tampered root, no known key.
  absl::Status other = OpenCheckpoint(msg, {v}, "other.example").status();
  EXPECT_EQ(other.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(ErrorKindOf(other), ErrorKind::kBadSignature);
  absl::StatusOr<Note> parsed = ParseNote(msg);
  ASSERT_TRUE(parsed.ok());
  absl::StatusOr<Checkpoint> cp = ParseCheckpoint(parsed->text);
  ASSERT_TRUE(cp.ok());
  cp->root[0] ^= 1;
  parsed->text = FormatCheckpoint(*cp);
  absl::Status tampered = OpenCheckpoint(*FormatNote(*parsed), {v}).status();
  EXPECT_EQ(tampered.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(ErrorKindOf(tampered), ErrorKind::kBadSignature);
  NoteVerifier stranger =
      Rfc6962Verifier("stranger.example", dir + "log-key-lets-encrypt-sycamore2026h1.pem");
  EXPECT_EQ(ErrorKindOf(OpenCheckpoint(msg, {stranger}).status()), ErrorKind::kBadSignature);
  // Malformed input: a note that does not parse, a body that is no checkpoint.
  absl::Status garbage = OpenCheckpoint("not a note", {v}).status();
  EXPECT_EQ(garbage.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorKindOf(garbage), ErrorKind::kMalformed);
  EXPECT_EQ(ErrorKindOf(ParseCheckpoint("origin\n05\n").status()), ErrorKind::kMalformed);
  // A caller mistake is neither.
  absl::Status ambiguous = OpenCheckpoint(msg, {v, v}).status();
  EXPECT_EQ(ambiguous.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorKindOf(ambiguous), ErrorKind::kUnclassified);
}

TEST(CheckpointTest, ParsesSumdbTreeNote) {
  json t = GoVectors()["sumdb_tree_note"];
  absl::StatusOr<Checkpoint> cp = ParseCheckpoint(t["formatted"].get<std::string>());
  ASSERT_TRUE(cp.ok()) << cp.status();
  EXPECT_EQ(cp->size, t["tree_size"].get<uint64_t>());
  EXPECT_TRUE(HashesEqual(cp->root, HashLeaf(absl::string_view("hello world"))));
}

std::string TesseraPrivateKey() {
  json e = json::parse(
      ReadTestdata("testdata/tiles/tlog-tiles-tessera-testdata/expected.json"));
  std::string a = e["source_assertions"];
  const std::string marker = "LOG_PRIVATE_KEY is also in that script: ";
  a = a.substr(a.find(marker) + marker.size());
  return a.substr(0, a.find(')'));
}

TEST(NoteSignerTest, ReproducesGoAndTesseraSignatures) {
  json g = json::parse(ReadTestdata("testdata/note/golang-mod-sumdb-note-vectors.json"));
  absl::StatusOr<NoteSigner> peter = NoteSigner::FromPrivateKey(g["keys"]["PeterNeumann_skey"]);
  ASSERT_TRUE(peter.ok()) << peter.status();
  EXPECT_EQ(peter->public_key(), g["keys"]["PeterNeumann_vkey"].get<std::string>());
  std::string text = g["text"];
  Note note{text, {*peter->Sign(text)}};
  EXPECT_EQ(*FormatNote(note), text + "\n" + g["peter_sig_line"].get<std::string>());

  absl::StatusOr<NoteSigner> tessera = NoteSigner::FromPrivateKey(TesseraPrivateKey());
  ASSERT_TRUE(tessera.ok()) << tessera.status();
  for (int size : {0, 5, 15}) {
    std::string want =
        ReadTestdata(absl::StrCat("testdata/tiles/tlog-tiles-tessera-testdata/checkpoint.", size));
    absl::StatusOr<Note> parsed = ParseNote(want);
    ASSERT_TRUE(parsed.ok());
    Note again{parsed->text, {*tessera->Sign(parsed->text)}};
    EXPECT_EQ(*FormatNote(again), want) << size;
  }
  EXPECT_FALSE(NoteSigner::FromPrivateKey("PRIVATE+KEY+x+00000000+AAAA").ok());
  EXPECT_FALSE(NoteSigner::Ed25519("bad name", std::string(32, 'x')).ok());
  EXPECT_FALSE(LogSigner::CreateFromPemOrDer("junk").ok());  // the key NoteSigner::ForRfc6962Log takes
}

TEST(NoteVerifierFromKeyTest, TakesVerifierKeysAndPemOrDerPublicKeys) {
  const std::string dir = "testdata/tiles/";
  std::string vkey = ReadTestdata(dir + "tlog-tiles-tessera-testdata/vkey.txt");
  // A verifier key string, as typed or as read from a file (whitespace).
  for (const std::string& k : {vkey, "  " + vkey + "\n"}) {
    absl::StatusOr<NoteVerifier> v = NoteVerifierFromKey(k, "ignored");
    ASSERT_TRUE(v.ok()) << v.status();
    EXPECT_EQ(v->name(), "example.com/log/testdata");
    EXPECT_EQ(v->type(), NoteSignatureType::kEd25519);
  }
  // A PEM public key file, and the same key in DER: RFC6962NoteSignature
  // verifiers named after the origin.
  const std::string pem = ReadTestdata(dir + "checkpoints/log-key-google-arche2026h1-log.pem");
  absl::StatusOr<ct::LogVerifier> log = ct::LogVerifier::CreateFromPem(pem);
  ASSERT_TRUE(log.ok()) << log.status();
  for (const std::string& k : {pem, ToString(log->spki())}) {
    absl::StatusOr<NoteVerifier> v = NoteVerifierFromKey(k, "arche2026h1.staging.ct.transparency.dev");
    ASSERT_TRUE(v.ok()) << v.status();
    EXPECT_EQ(v->name(), "arche2026h1.staging.ct.transparency.dev");
    EXPECT_EQ(v->type(), NoteSignatureType::kRfc6962TreeHead);
    EXPECT_EQ(v->key_id(), NoteKeyId(v->name(), NoteSignatureType::kRfc6962TreeHead,
                                     AsChars(log->log_id())));
  }
  for (const std::string& bad : {std::string("not-a-key"), std::string(""), pem + "garbage",
                                 ToString(log->spki()) + "x", vkey + "x",
                                 std::string("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")}) {
    EXPECT_EQ(NoteVerifierFromKey(bad, "o").status().code(), absl::StatusCode::kInvalidArgument)
        << bad;
  }
  // A good key with an origin that is not a key name.
  EXPECT_EQ(NoteVerifierFromKey(pem, "bad origin").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(NoteSignerTest, Rfc6962SignerRoundTripsThroughLogSigner) {
  bssl::UniquePtr<EC_KEY> ec(EC_KEY_new_by_curve_name(NID_X9_62_prime256v1));
  ASSERT_TRUE(EC_KEY_generate_key(ec.get()));
  bssl::ScopedCBB cbb;
  ASSERT_TRUE(CBB_init(cbb.get(), 128) && EC_KEY_marshal_private_key(cbb.get(), ec.get(), 0));
  absl::StatusOr<LogSigner> key =
      LogSigner::Create(ByteSpan(CBB_data(cbb.get()), CBB_len(cbb.get())));
  ASSERT_TRUE(key.ok()) << key.status();
  absl::StatusOr<NoteSigner> signer = NoteSigner::ForRfc6962Log("example.com/log", *key);
  ASSERT_TRUE(signer.ok()) << signer.status();
  EXPECT_EQ(signer->public_key(), ToString(key->spki()));
  const std::string text = "example.com/log\n5\ngy5gl3aksFyiCO95a/1vLXz88A3dRq+0l9Sxte8ZqZQ=\n";
  absl::StatusOr<NoteSignature> sig = signer->Sign(text, 1234);
  ASSERT_TRUE(sig.ok()) << sig.status();
  absl::StatusOr<VerifiedNote> note =
      OpenNote(*FormatNote(Note{text, {*sig}}), {signer->Verifier()});
  ASSERT_TRUE(note.ok()) << note.status();
  EXPECT_EQ(note->verified[0].timestamp, std::optional<uint64_t>(1234));
  EXPECT_EQ(NoteSigner::ForRfc6962Log("bad name", *key).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ct
