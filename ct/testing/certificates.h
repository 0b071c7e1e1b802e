// File: ct/testing/certificates.h
// Test-only: load certificates from PEM files under testdata/ and keep their
// DER alive next to the ct::Certificate views that alias it.
#ifndef CT_TESTING_CERTIFICATES_H_
#define CT_TESTING_CERTIFICATES_H_

#include <cstddef>
#include <string>

#include "ct/x509/certificate.h"

namespace ct::testing {

// PemCertificate owns one certificate's DER. Copyable and movable.
struct PemCertificate {
  std::string der;
  // cert parses `der`; fails the test (and returns a default view) if it
  // does not parse. The view aliases `der`.
  Certificate cert() const;
};

// LoadPemCertificate returns the `index`-th CERTIFICATE block of the PEM file
// at `path` (workspace-relative); fails the test and returns an empty DER if
// there is none.
PemCertificate LoadPemCertificate(const std::string& path, size_t index = 0);

}  // namespace ct::testing

#endif  // CT_TESTING_CERTIFICATES_H_
