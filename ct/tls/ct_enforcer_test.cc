// CtEnforcer and LogListSource on the throw-away test PKI
// (tools/testing/make_test_pki), whose SCTs were signed by code independent
// of ct/sct. Every expected verdict follows from the PKI's construction: the
// leaf embeds SCTs from logs 1 and 2 (operators A and B); the plain leaf's
// TLS list carries logs 2 and 3, its OCSP staple logs 1 and 3.
#include "ct/tls/ct_enforcer.h"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "ct/base/bytes.h"
#include "ct/tls/testing/test_lists.h"
#include "ct/tls/testing/tls_test_server.h"
#include "ct/x509/certificate_chain.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

using ::ct::testing::ReadFileOrDie;

class CtEnforcerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::string> dir = ct::testing::MakeTestPki("enforcer_pki");
    ASSERT_TRUE(dir.ok()) << dir.status();
    dir_ = new std::string(*dir);
  }
  static std::string File(const std::string& name) { return ReadFileOrDie(*dir_ + "/" + name); }

  // Chain returns the DER certificates of PEM file `name`.
  static std::vector<std::string> Chain(const std::string& name) {
    absl::StatusOr<CertificateChain> chain = CertificateChain::FromPem(File(name));
    EXPECT_TRUE(chain.ok()) << chain.status();
    std::vector<std::string> out;
    for (const Certificate& c : chain->certificates()) out.push_back(ToString(c.der()));
    return out;
  }

  static std::shared_ptr<const CtEnforcer> Enforcer(CtEnforcerOptions options,
                                                    const std::string& list_json) {
    absl::StatusOr<std::shared_ptr<LogListSource>> source = LogListSource::FromJson(list_json);
    EXPECT_TRUE(source.ok()) << source.status();
    options.log_list = *source;
    absl::StatusOr<std::shared_ptr<const CtEnforcer>> e = CtEnforcer::Create(std::move(options));
    EXPECT_TRUE(e.ok()) << e.status();
    return *e;
  }

  static CtEnforcement Run(const CtEnforcer& e, const std::vector<std::string>& chain,
                           const std::string& tls = "", const std::string& ocsp = "") {
    std::vector<ByteSpan> spans;
    for (const std::string& der : chain) spans.push_back(AsBytes(der));
    return e.Check(spans, AsBytes(tls), AsBytes(ocsp), absl::Now());
  }

  static std::string* dir_;
};

std::string* CtEnforcerTest::dir_ = nullptr;

std::vector<CtRequirement> AllRequirements() {
  return {CtRequirement::kChrome, CtRequirement::kApple, CtRequirement::kDistinctOperators};
}

TEST_F(CtEnforcerTest, EachChannelAloneMeetsEveryRequirement) {
  for (CtRequirement req : AllRequirements()) {
    CtEnforcerOptions options;
    options.requirement = req;
    auto e = Enforcer(options, File("log-list.json"));
    const std::string list = File("log-list.json");
    struct Case {
      const char* name;
      CtEnforcement result;
      SctSource source;
    } cases[] = {
        {"embedded", Run(*e, Chain("chain.pem")), SctSource::kEmbedded},
        {"tls", Run(*e, Chain("plain-chain.pem"), File("plain-tls-scts.bin")),
         SctSource::kTlsExtension},
        {"ocsp", Run(*e, Chain("plain-chain.pem"), "", File("plain-ocsp.der")), SctSource::kOcsp},
    };
    for (const Case& c : cases) {
      SCOPED_TRACE(std::string(c.name) + " / " + (c.result.policy ? c.result.policy->policy : ""));
      EXPECT_EQ(c.result.verdict, CtVerdict::kCompliant) << c.result.message;
      EXPECT_TRUE(c.result.allowed);
      ASSERT_TRUE(c.result.policy.has_value());
      EXPECT_EQ(c.result.policy->compliance, CtCompliance::kCompliant);
      ASSERT_EQ(c.result.scts.size(), 2u);
      for (const SctCheck& s : c.result.scts) {
        EXPECT_EQ(s.verification.source, c.source);
        EXPECT_EQ(s.verification.status, SctStatus::kValid);
        ASSERT_NE(s.log, nullptr);
      }
    }
  }
}

TEST_F(CtEnforcerTest, NoSctsFailsWhenEnforcingAndIsReportedOtherwise) {
  for (bool enforce : {true, false}) {
    CtEnforcerOptions options;
    options.enforce = enforce;
    auto e = Enforcer(options, File("log-list.json"));
    CtEnforcement r = Run(*e, Chain("plain-chain.pem"));
    EXPECT_EQ(r.verdict, CtVerdict::kNotCompliant);
    EXPECT_EQ(r.allowed, !enforce);
    EXPECT_TRUE(r.scts.empty());
    ASSERT_TRUE(r.policy.has_value());
    EXPECT_EQ(r.policy->compliance, CtCompliance::kNotEnoughScts);
    EXPECT_FALSE(r.policy->reason_codes.empty());
    EXPECT_NE(r.message.find("CT not compliant (chrome)"), std::string::npos) << r.message;
  }
}

