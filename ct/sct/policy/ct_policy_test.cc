#include "ct/sct/policy/ct_policy.h"

#include <openssl/sha.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "ct/sct/loglist/log_list.h"
#include "ct/sct/loglist/parse_log_list.h"
#include "ct/testing/testdata.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

constexpr absl::Duration kDay = absl::Hours(24);

absl::Time T(absl::string_view rfc3339) {
  absl::Time t;
  std::string err;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339, &t, &err)) << err;
  return t;
}

uint64_t Ms(absl::Time t) { return static_cast<uint64_t>(absl::ToUnixMillis(t)); }

// Verified returns what VerifyCertificateScts reports for a parsed SCT from
// log `id` at `ms`: kValid, or kInvalidSignature when not `valid`.
SctVerification Verified(const LogId& id, uint64_t ms, SctSource source,
                         bool valid) {
  SctVerification r;
  r.source = source;
  r.status = valid ? SctStatus::kValid : SctStatus::kInvalidSignature;
  r.log_id = id;
  r.timestamp_ms = ms;
  r.sct.emplace();
  r.sct->log_id = id;
  r.sct->timestamp = ms;
  return r;
}

// The evaluation time and the log list's timestamp used by most tests.
const absl::Time kNow = T("2026-03-01T00:00:00Z");
const absl::Time kListTime = T("2026-02-28T00:00:00Z");
const absl::Time kRetired = T("2026-01-15T00:00:00Z");
const absl::Time kHandover = T("2026-01-01T00:00:00Z");
const absl::Time kNotBefore = T("2026-01-10T00:00:00Z");

LogInfo MakeLog(const std::string& name, const std::string& op,
                LogState state, absl::Time state_time = T("2024-01-01T00:00:00Z"),
                bool tiled = false) {
  LogInfo log;
  log.description = name;
  log.operator_name = op;
  std::string key = "key:" + name;
  log.key.assign(key.begin(), key.end());
  SHA256(log.key.data(), log.key.size(), log.log_id.data());
  log.state = state;
  log.state_timestamp = state_time;
  log.api = tiled ? LogApi::kStaticCt : LogApi::kRfc6962;
  if (tiled) {
    log.submission_url = "https://" + name + "/";
    log.monitoring_url = "https://m." + name + "/";
  } else {
    log.url = "https://" + name + "/";
  }
  return log;
}

class CtPolicyTest : public ::testing::Test {
 protected:
  void SetUp() override { list_ = BuildList(kListTime); }

  LogList BuildList(absl::optional<absl::Time> timestamp) {
    std::vector<LogInfo> logs = {
        MakeLog("A1", "OpA", LogState::kUsable),
        MakeLog("A2", "OpA", LogState::kUsable),
        MakeLog("A3", "OpA", LogState::kQualified),
        MakeLog("B1", "OpB", LogState::kUsable),
        MakeLog("C1", "OpC", LogState::kReadOnly),
        MakeLog("R", "OpD", LogState::kRetired, kRetired),
        MakeLog("RFuture", "OpD2", LogState::kRetired,
                T("2026-06-01T00:00:00Z")),
        MakeLog("P", "OpE", LogState::kPending),
        MakeLog("X", "OpX", LogState::kRejected),
        MakeLog("NoState", "OpN", LogState::kNone),
        MakeLog("T1", "OpF", LogState::kUsable, T("2024-01-01T00:00:00Z"),
                /*tiled=*/true),
        MakeLog("T2", "OpI", LogState::kUsable, T("2024-01-01T00:00:00Z"),
                /*tiled=*/true),
        MakeLog("New1", "New", LogState::kUsable),
    };
    LogInfo moved = MakeLog("Moved", "New", LogState::kUsable);
    moved.previous_operators.push_back(PreviousOperator{"Old", kHandover});
    logs.push_back(moved);
    absl::StatusOr<LogList> list =
        LogList::Create("test", timestamp, std::move(logs));
    EXPECT_TRUE(list.ok()) << list.status();
    return *std::move(list);
  }

  LogId Id(const std::string& name) const {
    for (const LogInfo& log : list_.logs()) {
      if (log.description == name) return log.log_id;
    }
    ADD_FAILURE() << "no log " << name;
    return LogId{};
  }

  SctVerification Sct(const std::string& log, absl::Time t,
                      SctSource source = SctSource::kEmbedded,
                      bool valid = true) const {
    return Verified(Id(log), Ms(t), source, valid);
  }

