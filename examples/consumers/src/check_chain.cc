// check_chain: the CT check of `ct cert check`, through the installed ctcore,
// in a program that also links OpenSSL 3 (docs/embedding.md).
//
//   check_chain CHAIN.pem LOG_LIST.json RFC3339_TIME
//
// Prints the "SCTs" and "policies" sections exactly as `ct cert check` does,
// and exits 0 when every policy is met, 1 when not, 2 on bad input. Before
// that it hashes the leaf with both OpenSSL's SHA256() and ct::Sha256: two
// libraries with the same C symbols in one process, each bound to its own.
#include <openssl/opensslv.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "absl/time/time.h"
#include "ct/base/encoding.h"
#include "ct/merkle/hash.h"
#include "ct/sct/loglist/parse_log_list.h"
#include "ct/sct/policy/check_chain.h"
#include "ct/version.h"
#include "ct/x509/certificate_chain.h"

namespace {

bool ReadFile(const char* path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  *out = s.str();
  return true;
}

std::string Rfc3339(absl::Time t, const char* format = "%Y-%m-%dT%H:%M:%SZ") {
  return absl::FormatTime(format, t, absl::UTCTimeZone());
}

int Fail(const std::string& message) {
  std::cerr << "check_chain: " << message << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) return Fail("usage: check_chain CHAIN.pem LOG_LIST.json RFC3339_TIME");
  std::string pem, json, error;
  if (!ReadFile(argv[1], &pem)) return Fail(std::string("cannot read ") + argv[1]);
  if (!ReadFile(argv[2], &json)) return Fail(std::string("cannot read ") + argv[2]);
  absl::Time at;
  if (!absl::ParseTime(absl::RFC3339_full, argv[3], &at, &error)) return Fail(error);

  absl::StatusOr<ct::CertificateChain> chain = ct::CertificateChain::Load(pem);
  if (!chain.ok()) return Fail(std::string(chain.status().message()));
  absl::StatusOr<ct::LogList> list = ct::ParseLogList(json);
  if (!list.ok()) return Fail(std::string(list.status().message()));

  // OpenSSL's SHA256 and ctcore's (BoringSSL inside libctcore.so) agree.
  const ct::ByteSpan der = chain->leaf().der();
  unsigned char openssl_digest[SHA256_DIGEST_LENGTH];
  SHA256(der.data(), der.size(), openssl_digest);
  const ct::Hash ours = ct::Sha256(der);
  const std::string hex = ct::HexEncode(ours);
  if (hex != ct::HexEncode(ct::ByteSpan(openssl_digest, sizeof(openssl_digest)))) {
    return Fail("OpenSSL's SHA256 and ct::Sha256 disagree");
  }
  std::cerr << "ctcore " << CTCORE_VERSION_STRING << " with " << OpenSSL_version(OPENSSL_VERSION)
            << ": leaf sha256 " << hex << "\n";

  ct::ChainCheckOptions options;
  options.at = at;
  absl::StatusOr<ct::ChainCheck> check = ct::CheckChain(chain->certificates(), *list, options);
  if (!check.ok()) return Fail(std::string(check.status().message()));

  std::cout << "SCTs (" << check->scts.size() << ", " << check->valid_scts << " valid):\n";
  for (const ct::SctCheck& row : check->scts) {
    const ct::SctVerification& r = row.verification;
    std::cout << "  " << ct::SctStatusName(r.status) << "  " << ct::SctSourceName(r.source);
    if (r.sct) {
      std::cout << "  " << Rfc3339(absl::FromUnixMillis(r.timestamp_ms), "%Y-%m-%dT%H:%M:%E3SZ")
                << "  "
                << (row.log ? row.log->description + " (" + row.operator_name + ")"
                            : "unknown log " + ct::Base64Encode(r.log_id));
    }
    if (!r.detail.ok()) std::cout << "  [" << r.detail.message() << "]";
    std::cout << "\n";
  }
  std::cout << "policies (at " << Rfc3339(at) << "):\n";
  for (const ct::PolicyResult& v : check->policies) {
    std::cout << "  " << v.policy << " " << v.version << ": "
              << (v.compliant ? "COMPLIANT" : "NOT COMPLIANT")
              << (v.enforced ? "" : " (not enforced)") << "\n";
    for (const std::string& reason : v.reasons) std::cout << "    - " << reason << "\n";
    for (const std::string& note : v.notes) std::cout << "    note: " << note << "\n";
  }
  return check->AllCompliant() ? 0 : 1;
}
