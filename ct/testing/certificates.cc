#include "ct/testing/certificates.h"

#include <vector>

#include "absl/status/statusor.h"
#include "ct/testing/testdata.h"
#include "gtest/gtest.h"

namespace ct::testing {

Certificate PemCertificate::cert() const {
  absl::StatusOr<Certificate> c = Certificate::Parse(der);
  // A certificate that does not parse fails the test here.
  EXPECT_TRUE(c.ok()) << c.status();
  return c.ok() ? *c : Certificate();
}

PemCertificate LoadPemCertificate(const std::string& path, size_t index) {
  absl::StatusOr<std::vector<std::string>> ders = PemToDer(ReadTestdata(path));
  EXPECT_TRUE(ders.ok()) << path << ": " << ders.status();
  if (!ders.ok() || ders->size() <= index) return {};
  return {(*ders)[index]};
}

}  // namespace ct::testing
