#include "ct/testing/testdata.h"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "ct/base/bytes.h"
#include "ct/base/encoding.h"
#include "gtest/gtest.h"

namespace ct::testing {

std::string Runfile(absl::string_view path) {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  return srcdir ? absl::StrCat(srcdir, "/ctcore/", path) : std::string(path);
}

std::string ReadTestdata(absl::string_view path) {
  const std::string full = Runfile(path);
  std::ifstream in(full, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read test data " << full;
    return "";
  }
  return std::string((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
}

std::vector<uint8_t> HexDecode(absl::string_view hex) {
  absl::StatusOr<Bytes> bytes = ::ct::HexDecode(hex);
  if (!bytes.ok()) {
    ADD_FAILURE() << "bad hex " << hex << ": " << bytes.status();
    return {};
  }
  return *std::move(bytes);
}

}  // namespace ct::testing
