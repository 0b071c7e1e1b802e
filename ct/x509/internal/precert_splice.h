// File: ct/x509/internal/precert_splice.h
// Splice-returning forms of ct/x509/precert.h, for hashing without copying.
// Logically private: do not depend on this outside //ct.
#ifndef CT_X509_INTERNAL_PRECERT_SPLICE_H_
#define CT_X509_INTERNAL_PRECERT_SPLICE_H_

#include "absl/status/statusor.h"
#include "ct/x509/certificate.h"
#include "ct/x509/internal/tbs_splice.h"

namespace ct::internal {

// PrecertSpliceFromCertificate: see ct::PrecertTbsFromCertificate.
absl::StatusOr<TbsSplice> PrecertSpliceFromCertificate(const Certificate& cert);

// PrecertSpliceFromPrecertificate: see ct::PrecertTbsFromPrecertificate.
absl::StatusOr<TbsSplice> PrecertSpliceFromPrecertificate(
    const Certificate& precert, const Certificate* psc);

}  // namespace ct::internal

#endif  // CT_X509_INTERNAL_PRECERT_SPLICE_H_