  PolicyResult Eval(CtPolicy policy, absl::Duration lifetime,
                    const std::vector<SctVerification>& scts,
                    absl::Time at = kNow) const {
    absl::StatusOr<PolicyResult> r = EvaluateCtPolicy(
        policy, {kNotBefore, kNotBefore + lifetime}, scts, list_, at);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : PolicyResult{};
  }

  LogList list_ = BuildList(kListTime);
};

std::string Why(const PolicyResult& r) {
  return absl::StrCat("reasons: ", absl::StrJoin(r.reasons, " | "),
                      "\nnotes: ", absl::StrJoin(r.notes, " | "));
}

bool HasCode(const PolicyResult& r, CtReason code) {
  EXPECT_EQ(r.reason_codes.size(), r.reasons.size()) << Why(r);
  return std::find(r.reason_codes.begin(), r.reason_codes.end(), code) !=
         r.reason_codes.end();
}

bool HasText(const std::vector<std::string>& lines, absl::string_view text) {
  for (const std::string& line : lines) {
    if (absl::StrContains(line, text)) return true;
  }
  return false;
}

const absl::Time kSctTime = T("2026-01-09T12:00:00Z");

// --- Chrome ------------------------------------------------------------------

TEST_F(CtPolicyTest, ChromeEmbeddedTwoOperatorsShortLifetimeComplies) {
  PolicyResult r = Eval(kChromeCurrent, 90 * kDay,
                        {Sct("A1", kSctTime), Sct("B1", kSctTime)});
  EXPECT_EQ(r.policy, "chrome");
  EXPECT_EQ(r.version, "2026-04-15");
  EXPECT_TRUE(r.enforced);
  EXPECT_TRUE(r.compliant) << Why(r);
  EXPECT_TRUE(HasText(r.reasons, "compliant via embedded SCTs")) << Why(r);
  EXPECT_EQ(r.compliance, CtCompliance::kCompliant);
  EXPECT_EQ(r.reason_codes, std::vector<CtReason>{CtReason::kCompliantEmbedded});
}

TEST_F(CtPolicyTest, ChromeEmbeddedSameOperatorFails) {
  PolicyResult r = Eval(kChromeCurrent, 90 * kDay,
                        {Sct("A1", kSctTime), Sct("A2", kSctTime)});
  EXPECT_FALSE(r.compliant) << Why(r);
  EXPECT_TRUE(HasText(r.reasons, "1 operator(s) [OpA], need 2")) << Why(r);
  EXPECT_EQ(r.compliance, CtCompliance::kNotDiverseScts);
  EXPECT_TRUE(HasCode(r, CtReason::kTooFewEmbeddedOperators)) << Why(r);
  EXPECT_FALSE(HasCode(r, CtReason::kTooFewEmbeddedLogs)) << Why(r);
}

TEST_F(CtPolicyTest, ChromeExactly180DaysNeedsTwoLogs) {
  std::vector<SctVerification> two = {Sct("A1", kSctTime), Sct("B1", kSctTime)};
  EXPECT_TRUE(Eval(kChromeCurrent, 180 * kDay, two).compliant);
  PolicyResult r = Eval(kChromeCurrent, 180 * kDay + absl::Seconds(1), two);
  EXPECT_FALSE(r.compliant);
  EXPECT_TRUE(HasText(r.reasons, "need 3 (lifetime 180 days 1s > 180 days)"))
      << Why(r);
  two.push_back(Sct("C1", kSctTime));
  EXPECT_TRUE(
      Eval(kChromeCurrent, 180 * kDay + absl::Seconds(1), two).compliant);
}

TEST_F(CtPolicyTest, ChromeDuplicateSctsFromOneLogCountOnce) {
  PolicyResult r = Eval(kChromeCurrent, 200 * kDay,
                        {Sct("A1", kSctTime), Sct("A1", kSctTime + absl::Hours(1)),
                         Sct("A1", kSctTime), Sct("B1", kSctTime)});
  EXPECT_FALSE(r.compliant) << Why(r);
  EXPECT_TRUE(HasText(r.reasons, "2 distinct qualifying log(s), need 3"))
      << Why(r);
  EXPECT_TRUE(HasText(r.notes, "one SCT per log counts")) << Why(r);
  EXPECT_EQ(r.compliance, CtCompliance::kNotEnoughScts);
  EXPECT_TRUE(HasCode(r, CtReason::kTooFewEmbeddedLogs)) << Why(r);
}

