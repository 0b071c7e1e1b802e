// End-to-end test of `ct log prove`: a static-ct-api log built with LogWriter
// holding real precertificates made with BoringSSL's X509 API, and final
// certificates carrying the log's SCT, proven (and tampered with) through
// ct::cli::LogCommand.
#include <openssl/bytestring.h>
#include <openssl/ec_key.h>
#include <openssl/evp.h>
#include <openssl/mem.h>
#include <openssl/nid.h>
#include <openssl/obj.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ct/base/bytes.h"
#include "ct/merkle/hash.h"
#include "ct/sct/sct.h"
#include "ct/tiles/tile.h"
#include "ct/tiles/writer/log_writer.h"
#include "ct/x509/certificate.h"
#include "ct/x509/precert.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tools/ct/log_command.h"

namespace ct {
namespace {

using Bytes = std::vector<uint8_t>;

constexpr uint64_t kNowMs = 1'780'000'000'000;
constexpr int64_t kNotBefore = 1'779'000'000;
constexpr int64_t kNotAfter = 1'786'000'000;
constexpr char kPoisonOid[] = "1.3.6.1.4.1.11129.2.4.3";
constexpr char kSctListOid[] = "1.3.6.1.4.1.11129.2.4.2";

bssl::UniquePtr<EVP_PKEY> NewP256Key() {
  bssl::UniquePtr<EC_KEY> ec(EC_KEY_new_by_curve_name(NID_X9_62_prime256v1));
  EXPECT_TRUE(ec && EC_KEY_generate_key(ec.get()));
  bssl::UniquePtr<EVP_PKEY> pkey(EVP_PKEY_new());
  EXPECT_TRUE(EVP_PKEY_set1_EC_KEY(pkey.get(), ec.get()));
  return pkey;
}

std::string KeyPem(EVP_PKEY* k) {
  bssl::UniquePtr<BIO> bio(BIO_new(BIO_s_mem()));
  EXPECT_TRUE(PEM_write_bio_PrivateKey(bio.get(), k, nullptr, nullptr, 0, nullptr, nullptr));
  const uint8_t* data;
  size_t len;
  BIO_mem_contents(bio.get(), &data, &len);
  return std::string(reinterpret_cast<const char*>(data), len);
}

std::string CertPem(const Bytes& der) {
  const uint8_t* p = der.data();
  bssl::UniquePtr<X509> x(d2i_X509(nullptr, &p, der.size()));
  EXPECT_TRUE(x);
  bssl::UniquePtr<BIO> bio(BIO_new(BIO_s_mem()));
  EXPECT_TRUE(PEM_write_bio_X509(bio.get(), x.get()));
  const uint8_t* data;
  size_t len;
  BIO_mem_contents(bio.get(), &data, &len);
  return std::string(reinterpret_cast<const char*>(data), len);
}

Bytes CertDer(X509* x) {
  uint8_t* der = nullptr;
  int len = i2d_X509(x, &der);
  EXPECT_GT(len, 0);
  Bytes out(der, der + len);
  OPENSSL_free(der);
  return out;
}

void AddExtension(X509* x, const char* oid, bool critical, const Bytes& value) {
  bssl::UniquePtr<ASN1_OBJECT> obj(OBJ_txt2obj(oid, /*dont_search_names=*/1));
  bssl::UniquePtr<ASN1_OCTET_STRING> os(ASN1_OCTET_STRING_new());
  ASSERT_TRUE(obj && os && ASN1_OCTET_STRING_set(os.get(), value.data(), value.size()));
  bssl::UniquePtr<X509_EXTENSION> ext(
      X509_EXTENSION_create_by_OBJ(nullptr, obj.get(), critical, os.get()));
  ASSERT_TRUE(ext && X509_add_ext(x, ext.get(), -1));
}

void SetName(X509_NAME* name, const std::string& cn) {
  ASSERT_TRUE(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                         reinterpret_cast<const uint8_t*>("ctcore prove test"),
                                         -1, -1, 0) &&
              X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                         reinterpret_cast<const uint8_t*>(cn.c_str()), -1, -1, 0));
}

