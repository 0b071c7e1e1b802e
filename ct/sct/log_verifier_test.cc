// Tests of the key owners: LogVerifier (public keys: DER/PEM parsing, key
// uses, bare signatures) and LogSigner (private keys, round trips).
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/bytestring.h>
#include <openssl/curve25519.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/mem.h>
#include <openssl/nid.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "ct/base/bytes.h"
#include "ct/base/encoding.h"
#include "ct/merkle/hash.h"
#include "ct/sct/log_signer.h"
#include "ct/sct/log_verifier.h"
#include "ct/sct/sct.h"
#include "ct/sct/signed_data.h"
#include "ct/testing/testdata.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

using ::ct::testing::ReadTestdata;
using KeyType = LogVerifier::KeyType;
using KeyUse = LogVerifier::KeyUse;

constexpr auto kInvalid = absl::StatusCode::kInvalidArgument;

// --- Test keys made with BoringSSL ------------------------------------------

bssl::UniquePtr<EVP_PKEY> EcKey(int nid) {
  bssl::UniquePtr<EC_KEY> ec(EC_KEY_new_by_curve_name(nid));
  EXPECT_TRUE(EC_KEY_generate_key(ec.get()));
  bssl::UniquePtr<EVP_PKEY> pkey(EVP_PKEY_new());
  EXPECT_TRUE(EVP_PKEY_set1_EC_KEY(pkey.get(), ec.get()));
  return pkey;
}

bssl::UniquePtr<EVP_PKEY> RsaKey(int bits) {
  bssl::UniquePtr<RSA> rsa(RSA_new());
  bssl::UniquePtr<BIGNUM> e(BN_new());
  EXPECT_TRUE(BN_set_word(e.get(), 65537));
  EXPECT_TRUE(RSA_generate_key_ex(rsa.get(), bits, e.get(), nullptr));
  bssl::UniquePtr<EVP_PKEY> pkey(EVP_PKEY_new());
  EXPECT_TRUE(EVP_PKEY_set1_RSA(pkey.get(), rsa.get()));
  return pkey;
}

bssl::UniquePtr<EVP_PKEY> Ed25519Key() {
  uint8_t pub[ED25519_PUBLIC_KEY_LEN], priv[ED25519_PRIVATE_KEY_LEN];
  ED25519_keypair(pub, priv);
  // The private key is the 32-byte seed followed by the public key.
  return bssl::UniquePtr<EVP_PKEY>(
      EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, priv, 32));
}

std::string Finish(CBB* cbb) {
  uint8_t* out = nullptr;
  size_t len = 0;
  EXPECT_TRUE(CBB_finish(cbb, &out, &len));
  std::string s(AsChars(ByteSpan(out, len)));
  OPENSSL_free(out);
  return s;
}

std::string SpkiDer(EVP_PKEY* pkey) {
  bssl::ScopedCBB cbb;
  EXPECT_TRUE(CBB_init(cbb.get(), 128) && EVP_marshal_public_key(cbb.get(), pkey));
  return Finish(cbb.get());
}

std::string Pkcs8Der(EVP_PKEY* pkey) {
  bssl::ScopedCBB cbb;
  EXPECT_TRUE(CBB_init(cbb.get(), 128) && EVP_marshal_private_key(cbb.get(), pkey));
  return Finish(cbb.get());
}

std::string Sec1Der(EVP_PKEY* pkey) {
  bssl::ScopedCBB cbb;
  EXPECT_TRUE(CBB_init(cbb.get(), 128) &&
              EC_KEY_marshal_private_key(cbb.get(), EVP_PKEY_get0_EC_KEY(pkey), 0));
  return Finish(cbb.get());
}

// Pem wraps `der` in a PEM block of type `type` with 64-column lines.
std::string Pem(absl::string_view type, absl::string_view der) {
  std::string b64 = Base64Encode(AsBytes(der));
  std::string out = absl::StrCat("-----BEGIN ", type, "-----\n");
  for (size_t i = 0; i < b64.size(); i += 64) absl::StrAppend(&out, b64.substr(i, 64), "\n");
  absl::StrAppend(&out, "-----END ", type, "-----\n");
  return out;
}

// --- LogVerifier: parsing -----------------------------------------------------

struct KeyCase {
  const char* name;
  bssl::UniquePtr<EVP_PKEY> (*make)();
  KeyType type;
};

const KeyCase kLogKeys[] = {
    {"ECDSA P-256", [] { return EcKey(NID_X9_62_prime256v1); }, KeyType::kEcdsaP256},
    {"RSA 2048", [] { return RsaKey(2048); }, KeyType::kRsa},
    {"Ed25519", Ed25519Key, KeyType::kEd25519},
};

