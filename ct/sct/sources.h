// File: ct/sct/sources.h
// -----------------------------------------------------------------------------
// Where SCT lists come from (RFC 6962 §3.3):
//  * embedded: X.509v3 extension 1.3.6.1.4.1.11129.2.4.2, whose extnValue
//    OCTET STRING holds another OCTET STRING with the TLS-encoded list;
//  * tls_extension: the signed_certificate_timestamp (18) TLS extension data,
//    the list itself with no ASN.1 (pass those bytes straight to
//    ct::SplitSctList);
//  * ocsp: the SingleResponse extension 1.3.6.1.4.1.11129.2.4.5 (same double
//    OCTET STRING) of the SingleResponse whose CertID matches the certificate.
// All returned spans alias the input bytes.
//
// Example:
//   absl::StatusOr<absl::Span<const uint8_t>> list = ct::EmbeddedSctList(cert);
#ifndef CT_SCT_SOURCES_H_
#define CT_SCT_SOURCES_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "ct/sct/sct_source.h"  // IWYU pragma: export
#include "ct/x509/certificate.h"

namespace ct {

// EmbeddedSctList returns the TLS-encoded SCT list embedded in `cert`.
// kNotFound if there is no SCT list extension; kInvalidArgument if its value
// is not exactly one OCTET STRING.
absl::StatusOr<absl::Span<const uint8_t>> EmbeddedSctList(
    const Certificate& cert);

// OcspSingleResponse is one SingleResponse of a BasicOCSPResponse
// (RFC 6960 §4.2.1), as views into the response.
struct OcspSingleResponse {
  absl::Span<const uint8_t> hash_algorithm;    // OID contents
  absl::Span<const uint8_t> issuer_name_hash;  // OCTET STRING contents
  absl::Span<const uint8_t> issuer_key_hash;   // OCTET STRING contents
  absl::Span<const uint8_t> serial;            // INTEGER contents
  // The TLS-encoded SCT list from extension 1.3.6.1.4.1.11129.2.4.5, if any.
  std::optional<absl::Span<const uint8_t>> sct_list;
};

// ParseOcspResponses parses a DER OCSPResponse and returns its
// SingleResponses. kInvalidArgument if it is malformed, not "successful", or
// not id-pkix-ocsp-basic.
absl::StatusOr<std::vector<OcspSingleResponse>> ParseOcspResponses(
    absl::Span<const uint8_t> ocsp_response ABSL_ATTRIBUTE_LIFETIME_BOUND);

// OcspSctList returns the SCT list of the SingleResponse for `cert` (serial
// match, and issuerNameHash / issuerKeyHash of `issuer` under SHA-1 or
// SHA-256). kNotFound if no SingleResponse matches or the matching one has no
// SCT list; kInvalidArgument if the response is malformed.
absl::StatusOr<absl::Span<const uint8_t>> OcspSctList(
    absl::Span<const uint8_t> ocsp_response ABSL_ATTRIBUTE_LIFETIME_BOUND,
    const Certificate& cert,
    const Certificate& issuer);

}  // namespace ct

#endif  // CT_SCT_SOURCES_H_
