// File: ct/sct/trans_item.h
// -----------------------------------------------------------------------------
// RFC 9162 (CT v2) TransItem codec: x509_entry_v2, precert_entry_v2,
// x509_sct_v2, precert_sct_v2, signed_tree_head_v2, consistency_proof_v2,
// inclusion_proof_v2 (RFC 9162 data structures), and the TLS `transparency_info`
// TransItemList. Parse then serialize is byte-exact.
//
// Enforced: the vector bounds of the RFC (LogID<2..127>, NodeHash<32..255>,
// issuer_key_hash<32..255>, TBSCertificate<1..2^24-1>, signature<1..2^16-1>,
// paths<0..2^16-1>), extension lists strictly ordered by type (so no
// duplicates), no trailing bytes, known TransItem types. No CT v2
// logs exist in the wild; these structures are tested against the RFC text
// only.
//
// Bytes convention: see ct/base/bytes.h (binary in as ct::ByteSpan, out as
// ct::Bytes). Malformed input is kInvalidArgument with ErrorKind kMalformed.
//
// Example:
//   absl::StatusOr<ct::TransItem> item = ct::ParseTransItem(bytes);
//   if (item->type == ct::TransType::kX509SctV2) {
//     const auto& sct = std::get<ct::SignedCertificateTimestampDataV2>(item->data);
//   }
#ifndef CT_SCT_TRANS_ITEM_H_
#define CT_SCT_TRANS_ITEM_H_

#include <cstdint>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "ct/merkle/hash.h"

namespace ct {

// VersionedTransType (RFC 9162), a uint16.
enum class TransType : uint16_t {
  kX509EntryV2 = 1,
  kPrecertEntryV2 = 2,
  kX509SctV2 = 3,
  kPrecertSctV2 = 4,
  kSignedTreeHeadV2 = 5,
  kConsistencyProofV2 = 6,
  kInclusionProofV2 = 7,
};

// TransExtension is an SctExtension / Extension { uint16 type;
// opaque data<0..2^16-1>; }.
struct TransExtension {
  uint16_t type = 0;
  std::vector<uint8_t> data;
  bool operator==(const TransExtension& o) const {
    return type == o.type && data == o.data;
  }
};

// TimestampedCertificateEntryDataV2, for x509_entry_v2 and
// precert_entry_v2.
struct TimestampedCertificateEntryDataV2 {
  uint64_t timestamp = 0;
  std::vector<uint8_t> issuer_key_hash;  // <32..2^8-1>
  std::vector<uint8_t> tbs_certificate;  // <1..2^24-1>
  std::vector<TransExtension> sct_extensions;
  bool operator==(const TimestampedCertificateEntryDataV2& o) const {
    return timestamp == o.timestamp && issuer_key_hash == o.issuer_key_hash &&
           tbs_certificate == o.tbs_certificate &&
           sct_extensions == o.sct_extensions;
  }
};

// SignedCertificateTimestampDataV2, for x509_sct_v2 / precert_sct_v2.
struct SignedCertificateTimestampDataV2 {
  std::vector<uint8_t> log_id;  // DER OID contents, <2..127>
  uint64_t timestamp = 0;
  std::vector<TransExtension> sct_extensions;
  std::vector<uint8_t> signature;  // <1..2^16-1>
  bool operator==(const SignedCertificateTimestampDataV2& o) const {
    return log_id == o.log_id && timestamp == o.timestamp &&
           sct_extensions == o.sct_extensions && signature == o.signature;
  }
};

// TreeHeadDataV2.
struct TreeHeadDataV2 {
  uint64_t timestamp = 0;
  uint64_t tree_size = 0;
  std::vector<uint8_t> root_hash;  // NodeHash <32..2^8-1>
  std::vector<TransExtension> sth_extensions;
  bool operator==(const TreeHeadDataV2& o) const {
    return timestamp == o.timestamp && tree_size == o.tree_size &&
           root_hash == o.root_hash && sth_extensions == o.sth_extensions;
  }
};

// SignedTreeHeadDataV2.
struct SignedTreeHeadDataV2 {
  std::vector<uint8_t> log_id;
  TreeHeadDataV2 tree_head;
  std::vector<uint8_t> signature;  // <1..2^16-1>
  bool operator==(const SignedTreeHeadDataV2& o) const {
    return log_id == o.log_id && tree_head == o.tree_head &&
           signature == o.signature;
  }
};

// ConsistencyProofDataV2.
struct ConsistencyProofDataV2 {
  std::vector<uint8_t> log_id;
  uint64_t tree_size_1 = 0;
  uint64_t tree_size_2 = 0;
  std::vector<std::vector<uint8_t>> consistency_path;  // NodeHash each
  bool operator==(const ConsistencyProofDataV2& o) const {
    return log_id == o.log_id && tree_size_1 == o.tree_size_1 &&
           tree_size_2 == o.tree_size_2 &&
           consistency_path == o.consistency_path;
  }
};

// InclusionProofDataV2.
struct InclusionProofDataV2 {
  std::vector<uint8_t> log_id;
  uint64_t tree_size = 0;
  uint64_t leaf_index = 0;
  std::vector<std::vector<uint8_t>> inclusion_path;  // NodeHash each
  bool operator==(const InclusionProofDataV2& o) const {
    return log_id == o.log_id && tree_size == o.tree_size &&
           leaf_index == o.leaf_index && inclusion_path == o.inclusion_path;
  }
};

// TransItem. `data` holds the alternative matching `type`.
// Copyable and movable.
struct TransItem {
  TransType type = TransType::kX509EntryV2;
  std::variant<TimestampedCertificateEntryDataV2,
               SignedCertificateTimestampDataV2, SignedTreeHeadDataV2,
               ConsistencyProofDataV2, InclusionProofDataV2>
      data;
  bool operator==(const TransItem& o) const {
    return type == o.type && data == o.data;
  }
};

// ParseTransItem parses exactly one TransItem. kInvalidArgument on
// malformed input, an unknown type, a bound violation or trailing bytes.
absl::StatusOr<TransItem> ParseTransItem(absl::Span<const uint8_t> in);

// SerializeTransItem encodes `item`; kInvalidArgument if `data` does not
// match `type` or a field violates its bounds.
absl::StatusOr<std::vector<uint8_t>> SerializeTransItem(const TransItem& item);

// ParseTransItemList parses a TransItemList (TLS transparency_info,
// SerializedTransItem<1..2^16-1> list<1..2^16-1>).
absl::StatusOr<std::vector<TransItem>> ParseTransItemList(
    absl::Span<const uint8_t> in);

// SerializeTransItemList encodes a non-empty list of items.
absl::StatusOr<std::vector<uint8_t>> SerializeTransItemList(
    absl::Span<const TransItem> items);

// TransItemLeafHash returns HASH(0x00 || TransItem) for an x509_entry_v2 or
// precert_entry_v2 item (the v2 Merkle leaf); kInvalidArgument for other
// types.
absl::StatusOr<Hash> TransItemLeafHash(const TransItem& entry);

}  // namespace ct

#endif  // CT_SCT_TRANS_ITEM_H_
