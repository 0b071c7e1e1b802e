#include "ct/monitor/watch_list.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ct/base/bytes.h"
#include "ct/base/errors.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

Bytes Ip(const std::string& text) {
  uint8_t buf[16];
  if (inet_pton(AF_INET, text.c_str(), buf) == 1) return Bytes(buf, buf + 4);
  if (inet_pton(AF_INET6, text.c_str(), buf) == 1) return Bytes(buf, buf + 16);
  ADD_FAILURE() << "bad test address " << text;
  return {};
}

WatchList MustParse(absl::string_view text) {
  absl::StatusOr<WatchList> list = ParseWatchList(text);
  EXPECT_TRUE(list.ok()) << list.status();
  return list.ok() ? *std::move(list) : WatchList();
}

// ---------------------------------------------------------------------------
// Matching rules, one row per rule (docs/monitor.md has the same table).

struct MatchCase {
  const char* desc;
  std::string watch;                  // one pattern (a watch-file line)
  std::vector<std::string> dns;       // certificate dNSName SANs
  std::vector<std::string> ips = {};  // certificate iPAddress SANs (text)
  std::optional<std::string> cn = std::nullopt;
  bool want = false;
};

class MatchTest : public ::testing::TestWithParam<MatchCase> {};

TEST_P(MatchTest, FollowsTheRule) {
  const MatchCase& c = GetParam();
  WatchList list = MustParse(c.watch);
  ASSERT_EQ(list.items().size(), 1u) << c.desc;
  std::vector<Bytes> ip_bytes;
  for (const std::string& ip : c.ips) ip_bytes.push_back(Ip(ip));
  CertIdentifiers ids;
  for (const std::string& d : c.dns) ids.dns_names.push_back(d);
  for (const Bytes& b : ip_bytes) ids.ip_addresses.push_back(b);
  if (c.cn) ids.common_name = *c.cn;
  std::vector<WatchMatch> got = list.Match(ids);
  EXPECT_EQ(!got.empty(), c.want)
      << c.desc << ": watch \"" << c.watch << "\" vs {"
      << absl::StrJoin(c.dns, ", ") << "} {" << absl::StrJoin(c.ips, ", ")
      << "} cn=" << c.cn.value_or("-");
  if (!got.empty()) {
    EXPECT_EQ(got[0].item, 0u);
    EXPECT_EQ(got[0].pattern, list.items()[0].pattern);
  }
}

const std::string kSixtyThree(63, 'a');

