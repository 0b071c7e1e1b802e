#include "ct/sct/sct.h"

#include <openssl/bytestring.h>
#include <openssl/mem.h>

#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ct/base/errors.h"

namespace ct {
namespace {

bool IsKnownHash(uint8_t v) {
  return v == static_cast<uint8_t>(HashAlgorithm::kSha256) ||
         v == static_cast<uint8_t>(HashAlgorithm::kIntrinsic);
}

bool IsKnownSignature(uint8_t v) {
  return v == static_cast<uint8_t>(SignatureAlgorithm::kRsa) ||
         v == static_cast<uint8_t>(SignatureAlgorithm::kEcdsa) ||
         v == static_cast<uint8_t>(SignatureAlgorithm::kEd25519);
}

std::vector<uint8_t> ToVector(const CBS& cbs) {
  return std::vector<uint8_t>(CBS_data(&cbs), CBS_data(&cbs) + CBS_len(&cbs));
}

// digitally-signed struct {                       (RFC 5246 §4.7)
//   SignatureAndHashAlgorithm algorithm;          uint8 hash, uint8 signature
//   opaque signature<0..2^16-1>;
// }
absl::Status GetDigitallySigned(CBS* cbs, DigitallySigned* out) {
  uint8_t hash, sig;
  CBS signature;
  if (!CBS_get_u8(cbs, &hash) || !CBS_get_u8(cbs, &sig) ||
      !CBS_get_u16_length_prefixed(cbs, &signature)) {
    return MalformedError("sct", "truncated digitally-signed struct");
  }
  if (!IsKnownHash(hash)) {
    return MalformedError(
        "sct",
        absl::StrFormat(
            "unknown hash algorithm %d (want sha256=4 or intrinsic=8)", hash));
  }
  if (!IsKnownSignature(sig)) {
    return MalformedError(
        "sct",
        absl::StrFormat(
            "unknown signature algorithm %d (want rsa=1, ecdsa=3, ed25519=7)",
            sig));
  }
  out->hash_algorithm = static_cast<HashAlgorithm>(hash);
  out->signature_algorithm = static_cast<SignatureAlgorithm>(sig);
  out->signature = ToVector(signature);
  return absl::OkStatus();
}

bool AddDigitallySigned(CBB* cbb, const DigitallySigned& ds) {
  CBB sig;
  return CBB_add_u8(cbb, static_cast<uint8_t>(ds.hash_algorithm)) &&
         CBB_add_u8(cbb, static_cast<uint8_t>(ds.signature_algorithm)) &&
         CBB_add_u16_length_prefixed(cbb, &sig) &&
         CBB_add_bytes(&sig, ds.signature.data(), ds.signature.size()) &&
         CBB_flush(cbb);
}

bool AddSct(CBB* cbb, const SignedCertificateTimestamp& sct) {
  CBB ext;
  return CBB_add_u8(cbb, SignedCertificateTimestamp::kVersionV1) &&
         CBB_add_bytes(cbb, sct.log_id.data(), sct.log_id.size()) &&
         CBB_add_u64(cbb, sct.timestamp) &&
         CBB_add_u16_length_prefixed(cbb, &ext) &&
         CBB_add_bytes(&ext, sct.extensions.data(), sct.extensions.size()) &&
         CBB_flush(cbb) && AddDigitallySigned(cbb, sct.signature);
}

absl::StatusOr<std::vector<uint8_t>> Finish(CBB* cbb, absl::string_view what) {
  uint8_t* data;
  size_t len;
  if (!CBB_finish(cbb, &data, &len)) {
    return MalformedError("sct", absl::StrCat(what, " too long to encode"));
  }
  std::vector<uint8_t> out(data, data + len);
  OPENSSL_free(data);
  return out;
}

}  // namespace

absl::StatusOr<DigitallySigned> ParseDigitallySigned(
    absl::Span<const uint8_t> in) {
  CBS cbs;
  CBS_init(&cbs, in.data(), in.size());
  DigitallySigned ds;
  absl::Status s = GetDigitallySigned(&cbs, &ds);
  if (!s.ok()) return s;
  if (CBS_len(&cbs) != 0) {
    return MalformedError(
        "sct",
        absl::StrFormat("%d trailing bytes after digitally-signed struct",
                        CBS_len(&cbs)));
  }
  return ds;
}

absl::StatusOr<std::vector<uint8_t>> SerializeDigitallySigned(
    const DigitallySigned& ds) {
  bssl::ScopedCBB cbb;
  if (!CBB_init(cbb.get(), 4 + ds.signature.size()) ||
      !AddDigitallySigned(cbb.get(), ds)) {
    return MalformedError(
        "sct",
        absl::StrFormat("signature of %d bytes too long", ds.signature.size()));
  }
  return Finish(cbb.get(), "digitally-signed struct");
}

// struct {                                       (RFC 6962 §3.2)
//   Version sct_version;                         v1(0)
//   LogID id;                                    opaque key_id[32]
//   uint64 timestamp;
//   CtExtensions extensions;                     opaque <0..2^16-1>
//   digitally-signed struct { ... };
// } SignedCertificateTimestamp;
absl::StatusOr<SignedCertificateTimestamp> ParseSct(
    absl::Span<const uint8_t> in) {
  CBS cbs, log_id, extensions;
  CBS_init(&cbs, in.data(), in.size());
  uint8_t version;
  if (!CBS_get_u8(&cbs, &version)) return MalformedError("sct", "empty SCT");
  // RFC 6962 §3.3: only v1 is defined; other versions cannot be parsed.
  if (version != SignedCertificateTimestamp::kVersionV1) {
    return MalformedError(
        "sct", absl::StrFormat("SCT version %d, want v1 (0)", version));
  }
  SignedCertificateTimestamp sct;
  if (!CBS_get_bytes(&cbs, &log_id, kHashSize) ||
      !CBS_get_u64(&cbs, &sct.timestamp) ||
      !CBS_get_u16_length_prefixed(&cbs, &extensions)) {
    return MalformedError(
        "sct", absl::StrFormat("truncated SCT (%d bytes)", in.size()));
  }
  std::memcpy(sct.log_id.data(), CBS_data(&log_id), kHashSize);
  sct.extensions = ToVector(extensions);
  absl::Status s = GetDigitallySigned(&cbs, &sct.signature);
  if (!s.ok()) return s;
  if (CBS_len(&cbs) != 0) {
    return MalformedError(
        "sct", absl::StrFormat("%d trailing bytes after SCT", CBS_len(&cbs)));
  }
  return sct;
}

absl::StatusOr<std::vector<uint8_t>> SerializeSct(
    const SignedCertificateTimestamp& sct) {
  bssl::ScopedCBB cbb;
  if (!CBB_init(cbb.get(), 128) || !AddSct(cbb.get(), sct)) {
    return MalformedError("sct", "SCT field too long to encode");
  }
  return Finish(cbb.get(), "SCT");
}

// opaque SerializedSCT<1..2^16-1>;                (RFC 6962 §3.3)
// struct { SerializedSCT sct_list <1..2^16-1>; } SignedCertificateTimestampList;
absl::StatusOr<std::vector<absl::Span<const uint8_t>>> SplitSctList(
    absl::Span<const uint8_t> in) {
  CBS cbs, list;
  CBS_init(&cbs, in.data(), in.size());
  if (!CBS_get_u16_length_prefixed(&cbs, &list)) {
    return MalformedError(
        "sct",
        absl::StrFormat("SCT list length prefix does not fit the %d-byte input",
                        in.size()));
  }
  if (CBS_len(&cbs) != 0) {
    return MalformedError(
        "sct",
        absl::StrFormat("%d trailing bytes after SCT list", CBS_len(&cbs)));
  }
  if (CBS_len(&list) == 0) return MalformedError("sct", "empty SCT list");
  std::vector<absl::Span<const uint8_t>> out;
  while (CBS_len(&list) > 0) {
    CBS item;
    if (!CBS_get_u16_length_prefixed(&list, &item)) {
      return MalformedError(
          "sct",
          absl::StrFormat("SCT #%d length exceeds the %d remaining list bytes",
                          out.size(), CBS_len(&list)));
    }
    if (CBS_len(&item) == 0) {
      return MalformedError("sct",
                            absl::StrFormat("SCT #%d is empty", out.size()));
    }
    out.emplace_back(CBS_data(&item), CBS_len(&item));
  }
  return out;
}

absl::StatusOr<std::vector<SignedCertificateTimestamp>> ParseSctList(
    absl::Span<const uint8_t> in) {
  absl::StatusOr<std::vector<absl::Span<const uint8_t>>> items =
      SplitSctList(in);
  if (!items.ok()) return items.status();
  std::vector<SignedCertificateTimestamp> out;
  out.reserve(items->size());
  for (size_t i = 0; i < items->size(); ++i) {
    absl::StatusOr<SignedCertificateTimestamp> sct = ParseSct((*items)[i]);
    if (!sct.ok()) {
      return Prefix(absl::StrFormat("SCT #%d", i), sct.status());
    }
    out.push_back(*std::move(sct));
  }
  return out;
}

absl::StatusOr<std::vector<uint8_t>> SerializeSctList(
    absl::Span<const SignedCertificateTimestamp> scts) {
  if (scts.empty())
    return MalformedError("sct", "cannot encode an empty SCT list");
  bssl::ScopedCBB cbb;
  CBB list;
  if (!CBB_init(cbb.get(), 128 * scts.size()) ||
      !CBB_add_u16_length_prefixed(cbb.get(), &list)) {
    return MalformedError("sct", "out of memory");
  }
  for (const SignedCertificateTimestamp& sct : scts) {
    CBB item;
    if (!CBB_add_u16_length_prefixed(&list, &item) || !AddSct(&item, sct) ||
        !CBB_flush(&list)) {
      return MalformedError("sct", "SCT list too long to encode");
    }
  }
  return Finish(cbb.get(), "SCT list");
}

// struct { uint8 extension_type; opaque extension_data<0..2^16-1>; } Extension;
// leaf_index(0): uint40 (C2SP static-ct-api "SignedCertificateTimestamp").
absl::StatusOr<std::optional<uint64_t>> ParseLeafIndexExtension(
    absl::Span<const uint8_t> extensions) {
  CBS cbs;
  CBS_init(&cbs, extensions.data(), extensions.size());
  std::optional<uint64_t> out;
  while (CBS_len(&cbs) > 0) {
    uint8_t type;
    CBS data;
    if (!CBS_get_u8(&cbs, &type) ||
        !CBS_get_u16_length_prefixed(&cbs, &data)) {
      return MalformedError("sct", "truncated SCT extension");
    }
    if (type != 0) continue;  // unknown extension types are ignored
    if (out.has_value())
      return MalformedError("sct", "repeated leaf_index extension");
    if (CBS_len(&data) != 5) {
      return MalformedError(
          "sct", absl::StrFormat("leaf_index extension is %d bytes, want 5",
                                 CBS_len(&data)));
    }
    uint8_t hi;
    uint32_t lo;
    if (!CBS_get_u8(&data, &hi) || !CBS_get_u32(&data, &lo)) {
      return MalformedError("sct", "truncated leaf_index");
    }
    out = (uint64_t{hi} << 32) | lo;
  }
  return out;
}

absl::StatusOr<std::vector<uint8_t>> SerializeLeafIndexExtension(
    uint64_t leaf_index) {
  if (leaf_index >> 40 != 0) {
    return MalformedError(
        "sct",
        absl::StrFormat("leaf_index %d does not fit 40 bits", leaf_index));
  }
  std::vector<uint8_t> out = {0x00, 0x00, 0x05};
  for (int shift = 32; shift >= 0; shift -= 8) {
    out.push_back(static_cast<uint8_t>(leaf_index >> shift));
  }
  return out;
}

}  // namespace ct
