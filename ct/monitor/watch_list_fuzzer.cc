// Fuzz target: the watch-file parser. ParseWatchList succeeds exactly when it
// returns a list (ok <=> value); every item's canonical pattern parses again
// to itself (and a DNS item's name is a fixed point of NormalizeDnsName); and
// each DNS or address item, offered to Match as a certificate identifier,
// matches itself. The input's lines are also matched as certificate names
// (hostile names must not crash and must be deterministic), and every answer
// equals the one without the fast paths, the tail pre-filter and the
// plain-name scan (WithoutTailFilterForTesting).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "ct/base/bytes.h"
#include "ct/monitor/dns_name.h"
#include "ct/monitor/watch_list.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view text = ct::AsChars(ct::ByteSpan(data, size));
  absl::StatusOr<ct::WatchList> list = ct::ParseWatchList(text);
  if (list.ok() != list.status().ok()) abort();
  if (!list.ok()) {
    if (list.status().message().empty()) abort();
    return 0;
  }
  for (size_t i = 0; i < list->items().size(); ++i) {
    const ct::WatchItem& item = list->items()[i];
    std::string canonical = item.Canonical();
    absl::StatusOr<ct::WatchItem> again = ct::ParseWatchItem(canonical);
    if (!again.ok() || again->Canonical() != canonical) abort();
    ct::CertIdentifiers ids;
    if (item.kind == ct::WatchItem::Kind::kIpPrefix) {
      ids.ip_addresses = {item.address};
    } else {
      absl::StatusOr<std::string> n = ct::NormalizeDnsName(item.name);
      if (!item.name.empty() && (!n.ok() || *n != item.name)) abort();
      ids.dns_names = {item.name.empty() ? absl::string_view("example")
                                         : absl::string_view(item.name)};
    }
    bool self = false;
    for (const ct::WatchMatch& m : list->Match(ids)) {
      if (m.item == i) self = true;
    }
    if (!self) abort();
  }
  // Hostile certificate names: every line as a DNS name and as the CN.
  ct::CertIdentifiers ids;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ids.dns_names.push_back(line);
    if (ids.dns_names.size() == 16) break;
  }
  ids.common_name = text.substr(0, 64);
  if (list->Match(ids) != list->Match(ids)) abort();
  // The tail pre-filter never changes an answer.
  const ct::WatchList unfiltered = list->WithoutTailFilterForTesting();
  if (list->Match(ids) != unfiltered.Match(ids)) abort();
  for (const ct::WatchItem& item : list->items()) {
    for (absl::string_view prefix : {"", "www.", "a.b.", "*.", "x*y."}) {
      ct::CertIdentifiers one;
      const std::string name = std::string(prefix) + item.name;
      one.dns_names = {name};
      if (list->Match(one) != unfiltered.Match(one)) abort();
    }
  }
  return 0;
}
