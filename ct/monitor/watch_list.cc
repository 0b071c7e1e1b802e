#include "ct/monitor/watch_list.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "ct/base/errors.h"
#include "ct/monitor/dns_name.h"
#include "ct/monitor/internal/idna.h"

namespace ct {
namespace {

constexpr int kMaxMaxDays = 100000;  // ~274 years: far beyond any real cert

absl::Status BadItem(absl::string_view why) {
  return MalformedError("watch item", why);
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Step 1 of ParseWatchItem: split a line into whitespace-separated tokens.
// Double quotes protect spaces (and '#', '|'); inside them \" and \\ escape.
// An unquoted '#' at the start of a token starts a comment. Tokens keep their
// quotes; ParseValue removes them.
absl::StatusOr<std::vector<std::string>> Tokenize(absl::string_view line) {
  std::vector<std::string> tokens;
  size_t i = 0;
  while (true) {
    while (i < line.size() && IsSpace(line[i])) ++i;
    if (i == line.size() || line[i] == '#') break;
    std::string token;
    bool quoted = false;
    for (; i < line.size() && (quoted || !IsSpace(line[i])); ++i) {
      char c = line[i];
      if (quoted && c == '\\' && i + 1 < line.size()) {
        token.push_back(c);
        token.push_back(line[++i]);
        continue;
      }
      if (c == '"') quoted = !quoted;
      token.push_back(c);
    }
    if (quoted) {
      return BadItem(absl::StrFormat("unterminated quote in %s",
                                     absl::Utf8SafeCHexEscape(token)));
    }
    tokens.push_back(std::move(token));
  }
  return tokens;
}

// ParseValue removes quotes and escapes from a token (or a key=value value)
// and splits it at unquoted '|' into alternatives.
std::vector<std::string> ParseValue(absl::string_view raw) {
  std::vector<std::string> alternatives(1);
  bool quoted = false;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (quoted && c == '\\' && i + 1 < raw.size()) {
      alternatives.back().push_back(raw[++i]);
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == '|' && !quoted) {
      alternatives.emplace_back();
    } else {
      alternatives.back().push_back(c);
    }
  }
  return alternatives;
}

bool IsIpText(absl::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!absl::ascii_isxdigit(c) && c != '.' && c != ':' && c != '/') {
      return false;
    }
  }
  return true;
}

// ParseAddress parses a textual IPv4 or IPv6 address with inet_pton.
bool ParseAddress(absl::string_view text, Bytes* out) {
  char buf[64];
  if (text.size() >= sizeof(buf)) return false;
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  uint8_t addr[16];
  if (inet_pton(AF_INET, buf, addr) == 1) {
    out->assign(addr, addr + 4);
    return true;
  }
  if (inet_pton(AF_INET6, buf, addr) == 1) {
    out->assign(addr, addr + 16);
    return true;
  }
  return false;
}

std::string AddressText(ByteSpan address) {
  char buf[INET6_ADDRSTRLEN];
  int family = address.size() == 4 ? AF_INET : AF_INET6;
  if (inet_ntop(family, address.data(), buf, sizeof(buf)) == nullptr) return "";
  return buf;
}

// HostBitsZero reports whether every bit of `address` after `length` is 0.
bool HostBitsZero(ByteSpan address, int length) {
  for (size_t bit = length; bit < address.size() * 8; ++bit) {
    if (address[bit / 8] & (0x80 >> (bit % 8))) return false;
  }
  return true;
}

