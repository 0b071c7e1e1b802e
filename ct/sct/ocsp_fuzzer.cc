// Fuzzes OCSP SCT extraction. Properties: every view returned lies inside the
// input, OcspSctList agrees with ParseOcspResponses (success only if some
// SingleResponse has an SCT list), and the extracted list never crashes the
// SCT list parser.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "ct/sct/sct.h"
#include "ct/sct/sources.h"
#include "ct/x509/certificate.h"

namespace {

void Check(bool ok) {
  if (!ok) abort();
}

bool Inside(absl::Span<const uint8_t> v, const uint8_t* data, size_t size) {
  return v.empty() || (v.data() >= data && v.data() + v.size() <= data + size);
}

// A small self-signed P-256 certificate (openssl req -x509) to match against.
const std::string& FixedCertDer() {
  static const std::string* der = [] {
    absl::StatusOr<std::vector<std::string>> d = ct::PemToDer(
        "-----BEGIN CERTIFICATE-----\n"
        "MIIBcDCCARegAwIBAgICAQIwCgYIKoZIzj0EAwIwFzEVMBMGA1UEAwwMZnV6ei5l\n"
        "eGFtcGxlMB4XDTI2MTEyMTEwNTY0M1oXDTI3MTEyMTEwNTY0M1owFzEVMBMGA1UE\n"
        "AwwMZnV6ei5leGFtcGxlMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEBSstCwGS\n"
        "ksNOKyY6v96sPaDC+Tm6eKED9ZeZzNshHqzwVdsOrhXCzKR8sGajHgYdYl33dXos\n"
        "EY1yj+Jf9D1IUaNTMFEwHQYDVR0OBBYEFJ+rXi3WqK26NYjKYuxXdp7SeQDUMB8G\n"
        "A1UdIwQYMBaAFJ+rXi3WqK26NYjKYuxXdp7SeQDUMA8GA1UdEwEB/wQFMAMBAf8w\n"
        "CgYIKoZIzj0EAwIDRwAwRAIgPBs8+3NaepyzDrdfcvoyyK7af1VS6bxM2+Gt4nWd\n"
        "ZO8CIEpe4xIalmoyY1In5CB9Nm5/qrytp0ZUOiCn8mJlpXgJ\n"
        "-----END CERTIFICATE-----\n");
    return new std::string(d.ok() ? (*d)[0] : std::string());
  }();
  return *der;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::Span<const uint8_t> in(data, size);
  absl::StatusOr<std::vector<ct::OcspSingleResponse>> singles =
      ct::ParseOcspResponses(in);
  bool any_list = false;
  if (singles.ok()) {
    for (const ct::OcspSingleResponse& s : *singles) {
      Check(Inside(s.serial, data, size) && Inside(s.issuer_key_hash, data, size) &&
            Inside(s.issuer_name_hash, data, size) &&
            Inside(s.hash_algorithm, data, size));
      if (s.sct_list) {
        any_list = true;
        Check(Inside(*s.sct_list, data, size));
        (void)ct::ParseSctList(*s.sct_list);
      }
    }
  }
  absl::StatusOr<ct::Certificate> cert = ct::Certificate::Parse(FixedCertDer());
  Check(cert.ok());  // the fixture itself
  {
    absl::StatusOr<absl::Span<const uint8_t>> list =
        ct::OcspSctList(in, *cert, *cert);
    Check(list.ok() <= any_list);
    Check(list.ok() || singles.ok() ||
          list.status().code() == absl::StatusCode::kInvalidArgument);
    if (list.ok()) Check(Inside(*list, data, size));
  }
  return 0;
}
