#include "ct/tiles/prove_certificate.h"

#include <openssl/bytestring.h>
#include <openssl/ec_key.h>
#include <openssl/nid.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "ct/base/bytes.h"
#include "ct/merkle/hash.h"
#include "ct/merkle/verify.h"
#include "ct/sct/log_verifier.h"
#include "ct/sct/sct.h"
#include "ct/testing/certificates.h"
#include "ct/testing/testdata.h"
#include "ct/tiles/checkpoint.h"
#include "ct/tiles/fetcher.h"
#include "ct/tiles/note.h"
#include "ct/tiles/tile.h"
#include "ct/tiles/writer/log_writer.h"
#include "ct/tiles/writer/sink.h"
#include "ct/x509/certificate.h"
#include "ct/x509/precert.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

constexpr uint64_t kNowMs = 1'780'000'000'000;

// P256KeyDer returns a fresh SEC1 DER ECDSA P-256 private key.
std::string P256KeyDer() {
  bssl::UniquePtr<EC_KEY> ec(EC_KEY_new_by_curve_name(NID_X9_62_prime256v1));
  EXPECT_TRUE(ec && EC_KEY_generate_key(ec.get()));
  bssl::ScopedCBB cbb;
  EXPECT_TRUE(CBB_init(cbb.get(), 128) && EC_KEY_marshal_private_key(cbb.get(), ec.get(), 0));
  return std::string(AsChars(ByteSpan(CBB_data(cbb.get()), CBB_len(cbb.get()))));
}

// A log of 600 entries in memory: x509 fillers, precert entries at 256 (full
// data tile 1) and 590 (partial data tile 2), their SCTs and claims.
class ProveCertificateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LogWriterOptions o;
    o.origin = "example.com/prove-lib";
    o.log_private_key = P256KeyDer();
    o.ed25519_note_keys.push_back({"example.com/prove-lib", {}});
    for (int i = 0; i < 32; ++i) o.ed25519_note_keys[0].seed[i] = static_cast<uint8_t>(i + 3);
    o.sink = &sink_;
    o.clock_ms = [] { return kNowMs; };
    absl::StatusOr<LogWriter> log = LogWriter::Create(o);
    ASSERT_TRUE(log.ok()) << log.status();
    const Bytes filler = ToBytes("filler certificate");
    auto add_filler = [&](uint64_t until) {
      while (log->size() < until) {
        ASSERT_TRUE(log->AddCertificate(filler, {}, kNowMs - 100000).ok());
      }
    };
    auto add_precert = [&](const std::string& name, uint64_t ts) {
      EmbeddedScts c;
      c.tbs = ToBytes(absl::StrCat("tbs of ", name));
      c.issuer_key_hash = HashLeaf(AsBytes(name));
      absl::StatusOr<AddedEntry> e = log->AddPrecertificate(
          ToBytes(absl::StrCat("precert of ", name)), c.tbs, c.issuer_key_hash, {}, ts);
      ASSERT_TRUE(e.ok()) << e.status();
      absl::StatusOr<SignedCertificateTimestamp> sct = ParseSct(e->sct);
      ASSERT_TRUE(sct.ok()) << sct.status();
      c.scts.push_back(*sct);
      claims_.push_back(c);
    };
    add_filler(256);
    add_precert("first", kNowMs - 5000);
    add_filler(590);
    add_precert("second", kNowMs - 4000);
    add_filler(600);
    absl::StatusOr<std::string> note = log->Publish();
    ASSERT_TRUE(note.ok()) << note.status();
    absl::StatusOr<NoteVerifier> v = NoteVerifier::FromVerifierKey(log->NoteVerifierKeys()[0]);
    ASSERT_TRUE(v.ok()) << v.status();
    absl::StatusOr<VerifiedCheckpoint> cp = OpenCheckpoint(*note, {*v});
    ASSERT_TRUE(cp.ok()) << cp.status();
    checkpoint_ = *cp;
    absl::StatusOr<LogVerifier> key = LogVerifier::Create(log->LogPublicKeyDer());
    ASSERT_TRUE(key.ok()) << key.status();
    key_ = *std::move(key);
  }

  // Prove runs ProveCertificate with the log's key (or none) and returns the report.
  ProofReport Prove(const EmbeddedScts& claim, bool with_key = true) {
    absl::StatusOr<ProofReport> r =
        ProveCertificate(fetcher_, checkpoint_, with_key ? &*key_ : nullptr, claim);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : ProofReport();
  }

  // FailedStep returns the failed step of the only SCT of `claim`.
  ProveStep FailedStep(const EmbeddedScts& claim, bool with_key = true) {
    ProofReport r = Prove(claim, with_key);
    EXPECT_FALSE(r.proven);
    EXPECT_EQ(r.scts.size(), 1u);
    return r.scts.empty() ? ProveStep::kNone : r.scts[0].failed_step;
  }

  MemoryFetcher fetcher_;
  MemorySink sink_{&fetcher_};
  std::vector<EmbeddedScts> claims_;
  VerifiedCheckpoint checkpoint_;
  std::optional<LogVerifier> key_;
};

