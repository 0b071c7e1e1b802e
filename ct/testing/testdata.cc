#include "ct/testing/testdata.h"

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace ct::testing {

std::string ReadTestdata(absl::string_view path) {
  std::string full(path);
  if (const char* srcdir = std::getenv("TEST_SRCDIR")) {
    full = absl::StrCat(srcdir, "/ctcore/", path);
  }
  std::ifstream in(full, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read test data " << full;
    return "";
  }
  return std::string((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
}

std::vector<uint8_t> HexDecode(absl::string_view hex) {
  std::string bytes = absl::HexStringToBytes(hex);
  if (bytes.size() * 2 != hex.size()) ADD_FAILURE() << "bad hex " << hex;
  return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

}  // namespace ct::testing
