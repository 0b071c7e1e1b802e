#include "ct/x509/certificate.h"

#include <openssl/bio.h>
#include <openssl/bytestring.h>
#include <openssl/err.h>
#include <openssl/mem.h>
#include <openssl/pem.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cstring>

#include "absl/base/attributes.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ct/base/bytes.h"
#include "ct/base/errors.h"
#include "ct/x509/internal/der.h"

// GCC's straight-line vectorizer merges the two 8-byte fields of a CBS just
// written (data, len) into one 16-byte load: a store-forwarding stall on
// every DER element the parser copies (most of ParseTbsFields' time on real
// certificates). Off for this file.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-tree-slp-vectorize")
#endif

namespace ct {
namespace {

// CBS fields are public (bytestring.h); this file reads them directly, as
// ct/x509/internal/der.h does, so that no call stands between the parser and
// the bytes.
absl::Span<const uint8_t> SpanOf(const CBS& cbs) {
  return absl::MakeConstSpan(cbs.data, cbs.len);
}

// The structure name in MalformedError messages.
constexpr absl::string_view kX509 = "x509";

constexpr unsigned kTagExplicit0 =
    CBS_ASN1_CONTEXT_SPECIFIC | CBS_ASN1_CONSTRUCTED | 0;
constexpr unsigned kTagImplicit1 = CBS_ASN1_CONTEXT_SPECIFIC | 1;
constexpr unsigned kTagImplicit2 = CBS_ASN1_CONTEXT_SPECIFIC | 2;
constexpr unsigned kTagExplicit3 =
    CBS_ASN1_CONTEXT_SPECIFIC | CBS_ASN1_CONSTRUCTED | 3;

// SameOid compares the contents of two OIDs: length and last byte first (most
// extension OIDs are 55 1d xx), then a byte loop, which for the few bytes of
// an OID beats a call to memcmp. Always inlined: as a call it made the
// per-entry parse 12% slower (measured with BM_Inspect/real:1).
ABSL_ATTRIBUTE_ALWAYS_INLINE inline bool SameOid(const uint8_t* a, size_t a_size,
                                                 const uint8_t* b, size_t b_size) {
  if (a_size != b_size) return false;
  if (a_size == 0) return true;
  if (a[a_size - 1] != b[a_size - 1]) return false;
  for (size_t i = 0; i + 1 < a_size; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

// OidIs compares OID contents with a known OID.
template <size_t N>
bool OidIs(absl::Span<const uint8_t> oid, const uint8_t (&want)[N]) {
  return SameOid(oid.data(), oid.size(), want, N);
}

// ParseExtension parses one Extension (RFC 5280 §4.1):
//   Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER,
//                            critical BOOLEAN DEFAULT FALSE,
//                            extnValue OCTET STRING }
bool ParseExtension(CBS* exts, X509Extension* out) {
  CBS element, ext, oid, value;
  if (!der::GetElementAndContents(exts, CBS_ASN1_SEQUENCE, &element, &ext) ||
      !der::GetAsn1(&ext, &oid, CBS_ASN1_OBJECT) || oid.len == 0) {
    return false;
  }
  // critical BOOLEAN DEFAULT FALSE, then extnValue: read the next element
  // once and dispatch on its tag.
  int critical = 0;
  unsigned tag;
  if (!der::GetAny(&ext, &value, &tag)) return false;
  if (tag == CBS_ASN1_BOOLEAN) {
    // DER BOOLEAN: one byte, 00 or ff. DER says a DEFAULT FALSE must be
    // omitted, but explicit FALSE occurs in issued certificates; accept it
    // (the bytes are kept as they are).
    if (value.len != 1) return false;
    const uint8_t b = value.data[0];
    if ((b != 0x00 && b != 0xff) || !der::GetAny(&ext, &value, &tag)) return false;
    critical = b != 0;
  }
  if (tag != CBS_ASN1_OCTETSTRING || ext.len != 0) return false;
  out->oid = SpanOf(oid);
  out->critical = critical != 0;
  out->value = SpanOf(value);
  out->element = SpanOf(element);
  return true;
}

// AttributeName maps well-known attribute type OIDs to RFC 4514 short names.
const char* AttributeName(absl::Span<const uint8_t> oid) {
  static constexpr struct {
    uint8_t oid[10];
    size_t len;
    const char* name;
  } kNames[] = {
      {{0x55, 0x04, 0x03}, 3, "CN"},
      {{0x55, 0x04, 0x06}, 3, "C"},
      {{0x55, 0x04, 0x07}, 3, "L"},
      {{0x55, 0x04, 0x08}, 3, "ST"},
      {{0x55, 0x04, 0x09}, 3, "STREET"},
      {{0x55, 0x04, 0x0a}, 3, "O"},
      {{0x55, 0x04, 0x0b}, 3, "OU"},
      {{0x55, 0x04, 0x05}, 3, "serialNumber"},
      {{0x55, 0x04, 0x61}, 3, "organizationIdentifier"},
      {{0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19},
       10,
       "DC"},
      {{0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x01},
       10,
       "UID"},
      {{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01}, 9,
       "emailAddress"},
  };
  for (const auto& n : kNames) {
    if (oid == absl::MakeConstSpan(n.oid, n.len)) return n.name;
  }
  return nullptr;
}

bool IsStringTag(unsigned tag) {
  return tag == CBS_ASN1_UTF8STRING || tag == CBS_ASN1_PRINTABLESTRING ||
         tag == CBS_ASN1_IA5STRING || tag == CBS_ASN1_T61STRING ||
         tag == CBS_ASN1_VISIBLESTRING;
}

void AppendEscaped(std::string* out, absl::Span<const uint8_t> v) {
  for (size_t i = 0; i < v.size(); ++i) {
    const uint8_t c = v[i];
    const bool special = c == ',' || c == '+' || c == '"' || c == '\\' ||
                         c == '<' || c == '>' || c == ';' || c == '=' ||
                         (i == 0 && (c == '#' || c == ' ')) ||
                         (i + 1 == v.size() && c == ' ');
    if (c < 0x20 || c == 0x7f) {
      absl::StrAppendFormat(out, "\\%02x", c);
    } else {
      if (special) out->push_back('\\');
      out->push_back(static_cast<char>(c));
    }
  }
}

// OidToText renders OID contents in dotted form (base-128 arcs).
std::string OidToText(absl::Span<const uint8_t> oid) {
  CBS cbs;
  CBS_init(&cbs, oid.data(), oid.size());
  char* text = CBS_asn1_oid_to_text(&cbs);
  if (text == nullptr) return "?";
  std::string s(text);
  OPENSSL_free(text);
  return s;
}

// ForEachSan walks the GeneralNames of subjectAltName extension `san` (RFC
// 5280 §4.2.1.6; none when absent) calling fn(tag, value)
// for each GeneralName; false on malformed input or when fn returns false.
//   GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName
template <typename Fn>
absl::Status ForEachSan(const std::optional<X509Extension>& san, Fn fn) {
  if (!san) return absl::OkStatus();
  CBS value, names;
  CBS_init(&value, san->value.data(), san->value.size());
  if (!der::GetAsn1(&value, &names, CBS_ASN1_SEQUENCE) ||
      value.len != 0 || names.len == 0) {
    return MalformedError(kX509,
                          "subjectAltName is not a non-empty GeneralNames");
  }
  while (names.len > 0) {
    CBS name;
    unsigned tag;
    if (!der::GetAny(&names, &name, &tag)) {
      return MalformedError(kX509,
                            "subjectAltName has a malformed GeneralName");
    }
    absl::Status s = fn(tag, name);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Certificate> Certificate::Parse(absl::string_view der) {
  return Parse(AsBytes(der));
}

// Certificate  ::=  SEQUENCE  {
//      tbsCertificate       TBSCertificate,
//      signatureAlgorithm   AlgorithmIdentifier,
//      signatureValue       BIT STRING  }
// TBSCertificate  ::=  SEQUENCE  {
//      version         [0]  EXPLICIT Version DEFAULT v1,
//      serialNumber         CertificateSerialNumber,
//      signature            AlgorithmIdentifier,
//      issuer               Name,
//      validity             Validity,
//      subject              Name,
//      subjectPublicKeyInfo SubjectPublicKeyInfo,
//      issuerUniqueID  [1]  IMPLICIT UniqueIdentifier OPTIONAL,
//      subjectUniqueID [2]  IMPLICIT UniqueIdentifier OPTIONAL,
//      extensions      [3]  EXPLICIT Extensions OPTIONAL }
absl::StatusOr<Certificate> Certificate::Parse(absl::Span<const uint8_t> der) {
  Certificate c;
  absl::Status s = ParseInto(der, &c);
  if (!s.ok()) return s;
  return c;
}

absl::StatusOr<Certificate> Certificate::ParseTbs(
    absl::Span<const uint8_t> tbs_der) {
  Certificate c;
  absl::Status s = ParseTbsInto(tbs_der, &c);
  if (!s.ok()) return s;
  return c;
}

absl::Status Certificate::ParseInto(absl::Span<const uint8_t> der, Certificate* out) {
  CBS input, cert, tbs_element, tbs_contents, sig_alg, sig;
  CBS_init(&input, der.data(), der.size());
  CBS whole = input;
  if (!der::GetAsn1(&input, &cert, CBS_ASN1_SEQUENCE)) {
    return MalformedError(
        kX509,
        absl::StrFormat("certificate is not a DER SEQUENCE (%d bytes of input)",
                        der.size()));
  }
  if (input.len != 0) {
    return MalformedError(
        kX509, absl::StrFormat("%d trailing bytes after the certificate",
                               input.len));
  }
  if (!der::GetElementAndContents(&cert, CBS_ASN1_SEQUENCE, &tbs_element, &tbs_contents) ||
      !der::GetAsn1(&cert, &sig_alg, CBS_ASN1_SEQUENCE) ||
      !der::GetAsn1(&cert, &sig, CBS_ASN1_BITSTRING) || cert.len != 0) {
    return MalformedError(
        kX509,
        "certificate is not SEQUENCE { tbsCertificate, signatureAlgorithm, "
        "signatureValue BIT STRING }");
  }
  out->der_ = SpanOf(whole);
  return ParseTbsFields(SpanOf(tbs_element), SpanOf(tbs_contents), out);
}

absl::Status Certificate::ParseTbsInto(absl::Span<const uint8_t> tbs_der, Certificate* out) {
  CBS input, element, contents;
  CBS_init(&input, tbs_der.data(), tbs_der.size());
  if (!der::GetElementAndContents(&input, CBS_ASN1_SEQUENCE, &element, &contents) ||
      input.len != 0) {
    return MalformedError(
        kX509, absl::StrFormat(
                   "TBSCertificate is not one DER SEQUENCE (%d bytes of input)",
                   tbs_der.size()));
  }
  out->der_ = tbs_der;
  return ParseTbsFields(SpanOf(element), SpanOf(contents), out);
}

absl::Status Certificate::ParseTbsFields(absl::Span<const uint8_t> tbs_element,
                                         absl::Span<const uint8_t> tbs_contents,
                                         Certificate* out) {
  Certificate& c = *out;
  // Fields that only some certificates have start out absent (`out` may hold
  // an earlier certificate); the others are all set below.
  c.version_ = 0;
  c.extensions_ = {};
  c.sct_list_.reset();
  c.poison_.reset();
  c.san_.reset();
  CBS tbs;
  CBS_init(&tbs, tbs_contents.data(), tbs_contents.size());
  c.tbs_ = tbs_element;
  const uint8_t* const fields_begin = tbs.data;
  // version [0] EXPLICIT INTEGER DEFAULT v1
  if (der::PeekTag(&tbs, kTagExplicit0)) {
    CBS version;
    if (!der::GetAsn1(&tbs, &version, kTagExplicit0)) return MalformedError(kX509, "bad version");
    if (version.len == 3 && version.data[0] == CBS_ASN1_INTEGER && version.data[1] == 1 &&
        version.data[2] < 0x80) {
      c.version_ = version.data[2];  // INTEGER 0..127, the form every certificate uses
    } else if (!CBS_get_asn1_uint64(&version, &c.version_) || version.len != 0) {
      return MalformedError(kX509, "bad version");
    }
    if (c.version_ > 2) {
      return MalformedError(
          kX509, absl::StrFormat("version %d, want 0..2", c.version_));
    }
  }
  CBS serial, tbs_sig, issuer, validity, subject, spki;
  if (!der::GetAsn1(&tbs, &serial, CBS_ASN1_INTEGER) ||
      serial.len == 0) {
    return MalformedError(kX509, "bad serialNumber");
  }
  if (!der::GetAsn1(&tbs, &tbs_sig, CBS_ASN1_SEQUENCE)) {
    return MalformedError(kX509,
                          "bad TBSCertificate signature AlgorithmIdentifier");
  }
  if (!der::GetAsn1Element(&tbs, &issuer, CBS_ASN1_SEQUENCE)) {
    return MalformedError(kX509, "bad issuer Name");
  }
  if (!der::GetAsn1(&tbs, &validity, CBS_ASN1_SEQUENCE) ||
      !der::GetTime(&validity, &c.not_before_) ||
      !der::GetTime(&validity, &c.not_after_) || validity.len != 0) {
    return MalformedError(kX509,
                          "bad Validity (want UTCTime/GeneralizedTime ...Z)");
  }
  if (!der::GetAsn1Element(&tbs, &subject, CBS_ASN1_SEQUENCE)) {
    return MalformedError(kX509, "bad subject Name");
  }
  // SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier,
  //                                     subjectPublicKey BIT STRING }
  CBS spki_body, spki_alg, key_bits;
  if (!der::GetElementAndContents(&tbs, CBS_ASN1_SEQUENCE, &spki, &spki_body)) {
    return MalformedError(kX509, "bad SubjectPublicKeyInfo");
  }
  // The BIT STRING's first byte (unused bits) must be 0; key_bits is the rest.
  if (!der::GetAsn1(&spki_body, &spki_alg, CBS_ASN1_SEQUENCE) ||
      !der::GetAsn1(&spki_body, &key_bits, CBS_ASN1_BITSTRING) ||
      spki_body.len != 0 || key_bits.len == 0 || key_bits.data[0] != 0) {
    return MalformedError(kX509, "bad SubjectPublicKeyInfo contents");
  }
  ++key_bits.data;
  --key_bits.len;
  c.serial_ = SpanOf(serial);
  c.issuer_ = SpanOf(issuer);
  c.subject_ = SpanOf(subject);
  c.spki_ = SpanOf(spki);
  c.key_bits_ = SpanOf(key_bits);
  if (der::PeekTag(&tbs, kTagImplicit1)) {
    CBS uid;
    if (!der::GetAsn1(&tbs, &uid, kTagImplicit1)) {
      return MalformedError(kX509, "bad issuerUniqueID");
    }
  }
  if (der::PeekTag(&tbs, kTagImplicit2)) {
    CBS uid;
    if (!der::GetAsn1(&tbs, &uid, kTagImplicit2)) {
      return MalformedError(kX509, "bad subjectUniqueID");
    }
  }
  c.tbs_fields_ = absl::MakeConstSpan(
      fields_begin, static_cast<size_t>(tbs.data - fields_begin));
  if (der::PeekTag(&tbs, kTagExplicit3)) {
    CBS wrapper, exts;
    if (!der::GetAsn1(&tbs, &wrapper, kTagExplicit3) ||
        !der::GetAsn1(&wrapper, &exts, CBS_ASN1_SEQUENCE) ||
        wrapper.len != 0) {
      return MalformedError(kX509, "bad [3] Extensions wrapper");
    }
    // Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension
    if (exts.len == 0)
      return MalformedError(kX509, "empty Extensions list");
    c.extensions_ = SpanOf(exts);
    // Every extension must parse, and no OID may repeat (RFC 5280 §4.2).
    // OIDs seen so far are kept on the stack for the common case; beyond
    // kSeen extensions the earlier ones are re-parsed instead.
    constexpr size_t kSeen = 32;
    // Plain pointers and sizes, left uninitialised: an array of Spans would
    // be zeroed (512 bytes) on every call.
    struct OidRef {
      const uint8_t* data;
      size_t size;
    };
    OidRef seen[kSeen];
    CBS outer = exts;
    size_t index = 0;
    X509Extension ext;  // reused: ParseExtension sets every field
    auto duplicate = [&](size_t j) {
      return MalformedError(kX509, absl::StrFormat("duplicate extension %s (#%d and #%d)",
                                                   OidToText(ext.oid), j, index));
    };
    while (outer.len > 0) {
      if (!ParseExtension(&outer, &ext)) {
        return MalformedError(kX509,
                              absl::StrFormat("bad Extension #%d", index));
      }
      const uint8_t* const oid = ext.oid.data();
      const size_t n = ext.oid.size();
      const size_t cached = std::min(index, kSeen);
      for (size_t j = 0; j < cached; ++j) {
        if (SameOid(seen[j].data, seen[j].size, oid, n)) return duplicate(j);
      }
      if (index > kSeen) {  // past kSeen extensions: re-parse the others
        CBS inner = exts;
        X509Extension e;
        for (size_t j = 0; j < index; ++j) {
          ParseExtension(&inner, &e);
          if (j >= kSeen && SameOid(e.oid.data(), e.oid.size(), oid, n)) return duplicate(j);
        }
      }
      if (index < kSeen) seen[index] = OidRef{ext.oid.data(), ext.oid.size()};
      if (OidIs(ext.oid, kOidSctList)) {
        c.sct_list_ = ext;
      } else if (OidIs(ext.oid, kOidPrecertPoison)) {
        c.poison_ = ext;
      } else if (OidIs(ext.oid, kOidSubjectAltName)) {
        c.san_ = ext;
      }
      ++index;
    }
  }
  if (tbs.len != 0) {
    return MalformedError(
        kX509,
        absl::StrFormat("%d unexpected bytes at the end of TBSCertificate",
                        tbs.len));
  }
  return absl::OkStatus();
}

Hash Certificate::Fingerprint() const {
  Hash h;
  SHA256(der_.data(), der_.size(), h.data());
  return h;
}

Hash Certificate::SpkiHash() const {
  Hash h;
  SHA256(spki_.data(), spki_.size(), h.data());
  return h;
}

std::optional<X509Extension> Certificate::FindExtension(
    absl::Span<const uint8_t> oid) const {
  if (OidIs(oid, kOidSctList)) return sct_list_;
  if (OidIs(oid, kOidPrecertPoison)) return poison_;
  if (OidIs(oid, kOidSubjectAltName)) return san_;
  CBS exts;
  CBS_init(&exts, extensions_.data(), extensions_.size());
  X509Extension ext;
  while (exts.len > 0 && ParseExtension(&exts, &ext)) {
    if (ext.oid == oid) return ext;
  }
  return std::nullopt;
}

std::vector<X509Extension> Certificate::Extensions() const {
  std::vector<X509Extension> out;
  CBS exts;
  CBS_init(&exts, extensions_.data(), extensions_.size());
  X509Extension ext;
  while (exts.len > 0 && ParseExtension(&exts, &ext)) out.push_back(ext);
  return out;
}

absl::StatusOr<bool> Certificate::IsPrecertificate() const {
  std::optional<X509Extension> poison = FindExtension(kOidPrecertPoison);
  if (!poison) return false;
  if (!poison->critical)
    return MalformedError(kX509, "precertificate poison is not critical");
  static constexpr uint8_t kNull[] = {0x05, 0x00};
  if (poison->value != kNull) {
    return MalformedError(
        kX509,
        absl::StrFormat(
            "precertificate poison value is %d bytes, want ASN.1 NULL (05 00)",
            poison->value.size()));
  }
  return true;
}

// ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId
absl::StatusOr<bool> Certificate::IsPrecertSigningCertificate() const {
  std::optional<X509Extension> eku = FindExtension(kOidExtendedKeyUsage);
  if (!eku) return false;
  CBS value, seq;
  CBS_init(&value, eku->value.data(), eku->value.size());
  if (!der::GetAsn1(&value, &seq, CBS_ASN1_SEQUENCE) || value.len != 0 ||
      seq.len == 0) {
    return MalformedError(kX509,
                          "ExtendedKeyUsage is not a non-empty SEQUENCE");
  }
  bool found = false;
  while (seq.len > 0) {
    CBS oid;
    if (!der::GetAsn1(&seq, &oid, CBS_ASN1_OBJECT)) {
      return MalformedError(kX509, "ExtendedKeyUsage has a non-OID member");
    }
    if (SpanOf(oid) == kOidPrecertSigningEku) found = true;
  }
  return found;
}

namespace {

// ForEachNameAttribute walks DER Name `name_der`, checking all of it, and
// calls fn(value) for the value of every attribute of type `oid`, in order.
// Name ::= SEQUENCE OF RelativeDistinguishedName
// RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue
// AttributeTypeAndValue ::= SEQUENCE { type OBJECT IDENTIFIER, value ANY }
template <typename Fn>
absl::Status ForEachNameAttribute(absl::Span<const uint8_t> name_der,
                                  absl::Span<const uint8_t> oid, Fn fn) {
  CBS name, rdns;
  CBS_init(&name, name_der.data(), name_der.size());
  if (!der::GetAsn1(&name, &rdns, CBS_ASN1_SEQUENCE) || name.len != 0) {
    return MalformedError(kX509, "bad Name");
  }
  while (rdns.len > 0) {
    CBS rdn;
    if (!der::GetAsn1(&rdns, &rdn, CBS_ASN1_SET) || rdn.len == 0) {
      return MalformedError(kX509, "bad RelativeDistinguishedName");
    }
    while (rdn.len > 0) {
      CBS atv, type, value;
      unsigned tag;
      if (!der::GetAsn1(&rdn, &atv, CBS_ASN1_SEQUENCE) ||
          !der::GetAsn1(&atv, &type, CBS_ASN1_OBJECT) ||
          !der::GetAny(&atv, &value, &tag) || atv.len != 0) {
        return MalformedError(kX509, "bad AttributeTypeAndValue");
      }
      if (!SameOid(type.data, type.len, oid.data(), oid.size())) continue;
      if (!IsStringTag(tag)) {
        return absl::UnimplementedError(absl::StrFormat(
            "x509: attribute uses string tag %d, not an ASCII-compatible type", tag));
      }
      fn(AsChars(SpanOf(value)));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<absl::string_view>> NameAttributeValues(
    absl::Span<const uint8_t> name_der, absl::Span<const uint8_t> oid) {
  std::vector<absl::string_view> out;
  absl::Status s = ForEachNameAttribute(
      name_der, oid, [&](absl::string_view v) { out.push_back(v); });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<absl::string_view> Certificate::SubjectCommonName() const {
  std::optional<absl::string_view> first;
  absl::Status s = ForEachNameAttribute(subject_, kOidCommonName, [&](absl::string_view v) {
    if (!first.has_value()) first = v;
  });
  if (!s.ok()) return s;
  if (!first.has_value()) return absl::NotFoundError("x509: subject has no commonName");
  return *first;
}

absl::StatusOr<std::string> NameToText(absl::Span<const uint8_t> name_der) {
  CBS name, rdns;
  CBS_init(&name, name_der.data(), name_der.size());
  if (!der::GetAsn1(&name, &rdns, CBS_ASN1_SEQUENCE) || name.len != 0) {
    return MalformedError(kX509, "Name is not a DER SEQUENCE");
  }
  // RFC 4514 §2.1 lists RDNs starting from the last one: collect them first.
  std::vector<CBS> list;
  while (rdns.len > 0) {
    CBS rdn;
    if (!der::GetAsn1(&rdns, &rdn, CBS_ASN1_SET) || rdn.len == 0) {
      return MalformedError(kX509, "bad RelativeDistinguishedName");
    }
    list.push_back(rdn);
  }
  std::string out;
  for (size_t i = list.size(); i-- > 0;) {
    if (i + 1 != list.size()) out.push_back(',');
    CBS rdn = list[i];
    bool first = true;
    while (rdn.len > 0) {
      CBS atv, type, value, value_element;
      unsigned tag;
      if (!der::GetAsn1(&rdn, &atv, CBS_ASN1_SEQUENCE) ||
          !der::GetAsn1(&atv, &type, CBS_ASN1_OBJECT)) {
        return MalformedError(kX509, "bad AttributeTypeAndValue");
      }
      value_element = atv;
      if (!der::GetAny(&atv, &value, &tag) || atv.len != 0) {
        return MalformedError(kX509, "bad AttributeTypeAndValue value");
      }
      if (!first) out.push_back('+');
      first = false;
      const char* short_name = AttributeName(SpanOf(type));
      out += short_name ? short_name : OidToText(SpanOf(type));
      out.push_back('=');
      if (IsStringTag(tag)) {
        AppendEscaped(&out, SpanOf(value));
      } else {
        out.push_back('#');
        for (size_t j = 0; j < value_element.len; ++j) {
          absl::StrAppendFormat(&out, "%02x", value_element.data[j]);
        }
      }
    }
  }
  return out;
}

absl::StatusOr<std::string> Certificate::SubjectText() const {
  return NameToText(subject_);
}

absl::StatusOr<std::string> Certificate::IssuerText() const {
  return NameToText(issuer_);
}

absl::StatusOr<std::vector<absl::string_view>> Certificate::DnsNames() const {
  std::vector<absl::string_view> out;
  absl::Status s = ForEachSan(san_, [&](unsigned tag, CBS value) {
    if (tag == (CBS_ASN1_CONTEXT_SPECIFIC | 2)) {  // dNSName [2] IA5String
      out.push_back(AsChars(SpanOf(value)));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

namespace {

// AddIpAddress appends an iPAddress GeneralName's value (4 or 16 bytes).
absl::Status AddIpAddress(const CBS& value,
                          std::vector<absl::Span<const uint8_t>>* out) {
  if (value.len != 4 && value.len != 16) {
    return MalformedError(
        kX509, absl::StrFormat("subjectAltName iPAddress is %d bytes, want 4 or 16",
                               value.len));
  }
  out->push_back(SpanOf(value));
  return absl::OkStatus();
}

constexpr unsigned kTagDnsName = CBS_ASN1_CONTEXT_SPECIFIC | 2;    // [2] IA5String
constexpr unsigned kTagIpAddress = CBS_ASN1_CONTEXT_SPECIFIC | 7;  // [7] OCTET STRING

}  // namespace

absl::StatusOr<std::vector<absl::Span<const uint8_t>>>
Certificate::IpAddresses() const {
  std::vector<absl::Span<const uint8_t>> out;
  absl::Status s = ForEachSan(san_, [&](unsigned tag, CBS value) {
    return tag == kTagIpAddress ? AddIpAddress(value, &out) : absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::Status Certificate::AppendSubjectAltNames(
    std::vector<absl::string_view>* dns_names,
    std::vector<absl::Span<const uint8_t>>* ip_addresses) const {
  return ForEachSan(san_, [&](unsigned tag, CBS value) {
    if (tag == kTagDnsName) dns_names->push_back(AsChars(SpanOf(value)));
    return tag == kTagIpAddress ? AddIpAddress(value, ip_addresses) : absl::OkStatus();
  });
}

namespace {

// PemBlock frees what PEM_read_bio allocates.
struct PemBlock {
  char* name = nullptr;
  char* header = nullptr;
  uint8_t* data = nullptr;
  long len = 0;
  ~PemBlock() {
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_free(data);
  }
};

}  // namespace

absl::StatusOr<std::vector<std::string>> PemToDer(absl::string_view pem) {
  // BoringSSL's PEM reader skips text between blocks and decodes each body.
  bssl::UniquePtr<BIO> bio(BIO_new_mem_buf(pem.data(), pem.size()));
  if (!bio) return absl::ResourceExhaustedError("x509: BIO_new_mem_buf failed");
  std::vector<std::string> out;
  size_t blocks = 0;
  ERR_clear_error();
  while (true) {
    PemBlock block;
    if (!PEM_read_bio(bio.get(), &block.name, &block.header, &block.data, &block.len)) {
      const uint32_t err = ERR_peek_last_error();
      ERR_clear_error();
      if (ERR_GET_LIB(err) == ERR_LIB_PEM && ERR_GET_REASON(err) == PEM_R_NO_START_LINE) {
        break;  // no further block
      }
      const char* why = ERR_reason_error_string(err);
      return MalformedError(kX509, absl::StrFormat("PEM block #%d does not decode (%s)", blocks,
                                                   why != nullptr ? why : "unknown error"));
    }
    ++blocks;
    if (std::strcmp(block.name, PEM_STRING_X509) != 0) continue;
    if (block.len <= 0) {
      return MalformedError(kX509, absl::StrFormat("PEM block #%d is empty", blocks - 1));
    }
    out.push_back(ToString(ByteSpan(block.data, static_cast<size_t>(block.len))));
  }
  if (out.empty()) return absl::NotFoundError("x509: no PEM CERTIFICATE block");
  return out;
}

}  // namespace ct