// ParseIpPattern parses "ADDRESS" or "ADDRESS/LEN" into `item`. Host bits
// set after LEN are an error (a typo in the address or the length is likelier
// than a wish to have them ignored).
absl::Status ParseIpPattern(absl::string_view pattern, WatchItem* item) {
  std::pair<absl::string_view, absl::string_view> parts =
      absl::StrSplit(pattern, absl::MaxSplits('/', 1));
  if (!ParseAddress(parts.first, &item->address)) {
    return BadItem(absl::StrFormat("\"%s\" is not an IPv4 or IPv6 address",
                                   absl::Utf8SafeCHexEscape(parts.first)));
  }
  int bits = static_cast<int>(item->address.size() * 8);
  item->prefix_length = bits;
  if (pattern.find('/') != absl::string_view::npos) {
    int length = -1;
    bool digits = !parts.second.empty() && parts.second.size() <= 3 &&
                  std::all_of(parts.second.begin(), parts.second.end(),
                              absl::ascii_isdigit);
    if (!digits || !absl::SimpleAtoi(parts.second, &length) || length > bits) {
      return BadItem(absl::StrFormat("prefix length \"%s\" is not 0-%d",
                                     absl::Utf8SafeCHexEscape(parts.second), bits));
    }
    item->prefix_length = length;
  }
  if (!HostBitsZero(item->address, item->prefix_length)) {
    Bytes network = item->address;
    for (size_t bit = item->prefix_length; bit < network.size() * 8; ++bit) {
      network[bit / 8] &= ~(0x80 >> (bit % 8));
    }
    return BadItem(absl::StrFormat(
        "%s has host bits set after /%d (the network is %s/%d)",
        absl::Utf8SafeCHexEscape(pattern), item->prefix_length, AddressText(network),
        item->prefix_length));
  }
  item->kind = WatchItem::Kind::kIpPrefix;
  return absl::OkStatus();
}

absl::Status ParsePattern(absl::string_view pattern, WatchItem* item) {
  if (pattern.empty()) return BadItem("empty pattern");
  bool subtree = pattern.front() == '.';
  absl::string_view rest = subtree ? pattern.substr(1) : pattern;
  // An address or range: a ':' (never in a name), an address-like part
  // before a '/', or a whole that inet_pton reads.
  Bytes ignored;
  size_t slash = rest.find('/');
  if (rest.find(':') != absl::string_view::npos ||
      (slash != absl::string_view::npos && IsIpText(rest.substr(0, slash))) ||
      ParseAddress(rest, &ignored)) {
    if (subtree) {
      return BadItem(absl::StrFormat(
          "\"%s\": an address has no subdomains (write a CIDR range instead)",
          absl::Utf8SafeCHexEscape(pattern)));
    }
    return ParseIpPattern(rest, item);
  }
  item->kind = subtree ? WatchItem::Kind::kDnsSubtree : WatchItem::Kind::kDnsName;
  if (pattern == ".") {  // the root: every name
    item->name.clear();
    return absl::OkStatus();
  }
  absl::StatusOr<std::string> name = NormalizeDnsName(rest);
  if (!name.ok()) return name.status();
  item->name = *std::move(name);
  return absl::OkStatus();
}

absl::Status ParseExpectation(absl::string_view token, Expectations* expect,
                              std::vector<absl::string_view>* seen) {
  size_t eq = token.find('=');
  size_t quote = token.find('"');
  if (eq == absl::string_view::npos || (quote != absl::string_view::npos && quote < eq)) {
    return BadItem(absl::StrFormat(
        "\"%s\" is not KEY=VALUE (issuer=, wildcard=, max-days=)",
        absl::Utf8SafeCHexEscape(token)));
  }
  absl::string_view key = token.substr(0, eq);
  if (std::find(seen->begin(), seen->end(), key) != seen->end()) {
    return BadItem(absl::StrFormat("%s given twice", absl::Utf8SafeCHexEscape(key)));
  }
  std::vector<std::string> values = ParseValue(token.substr(eq + 1));
  if (key == "issuer") {
    for (std::string& org : values) {
      if (org.empty()) return BadItem("issuer: empty organization");
      expect->issuer_orgs.push_back(std::move(org));
    }
  } else if (key == "wildcard") {
    if (values.size() != 1 || (values[0] != "yes" && values[0] != "no")) {
      return BadItem(absl::StrFormat("wildcard=%s: want yes or no",
                                     absl::Utf8SafeCHexEscape(token.substr(eq + 1))));
    }
    expect->wildcard_allowed = values[0] == "yes";
  } else if (key == "max-days") {
    int days = 0;
    bool digits = values.size() == 1 && !values[0].empty() &&
                  values[0].size() <= 6 &&
                  std::all_of(values[0].begin(), values[0].end(),
                              absl::ascii_isdigit);
    if (!digits || !absl::SimpleAtoi(values[0], &days) || days < 1 ||
        days > kMaxMaxDays) {
      return BadItem(absl::StrFormat("max-days=%s: want a number of days 1-%d",
                                     absl::Utf8SafeCHexEscape(token.substr(eq + 1)),
                                     kMaxMaxDays));
    }
    expect->max_days = days;
  } else {
    return BadItem(absl::StrFormat(
        "unknown parameter \"%s\" (want issuer, wildcard or max-days)",
        absl::Utf8SafeCHexEscape(key)));
  }
  seen->push_back(key);
  return absl::OkStatus();
}

}  // namespace

