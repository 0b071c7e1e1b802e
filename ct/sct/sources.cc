#include "ct/sct/sources.h"

#include <openssl/bytestring.h>
#include <openssl/mem.h>
#include <openssl/sha.h>

#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace ct {
namespace {

absl::Span<const uint8_t> SpanOf(const CBS& cbs) {
  return absl::MakeConstSpan(CBS_data(&cbs), CBS_len(&cbs));
}

absl::Status BadOcsp(absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("ocsp: ", what));
}

// 1.3.6.1.5.5.7.48.1.1 id-pkix-ocsp-basic
constexpr uint8_t kOidOcspBasic[] = {0x2b, 0x06, 0x01, 0x05, 0x05,
                                     0x07, 0x30, 0x01, 0x01};
// 1.3.14.3.2.26 sha1, 2.16.840.1.101.3.4.2.1 sha256
constexpr uint8_t kOidSha1[] = {0x2b, 0x0e, 0x03, 0x02, 0x1a};
constexpr uint8_t kOidSha256[] = {0x60, 0x86, 0x48, 0x01, 0x65,
                                  0x03, 0x04, 0x02, 0x01};

constexpr unsigned kExplicit0 =
    CBS_ASN1_CONTEXT_SPECIFIC | CBS_ASN1_CONSTRUCTED | 0;
constexpr unsigned kExplicit1 =
    CBS_ASN1_CONTEXT_SPECIFIC | CBS_ASN1_CONSTRUCTED | 1;

// UnwrapOctetString returns the contents of `value`, which must be exactly
// one DER OCTET STRING (the inner wrapping of the SCT list extensions).
bool UnwrapOctetString(absl::Span<const uint8_t> value,
                       absl::Span<const uint8_t>* out) {
  CBS cbs, inner;
  CBS_init(&cbs, value.data(), value.size());
  if (!CBS_get_asn1(&cbs, &inner, CBS_ASN1_OCTETSTRING) || CBS_len(&cbs) != 0) {
    return false;
  }
  *out = SpanOf(inner);
  return true;
}

