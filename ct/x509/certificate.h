// File: ct/x509/certificate.h
// -----------------------------------------------------------------------------
// A zero-copy X.509 certificate view for Certificate Transparency: what SCT
// verifiers and log monitors need, parsed with BoringSSL's CBS DER helpers.
//
// `Certificate::Parse` checks the structure of Certificate, TBSCertificate and
// the Extensions list in one pass without allocating. Names, SANs and extension
// values are decoded lazily, only when an accessor asks for them.
//
// Aliasing: a `Certificate` and every span / string_view it returns point into
// the DER bytes given to `Parse`; the caller keeps those bytes alive (and
// unchanged) for as long as the view or anything taken from it is used.
//
// Bytes convention: see ct/base/bytes.h (DER in as ct::ByteSpan; the
// string_view overload of Parse is for DER read into a std::string). Malformed
// DER is kInvalidArgument with ErrorKind kMalformed (ct/base/errors.h).
//
// Example:
//   absl::StatusOr<std::vector<std::string>> ders = ct::PemToDer(pem_text);
//   absl::StatusOr<ct::Certificate> cert = ct::Certificate::Parse((*ders)[0]);
//   absl::StatusOr<absl::string_view> cn = cert->SubjectCommonName();
//   absl::StatusOr<bool> precert = cert->IsPrecertificate();
#ifndef CT_X509_CERTIFICATE_H_
#define CT_X509_CERTIFICATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "ct/merkle/hash.h"

namespace ct {

class Certificate;
namespace internal {
struct CertificateLayout;  // ct/x509/internal/certificate_layout.h
}  // namespace internal

// DER contents (no tag, no length) of the OIDs CT cares about.
// 1.3.6.1.4.1.11129.2.4.2: embedded SCT list (RFC 6962 §3.3).
inline constexpr uint8_t kOidSctList[] = {0x2b, 0x06, 0x01, 0x04, 0x01,
                                          0xd6, 0x79, 0x02, 0x04, 0x02};
// 1.3.6.1.4.1.11129.2.4.3: precertificate poison (RFC 6962 §3.1).
inline constexpr uint8_t kOidPrecertPoison[] = {0x2b, 0x06, 0x01, 0x04, 0x01,
                                                0xd6, 0x79, 0x02, 0x04, 0x03};
// 1.3.6.1.4.1.11129.2.4.4: Precertificate Signing Certificate EKU (§3.1).
inline constexpr uint8_t kOidPrecertSigningEku[] = {
    0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02, 0x04, 0x04};
// 1.3.6.1.4.1.11129.2.4.5: SCT list in an OCSP SingleResponse (§3.3).
inline constexpr uint8_t kOidOcspSctList[] = {0x2b, 0x06, 0x01, 0x04, 0x01,
                                              0xd6, 0x79, 0x02, 0x04, 0x05};
// 2.5.29.35 authorityKeyIdentifier, 2.5.29.17 subjectAltName, 2.5.29.37 EKU.
inline constexpr uint8_t kOidAuthorityKeyId[] = {0x55, 0x1d, 0x23};
inline constexpr uint8_t kOidSubjectAltName[] = {0x55, 0x1d, 0x11};
inline constexpr uint8_t kOidExtendedKeyUsage[] = {0x55, 0x1d, 0x25};

// X509Extension is one parsed Extension of a certificate (RFC 5280 §4.1):
// views into the certificate's DER.
struct X509Extension {
  absl::Span<const uint8_t> oid;      // OID contents, e.g. kOidSctList
  bool critical = false;              // the critical flag (DEFAULT FALSE)
  absl::Span<const uint8_t> value;    // contents of the extnValue OCTET STRING
  absl::Span<const uint8_t> element;  // the whole Extension SEQUENCE (tag+len)
};

// Certificate is a validated view of one DER X.509 certificate. It aliases
// the input bytes (see the file comment). Copyable and movable (cheap).
class Certificate final {
 public:
  // Parse checks the DER structure of `der` (Certificate, TBSCertificate,
  // validity times, Extensions: non-empty, no duplicates) and returns a view
  // aliasing it; kInvalidArgument with the reason on malformed input.
  static absl::StatusOr<Certificate> Parse(
      absl::Span<const uint8_t> der ABSL_ATTRIBUTE_LIFETIME_BOUND);
  static absl::StatusOr<Certificate> Parse(
      absl::string_view der ABSL_ATTRIBUTE_LIFETIME_BOUND);
  // ParseTbs is Parse for a bare TBSCertificate element (e.g. the tbs of a
  // precert_entry log entry): der() and tbs() are then both `tbs_der`, and
  // Fingerprint hashes the TBS. Same checks and aliasing as Parse.
  static absl::StatusOr<Certificate> ParseTbs(
      absl::Span<const uint8_t> tbs_der ABSL_ATTRIBUTE_LIFETIME_BOUND);
  // ParseInto / ParseTbsInto are Parse / ParseTbs into `*out`, for loops that
  // parse many certificates (no Certificate is built and copied per call).
  // Same checks, errors and aliasing; on error `*out` is unspecified.
  static absl::Status ParseInto(absl::Span<const uint8_t> der, Certificate* out);
  static absl::Status ParseTbsInto(absl::Span<const uint8_t> tbs_der, Certificate* out);