std::string WatchItem::Canonical() const {
  switch (kind) {
    case Kind::kDnsName:
      return name;
    case Kind::kDnsSubtree:
      return name.empty() ? "." : absl::StrCat(".", name);
    case Kind::kIpPrefix: {
      std::string text = AddressText(address);
      if (prefix_length != static_cast<int>(address.size() * 8)) {
        absl::StrAppend(&text, "/", prefix_length);
      }
      return text;
    }
  }
  return "";
}

absl::StatusOr<WatchItem> ParseWatchItem(absl::string_view line) {
  CT_ASSIGN_OR_RETURN(std::vector<std::string> tokens, Tokenize(line));
  if (tokens.empty()) return BadItem("no pattern");
  WatchItem item;
  std::vector<std::string> pattern = ParseValue(tokens[0]);
  if (pattern.size() != 1) {
    return BadItem(absl::StrFormat("pattern %s has '|'",
                                   absl::Utf8SafeCHexEscape(tokens[0])));
  }
  item.pattern = std::move(pattern[0]);
  CT_RETURN_IF_ERROR(ParsePattern(item.pattern, &item));
  std::vector<absl::string_view> seen;
  for (size_t i = 1; i < tokens.size(); ++i) {
    // certspotter's "valid_at:" parameter is accepted and ignored.
    if (absl::StartsWith(tokens[i], "valid_at:")) continue;
    CT_RETURN_IF_ERROR(ParseExpectation(tokens[i], &item.expect, &seen));
  }
  return item;
}

absl::StatusOr<WatchList> ParseWatchList(absl::string_view text) {
  std::vector<WatchItem> items;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    absl::string_view body = absl::StripLeadingAsciiWhitespace(line);
    if (body.empty() || body.front() == '#') continue;
    absl::StatusOr<WatchItem> item = ParseWatchItem(line);
    if (!item.ok()) {
      return MalformedError("watch list",
                            absl::StrFormat("line %d: %s", line_number,
                                            item.status().message()));
    }
    item->line = line_number;
    items.push_back(*std::move(item));
  }
  return WatchList::Create(std::move(items));
}

// ----------------------------------------------------------------------------
// Index

namespace {

// Parent returns `name` without its first label ("" for a single label).
absl::string_view Parent(absl::string_view name) {
  size_t dot = name.find('.');
  return dot == absl::string_view::npos ? absl::string_view()
                                        : name.substr(dot + 1);
}

std::array<uint8_t, 18> MakeIpKey(ByteSpan address, int length) {
  std::array<uint8_t, 18> key{};
  key[0] = static_cast<uint8_t>(address.size());
  key[1] = static_cast<uint8_t>(length);
  for (int i = 0; i < length / 8; ++i) key[2 + i] = address[i];
  if (length % 8 != 0) {
    key[2 + length / 8] =
        address[length / 8] & static_cast<uint8_t>(0xff00 >> (length % 8));
  }
  return key;
}

}  // namespace

WatchList::Node& WatchList::NodeFor(absl::string_view name) {
  auto [it, inserted] =
      node_index_.try_emplace(name, static_cast<uint32_t>(nodes_.size()));
  if (inserted) nodes_.emplace_back();
  return nodes_[it->second & ~kSubtreeBelow];
}

const WatchList::Node* WatchList::Find(absl::string_view name) const {
  bool subtree_below;
  return Find(name, &subtree_below);
}

const WatchList::Node* WatchList::Find(absl::string_view name, bool* subtree_below) const {
  auto it = node_index_.find(name);
  if (it == node_index_.end()) {
    *subtree_below = false;
    return nullptr;
  }
  *subtree_below = (it->second & kSubtreeBelow) != 0;
  return &nodes_[it->second & ~kSubtreeBelow];
}