// ParseSingleResponse parses (RFC 6960 §4.2.1):
// SingleResponse ::= SEQUENCE {
//    certID                  CertID,
//    certStatus              CertStatus,
//    thisUpdate              GeneralizedTime,
//    nextUpdate          [0] EXPLICIT GeneralizedTime OPTIONAL,
//    singleExtensions    [1] EXPLICIT Extensions OPTIONAL }
// CertID ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier,
//    issuerNameHash OCTET STRING, issuerKeyHash OCTET STRING,
//    serialNumber CertificateSerialNumber }
absl::Status ParseSingleResponse(CBS* responses, OcspSingleResponse* out) {
  CBS single, cert_id, alg, oid, name_hash, key_hash, serial, status, time;
  unsigned tag;
  if (!CBS_get_asn1(responses, &single, CBS_ASN1_SEQUENCE) ||
      !CBS_get_asn1(&single, &cert_id, CBS_ASN1_SEQUENCE) ||
      !CBS_get_asn1(&cert_id, &alg, CBS_ASN1_SEQUENCE) ||
      !CBS_get_asn1(&alg, &oid, CBS_ASN1_OBJECT) ||
      !CBS_get_asn1(&cert_id, &name_hash, CBS_ASN1_OCTETSTRING) ||
      !CBS_get_asn1(&cert_id, &key_hash, CBS_ASN1_OCTETSTRING) ||
      !CBS_get_asn1(&cert_id, &serial, CBS_ASN1_INTEGER) ||
      CBS_len(&cert_id) != 0) {
    return BadOcsp("bad SingleResponse CertID");
  }
  // CertStatus ::= CHOICE { good [0] IMPLICIT NULL, revoked [1] IMPLICIT
  //   RevokedInfo, unknown [2] IMPLICIT UnknownInfo }
  if (!CBS_get_any_asn1(&single, &status, &tag) ||
      (tag & CBS_ASN1_CLASS_MASK) != CBS_ASN1_CONTEXT_SPECIFIC ||
      !CBS_get_asn1(&single, &time, CBS_ASN1_GENERALIZEDTIME)) {
    return BadOcsp("bad SingleResponse certStatus/thisUpdate");
  }
  if (CBS_peek_asn1_tag(&single, kExplicit0) &&
      !CBS_get_asn1(&single, &time, kExplicit0)) {
    return BadOcsp("bad SingleResponse nextUpdate");
  }
  out->hash_algorithm = SpanOf(oid);
  out->issuer_name_hash = SpanOf(name_hash);
  out->issuer_key_hash = SpanOf(key_hash);
  out->serial = SpanOf(serial);
  out->sct_list.reset();
  if (CBS_peek_asn1_tag(&single, kExplicit1)) {
    CBS wrapper, exts;
    if (!CBS_get_asn1(&single, &wrapper, kExplicit1) ||
        !CBS_get_asn1(&wrapper, &exts, CBS_ASN1_SEQUENCE) ||
        CBS_len(&wrapper) != 0 || CBS_len(&exts) == 0) {
      return BadOcsp("bad singleExtensions");
    }
    while (CBS_len(&exts) > 0) {
      CBS ext, ext_oid, value;
      int critical = 0;
      if (!CBS_get_asn1(&exts, &ext, CBS_ASN1_SEQUENCE) ||
          !CBS_get_asn1(&ext, &ext_oid, CBS_ASN1_OBJECT) ||
          (CBS_peek_asn1_tag(&ext, CBS_ASN1_BOOLEAN) &&
           !CBS_get_asn1_bool(&ext, &critical)) ||
          !CBS_get_asn1(&ext, &value, CBS_ASN1_OCTETSTRING) ||
          CBS_len(&ext) != 0) {
        return BadOcsp("bad singleExtensions Extension");
      }
      if (SpanOf(ext_oid) != kOidOcspSctList) continue;
      if (out->sct_list.has_value()) {
        return BadOcsp("duplicate SCT list extension");
      }
      absl::Span<const uint8_t> list;
      if (!UnwrapOctetString(SpanOf(value), &list)) {
        return BadOcsp("SCT list extension is not an OCTET STRING");
      }
      out->sct_list = list;
    }
  }
  if (CBS_len(&single) != 0) return BadOcsp("trailing bytes in SingleResponse");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<absl::Span<const uint8_t>> EmbeddedSctList(
    const Certificate& cert) {
  std::optional<X509Extension> ext = cert.FindExtension(kOidSctList);
  if (!ext) return absl::NotFoundError("sct: certificate has no SCT list");
  absl::Span<const uint8_t> list;
  if (!UnwrapOctetString(ext->value, &list)) {
    return absl::InvalidArgumentError(
        "sct: SCT list extension value is not an OCTET STRING");
  }
  return list;
}

// OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED,
//    responseBytes [0] EXPLICIT ResponseBytes OPTIONAL }
// ResponseBytes ::= SEQUENCE { responseType OBJECT IDENTIFIER,
//    response OCTET STRING }
// BasicOCSPResponse ::= SEQUENCE { tbsResponseData ResponseData,
//    signatureAlgorithm AlgorithmIdentifier, signature BIT STRING,
//    certs [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL }
// ResponseData ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1,
//    responderID ResponderID, producedAt GeneralizedTime,
//    responses SEQUENCE OF SingleResponse,
//    responseExtensions [1] EXPLICIT Extensions OPTIONAL }
absl::StatusOr<std::vector<OcspSingleResponse>> ParseOcspResponses(
    absl::Span<const uint8_t> ocsp_response) {
  CBS in, resp, status, bytes_wrapper, bytes, type, basic_octets, basic, data,
      skip, responses;
  CBS_init(&in, ocsp_response.data(), ocsp_response.size());
  if (!CBS_get_asn1(&in, &resp, CBS_ASN1_SEQUENCE) || CBS_len(&in) != 0 ||
      !CBS_get_asn1(&resp, &status, CBS_ASN1_ENUMERATED)) {
    return BadOcsp(absl::StrFormat("not a DER OCSPResponse (%d bytes)",
                                   ocsp_response.size()));
  }
  if (CBS_len(&status) != 1 || CBS_data(&status)[0] != 0) {
    return BadOcsp("responseStatus is not successful(0)");
  }
  if (!CBS_get_asn1(&resp, &bytes_wrapper, kExplicit0) ||
      CBS_len(&resp) != 0 ||
      !CBS_get_asn1(&bytes_wrapper, &bytes, CBS_ASN1_SEQUENCE) ||
      CBS_len(&bytes_wrapper) != 0 ||
      !CBS_get_asn1(&bytes, &type, CBS_ASN1_OBJECT) ||
      !CBS_get_asn1(&bytes, &basic_octets, CBS_ASN1_OCTETSTRING) ||
      CBS_len(&bytes) != 0) {
    return BadOcsp("bad responseBytes");
  }
  if (SpanOf(type) != kOidOcspBasic) {
    return BadOcsp("responseType is not id-pkix-ocsp-basic");
  }
  if (!CBS_get_asn1(&basic_octets, &basic, CBS_ASN1_SEQUENCE) ||
      CBS_len(&basic_octets) != 0 ||
      !CBS_get_asn1(&basic, &data, CBS_ASN1_SEQUENCE)) {
    return BadOcsp("bad BasicOCSPResponse");
  }
  unsigned tag;
  if ((CBS_peek_asn1_tag(&data, kExplicit0) &&
       !CBS_get_asn1(&data, &skip, kExplicit0)) ||
      !CBS_get_any_asn1(&data, &skip, &tag) ||  // responderID CHOICE
      !CBS_get_asn1(&data, &skip, CBS_ASN1_GENERALIZEDTIME) ||
      !CBS_get_asn1(&data, &responses, CBS_ASN1_SEQUENCE)) {
    return BadOcsp("bad ResponseData");
  }
  std::vector<OcspSingleResponse> out;
  while (CBS_len(&responses) > 0) {
    OcspSingleResponse single;
    absl::Status s = ParseSingleResponse(&responses, &single);
    if (!s.ok()) return s;
    out.push_back(single);
  }
  return out;
}

absl::StatusOr<absl::Span<const uint8_t>> OcspSctList(
    absl::Span<const uint8_t> ocsp_response, const Certificate& cert,
    const Certificate& issuer) {
  absl::StatusOr<std::vector<OcspSingleResponse>> responses =
      ParseOcspResponses(ocsp_response);
  if (!responses.ok()) return responses.status();
  // issuerNameHash covers the certificate's issuer Name; issuerKeyHash the
  // issuer's subjectPublicKey BIT STRING value (RFC 6960 §4.1.1).
  uint8_t sha1_name[SHA_DIGEST_LENGTH], sha1_key[SHA_DIGEST_LENGTH];
  uint8_t sha256_name[SHA256_DIGEST_LENGTH], sha256_key[SHA256_DIGEST_LENGTH];
  SHA1(cert.issuer().data(), cert.issuer().size(), sha1_name);
  SHA1(issuer.public_key_bits().data(), issuer.public_key_bits().size(),
       sha1_key);
  SHA256(cert.issuer().data(), cert.issuer().size(), sha256_name);
  SHA256(issuer.public_key_bits().data(), issuer.public_key_bits().size(),
         sha256_key);
  for (const OcspSingleResponse& r : *responses) {
    if (r.serial != cert.serial()) continue;
    bool match = false;
    if (r.hash_algorithm == kOidSha1) {
      match = r.issuer_name_hash == sha1_name && r.issuer_key_hash == sha1_key;
    } else if (r.hash_algorithm == kOidSha256) {
      match = r.issuer_name_hash == sha256_name && r.issuer_key_hash == sha256_key;
    }
    if (!match) continue;
    if (!r.sct_list) {
      return absl::NotFoundError(
          "ocsp: the matching SingleResponse has no SCT list");
    }
    return *r.sct_list;
  }
  return absl::NotFoundError(
      "ocsp: no SingleResponse matches the certificate and issuer");
}

}  // namespace ct