// Cert builds a certificate signed by `signer`; the CA when `issuer` is null.
Bytes Cert(long serial, const std::string& cn, X509* issuer, EVP_PKEY* subject_key,
           EVP_PKEY* signer, const std::vector<std::pair<const char*, Bytes>>& ct_exts,
           bool ca = false) {
  bssl::UniquePtr<X509> x(X509_new());
  EXPECT_TRUE(X509_set_version(x.get(), X509_VERSION_3) &&
              ASN1_INTEGER_set(X509_get_serialNumber(x.get()), serial));
  SetName(X509_get_subject_name(x.get()), cn);
  EXPECT_TRUE(X509_set_issuer_name(
      x.get(), issuer ? X509_get_subject_name(issuer) : X509_get_subject_name(x.get())));
  EXPECT_TRUE(ASN1_TIME_set(X509_getm_notBefore(x.get()), kNotBefore) &&
              ASN1_TIME_set(X509_getm_notAfter(x.get()), kNotAfter));
  EXPECT_TRUE(X509_set_pubkey(x.get(), subject_key));
  if (ca) {
    AddExtension(x.get(), "2.5.29.19", true, {0x30, 0x03, 0x01, 0x01, 0xff});
  } else {
    Bytes san = {0x30, static_cast<uint8_t>(2 + cn.size()), 0x82, static_cast<uint8_t>(cn.size())};
    san.insert(san.end(), cn.begin(), cn.end());
    AddExtension(x.get(), "2.5.29.17", false, san);
  }
  for (const auto& [oid, value] : ct_exts) {
    AddExtension(x.get(), oid, std::string(oid) == kPoisonOid, value);
  }
  EXPECT_TRUE(X509_sign(x.get(), signer, EVP_sha256()));
  return CertDer(x.get());
}

// OctetString wraps `in` in a DER OCTET STRING (the SCT list extension value).
Bytes OctetString(const Bytes& in) {
  bssl::ScopedCBB cbb;
  CBB os;
  EXPECT_TRUE(CBB_init(cbb.get(), in.size() + 8) &&
              CBB_add_asn1(cbb.get(), &os, CBS_ASN1_OCTETSTRING) &&
              CBB_add_bytes(&os, in.data(), in.size()) && CBB_flush(cbb.get()));
  return Bytes(CBB_data(cbb.get()), CBB_data(cbb.get()) + CBB_len(cbb.get()));
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
  ASSERT_TRUE(out.good()) << path;
}

struct CliRun {
  int code;
  std::string out;
};

// RunLog runs `ct log ARGS...`; returns the exit code and stdout + stderr.
CliRun RunLog(const std::vector<std::string>& args) {
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  int code = cli::LogCommand(args);
  std::string out = ::testing::internal::GetCapturedStdout();
  std::string err = ::testing::internal::GetCapturedStderr();
  return {code, out + err};
}

CliRun Prove(std::vector<std::string> args) {
  args.insert(args.begin(), "prove");
  return RunLog(args);
}

class LogProveTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(absl::StrCat(::testing::TempDir(), "/prove"));
    ca_key_ = NewP256Key().release();
    leaf_key_ = NewP256Key().release();
    ca_der_ = new Bytes(Cert(1, "ctcore prove CA", nullptr, ca_key_, ca_key_, {}, true));
    const uint8_t* p = ca_der_->data();
    ca_ = d2i_X509(nullptr, &p, ca_der_->size());
    ASSERT_NE(ca_, nullptr);
    absl::StatusOr<Certificate> ca_view = Certificate::Parse(*ca_der_);
    ASSERT_TRUE(ca_view.ok());
    const Hash issuer_key_hash = ca_view->SpkiHash();

    bssl::UniquePtr<EVP_PKEY> log_key = NewP256Key();
    LogWriterOptions o;
    o.origin = "example.com/prove2026";
    o.log_private_key = KeyPem(log_key.get());
    o.ed25519_note_keys.push_back({"example.com/prove2026", {}});
    for (int i = 0; i < 32; ++i) o.ed25519_note_keys[0].seed[i] = static_cast<uint8_t>(i * 7 + 1);
    o.directory = absl::StrCat(*dir_, "/log");
    o.clock_ms = [] { return kNowMs; };
    absl::StatusOr<LogWriter> log = LogWriter::Create(o);
    ASSERT_TRUE(log.ok()) << log.status();
    WriteFile(absl::StrCat(*dir_, "/log.pem"), log->LogPublicKeyPem());
    note_key_ = new std::string(log->NoteVerifierKeys()[0]);

    const std::vector<Bytes> chain = {*ca_der_};
    // AddPrecert logs a real precertificate; the returned SCT is stored.
    auto add_precert = [&](long serial, const std::string& cn, uint64_t ts, Bytes* sct) {
      Bytes precert = Cert(serial, cn, ca_, leaf_key_, ca_key_, {{kPoisonOid, {0x05, 0x00}}});
      absl::StatusOr<Certificate> view = Certificate::Parse(precert);
      ASSERT_TRUE(view.ok()) << view.status();
      absl::StatusOr<Bytes> tbs = PrecertTbsFromPrecertificate(*view);
      ASSERT_TRUE(tbs.ok()) << tbs.status();
      absl::StatusOr<AddedEntry> e =
          log->AddPrecertificate(precert, *tbs, issuer_key_hash, chain, ts);
      ASSERT_TRUE(e.ok()) << e.status();
      *sct = e->sct;
    };
    auto add_filler = [&](uint64_t n) {
      for (uint64_t i = 0; i < n; ++i) {
        ASSERT_TRUE(log->AddCertificate(*ca_der_, {}, kNowMs - 100000 + log->size()).ok());
      }
    };
    // Entry 256 (first of full data tile 1), a decoy with the same
    // timestamp at 257, and entry 600 in the partial data tile 2.
    add_filler(256);
    sct_ = new Bytes;
    add_precert(0x1001, "prove.example", kNowMs - 5000, sct_);
    Bytes decoy;
    add_precert(0x1002, "decoy.example", kNowMs - 5000, &decoy);
    add_filler(600 - log->size());
    sct2_ = new Bytes;
    add_precert(0x1003, "partial.example", kNowMs - 4000, sct2_);
    add_filler(3);
    // Entry 604: a precertificate issued by a Precertificate Signing
    // Certificate (RFC 6962 §3.1), logged with the PSC-adjusted TBS.
    bssl::UniquePtr<EVP_PKEY> psc_key = NewP256Key();
    const Bytes psc_der =
        Cert(2, "ctcore prove PSC", ca_, psc_key.get(), ca_key_,
             {{"2.5.29.37", {0x30, 0x0c, 0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79,
                             0x02, 0x04, 0x04}}},
             /*ca=*/true);
    const uint8_t* pp = psc_der.data();
    bssl::UniquePtr<X509> psc(d2i_X509(nullptr, &pp, psc_der.size()));
    ASSERT_TRUE(psc);
    Bytes psc_precert =
        Cert(0x1004, "psc.example", psc.get(), leaf_key_, psc_key.get(), {{kPoisonOid, {0x05, 0x00}}});
    absl::StatusOr<Certificate> psc_view = Certificate::Parse(psc_der);
    absl::StatusOr<Certificate> psc_precert_view = Certificate::Parse(psc_precert);
    ASSERT_TRUE(psc_view.ok() && psc_precert_view.ok());
    absl::StatusOr<Bytes> psc_tbs = PrecertTbsFromPrecertificate(*psc_precert_view, &*psc_view);
    ASSERT_TRUE(psc_tbs.ok()) << psc_tbs.status();
    const std::vector<Bytes> psc_chain = {psc_der, *ca_der_};
    absl::StatusOr<AddedEntry> pe = log->AddPrecertificate(psc_precert, *psc_tbs, issuer_key_hash,
                                                           psc_chain, kNowMs - 3000);
    ASSERT_TRUE(pe.ok()) << pe.status();
    sct3_ = new Bytes(pe->sct);
    ASSERT_EQ(log->size(), 605u);
    absl::StatusOr<std::string> cp = log->Publish();
    ASSERT_TRUE(cp.ok()) << cp.status();
  }

  static void TearDownTestSuite() {
    EVP_PKEY_free(ca_key_);
    EVP_PKEY_free(leaf_key_);
    X509_free(ca_);
  }

  // FinalCert writes a final certificate for (serial, cn) carrying `sct`
  // (TLS-encoded), with the CA after it unless `chain` is false.
  static std::string FinalCert(const std::string& name, long serial, const std::string& cn,
                               const Bytes& sct, bool chain = true) {
    Bytes list = {static_cast<uint8_t>((sct.size() + 2) >> 8),
                  static_cast<uint8_t>(sct.size() + 2), static_cast<uint8_t>(sct.size() >> 8),
                  static_cast<uint8_t>(sct.size())};
    list.insert(list.end(), sct.begin(), sct.end());
    Bytes der = Cert(serial, cn, ca_, leaf_key_, ca_key_, {{kSctListOid, OctetString(list)}});
    std::string path = absl::StrCat(*dir_, "/", name, ".pem");
    WriteFile(path, CertPem(der) + (chain ? CertPem(*ca_der_) : ""));
    return path;
  }

  // ModifiedSct returns the test SCT with `edit` applied, re-encoded.
  template <typename F>
  static Bytes ModifiedSct(F edit) {
    absl::StatusOr<SignedCertificateTimestamp> s = ParseSct(*sct_);
    EXPECT_TRUE(s.ok());
    edit(&*s);
    absl::StatusOr<Bytes> out = SerializeSct(*s);
    EXPECT_TRUE(out.ok());
    return *out;
  }

  static std::string Log() { return absl::StrCat(*dir_, "/log"); }
  static std::string PemKey() { return absl::StrCat(*dir_, "/log.pem"); }

  static std::string* dir_;
  static std::string* note_key_;
  static EVP_PKEY* ca_key_;
  static EVP_PKEY* leaf_key_;
  static X509* ca_;
  static Bytes* ca_der_;
  static Bytes* sct_;
  static Bytes* sct2_;
  static Bytes* sct3_;
};

