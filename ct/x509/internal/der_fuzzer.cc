// der_fuzzer: ct::der's readers against BoringSSL's on arbitrary bytes. The
// oracle: for every input and tag, both accept or both reject, and on success
// they return the same element, tag, header length and remaining input; a
// recursive walk of the input through both agrees element by element.
#include <openssl/bytestring.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "ct/x509/internal/der.h"

namespace {

bool Same(const CBS& a, const CBS& b) {
  return CBS_data(&a) == CBS_data(&b) && CBS_len(&a) == CBS_len(&b);
}

void Check(bool ok) {
  if (!ok) abort();
}

// Walk reads every element of `in` with both readers, descending into
// constructed ones, and checks they agree.
void Walk(CBS in, int depth) {
  while (CBS_len(&in) > 0) {
    CBS a = in, b = in, ea, eb;
    unsigned ta = 0, tb = 0;
    size_t ha = 0, hb = 0;
    const bool ok_a = ct::der::GetAnyElement(&a, &ea, &ta, &ha);
    const bool ok_b = CBS_get_any_asn1_element(&b, &eb, &tb, &hb) == 1;
    Check(ok_a == ok_b);
    if (!ok_a) return;
    Check(Same(a, b) && Same(ea, eb) && ta == tb && ha == hb);
    // Every tagged reader, with the element's own tag and with another.
    for (unsigned tag : {tb, tb ^ CBS_ASN1_CONSTRUCTED, unsigned{CBS_ASN1_SEQUENCE}}) {
      CBS x = in, y = in, cx, cy;
      const bool gx = ct::der::GetAsn1(&x, &cx, tag);
      const bool gy = CBS_get_asn1(&y, &cy, tag) == 1;
      Check(gx == gy);
      if (gx) Check(Same(x, y) && Same(cx, cy));
      x = in;
      y = in;
      const bool ex = ct::der::GetAsn1Element(&x, &cx, tag);
      const bool ey = CBS_get_asn1_element(&y, &cy, tag) == 1;
      Check(ex == ey);
      if (ex) Check(Same(x, y) && Same(cx, cy));
      Check(ct::der::PeekTag(&in, tag) == (CBS_peek_asn1_tag(&in, tag) == 1));
    }
    CBS x = in, y = in, cx, cy;
    unsigned tx = 0, ty = 0;
    const bool ax = ct::der::GetAny(&x, &cx, &tx);
    const bool ay = CBS_get_any_asn1(&y, &cy, &ty) == 1;
    Check(ax == ay);
    if (ax) Check(Same(x, y) && Same(cx, cy) && tx == ty);
    if ((tb & CBS_ASN1_CONSTRUCTED) != 0 && depth < 16) {
      CBS contents = eb;
      Check(CBS_skip(&contents, hb) == 1);
      Walk(contents, depth + 1);
    }
    in = b;
  }
}

// ReferenceTime reads a Time element the way ct/x509 did before der::GetTime:
// digits, 'Z', and absl::CivilSecond leaving the date unnormalised.
bool ReferenceTime(CBS in, int64_t* out) {
  CBS t;
  unsigned tag;
  if (!CBS_get_any_asn1(&in, &t, &tag)) return false;
  const uint8_t* p = CBS_data(&t);
  const size_t n = CBS_len(&t);
  const size_t year_digits = tag == CBS_ASN1_UTCTIME ? 2 : 4;
  if (!((tag == CBS_ASN1_UTCTIME && n == 13) || (tag == CBS_ASN1_GENERALIZEDTIME && n == 15))) {
    return false;
  }
  if (p[n - 1] != 'Z') return false;
  int64_t f[6] = {0};
  for (size_t i = 0; i + 1 < n; ++i) {
    if (p[i] < '0' || p[i] > '9') return false;
    const size_t k = i < year_digits ? 0 : 1 + (i - year_digits) / 2;
    f[k] = f[k] * 10 + (p[i] - '0');
  }
  if (year_digits == 2) f[0] += f[0] < 50 ? 2000 : 1900;
  const absl::CivilSecond c(f[0], static_cast<int>(f[1]), static_cast<int>(f[2]),
                            static_cast<int>(f[3]), static_cast<int>(f[4]),
                            static_cast<int>(f[5]));
  if (c.year() != f[0] || c.month() != f[1] || c.day() != f[2] || c.hour() != f[3] ||
      c.minute() != f[4] || c.second() != f[5]) {
    return false;
  }
  *out = absl::ToUnixSeconds(absl::FromCivil(c, absl::UTCTimeZone()));
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  CBS in;
  CBS_init(&in, data, size);
  Walk(in, 0);
  // Time: the same acceptance and value as the reference.
  {
    CBS a = in;
    int64_t got = 0, want = 0;
    const bool ok = ct::der::GetTime(&a, &got);
    Check(ok == ReferenceTime(in, &want));
    if (ok) Check(got == want);
  }
  // Peek at every tag byte value, including [UNIVERSAL 0] and high tags.
  if (size > 0) {
    const unsigned first = data[0];
    const unsigned tag = ((first & 0xe0) << CBS_ASN1_TAG_SHIFT) | (first & 0x1f);
    Check(ct::der::PeekTag(&in, tag) == (CBS_peek_asn1_tag(&in, tag) == 1));
  }
  return 0;
}