  // Certificate constructs an empty view (no bytes), for ParseInto to fill.
  Certificate() = default;

  // der returns the whole certificate (the bytes given to Parse, minus any
  // trailing data, which Parse rejects).
  absl::Span<const uint8_t> der() const { return der_; }
  // tbs returns the TBSCertificate element (tag and length included).
  absl::Span<const uint8_t> tbs() const { return tbs_; }
  // version returns the X.509 version number as encoded (0 = v1, 2 = v3).
  uint64_t version() const { return version_; }
  // serial returns the serial number INTEGER contents (big-endian, as encoded).
  absl::Span<const uint8_t> serial() const { return serial_; }
  // issuer returns the issuer Name element (SEQUENCE, tag and length included).
  absl::Span<const uint8_t> issuer() const { return issuer_; }
  // subject returns the subject Name element (SEQUENCE, tag and length included).
  absl::Span<const uint8_t> subject() const { return subject_; }
  // spki returns the SubjectPublicKeyInfo element (tag and length included).
  absl::Span<const uint8_t> spki() const { return spki_; }
  // public_key_bits returns the subjectPublicKey BIT STRING contents without
  // the unused-bits byte (the input of OCSP issuerKeyHash, RFC 6960 §4.1.1).
  absl::Span<const uint8_t> public_key_bits() const { return key_bits_; }
  // extensions_der returns the contents of the Extensions SEQUENCE (the
  // concatenated Extension elements), empty if the certificate has none.
  absl::Span<const uint8_t> extensions_der() const { return extensions_; }
  // not_before / not_after return the validity bounds (UTCTime or
  // GeneralizedTime, seconds precision, UTC).
  absl::Time not_before() const { return absl::FromUnixSeconds(not_before_); }
  absl::Time not_after() const { return absl::FromUnixSeconds(not_after_); }
  int64_t not_before_unix() const { return not_before_; }
  int64_t not_after_unix() const { return not_after_; }

  // Fingerprint returns SHA-256 of the whole DER certificate.
  Hash Fingerprint() const;
  // SpkiHash returns SHA-256 of the DER SubjectPublicKeyInfo (a CT log ID when
  // this is a log key, the issuer_key_hash when this is an issuer).
  Hash SpkiHash() const;

  // FindExtension returns the extension whose OID contents equal `oid`, or
  // std::nullopt if absent. Parse already rejected duplicates; the SCT list,
  // poison and subjectAltName extensions are remembered by Parse (no walk).
  std::optional<X509Extension> FindExtension(
      absl::Span<const uint8_t> oid) const;
  // Extensions returns all extensions in certificate order.
  std::vector<X509Extension> Extensions() const;

  // IsPrecertificate returns true iff the CT poison extension is present; it
  // is kInvalidArgument if the poison is present but not critical or its value
  // is not exactly ASN.1 NULL (RFC 6962 §3.1).
  absl::StatusOr<bool> IsPrecertificate() const;
  // IsPrecertSigningCertificate returns whether the ExtendedKeyUsage extension
  // lists 1.3.6.1.4.1.11129.2.4.4; kInvalidArgument if the EKU is malformed.
  absl::StatusOr<bool> IsPrecertSigningCertificate() const;