std::string* LogProveTest::dir_;
std::string* LogProveTest::note_key_;
EVP_PKEY* LogProveTest::ca_key_;
EVP_PKEY* LogProveTest::leaf_key_;
X509* LogProveTest::ca_;
Bytes* LogProveTest::ca_der_;
Bytes* LogProveTest::sct_;
Bytes* LogProveTest::sct2_;
Bytes* LogProveTest::sct3_;

// FailedStep returns the failed_step of the only SCT of a --json run.
std::string FailedStep(const CliRun& r) {
  nlohmann::json j = nlohmann::json::parse(r.out.substr(0, r.out.find('\n')));
  EXPECT_FALSE(j["proven"].get<bool>());
  EXPECT_EQ(j["scts"].size(), 1u);
  return j["scts"][0].value("failed_step", "");
}

// FailsAt runs `ct log prove ARGS --json`, expects exit 1 and returns the
// failed step.
std::string FailsAt(std::vector<std::string> args) {
  args.push_back("--json");
  CliRun r = Prove(args);
  EXPECT_EQ(r.code, 1) << r.out;
  return FailedStep(r);
}

TEST_F(LogProveTest, ProvesCertificateWithChainInPem) {
  std::string cert = FinalCert("good", 0x1001, "prove.example", *sct_);
  CliRun r = Prove({Log(), "--key", PemKey(), "--cert", cert, "--json"});
  ASSERT_EQ(r.code, 0) << r.out;
  nlohmann::json j = nlohmann::json::parse(r.out.substr(0, r.out.find('\n')));
  EXPECT_TRUE(j["proven"].get<bool>());
  EXPECT_TRUE(j["sct_signatures_checked"].get<bool>());
  ASSERT_EQ(j["scts"].size(), 1u);
  EXPECT_EQ(j["scts"][0]["leaf_index"].get<uint64_t>(), 256u);
  EXPECT_EQ(j["scts"][0]["data_tile"].get<std::string>(), "tile/data/001");
  EXPECT_EQ(j["scts"][0]["sct_signature"].get<std::string>(), "verified");
  EXPECT_EQ(j["checkpoint"]["tree_size"].get<uint64_t>(), 605u);
}

