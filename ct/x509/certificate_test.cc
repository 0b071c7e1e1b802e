#include "ct/x509/certificate.h"

#include <openssl/bytestring.h>
#include <openssl/mem.h>
#include <openssl/sha.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/time/time.h"
#include "ct/base/bytes.h"
#include "ct/base/errors.h"
#include "ct/merkle/hash.h"
#include "ct/testing/certificates.h"
#include "ct/testing/testdata.h"
#include "ct/x509/internal/tbs_splice.h"
#include "ct/x509/precert.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace ct {
namespace {

using ::ct::testing::HexDecode;
using ::ct::testing::LoadPemCertificate;
using ::ct::testing::PemCertificate;
using ::ct::testing::ReadTestdata;


std::string Hex(absl::Span<const uint8_t> b) {
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
}

std::string Sha256Hex(absl::Span<const uint8_t> b) {
  Hash h;
  SHA256(b.data(), b.size(), h.data());
  return HashToHex(h);
}

std::vector<uint8_t> Bytes(const std::string& s) {
  return std::vector<uint8_t>(s.begin(), s.end());
}

TEST(PemToDerTest, DecodesChainInOrder) {
  absl::StatusOr<std::vector<std::string>> ders =
      PemToDer(ReadTestdata("testdata/sct/real-google-com-2025/chain.pem"));
  ASSERT_TRUE(ders.ok()) << ders.status();
  ASSERT_EQ(ders->size(), 3u);
  PemCertificate leaf = LoadPemCertificate("testdata/sct/real-google-com-2025/leaf.pem");
  EXPECT_EQ((*ders)[0], leaf.der);
}

TEST(PemToDerTest, FailsOnBadBase64AndMissingBlocks) {
  EXPECT_EQ(PemToDer("-----BEGIN CERTIFICATE-----\nAA!A\n-----END CERTIFICATE-----\n")
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(PemToDer("-----BEGIN CERTIFICATE-----\nAAAA\n").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(PemToDer("hello").status().code(), absl::StatusCode::kNotFound);
}

TEST(CertificateTest, ParsesEveryVectorCertificate) {
  for (const char* path : {
           "testdata/sct/real-google-com-2025/chain.pem",
           "testdata/sct/real-google-com-2025/precert.pem",
           "testdata/sct/real-geomys-org-2025/leaf.pem",
           "testdata/sct/real-geomys-org-2025/issuer-lets-encrypt-e7.pem",
           "testdata/sct/real-cryptography-io-2018/leaf.pem",
           "testdata/sct/real-cryptography-io-2018/issuer-lets-encrypt-authority-x3.pem",
           "testdata/sct/real-cryptography-io-2018/issuer-lets-encrypt-authority-x3-cross-signed.pem",
           "testdata/sct/real-badssl-2016/badssl-sct.pem",
           "testdata/sct/real-le-staging-navigli2025h2/leaf.pem",
           "testdata/sct/real-le-staging-navigli2025h2/issuer-staging-false-fennel-e6.pem",
           "testdata/precert/real-cryptography-io-2018/precert.pem",
           "testdata/sct/ct-cpp-testdata/ca-cert.pem",
           "testdata/sct/ct-cpp-testdata/ca-pre-cert.pem",
           "testdata/sct/ct-cpp-testdata/intermediate-cert.pem",
           "testdata/sct/ct-cpp-testdata/intermediate-pre-cert.pem",
           "testdata/sct/ct-cpp-testdata/test-cert.pem",
           "testdata/sct/ct-cpp-testdata/test-embedded-cert.pem",
           "testdata/sct/ct-cpp-testdata/test-embedded-pre-cert.pem",
           "testdata/sct/ct-cpp-testdata/test-invalid-embedded-cert.pem",
       }) {
    absl::StatusOr<std::vector<std::string>> ders = PemToDer(ReadTestdata(path));
    ASSERT_TRUE(ders.ok()) << path;
    for (const std::string& der : *ders) {
      absl::StatusOr<Certificate> c = Certificate::Parse(der);
      EXPECT_TRUE(c.ok()) << path << ": " << c.status();
    }
  }
}

TEST(CertificateTest, ExposesGoogleLeafFields) {
  PemCertificate leaf = LoadPemCertificate("testdata/sct/real-google-com-2025/leaf.pem");
  Certificate c = leaf.cert();
  // Fingerprint asserted by luct (MANIFEST sct/real-google-com-2025).
  EXPECT_EQ(HashToHex(c.Fingerprint()).substr(0, 8), "4b4f46f8");
  EXPECT_EQ(HashToHex(c.Fingerprint()).substr(56), "81617367");
  EXPECT_EQ(c.version(), 2u);
  EXPECT_EQ(Hex(c.serial()), "133392502140a8cf12801da61896855e");
  EXPECT_EQ(c.not_before(), absl::FromUnixSeconds(1748853330));
  EXPECT_EQ(c.not_after(), absl::FromUnixSeconds(1756110929));
  EXPECT_EQ(*c.SubjectCommonName(), "*.google.com");
  EXPECT_EQ(*c.SubjectText(), "CN=*.google.com");
  EXPECT_EQ(*c.IssuerText(), "CN=WR2,O=Google Trust Services,C=US");
  absl::StatusOr<std::vector<absl::string_view>> dns = c.DnsNames();
  ASSERT_TRUE(dns.ok());
  ASSERT_EQ(dns->size(), 137u);
  EXPECT_EQ((*dns)[0], "*.google.com");
  EXPECT_EQ((*dns)[1], "*.appengine.google.com");
  EXPECT_TRUE(c.FindExtension(kOidSctList).has_value());
  EXPECT_FALSE(*c.IsPrecertificate());
  EXPECT_FALSE(*c.IsPrecertSigningCertificate());
  // The issuer's SPKI hash is the issuer_key_hash in expected.json.
  PemCertificate wr2 = LoadPemCertificate("testdata/sct/real-google-com-2025/chain.pem", 1);
  EXPECT_EQ(HashToHex(wr2.cert().SpkiHash()),
            "60fb4769fb4bc3aff4be773606734a185e78c62080dbc58571c723900e32a423");
  EXPECT_EQ(wr2.cert().subject().size(), c.issuer().size());
}

TEST(CertificateTest, ExposesIpAddressesAndMultiValuedNames) {
  PemCertificate l = LoadPemCertificate("testdata/sct/synthetic/ip-san.pem");
  Certificate c = l.cert();
  absl::StatusOr<std::vector<absl::Span<const uint8_t>>> ips = c.IpAddresses();
  ASSERT_TRUE(ips.ok()) << ips.status();
  ASSERT_EQ(ips->size(), 2u);
  EXPECT_EQ(Hex((*ips)[0]), "c0000201");
  EXPECT_EQ(Hex((*ips)[1]), "20010db8000000000000000000000001");
  // Multi-valued RDN members print in DER (SET OF sorted) order; openssl
  // -nameopt RFC2253 prints "CN=ip.example+OU=multi" for the same RDN.
  EXPECT_EQ(*c.SubjectText(), "C=US,O=Ex\\, Inc.,OU=multi+CN=ip.example");
  EXPECT_EQ(*c.SubjectCommonName(), "ip.example");
  EXPECT_EQ(c.DnsNames()->size(), 1u);
  EXPECT_EQ(Hex(c.serial()), "0102");
}

TEST(CertificateTest, DetectsPrecertificatesAndPscs) {
  EXPECT_TRUE(*LoadPemCertificate("testdata/sct/real-google-com-2025/precert.pem")
                   .cert()
                   .IsPrecertificate());
  PemCertificate le = LoadPemCertificate("testdata/precert/real-cryptography-io-2018/precert.pem");
  EXPECT_TRUE(*le.cert().IsPrecertificate());
  EXPECT_EQ(Hex(le.cert().serial()), "031c787a7dc90295007bc5f2220b3b527af0");
  EXPECT_TRUE(*LoadPemCertificate("testdata/sct/ct-cpp-testdata/ca-pre-cert.pem")
                   .cert()
                   .IsPrecertSigningCertificate());
  EXPECT_TRUE(*LoadPemCertificate("testdata/sct/ct-cpp-testdata/intermediate-pre-cert.pem")
                   .cert()
                   .IsPrecertSigningCertificate());
  EXPECT_FALSE(*LoadPemCertificate("testdata/sct/ct-cpp-testdata/ca-cert.pem")
                    .cert()
                    .IsPrecertSigningCertificate());
  EXPECT_EQ(LoadPemCertificate("testdata/sct/ct-cpp-testdata/test-cert.pem")
                .cert()
                .SubjectCommonName()
                .status()
                .code(),
            absl::StatusCode::kNotFound);
}

TEST(PrecertTbsTest, StripsSctListLikePyca) {
  PemCertificate leaf = LoadPemCertificate("testdata/sct/real-cryptography-io-2018/leaf.pem");
  absl::StatusOr<std::vector<uint8_t>> tbs =
      PrecertTbsFromCertificate(leaf.cert());
  ASSERT_TRUE(tbs.ok()) << tbs.status();
  EXPECT_EQ(*tbs, Bytes(ReadTestdata(
                      "testdata/sct/real-cryptography-io-2018/expected-tbs-precert.der")));
}

TEST(PrecertTbsTest, MatchesTbsLoggedByArgon2025h2FromBothSides) {
  const std::vector<uint8_t> want = Bytes(ReadTestdata(
      "testdata/precert/real-google-com-2025/expected-tbs-from-argon2025h2-leaf-input.der"));
  ASSERT_EQ(want.size(), 3089u);
  PemCertificate leaf = LoadPemCertificate("testdata/precert/real-google-com-2025/leaf.pem");
  PemCertificate pre = LoadPemCertificate("testdata/precert/real-google-com-2025/precert.pem");
  EXPECT_EQ(*PrecertTbsFromCertificate(leaf.cert()), want);
  EXPECT_EQ(*PrecertTbsFromPrecertificate(pre.cert()), want);
}

TEST(CertificateTest, ParsesBareTbsFromALogEntry) {
  const std::string tbs = ReadTestdata(
      "testdata/precert/real-google-com-2025/expected-tbs-from-argon2025h2-leaf-input.der");
  absl::StatusOr<Certificate> c =
      Certificate::ParseTbs(absl::MakeConstSpan(
          reinterpret_cast<const uint8_t*>(tbs.data()), tbs.size()));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->tbs().size(), tbs.size());
  EXPECT_EQ(*c->SubjectCommonName(), "*.google.com");
  EXPECT_EQ(c->DnsNames()->size(), 137u);
  EXPECT_FALSE(c->FindExtension(kOidSctList).has_value());
  EXPECT_FALSE(*c->IsPrecertificate());
  // A whole certificate is not a bare TBS, and vice versa.
  PemCertificate leaf = LoadPemCertificate("testdata/precert/real-google-com-2025/leaf.pem");
  EXPECT_EQ(Certificate::ParseTbs(absl::MakeConstSpan(
                reinterpret_cast<const uint8_t*>(leaf.der.data()), leaf.der.size()))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Certificate::Parse(tbs).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(PrecertTbsTest, RealLetsEncryptPrecertWithoutPoison) {
  PemCertificate pre = LoadPemCertificate("testdata/precert/real-cryptography-io-2018/precert.pem");
  absl::StatusOr<std::vector<uint8_t>> tbs =
      PrecertTbsFromPrecertificate(pre.cert());
  ASSERT_TRUE(tbs.ok());
  EXPECT_EQ(Sha256Hex(*tbs),
            "6dc9eaaa9e7522e983c3a85db9889e645e2b4aaeebb3779a4a29998fd13a5bff");
}

struct CppCase {
  const char* name;
  const char* final_cert;
  const char* precert;
  const char* psc;  // nullptr if issued directly
};

TEST(PrecertTbsTest, RebuildsCppSyntheticSetIncludingPscCases) {
  const std::string dir = "testdata/sct/ct-cpp-testdata/";
  for (const CppCase& c : std::vector<CppCase>{
           {"test-embedded", "test-embedded-cert.pem",
            "test-embedded-pre-cert.pem", nullptr},
           {"test-embedded-with-preca", "test-embedded-with-preca-cert.pem",
            "test-embedded-with-preca-pre-cert.pem", "ca-pre-cert.pem"},
           {"test-embedded-with-intermediate",
            "test-embedded-with-intermediate-cert.pem",
            "test-embedded-with-intermediate-pre-cert.pem", nullptr},
           {"test-embedded-with-intermediate-preca",
            "test-embedded-with-intermediate-preca-cert.pem",
            "test-embedded-with-intermediate-preca-pre-cert.pem",
            "intermediate-pre-cert.pem"},
       }) {
    const std::vector<uint8_t> want = Bytes(ReadTestdata(
        std::string("testdata/precert/ct-cpp-expected-tbs/") + c.name +
        ".tbs.der"));
    PemCertificate fin = LoadPemCertificate(dir + c.final_cert);
    PemCertificate pre = LoadPemCertificate(dir + c.precert);
    EXPECT_EQ(*PrecertTbsFromCertificate(fin.cert()), want) << c.name;
    PemCertificate psc;
    if (c.psc) psc = LoadPemCertificate(dir + c.psc);
    Certificate psc_cert = c.psc ? psc.cert() : fin.cert();
    absl::StatusOr<std::vector<uint8_t>> from_pre =
        PrecertTbsFromPrecertificate(pre.cert(), c.psc ? &psc_cert : nullptr);
    ASSERT_TRUE(from_pre.ok()) << c.name << ": " << from_pre.status();
    EXPECT_EQ(*from_pre, want) << c.name;
  }
}

TEST(PrecertTbsTest, RejectsWrongInputs) {
  const std::string dir = "testdata/sct/ct-cpp-testdata/";
  PemCertificate plain = LoadPemCertificate(dir + "test-cert.pem");
  EXPECT_EQ(PrecertTbsFromCertificate(plain.cert()).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(PrecertTbsFromPrecertificate(plain.cert()).status().code(),
            absl::StatusCode::kInvalidArgument);
  // A CA that is not a PSC, and a PSC that did not issue the precert.
  PemCertificate pre = LoadPemCertificate(dir + "test-embedded-with-preca-pre-cert.pem");
  PemCertificate ca = LoadPemCertificate(dir + "ca-cert.pem");
  Certificate ca_cert = ca.cert();
  EXPECT_EQ(PrecertTbsFromPrecertificate(pre.cert(), &ca_cert).status().code(),
            absl::StatusCode::kInvalidArgument);
  PemCertificate other_psc = LoadPemCertificate(dir + "intermediate-pre-cert.pem");
  Certificate other = other_psc.cert();
  EXPECT_EQ(PrecertTbsFromPrecertificate(pre.cert(), &other).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// --- Synthetic DER built with CBB -------------------------------------------

// BuildTbs returns a v3-style TBSCertificate with the given extensions
// (each an Extension element); no [3] if `exts` is empty.
std::vector<uint8_t> BuildTbs(const std::vector<std::vector<uint8_t>>& exts,
                              size_t subject_pad = 0) {
  bssl::ScopedCBB cbb;
  CBB tbs, child, child2, child3;
  EXPECT_TRUE(CBB_init(cbb.get(), 256));
  EXPECT_TRUE(CBB_add_asn1(cbb.get(), &tbs, CBS_ASN1_SEQUENCE));
  EXPECT_TRUE(CBB_add_asn1_uint64(&tbs, 7));  // serial
  EXPECT_TRUE(CBB_add_asn1(&tbs, &child, CBS_ASN1_SEQUENCE));  // signature
  EXPECT_TRUE(CBB_add_asn1(&tbs, &child, CBS_ASN1_SEQUENCE));  // issuer
  EXPECT_TRUE(CBB_add_asn1(&tbs, &child, CBS_ASN1_SEQUENCE));  // validity
  EXPECT_TRUE(CBB_add_asn1(&child, &child2, CBS_ASN1_UTCTIME));
  EXPECT_TRUE(CBB_add_bytes(&child2, reinterpret_cast<const uint8_t*>("250101000000Z"), 13));
  EXPECT_TRUE(CBB_add_asn1(&child, &child2, CBS_ASN1_GENERALIZEDTIME));
  EXPECT_TRUE(CBB_add_bytes(&child2, reinterpret_cast<const uint8_t*>("20500101000000Z"), 15));
  EXPECT_TRUE(CBB_add_asn1(&tbs, &child, CBS_ASN1_SEQUENCE));  // subject
  for (size_t i = 0; i < subject_pad; ++i) CBB_add_u8(&child, 0);
  EXPECT_TRUE(CBB_add_asn1(&tbs, &child, CBS_ASN1_SEQUENCE));  // spki
  EXPECT_TRUE(CBB_add_asn1(&child, &child2, CBS_ASN1_SEQUENCE));
  EXPECT_TRUE(CBB_add_asn1(&child, &child2, CBS_ASN1_BITSTRING));
  EXPECT_TRUE(CBB_add_u8(&child2, 0));
  if (!exts.empty()) {
    EXPECT_TRUE(CBB_add_asn1(&tbs, &child, CBS_ASN1_CONTEXT_SPECIFIC |
                                               CBS_ASN1_CONSTRUCTED | 3));
    EXPECT_TRUE(CBB_add_asn1(&child, &child3, CBS_ASN1_SEQUENCE));
    for (const auto& e : exts) CBB_add_bytes(&child3, e.data(), e.size());
  }
  uint8_t* out;
  size_t len;
  EXPECT_TRUE(CBB_finish(cbb.get(), &out, &len));
  std::vector<uint8_t> v(out, out + len);
  OPENSSL_free(out);
  return v;
}

std::vector<uint8_t> Extension(absl::Span<const uint8_t> oid, size_t value_len,
                               bool critical = false) {
  bssl::ScopedCBB cbb;
  CBB ext, child;
  EXPECT_TRUE(CBB_init(cbb.get(), 64));
  EXPECT_TRUE(CBB_add_asn1(cbb.get(), &ext, CBS_ASN1_SEQUENCE));
  EXPECT_TRUE(CBB_add_asn1(&ext, &child, CBS_ASN1_OBJECT));
  EXPECT_TRUE(CBB_add_bytes(&child, oid.data(), oid.size()));
  if (critical) {
    EXPECT_TRUE(CBB_add_asn1_bool(&ext, 1));
  }
  EXPECT_TRUE(CBB_add_asn1(&ext, &child, CBS_ASN1_OCTETSTRING));
  for (size_t i = 0; i < value_len; ++i) CBB_add_u8(&child, 0x42);
  uint8_t* out;
  size_t len;
  EXPECT_TRUE(CBB_finish(cbb.get(), &out, &len));
  std::vector<uint8_t> v(out, out + len);
  OPENSSL_free(out);
  return v;
}

// WrapCert wraps a TBS into SEQUENCE { tbs, SEQUENCE {}, BIT STRING 00 }.
std::string WrapCert(const std::vector<uint8_t>& tbs) {
  bssl::ScopedCBB cbb;
  CBB cert, child;
  EXPECT_TRUE(CBB_init(cbb.get(), tbs.size() + 16));
  EXPECT_TRUE(CBB_add_asn1(cbb.get(), &cert, CBS_ASN1_SEQUENCE));
  EXPECT_TRUE(CBB_add_bytes(&cert, tbs.data(), tbs.size()));
  EXPECT_TRUE(CBB_add_asn1(&cert, &child, CBS_ASN1_SEQUENCE));
  EXPECT_TRUE(CBB_add_asn1(&cert, &child, CBS_ASN1_BITSTRING));
  EXPECT_TRUE(CBB_add_u8(&child, 0));
  uint8_t* out;
  size_t len;
  EXPECT_TRUE(CBB_finish(cbb.get(), &out, &len));
  std::string s(reinterpret_cast<char*>(out), len);
  OPENSSL_free(out);
  return s;
}

TEST(PrecertTbsTest, RecomputesLengthsAcrossShortLongFormBoundary) {
  static constexpr uint8_t kOther[] = {0x55, 0x1d, 0x0e};
  for (size_t sct_len : {1, 10, 100, 140, 300, 70000}) {
    for (size_t pad : {0, 60, 120, 200}) {
      std::vector<uint8_t> other = Extension(kOther, 20);
      std::vector<uint8_t> sct = Extension(kOidSctList, sct_len);
      std::vector<uint8_t> with = BuildTbs({other, sct, other}, pad);
      // Duplicate "other" is rejected by Parse; use distinct OIDs instead.
      static constexpr uint8_t kOther2[] = {0x55, 0x1d, 0x0f};
      std::vector<uint8_t> other2 = Extension(kOther2, 3, true);
      with = BuildTbs({other, sct, other2}, pad);
      const std::vector<uint8_t> want = BuildTbs({other, other2}, pad);
      std::string der = WrapCert(with);
      absl::StatusOr<Certificate> c = Certificate::Parse(der);
      ASSERT_TRUE(c.ok()) << c.status();
      EXPECT_EQ(*PrecertTbsFromCertificate(*c), want)
          << "sct_len=" << sct_len << " pad=" << pad;
    }
  }
}

TEST(CertificateTest, ExtensionFieldsFollowDer) {
  static constexpr uint8_t kOid[] = {0x55, 0x1d, 0x0f};
  auto ext = [](std::vector<uint8_t> body) {
    std::vector<uint8_t> e = {0x30, static_cast<uint8_t>(body.size())};
    e.insert(e.end(), body.begin(), body.end());
    return e;
  };
  const std::vector<uint8_t> oid = {0x06, 0x03, kOid[0], kOid[1], kOid[2]};
  auto with = [&](std::vector<uint8_t> rest) {
    std::vector<uint8_t> body = oid;
    body.insert(body.end(), rest.begin(), rest.end());
    return WrapCert(BuildTbs({ext(body)}));
  };
  struct Case {
    std::vector<uint8_t> rest;
    bool ok;
    bool critical;
  } cases[] = {
      {{0x04, 0x01, 0x00}, true, false},                    // no flag
      {{0x01, 0x01, 0xff, 0x04, 0x01, 0x00}, true, true},   // TRUE
      {{0x01, 0x01, 0x00, 0x04, 0x01, 0x00}, true, false},  // explicit FALSE
      {{0x01, 0x01, 0x01, 0x04, 0x01, 0x00}, false, false}, // BER TRUE
      {{0x01, 0x02, 0xff, 0xff, 0x04, 0x01, 0x00}, false, false},
      {{0x01, 0x00, 0x04, 0x01, 0x00}, false, false},
      {{0x01, 0x01, 0xff}, false, false},                    // no extnValue
      {{0x01, 0x01, 0xff, 0x01, 0x01, 0xff, 0x04, 0x01, 0x00}, false, false},
      {{0x04, 0x01, 0x00, 0x04, 0x01, 0x00}, false, false},  // trailing
      {{0x04, 0x01, 0x00, 0x01, 0x01, 0xff}, false, false},  // flag after
      {{0x03, 0x01, 0x00}, false, false},                    // BIT STRING
      {{}, false, false},                                    // OID only
  };
  for (const Case& c : cases) {
    const std::string der = with(c.rest);
    absl::StatusOr<Certificate> cert = Certificate::Parse(der);
    ASSERT_EQ(cert.ok(), c.ok) << absl::BytesToHexString(
        absl::string_view(reinterpret_cast<const char*>(c.rest.data()),
                          c.rest.size()));
    if (!c.ok) {
      EXPECT_EQ(cert.status().code(), absl::StatusCode::kInvalidArgument);
      continue;
    }
    std::optional<X509Extension> e = cert->FindExtension(kOid);
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->critical, c.critical);
    EXPECT_EQ(e->value.size(), 1u);
  }
}

TEST(PrecertTbsTest, DropsSctListInFirstMiddleAndLastPosition) {
  static constexpr uint8_t kA[] = {0x55, 0x1d, 0x0e};
  static constexpr uint8_t kB[] = {0x55, 0x1d, 0x0f};
  const std::vector<uint8_t> a = Extension(kA, 20), b = Extension(kB, 3, true);
  const std::vector<uint8_t> sct = Extension(kOidSctList, 150);
  const std::vector<uint8_t> want = BuildTbs({a, b}, 40);
  for (const auto& exts : std::vector<std::vector<std::vector<uint8_t>>>{
           {sct, a, b}, {a, sct, b}, {a, b, sct}}) {
    const std::vector<uint8_t> with = BuildTbs(exts, 40);
    std::string der = WrapCert(with);
    absl::StatusOr<Certificate> c = Certificate::Parse(der);
    ASSERT_TRUE(c.ok()) << c.status();
    EXPECT_EQ(*PrecertTbsFromCertificate(*c), want);
    // The same from a bare TBS (ParseTbs), and from a copy of the view.
    absl::StatusOr<Certificate> t = Certificate::ParseTbs(with);
    ASSERT_TRUE(t.ok()) << t.status();
    const Certificate copy = *t;
    EXPECT_EQ(*PrecertTbsFromCertificate(copy), want);
  }
}

TEST(PrecertTbsTest, DropsExtensionsWrapperWhenNothingRemains) {
  std::vector<uint8_t> with = BuildTbs({Extension(kOidSctList, 200)}, 130);
  std::string der = WrapCert(with);
  absl::StatusOr<Certificate> c = Certificate::Parse(der);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(*PrecertTbsFromCertificate(*c), BuildTbs({}, 130));
  // The poison as the only extension behaves the same.
  std::vector<uint8_t> fixed = {0x30, 0x13, 0x06, 0x0a};
  fixed.insert(fixed.end(), std::begin(kOidPrecertPoison),
               std::end(kOidPrecertPoison));
  for (uint8_t b : {0x01, 0x01, 0xff, 0x04, 0x02, 0x05, 0x00}) fixed.push_back(b);
  std::string pre_der = WrapCert(BuildTbs({fixed}, 5));
  absl::StatusOr<Certificate> pre = Certificate::Parse(pre_der);
  ASSERT_TRUE(pre.ok()) << pre.status();
  EXPECT_TRUE(*pre->IsPrecertificate());
  EXPECT_EQ(*PrecertTbsFromPrecertificate(*pre), BuildTbs({}, 5));
}

TEST(CertificateTest, ParsesUtcAndGeneralizedTimes) {
  std::string der = WrapCert(BuildTbs({}));
  absl::StatusOr<Certificate> c = Certificate::Parse(der);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->not_before_unix(), 1735689600);  // 250101000000Z
  EXPECT_EQ(c->not_after_unix(), 2524608000);   // 20500101000000Z
  EXPECT_FALSE(c->FindExtension(kOidSctList).has_value());
  EXPECT_TRUE(c->Extensions().empty());
  EXPECT_FALSE(*c->IsPrecertificate());
}

// ExpectSameParse checks that two Certificates hold the same views and values.
void ExpectSameParse(const Certificate& a, const Certificate& b) {
  EXPECT_EQ(a.der(), b.der());
  EXPECT_EQ(a.tbs(), b.tbs());
  EXPECT_EQ(a.serial(), b.serial());
  EXPECT_EQ(a.issuer(), b.issuer());
  EXPECT_EQ(a.subject(), b.subject());
  EXPECT_EQ(a.spki(), b.spki());
  EXPECT_EQ(a.public_key_bits(), b.public_key_bits());
  EXPECT_EQ(a.extensions_der(), b.extensions_der());
  EXPECT_EQ(a.version(), b.version());
  EXPECT_EQ(a.not_before_unix(), b.not_before_unix());
  EXPECT_EQ(a.not_after_unix(), b.not_after_unix());
  for (absl::Span<const uint8_t> oid : {absl::Span<const uint8_t>(kOidSctList),
                                        absl::Span<const uint8_t>(kOidPrecertPoison),
                                        absl::Span<const uint8_t>(kOidSubjectAltName)}) {
    std::optional<X509Extension> x = a.FindExtension(oid), y = b.FindExtension(oid);
    ASSERT_EQ(x.has_value(), y.has_value());
    if (x.has_value()) {
      EXPECT_EQ(x->element, y->element);
    }
  }
}

TEST(CertificateTest, ParseIntoReusesACertificate) {
  PemCertificate leaf = LoadPemCertificate("testdata/sct/real-google-com-2025/leaf.pem");
  const std::string bare = WrapCert(BuildTbs({}));  // v1-style: no version, no extensions
  Certificate c;
  ASSERT_TRUE(Certificate::ParseInto(AsBytes(leaf.der), &c).ok());
  ExpectSameParse(c, leaf.cert());
  EXPECT_EQ(c.version(), 2u);
  // Nothing of the Google leaf (version, SCT list, subjectAltName) remains.
  ASSERT_TRUE(Certificate::ParseInto(AsBytes(bare), &c).ok());
  absl::StatusOr<Certificate> fresh = Certificate::Parse(bare);
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  ExpectSameParse(c, *fresh);
  EXPECT_FALSE(c.FindExtension(kOidSctList).has_value());
  EXPECT_FALSE(c.FindExtension(kOidSubjectAltName).has_value());
  EXPECT_TRUE(c.extensions_der().empty());
  // ParseTbsInto, the same way.
  Certificate t;
  ASSERT_TRUE(Certificate::ParseTbsInto(leaf.cert().tbs(), &t).ok());
  ExpectSameParse(t, *Certificate::ParseTbs(leaf.cert().tbs()));
  ASSERT_TRUE(Certificate::ParseTbsInto(fresh->tbs(), &t).ok());
  ExpectSameParse(t, *Certificate::ParseTbs(fresh->tbs()));
  EXPECT_FALSE(t.FindExtension(kOidSubjectAltName).has_value());
  // Errors are Parse's.
  const std::string truncated = leaf.der.substr(0, leaf.der.size() - 1);
  absl::Status s = Certificate::ParseInto(AsBytes(truncated), &c);
  EXPECT_EQ(s, Certificate::Parse(truncated).status());
  EXPECT_EQ(ErrorKindOf(s), ErrorKind::kMalformed);
  // A default Certificate is an empty view.
  Certificate empty;
  EXPECT_TRUE(empty.der().empty());
  EXPECT_TRUE(empty.extensions_der().empty());
  EXPECT_FALSE(empty.FindExtension(kOidSubjectAltName).has_value());
}

// WithValidity returns the synthetic certificate with notBefore UTCTime `utc`
// (13 characters) and notAfter GeneralizedTime `gen` (15 characters).
std::string WithValidity(absl::string_view utc, absl::string_view gen) {
  std::string der = WrapCert(BuildTbs({}));
  der.replace(der.find("250101000000Z"), 13, std::string(utc));
  der.replace(der.find("20500101000000Z"), 15, std::string(gen));
  return der;
}

TEST(CertificateTest, ConvertsBoundaryYearsAndLeapDays) {
  struct Case {
    const char* utc;
    const char* gen;
    int64_t not_before, not_after;
  } cases[] = {
      // RFC 5280 §4.1.2.5.1: YY >= 50 is 19YY, YY < 50 is 20YY.
      {"500101000000Z", "20491231235959Z", -631152000, 2524607999},
      {"491231235959Z", "19500101000000Z", 2524607999, -631152000},
      {"000229120000Z", "24000229000000Z", 951825600, 13574563200},  // leap days
      {"250101000000Z", "20500101000000Z", 1735689600, 2524608000},
  };
  for (const Case& c : cases) {
    std::string der = WithValidity(c.utc, c.gen);
    absl::StatusOr<Certificate> cert = Certificate::Parse(der);
    ASSERT_TRUE(cert.ok()) << c.utc << " " << c.gen << ": " << cert.status();
    EXPECT_EQ(cert->not_before_unix(), c.not_before) << c.utc;
    EXPECT_EQ(cert->not_after_unix(), c.not_after) << c.gen;
  }
}

TEST(CertificateTest, RejectsImpossibleDatesAndTimes) {
  for (const char* utc :
       {"010229000000Z", "250230000000Z", "251301000000Z", "250001000000Z", "250100000000Z",
        "250101240000Z", "250101236000Z", "250101235960Z", "2501010000001", "25010100000AZ"}) {
    std::string der = WithValidity(utc, "20500101000000Z");
    EXPECT_EQ(Certificate::Parse(der).status().code(), absl::StatusCode::kInvalidArgument) << utc;
  }
  for (const char* gen : {"21000229000000Z", "19000229000000Z", "20501231240000Z"}) {
    std::string der = WithValidity("250101000000Z", gen);
    absl::Status s = Certificate::Parse(der).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << gen;
    EXPECT_EQ(ErrorKindOf(s), ErrorKind::kMalformed) << gen;
  }
}

TEST(CertificateTest, RejectsPoisonThatIsNotCriticalNull) {
  std::string der = WrapCert(BuildTbs({Extension(kOidPrecertPoison, 2)}));
  absl::StatusOr<Certificate> c = Certificate::Parse(der);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->IsPrecertificate().status().code(),
            absl::StatusCode::kInvalidArgument);
}

// --- Hostile input -------------------------------------------------------------

TEST(CertificateTest, FailsOnEveryTruncation) {
  PemCertificate leaf = LoadPemCertificate("testdata/sct/real-geomys-org-2025/leaf.pem");
  for (size_t n = 0; n < leaf.der.size(); ++n) {
    // Exact-size heap copy so ASan catches over-reads.
    std::vector<uint8_t> prefix(leaf.der.begin(), leaf.der.begin() + n);
    EXPECT_EQ(Certificate::Parse(absl::MakeConstSpan(prefix)).status().code(),
              absl::StatusCode::kInvalidArgument)
        << n;
  }
}

TEST(CertificateTest, FailsOnTrailingBytesWrongTagsAndHugeLengths) {
  PemCertificate leaf = LoadPemCertificate("testdata/sct/real-geomys-org-2025/leaf.pem");
  std::string trailing = leaf.der + "x";
  EXPECT_EQ(Certificate::Parse(trailing).status().code(),
            absl::StatusCode::kInvalidArgument);
  std::string wrong_tag = leaf.der;
  wrong_tag[0] = 0x31;  // SET instead of SEQUENCE
  EXPECT_EQ(Certificate::Parse(wrong_tag).status().code(),
            absl::StatusCode::kInvalidArgument);
  const std::string huge("\x30\x84\xff\xff\xff\xff\x30\x00", 8);
  EXPECT_EQ(Certificate::Parse(huge).status().code(),
            absl::StatusCode::kInvalidArgument);
  const std::string indefinite("\x30\x80\x00\x00", 4);
  EXPECT_EQ(Certificate::Parse(indefinite).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(CertificateTest, FailsOnDuplicateOrEmptyExtensions) {
  static constexpr uint8_t kOid[] = {0x55, 0x1d, 0x0e};
  std::vector<uint8_t> e = Extension(kOid, 4);
  std::string dup = WrapCert(BuildTbs({e, Extension(kOidSctList, 3), e}));
  EXPECT_EQ(Certificate::Parse(dup).status().code(),
            absl::StatusCode::kInvalidArgument);
  // Duplicates far apart in a long list (past the on-stack OID cache).
  for (std::pair<int, int> dup : {std::pair<int, int>{3, 40}, {35, 41}, {31, 32}}) {
    std::vector<std::vector<uint8_t>> many;
    for (int i = 0; i < 45; ++i) {
      const uint8_t oid[] = {0x2a, 0x03, static_cast<uint8_t>(i == dup.second ? dup.first : i)};
      many.push_back(Extension(oid, 1));
    }
    EXPECT_EQ(Certificate::Parse(WrapCert(BuildTbs(many))).status().code(),
              absl::StatusCode::kInvalidArgument)
        << dup.first << "," << dup.second;
    many.pop_back();
    many.erase(many.begin() + dup.second);
    EXPECT_TRUE(Certificate::Parse(WrapCert(BuildTbs(many))).ok());
  }
  // [3] { SEQUENCE {} }
  std::vector<uint8_t> tbs = BuildTbs({});
  std::vector<uint8_t> empty_exts = {0xa3, 0x02, 0x30, 0x00};
  tbs.insert(tbs.end(), empty_exts.begin(), empty_exts.end());
  tbs[1] += 4;  // short-form TBS length in this small fixture
  EXPECT_EQ(Certificate::Parse(WrapCert(tbs)).status().code(),
            absl::StatusCode::kInvalidArgument);
  // Bad times.
  std::vector<uint8_t> bad_time = BuildTbs({});
  for (size_t i = 0; i + 13 <= bad_time.size(); ++i) {
    if (std::string(bad_time.begin() + i, bad_time.begin() + i + 13) ==
        "250101000000Z") {
      bad_time[i + 2] = '1';
      bad_time[i + 3] = '3';  // month 13
    }
  }
  EXPECT_EQ(Certificate::Parse(WrapCert(bad_time)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(TbsSpliceTest, SpliceIsIdempotentAndPiecesMatchBytes) {
  PemCertificate leaf = LoadPemCertificate("testdata/sct/real-google-com-2025/leaf.pem");
  internal::TbsEdits edits;
  edits.remove_oid = kOidSctList;
  absl::StatusOr<internal::TbsSplice> once =
      internal::SpliceTbs(leaf.cert().tbs(), edits);
  ASSERT_TRUE(once.ok());
  std::vector<uint8_t> bytes = once->ToBytes();
  EXPECT_EQ(bytes.size(), once->size());
  absl::StatusOr<internal::TbsSplice> twice = internal::SpliceTbs(bytes, edits);
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(twice->ToBytes(), bytes);
}

}  // namespace
}  // namespace ct

namespace ct {
namespace {

TEST(NameAttributeValuesTest, ReadsEveryValueOfOneType) {
  // SEQUENCE { SET { O "A" } SET { CN "x" } SET { O "B Inc" } }
  const uint8_t name[] = {0x30, 0x28, 0x31, 0x0a, 0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x0a,
                          0x0c, 0x01, 'A',  0x31, 0x0a, 0x30, 0x08, 0x06, 0x03, 0x55, 0x04,
                          0x03, 0x0c, 0x01, 'x',  0x31, 0x0e, 0x30, 0x0c, 0x06, 0x03, 0x55,
                          0x04, 0x0a, 0x13, 0x05, 'B',  ' ',  'I',  'n',  'c'};
  absl::StatusOr<std::vector<absl::string_view>> o = NameAttributeValues(name, kOidOrganization);
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(*o, (std::vector<absl::string_view>{"A", "B Inc"}));
  EXPECT_EQ(NameAttributeValues(name, kOidCommonName)->size(), 1u);
  for (size_t cut = 0; cut < sizeof(name); ++cut) {
    EXPECT_FALSE(NameAttributeValues(absl::MakeConstSpan(name, cut), kOidOrganization).ok());
  }
  uint8_t bmp[sizeof(name)];
  std::copy(std::begin(name), std::end(name), bmp);
  bmp[11] = 0x1e;  // BMPString
  EXPECT_EQ(NameAttributeValues(bmp, kOidOrganization).status().code(),
            absl::StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace ct

namespace ct {
namespace {

// AppendSubjectAltNames gives DnsNames and IpAddresses in one walk, appended.
TEST(CertificateTest, AppendSubjectAltNamesMatchesDnsNamesAndIpAddresses) {
  PemCertificate l = LoadPemCertificate("testdata/sct/synthetic/ip-san.pem");
  std::vector<absl::string_view> dns = {"kept"};
  std::vector<absl::Span<const uint8_t>> ips;
  ASSERT_TRUE(l.cert().AppendSubjectAltNames(&dns, &ips).ok());
  ASSERT_EQ(dns.size(), 2u);
  EXPECT_EQ(dns[0], "kept");
  EXPECT_EQ(dns[1], (*l.cert().DnsNames())[0]);
  ASSERT_EQ(ips.size(), 2u);
  EXPECT_EQ(Hex(ips[0]), "c0000201");  // as ExposesIpAddressesAndMultiValuedNames
  EXPECT_EQ(Hex(ips[1]), "20010db8000000000000000000000001");

  PemCertificate g = LoadPemCertificate("testdata/sct/real-google-com-2025/leaf.pem");
  dns.clear();
  ips.clear();
  ASSERT_TRUE(g.cert().AppendSubjectAltNames(&dns, &ips).ok());
  EXPECT_EQ(dns.size(), 137u);  // as ExposesGoogleLeafFields
  EXPECT_EQ(dns[0], "*.google.com");
  EXPECT_TRUE(ips.empty());
  // The subjectAltName is found by Parse; FindExtension returns it.
  std::optional<X509Extension> san = g.cert().FindExtension(kOidSubjectAltName);
  ASSERT_TRUE(san.has_value());
  EXPECT_EQ(san->oid, absl::MakeConstSpan(kOidSubjectAltName));
  EXPECT_FALSE(san->critical);
}

// A 5-byte iPAddress fails AppendSubjectAltNames as it fails IpAddresses.
TEST(CertificateTest, AppendSubjectAltNamesRejectsBadIpLength) {
  PemCertificate l = LoadPemCertificate("testdata/sct/synthetic/ip-san.pem");
  std::vector<uint8_t> der(l.cert().der().begin(), l.cert().der().end());
  // The first iPAddress, [7] 04 c0000201 (RFC 5280 GeneralName), becomes
  // [7] 02 c000 and an empty [8] (registeredID, not decoded): the same length,
  // so the DER stays valid, and the address is 2 bytes long.
  const uint8_t v4[] = {0x87, 0x04, 0xc0, 0x00, 0x02, 0x01};
  auto it = std::search(der.begin(), der.end(), std::begin(v4), std::end(v4));
  ASSERT_NE(it, der.end());
  const uint8_t two_plus_two[] = {0x87, 0x02, 0xc0, 0x00, 0x88, 0x00};
  std::copy(std::begin(two_plus_two), std::end(two_plus_two), it);
  absl::StatusOr<Certificate> c = Certificate::Parse(der);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_FALSE(c->IpAddresses().ok());
  std::vector<absl::string_view> dns;
  std::vector<absl::Span<const uint8_t>> ips;
  absl::Status s = c->AppendSubjectAltNames(&dns, &ips);
  EXPECT_EQ(ErrorKindOf(s), ErrorKind::kMalformed) << s;
  EXPECT_TRUE(c->DnsNames().ok());  // DnsNames alone does not look at addresses
}

}  // namespace
}  // namespace ct
