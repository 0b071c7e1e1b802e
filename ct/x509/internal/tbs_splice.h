// File: ct/x509/internal/tbs_splice.h
// Implementation detail of ct/x509/precert.h, shared with ct/sct so that SCT
// verification can hash a rebuilt TBSCertificate without materialising it.
// Logically private: do not depend on this outside //ct.
#ifndef CT_X509_INTERNAL_TBS_SPLICE_H_
#define CT_X509_INTERNAL_TBS_SPLICE_H_

#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace ct::internal {

// TbsEdits says how to rewrite a TBSCertificate (RFC 6962 §3.1-3.2).
struct TbsEdits {
  enum class Aki { kKeep, kReplace, kRemove };
  // OIDs (contents) of extensions to drop if present; empty spans are unused.
  absl::Span<const uint8_t> remove_oid;
  // If set, the issuer Name element that replaces the TBS issuer.
  std::optional<absl::Span<const uint8_t>> new_issuer;
  // What to do with an authorityKeyIdentifier extension, if present.
  Aki aki = Aki::kKeep;
  // With kReplace: the replacement Extension element (SEQUENCE, tag+len).
  absl::Span<const uint8_t> new_aki_element;
};

// TbsSplice is a rebuilt TBSCertificate as an ordered list of byte pieces:
// slices of the original DER (and of the replacement elements) plus DER
// headers re-encoded for the new lengths. It aliases its inputs. Copyable.
class TbsSplice {
 public:
  static constexpr size_t kMaxPieces = 16;

  // size returns the total length of the rebuilt TBSCertificate.
  size_t size() const { return size_; }
  // ForEachPiece calls fn(absl::Span<const uint8_t>) for each piece in order.
  template <typename Fn>
  void ForEachPiece(Fn&& fn) const {
    for (size_t i = 0; i < count_; ++i) fn(Piece(i));
  }
  // ToBytes concatenates the pieces.
  std::vector<uint8_t> ToBytes() const;

 private:
  friend absl::StatusOr<TbsSplice> SpliceTbs(absl::Span<const uint8_t>,
                                             const TbsEdits&);
  friend absl::StatusOr<TbsSplice> SpliceTbsWithout(
      absl::Span<const uint8_t>, absl::Span<const uint8_t>,
      absl::Span<const uint8_t>);
  struct Slot {
    const uint8_t* data;  // nullptr: header number `header`
    size_t len;
    int header;
  };
  // Assemble returns SEQUENCE { fields..., [3] { SEQUENCE { body } } } with
  // the headers encoded for the lengths; no [3] wrapper if `body` is empty.
  static absl::StatusOr<TbsSplice> Assemble(
      std::initializer_list<absl::Span<const uint8_t>> fields,
      const TbsSplice& body);
  absl::Span<const uint8_t> Piece(size_t i) const {
    const Slot& s = slots_[i];
    return s.data ? absl::MakeConstSpan(s.data, s.len)
                  : absl::MakeConstSpan(headers_[s.header].data(), s.len);
  }
  std::array<Slot, kMaxPieces> slots_;
  std::array<std::array<uint8_t, 6>, 3> headers_;
  size_t count_ = 0;
  size_t size_ = 0;
};

// SpliceTbs rewrites the TBSCertificate element `tbs` (tag and length
// included) by `edits`, copying every other byte unchanged. If no extension
// remains, the [3] Extensions wrapper is dropped (Extensions is SIZE 1..MAX).
// kInvalidArgument if `tbs` is malformed.
absl::StatusOr<TbsSplice> SpliceTbs(absl::Span<const uint8_t> tbs,
                                    const TbsEdits& edits);

// SpliceTbsWithout rebuilds a TBSCertificate from already-parsed parts,
// without parsing: `fields` (the contents before the [3] Extensions wrapper),
// then `extensions` (the Extensions SEQUENCE contents) minus `drop`, a run of
// whole Extension elements inside `extensions`. kInvalidArgument otherwise.
absl::StatusOr<TbsSplice> SpliceTbsWithout(absl::Span<const uint8_t> fields,
                                           absl::Span<const uint8_t> extensions,
                                           absl::Span<const uint8_t> drop);

}  // namespace ct::internal

#endif  // CT_X509_INTERNAL_TBS_SPLICE_H_