namespace {

// LastTwoDots sets the positions of the last two dots of `name` (npos when
// absent; a dot at position 0 has none before it).
void LastTwoDots(absl::string_view name, size_t* last, size_t* prev) {
  *last = name.rfind('.');
  *prev = *last == absl::string_view::npos || *last == 0 ? absl::string_view::npos
                                                         : name.rfind('.', *last - 1);
}

// LastTwoLabels returns the last two labels of a name with a dot ("b.c" of
// "a.b.c", all of "b.c"), given the position of its next-to-last dot.
absl::string_view LastTwoLabels(absl::string_view name, size_t prev_dot) {
  return prev_dot == absl::string_view::npos ? name : name.substr(prev_dot + 1);
}

}  // namespace

bool WatchList::TailsMayMatch(absl::string_view name, size_t last_dot, size_t prev_dot) const {
  constexpr size_t npos = absl::string_view::npos;
  if (!fast_paths_) return true;
  if (!tails1_.empty() &&
      tails1_.contains(last_dot == npos ? name : name.substr(last_dot + 1))) {
    return true;
  }
  // A one-label name has no last two labels.
  return last_dot != npos && tails2_.contains(LastTwoLabels(name, prev_dot));
}

WatchList WatchList::WithoutTailFilterForTesting() const {
  WatchList copy = *this;
  copy.fast_paths_ = false;
  return copy;
}

absl::StatusOr<WatchList> WatchList::Create(std::vector<WatchItem> items) {
  WatchList list;
  list.NodeFor("");  // the root is node 0
  for (size_t i = 0; i < items.size(); ++i) {
    const WatchItem& item = items[i];
    uint32_t id = static_cast<uint32_t>(i);
    auto bad = [&](absl::string_view why) {
      return MalformedError(
          "watch list", absl::StrFormat("item %d (%s): %s", i,
                                        absl::Utf8SafeCHexEscape(item.pattern), why));
    };
    if (item.kind == WatchItem::Kind::kIpPrefix) {
      size_t size = item.address.size();
      if ((size != 4 && size != 16) || item.prefix_length < 0 ||
          item.prefix_length > static_cast<int>(size * 8) ||
          !HostBitsZero(item.address, item.prefix_length)) {
        return bad("not a normal IP prefix");
      }
      list.ip_items_[MakeIpKey(item.address, item.prefix_length)].push_back(id);
      std::vector<int>& lengths = size == 4 ? list.v4_lengths_ : list.v6_lengths_;
      if (std::find(lengths.begin(), lengths.end(), item.prefix_length) ==
          lengths.end()) {
        lengths.push_back(item.prefix_length);
      }
      continue;
    }
    if (!item.name.empty() || item.kind == WatchItem::Kind::kDnsName) {
      absl::StatusOr<std::string> normal = NormalizeDnsName(item.name);
      if (!normal.ok() || *normal != item.name) return bad("name not in normal form");
    }
    if (item.kind == WatchItem::Kind::kDnsName) {
      list.NodeFor(item.name).exact.push_back(id);
    } else {
      list.NodeFor(item.name).subtree.push_back(id);
    }
    if (item.name.empty()) continue;  // the root has no ancestors
    absl::string_view ancestor = Parent(item.name);
    list.NodeFor(ancestor).children.push_back(id);
    while (true) {
      list.NodeFor(ancestor).descendants.push_back(id);
      if (ancestor.empty()) break;
      ancestor = Parent(ancestor);
    }
  }
  if (list.nodes_.size() >= kSubtreeBelow) return MalformedError("watch list", "too many names");
  for (const WatchItem& item : items) {
    if (item.kind != WatchItem::Kind::kDnsSubtree) continue;
    for (absl::string_view a = item.name;; a = Parent(a)) {
      list.node_index_.find(a)->second |= kSubtreeBelow;
      if (a.empty()) break;
    }
  }
  for (const auto& [name, index] : list.node_index_) {
    const Node& node = list.nodes_[index & ~kSubtreeBelow];
    if (name.empty() || (node.exact.empty() && node.subtree.empty())) continue;
    size_t last_dot, prev_dot;
    LastTwoDots(name, &last_dot, &prev_dot);
    if (last_dot == absl::string_view::npos) {
      list.tails1_.insert(name);
    } else {
      list.tails2_.emplace(LastTwoLabels(name, prev_dot));
    }
  }
  std::sort(list.v4_lengths_.rbegin(), list.v4_lengths_.rend());
  std::sort(list.v6_lengths_.rbegin(), list.v6_lengths_.rend());
  list.items_ = std::move(items);
  return list;
}

