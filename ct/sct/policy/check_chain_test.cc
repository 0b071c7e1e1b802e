#include "ct/sct/policy/check_chain.h"

#include <openssl/sha.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/time/time.h"
#include "ct/sct/loglist/log_list.h"
#include "ct/sct/loglist/parse_log_list.h"
#include "ct/sct/policy/ct_policy.h"
#include "ct/sct/verify.h"
#include "ct/testing/testdata.h"
#include "ct/x509/certificate_chain.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

using ::ct::testing::ReadTestdata;

constexpr char kList[] =
    "testdata/loglist/chrome-all_logs_list-v3-78.2-2025-12-13.json";

absl::Time T(absl::string_view rfc3339) {
  absl::Time t;
  std::string err;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339, &t, &err)) << err;
  return t;
}

class CheckChainTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<LogList> list = ParseLogList(ReadTestdata(kList));
    ASSERT_TRUE(list.ok()) << list.status();
    list_ = new LogList(*std::move(list));
    absl::StatusOr<CertificateChain> chain = CertificateChain::Load(
        ReadTestdata("testdata/sct/real-google-com-2025/chain.pem"));
    ASSERT_TRUE(chain.ok()) << chain.status();
    chain_ = new CertificateChain(*std::move(chain));
  }

  static ChainCheckOptions At(absl::string_view when) {
    ChainCheckOptions o;
    o.at = T(when);
    return o;
  }

  static const LogList* list_;
  static const CertificateChain* chain_;
};

const LogList* CheckChainTest::list_ = nullptr;
const CertificateChain* CheckChainTest::chain_ = nullptr;

// The answers the CLI test asserts for `ct cert check` on this chain.
TEST_F(CheckChainTest, RealGoogleChainMeetsBothPolicies) {
  absl::StatusOr<ChainCheck> check =
      CheckChain(chain_->certificates(), *list_, At("2025-07-01T00:00:00Z"));
  ASSERT_TRUE(check.ok()) << check.status();
  ASSERT_EQ(check->scts.size(), 2u);
  EXPECT_EQ(check->valid_scts, 2);
  std::vector<std::string> logs;
  for (const SctCheck& s : check->scts) {
    EXPECT_EQ(s.verification.status, SctStatus::kValid);
    EXPECT_EQ(s.verification.source, SctSource::kEmbedded);
    ASSERT_NE(s.log, nullptr);
    logs.push_back(s.log->description);
    EXPECT_FALSE(s.operator_name.empty());
  }
  std::sort(logs.begin(), logs.end());
  EXPECT_EQ(logs, (std::vector<std::string>{"DigiCert Yeti2025 Log",
                                            "Google 'Argon2025h2' log"}));
  ASSERT_EQ(check->policies.size(), 2u);
  EXPECT_EQ(check->policies[0].policy, "chrome");
  EXPECT_EQ(check->policies[1].policy, "apple");
  for (const PolicyResult& p : check->policies) {
    EXPECT_TRUE(p.compliant) << p.policy;
    EXPECT_EQ(p.compliance, CtCompliance::kCompliant) << p.policy;
  }
  EXPECT_TRUE(check->AllCompliant());
  EXPECT_TRUE(check->warnings.empty());
  EXPECT_TRUE(check->unusable_logs.empty());
}

TEST_F(CheckChainTest, ChromeOnlyAfterExpiryWarnsAndListIsStale) {
  ChainCheckOptions o = At("2099-01-01T00:00:00Z");
  o.policies = {kChromeCurrent};
  absl::StatusOr<ChainCheck> check = CheckChain(chain_->certificates(), *list_, o);
  ASSERT_TRUE(check.ok()) << check.status();
  ASSERT_EQ(check->policies.size(), 1u);
  EXPECT_EQ(check->policies[0].compliance, CtCompliance::kLogListStale);
  ASSERT_FALSE(check->warnings.empty());
  EXPECT_TRUE(absl::StartsWith(check->warnings[0], "the certificate expired at"))
      << check->warnings[0];
}

