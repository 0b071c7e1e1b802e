// File: tools/ct/tls_fetch.h
// Fetches what a TLS server presents for Certificate Transparency: the
// certificate chain, the signed_certificate_timestamp extension and the
// stapled OCSP response, with a real BoringSSL handshake.
#ifndef CT_TOOLS_CT_TLS_FETCH_H_
#define CT_TOOLS_CT_TLS_FETCH_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace ct::cli {

// TlsObservation is what one handshake showed.
struct TlsObservation {
  std::vector<std::string> chain_der;  // leaf first, as sent by the server
  std::string sct_list;                // TLS extension bytes; empty if none
  std::string ocsp_response;           // stapled OCSP DER; empty if none
  std::string chain_verify_error;      // empty when the chain verified
};

// FetchTls connects to `host`:`port` (SNI `servername`, default `host`),
// asks for SCTs and an OCSP staple, and verifies the chain against
// `ca_file` (default: the system's CA bundle). Network and handshake
// failures are kUnavailable; a chain that does not verify is reported in
// chain_verify_error, not as an error.
absl::StatusOr<TlsObservation> FetchTls(const std::string& host, const std::string& port,
                                        const std::string& servername,
                                        const std::string& ca_file, absl::Duration timeout);

}  // namespace ct::cli

#endif  // CT_TOOLS_CT_TLS_FETCH_H_