INSTANTIATE_TEST_SUITE_P(
    Dns, MatchTest,
    ::testing::Values(
        // Exact names.
        MatchCase{"exact: itself", "example.com", {"example.com"}, {}, {}, true},
        MatchCase{"exact: not a subdomain", "example.com", {"www.example.com"}},
        MatchCase{"exact: not the parent", "www.example.com", {"example.com"}},
        MatchCase{"exact: among other names", "example.com",
                  {"a.test", "example.com", "b.test"}, {}, {}, true},
        // Subtrees.
        MatchCase{"subtree: apex", ".example.com", {"example.com"}, {}, {}, true},
        MatchCase{"subtree: one below", ".example.com", {"www.example.com"}, {}, {},
                  true},
        MatchCase{"subtree: deep", ".example.com", {"a.b.c.d.example.com"}, {}, {},
                  true},
        MatchCase{"subtree: not the parent", ".www.example.com", {"example.com"}},
        MatchCase{"subtree: not a sibling", ".www.example.com",
                  {"mail.example.com"}},
        MatchCase{"root: every name", ".", {"anything.test"}, {}, {}, true},
        MatchCase{"root: not an address", ".", {}, {"192.0.2.7"}},
        // Lookalikes never match.
        MatchCase{"lookalike: suffix", ".example.com", {"example.com.evil.test"}},
        MatchCase{"lookalike: prefix", ".example.com", {"notexample.com"}},
        MatchCase{"lookalike: hyphen", ".example.com", {"example.com-evil.test"}},
        MatchCase{"lookalike: dash in label", ".example.com", {"evil-example.com"}},
        MatchCase{"lookalike: shorter TLD", ".example.com", {"example.co"}},
        MatchCase{"lookalike: TLD only", ".example.com", {"com"}},
        MatchCase{"lookalike: exact suffix", "example.com", {"www.example.com.evil"}},
        // Case and trailing dots, on both sides.
        MatchCase{"cert upper case", "www.example.com", {"WWW.Example.COM"}, {}, {},
                  true},
        MatchCase{"cert trailing dot", "www.example.com", {"www.example.com."}, {},
                  {}, true},
        MatchCase{"watch upper case and dot", "WWW.Example.COM.",
                  {"www.example.com"}, {}, {}, true},
        MatchCase{"subtree upper case", ".EXAMPLE.com", {"A.Example.Com."}, {}, {},
                  true},
        // Wildcard certificate names: "*" covers exactly one label.
        MatchCase{"*.P vs exact one below", "www.example.com", {"*.example.com"},
                  {}, {}, true},
        MatchCase{"*.P vs exact P", "example.com", {"*.example.com"}},
        MatchCase{"*.P vs exact two below", "a.www.example.com", {"*.example.com"}},
        MatchCase{"*.P vs subtree P", ".example.com", {"*.example.com"}, {}, {},
                  true},
        MatchCase{"*.P vs subtree above P", ".com", {"*.example.com"}, {}, {}, true},
        MatchCase{"*.P vs subtree one below (apex covered)", ".www.example.com",
                  {"*.example.com"}, {}, {}, true},
        MatchCase{"*.P vs subtree two below", ".a.www.example.com",
                  {"*.example.com"}},
        MatchCase{"*.P vs sibling subtree", ".example.org", {"*.example.com"}},
        MatchCase{"*.com covers example.com", "example.com", {"*.com"}, {}, {},
                  true},
        MatchCase{"*.www.P vs exact www.P", "www.example.com",
                  {"*.www.example.com"}},
        MatchCase{"*.www.P vs subtree P", ".example.com", {"*.www.example.com"},
                  {}, {}, true},
        MatchCase{"* alone vs exact TLD-level name", "localhost", {"*"}, {}, {},
                  true},
        MatchCase{"upper-case wildcard name", "www.example.com",
                  {"*.EXAMPLE.COM."}, {}, {}, true},
        // Names the rules cannot read are matched fail-safe.
        MatchCase{"partial wildcard label", "www.example.com", {"w*.example.com"},
                  {}, {}, true},
        MatchCase{"partial wildcard over-matches below P", "a.b.example.com",
                  {"w*.example.com"}, {}, {}, true},
        MatchCase{"partial wildcard never matches P", "example.com",
                  {"w*.example.com"}},
        MatchCase{"partial wildcard elsewhere", "other.test", {"w*.example.com"}},
        MatchCase{"wildcard in the middle", "a.b.example.com", {"a.*.example.com"},
                  {}, {}, true},
        MatchCase{"redacted label", "www.example.com", {"?.example.com"}, {}, {},
                  true},
        MatchCase{"empty label", ".example.com", {"a..example.com"}, {}, {}, true},
        MatchCase{"empty name", ".", {"", "..."}},
        // certspotter's extra forms of a name.
        MatchCase{"NUL-truncated", "www.example.com",
                  {std::string("www.example.com\0.evil.test", 26)}, {}, {}, true},
        MatchCase{"URL in a SAN", "www.example.com",
                  {"https://www.example.com/path"}, {}, {}, true},
        MatchCase{"long labels are compared, not rejected",
                  kSixtyThree + ".example.com", {kSixtyThree + ".example.com"}, {},
                  {}, true},
        MatchCase{"over-long label below a subtree", ".example.com",
                  {std::string(100, 'x') + ".example.com"}, {}, {}, true}));