// ----------------------------------------------------------------------------
// Matching

// Collector gathers one WatchMatch per item; allocation-free until a match.
struct WatchList::Collector {
  const std::vector<WatchItem>& items;
  std::vector<WatchMatch> matches;
  absl::flat_hash_map<uint32_t, size_t> position;  // used past 8 matches

  // Add records that `identifier` matched items `ids` (usually none).
  void Add(absl::Span<const uint32_t> ids, absl::string_view identifier,
           WatchMatch::Source source, bool wildcard) {
    if (!ids.empty()) AddAll(ids, identifier, source, wildcard);
  }

  void AddAll(absl::Span<const uint32_t> ids, absl::string_view identifier,
              WatchMatch::Source source, bool wildcard) {
    for (uint32_t id : ids) {
      WatchMatch* found = nullptr;
      if (matches.size() <= 8) {
        for (WatchMatch& m : matches) {
          if (m.item == id) found = &m;
        }
      } else {
        if (position.empty()) {
          for (size_t i = 0; i < matches.size(); ++i) {
            position[static_cast<uint32_t>(matches[i].item)] = i;
          }
        }
        auto it = position.find(id);
        if (it != position.end()) found = &matches[it->second];
      }
      if (found != nullptr) {
        found->wildcard |= wildcard;
        continue;
      }
      WatchMatch m;
      m.item = id;
      m.pattern = items[id].pattern;
      m.identifier = std::string(identifier);
      m.source = source;
      m.wildcard = wildcard;
      if (!position.empty()) position[id] = matches.size();
      matches.push_back(std::move(m));
    }
  }
};

void WatchList::MatchIp(ByteSpan address, WatchMatch::Source source,
                        Collector& out) const {
  if (address.size() != 4 && address.size() != 16) return;
  std::string text;  // made on the first hit only
  auto lookup = [&](ByteSpan a, const std::vector<int>& lengths) {
    for (int length : lengths) {
      auto it = ip_items_.find(MakeIpKey(a, length));
      if (it == ip_items_.end()) continue;
      if (text.empty()) text = AddressText(address);
      out.Add(it->second, text, source, false);
    }
  };
  if (address.size() == 4) {
    lookup(address, v4_lengths_);
    return;
  }
  lookup(address, v6_lengths_);
  // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is also that IPv4 address.
  static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(kMapped, kMapped + 12, address.begin())) {
    lookup(address.subspan(12), v4_lengths_);
  }
}

