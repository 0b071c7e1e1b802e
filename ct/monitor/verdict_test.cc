#include "ct/monitor/verdict.h"

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "ct/monitor/watch_list.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

TEST(VerdictTest, StableNames) {
  EXPECT_EQ(VerdictName(Verdict::kExpected), "expected");
  EXPECT_EQ(VerdictName(Verdict::kUnexpected), "unexpected");
  EXPECT_EQ(VerdictName(Verdict::kAuthorized), "authorized");
  EXPECT_EQ(ReasonName(Reason::kIssuerNotExpected), "issuer_not_expected");
  EXPECT_EQ(ReasonName(Reason::kWildcardNotAllowed), "wildcard_not_allowed");
  EXPECT_EQ(ReasonName(Reason::kLifetimeExceedsMax), "lifetime_exceeds_max");
}

const absl::Time kStart = absl::FromUnixSeconds(1700000000);

TEST(VerdictTest, ValidityDaysCountsBothEnds) {
  EXPECT_EQ(ValidityDays(kStart, kStart), 1);
  EXPECT_EQ(ValidityDays(kStart, kStart + absl::Hours(24) - absl::Seconds(1)), 1);
  EXPECT_EQ(ValidityDays(kStart, kStart + absl::Hours(24)), 2);
  // Let's Encrypt: notAfter = notBefore + 90 days - 1 second.
  EXPECT_EQ(ValidityDays(kStart, kStart + absl::Hours(90 * 24) - absl::Seconds(1)),
            90);
  EXPECT_EQ(ValidityDays(kStart, kStart + absl::Hours(90 * 24)), 91);
  EXPECT_EQ(ValidityDays(kStart, kStart - absl::Seconds(1)), 0);
  EXPECT_GT(ValidityDays(absl::InfinitePast(), absl::InfiniteFuture()), 1000000);
}

struct VerdictCase {
  const char* desc;
  std::vector<std::string> dns;
  std::vector<std::string> orgs;
  absl::Duration lifetime;  // notAfter - notBefore
  bool authorized;
  Verdict want;
  std::vector<Reason> reasons;
  std::vector<ExpectationFailure> failures;
};

constexpr char kWatch[] =
    "issuer.example.io issuer=\"Let's Encrypt\"|\"DigiCert Inc\"\n"
    "www.example.com wildcard=no\n"
    ".example.org max-days=90\n"
    ".example.net\n"
    ".example.com wildcard=yes\n"
    "both.test issuer=Sectigo max-days=30 wildcard=no\n"
    ".both.test issuer=\"Let's Encrypt\"\n";

const absl::Duration k90 = absl::Hours(90 * 24) - absl::Seconds(1);
const absl::Duration k91 = absl::Hours(91 * 24) - absl::Seconds(1);
const absl::Duration k398 = absl::Hours(398 * 24) - absl::Seconds(1);

class AssessTest : public ::testing::TestWithParam<VerdictCase> {};

TEST_P(AssessTest, GivesTheVerdict) {
  const VerdictCase& c = GetParam();
  absl::StatusOr<WatchList> list = ParseWatchList(kWatch);
  ASSERT_TRUE(list.ok()) << list.status();
  CertIdentifiers ids;
  for (const std::string& d : c.dns) ids.dns_names.push_back(d);
  std::vector<WatchMatch> matches = list->Match(ids);
  CertFacts facts;
  for (const std::string& o : c.orgs) facts.issuer_orgs.push_back(o);
  facts.not_before = kStart;
  facts.not_after = kStart + c.lifetime;
  Assessment a = Assess(*list, matches, facts, c.authorized);
  EXPECT_EQ(VerdictName(a.verdict), VerdictName(c.want)) << c.desc;
  EXPECT_EQ(a.reasons, c.reasons) << c.desc;
  EXPECT_EQ(a.failures, c.failures) << c.desc;
}