TEST(LogVerifierTest, ParsesEachKeyTypeFromDerPemAndEither) {
  for (const KeyCase& c : kLogKeys) {
    SCOPED_TRACE(c.name);
    bssl::UniquePtr<EVP_PKEY> pkey = c.make();
    const std::string der = SpkiDer(pkey.get());
    const std::string pem = Pem("PUBLIC KEY", der);
    for (absl::StatusOr<LogVerifier> v :
         {LogVerifier::Create(AsBytes(der)), LogVerifier::CreateFromPem(pem),
          LogVerifier::CreateFromPemOrDer(der), LogVerifier::CreateFromPemOrDer(pem),
          // RFC 7468 §2: explanatory text before the block is ignored.
          LogVerifier::CreateFromPem("Test log key\n" + pem + "\n\n")}) {
      ASSERT_TRUE(v.ok()) << v.status();
      EXPECT_EQ(v->key_type(), c.type);
      EXPECT_EQ(v->log_id(), Sha256(AsBytes(der)));
      EXPECT_EQ(AsChars(v->spki()), der);
    }
  }
}

TEST(LogVerifierTest, ParsesRealLogKeys) {
  for (const char* file : {"log-key-google-arche2026h1-log.pem",
                           "log-key-lets-encrypt-sycamore2026h1.pem"}) {
    const std::string pem = ReadTestdata(absl::StrCat("testdata/tiles/checkpoints/", file));
    absl::StatusOr<LogVerifier> v = LogVerifier::CreateFromPem(pem);
    ASSERT_TRUE(v.ok()) << file << ": " << v.status();
    EXPECT_EQ(v->key_type(), KeyType::kEcdsaP256) << file;
  }
}

TEST(LogVerifierTest, RejectsTrailingBytesAndWrongPemTypes) {
  bssl::UniquePtr<EVP_PKEY> pkey = EcKey(NID_X9_62_prime256v1);
  const std::string der = SpkiDer(pkey.get());
  const std::string pem = Pem("PUBLIC KEY", der);
  // DER with trailing bytes.
  EXPECT_EQ(LogVerifier::Create(AsBytes(der + "x")).status().code(), kInvalid);
  EXPECT_EQ(LogVerifier::Create(AsBytes(der + std::string(1, '\0'))).status().code(), kInvalid);
  EXPECT_EQ(LogVerifier::CreateFromPemOrDer(der + "x").status().code(), kInvalid);
  EXPECT_EQ(LogVerifier::Create(AsBytes(der.substr(0, der.size() - 1))).status().code(),
            kInvalid);
  // A DER SPKI with trailing bytes inside the PEM block.
  EXPECT_EQ(LogVerifier::CreateFromPem(Pem("PUBLIC KEY", der + "x")).status().code(), kInvalid);
  // PEM with trailing garbage, or a second block.
  EXPECT_EQ(LogVerifier::CreateFromPem(pem + "garbage\n").status().code(), kInvalid);
  EXPECT_EQ(LogVerifier::CreateFromPem(pem + pem).status().code(), kInvalid);
  EXPECT_EQ(LogVerifier::CreateFromPemOrDer(pem + "x").status().code(), kInvalid);
  // Wrong PEM types.
  for (const char* type : {"CERTIFICATE", "PRIVATE KEY", "RSA PUBLIC KEY", "EC PUBLIC KEY"}) {
    EXPECT_EQ(LogVerifier::CreateFromPem(Pem(type, der)).status().code(), kInvalid) << type;
    EXPECT_EQ(LogVerifier::CreateFromPemOrDer(Pem(type, der)).status().code(), kInvalid)
        << type;
  }
  // Broken PEM framing and base64.
  std::string bad_b64 = pem;
  bad_b64[30] = '!';
  for (const std::string& bad :
       {std::string(""), std::string("-----BEGIN PUBLIC KEY-----\n"), bad_b64,
        pem.substr(0, pem.size() - 10), std::string("garbage")}) {
    EXPECT_EQ(LogVerifier::CreateFromPem(bad).status().code(), kInvalid) << bad;
    EXPECT_EQ(LogVerifier::CreateFromPemOrDer(bad).status().code(), kInvalid) << bad;
  }
}

