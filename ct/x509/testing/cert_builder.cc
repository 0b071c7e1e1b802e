#include "ct/x509/testing/cert_builder.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/bytestring.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/mem.h>
#include <openssl/nid.h>
#include <openssl/obj.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <array>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ct/merkle/hash.h"

namespace ct::testing {
namespace {

constexpr char kOidPoison[] = "1.3.6.1.4.1.11129.2.4.3";
constexpr char kOidSctList[] = "1.3.6.1.4.1.11129.2.4.2";

absl::Status Fail(absl::string_view what) {
  return absl::InternalError(absl::StrCat("cert_builder: ", what));
}

bssl::UniquePtr<X509_NAME> MakeName(const std::vector<NameAttribute>& attributes) {
  bssl::UniquePtr<X509_NAME> name(X509_NAME_new());
  if (!name) return nullptr;
  for (const NameAttribute& a : attributes) {
    const ByteSpan v = AsBytes(a.value);
    if (X509_NAME_add_entry_by_txt(name.get(), a.type.c_str(), MBSTRING_ASC, v.data(),
                                   static_cast<int>(v.size()), -1, 0) != 1) {
      return nullptr;
    }
  }
  return name;
}

// KeyId returns SHA-1 of the subjectPublicKey BIT STRING of `key` (RFC 5280
// §4.2.1.2, method 1), or an empty vector on failure.
Bytes KeyId(EVP_PKEY* key) {
  uint8_t* der = nullptr;
  const int len = i2d_PUBKEY(key, &der);
  if (len <= 0) return {};
  bssl::UniquePtr<uint8_t> owned(der);
  // SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier,
  //                                     subjectPublicKey BIT STRING }
  CBS cbs, spki, bits;
  uint8_t unused_bits;
  CBS_init(&cbs, der, static_cast<size_t>(len));
  if (!CBS_get_asn1(&cbs, &spki, CBS_ASN1_SEQUENCE) ||
      !CBS_get_asn1(&spki, nullptr, CBS_ASN1_SEQUENCE) ||
      !CBS_get_asn1(&spki, &bits, CBS_ASN1_BITSTRING) || !CBS_get_u8(&bits, &unused_bits) ||
      unused_bits != 0) {
    return {};
  }
  Bytes out(SHA_DIGEST_LENGTH);
  SHA1(CBS_data(&bits), CBS_len(&bits), out.data());
  return out;
}

bool AddRawExtension(X509* x, const char* oid, bool critical, ByteSpan value) {
  bssl::UniquePtr<ASN1_OBJECT> obj(OBJ_txt2obj(oid, 1));
  bssl::UniquePtr<ASN1_OCTET_STRING> os(ASN1_OCTET_STRING_new());
  if (!obj || !os || !ASN1_OCTET_STRING_set(os.get(), value.data(), value.size())) return false;
  bssl::UniquePtr<X509_EXTENSION> ext(
      X509_EXTENSION_create_by_OBJ(nullptr, obj.get(), critical, os.get()));
  return ext && X509_add_ext(x, ext.get(), -1);
}

bool AddTlsProfile(X509* x, const CertSpec& spec, EVP_PKEY* subject_key, EVP_PKEY* issuer_key) {
  bssl::UniquePtr<ASN1_BIT_STRING> ku(ASN1_BIT_STRING_new());
  if (!ku) return false;
  if (spec.ca) {
    if (!ASN1_BIT_STRING_set_bit(ku.get(), 5, 1) ||  // keyCertSign
        !ASN1_BIT_STRING_set_bit(ku.get(), 6, 1)) {  // cRLSign
      return false;
    }
  } else if (!ASN1_BIT_STRING_set_bit(ku.get(), 0, 1)) {  // digitalSignature
    return false;
  }
  if (!X509_add1_ext_i2d(x, NID_key_usage, ku.get(), 1, 0)) return false;
  if (!spec.ca) {
    bssl::UniquePtr<EXTENDED_KEY_USAGE> eku(sk_ASN1_OBJECT_new_null());
    if (!eku || !sk_ASN1_OBJECT_push(eku.get(), OBJ_nid2obj(NID_server_auth)) ||
        !X509_add1_ext_i2d(x, NID_ext_key_usage, eku.get(), 0, 0)) {
      return false;
    }
  }
  const Bytes ski = KeyId(subject_key);
  const Bytes aki = KeyId(issuer_key);
  bssl::UniquePtr<ASN1_OCTET_STRING> ski_os(ASN1_OCTET_STRING_new());
  bssl::UniquePtr<AUTHORITY_KEYID> akid(AUTHORITY_KEYID_new());
  if (ski.empty() || aki.empty() || !ski_os || !akid ||
      !ASN1_OCTET_STRING_set(ski_os.get(), ski.data(), ski.size()) ||
      !X509_add1_ext_i2d(x, NID_subject_key_identifier, ski_os.get(), 0, 0)) {
    return false;
  }
  akid->keyid = ASN1_OCTET_STRING_new();
  return akid->keyid != nullptr && ASN1_OCTET_STRING_set(akid->keyid, aki.data(), aki.size()) &&
         X509_add1_ext_i2d(x, NID_authority_key_identifier, akid.get(), 0, 0);
}

bool AddSubjectAltName(X509* x, const CertSpec& spec) {
  if (spec.dns_names.empty() && spec.ip_addresses.empty()) return true;
  bssl::UniquePtr<GENERAL_NAMES> sans(GENERAL_NAMES_new());
  if (!sans) return false;
  for (const std::string& dns : spec.dns_names) {
    bssl::UniquePtr<GENERAL_NAME> gn(GENERAL_NAME_new());
    bssl::UniquePtr<ASN1_IA5STRING> s(ASN1_IA5STRING_new());
    if (!gn || !s || !ASN1_STRING_set(s.get(), dns.data(), static_cast<int>(dns.size()))) {
      return false;
    }
    GENERAL_NAME_set0_value(gn.get(), GEN_DNS, s.release());
    if (!sk_GENERAL_NAME_push(sans.get(), gn.get())) return false;
    gn.release();
  }
  for (const Bytes& ip : spec.ip_addresses) {
    bssl::UniquePtr<GENERAL_NAME> gn(GENERAL_NAME_new());
    bssl::UniquePtr<ASN1_OCTET_STRING> s(ASN1_OCTET_STRING_new());
    if (!gn || !s || !ASN1_OCTET_STRING_set(s.get(), ip.data(), ip.size())) return false;
    GENERAL_NAME_set0_value(gn.get(), GEN_IPADD, s.release());
    if (!sk_GENERAL_NAME_push(sans.get(), gn.get())) return false;
    gn.release();
  }
  // RFC 5280 §4.2.1.6: critical when the subject is empty.
  return X509_add1_ext_i2d(x, NID_subject_alt_name, sans.get(), spec.subject.empty() ? 1 : 0, 0);
}

bool AddCtExtension(X509* x, CtExtension ct, ByteSpan sct_list) {
  switch (ct) {
    case CtExtension::kNone:
      return true;
    case CtExtension::kPoison: {
      const uint8_t null_der[] = {0x05, 0x00};  // ASN.1 NULL
      return AddRawExtension(x, kOidPoison, true, null_der);
    }
    case CtExtension::kSctList: {
      // extnValue = OCTET STRING { SignedCertificateTimestampList } (RFC 6962 §3.3).
      bssl::ScopedCBB cbb;
      CBB inner;
      return CBB_init(cbb.get(), sct_list.size() + 8) &&
             CBB_add_asn1(cbb.get(), &inner, CBS_ASN1_OCTETSTRING) &&
             CBB_add_bytes(&inner, sct_list.data(), sct_list.size()) && CBB_flush(cbb.get()) &&
             AddRawExtension(x, kOidSctList, false,
                             ByteSpan(CBB_data(cbb.get()), CBB_len(cbb.get())));
    }
  }
  return false;
}

}  // namespace

bssl::UniquePtr<EVP_PKEY> DerivedP256Key(absl::string_view label) {
  bssl::UniquePtr<EC_KEY> key(EC_KEY_new_by_curve_name(NID_X9_62_prime256v1));
  if (!key) return nullptr;
  const EC_GROUP* group = EC_KEY_get0_group(key.get());
  for (uint64_t attempt = 0;; ++attempt) {
    const Hash d = Sha256(AsBytes(absl::StrCat(label, "/", attempt)));
    bssl::UniquePtr<BIGNUM> bn(BN_bin2bn(d.data(), d.size(), nullptr));
    if (!bn) return nullptr;
    if (BN_is_zero(bn.get()) || BN_cmp(bn.get(), EC_GROUP_get0_order(group)) >= 0) continue;
    bssl::UniquePtr<EC_POINT> pub(EC_POINT_new(group));
    if (!pub || !EC_KEY_set_private_key(key.get(), bn.get()) ||
        !EC_POINT_mul(group, pub.get(), bn.get(), nullptr, nullptr, nullptr) ||
        !EC_KEY_set_public_key(key.get(), pub.get())) {
      return nullptr;
    }
    break;
  }
  bssl::UniquePtr<EVP_PKEY> pkey(EVP_PKEY_new());
  if (!pkey || !EVP_PKEY_assign_EC_KEY(pkey.get(), key.release())) return nullptr;
  return pkey;
}

std::string P256PrivateKeyDer(const EVP_PKEY* key) {
  const EC_KEY* ec = EVP_PKEY_get0_EC_KEY(key);
  bssl::ScopedCBB cbb;
  uint8_t* der;
  size_t len;
  if (ec == nullptr || !CBB_init(cbb.get(), 128) || !EC_KEY_marshal_private_key(cbb.get(), ec, 0) ||
      !CBB_finish(cbb.get(), &der, &len)) {
    return "";
  }
  bssl::UniquePtr<uint8_t> owned(der);
  return ToString(ByteSpan(der, len));
}

absl::StatusOr<Bytes> MakeCertificate(const CertSpec& spec, EVP_PKEY* subject_key,
                                      EVP_PKEY* issuer_key, CtExtension ct, ByteSpan sct_list) {
  bssl::UniquePtr<X509> x(X509_new());
  bssl::UniquePtr<BIGNUM> serial_bn(BN_bin2bn(spec.serial.data(), spec.serial.size(), nullptr));
  bssl::UniquePtr<ASN1_INTEGER> serial(serial_bn ? BN_to_ASN1_INTEGER(serial_bn.get(), nullptr)
                                                 : nullptr);
  bssl::UniquePtr<ASN1_TIME> nb(ASN1_TIME_set(nullptr, spec.not_before));
  bssl::UniquePtr<ASN1_TIME> na(ASN1_TIME_set(nullptr, spec.not_after));
  bssl::UniquePtr<X509_NAME> subject = MakeName(spec.subject);
  bssl::UniquePtr<X509_NAME> issuer = MakeName(spec.issuer);
  if (!x || !serial || !nb || !na || !subject || !issuer ||
      !X509_set_version(x.get(), X509_VERSION_3) || !X509_set_serialNumber(x.get(), serial.get()) ||
      !X509_set_subject_name(x.get(), subject.get()) ||
      !X509_set_issuer_name(x.get(), issuer.get()) || !X509_set1_notBefore(x.get(), nb.get()) ||
      !X509_set1_notAfter(x.get(), na.get()) || !X509_set_pubkey(x.get(), subject_key)) {
    return Fail("X509 setup failed");
  }
  bssl::UniquePtr<BASIC_CONSTRAINTS> bc(BASIC_CONSTRAINTS_new());
  if (!bc) return Fail("basicConstraints failed");
  bc->ca = spec.ca ? 0xff : 0;
  if (!X509_add1_ext_i2d(x.get(), NID_basic_constraints, bc.get(), 1, 0)) {
    return Fail("basicConstraints failed");
  }
  if (spec.tls_profile && !AddTlsProfile(x.get(), spec, subject_key, issuer_key)) {
    return Fail("TLS profile extensions failed");
  }
  if (!AddSubjectAltName(x.get(), spec)) return Fail("subjectAltName failed");
  if (!AddCtExtension(x.get(), ct, sct_list)) return Fail("CT extension failed");
  if (!X509_sign(x.get(), issuer_key, EVP_sha256())) return Fail("X509_sign failed");
  uint8_t* der = nullptr;
  const int len = i2d_X509(x.get(), &der);
  if (len <= 0) return Fail("i2d_X509 failed");
  bssl::UniquePtr<uint8_t> owned(der);
  return Bytes(der, der + len);
}

std::string CertificatePem(ByteSpan der) {
  bssl::UniquePtr<BIO> bio(BIO_new(BIO_s_mem()));
  const uint8_t* out = nullptr;
  size_t len = 0;
  if (!bio || !PEM_write_bio(bio.get(), "CERTIFICATE", "", der.data(), der.size()) ||
      !BIO_mem_contents(bio.get(), &out, &len)) {
    return "";
  }
  return ToString(ByteSpan(out, len));
}

}  // namespace ct::testing