TEST_F(LogProveTest, ProvesEntryInPartialDataTileWithIssuerFlag) {
  std::string cert = FinalCert("partial", 0x1003, "partial.example", *sct2_, /*chain=*/false);
  std::string issuer = absl::StrCat(*dir_, "/ca.pem");
  WriteFile(issuer, CertPem(*ca_der_));
  CliRun r = Prove({Log(), "--key", PemKey(), "--cert", cert, "--issuer", issuer});
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("leaf_index 600: proven"), std::string::npos) << r.out;
  // Without the issuer: bad input.
  EXPECT_EQ(Prove({Log(), "--key", PemKey(), "--cert", cert}).code, 2);
}

TEST_F(LogProveTest, ProvesCertificateWhosePrecertificateAPscIssued) {
  // The final certificate is issued by the CA itself.
  std::string cert = FinalCert("psc", 0x1004, "psc.example", *sct3_);
  CliRun r = Prove({Log(), "--key", PemKey(), "--cert", cert});
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("leaf_index 604: proven"), std::string::npos) << r.out;
}

TEST_F(LogProveTest, Ed25519NoteKeyProvesWithoutCheckingTheSctSignature) {
  std::string cert = FinalCert("good", 0x1001, "prove.example", *sct_);
  CliRun r = Prove({Log(), "--key", *note_key_, "--cert", cert, "--json"});
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("SCT signatures were not checked"), std::string::npos) << r.out;
  nlohmann::json j = nlohmann::json::parse(r.out.substr(0, r.out.find('\n')));
  EXPECT_FALSE(j["sct_signatures_checked"].get<bool>());
}

TEST_F(LogProveTest, SctTimestampMismatchFails) {
  std::string cert = FinalCert(
      "ts", 0x1001, "prove.example",
      ModifiedSct([](SignedCertificateTimestamp* s) { s->timestamp += 1; }));
  EXPECT_EQ(FailsAt({Log(), "--key", PemKey(), "--cert", cert}), "timestamp");
}

TEST_F(LogProveTest, WrongLeafIndexFails) {
  // The decoy at 257 has the same timestamp: the SCT signature catches it.
  std::string cert = FinalCert("idx", 0x1001, "prove.example",
                               ModifiedSct([](SignedCertificateTimestamp* s) {
                                 s->extensions = *SerializeLeafIndexExtension(257);
                               }));
  EXPECT_EQ(FailsAt({Log(), "--key", PemKey(), "--cert", cert}), "sct_signature");
  // With only the note key the TBS comparison catches it.
  EXPECT_EQ(FailsAt({Log(), "--key", *note_key_, "--cert", cert}), "tbs");
  // Past the checkpoint.
  cert = FinalCert("idx_far", 0x1001, "prove.example",
                   ModifiedSct([](SignedCertificateTimestamp* s) {
                     s->extensions = *SerializeLeafIndexExtension(100000);
                   }));
  EXPECT_EQ(FailsAt({Log(), "--key", PemKey(), "--cert", cert}), "checkpoint");
}

TEST_F(LogProveTest, CertificateWithOtherTbsFails) {
  // The genuine SCT in a certificate for another name.
  std::string cert = FinalCert("othertbs", 0x1001, "evil.example", *sct_);
  EXPECT_EQ(FailsAt({Log(), "--key", PemKey(), "--cert", cert}), "tbs");
}

TEST_F(LogProveTest, WrongIssuerFails) {
  std::string cert = FinalCert("wrongissuer", 0x1001, "prove.example", *sct_, false);
  EXPECT_EQ(FailsAt({Log(), "--key", PemKey(), "--cert", cert, "--issuer", cert}),
            "issuer_key_hash");
}