TEST(LogVerifierTest, KeyUseDecidesWhichKeysAreAccepted) {
  bssl::UniquePtr<EVP_PKEY> p384 = EcKey(NID_secp384r1);
  const std::string der = SpkiDer(p384.get());
  EXPECT_EQ(LogVerifier::Create(AsBytes(der)).status().code(), absl::StatusCode::kUnimplemented);
  absl::StatusOr<LogVerifier> list_key = LogVerifier::Create(AsBytes(der), KeyUse::kLogList);
  ASSERT_TRUE(list_key.ok()) << list_key.status();
  EXPECT_EQ(list_key->key_type(), KeyType::kEcdsaP384);
  // A P-384 key signs log lists only, never CT data.
  EXPECT_EQ(list_key->CheckAlgorithms(HashAlgorithm::kSha256, SignatureAlgorithm::kEcdsa).code(),
            absl::StatusCode::kFailedPrecondition);
  bssl::UniquePtr<EVP_PKEY> ed = Ed25519Key();
  EXPECT_EQ(LogVerifier::Create(AsBytes(SpkiDer(ed.get())), KeyUse::kLogList).status().code(),
            absl::StatusCode::kUnimplemented);
  EXPECT_TRUE(LogVerifier::Create(AsBytes(SpkiDer(ed.get()))).ok());
}

// --- LogVerifier: bare SHA-256 signatures (log lists) -------------------------

std::string SignSha256(EVP_PKEY* pkey, absl::string_view msg) {
  bssl::ScopedEVP_MD_CTX ctx;
  EXPECT_TRUE(EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, pkey));
  size_t len = 0;
  EXPECT_TRUE(EVP_DigestSign(ctx.get(), nullptr, &len, AsBytes(msg).data(), msg.size()));
  std::string sig(len, '\0');
  EXPECT_TRUE(EVP_DigestSign(ctx.get(), AsMutableBytes(sig).data(), &len,
                             AsBytes(msg).data(), msg.size()));
  sig.resize(len);
  return sig;
}