  // SubjectCommonName returns the value of the first commonName (2.5.4.3)
  // attribute of the subject, aliasing the DER. kNotFound if there is none;
  // kUnimplemented for BMPString/UniversalString values (not ASCII-compatible).
  absl::StatusOr<absl::string_view> SubjectCommonName() const;
  // SubjectText / IssuerText return an RFC 4514-style string ("CN=a,O=b,C=US":
  // RDNs last-to-first, '+' for multi-valued RDNs, special characters escaped,
  // unknown attributes as dotted OIDs, non-string values as #hex).
  absl::StatusOr<std::string> SubjectText() const;
  absl::StatusOr<std::string> IssuerText() const;
  // DnsNames returns the subjectAltName dNSName entries (views into the DER),
  // empty if the certificate has no SAN extension.
  absl::StatusOr<std::vector<absl::string_view>> DnsNames() const;
  // IpAddresses returns the subjectAltName iPAddress entries (4 or 16 bytes
  // each, views into the DER); kInvalidArgument for any other length.
  absl::StatusOr<std::vector<absl::Span<const uint8_t>>> IpAddresses() const;
  // AppendSubjectAltNames appends the dNSName entries to `dns_names` and the
  // iPAddress entries to `ip_addresses` in one walk of the subjectAltName
  // (views into the DER); fails where DnsNames or IpAddresses would. For
  // loops that reuse their vectors.
  absl::Status AppendSubjectAltNames(
      std::vector<absl::string_view>* dns_names,
      std::vector<absl::Span<const uint8_t>>* ip_addresses) const;

 private:
  friend struct internal::CertificateLayout;
  // tbs_contents: the contents of the tbs_element SEQUENCE (a subspan of it).
  static absl::Status ParseTbsFields(absl::Span<const uint8_t> tbs_element,
                                     absl::Span<const uint8_t> tbs_contents,
                                     Certificate* out);

  absl::Span<const uint8_t> der_, tbs_, serial_, issuer_, subject_, spki_,
      key_bits_, extensions_;
  // The TBSCertificate contents before the [3] Extensions wrapper (all of
  // them if there is none): what a splice that edits only extensions copies.
  absl::Span<const uint8_t> tbs_fields_;
  // The CT extensions and the subjectAltName, found while Parse walks the list.
  std::optional<X509Extension> sct_list_, poison_, san_;
  uint64_t version_ = 0;
  int64_t not_before_ = 0, not_after_ = 0;
};

// PemToDer decodes every "-----BEGIN CERTIFICATE-----" block of `pem` (a
// single certificate or a chain, in order) into DER. Other PEM block types are
// skipped. Base64 is decoded strictly (line breaks allowed, nothing else);
// kInvalidArgument on bad base64 or an unterminated block, kNotFound if there
// is no certificate block at all.
absl::StatusOr<std::vector<std::string>> PemToDer(absl::string_view pem);

// kOidCommonName and kOidOrganization are the DER contents of the X.520
// attribute types 2.5.4.3 (CN) and 2.5.4.10 (O).
inline constexpr uint8_t kOidCommonName[] = {0x55, 0x04, 0x03};
inline constexpr uint8_t kOidOrganization[] = {0x55, 0x04, 0x0a};

// NameAttributeValues returns the values of every attribute of type `oid` in
// DER Name `name`, in order (views into `name`). kInvalidArgument if the Name
// is malformed; kUnimplemented for a value that is not an ASCII-compatible
// string type (BMPString, UniversalString).
absl::StatusOr<std::vector<absl::string_view>> NameAttributeValues(
    absl::Span<const uint8_t> name ABSL_ATTRIBUTE_LIFETIME_BOUND,
    absl::Span<const uint8_t> oid);

// NameToText returns the RFC 4514-style form (see SubjectText) of a DER Name
// element `name` (SEQUENCE OF RelativeDistinguishedName).
absl::StatusOr<std::string> NameToText(absl::Span<const uint8_t> name);

}  // namespace ct

#endif  // CT_X509_CERTIFICATE_H_
