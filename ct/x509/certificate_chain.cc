#include "ct/x509/certificate_chain.h"

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ct/base/bytes.h"
#include "ct/base/errors.h"
#include "ct/x509/certificate.h"

namespace ct {

absl::Status CertificateChain::Append(Bytes der) {
  ders_.push_back(std::move(der));
  absl::StatusOr<Certificate> cert = Certificate::Parse(ByteSpan(ders_.back()));
  if (!cert.ok()) {
    ders_.pop_back();
    return Prefix(absl::StrFormat("certificate #%d", certificates_.size()),
                  cert.status());
  }
  certificates_.push_back(*cert);
  return absl::OkStatus();
}

absl::StatusOr<CertificateChain> CertificateChain::FromPem(
    absl::string_view pem) {
  absl::StatusOr<std::vector<std::string>> ders = PemToDer(pem);
  if (!ders.ok()) return ders.status();
  CertificateChain chain;
  chain.ders_.reserve(ders->size());
  chain.certificates_.reserve(ders->size());
  for (const std::string& der : *ders) CT_RETURN_IF_ERROR(chain.Append(ToBytes(der)));
  return chain;
}

absl::StatusOr<CertificateChain> CertificateChain::FromDer(ByteSpan der) {
  return FromDers({der});
}

absl::StatusOr<CertificateChain> CertificateChain::FromDers(
    absl::Span<const ByteSpan> ders) {
  if (ders.empty()) {
    return MalformedError("certificate chain", "no certificate");
  }
  CertificateChain chain;
  for (ByteSpan der : ders) {
    CT_RETURN_IF_ERROR(chain.Append(Bytes(der.begin(), der.end())));
  }
  return chain;
}

namespace {

absl::StatusOr<CertificateChain> PemOrDer(absl::string_view data) {
  if (absl::StrContains(data, "-----BEGIN")) {
    return CertificateChain::FromPem(data);
  }
  return CertificateChain::FromDer(AsBytes(data));
}

}  // namespace

absl::StatusOr<CertificateChain> CertificateChain::Load(
    absl::string_view cert_data, std::optional<absl::string_view> issuer_data) {
  absl::StatusOr<CertificateChain> chain = PemOrDer(cert_data);
  if (!chain.ok()) return chain.status();
  if (issuer_data.has_value()) CT_RETURN_IF_ERROR(chain->AddIssuer(*issuer_data));
  return chain;
}

absl::Status CertificateChain::AddIssuer(absl::string_view issuer_data) {
  absl::StatusOr<CertificateChain> issuer = PemOrDer(issuer_data);
  if (!issuer.ok()) return Prefix("issuer", issuer.status());
  if (size() == 1) {
    ders_.push_back(std::move(issuer->ders_.front()));
    certificates_.push_back(issuer->certificates_.front());
  }
  return absl::OkStatus();
}

}  // namespace ct
