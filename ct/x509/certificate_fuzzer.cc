// Fuzzes ct::Certificate::Parse. Properties: Parse succeeds exactly when it
// returns a value; a parsed certificate's views lie inside the input, its
// DER re-parses to the same TBS, every accessor returns without crashing, and
// AppendSubjectAltNames agrees with DnsNames and IpAddresses.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "ct/base/bytes.h"
#include "ct/x509/certificate.h"

namespace {

void Check(bool ok) {
  if (!ok) abort();
}

bool Inside(absl::Span<const uint8_t> v, const uint8_t* data, size_t size) {
  return v.empty() || (v.data() >= data && v.data() + v.size() <= data + size);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::StatusOr<ct::Certificate> bare =
      ct::Certificate::ParseTbs(absl::MakeConstSpan(data, size));
  if (bare.ok()) {
    Check(bare->tbs().size() == size);
    (void)bare->SubjectCommonName();
    (void)bare->DnsNames();
    (void)bare->IsPrecertificate();
  }
  absl::StatusOr<ct::Certificate> cert =
      ct::Certificate::Parse(absl::MakeConstSpan(data, size));
  if (!cert.ok()) {
    Check(!cert.status().message().empty());
    return 0;
  }
  Check(cert->der().size() == size);
  for (auto v : {cert->tbs(), cert->serial(), cert->issuer(), cert->subject(),
                 cert->spki(), cert->public_key_bits(),
                 cert->extensions_der()}) {
    Check(Inside(v, data, size));
  }
  absl::StatusOr<ct::Certificate> again = ct::Certificate::Parse(cert->der());
  Check(again.ok() && again->tbs() == cert->tbs());
  (void)cert->Fingerprint();
  (void)cert->SpkiHash();
  for (const ct::X509Extension& e : cert->Extensions()) {
    Check(Inside(e.element, data, size));
    std::optional<ct::X509Extension> found = cert->FindExtension(e.oid);
    Check(found.has_value() && found->element == e.element);
  }
  (void)cert->IsPrecertificate();
  (void)cert->IsPrecertSigningCertificate();
  absl::StatusOr<absl::string_view> cn = cert->SubjectCommonName();
  if (cn.ok()) {
    Check(Inside(ct::AsBytes(*cn), data, size));
  }
  (void)cert->SubjectText();
  (void)cert->IssuerText();
  // AppendSubjectAltNames is DnsNames and IpAddresses in one walk.
  absl::StatusOr<std::vector<absl::string_view>> dns = cert->DnsNames();
  absl::StatusOr<std::vector<absl::Span<const uint8_t>>> ips = cert->IpAddresses();
  std::vector<absl::string_view> dns2;
  std::vector<absl::Span<const uint8_t>> ips2;
  absl::Status both = cert->AppendSubjectAltNames(&dns2, &ips2);
  Check(both.ok() == (dns.ok() && ips.ok()));
  if (both.ok()) Check(*dns == dns2 && *ips == ips2);
  return 0;
}
