// File: ct/sct/sct.h
// -----------------------------------------------------------------------------
// RFC 6962 §3.2-3.3 SignedCertificateTimestamp (v1) and
// SignedCertificateTimestampList TLS codecs, plus the C2SP static-ct-api
// `leaf_index` SCT extension.
//
// The parsers enforce RFC 6962: a non-empty list of non-empty items with exact
// lengths, version v1, known algorithm code points, no trailing bytes.
// Serializing a parsed value gives back the input byte for byte. SCT
// extensions stay opaque: they are signed bytes and must be kept as received.
// ParseLeafIndexExtension is ctcore's one reader of the leaf_index extension
// (std::nullopt when absent).
//
// Bytes convention: see ct/base/bytes.h (binary in as ct::ByteSpan, out as
// ct::Bytes). Malformed input is kInvalidArgument with ErrorKind kMalformed
// (ct/base/errors.h).
//
// Example:
//   absl::StatusOr<std::vector<ct::SignedCertificateTimestamp>> scts =
//       ct::ParseSctList(list_bytes);
//   absl::StatusOr<std::optional<uint64_t>> idx =
//       ct::ParseLeafIndexExtension((*scts)[0].extensions);
#ifndef CT_SCT_SCT_H_
#define CT_SCT_SCT_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "ct/merkle/hash.h"
#include "ct/sct/log_id.h"

namespace ct {

// HashAlgorithm values of RFC 5246 §7.4.1.4.1 that ctcore accepts: sha256 for
// ECDSA and RSA, and intrinsic (RFC 8422 §5.1.3 / RFC 8446) for Ed25519.
enum class HashAlgorithm : uint8_t { kSha256 = 4, kIntrinsic = 8 };

// SignatureAlgorithm values that ctcore accepts: rsa (RFC 5246), ecdsa
// (RFC 5246), ed25519 (RFC 8422 §5.1.3, for RFC 9162-style logs).
enum class SignatureAlgorithm : uint8_t { kRsa = 1, kEcdsa = 3, kEd25519 = 7 };

// DigitallySigned is RFC 5246 §4.7 `digitally-signed`: algorithms and the
// signature bytes (DER Ecdsa-Sig-Value for ECDSA). Copyable and movable.
struct DigitallySigned {
  HashAlgorithm hash_algorithm = HashAlgorithm::kSha256;
  SignatureAlgorithm signature_algorithm = SignatureAlgorithm::kEcdsa;
  std::vector<uint8_t> signature;

  bool operator==(const DigitallySigned& o) const {
    return hash_algorithm == o.hash_algorithm &&
           signature_algorithm == o.signature_algorithm &&
           signature == o.signature;
  }
};

// SignedCertificateTimestamp is one v1 SCT (RFC 6962 §3.2). Copyable and
// movable.
struct SignedCertificateTimestamp {
  static constexpr uint8_t kVersionV1 = 0;
  LogId log_id{};                   // SHA-256 of the log's SPKI
  uint64_t timestamp = 0;           // milliseconds since the Unix epoch
  std::vector<uint8_t> extensions;  // CtExtensions contents, opaque and signed
  DigitallySigned signature;

  bool operator==(const SignedCertificateTimestamp& o) const {
    return log_id == o.log_id && timestamp == o.timestamp &&
           extensions == o.extensions && signature == o.signature;
  }
};

// ParseDigitallySigned parses exactly one `digitally-signed` struct (e.g. a
// get-sth tree_head_signature). kInvalidArgument on malformed input, unknown
// algorithms, or trailing bytes.
absl::StatusOr<DigitallySigned> ParseDigitallySigned(
    absl::Span<const uint8_t> in);

// SerializeDigitallySigned encodes `ds`; kInvalidArgument if the signature
// exceeds 65535 bytes.
absl::StatusOr<std::vector<uint8_t>> SerializeDigitallySigned(
    const DigitallySigned& ds);

// ParseSct parses exactly one TLS-encoded SCT (no length prefix).
// kInvalidArgument on malformed input, a version other than v1, unknown
// algorithms or trailing bytes.
absl::StatusOr<SignedCertificateTimestamp> ParseSct(
    absl::Span<const uint8_t> in);

// SerializeSct encodes `sct` as TLS; kInvalidArgument if a field is too long.
absl::StatusOr<std::vector<uint8_t>> SerializeSct(
    const SignedCertificateTimestamp& sct);

// SplitSctList checks the SignedCertificateTimestampList framing
// (uint16-prefixed list of uint16-prefixed items, both non-empty, exact
// lengths) and returns the serialized SCTs, aliasing `in`. kInvalidArgument
// on any framing error.
absl::StatusOr<std::vector<absl::Span<const uint8_t>>> SplitSctList(
    absl::Span<const uint8_t> in ABSL_ATTRIBUTE_LIFETIME_BOUND);

// ParseSctList = SplitSctList + ParseSct on every item; fails if any fails.
absl::StatusOr<std::vector<SignedCertificateTimestamp>> ParseSctList(
    absl::Span<const uint8_t> in);

// SerializeSctList encodes a list of SCTs; kInvalidArgument if `scts` is
// empty or the list would exceed 65535 bytes.
absl::StatusOr<std::vector<uint8_t>> SerializeSctList(
    absl::Span<const SignedCertificateTimestamp> scts);

// ParseLeafIndexExtension reads the static-ct-api leaf_index (extension_type
// 0, a 5-byte big-endian uint40) from `extensions` (an SCT's CtExtensions
// contents, a sequence of Extension { uint8 type; opaque data<0..2^16-1> }).
// std::nullopt if there is none; unknown types are skipped; kInvalidArgument
// on bad framing, a leaf_index that is not 5 bytes, or a repeated leaf_index.
absl::StatusOr<std::optional<uint64_t>> ParseLeafIndexExtension(
    absl::Span<const uint8_t> extensions);

// SerializeLeafIndexExtension returns the 8-byte extensions field
// `00 0005 <uint40>`; kInvalidArgument if `leaf_index` >= 2^40.
absl::StatusOr<std::vector<uint8_t>> SerializeLeafIndexExtension(
    uint64_t leaf_index);

}  // namespace ct

#endif  // CT_SCT_SCT_H_