TEST_F(CtPolicyTest, ChromeIgnoresInvalidUnknownPendingRejectedAndFutureScts) {
  SctVerification unknown = Sct("A1", kSctTime);
  unknown.log_id[0] ^= 1;
  std::vector<SctVerification> scts = {
      Sct("A1", kSctTime),
      Sct("B1", kSctTime, SctSource::kEmbedded, /*valid=*/false),
      unknown,
      Sct("P", kSctTime),
      Sct("X", kSctTime),
      Sct("NoState", kSctTime),
      Sct("C1", kNow + absl::Milliseconds(1)),
  };
  PolicyResult r = Eval(kChromeCurrent, 90 * kDay, scts);
  EXPECT_FALSE(r.compliant) << Why(r);
  EXPECT_TRUE(HasText(r.notes, "not verified")) << Why(r);
  EXPECT_TRUE(HasText(r.notes, "not in the log list")) << Why(r);
  EXPECT_TRUE(HasText(r.notes, "log state is pending")) << Why(r);
  EXPECT_TRUE(HasText(r.notes, "log state is rejected")) << Why(r);
  EXPECT_TRUE(HasText(r.notes, "log state is none")) << Why(r);
  EXPECT_TRUE(HasText(r.notes, "after the evaluation time")) << Why(r);
  // The valid ones alone do comply.
  EXPECT_TRUE(Eval(kChromeCurrent, 90 * kDay,
                   {Sct("A1", kSctTime), Sct("C1", kSctTime)})
                  .compliant);
}

TEST_F(CtPolicyTest, ChromeRetiredLogCountsWhenSctAndIssuanceBeforeRetirement) {
  absl::Time before = kRetired - absl::Milliseconds(1);
  PolicyResult r = Eval(kChromeCurrent, 90 * kDay,
                        {Sct("R", before), Sct("A1", before)});
  EXPECT_TRUE(r.compliant) << Why(r);
}

TEST_F(CtPolicyTest, ChromeRetiredLogSctAtRetirementInstantDoesNotCount) {
  PolicyResult r = Eval(kChromeCurrent, 90 * kDay,
                        {Sct("R", kRetired), Sct("A1", kSctTime)});
  EXPECT_FALSE(r.compliant) << Why(r);
  EXPECT_TRUE(HasText(r.notes, "log retired at 2026-01-15T00:00:00.000Z"))
      << Why(r);
}

TEST_F(CtPolicyTest, ChromeRetiredLogDoesNotCountWhenEarliestSctIsAtRetirement) {
  // The retired log's own SCT is early, but the earliest SCT from a
  // non-retired log (the issuance date) is exactly the retirement instant.
  PolicyResult r =
      Eval(kChromeCurrent, 90 * kDay,
           {Sct("R", kRetired - absl::Hours(1)), Sct("A1", kRetired)});
  EXPECT_FALSE(r.compliant) << Why(r);
  r = Eval(kChromeCurrent, 90 * kDay,
           {Sct("R", kRetired - absl::Hours(1)),
            Sct("A1", kRetired - absl::Milliseconds(1))});
  EXPECT_TRUE(r.compliant) << Why(r);
}

TEST_F(CtPolicyTest, ChromeOnlyRetiredEmbeddedSctsFail) {
  PolicyResult r = Eval(kChromeCurrent, 90 * kDay,
                        {Sct("R", kSctTime), Sct("R", kSctTime)});
  EXPECT_FALSE(r.compliant);
  EXPECT_TRUE(HasText(r.reasons, "no embedded SCT from a log that is Qualified"))
      << Why(r);
}

TEST_F(CtPolicyTest, ChromeRetirementInTheFutureIsNotYetRetired) {
  // RFuture retires on 2026-06-01, after the evaluation time.
  PolicyResult r = Eval(kChromeCurrent, 90 * kDay,
                        {Sct("RFuture", kSctTime), Sct("A1", kSctTime)});
  EXPECT_TRUE(r.compliant) << Why(r);
  // TLS-delivered SCTs from it count too, until it retires.
  r = Eval(kChromeCurrent, 90 * kDay,
           {Sct("RFuture", kSctTime, SctSource::kTlsExtension),
            Sct("A1", kSctTime, SctSource::kTlsExtension)});
  EXPECT_TRUE(r.compliant) << Why(r);
  r = Eval(kChromeCurrent, 90 * kDay,
           {Sct("RFuture", kSctTime, SctSource::kTlsExtension),
            Sct("A1", kSctTime, SctSource::kTlsExtension)},
           T("2026-06-01T00:00:00Z"));
  EXPECT_FALSE(r.compliant) << Why(r);
}

