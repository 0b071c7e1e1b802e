// File: ct/tiles/testing/navigli.h
// -----------------------------------------------------------------------------
// Test-only: the real Navigli2025h2 tiles bundled in
// testdata/tiles/static-ct-navigli2025h2 (entries 0..1023), loaded into a
// MemoryFetcher for the tile reader and audit tests.
#ifndef CT_TILES_TESTING_NAVIGLI_H_
#define CT_TILES_TESTING_NAVIGLI_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "ct/base/bytes.h"
#include "ct/base/encoding.h"
#include "ct/testing/testdata.h"
#include "ct/tiles/fetcher.h"
#include "nlohmann/json.hpp"

namespace ct::testing {

inline constexpr char kNavigliDir[] = "testdata/tiles/static-ct-navigli2025h2/";

// NavigliCollector returns the "computed_by_collector..." object of the
// vectors' expected.json (roots at several sizes, level-1 hashes).
inline nlohmann::json NavigliCollector() {
  nlohmann::json e =
      nlohmann::json::parse(ReadTestdata(absl::StrCat(kNavigliDir, "expected.json")));
  for (auto it = e.begin(); it != e.end(); ++it) {
    if (it.key().rfind("computed_by_collector", 0) == 0) return it.value();
  }
  return nlohmann::json();
}

// PutNavigliTiles puts the full tiles tile/0/00N and tile/data/00N (N = 0..3)
// and the collector's four level-1 hashes as tile/1/000.p/4 into `f`, and
// returns those level-1 hashes (128 bytes).
inline std::string PutNavigliTiles(MemoryFetcher* f) {
  const nlohmann::json c = NavigliCollector();
  nlohmann::json level1;
  for (auto it = c.begin(); it != c.end(); ++it) {
    if (it.key().rfind("level1_hashes_hex", 0) == 0) level1 = it.value();
  }
  std::string l1;
  for (int i = 0; i < 4; ++i) {
    for (const char* kind : {"0", "data"}) {
      std::string p = absl::StrCat("tile/", kind, "/00", i);
      f->Put(p, ReadTestdata(absl::StrCat(kNavigliDir, p)));
    }
    l1 += ToString(*::ct::HexDecode(level1[i].get<std::string>()));
  }
  f->Put("tile/1/000.p/4", l1);
  return l1;
}

}  // namespace ct::testing

#endif  // CT_TILES_TESTING_NAVIGLI_H_
