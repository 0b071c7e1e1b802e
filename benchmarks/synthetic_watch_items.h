// File: benchmarks/synthetic_watch_items.h
// The synthetic watch items of the monitor benchmarks, shaped like a
// registrar's or a large company's list: mostly subtrees, some exact names,
// a few IDNs and address ranges, some with expectations.
#ifndef CT_BENCHMARKS_SYNTHETIC_WATCH_ITEMS_H_
#define CT_BENCHMARKS_SYNTHETIC_WATCH_ITEMS_H_

#include <string>

#include "absl/strings/str_cat.h"

namespace ct::bench {

// AppendSyntheticWatchItems appends items `begin` .. `end` - 1, one a line.
inline void AppendSyntheticWatchItems(std::string* text, int begin, int end) {
  for (int i = begin; i < end; ++i) {
    switch (i % 10) {
      case 0:
      case 1:
      case 2:
      case 3:
        absl::StrAppend(text, ".brand", i, ".com\n");
        break;
      case 4:
        absl::StrAppend(text, "www.shop", i, ".example.net wildcard=no\n");
        break;
      case 5:
        absl::StrAppend(text, ".corp", i, ".example issuer=\"DigiCert Inc\"\n");
        break;
      case 6:
        absl::StrAppend(text, ".bücher", i, ".de\n");
        break;
      case 7:
        absl::StrAppend(text, "api.service", i, ".io max-days=90\n");
        break;
      case 8:
        absl::StrAppend(text, "10.", (i / 256) % 256, ".", i % 256, ".0/24\n");
        break;
      case 9:
        absl::StrAppend(text, "2001:db8:", i % 65536, "::/48\n");
        break;
    }
  }
}

}  // namespace ct::bench

#endif  // CT_BENCHMARKS_SYNTHETIC_WATCH_ITEMS_H_
