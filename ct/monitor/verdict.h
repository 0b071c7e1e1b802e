// File: ct/monitor/verdict.h
// -----------------------------------------------------------------------------
// From the watch items a certificate matched, and facts about it, to a
// verdict: `expected`, `unexpected` (with reason codes) or `authorized`.
//
// Combination rule: each matched item's expectations are checked on their
// own; the certificate is unexpected if ANY matched item's expectations fail,
// and the reasons are the union over those items (an item without
// expectations never fails). `authorized` (the monitor found the TBS or key
// among those the owner authorized) wins over both, and still reports the
// reasons so that `--all` can show them. docs/monitor.md has the table.
//
// Example:
//   std::vector<ct::WatchMatch> matches = list.Match(ids);
//   ct::CertFacts facts{{"Let's Encrypt"}, cert.not_before(), cert.not_after()};
//   ct::Assessment a = ct::Assess(list, matches, facts, /*authorized=*/false);
//   if (a.verdict == ct::Verdict::kUnexpected) { ... ct::ReasonName(...) ... }
#ifndef CT_MONITOR_VERDICT_H_
#define CT_MONITOR_VERDICT_H_

#include <cstddef>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "ct/monitor/watch_list.h"

namespace ct {

// Verdict is what a certificate alert says; VerdictName gives its stable
// name for JSON and logs.
enum class Verdict {
  kExpected,    // "expected"
  kUnexpected,  // "unexpected"
  kAuthorized,  // "authorized"
};

// Reason is why a certificate is unexpected; ReasonName gives its stable
// name. Enumerators are in the order reasons are reported.
enum class Reason {
  kIssuerNotExpected,   // "issuer_not_expected": no issuer O is in issuer=
  kWildcardNotAllowed,  // "wildcard_not_allowed": wildcard=no, wildcard matched
  kLifetimeExceedsMax,  // "lifetime_exceeds_max": validity > max-days
};

// VerdictName returns "expected", "unexpected" or "authorized".
absl::string_view VerdictName(Verdict verdict);
// ReasonName returns "issuer_not_expected", "wildcard_not_allowed" or
// "lifetime_exceeds_max".
absl::string_view ReasonName(Reason reason);

// CertFacts are the facts about a certificate that expectations check.
// Views: the caller keeps the viewed strings alive during Assess.
struct CertFacts {
  // issuer_orgs: the O attribute values of the issuer Name of the TBS the
  // log signed (for a precertificate from a PSC, the real CA's).
  std::vector<absl::string_view> issuer_orgs;
  absl::Time not_before;
  absl::Time not_after;
};

// ExpectationFailure says which matched item's expectation failed.
struct ExpectationFailure {
  size_t item = 0;  // index into WatchList::items()
  Reason reason = Reason::kIssuerNotExpected;

  friend bool operator==(const ExpectationFailure& a,
                         const ExpectationFailure& b) {
    return a.item == b.item && a.reason == b.reason;
  }
};

// Assessment is the verdict on one certificate.
struct Assessment {
  Verdict verdict = Verdict::kExpected;
  std::vector<Reason> reasons;  // distinct, in enum order
  std::vector<ExpectationFailure> failures;  // by item, then reason
};

// ValidityDays returns the length of notBefore..notAfter counting both ends
// (RFC 5280 §4.1.2.5; the CA/B Forum's "validity period"), in days, rounded
// up: a Let's Encrypt certificate (notAfter = notBefore + 90d - 1s) is 90.
int64_t ValidityDays(absl::Time not_before, absl::Time not_after);

// Assess checks the expectations of each item in `matches` (from
// `list.Match`) against `facts`, and combines them (file comment). Matches
// whose item is not in `list` are ignored. `authorized` makes the verdict
// kAuthorized whatever the reasons.
Assessment Assess(const WatchList& list, absl::Span<const WatchMatch> matches,
                  const CertFacts& facts, bool authorized);

}  // namespace ct

#endif  // CT_MONITOR_VERDICT_H_
