#include "ct/sct/sct.h"

#include <openssl/bn.h>
#include <openssl/bytestring.h>
#include <openssl/curve25519.h>
#include <openssl/ec_key.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/mem.h>
#include <openssl/nid.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/time/time.h"
#include "ct/base/errors.h"
#include "ct/merkle/hash.h"
#include "ct/sct/log_verifier.h"
#include "ct/sct/signed_data.h"
#include "ct/sct/sources.h"
#include "ct/sct/verify.h"
#include "ct/testing/certificates.h"
#include "ct/testing/testdata.h"
#include "ct/x509/certificate.h"
#include "ct/x509/precert.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace ct {
namespace {

using ::ct::testing::HexDecode;
using ::ct::testing::LoadPemCertificate;
using ::ct::testing::PemCertificate;
using ::ct::testing::ReadTestdata;

std::vector<uint8_t> Bytes(const std::string& s) {
  return std::vector<uint8_t>(s.begin(), s.end());
}

std::vector<uint8_t> B64(const std::string& s) {
  std::string out;
  EXPECT_TRUE(absl::Base64Unescape(s, &out)) << s;
  return Bytes(out);
}

std::string Hex(absl::Span<const uint8_t> b) {
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
}

nlohmann::json Json(const std::string& path) {
  return nlohmann::json::parse(ReadTestdata(path));
}


PemCertificate Der(const std::string& path) { return {ReadTestdata(path)}; }

LogVerifierSet LogsFromJson(const std::string& path) {
  LogVerifierSet set;
  const nlohmann::json list = Json(path);
  for (const auto& log : list["logs"]) {
    absl::StatusOr<LogVerifier> v =
        LogVerifier::Create(B64(log["key"].get<std::string>()));
    EXPECT_TRUE(v.ok()) << v.status();
    EXPECT_EQ(HashToBase64(v->log_id()), log["log_id"].get<std::string>());
    EXPECT_TRUE(set.Add(*std::move(v)).ok());
  }
  EXPECT_EQ(set.size(), list["logs"].size());
  return set;
}

LogVerifier LogFromPem(const std::string& path) {
  absl::StatusOr<LogVerifier> v = LogVerifier::CreateFromPem(ReadTestdata(path));
  EXPECT_TRUE(v.ok()) << path << ": " << v.status();
  return *std::move(v);
}

const absl::Time kNow = absl::FromUnixSeconds(1800000000);  // 2027-01-15

// --- Real certificates against MANIFEST / expected.json ---------------------

struct RealCase {
  const char* dir;
  const char* leaf;
  const char* issuer;
  size_t issuer_index;
};

class RealCertificateTest : public ::testing::TestWithParam<RealCase> {};

TEST_P(RealCertificateTest, EveryEmbeddedSctBehavesAsExpected) {
  const RealCase& c = GetParam();
  const std::string dir = std::string("testdata/sct/") + c.dir + "/";
  PemCertificate leaf = LoadPemCertificate(dir + c.leaf);
  PemCertificate issuer = LoadPemCertificate(dir + c.issuer, c.issuer_index);
  LogVerifierSet logs = LogsFromJson(dir + "logs.json");
  nlohmann::json want = Json(dir + "expected.json");
  nlohmann::json computed;
  for (auto it = want.begin(); it != want.end(); ++it) {
    if (it.key().rfind("computed_by_collector", 0) == 0) computed = it.value();
  }
  ASSERT_FALSE(computed.is_null());
  EXPECT_EQ(HashToHex(issuer.cert().SpkiHash()),
            computed["issuer_key_hash_hex"].get<std::string>());
  absl::StatusOr<std::vector<uint8_t>> tbs =
      PrecertTbsFromCertificate(leaf.cert());
  ASSERT_TRUE(tbs.ok());
  if (computed.contains("tbs_precert_len")) {
    EXPECT_EQ(tbs->size(), computed["tbs_precert_len"].get<size_t>());
    Hash h;
    SHA256(tbs->data(), tbs->size(), h.data());
    EXPECT_EQ(HashToHex(h), computed["tbs_precert_sha256_hex"].get<std::string>());
  }

  std::vector<SctVerification> results =
      VerifyCertificateScts(leaf.cert(), issuer.cert(), logs, kNow);
  const nlohmann::json& scts = computed["scts"];
  ASSERT_EQ(results.size(), scts.size());
  for (size_t i = 0; i < results.size(); ++i) {
    const SctVerification& r = results[i];
    const nlohmann::json& w = scts[i];
    SCOPED_TRACE(i);
    EXPECT_EQ(r.source, SctSource::kEmbedded);
    ASSERT_TRUE(r.sct.has_value());
    EXPECT_EQ(HashToBase64(r.log_id), w["log_id_b64"].get<std::string>());
    EXPECT_EQ(r.timestamp_ms, w["timestamp_ms"].get<uint64_t>());
    EXPECT_EQ(Hex(r.sct->extensions), w["extensions_hex"].get<std::string>());
    EXPECT_EQ(static_cast<int>(r.sct->signature.hash_algorithm),
              w["hash_alg"].get<int>());
    EXPECT_EQ(static_cast<int>(r.sct->signature.signature_algorithm),
              w["sig_alg"].get<int>());
    EXPECT_EQ(r.sct->signature.signature.size(), w["signature_len"].get<size_t>());
    absl::StatusOr<std::optional<uint64_t>> idx =
        ParseLeafIndexExtension(r.sct->extensions);
    ASSERT_TRUE(idx.ok());
    if (w["leaf_index_extension"].is_null()) {
      EXPECT_FALSE(idx->has_value());
    } else {
      EXPECT_EQ(**idx, w["leaf_index_extension"].get<uint64_t>());
    }
    if (w["verifies"].is_null()) {
      EXPECT_EQ(r.status, SctStatus::kUnknownLog) << r.detail;
      EXPECT_EQ(r.detail.code(), absl::StatusCode::kNotFound);
      EXPECT_EQ(r.detail.message(),
                "sct: unknown log " + HashToBase64(r.sct->log_id));
    } else if (w["verifies"].get<bool>()) {
      EXPECT_EQ(r.status, SctStatus::kValid) << r.detail;
    } else {
      EXPECT_EQ(r.status, SctStatus::kInvalidSignature) << r.detail;
    }
    absl::StatusOr<Hash> leaf_hash = LeafHash(
        *r.sct, SignedEntry::Precert(issuer.cert().SpkiHash(), *tbs));
    ASSERT_TRUE(leaf_hash.ok());
    EXPECT_EQ(HashToHex(*leaf_hash),
              w["merkle_tree_leaf_hash_hex"].get<std::string>());
    // The SCT is also a future SCT if we verify before it was issued.
    std::vector<SctVerification> early = VerifyCertificateScts(
        leaf.cert(), issuer.cert(), logs,
        absl::FromUnixMillis(r.timestamp_ms - 1));
    if (r.status == SctStatus::kValid) {
      EXPECT_EQ(early[i].status, SctStatus::kFutureTimestamp);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Vectors, RealCertificateTest,
    ::testing::Values(
        RealCase{"real-google-com-2025", "leaf.pem", "chain.pem", 1},
        RealCase{"real-geomys-org-2025", "leaf.pem",
                 "issuer-lets-encrypt-e7.pem", 0},
        RealCase{"real-cryptography-io-2018", "leaf.pem",
                 "issuer-lets-encrypt-authority-x3.pem", 0},
        RealCase{"real-cryptography-io-2018", "leaf.pem",
                 "issuer-lets-encrypt-authority-x3-cross-signed.pem", 0},
        RealCase{"real-le-staging-navigli2025h2", "leaf.pem",
                 "issuer-staging-false-fennel-e6.pem", 0}));

TEST(RealVectorsTest, GoogleLeafInputEqualsRebuiltMerkleTreeLeaf) {
  const std::string dir = "testdata/sct/real-google-com-2025/";
  PemCertificate leaf = LoadPemCertificate(dir + "leaf.pem");
  PemCertificate wr2 = LoadPemCertificate(dir + "chain.pem", 1);
  absl::StatusOr<std::vector<SignedCertificateTimestamp>> scts =
      ParseSctList(*EmbeddedSctList(leaf.cert()));
  ASSERT_TRUE(scts.ok());
  std::vector<uint8_t> tbs = *PrecertTbsFromCertificate(leaf.cert());
  SignedEntry entry = SignedEntry::Precert(wr2.cert().SpkiHash(), tbs);
  absl::StatusOr<std::vector<uint8_t>> leaf_input =
      SerializeMerkleTreeLeaf((*scts)[0].timestamp, entry, (*scts)[0].extensions);
  ASSERT_TRUE(leaf_input.ok());
  nlohmann::json entries = Json(dir + "argon2025h2-get-entries-response.json");
  EXPECT_EQ(*leaf_input,
            B64(entries["entries"][0]["leaf_input"].get<std::string>()));
  EXPECT_EQ(*SerializeSignedData((*scts)[0], entry), *leaf_input);
  EXPECT_EQ(HashToHex(*LeafHash((*scts)[0], entry)),
            "cc30b9d8dabd878ec718aa302d7a79cd83a0fe0a1f5c683d0b13bab63eb22ad6");
}

void ExpectSthVerifies(const LogVerifier& log, const std::string& path) {
  nlohmann::json sth = Json(path);
  absl::StatusOr<DigitallySigned> sig =
      ParseDigitallySigned(B64(sth["tree_head_signature"].get<std::string>()));
  ASSERT_TRUE(sig.ok()) << sig.status();
  absl::StatusOr<Hash> root =
      HashFromBytes(B64(sth["sha256_root_hash"].get<std::string>()));
  ASSERT_TRUE(root.ok());
  const uint64_t ts = sth["timestamp"].get<uint64_t>();
  const uint64_t size = sth["tree_size"].get<uint64_t>();
  EXPECT_TRUE(log.VerifyTreeHeadSignature(ts, size, *root, *sig).ok()) << path;
  EXPECT_EQ(log.VerifyTreeHeadSignature(ts, size + 1, *root, *sig).code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(log.VerifyTreeHeadSignature(ts + 1, size, *root, *sig).code(),
            absl::StatusCode::kUnauthenticated);
}

// The ECDSA signature is decoded by ctcore (into stack BIGNUMs); it must
// accept exactly what BoringSSL's ECDSA_SIG_from_bytes accepts.
TEST(RealVectorsTest, EcdsaSignatureDecodingMatchesBoringSsl) {
  const std::string dir = "testdata/sct/real-google-com-2025/";
  PemCertificate leaf = LoadPemCertificate(dir + "leaf.pem");
  PemCertificate wr2 = LoadPemCertificate(dir + "chain.pem", 1);
  LogVerifier log = LogFromPem(dir + "log-key-google-argon2025h2-log.pem");
  absl::StatusOr<std::vector<SignedCertificateTimestamp>> scts =
      ParseSctList(*EmbeddedSctList(leaf.cert()));
  ASSERT_TRUE(scts.ok());
  const SignedCertificateTimestamp* sct = nullptr;
  for (const auto& s : *scts) if (s.log_id == log.log_id()) sct = &s;
  ASSERT_NE(sct, nullptr);
  const std::vector<uint8_t> tbs = *PrecertTbsFromCertificate(leaf.cert());
  const SignedEntry entry = SignedEntry::Precert(wr2.cert().SpkiHash(), tbs);
  ASSERT_TRUE(log.VerifySct(*sct, entry).ok());

  // Re-encode (r, s) with variations of the DER.
  bssl::UniquePtr<ECDSA_SIG> good(ECDSA_SIG_from_bytes(
      sct->signature.signature.data(), sct->signature.signature.size()));
  ASSERT_NE(good, nullptr);
  auto integer = [](const BIGNUM* bn, bool pad, bool negate_top) {
    std::vector<uint8_t> v(BN_num_bytes(bn));
    BN_bn2bin(bn, v.data());
    if (v[0] & 0x80) v.insert(v.begin(), 0x00);  // DER: stay non-negative
    if (pad) v.insert(v.begin(), 0x00);          // non-minimal
    if (negate_top) v[0] |= 0x80;                // negative
    std::vector<uint8_t> out = {0x02, static_cast<uint8_t>(v.size())};
    out.insert(out.end(), v.begin(), v.end());
    return out;
  };
  auto seq = [](std::vector<std::vector<uint8_t>> parts, size_t trailing) {
    std::vector<uint8_t> body;
    for (const auto& p : parts) body.insert(body.end(), p.begin(), p.end());
    std::vector<uint8_t> out = {0x30, static_cast<uint8_t>(body.size())};
    out.insert(out.end(), body.begin(), body.end());
    out.insert(out.end(), trailing, 0x00);
    return out;
  };
  const BIGNUM* r = ECDSA_SIG_get0_r(good.get());
  const BIGNUM* s = ECDSA_SIG_get0_s(good.get());
  bssl::UniquePtr<BIGNUM> r1(BN_dup(r));
  ASSERT_TRUE(BN_add_word(r1.get(), 1));
  const std::vector<std::vector<uint8_t>> variants = {
      seq({integer(r, false, false), integer(s, false, false)}, 0),  // same
      seq({integer(r, false, false), integer(s, false, false)}, 1),  // trailing
      seq({integer(r, true, false), integer(s, false, false)}, 0),   // padded
      seq({integer(r, false, true), integer(s, false, false)}, 0),   // negative
      seq({integer(r, false, false)}, 0),                            // no s
      seq({integer(r, false, false), integer(s, false, false),
           integer(s, false, false)}, 0),                            // extra
      seq({integer(r1.get(), false, false), integer(s, false, false)}, 0),
      {0x30, 0x00},
      {},
  };
  for (size_t i = 0; i < variants.size(); ++i) {
    SignedCertificateTimestamp v = *sct;
    v.signature.signature = variants[i];
    bssl::UniquePtr<ECDSA_SIG> ref(
        ECDSA_SIG_from_bytes(variants[i].data(), variants[i].size()));
    ERR_clear_error();
    absl::Status st = log.VerifySct(v, entry);
    if (ref == nullptr) {
      EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument) << i;
    } else if (i == 0) {
      EXPECT_TRUE(st.ok()) << st;
    } else {
      EXPECT_EQ(st.code(), absl::StatusCode::kUnauthenticated) << i;
    }
  }
  EXPECT_EQ(ERR_peek_error(), 0u) << "errors left on BoringSSL's queue";
}

TEST(RealVectorsTest, VerifiesRealTreeHeadSignatures) {
  LogVerifier h1 = LogFromPem(
      "testdata/sct/argon2025h1-sth/log-key-google-argon2025h1-log.pem");
  EXPECT_EQ(HashToBase64(h1.log_id()),
            "TnWjJ1yaEMM4W2zU3z9S6x3w4I4bjWnAsfpksWKaOd8=");
  ExpectSthVerifies(h1, "testdata/sct/argon2025h1-sth/get-sth-response-1425614114.json");
  ExpectSthVerifies(h1, "testdata/sct/argon2025h1-sth/get-sth-response-1425633154.json");
  LogVerifier h2 = LogFromPem(
      "testdata/sct/real-google-com-2025/log-key-google-argon2025h2-log.pem");
  ExpectSthVerifies(h2, "testdata/sct/real-google-com-2025/argon2025h2-get-sth-response.json");
}

TEST(RealVectorsTest, BadsslSctParsesAsPycaSays) {
  PemCertificate c = LoadPemCertificate("testdata/sct/real-badssl-2016/badssl-sct.pem");
  absl::StatusOr<std::vector<SignedCertificateTimestamp>> scts =
      ParseSctList(*EmbeddedSctList(c.cert()));
  ASSERT_TRUE(scts.ok()) << scts.status();
  ASSERT_EQ(scts->size(), 1u);
  EXPECT_EQ(HashToHex((*scts)[0].log_id),
            "a7ce4a4e6207e0addee5fdaa4b1f86768767b5d002a55d47310e7e670a95eab2");
  EXPECT_EQ((*scts)[0].timestamp, 1479347785396u);
  EXPECT_EQ((*scts)[0].signature.signature.size(), 71u);
}


TEST(RealVectorsTest, MalformedPycaAndBadsslVariantsAreReportedNotFatal) {
  struct Case {
    const char* path;
    size_t malformed_index;
  };
  for (const Case& c : std::vector<Case>{
           {"testdata/sct/real-cryptography-io-2018/invalid-sct-length.der", 0},
           {"testdata/sct/real-cryptography-io-2018/invalid-sct-version.der", 0},
           {"testdata/sct/real-badssl-2016/badssl-sct-none-hash.der", 0},
           {"testdata/sct/real-badssl-2016/badssl-sct-anonymous-sig.der", 0},
       }) {
    SCOPED_TRACE(c.path);
    PemCertificate f = Der(c.path);
    Certificate cert = f.cert();
    absl::StatusOr<absl::Span<const uint8_t>> list = EmbeddedSctList(cert);
    ASSERT_TRUE(list.ok());
    EXPECT_EQ(ParseSctList(*list).status().code(),
              absl::StatusCode::kInvalidArgument);
    LogVerifierSet logs;
    std::vector<SctVerification> results =
        VerifyCertificateScts(cert, cert, logs, kNow);
    ASSERT_GT(results.size(), c.malformed_index);
    EXPECT_EQ(results[c.malformed_index].status, SctStatus::kMalformed);
    EXPECT_FALSE(results[c.malformed_index].sct.has_value());
    EXPECT_EQ(results[c.malformed_index].detail.code(),
              absl::StatusCode::kInvalidArgument);
  }
}

TEST(RealVectorsTest, OcspResponseCarriesFourScts) {
  const std::vector<uint8_t> resp =
      Bytes(ReadTestdata("testdata/ocsp/pyca-resp-sct-extension.der"));
  absl::StatusOr<std::vector<OcspSingleResponse>> singles =
      ParseOcspResponses(resp);
  ASSERT_TRUE(singles.ok()) << singles.status();
  ASSERT_EQ(singles->size(), 1u);
  EXPECT_EQ(Hex((*singles)[0].serial), "23bf9a6c2bf9a2f0db5ecb4143caab63ad3871d3");
  ASSERT_TRUE((*singles)[0].sct_list.has_value());
  absl::StatusOr<std::vector<SignedCertificateTimestamp>> scts =
      ParseSctList(*(*singles)[0].sct_list);
  ASSERT_TRUE(scts.ok()) << scts.status();
  nlohmann::json want = Json("testdata/ocsp/expected.json");
  const nlohmann::json& w = want["computed_by_collector (cryptography 48)"]["scts"];
  ASSERT_EQ(scts->size(), w.size());
  for (size_t i = 0; i < scts->size(); ++i) {
    EXPECT_EQ(HashToBase64((*scts)[i].log_id), w[i]["log_id_b64"].get<std::string>());
    EXPECT_EQ((*scts)[i].timestamp, w[i]["timestamp_ms"].get<uint64_t>());
    EXPECT_EQ((*scts)[i].signature.signature.size(),
              w[i]["signature_len"].get<size_t>());
    EXPECT_TRUE((*scts)[i].extensions.empty());
  }
  // The certificate is not available: an unrelated one matches nothing.
  PemCertificate leaf = LoadPemCertificate("testdata/sct/real-geomys-org-2025/leaf.pem");
  PemCertificate issuer = LoadPemCertificate("testdata/sct/real-geomys-org-2025/issuer-lets-encrypt-e7.pem");
  EXPECT_EQ(OcspSctList(resp, leaf.cert(), issuer.cert()).status().code(),
            absl::StatusCode::kNotFound);
  // Every truncation is an error, never a crash.
  for (size_t n = 0; n < resp.size(); ++n) {
    std::vector<uint8_t> prefix(resp.begin(), resp.begin() + n);
    EXPECT_EQ(ParseOcspResponses(prefix).status().code(),
              absl::StatusCode::kInvalidArgument);
  }
}

// --- The synthetic C++-era set -------------------------------------------------

const char kCpp[] = "testdata/sct/ct-cpp-testdata/";

absl::StatusOr<SignedCertificateTimestamp> ProofFile(const std::string& name) {
  return ParseSct(Bytes(ReadTestdata(std::string(kCpp) + name)));
}

TEST(CppTestdataTest, X509EntriesVerifyWithEcdsaAndRsaKeys) {
  LogVerifier ec = LogFromPem(std::string(kCpp) + "ct-server-key-public.pem");
  LogVerifier rsa = LogFromPem(std::string(kCpp) + "rsa/ct-server-key-public-rsa.pem");
  EXPECT_EQ(HashToBase64(ec.log_id()), "3xwuwRUAlFJHqWFoMl3cXHlZ6PfG04j8AC4LvT9012Q=");
  EXPECT_EQ(HashToBase64(rsa.log_id()), "oCQsumIkVhezsKvGJ+spTJIM9H+jy/OdvSGDIX0VsgY=");
  EXPECT_EQ(rsa.key_type(), LogVerifier::KeyType::kRsa);
  PemCertificate cert = LoadPemCertificate(std::string(kCpp) + "test-cert.pem");
  PemCertificate inter = LoadPemCertificate(std::string(kCpp) + "test-intermediate-cert.pem");
  const SignedEntry entry = SignedEntry::X509(cert.cert().der());
  absl::StatusOr<SignedCertificateTimestamp> sct = ProofFile("test-cert.proof");
  ASSERT_TRUE(sct.ok()) << sct.status();
  EXPECT_EQ(sct->timestamp, 1365181456089u);
  EXPECT_TRUE(ec.VerifySct(*sct, entry).ok());
  EXPECT_EQ(HashToBase64(*LeafHash(*sct, entry)),
            "BKZLZGMbAnDW0gQWjNJNCyS2IgweWn76YW3tFlu3AuY=");
  absl::StatusOr<SignedCertificateTimestamp> rsa_sct =
      ProofFile("rsa/test-cert-rsa.proof");
  ASSERT_TRUE(rsa_sct.ok());
  EXPECT_TRUE(rsa.VerifySct(*rsa_sct, entry).ok());
  EXPECT_EQ(HashToBase64(*LeafHash(*rsa_sct, entry)),
            "BKZLZGMbAnDW0gQWjNJNCyS2IgweWn76YW3tFlu3AuY=");
  // Cross-checks: wrong log, wrong algorithm for the key, wrong entry.
  EXPECT_EQ(rsa.VerifySct(*sct, entry).code(), absl::StatusCode::kNotFound);
  SignedCertificateTimestamp ecdsa_on_rsa = *sct;
  ecdsa_on_rsa.log_id = rsa.log_id();
  EXPECT_EQ(rsa.VerifySct(ecdsa_on_rsa, entry).code(),
            absl::StatusCode::kFailedPrecondition);
  SignedCertificateTimestamp odd_pair = *sct;
  odd_pair.signature.hash_algorithm = HashAlgorithm::kIntrinsic;
  EXPECT_EQ(ec.VerifySct(odd_pair, entry).code(),
            absl::StatusCode::kUnimplemented);
  absl::StatusOr<SignedCertificateTimestamp> inter_sct =
      ProofFile("test-intermediate-cert.proof");
  ASSERT_TRUE(inter_sct.ok());
  EXPECT_TRUE(ec.VerifySct(*inter_sct, SignedEntry::X509(inter.cert().der())).ok());
  EXPECT_EQ(HashToBase64(*LeafHash(*inter_sct, SignedEntry::X509(inter.cert().der()))),
            "PjFG2PhazltP7s8z0bqkBpMQ+jv4LkH4QJlcnf6OafY=");
  EXPECT_EQ(ec.VerifySct(*inter_sct, entry).code(),
            absl::StatusCode::kUnauthenticated);
}

struct EmbeddedCase {
  const char* final_cert;
  const char* precert;
  const char* issuer;
  const char* psc;
  const char* proof;
  const char* leaf_hash_b64;
};

TEST(CppTestdataTest, EmbeddedSctsVerifyIncludingPscIssuedPrecerts) {
  LogVerifierSet logs;
  ASSERT_TRUE(logs.Add(LogFromPem(std::string(kCpp) + "ct-server-key-public.pem")).ok());
  ASSERT_TRUE(logs.Add(LogFromPem(std::string(kCpp) + "rsa/ct-server-key-public-rsa.pem")).ok());
  EXPECT_EQ(logs.Add(LogFromPem(std::string(kCpp) + "ct-server-key-public.pem")).code(),
            absl::StatusCode::kAlreadyExists);
  for (const EmbeddedCase& c : std::vector<EmbeddedCase>{
           {"test-embedded-cert.pem", "test-embedded-pre-cert.pem",
            "ca-cert.pem", nullptr, "test-embedded-pre-cert.proof",
            "mbk+d5FDW3oNZJCbOi828rqC3hf+qhigTWVGcXEZq1U="},
           {"test-embedded-with-preca-cert.pem",
            "test-embedded-with-preca-pre-cert.pem", "ca-cert.pem",
            "ca-pre-cert.pem", "test-embedded-with-preca-pre-cert.proof",
            "NjPJ85Q/KRe8UD7Uxh4e5ULGh4ZaeU5wFyJhJn3it8A="},
           {"test-embedded-with-intermediate-cert.pem",
            "test-embedded-with-intermediate-pre-cert.pem",
            "intermediate-cert.pem", nullptr,
            "test-embedded-with-intermediate-pre-cert.proof",
            "qaDpbx1vJmj8hXb6Tcv27hAcSswMeNBJcPP83kXB884="},
           {"test-embedded-with-intermediate-preca-cert.pem",
            "test-embedded-with-intermediate-preca-pre-cert.pem",
            "intermediate-cert.pem", "intermediate-pre-cert.pem",
            "test-embedded-with-intermediate-preca-pre-cert.proof",
            "QX+0F6rckvyFh3/y18NJwB5F2fykCfLY8SRSwhdp4Nw="},
       }) {
    SCOPED_TRACE(c.final_cert);
    PemCertificate fin = LoadPemCertificate(std::string(kCpp) + c.final_cert);
    PemCertificate pre = LoadPemCertificate(std::string(kCpp) + c.precert);
    PemCertificate issuer = LoadPemCertificate(std::string(kCpp) + c.issuer);
    std::vector<SctVerification> results =
        VerifyCertificateScts(fin.cert(), issuer.cert(), logs, kNow);
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0].status, SctStatus::kValid) << results[0].detail;
    absl::StatusOr<SignedCertificateTimestamp> proof = ProofFile(c.proof);
    ASSERT_TRUE(proof.ok());
    EXPECT_EQ(*results[0].sct, *proof);  // embedded SCT == upstream .proof
    // Log/monitor side: rebuild from the precertificate (and PSC).
    PemCertificate psc;
    if (c.psc) psc = LoadPemCertificate(std::string(kCpp) + c.psc);
    Certificate psc_cert = c.psc ? psc.cert() : issuer.cert();
    absl::StatusOr<std::vector<uint8_t>> tbs = PrecertTbsFromPrecertificate(
        pre.cert(), c.psc ? &psc_cert : nullptr);
    ASSERT_TRUE(tbs.ok()) << tbs.status();
    const SignedEntry entry = SignedEntry::Precert(issuer.cert().SpkiHash(), *tbs);
    EXPECT_TRUE(logs.Find(proof->log_id)->VerifySct(*proof, entry).ok());
    EXPECT_EQ(HashToBase64(*LeafHash(*proof, entry)), c.leaf_hash_b64);
  }
  // RSA log over the same precert entry.
  PemCertificate fin = LoadPemCertificate(std::string(kCpp) + "test-embedded-cert.pem");
  PemCertificate ca = LoadPemCertificate(std::string(kCpp) + "ca-cert.pem");
  absl::StatusOr<SignedCertificateTimestamp> rsa_sct =
      ProofFile("rsa/test-embedded-pre-cert-rsa.proof");
  ASSERT_TRUE(rsa_sct.ok());
  std::vector<uint8_t> tbs = *PrecertTbsFromCertificate(fin.cert());
  EXPECT_TRUE(logs.Find(rsa_sct->log_id)
                  ->VerifySct(*rsa_sct, SignedEntry::Precert(ca.cert().SpkiHash(), tbs))
                  .ok());
}

TEST(CppTestdataTest, NegativeCasesFail) {
  LogVerifierSet logs;
  ASSERT_TRUE(logs.Add(LogFromPem(std::string(kCpp) + "ct-server-key-public.pem")).ok());
  PemCertificate bad = LoadPemCertificate(std::string(kCpp) + "test-invalid-embedded-cert.pem");
  PemCertificate ca = LoadPemCertificate(std::string(kCpp) + "ca-cert.pem");
  std::vector<SctVerification> results =
      VerifyCertificateScts(bad.cert(), ca.cert(), logs, kNow);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].status, SctStatus::kInvalidSignature);
  EXPECT_EQ(results[0].detail.code(), absl::StatusCode::kUnauthenticated);
  // The x509 SCT of test-cert does not cover the precert entry.
  PemCertificate pre = LoadPemCertificate(std::string(kCpp) + "test-embedded-pre-cert.pem");
  std::vector<uint8_t> tbs = *PrecertTbsFromPrecertificate(pre.cert());
  absl::StatusOr<SignedCertificateTimestamp> x509_sct = ProofFile("test-cert.proof");
  EXPECT_EQ(logs.Find(x509_sct->log_id)
                ->VerifySct(*x509_sct, SignedEntry::Precert(ca.cert().SpkiHash(), tbs))
                .code(),
            absl::StatusCode::kUnauthenticated);
  // The right SCT with the wrong issuer key.
  PemCertificate fin = LoadPemCertificate(std::string(kCpp) + "test-embedded-cert.pem");
  PemCertificate inter = LoadPemCertificate(std::string(kCpp) + "intermediate-cert.pem");
  results = VerifyCertificateScts(fin.cert(), inter.cert(), logs, kNow);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].status, SctStatus::kInvalidSignature);
}

