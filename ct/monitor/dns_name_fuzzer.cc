// Fuzz target: NormalizeDnsName is idempotent (its output normalises to
// itself), its output is short lower-case ASCII host-name text, and a name
// it accepts, watched exactly and as a subtree, is matched by itself, by its
// upper-case form and with a trailing dot.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "ct/base/bytes.h"
#include "ct/monitor/dns_name.h"
#include "ct/monitor/watch_list.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view input = ct::AsChars(ct::ByteSpan(data, size));
  absl::StatusOr<std::string> name = ct::NormalizeDnsName(input);
  if (!name.ok()) {
    if (name.status().message().empty()) abort();
    return 0;
  }
  if (name->empty() || name->size() > ct::kMaxDnsNameLength) abort();
  for (char c : *name) {
    if (!(absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-' ||
          c == '_' || c == '.')) {
      abort();
    }
  }
  absl::StatusOr<std::string> again = ct::NormalizeDnsName(*name);
  if (!again.ok() || *again != *name) abort();

  absl::StatusOr<ct::WatchList> list =
      ct::ParseWatchList(absl::StrCat(*name, "\n.", *name, "\n"));
  if (!list.ok()) abort();  // a normal name is always a valid pattern
  std::string upper = absl::AsciiStrToUpper(*name);
  std::string dotted = absl::StrCat(*name, ".");
  for (absl::string_view form : {absl::string_view(*name),
                                 absl::string_view(upper),
                                 absl::string_view(dotted)}) {
    ct::CertIdentifiers ids;
    ids.dns_names = {form};
    if (list->Match(ids).size() != list->items().size()) abort();
  }
  return 0;
}