TEST_F(ProveCertificateTest, ProvesEntriesInFullAndPartialTiles) {
  for (size_t i = 0; i < claims_.size(); ++i) {
    ProofReport r = Prove(claims_[i]);
    EXPECT_TRUE(r.proven) << i;
    EXPECT_TRUE(r.sct_signatures_checked);
    EXPECT_EQ(r.considered, 1u);
    EXPECT_EQ(r.summary, "");
    ASSERT_EQ(r.scts.size(), 1u);
    const SctProof& p = r.scts[0];
    EXPECT_TRUE(p.proven()) << p.error;
    EXPECT_EQ(ProveStepName(p.failed_step), "");
    EXPECT_EQ(p.leaf_index, i == 0 ? 256u : 590u);
    EXPECT_EQ(p.data_tile, std::string(i == 0 ? "tile/data/001" : "tile/data/002.p/88"));
    EXPECT_EQ(p.signature, SctProof::SignatureCheck::kVerified);
    ASSERT_TRUE(p.leaf_hash.has_value());
    ASSERT_TRUE(p.inclusion_proof.has_value());
    EXPECT_TRUE(VerifyInclusion(*p.leaf_hash, *p.leaf_index, 600, *p.inclusion_proof,
                                checkpoint_.checkpoint.root)
                    .ok());
  }
}

TEST_F(ProveCertificateTest, WithoutTheKeyChecksAllButTheSignature) {
  ProofReport r = Prove(claims_[0], /*with_key=*/false);
  EXPECT_TRUE(r.proven);
  EXPECT_FALSE(r.sct_signatures_checked);
  ASSERT_EQ(r.scts.size(), 1u);
  EXPECT_EQ(r.scts[0].signature, SctProof::SignatureCheck::kNoKey);
}

TEST_F(ProveCertificateTest, FailsAtTheFirstCheckThatDiffers) {
  EmbeddedScts c = claims_[0];
  c.scts[0].timestamp += 1;
  EXPECT_EQ(FailedStep(c), ProveStep::kTimestamp);
  c = claims_[0];
  c.scts[0].signature.signature.back() ^= 1;
  EXPECT_EQ(FailedStep(c), ProveStep::kSctSignature);
  EXPECT_TRUE(Prove(c, /*with_key=*/false).proven);  // no key, no signature check
  c = claims_[0];
  c.tbs.push_back(0);
  EXPECT_EQ(FailedStep(c), ProveStep::kTbs);
  c = claims_[0];
  c.issuer_key_hash[0] ^= 1;
  EXPECT_EQ(FailedStep(c), ProveStep::kIssuerKeyHash);
  // The SCT of entry 590 naming entry 256: another entry's timestamp.
  c = claims_[1];
  c.scts[0].extensions = claims_[0].scts[0].extensions;
  EXPECT_EQ(FailedStep(c), ProveStep::kTimestamp);
  EXPECT_EQ(ProveStepName(ProveStep::kIssuerKeyHash), "issuer_key_hash");
}

