// der_test: ct::der's readers on golden and hostile encodings, each compared
// with BoringSSL's CBS_get_asn1 family (the reference they must equal).
#include "ct/x509/internal/der.h"

#include <openssl/bytestring.h>

#include <cstdint>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace ct::der {
namespace {

struct Case {
  const char* name;
  std::vector<uint8_t> bytes;
  bool ok;              // whether one element can be read
  size_t element_len;   // its length, header included, when ok
  size_t header_len;
};

std::vector<uint8_t> Long(std::vector<uint8_t> header, size_t body) {
  header.resize(header.size() + body, 0x41);
  return header;
}

TEST(DerTest, ReadsWhatBoringSslReadsAndRejectsWhatItRejects) {
  const std::vector<Case> cases = {
      {"short INTEGER", {0x02, 0x01, 0x05}, true, 3, 2},
      {"empty SEQUENCE", {0x30, 0x00}, true, 2, 2},
      {"context [3] constructed", {0xa3, 0x02, 0x05, 0x00}, true, 4, 2},
      {"long form 0x81", Long({0x04, 0x81, 0x80}, 0x80), true, 0x83, 3},
      {"long form 0x82", Long({0x04, 0x82, 0x01, 0x00}, 0x100), true, 0x104, 4},
      {"long form 0x83 (BoringSSL path)", Long({0x04, 0x83, 0x01, 0x00, 0x00}, 0x10000), true,
       0x10005, 5},
      {"high tag number (BoringSSL path)", {0x9f, 0x20, 0x01, 0x00}, true, 4, 3},
      {"empty input", {}, false, 0, 0},
      {"tag only", {0x30}, false, 0, 0},
      {"[UNIVERSAL 0]", {0x00, 0x00}, false, 0, 0},
      {"constructed [UNIVERSAL 0]", {0x20, 0x00}, false, 0, 0},
      {"non-minimal 0x81", {0x04, 0x81, 0x7f}, false, 0, 0},
      {"non-minimal 0x82", Long({0x04, 0x82, 0x00, 0x80}, 0x80), false, 0, 0},
      {"indefinite length", {0x30, 0x80, 0x00, 0x00}, false, 0, 0},
      {"0x81 missing its byte", {0x04, 0x81}, false, 0, 0},
      {"0x82 missing a byte", {0x04, 0x82, 0x01}, false, 0, 0},
      {"length past the end", {0x04, 0x05, 0x01}, false, 0, 0},
      {"0x82 length past the end", Long({0x04, 0x82, 0x01, 0x00}, 0xff), false, 0, 0},
      {"five length bytes", {0x04, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00}, false, 0, 0},
      {"0xff length byte", {0x04, 0xff}, false, 0, 0},
      {"high tag with a low number", {0x9f, 0x05, 0x00}, false, 0, 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    CBS ours, theirs, eo, et;
    CBS_init(&ours, c.bytes.data(), c.bytes.size());
    theirs = ours;
    unsigned to = 0, tt = 0;
    size_t ho = 0, ht = 0;
    const bool ok = GetAnyElement(&ours, &eo, &to, &ho);
    EXPECT_EQ(ok, CBS_get_any_asn1_element(&theirs, &et, &tt, &ht) == 1);
    EXPECT_EQ(ok, c.ok);
    if (!ok) continue;
    EXPECT_EQ(CBS_len(&eo), c.element_len);
    EXPECT_EQ(ho, c.header_len);
    EXPECT_EQ(ho, ht);
    EXPECT_EQ(to, tt);
    EXPECT_EQ(CBS_data(&eo), CBS_data(&et));
    EXPECT_EQ(CBS_len(&ours), CBS_len(&theirs));
  }
}

TEST(DerTest, TaggedReadersCheckTheTag) {
  const uint8_t seq[] = {0x30, 0x03, 0x02, 0x01, 0x07, 0xff};
  CBS in, contents;
  CBS_init(&in, seq, sizeof(seq));
  CBS copy = in;
  EXPECT_FALSE(GetAsn1(&copy, &contents, CBS_ASN1_SET));
  EXPECT_EQ(CBS_len(&copy), sizeof(seq));  // left as it was
  EXPECT_TRUE(PeekTag(&in, CBS_ASN1_SEQUENCE));
  EXPECT_FALSE(PeekTag(&in, CBS_ASN1_SET));
  ASSERT_TRUE(GetAsn1(&copy, &contents, CBS_ASN1_SEQUENCE));
  EXPECT_EQ(CBS_len(&contents), 3u);
  EXPECT_EQ(CBS_len(&copy), 1u);
  CBS element, body;
  copy = in;
  ASSERT_TRUE(GetElementAndContents(&copy, CBS_ASN1_SEQUENCE, &element, &body));
  EXPECT_EQ(CBS_len(&element), 5u);
  EXPECT_EQ(CBS_data(&body), seq + 2);
  unsigned tag;
  CBS integer;
  ASSERT_TRUE(GetAny(&body, &integer, &tag));
  EXPECT_EQ(tag, static_cast<unsigned>(CBS_ASN1_INTEGER));
  EXPECT_EQ(CBS_len(&integer), 1u);
  // Every first byte: PeekTag agrees with BoringSSL for the tag it names.
  for (unsigned b = 0; b < 256; ++b) {
    const uint8_t bytes[] = {static_cast<uint8_t>(b), 0x00};
    CBS one;
    CBS_init(&one, bytes, sizeof(bytes));
    const unsigned t = ((b & 0xe0) << CBS_ASN1_TAG_SHIFT) | (b & 0x1f);
    EXPECT_EQ(PeekTag(&one, t), CBS_peek_asn1_tag(&one, t) == 1) << b;
  }
}

// Reference is the old absl-based reading: a date is valid exactly when
// absl::CivilSecond leaves it unnormalised.
bool Reference(unsigned y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned s,
               int64_t* out) {
  const absl::CivilSecond c(y, mo, d, h, mi, s);
  if (c.year() != static_cast<absl::civil_year_t>(y) || c.month() != static_cast<int>(mo) ||
      c.day() != static_cast<int>(d) || c.hour() != static_cast<int>(h) ||
      c.minute() != static_cast<int>(mi) || c.second() != static_cast<int>(s)) {
    return false;
  }
  *out = absl::ToUnixSeconds(absl::FromCivil(c, absl::UTCTimeZone()));
  return true;
}

// Time encodes one UTCTime or GeneralizedTime element.
std::vector<uint8_t> Time(bool generalized, unsigned y, unsigned mo, unsigned d, unsigned h,
                          unsigned mi, unsigned s) {
  const std::string text =
      generalized ? absl::StrFormat("%04d%02d%02d%02d%02d%02dZ", y, mo, d, h, mi, s)
                  : absl::StrFormat("%02d%02d%02d%02d%02d%02dZ", y % 100, mo, d, h, mi, s);
  std::vector<uint8_t> out = {
      static_cast<uint8_t>(generalized ? CBS_ASN1_GENERALIZEDTIME : CBS_ASN1_UTCTIME),
      static_cast<uint8_t>(text.size())};
  out.insert(out.end(), text.begin(), text.end());
  return out;
}

bool Read(const std::vector<uint8_t>& bytes, int64_t* out) {
  CBS in;
  CBS_init(&in, bytes.data(), bytes.size());
  return GetTime(&in, out) && CBS_len(&in) == 0;
}

TEST(DerTimeTest, EqualsAbslOnEveryDayAndOnImpossibleDates) {
  // Every day (and day 0..32 of every month) of the UTCTime range, both forms.
  for (unsigned y = 1950; y < 2050; ++y) {
    for (unsigned mo = 0; mo <= 13; ++mo) {
      for (unsigned d = 0; d <= 32; ++d) {
        int64_t want = 0, got = 0;
        const bool ok = mo >= 1 && mo <= 12 && d >= 1 && Reference(y, mo, d, 12, 34, 56, &want);
        for (bool generalized : {false, true}) {
          SCOPED_TRACE(absl::StrFormat("%d-%d-%d generalized=%d", y, mo, d, generalized));
          ASSERT_EQ(Read(Time(generalized, y, mo, d, 12, 34, 56), &got), ok);
          if (ok) {
            ASSERT_EQ(got, want);
          }
        }
      }
    }
  }
  // GeneralizedTime's far years, leap rules and times of day.
  for (unsigned y : {0u, 1u, 4u, 100u, 400u, 1600u, 1700u, 1900u, 2000u, 2100u, 9999u}) {
    for (unsigned d : {28u, 29u, 30u}) {
      for (unsigned h : {0u, 23u, 24u}) {
        for (unsigned s : {0u, 59u, 60u}) {
          int64_t want = 0, got = 0;
          const bool ok = Reference(y, 2, d, h, 59, s, &want);
          SCOPED_TRACE(absl::StrFormat("%04d-02-%d %d:59:%d", y, d, h, s));
          ASSERT_EQ(Read(Time(true, y, 2, d, h, 59, s), &got), ok);
          if (ok) {
            ASSERT_EQ(got, want);
          }
        }
      }
    }
  }
  int64_t t;
  EXPECT_TRUE(Read(Time(false, 1970, 1, 1, 0, 0, 0), &t));
  EXPECT_EQ(t, 0);
  EXPECT_TRUE(Read(Time(false, 2049, 12, 31, 23, 59, 59), &t));
  EXPECT_EQ(t, 2524607999);
}

TEST(DerTimeTest, EveryByteAtEveryDigitPosition) {
  // Each digit of a valid time replaced by each byte value: accepted exactly
  // when the byte is a digit and the date and time still exist.
  for (bool generalized : {false, true}) {
    const std::vector<uint8_t> base = Time(generalized, 2024, 2, 29, 12, 34, 56);
    const size_t digits = generalized ? 14 : 12;
    for (size_t i = 0; i < digits; ++i) {
      for (int c = 0; c < 256; ++c) {
        std::vector<uint8_t> bytes = base;
        bytes[2 + i] = static_cast<uint8_t>(c);
        int64_t got = 0, want = 0;
        bool ok = c >= '0' && c <= '9';
        if (ok) {
          const std::string text(bytes.begin() + 2, bytes.begin() + 2 + static_cast<long>(digits));
          const size_t yd = generalized ? 4 : 2;
          unsigned f[6] = {0, 0, 0, 0, 0, 0};
          for (size_t k = 0; k < digits; ++k) {
            const size_t field = k < yd ? 0 : 1 + (k - yd) / 2;
            f[field] = f[field] * 10 + static_cast<unsigned>(text[k] - '0');
          }
          if (!generalized) f[0] += f[0] < 50 ? 2000 : 1900;
          ok = f[1] >= 1 && f[1] <= 12 && f[2] >= 1 &&
               Reference(f[0], f[1], f[2], f[3], f[4], f[5], &want);
        }
        SCOPED_TRACE(absl::StrFormat("generalized=%d position %d byte %d", generalized, i, c));
        ASSERT_EQ(Read(bytes, &got), ok);
        if (ok) {
          ASSERT_EQ(got, want);
        }
      }
    }
  }
}

TEST(DerTimeTest, RejectsOtherForms) {
  int64_t t;
  auto raw = [](uint8_t tag, const std::string& text) {
    std::vector<uint8_t> out = {tag, static_cast<uint8_t>(text.size())};
    out.insert(out.end(), text.begin(), text.end());
    return out;
  };
  const uint8_t kUtc = CBS_ASN1_UTCTIME, kGen = CBS_ASN1_GENERALIZEDTIME;
  EXPECT_TRUE(Read(raw(kUtc, "250101000000Z"), &t));
  EXPECT_FALSE(Read(raw(kUtc, "2501010000Z"), &t));          // no seconds
  EXPECT_FALSE(Read(raw(kUtc, "250101000000+0100"), &t));    // offset
  EXPECT_FALSE(Read(raw(kUtc, "25010100000aZ"), &t));        // not a digit
  EXPECT_FALSE(Read(raw(kUtc, "250101000000z"), &t));        // lower-case z
  EXPECT_FALSE(Read(raw(kGen, "20250101000000.5Z"), &t));    // fraction
  EXPECT_FALSE(Read(raw(kGen, "250101000000Z"), &t));        // UTCTime text in GeneralizedTime
  EXPECT_FALSE(Read(raw(kUtc, "20250101000000Z"), &t));      // and the other way round
  EXPECT_FALSE(Read(raw(CBS_ASN1_OCTETSTRING, "250101000000Z"), &t));
  EXPECT_FALSE(Read(raw(kUtc, "25-10100000Z"), &t));         // '-' - '0' wraps above 9
}

}  // namespace
}  // namespace ct::der
