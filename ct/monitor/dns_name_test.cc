#include "ct/monitor/dns_name.h"

#include <string>

#include "absl/status/status.h"
#include "ct/base/errors.h"
#include "gtest/gtest.h"

namespace ct {
namespace {

struct GoodCase {
  const char* desc;
  std::string input;
  std::string want;
};

class NormalizeDnsNameGoodTest : public ::testing::TestWithParam<GoodCase> {};

TEST_P(NormalizeDnsNameGoodTest, NormalizesAndIsIdempotent) {
  const GoodCase& c = GetParam();
  absl::StatusOr<std::string> got = NormalizeDnsName(c.input);
  ASSERT_TRUE(got.ok()) << c.desc << ": " << got.status();
  EXPECT_EQ(*got, c.want) << c.desc;
  absl::StatusOr<std::string> again = NormalizeDnsName(*got);
  ASSERT_TRUE(again.ok()) << c.desc << ": " << again.status();
  EXPECT_EQ(*again, *got) << c.desc;
}

INSTANTIATE_TEST_SUITE_P(
    Table, NormalizeDnsNameGoodTest,
    ::testing::Values(
        GoodCase{"plain", "example.com", "example.com"},
        GoodCase{"case folded", "WWW.Example.COM", "www.example.com"},
        GoodCase{"one trailing dot", "example.com.", "example.com"},
        GoodCase{"many trailing dots", "example.com...", "example.com"},
        GoodCase{"single label", "localhost", "localhost"},
        GoodCase{"digits and hyphens", "a-1.b2.example", "a-1.b2.example"},
        GoodCase{"hyphens at 3-4 in ASCII stay valid",
                 "r3---sn-4g5e.googlevideo.com", "r3---sn-4g5e.googlevideo.com"},
        GoodCase{"underscore", "_acme-challenge.example.com",
                 "_acme-challenge.example.com"},
        GoodCase{"U-label", "bücher.example", "xn--bcher-kva.example"},
        GoodCase{"upper-case U-label", "BÜCHER.example", "xn--bcher-kva.example"},
        GoodCase{"A-label kept", "xn--bcher-kva.example", "xn--bcher-kva.example"},
        GoodCase{"upper-case A-label", "XN--BCHER-KVA.Example",
                 "xn--bcher-kva.example"},
        GoodCase{"sharp s is non-transitional", "faß.de", "xn--fa-hia.de"},
        GoodCase{"NFC applied", "bu\xcc\x88" "cher.example",  // u + U+0308
                 "xn--bcher-kva.example"},
        GoodCase{"ideographic full stop", "bücher\xe3\x80\x82" "example",
                 "xn--bcher-kva.example"},
        GoodCase{"fullwidth letters map to ASCII",
                 "\xef\xbd\x85\xef\xbd\x98.com", "ex.com"},
        GoodCase{"Cyrillic", "пример.испытание",
                 "xn--e1afmkfd.xn--80akhbyknj4f"},
        GoodCase{"63-character label", std::string(63, 'a') + ".com",
                 std::string(63, 'a') + ".com"},
        GoodCase{"253 characters",
                 std::string(63, 'a') + "." + std::string(63, 'b') + "." +
                     std::string(63, 'c') + "." + std::string(61, 'd'),
                 std::string(63, 'a') + "." + std::string(63, 'b') + "." +
                     std::string(63, 'c') + "." + std::string(61, 'd')}));

struct BadCase {
  const char* desc;
  std::string input;
};

class NormalizeDnsNameBadTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(NormalizeDnsNameBadTest, IsMalformed) {
  const BadCase& c = GetParam();
  absl::StatusOr<std::string> got = NormalizeDnsName(c.input);
  ASSERT_FALSE(got.ok()) << c.desc << ": got " << *got;
  EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument) << c.desc;
  EXPECT_EQ(ErrorKindOf(got.status()), ErrorKind::kMalformed) << c.desc;
  EXPECT_FALSE(got.status().message().empty());
}

INSTANTIATE_TEST_SUITE_P(
    Table, NormalizeDnsNameBadTest,
    ::testing::Values(
        BadCase{"empty", ""}, BadCase{"only dots", "..."},
        BadCase{"leading dot", ".example.com"},
        BadCase{"empty label", "a..example.com"},
        BadCase{"wildcard", "*.example.com"},
        BadCase{"partial wildcard", "w*.example.com"},
        BadCase{"space", "ex ample.com"}, BadCase{"slash", "example.com/x"},
        BadCase{"colon", "example.com:443"}, BadCase{"NUL", std::string("a\0b", 3)},
        BadCase{"leading hyphen", "-a.example.com"},
        BadCase{"trailing hyphen", "a-.example.com"},
        BadCase{"64-character label", std::string(64, 'a') + ".com"},
        BadCase{"254 characters",
                std::string(63, 'a') + "." + std::string(63, 'b') + "." +
                    std::string(63, 'c') + "." + std::string(62, 'd')},
        BadCase{"bad punycode", "xn--.example"},
        BadCase{"A-label failing the round trip", "xn--abc.example"},
        BadCase{"invalid UTF-8", "b\xfc" "cher.example"},
        BadCase{"disallowed code point", "a\xe2\x98\x83\xef\xb8\x8f!.example"},
        BadCase{"an IPv4 address", "192.0.2.7"},
        BadCase{"all-numeric top-level label", "256.1.1.1"},
        BadCase{"huge", std::string(5000, 'a')}));

}  // namespace
}  // namespace ct
