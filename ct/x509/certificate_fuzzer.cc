// Fuzzes ct::Certificate::Parse. Properties: Parse succeeds exactly when it
// returns a value; a parsed certificate's views lie inside the input, its
// DER re-parses to the same TBS, every accessor returns without crashing, and
// AppendSubjectAltNames agrees with DnsNames and IpAddresses. ParseInto and
// ParseTbsInto, into a Certificate that holds the previous input's parse,
// agree with Parse and ParseTbs (nothing of the earlier certificate remains).
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
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

// Same reports whether two parses hold the same views and values.
bool Same(const ct::Certificate& a, const ct::Certificate& b) {
  static constexpr uint8_t kOids[][10] = {
      {0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02, 0x04, 0x02},  // SCT list
      {0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02, 0x04, 0x03},  // poison
  };
  static constexpr uint8_t kSan[] = {0x55, 0x1d, 0x11};
  auto ext = [](const ct::Certificate& c, absl::Span<const uint8_t> oid) {
    std::optional<ct::X509Extension> e = c.FindExtension(oid);
    return e.has_value() ? e->element : absl::Span<const uint8_t>();
  };
  bool same = a.der() == b.der() && a.tbs() == b.tbs() && a.serial() == b.serial() &&
              a.issuer() == b.issuer() && a.subject() == b.subject() && a.spki() == b.spki() &&
              a.public_key_bits() == b.public_key_bits() &&
              a.extensions_der() == b.extensions_der() && a.version() == b.version() &&
              a.not_before_unix() == b.not_before_unix() &&
              a.not_after_unix() == b.not_after_unix() && ext(a, kSan) == ext(b, kSan) &&
              (ext(a, kSan).data() == ext(b, kSan).data());
  for (const auto& oid : kOids) {
    same = same && ext(a, oid) == ext(b, oid) && ext(a, oid).data() == ext(b, oid).data();
  }
  return same;
}

// CheckInto checks a parse into a reused view (`into`, the status it returned)
// against the fresh parse `fresh`: the same status, and if OK the same view.
void CheckInto(const absl::Status& into_status, const ct::Certificate& into,
               const absl::StatusOr<ct::Certificate>& fresh) {
  Check(into_status == fresh.status());
  if (into_status.ok()) Check(Same(into, *fresh));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Reused across inputs: holds the previous input's parse (or what an error
  // left), as in a loop that parses many certificates.
  static ct::Certificate* reused = new ct::Certificate();
  static ct::Certificate* reused_tbs = new ct::Certificate();
  absl::StatusOr<ct::Certificate> bare =
      ct::Certificate::ParseTbs(absl::MakeConstSpan(data, size));
  CheckInto(ct::Certificate::ParseTbsInto(absl::MakeConstSpan(data, size), reused_tbs),
            *reused_tbs, bare);
  if (bare.ok()) {
    Check(bare->tbs().size() == size);
    (void)bare->SubjectCommonName();
    (void)bare->DnsNames();
    (void)bare->IsPrecertificate();
  }
  absl::StatusOr<ct::Certificate> cert =
      ct::Certificate::Parse(absl::MakeConstSpan(data, size));
  CheckInto(ct::Certificate::ParseInto(absl::MakeConstSpan(data, size), reused), *reused, cert);
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