INSTANTIATE_TEST_SUITE_P(
    Idn, MatchTest,
    ::testing::Values(
        MatchCase{"U-label watch, A-label cert", "bücher.example",
                  {"xn--bcher-kva.example"}, {}, {}, true},
        MatchCase{"A-label watch, A-label cert", "xn--bcher-kva.example",
                  {"xn--bcher-kva.example"}, {}, {}, true},
        MatchCase{"U-label watch subtree, wildcard cert", ".bücher.example",
                  {"*.xn--bcher-kva.example"}, {}, {}, true},
        MatchCase{"U-label in cert (invalid, still matched)", "bücher.example",
                  {"bücher.example"}, {}, {}, true},
        MatchCase{"upper-case U-label in cert", "bücher.example",
                  {"BÜCHER.EXAMPLE"}, {}, {}, true},
        MatchCase{"Cyrillic subtree", ".пример.испытание",
                  {"www.xn--e1afmkfd.xn--80akhbyknj4f"}, {}, {}, true},
        MatchCase{"non-transitional sharp s", "faß.de", {"xn--fa-hia.de"}, {}, {},
                  true},
        MatchCase{"sharp s is not ss", "faß.de", {"fass.de"}},
        MatchCase{"invalid UTF-8 label: fail-safe below its parent",
                  "bücher.example", {"b\xfc" "cher.example"}, {}, {}, true},
        MatchCase{"invalid UTF-8 label: nothing elsewhere", "other.test",
                  {"b\xfc" "cher.example"}},
        MatchCase{"lookalike IDN", "example.com", {"xn--exmple-cua.com"}}));

INSTANTIATE_TEST_SUITE_P(
    Ip, MatchTest,
    ::testing::Values(
        MatchCase{"v4 address", "192.0.2.7", {}, {"192.0.2.7"}, {}, true},
        MatchCase{"v4 other address", "192.0.2.7", {}, {"192.0.2.8"}},
        MatchCase{"v4 /32", "192.0.2.7/32", {}, {"192.0.2.7"}, {}, true},
        MatchCase{"v4 /24 first", "198.51.100.0/24", {}, {"198.51.100.0"}, {},
                  true},
        MatchCase{"v4 /24 last", "198.51.100.0/24", {}, {"198.51.100.255"}, {},
                  true},
        MatchCase{"v4 /24 outside", "198.51.100.0/24", {}, {"198.51.101.0"}},
        MatchCase{"v4 /25 inside", "198.51.100.0/25", {}, {"198.51.100.127"}, {},
                  true},
        MatchCase{"v4 /25 outside", "198.51.100.0/25", {}, {"198.51.100.128"}},
        MatchCase{"v4 /0 any v4", "0.0.0.0/0", {}, {"203.0.113.9"}, {}, true},
        MatchCase{"v4 /0 not v6", "0.0.0.0/0", {}, {"2001:db8::1"}},
        MatchCase{"v6 address", "2001:db8::1", {}, {"2001:db8::1"}, {}, true},
        MatchCase{"v6 /128", "2001:db8::1/128", {}, {"2001:db8::1"}, {}, true},
        MatchCase{"v6 /128 other", "2001:db8::1/128", {}, {"2001:db8::2"}},
        MatchCase{"v6 /127", "2001:db8::/127", {}, {"2001:db8::1"}, {}, true},
        MatchCase{"v6 /127 outside", "2001:db8::/127", {}, {"2001:db8::2"}},
        MatchCase{"v6 /32 inside", "2001:db8::/32", {}, {"2001:db8:ffff::1"}, {},
                  true},
        MatchCase{"v6 /32 outside", "2001:db8::/32", {}, {"2001:db9::1"}},
        MatchCase{"v6 /0 any v6", "::/0", {}, {"2001:db8::1"}, {}, true},
        MatchCase{"v6 /0 not v4", "::/0", {}, {"192.0.2.7"}},
        MatchCase{"v4-mapped v6 cert address", "10.0.0.0/8", {},
                  {"::ffff:10.1.2.3"}, {}, true},
        MatchCase{"IPv4 in a DNS SAN", "192.0.2.7", {"192.0.2.7"}, {}, {}, true},
        MatchCase{"IPv6 in a DNS SAN, upper case", "2001:db8::/32",
                  {"2001:DB8::1"}, {}, {}, true},
        MatchCase{"IPv4 in the CN", "192.0.2.0/24", {}, {}, "192.0.2.7", true},
        MatchCase{"address-like name is an address, not a name", ".",
                  {"192.0.2.7"}},
        MatchCase{"address item vs name", "192.0.2.7",
                  {"192-0-2-7.example.com"}}));