// MatchNormalName matches `name` (lower case, no trailing dot; labels that
// could not be read are "?") and reports `name` as the identifier. The
// rules, with examples, are the table in docs/monitor.md:
//   A. plain name N: exact items equal to N, subtree items at N or above.
//   B. "*.P" (one wildcard first label): items one label below P (exact or
//      subtree apex), subtree items at P or above.
//   C. a label the rules cannot read (empty, '?', or '*' anywhere but as
//      the whole first label), rightmost at position r, P = labels after r:
//      fail-safe, every item below P and every subtree item at P or above.
void WatchList::MatchNormalName(absl::string_view name,
                                absl::string_view as_text,
                                WatchMatch::Source source,
                                Collector& out) const {
  // Classify the labels. Nearly every name has no '*', '?' or empty label:
  // memchr finds that out fast; the byte loop runs only for the others.
  size_t irregular_end = absl::string_view::npos;  // end of rightmost odd label
  bool first_is_star = false, wildcard = false, odd = false;
  bool plain = name.find('*') == absl::string_view::npos &&
               name.find('?') == absl::string_view::npos &&
               name.front() != '.' &&
               name.find("..") == absl::string_view::npos;
  size_t label_start = 0;
  for (size_t i = 0; !plain && i <= name.size(); ++i) {
    char c = i < name.size() ? name[i] : '.';
    if (c == '.') {
      size_t length = i - label_start;
      if (label_start == 0 && length == 1 && name[0] == '*') {
        first_is_star = true;
      } else if (length == 0 || odd) {
        irregular_end = i;
      }
      label_start = i + 1;
      odd = false;
    } else if (c == '*' || c == '?') {
      odd = true;
      wildcard |= c == '*';
    }
  }

  // Subtree items rooted strictly above non-empty `p`, and at the root.
  auto add_above = [&](absl::string_view p) {
    for (size_t dot = p.find('.'); dot != absl::string_view::npos;
         dot = p.find('.', dot + 1)) {
      if (const Node* node = Find(p.substr(dot + 1))) {
        out.Add(node->subtree, as_text, source, wildcard);
      }
    }
    out.Add(nodes_[0].subtree, as_text, source, wildcard);  // "."
  };
  // Items at or below `p` (`below` picks which), then subtrees above.
  auto add_at_and_above = [&](absl::string_view p,
                              const std::vector<uint32_t> Node::*below) {
    const Node* node = p.empty() ? &nodes_[0] : Find(p);
    if (node != nullptr) {
      out.Add(node->*below, as_text, source, wildcard);
      out.Add(node->subtree, as_text, source, wildcard);
    }
    if (!p.empty()) add_above(p);
  };

  if (irregular_end != absl::string_view::npos) {  // rule C
    absl::string_view p = irregular_end >= name.size()
                              ? absl::string_view()
                              : name.substr(irregular_end + 1);
    add_at_and_above(p, &Node::descendants);
  } else if (first_is_star) {  // rule B
    absl::string_view p = name.size() <= 2 ? absl::string_view() : name.substr(2);
    add_at_and_above(p, &Node::children);
  } else {  // rule A (`name` is plain, so `as_text` is `name`)
    size_t last_dot, prev_dot;
    LastTwoDots(name, &last_dot, &prev_dot);
    MatchPlain(name, last_dot, prev_dot, source, out);
  }
}

void WatchList::MatchPlain(absl::string_view name, size_t last_dot, size_t prev_dot,
                           WatchMatch::Source source, Collector& out) const {
  if (TailsMayMatch(name, last_dot, prev_dot)) {
    // Exact items at `name`, subtree items at it or above. The names above
    // are looked up from the last label down, while a subtree item is at or
    // below the one found (none can be below a name that has none).
    if (const Node* node = Find(name)) {
      out.Add(node->exact, name, source, false);
      out.Add(node->subtree, name, source, false);
    }
    if (!fast_paths_) {
      // The plain rule (WithoutTailFilterForTesting): every name above.
      for (size_t dot = name.find('.'); dot != absl::string_view::npos;
           dot = name.find('.', dot + 1)) {
        if (const Node* node = Find(name.substr(dot + 1))) {
          out.Add(node->subtree, name, source, false);
        }
      }
    } else {
      // With no one-label items (tails1_ empty, the usual case) none is
      // rooted at the last label: start at the last two.
      for (size_t dot = tails1_.empty() ? prev_dot : last_dot; dot != absl::string_view::npos;) {
        bool subtree_below;
        const Node* node = Find(name.substr(dot + 1), &subtree_below);
        if (!subtree_below) break;
        out.Add(node->subtree, name, source, false);
        dot = dot == 0 ? absl::string_view::npos : name.rfind('.', dot - 1);
      }
    }
  }
  out.Add(nodes_[0].subtree, name, source, false);  // "."
}

void WatchList::MatchName(absl::string_view raw, WatchMatch::Source source,
                          Collector& out) const {
  absl::string_view name = raw;
  while (!name.empty() && name.back() == '.') name.remove_suffix(1);
  if (name.empty()) return;

  // An address written as a name ("192.0.2.7", "2001:db8::1").
  if (name.size() < 64 && IsIpText(name) && name.find('/') == absl::string_view::npos) {
    Bytes address;
    if (ParseAddress(name, &address)) {
      MatchIp(address, source, out);
      return;
    }
  }

  // Fast path: already lower-case ASCII (nearly every name in CT).
  unsigned unusual = 0;  // branch-free, so that the compiler vectorizes it
  for (char c : name) {
    unsigned char u = static_cast<unsigned char>(c);
    unusual |= (u >= 0x80) | (static_cast<unsigned char>(u - 'A') < 26);
  }
  if (unusual == 0) {
    MatchNormalName(name, name, source, out);
    return;
  }
  // A U-label in a certificate (invalid: dNSName is an IA5String) becomes
  // its A-label if it has one, else the unreadable label "?".
  absl::Status ignored;
  std::string normal =
      internal::LabelsToAscii(name, /*check_alabels=*/false, &ignored);
  while (!normal.empty() && normal.back() == '.') normal.pop_back();
  if (normal.empty()) return;
  MatchNormalName(normal, normal, source, out);
}

