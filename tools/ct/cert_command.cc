#include "tools/ct/cert_command.h"

#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "ct/base/bytes.h"
#include "ct/merkle/hash.h"
#include "ct/sct/loglist/log_list.h"
#include "ct/sct/loglist/parse_log_list.h"
#include "ct/sct/policy/check_chain.h"
#include "ct/sct/policy/ct_policy.h"
#include "ct/sct/sct_source.h"
#include "ct/sct/verify.h"
#include "ct/x509/certificate.h"
#include "ct/x509/certificate_chain.h"
#include "nlohmann/json.hpp"
#include "ct/tls/ct_enforcer.h"
#include "tools/ct/args.h"
#include "tools/ct/tls_fetch.h"

namespace ct::cli {
namespace {

constexpr char kCertUsage[] =
    "usage: ct cert check CERT.pem [--issuer ISSUER.pem] --log-list LIST.json\n"
    "                     [--tls-scts FILE] [--ocsp-response FILE]\n"
    "                     [--policy chrome|apple|both] [--at RFC3339] [--json]\n"
    "       ct cert check --connect HOST:PORT [--servername NAME] [--ca-file PEM]\n"
    "                     --log-list LIST.json [--policy ...] [--at ...] [--json]\n"
    "\n"
    "Finds every SCT of a certificate (embedded, TLS extension, OCSP), verifies\n"
    "each against the logs of LIST.json (v3 schema; ctcore ships none) and\n"
    "evaluates Chrome's and/or Apple's CT policy at --at (default: now).\n"
    "The issuer is the second certificate of a PEM chain, else --issuer.\n"
    "Exit: 0 every requested policy is met, 1 not met, 2 bad input.\n";

int Fail(const std::string& message) {
  std::cerr << "ct cert check: " << message << "\n";
  return 2;
}

std::string Rfc3339Ms(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", t, absl::UTCTimeZone());
}

std::string Rfc3339(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

std::string Base64(absl::Span<const uint8_t> bytes) {
  return absl::Base64Escape(AsChars(bytes));
}

std::string IpText(absl::Span<const uint8_t> ip) {
  if (ip.size() == 4) return absl::StrCat(ip[0], ".", ip[1], ".", ip[2], ".", ip[3]);
  std::string out;
  for (size_t i = 0; i + 1 < ip.size(); i += 2) {
    if (i) out += ":";
    absl::StrAppend(&out, absl::Hex(ip[i] << 8 | ip[i + 1]));
  }
  return out;
}

// SplitHostPort splits "host:port" or "[v6]:port".
absl::Status SplitHostPort(const std::string& text, std::string* host, std::string* port) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--connect wants HOST:PORT, got \"", text, "\""));
  }
  *host = text.substr(0, colon);
  *port = text.substr(colon + 1);
  if (host->size() > 2 && host->front() == '[' && host->back() == ']') {
    *host = host->substr(1, host->size() - 2);
  }
  uint32_t p = 0;
  if (!absl::SimpleAtoi(*port, &p) || p == 0 || p > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("bad port \"", *port, "\""));
  }
  return absl::OkStatus();
}

