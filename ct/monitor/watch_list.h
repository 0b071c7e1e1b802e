// File: ct/monitor/watch_list.h
// -----------------------------------------------------------------------------
// Watch items (what a monitor alerts on) and matching a certificate's
// identifiers against them in O(labels of the name), not O(items).
//
// Watch-file syntax, one item a line (certspotter's, extended; the full rules
// and the matching table are in docs/monitor.md):
//
//   # comment                         blank lines and '#' comments are skipped
//   example.com                       that name only
//   .example.com                      example.com and every name below it
//   .                                 every DNS name
//   bücher.example                    Unicode: converted to A-labels
//   192.0.2.7   2001:db8::/32         an address, or a CIDR range
//   .example.com issuer="Let's Encrypt"|"DigiCert Inc" wildcard=no max-days=90
//
// Example:
//   absl::StatusOr<ct::WatchList> list = ct::ParseWatchList(file_text);
//   ct::CertIdentifiers ids;
//   ids.dns_names = {"www.example.com", "*.example.com"};
//   for (const ct::WatchMatch& m : list->Match(ids)) { ... m.pattern ... }
#ifndef CT_MONITOR_WATCH_LIST_H_
#define CT_MONITOR_WATCH_LIST_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ct/base/bytes.h"

namespace ct {

// Expectations are what the owner of a watch item expects of certificates
// that match it (docs/monitor.md, "Expectations and verdicts"). An unset
// field expects nothing.
struct Expectations {
  // issuer=ORG|ORG...: one of these must equal (ASCII case-insensitively) an
  // O attribute of the certificate's issuer.
  std::vector<std::string> issuer_orgs;
  // wildcard=yes|no: whether a wildcard name may match this item.
  std::optional<bool> wildcard_allowed;
  // max-days=N: the longest validity, notBefore..notAfter inclusive, in days.
  std::optional<int> max_days;

  bool empty() const {
    return issuer_orgs.empty() && !wildcard_allowed.has_value() &&
           !max_days.has_value();
  }
  friend bool operator==(const Expectations& a, const Expectations& b) {
    return a.issuer_orgs == b.issuer_orgs &&
           a.wildcard_allowed == b.wildcard_allowed && a.max_days == b.max_days;
  }
};

// WatchItem is one parsed watch-file line.
struct WatchItem {
  enum class Kind {
    kDnsName,     // "example.com": that name only
    kDnsSubtree,  // ".example.com": the apex and every name below it
    kIpPrefix,    // "192.0.2.7", "192.0.2.0/24", "2001:db8::/32"
  };
  Kind kind = Kind::kDnsName;
  // pattern is the pattern as written (quotes removed, no expectations).
  std::string pattern;
  // name is the normal form (NormalizeDnsName) of a DNS item, without the
  // leading dot of a subtree; "" for the root subtree ".". Empty for IPs.
  std::string name;
  // address (4 or 16 bytes, host bits zero) and prefix_length of an IP item.
  Bytes address;
  int prefix_length = 0;
  Expectations expect;
  // line is the 1-based line of the watch file (0 if parsed alone).
  int line = 0;

  // Canonical returns the normal form of the pattern: ".example.com",
  // "xn--bcher-kva.example", "192.0.2.0/24", "192.0.2.7" (a full-length
  // prefix has no "/N"), "2001:db8::/32". Parsing it gives the same item.
  std::string Canonical() const;
};

// ParseWatchItem parses one watch-file line (pattern, then expectations; see
// the file comment). ct::MalformedError with the reason otherwise, also for
// a blank or comment line.
absl::StatusOr<WatchItem> ParseWatchItem(absl::string_view line);

// CertIdentifiers are the identifiers of one certificate, as found in it (not
// normalised). Views: the caller keeps the viewed bytes alive during Match.
struct CertIdentifiers {
  std::vector<absl::string_view> dns_names;  // subjectAltName dNSName values
  std::vector<ByteSpan> ip_addresses;        // iPAddress values, 4 or 16 bytes
  std::optional<absl::string_view> common_name;  // subject CN, if any
};

// WatchMatch is one watch item that a certificate matched.
struct WatchMatch {
  enum class Source { kDnsName, kIpAddress, kCommonName };
  size_t item = 0;          // index into WatchList::items()
  std::string pattern;      // items()[item].pattern
  // identifier is the first certificate identifier that matched, normalised
  // ("*.example.com", "192.0.2.7"), and source says where it came from.
  std::string identifier;
  Source source = Source::kDnsName;
  // wildcard is true if any wildcard DNS name of the certificate matched.
  bool wildcard = false;