namespace {

// CertNameVariants calls `f` on each form of a certificate name to match, in
// the manner of certspotter: an "http://" or "https://" prefix removed, and
// besides the whole value, the part before a NUL byte and before a '/' (a
// value such as "example.com/path" or "good.test\0.evil.test" still alerts
// the owner of the name it starts with).
template <typename F>
void CertNameVariants(absl::string_view raw, F f) {
  if (!raw.empty() && (raw[0] == 'h' || raw[0] == 'H')) {
    for (absl::string_view prefix : {absl::string_view("http://", 7),
                                     absl::string_view("https://", 8)}) {
      if (raw.size() >= prefix.size() &&
          absl::EqualsIgnoreCase(raw.substr(0, prefix.size()), prefix)) {
        raw.remove_prefix(prefix.size());
        break;
      }
    }
  }
  size_t nul = raw.find('\0');
  absl::string_view forms[2] = {raw, raw.substr(0, nul)};
  int count = nul == absl::string_view::npos ? 1 : 2;
  for (int i = 0; i < count; ++i) {
    size_t slash = forms[i].find('/');
    if (slash != absl::string_view::npos) f(forms[i].substr(0, slash));
    f(forms[i]);
  }
}

// ScanPlain reports whether certificate name `raw` is plain: non-empty
// lower-case ASCII with no NUL, '/', '*' or '?', no empty label, no leading
// or trailing dot, and not written like an address. For such a name
// CertNameVariants, MatchName and MatchNormalName come down to rule A on
// `raw` itself, which one pass over its bytes establishes (nearly every name
// in CT). Sets the positions of its last two dots (npos when absent). It may
// answer false for a plain name (always, without SSE2): the general path
// then gives the same answer. watch_list_fuzzer checks the fast path
// against the general one (WithoutTailFilterForTesting turns it off).
#if defined(__SSE2__)
// LoadPadded returns the `n` < 16 bytes at `p` in the low lanes of a vector
// and 'a' in the others. It reads only those bytes, with loads that overlap
// rather than a copy into a buffer: a 16-byte load of bytes just stored
// piecewise would stall (no store forwarding).
inline __m128i LoadPadded(const char* p, size_t n) {
  uint64_t lo = 0, hi = 0;
  if (n >= 8) {
    uint64_t t;
    std::memcpy(&lo, p, 8);
    std::memcpy(&t, p + n - 8, 8);  // bytes n-8..n-1; keep 8..n-1
    hi = n == 8 ? 0 : t >> ((16 - n) * 8);
  } else if (n >= 4) {
    uint32_t a, b;
    std::memcpy(&a, p, 4);
    std::memcpy(&b, p + n - 4, 4);  // overlaps `a` with the same bytes
    lo = a | (static_cast<uint64_t>(b) << ((n - 4) * 8));
  } else if (n > 0) {
    lo = static_cast<uint8_t>(p[0]) |
         (static_cast<uint64_t>(static_cast<uint8_t>(p[n / 2])) << (n / 2 * 8)) |
         (static_cast<uint64_t>(static_cast<uint8_t>(p[n - 1])) << ((n - 1) * 8));
  }
  const __m128i v = _mm_set_epi64x(static_cast<int64_t>(hi), static_cast<int64_t>(lo));
  const __m128i lanes = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const __m128i keep = _mm_cmplt_epi8(lanes, _mm_set1_epi8(static_cast<char>(n)));
  return _mm_or_si128(_mm_and_si128(keep, v), _mm_andnot_si128(keep, _mm_set1_epi8('a')));
}
#endif

bool ScanPlain(absl::string_view raw, size_t* last_dot, size_t* prev_dot) {
  if (raw.empty() || raw.front() == '.' || raw.back() == '.') return false;
#if defined(__SSE2__)
  {
    // 16 bytes at a time; the last, partial chunk is padded with 'a'
    // (neither odd nor a dot, and address-like, so the padding changes no
    // answer).
    constexpr size_t npos = absl::string_view::npos;
    size_t last = npos, prev = npos;
    int odd = 0, not_ip = 0;
    unsigned carry = 0;  // 1 if the previous chunk ended with a dot
    for (size_t base = 0; base < raw.size(); base += 16) {
      __m128i v;
      if (raw.size() - base >= 16) {
        v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(raw.data() + base));
      } else {
        v = LoadPadded(raw.data() + base, raw.size() - base);
      }
      auto eq = [&](char ch) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(ch)); };
      auto in = [&](char lo, char hi) {  // signed compares: bytes >= 0x80 are never in
        return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(static_cast<char>(lo - 1))),
                             _mm_cmplt_epi8(v, _mm_set1_epi8(static_cast<char>(hi + 1))));
      };
      const __m128i dot = eq('.');
      const __m128i bad = _mm_or_si128(_mm_or_si128(eq('\0'), eq('/')),
                                       _mm_or_si128(_mm_or_si128(eq('*'), eq('?')), in('A', 'Z')));
      const __m128i ip = _mm_or_si128(_mm_or_si128(in('0', '9'), in('a', 'f')),
                                      _mm_or_si128(dot, eq(':')));
      const unsigned dots = static_cast<unsigned>(_mm_movemask_epi8(dot));
      odd |= _mm_movemask_epi8(bad) | _mm_movemask_epi8(v);  // v: bytes >= 0x80
      odd |= static_cast<int>((dots & (dots >> 1)) | (dots & carry));  // ".."
      not_ip |= _mm_movemask_epi8(ip) ^ 0xffff;
      carry = dots >> 15;
      if (dots != 0) {
        const unsigned top = 31 - static_cast<unsigned>(__builtin_clz(dots));
        const unsigned below = dots & ~(1u << top);
        prev = below != 0 ? base + 31 - static_cast<unsigned>(__builtin_clz(below)) : last;
        last = base + top;
      }
    }
    *last_dot = last;
    *prev_dot = prev;
    return odd == 0 && not_ip != 0;  // not_ip == 0: written like an address
  }
