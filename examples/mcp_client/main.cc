// mcp_client: send MCP `initialize` to a server over HTTPS, refusing servers
// whose certificates do not meet a CT policy.
//
//   mcp_client https://HOST[:PORT]/PATH --log-list LIST.json
//              [--log-list-signature SIG --log-list-key KEY.pem]
//              [--ca-file CA.pem] [--policy chrome|apple|operators]
//              [--min-operators N] [--report-only]
//
// Prints the CT verdict and the server's JSON-RPC answer. Exit 0 answered,
// 1 refused (TLS, verification or CT) or a bad answer, 2 bad input.
#include <openssl/ssl.h>

#include <cstdlib>
#include <iostream>
#include <map>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/time/time.h"
#include "ct/tls/boringssl.h"
#include "ct/tls/ct_enforcer.h"
#include "examples/mcp_client/mcp_client.h"

namespace {

int Usage(const std::string& why) {
  std::cerr << "mcp_client: " << why << "\n"
            << "usage: mcp_client https://HOST[:PORT]/PATH --log-list LIST.json\n"
               "         [--log-list-signature SIG --log-list-key KEY.pem] [--ca-file CA.pem]\n"
               "         [--policy chrome|apple|operators] [--min-operators N] [--report-only]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string url;
  std::map<std::string, std::string> flags;
  bool report_only = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--report-only") {
      report_only = true;
    } else if (a.rfind("--", 0) == 0 && i + 1 < argc) {
      flags[a.substr(2)] = argv[++i];
    } else if (url.empty() && a.rfind("--", 0) != 0) {
      url = a;
    } else {
      return Usage("unexpected argument " + a);
    }
  }
  if (url.empty() || !flags.count("log-list")) return Usage("a URL and --log-list are required");

  // The log list: yours, or one whose terms allow enforcement (docs/tls.md).
  absl::StatusOr<std::shared_ptr<ct::LogListSource>> logs = ct::LogListSource::Load(
      {flags["log-list"], flags["log-list-signature"], flags["log-list-key"]});
  if (!logs.ok()) return Usage(std::string(logs.status().message()));
  ct::CtEnforcerOptions options;
  options.log_list = *logs;
  options.enforce = !report_only;
  const std::string policy = flags.count("policy") ? flags["policy"] : "chrome";
  if (policy == "chrome") {
    options.requirement = ct::CtRequirement::kChrome;
  } else if (policy == "apple") {
    options.requirement = ct::CtRequirement::kApple;
  } else if (policy == "operators") {
    options.requirement = ct::CtRequirement::kDistinctOperators;
    if (flags.count("min-operators") &&
        !absl::SimpleAtoi(flags["min-operators"], &options.min_operators)) {
      return Usage("--min-operators wants a number");
    }
  } else {
    return Usage("--policy must be chrome, apple or operators");
  }
  absl::StatusOr<std::shared_ptr<const ct::CtEnforcer>> enforcer =
      ct::CtEnforcer::Create(std::move(options));
  if (!enforcer.ok()) return Usage(std::string(enforcer.status().message()));

  // The one call: CT on top of normal verification.
  bssl::UniquePtr<SSL_CTX> ctx(SSL_CTX_new(TLS_method()));
  const bool cas = flags.count("ca-file")
                       ? SSL_CTX_load_verify_locations(ctx.get(), flags["ca-file"].c_str(), nullptr)
                       : SSL_CTX_set_default_verify_paths(ctx.get());
  if (!cas) return Usage("cannot load CA certificates");
  absl::Status s = ct::EnableCtEnforcement(ctx.get(), *enforcer);
  if (!s.ok()) return Usage(std::string(s.message()));

  std::optional<ct::CtEnforcement> ct;
  absl::StatusOr<ct::examples::McpInitializeResult> r =
      ct::examples::McpInitialize(ctx.get(), url, absl::Seconds(15), &ct);
  if (ct) {
    std::cout << "ct: " << ct::CtVerdictName(ct->verdict) << ": " << ct->message << "\n";
  }
  if (!r.ok()) {
    std::cerr << "mcp_client: " << r.status().message() << "\n";
    return 1;
  }
  std::cout << r->response.dump(2) << "\n";
  return r->response.contains("result") ? 0 : 1;
}