// BuildOcsp returns a minimal successful OCSPResponse for `cert` / `issuer`
// (SHA-1 CertID) whose SingleResponse carries `sct_list`.
std::vector<uint8_t> BuildOcsp(const Certificate& cert, const Certificate& issuer,
                               absl::Span<const uint8_t> sct_list) {
  static const uint8_t kSha1[] = {0x2b, 0x0e, 0x03, 0x02, 0x1a};
  static const uint8_t kBasic[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x01};
  uint8_t name_hash[SHA_DIGEST_LENGTH], key_hash[SHA_DIGEST_LENGTH];
  SHA1(cert.issuer().data(), cert.issuer().size(), name_hash);
  SHA1(issuer.public_key_bits().data(), issuer.public_key_bits().size(), key_hash);
  // Inner: BasicOCSPResponse.
  bssl::ScopedCBB basic_cbb;
  CBB basic, data, rid, responses, single, cert_id, alg, c, wrap, exts, ext, val, inner;
  EXPECT_TRUE(CBB_init(basic_cbb.get(), 512));
  EXPECT_TRUE(CBB_add_asn1(basic_cbb.get(), &basic, CBS_ASN1_SEQUENCE));
  EXPECT_TRUE(CBB_add_asn1(&basic, &data, CBS_ASN1_SEQUENCE));
  EXPECT_TRUE(CBB_add_asn1(&data, &rid, CBS_ASN1_CONTEXT_SPECIFIC | CBS_ASN1_CONSTRUCTED | 2));
  EXPECT_TRUE(CBB_add_asn1_octet_string(&rid, key_hash, sizeof(key_hash)));
  EXPECT_TRUE(CBB_add_asn1(&data, &c, CBS_ASN1_GENERALIZEDTIME));
  EXPECT_TRUE(CBB_add_bytes(&c, reinterpret_cast<const uint8_t*>("20200101000000Z"), 15));
  EXPECT_TRUE(CBB_add_asn1(&data, &responses, CBS_ASN1_SEQUENCE));
  EXPECT_TRUE(CBB_add_asn1(&responses, &single, CBS_ASN1_SEQUENCE));
  EXPECT_TRUE(CBB_add_asn1(&single, &cert_id, CBS_ASN1_SEQUENCE));
  EXPECT_TRUE(CBB_add_asn1(&cert_id, &alg, CBS_ASN1_SEQUENCE));
  EXPECT_TRUE(CBB_add_asn1(&alg, &c, CBS_ASN1_OBJECT));
  EXPECT_TRUE(CBB_add_bytes(&c, kSha1, sizeof(kSha1)));
  EXPECT_TRUE(CBB_add_asn1_octet_string(&cert_id, name_hash, sizeof(name_hash)));
  EXPECT_TRUE(CBB_add_asn1_octet_string(&cert_id, key_hash, sizeof(key_hash)));
  EXPECT_TRUE(CBB_add_asn1(&cert_id, &c, CBS_ASN1_INTEGER));
  EXPECT_TRUE(CBB_add_bytes(&c, cert.serial().data(), cert.serial().size()));
  EXPECT_TRUE(CBB_add_asn1(&single, &c, CBS_ASN1_CONTEXT_SPECIFIC | 0));  // good
  EXPECT_TRUE(CBB_add_asn1(&single, &c, CBS_ASN1_GENERALIZEDTIME));
  EXPECT_TRUE(CBB_add_bytes(&c, reinterpret_cast<const uint8_t*>("20200101000000Z"), 15));
  EXPECT_TRUE(CBB_add_asn1(&single, &wrap, CBS_ASN1_CONTEXT_SPECIFIC | CBS_ASN1_CONSTRUCTED | 1));
  EXPECT_TRUE(CBB_add_asn1(&wrap, &exts, CBS_ASN1_SEQUENCE));
  EXPECT_TRUE(CBB_add_asn1(&exts, &ext, CBS_ASN1_SEQUENCE));
  EXPECT_TRUE(CBB_add_asn1(&ext, &c, CBS_ASN1_OBJECT));
  EXPECT_TRUE(CBB_add_bytes(&c, kOidOcspSctList, sizeof(kOidOcspSctList)));
  EXPECT_TRUE(CBB_add_asn1(&ext, &val, CBS_ASN1_OCTETSTRING));
  EXPECT_TRUE(CBB_add_asn1(&val, &inner, CBS_ASN1_OCTETSTRING));
  EXPECT_TRUE(CBB_add_bytes(&inner, sct_list.data(), sct_list.size()));
  EXPECT_TRUE(CBB_add_asn1(&basic, &alg, CBS_ASN1_SEQUENCE));
  EXPECT_TRUE(CBB_add_asn1(&basic, &c, CBS_ASN1_BITSTRING));
  EXPECT_TRUE(CBB_add_u8(&c, 0));
  uint8_t* basic_der;
  size_t basic_len;
  EXPECT_TRUE(CBB_finish(basic_cbb.get(), &basic_der, &basic_len));
  bssl::UniquePtr<uint8_t> free_basic(basic_der);
  // Outer: OCSPResponse.
  bssl::ScopedCBB cbb;
  CBB resp, rb_wrap, rb;
  EXPECT_TRUE(CBB_init(cbb.get(), basic_len + 64));
  EXPECT_TRUE(CBB_add_asn1(cbb.get(), &resp, CBS_ASN1_SEQUENCE));
  EXPECT_TRUE(CBB_add_asn1(&resp, &c, CBS_ASN1_ENUMERATED));
  EXPECT_TRUE(CBB_add_u8(&c, 0));
  EXPECT_TRUE(CBB_add_asn1(&resp, &rb_wrap, CBS_ASN1_CONTEXT_SPECIFIC | CBS_ASN1_CONSTRUCTED | 0));
  EXPECT_TRUE(CBB_add_asn1(&rb_wrap, &rb, CBS_ASN1_SEQUENCE));
  EXPECT_TRUE(CBB_add_asn1(&rb, &c, CBS_ASN1_OBJECT));
  EXPECT_TRUE(CBB_add_bytes(&c, kBasic, sizeof(kBasic)));
  EXPECT_TRUE(CBB_add_asn1_octet_string(&rb, basic_der, basic_len));
  uint8_t* out;
  size_t len;
  EXPECT_TRUE(CBB_finish(cbb.get(), &out, &len));
  std::vector<uint8_t> v(out, out + len);
  OPENSSL_free(out);
  return v;
}

