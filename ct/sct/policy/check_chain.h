// File: ct/sct/policy/check_chain.h
// -----------------------------------------------------------------------------
// One call that checks a certificate chain for Certificate Transparency end
// to end: find the leaf's SCTs on every channel (embedded, TLS extension,
// stapled OCSP), verify each against the logs of a log list, and evaluate
// each requested CT policy, as of a given time. The CLI (`ct cert check`), a
// TLS hook and a monitor share it. No I/O, no clock, no printing: the result
// is data (per-SCT results, per-policy verdicts, warnings).
//
// Example:
//   absl::StatusOr<ct::CertificateChain> chain = ct::CertificateChain::Load(pem);
//   ct::ChainCheckOptions options;
//   options.at = absl::Now();
//   options.tls_scts = tls_extension_bytes;  // optional
//   absl::StatusOr<ct::ChainCheck> check =
//       ct::CheckChain(chain->certificates(), log_list, options);
//   if (check.ok() && check->AllCompliant()) { /* accept */ }
#ifndef CT_SCT_POLICY_CHECK_CHAIN_H_
#define CT_SCT_POLICY_CHECK_CHAIN_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "ct/base/bytes.h"
#include "ct/sct/loglist/log_list.h"
#include "ct/sct/policy/ct_policy.h"
#include "ct/sct/verify.h"
#include "ct/x509/certificate.h"

namespace ct {

// ChainCheckOptions says what to check and as of when. The spans must
// outlive the call only.
struct ChainCheckOptions {
  // The rule sets to evaluate, in order (ChainCheck::policies follows it).
  std::vector<CtPolicy> policies = {kChromeCurrent, kAppleCurrent};
  // The evaluation time: SCT timestamps, log states and the log list's age
  // are judged as of `at`. Must be finite.
  absl::Time at = absl::InfinitePast();
  // signed_certificate_timestamp TLS extension data; empty = not presented.
  ByteSpan tls_scts;
  // Stapled DER OCSPResponse; empty = not presented.
  ByteSpan ocsp_response;
};

// SctCheck is one SCT (or one SCT list that did not parse) and what is
// known about its log. Copyable and movable.
struct SctCheck {
  SctVerification verification;
  // The log in the LogList given to CheckChain (nullptr if unknown or the
  // SCT did not parse); valid as long as that LogList.
  const LogInfo* log = nullptr;
  // The log's operator at the SCT's timestamp (OperatorAt), "" if no log.
  std::string operator_name;
};

// ChainCheck is the outcome of CheckChain. Copyable and movable.
struct ChainCheck {
  // Every SCT found: embedded (list order), then TLS extension, then OCSP.
  std::vector<SctCheck> scts;
  // How many of `scts` are SctStatus::kValid.
  int valid_scts = 0;
  // One verdict per ChainCheckOptions::policies entry, in that order.
  std::vector<PolicyResult> policies;
  // Logs of the list that could not be used (their key does not parse).
  std::vector<UnusableLog> unusable_logs;
  // What a careful reviewer should hear about: the leaf expired, expires
  // within 30 days or is not yet valid at `at`; fewer than 2 valid SCTs; no
  // SCT on any channel. One line each, in that order.
  std::vector<std::string> warnings;

  // AllCompliant returns whether every requested policy's rules are met
  // (PolicyResult::compliant; an unenforced verdict still counts its rules).
  bool AllCompliant() const;
};

// CheckChain checks the leaf `chain[0]`, issued by `chain[1]` (further
// certificates are ignored), against `logs` as `options` say. Returns
// kInvalidArgument if the chain has fewer than two certificates, if
// `options.at` is not finite, or if the leaf's validity is inverted; every
// other input yields a result (bad SCTs are results, not errors).
absl::StatusOr<ChainCheck> CheckChain(absl::Span<const Certificate> chain,
                                      const LogList& logs,
                                      const ChainCheckOptions& options);

// CheckChain with `verifiers` already built from `logs` (e.g. once per log
// list by LogVerifierSet::FromLogList, for a caller checking many chains);
// the result's unusable_logs is then empty.
absl::StatusOr<ChainCheck> CheckChain(absl::Span<const Certificate> chain,
                                      const LogList& logs,
                                      const LogVerifierSet& verifiers,
                                      const ChainCheckOptions& options);

}  // namespace ct

#endif  // CT_SCT_POLICY_CHECK_CHAIN_H_