TEST_F(LogProveTest, FlippedByteInDataTileFails) {
  std::string cert = FinalCert("good", 0x1001, "prove.example", *sct_);
  const std::string path = Log() + "/tile/data/001";
  const std::string orig = ReadFile(path);
  // Entry 256 is the tile's first record: timestamp(8) entry_type(2)
  // issuer_key_hash(32) uint24 length(3), then the TBS.
  std::string bad = orig;
  bad[8 + 2 + 32 + 3 + 40] ^= 0x01;
  WriteFile(path, bad);
  EXPECT_EQ(FailsAt({Log(), "--key", PemKey(), "--cert", cert}), "sct_signature");
  EXPECT_EQ(FailsAt({Log(), "--key", *note_key_, "--cert", cert}), "tbs");
  WriteFile(path, orig);
  EXPECT_EQ(Prove({Log(), "--key", PemKey(), "--cert", cert}).code, 0);
}

TEST_F(LogProveTest, FlippedByteInHashTileFailsInclusion) {
  std::string cert = FinalCert("good", 0x1001, "prove.example", *sct_);
  // Tile 0/001 holds the leaf hashes around entry 256.
  const std::string path = Log() + "/tile/0/001";
  const std::string orig = ReadFile(path);
  std::string bad = orig;
  bad[100] ^= 0x01;
  WriteFile(path, bad);
  CliRun r = Prove({Log(), "--key", PemKey(), "--cert", cert, "--json"});
  WriteFile(path, orig);
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_EQ(FailedStep(r), "inclusion");
}

TEST_F(LogProveTest, SctFromAnotherLogIsNotProven) {
  std::string cert = FinalCert("otherlog", 0x1001, "prove.example",
                               ModifiedSct([](SignedCertificateTimestamp* s) {
                                 s->log_id[0] ^= 0xff;
                               }));
  CliRun r = Prove({Log(), "--key", PemKey(), "--cert", cert});
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("no embedded SCT from this log"), std::string::npos) << r.out;
}

TEST_F(LogProveTest, CheckpointSignedByAnotherKeyFails) {
  std::string cert = FinalCert("good", 0x1001, "prove.example", *sct_);
  std::string other = absl::StrCat(*dir_, "/other.pem");
  bssl::UniquePtr<EVP_PKEY> k = NewP256Key();
  bssl::UniquePtr<BIO> bio(BIO_new(BIO_s_mem()));
  ASSERT_TRUE(PEM_write_bio_PUBKEY(bio.get(), k.get()));
  const uint8_t* data;
  size_t len;
  BIO_mem_contents(bio.get(), &data, &len);
  WriteFile(other, std::string(reinterpret_cast<const char*>(data), len));
  CliRun r = Prove({Log(), "--key", other, "--cert", cert, "--json"});
  EXPECT_EQ(r.code, 1) << r.out;
  nlohmann::json j = nlohmann::json::parse(r.out.substr(0, r.out.find('\n')));
  EXPECT_FALSE(j["proven"].get<bool>());
  EXPECT_EQ(j["failed_step"].get<std::string>(), "checkpoint");
}

TEST_F(LogProveTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Prove({Log(), "--key", PemKey()}).code, 2);
  EXPECT_EQ(Prove({Log(), "--key", PemKey(), "--cert", "/nonexistent.pem"}).code, 2);
  std::string ca = absl::StrCat(*dir_, "/ca_only.pem");
  WriteFile(ca, CertPem(*ca_der_) + CertPem(*ca_der_));
  CliRun r = Prove({Log(), "--key", PemKey(), "--cert", ca});
  EXPECT_EQ(r.code, 2) << r.out;  // no embedded SCT list
}

// Verify runs `ct log verify` on the test log with `extra` flags; returns
// the exit code and stdout + stderr.
CliRun Verify(const std::string& log, const std::string& key,
              const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"verify", log, "--key", key, "--quiet"};
  args.insert(args.end(), extra.begin(), extra.end());
  return RunLog(args);
}

