#include "ct/sct/policy/check_chain.h"

#include <cstdint>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ct/base/errors.h"

namespace ct {

namespace {

// A leaf this close to expiry gets a warning.
constexpr absl::Duration kExpiryWarning = absl::Hours(24 * 30);

std::string Rfc3339(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

}  // namespace

bool ChainCheck::AllCompliant() const {
  for (const PolicyResult& p : policies) {
    if (!p.compliant) return false;
  }
  return true;
}

absl::StatusOr<ChainCheck> CheckChain(absl::Span<const Certificate> chain,
                                      const LogList& logs,
                                      const ChainCheckOptions& options) {
  std::vector<UnusableLog> unusable;
  const LogVerifierSet verifiers = LogVerifierSet::FromLogList(logs, &unusable);
  absl::StatusOr<ChainCheck> check = CheckChain(chain, logs, verifiers, options);
  if (check.ok()) check->unusable_logs = std::move(unusable);
  return check;
}

absl::StatusOr<ChainCheck> CheckChain(absl::Span<const Certificate> chain,
                                      const LogList& logs,
                                      const LogVerifierSet& verifiers,
                                      const ChainCheckOptions& options) {
  if (chain.size() < 2) {
    return MalformedError(
        "certificate chain",
        absl::StrFormat("%d certificate(s); the leaf's issuer is needed",
                        chain.size()));
  }
  if (options.at == absl::InfinitePast() || options.at == absl::InfiniteFuture()) {
    // The same words as EvaluateCtPolicy, which checks it too.
    return absl::InvalidArgumentError(
        "certificate validity and evaluation time must be finite");
  }
  const Certificate& leaf = chain[0];
  const Certificate& issuer = chain[1];
  const absl::Time at = options.at;

  // Step 1: every SCT of the leaf, verified as of `at`.
  SctInputs inputs;
  inputs.tls_extension = options.tls_scts;
  inputs.ocsp_response = options.ocsp_response;
  std::vector<SctVerification> results =
      VerifyCertificateScts(leaf, issuer, verifiers, at, inputs);

  // Step 2: each requested policy over those results (checks `at` and the
  // validity, so it runs before anything else is built).
  ChainCheck check;
  const CertificateValidity validity{leaf.not_before(), leaf.not_after()};
  for (CtPolicy policy : options.policies) {
    CT_ASSIGN_OR_RETURN(PolicyResult verdict,
                        EvaluateCtPolicy(policy, validity, results, logs, at));
    check.policies.push_back(std::move(verdict));
  }

  // Step 3: the per-SCT view, with each SCT's log and its operator then.
  check.scts.reserve(results.size());
  for (SctVerification& r : results) {
    SctCheck sct;
    sct.log = r.sct ? logs.FindLog(r.log_id) : nullptr;
    if (sct.log != nullptr) {
      sct.operator_name = OperatorAt(
          *sct.log, absl::FromUnixMillis(static_cast<int64_t>(r.timestamp_ms)));
    }
    if (r.status == SctStatus::kValid) ++check.valid_scts;
    sct.verification = std::move(r);
    check.scts.push_back(std::move(sct));
  }

  // Step 4: warnings.
  if (at > leaf.not_after()) {
    check.warnings.push_back(
        absl::StrCat("the certificate expired at ", Rfc3339(leaf.not_after())));
  } else if (leaf.not_after() - at < kExpiryWarning) {
    check.warnings.push_back(absl::StrCat("the certificate expires within 30 days (",
                                          Rfc3339(leaf.not_after()), ")"));
  }
  if (at < leaf.not_before()) {
    check.warnings.push_back(absl::StrCat("the certificate is not valid before ",
                                          Rfc3339(leaf.not_before())));
  }
  if (check.valid_scts < 2) {
    check.warnings.push_back(
        absl::StrCat("fewer than 2 valid SCTs (", check.valid_scts, ")"));
  }
  if (check.scts.empty()) check.warnings.push_back("no SCTs found on any channel");
  return check;
}

}  // namespace ct
