// File: ct/x509/internal/der.h
// -----------------------------------------------------------------------------
// Inline DER element readers for the certificate parser's hot path. Each
// accepts exactly what its BoringSSL counterpart accepts (CBS_get_asn1 and
// friends, DER mode: single-byte tags, minimal definite lengths, no
// [UNIVERSAL 0]) and reads the same element; the common shapes (a tag
// number below 31, a length below 65,536) are decoded here without BoringSSL's
// general tag and length parser, everything else is handed to BoringSSL.
// der_fuzzer checks the equivalence on arbitrary bytes.
//
// Example:
//   CBS tbs, serial;
//   if (!ct::der::GetAsn1(&tbs, &serial, CBS_ASN1_INTEGER)) return Bad();
#ifndef CT_X509_INTERNAL_DER_H_
#define CT_X509_INTERNAL_DER_H_

#include <openssl/bytestring.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "absl/base/attributes.h"
#include "absl/base/config.h"

namespace ct::der {

// The readers use CBS's public fields directly (no calls on the common path),
// so that once inlined the compiler keeps the CBS values in registers.
// Their results and the input left equal BoringSSL's on success; on failure
// `in` is left unchanged.

// Copy copies a CBS field by field. A struct copy compiles to one 16-byte
// load, which stalls (no store forwarding) when the two fields were just
// written by separate 8-byte stores, as every reader here writes them.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline void Copy(const CBS& from, CBS* to) {
  to->data = from.data;
  to->len = from.len;
}

// GetAnyElement is CBS_get_any_asn1_element: the next element (header
// included) into `element`, its tag and header length; `in` moves past it.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline bool GetAnyElement(CBS* in, CBS* element, unsigned* tag,
                                                       size_t* header_len) {
  // Anything but a low tag number and a length below 65,536: BoringSSL's
  // general reader (on a copy, so that `in` is unchanged on failure).
  auto general = [&] {
    CBS copy;
    Copy(*in, &copy);
    if (!CBS_get_any_asn1_element(&copy, element, tag, header_len)) return false;
    Copy(copy, in);
    return true;
  };
  const uint8_t* p = in->data;
  const size_t n = in->len;
  if (n < 2 || (p[0] & 0x1f) == 0x1f) return general();
  const unsigned t = (static_cast<unsigned>(p[0] & 0xe0) << CBS_ASN1_TAG_SHIFT) | (p[0] & 0x1fu);
  if ((t & ~static_cast<unsigned>(CBS_ASN1_CONSTRUCTED)) == 0) return false;  // [UNIVERSAL 0]
  size_t len, hdr;
  const uint8_t l = p[1];
  if (l < 0x80) {
    len = l;
    hdr = 2;
  } else if (l == 0x81) {
    if (n < 3 || p[2] < 0x80) return false;  // truncated, or not minimal
    len = p[2];
    hdr = 3;
  } else if (l == 0x82) {
    if (n < 4 || p[2] == 0) return false;  // truncated, or not minimal
    len = (static_cast<size_t>(p[2]) << 8) | p[3];
    hdr = 4;
  } else {
    return general();
  }
  if (n - hdr < len) return false;
  *tag = t;
  *header_len = hdr;
  element->data = p;
  element->len = hdr + len;
  in->data = p + hdr + len;
  in->len = n - hdr - len;
  return true;
}

// GetAny is CBS_get_any_asn1: the next element's contents and tag.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline bool GetAny(CBS* in, CBS* contents, unsigned* tag) {
  size_t header_len;
  if (!GetAnyElement(in, contents, tag, &header_len)) return false;
  contents->data += header_len;
  contents->len -= header_len;
  return true;
}

// GetElementAndContents reads the next element, which must be tagged `tag`,
// into both `element` (header included) and `contents`.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline bool GetElementAndContents(CBS* in, unsigned tag,
                                                               CBS* element, CBS* contents) {
  CBS rest, e;
  Copy(*in, &rest);
  unsigned got;
  size_t header_len;
  if (!GetAnyElement(&rest, &e, &got, &header_len) || got != tag) return false;
  Copy(e, element);
  contents->data = e.data + header_len;
  contents->len = e.len - header_len;
  Copy(rest, in);
  return true;
}

// GetAsn1 is CBS_get_asn1: the contents of the next element, tagged `tag`.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline bool GetAsn1(CBS* in, CBS* contents, unsigned tag) {
  CBS element;
  return GetElementAndContents(in, tag, &element, contents);
}

// GetAsn1Element is CBS_get_asn1_element: the next element, tagged `tag`,
// header included.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline bool GetAsn1Element(CBS* in, CBS* element, unsigned tag) {
  CBS contents;
  return GetElementAndContents(in, tag, element, &contents);
}

