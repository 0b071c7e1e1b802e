// File: ct/x509/certificate_chain.h
// -----------------------------------------------------------------------------
// Loading a certificate chain, leaf first, from what a user hands a tool: a
// PEM file (one certificate or a chain; BoringSSL's PEM reader) or one DER
// certificate, plus an optional separate issuer. The chain owns its DER bytes,
// so the parsed `ct::Certificate` views stay valid as long as the chain does.
// Bytes convention: ct/base/bytes.h (text in as string_view, DER as ByteSpan).
//
// Example:
//   absl::StatusOr<ct::CertificateChain> chain =
//       ct::CertificateChain::Load(cert_file_text, issuer_file_text);
//   if (!chain.ok()) return chain.status();
//   const ct::Certificate& leaf = chain->leaf();
//   if (chain->size() >= 2) { const ct::Certificate& issuer = chain->at(1); }
#ifndef CT_X509_CERTIFICATE_CHAIN_H_
#define CT_X509_CERTIFICATE_CHAIN_H_

#include <cstddef>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ct/base/bytes.h"
#include "ct/x509/certificate.h"

namespace ct {

// CertificateChain is one or more parsed certificates, leaf first, owning the
// DER they alias. Never empty. Movable (the views survive a move), not
// copyable.
class CertificateChain final {
 public:
  CertificateChain(CertificateChain&&) = default;
  CertificateChain& operator=(CertificateChain&&) = default;
  CertificateChain(const CertificateChain&) = delete;
  CertificateChain& operator=(const CertificateChain&) = delete;

  // FromPem reads every CERTIFICATE block of `pem` in order (other block
  // types are skipped) and parses each. kNotFound if there is none;
  // kInvalidArgument (kind kMalformed) for a broken PEM block or certificate,
  // naming the block's position ("certificate #1: ...").
  static absl::StatusOr<CertificateChain> FromPem(absl::string_view pem);

  // FromDer parses one DER certificate (copied). kInvalidArgument if it does
  // not parse.
  static absl::StatusOr<CertificateChain> FromDer(ByteSpan der);

  // FromDers parses `ders` (DER certificates, leaf first, e.g. as a TLS
  // server sent them; copied). kInvalidArgument if `ders` is empty or one
  // does not parse ("certificate #i: ...").
  static absl::StatusOr<CertificateChain> FromDers(absl::Span<const ByteSpan> ders);

  // Load reads `cert_data` as PEM if it contains "-----BEGIN", else as one
  // DER certificate, then applies AddIssuer(`issuer_data`) if given.
  static absl::StatusOr<CertificateChain> Load(
      absl::string_view cert_data,
      std::optional<absl::string_view> issuer_data = std::nullopt);

  // AddIssuer reads `issuer_data` (PEM or DER, as Load) and, if this chain is
  // only a leaf, appends its first certificate as the issuer. Errors (the
  // chain unchanged) are those of FromPem/FromDer, prefixed "issuer: ".
  absl::Status AddIssuer(absl::string_view issuer_data);

  // size returns the number of certificates (at least 1).
  size_t size() const { return certificates_.size(); }
  // leaf returns the first certificate.
  const Certificate& leaf() const ABSL_ATTRIBUTE_LIFETIME_BOUND {
    return certificates_.front();
  }
  // at returns certificate `i`. Requires i < size().
  const Certificate& at(size_t i) const ABSL_ATTRIBUTE_LIFETIME_BOUND {
    return certificates_[i];
  }
  // certificates returns the whole chain, leaf first.
  absl::Span<const Certificate> certificates() const
      ABSL_ATTRIBUTE_LIFETIME_BOUND {
    return certificates_;
  }

 private:
  CertificateChain() = default;
  // Append takes ownership of `der`, parses it and adds it at the end.
  absl::Status Append(Bytes der);

  std::vector<Bytes> ders_;  // each buffer is stable across moves of ders_
  std::vector<Certificate> certificates_;  // views into ders_
};

}  // namespace ct

#endif  // CT_X509_CERTIFICATE_CHAIN_H_