TEST(CppTestdataTest, TlsAndOcspDeliveredSctsAreX509Entries) {
  LogVerifierSet logs;
  ASSERT_TRUE(logs.Add(LogFromPem(std::string(kCpp) + "ct-server-key-public.pem")).ok());
  PemCertificate cert = LoadPemCertificate(std::string(kCpp) + "test-cert.pem");
  PemCertificate ca = LoadPemCertificate(std::string(kCpp) + "ca-cert.pem");
  absl::StatusOr<SignedCertificateTimestamp> sct = ProofFile("test-cert.proof");
  ASSERT_TRUE(sct.ok());
  absl::StatusOr<std::vector<uint8_t>> list = SerializeSctList({*sct});
  ASSERT_TRUE(list.ok());
  std::vector<uint8_t> ocsp = BuildOcsp(cert.cert(), ca.cert(), *list);
  EXPECT_EQ(*OcspSctList(ocsp, cert.cert(), ca.cert()),
            absl::MakeConstSpan(*list));
  std::vector<SctVerification> results = VerifyCertificateScts(
      cert.cert(), ca.cert(), logs, kNow, SctInputs{*list, ocsp});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].source, SctSource::kTlsExtension);
  EXPECT_EQ(results[0].status, SctStatus::kValid) << results[0].detail;
  EXPECT_EQ(results[1].source, SctSource::kOcsp);
  EXPECT_EQ(results[1].status, SctStatus::kValid) << results[1].detail;
  // The OCSP response for another issuer key does not match.
  PemCertificate inter = LoadPemCertificate(std::string(kCpp) + "intermediate-cert.pem");
  EXPECT_EQ(OcspSctList(ocsp, cert.cert(), inter.cert()).status().code(),
            absl::StatusCode::kNotFound);
  // A malformed TLS list and a malformed OCSP response become results.
  const std::vector<uint8_t> junk = {0x00, 0x05, 0x00, 0x01};
  results = VerifyCertificateScts(cert.cert(), ca.cert(), logs, kNow,
                                  SctInputs{junk, junk});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].status, SctStatus::kMalformed);
  EXPECT_EQ(results[0].source, SctSource::kTlsExtension);
  EXPECT_EQ(results[1].status, SctStatus::kMalformed);
  EXPECT_EQ(results[1].source, SctSource::kOcsp);
  // Unknown log.
  results = VerifyCertificateScts(cert.cert(), ca.cert(), LogVerifierSet(), kNow,
                                  SctInputs{*list, {}});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].status, SctStatus::kUnknownLog);
  EXPECT_EQ(results[0].log_id, sct->log_id);
  // Unsupported algorithm pair for this log's key.
  SignedCertificateTimestamp rsa_claim = *sct;
  rsa_claim.signature.signature_algorithm = SignatureAlgorithm::kRsa;
  std::vector<uint8_t> rsa_list = *SerializeSctList({rsa_claim});
  results = VerifyCertificateScts(cert.cert(), ca.cert(), logs, kNow,
                                  SctInputs{rsa_list, {}});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].status, SctStatus::kUnsupportedAlgorithm);
}