INSTANTIATE_TEST_SUITE_P(
    CommonName, MatchTest,
    ::testing::Values(
        MatchCase{"CN only (no SANs)", ".example.com", {}, {}, "www.example.com",
                  true},
        MatchCase{"CN besides unrelated SANs", "example.com", {"other.test"}, {},
                  "example.com", true},
        MatchCase{"CN with a space is not a name", ".", {}, {}, "Example Corp"},
        MatchCase{"CN as a URL", "www.example.com", {}, {},
                  "http://www.example.com/", true},
        MatchCase{"CN wildcard", "www.example.com", {}, {}, "*.example.com",
                  true},
        MatchCase{"CN lookalike", ".example.com", {}, {}, "example.com.evil.test"}));

// ---------------------------------------------------------------------------
// What a match reports.

TEST(WatchListMatchTest, ReportsPatternAsWrittenIdentifierAndSource) {
  WatchList list = MustParse(
      "# items\n"
      "Example.COM. issuer=X\n"
      ".example.org\n"
      "192.0.2.0/24\n");
  Bytes ip = Ip("192.0.2.9");
  CertIdentifiers ids;
  ids.dns_names = {"www.example.org", "EXAMPLE.com"};
  ids.ip_addresses = {ip};
  ids.common_name = "*.example.org";
  std::vector<WatchMatch> got = list.Match(ids);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0], (WatchMatch{0, "Example.COM.", "example.com",
                                WatchMatch::Source::kDnsName, false}));
  // The first identifier that matched is reported; the CN's wildcard still
  // marks the match as wildcard.
  EXPECT_EQ(got[1], (WatchMatch{1, ".example.org", "www.example.org",
                                WatchMatch::Source::kDnsName, true}));
  EXPECT_EQ(got[2], (WatchMatch{2, "192.0.2.0/24", "192.0.2.9",
                                WatchMatch::Source::kIpAddress, false}));
}

TEST(WatchListMatchTest, OneMatchPerItemInItemOrder) {
  WatchList list = MustParse(".b.test\n.a.test\nwww.a.test\n.a.test\n");
  CertIdentifiers ids;
  ids.dns_names = {"www.a.test", "x.b.test", "a.test", "*.a.test"};
  std::vector<WatchMatch> got = list.Match(ids);
  ASSERT_EQ(got.size(), 4u);
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i].item, i);
  EXPECT_EQ(got[1].identifier, "www.a.test");
  EXPECT_TRUE(got[1].wildcard);
  EXPECT_TRUE(got[2].wildcard);  // *.a.test covers www.a.test
  EXPECT_FALSE(got[0].wildcard);
}

TEST(WatchListMatchTest, ManyMatchesAreDeduplicated) {
  std::string text;
  for (int i = 0; i < 100; ++i) absl::StrAppend(&text, "h", i, ".example.com\n");
  WatchList list = MustParse(text);
  CertIdentifiers ids;
  ids.dns_names = {"*.example.com", "x*.example.com", "*.EXAMPLE.com", "h7.example.com"};
  std::vector<WatchMatch> got = list.Match(ids);
  ASSERT_EQ(got.size(), 100u);
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].item, i);
    EXPECT_TRUE(got[i].wildcard);
    EXPECT_EQ(got[i].identifier, "*.example.com");
  }
}

