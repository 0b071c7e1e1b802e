#include "ct/x509/certificate_chain.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "ct/base/bytes.h"
#include "ct/testing/testdata.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

using ::ct::testing::ReadTestdata;

constexpr char kGoogle[] = "testdata/sct/real-google-com-2025/";
constexpr char kGeomys[] = "testdata/sct/real-geomys-org-2025/";

// Der returns the DER of the first certificate of the PEM file `path`.
Bytes Der(const std::string& path) {
  absl::StatusOr<CertificateChain> c = CertificateChain::FromPem(ReadTestdata(path));
  EXPECT_TRUE(c.ok()) << c.status();
  if (!c.ok()) return {};
  ByteSpan der = c->leaf().der();
  return Bytes(der.begin(), der.end());
}

TEST(CertificateChainTest, ReadsPemChainInOrder) {
  absl::StatusOr<CertificateChain> chain =
      CertificateChain::Load(ReadTestdata(absl::StrCat(kGoogle, "chain.pem")));
  ASSERT_TRUE(chain.ok()) << chain.status();
  ASSERT_EQ(chain->size(), 3u);
  EXPECT_EQ(Bytes(chain->leaf().der().begin(), chain->leaf().der().end()),
            Der(absl::StrCat(kGoogle, "leaf.pem")));
  // Each certificate is issued by the next one.
  for (size_t i = 0; i + 1 < chain->size(); ++i) {
    EXPECT_EQ(chain->at(i).issuer(), chain->at(i + 1).subject()) << i;
  }
  EXPECT_EQ(chain->certificates().size(), 3u);
}

TEST(CertificateChainTest, AppendsIssuerOnlyToALoneLeaf) {
  const std::string leaf = ReadTestdata(absl::StrCat(kGeomys, "leaf.pem"));
  const std::string issuer =
      ReadTestdata(absl::StrCat(kGeomys, "issuer-lets-encrypt-e7.pem"));
  absl::StatusOr<CertificateChain> chain = CertificateChain::Load(leaf, issuer);
  ASSERT_TRUE(chain.ok()) << chain.status();
  ASSERT_EQ(chain->size(), 2u);
  EXPECT_EQ(chain->leaf().issuer(), chain->at(1).subject());

  // A full chain keeps its own issuer; the --issuer is only checked.
  absl::StatusOr<CertificateChain> full = CertificateChain::Load(
      ReadTestdata(absl::StrCat(kGoogle, "chain.pem")), issuer);
  ASSERT_TRUE(full.ok()) << full.status();
  EXPECT_EQ(full->size(), 3u);
  EXPECT_NE(full->at(1).subject(), chain->at(1).subject());
}

TEST(CertificateChainTest, ReadsDerAndSurvivesMoves) {
  const Bytes leaf = Der(absl::StrCat(kGoogle, "leaf.pem"));
  const Bytes issuer = Der(absl::StrCat(kGeomys, "issuer-lets-encrypt-e7.pem"));
  absl::StatusOr<CertificateChain> chain =
      CertificateChain::Load(AsChars(leaf), AsChars(issuer));
  ASSERT_TRUE(chain.ok()) << chain.status();
  CertificateChain moved = *std::move(chain);
  std::vector<CertificateChain> many;
  many.push_back(std::move(moved));
  many.push_back(*CertificateChain::FromDers({leaf}));  // forces a regrow
  ASSERT_EQ(many[0].size(), 2u);
  EXPECT_EQ(Bytes(many[0].leaf().der().begin(), many[0].leaf().der().end()), leaf);
  EXPECT_EQ(Bytes(many[0].at(1).der().begin(), many[0].at(1).der().end()), issuer);
  EXPECT_TRUE(many[0].leaf().SubjectText().ok());
}

TEST(CertificateChainTest, SkipsOtherPemBlocks) {
  const std::string pem = absl::StrCat(
      "garbage before\n",
      ReadTestdata(absl::StrCat(kGoogle, "log-key-google-argon2025h2-log.pem")),
      ReadTestdata(absl::StrCat(kGoogle, "leaf.pem")));
  absl::StatusOr<CertificateChain> chain = CertificateChain::FromPem(pem);
  ASSERT_TRUE(chain.ok()) << chain.status();
  EXPECT_EQ(chain->size(), 1u);
}

TEST(CertificateChainTest, FailsOnHostileInput) {
  // No certificate block at all.
  EXPECT_EQ(CertificateChain::FromPem("hello").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(CertificateChain::FromPem(ReadTestdata(
                absl::StrCat(kGoogle, "log-key-google-argon2025h2-log.pem")))
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  // Bad base64, unterminated block.
  EXPECT_EQ(CertificateChain::FromPem(
                "-----BEGIN CERTIFICATE-----\nAA!A\n-----END CERTIFICATE-----\n")
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CertificateChain::FromPem("-----BEGIN CERTIFICATE-----\nAAAA\n")
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  // A well-formed block that is not a certificate, second in the chain.
  const std::string leaf = ReadTestdata(absl::StrCat(kGoogle, "leaf.pem"));
  absl::Status s =
      CertificateChain::FromPem(absl::StrCat(
                                    leaf,
                                    "-----BEGIN CERTIFICATE-----\nMAA=\n"
                                    "-----END CERTIFICATE-----\n"))
          .status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(s.message(), "certificate #1: ")) << s;
  // DER that is not a certificate; empty input; empty list.
  EXPECT_EQ(CertificateChain::Load("\x30\x03\x02\x01\x01").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CertificateChain::Load("").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CertificateChain::FromDers({}).status().code(),
            absl::StatusCode::kInvalidArgument);
  // A bad issuer is an error even when the chain has one already.
  s = CertificateChain::Load(ReadTestdata(absl::StrCat(kGoogle, "chain.pem")),
                             "not a cert")
          .status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(s.message(), "issuer: ")) << s;
}

}  // namespace
}  // namespace ct
