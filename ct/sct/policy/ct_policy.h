// File: ct/sct/policy/ct_policy.h
// -----------------------------------------------------------------------------
// Browser Certificate Transparency policies, as versioned rule sets: given a
// certificate's validity period, the SCT verifier's results for it
// (ct/sct/verify.h, taken as they are) and a log list, decide whether
// Chrome's or Apple's policy is met, and say why: a CtCompliance to branch
// on, reason codes with stable names, and lines for people. The evaluation
// time is always an input; nothing here reads the clock. See docs/policy.md
// for the rules and every choice made on ambiguous points. To check a whole
// chain (find and verify the SCTs, then every policy) use check_chain.h.
//
// Example:
//   std::vector<ct::SctVerification> scts = ct::VerifyCertificateScts(
//       leaf, issuer, ct::LogVerifierSet::FromLogList(log_list), now, inputs);
//   absl::StatusOr<ct::PolicyResult> r = ct::EvaluateCtPolicy(
//       ct::kChromeCurrent, {leaf.not_before(), leaf.not_after()}, scts,
//       log_list, now);
//   if (r.ok() && r->compliance != ct::CtCompliance::kCompliant &&
//       r->compliance != ct::CtCompliance::kLogListStale) { /* reject */ }
#ifndef CT_SCT_POLICY_CT_POLICY_H_
#define CT_SCT_POLICY_CT_POLICY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "ct/sct/loglist/log_list.h"
#include "ct/sct/sct_source.h"
#include "ct/sct/verify.h"

namespace ct {

// CertificateValidity is the certificate's notBefore and notAfter.
struct CertificateValidity {
  absl::Time not_before;
  absl::Time not_after;
};

// CtPolicy names one versioned rule set. New versions get new enumerators;
// existing ones never change meaning.
enum class CtPolicy {
  // Chrome's ct_policy.md after 2026-04-15 (no RFC 6962 SCT requirement),
  // Chromium chrome_ct_policy_enforcer.cc; OCSP SCTs treated like TLS ones.
  kChrome2026,
  // Apple's support.apple.com/103214 ("Apple's Certificate Transparency
  // policy"), 180/398-day table, at least one SCT from an RFC 6962 log.
  kApple2026,
};

inline constexpr CtPolicy kChromeCurrent = CtPolicy::kChrome2026;
inline constexpr CtPolicy kAppleCurrent = CtPolicy::kApple2026;

// CtPolicyName returns the policy family: "chrome" or "apple".
absl::string_view CtPolicyName(CtPolicy policy);

// CtPolicyVersion returns the rule set's version, e.g. "2026-04-15".
absl::string_view CtPolicyVersion(CtPolicy policy);

// CtPolicyFromName maps "chrome" / "apple" to the current rule set, and
// "chrome/<version>" / "apple/<version>" to that version. Returns
// kInvalidArgument for any other name.
absl::StatusOr<CtPolicy> CtPolicyFromName(absl::string_view name);

// CtCompliance is what a client does with a certificate under one rule set,
// after Chromium's CTPolicyCompliance.
enum class CtCompliance {
  kCompliant,  // the requirements are met (and the client enforces them)
  // Too few SCTs from distinct logs that count (or none at all).
  kNotEnoughScts,
  // Enough logs on some path, but not diverse enough: too few operators
  // (Chrome), the per-operator cap (Apple), or no RFC 6962 log (Apple).
  kNotDiverseScts,
  // The client would not enforce CT (Chrome: the log list is undated or 70
  // days or older); PolicyResult::compliant still says what the rules say.
  kLogListStale,
};

// CtComplianceName returns "compliant", "not_enough_scts",
// "not_diverse_scts" or "log_list_stale".
absl::string_view CtComplianceName(CtCompliance compliance);

// CtReason codes one line of PolicyResult::reasons.
enum class CtReason {
  kCompliant,                // Apple: the requirements are met
  kCompliantEmbedded,        // met by embedded SCTs
  kCompliantTlsOcsp,         // met by TLS-extension/OCSP-delivered SCTs
  kLogListUndated,           // Chrome: not enforced, no log_list_timestamp
  kLogListStale,             // Chrome: not enforced, list 70 days or older
  kNoValidSct,               // Chrome: no valid SCT from a listed log
  kTooFewLogs,               // Apple: < 2 once/currently approved logs
  kNoCurrentEmbeddedSct,     // no embedded SCT from a current log
  kTooFewEmbeddedLogs,       // too few distinct logs among embedded SCTs
  kTooFewEmbeddedOperators,  // Chrome: embedded SCTs from < 2 operators
  kTlsOcspNotMet,            // the TLS/OCSP path's requirements fail
  kLifetimeTooLong,          // Apple: lifetime over 398 days, no table row
  kNoRfc6962Log,             // Apple: no SCT from an RFC 6962 log
  kMalformedSctData,         // an SCT list that did not parse (no SCT)
};

// CtReasonName returns the stable snake_case name of `reason` (for JSON),
// e.g. "too_few_embedded_operators".
absl::string_view CtReasonName(CtReason reason);

// PolicyResult is the verdict of one rule set. Copyable and movable.
struct PolicyResult {
  std::string policy;   // "chrome" or "apple"
  std::string version;  // CtPolicyVersion()
  // What the client does: branch on this, not on the text.
  CtCompliance compliance = CtCompliance::kNotEnoughScts;
  // False when the client would not enforce CT at all: for Chrome, a log list
  // without log_list_timestamp or 70 days or more older than the evaluation
  // time. `compliant` is still computed from the rules.
  bool enforced = true;
  // Whether the rule set's requirements are met.
  bool compliant = false;
  // Why: the path that succeeded, or every requirement that failed, with
  // the counts; plus the enforcement status when not enforced, and each SCT
  // list that did not parse.
  std::vector<std::string> reasons;
  // reason_codes[i] is the code of reasons[i] (same length).
  std::vector<CtReason> reason_codes;
  // SCTs that did not count and why (invalid, unknown log, pending log,
  // retired too early, duplicate, future timestamp, ...), one line each.
  std::vector<std::string> notes;
};

// EvaluateCtPolicy applies `policy` to a certificate with validity `cert`
// and the verifier's results `scts` (VerifyCertificateScts, as of `at`),
// using `logs` for log states and operators, as of `at`. Only kValid results
// count; a result without an SCT (a list that did not parse) adds a
// kMalformedSctData reason. Notes number the SCTs in `scts` order, skipping
// results without one ("SCT #0" is the first parsed SCT). Returns
// kInvalidArgument if `cert` or `at` is not finite or not_after <
// not_before; every other input yields a verdict (unknown logs, invalid
// SCTs, ... simply do not count).
absl::StatusOr<PolicyResult> EvaluateCtPolicy(
    CtPolicy policy, const CertificateValidity& cert,
    absl::Span<const SctVerification> scts, const LogList& logs, absl::Time at);

}  // namespace ct

#endif  // CT_SCT_POLICY_CT_POLICY_H_