TEST(CppTestdataTest, OneBadItemDoesNotHideTheGoodOnes) {
  LogVerifierSet logs;
  ASSERT_TRUE(logs.Add(LogFromPem(std::string(kCpp) + "ct-server-key-public.pem")).ok());
  PemCertificate cert = LoadPemCertificate(std::string(kCpp) + "test-cert.pem");
  PemCertificate ca = LoadPemCertificate(std::string(kCpp) + "ca-cert.pem");
  std::vector<uint8_t> good = Bytes(ReadTestdata(std::string(kCpp) + "test-cert.proof"));
  std::vector<uint8_t> v2 = good;
  v2[0] = 1;  // sct_version v2: unknown to a v1 parser
  // Framing: uint16 total || uint16 len || v2 || uint16 len || good.
  std::vector<uint8_t> list;
  const size_t total = 2 + v2.size() + 2 + good.size();
  list.push_back(static_cast<uint8_t>(total >> 8));
  list.push_back(static_cast<uint8_t>(total));
  for (const auto* item : {&v2, &good}) {
    list.push_back(static_cast<uint8_t>(item->size() >> 8));
    list.push_back(static_cast<uint8_t>(item->size()));
    list.insert(list.end(), item->begin(), item->end());
  }
  std::vector<SctVerification> results = VerifyCertificateScts(
      cert.cert(), ca.cert(), logs, kNow, SctInputs{list, {}});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].status, SctStatus::kMalformed);
  EXPECT_EQ(results[1].status, SctStatus::kValid) << results[1].detail;
  EXPECT_STREQ(SctStatusName(results[0].status), "malformed");
  EXPECT_STREQ(SctSourceName(results[1].source), "tls_extension");
}