#else
  // Without SSE2 every name takes the general path (same answers, slower).
  (void)last_dot;
  (void)prev_dot;
  return false;
#endif
}

}  // namespace

std::vector<WatchMatch> WatchList::Match(const CertIdentifiers& ids) const {
  Collector out{items_, {}, {}};
  if (items_.empty()) return {};
  for (absl::string_view dns : ids.dns_names) {
    size_t last_dot, prev_dot;
    if (fast_paths_ && ScanPlain(dns, &last_dot, &prev_dot)) {
      MatchPlain(dns, last_dot, prev_dot, WatchMatch::Source::kDnsName, out);
      continue;
    }
    CertNameVariants(dns, [&](absl::string_view v) {
      MatchName(v, WatchMatch::Source::kDnsName, out);
    });
  }
  for (ByteSpan ip : ids.ip_addresses) {
    MatchIp(ip, WatchMatch::Source::kIpAddress, out);
  }
  // A CN that repeats a dNSName (the usual case) adds nothing: every item it
  // matches, that dNSName matched already.
  if (ids.common_name.has_value() &&
      std::find(ids.dns_names.begin(), ids.dns_names.end(), *ids.common_name) ==
          ids.dns_names.end()) {
    CertNameVariants(*ids.common_name, [&](absl::string_view v) {
      // A CN with a space is a person or an organization, not a name.
      if (v.find(' ') != absl::string_view::npos) return;
      MatchName(v, WatchMatch::Source::kCommonName, out);
    });
  }
  std::sort(out.matches.begin(), out.matches.end(),
            [](const WatchMatch& a, const WatchMatch& b) { return a.item < b.item; });
  return std::move(out.matches);
}

}  // namespace ct