TEST_F(CtPolicyTest, ChromeOperatorIsTheOneAtSctTime) {
  absl::Time just_before = kHandover - absl::Milliseconds(1);
  // Before the handover "Moved" was run by Old: diverse with New1.
  PolicyResult r = Eval(kChromeCurrent, 90 * kDay,
                        {Sct("Moved", just_before), Sct("New1", kSctTime)});
  EXPECT_TRUE(r.compliant) << Why(r);
  // At the handover instant it is New's: same operator as New1.
  r = Eval(kChromeCurrent, 90 * kDay,
           {Sct("Moved", kHandover), Sct("New1", kSctTime)});
  EXPECT_FALSE(r.compliant) << Why(r);
  EXPECT_TRUE(HasText(r.reasons, "1 operator(s) [New]")) << Why(r);
}

TEST_F(CtPolicyTest, ChromeTlsPathNeedsTwoLogsOfTwoOperators) {
  PolicyResult r = Eval(kChromeCurrent, 300 * kDay,
                        {Sct("A1", kSctTime, SctSource::kTlsExtension),
                         Sct("B1", kSctTime, SctSource::kOcsp)});
  EXPECT_TRUE(r.compliant) << Why(r);
  EXPECT_TRUE(HasText(r.reasons, "compliant via TLS/OCSP-delivered SCTs"))
      << Why(r);
  EXPECT_EQ(r.compliance, CtCompliance::kCompliant);
  EXPECT_TRUE(HasCode(r, CtReason::kCompliantTlsOcsp)) << Why(r);

  r = Eval(kChromeCurrent, 300 * kDay,
           {Sct("A1", kSctTime, SctSource::kTlsExtension),
            Sct("A2", kSctTime, SctSource::kTlsExtension)});
  EXPECT_FALSE(r.compliant) << Why(r);
  EXPECT_TRUE(HasText(r.reasons, "TLS/OCSP: SCTs from 2 distinct")) << Why(r);
  EXPECT_EQ(r.compliance, CtCompliance::kNotDiverseScts);
  EXPECT_TRUE(HasCode(r, CtReason::kTlsOcspNotMet)) << Why(r);

  // The same log twice over two channels is still one log.
  r = Eval(kChromeCurrent, 300 * kDay,
           {Sct("A1", kSctTime, SctSource::kTlsExtension),
            Sct("A1", kSctTime, SctSource::kOcsp)});
  EXPECT_FALSE(r.compliant) << Why(r);
}

TEST_F(CtPolicyTest, ChromeTlsSctsFromRetiredLogsNeverCount) {
  PolicyResult r = Eval(kChromeCurrent, 90 * kDay,
                        {Sct("R", kSctTime, SctSource::kTlsExtension),
                         Sct("A1", kSctTime, SctSource::kTlsExtension)});
  EXPECT_FALSE(r.compliant) << Why(r);
  EXPECT_TRUE(HasText(r.notes, "count only from logs that are")) << Why(r);
}

TEST_F(CtPolicyTest, ChromeDoesNotMixChannelsInOnePath) {
  // One TLS SCT plus one embedded SCT: neither path alone is met (Chromium's
  // enforcer would accept this; see docs/policy.md).
  PolicyResult r = Eval(kChromeCurrent, 90 * kDay,
                        {Sct("A1", kSctTime, SctSource::kTlsExtension),
                         Sct("B1", kSctTime)});
  EXPECT_FALSE(r.compliant) << Why(r);
}

TEST_F(CtPolicyTest, ChromeCountsTiledReadOnlyAndQualifiedLogs) {
  EXPECT_TRUE(Eval(kChromeCurrent, 90 * kDay,
                   {Sct("T1", kSctTime), Sct("T2", kSctTime)})
                  .compliant);
  EXPECT_TRUE(Eval(kChromeCurrent, 90 * kDay,
                   {Sct("C1", kSctTime), Sct("A3", kSctTime)})
                  .compliant);
}

