#include "ct/x509/internal/tbs_splice.h"

#include <openssl/bytestring.h>

#include <functional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ct/base/errors.h"

namespace ct::internal {
namespace {

constexpr unsigned kTagExplicit0 =
    CBS_ASN1_CONTEXT_SPECIFIC | CBS_ASN1_CONSTRUCTED | 0;
constexpr unsigned kTagExplicit3 =
    CBS_ASN1_CONTEXT_SPECIFIC | CBS_ASN1_CONSTRUCTED | 3;
// DER identifier octets (CBS tag constants use a different layout).
constexpr uint8_t kIdSequence = 0x30;
constexpr uint8_t kIdExplicit3 = 0xa3;
constexpr uint8_t kOidAki[] = {0x55, 0x1d, 0x23};

// EncodeHeader writes a DER identifier + definite length for `len` content
// bytes (X.690 §8.1.3: short form below 128, else the minimal long form of
// at most 4 length bytes); false if `len` needs more.
bool EncodeHeader(uint8_t tag, size_t len, std::array<uint8_t, 6>* buf,
                  size_t* out_len) {
  std::array<uint8_t, 6>& b = *buf;
  b[0] = tag;
  if (len < 0x80) {
    b[1] = static_cast<uint8_t>(len);
    *out_len = 2;
    return true;
  }
  size_t n = 0;
  for (size_t v = len; v != 0; v >>= 8) ++n;
  if (n > 4) return false;
  b[1] = static_cast<uint8_t>(0x80 | n);
  for (size_t i = 0; i < n; ++i) {
    b[2 + i] = static_cast<uint8_t>(len >> (8 * (n - 1 - i)));
  }
  *out_len = 2 + n;
  return true;
}

// The structure name in MalformedError messages.
constexpr absl::string_view kTbs = "x509: TBSCertificate";

}  // namespace

std::vector<uint8_t> TbsSplice::ToBytes() const {
  std::vector<uint8_t> out;
  out.reserve(size_);
  ForEachPiece([&](absl::Span<const uint8_t> p) {
    out.insert(out.end(), p.begin(), p.end());
  });
  return out;
}

absl::StatusOr<TbsSplice> TbsSplice::Assemble(
    std::initializer_list<absl::Span<const uint8_t>> fields,
    const TbsSplice& body) {
  TbsSplice out;
  size_t ext_hdr_len = 0, wrap_hdr_len = 0, tbs_hdr_len = 0;
  size_t content = 0;
  for (absl::Span<const uint8_t> f : fields) content += f.size();
  if (body.size_ > 0) {
    if (!EncodeHeader(kIdSequence, body.size_, &out.headers_[2],
                      &ext_hdr_len) ||
        !EncodeHeader(kIdExplicit3, ext_hdr_len + body.size_,
                      &out.headers_[1], &wrap_hdr_len)) {
      return MalformedError(kTbs, "length overflow");
    }
    content += wrap_hdr_len + ext_hdr_len + body.size_;
  }
  if (!EncodeHeader(kIdSequence, content, &out.headers_[0], &tbs_hdr_len)) {
    return MalformedError(kTbs, "length overflow");
  }
  auto add = [&out](const uint8_t* data, size_t len, int header) {
    if (len == 0) return true;
    if (out.count_ == kMaxPieces) return false;
    out.slots_[out.count_++] = {data, len, header};
    out.size_ += len;
    return true;
  };
  bool ok = add(nullptr, tbs_hdr_len, 0);
  for (absl::Span<const uint8_t> f : fields) {
    ok = ok && add(f.data(), f.size(), -1);
  }
  if (ok && body.size_ > 0) {
    ok = add(nullptr, wrap_hdr_len, 1) && add(nullptr, ext_hdr_len, 2);
    for (size_t i = 0; ok && i < body.count_; ++i) {
      ok = add(body.slots_[i].data, body.slots_[i].len, -1);
    }
  }
  if (!ok) return MalformedError(kTbs, "too many pieces");
  return out;
}

// TBSCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber, signature,
//   issuer, validity, subject, subjectPublicKeyInfo, [1] OPTIONAL,
//   [2] OPTIONAL, [3] EXPLICIT Extensions OPTIONAL }
// Layout kept: SEQ{ A | issuer | B | [3]{ SEQ{ extensions } } | C }.
absl::StatusOr<TbsSplice> SpliceTbs(absl::Span<const uint8_t> tbs_der,
                                    const TbsEdits& edits) {
  CBS input, tbs;
  CBS_init(&input, tbs_der.data(), tbs_der.size());
  if (!CBS_get_asn1(&input, &tbs, CBS_ASN1_SEQUENCE) || CBS_len(&input) != 0) {
    return MalformedError(kTbs, "not a single DER SEQUENCE");
  }
  const uint8_t* a_begin = CBS_data(&tbs);
  CBS skip, issuer;
  if ((CBS_peek_asn1_tag(&tbs, kTagExplicit0) &&
       !CBS_get_asn1(&tbs, &skip, kTagExplicit0)) ||
      !CBS_get_asn1(&tbs, &skip, CBS_ASN1_INTEGER) ||
      !CBS_get_asn1(&tbs, &skip, CBS_ASN1_SEQUENCE)) {
    return MalformedError(kTbs, "bad version/serialNumber/signature");
  }
  const uint8_t* issuer_begin = CBS_data(&tbs);
  if (!CBS_get_asn1_element(&tbs, &issuer, CBS_ASN1_SEQUENCE)) {
    return MalformedError(kTbs, "bad issuer");
  }
  const uint8_t* b_begin = CBS_data(&tbs);
  // validity, subject, subjectPublicKeyInfo, then optional [1], [2].
  for (int i = 0; i < 3; ++i) {
    if (!CBS_get_asn1(&tbs, &skip, CBS_ASN1_SEQUENCE)) {
      return MalformedError(kTbs, "bad validity/subject/subjectPublicKeyInfo");
    }
  }
  for (unsigned tag : {CBS_ASN1_CONTEXT_SPECIFIC | 1u,
                       CBS_ASN1_CONTEXT_SPECIFIC | 2u}) {
    if (CBS_peek_asn1_tag(&tbs, tag) && !CBS_get_asn1(&tbs, &skip, tag)) {
      return MalformedError(kTbs, "bad unique identifier");
    }
  }
  const uint8_t* b_end = CBS_data(&tbs);
  CBS exts;
  CBS_init(&exts, nullptr, 0);
  if (CBS_peek_asn1_tag(&tbs, kTagExplicit3)) {
    CBS wrapper;
    if (!CBS_get_asn1(&tbs, &wrapper, kTagExplicit3) ||
        !CBS_get_asn1(&wrapper, &exts, CBS_ASN1_SEQUENCE) ||
        CBS_len(&wrapper) != 0 || CBS_len(&exts) == 0) {
      return MalformedError(kTbs, "bad [3] Extensions");
    }
  }
  // Nothing may follow the extensions in DER TBSCertificate.
  if (CBS_len(&tbs) != 0) {
    return MalformedError(kTbs,
                          absl::StrFormat("%d trailing bytes", CBS_len(&tbs)));
  }

  // Body pieces go into a temporary list first: headers need their lengths.
  TbsSplice body;
  auto add_body = [&body](const uint8_t* data, size_t len, bool merge) {
    if (len == 0) return true;
    if (merge && body.count_ > 0) {
      TbsSplice::Slot& last = body.slots_[body.count_ - 1];
      if (last.data + last.len == data) {
        last.len += len;
        body.size_ += len;
        return true;
      }
    }
    if (body.count_ == TbsSplice::kMaxPieces) return false;
    body.slots_[body.count_++] = {data, len, -1};
    body.size_ += len;
    return true;
  };
  size_t index = 0;
  bool can_merge = false;  // true while the last body piece is original bytes
  while (CBS_len(&exts) > 0) {
    CBS element, ext, oid;
    if (!CBS_get_asn1_element(&exts, &element, CBS_ASN1_SEQUENCE)) {
      return MalformedError(kTbs, absl::StrFormat("bad Extension #%d", index));
    }
    ext = element;
    if (!CBS_get_asn1(&ext, &ext, CBS_ASN1_SEQUENCE) ||
        !CBS_get_asn1(&ext, &oid, CBS_ASN1_OBJECT)) {
      return MalformedError(kTbs, absl::StrFormat("bad Extension #%d", index));
    }
    ++index;
    absl::Span<const uint8_t> oid_span(CBS_data(&oid), CBS_len(&oid));
    if (!edits.remove_oid.empty() && oid_span == edits.remove_oid) {
      can_merge = false;  // dropped
      continue;
    }
    if (oid_span == kOidAki && edits.aki != TbsEdits::Aki::kKeep) {
      if (edits.aki == TbsEdits::Aki::kReplace &&
          !add_body(edits.new_aki_element.data(),
                    edits.new_aki_element.size(), /*merge=*/false)) {
        return MalformedError(kTbs, "too many pieces");
      }
      can_merge = false;
      continue;
    }
    if (!add_body(CBS_data(&element), CBS_len(&element), can_merge)) {
      return MalformedError(kTbs, "too many pieces");
    }
    can_merge = true;
  }

  absl::Span<const uint8_t> new_issuer =
      edits.new_issuer ? *edits.new_issuer
                       : absl::MakeConstSpan(CBS_data(&issuer),
                                             CBS_len(&issuer));
  return TbsSplice::Assemble(
      {absl::MakeConstSpan(a_begin, issuer_begin), new_issuer,
       absl::MakeConstSpan(b_begin, b_end)},
      body);
}

absl::StatusOr<TbsSplice> SpliceTbsWithout(absl::Span<const uint8_t> fields,
                                           absl::Span<const uint8_t> extensions,
                                           absl::Span<const uint8_t> drop) {
  // `drop` must lie inside `extensions` (compared as addresses; std::less
  // orders unrelated pointers too).
  const std::less<const uint8_t*> before_ptr;
  const uint8_t* ext_begin = extensions.data();
  const uint8_t* ext_end = ext_begin + extensions.size();
  if (drop.empty() || before_ptr(drop.data(), ext_begin) || before_ptr(ext_end, drop.data()) ||
      drop.size() > static_cast<size_t>(ext_end - drop.data())) {
    return MalformedError(kTbs,
                          "extension to drop is not inside the Extensions");
  }
  const size_t before = static_cast<size_t>(drop.data() - ext_begin);
  TbsSplice body;  // at most two pieces: the extensions before and after
  for (absl::Span<const uint8_t> piece :
       {extensions.first(before), extensions.subspan(before + drop.size())}) {
    if (piece.empty()) continue;
    body.slots_[body.count_++] = {piece.data(), piece.size(), -1};
    body.size_ += piece.size();
  }
  return TbsSplice::Assemble({fields}, body);
}

}  // namespace ct::internal