// The plain-name fast path (16 bytes at a time) and the tail pre-filter
// must answer as the general rules do (WithoutTailFilterForTesting), for
// names of every length around the 16-byte chunks with each kind of byte
// that sends a name off the fast path at each position.
TEST(WatchListMatchTest, FastPathsAgreeWithTheGeneralRules) {
  WatchList list = MustParse(
      "example.com\n.example.com\nb.example.com\n.test\nabcdefabcdef.test\n"
      "192.0.2.0/24\n2001:db8::/32\ncafe.be\n.deep.sub.example.org\nx.example.org\n");
  const WatchList general = list.WithoutTailFilterForTesting();
  // The same without one-label items (the fast path then skips the last
  // label), and with only exact names.
  const WatchList two_labels = MustParse(
      "example.com\n.example.com\nb.example.com\nabcdefabcdef.test\n.aaaa.test\n"
      "cafe.be\n.deep.sub.example.org\nx.example.org\n");
  const WatchList two_labels_general = two_labels.WithoutTailFilterForTesting();
  const WatchList exact = MustParse("example.com\nb.example.com\nx.example.org\naaaa.aaaa.test\n");
  const WatchList exact_general = exact.WithoutTailFilterForTesting();
  auto check = [&](const std::string& name) {
    CertIdentifiers ids;
    ids.dns_names = {name};
    EXPECT_EQ(list.Match(ids), general.Match(ids)) << absl::CHexEscape(name);
    EXPECT_EQ(two_labels.Match(ids), two_labels_general.Match(ids)) << absl::CHexEscape(name);
    EXPECT_EQ(exact.Match(ids), exact_general.Match(ids)) << absl::CHexEscape(name);
  };
  const std::string specials[] = {"A", "Z", "*", "?", "/", std::string(1, '\0'), "\x80",
                                  "\xff", ".", ":", "0", "f", "g", "-", " "};
  for (size_t length = 1; length <= 70; ++length) {
    for (const std::string& tail : {std::string(".example.com"), std::string(".test"),
                                    std::string("")}) {
      std::string base(length, 'a');
      for (size_t i = 4; i < length; i += 5) base[i] = '.';  // labels of four
      check(base + tail);
      for (size_t pos = 0; pos < length; ++pos) {
        for (const std::string& sp : specials) {
          std::string name = base;
          name.replace(pos, 1, sp);
          check(name + tail);
        }
      }
    }
  }
  // Dots on both sides of a chunk boundary, addresses and address-like names.
  for (const std::string& name : std::vector<std::string>{
           std::string(15, 'a') + ".." + "example.com", std::string(15, 'a') + "." + "example.com",
        std::string(16, 'a') + "." + "example.com", "192.0.2.7", "2001:db8::1",
        "cafe.be", "abcdefabcdef.test", "dead.beef.cafe.be", "1.2.3.4.example.com",
        "www.example.com.", ".www.example.com", "b.example.com", "x.b.example.com",
        // Subtree items deep below the tail, exact items beside them.
        "example.org", "a.example.org", "x.example.org", "sub.example.org", "deep.sub.example.org",
        "q.deep.sub.example.org", "r.q.deep.sub.example.org", "q.sub.example.org", "org",
        "a.x.example.org"}) {
    check(name);
  }
  // A subtree item three labels below its tail, beside an exact item.
  auto patterns = [&](const std::string& name) {
    CertIdentifiers ids;
    ids.dns_names = {name};
    std::vector<std::string> out;
    for (const WatchMatch& m : list.Match(ids)) out.push_back(m.pattern);
    return out;
  };
  EXPECT_EQ(patterns("r.q.deep.sub.example.org"),
            std::vector<std::string>{".deep.sub.example.org"});
  EXPECT_EQ(patterns("deep.sub.example.org"), std::vector<std::string>{".deep.sub.example.org"});
  EXPECT_EQ(patterns("x.example.org"), std::vector<std::string>{"x.example.org"});
  EXPECT_TRUE(patterns("q.sub.example.org").empty());
  EXPECT_TRUE(patterns("a.x.example.org").empty());
  // Without one-label items: a subtree two labels up still matches.
  CertIdentifiers ids;
  ids.dns_names = {"q.r.aaaa.test"};
  const std::vector<WatchMatch> m = two_labels.Match(ids);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].pattern, ".aaaa.test");
  ids.dns_names = {"aaaa.test"};
  ASSERT_EQ(two_labels.Match(ids).size(), 1u);
}