int Check(const std::vector<std::string>& argv) {
  absl::StatusOr<Args> args = ParseArgs(
      argv,
      {"issuer", "log-list", "tls-scts", "ocsp-response", "policy", "at", "connect",
       "servername", "ca-file"},
      {"json"});
  if (!args.ok()) return Fail(std::string(args.status().message()));
  const bool json = args->Has("json");

  // Policies.
  std::vector<CtPolicy> policies;
  const std::string policy_arg = args->Get("policy").value_or("both");
  if (policy_arg == "both") {
    policies = {kChromeCurrent, kAppleCurrent};
  } else {
    absl::StatusOr<CtPolicy> p = CtPolicyFromName(policy_arg);
    if (!p.ok()) return Fail("--policy must be chrome, apple or both");
    policies = {*p};
  }

  // Evaluation time.
  absl::Time at = absl::Now();
  if (std::optional<std::string> at_text = args->Get("at")) {
    std::string err;
    if (!absl::ParseTime(absl::RFC3339_full, *at_text, &at, &err)) {
      return Fail(absl::StrCat("--at \"", *at_text, "\" is not RFC 3339: ", err));
    }
  }

  // Log list.
  std::optional<std::string> list_path = args->Get("log-list");
  if (!list_path) return Fail("--log-list LIST.json is required (ctcore ships no log list)");
  absl::StatusOr<std::string> list_json = ReadFileOrStdin(*list_path);
  if (!list_json.ok()) return Fail(std::string(list_json.status().message()));
  absl::StatusOr<LogList> logs = ParseLogList(*list_json);
  if (!logs.ok()) return Fail(absl::StrCat(*list_path, ": ", logs.status().message()));

  // Certificates and SCT channels.
  ChainCheckOptions options;
  options.policies = policies;
  options.at = at;
  std::optional<CertificateChain> chain;
  std::string tls_scts, ocsp, chain_warning;
  std::optional<CtEnforcement> hook;  // --connect: the TLS hook's verdict
  if (std::optional<std::string> connect = args->Get("connect")) {
    if (!args->positional.empty()) return Fail("give either CERT.pem or --connect, not both");
    std::string host, port;
    absl::Status s = SplitHostPort(*connect, &host, &port);
    if (!s.ok()) return Fail(std::string(s.message()));
    // The handshake goes through the library's CT hook (report-only, the
    // first requested policy), as a TLS client would run it.
    absl::StatusOr<std::shared_ptr<LogListSource>> source = LogListSource::FromJson(*list_json);
    if (!source.ok()) return Fail(absl::StrCat(*list_path, ": ", source.status().message()));
    CtEnforcerOptions enforcer_options;
    enforcer_options.requirement =
        policies.front() == kAppleCurrent ? CtRequirement::kApple : CtRequirement::kChrome;
    enforcer_options.enforce = false;
    enforcer_options.log_list = *source;
    absl::StatusOr<std::shared_ptr<const CtEnforcer>> enforcer =
        CtEnforcer::Create(std::move(enforcer_options));
    if (!enforcer.ok()) return Fail(std::string(enforcer.status().message()));
    absl::StatusOr<TlsObservation> obs =
        FetchTls(host, port, args->Get("servername").value_or(""),
                 args->Get("ca-file").value_or(""), absl::Seconds(15), *enforcer, at);
    if (!obs.ok()) return Fail(std::string(obs.status().message()));
    hook = obs->ct;
    std::vector<ByteSpan> ders;
    for (const std::string& der : obs->chain_der) ders.push_back(AsBytes(der));
    absl::StatusOr<CertificateChain> sent = CertificateChain::FromDers(ders);
    if (!sent.ok()) return Fail(absl::StrCat("not a certificate: ", sent.status().message()));
    chain.emplace(*std::move(sent));
    tls_scts = obs->sct_list;
    ocsp = obs->ocsp_response;
    if (!obs->chain_verify_error.empty()) {
      chain_warning = absl::StrCat("the server's certificate chain does not verify: ",
                                   obs->chain_verify_error);
    }
  } else {
    if (args->positional.size() != 1) return Fail("give exactly one CERT.pem (or --connect)");
    const std::string& path = args->positional[0];
    absl::StatusOr<std::string> data = ReadFileOrStdin(path);
    if (!data.ok()) return Fail(std::string(data.status().message()));
    absl::StatusOr<CertificateChain> loaded = CertificateChain::Load(*data);
    if (!loaded.ok()) return Fail(absl::StrCat(path, ": ", loaded.status().message()));
    chain.emplace(*std::move(loaded));
  }
  for (const char* flag : {"tls-scts", "ocsp-response"}) {
    if (std::optional<std::string> path = args->Get(flag)) {
      absl::StatusOr<std::string> bytes = ReadFileOrStdin(*path);
      if (!bytes.ok()) return Fail(std::string(bytes.status().message()));
      (std::string(flag) == "tls-scts" ? tls_scts : ocsp) = *bytes;
    }
  }
  if (std::optional<std::string> issuer_path = args->Get("issuer")) {
    absl::StatusOr<std::string> data = ReadFileOrStdin(*issuer_path);
    if (!data.ok()) return Fail(std::string(data.status().message()));
    absl::Status s = chain->AddIssuer(*data);
    if (!s.ok()) return Fail(absl::StrCat(*issuer_path, ": ", s.message()));
  }
  if (chain->size() < 2) {
    return Fail("no issuer certificate: give a PEM chain or --issuer ISSUER.pem");
  }
  const Certificate& leaf = chain->leaf();

  // Find, verify and judge every SCT.
  options.tls_scts = AsBytes(tls_scts);
  options.ocsp_response = AsBytes(ocsp);
  absl::StatusOr<ChainCheck> check = CheckChain(chain->certificates(), *logs, options);
  if (!check.ok()) return Fail(std::string(check.status().message()));
  std::vector<std::string> warnings;
  for (const UnusableLog& log : check->unusable_logs) {
    warnings.push_back(absl::StrCat("log \"", log.description,
                                    "\" has an unusable key: ", log.reason.message()));
  }
  if (!chain_warning.empty()) warnings.push_back(chain_warning);
  warnings.insert(warnings.end(), check->warnings.begin(), check->warnings.end());
  const std::vector<SctCheck>& rows = check->scts;
  const std::vector<PolicyResult>& verdicts = check->policies;
  const int valid = check->valid_scts;
  const bool all_met = check->AllCompliant();

  // Certificate facts.
  absl::StatusOr<std::string> subject = leaf.SubjectText();
  absl::StatusOr<std::string> issuer_text = leaf.IssuerText();
  std::vector<std::string> dns;
  if (absl::StatusOr<std::vector<absl::string_view>> names = leaf.DnsNames(); names.ok()) {
    for (absl::string_view n : *names) dns.emplace_back(n);
  }
  std::vector<std::string> ips;
  if (auto addrs = leaf.IpAddresses(); addrs.ok()) {
    for (auto a : *addrs) ips.push_back(IpText(a));
  }
  const std::string sha256 = HashToHex(leaf.Fingerprint());

  if (json) {
    nlohmann::json out;
    out["certificate"] = {
        {"subject", subject.ok() ? *subject : ""},
        {"issuer", issuer_text.ok() ? *issuer_text : ""},
        {"dns_names", dns},
        {"ip_addresses", ips},
        {"serial", absl::BytesToHexString(AsChars(leaf.serial()))},
        {"not_before", Rfc3339(leaf.not_before())},
        {"not_after", Rfc3339(leaf.not_after())},
        {"sha256", sha256},
    };
    out["scts"] = nlohmann::json::array();
    for (const SctCheck& row : rows) {
      const SctVerification& r = row.verification;
      const nlohmann::json null;
      nlohmann::json s = {
          {"source", SctSourceName(r.source)},
          {"log_id", r.sct ? nlohmann::json(Base64(r.log_id)) : null},
          {"log", row.log ? nlohmann::json(row.log->description) : null},
          {"operator", row.log ? nlohmann::json(row.operator_name) : null},
          {"timestamp",
           r.sct ? nlohmann::json(Rfc3339Ms(absl::FromUnixMillis(r.timestamp_ms))) : null},
          {"status", SctStatusName(r.status)},
      };
      if (!r.detail.ok()) s["detail"] = std::string(r.detail.message());
      out["scts"].push_back(std::move(s));
    }
    out["policies"] = nlohmann::json::array();
    for (const PolicyResult& v : verdicts) {
      out["policies"].push_back({{"name", v.policy},
                                 {"version", v.version},
                                 {"compliant", v.compliant},
                                 {"enforced", v.enforced},
                                 {"reasons", v.reasons},
                                 {"notes", v.notes}});
    }
    out["warnings"] = warnings;
    out["evaluated_at"] = Rfc3339(at);
    if (args->Get("connect")) {
      // The TLS hook's own verdict; null when the chain did not verify.
      out["connection"] = hook ? nlohmann::json{{"policy", hook->policy ? hook->policy->policy : ""},
                                                {"verdict", CtVerdictName(hook->verdict)},
                                                {"message", hook->message}}
                               : nlohmann::json();
    }
    std::cout << out.dump(2) << "\n";
    return all_met ? 0 : 1;
  }

  std::cout << "certificate: " << (subject.ok() ? *subject : "(unprintable subject)") << "\n";
  if (issuer_text.ok()) std::cout << "  issuer:    " << *issuer_text << "\n";
  if (!dns.empty()) {
    constexpr size_t kShown = 8;  // --json lists them all
    std::vector<std::string> shown(dns.begin(), dns.begin() + std::min(dns.size(), kShown));
    std::cout << "  dns:       " << absl::StrJoin(shown, ", ")
              << (dns.size() > kShown ? absl::StrCat(" (+", dns.size() - kShown, " more)") : "")
              << "\n";
  }
  if (!ips.empty()) std::cout << "  ip:        " << absl::StrJoin(ips, ", ") << "\n";
  std::cout << "  validity:  " << Rfc3339(leaf.not_before()) << " .. "
            << Rfc3339(leaf.not_after()) << "\n"
            << "  sha256:    " << sha256 << "\n"
            << "SCTs (" << rows.size() << ", " << valid << " valid):\n";
  for (const SctCheck& row : rows) {
    const SctVerification& r = row.verification;
    std::cout << "  " << SctStatusName(r.status) << "  " << SctSourceName(r.source);
    if (r.sct) {
      std::cout << "  " << Rfc3339Ms(absl::FromUnixMillis(r.timestamp_ms)) << "  "
                << (row.log ? absl::StrCat(row.log->description, " (", row.operator_name, ")")
                            : absl::StrCat("unknown log ", Base64(r.log_id)));
    }
    if (!r.detail.ok()) std::cout << "  [" << r.detail.message() << "]";
    std::cout << "\n";
  }
  std::cout << "policies (at " << Rfc3339(at) << "):\n";
  for (const PolicyResult& v : verdicts) {
    std::cout << "  " << v.policy << " " << v.version << ": "
              << (v.compliant ? "COMPLIANT" : "NOT COMPLIANT")
              << (v.enforced ? "" : " (not enforced)") << "\n";
    for (const std::string& reason : v.reasons) std::cout << "    - " << reason << "\n";
    for (const std::string& note : v.notes) std::cout << "    note: " << note << "\n";
  }
  if (hook) {
    std::cout << "connection (TLS hook" << (hook->policy ? ", " + hook->policy->policy : "")
              << "): " << CtVerdictName(hook->verdict) << "\n";
  }
  if (!warnings.empty()) {
    std::cout << "warnings:\n";
    for (const std::string& w : warnings) std::cout << "  - " << w << "\n";
  }
  return all_met ? 0 : 1;
}

}  // namespace

int CertCommand(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "help") {
    std::cerr << kCertUsage;
    return args.empty() ? 2 : 0;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "check") return Check(rest);
  std::cerr << "ct cert: unknown subcommand \"" << args[0] << "\"\n" << kCertUsage;
  return 2;
}

}  // namespace ct::cli