TEST_F(ProveCertificateTest, ReportsBadLeafIndexes) {
  EmbeddedScts c = claims_[0];
  c.scts[0].extensions = *SerializeLeafIndexExtension(600);  // = the tree size
  EXPECT_EQ(FailedStep(c), ProveStep::kCheckpoint);
  c.scts[0].extensions = *SerializeLeafIndexExtension(5);  // an x509_entry
  EXPECT_EQ(FailedStep(c), ProveStep::kEntry);
  c.scts[0].extensions = {0x00, 0x00, 0x01, 0x07};  // leaf_index of 1 byte
  ProofReport r = Prove(c);
  ASSERT_EQ(r.scts.size(), 1u);
  EXPECT_EQ(r.scts[0].failed_step, ProveStep::kLeafIndex);
  EXPECT_FALSE(r.scts[0].leaf_index.has_value());
  c.scts[0].extensions.clear();
  EXPECT_EQ(FailedStep(c), ProveStep::kLeafIndex);
  // Without the key an SCT without leaf_index is not taken for this log's.
  r = Prove(c, /*with_key=*/false);
  EXPECT_FALSE(r.proven);
  EXPECT_EQ(r.considered, 0u);
  EXPECT_EQ(r.summary, "the certificate has no embedded SCT with a leaf_index extension");
}

TEST_F(ProveCertificateTest, SkipsOtherLogsScts) {
  EmbeddedScts c = claims_[0];
  c.scts[0].log_id[0] ^= 1;
  ProofReport r = Prove(c);
  EXPECT_FALSE(r.proven);
  EXPECT_EQ(r.considered, 0u);
  EXPECT_EQ(r.summary, absl::StrCat("the certificate has no embedded SCT from this log (log ID ",
                                    HashToBase64(key_->log_id()), ")"));
  // One SCT from the log among others is enough.
  c.scts.push_back(claims_[0].scts[0]);
  r = Prove(c);
  EXPECT_TRUE(r.proven);
  ASSERT_EQ(r.scts.size(), 1u);
  EXPECT_EQ(r.scts[0].sct, 1u);
}

TEST_F(ProveCertificateTest, ReportsTamperedTiles) {
  // A data tile that does not parse fails the entry step.
  fetcher_.Put("tile/data/001", "garbage");
  EXPECT_EQ(FailedStep(claims_[0]), ProveStep::kEntry);
  // A level-0 tile that does not match the checkpoint fails inclusion.
  absl::StatusOr<std::string> level0 = fetcher_.Fetch("tile/0/002.p/88");
  ASSERT_TRUE(level0.ok());
  std::string bad = *level0;
  bad[0] ^= 1;
  fetcher_.Put("tile/0/002.p/88", bad);
  EXPECT_EQ(FailedStep(claims_[1]), ProveStep::kInclusion);
  // A missing tile is an error, not a verification failure.
  fetcher_.Remove("tile/data/002");
  fetcher_.Remove("tile/data/002.p/88");
  EXPECT_EQ(ProveCertificate(fetcher_, checkpoint_, &*key_, claims_[1]).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(ReadEmbeddedSctsTest, ReadsARealCertificate) {
  const std::string dir = "testdata/sct/real-geomys-org-2025/";
  // The DER must outlive the views.
  const testing::PemCertificate leaf_pem = testing::LoadPemCertificate(dir + "leaf.pem");
  const testing::PemCertificate issuer_pem =
      testing::LoadPemCertificate(dir + "issuer-lets-encrypt-e7.pem");
  const Certificate leaf = leaf_pem.cert();
  const Certificate issuer = issuer_pem.cert();
  absl::StatusOr<EmbeddedScts> c = ReadEmbeddedScts(leaf, issuer);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->scts.size(), 2u);
  EXPECT_EQ(c->issuer_key_hash, issuer.SpkiHash());
  absl::StatusOr<Bytes> tbs = PrecertTbsFromCertificate(leaf);
  ASSERT_TRUE(tbs.ok());
  EXPECT_EQ(c->tbs, *tbs);
  // The issuer has no embedded SCT list.
  absl::StatusOr<EmbeddedScts> none = ReadEmbeddedScts(issuer, issuer);
  EXPECT_EQ(none.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StartsWith(none.status().message(), "no embedded SCT list: "))
      << none.status();
}

}  // namespace
}  // namespace ct