TEST(WatchListMatchTest, EmptyListMatchesNothing) {
  WatchList list = MustParse("# nothing\n\n");
  CertIdentifiers ids;
  ids.dns_names = {"example.com"};
  EXPECT_TRUE(list.Match(ids).empty());
  EXPECT_TRUE(WatchList().Match(ids).empty());
}

TEST(WatchListMatchTest, IgnoresAddressesOfOddLength) {
  WatchList list = MustParse("0.0.0.0/0\n::/0\n");
  Bytes five = {1, 2, 3, 4, 5};
  CertIdentifiers ids;
  ids.ip_addresses = {five, ByteSpan()};
  EXPECT_TRUE(list.Match(ids).empty());
}

// ---------------------------------------------------------------------------
// Parsing.

TEST(ParseWatchListTest, SkipsCommentsAndBlankLines) {
  WatchList list = MustParse(
      "# a comment\n"
      "\n"
      "   \t\n"
      "  # indented comment\n"
      "example.com   # trailing comment\r\n"
      "\t.example.org\n"
      "192.0.2.0/24");  // no final newline
  ASSERT_EQ(list.items().size(), 3u);
  EXPECT_EQ(list.items()[0].pattern, "example.com");
  EXPECT_EQ(list.items()[0].line, 5);
  EXPECT_EQ(list.items()[1].kind, WatchItem::Kind::kDnsSubtree);
  EXPECT_EQ(list.items()[1].name, "example.org");
  EXPECT_EQ(list.items()[1].line, 6);
  EXPECT_EQ(list.items()[2].kind, WatchItem::Kind::kIpPrefix);
  EXPECT_EQ(list.items()[2].line, 7);
}

TEST(ParseWatchListTest, KeepsPatternAsWrittenAndNormalizes) {
  WatchList list = MustParse("Bücher.Example.\n.WWW.Example.com\n.\n");
  ASSERT_EQ(list.items().size(), 3u);
  EXPECT_EQ(list.items()[0].pattern, "Bücher.Example.");
  EXPECT_EQ(list.items()[0].name, "xn--bcher-kva.example");
  EXPECT_EQ(list.items()[0].Canonical(), "xn--bcher-kva.example");
  EXPECT_EQ(list.items()[1].Canonical(), ".www.example.com");
  EXPECT_EQ(list.items()[2].name, "");
  EXPECT_EQ(list.items()[2].Canonical(), ".");
}

TEST(ParseWatchListTest, CanonicalIpForms) {
  struct {
    const char* in;
    const char* canonical;
    int length;
  } cases[] = {
      {"192.0.2.7", "192.0.2.7", 32},
      {"192.0.2.7/32", "192.0.2.7", 32},
      {"198.51.100.0/24", "198.51.100.0/24", 24},
      {"0.0.0.0/0", "0.0.0.0/0", 0},
      {"2001:DB8:0:0::/32", "2001:db8::/32", 32},
      {"2001:db8::1/128", "2001:db8::1", 128},
      {"::/0", "::/0", 0},
      {"::ffff:192.0.2.1", "::ffff:192.0.2.1", 128},
  };
  for (const auto& c : cases) {
    absl::StatusOr<WatchItem> item = ParseWatchItem(c.in);
    ASSERT_TRUE(item.ok()) << c.in << ": " << item.status();
    EXPECT_EQ(item->kind, WatchItem::Kind::kIpPrefix) << c.in;
    EXPECT_EQ(item->Canonical(), c.canonical) << c.in;
    EXPECT_EQ(item->prefix_length, c.length) << c.in;
    EXPECT_EQ(item->pattern, c.in);
  }
}