TEST_F(CtPolicyTest, ChromeStaleLogListIsNotEnforcedAtExactly70Days) {
  std::vector<SctVerification> scts = {Sct("A1", kSctTime), Sct("B1", kSctTime)};
  PolicyResult fresh =
      Eval(kChromeCurrent, 90 * kDay, scts,
           kListTime + 70 * kDay - absl::Seconds(1));
  EXPECT_TRUE(fresh.enforced) << Why(fresh);
  EXPECT_EQ(fresh.compliance, CtCompliance::kCompliant);
  PolicyResult stale = Eval(kChromeCurrent, 90 * kDay, scts, kListTime + 70 * kDay);
  EXPECT_FALSE(stale.enforced);
  EXPECT_TRUE(stale.compliant) << "rules are still evaluated";
  EXPECT_TRUE(HasText(stale.reasons, "not enforced")) << Why(stale);
  EXPECT_TRUE(HasText(stale.reasons, "is 70 days old")) << Why(stale);
  EXPECT_EQ(stale.compliance, CtCompliance::kLogListStale);
  EXPECT_TRUE(HasCode(stale, CtReason::kLogListStale)) << Why(stale);
  EXPECT_TRUE(HasCode(stale, CtReason::kCompliantEmbedded)) << Why(stale);
}

TEST_F(CtPolicyTest, ChromeListWithoutTimestampIsNotEnforced) {
  list_ = BuildList(absl::nullopt);
  PolicyResult r = Eval(kChromeCurrent, 90 * kDay,
                        {Sct("A1", kSctTime), Sct("B1", kSctTime)});
  EXPECT_FALSE(r.enforced);
  EXPECT_TRUE(r.compliant);
  EXPECT_EQ(r.compliance, CtCompliance::kLogListStale);
  EXPECT_TRUE(HasCode(r, CtReason::kLogListUndated)) << Why(r);
}

TEST_F(CtPolicyTest, NoSctsIsNotCompliantWithReasons) {
  PolicyResult chrome = Eval(kChromeCurrent, 90 * kDay, {});
  EXPECT_FALSE(chrome.compliant);
  EXPECT_TRUE(HasText(chrome.reasons, "no valid SCT")) << Why(chrome);
  EXPECT_EQ(chrome.compliance, CtCompliance::kNotEnoughScts);
  EXPECT_TRUE(HasCode(chrome, CtReason::kNoValidSct)) << Why(chrome);
  PolicyResult apple = Eval(kAppleCurrent, 90 * kDay, {});
  EXPECT_FALSE(apple.compliant);
  EXPECT_FALSE(apple.reasons.empty());
  EXPECT_EQ(apple.compliance, CtCompliance::kNotEnoughScts);
  EXPECT_TRUE(HasCode(apple, CtReason::kTooFewLogs)) << Why(apple);
}

