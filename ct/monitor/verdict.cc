#include "ct/monitor/verdict.h"

#include <algorithm>
#include <cstdint>
#include <limits>

#include "absl/strings/match.h"

namespace ct {

absl::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kExpected:
      return "expected";
    case Verdict::kUnexpected:
      return "unexpected";
    case Verdict::kAuthorized:
      return "authorized";
  }
  return "unknown";
}

absl::string_view ReasonName(Reason reason) {
  switch (reason) {
    case Reason::kIssuerNotExpected:
      return "issuer_not_expected";
    case Reason::kWildcardNotAllowed:
      return "wildcard_not_allowed";
    case Reason::kLifetimeExceedsMax:
      return "lifetime_exceeds_max";
  }
  return "unknown";
}

int64_t ValidityDays(absl::Time not_before, absl::Time not_after) {
  constexpr int64_t kDay = 86400;
  int64_t seconds = absl::ToInt64Seconds(not_after - not_before);
  if (seconds < 0) return 0;
  if (seconds > std::numeric_limits<int64_t>::max() - kDay) {
    return std::numeric_limits<int64_t>::max() / kDay;
  }
  seconds += 1;  // both ends count
  return (seconds + kDay - 1) / kDay;
}

Assessment Assess(const WatchList& list, absl::Span<const WatchMatch> matches,
                  const CertFacts& facts, bool authorized) {
  Assessment out;
  const std::vector<WatchItem>& items = list.items();
  int64_t days = ValidityDays(facts.not_before, facts.not_after);
  for (const WatchMatch& m : matches) {
    if (m.item >= items.size()) continue;
    const Expectations& expect = items[m.item].expect;
    if (!expect.issuer_orgs.empty()) {
      bool found = false;
      for (absl::string_view have : facts.issuer_orgs) {
        for (const std::string& want : expect.issuer_orgs) {
          if (absl::EqualsIgnoreCase(have, want)) found = true;
        }
      }
      if (!found) out.failures.push_back({m.item, Reason::kIssuerNotExpected});
    }
    if (expect.wildcard_allowed == false && m.wildcard) {
      out.failures.push_back({m.item, Reason::kWildcardNotAllowed});
    }
    if (expect.max_days.has_value() && days > *expect.max_days) {
      out.failures.push_back({m.item, Reason::kLifetimeExceedsMax});
    }
  }
  std::sort(out.failures.begin(), out.failures.end(),
            [](const ExpectationFailure& a, const ExpectationFailure& b) {
              return a.item != b.item ? a.item < b.item : a.reason < b.reason;
            });
  out.failures.erase(std::unique(out.failures.begin(), out.failures.end()),
                     out.failures.end());
  for (const ExpectationFailure& f : out.failures) out.reasons.push_back(f.reason);
  std::sort(out.reasons.begin(), out.reasons.end());
  out.reasons.erase(std::unique(out.reasons.begin(), out.reasons.end()),
                    out.reasons.end());
  if (authorized) {
    out.verdict = Verdict::kAuthorized;
  } else if (!out.failures.empty()) {
    out.verdict = Verdict::kUnexpected;
  }
  return out;
}

}  // namespace ct