TEST(ParseWatchListTest, ParsesExpectations) {
  absl::StatusOr<WatchItem> item = ParseWatchItem(
      ".example.com issuer=\"Let's Encrypt\"|\"DigiCert Inc\"|Sectigo "
      "wildcard=no max-days=90");
  ASSERT_TRUE(item.ok()) << item.status();
  EXPECT_EQ(item->pattern, ".example.com");
  EXPECT_EQ(item->expect.issuer_orgs,
            (std::vector<std::string>{"Let's Encrypt", "DigiCert Inc", "Sectigo"}));
  EXPECT_EQ(item->expect.wildcard_allowed, false);
  EXPECT_EQ(item->expect.max_days, 90);

  item = ParseWatchItem("example.com wildcard=yes");
  ASSERT_TRUE(item.ok());
  EXPECT_EQ(item->expect.wildcard_allowed, true);
  EXPECT_TRUE(item->expect.issuer_orgs.empty());
  EXPECT_FALSE(item->expect.max_days.has_value());

  item = ParseWatchItem("example.com");
  ASSERT_TRUE(item.ok());
  EXPECT_TRUE(item->expect.empty());
}

TEST(ParseWatchListTest, QuotedValues) {
  struct {
    const char* line;
    std::vector<std::string> orgs;
  } cases[] = {
      {"a.test issuer=DigiCert", {"DigiCert"}},
      {"a.test issuer=\"DigiCert Inc\"", {"DigiCert Inc"}},
      {"a.test issuer=\"A|B\"", {"A|B"}},  // '|' inside quotes is literal
      {"a.test issuer=\"A # not a comment\"", {"A # not a comment"}},
      {"a.test issuer=\"say \\\"hi\\\" \\\\o/\"", {"say \"hi\" \\o/"}},
      {"a.test issuer=Let\"'s Encrypt\"", {"Let's Encrypt"}},
      {"a.test issuer=A|\"B C\"|D", {"A", "B C", "D"}},
      {"\"a.test\" issuer=A", {"A"}},  // a quoted pattern
  };
  for (const auto& c : cases) {
    absl::StatusOr<WatchItem> item = ParseWatchItem(c.line);
    ASSERT_TRUE(item.ok()) << c.line << ": " << item.status();
    EXPECT_EQ(item->pattern, "a.test") << c.line;
    EXPECT_EQ(item->expect.issuer_orgs, c.orgs) << c.line;
  }
}

TEST(ParseWatchListTest, IgnoresCertspotterValidAt) {
  absl::StatusOr<WatchItem> item = ParseWatchItem("example.com valid_at:2024-01-01");
  ASSERT_TRUE(item.ok()) << item.status();
  EXPECT_TRUE(item->expect.empty());
}

struct ErrorCase {
  const char* desc;
  std::string text;
  int line;
  const char* says;  // a fragment of the reason, for people
};

class ParseWatchListErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ParseWatchListErrorTest, NamesTheLine) {
  const ErrorCase& c = GetParam();
  absl::StatusOr<WatchList> list = ParseWatchList(c.text);
  ASSERT_FALSE(list.ok()) << c.desc;
  EXPECT_EQ(list.status().code(), absl::StatusCode::kInvalidArgument) << c.desc;
  EXPECT_EQ(ErrorKindOf(list.status()), ErrorKind::kMalformed) << c.desc;
  std::string message(list.status().message());
  EXPECT_NE(message.find(absl::StrCat("line ", c.line, ":")), std::string::npos)
      << c.desc << ": " << message;
  EXPECT_NE(message.find(c.says), std::string::npos) << c.desc << ": " << message;
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseWatchListErrorTest,
    ::testing::Values(
        ErrorCase{"bad name", "# c\nexample.com\nbad_name!.com\n", 3, "character"},
        ErrorCase{"wildcard pattern", "*.example.com", 1, "wildcard"},
        ErrorCase{"empty label", "\na..b\n", 2, "empty label"},
        ErrorCase{"double dot subtree", "..example.com", 1, "empty label"},
        ErrorCase{"invalid IDN", "xn--abc.example", 1, "IDN"},
        ErrorCase{"unknown parameter", "example.com colour=red", 1,
                  "unknown parameter"},
        ErrorCase{"bare word", "example.com extra", 1, "KEY=VALUE"},
        ErrorCase{"duplicate parameter", "a.test max-days=1 max-days=2", 1,
                  "twice"},
        ErrorCase{"wildcard value", "a.test wildcard=maybe", 1, "yes or no"},
        ErrorCase{"max-days zero", "a.test max-days=0", 1, "max-days"},
        ErrorCase{"max-days negative", "a.test max-days=-5", 1, "max-days"},
        ErrorCase{"max-days text", "a.test max-days=ninety", 1, "max-days"},
        ErrorCase{"max-days huge", "a.test max-days=99999999999", 1, "max-days"},
        ErrorCase{"max-days empty", "a.test max-days=", 1, "max-days"},
        ErrorCase{"empty issuer", "a.test issuer=", 1, "empty organization"},
        ErrorCase{"empty issuer alternative", "a.test issuer=A||B", 1,
                  "empty organization"},
        ErrorCase{"unterminated quote", "\n\na.test issuer=\"Let's Encrypt", 3,
                  "unterminated quote"},
        ErrorCase{"pattern with '|'", "a.test|b.test", 1, "'|'"},
        ErrorCase{"host bits set", "192.0.2.1/24", 1, "host bits"},
        ErrorCase{"v6 host bits set", "2001:db8::1/32", 1, "2001:db8::/32"},
        ErrorCase{"v4 prefix too long", "192.0.2.0/33", 1, "prefix length"},
        ErrorCase{"v6 prefix too long", "2001:db8::/129", 1, "prefix length"},
        ErrorCase{"prefix not a number", "192.0.2.0/x", 1, "prefix length"},
        ErrorCase{"empty prefix", "192.0.2.0/", 1, "prefix length"},
        ErrorCase{"bad v6", "2001:db8:::1", 1, "not an IPv4 or IPv6"},
        ErrorCase{"bad v4 with prefix", "192.0.2/24", 1, "not an IPv4 or IPv6"},
        ErrorCase{"subtree of an address", ".192.0.2.7", 1, "no subdomains"},
        ErrorCase{"all-numeric name", "256.1.1.1", 1, "all-numeric"},
        ErrorCase{"quoted empty pattern", "\"\"", 1, "empty pattern"}));

TEST(WatchListCreateTest, RejectsItemsNotInNormalForm) {
  WatchItem upper;
  upper.pattern = "Example.com";
  upper.name = "Example.com";
  EXPECT_EQ(ErrorKindOf(WatchList::Create({upper}).status()), ErrorKind::kMalformed);
  WatchItem host_bits;
  host_bits.kind = WatchItem::Kind::kIpPrefix;
  host_bits.address = {192, 0, 2, 1};
  host_bits.prefix_length = 24;
  EXPECT_EQ(ErrorKindOf(WatchList::Create({host_bits}).status()),
            ErrorKind::kMalformed);
  WatchItem empty_exact;  // only a subtree may be the root
  EXPECT_EQ(ErrorKindOf(WatchList::Create({empty_exact}).status()),
            ErrorKind::kMalformed);
  absl::StatusOr<WatchItem> good = ParseWatchItem(".example.com");
  ASSERT_TRUE(good.ok());
  EXPECT_TRUE(WatchList::Create({*good}).ok());
}

}  // namespace
}  // namespace ct
