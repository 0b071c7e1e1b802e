#include "ct/sct/policy/ct_policy.h"

#include <algorithm>
#include <cstddef>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "ct/merkle/hash.h"

namespace ct {

namespace {

constexpr absl::Duration kDay = absl::Hours(24);

// Chrome: ct_policy.md "Enforcement timeout"; Chromium IsLogDataTimely uses
// `(now - list).InDays() < 70`, i.e. timely iff now - list < 70 days.
constexpr absl::Duration kChromeLogListMaxAge = absl::Hours(70 * 24);
// Chrome: lifetime > 180 days needs 3 logs (Chromium compares with `>`).
constexpr absl::Duration kChromeShortLifetime = absl::Hours(180 * 24);

constexpr absl::string_view kChromeVersion = "2026-04-15";
constexpr absl::string_view kAppleVersion = "2026";

absl::Time SctTime(uint64_t timestamp_ms) {
  if (timestamp_ms >
      static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return absl::InfiniteFuture();
  }
  return absl::FromUnixMillis(static_cast<int64_t>(timestamp_ms));
}

std::string Rfc3339Ms(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", t, absl::UTCTimeZone());
}

// "180 days", "180 days 1s", "97 days 2h30m".
std::string FormatLifetime(absl::Duration d) {
  int64_t days = absl::IDivDuration(d, kDay, &d);
  if (d == absl::ZeroDuration()) return absl::StrFormat("%d days", days);
  return absl::StrFormat("%d days %s", days, absl::FormatDuration(d));
}

std::string LogName(const LogInfo& log) {
  if (!log.description.empty()) return log.description;
  return HashToBase64(log.log_id);
}

std::string IdName(const LogId& id) { return HashToBase64(id); }

// Reason adds one reason line with its code.
void Reason(PolicyResult& result, CtReason code, std::string text) {
  result.reasons.push_back(std::move(text));
  result.reason_codes.push_back(code);
}

// How a log stands at the evaluation time.
enum class Standing {
  kNotAccepted,  // pending, rejected, or no state: never counts
  kActive,       // qualified, usable, readonly (or retiring in the future)
  kRetired,      // retired at or before the evaluation time
};

Standing StandingAt(const LogInfo& log, absl::Time at) {
  switch (log.state) {
    case LogState::kQualified:
    case LogState::kUsable:
    case LogState::kReadOnly:
      return Standing::kActive;
    case LogState::kRetired:
      // Chromium IsLogDisqualified: disqualified iff now >= retirement.
      return at >= log.state_timestamp ? Standing::kRetired
                                       : Standing::kActive;
    case LogState::kNone:
    case LogState::kPending:
    case LogState::kRejected:
      return Standing::kNotAccepted;
  }
  return Standing::kNotAccepted;
}

// One valid SCT from a known, accepted log, not from the future.
struct Candidate {
  size_t index;  // position in the caller's list, for messages
  const LogInfo* log;
  absl::Time time;
  SctSource source;
  Standing standing;

