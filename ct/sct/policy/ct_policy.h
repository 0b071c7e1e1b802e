// File: ct/sct/policy/ct_policy.h
// -----------------------------------------------------------------------------
// Browser Certificate Transparency policies, as versioned rule sets: given a
// certificate's validity period, the SCTs observed for it (already checked by
// the SCT verifier) and a log list, decide whether Chrome's or Apple's policy
// is met, and say why. The evaluation time is always an input; nothing here
// reads the clock. See docs/policy.md for the rules and every choice made on
// ambiguous points.
//
// Example:
//   std::vector<ct::SctObservation> scts = ...;  // from the SCT verifier
//   absl::StatusOr<ct::PolicyResult> r = ct::EvaluateCtPolicy(
//       ct::kChromeCurrent, {not_before, not_after}, scts, log_list, now);
//   if (r.ok() && r->enforced && !r->compliant) { /* reject */ }
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

namespace ct {

// SctObservation is one SCT as the policy sees it. Only `valid` SCTs (whose
// signature verified against the log's key) count. Copyable and movable.
struct SctObservation {
  LogId log_id{};
  uint64_t timestamp_ms = 0;  // SCT timestamp, ms since the Unix epoch
  SctSource source = SctSource::kEmbedded;
  bool valid = false;
};

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

// PolicyResult is the verdict of one rule set. Copyable and movable.
struct PolicyResult {
  std::string policy;   // "chrome" or "apple"
  std::string version;  // CtPolicyVersion()
  // False when the client would not enforce CT at all: for Chrome, a log list
  // without log_list_timestamp or 70 days or more older than the evaluation
  // time. `compliant` is still computed from the rules.
  bool enforced = true;
  // Whether the rule set's requirements are met.
  bool compliant = false;
  // Why: the path that succeeded, or every requirement that failed, with
  // the counts; plus the enforcement status when not enforced.
  std::vector<std::string> reasons;
  // SCTs that did not count and why (invalid, unknown log, pending log,
  // retired too early, duplicate, future timestamp, ...), one line each.
  std::vector<std::string> notes;
};

// EvaluateCtPolicy applies `policy` to a certificate with validity `cert`
// and SCTs `scts`, using `logs` for log states and operators, as of `at`.
// Returns kInvalidArgument if `cert` is not finite or not_after < not_before;
// every other input yields a verdict (unknown logs, invalid SCTs, ... simply
// do not count).
absl::StatusOr<PolicyResult> EvaluateCtPolicy(
    CtPolicy policy, const CertificateValidity& cert,
    absl::Span<const SctObservation> scts, const LogList& logs, absl::Time at);

}  // namespace ct

#endif  // CT_SCT_POLICY_CT_POLICY_H_