// PeekTag is CBS_peek_asn1_tag: whether the next element is tagged `tag`.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline bool PeekTag(const CBS* in, unsigned tag) {
  const unsigned number = tag & CBS_ASN1_TAG_NUMBER_MASK;
  if (number >= 0x1f) return CBS_peek_asn1_tag(in, tag);
  const auto want =
      static_cast<uint8_t>(((tag >> CBS_ASN1_TAG_SHIFT) & 0xe0) | number);
  return in->len >= 1 && in->data[0] == want && (want & ~0x20) != 0;
}

// DaysFromCivil returns the days from 1970-01-01 to y-m-d in the proleptic
// Gregorian calendar (H. Hinnant's days_from_civil) for years 0-9999, the
// range of an X.509 Time. Requires a valid date. Unsigned throughout (the
// year is shifted by one 400-year era so that it stays positive), so that
// every division is by a constant the compiler turns into a multiplication.
inline int64_t DaysFromCivil(unsigned y, unsigned m, unsigned d) {
  y = y + 400 - (m <= 2 ? 1 : 0);
  const unsigned era = y / 400;
  const unsigned yoe = y - era * 400;                                // [0, 399]
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;     // [0, 146096]
  return static_cast<int64_t>(era) * 146097 + static_cast<int64_t>(doe) - 719468 - 146097;
}

// Load64LittleEndian reads 8 bytes, the first in the low byte.
inline uint64_t Load64LittleEndian(const uint8_t* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
#if defined(ABSL_IS_BIG_ENDIAN)
  w = __builtin_bswap64(w);
#endif
  return w;
}

// EightDigits reports whether the 8 bytes of `w` (as loaded from memory,
// little-endian) are all ASCII digits (simdjson's check: no carry can cross
// a byte that passes).
inline bool EightDigits(uint64_t w) {
  return ((w & 0xf0f0f0f0f0f0f0f0) | (((w + 0x0606060606060606) & 0xf0f0f0f0f0f0f0f0) >> 4)) ==
         0x3333333333333333;
}

// DigitPairs turns 8 ASCII digits d0..d7 (EightDigits) into the two-digit
// numbers d0d1, d2d3, d4d5, d6d7 in bytes 0, 2, 4 and 6 of the result.
inline uint64_t DigitPairs(uint64_t w) {
  w -= 0x3030303030303030;            // each byte 0..9
  w = w * 10 + (w >> 8);              // byte 2k: 10 * d2k + d2k+1 (at most 99: no carry)
  return w & 0x00ff00ff00ff00ff;
}

// GetTime reads one Time (RFC 5280 4.1.2.5) in the DER forms RFC 5280
// requires, YYMMDDHHMMSSZ (UTCTime, YY < 50 => 20YY) or YYYYMMDDHHMMSSZ
// (GeneralizedTime), as seconds since the epoch. A date or time that does
// not exist (Feb 30, 24:00:00, a leap second) is rejected.
inline bool GetTime(CBS* in, int64_t* unix_seconds) {
  CBS t;
  unsigned tag;
  if (!GetAny(in, &t, &tag)) return false;
  const uint8_t* p = t.data;
  const size_t n = t.len;
  size_t pos;
  if (tag == CBS_ASN1_UTCTIME) {
    if (n != 13) return false;
    pos = 2;
  } else if (tag == CBS_ASN1_GENERALIZEDTIME) {
    if (n != 15) return false;
    pos = 4;
  } else {
    return false;
  }
  if (p[n - 1] != 'Z') return false;
  // The 12 or 14 digits as two overlapping 8-digit words, each checked and
  // turned into four two-digit numbers at once (SWAR): the first word holds
  // digits 0-7, the second the last eight.
  uint64_t a = Load64LittleEndian(p), b = Load64LittleEndian(p + n - 9);
  if (!EightDigits(a) || !EightDigits(b)) return false;
  a = DigitPairs(a);
  b = DigitPairs(b);
  auto pair = [](uint64_t w, int k) { return static_cast<unsigned>(w >> (16 * k)) & 0xff; };
  unsigned year, mon, day;
  if (pos == 2) {  // YY MM DD HH | DD HH mm ss
    year = pair(a, 0);
    year += year < 50 ? 2000 : 1900;
    mon = pair(a, 1);
    day = pair(a, 2);
  } else {  // YY YY MM DD | DD HH mm ss
    year = pair(a, 0) * 100 + pair(a, 1);
    mon = pair(a, 2);
    day = pair(a, 3);
  }
  const unsigned hh = pair(b, 1), mm = pair(b, 2), ss = pair(b, 3);
  static constexpr uint8_t kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (mon < 1 || mon > 12 || day < 1 || day > kDays[mon - 1] + (mon == 2 && leap ? 1 : 0) ||
      hh > 23 || mm > 59 || ss > 59) {
    return false;
  }
  *unix_seconds = DaysFromCivil(year, mon, day) * 86400 + hh * 3600 + mm * 60 + ss;
  return true;
}

}  // namespace ct::der

#endif  // CT_X509_INTERNAL_DER_H_