TEST_F(LogProveTest, VerifyChecksPrecertificatesAgainstTheirTbsByDefault) {
  CliRun ok = Verify(Log(), PemKey(), {"--json"});
  ASSERT_EQ(ok.code, 0) << ok.out;
  nlohmann::json j = nlohmann::json::parse(ok.out.substr(0, ok.out.find('\n')));
  EXPECT_TRUE(j["check_precertificates"].get<bool>());
  EXPECT_EQ(j["precertificates_checked"].get<int>(), 4);  // 256, 257, 600, 604
  EXPECT_EQ(j["precertificates_via_psc"].get<int>(), 1);  // 604
  // Flip a byte inside entry 256's pre_certificate TBS: not covered by the
  // Merkle tree, so only the precertificate check (the default) notices.
  const std::string path = Log() + "/tile/data/001";
  const std::string orig = ReadFile(path);
  ByteSpan rest = AsBytes(orig);
  absl::StatusOr<TileLeaf> leaf = ParseTileLeaf(&rest);
  ASSERT_TRUE(leaf.ok());
  ASSERT_EQ(leaf->entry_type, TileLeaf::kPrecertEntry);
  std::string bad = orig;
  bad[leaf->pre_certificate.data() - AsBytes(orig).data() + 8 + leaf->certificate.size() / 2] ^= 0x01;
  WriteFile(path, bad);
  CliRun by_default = Verify(Log(), PemKey(), {});
  CliRun old_flag = Verify(Log(), PemKey(), {"--check-precerts"});  // accepted, a no-op
  CliRun opted_out = Verify(Log(), PemKey(), {"--no-check-precerts"});
  CliRun both = Verify(Log(), PemKey(), {"--check-precerts", "--no-check-precerts"});
  WriteFile(path, orig);
  EXPECT_EQ(by_default.code, 1) << by_default.out;
  EXPECT_NE(by_default.out.find("entry 256"), std::string::npos) << by_default.out;
  EXPECT_EQ(old_flag.code, 1) << old_flag.out;
  EXPECT_EQ(opted_out.code, 0) << opted_out.out;
  EXPECT_NE(opted_out.out.find("precertificates not checked"), std::string::npos)
      << opted_out.out;
  EXPECT_EQ(both.code, 2) << both.out;
}

TEST_F(LogProveTest, PscIssuedPrecertificateNeedsItsPscEvenWithNoIssuers) {
  // Entry 604's pre_certificate was issued by a PSC, its first chain
  // certificate: --no-issuers skips the issuer checks, but the PSC is still
  // fetched to check the precertificate.
  CliRun r = Verify(Log(), PemKey(), {"--no-issuers"});
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("4 precertificates"), std::string::npos) << r.out;
  const std::string tile = ReadFile(Log() + "/tile/data/002.p/93");
  absl::StatusOr<std::vector<TileLeaf>> leaves = ParseDataTile(AsBytes(tile), 93);
  ASSERT_TRUE(leaves.ok()) << leaves.status();
  const TileLeaf& psc_entry = leaves->back();
  ASSERT_EQ(psc_entry.entry_type, TileLeaf::kPrecertEntry);
  ASSERT_EQ(psc_entry.chain.size(), 2u);
  const std::string psc_path = Log() + "/" + IssuerPath(psc_entry.chain[0]);
  const std::string psc = ReadFile(psc_path);
  ASSERT_FALSE(psc.empty()) << psc_path;
  ASSERT_EQ(std::remove(psc_path.c_str()), 0);
  CliRun missing = Verify(Log(), PemKey(), {"--no-issuers"});
  CliRun opted_out = Verify(Log(), PemKey(), {"--no-issuers", "--no-check-precerts"});
  WriteFile(psc_path, psc);
  EXPECT_EQ(missing.code, 1) << missing.out;
  EXPECT_NE(missing.out.find("entry 604"), std::string::npos) << missing.out;
  EXPECT_NE(missing.out.find("possible PSC, needed to check it"), std::string::npos)
      << missing.out;
  EXPECT_EQ(opted_out.code, 0) << opted_out.out;
}

}  // namespace
}  // namespace ct
