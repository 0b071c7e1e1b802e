// File: ct/testing/testdata.h
// Test-only helpers to read files under the workspace's testdata/ folder.
#ifndef CT_TESTING_TESTDATA_H_
#define CT_TESTING_TESTDATA_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace ct::testing {

// ReadTestdata returns the bytes of `path`, relative to the workspace root
// (e.g. "testdata/merkle/rfc6962-reference-tree.json"). Fails the test and
// returns "" if the file cannot be read.
std::string ReadTestdata(absl::string_view path);

// Runfile returns the path of workspace file `path` (e.g.
// "ct/testing/loopback_http.py") in the test's runfiles.
std::string Runfile(absl::string_view path);

// HexDecode decodes lowercase or uppercase hex; fails the test on bad input.
std::vector<uint8_t> HexDecode(absl::string_view hex);

}  // namespace ct::testing

#endif  // CT_TESTING_TESTDATA_H_
