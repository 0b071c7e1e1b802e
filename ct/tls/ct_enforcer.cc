#include "ct/tls/ct_enforcer.h"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <iterator>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ct/sct/loglist/log_list_signature.h"
#include "ct/sct/loglist/parse_log_list.h"

namespace ct {
namespace {

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return absl::DataLossError(absl::StrCat("error reading ", path));
  return data;
}

std::string Rfc3339(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

// CountsForOperators says whether a valid SCT from `log` counts towards
// kDistinctOperators: the log is qualified, usable or read-only, or was
// retired after the SCT was issued.
bool CountsForOperators(const LogInfo& log, absl::Time sct_time) {
  switch (log.state) {
    case LogState::kQualified:
    case LogState::kUsable:
    case LogState::kReadOnly:
      return true;
    case LogState::kRetired:
      return sct_time < log.state_timestamp;
    default:
      return false;
  }
}

// DistinctOperators evaluates kDistinctOperators over `scts`.
PolicyResult DistinctOperators(const std::vector<SctCheck>& scts, int min_operators) {
  PolicyResult result;
  result.policy = "operators";
  result.version = absl::StrCat(min_operators);
  std::set<LogId> logs;
  std::set<std::string> operators;
  int index = 0;
  for (const SctCheck& s : scts) {
    if (!s.verification.sct) {
      result.reasons.push_back("an SCT list did not parse");
      result.reason_codes.push_back(CtReason::kMalformedSctData);
      continue;
    }
    const int n = index++;
    if (s.verification.status != SctStatus::kValid) {
      result.notes.push_back(absl::StrCat("SCT #", n, ": ", SctStatusName(s.verification.status)));
      continue;
    }
    if (s.log == nullptr) continue;  // a valid SCT needs a known log
    const absl::Time sct_time = absl::FromUnixMillis(s.verification.timestamp_ms);
    if (!CountsForOperators(*s.log, sct_time)) {
      result.notes.push_back(absl::StrCat("SCT #", n, ": log \"", s.log->description,
                                          "\" is ", LogStateName(s.log->state)));
      continue;
    }
    if (!logs.insert(s.log->log_id).second) {
      result.notes.push_back(absl::StrCat("SCT #", n, ": duplicate log"));
      continue;
    }
    operators.insert(s.operator_name);
  }
  result.compliant = static_cast<int>(operators.size()) >= min_operators;
  if (result.compliant) {
    result.compliance = CtCompliance::kCompliant;
    result.reasons.insert(result.reasons.begin(),
                          absl::StrCat("valid SCTs from ", operators.size(),
                                       " distinct operators (", min_operators, " required)"));
    result.reason_codes.insert(result.reason_codes.begin(), CtReason::kCompliant);
  } else {
    result.compliance = logs.empty() ? CtCompliance::kNotEnoughScts
                        : static_cast<int>(logs.size()) >= min_operators
                            ? CtCompliance::kNotDiverseScts
                            : CtCompliance::kNotEnoughScts;
    result.reasons.push_back(absl::StrCat("valid SCTs from ", logs.size(), " logs of ",
                                          operators.size(), " distinct operators; ",
                                          min_operators, " operators required"));
    result.reason_codes.push_back(logs.empty() ? CtReason::kNoValidSct : CtReason::kTooFewLogs);
  }
  return result;
}

}  // namespace

// --- LogListSource -----------------------------------------------------------

absl::StatusOr<std::shared_ptr<LogListSource>> LogListSource::Load(LogListFile file) {
  if (!file.public_key.empty() && file.signature_path.empty()) {
    return absl::InvalidArgumentError("a log list public key needs a signature file");
  }
  std::shared_ptr<LogListSource> source(new LogListSource());
  source->file_ = std::move(file);
  absl::Status s = source->Reload();
  if (!s.ok()) return s;
  return source;
}

absl::StatusOr<std::shared_ptr<LogListSource>> LogListSource::FromJson(absl::string_view json) {
  std::shared_ptr<LogListSource> source(new LogListSource());
  absl::Status s = source->Install(json, {});
  if (!s.ok()) return s;
  return source;
}

absl::Status LogListSource::Reload() {
  if (file_.json_path.empty()) {
    return absl::FailedPreconditionError("this log list source was not loaded from a file");
  }
  absl::StatusOr<std::string> json = ReadWholeFile(file_.json_path);
  if (!json.ok()) return json.status();
  std::string signature;
  if (!file_.signature_path.empty()) {
    absl::StatusOr<std::string> sig = ReadWholeFile(file_.signature_path);
    if (!sig.ok()) return sig.status();
    signature = *std::move(sig);
  }
  return Install(*json, signature);
}

absl::Status LogListSource::Replace(absl::string_view json, absl::string_view signature) {
  return Install(json, signature);
}

absl::Status LogListSource::Install(absl::string_view json, absl::string_view signature) {
  if (!file_.public_key.empty()) {
    absl::Status s = VerifyLogListSignature(json, signature, file_.public_key);
    if (!s.ok()) return s;
  }
  absl::StatusOr<LogList> list = ParseLogList(json);
  if (!list.ok()) return list.status();
  std::vector<UnusableLog> unusable;
  LogVerifierSet verifiers = LogVerifierSet::FromLogList(*list, &unusable);
  auto snapshot = std::make_shared<const LogListSnapshot>(
      LogListSnapshot{*std::move(list), std::move(verifiers), std::move(unusable)});
  std::atomic_store(&current_, std::shared_ptr<const LogListSnapshot>(std::move(snapshot)));
  return absl::OkStatus();
}

std::shared_ptr<const LogListSnapshot> LogListSource::Snapshot() const {
  return std::atomic_load(&current_);
}

// --- CtEnforcer --------------------------------------------------------------

absl::string_view CtVerdictName(CtVerdict verdict) {
  switch (verdict) {
    case CtVerdict::kCompliant:
      return "compliant";
    case CtVerdict::kNotCompliant:
      return "not_compliant";
    case CtVerdict::kNotRequired:
      return "not_required";
    case CtVerdict::kLogListStale:
      return "log_list_stale";
  }
  return "unknown";
}

std::function<bool(absl::Span<const Certificate>)> ExemptPrivateRoots(
    std::vector<Hash> root_spki_sha256) {
  std::sort(root_spki_sha256.begin(), root_spki_sha256.end());
  return [roots = std::move(root_spki_sha256)](absl::Span<const Certificate> chain) {
    if (chain.empty()) return true;
    return !std::binary_search(roots.begin(), roots.end(), chain.back().SpkiHash());
  };
}

absl::StatusOr<std::shared_ptr<const CtEnforcer>> CtEnforcer::Create(CtEnforcerOptions options) {
  if (options.log_list == nullptr) {
    return absl::InvalidArgumentError("CtEnforcerOptions.log_list is required");
  }
  if (options.min_operators < 1) {
    return absl::InvalidArgumentError("CtEnforcerOptions.min_operators must be >= 1");
  }
  if (options.max_log_list_age < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("CtEnforcerOptions.max_log_list_age must be >= 0");
  }
  return std::shared_ptr<const CtEnforcer>(new CtEnforcer(std::move(options)));
}

CtEnforcement CtEnforcer::Check(absl::Span<const ByteSpan> chain_der, ByteSpan tls_scts,
                                ByteSpan ocsp_response, absl::Time at) const {
  CtEnforcement out;
  // Every return below goes through `decide`, which sets `allowed`.
  auto decide = [&](CtVerdict verdict, std::string message) {
    out.verdict = verdict;
    out.message = std::move(message);
    switch (verdict) {
      case CtVerdict::kCompliant:
      case CtVerdict::kNotRequired:
        out.allowed = true;
        break;
      case CtVerdict::kNotCompliant:
        out.allowed = !options_.enforce;
        break;
      case CtVerdict::kLogListStale:
        out.allowed = !options_.enforce || !options_.fail_closed_on_stale_list;
        break;
    }
    return out;
  };

  // The policy needs the leaf and its issuer; the exemption predicate, if
  // any, sees the whole chain.
  const size_t parse = options_.ct_required ? chain_der.size() : std::min<size_t>(2, chain_der.size());
  std::vector<Certificate> chain;
  chain.reserve(parse);
  for (size_t i = 0; i < parse; ++i) {
    absl::StatusOr<Certificate> cert = Certificate::Parse(chain_der[i]);
    if (!cert.ok()) {
      return decide(CtVerdict::kNotCompliant,
                    absl::StrCat("CT not checked: certificate #", i,
                                 " does not parse: ", cert.status().message()));
    }
    chain.push_back(*cert);
  }
  if (options_.ct_required && !options_.ct_required(chain)) {
    return decide(CtVerdict::kNotRequired, "CT not required for this chain");
  }
  if (chain.size() < 2) {
    return decide(CtVerdict::kNotCompliant,
                  "CT not checked: the chain has no issuer for the leaf");
  }

  out.log_list = options_.log_list->Snapshot();
  const LogListSnapshot& snapshot = *out.log_list;
  ChainCheckOptions check_options;
  switch (options_.requirement) {
    case CtRequirement::kChrome:
      check_options.policies = {kChromeCurrent};
      break;
    case CtRequirement::kApple:
      check_options.policies = {kAppleCurrent};
      break;
    case CtRequirement::kDistinctOperators:
      check_options.policies = {};
      break;
  }
  check_options.at = at;
  check_options.tls_scts = tls_scts;
  check_options.ocsp_response = ocsp_response;
  absl::StatusOr<ChainCheck> check =
      CheckChain(chain, snapshot.list, snapshot.verifiers, check_options);
  if (!check.ok()) {
    return decide(CtVerdict::kNotCompliant,
                  absl::StrCat("CT not checked: ", check.status().message()));
  }
  out.scts = std::move(check->scts);
  if (options_.requirement == CtRequirement::kDistinctOperators) {
    out.policy = DistinctOperators(out.scts, options_.min_operators);
  } else {
    out.policy = std::move(check->policies.front());
  }
  const PolicyResult& policy = *out.policy;
  const std::string rule = policy.policy;

  // Staleness is ours to judge (the same for every requirement), before the
  // rules: a stale list decides nothing, as in Chrome.
  const absl::optional<absl::Time> listed = snapshot.list.timestamp();
  if (!listed) {
    return decide(CtVerdict::kLogListStale,
                  absl::StrCat("CT not enforced (", rule, "): the log list has no timestamp"));
  }
  if (at - *listed >= options_.max_log_list_age) {
    return decide(CtVerdict::kLogListStale,
                  absl::StrCat("CT not enforced (", rule, "): the log list of ", Rfc3339(*listed),
                               " is older than ", absl::FormatDuration(options_.max_log_list_age)));
  }
  if (policy.compliant) {
    return decide(CtVerdict::kCompliant, absl::StrCat("CT compliant (", rule, ")"));
  }
  std::vector<std::string> why = policy.reasons;
  // Chrome's own "not enforced" lines follow its 70 days; ours replace them.
  why.erase(std::remove_if(why.begin(), why.end(),
                           [](const std::string& r) { return r.rfind("not enforced", 0) == 0; }),
            why.end());
  return decide(CtVerdict::kNotCompliant,
                absl::StrCat("CT not compliant (", rule, "): ", absl::StrJoin(why, "; ")));
}

}  // namespace ct
