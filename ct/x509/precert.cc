#include "ct/x509/precert.h"

#include "ct/x509/internal/precert_splice.h"
#include "ct/x509/internal/tbs_splice.h"

namespace ct {

absl::StatusOr<std::vector<uint8_t>> PrecertTbsFromCertificate(
    const Certificate& cert) {
  absl::StatusOr<internal::TbsSplice> s =
      internal::PrecertSpliceFromCertificate(cert);
  if (!s.ok()) return s.status();
  return s->ToBytes();
}

absl::StatusOr<std::vector<uint8_t>> PrecertTbsFromPrecertificate(
    const Certificate& precert, const Certificate* psc) {
  absl::StatusOr<internal::TbsSplice> s =
      internal::PrecertSpliceFromPrecertificate(precert, psc);
  if (!s.ok()) return s.status();
  return s->ToBytes();
}

}  // namespace ct
