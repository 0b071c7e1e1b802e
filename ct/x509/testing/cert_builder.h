// File: ct/x509/testing/cert_builder.h
// -----------------------------------------------------------------------------
// Test-only: making real X.509 certificates, precertificates and final
// certificates with an embedded SCT list, with BoringSSL's X509 API, from
// keys derived deterministically from a label. Shared by the test-log
// generators (ct/tiles/writer:make_test_log, ct/monitor:make_sample_log).
//
// Everything but the ECDSA signature is a function of the inputs: the same
// spec and keys give the same TBSCertificate; signatures are randomized.
// The CT extension (poison or SCT list) is always the last extension, so a
// precertificate and its final certificate differ only there (RFC 6962 §3.1).
//
// Example:
//   bssl::UniquePtr<EVP_PKEY> ca = ct::testing::DerivedP256Key("my test/ca");
//   bssl::UniquePtr<EVP_PKEY> leaf = ct::testing::DerivedP256Key("my test/leaf/1");
//   ct::testing::CertSpec spec;
//   spec.subject = {{"CN", "www.example.com"}};
//   spec.issuer = {{"O", "Example CA"}, {"CN", "Example CA 1"}};
//   spec.dns_names = {"www.example.com"};
//   absl::StatusOr<ct::Bytes> der = ct::testing::MakeCertificate(spec, leaf.get(), ca.get());
#ifndef CT_X509_TESTING_CERT_BUILDER_H_
#define CT_X509_TESTING_CERT_BUILDER_H_

#include <openssl/evp.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ct/base/bytes.h"

namespace ct::testing {

// DerivedP256Key returns the ECDSA P-256 key whose private scalar is the
// first SHA-256(`label` "/" k), k = 0, 1, ..., that is a valid scalar: one
// label, one key, on every run.
bssl::UniquePtr<EVP_PKEY> DerivedP256Key(absl::string_view label);

// P256PrivateKeyDer returns `key`'s private key as SEC1 DER (ECPrivateKey),
// or "" if `key` is not an EC key.
std::string P256PrivateKeyDer(const EVP_PKEY* key);

// NameAttribute is one attribute of an X.501 Name: its short name ("C", "O",
// "OU", "CN") and an ASCII value.
struct NameAttribute {
  std::string type;
  std::string value;
};

// CertSpec describes one certificate. Copyable and movable.
struct CertSpec {
  std::vector<NameAttribute> subject;  // may be empty (then the SAN is critical)
  std::vector<NameAttribute> issuer;
  Bytes serial = {1};                  // big-endian unsigned magnitude
  int64_t not_before = 1767225600;     // Unix seconds (2026-01-01)
  int64_t not_after = 1893456000;      // Unix seconds (2030-01-01)
  bool ca = false;                     // basicConstraints cA
  std::vector<std::string> dns_names;  // subjectAltName dNSName values
  std::vector<Bytes> ip_addresses;     // subjectAltName iPAddress (4 or 16 bytes)
  // tls_profile adds what a public TLS certificate carries: keyUsage
  // (digitalSignature; a CA: keyCertSign, cRLSign), extKeyUsage serverAuth
  // (leaves only), subjectKeyIdentifier and authorityKeyIdentifier (SHA-1 of
  // the subject's and issuer's public key, RFC 5280 §4.2.1.2 method 1).
  bool tls_profile = false;
};

// CtExtension is the certificate's last extension, if any.
enum class CtExtension {
  kNone,
  kPoison,   // precertificate: critical 1.3.6.1.4.1.11129.2.4.3, NULL
  kSctList,  // final certificate: 1.3.6.1.4.1.11129.2.4.2, the SCT list
};

// MakeCertificate returns the DER of a v3 certificate for `spec` with the
// public key of `subject_key`, signed ECDSA-SHA256 by `issuer_key`. With
// kSctList, `sct_list` is the TLS-encoded SignedCertificateTimestampList
// (RFC 6962 §3.3). Extensions in order: basicConstraints, [keyUsage,
// extKeyUsage, SKI, AKI], subjectAltName (when there are names), the CT one.
// kInternal if BoringSSL refuses the spec.
absl::StatusOr<Bytes> MakeCertificate(const CertSpec& spec, EVP_PKEY* subject_key,
                                      EVP_PKEY* issuer_key, CtExtension ct = CtExtension::kNone,
                                      ByteSpan sct_list = {});

// CertificatePem returns `der` as a "CERTIFICATE" PEM block.
std::string CertificatePem(ByteSpan der);

}  // namespace ct::testing

#endif  // CT_X509_TESTING_CERT_BUILDER_H_