TEST_F(CtEnforcerTest, SctFromAnUnknownLogDoesNotCount) {
  auto e = Enforcer({}, ct::testing::WithoutLog(File("log-list.json"), "ctcore test log 2"));
  CtEnforcement r = Run(*e, Chain("chain.pem"));
  EXPECT_EQ(r.verdict, CtVerdict::kNotCompliant);
  EXPECT_FALSE(r.allowed);
  ASSERT_EQ(r.scts.size(), 2u);
  EXPECT_EQ(r.scts[0].verification.status, SctStatus::kValid);
  EXPECT_EQ(r.scts[1].verification.status, SctStatus::kUnknownLog);
}

TEST_F(CtEnforcerTest, RetiredLogCountsOnlyForSctsIssuedBeforeRetirement) {
  // The PKI's SCTs are one hour old.
  for (CtRequirement req : AllRequirements()) {
    CtEnforcerOptions options;
    options.requirement = req;
    auto before = Enforcer(options, ct::testing::WithLogState(File("log-list.json"),
                                                              "ctcore test log 2", "retired",
                                                              absl::Now() - absl::Hours(2)));
    CtEnforcement r = Run(*before, Chain("chain.pem"));
    EXPECT_EQ(r.verdict, CtVerdict::kNotCompliant) << r.message;
    auto after = Enforcer(options, ct::testing::WithLogState(File("log-list.json"),
                                                             "ctcore test log 2", "retired",
                                                             absl::Now() - absl::Minutes(30)));
    r = Run(*after, Chain("chain.pem"));
    EXPECT_EQ(r.verdict, CtVerdict::kCompliant) << r.message;
  }
}

TEST_F(CtEnforcerTest, StaleListIsNotEnforcedByDefaultAndFailsClosedOnRequest) {
  const std::string stale =
      ct::testing::WithListTimestamp(File("log-list.json"), absl::Now() - absl::Hours(80 * 24));
  for (bool fail_closed : {false, true}) {
    CtEnforcerOptions options;
    options.fail_closed_on_stale_list = fail_closed;
    auto e = Enforcer(options, stale);
    // Even a chain with no SCT at all: the list decides nothing.
    CtEnforcement r = Run(*e, Chain("plain-chain.pem"));
    EXPECT_EQ(r.verdict, CtVerdict::kLogListStale);
    EXPECT_EQ(r.allowed, !fail_closed);
    EXPECT_NE(r.message.find("not enforced"), std::string::npos) << r.message;
  }
  // The age limit is an option: 80 days is fine under a 100-day limit.
  CtEnforcerOptions options;
  options.max_log_list_age = absl::Hours(100 * 24);
  EXPECT_EQ(Run(*Enforcer(options, stale), Chain("chain.pem")).verdict, CtVerdict::kCompliant);
  // A list without log_list_timestamp is stale too.
  std::string undated = File("log-list.json");
  const size_t at = undated.find("\"log_list_timestamp\"");
  ASSERT_NE(at, std::string::npos);
  undated.erase(at, undated.find('\n', at) + 1 - at);
  EXPECT_EQ(Run(*Enforcer({}, undated), Chain("chain.pem")).verdict, CtVerdict::kLogListStale);
}

TEST_F(CtEnforcerTest, PrivateRootIsExempt) {
  absl::StatusOr<CertificateChain> ca = CertificateChain::FromPem(File("ca.pem"));
  ASSERT_TRUE(ca.ok());
  CtEnforcerOptions options;
  options.ct_required = ExemptPrivateRoots({ca->leaf().SpkiHash()});
  auto e = Enforcer(options, File("log-list.json"));
  CtEnforcement r = Run(*e, Chain("plain-chain.pem"));
  EXPECT_EQ(r.verdict, CtVerdict::kNotRequired);
  EXPECT_TRUE(r.allowed);
  // Another root's hash exempts nothing.
  options.ct_required = ExemptPrivateRoots({Hash{}});
  r = Run(*Enforcer(options, File("log-list.json")), Chain("plain-chain.pem"));
  EXPECT_EQ(r.verdict, CtVerdict::kNotCompliant);
}

