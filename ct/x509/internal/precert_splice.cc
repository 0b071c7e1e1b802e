#include "ct/x509/internal/precert_splice.h"

#include <optional>

#include "absl/status/status.h"
#include "ct/x509/internal/certificate_layout.h"
#include "ct/x509/internal/tbs_splice.h"

namespace ct {
namespace internal {

absl::StatusOr<TbsSplice> PrecertSpliceFromCertificate(const Certificate& cert) {
  // Parse found the extension and the layout: splice without re-parsing.
  const std::optional<X509Extension> sct_list = cert.FindExtension(kOidSctList);
  if (!sct_list) {
    return absl::NotFoundError("x509: certificate has no SCT list extension");
  }
  return SpliceTbsWithout(CertificateLayout::TbsFields(cert),
                          cert.extensions_der(), sct_list->element);
}

absl::StatusOr<TbsSplice> PrecertSpliceFromPrecertificate(
    const Certificate& precert, const Certificate* psc) {
  absl::StatusOr<bool> is_precert = precert.IsPrecertificate();
  if (!is_precert.ok()) return is_precert.status();
  if (!*is_precert) {
    return absl::InvalidArgumentError(
        "x509: not a precertificate (no CT poison extension)");
  }
  if (psc == nullptr) {
    return SpliceTbsWithout(CertificateLayout::TbsFields(precert),
                            precert.extensions_der(),
                            precert.FindExtension(kOidPrecertPoison)->element);
  }
  TbsEdits edits;
  edits.remove_oid = kOidPrecertPoison;
  absl::StatusOr<bool> is_psc = psc->IsPrecertSigningCertificate();
  if (!is_psc.ok()) return is_psc.status();
  if (!*is_psc) {
    return absl::InvalidArgumentError(
        "x509: PSC lacks the Precertificate Signing Certificate EKU "
        "1.3.6.1.4.1.11129.2.4.4");
  }
  if (precert.issuer() != psc->subject()) {
    return absl::InvalidArgumentError(
        "x509: precertificate issuer is not the PSC's subject");
  }
  // RFC 6962 §3.2: issuer := the PSC's issuer; AKI := the PSC's AKI.
  edits.new_issuer = psc->issuer();
  std::optional<X509Extension> psc_aki = psc->FindExtension(kOidAuthorityKeyId);
  if (psc_aki) {
    edits.aki = TbsEdits::Aki::kReplace;
    edits.new_aki_element = psc_aki->element;
  } else {
    edits.aki = TbsEdits::Aki::kRemove;  // as certificate-transparency-go does
  }
  return SpliceTbs(precert.tbs(), edits);
}

}  // namespace internal

}  // namespace ct
