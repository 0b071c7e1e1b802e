// File: tools/ct/tls_fetch.h
// Fetches what a TLS server presents for Certificate Transparency: the
// certificate chain, the signed_certificate_timestamp extension and the
// stapled OCSP response, with a real BoringSSL handshake through the library's
// CT hook (ct/tls/boringssl.h), the same code path a TLS client uses.
#ifndef CT_TOOLS_CT_TLS_FETCH_H_
#define CT_TOOLS_CT_TLS_FETCH_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "ct/tls/ct_enforcer.h"

namespace ct::cli {

// TlsObservation is what one handshake showed.
struct TlsObservation {
  std::vector<std::string> chain_der;  // leaf first, as sent by the server
  std::string sct_list;                // TLS extension bytes; empty if none
  std::string ocsp_response;           // stapled OCSP DER; empty if none
  std::string chain_verify_error;      // empty when the chain verified
  // The hook's CT result for the verified chain; absent when the chain did
  // not verify (CT never runs on an unverified chain).
  std::optional<CtEnforcement> ct;
};

// FetchTls connects to `host`:`port` (SNI `servername`, default `host`)
// with `enforcer` installed by EnableCtEnforcement (pass a report-only one):
// it asks for SCTs and an OCSP staple, verifies the chain and name against
// `ca_file` (default: the system's CA bundle), then runs CT at `at`. When the
// chain does not verify, it connects a second time without verification to
// collect what the server presents, and reports the reason in
// chain_verify_error rather than as an error. Network and handshake failures
// are kUnavailable.
absl::StatusOr<TlsObservation> FetchTls(const std::string& host, const std::string& port,
                                        const std::string& servername,
                                        const std::string& ca_file, absl::Duration timeout,
                                        std::shared_ptr<const CtEnforcer> enforcer,
                                        absl::Time at);

}  // namespace ct::cli

#endif  // CT_TOOLS_CT_TLS_FETCH_H_