INSTANTIATE_TEST_SUITE_P(
    Table, AssessTest,
    ::testing::Values(
        VerdictCase{"no match", {"other.test"}, {"Evil CA"}, k398, false,
                    Verdict::kExpected, {}, {}},
        VerdictCase{"item without expectations", {"a.example.net"}, {"Evil CA"},
                    k398, false, Verdict::kExpected, {}, {}},
        VerdictCase{"issuer expected", {"issuer.example.io"}, {"Let's Encrypt"}, k90,
                    false, Verdict::kExpected, {}, {}},
        VerdictCase{"issuer compared case-insensitively", {"issuer.example.io"},
                    {"DIGICERT INC"}, k90, false, Verdict::kExpected, {}, {}},
        VerdictCase{"one of several issuer O values", {"issuer.example.io"},
                    {"Unit", "DigiCert Inc"}, k90, false, Verdict::kExpected, {}, {}},
        VerdictCase{"issuer not expected", {"issuer.example.io"}, {"Evil CA"}, k90,
                    false, Verdict::kUnexpected, {Reason::kIssuerNotExpected},
                    {{0, Reason::kIssuerNotExpected}}},
        VerdictCase{"issuer has no O", {"issuer.example.io"}, {}, k90, false,
                    Verdict::kUnexpected, {Reason::kIssuerNotExpected},
                    {{0, Reason::kIssuerNotExpected}}},
        VerdictCase{"issuer O is not a prefix match", {"issuer.example.io"},
                    {"DigiCert"}, k90, false, Verdict::kUnexpected,
                    {Reason::kIssuerNotExpected}, {{0, Reason::kIssuerNotExpected}}},
        VerdictCase{"plain name where wildcards are not allowed",
                    {"www.example.com"}, {}, k90, false, Verdict::kExpected, {}, {}},
        VerdictCase{"wildcard covering a no-wildcard name", {"*.example.com"}, {},
                    k90, false, Verdict::kUnexpected, {Reason::kWildcardNotAllowed},
                    {{1, Reason::kWildcardNotAllowed}}},
        VerdictCase{"a wildcard for another domain does not count",
                    {"www.example.com", "*.other.test"}, {}, k90, false,
                    Verdict::kExpected, {}, {}},
        VerdictCase{"lifetime at the maximum", {"example.org"}, {}, k90, false,
                    Verdict::kExpected, {}, {}},
        VerdictCase{"lifetime one day over", {"www.example.org"}, {}, k91, false,
                    Verdict::kUnexpected, {Reason::kLifetimeExceedsMax},
                    {{2, Reason::kLifetimeExceedsMax}}},
        VerdictCase{"one item of a line fails every expectation", {"*.both.test"},
                    {"Evil CA"}, k398, false, Verdict::kUnexpected,
                    {Reason::kIssuerNotExpected},
                    {{6, Reason::kIssuerNotExpected}}},
        VerdictCase{"a line with three expectations", {"both.test"}, {"Evil CA"},
                    k398, false, Verdict::kUnexpected,
                    {Reason::kIssuerNotExpected, Reason::kLifetimeExceedsMax},
                    {{5, Reason::kIssuerNotExpected},
                     {5, Reason::kLifetimeExceedsMax},
                     {6, Reason::kIssuerNotExpected}}},
        VerdictCase{"all three reasons", {"both.test", "*.example.com"},
                    {"Evil CA"}, k398, false, Verdict::kUnexpected,
                    {Reason::kIssuerNotExpected, Reason::kWildcardNotAllowed,
                     Reason::kLifetimeExceedsMax},
                    {{1, Reason::kWildcardNotAllowed},
                     {5, Reason::kIssuerNotExpected},
                     {5, Reason::kLifetimeExceedsMax},
                     {6, Reason::kIssuerNotExpected}}},
        VerdictCase{"*.P does not match P itself", {"*.both.test"},
                    {"Sectigo"}, k90, false, Verdict::kUnexpected,
                    {Reason::kIssuerNotExpected},
                    {{6, Reason::kIssuerNotExpected}}},
        VerdictCase{"any failing item makes it unexpected",
                    {"www.example.org", "a.example.net"}, {}, k398, false,
                    Verdict::kUnexpected, {Reason::kLifetimeExceedsMax},
                    {{2, Reason::kLifetimeExceedsMax}}},
        VerdictCase{"reasons from several items", {"issuer.example.io", "example.org"},
                    {"Evil CA"}, k398, false, Verdict::kUnexpected,
                    {Reason::kIssuerNotExpected, Reason::kLifetimeExceedsMax},
                    {{0, Reason::kIssuerNotExpected},
                     {2, Reason::kLifetimeExceedsMax}}},
        VerdictCase{"authorized wins and keeps the reasons", {"issuer.example.io"},
                    {"Evil CA"}, k90, true, Verdict::kAuthorized,
                    {Reason::kIssuerNotExpected},
                    {{0, Reason::kIssuerNotExpected}}},
        VerdictCase{"authorized without failures", {"a.example.net"}, {}, k90, true,
                    Verdict::kAuthorized, {}, {}}));

TEST(AssessTest, IgnoresMatchesOfAnotherList) {
  absl::StatusOr<WatchList> list = ParseWatchList("a.test issuer=X\n");
  ASSERT_TRUE(list.ok());
  WatchMatch stray;
  stray.item = 7;
  CertFacts facts{{}, kStart, kStart};
  Assessment a = Assess(*list, {stray}, facts, false);
  EXPECT_EQ(a.verdict, Verdict::kExpected);
  EXPECT_TRUE(a.failures.empty());
}

}  // namespace
}  // namespace ct