  friend bool operator==(const WatchMatch& a, const WatchMatch& b) {
    return a.item == b.item && a.pattern == b.pattern &&
           a.identifier == b.identifier && a.source == b.source &&
           a.wildcard == b.wildcard;
  }
};

// WatchList is a set of watch items indexed for matching. Copyable and
// movable. Matching a name costs one hash lookup per label, whatever the
// number of items; an address, one lookup per distinct prefix length.
class WatchList final {
 public:
  // Create indexes `items` (as returned by ParseWatchItem); a
  // ct::MalformedError if an item is not in normal form.
  static absl::StatusOr<WatchList> Create(std::vector<WatchItem> items);

  WatchList() = default;

  // items returns the items in watch-file order.
  const std::vector<WatchItem>& items() const { return items_; }

  // Match returns one WatchMatch per item that any identifier in `ids`
  // matches, in item order (rules: docs/monitor.md). Never fails: names that
  // are not valid host names are matched fail-safe (they may over-match).
  std::vector<WatchMatch> Match(const CertIdentifiers& ids) const;

  // WithoutTailFilterForTesting returns a copy without the fast paths (the
  // tail pre-filter, the plain-name scan, the early stop of the subtree
  // walk): every name takes the general rules and looks every suffix up.
  // Match must give the same answers (fuzzed).
  WatchList WithoutTailFilterForTesting() const;

 private:
  // A node per DNS name that is an item or an ancestor of one.
  struct Node {
    std::vector<uint32_t> exact;        // kDnsName items equal to the node
    std::vector<uint32_t> subtree;      // kDnsSubtree items rooted here
    std::vector<uint32_t> children;     // DNS items one label below
    std::vector<uint32_t> descendants;  // DNS items any depth below
  };
  // (family 4|6, prefix length, masked address).
  using IpKey = std::array<uint8_t, 18>;
  struct Collector;

  // node_index_ values: the node's index in nodes_, with kSubtreeBelow set
  // when a kDnsSubtree item is rooted at the node or below it.
  static constexpr uint32_t kSubtreeBelow = 1u << 31;
  Node& NodeFor(absl::string_view name);
  const Node* Find(absl::string_view name) const;
  // Find, also saying whether a subtree item is at or below the node.
  const Node* Find(absl::string_view name, bool* subtree_below) const;
  // TailsMayMatch is false when no item's name (exact or subtree) can be a
  // suffix of plain name `name`: its last label and last two labels (found
  // from its last two dots, npos when absent) are checked against tails1_
  // and tails2_.
  bool TailsMayMatch(absl::string_view name, size_t last_dot, size_t prev_dot) const;
  // MatchPlain applies rule A (docs/monitor.md) to plain name `name` (lower
  // case, no wildcard or unreadable label), given its last two dots.
  void MatchPlain(absl::string_view name, size_t last_dot, size_t prev_dot,
                  WatchMatch::Source source, Collector& out) const;
  void MatchName(absl::string_view raw, WatchMatch::Source source,
                 Collector& out) const;
  void MatchNormalName(absl::string_view name, absl::string_view as_text,
                       WatchMatch::Source source, Collector& out) const;
  void MatchIp(ByteSpan address, WatchMatch::Source source,
               Collector& out) const;

  std::vector<WatchItem> items_;
  std::vector<Node> nodes_;
  absl::flat_hash_map<std::string, uint32_t> node_index_;
  // The last label (tails1_, one-label names) or last two labels (tails2_)
  // of every node with exact or subtree items.
  absl::flat_hash_set<std::string> tails1_, tails2_;
  bool fast_paths_ = true;  // false: none (WithoutTailFilterForTesting)
  absl::flat_hash_map<IpKey, std::vector<uint32_t>> ip_items_;
  std::vector<int> v4_lengths_, v6_lengths_;  // distinct, longest first
};

// ParseWatchList parses a watch file (file comment): one item a line, '#'
// comments and blank lines skipped. A ct::MalformedError "watch list: line N:
// <reason>" for the first bad line.
absl::StatusOr<WatchList> ParseWatchList(absl::string_view text);

}  // namespace ct

#endif  // CT_MONITOR_WATCH_LIST_H_