  bool active() const { return standing == Standing::kActive; }
  bool embedded() const { return source == SctSource::kEmbedded; }
  // Whether the SCT predates the log's retirement (always true if active).
  bool BeforeRetirement() const {
    return active() || time < log->state_timestamp;
  }
};

std::string SctLabel(size_t index, SctSource source, const LogInfo* log,
                     const LogId& id) {
  return absl::StrFormat("SCT #%d (%s, %s)", index, SctSourceName(source),
                         log ? LogName(*log) : IdName(id));
}

std::string SctLabel(const Candidate& c) {
  return SctLabel(c.index, c.source, c.log, c.log->log_id);
}

// Step 1 of both policies: drop SCTs that can never count, with a note each.
// Results without an SCT are skipped here (and not numbered).
std::vector<Candidate> Candidates(const CertificateValidity& cert,
                                  absl::Span<const SctVerification> scts,
                                  const LogList& logs, absl::Time at,
                                  PolicyResult& result) {
  std::vector<Candidate> out;
  size_t i = 0;
  for (const SctVerification& sct : scts) {
    if (!sct.sct.has_value()) continue;
    const LogInfo* log = logs.FindLog(sct.log_id);
    std::string label = SctLabel(i++, sct.source, log, sct.log_id);
    // Anything but kValid: bad signature, unknown log, unsupported algorithm,
    // a timestamp after the verification time, a TBS that does not splice.
    if (sct.status != SctStatus::kValid) {
      result.notes.push_back(
          absl::StrCat(label, ": not verified (bad signature, unknown log or unsupported algorithm), ignored"));
      continue;
    }
    if (log == nullptr) {
      result.notes.push_back(
          absl::StrCat(label, ": log not in the log list, ignored"));
      continue;
    }
    absl::Time t = SctTime(sct.timestamp_ms);
    if (t > at) {
      result.notes.push_back(absl::StrFormat(
          "%s: timestamp %d ms is after the evaluation time %s, ignored",
          label, sct.timestamp_ms, Rfc3339Ms(at)));
      continue;
    }
    Standing standing = StandingAt(*log, at);
    if (standing == Standing::kNotAccepted) {
      result.notes.push_back(absl::StrFormat(
          "%s: log state is %s, never counts", label,
          LogStateName(log->state)));
      continue;
    }
    if (log->temporal_interval &&
        !log->temporal_interval->Contains(cert.not_after)) {
      // Neither Chromium nor Apple's policy text checks this at the client;
      // the log itself should have refused the certificate.
      result.notes.push_back(absl::StrCat(
          label,
          ": certificate notAfter is outside the log's temporal interval "
          "(not checked by the policy; the SCT still counts)"));
    }
    out.push_back(Candidate{i - 1, log, t, sct.source, standing});
  }
  return out;
}

// Keeps the earliest SCT per log among `picked`, noting the duplicates.
std::map<LogId, Candidate> OnePerLog(const std::vector<Candidate>& picked,
                                     PolicyResult& result) {
  std::map<LogId, Candidate> by_log;
  for (const Candidate& c : picked) {
    auto it = by_log.find(c.log->log_id);
    if (it == by_log.end()) {
      by_log.emplace(c.log->log_id, c);
      continue;
    }
    const Candidate& kept = it->second.time <= c.time ? it->second : c;
    const Candidate& dropped = it->second.time <= c.time ? c : it->second;
    result.notes.push_back(absl::StrFormat(
        "%s: another SCT from the same log (#%d) already counts; one SCT per "
        "log counts",
        SctLabel(dropped), kept.index));
    if (&kept == &c) it->second = c;
  }
  return by_log;
}

std::set<std::string> Operators(const std::map<LogId, Candidate>& by_log) {
  std::set<std::string> ops;
  for (const auto& entry : by_log) {
    ops.insert(OperatorAt(*entry.second.log, entry.second.time));
  }
  return ops;
}

std::string OperatorList(const std::set<std::string>& ops) {
  return absl::StrCat("[", absl::StrJoin(ops, ", "), "]");
}

// --- Chrome ------------------------------------------------------------------
//
// ct_policy.md ("CT Policy" section) and Chromium
// chrome_ct_policy_enforcer.cc CheckCTPolicyCompliance. Steps:
//  1. Enforcement: the log list must be younger than 70 days.
//  2. Issuance date: the earliest SCT from a log not retired at `at`.
//  3. Embedded path: >= 1 embedded SCT from a Qualified/Usable/ReadOnly log;
//     embedded SCTs from >= N distinct logs that are Q/U/RO, or Retired with
//     both the issuance date and the SCT before retirement (N = 2 if the
//     lifetime is <= 180 days, else 3); those logs' operators (at SCT time)
//     number >= 2.
//  4. TLS/OCSP path: SCTs delivered by TLS or OCSP from >= 2 distinct
//     Q/U/RO logs of >= 2 operators.
void EvaluateChrome(const CertificateValidity& cert,
                    const std::vector<Candidate>& candidates,
                    const LogList& logs, absl::Time at,
                    PolicyResult& result) {
  // Step 1.
  if (!logs.timestamp().has_value()) {
    result.enforced = false;
    Reason(result, CtReason::kLogListUndated,
        "not enforced: the log list has no log_list_timestamp, so its age "
        "is unknown");
  } else if (at - *logs.timestamp() >= kChromeLogListMaxAge) {
    result.enforced = false;
    Reason(result, CtReason::kLogListStale, absl::StrFormat(
        "not enforced: the log list (log_list_timestamp %s) is %s old at %s; "
        "Chrome stops enforcing CT when it is 70 days or older",
        Rfc3339Ms(*logs.timestamp()),
        FormatLifetime(at - *logs.timestamp()), Rfc3339Ms(at)));
  }

  // Step 2.
  absl::Time issuance = absl::InfiniteFuture();
  for (const Candidate& c : candidates) {
    if (c.active()) issuance = std::min(issuance, c.time);
  }

  // Step 3.
  bool has_active_embedded = false;
  std::vector<Candidate> embedded;
  for (const Candidate& c : candidates) {
    if (!c.embedded()) continue;
    has_active_embedded |= c.active();
    if (c.active()) {
      embedded.push_back(c);
      continue;
    }
    absl::Time retired = c.log->state_timestamp;
    if (issuance < retired && c.time < retired) {
      embedded.push_back(c);
    } else {
      result.notes.push_back(absl::StrFormat(
          "%s: log retired at %s; counts only if both the SCT (%s) and the "
          "earliest SCT from a non-retired log (%s) are before that",
          SctLabel(c), Rfc3339Ms(retired), Rfc3339Ms(c.time),
          issuance == absl::InfiniteFuture() ? std::string("none")
                                             : Rfc3339Ms(issuance)));
    }
  }
  std::map<LogId, Candidate> embedded_logs = OnePerLog(embedded, result);
  std::set<std::string> embedded_ops = Operators(embedded_logs);
  absl::Duration lifetime = cert.not_after - cert.not_before;
  bool long_lived = lifetime > kChromeShortLifetime;
  size_t need = long_lived ? 3 : 2;
  bool embedded_ok = has_active_embedded && embedded_logs.size() >= need &&
                     embedded_ops.size() >= 2;

  // Step 4.
  std::vector<Candidate> delivered;
  bool any_delivered = false;
  for (const Candidate& c : candidates) {
    if (c.embedded()) continue;
    any_delivered = true;
    if (c.active()) {
      delivered.push_back(c);
    } else {
      result.notes.push_back(absl::StrCat(
          SctLabel(c),
          ": TLS/OCSP-delivered SCTs count only from logs that are "
          "Qualified, Usable or ReadOnly at the time of check"));
    }
  }
  std::map<LogId, Candidate> delivered_logs = OnePerLog(delivered, result);
  std::set<std::string> delivered_ops = Operators(delivered_logs);
  bool delivered_ok = delivered_logs.size() >= 2 && delivered_ops.size() >= 2;

  result.compliant = embedded_ok || delivered_ok;
  // Chromium CheckCTPolicyCompliance: enough logs on a path that lacks only
  // operator diversity is "not diverse"; an undated or stale list wins.
  const bool only_diversity =
      (has_active_embedded && embedded_logs.size() >= need) ||
      delivered_logs.size() >= 2;
  result.compliance = !result.enforced ? CtCompliance::kLogListStale
                      : result.compliant ? CtCompliance::kCompliant
                      : only_diversity  ? CtCompliance::kNotDiverseScts
                                        : CtCompliance::kNotEnoughScts;
  std::string lifetime_text = absl::StrFormat(
      "lifetime %s %s 180 days", FormatLifetime(lifetime),
      long_lived ? ">" : "<=");
  if (embedded_ok) {
    Reason(result, CtReason::kCompliantEmbedded, absl::StrFormat(
        "compliant via embedded SCTs: %d distinct logs (need %d, %s) from "
        "%d operators %s",
        embedded_logs.size(), need, lifetime_text, embedded_ops.size(),
        OperatorList(embedded_ops)));
  }
  if (delivered_ok) {
    Reason(result, CtReason::kCompliantTlsOcsp, absl::StrFormat(
        "compliant via TLS/OCSP-delivered SCTs: %d distinct Qualified/Usable/"
        "ReadOnly logs from %d operators %s",
        delivered_logs.size(), delivered_ops.size(),
        OperatorList(delivered_ops)));
  }
  if (result.compliant) return;

  if (candidates.empty()) {
    Reason(result, CtReason::kNoValidSct,
        "no valid SCT from a log in the log list (Qualified, Usable, "
        "ReadOnly or Retired)");
  }
  if (!has_active_embedded) {
    Reason(result, CtReason::kNoCurrentEmbeddedSct,
        "embedded: no embedded SCT from a log that is Qualified, Usable or "
        "ReadOnly at the time of check");
  }
  if (embedded_logs.size() < need) {
    Reason(result, CtReason::kTooFewEmbeddedLogs, absl::StrFormat(
        "embedded: SCTs from %d distinct qualifying log(s), need %d (%s)",
        embedded_logs.size(), need, lifetime_text));
  }
  if (embedded_ops.size() < 2) {
    Reason(result, CtReason::kTooFewEmbeddedOperators, absl::StrFormat(
        "embedded: counted SCTs come from %d operator(s) %s, need 2",
        embedded_ops.size(), OperatorList(embedded_ops)));
  }
  if (any_delivered) {
    Reason(result, CtReason::kTlsOcspNotMet, absl::StrFormat(
        "TLS/OCSP: SCTs from %d distinct Qualified/Usable/ReadOnly log(s) of "
        "%d operator(s) %s, need 2 logs of 2 operators",
        delivered_logs.size(), delivered_ops.size(),
        OperatorList(delivered_ops)));
  }
}

// --- Apple -------------------------------------------------------------------
//
// support.apple.com/103214. "Currently approved" = Qualified, Usable or
// ReadOnly at the time of check; "once approved" = Retired, for an SCT
// issued before the retirement. Steps:
//  1. SCTs from >= 2 distinct once- or currently approved logs.
//  2a. >= 2 distinct currently approved logs, one SCT delivered by TLS/OCSP;
//  2b. or >= 1 embedded SCT from a currently approved log, and embedded SCTs
//      from distinct once/currently approved logs, at most `cap` per operator
//      counting, >= the table's number for the lifetime (inclusive, in days
//      of 86,400 s, any remainder counting as a day): <= 180 days: 2, cap 1;
//      181..398 days: 3, cap 2; longer: no row, not compliant.
//  3. >= 1 SCT from a once/currently approved RFC 6962 (non-tiled) log.
void EvaluateApple(const CertificateValidity& cert,
                   const std::vector<Candidate>& candidates,
                   PolicyResult& result) {
  std::vector<Candidate> approved;
  for (const Candidate& c : candidates) {
    if (c.BeforeRetirement()) {
      approved.push_back(c);
    } else {
      result.notes.push_back(absl::StrFormat(
          "%s: SCT (%s) is not before the log's retirement (%s): not from a "
          "once-approved log",
          SctLabel(c), Rfc3339Ms(c.time),
          Rfc3339Ms(c.log->state_timestamp)));
    }
  }
  PolicyResult scratch;  // duplicates are noted once, below
  std::map<LogId, Candidate> approved_logs = OnePerLog(approved, result);

  // Step 1.
  bool step1 = approved_logs.size() >= 2;

  // Step 2a.
  std::vector<Candidate> current;
  bool current_delivered = false;
  for (const Candidate& c : approved) {
    if (!c.active()) continue;
    current.push_back(c);
    current_delivered |= !c.embedded();
  }
  std::map<LogId, Candidate> current_logs = OnePerLog(current, scratch);
  bool step2a = current_logs.size() >= 2 && current_delivered;

  // Step 2b.
  absl::Duration period = cert.not_after - cert.not_before + absl::Seconds(1);
  int64_t days = absl::IDivDuration(period, kDay, &period);
  if (period > absl::ZeroDuration()) ++days;
  bool has_row = days <= 398;
  size_t need = days <= 180 ? 2 : 3;
  size_t cap = days <= 180 ? 1 : 2;
  bool current_embedded = false;
  std::vector<Candidate> embedded;
  for (const Candidate& c : approved) {
    if (!c.embedded()) continue;
    embedded.push_back(c);
    current_embedded |= c.active();
  }
  std::map<LogId, Candidate> embedded_logs = OnePerLog(embedded, scratch);
  std::map<std::string, size_t> per_operator;
  for (const auto& entry : embedded_logs) {
    ++per_operator[OperatorAt(*entry.second.log, entry.second.time)];
  }
  size_t counted = 0;
  for (const auto& op : per_operator) counted += std::min(op.second, cap);
  bool step2b = has_row && current_embedded && counted >= need;

  // Step 3.
  bool rfc6962 = false;
  for (const Candidate& c : approved) rfc6962 |= c.log->api == LogApi::kRfc6962;

  result.compliant = step1 && (step2a || step2b) && rfc6962;
  // Enough distinct logs, but the per-operator cap or the RFC 6962 rule is
  // what fails: "not diverse", as Chromium names it.
  const bool counts_met =
      step1 && (step2a || (has_row && current_embedded &&
                           embedded_logs.size() >= need));
  result.compliance = result.compliant ? CtCompliance::kCompliant
                      : counts_met     ? CtCompliance::kNotDiverseScts
                                       : CtCompliance::kNotEnoughScts;
  std::string lifetime_text =
      absl::StrFormat("lifetime %d days (inclusive)", days);
  if (result.compliant) {
    Reason(result, CtReason::kCompliant, absl::StrFormat(
        "compliant: SCTs from %d once/currently approved logs, at least one "
        "from an RFC 6962 log",
        approved_logs.size()));
    if (step2a) {
      Reason(result, CtReason::kCompliantTlsOcsp, absl::StrFormat(
          "via TLS/OCSP: %d currently approved logs, at least one SCT "
          "delivered by TLS extension or OCSP",
          current_logs.size()));
    }
    if (step2b) {
      Reason(result, CtReason::kCompliantEmbedded, absl::StrFormat(
          "via embedded SCTs: %d counting (need %d, at most %d per operator, "
          "%s)",
          counted, need, cap, lifetime_text));
    }
    return;
  }
  if (!step1) {
    Reason(result, CtReason::kTooFewLogs, absl::StrFormat(
        "SCTs from %d distinct once/currently approved log(s), need 2",
        approved_logs.size()));
  }
  if (!step2a && !step2b) {
    Reason(result, CtReason::kTlsOcspNotMet, absl::StrFormat(
        "TLS/OCSP: %d distinct currently approved log(s), %s TLS/OCSP-"
        "delivered SCT from one; need 2 logs and one TLS/OCSP SCT",
        current_logs.size(), current_delivered ? "with a" : "without any"));
    if (!has_row) {
      Reason(result, CtReason::kLifetimeTooLong, absl::StrFormat(
          "embedded: %s exceeds 398 days; Apple's table has no row for it",
          lifetime_text));
    } else {
      if (!current_embedded) {
        Reason(result, CtReason::kNoCurrentEmbeddedSct,
            "embedded: no embedded SCT from a currently approved log");
      }
      if (counted < need) {
        Reason(result, CtReason::kTooFewEmbeddedLogs, absl::StrFormat(
            "embedded: %d SCT(s) counting from distinct logs (at most %d per "
            "operator), need %d (%s)",
            counted, cap, need, lifetime_text));
      }
    }
  }
  if (!rfc6962) {
    Reason(result, CtReason::kNoRfc6962Log,
        "no SCT from a once/currently approved RFC 6962 (non-tiled) log");
  }
}

}  // namespace

absl::string_view CtComplianceName(CtCompliance compliance) {
  switch (compliance) {
    case CtCompliance::kCompliant:
      return "compliant";
    case CtCompliance::kNotEnoughScts:
      return "not_enough_scts";
    case CtCompliance::kNotDiverseScts:
      return "not_diverse_scts";
    case CtCompliance::kLogListStale:
      return "log_list_stale";
  }
  return "unknown";
}

absl::string_view CtReasonName(CtReason reason) {
  switch (reason) {
    case CtReason::kCompliant:
      return "compliant";
    case CtReason::kCompliantEmbedded:
      return "compliant_embedded";
    case CtReason::kCompliantTlsOcsp:
      return "compliant_tls_ocsp";
    case CtReason::kLogListUndated:
      return "log_list_undated";
    case CtReason::kLogListStale:
      return "log_list_stale";
    case CtReason::kNoValidSct:
      return "no_valid_sct";
    case CtReason::kTooFewLogs:
      return "too_few_logs";
    case CtReason::kNoCurrentEmbeddedSct:
      return "no_current_embedded_sct";
    case CtReason::kTooFewEmbeddedLogs:
      return "too_few_embedded_logs";
    case CtReason::kTooFewEmbeddedOperators:
      return "too_few_embedded_operators";
    case CtReason::kTlsOcspNotMet:
      return "tls_ocsp_not_met";
    case CtReason::kLifetimeTooLong:
      return "lifetime_too_long";
    case CtReason::kNoRfc6962Log:
      return "no_rfc6962_log";
    case CtReason::kMalformedSctData:
      return "malformed_sct_data";
  }
  return "unknown";
}

absl::string_view CtPolicyName(CtPolicy policy) {
  switch (policy) {
    case CtPolicy::kChrome2026:
      return "chrome";
    case CtPolicy::kApple2026:
      return "apple";
  }
  return "unknown";
}

absl::string_view CtPolicyVersion(CtPolicy policy) {
  switch (policy) {
    case CtPolicy::kChrome2026:
      return kChromeVersion;
    case CtPolicy::kApple2026:
      return kAppleVersion;
  }
  return "unknown";
}

absl::StatusOr<CtPolicy> CtPolicyFromName(absl::string_view name) {
  for (CtPolicy p : {CtPolicy::kChrome2026, CtPolicy::kApple2026}) {
    if (name == absl::StrCat(CtPolicyName(p), "/", CtPolicyVersion(p))) {
      return p;
    }
  }
  if (name == "chrome") return kChromeCurrent;
  if (name == "apple") return kAppleCurrent;
  return absl::InvalidArgumentError(absl::StrFormat(
      "unknown CT policy \"%s\" (want chrome, apple, chrome/%s or apple/%s)",
      name, kChromeVersion, kAppleVersion));
}

absl::StatusOr<PolicyResult> EvaluateCtPolicy(
    CtPolicy policy, const CertificateValidity& cert,
    absl::Span<const SctVerification> scts, const LogList& logs,
    absl::Time at) {
  const absl::Time kInfinities[] = {absl::InfinitePast(),
                                    absl::InfiniteFuture()};
  for (absl::Time inf : kInfinities) {
    if (cert.not_before == inf || cert.not_after == inf || at == inf) {
      return absl::InvalidArgumentError(
          "certificate validity and evaluation time must be finite");
    }
  }
  if (cert.not_after < cert.not_before) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "certificate notAfter %s is before notBefore %s",
        Rfc3339Ms(cert.not_after), Rfc3339Ms(cert.not_before)));
  }
  PolicyResult result;
  result.policy = std::string(CtPolicyName(policy));
  result.version = std::string(CtPolicyVersion(policy));
  std::vector<Candidate> candidates = Candidates(cert, scts, logs, at, result);
  switch (policy) {
    case CtPolicy::kChrome2026:
      EvaluateChrome(cert, candidates, logs, at, result);
      break;
    case CtPolicy::kApple2026:
      EvaluateApple(cert, candidates, result);
      break;
  }
  // SCT lists that did not parse: nothing to count, but the client saw them.
  for (const SctVerification& sct : scts) {
    if (sct.sct.has_value()) continue;
    Reason(result, CtReason::kMalformedSctData,
           absl::StrCat("malformed SCT data (", SctSourceName(sct.source),
                        "): ", sct.detail.message()));
  }
  return result;
}

}  // namespace ct
