// Fuzzes precertificate TBS reconstruction. Properties: a rebuilt TBS wraps
// into a certificate that parses, no longer holds the removed extension,
// keeps every other extension byte for byte, and rebuilding it again with
// the same edit is the identity (idempotence); and the fast splice from the
// parsed layout equals the general splice that re-parses the TBS.
#include <openssl/bytestring.h>
#include <openssl/mem.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "ct/base/bytes.h"
#include "ct/x509/certificate.h"
#include "ct/x509/internal/tbs_splice.h"
#include "ct/x509/precert.h"

namespace {

void Check(bool ok) {
  if (!ok) abort();
}

// Wrap returns SEQUENCE { tbs, SEQUENCE {}, BIT STRING {00} }.
std::string Wrap(const std::vector<uint8_t>& tbs) {
  bssl::ScopedCBB cbb;
  CBB cert, child;
  Check(CBB_init(cbb.get(), tbs.size() + 16) &&
        CBB_add_asn1(cbb.get(), &cert, CBS_ASN1_SEQUENCE) &&
        CBB_add_bytes(&cert, tbs.data(), tbs.size()) &&
        CBB_add_asn1(&cert, &child, CBS_ASN1_SEQUENCE) &&
        CBB_add_asn1(&cert, &child, CBS_ASN1_BITSTRING) &&
        CBB_add_u8(&child, 0));
  uint8_t* out;
  size_t len;
  Check(CBB_finish(cbb.get(), &out, &len));
  std::string s = ct::ToString(ct::ByteSpan(out, len));
  OPENSSL_free(out);
  return s;
}

void CheckRebuilt(const ct::Certificate& original,
                  const std::vector<uint8_t>& tbs,
                  absl::Span<const uint8_t> removed_oid) {
  const std::string der = Wrap(tbs);
  absl::StatusOr<ct::Certificate> rebuilt = ct::Certificate::Parse(der);
  Check(rebuilt.ok());
  Check(!rebuilt->FindExtension(removed_oid).has_value());
  Check(rebuilt->serial() == original.serial());
  Check(rebuilt->spki() == original.spki());
  for (const ct::X509Extension& e : original.Extensions()) {
    if (e.oid == removed_oid) continue;
    std::optional<ct::X509Extension> kept = rebuilt->FindExtension(e.oid);
    Check(kept.has_value() && kept->element == e.element);
  }
  ct::internal::TbsEdits edits;
  edits.remove_oid = removed_oid;
  absl::StatusOr<ct::internal::TbsSplice> again =
      ct::internal::SpliceTbs(tbs, edits);
  Check(again.ok() && again->ToBytes() == tbs);
  // PrecertTbsFrom* splice from Parse's layout without re-parsing; the
  // general SpliceTbs parses the original TBS again: both must agree.
  absl::StatusOr<ct::internal::TbsSplice> general =
      ct::internal::SpliceTbs(original.tbs(), edits);
  Check(general.ok() && general->ToBytes() == tbs);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::StatusOr<ct::Certificate> cert =
      ct::Certificate::Parse(absl::MakeConstSpan(data, size));
  if (!cert.ok()) return 0;
  absl::StatusOr<std::vector<uint8_t>> from_final =
      ct::PrecertTbsFromCertificate(*cert);
  if (from_final.ok()) CheckRebuilt(*cert, *from_final, ct::kOidSctList);
  absl::StatusOr<std::vector<uint8_t>> from_pre =
      ct::PrecertTbsFromPrecertificate(*cert);
  if (from_pre.ok()) CheckRebuilt(*cert, *from_pre, ct::kOidPrecertPoison);
  // The certificate as its own "PSC" exercises the issuer/AKI replacement.
  (void)ct::PrecertTbsFromPrecertificate(*cert, &*cert);
  return 0;
}