TEST_F(CheckChainTest, SharedVerifiersGiveTheSameAnswer) {
  const LogVerifierSet verifiers = LogVerifierSet::FromLogList(*list_);
  absl::StatusOr<ChainCheck> check = CheckChain(
      chain_->certificates(), *list_, verifiers, At("2025-07-01T00:00:00Z"));
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_EQ(check->valid_scts, 2);
  EXPECT_TRUE(check->AllCompliant());
}

TEST_F(CheckChainTest, HostileChannelsAreResultsNotErrors) {
  // Garbage in the TLS extension and in the OCSP staple: malformed results
  // and a reason, the embedded SCTs still count.
  const std::vector<uint8_t> garbage = {0x00, 0x05, 0x01, 0x02};
  ChainCheckOptions o = At("2025-07-01T00:00:00Z");
  o.tls_scts = garbage;
  o.ocsp_response = garbage;
  absl::StatusOr<ChainCheck> check = CheckChain(chain_->certificates(), *list_, o);
  ASSERT_TRUE(check.ok()) << check.status();
  ASSERT_EQ(check->scts.size(), 4u);
  EXPECT_EQ(check->valid_scts, 2);
  EXPECT_EQ(check->scts[2].verification.status, SctStatus::kMalformed);
  EXPECT_EQ(check->scts[2].log, nullptr);
  for (const PolicyResult& p : check->policies) {
    EXPECT_TRUE(p.compliant) << p.policy;
    EXPECT_EQ(p.reason_codes.back(), CtReason::kMalformedSctData) << p.policy;
  }
}

TEST_F(CheckChainTest, WrongIssuerMakesEmbeddedSctsInvalid) {
  // The leaf "issued" by itself: issuer_key_hash is wrong, nothing verifies.
  std::vector<Certificate> chain = {chain_->leaf(), chain_->leaf()};
  absl::StatusOr<ChainCheck> check =
      CheckChain(chain, *list_, At("2025-07-01T00:00:00Z"));
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_EQ(check->valid_scts, 0);
  EXPECT_FALSE(check->AllCompliant());
  for (const PolicyResult& p : check->policies) {
    EXPECT_EQ(p.compliance, CtCompliance::kNotEnoughScts) << p.policy;
  }
  EXPECT_TRUE(absl::StrContains(check->warnings.back(), "fewer than 2 valid SCTs"));
}

TEST_F(CheckChainTest, ReportsLogsWithUnusableKeys) {
  std::vector<LogInfo> logs = list_->logs();
  LogInfo junk;
  junk.description = "Junk key log";
  junk.operator_name = "Nobody";
  junk.key = {'j', 'u', 'n', 'k'};
  SHA256(junk.key.data(), junk.key.size(), junk.log_id.data());
  logs.push_back(junk);
  absl::StatusOr<LogList> list =
      LogList::Create(list_->version(), list_->timestamp(), std::move(logs));
  ASSERT_TRUE(list.ok()) << list.status();
  absl::StatusOr<ChainCheck> check =
      CheckChain(chain_->certificates(), *list, At("2025-07-01T00:00:00Z"));
  ASSERT_TRUE(check.ok()) << check.status();
  ASSERT_EQ(check->unusable_logs.size(), 1u);
  EXPECT_EQ(check->unusable_logs[0].description, "Junk key log");
  EXPECT_EQ(check->unusable_logs[0].log_id, junk.log_id);
  EXPECT_FALSE(check->unusable_logs[0].reason.ok());
  EXPECT_TRUE(check->AllCompliant());
}

TEST_F(CheckChainTest, RejectsShortChainsAndInfiniteTimes) {
  absl::Span<const Certificate> leaf_only = chain_->certificates().subspan(0, 1);
  EXPECT_EQ(CheckChain(leaf_only, *list_, At("2025-07-01T00:00:00Z")).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckChain({}, *list_, At("2025-07-01T00:00:00Z")).status().code(),
            absl::StatusCode::kInvalidArgument);
  ChainCheckOptions o;  // `at` left infinite
  EXPECT_EQ(CheckChain(chain_->certificates(), *list_, o).status().code(),
            absl::StatusCode::kInvalidArgument);
  o.at = absl::InfiniteFuture();
  o.policies.clear();
  EXPECT_EQ(CheckChain(chain_->certificates(), *list_, o).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ct
