// File: ct/x509/precert.h
// -----------------------------------------------------------------------------
// The TBSCertificate a CT log signs for a precertificate (RFC 6962 §3.1-3.2),
// rebuilt by splicing the original DER: the bytes are copied, never decoded
// and re-encoded, so non-canonical input survives; only the enclosing lengths
// are recomputed.
//
// Two directions:
//  * From a final certificate (to verify its embedded SCTs): drop the SCT list
//    extension 1.3.6.1.4.1.11129.2.4.2 and nothing else.
//  * From a precertificate (log / monitor side): drop the poison
//    1.3.6.1.4.1.11129.2.4.3; if a Precertificate Signing Certificate (PSC)
//    issued it, the issuer becomes the PSC's issuer and the
//    authorityKeyIdentifier becomes the PSC's (dropped if the PSC has none).
// When the removed extension was the only one, the [3] Extensions wrapper is
// dropped too (Extensions is SIZE (1..MAX); this is what ct-go's re-encoding
// produces). issuer_key_hash for the PreCert is SHA-256 of the SPKI of the
// final issuer: the certificate's issuer, or the PSC's issuer.
//
// Bytes convention: see ct/base/bytes.h (TBS bytes out as ct::Bytes).
//
// Example:
//   absl::StatusOr<std::vector<uint8_t>> tbs = ct::PrecertTbsFromCertificate(leaf);
#ifndef CT_X509_PRECERT_H_
#define CT_X509_PRECERT_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "ct/x509/certificate.h"

namespace ct {

// PrecertTbsFromCertificate returns the TBSCertificate of final certificate
// `cert` without its SCT list extension. kNotFound if `cert` has no SCT list.
absl::StatusOr<std::vector<uint8_t>> PrecertTbsFromCertificate(
    const Certificate& cert);

// PrecertTbsFromPrecertificate returns the TBSCertificate of `precert` without
// the poison; kInvalidArgument unless `precert` carries a valid poison. If
// `psc` is non-null it must be the Precertificate Signing Certificate that
// issued `precert` (CT EKU, subject == precert's issuer; else kInvalidArgument),
// and the issuer and authorityKeyIdentifier are replaced as RFC 6962 §3.2 says.
absl::StatusOr<std::vector<uint8_t>> PrecertTbsFromPrecertificate(
    const Certificate& precert, const Certificate* psc = nullptr);

}  // namespace ct

#endif  // CT_X509_PRECERT_H_