// --- Serialization KATs and codec properties -------------------------------

TEST(SignedDataTest, MatchesTesseractKats) {
  nlohmann::json kat = Json("testdata/sct/serialization-kat-tesseract.json");
  SignedCertificateTimestamp sct;
  sct.timestamp = 1234;
  const std::string cert = "certificate";
  EXPECT_EQ(Hex(*SerializeSignedData(sct, SignedEntry::X509(Bytes(cert)))),
            kat["cert_sct_signature_input"]["expected_hex"].get<std::string>());
  const std::string ikh = "iamapublickeyshatwofivesixdigest";
  Hash h;
  std::copy(ikh.begin(), ikh.end(), h.begin());
  EXPECT_EQ(Hex(*SerializeSignedData(sct, SignedEntry::Precert(h, Bytes("tbs")))),
            kat["precert_sct_signature_input"]["expected_hex"].get<std::string>());
  const std::string root = "imustbeexactlythirtytwobyteslong";
  Hash r;
  std::copy(root.begin(), root.end(), r.begin());
  EXPECT_EQ(Hex(SerializeTreeHeadSignatureInput(2345, 6, r)),
            kat["sth_signature_input"]["expected_hex"].get<std::string>());
  EXPECT_EQ(SerializeSignedData(sct, SignedEntry::X509({})).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(SctListTest, RoundTripsEveryRealListByteForByte) {
  for (const char* path : {"testdata/sct/real-google-com-2025/leaf.pem",
                           "testdata/sct/real-geomys-org-2025/leaf.pem",
                           "testdata/sct/real-cryptography-io-2018/leaf.pem",
                           "testdata/sct/real-badssl-2016/badssl-sct.pem",
                           "testdata/sct/real-le-staging-navigli2025h2/leaf.pem"}) {
    PemCertificate c = LoadPemCertificate(path);
    absl::Span<const uint8_t> list = *EmbeddedSctList(c.cert());
    absl::StatusOr<std::vector<SignedCertificateTimestamp>> scts = ParseSctList(list);
    ASSERT_TRUE(scts.ok()) << path;
    EXPECT_EQ(*SerializeSctList(*scts), std::vector<uint8_t>(list.begin(), list.end()));
    absl::StatusOr<std::vector<absl::Span<const uint8_t>>> items = SplitSctList(list);
    for (size_t i = 0; i < items->size(); ++i) {
      EXPECT_EQ(*SerializeSct((*scts)[i]),
                std::vector<uint8_t>((*items)[i].begin(), (*items)[i].end()));
    }
  }
}

TEST(SctListTest, FailsOnHostileFraming) {
  PemCertificate c = LoadPemCertificate("testdata/sct/real-geomys-org-2025/leaf.pem");
  absl::Span<const uint8_t> list = *EmbeddedSctList(c.cert());
  for (size_t n = 0; n < list.size(); ++n) {
    std::vector<uint8_t> prefix(list.begin(), list.begin() + n);
    EXPECT_EQ(ParseSctList(prefix).status().code(),
              absl::StatusCode::kInvalidArgument)
        << n;
  }
  std::vector<uint8_t> trailing(list.begin(), list.end());
  trailing.push_back(0);
  EXPECT_EQ(SplitSctList(trailing).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(SplitSctList(std::vector<uint8_t>{0, 0}).status().code(),
            absl::StatusCode::kInvalidArgument);  // empty list
  EXPECT_EQ(SplitSctList(std::vector<uint8_t>{0, 2, 0, 0}).status().code(),
            absl::StatusCode::kInvalidArgument);  // empty item
  EXPECT_EQ(SplitSctList(std::vector<uint8_t>{0xff, 0xff, 0, 1, 0}).status().code(),
            absl::StatusCode::kInvalidArgument);  // huge length
  EXPECT_EQ(SerializeSctList({}).status().code(), absl::StatusCode::kInvalidArgument);
  // Every single-byte corruption of one SCT either fails or round-trips.
  std::vector<absl::Span<const uint8_t>> items = *SplitSctList(list);
  std::vector<uint8_t> item(items[1].begin(), items[1].end());
  for (size_t i = 0; i < item.size(); ++i) {
    std::vector<uint8_t> mutated = item;
    mutated[i] ^= 0x80;
    absl::StatusOr<SignedCertificateTimestamp> s = ParseSct(mutated);
    if (s.ok()) {
      EXPECT_EQ(*SerializeSct(*s), mutated);
    } else {
      EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
    }
  }
}

TEST(SctListTest, MalformedErrorsCarryTheKind) {
  absl::Status empty = ParseSct({}).status();
  EXPECT_EQ(empty.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorKindOf(empty), ErrorKind::kMalformed);
  EXPECT_EQ(empty.message(), "sct: empty SCT");
  // An item that frames but does not parse: prefixed with its position, kind kept.
  const std::vector<uint8_t> list = {0x00, 0x03, 0x00, 0x01, 0x01};  // one 1-byte SCT v2
  absl::Status item = ParseSctList(list).status();
  EXPECT_EQ(ErrorKindOf(item), ErrorKind::kMalformed);
  EXPECT_EQ(item.message().substr(0, 12), "SCT #0: sct:") << item;
}

TEST(LeafIndexTest, ParsesStaticCtExtension) {
  EXPECT_EQ(**ParseLeafIndexExtension(HexDecode("000005002b71e467")), 728884327u);
  EXPECT_EQ(**ParseLeafIndexExtension(HexDecode("0100000000050004e3388e")), 82000014u);
  EXPECT_FALSE(ParseLeafIndexExtension({})->has_value());
  EXPECT_FALSE(ParseLeafIndexExtension(HexDecode("070001ff"))->has_value());
  EXPECT_EQ(ParseLeafIndexExtension(HexDecode("0000040000000001")).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseLeafIndexExtension(HexDecode("00000500000000")).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseLeafIndexExtension(HexDecode("00000500000000010000050000000002"))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Hex(*SerializeLeafIndexExtension(728884327)), "000005002b71e467");
  EXPECT_EQ(SerializeLeafIndexExtension(uint64_t{1} << 40).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// --- Key handling -----------------------------------------------------------------

std::vector<uint8_t> MarshalPublic(EVP_PKEY* pkey) {
  bssl::ScopedCBB cbb;
  EXPECT_TRUE(CBB_init(cbb.get(), 128));
  EXPECT_TRUE(EVP_marshal_public_key(cbb.get(), pkey));
  uint8_t* out;
  size_t len;
  EXPECT_TRUE(CBB_finish(cbb.get(), &out, &len));
  std::vector<uint8_t> v(out, out + len);
  OPENSSL_free(out);
  return v;
}

TEST(LogVerifierTest, RejectsBadAndUnsupportedKeys) {
  EXPECT_EQ(LogVerifier::Create(HexDecode("3000")).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(LogVerifier::CreateFromPem("nope").status().code(),
            absl::StatusCode::kInvalidArgument);
  bssl::UniquePtr<EC_KEY> p384(EC_KEY_new_by_curve_name(NID_secp384r1));
  ASSERT_TRUE(EC_KEY_generate_key(p384.get()));
  bssl::UniquePtr<EVP_PKEY> pkey(EVP_PKEY_new());
  ASSERT_TRUE(EVP_PKEY_set1_EC_KEY(pkey.get(), p384.get()));
  EXPECT_EQ(LogVerifier::Create(MarshalPublic(pkey.get())).status().code(),
            absl::StatusCode::kUnimplemented);
  bssl::UniquePtr<RSA> rsa(RSA_new());
  bssl::UniquePtr<BIGNUM> e(BN_new());
  ASSERT_TRUE(BN_set_word(e.get(), 65537));
  ASSERT_TRUE(RSA_generate_key_ex(rsa.get(), 1024, e.get(), nullptr));
  bssl::UniquePtr<EVP_PKEY> rsa_pkey(EVP_PKEY_new());
  ASSERT_TRUE(EVP_PKEY_set1_RSA(rsa_pkey.get(), rsa.get()));
  EXPECT_EQ(LogVerifier::Create(MarshalPublic(rsa_pkey.get())).status().code(),
            absl::StatusCode::kUnimplemented);
}

TEST(LogVerifierTest, VerifiesEd25519Scts) {
  uint8_t pub[ED25519_PUBLIC_KEY_LEN], priv[ED25519_PRIVATE_KEY_LEN];
  ED25519_keypair(pub, priv);
  bssl::UniquePtr<EVP_PKEY> pkey(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, pub, sizeof(pub)));
  ASSERT_TRUE(pkey);
  absl::StatusOr<LogVerifier> log = LogVerifier::Create(MarshalPublic(pkey.get()));
  ASSERT_TRUE(log.ok()) << log.status();
  EXPECT_EQ(log->key_type(), LogVerifier::KeyType::kEd25519);
  SignedCertificateTimestamp sct;
  sct.log_id = log->log_id();
  sct.timestamp = 42;
  sct.signature.hash_algorithm = HashAlgorithm::kIntrinsic;
  sct.signature.signature_algorithm = SignatureAlgorithm::kEd25519;
  const std::vector<uint8_t> cert = {1, 2, 3};
  std::vector<uint8_t> data = *SerializeSignedData(sct, SignedEntry::X509(cert));
  sct.signature.signature.resize(ED25519_SIGNATURE_LEN);
  ASSERT_TRUE(ED25519_sign(sct.signature.signature.data(), data.data(), data.size(), priv));
  EXPECT_TRUE(log->VerifySct(sct, SignedEntry::X509(cert)).ok());
  EXPECT_EQ(log->VerifySct(sct, SignedEntry::X509(std::vector<uint8_t>{1, 2, 4})).code(),
            absl::StatusCode::kUnauthenticated);
  SignedCertificateTimestamp ecdsa_claim = sct;
  ecdsa_claim.signature.hash_algorithm = HashAlgorithm::kSha256;
  ecdsa_claim.signature.signature_algorithm = SignatureAlgorithm::kEcdsa;
  EXPECT_EQ(log->VerifySct(ecdsa_claim, SignedEntry::X509(cert)).code(),
            absl::StatusCode::kFailedPrecondition);
  // Round trip of the Ed25519 SCT through the codec.
  EXPECT_EQ(*ParseSct(*SerializeSct(sct)), sct);
}

}  // namespace
}  // namespace ct