TEST(LogVerifierTest, VerifiesBareSha256Signatures) {
  const std::string msg = R"({"operators":[]})";
  for (int which = 0; which < 3; ++which) {
    bssl::UniquePtr<EVP_PKEY> pkey = which == 0   ? EcKey(NID_X9_62_prime256v1)
                                     : which == 1 ? EcKey(NID_secp384r1)
                                                  : RsaKey(2048);
    SCOPED_TRACE(which);
    absl::StatusOr<LogVerifier> v =
        LogVerifier::Create(AsBytes(SpkiDer(pkey.get())), KeyUse::kLogList);
    ASSERT_TRUE(v.ok()) << v.status();
    const std::string sig = SignSha256(pkey.get(), msg);
    EXPECT_TRUE(v->VerifySha256Signature(AsBytes(msg), AsBytes(sig)).ok());
    std::string flipped = sig;
    flipped[flipped.size() / 2] ^= 1;
    for (const std::string& bad_sig : {flipped, sig.substr(1), std::string(), sig + "x"}) {
      EXPECT_EQ(v->VerifySha256Signature(AsBytes(msg), AsBytes(bad_sig)).code(),
                absl::StatusCode::kUnauthenticated);
    }
    EXPECT_EQ(v->VerifySha256Signature(AsBytes(msg + " "), AsBytes(sig)).code(),
              absl::StatusCode::kUnauthenticated);
  }
  bssl::UniquePtr<EVP_PKEY> ed = Ed25519Key();
  LogVerifier v = *LogVerifier::Create(AsBytes(SpkiDer(ed.get())));
  EXPECT_EQ(v.VerifySha256Signature(AsBytes(msg), AsBytes("sig")).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(LogVerifierTest, CopiesShareTheKey) {
  bssl::UniquePtr<EVP_PKEY> pkey = EcKey(NID_X9_62_prime256v1);
  const std::string msg = "message";
  const std::string sig = SignSha256(pkey.get(), msg);
  std::vector<LogVerifier> copies;
  {
    LogVerifier original = *LogVerifier::Create(AsBytes(SpkiDer(pkey.get())));
    copies.push_back(original);
    copies.push_back(copies[0]);
    copies[1] = original;
  }  // `original` is gone; the copies keep the key alive.
  for (const LogVerifier& v : copies) {
    EXPECT_TRUE(v.VerifySha256Signature(AsBytes(msg), AsBytes(sig)).ok());
    EXPECT_EQ(v.log_id(), Sha256(AsBytes(SpkiDer(pkey.get()))));
  }
}

// --- LogSigner ----------------------------------------------------------------

TEST(LogSignerTest, RoundTripsWithLogVerifierForEachKeyType) {
  const Hash root = Sha256(AsBytes("root"));
  for (int which = 0; which < 2; ++which) {
    bssl::UniquePtr<EVP_PKEY> pkey = which == 0 ? EcKey(NID_X9_62_prime256v1) : Ed25519Key();
    const KeyType type = which == 0 ? KeyType::kEcdsaP256 : KeyType::kEd25519;
    SCOPED_TRACE(which);
    std::vector<std::string> forms = {Pkcs8Der(pkey.get()),
                                      Pem("PRIVATE KEY", Pkcs8Der(pkey.get()))};
    if (type == KeyType::kEcdsaP256) {
      forms.push_back(Sec1Der(pkey.get()));
      forms.push_back(Pem("EC PRIVATE KEY", Sec1Der(pkey.get())));
    }
    for (const std::string& form : forms) {
      absl::StatusOr<LogSigner> signer = LogSigner::CreateFromPemOrDer(form);
      ASSERT_TRUE(signer.ok()) << signer.status();
      EXPECT_EQ(signer->key_type(), type);
      EXPECT_EQ(AsChars(signer->spki()), SpkiDer(pkey.get()));
      EXPECT_EQ(signer->log_id(), Sha256(AsBytes(SpkiDer(pkey.get()))));
      // The published PEM parses back to the same log.
      absl::StatusOr<LogVerifier> published = LogVerifier::CreateFromPem(signer->PublicKeyPem());
      ASSERT_TRUE(published.ok()) << published.status();
      EXPECT_EQ(published->log_id(), signer->log_id());

      // An SCT signed by the signer verifies with the published key.
      SignedCertificateTimestamp sct;
      sct.log_id = signer->log_id();
      sct.timestamp = 1700000000000;
      const std::vector<uint8_t> cert = {0x30, 0x03, 0x02, 0x01, 0x01};
      const std::vector<uint8_t> data = *SerializeSignedData(sct, SignedEntry::X509(cert));
      absl::StatusOr<DigitallySigned> sig = signer->Sign(data);
      ASSERT_TRUE(sig.ok()) << sig.status();
      sct.signature = *sig;
      EXPECT_TRUE(published->VerifySct(sct, SignedEntry::X509(cert)).ok());
      EXPECT_EQ(published->VerifySct(sct, SignedEntry::X509(std::vector<uint8_t>{1})).code(),
                absl::StatusCode::kUnauthenticated);

      // Tree heads, and a copy of the signer signs the same way.
      const LogSigner copy = *signer;
      absl::StatusOr<DigitallySigned> sth = copy.SignTreeHead(42, 7, root);
      ASSERT_TRUE(sth.ok()) << sth.status();
      EXPECT_TRUE(published->VerifyTreeHeadSignature(42, 7, root, *sth).ok());
      EXPECT_EQ(published->VerifyTreeHeadSignature(42, 8, root, *sth).code(),
                absl::StatusCode::kUnauthenticated);
      EXPECT_EQ(signer->verifier().VerifyTreeHeadSignature(43, 7, root, *sth).code(),
                absl::StatusCode::kUnauthenticated);
    }
  }
}

TEST(LogSignerTest, RejectsOtherKeysTrailingBytesAndWrongPemTypes) {
  bssl::UniquePtr<EVP_PKEY> p256 = EcKey(NID_X9_62_prime256v1);
  bssl::UniquePtr<EVP_PKEY> p384 = EcKey(NID_secp384r1);
  bssl::UniquePtr<EVP_PKEY> rsa = RsaKey(2048);
  const std::string der = Pkcs8Der(p256.get());
  for (const std::string& bad : {
           std::string(), std::string("not a key"), der + "x", Sec1Der(p256.get()) + "x",
           der.substr(0, der.size() - 1), Pkcs8Der(p384.get()), Sec1Der(p384.get()),
           Pkcs8Der(rsa.get()), Pem("PRIVATE KEY", Pkcs8Der(p384.get())),
           Pem("PRIVATE KEY", der) + "garbage", Pem("PUBLIC KEY", SpkiDer(p256.get())),
           Pem("CERTIFICATE", der),
           std::string("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
       }) {
    EXPECT_EQ(LogSigner::CreateFromPemOrDer(bad).status().code(), kInvalid) << bad;
  }
  EXPECT_EQ(LogSigner::Create(AsBytes(der + "x")).status().code(), kInvalid);
  EXPECT_EQ(LogSigner::CreateFromPem(AsChars(AsBytes(der))).status().code(), kInvalid);
}

}  // namespace
}  // namespace ct