TEST_F(CtPolicyTest, RejectsInvalidCertificateValidity) {
  absl::StatusOr<PolicyResult> r = EvaluateCtPolicy(
      kChromeCurrent, {kNotBefore, kNotBefore - absl::Seconds(1)}, {}, list_,
      kNow);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  r = EvaluateCtPolicy(kAppleCurrent, {kNotBefore, absl::InfiniteFuture()}, {},
                       list_, kNow);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(CtPolicyTest, HandlesExtremeSctTimestamps) {
  SctVerification huge = Sct("A1", kSctTime);
  huge.timestamp_ms = UINT64_MAX;
  SctVerification zero = Sct("B1", kSctTime);
  zero.timestamp_ms = 0;
  PolicyResult r = Eval(kChromeCurrent, 90 * kDay, {huge, zero});
  EXPECT_FALSE(r.compliant) << Why(r);
  EXPECT_TRUE(HasText(r.notes, "after the evaluation time")) << Why(r);
}

// --- Apple -------------------------------------------------------------------

TEST_F(CtPolicyTest, AppleUpTo180InclusiveDaysNeedsTwoLogsOnePerOperator) {
  // notAfter - notBefore = 180 days - 1 s: inclusive lifetime exactly 180 days.
  absl::Duration d180 = 180 * kDay - absl::Seconds(1);
  PolicyResult r =
      Eval(kAppleCurrent, d180, {Sct("A1", kSctTime), Sct("B1", kSctTime)});
  EXPECT_EQ(r.policy, "apple");
  EXPECT_TRUE(r.compliant) << Why(r);
  r = Eval(kAppleCurrent, d180, {Sct("A1", kSctTime), Sct("A2", kSctTime)});
  EXPECT_FALSE(r.compliant) << Why(r);
  EXPECT_TRUE(HasText(r.reasons, "1 SCT(s) counting")) << Why(r);
  EXPECT_TRUE(HasText(r.reasons, "lifetime 180 days")) << Why(r);
}

TEST_F(CtPolicyTest, AppleOneExtraSecondMakes181DaysAndNeedsThree) {
  // notAfter - notBefore = 180 days: inclusive, that is 180 days + 1 s.
  PolicyResult r = Eval(kAppleCurrent, 180 * kDay,
                        {Sct("A1", kSctTime), Sct("B1", kSctTime)});
  EXPECT_FALSE(r.compliant) << Why(r);
  EXPECT_TRUE(HasText(r.reasons, "need 3 (lifetime 181 days")) << Why(r);
  EXPECT_EQ(r.compliance, CtCompliance::kNotEnoughScts);
  // Two per operator count: A1 + A2 + B1.
  r = Eval(kAppleCurrent, 180 * kDay,
           {Sct("A1", kSctTime), Sct("A2", kSctTime), Sct("B1", kSctTime)});
  EXPECT_TRUE(r.compliant) << Why(r);
  EXPECT_EQ(r.compliance, CtCompliance::kCompliant);
  EXPECT_TRUE(HasCode(r, CtReason::kCompliant)) << Why(r);
  EXPECT_TRUE(HasCode(r, CtReason::kCompliantEmbedded)) << Why(r);
  // But not three: A1 + A2 + A3 counts 2.
  r = Eval(kAppleCurrent, 180 * kDay,
           {Sct("A1", kSctTime), Sct("A2", kSctTime), Sct("A3", kSctTime)});
  EXPECT_FALSE(r.compliant) << Why(r);
  EXPECT_EQ(r.compliance, CtCompliance::kNotDiverseScts);
  EXPECT_TRUE(HasCode(r, CtReason::kTooFewEmbeddedLogs)) << Why(r);
  // Chrome, by contrast, calls exactly 180 days short.
  EXPECT_TRUE(Eval(kChromeCurrent, 180 * kDay,
                   {Sct("A1", kSctTime), Sct("B1", kSctTime)})
                  .compliant);
}

TEST_F(CtPolicyTest, Apple398DaysHasARowAnd399DoesNot) {
  std::vector<SctVerification> three = {Sct("A1", kSctTime), Sct("A2", kSctTime),
                                       Sct("B1", kSctTime)};
  PolicyResult r = Eval(kAppleCurrent, 398 * kDay - absl::Seconds(1), three);
  EXPECT_TRUE(r.compliant) << Why(r);
  r = Eval(kAppleCurrent, 398 * kDay, three);
  EXPECT_FALSE(r.compliant) << Why(r);
  EXPECT_TRUE(HasText(r.reasons, "lifetime 399 days (inclusive) exceeds 398"))
      << Why(r);
  EXPECT_EQ(r.compliance, CtCompliance::kNotEnoughScts);
  EXPECT_TRUE(HasCode(r, CtReason::kLifetimeTooLong)) << Why(r);
}

TEST_F(CtPolicyTest, AppleOnceApprovedRetiredLogCountsBeforeRetirement) {
  absl::Duration d = 90 * kDay;
  PolicyResult r = Eval(kAppleCurrent, d,
                        {Sct("R", kRetired - absl::Milliseconds(1)),
                         Sct("A1", kSctTime)});
  EXPECT_TRUE(r.compliant) << Why(r);
  r = Eval(kAppleCurrent, d, {Sct("R", kRetired), Sct("A1", kSctTime)});
  EXPECT_FALSE(r.compliant) << Why(r);
  EXPECT_TRUE(HasText(r.notes, "not before the log's retirement")) << Why(r);
  // Only once-approved logs: no embedded SCT from a currently approved log.
  r = Eval(kAppleCurrent, d, {Sct("R", kSctTime)});
  EXPECT_FALSE(r.compliant) << Why(r);
}

TEST_F(CtPolicyTest, AppleTlsPathNeedsTwoCurrentLogsAndOneTlsSct) {
  // No operator diversity on this path in Apple's text.
  PolicyResult r = Eval(kAppleCurrent, 300 * kDay,
                        {Sct("A1", kSctTime, SctSource::kTlsExtension),
                         Sct("A2", kSctTime)});
  EXPECT_TRUE(r.compliant) << Why(r);
  EXPECT_TRUE(HasText(r.reasons, "via TLS/OCSP")) << Why(r);
  r = Eval(kAppleCurrent, 300 * kDay,
           {Sct("A1", kSctTime, SctSource::kOcsp),
            Sct("A2", kSctTime, SctSource::kOcsp)});
  EXPECT_TRUE(r.compliant) << Why(r);
  // A retired log's TLS SCT is once-approved, not currently approved.
  r = Eval(kAppleCurrent, 300 * kDay,
           {Sct("R", kSctTime, SctSource::kTlsExtension), Sct("A1", kSctTime)});
  EXPECT_FALSE(r.compliant) << Why(r);
  // Two embedded SCTs alone (long-lived) do not take this path.
  r = Eval(kAppleCurrent, 300 * kDay, {Sct("A1", kSctTime), Sct("B1", kSctTime)});
  EXPECT_FALSE(r.compliant) << Why(r);
}

TEST_F(CtPolicyTest, AppleStateMapping) {
  // Currently approved: Qualified, Usable, ReadOnly (TLS path needs two).
  for (const char* log : {"A3", "C1", "RFuture"}) {
    PolicyResult r = Eval(kAppleCurrent, 300 * kDay,
                          {Sct(log, kSctTime, SctSource::kTlsExtension),
                           Sct("B1", kSctTime)});
    EXPECT_TRUE(r.compliant) << log << ": " << Why(r);
  }
  // Pending, Rejected and state-less logs are neither once nor currently
  // approved.
  for (const char* log : {"P", "X", "NoState"}) {
    PolicyResult r = Eval(kAppleCurrent, 300 * kDay,
                          {Sct(log, kSctTime, SctSource::kTlsExtension),
                           Sct("B1", kSctTime)});
    EXPECT_FALSE(r.compliant) << log << ": " << Why(r);
  }
}

TEST_F(CtPolicyTest, AppleNeedsAnRfc6962Log) {
  PolicyResult r = Eval(kAppleCurrent, 90 * kDay,
                        {Sct("T1", kSctTime), Sct("T2", kSctTime)});
  EXPECT_FALSE(r.compliant) << Why(r);
  EXPECT_TRUE(HasText(r.reasons, "RFC 6962")) << Why(r);
  EXPECT_EQ(r.compliance, CtCompliance::kNotDiverseScts);
  EXPECT_TRUE(HasCode(r, CtReason::kNoRfc6962Log)) << Why(r);
  EXPECT_TRUE(Eval(kAppleCurrent, 90 * kDay,
                   {Sct("T1", kSctTime), Sct("A1", kSctTime)})
                  .compliant);
}

TEST_F(CtPolicyTest, AppleDuplicatesAndOperatorHistory) {
  PolicyResult r = Eval(kAppleCurrent, 90 * kDay,
                        {Sct("A1", kSctTime), Sct("A1", kSctTime)});
  EXPECT_FALSE(r.compliant) << Why(r);
  EXPECT_TRUE(HasText(r.notes, "one SCT per log counts")) << Why(r);
  EXPECT_TRUE(Eval(kAppleCurrent, 90 * kDay,
                   {Sct("Moved", kHandover - absl::Milliseconds(1)),
                    Sct("New1", kSctTime)})
                  .compliant);
  EXPECT_FALSE(Eval(kAppleCurrent, 90 * kDay,
                    {Sct("Moved", kHandover), Sct("New1", kSctTime)})
                   .compliant);
}

TEST_F(CtPolicyTest, AppleIgnoresLogListAge) {
  PolicyResult r = Eval(kAppleCurrent, 90 * kDay,
                        {Sct("A1", kSctTime), Sct("B1", kSctTime)},
                        kListTime + 400 * kDay);
  EXPECT_TRUE(r.enforced);
  EXPECT_TRUE(r.compliant) << Why(r);
}

// --- Verifier results as they come -------------------------------------------

TEST_F(CtPolicyTest, MalformedListsAreReasonsAndNotNumbered) {
  SctVerification broken;  // a list that did not parse: no SCT
  broken.source = SctSource::kOcsp;
  broken.status = SctStatus::kMalformed;
  broken.detail = absl::InvalidArgumentError("sct: list has 3 trailing bytes");
  SctVerification future = Sct("C1", kSctTime);  // verifier said: future
  future.status = SctStatus::kFutureTimestamp;
  for (CtPolicy policy : {kChromeCurrent, kAppleCurrent}) {
    PolicyResult r = Eval(policy, 90 * kDay,
                          {broken, Sct("A1", kSctTime), future, Sct("B1", kSctTime)});
    EXPECT_TRUE(r.compliant) << Why(r);
    EXPECT_EQ(r.compliance, CtCompliance::kCompliant);
    ASSERT_EQ(r.reason_codes.size(), r.reasons.size());
    EXPECT_EQ(r.reason_codes.back(), CtReason::kMalformedSctData);
    EXPECT_EQ(r.reasons.back(),
              "malformed SCT data (ocsp): sct: list has 3 trailing bytes");
    // "#1" is the second parsed SCT: the malformed list is not numbered.
    EXPECT_TRUE(HasText(r.notes, "SCT #1 (embedded, C1): not verified")) << Why(r);
  }
}

// --- Names and versions -----------------------------------------------------

TEST(CtPolicyNameTest, ComplianceAndReasonNamesAreStable) {
  EXPECT_EQ(CtComplianceName(CtCompliance::kCompliant), "compliant");
  EXPECT_EQ(CtComplianceName(CtCompliance::kNotEnoughScts), "not_enough_scts");
  EXPECT_EQ(CtComplianceName(CtCompliance::kNotDiverseScts), "not_diverse_scts");
  EXPECT_EQ(CtComplianceName(CtCompliance::kLogListStale), "log_list_stale");
  EXPECT_EQ(CtReasonName(CtReason::kTooFewEmbeddedOperators),
            "too_few_embedded_operators");
  EXPECT_EQ(CtReasonName(CtReason::kMalformedSctData), "malformed_sct_data");
  std::set<std::string> names;
  for (int i = 0; i <= static_cast<int>(CtReason::kMalformedSctData); ++i) {
    names.insert(std::string(CtReasonName(static_cast<CtReason>(i))));
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(CtReason::kMalformedSctData) + 1);
  EXPECT_EQ(names.count("unknown"), 0u);
}


TEST(CtPolicyNameTest, MapsNamesToRuleSets) {
  EXPECT_EQ(*CtPolicyFromName("chrome"), CtPolicy::kChrome2026);
  EXPECT_EQ(*CtPolicyFromName("apple"), CtPolicy::kApple2026);
  EXPECT_EQ(*CtPolicyFromName("chrome/2026-04-15"), CtPolicy::kChrome2026);
  EXPECT_EQ(*CtPolicyFromName("apple/2026"), CtPolicy::kApple2026);
  EXPECT_EQ(CtPolicyFromName("firefox").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CtPolicyFromName("chrome/2020").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(SctSourceName(SctSource::kEmbedded), "embedded");
  EXPECT_EQ(SctSourceName(SctSource::kTlsExtension), "tls_extension");
  EXPECT_EQ(SctSourceName(SctSource::kOcsp), "ocsp");
}

// --- A real list -------------------------------------------------------------

TEST(CtPolicyRealListTest, ChromeAndAppleOnChromeSnapshot) {
  absl::StatusOr<LogList> list = ParseLogList(::ct::testing::ReadTestdata(
      "testdata/loglist/chrome-log_list-v3-85.40-2026-04-09.json"));
  ASSERT_TRUE(list.ok()) << list.status();
  auto id = [](absl::string_view b64) {
    std::string raw;
    EXPECT_TRUE(absl::Base64Unescape(b64, &raw));
    LogId out{};
    std::copy(raw.begin(), raw.end(), out.begin());
    return out;
  };
  // Google Argon2026h1 plus a log of another operator from the same list.
  const LogInfo* other = nullptr;
  for (const LogInfo& log : list->logs()) {
    if (log.operator_name != "Google" && log.api == LogApi::kRfc6962 &&
        log.state == LogState::kUsable) {
      other = &log;
      break;
    }
  }
  ASSERT_NE(other, nullptr);
  absl::Time sct_time = T("2026-03-01T00:00:00Z");
  std::vector<SctVerification> scts = {
      Verified(id("DleUvPOuqT4zGyyZB7P3kN+bwj1xMiXdIaklrGHFTiE="), Ms(sct_time),
               SctSource::kEmbedded, true),
      Verified(other->log_id, Ms(sct_time), SctSource::kEmbedded, true),
  };
  CertificateValidity cert{sct_time, sct_time + 90 * kDay};
  absl::Time at = T("2026-04-10T00:00:00Z");
  absl::StatusOr<PolicyResult> chrome =
      EvaluateCtPolicy(kChromeCurrent, cert, scts, *list, at);
  ASSERT_TRUE(chrome.ok());
  EXPECT_TRUE(chrome->enforced);
  EXPECT_TRUE(chrome->compliant) << Why(*chrome);
  absl::StatusOr<PolicyResult> apple =
      EvaluateCtPolicy(kAppleCurrent, cert, scts, *list, at);
  ASSERT_TRUE(apple.ok());
  EXPECT_TRUE(apple->compliant) << Why(*apple);
  // 70 days after the list's timestamp Chrome stops enforcing.
  chrome = EvaluateCtPolicy(kChromeCurrent, cert, scts, *list,
                            *list->timestamp() + 70 * kDay);
  ASSERT_TRUE(chrome.ok());
  EXPECT_FALSE(chrome->enforced);
}

}  // namespace
}  // namespace ct
