// File: ct/x509/internal/certificate_layout.h
// Read access to where Certificate::Parse found things, for the splice code
// that rebuilds precertificate TBS bytes without walking the DER again.
// Logically private: do not depend on this outside //ct.
#ifndef CT_X509_INTERNAL_CERTIFICATE_LAYOUT_H_
#define CT_X509_INTERNAL_CERTIFICATE_LAYOUT_H_

#include <cstdint>

#include "absl/types/span.h"
#include "ct/x509/certificate.h"

namespace ct::internal {

struct CertificateLayout {
  // TbsFields returns the TBSCertificate contents before the [3] Extensions
  // wrapper (all of the contents if the certificate has no extensions).
  static absl::Span<const uint8_t> TbsFields(const Certificate& c) {
    return c.tbs_fields_;
  }
};

}  // namespace ct::internal

#endif  // CT_X509_INTERNAL_CERTIFICATE_LAYOUT_H_
