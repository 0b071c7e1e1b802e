#include "ct/sct/trans_item.h"

#include <openssl/bytestring.h>
#include <openssl/mem.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ct/base/errors.h"

namespace ct {
namespace {

// The structure name in MalformedError messages.
constexpr absl::string_view kTransItem = "trans_item";

std::vector<uint8_t> ToVector(const CBS& cbs) {
  return std::vector<uint8_t>(CBS_data(&cbs), CBS_data(&cbs) + CBS_len(&cbs));
}

// Vector bounds, as in the TLS presentation language <min..max>.
bool InBounds(size_t len, size_t min, size_t max) {
  return len >= min && len <= max;
}

// --- parsing (bool helpers; converted to Status once) -----------------------

bool GetU8Vector(CBS* cbs, size_t min, std::vector<uint8_t>* out) {
  CBS v;
  if (!CBS_get_u8_length_prefixed(cbs, &v) || !InBounds(CBS_len(&v), min, 255)) {
    return false;
  }
  *out = ToVector(v);
  return true;
}

bool GetU16Vector(CBS* cbs, size_t min, std::vector<uint8_t>* out) {
  CBS v;
  if (!CBS_get_u16_length_prefixed(cbs, &v) || CBS_len(&v) < min) return false;
  *out = ToVector(v);
  return true;
}

bool GetLogId(CBS* cbs, std::vector<uint8_t>* out) {
  // opaque LogID<2..127>: the DER OID contents.
  CBS v;
  if (!CBS_get_u8_length_prefixed(cbs, &v) || !InBounds(CBS_len(&v), 2, 127)) {
    return false;
  }
  *out = ToVector(v);
  return true;
}

// Extension list <0..2^16-1>, strictly ascending types (no duplicates).
bool GetExtensions(CBS* cbs, std::vector<TransExtension>* out) {
  CBS list;
  if (!CBS_get_u16_length_prefixed(cbs, &list)) return false;
  out->clear();
  while (CBS_len(&list) > 0) {
    TransExtension e;
    CBS data;
    if (!CBS_get_u16(&list, &e.type) ||
        !CBS_get_u16_length_prefixed(&list, &data)) {
      return false;
    }
    if (!out->empty() && out->back().type >= e.type) return false;
    e.data = ToVector(data);
    out->push_back(std::move(e));
  }
  return true;
}

// NodeHash path<0..2^16-1>, each NodeHash<32..2^8-1>.
bool GetPath(CBS* cbs, std::vector<std::vector<uint8_t>>* out) {
  CBS list;
  if (!CBS_get_u16_length_prefixed(cbs, &list)) return false;
  out->clear();
  while (CBS_len(&list) > 0) {
    std::vector<uint8_t> h;
    if (!GetU8Vector(&list, kHashSize, &h)) return false;
    out->push_back(std::move(h));
  }
  return true;
}

bool ParseBody(TransType type, CBS* cbs, TransItem* item) {
  switch (type) {
    case TransType::kX509EntryV2:
    case TransType::kPrecertEntryV2: {
      TimestampedCertificateEntryDataV2 d;
      CBS tbs;
      if (!CBS_get_u64(cbs, &d.timestamp) ||
          !GetU8Vector(cbs, kHashSize, &d.issuer_key_hash) ||
          !CBS_get_u24_length_prefixed(cbs, &tbs) || CBS_len(&tbs) == 0 ||
          !GetExtensions(cbs, &d.sct_extensions)) {
        return false;
      }
      d.tbs_certificate = ToVector(tbs);
      item->data = std::move(d);
      return true;
    }
    case TransType::kX509SctV2:
    case TransType::kPrecertSctV2: {
      SignedCertificateTimestampDataV2 d;
      if (!GetLogId(cbs, &d.log_id) || !CBS_get_u64(cbs, &d.timestamp) ||
          !GetExtensions(cbs, &d.sct_extensions) ||
          !GetU16Vector(cbs, 1, &d.signature)) {
        return false;
      }
      item->data = std::move(d);
      return true;
    }
    case TransType::kSignedTreeHeadV2: {
      SignedTreeHeadDataV2 d;
      if (!GetLogId(cbs, &d.log_id) ||
          !CBS_get_u64(cbs, &d.tree_head.timestamp) ||
          !CBS_get_u64(cbs, &d.tree_head.tree_size) ||
          !GetU8Vector(cbs, kHashSize, &d.tree_head.root_hash) ||
          !GetExtensions(cbs, &d.tree_head.sth_extensions) ||
          !GetU16Vector(cbs, 1, &d.signature)) {
        return false;
      }
      item->data = std::move(d);
      return true;
    }
    case TransType::kConsistencyProofV2: {
      ConsistencyProofDataV2 d;
      if (!GetLogId(cbs, &d.log_id) || !CBS_get_u64(cbs, &d.tree_size_1) ||
          !CBS_get_u64(cbs, &d.tree_size_2) ||
          !GetPath(cbs, &d.consistency_path)) {
        return false;
      }
      item->data = std::move(d);
      return true;
    }
    case TransType::kInclusionProofV2: {
      InclusionProofDataV2 d;
      if (!GetLogId(cbs, &d.log_id) || !CBS_get_u64(cbs, &d.tree_size) ||
          !CBS_get_u64(cbs, &d.leaf_index) ||
          !GetPath(cbs, &d.inclusion_path)) {
        return false;
      }
      item->data = std::move(d);
      return true;
    }
  }
  return false;
}

// --- serialization --------------------------------------------------------------

bool AddU8Vector(CBB* cbb, const std::vector<uint8_t>& v, size_t min) {
  CBB c;
  return InBounds(v.size(), min, 255) && CBB_add_u8_length_prefixed(cbb, &c) &&
         CBB_add_bytes(&c, v.data(), v.size()) && CBB_flush(cbb);
}

bool AddU16Vector(CBB* cbb, const std::vector<uint8_t>& v, size_t min) {
  CBB c;
  return v.size() >= min && CBB_add_u16_length_prefixed(cbb, &c) &&
         CBB_add_bytes(&c, v.data(), v.size()) && CBB_flush(cbb);
}

bool AddLogId(CBB* cbb, const std::vector<uint8_t>& id) {
  return InBounds(id.size(), 2, 127) && AddU8Vector(cbb, id, 2);
}

bool AddExtensions(CBB* cbb, const std::vector<TransExtension>& exts) {
  CBB list;
  if (!CBB_add_u16_length_prefixed(cbb, &list)) return false;
  for (size_t i = 0; i < exts.size(); ++i) {
    if (i > 0 && exts[i - 1].type >= exts[i].type) return false;
    if (!CBB_add_u16(&list, exts[i].type) ||
        !AddU16Vector(&list, exts[i].data, 0)) {
      return false;
    }
  }
  return CBB_flush(cbb);
}

bool AddPath(CBB* cbb, const std::vector<std::vector<uint8_t>>& path) {
  CBB list;
  if (!CBB_add_u16_length_prefixed(cbb, &list)) return false;
  for (const auto& h : path) {
    if (!AddU8Vector(&list, h, kHashSize)) return false;
  }
  return CBB_flush(cbb);
}

bool AddBody(CBB* cbb, const TransItem& item) {
  switch (item.type) {
    case TransType::kX509EntryV2:
    case TransType::kPrecertEntryV2: {
      const auto* d = std::get_if<TimestampedCertificateEntryDataV2>(&item.data);
      CBB tbs;
      return d != nullptr && CBB_add_u64(cbb, d->timestamp) &&
             AddU8Vector(cbb, d->issuer_key_hash, kHashSize) &&
             !d->tbs_certificate.empty() &&
             CBB_add_u24_length_prefixed(cbb, &tbs) &&
             CBB_add_bytes(&tbs, d->tbs_certificate.data(),
                           d->tbs_certificate.size()) &&
             CBB_flush(cbb) && AddExtensions(cbb, d->sct_extensions);
    }
    case TransType::kX509SctV2:
    case TransType::kPrecertSctV2: {
      const auto* d = std::get_if<SignedCertificateTimestampDataV2>(&item.data);
      return d != nullptr && AddLogId(cbb, d->log_id) &&
             CBB_add_u64(cbb, d->timestamp) &&
             AddExtensions(cbb, d->sct_extensions) &&
             AddU16Vector(cbb, d->signature, 1);
    }
    case TransType::kSignedTreeHeadV2: {
      const auto* d = std::get_if<SignedTreeHeadDataV2>(&item.data);
      return d != nullptr && AddLogId(cbb, d->log_id) &&
             CBB_add_u64(cbb, d->tree_head.timestamp) &&
             CBB_add_u64(cbb, d->tree_head.tree_size) &&
             AddU8Vector(cbb, d->tree_head.root_hash, kHashSize) &&
             AddExtensions(cbb, d->tree_head.sth_extensions) &&
             AddU16Vector(cbb, d->signature, 1);
    }
    case TransType::kConsistencyProofV2: {
      const auto* d = std::get_if<ConsistencyProofDataV2>(&item.data);
      return d != nullptr && AddLogId(cbb, d->log_id) &&
             CBB_add_u64(cbb, d->tree_size_1) &&
             CBB_add_u64(cbb, d->tree_size_2) &&
             AddPath(cbb, d->consistency_path);
    }
    case TransType::kInclusionProofV2: {
      const auto* d = std::get_if<InclusionProofDataV2>(&item.data);
      return d != nullptr && AddLogId(cbb, d->log_id) &&
             CBB_add_u64(cbb, d->tree_size) &&
             CBB_add_u64(cbb, d->leaf_index) &&
             AddPath(cbb, d->inclusion_path);
    }
  }
  return false;
}

absl::StatusOr<std::vector<uint8_t>> Finish(CBB* cbb) {
  uint8_t* data;
  size_t len;
  if (!CBB_finish(cbb, &data, &len))
    return MalformedError(kTransItem, "cannot encode");
  std::vector<uint8_t> out(data, data + len);
  OPENSSL_free(data);
  return out;
}

}  // namespace

// struct { VersionedTransType versioned_type; select (versioned_type) {...}
// data; } TransItem;
absl::StatusOr<TransItem> ParseTransItem(absl::Span<const uint8_t> in) {
  CBS cbs;
  CBS_init(&cbs, in.data(), in.size());
  uint16_t type;
  if (!CBS_get_u16(&cbs, &type))
    return MalformedError(kTransItem, "truncated type");
  if (type < 1 || type > 7) {
    return MalformedError(
        kTransItem, absl::StrFormat("unknown VersionedTransType %d", type));
  }
  TransItem item;
  item.type = static_cast<TransType>(type);
  if (!ParseBody(item.type, &cbs, &item)) {
    return MalformedError(
        kTransItem, absl::StrFormat("malformed body of type %d (%d bytes): "
                                    "truncated, a bound violated, "
                                    "or extensions not in ascending type order",
                                    type, in.size()));
  }
  if (CBS_len(&cbs) != 0) {
    return MalformedError(kTransItem,
                          absl::StrFormat("%d trailing bytes", CBS_len(&cbs)));
  }
  return item;
}

absl::StatusOr<std::vector<uint8_t>> SerializeTransItem(const TransItem& item) {
  bssl::ScopedCBB cbb;
  if (!CBB_init(cbb.get(), 128) ||
      !CBB_add_u16(cbb.get(), static_cast<uint16_t>(item.type)) ||
      !AddBody(cbb.get(), item)) {
    return MalformedError(
        kTransItem,
        absl::StrFormat(
            "cannot encode type %d: data does not match the type or a field is "
            "out of bounds",
            static_cast<int>(item.type)));
  }
  return Finish(cbb.get());
}

// opaque SerializedTransItem<1..2^16-1>;
// struct { SerializedTransItem trans_item_list<1..2^16-1>; } TransItemList;
absl::StatusOr<std::vector<TransItem>> ParseTransItemList(
    absl::Span<const uint8_t> in) {
  CBS cbs, list;
  CBS_init(&cbs, in.data(), in.size());
  if (!CBS_get_u16_length_prefixed(&cbs, &list) || CBS_len(&cbs) != 0 ||
      CBS_len(&list) == 0) {
    return MalformedError(kTransItem, "TransItemList framing");
  }
  std::vector<TransItem> out;
  while (CBS_len(&list) > 0) {
    CBS item;
    if (!CBS_get_u16_length_prefixed(&list, &item) || CBS_len(&item) == 0) {
      return MalformedError(
          kTransItem,
          absl::StrFormat("TransItemList item #%d framing", out.size()));
    }
    absl::StatusOr<TransItem> parsed =
        ParseTransItem(absl::MakeConstSpan(CBS_data(&item), CBS_len(&item)));
    if (!parsed.ok()) return parsed.status();
    out.push_back(*std::move(parsed));
  }
  return out;
}

absl::StatusOr<std::vector<uint8_t>> SerializeTransItemList(
    absl::Span<const TransItem> items) {
  if (items.empty()) return MalformedError(kTransItem, "empty TransItemList");
  bssl::ScopedCBB cbb;
  CBB list;
  if (!CBB_init(cbb.get(), 256) ||
      !CBB_add_u16_length_prefixed(cbb.get(), &list)) {
    return MalformedError(kTransItem, "cannot encode");
  }
  for (const TransItem& item : items) {
    CBB child;
    if (!CBB_add_u16_length_prefixed(&list, &child) ||
        !CBB_add_u16(&child, static_cast<uint16_t>(item.type)) ||
        !AddBody(&child, item) || !CBB_flush(&list)) {
      return MalformedError(kTransItem, "cannot encode TransItemList");
    }
  }
  return Finish(cbb.get());
}

absl::StatusOr<Hash> TransItemLeafHash(const TransItem& entry) {
  if (entry.type != TransType::kX509EntryV2 &&
      entry.type != TransType::kPrecertEntryV2) {
    return MalformedError(
        kTransItem, "leaf hash needs an x509_entry_v2 or precert_entry_v2");
  }
  absl::StatusOr<std::vector<uint8_t>> bytes = SerializeTransItem(entry);
  if (!bytes.ok()) return bytes.status();
  return HashLeaf(*bytes);
}

}  // namespace ct