TEST_F(CtEnforcerTest, DistinctOperatorsCountsOperatorsAcrossChannels) {
  CtEnforcerOptions options;
  options.requirement = CtRequirement::kDistinctOperators;
  options.min_operators = 3;
  auto e = Enforcer(options, File("log-list.json"));
  CtEnforcement r = Run(*e, Chain("chain.pem"));  // operators A and B
  EXPECT_EQ(r.verdict, CtVerdict::kNotCompliant);
  EXPECT_EQ(r.policy->compliance, CtCompliance::kNotEnoughScts);
  r = Run(*e, Chain("chain.pem"), File("tls-scts.bin"));  // + operator C
  EXPECT_EQ(r.verdict, CtVerdict::kCompliant) << r.message;
  // The same operator twice is one operator: OCSP (log 1) adds nothing.
  r = Run(*e, Chain("chain.pem"), "", File("ocsp.der"));
  EXPECT_EQ(r.verdict, CtVerdict::kNotCompliant);
}

TEST_F(CtEnforcerTest, UnusableChainsAreNotCompliant) {
  auto e = Enforcer({}, File("log-list.json"));
  EXPECT_EQ(Run(*e, {"not a certificate"}).verdict, CtVerdict::kNotCompliant);
  CtEnforcement r = Run(*e, {Chain("chain.pem")[0]});
  EXPECT_EQ(r.verdict, CtVerdict::kNotCompliant);
  EXPECT_NE(r.message.find("no issuer"), std::string::npos);
}

TEST_F(CtEnforcerTest, CreateRejectsBadOptions) {
  EXPECT_EQ(CtEnforcer::Create({}).status().code(), absl::StatusCode::kInvalidArgument);
  CtEnforcerOptions options;
  options.log_list = *LogListSource::FromJson(File("log-list.json"));
  options.min_operators = 0;
  EXPECT_EQ(CtEnforcer::Create(options).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(CtEnforcerTest, LogListSourceChecksSignaturesAndSwapsAtomically) {
  ct::testing::ListSigner signer;
  const std::string json = File("log-list.json");
  const std::string json_path = *dir_ + "/signed-list.json";
  const std::string sig_path = *dir_ + "/signed-list.sig";
  std::ofstream(json_path, std::ios::binary) << json;
  std::ofstream(sig_path, std::ios::binary) << signer.Sign(json);

  absl::StatusOr<std::shared_ptr<LogListSource>> source =
      LogListSource::Load({json_path, sig_path, signer.public_key_pem});
  ASSERT_TRUE(source.ok()) << source.status();
  std::shared_ptr<const LogListSnapshot> first = (*source)->Snapshot();
  EXPECT_EQ(first->list.logs().size(), 3u);

  // A swap needs a good signature; a failed one keeps the current list.
  const std::string two = ct::testing::WithoutLog(json, "ctcore test log 3");
  EXPECT_EQ((*source)->Replace(two, signer.Sign(json)).code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ((*source)->Snapshot(), first);
  ASSERT_TRUE((*source)->Replace(two, signer.Sign(two)).ok());
  EXPECT_EQ((*source)->Snapshot()->list.logs().size(), 2u);
  EXPECT_EQ(first->list.logs().size(), 3u);  // the old snapshot lives on
  EXPECT_FALSE((*source)->Replace("{", signer.Sign("{")).ok());
  EXPECT_EQ((*source)->Snapshot()->list.logs().size(), 2u);
  ASSERT_TRUE((*source)->Reload().ok());  // the files again
  EXPECT_EQ((*source)->Snapshot()->list.logs().size(), 3u);

  // A tampered file, a missing signature, a missing file.
  std::ofstream(json_path, std::ios::binary) << two;
  EXPECT_EQ((*source)->Reload().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(LogListSource::Load({json_path, "", signer.public_key_pem}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(LogListSource::Load({*dir_ + "/nope.json"}).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ((*LogListSource::FromJson(json))->Reload().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(CtEnforcerTest, ChecksRunWhileTheListIsSwapped) {
  absl::StatusOr<std::shared_ptr<LogListSource>> source =
      LogListSource::FromJson(File("log-list.json"));
  ASSERT_TRUE(source.ok());
  CtEnforcerOptions options;
  options.log_list = *source;
  auto e = *CtEnforcer::Create(options);
  const std::vector<std::string> chain = Chain("chain.pem");
  const std::string lists[] = {File("log-list.json"),
                               ct::testing::WithoutLog(File("log-list.json"), "ctcore test log 3")};
  std::vector<std::thread> threads;
  std::atomic<int> compliant{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) compliant += Run(*e, chain).verdict == CtVerdict::kCompliant;
    });
  }
  for (int i = 0; i < 20; ++i) ASSERT_TRUE((*source)->Replace(lists[i % 2]).ok());
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(compliant.load(), 200);
}

}  // namespace
}  // namespace ct
